/**
 * `conflicting-rule-id`: one cloud rule id naming two different rules (two exports of different
 * times, a hand edit): both are evaluated, and the disagreement is reported. Pure; the audit
 * gives it what the readers listed.
 */
import { ResolvedCheckOptions } from "./check-options";
import { Finding } from "./finding";
import { RuleIdClash, inputFinding } from "./input-gaps";
import { CheckDefinition } from "./issue";

/** The `conflicting-rule-id` check: no function to run over a network; the audit calls its finding builder. */
export const conflictingRuleIdCheck: CheckDefinition<"conflicting-rule-id"> = {
  id: "conflicting-rule-id",
  description: "Checks that no rule id names two different rules across the files of an export (both are evaluated).",
  severity: "medium",
  configRules: [],
  scope: "input",
  options: [],
};

/** The finding of one rule id naming two different rules; both are evaluated. */
export function conflictingRuleIdFinding(clash: RuleIdClash, options: ResolvedCheckOptions): Finding {
  const f = inputFinding(
    conflictingRuleIdCheck,
    options,
    clash.groupId,
    `rule id ${clash.ruleId} names two different rules: ${clash.otherWhere}${clash.otherGroupId !== clash.groupId ? ` (group ${clash.otherGroupId})` : ""} and ${clash.where}; both are evaluated.`,
    "One rule id is one cloud rule: the files disagree (exports of different times, or an edited file). Export the group again, all pages at once.",
  );
  if (clash.ruleIndex !== undefined) f.ruleIndex = clash.ruleIndex;
  return f;
}
