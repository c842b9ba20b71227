export { captureStack, captureNetwork, registeredBeforeError, CaptureError } from "./capture-network";
export type { CapturedResource, StackCapture, CaptureOptions, Assumption, PendingResource } from "./capture-network";
export { matchers } from "./matchers";
export type { FindingFilter, NoFindingsOptions } from "./matchers";
