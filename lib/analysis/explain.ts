/**
 * The judge's answers in words: one sentence per flow, the same whoever asks (`evaluateFlow`,
 * the intents' witnesses). Pure.
 */
import { GroupType } from "../model/network";
import { peerText, portText } from "../model/rule-key";
import { DEFAULT_PRIORITY } from "./decision";
import { Verdict } from "./flow";
import { Decider } from "./judge";

/** One side's verdict from what decided it: the fields `evaluateFlow` reports for that side. */
export function verdictOf(d: Decider, direction: "ingress" | "egress", instanceId: string, type: GroupType): Verdict {
  if (d.kind === "inner-access") return { direction, allowed: true, decidedBy: "inner-access", instanceId, groupId: d.groupId, policy: "accept", groupType: "normal" };
  const r = d.rule;
  if (r) {
    return { direction, allowed: d.allowed, decidedBy: "rule", instanceId, groupId: r.groupId, ruleIndex: r.ruleIndex, rule: r.rule, priority: r.priority, policy: r.drop ? "drop" : "accept", groupType: type };
  }
  return { direction, allowed: d.allowed, decidedBy: "default", instanceId, priority: DEFAULT_PRIORITY, policy: d.allowed ? "accept" : "drop", groupType: type };
}

/** How one side decided, in words: the deciding rule, or the default of the interface's groups. */
export function explainSide(v: Verdict, groupIds: readonly string[], isolation?: string): string {
  if (v.decidedBy === "inner-access") return `both are members of basic group ${v.groupId}, whose innerAccessPolicy Accept allows it whatever its rules say`;
  if (v.decidedBy === "rule" && v.rule) {
    const r = v.rule;
    const via = v.direction === "ingress" ? "from" : "to";
    return `${v.direction} rule ${v.ruleIndex} of ${v.groupId} (${v.policy} ${portText(r)} ${via} ${peerText(r)}, priority ${v.priority}) ${v.allowed ? "allows" : "denies"} it`;
  }
  const ids = [...new Set(groupIds)];
  const groups = `${ids.length > 1 ? "groups" : "group"} ${ids.join(", ")}`;
  const kind = v.groupType === "enterprise" ? "enterprise" : "basic";
  const word = v.direction === "egress" ? "outbound" : "inbound";
  const tail = !v.allowed && isolation ? `; ${isolation}` : "";
  return `no ${v.direction} rule of ${v.instanceId}'s ${groups} matches, so the ${kind} default ${v.allowed ? "allows" : "denies"} ${word} traffic${tail}`;
}

/** The sentence for an instance's traffic to itself, which no group judges. */
export function explainSelf(label: string): string {
  return `${label} is allowed: an instance's traffic to itself never leaves it, so no security group judges it.`;
}

/** The sentence for two members of a basic group whose inner access policy is Accept. */
export function explainInnerAccess(label: string, groupId: string): string {
  return `${label} is allowed: both are members of basic group ${groupId}, whose innerAccessPolicy Accept lets members reach each other on every protocol and port, whatever its rules say.`;
}

/** Why two members of one group may be isolated, for the default's sentence. */
export function isolationText(groupId: string, type: GroupType): string {
  return type === "enterprise" ? `members of enterprise group ${groupId} are isolated from each other` : `members of ${groupId} are isolated (innerAccessPolicy Drop)`;
}

/** The sentence for a flow both sides judged (or the one side there is): the sides that decided it, in order. */
export function explainFlow(label: string, egress: { verdict: Verdict; groupIds: readonly string[] } | undefined, ingress: { verdict: Verdict; groupIds: readonly string[] } | undefined, isolation?: string): { allowed: boolean; reason: string } {
  const allowed = (egress?.verdict.allowed ?? true) && (ingress?.verdict.allowed ?? true);
  const told = [egress, ingress].filter((s): s is { verdict: Verdict; groupIds: readonly string[] } => s !== undefined && (allowed || !s.verdict.allowed));
  return { allowed, reason: `${label} is ${allowed ? "allowed" : "denied"}: ${told.map((s) => explainSide(s.verdict, s.groupIds, isolation)).join("; ")}.` };
}
