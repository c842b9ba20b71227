/**
 * The CrossGuard pack's policies, also published as `alicloud-secgroups/policy` (this entry
 * loads neither @pulumi/pulumi nor @pulumi/alicloud): a pack's `index.ts` is
 * `new PolicyPack("alicloud-secgroups", { policies: createPolicies({ ... }) })`.
 */
export { createPolicies, rulePolicy, stackPolicy, unknownAtPreviewPolicy } from "./create-policies";
export { policyPackConfig, resolveGuardConfig, checkKey, defaultEnforcementLevel, unknownAtPreviewLevel, UNKNOWN_AT_PREVIEW_POLICY } from "./guard-config";
export type { SecGroupsGuardConfig, CheckSetting, ResolvedCheckSetting, PolicyExemption } from "./guard-config";
// The pack over a captured program, through @pulumi/policy's own handlers (the version it is tested with).
export { runPolicies, secret, SecretValue, UNKNOWN_AT_PREVIEW, PULUMI_POLICY_VERSION } from "../testing/run-policies";
export type { PolicyInput, PolicyResourceInput, PolicyRun, PolicyDiagnostic, RunPoliciesOptions } from "../testing/run-policies";
