export { checkNetwork } from "./check-network";
export { CHECKS, checkInfo } from "./registry";
export type { CheckInfo, CheckScope } from "./registry";
export { CHECK_IDS, hasHighFindings, formatFinding } from "./finding";
export type { CheckId, Finding, Severity } from "./finding";
export { resolveCheckOptions } from "./check-options";
export type { CheckOptions, ResolvedCheckOptions } from "./check-options";
