/**
 * What the checks on what a network was read from share (rather than on the network: what the
 * readers could not read must weigh in the gate, never pass silently). Each check is in its own
 * file: `unresolved-rule` (a rule left out of the evaluation), `incomplete-input` (a group named
 * without its rules), `conflicting-rule-id` (one cloud rule id naming two rules).
 *
 * Pure, like every check; the audit gives them what the readers listed (lib/sources).
 */
import { isAnyAddress, parseAddress, parseCidr } from "../model/ip";
import { NetworkModel } from "../model/network";
import { trimAsciiSpace } from "../model/ascii-space";
import { IP_PROTOCOLS } from "../model/rule";
import { ResolvedCheckOptions } from "./check-options";
import { CheckId, Finding, Severity } from "./finding";
import { CheckDefinition } from "./issue";

/** A rule a reader left out of the model, with what it could read of it. */
export interface UnreadRule {
  /** The group the rule belongs to, as far as the source says (`""` when it does not). */
  readonly groupId: string;
  /** The rule's fields as read, by `RuleArgs` names; values as the source wrote them. */
  readonly parts: Readonly<Record<string, unknown>>;
  /** Why it was left out. */
  readonly reason: string;
  /** Where it was read, for the message: a rule id, a resource, or `file $.path`. */
  readonly where: string;
}

/** A group an export names without the file of its rules. */
export interface GroupWithoutRules {
  /** The group. */
  readonly groupId: string;
  /** Where it was named, for the message. */
  readonly where: string;
}

/** One rule id naming two different rules. */
export interface RuleIdClash {
  /** The cloud rule id. */
  readonly ruleId: string;
  /** The group of the second rule. */
  readonly groupId: string;
  /** Its index in the group's rules, when it is in the model. */
  readonly ruleIndex?: number;
  /** Where the second rule was read. */
  readonly where: string;
  /** Where the first rule was read. */
  readonly otherWhere: string;
  /** The group of the first rule. */
  readonly otherGroupId: string;
}

/** What a rule's readable parts could do. */
export interface RuleReach {
  /** It could be an accepted ingress rule. */
  readonly admits: boolean;
  /** Its peer could be every address (or the peer cannot be read). */
  readonly world: boolean;
  /** Its peer is a group of another account. */
  readonly otherAccount: boolean;
  /** The admin or database ports it could open (tcp/udp), or `every port`. */
  readonly ports: string[];
}

/** A value as a word: trimmed, lower case; undefined for anything that is not text. */
function word(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return undefined;
  const t = trimAsciiSpace(value).toLowerCase();
  return t === "" ? undefined : t;
}

function set(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/** The port interval a range could be: `[from, to]`, or undefined when it cannot be read (any port). */
function interval(value: unknown): [number, number] | undefined {
  const m = /^(-?\d{1,6})\/(-?\d{1,6})$/.exec(word(value) ?? "");
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = Number(m[2]);
  if (from < 1 || to > 65535 || from > to) return undefined;
  return [from, to];
}

/** True when a block (or bare address) is every address of its family; undefined when it cannot be read. */
function anyAddress(value: unknown): boolean | undefined {
  const t = word(value);
  if (t === undefined) return undefined;
  const block = parseCidr(t) ?? parseAddress(t);
  if (!block) return undefined;
  return isAnyAddress(block);
}

/**
 * What the readable parts of a rule could open, taking every unreadable part at its worst: no
 * readable direction could be ingress, no readable policy could be accept, an unreadable peer
 * could be every address, unreadable ports could be every port.
 */
export function ruleReach(parts: Readonly<Record<string, unknown>>, network: NetworkModel | undefined, watched: readonly number[]): RuleReach {
  const type = word(parts.type);
  const policy = word(parts.policy);
  const admits = type !== "egress" && policy !== "drop";
  // The peer: exactly what can be read of it.
  let world = false;
  let otherAccount = false;
  const peers = ["cidrIp", "ipv6CidrIp", "sourceSecurityGroupId", "prefixListId"].filter((f) => set(parts[f]));
  if (peers.length === 0) world = true;
  for (const f of peers) {
    const v = parts[f];
    if (f === "cidrIp" || f === "ipv6CidrIp") world ||= anyAddress(v) !== false;
    else if (f === "prefixListId") {
      const list = (Array.isArray(network?.prefixLists) ? network.prefixLists : []).find((p) => p && p.id === v);
      world ||= !list || !Array.isArray(list.cidrs) || list.cidrs.some((c) => anyAddress(c) !== false);
    } else otherAccount ||= set(parts.sourceGroupOwnerId) || set(parts.sourceGroupOwnerAccount);
  }
  // The ports.
  const protocol = word(parts.ipProtocol);
  const known = protocol !== undefined && (IP_PROTOCOLS as readonly string[]).includes(protocol);
  const ports: string[] = [];
  if (!known || protocol === "all") ports.push("every port");
  else if (protocol === "tcp" || protocol === "udp") {
    const range = interval(parts.portRange);
    if (!range || (range[0] === 1 && range[1] === 65535)) ports.push("every port");
    else for (const p of watched) if (range[0] <= p && p <= range[1] && !ports.includes(String(p))) ports.push(String(p));
  }
  return { admits, world, otherAccount, ports };
}

function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return value === null ? "null" : `a ${Array.isArray(value) ? "list" : typeof value}`;
}

/** The rule as far as it could be read: `ingress accept "TCP " 22/22 from 0.0.0.0/0`, `?` where nothing was read. */
export function describeParts(parts: Readonly<Record<string, unknown>>): string {
  const part = (f: string) => (set(parts[f]) ? (typeof parts[f] === "string" && /^[\w./:-]{1,60}$/.test(parts[f] as string) ? (parts[f] as string) : shown(parts[f])) : "?");
  const peerField = ["cidrIp", "ipv6CidrIp", "sourceSecurityGroupId", "prefixListId"].find((f) => set(parts[f]));
  const owner = set(parts.sourceGroupOwnerId) ? ` of account ${part("sourceGroupOwnerId")}` : set(parts.sourceGroupOwnerAccount) ? ` of account ${part("sourceGroupOwnerAccount")}` : "";
  const priority = set(parts.priority) ? `, priority ${part("priority")}` : "";
  return `${part("type")} ${set(parts.policy) ? part("policy") : "accept"} ${part("ipProtocol")} ${part("portRange")} ${word(parts.type) === "egress" ? "to" : "from"} ${peerField ? part(peerField) : "?"}${owner}${priority}`;
}

/**
 * A finding of an input check: its id, and its severity from the options, else `severity` (the
 * finding's own, where it depends on what could be read), else the check's default.
 */
export function inputFinding(check: CheckDefinition<CheckId>, options: ResolvedCheckOptions, groupId: string, message: string, fix: string, severity: Severity = check.severity): Finding {
  const f: Finding = { check: check.id, severity: options.severities[check.id] ?? severity, groupId, message, fix };
  const configRule = check.configRules[0];
  if (configRule !== undefined) f.configRule = configRule;
  return f;
}

/** True when the options run this check. */
export function inputCheckEnabled(id: CheckId, options: ResolvedCheckOptions): boolean {
  return !options.checks || options.checks.has(id);
}

// The builders live beside their checks' definitions; the audit takes them from here.
export { unresolvedRuleFinding } from "./unresolved-rule";
export { incompleteInputFinding } from "./incomplete-input";
export { conflictingRuleIdFinding } from "./conflicting-rule-id";
