/**
 * `rule-quota`: more rules in one group than the API allows (200, inbound and outbound
 * together; seed 000). A prefix-list rule counts at the list's capacity. Identical rules are
 * one cloud rule, so they count once.
 */
import { quote } from "../model/errors";
import { validRuleKey } from "../model/valid-rule-key";
import { CheckDefinition, GroupCheck } from "./issue";

/** Reports a group whose rules (prefix lists at their capacity) number more than the quota. */
const ruleQuota: GroupCheck = (group, options) => {
  const max = options.maxRulesPerGroup;
  const weight = (r: (typeof group.rules)[number]) => (r.peer.kind === "prefix-list" ? Math.max(1, r.peer.maxEntries ?? 1) : 1);
  let count = 0;
  for (const r of group.rules) count += weight(r);
  if (count <= max) return [];
  // Only over the quota: pay for rule keys to drop duplicates the API would merge.
  const seen = new Set<string>();
  count = 0;
  for (const r of group.rules) {
    const key = validRuleKey(r.rule, group.classic ? "classic" : "vpc");
    if (seen.has(key)) continue;
    seen.add(key);
    count += weight(r);
  }
  if (count <= max) return [];
  const lists = group.rules.some((r) => r.peer.kind === "prefix-list") ? " (prefix lists count at their capacity)" : "";
  return [
    {
      message: `Group ${quote(group.group.id)} holds ${count} rules${lists}, more than the quota of ${max} per group; the API refuses the rules beyond it.`,
      fix: "Split the group by role, or replace many CIDR rules with one prefix list or one security-group rule.",
    },
  ];
};

/** The `rule-quota` check. */
export const ruleQuotaCheck: CheckDefinition<"rule-quota"> = {
  id: "rule-quota",
  description: "Checks that no group holds more than 200 rules, inbound and outbound together (the API refuses more).",
  severity: "high",
  configRules: [],
  scope: "group",
  options: ["maxRulesPerGroup"],
  group: ruleQuota,
};
