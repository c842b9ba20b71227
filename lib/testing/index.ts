export { captureStack, captureNetwork, registeredBeforeError } from "./capture-network";
export type { CapturedResource, StackCapture, CaptureOptions } from "./capture-network";
export { matchers } from "./matchers";
export type { FindingFilter, NoFindingsOptions } from "./matchers";
