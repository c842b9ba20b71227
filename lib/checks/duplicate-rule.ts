/**
 * `duplicate-rule`: two rule resources that are one cloud rule. Alibaba merges identical rules
 * (authorising an existing rule is a no-op), so two resources own one rule and deleting either
 * deletes both: the other resource then believes in a rule that no longer exists.
 */
import { quote } from "../model/errors";
import { validRuleKey } from "../model/valid-rule-key";
import { describeRule } from "./describe";
import { peerText, portText } from "../model/rule-key";
import { analysisOf, groupsOf } from "./shared-analysis";
import { CheckDefinition, Issue, NetworkCheck } from "./issue";

/** `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Reports each set of rules of one group that are the same cloud rule, once, on its second rule. */
const duplicateRule: NetworkCheck = (network, options) => {
  const out: Issue[] = [];
  for (const group of groupsOf(network)) {
    const analysis = analysisOf(options, network, group);
    // Bucket by the normalised fields first; only rules sharing a bucket pay for their key.
    const buckets = new Map<string, (typeof analysis.rules)[number][]>();
    for (const r of analysis.rules) {
      const b = `${r.direction}|${r.policy}|${r.priority}|${portText(r.rule)}|${peerText(r.rule)}|${r.rule.nicType ?? ""}`;
      const list = buckets.get(b);
      if (list) list.push(r);
      else buckets.set(b, [r]);
    }
    const byKey = new Map<string, number[]>();
    for (const list of buckets.values()) {
      if (list.length < 2) continue;
      for (const r of list) {
        const key = validRuleKey(r.rule, undefined);
        byKey.set(key, [...(byKey.get(key) ?? []), r.index]);
      }
    }
    for (const indexes of byKey.values()) {
      if (indexes.length < 2) continue;
      const rule = analysis.rules.find((r) => r.index === indexes[0]);
      out.push({
        groupId: String(group.id),
        ruleIndex: indexes[1],
        // Every rule is named (`rules[0] and rules[1]`), so a report can put each one's resource
        // name or cloud id in its place: both owners of the rule are shown, not only the second.
        message: `${listed(indexes.map((i) => `rules[${i}]`))} of group ${quote(group.id)} are one cloud rule (${rule ? describeRule(rule) : "the same rule"}): the API merges them, and deleting any of the ${indexes.length} resources deletes the rule for all.`,
        fix: "Keep one resource for the rule (one component or one SecurityGroupRule owns it); reference it instead of declaring it again.",
      });
    }
  }
  return out;
};

/** The `duplicate-rule` check. */
export const duplicateRuleCheck: CheckDefinition<"duplicate-rule"> = {
  id: "duplicate-rule",
  description: "Checks that no two rule resources are one cloud rule: the API merges them, and deleting either deletes both.",
  severity: "high",
  configRules: [],
  scope: "group",
  options: [],
  network: duplicateRule,
};
