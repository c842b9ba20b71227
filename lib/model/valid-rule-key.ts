/**
 * The key of a rule already validated, without validating it again: for readers that hold the
 * normalised rules (the checks), so that a key costs a few string joins. Internal: not exported
 * from the package.
 */
import { effectiveNicType } from "./group-network";
import type { GroupNetwork } from "./network";
import { RuleArgs } from "./rule";
import { peerText, portText } from "./rule-key";

/** `ruleKeyIn` of a rule already validated and normalised (by `validateRule`, which is idempotent): the same key, without validating again. */
export function validRuleKey(r: RuleArgs, network: GroupNetwork | undefined): string {
  const dir = r.type === "ingress" ? "in" : "out";
  const via = r.type === "ingress" ? "from" : "to";
  const nicType = network === "classic" ? effectiveNicType(r, true) : network === "vpc" ? "intranet" : r.nicType;
  const nic = nicType === "internet" ? "-internet" : "";
  return `${dir}-${r.policy}-p${r.priority}-${portText(r)}-${via}-${peerText(r)}${nic}`;
}
