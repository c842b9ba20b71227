/**
 * Pure planners: what each component will create, as plain groups and rules with placeholder
 * ids, validated and guarded before anything is registered. No Pulumi here.
 */
export { planThreeTier } from "./three-tier/plan";
export { THREE_TIER, TIERS } from "./three-tier/args";
export type { ThreeTierPlanArgs, WebTierArgs, AppTierArgs, DbTierArgs, TierAdminArgs, Tier, EgressMode } from "./three-tier/args";
export { planDatabaseGroup } from "./database/plan";
export { DATABASE_GROUP } from "./database/args";
export type { DatabaseGroupPlanArgs, DatabaseSource, DatabaseGroupSource } from "./database/args";
export { planInterconnect } from "./interconnect/plan";
export { INTERCONNECT, INTERCONNECT_METHODS } from "./interconnect/args";
export type { InterconnectPlanArgs, InterconnectMember, InterconnectMethod, InterconnectProtocol } from "./interconnect/args";
export { planWorkbenchAccess } from "./workbench/plan";
export { WORKBENCH_ACCESS } from "./workbench/args";
export type { WorkbenchAccessPlanArgs, WorkbenchVia } from "./workbench/args";
export { planOutboundWhitelist } from "./outbound-whitelist/plan";
export { OUTBOUND_WHITELIST } from "./outbound-whitelist/args";
export type { OutboundWhitelistPlanArgs, WhitelistDestination } from "./outbound-whitelist/args";
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
