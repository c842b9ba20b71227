export { createPolicies, rulePolicy, stackPolicy } from "./create-policies";
export { policyPackConfig, resolveGuardConfig, checkKey, defaultEnforcementLevel } from "./guard-config";
export type { SecGroupsGuardConfig, CheckSetting, ResolvedCheckSetting } from "./guard-config";
