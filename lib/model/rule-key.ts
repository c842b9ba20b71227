/**
 * Rule identity from meaning. Two rules with the same key are the same cloud rule: Alibaba
 * merges duplicates silently, so a key also names the rule's Pulumi resource.
 */
import { ValidationError } from "./errors";
import type { GroupNetwork } from "./network";
import { formatRanges } from "./port-ranges";
import { RuleArgs, hasPorts, portInterval, validateRule } from "./rule";
import { validRuleKey } from "./valid-rule-key";
import { knownNormalIn } from "./validated-rules";

/** Short text for a validated rule's peer: a CIDR, `sg-…` (with `owner/`), or `pl-…`. */
export function peerText(rule: RuleArgs): string {
  if (rule.cidrIp) return rule.cidrIp;
  if (rule.ipv6CidrIp) return rule.ipv6CidrIp;
  if (rule.prefixListId) return rule.prefixListId;
  const owner = rule.sourceGroupOwnerId ?? rule.sourceGroupOwnerAccount;
  return owner ? `${owner}/${rule.sourceSecurityGroupId}` : `${rule.sourceSecurityGroupId}`;
}

/** Short text for a validated rule's ports: `tcp:22`, `tcp:8000-8080`, `icmp`, `all`. */
export function portText(rule: Pick<RuleArgs, "ipProtocol" | "portRange">): string {
  if (!hasPorts(rule.ipProtocol)) return rule.ipProtocol;
  return `${rule.ipProtocol}:${formatRanges([portInterval(rule)])}`;
}

/**
 * A stable key for what a rule means: direction, policy, priority, protocol, ports, peer (with
 * its owner account) and nic type, as the group holding it sees the rule. The description is
 * not part of it (it changes in place). The rule is validated first, so `10.0.0.1` and
 * `10.0.0.1/32` give one key. In a `"classic"` group the nic type is the one the group gives
 * the rule (a CIDR rule without one is `internet`), and an internet rule's key ends in
 * `-internet`; in a VPC group every rule is intranet, so the nic type adds nothing. This key
 * reads the rule alone: a rule that says `internet` keeps the suffix (only a classic group holds
 * one); {@link ruleKeyIn} reads it in its group's network.
 *
 * @example ruleKey({ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "203.0.113.7" })
 *   // => "in-accept-p1-tcp:22-from-203.0.113.7/32"
 * @example ruleKeyIn({ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "203.0.113.7" }, "classic")
 *   // => "in-accept-p1-tcp:22-from-203.0.113.7/32-internet"
 */
export function ruleKey(rule: RuleArgs): string {
  return ruleKeyIn(rule, undefined);
}

/** {@link ruleKey} as a group in `network` sees the rule (`"classic"` or `"vpc"`; undefined: as the rule says). */
export function ruleKeyIn(rule: RuleArgs, network: GroupNetwork | undefined): string {
  // A rule a reader normalised and sealed validates to a copy of itself (validation is idempotent).
  return validRuleKey(knownNormalIn(rule) !== undefined ? rule : validateRule(rule), network);
}

/**
 * Drops rules whose key (in the group's network, see {@link ruleKey}) was already seen, keeping
 * the first of each (and its description). Returns the validated rules in first-seen order.
 */
export function dedupeRules(rules: readonly RuleArgs[], network?: GroupNetwork): RuleArgs[] {
  if (!Array.isArray(rules)) throw new ValidationError("invalid-object", "rules", rules, "must be an array of rules", "Pass an array, possibly empty.");
  const seen = new Map<string, RuleArgs>();
  for (const rule of rules) {
    const key = ruleKeyIn(rule, network);
    if (!seen.has(key)) seen.set(key, validateRule(rule));
  }
  return [...seen.values()];
}
