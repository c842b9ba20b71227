/**
 * Alibaba Cloud's decision on one side of a flow, written once. The evaluator, the access
 * matrix, the priority-aware checks and the components' guard all decide with these functions.
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

/**
 * A number that orders rules as Alibaba judges them: smaller is judged first. Best priority
 * first, and within one priority drops before accepts.
 */
export function decisionRank(rule: Decisive): number {
  return (rule.priority ?? BEST_PRIORITY) * 2 + (rule.policy === "drop" ? 0 : 1);
}

/** True when `a` is judged before `b`: a strictly better priority, or a drop tying with an accept. */
export function decidesBefore(a: Decisive, b: Decisive): boolean {
  return decisionRank(a) < decisionRank(b);
}

/** Orders rules as they are judged (for `Array.prototype.sort`). */
export function byDecision(a: Decisive, b: Decisive): number {
  return decisionRank(a) - decisionRank(b);
}

/** The rule that decides among matching ones (the first judged), or undefined when none matches. */
export function decidingRule<T extends Decisive>(matching: Iterable<T>): T | undefined {
  let best: T | undefined;
  for (const r of matching) if (best === undefined || decidesBefore(r, best)) best = r;
  return best;
}

/**
 * What the implicit default rules decide when no rule matches: inbound is denied; outbound is
 * allowed for basic (`normal`) groups and denied for enterprise ones.
 */
export function defaultAllows(direction: RuleType, type: GroupType): boolean {
  return direction === "egress" && type === "normal";
}

/** Whether one side lets a flow through, given the rules of its groups that match the flow. */
export function sideAllows(matching: Iterable<Decisive>, direction: RuleType, type: GroupType): boolean {
  const rule = decidingRule(matching);
  return rule === undefined ? defaultAllows(direction, type) : rule.policy !== "drop";
}
