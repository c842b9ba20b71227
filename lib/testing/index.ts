export { captureStack, captureNetwork, registeredBeforeError, CaptureError } from "./capture-network";
export type { CapturedResource, StackCapture, CaptureOptions, Assumption, PendingResource } from "./capture-network";
export { matchers } from "./matchers";
export type { FindingFilter, NoFindingsOptions } from "./matchers";
export { runPolicies, secret, SecretValue, UNKNOWN_AT_PREVIEW, PULUMI_POLICY_VERSION } from "./run-policies";
export type { PolicyInput, PolicyResourceInput, PolicyRun, PolicyDiagnostic, RunPoliciesOptions } from "./run-policies";
export type { ExemptionEntry, FindingMatcherOptions } from "./matchers";
export { captureContext } from "./capture-network";
export type { CaptureContext } from "./capture-network";
