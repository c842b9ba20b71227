/**
 * `alicloud-secgroups/model`: the rule model, pure (no Pulumi). Rules, groups and networks and
 * their validation, rule keys, `Port` and `Peer`, the service catalogue, which network a group
 * is in, address and port arithmetic, the exemptions format, and the reading of Pulumi
 * resources into a network.
 */
export { ValidationError, quote } from "./errors";
export type { ValidationCode } from "./errors";
export * from "./ip";
export * from "./rule";
export * from "./port-ranges";
export * from "./rule-key";
export * from "./network";
export { Port, SERVICES } from "./port";
export type { Service } from "./port";
export { Peer } from "./peer";
export type { PeerKind, PeerFields } from "./peer";
export * from "./services";
export * from "./group-network";
export { parseExemptions, validateExemptions, exemptionNamesRule, isFindingExemption, isDiffExemption, exemptionWhere, matchingExemption, UNACKNOWLEDGEABLE_CHECKS } from "./exemptions";
export type { Exemption, FindingExemption, DiffExemption, ExemptionOptions, ExemptionTarget, RuleReference } from "./exemptions";
export { GROUP_USERS } from "./group-users";
export { RESOURCE_TYPES, SECURITY_GROUP_TYPE, SECURITY_GROUP_RULE_TYPE, INSTANCE_TYPE, NETWORK_INTERFACE_TYPE, VPC_PREFIX_LIST_TYPE, ECS_PREFIX_LIST_TYPE } from "./resource-props";
export type { ResourceSnapshot } from "./resource-props";
