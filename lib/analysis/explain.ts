/**
 * The judge's answers in words: one sentence per flow, the same whoever asks (`evaluateFlow`,
 * the intents' witnesses). Pure.
 */
import { GroupType } from "../model/network";
import { peerText, portText } from "../model/rule-key";
import { RuleArgs } from "../model/rule";
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
  // The same rule, or the same interface's default, decides many flows: its words are made once
  // and given again while every field they are made of is the same.
  if (v.decidedBy === "rule" && v.rule) {
    const r = v.rule;
    const known = RULE_WORDS.get(r);
    if (known !== undefined && sameRuleWords(known, v, r)) return known.text;
    const text = ruleSide(v, r);
    RULE_WORDS.set(r, { v: { ...v }, r: { ...r }, text });
    return text;
  }
  const list = DEFAULT_WORDS.get(groupIds);
  const known = list?.find((k) => k.direction === v.direction && k.instanceId === v.instanceId && k.groupType === v.groupType && k.allowed === v.allowed && k.isolation === isolation && sameIds(k.ids, groupIds));
  if (known !== undefined) return known.text;
  const text = defaultSide(v, groupIds, isolation);
  const entry = { direction: v.direction, instanceId: v.instanceId, groupType: v.groupType, allowed: v.allowed, isolation, ids: [...groupIds], text };
  if (!list) DEFAULT_WORDS.set(groupIds, [entry]);
  else if (list.length < 16) list.push(entry);
  return text;
}

/** The words of a rule's verdicts, by rule object, with the verdict and the rule they were made of. */
const RULE_WORDS = new WeakMap<object, { v: Verdict; r: RuleArgs; text: string }>();
/** The words of an interface's defaults, by its list of groups, with the fields they were made of. */
const DEFAULT_WORDS = new WeakMap<readonly string[], (Pick<Verdict, "direction" | "instanceId" | "groupType" | "allowed"> & { isolation: string | undefined; ids: string[]; text: string })[]>();

/** True when the words made before read the same fields: those of the verdict and of the rule that {@link ruleSide} reads. */
function sameRuleWords(known: { v: Verdict; r: RuleArgs }, v: Verdict, r: RuleArgs): boolean {
  const a = known.v;
  const b = known.r;
  return (
    a.direction === v.direction && a.ruleIndex === v.ruleIndex && a.groupId === v.groupId && a.policy === v.policy && a.priority === v.priority && a.allowed === v.allowed &&
    b.ipProtocol === r.ipProtocol && b.portRange === r.portRange && b.cidrIp === r.cidrIp && b.ipv6CidrIp === r.ipv6CidrIp && b.prefixListId === r.prefixListId &&
    b.sourceSecurityGroupId === r.sourceSecurityGroupId && b.sourceGroupOwnerId === r.sourceGroupOwnerId && b.sourceGroupOwnerAccount === r.sourceGroupOwnerAccount
  );
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function ruleSide(v: Verdict, r: NonNullable<Verdict["rule"]>): string {
  const via = v.direction === "ingress" ? "from" : "to";
  return `${v.direction} rule ${v.ruleIndex} of ${v.groupId} (${v.policy} ${portText(r)} ${via} ${peerText(r)}, priority ${v.priority}) ${v.allowed ? "allows" : "denies"} it`;
}

function defaultSide(v: Verdict, groupIds: readonly string[], isolation?: string): string {
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
  // The sides that decided, in order: both when it passes, else those that denied.
  const first = egress !== undefined && (allowed || !egress.verdict.allowed) ? explainSide(egress.verdict, egress.groupIds, isolation) : undefined;
  const second = ingress !== undefined && (allowed || !ingress.verdict.allowed) ? explainSide(ingress.verdict, ingress.groupIds, isolation) : undefined;
  const told = first === undefined ? (second ?? "") : second === undefined ? first : `${first}; ${second}`;
  return { allowed, reason: `${label} is ${allowed ? "allowed" : "denied"}: ${told}.` };
}
