/**
 * alicloud-secgroups: least-privilege Alibaba Cloud security groups for Pulumi.
 *
 * The root is the spine a Pulumi user needs: the five components and their intent verbs
 * (`connections`), `Port` and `Peer`, the rule model, the evaluator (`evaluateFlow`,
 * `accessMatrix`), the checks (`checkNetwork`) and access intents (`proveIntents`). Every floor of
 * the library has its own entry for the rest: `alicloud-secgroups/components` (with what a wrapper
 * that registers their resources itself needs), `/model`, `/analysis`,
 * `/checks`, `/plans`, `/sources`, `/review`, `/offline`, `/testing`, `/cli`, `/policy` (the
 * CrossGuard pack, with `@pulumi/policy`) and `/jest` (the matchers). This barrel lists every
 * public name explicitly; names that moved to a subpath stay here, deprecated, until 0.3.0.
 */

// Components, their intent verbs, and what a wrapper that registers their resources itself (the multi-language plugin) needs.
export { ThreeTierSecurityGroups, DatabaseSecurityGroup, InterconnectGroup, WorkbenchAccess, OutboundWhitelist, acknowledge, Connections, connectionsOf, emitPlan, componentType, declareIntents } from "./components";
export type { ThreeTierSecurityGroupsArgs, DatabaseSecurityGroupArgs, DatabaseSecurityGroupSource, InterconnectGroupArgs, InterconnectGroupMember, WorkbenchAccessArgs, OutboundWhitelistArgs, OutboundWhitelistDestination, CodeAcknowledgement, EmittedPlan, SecurityGroupPlan, Tier, EgressMode, InterconnectMethod, InterconnectProtocol, WorkbenchVia, UnsafeOptIn, TierAdminArgs, WebTierArgs, AppTierArgs, DbTierArgs, DatabaseSource } from "./components";
export { planComponent } from "./plans";
export type { ComponentName, ComponentPlanArgs, PeerSource } from "./plans";

// The rule model: values built by factories, validation, rule identity, the service catalogue, exemptions.
export { ValidationError, Port, Peer, SERVICES, ADMIN_PORTS, DATABASE_PORTS, DATABASE_PORT_LIST, WEB_PORTS, WORKBENCH_CIDRS, validateRule, validateRules, validateGroup, validateNetwork, networkProblems, ruleKey, ruleKeyIn, dedupeRules, groupNetwork, parseExemptions } from "./model";
export type { ValidationCode, RuleArgs, RuleType, IpProtocol, RulePolicy, NicType, PortRange, GroupModel, InstanceModel, NetworkModel, PrefixListModel, GroupUse, GroupType, GroupNetwork, InnerAccessPolicy, NetworkProblem, ProblemScope, GroupValidationOptions, NetworkValidationOptions, PeerKind, PeerFields, Service, DatabaseEngine, Exemption, FindingExemption, DiffExemption } from "./model";

// The evaluator and access intents.
export { evaluateFlow, accessMatrix, lookupAccess, formatPortSet, INTERNET, INTERNET_IPV6, INTRANET, INTRANET_IPV6, proveIntents, validateIntents, intentFromArgs } from "./analysis";
export type { Flow, FlowProtocol, Decision, Verdict, DecidedBy, AccessMatrix, AccessMatrixOptions, AccessFlow, PortSet, PortSetEntry, Intent, IntentArgs, IntentContext, IntentPorts, IntentRegion, IntentResult, IntentSelector, IntentSelectorArgs, IntentWitness, WitnessSide } from "./analysis";

// The least-privilege checks.
export { checkNetwork, CHECKS, CHECK_IDS, checkInfo, formatFinding, hasHighFindings, reviewNetwork, applyExemptions, loadExemptions } from "./checks";
export type { CheckId, CheckInfo, CheckScope, CheckOptions, Finding, Severity, Acknowledgement, FailOn, ReviewOptions, ExemptionOutcome, RuleNaming } from "./checks";

// ---------------------------------------------------------------------------------------------
// Deprecated: names that moved to a subpath, re-exported here (the same objects) until 0.3.0.
// ---------------------------------------------------------------------------------------------
import * as model from "./model";
import * as analysis from "./analysis";
import * as checks from "./checks";
import * as plans from "./plans";
import * as sources from "./sources";
import * as review from "./review";
import * as cliEntry from "./cli";
import * as testingEntry from "./testing";
import * as offlineEntry from "./offline";

// alicloud-secgroups/model
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const portInterval = model.portInterval;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const hasPorts = model.hasPorts;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const sourceField = model.sourceField;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const IP_PROTOCOLS = model.IP_PROTOCOLS;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const NO_PORTS = model.NO_PORTS;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const BEST_PRIORITY = model.BEST_PRIORITY;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const WORST_PRIORITY = model.WORST_PRIORITY;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const DEFAULT_RULES_PRIORITY = model.DEFAULT_RULES_PRIORITY;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const peerText = model.peerText;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const portText = model.portText;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const isClassicGroup = model.isClassicGroup;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const effectiveNicType = model.effectiveNicType;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const ALL_PORTS = model.ALL_PORTS;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const NO_PORT_RANGES = model.NO_PORT_RANGES;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const MIN_PORT = model.MIN_PORT;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const MAX_PORT = model.MAX_PORT;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const isNormalized = model.isNormalized;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const normalizeRanges = model.normalizeRanges;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const rangesOfPorts = model.rangesOfPorts;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const unionRanges = model.unionRanges;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const intersectRanges = model.intersectRanges;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const subtractRanges = model.subtractRanges;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const splitRanges = model.splitRanges;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const rangesContain = model.rangesContain;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const sameRanges = model.sameRanges;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const formatRanges = model.formatRanges;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const validateRuleInGroup = model.validateRuleInGroup;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const MAX_RULES_PER_INTERFACE = model.MAX_RULES_PER_INTERFACE;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const MAX_RULES_PER_GROUP = model.MAX_RULES_PER_GROUP;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const MAX_REFERENCED_GROUPS = model.MAX_REFERENCED_GROUPS;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const MAX_GROUPS_PER_INSTANCE = model.MAX_GROUPS_PER_INSTANCE;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const GROUP_USERS = model.GROUP_USERS;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const parseCidr = model.parseCidr;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const parseAddress = model.parseAddress;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const isAnyAddress = model.isAnyAddress;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const blockContains = model.blockContains;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const blocksOverlap = model.blocksOverlap;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const isPrivateIpv4 = model.isPrivateIpv4;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export const networkFromResources = sources.networkFromResources;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export const readStack = sources.readStack;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const RESOURCE_TYPES = model.RESOURCE_TYPES;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const SECURITY_GROUP_TYPE = model.SECURITY_GROUP_TYPE;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const SECURITY_GROUP_RULE_TYPE = model.SECURITY_GROUP_RULE_TYPE;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const INSTANCE_TYPE = model.INSTANCE_TYPE;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const NETWORK_INTERFACE_TYPE = model.NETWORK_INTERFACE_TYPE;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const VPC_PREFIX_LIST_TYPE = model.VPC_PREFIX_LIST_TYPE;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const ECS_PREFIX_LIST_TYPE = model.ECS_PREFIX_LIST_TYPE;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const validateExemptions = model.validateExemptions;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const exemptionNamesRule = model.exemptionNamesRule;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export const isFindingExemption = model.isFindingExemption;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export type PortInterval = model.PortInterval;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export type SourceField = model.SourceField;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export type RuleContext = model.RuleContext;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export type CidrBlock = model.CidrBlock;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export type IpFamily = model.IpFamily;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export type StackNetwork = sources.StackNetwork;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export type ResourceSnapshot = model.ResourceSnapshot;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export type ExemptionOptions = model.ExemptionOptions;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export type RuleReference = model.RuleReference;
/** @deprecated Import from `alicloud-secgroups/model`; the root re-export goes in 0.3.0. */
export type ReviewExemption = model.Exemption;

// alicloud-secgroups/analysis
/** @deprecated Import from `alicloud-secgroups/analysis`; the root re-export goes in 0.3.0. */
export const compileNetwork = analysis.compileNetwork;
/** @deprecated Import from `alicloud-secgroups/analysis`; the root re-export goes in 0.3.0. */
export const FLOW_PROTOCOLS = analysis.FLOW_PROTOCOLS;
/** @deprecated Import from `alicloud-secgroups/analysis`; the root re-export goes in 0.3.0. */
export const portSetAllows = analysis.portSetAllows;
/** @deprecated Import from `alicloud-secgroups/analysis`; the root re-export goes in 0.3.0. */
export const attributeFlows = analysis.attributeFlows;
/** @deprecated Import from `alicloud-secgroups/analysis`; the root re-export goes in 0.3.0. */
export const createFlowAttributor = analysis.createFlowAttributor;
/** @deprecated Import from `alicloud-secgroups/analysis`; the root re-export goes in 0.3.0. */
export type CompiledNetwork = analysis.CompiledNetwork;
/** @deprecated Import from `alicloud-secgroups/analysis`; the root re-export goes in 0.3.0. */
export type ObservedFlow = analysis.ObservedFlow;
/** @deprecated Import from `alicloud-secgroups/analysis`; the root re-export goes in 0.3.0. */
export type RecordOutcome = analysis.RecordOutcome;
/** @deprecated Import from `alicloud-secgroups/analysis`; the root re-export goes in 0.3.0. */
export type RecordAttribution = analysis.RecordAttribution;
/** @deprecated Import from `alicloud-secgroups/analysis`; the root re-export goes in 0.3.0. */
export type PeerSummaryEntry = analysis.PeerSummaryEntry;
/** @deprecated Import from `alicloud-secgroups/analysis`; the root re-export goes in 0.3.0. */
export type ObservedSample = analysis.ObservedSample;
/** @deprecated Import from `alicloud-secgroups/analysis`; the root re-export goes in 0.3.0. */
export type RuleUsage = analysis.RuleUsage;
/** @deprecated Import from `alicloud-secgroups/analysis`; the root re-export goes in 0.3.0. */
export type FlowDisagreement = analysis.FlowDisagreement;
/** @deprecated Import from `alicloud-secgroups/analysis`; the root re-export goes in 0.3.0. */
export type AttributionCounts = analysis.AttributionCounts;
/** @deprecated Import from `alicloud-secgroups/analysis`; the root re-export goes in 0.3.0. */
export type FlowAttribution = analysis.FlowAttribution;
/** @deprecated Import from `alicloud-secgroups/analysis`; the root re-export goes in 0.3.0. */
export type AttributionOptions = analysis.AttributionOptions;
/** @deprecated Import from `alicloud-secgroups/analysis`; the root re-export goes in 0.3.0. */
export type FlowAttributor = analysis.FlowAttributor;

// alicloud-secgroups/checks
/** @deprecated Import from `alicloud-secgroups/checks`; the root re-export goes in 0.3.0. */
export const resolveCheckOptions = checks.resolveCheckOptions;
/** @deprecated Import from `alicloud-secgroups/checks`; the root re-export goes in 0.3.0. */
export const consolidateFindings = checks.consolidateFindings;
/** @deprecated Import from `alicloud-secgroups/checks`; the root re-export goes in 0.3.0. */
export const exemptionsFrom = checks.exemptionsFrom;
/** @deprecated Import from `alicloud-secgroups/checks`; the root re-export goes in 0.3.0. */
export type ResolvedCheckOptions = checks.ResolvedCheckOptions;

// alicloud-secgroups/plans
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export const planThreeTier = plans.planThreeTier;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export const planDatabaseGroup = plans.planDatabaseGroup;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export const planInterconnect = plans.planInterconnect;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export const planWorkbenchAccess = plans.planWorkbenchAccess;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export const planOutboundWhitelist = plans.planOutboundWhitelist;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export const guardPlan = plans.guardPlan;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export const ruleCount = plans.ruleCount;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export const planNetwork = plans.planNetwork;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export const plannedRules = plans.plannedRules;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export const groupResourceName = plans.groupResourceName;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export const ruleResourceName = plans.ruleResourceName;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export const groupTags = plans.groupTags;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export const MANAGED_BY = plans.MANAGED_BY;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export const TIERS = plans.TIERS;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export const INTERCONNECT_METHODS = plans.INTERCONNECT_METHODS;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export const PLAN_VPC_ID = plans.PLAN_VPC_ID;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export const COMPONENT_PLANNERS = plans.COMPONENT_PLANNERS;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export type PlannedGroup = plans.PlannedGroup;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export type PlannedMember = plans.PlannedMember;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export type GuardOptions = plans.GuardOptions;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export type GroupIdRef = plans.GroupIdRef;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export type ThreeTierPlanArgs = plans.ThreeTierPlanArgs;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export type DatabaseGroupPlanArgs = plans.DatabaseGroupPlanArgs;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export type DatabaseGroupSource = plans.DatabaseGroupSource;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export type InterconnectPlanArgs = plans.InterconnectPlanArgs;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export type InterconnectMember = plans.InterconnectMember;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export type WorkbenchAccessPlanArgs = plans.WorkbenchAccessPlanArgs;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export type OutboundWhitelistPlanArgs = plans.OutboundWhitelistPlanArgs;
/** @deprecated Import from `alicloud-secgroups/plans`; the root re-export goes in 0.3.0. */
export type WhitelistDestination = plans.WhitelistDestination;

// alicloud-secgroups/sources
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export const readFlowLog = sources.readFlowLog;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export const readFlowLogFiles = sources.readFlowLogFiles;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export const emptyFlowLogStats = sources.emptyFlowLogStats;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export const MAX_FLOW_LOG_LINE = sources.MAX_FLOW_LOG_LINE;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export const readSource = sources.readSource;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export const readOneNetwork = sources.readOneNetwork;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export const recognise = sources.recognise;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export const readEcsApi = sources.readEcsApi;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export const readPulumiStack = sources.readPulumiStack;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export const readTerraformShow = sources.readTerraformShow;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export const readTfstate = sources.readTfstate;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export const readPlanJson = sources.readPlanJson;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export const FORMAT_NAMES = sources.FORMAT_NAMES;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export type FlowLogRecord = sources.FlowLogRecord;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export type FlowLogDirection = sources.FlowLogDirection;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export type FlowLogAction = sources.FlowLogAction;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export type FlowLogStatus = sources.FlowLogStatus;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export type BadFlowLogLine = sources.BadFlowLogLine;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export type FlowLogReadStats = sources.FlowLogReadStats;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export type FlowLogReadOptions = sources.FlowLogReadOptions;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export type FlowLogFileStats = sources.FlowLogFileStats;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export type FlowLogFilesOptions = sources.FlowLogFilesOptions;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export type SourceFile = sources.SourceFile;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export type SourceFormat = sources.SourceFormat;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export type SourceNetwork = sources.SourceNetwork;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export type Origin = sources.Origin;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export type Unresolved = sources.Unresolved;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export type UnresolvedKind = sources.UnresolvedKind;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export type SourceGroupUse = sources.GroupUseReason;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export type EcsDocument = sources.EcsDocument;
/** @deprecated Import from `alicloud-secgroups/sources`; the root re-export goes in 0.3.0. */
export type EcsDocumentKind = sources.EcsDocumentKind;

// alicloud-secgroups/review
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export const proposeNarrowing = review.proposeNarrowing;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export const gradeLowering = review.gradeLowering;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export const accessDiff = review.accessDiff;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export const diffFails = review.diffFails;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export const sideAccess = review.sideAccess;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export const sideDiff = review.sideDiff;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export const audit = review.audit;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export const auditFails = review.auditFails;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type LogCoverage = review.LogCoverage;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type GradeLowering = review.GradeLowering;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type EvidenceGrade = review.EvidenceGrade;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type ProposalDiff = review.ProposalDiff;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type AccessDiffFunction<D extends review.ProposalDiff = review.ProposalDiff> = review.AccessDiffFunction<D>;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type NarrowOptions<D extends review.ProposalDiff = review.ProposalDiff> = review.NarrowOptions<D>;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type ObservedCheck = review.ObservedCheck;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type NarrowingProposal<D extends review.ProposalDiff = review.ProposalDiff> = review.NarrowingProposal<D>;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type SkippedProposal = review.SkippedProposal;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type AccessDiff = review.AccessDiff;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type AccessDiffOptions = review.AccessDiffOptions;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type DiffSide = review.DiffSide;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type DiffRegion = review.DiffRegion;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type DiffSeverity = review.DiffSeverity;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type RegionDecision = review.RegionDecision;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type RegionEnd = review.RegionEnd;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type RuleChange = review.RuleChange;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type AllowedRegion = review.AllowedRegion;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type AuditOptions = review.AuditOptions;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type AuditReport = review.AuditReport;
/** @deprecated Import from `alicloud-secgroups/review`; the root re-export goes in 0.3.0. */
export type Proposal = review.Proposal;

// The command line, the test helpers and the offline runner, as namespaces.
/** @deprecated Import from `alicloud-secgroups/cli`; the root re-export goes in 0.3.0. */
export import cli = cliEntry;
/** @deprecated Import from `alicloud-secgroups/testing`; the root re-export goes in 0.3.0. */
export import testing = testingEntry;
/** @deprecated Import from `alicloud-secgroups/offline`; the root re-export goes in 0.3.0. */
export import offline = offlineEntry;
