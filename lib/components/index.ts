/**
 * Pulumi components: least-privilege Alibaba Cloud security groups, and the intent verbs of the
 * groups they make (`connections`).
 */
export { ThreeTierSecurityGroups } from "./three-tier-security-groups";
export type { ThreeTierSecurityGroupsArgs } from "./three-tier-security-groups";
export { DatabaseSecurityGroup } from "./database-security-group";
export type { DatabaseSecurityGroupArgs, DatabaseSecurityGroupSource } from "./database-security-group";
export { InterconnectGroup } from "./interconnect-group";
export type { InterconnectGroupArgs, InterconnectGroupMember } from "./interconnect-group";
export { WorkbenchAccess } from "./workbench-access";
export type { WorkbenchAccessArgs } from "./workbench-access";
export { OutboundWhitelist } from "./outbound-whitelist";
export type { OutboundWhitelistArgs, OutboundWhitelistDestination } from "./outbound-whitelist";
export type { SecurityGroupPlan, Tier, EgressMode, InterconnectMethod, InterconnectProtocol, WorkbenchVia, UnsafeOptIn, TierAdminArgs, WebTierArgs, AppTierArgs, DbTierArgs, DatabaseSource } from "../plans";
export { acknowledge } from "./acknowledge";
export type { CodeAcknowledgement } from "./acknowledge";
export { Connections, connectionsOf } from "./connections";
// For wrappers that register a component's resources themselves (the multi-language plugin): the same children, names and parents as the constructors.
export { emitPlan, componentType } from "./emit";
export type { EmittedPlan } from "./emit";
// For the same wrappers: both sides of a path between their groups, by the same verbs as the constructors.
export { registerConnections, registerWhitelist, resolveGroups, wirePromises } from "./connections";
export type { GroupConnection, Sender } from "./connections";
export { registerPromises, declareIntents, stackIntents } from "./promises";
export type { StackIntents } from "./promises";
