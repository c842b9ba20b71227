/**
 * alicloud-secgroups: least-privilege Alibaba Cloud security groups for Pulumi.
 * The barrel lists every public name explicitly; internals stay in `lib/private/`.
 */
export { ValidationError } from "./model/errors";
export type { ValidationCode } from "./model/errors";
export { validateRule, validateRules, portInterval, hasPorts, sourceField, IP_PROTOCOLS, NO_PORTS, BEST_PRIORITY, WORST_PRIORITY, DEFAULT_RULES_PRIORITY } from "./model/rule";
export type { RuleArgs, RuleType, IpProtocol, RulePolicy, NicType, PortInterval, SourceField } from "./model/rule";
export { ruleKey, ruleKeyIn, dedupeRules, peerText, portText } from "./model/rule-key";
export { groupNetwork, isClassicGroup, effectiveNicType } from "./model/group-network";
export { ALL_PORTS, NO_PORT_RANGES, MIN_PORT, MAX_PORT, isNormalized, normalizeRanges, rangesOfPorts, unionRanges, intersectRanges, subtractRanges, splitRanges, rangesContain, sameRanges, formatRanges } from "./model/port-ranges";
export type { PortRange } from "./model/port-ranges";
export { validateGroup, validateNetwork, validateRuleInGroup, networkProblems, MAX_RULES_PER_INTERFACE, MAX_RULES_PER_GROUP, MAX_REFERENCED_GROUPS, MAX_GROUPS_PER_INSTANCE } from "./model/network";
export type { GroupModel, InstanceModel, NetworkModel, PrefixListModel, GroupUse, GroupType, GroupNetwork, InnerAccessPolicy, GroupValidationOptions, NetworkValidationOptions, NetworkProblem, ProblemScope, RuleContext } from "./model/network";
export { GROUP_USERS } from "./model/group-users";
export { Port } from "./model/port";
export { Peer } from "./model/peer";
export type { PeerKind, PeerFields } from "./model/peer";
export { SERVICES, DATABASE_PORTS, ADMIN_PORTS, DATABASE_PORT_LIST, WEB_PORTS, WORKBENCH_CIDRS } from "./model/services";
export type { Service, DatabaseEngine } from "./model/services";
export { parseCidr, parseAddress, isAnyAddress, blockContains, blocksOverlap, isPrivateIpv4 } from "./model/ip";
export type { CidrBlock, IpFamily } from "./model/ip";
export { networkFromResources, readStack } from "./model/stack-resources";
export type { StackNetwork } from "./model/stack-resources";
export { RESOURCE_TYPES, SECURITY_GROUP_TYPE, SECURITY_GROUP_RULE_TYPE, INSTANCE_TYPE, NETWORK_INTERFACE_TYPE, VPC_PREFIX_LIST_TYPE, ECS_PREFIX_LIST_TYPE } from "./model/resource-props";
export type { ResourceSnapshot } from "./model/resource-props";
export { checkNetwork, CHECKS, CHECK_IDS, checkInfo, hasHighFindings, formatFinding, resolveCheckOptions, consolidateFindings, applyExemptions, reviewNetwork, loadExemptions, exemptionsFrom } from "./checks";
export type { CheckId, CheckInfo, CheckScope, CheckOptions, ResolvedCheckOptions, Finding, Severity, Acknowledgement, RuleNaming, ExemptionOutcome, ReviewOptions } from "./checks";
export { parseExemptions, validateExemptions, exemptionNamesRule, isFindingExemption } from "./model/exemptions";
export type { Exemption, FindingExemption, DiffExemption, ExemptionOptions, RuleReference } from "./model/exemptions";
export { createPolicies, policyPackConfig, rulePolicy, stackPolicy } from "./policy";
export type { SecGroupsGuardConfig, CheckSetting } from "./policy";
export * as cli from "./cli";
export * as testing from "./testing";
export * as offline from "./offline";
export { ThreeTierSecurityGroups, DatabaseSecurityGroup, InterconnectGroup, WorkbenchAccess, OutboundWhitelist, acknowledge } from "./components";
// For wrappers that register a component's resources themselves (the multi-language plugin): the same children, names and parents as the constructors.
export { emitPlan, componentType } from "./components/emit";
export type { EmittedPlan } from "./components/emit";
// For the same wrappers: both sides of a path between their groups, by the same verbs as the constructors.
export { Connections, connectionsOf, registerConnections, registerWhitelist, resolveGroups, wireSenders } from "./components/connections";
export type { GroupConnection, Sender } from "./components/connections";
export type { ThreeTierSecurityGroupsArgs, DatabaseSecurityGroupArgs, DatabaseSecurityGroupSource, InterconnectGroupArgs, InterconnectGroupMember, WorkbenchAccessArgs, OutboundWhitelistArgs, OutboundWhitelistDestination } from "./components";
export { planThreeTier, planDatabaseGroup, planInterconnect, planWorkbenchAccess, planOutboundWhitelist, guardPlan, ruleCount, planNetwork, plannedRules, groupResourceName, ruleResourceName, groupTags, MANAGED_BY, TIERS, INTERCONNECT_METHODS, PLAN_VPC_ID } from "./plans";
export type { PeerSource } from "./plans/entries";
export type { SecurityGroupPlan, PlannedGroup, PlannedMember, GuardOptions, GroupIdRef, UnsafeOptIn, ThreeTierPlanArgs, WebTierArgs, AppTierArgs, DbTierArgs, TierAdminArgs, Tier, EgressMode, DatabaseGroupPlanArgs, DatabaseSource, DatabaseGroupSource, InterconnectPlanArgs, InterconnectMember, InterconnectMethod, InterconnectProtocol, WorkbenchAccessPlanArgs, WorkbenchVia, OutboundWhitelistPlanArgs, WhitelistDestination } from "./plans";
export { evaluateFlow, compileNetwork, accessMatrix, lookupAccess, INTERNET, INTERNET_IPV6, INTRANET, INTRANET_IPV6, FLOW_PROTOCOLS, formatPortSet, portSetAllows } from "./analysis";
export type { CompiledNetwork, Flow, FlowProtocol, Decision, Verdict, DecidedBy, AccessMatrix, AccessMatrixOptions, AccessFlow, PortSet, PortSetEntry } from "./analysis";
export { attributeFlows, createFlowAttributor } from "./analysis/attribute-flows";
export type { ObservedFlow, RecordOutcome, RecordAttribution, PeerSummaryEntry, ObservedSample, RuleUsage, FlowDisagreement, AttributionCounts, FlowAttribution, AttributionOptions, FlowAttributor } from "./analysis/attribute-flows";
export { readFlowLog, readFlowLogFiles, emptyFlowLogStats } from "./sources/flow-logs";
export { MAX_FLOW_LOG_LINE } from "./sources/flow-logs";
export type { FlowLogRecord, FlowLogDirection, FlowLogAction, FlowLogStatus, BadFlowLogLine, FlowLogReadStats, FlowLogReadOptions } from "./sources/flow-logs";
export type { FlowLogFileStats, FlowLogFilesOptions } from "./sources/flow-logs";
export { proposeNarrowing } from "./review/narrow";
export { gradeLowering } from "./review/narrow";
export type { LogCoverage, GradeLowering } from "./review/narrow";
export type { EvidenceGrade, ProposalDiff, AccessDiffFunction, NarrowOptions, ObservedCheck, NarrowingProposal, SkippedProposal } from "./review/narrow";
export { planComponent, COMPONENT_PLANNERS } from "./plans";
export type { ComponentName, ComponentPlanArgs } from "./plans";
export { readSource, readOneNetwork, recognise, readEcsApi, readPulumiStack, readTerraformShow, readTfstate, readPlanJson, FORMAT_NAMES } from "./sources";
export type { SourceFile, SourceFormat, SourceNetwork, Origin, Unresolved, UnresolvedKind, GroupUse as SourceGroupUse, EcsDocument, EcsDocumentKind } from "./sources";
export { accessDiff, diffFails, sideAccess, sideDiff, audit, auditFails } from "./review";
export type { AccessDiff, AccessDiffOptions, DiffSide, DiffRegion, DiffSeverity, Exemption as ReviewExemption, FailOn, RegionDecision, RegionEnd, RuleChange, AllowedRegion, AuditOptions, AuditReport, Proposal } from "./review";
