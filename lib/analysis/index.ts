/**
 * `alicloud-secgroups/analysis`: the effective-access evaluator, pure (no Pulumi). Decides single
 * flows (`evaluateFlow`, `compileNetwork`) and whole matrices (`accessMatrix`) the way Alibaba
 * Cloud does, proves access intents (`proveIntents`), and attributes observed flows (flow logs)
 * to the rules that decided them (`attributeFlows`).
 */
export { evaluateFlow } from "./evaluate-flow";
export { compileNetwork } from "./compile-network";
export type { CompiledNetwork } from "./compile-network";
export { FLOW_PROTOCOLS } from "./flow";
export type { Flow, FlowProtocol, Decision, Verdict, DecidedBy } from "./flow";
export { accessMatrix, lookupAccess, INTERNET, INTERNET_IPV6, INTRANET, INTRANET_IPV6 } from "./access-matrix";
export { DEFAULT_PRIORITY, decisionRank, decidesBefore, decidingRule, defaultAllows, sideAllows } from "./decision";
export type { Decisive } from "./decision";
export type { AccessMatrix, AccessMatrixOptions, AccessFlow } from "./access-matrix";
export { ALL_PORTS, MIN_PORT, MAX_PORT, normalizeRanges, unionRanges, intersectRanges, subtractRanges, rangesContain } from "../model/port-ranges";
export type { PortRange } from "../model/port-ranges";
export { protocolHasPorts, portSetFrom, unionPortSets, intersectPortSets, subtractPortSets, portSetAllows, formatPortSet } from "./port-set";
export type { PortSet, PortSetEntry } from "./port-set";
export { proveIntents, validateIntents, intentFromArgs, declaredIntentFromArgs, intentToArgs, selectorToArgs, stackPromises, groupsTagged } from "./intents";
export type { Intent, IntentArgs, IntentContext, IntentPorts, IntentRegion, IntentRegionArgs, DeclaredIntentArgs, IntentResult, IntentSelector, IntentSelectorArgs, IntentWitness, WitnessSide } from "./intents";
export { attributeFlows, createFlowAttributor } from "./attribute-flows";
export type { ObservedFlow, RecordOutcome, RecordAttribution, PeerSummaryEntry, ObservedSample, RuleUsage, FlowDisagreement, AttributionCounts, FlowAttribution, AttributionOptions, FlowAttributor } from "./attribute-flows";
