export { captureStack, captureNetwork, registeredBeforeError } from "./capture-network";
export type { CapturedResource, StackCapture, CaptureOptions } from "./capture-network";
