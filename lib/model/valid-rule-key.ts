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

/**
 * A validated rule as its group's definition holds it: every field but the description (which
 * changes in place), as text. Two rules of one group with the same tuple are one cloud rule as
 * read (a reader keeps one), and a group's rules as tuples tell whether two versions of it differ.
 */
export function ruleTuple(rule: RuleArgs): string {
  // JSON leaves out a field whose value is undefined: without a description the rule prints as
  // its copy without one would, and the copy (the slow path of a rest pattern) is spared.
  if (rule.description === undefined) return JSON.stringify(rule);
  const { description: _d, ...t } = rule;
  return JSON.stringify(t);
}
