/**
 * The CrossGuard pack's policies, also published as `alicloud-secgroups/policy` (this entry
 * loads neither @pulumi/pulumi nor @pulumi/alicloud): a pack's `index.ts` is
 * `new PolicyPack("alicloud-secgroups", { policies: createPolicies({ ... }) })`.
 */
export { createPolicies, rulePolicy, stackPolicy, unknownAtPreviewPolicy } from "./create-policies";
export { policyPackConfig, resolveGuardConfig, checkKey, defaultEnforcementLevel, unknownAtPreviewLevel, UNKNOWN_AT_PREVIEW_POLICY } from "./guard-config";
export type { SecGroupsGuardConfig, CheckSetting, ResolvedCheckSetting, PolicyExemption } from "./guard-config";
