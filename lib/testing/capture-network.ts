/**
 * The offline capture, as the testing API has always exported it; it lives in `lib/offline`,
 * which the plan command stands on too.
 */
export { captureStack, captureNetwork, captureContext, registeredBeforeError, CaptureError } from "../offline/capture";
export type { CapturedResource, StackCapture, CaptureOptions, CaptureContext, RuleOrigins, Assumption, PendingResource } from "../offline/capture";
export type { CapturedIntents } from "../offline/intents";
