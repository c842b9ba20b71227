/**
 * What InterconnectGroup writes into descriptions, and each text read back: one function makes a
 * description, the one beside it reads it. The planner writes through the makers; the recogniser
 * reads through the readers, and nowhere else. Member names are written as given (not slugged).
 */
import { groupDescription, readGroupDescription } from "../group-description";
import { PortSpec, parseSpecListText, specListText } from "../port-spec";
import { ReadRule, readRuleDescription, ruleDescription, rulePrefix } from "../rule-description";
import { parseServiceText, serviceText } from "../service-text";
import { parseSpecText, specText } from "../port-spec";
import { INTERCONNECT, INTERCONNECT_METHODS, InterconnectMethod } from "./args";

/**
 * What one rule lets members use: everything, or one protocol and (for tcp and udp) the first
 * port of its entry (`tcp:8080`, `FTP (tcp:21)`, `ICMP`).
 */
export type MemberTraffic = { all: true } | { protocol: string; port?: number; to?: number };

/** How a rule shows its sending member: its address (or, known only at deploy time, its name), or its group (`group sg-…`). */
export type MemberShown = { address: string } | { group: string };

/** What an interconnect rule is for. */
export type InterconnectSaid =
  /** In the group `same-group` and `dedicated-group` create: `interconnect members reach each other on tcp:8080`. */
  | { kind: "shared"; traffic: MemberTraffic }
  /** In a member's group: `member a (10.0.1.11/32) reaches member b on tcp:8080`, `member partner (group 123/sg-…) reaches member server on FTP (tcp:21)`. */
  | { kind: "member"; sender: string; shown: MemberShown; receiver: string; traffic: MemberTraffic }
  /** In an enterprise sender's group (`single-ip`): `member a may reach member b (10.0.1.12/32) on tcp:8080`. */
  | { kind: "member-egress"; sender: string; receiver: string; shown: MemberShown; traffic: MemberTraffic };

/** An interconnect rule description read back. */
export type InterconnectRule = ReadRule<InterconnectMethod, InterconnectSaid>;

const ALL = "every protocol and port";
const SHARED = "interconnect members reach each other on ";
const MEMBER = "member ";
const REACHES_MEMBER = ") reaches member ";
const MAY_REACH_MEMBER = " may reach member ";
const ON = " on ";
const GROUP = "group ";
/** An address, a deploy-time member's name (a slug) or a group's id: no spaces, no parentheses. */
const SHOWN_VALUE = /^[^\s()]+$/;

/** What one rule lets members use, in words. */
export function memberTrafficText(traffic: MemberTraffic): string {
  if ("all" in traffic) return ALL;
  if (traffic.protocol === "icmp") return "ICMP";
  if ((traffic.protocol === "tcp" || traffic.protocol === "udp") && traffic.port !== undefined && traffic.to !== undefined && traffic.to !== traffic.port) {
    return specText({ protocol: traffic.protocol, from: traffic.port, to: traffic.to });
  }
  return serviceText(traffic.port ?? -1, traffic.protocol);
}

/** What {@link memberTrafficText} wrote, or `undefined`. */
export function readMemberTrafficText(text: string): MemberTraffic | undefined {
  if (text === ALL) return { all: true };
  if (text === "ICMP") return { protocol: "icmp" };
  const range = parseSpecText(text);
  if (range && range.from !== range.to) return { protocol: range.protocol, port: range.from, to: range.to };
  const read = parseServiceText(text);
  return read && read.protocol !== "icmp" ? { protocol: read.protocol, port: read.port } : undefined;
}

/** How a rule shows its sending member. */
export function memberShownText(shown: MemberShown): string {
  return "group" in shown ? `${GROUP}${shown.group}` : shown.address;
}

/** What {@link memberShownText} wrote, or `undefined`. */
export function readMemberShownText(text: string): MemberShown | undefined {
  if (text.startsWith(GROUP)) return SHOWN_VALUE.test(text.slice(GROUP.length)) ? { group: text.slice(GROUP.length) } : undefined;
  return SHOWN_VALUE.test(text) ? { address: text } : undefined;
}

/** What an interconnect rule is for, in words: the part after `<name> <method>: `. */
export function interconnectWhy(said: InterconnectSaid): string {
  const on = `${ON}${memberTrafficText(said.traffic)}`;
  if (said.kind === "shared") return `${SHARED}${memberTrafficText(said.traffic)}`;
  if (said.kind === "member") return `${MEMBER}${said.sender} (${memberShownText(said.shown)}${REACHES_MEMBER}${said.receiver}${on}`;
  return `${MEMBER}${said.sender}${MAY_REACH_MEMBER}${said.receiver} (${memberShownText(said.shown)})${on}`;
}

/** What {@link interconnectWhy} wrote, or `undefined` for text it never writes. */
export function readInterconnectWhy(text: string): InterconnectSaid | undefined {
  if (text.startsWith(SHARED)) {
    const traffic = readMemberTrafficText(text.slice(SHARED.length));
    return traffic && { kind: "shared", traffic };
  }
  if (!text.startsWith(MEMBER)) return undefined;
  // The traffic comes last and never holds " on ".
  const on = text.lastIndexOf(ON);
  const traffic = on < 0 ? undefined : readMemberTrafficText(text.slice(on + ON.length));
  if (!traffic) return undefined;
  const body = text.slice(MEMBER.length, on);
  // `<sender> (<shown>) reaches member <receiver>`: the first place where a shown value fits.
  for (let at = body.indexOf(REACHES_MEMBER); at >= 0; at = body.indexOf(REACHES_MEMBER, at + 1)) {
    const open = body.lastIndexOf(" (", at);
    const shown = open < 0 ? undefined : readMemberShownText(body.slice(open + 2, at));
    const sender = body.slice(0, open);
    const receiver = body.slice(at + REACHES_MEMBER.length);
    if (shown && sender !== "" && receiver !== "") return { kind: "member", sender, shown, receiver, traffic };
  }
  // `<sender> may reach member <receiver> (<shown>)`.
  const open = body.lastIndexOf(" (");
  const shown = open >= 0 && body.endsWith(")") ? readMemberShownText(body.slice(open + 2, -1)) : undefined;
  const head = open >= 0 ? body.slice(0, open) : "";
  for (let at = head.indexOf(MAY_REACH_MEMBER); shown && at >= 0; at = head.indexOf(MAY_REACH_MEMBER, at + 1)) {
    const sender = head.slice(0, at);
    const receiver = head.slice(at + MAY_REACH_MEMBER.length);
    if (sender !== "" && receiver !== "") return { kind: "member-egress", sender, receiver, shown, traffic };
  }
  return undefined;
}

/** An interconnect rule description: `<name> <method>: <what it is for>`, with the opt-in note when `unsafe` gives its reason. */
export function describeInterconnectRule(rule: InterconnectRule & { said: InterconnectSaid }): string {
  return ruleDescription(rulePrefix(rule.name, rule.role), interconnectWhy(rule.said), rule.unsafe);
}

/** An interconnect rule description read back (of the component `name` only, when given). */
export function readInterconnectRule(text: string, name?: string): InterconnectRule | undefined {
  return readRuleDescription(text, INTERCONNECT_METHODS, readInterconnectWhy, name);
}

/** What members may use, as the group description says it: everything, or the port entries (`ICMP` for ping). */
export type GroupTraffic = { all: true } | { ports: PortSpec[] };

/** What the group `same-group` and `dedicated-group` create says of itself. */
export interface InterconnectGroupSaid {
  /** The component's name. */
  name: string;
  /** The method. */
  method: "same-group" | "dedicated-group";
  /** The members' names, in order. */
  members: string[];
  /** What members may use. */
  traffic: GroupTraffic;
}

/** What members may use, as the group description says it. */
export function groupTrafficText(traffic: GroupTraffic): string {
  return "all" in traffic ? ALL : specListText(traffic.ports);
}

const OF = " interconnect of ";
const EACH_OTHER = "; members reach each other on ";

/**
 * The group's description: `mesh: dedicated-group interconnect of a, b; members reach each other
 * on every protocol and port (InterconnectGroup, managed by alicloud-secgroups)`. The members are
 * joined by `, `, so a member name holding `, ` reads back as two.
 */
export function describeInterconnectGroup(group: InterconnectGroupSaid): string {
  return groupDescription(`${group.name}: ${group.method}${OF}${group.members.join(", ")}${EACH_OTHER}${groupTrafficText(group.traffic)}`, INTERCONNECT);
}

/** The group's description read back, or `undefined` for any other text (a cut one included). */
export function readInterconnectGroup(description: string): InterconnectGroupSaid | undefined {
  const text = readGroupDescription(description, INTERCONNECT);
  const at = text === undefined ? -1 : text.lastIndexOf(EACH_OTHER);
  if (text === undefined || at < 0) return undefined;
  const said = text.slice(at + EACH_OTHER.length);
  const ports = said === ALL ? undefined : parseSpecListText(said);
  if (said !== ALL && !ports) return undefined;
  const head = text.slice(0, at);
  // The name ends at the first `: <method> interconnect of ` (from the left).
  const [first] = (["same-group", "dedicated-group"] as const)
    .map((method) => ({ method, sep: `: ${method}${OF}`, split: head.indexOf(`: ${method}${OF}`, 1) }))
    .filter((m) => m.split > 0 && head.length > m.split + m.sep.length)
    .sort((x, y) => x.split - y.split);
  if (!first) return undefined;
  return { name: head.slice(0, first.split), method: first.method, members: head.slice(first.split + first.sep.length).split(", "), traffic: ports ? { ports } : { all: true } };
}
