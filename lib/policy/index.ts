export { createPolicies, rulePolicy, stackPolicy } from "./create-policies";
export { policyPackConfig, resolveGuardConfig, checkKey, defaultEnforcementLevel } from "./guard-config";
export type { SecGroupsGuardConfig, CheckSetting, ResolvedCheckSetting } from "./guard-config";
export { networkFromResources, readStack } from "./network-from-resources";
export type { StackNetwork } from "./network-from-resources";
export { SECURITY_GROUP_TYPE, SECURITY_GROUP_RULE_TYPE, INSTANCE_TYPE, NETWORK_INTERFACE_TYPE, VPC_PREFIX_LIST_TYPE, ECS_PREFIX_LIST_TYPE } from "./resource-props";
export type { ResourceSnapshot } from "./resource-props";
