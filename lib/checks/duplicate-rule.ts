/**
 * `duplicate-rule`: two rule resources that are one cloud rule. Alibaba merges identical rules
 * (authorising an existing rule is a no-op), so two resources own one rule and deleting either
 * deletes both: the other resource then believes in a rule that no longer exists.
 */
import { quote } from "../model/errors";
import { ruleKey } from "../model/rule-key";
import { describeRule } from "./describe";
import { GroupAnalysis } from "./group-analysis";
import { Issue, NetworkCheck } from "./issue";

/** Reports each set of rules of one group that are the same cloud rule, once, on its second rule. */
export const duplicateRule: NetworkCheck = (network) => {
  const out: Issue[] = [];
  for (const group of Array.isArray(network.groups) ? network.groups : []) {
    if (!group || typeof group !== "object") continue;
    const analysis = new GroupAnalysis(group);
    const byKey = new Map<string, number[]>();
    for (const r of analysis.rules) {
      const key = ruleKey(r.rule);
      byKey.set(key, [...(byKey.get(key) ?? []), r.index]);
    }
    for (const indexes of byKey.values()) {
      if (indexes.length < 2) continue;
      const rule = analysis.rules.find((r) => r.index === indexes[0]);
      out.push({
        groupId: String(group.id),
        ruleIndex: indexes[1],
        message: `rules ${indexes.map((i) => `[${i}]`).join(", ")} of group ${quote(group.id)} are one cloud rule (${rule ? describeRule(rule) : "the same rule"}): the API merges them, and deleting any of the ${indexes.length} resources deletes the rule for all.`,
        fix: "Keep one resource for the rule (one component or one SecurityGroupRule owns it); reference it instead of declaring it again.",
      });
    }
  }
  return out;
};
