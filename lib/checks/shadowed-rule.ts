/**
 * `shadowed-rule`: a rule that never decides anything, because rules judged before it (better
 * priority, or a drop at the same priority: drop wins ties) match everything it matches.
 */
import { describeRule } from "./describe";
import { CheckDefinition, GroupCheck, Issue } from "./issue";

/** Reports each rule whose every (peer, protocol, port) is decided by rules of better priority. */
const shadowedRule: GroupCheck = (group) => {
  const out: Issue[] = [];
  for (const rule of group.rules) {
    const s = group.shadowing(rule);
    if (!s) continue;
    const by = s.by
      ? `${describeRule(s.by)} decides everything it matches first${s.by.priority === rule.priority ? " (at equal priority, drop wins)" : ""}`
      : "rules of better priority together decide everything it matches first";
    out.push({
      ruleIndex: rule.index,
      message: `${describeRule(rule)} never takes effect: ${by}.`,
      fix: "Delete it if it is redundant; if it should decide, give it a better priority (a smaller number) than the rules that decide first.",
    });
  }
  return out;
};

/** The `shadowed-rule` check. */
export const shadowedRuleCheck: CheckDefinition<"shadowed-rule"> = {
  id: "shadowed-rule",
  description: "Checks that every rule can take effect, rather than being covered by rules of better priority (or by drops of equal priority).",
  severity: "low",
  configRules: [],
  scope: "group",
  options: [],
  group: shadowedRule,
};
