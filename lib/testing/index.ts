export { captureStack, captureNetwork } from "./capture-network";
export type { CapturedResource, StackCapture, CaptureOptions } from "./capture-network";
