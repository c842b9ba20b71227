/**
 * `alicloud-secgroups/review`: review of existing estates, pure (inputs are networks: plain
 * models or networks read by `alicloud-secgroups/sources`). The access diff, one side's access
 * and its diff, the audit, and narrower rules proposed from flow-log evidence.
 */
export { accessDiff, diffFails, sideAccess, sideDiff, ruleNames, DIFF_REPORT_VERSION } from "./access-diff";
export type { AccessDiff, AccessDiffOptions, DiffSide, DiffRegion, DiffSeverity, RegionDecision, RegionEnd, RuleChange, AllowedRegion, SideDiffOptions } from "./access-diff";
export type { RegionChange } from "../analysis/region-diff";
export { audit, auditFails, AUDIT_REPORT_VERSION } from "./audit";
export type { AuditOptions, AuditReport, AuditGroup, AuditRule, AuditFinding, GroupUsage, Proposal, Drift } from "./audit";
export { proposeNarrowing, gradeLowering } from "./narrow";
export type { LogCoverage, GradeLowering, EvidenceGrade, ProposalDiff, AccessDiffFunction, NarrowOptions, ObservedCheck, NarrowingProposal, SkippedProposal } from "./narrow";
