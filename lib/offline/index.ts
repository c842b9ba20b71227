/** `alicloud-secgroups/offline`: running any Pulumi program offline, on mocks: capture, data-source answers, computed values. */
export { captureStack, captureNetwork, registeredBeforeError, CaptureError, programPosition } from "./capture";
export type { CapturedResource, StackCapture, CaptureOptions, Assumption, PendingResource, CaptureFailureCode, RuleOrigins, SourceLocation, OpaqueResource, KnownId } from "./capture";
export { captureIntents } from "./intents";
export type { CapturedIntents } from "./intents";
export { validateAnswers, dataSourceAnswer, outputAnswer } from "./answers";
export type { Answers, DataSourceAnswer } from "./answers";
export { placeholderResult, hasPlaceholder, emptyResult, PLACEHOLDER_REGION, PLACEHOLDER_ZONE, PLACEHOLDER_ZONES, PLACEHOLDER_ACCOUNT } from "./data-sources";
export { evaluateStdFunction, isEvaluatedStdFunction, StdFunctionError, cidrsubnet, cidrhost, formatVerbs } from "./std-functions";
export { randomOutputs } from "./random-resources";
