/**
 * The order in which Alibaba Cloud judges one side's rules, and the implicit defaults, written
 * once. The judge (`judge.ts`) decides with these; nothing else ranks rules.
 *
 * 1. Pool the matching rules of all the interface's groups.
 * 2. The best priority (smallest number; missing = 1) decides; at equal priority a drop wins
 *    (drop wins ties). Specificity and creation time play no part.
 * 3. Nothing matches: the implicit defaults at priority 110 decide. Inbound is denied; outbound
 *    is allowed for basic groups and denied for enterprise groups.
 */
import type { GroupType } from "../model/network";
import { BEST_PRIORITY, DEFAULT_RULES_PRIORITY, RuleType } from "../model/rule";

/** Priority of the implicit default rules: any custom rule beats them. */
export const DEFAULT_PRIORITY = DEFAULT_RULES_PRIORITY;

/** What the decision reads of a rule. */
export interface Decisive {
  /** 1..100; undefined means 1. */
  readonly priority?: number;
  /** `accept` or `drop`; undefined means accept. */
  readonly policy?: "accept" | "drop";
}

/** A rule's priority: the number it gives, or 1 (the provider's and the API's default) when it gives none. */
export function rulePriority(rule: Decisive): number {
  return rule.priority ?? BEST_PRIORITY;
}

/**
 * A number that orders rules as Alibaba judges them: smaller is judged first. Best priority
 * first, and within one priority drops before accepts.
 */
export function decisionRank(rule: Decisive): number {
  return rulePriority(rule) * 2 + (rule.policy === "drop" ? 0 : 1);
}

/** The rank of the implicit default rules (priority 110): after every rule. */
export const DEFAULT_RANK = DEFAULT_PRIORITY * 2;

/** True when `a` is judged before `b`: a strictly better priority, or a drop tying with an accept. */
export function decidesBefore(a: Decisive, b: Decisive): boolean {
  return decisionRank(a) < decisionRank(b);
}

/**
 * What the implicit default rules decide when no rule matches: inbound is denied; outbound is
 * allowed for basic (`normal`) groups and denied for enterprise ones.
 */
export function defaultAllows(direction: RuleType, type: GroupType): boolean {
  return direction === "egress" && type === "normal";
}

/**
 * The rule that decides among rules that all match one packet: the first in decision order.
 * @deprecated Ask the judge (`evaluateFlow`, or `judge` in `alicloud-secgroups/analysis`), which
 *   also matches the rules; this helper will leave the root export in the next minor version.
 */
export function decidingRule<T extends Decisive>(matching: Iterable<T>): T | undefined {
  let best: T | undefined;
  for (const r of matching) if (best === undefined || decisionRank(r) < decisionRank(best)) best = r;
  return best;
}

/**
 * Whether one side lets a packet through, given the rules of its groups that match it.
 * @deprecated Ask the judge (`evaluateFlow`, or `judge` in `alicloud-secgroups/analysis`); this
 *   helper will leave the root export in the next minor version.
 */
export function sideAllows(matching: Iterable<Decisive>, direction: RuleType, type: GroupType): boolean {
  const rule = decidingRule(matching);
  return rule === undefined ? defaultAllows(direction, type) : rule.policy !== "drop";
}
