/**
 * `alicloud-secgroups/testing`: unit tests for your own stacks. Capture a program on Pulumi's
 * mocks and read its network, and the jest matchers (`import "alicloud-secgroups/jest"`
 * registers them). The policy pack's runner, `runPolicies`, needs `@pulumi/policy` and is in
 * `alicloud-secgroups/policy`.
 */
export { captureStack, captureNetwork, registeredBeforeError, CaptureError, captureContext } from "./capture-network";
export type { CapturedResource, StackCapture, CaptureOptions, Assumption, PendingResource, CaptureContext, CapturedIntents } from "./capture-network";
export { matchers } from "./matchers";
export type { FindingFilter, NoFindingsOptions, ExemptionEntry, FindingMatcherOptions } from "./matchers";
