/**
 * `alicloud-secgroups/checks`: the least-privilege checks, pure (no Pulumi). One check per file,
 * each a definition in the registry (`CHECK_DEFINITIONS`); `checkNetwork` runs them, exemptions
 * acknowledge what is accepted, and every report's `--fail-on` gate follows one severity order.
 */
export { checkNetwork } from "./check-network";
export { CHECKS, CHECK_DEFINITIONS, checkInfo } from "./registry";
export type { CheckInfo, CheckScope, CheckDefinition } from "./registry";
export type { GroupCheck, NetworkCheck, Issue } from "./issue";
export { CHECK_IDS, SEVERITIES, FAIL_ON_LEVELS, hasHighFindings, formatFinding, severityRank, reachesFailOn, failingFindings } from "./finding";
export type { CheckId, Finding, Severity, Acknowledgement, FailOn } from "./finding";
export { resolveCheckOptions } from "./check-options";
export type { CheckOptions, ResolvedCheckOptions, IntentProofContext } from "./check-options";
export { proveNetworkIntents, intentText, selectorText, witnessFlowText, witnessSides } from "./intent-proof";
export { consolidateFindings } from "./consolidate";
export { applyExemptions, reviewNetwork, loadExemptions, exemptionsFrom } from "./exemptions";
export type { RuleNaming, ExemptionOutcome, ReviewOptions } from "./exemptions";
