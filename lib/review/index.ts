/**
 * Review of existing estates: the access diff, one side's access and its diff, and the audit.
 * Pure: inputs are networks (plain models or networks read by lib/sources).
 */
export { accessDiff, diffFails, sideAccess, sideDiff, ruleNames, DIFF_REPORT_VERSION } from "./access-diff";
export type { AccessDiff, AccessDiffOptions, DiffSide, DiffRegion, DiffSeverity, RegionDecision, RegionEnd, RuleChange, AllowedRegion, SideDiffOptions } from "./access-diff";
export { audit, auditFails, AUDIT_REPORT_VERSION } from "./audit";
export type { AuditOptions, AuditReport, AuditGroup, AuditRule, AuditFinding, GroupUsage, Proposal, Drift } from "./audit";
