/**
 * `alicloud-secgroups/plans`: the pure planners (no Pulumi). What each component will create, as
 * plain groups and rules with placeholder ids, validated and guarded before anything is
 * registered; `planComponent` is the one entry the components and the plugin take.
 */
export { planThreeTier, THREE_TIER, TIERS } from "./three-tier";
export type { ThreeTierPlanArgs, WebTierArgs, AppTierArgs, DbTierArgs, TierAdminArgs, Tier, EgressMode } from "./three-tier";
export { planDatabaseGroup, DATABASE_GROUP } from "./database";
export type { DatabaseGroupPlanArgs, DatabaseSource, DatabaseGroupSource } from "./database";
export { planInterconnect, INTERCONNECT, INTERCONNECT_METHODS } from "./interconnect";
export type { InterconnectPlanArgs, InterconnectMember, InterconnectMethod, InterconnectProtocol } from "./interconnect";
export { planWorkbenchAccess, WORKBENCH_ACCESS } from "./workbench";
export type { WorkbenchAccessPlanArgs, WorkbenchVia } from "./workbench";
export { planOutboundWhitelist, OUTBOUND_WHITELIST } from "./outbound-whitelist";
export type { OutboundWhitelistPlanArgs, WhitelistDestination } from "./outbound-whitelist";
export { guardPlan, ruleCount } from "./guard";
export type { GuardOptions } from "./guard";
export { planNetwork, plannedRules, groupResourceName, ruleResourceName } from "./plan";
export type { SecurityGroupPlan, PlannedGroup, PlannedMember } from "./plan";
export type { GroupIdRef } from "./placeholders";
export type { UnsafeOptIn } from "./unsafe";
export { groupTags, MANAGED_BY } from "./tags";
export { PLAN_VPC_ID } from "./common";
export { planComponent, COMPONENT_PLANNERS } from "./component-plan";
export type { ComponentName, ComponentPlanArgs } from "./component-plan";
export type { PeerSource } from "./entries";
