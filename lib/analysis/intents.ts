/**
 * Intents: who may reach what, stated as data and proved over the whole network, exhaustively,
 * by the judge (SEMANTICS.md, "Intents"). An intent names a region of traffic (`from`, `to`,
 * protocols and ports) and what must hold for all of it: `allow` holds when every flow of the
 * region passes both sides, `deny` when no flow of it does. The proof covers every address of
 * the blocks, every port and every protocol named, as regions, never samples; a broken intent
 * comes with one concrete flow that shows it (its witness) and the deciding rule of each side,
 * in `evaluateFlow`'s words.
 *
 * How a region is read:
 * - a selector naming groups (by id, name, tags, or a component's tiers) stands for their
 *   members: the instances the model knows hold them, each with all its groups; a group with no
 *   known member stands for one member holding that group alone, at any private address
 *   (RFC 1918 for IPv4, unique-local for IPv6; IPv4 only in the classic network, which has no IPv6);
 * - an address or block stands for the hosts at those addresses, and for the model's instances
 *   whose address lies inside it; `internet` is every public address of both families,
 *   `anywhere` every address (and every instance);
 * - a flow joins two ends of one address family; between two interfaces both sides are judged,
 *   between an interface and an outside address only the interface's side; an instance's
 *   traffic to itself is never judged; two members sharing a basic group whose inner access
 *   policy is Accept reach each other on everything.
 *
 * A sender's egress depends on the receiver's address, the receiver's ingress on the sender's:
 * so a region passes entirely where, port by port, the egress allows every receiver address and
 * the ingress every sender address, and passes nowhere where the ports some receiver address
 * gets out on and the ports some sender address gets in on do not meet.
 */
import { ValidationError, quote } from "../model/errors";
import { IpFamily, addressText, isAnyAddress, parseCidr } from "../model/ip";
import { GroupModel, NetworkModel } from "../model/network";
import { Port } from "../model/port";
import { parsePortSpec } from "../model/port-forms";
import { ALL_PORTS, PortRange, intersectRanges, subtractRanges, unionRanges } from "../model/port-ranges";
import { RuleType } from "../model/rule";
import { ANYWHERE, AddressRanges, AddressSet, INTERNET_ADDRESSES, INTERNET_IPV4, INTERNET_IPV6, PRIVATE_ADDRESSES, addressSetOf, intersectAddressRanges, isEmptyAddressSet, rangesOf, subtractAddressRanges } from "./address-space";
import { addressCells } from "./cells";
import { explainFlow, explainInnerAccess, isolationText, verdictOf } from "./explain";
import { FAMILY_PROTOCOLS, FlowProtocol, Verdict, protocolHasPorts } from "./flow";
import { Decider, JudgedProtocol, Segment, Side, allowedPorts, innerAccessDecider, judge, opensInside, ruleMatchesPeer, sharedOpenGroup, sideOf } from "./judge";
import { CompiledRule, IndexedInstance, NetworkIndex, PeerPoint, networkIndex } from "./rule-index";

/**
 * Who an intent is about: `"internet"` (every public address; `"internet-ipv4"`, `"internet-ipv6"`
 * one family), `"anywhere"` (every address), an
 * address or block (`"203.0.113.0/24"`, `"2001:db8::/32"`), a group (`{ group: "<id or name>" }`),
 * the groups and instances carrying some tags (`{ tags: { role: "db" } }`), or a component's
 * groups or one of its tiers (`{ component: "shop", tier: "db" }`).
 */
export type IntentSelector = "internet" | "internet-ipv4" | "internet-ipv6" | "anywhere" | string | { group: string } | { tags: Readonly<Record<string, string>> } | { component: string; tier?: string } | { cidr: string };

/** Ports of an intent: `"*"` (every protocol and port) or port entries in the library's forms (`443`, `"tcp:8000-8080"`, `"udp:53"`, `"icmp"`, a `Port`). */
export type IntentPorts = "*" | readonly (number | string | Port)[];

/** A region of traffic: from, to, on which ports. */
export interface IntentRegion {
  /** The senders. */
  from: IntentSelector;
  /** The receivers. */
  to: IntentSelector;
  /** The protocols and ports. */
  ports: IntentPorts;
}

/** Who may reach what: a region and what must hold for all of it. */
export interface Intent extends IntentRegion {
  /** Unique among the intents proved together. */
  id: string;
  /** `allow`: every flow of the region passes; `deny`: none does. */
  expect: "allow" | "deny";
  /** Why, shown in reports. */
  because?: string;
  /** Regions this intent does not speak for: for a component's deny-intent, those its own and other components' allow-intents cover; for a user's, only those the user wrote (nothing narrows a user's intent). */
  unless?: readonly IntentRegion[];
  /** The component that declared it (`ThreeTierSecurityGroups "shop"`); absent for a user's intent. */
  declaredBy?: string;
}

/** A selector in one object with optional fields (one of them set), for languages without unions (the plugin's schema). */
export interface IntentSelectorArgs {
  /** Every public address (of one family with `family`). */
  internet?: boolean;
  /** With `internet`: `"ipv4"` or `"ipv6"` only. @default both */
  family?: string;
  /** Every address. */
  anywhere?: boolean;
  /** An address or block. */
  cidr?: string;
  /** A group, by id or name. */
  group?: string;
  /** Groups and instances carrying all these tags. */
  tags?: Record<string, string>;
  /** A component instance's groups. */
  component?: string;
  /** With `component`: one of its tiers (`web`, `app`, `db`, or the group's role). */
  tier?: string;
}

/** An intent in one object without unions, for the plugin's schema. */
export interface IntentArgs {
  /** Unique among the intents. */
  id: string;
  /** The senders. */
  from: IntentSelectorArgs;
  /** The receivers. */
  to: IntentSelectorArgs;
  /** Port entries as strings (`"tcp:443"`, `"icmp"`); with `portNumbers`, the union. */
  ports?: string[];
  /** tcp port numbers. */
  portNumbers?: number[];
  /** Every protocol and port (instead of `ports`). */
  allPorts?: boolean;
  /** `allow` or `deny`. */
  expect: string;
  /** Why. */
  because?: string;
}

/** A region in one object without unions: a component's deny-intent does not speak for it. */
export interface IntentRegionArgs {
  /** The senders. */
  from: IntentSelectorArgs;
  /** The receivers. */
  to: IntentSelectorArgs;
  /** Port entries as strings; with `portNumbers`, the union. */
  ports?: string[];
  /** tcp port numbers. */
  portNumbers?: number[];
  /** Every protocol and port. */
  allPorts?: boolean;
}

/** An intent as a component declares it, without unions: a user's fields, and for a component's own, who declared it and what it leaves out. */
export interface DeclaredIntentArgs extends IntentArgs {
  /** The component that declared it (`ThreeTierSecurityGroups "shop"`); absent for a user's intent. */
  declaredBy?: string;
  /** Regions the component's allow-intents cover, which this deny-intent does not speak for. */
  unless?: IntentRegionArgs[];
}

/** What the proof knows besides the network: components' groups, and values known only at deploy time. */
export interface IntentContext {
  /** Component instances by name: their groups by tier (or role). */
  components?: Readonly<Record<string, { readonly type?: string; readonly tiers: Readonly<Record<string, readonly string[]>> }>>;
  /** Groups whose rules or members depend on values known only at deploy time, with what was unknown: an intent about them is unproven. */
  unknown?: ReadonlyMap<string, string>;
}

/** One side of a witness flow. */
export interface WitnessSide {
  /** The side's verdict, as `evaluateFlow` gives it. */
  verdict: Verdict;
}

/** A concrete flow that breaks an intent, with what decided it. */
export interface IntentWitness {
  /** The sender: an instance id, `member of <group>` (with its address), or an outside address. */
  from: string;
  /** The receiver. */
  to: string;
  /** Its protocol (`other`: an IP protocol only `all` rules match). */
  protocol: JudgedProtocol;
  /** Its port, for tcp and udp. */
  port?: number;
  /** Whether it passes. */
  allowed: boolean;
  /** Why, in `evaluateFlow`'s words. */
  reason: string;
  /** The sender's side, when the sender is an interface. */
  egress?: Verdict;
  /** The receiver's side, when the receiver is an interface. */
  ingress?: Verdict;
}

/** The verdict on one intent. */
export interface IntentResult {
  /** The intent's id. */
  id: string;
  /** What it expects. */
  expect: "allow" | "deny";
  /** Why it was declared. */
  because?: string;
  /** Who declared it, for a component's intent. */
  declaredBy?: string;
  /** `proven`: holds for the whole region; `broken`: a witness shows otherwise; `vacuous`: the region holds no flow (a selector matched nothing); `unproven`: it depends on values known only at deploy time. */
  status: "proven" | "broken" | "vacuous" | "unproven";
  /** For a broken intent: one flow that breaks it. */
  witness?: IntentWitness;
  /** Pairs of ends judged (interfaces and address sets). */
  pairs: number;
  /** What was unknown, for an unproven intent; or why the region is empty, for a vacuous one. */
  notes?: string[];
}

type ProtocolPorts = Map<JudgedProtocol, PortRange[]>;

const EVERY_PROTOCOL: readonly JudgedProtocol[] = ["tcp", "udp", "icmp", "icmpv6", "gre", "other"];
const INTENT_KEYS = new Set(["id", "from", "to", "ports", "expect", "because", "unless", "declaredBy"]);
const SELECTOR_KEYS = new Set(["group", "tags", "component", "tier", "cidr"]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function checkSelector(field: string, value: unknown): IntentSelector {
  if (typeof value === "string") {
    if (value === "internet" || value === "internet-ipv4" || value === "internet-ipv6" || value === "anywhere") return value;
    if (parseCidr(value)) return value;
    throw new ValidationError("invalid-argument", field, value, "is not a selector", `Use "internet", "anywhere", an address or block ("203.0.113.0/24"), { group }, { tags } or { component, tier }.`);
  }
  if (!isRecord(value)) throw new ValidationError("invalid-object", field, value, "is not a selector", `Use "internet", "anywhere", an address or block, { group: "sg-…" }, { tags: { role: "db" } } or { component: "shop", tier: "db" }.`);
  for (const k of Object.keys(value)) if (!SELECTOR_KEYS.has(k)) throw new ValidationError("invalid-argument", `${field}.${k}`, value[k], "is not a selector field", "Use one of group, tags, component (with tier) or cidr.");
  if (value.tier !== undefined && value.component === undefined) throw new ValidationError("invalid-argument", `${field}.tier`, value.tier, "needs a component", `Write { component: "<name>", tier: ${quote(value.tier)} }.`);
  const set = ["group", "tags", "component", "cidr"].filter((k) => value[k] !== undefined);
  if (set.length !== 1) throw new ValidationError("invalid-argument", field, value, set.length === 0 ? "names nothing" : `names ${set.join(" and ")}: a selector is one of them`, "Write one selector; list several intents for several.");
  if (value.group !== undefined) {
    if (typeof value.group !== "string" || value.group === "") throw new ValidationError("invalid-argument", `${field}.group`, value.group, "is not a group id or name", `Write { group: "sg-…" } or the group's name.`);
    return { group: value.group };
  }
  if (value.cidr !== undefined) {
    if (typeof value.cidr !== "string" || !parseCidr(value.cidr)) throw new ValidationError("invalid-cidr", `${field}.cidr`, value.cidr, "is not an address or block", `Write e.g. "203.0.113.0/24".`);
    return value.cidr;
  }
  if (value.tags !== undefined) {
    const tags = value.tags;
    if (!isRecord(tags) || Object.keys(tags).length === 0 || Object.values(tags).some((v) => typeof v !== "string")) throw new ValidationError("invalid-argument", `${field}.tags`, tags, "is not a set of tags", `Write { tags: { role: "db" } }.`);
    return { tags: { ...(tags as Record<string, string>) } };
  }
  if (typeof value.component !== "string" || value.component === "") throw new ValidationError("invalid-argument", `${field}.component`, value.component, "is not a component instance's name", `Write { component: "shop" } or { component: "shop", tier: "db" }.`);
  if (value.tier !== undefined && (typeof value.tier !== "string" || value.tier === "")) throw new ValidationError("invalid-argument", `${field}.tier`, value.tier, "is not a tier", `Write a tier such as "web", "app" or "db".`);
  return value.tier === undefined ? { component: value.component } : { component: value.component, tier: value.tier as string };
}

function checkPorts(field: string, value: unknown): IntentPorts {
  if (value === "*") return "*";
  if (!Array.isArray(value) || value.length === 0) throw new ValidationError("invalid-argument", field, value, "is not a list of ports", `Write "*" for every protocol and port, or entries such as [443, "udp:53", "icmp"].`);
  value.forEach((p, i) => parsePortSpec(`${field}[${i}]`, p));
  return value as IntentPorts;
}

/**
 * Validates intents (a list, as the intents file's `intents` or code gives them) and returns
 * them checked: unique ids, `expect` allow or deny, selectors and ports in their forms, unknown
 * keys refused. Throws {@link ValidationError} naming the intent (`intents[2].to.group`).
 */
export function validateIntents(value: unknown, field = "intents"): Intent[] {
  if (!Array.isArray(value)) throw new ValidationError("invalid-object", field, value, "must be a list of intents", `Write [{ id, from, to, ports, expect }, …].`);
  const ids = new Set<string>();
  // A stack's deny-intents share one list of the other components' allows: each region object is
  // read once, and every intent holding it holds the one region read from it.
  const regions = new Map<object, IntentRegion>();
  return value.map((raw, i) => checkIntent(raw, `${field}[${i}]`, ids, regions));
}

/** One intent checked (see {@link validateIntents}), its errors naming `at`; `ids` are the ids taken so far, `regions` the `unless` regions read so far, by the object given. */
function checkIntent(raw: unknown, at: string, ids: Set<string>, regions = new Map<object, IntentRegion>()): Intent {
  if (!isRecord(raw)) throw new ValidationError("invalid-object", at, raw, "is not an intent", `Write { id, from, to, ports, expect, because }.`);
  for (const k of Object.keys(raw)) if (!INTENT_KEYS.has(k)) throw new ValidationError("invalid-argument", `${at}.${k}`, raw[k], "is not a field of an intent", "Use id, from, to, ports, expect, because and unless.");
  if (typeof raw.id !== "string" || raw.id.trim() === "") throw new ValidationError("invalid-id", `${at}.id`, raw.id, "must be a non-empty text", "Give each intent an id, e.g. \"no-internet-to-db\".");
  if (ids.has(raw.id)) throw new ValidationError("duplicate-id", `${at}.id`, raw.id, "is used by two intents", "Give each intent its own id.");
  ids.add(raw.id);
  if (raw.expect !== "allow" && raw.expect !== "deny") throw new ValidationError("invalid-argument", `${at}.expect`, raw.expect, "is not allow or deny", `Write expect: "allow" (every flow of the region passes) or "deny" (none does).`);
  if (raw.because !== undefined && typeof raw.because !== "string") throw new ValidationError("invalid-argument", `${at}.because`, raw.because, "must be text", "Say why, in a sentence.");
  const intent: Intent = { id: raw.id, from: checkSelector(`${at}.from`, raw.from), to: checkSelector(`${at}.to`, raw.to), ports: checkPorts(`${at}.ports`, raw.ports), expect: raw.expect };
  if (raw.because !== undefined) intent.because = raw.because as string;
  if (raw.declaredBy !== undefined) {
    if (typeof raw.declaredBy !== "string" || raw.declaredBy === "") throw new ValidationError("invalid-argument", `${at}.declaredBy`, raw.declaredBy, "must be a component's name", `Write the component that declared it, e.g. 'ThreeTierSecurityGroups "shop"', or leave it out for your own intent.`);
    intent.declaredBy = raw.declaredBy;
  }
  if (raw.unless !== undefined) {
    if (!Array.isArray(raw.unless)) throw new ValidationError("invalid-object", `${at}.unless`, raw.unless, "must be a list of regions", "Write [{ from, to, ports }].");
    intent.unless = raw.unless.map((u, j) => {
      if (!isRecord(u)) throw new ValidationError("invalid-object", `${at}.unless[${j}]`, u, "is not a region", "Write { from, to, ports }.");
      const read = regions.get(u);
      if (read) return read;
      for (const k of Object.keys(u)) if (k !== "from" && k !== "to" && k !== "ports") throw new ValidationError("invalid-argument", `${at}.unless[${j}].${k}`, u[k], "is not a field of a region", "Use from, to and ports.");
      const region: IntentRegion = { from: checkSelector(`${at}.unless[${j}].from`, u.from), to: checkSelector(`${at}.unless[${j}].to`, u.to), ports: checkPorts(`${at}.unless[${j}].ports`, u.ports) };
      regions.set(u, region);
      return region;
    });
  }
  return intent;
}

const ARGS_KEYS = new Set(["id", "from", "to", "ports", "portNumbers", "allPorts", "expect", "because"]);
const REGION_ARGS_KEYS = new Set(["from", "to", "ports", "portNumbers", "allPorts"]);
const SELECTOR_ARGS_KEYS = new Set(["internet", "anywhere", "family", "cidr", "group", "tags", "component", "tier"]);

/** A selector from its union-free form, every field checked; what is not an object is left to {@link checkSelector}. */
function selectorFromArgs(s: unknown, at: string): unknown {
  if (!isRecord(s)) return s;
  for (const k of Object.keys(s)) if (!SELECTOR_ARGS_KEYS.has(k)) throw new ValidationError("invalid-argument", `${at}.${k}`, s[k], "is not a field of a selector", "Use one of internet (with family), anywhere, cidr, group, tags or component (with tier).");
  for (const k of ["internet", "anywhere"] as const) {
    if (s[k] !== undefined && typeof s[k] !== "boolean") throw new ValidationError("invalid-argument", `${at}.${k}`, s[k], "must be true or false", `Write ${k}: true, or leave it out.`);
  }
  if (s.tier !== undefined && s.component === undefined) throw new ValidationError("invalid-argument", `${at}.tier`, s.tier, "needs a component", `Write { component: "<name>", tier: ${quote(s.tier)} }.`);
  const set = ["internet", "anywhere"].filter((k) => s[k] === true).concat(["cidr", "group", "tags", "component"].filter((k) => s[k] !== undefined));
  if (set.length !== 1) throw new ValidationError("invalid-argument", at, s, set.length === 0 ? "names nothing" : `names ${set.join(" and ")}: a selector is one of them`, "Set exactly one of internet, anywhere, cidr, group, tags or component; list several intents for several.");
  if (s.family !== undefined) {
    if (s.internet !== true) throw new ValidationError("invalid-argument", `${at}.family`, s.family, "applies only to internet", `Write { internet: true, family: "ipv4" }, or leave family out.`);
    if (s.family !== "ipv4" && s.family !== "ipv6") throw new ValidationError("invalid-argument", `${at}.family`, s.family, "is not ipv4 or ipv6", `Write family: "ipv4" or "ipv6", or leave it out for both.`);
    return `internet-${s.family}`;
  }
  if (s.internet === true) return "internet";
  if (s.anywhere === true) return "anywhere";
  const { internet: _i, anywhere: _a, ...rest } = s;
  return rest;
}

/** A region's ports from the union-free form: `allPorts`, or `ports` and `portNumbers` joined, each entry checked where it was written. */
function portsFromArgs(a: Record<string, unknown>, at: string): unknown {
  if (a.allPorts !== undefined && typeof a.allPorts !== "boolean") throw new ValidationError("invalid-argument", `${at}.allPorts`, a.allPorts, "must be true or false", "Write allPorts: true for every protocol and port, or name the ports.");
  const ports = a.ports ?? [];
  const numbers = a.portNumbers ?? [];
  if (!Array.isArray(ports)) throw new ValidationError("invalid-argument", `${at}.ports`, ports, "is not a list of ports", `Write ports: ["tcp:443", "udp:53", "icmp"].`);
  if (!Array.isArray(numbers)) throw new ValidationError("invalid-port", `${at}.portNumbers`, numbers, "is not a list of port numbers", "Write portNumbers: [443, 8443] (tcp ports).");
  ports.forEach((p, i) => {
    if (typeof p !== "string") throw new ValidationError("invalid-port", `${at}.ports[${i}]`, p, "is not a port entry as text", `Write "tcp:443", "udp:53" or "icmp"; numbers go in portNumbers.`);
    parsePortSpec(`${at}.ports[${i}]`, p);
  });
  numbers.forEach((n, i) => {
    if (typeof n !== "number") throw new ValidationError("invalid-port", `${at}.portNumbers[${i}]`, n, "is not a port number", "Write a tcp port number such as 443; other entries go in ports.");
    parsePortSpec(`${at}.portNumbers[${i}]`, n);
  });
  if (a.allPorts === true) {
    if (ports.length > 0 || numbers.length > 0) throw new ValidationError("invalid-argument", `${at}.allPorts`, true, "is set together with ports", "Write allPorts: true (every protocol and port) or name the ports, not both.");
    return "*";
  }
  if (ports.length === 0 && numbers.length === 0) throw new ValidationError("invalid-argument", `${at}.ports`, ports, "names no port", `Name the ports (ports: ["tcp:443"], portNumbers: [443]) or write allPorts: true.`);
  return [...ports, ...numbers];
}

/**
 * An intent from its union-free form (the plugin's), every field checked where it was written.
 * Throws {@link ValidationError} naming the field (`args.intents[1].to.tier`).
 */
export function intentFromArgs(args: IntentArgs, field = "intent"): Intent {
  const a = args as unknown;
  if (!isRecord(a)) throw new ValidationError("invalid-object", field, a, "is not an intent", "Write { id, from, to, ports or portNumbers or allPorts, expect, because }.");
  for (const k of Object.keys(a)) if (!ARGS_KEYS.has(k)) throw new ValidationError("invalid-argument", `${field}.${k}`, a[k], "is not a field of an intent", "Use id, from, to, ports, portNumbers, allPorts, expect and because.");
  const raw: Record<string, unknown> = { id: a.id, from: selectorFromArgs(a.from, `${field}.from`), to: selectorFromArgs(a.to, `${field}.to`), ports: portsFromArgs(a, field), expect: a.expect };
  if (a.because !== undefined) raw.because = a.because;
  return checkIntent(raw, field, new Set());
}

/** A region of a component's deny-intent (`unless`) from its union-free form. */
function regionFromArgs(value: unknown, at: string): Record<string, unknown> {
  if (!isRecord(value)) throw new ValidationError("invalid-object", at, value, "is not a region", "Write { from, to, ports or portNumbers or allPorts }.");
  for (const k of Object.keys(value)) if (!REGION_ARGS_KEYS.has(k)) throw new ValidationError("invalid-argument", `${at}.${k}`, value[k], "is not a field of a region", "Use from, to, ports, portNumbers and allPorts.");
  return { from: selectorFromArgs(value.from, `${at}.from`), to: selectorFromArgs(value.to, `${at}.to`), ports: portsFromArgs(value, at) };
}

/**
 * A declared intent from its union-free form, as a component's `intents` output holds it: an
 * intent's fields, with `declaredBy` and `unless` for a component's own. Throws
 * {@link ValidationError} naming the field.
 */
export function declaredIntentFromArgs(args: DeclaredIntentArgs, field = "intent"): Intent {
  const a = args as unknown;
  if (!isRecord(a)) throw new ValidationError("invalid-object", field, a, "is not an intent", "Write { id, from, to, ports or portNumbers or allPorts, expect, because, declaredBy, unless }.");
  const { declaredBy, unless, ...rest } = a;
  const intent = intentFromArgs(rest as unknown as IntentArgs, field);
  const raw: Record<string, unknown> = { ...intent };
  if (declaredBy !== undefined) raw.declaredBy = declaredBy;
  if (unless !== undefined) {
    if (!Array.isArray(unless)) throw new ValidationError("invalid-object", `${field}.unless`, unless, "must be a list of regions", "Write [{ from, to, ports }].");
    raw.unless = unless.map((u, j) => regionFromArgs(u, `${field}.unless[${j}]`));
  }
  return checkIntent(raw, field, new Set());
}

/** A selector in the union-free form. */
export function selectorToArgs(s: IntentSelector): IntentSelectorArgs {
  if (s === "internet" || s === "anywhere") return { [s]: true };
  if (s === "internet-ipv4" || s === "internet-ipv6") return { internet: true, family: s.slice("internet-".length) };
  if (typeof s === "string") return { cidr: s };
  if ("cidr" in s) return { cidr: s.cidr };
  if ("group" in s) return { group: s.group };
  if ("tags" in s) return { tags: { ...s.tags } };
  return s.tier === undefined ? { component: s.component } : { component: s.component, tier: s.tier };
}

/** A region's ports in the union-free form: every port, or entries as text (tcp port numbers as `tcp:<n>`). */
function portsToArgs(ports: IntentPorts): { ports?: string[]; allPorts?: boolean } {
  if (ports === "*") return { allPorts: true };
  return { ports: ports.map((p) => (typeof p === "number" ? `tcp:${p}` : p instanceof Port ? p.toString() : p)) };
}

/** An intent in the union-free form (a component's `intents` output in the plugin), `declaredBy` and `unless` included. */
export function intentToArgs(intent: Intent): DeclaredIntentArgs {
  const out: DeclaredIntentArgs = { id: intent.id, from: selectorToArgs(intent.from), to: selectorToArgs(intent.to), ...portsToArgs(intent.ports), expect: intent.expect };
  if (intent.because !== undefined) out.because = intent.because;
  if (intent.declaredBy !== undefined) out.declaredBy = intent.declaredBy;
  if (intent.unless) out.unless = intent.unless.map((u) => ({ from: selectorToArgs(u.from), to: selectorToArgs(u.to), ...portsToArgs(u.ports) }));
  return out;
}

const PORTS = new Map<string, ProtocolPorts>();

/** The protocols and ports of an intent's `ports`, read once per distinct list. */
function portsOf(ports: IntentPorts): ProtocolPorts {
  const key = ports === "*" ? "*" : JSON.stringify(ports.map((p) => (p instanceof Port ? p.toString() : p)));
  let out = PORTS.get(key);
  if (!out) {
    out = readPorts(ports);
    if (PORTS.size > 10_000) PORTS.clear();
    PORTS.set(key, out);
  }
  return out;
}

function readPorts(ports: IntentPorts): ProtocolPorts {
  const out: ProtocolPorts = new Map();
  if (ports === "*") {
    for (const p of EVERY_PROTOCOL) out.set(p, [...ALL_PORTS]);
    return out;
  }
  for (const [i, value] of ports.entries()) {
    const spec = parsePortSpec(`ports[${i}]`, value);
    const range = protocolHasPorts(spec.protocol) ? { from: spec.from, to: spec.to } : ALL_PORTS[0];
    out.set(spec.protocol, unionRanges(out.get(spec.protocol) ?? [], [range]));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The ends of a region.

/** An interface an intent speaks of: an instance of the model, or a group's stand-in member. */
interface Iface {
  readonly key: string;
  /** How a witness names it. */
  readonly label: string;
  readonly groupIds: readonly string[];
  readonly instance?: IndexedInstance;
  /** A stand-in's addresses (any of them). */
  readonly addresses?: AddressSet;
}

/** The ends a selector stands for: interfaces, and outside addresses. */
interface Ends {
  readonly ifaces: Iface[];
  readonly outside: AddressSet;
  /** Groups the ends hold (for unknown values). */
  readonly groups: Set<string>;
  /** Why the selector matched nothing. */
  readonly empty?: string;
}

const NO_ADDRESSES: AddressSet = { ipv4: [], ipv6: [] };

class Resolver {
  private readonly members = new Map<string, IndexedInstance[]>();
  private readonly ends = new Map<string, Ends>();
  private readonly instanceIfaces = new Map<IndexedInstance, Iface>();

  constructor(
    private readonly index: NetworkIndex,
    private readonly context: IntentContext,
  ) {
    for (const inst of index.instances.values()) for (const g of new Set(inst.groupIds)) this.members.set(g, [...(this.members.get(g) ?? []), inst]);
  }

  /** One interface object per instance, so what is computed about it (its sides) is computed once. */
  private instanceIface(inst: IndexedInstance): Iface {
    let iface = this.instanceIfaces.get(inst);
    if (!iface) this.instanceIfaces.set(inst, (iface = { key: `i:${inst.instance.id}`, label: inst.instance.id, groupIds: inst.groupIds, instance: inst }));
    return iface;
  }

  /** The members of some groups: their instances, or a stand-in per group without one. */
  private groupEnds(ids: readonly string[], why: string): Ends {
    const ifaces = new Map<string, Iface>();
    const groups = new Set<string>();
    for (const id of ids) {
      if (!this.index.groups.has(id)) continue;
      groups.add(id);
      const known = this.members.get(id) ?? [];
      for (const inst of known) ifaces.set(`i:${inst.instance.id}`, this.instanceIface(inst));
      // The classic network has no IPv6: a classic group's member holds a private IPv4 address only.
      const classic = this.index.groups.get(id)?.vpc === false;
      if (known.length === 0) ifaces.set(`m:${id}`, { key: `m:${id}`, label: `member of ${id}`, groupIds: [id], addresses: classic ? { ipv4: PRIVATE_ADDRESSES.ipv4, ipv6: [] } : PRIVATE_ADDRESSES });
    }
    return { ifaces: [...ifaces.values()], outside: NO_ADDRESSES, groups, ...(ifaces.size === 0 ? { empty: why } : {}) };
  }

  /** The addresses the model's instances hold: outside a selector's outside hosts, since the host there is the instance. */
  private held?: AddressSet;

  /** Outside hosts of a set of addresses: every address but those the model's instances hold. */
  private outsideOf(set: AddressSet): AddressSet {
    if (!this.held) {
      const blocks = [...this.index.instances.values()].flatMap((i) => [i.points.ipv4, i.points.ipv6].filter((p): p is PeerPoint => p !== undefined).map((p) => parseCidr(pointText(p)) as NonNullable<ReturnType<typeof parseCidr>>));
      this.held = addressSetOf(blocks);
    }
    return { ipv4: subtractAddressRanges(set.ipv4, this.held.ipv4), ipv6: subtractAddressRanges(set.ipv6, this.held.ipv6) };
  }

  /** The model's instances by address, per family, sorted (once). */
  private byAddress?: Record<IpFamily, { at: bigint; inst: IndexedInstance }[]>;

  /** The model's instances whose address lies in a set, in the model's order. */
  private instancesIn(set: AddressSet): Iface[] {
    if (!this.byAddress) {
      const byAddress: Record<IpFamily, { at: bigint; inst: IndexedInstance }[]> = { ipv4: [], ipv6: [] };
      for (const inst of this.index.instances.values()) {
        for (const f of ["ipv4", "ipv6"] as const) {
          const p = inst.points[f];
          if (p) byAddress[f].push({ at: f === "ipv4" ? BigInt(p.v4) : p.v6, inst });
        }
      }
      for (const f of ["ipv4", "ipv6"] as const) byAddress[f].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
      this.byAddress = byAddress;
    }
    const found = new Set<IndexedInstance>();
    for (const f of ["ipv4", "ipv6"] as const) {
      const sorted = this.byAddress[f];
      for (const [lo, hi] of rangesOf(set, f)) {
        // The first instance at or above lo, then every one up to hi.
        let a = 0;
        let b = sorted.length;
        while (a < b) {
          const m = (a + b) >> 1;
          if (sorted[m].at < lo) a = m + 1;
          else b = m;
        }
        for (let k = a; k < sorted.length && sorted[k].at <= hi; k++) found.add(sorted[k].inst);
      }
    }
    if (found.size === 0) return [];
    const out: Iface[] = [];
    for (const inst of this.index.instances.values()) if (found.has(inst)) out.push(this.instanceIface(inst));
    return out;
  }

  /** Selector objects already resolved (selectors are data: one never changes while a proof reads it). */
  private readonly byObject = new WeakMap<object, Ends>();

  resolve(selector: IntentSelector): Ends {
    if (typeof selector === "object") {
      const known = this.byObject.get(selector);
      if (known) return known;
    }
    const key = typeof selector === "string" ? selector : "group" in selector && typeof selector.group === "string" && Object.keys(selector).length === 1 ? `{group}${selector.group}` : JSON.stringify(selector);
    let ends = this.ends.get(key);
    if (!ends) {
      ends = this.compute(selector);
      this.ends.set(key, ends);
    }
    if (typeof selector === "object") this.byObject.set(selector, ends);
    return ends;
  }

  private compute(selector: IntentSelector): Ends {
    if (selector === "internet" || selector === "internet-ipv4" || selector === "internet-ipv6") {
      const set = selector === "internet" ? INTERNET_ADDRESSES : selector === "internet-ipv4" ? INTERNET_IPV4 : INTERNET_IPV6;
      return { ifaces: this.instancesIn(set), outside: this.outsideOf(set), groups: new Set() };
    }
    if (selector === "anywhere") return { ifaces: [...this.index.instances.values()].map((i) => this.instanceIface(i)), outside: this.outsideOf(ANYWHERE), groups: new Set() };
    if (typeof selector === "string" || "cidr" in selector) {
      const text = typeof selector === "string" ? selector : selector.cidr;
      const set = blockSet(text);
      return { ifaces: this.instancesIn(set), outside: this.outsideOf(set), groups: new Set() };
    }
    if ("group" in selector) {
      const byId = this.index.groups.has(selector.group) ? [selector.group] : this.index.groupList.filter((g) => g.group.name === selector.group).map((g) => g.id);
      const ends = this.groupEnds(byId, `no group has the id or name ${quote(selector.group)}`);
      // A group whose id is known only at deploy time (a preview's new group) is not in the network yet: the intent is unproven, not vacuous.
      if (byId.length === 0 && this.context.unknown?.has(selector.group)) return { ...ends, groups: new Set([selector.group]) };
      return ends;
    }
    if ("tags" in selector) {
      const want = Object.entries(selector.tags);
      const carries = (tags: Readonly<Record<string, string>> | undefined) => tags !== undefined && want.every(([k, v]) => Object.prototype.hasOwnProperty.call(tags, k) && tags[k] === v);
      const groups = this.index.groupList.filter((g) => carries(g.group.tags)).map((g) => g.id);
      const ends = this.groupEnds(groups, `no group or instance carries ${want.map(([k, v]) => `${k}=${v}`).join(", ")}`);
      const tagged = [...this.index.instances.values()].filter((i) => carries((i.instance as { tags?: Record<string, string> }).tags));
      if (tagged.length === 0) return ends;
      const ifaces = new Map(ends.ifaces.map((e) => [e.key, e]));
      for (const inst of tagged) ifaces.set(`i:${inst.instance.id}`, this.instanceIface(inst));
      return { ifaces: [...ifaces.values()], outside: NO_ADDRESSES, groups: ends.groups };
    }
    const component = this.context.components?.[selector.component];
    if (!component) return { ifaces: [], outside: NO_ADDRESSES, groups: new Set(), empty: `no component instance is named ${quote(selector.component)}` };
    const tiers = selector.tier === undefined ? Object.values(component.tiers).flat() : (component.tiers[selector.tier] ?? []);
    if (selector.tier !== undefined && component.tiers[selector.tier] === undefined) {
      return { ifaces: [], outside: NO_ADDRESSES, groups: new Set(), empty: `component ${quote(selector.component)} has no tier ${quote(selector.tier)} (it has ${Object.keys(component.tiers).join(", ")})` };
    }
    return this.groupEnds([...new Set(tiers)], `component ${quote(selector.component)} has no group in the network`);
  }
}

// ---------------------------------------------------------------------------------------------
// One side over a peer: what every address of it gets, and what some address gets.

/** A peer as one side sees it: an interface or outside addresses, in one family. */
interface PeerView {
  readonly family: IpFamily;
  /** An instance's address. */
  readonly point?: PeerPoint;
  /** Otherwise, the addresses (any of them), with the groups they hold (a stand-in member). */
  readonly ranges?: AddressRanges;
  readonly groups?: ReadonlySet<string>;
  /** A stable key of the peer, for sharing answers. */
  readonly key: string;
  /** How a witness names one address of it. */
  readonly label: (address: string) => string;
}

/** What one side allows a peer on one protocol: for every address of the peer, and for some. */
interface SideAnswer {
  readonly every: PortRange[];
  readonly some: PortRange[];
  /** An address of the peer, and the decider, where the side decides `port` as `allowed`. */
  find(port: number, allowed: boolean): { address: string; decider: Decider } | undefined;
}

const OPEN_SIDE: SideAnswer = { every: [...ALL_PORTS], some: [...ALL_PORTS], find: () => undefined };

function pointText(p: PeerPoint): string {
  return addressText(p.family, p.family === "ipv4" ? BigInt(p.v4) : p.v6);
}

/** A peer's addresses cut where one side's rules see them differently: one address each, and the rules (of every protocol) that match it. */
interface PeerCell {
  readonly lo: bigint;
  readonly matching: readonly CompiledRule[];
}

class SideJudge {
  private readonly answers = new Map<string, SideAnswer>();
  private readonly cells = new Map<string, PeerCell[]>();

  answer(side: Side, peer: PeerView, protocol: JudgedProtocol): SideAnswer {
    const key = `${side.key}|${peer.key}|${protocol}`;
    let a = this.answers.get(key);
    if (!a) {
      a = this.compute(side, peer, protocol);
      this.answers.set(key, a);
    }
    return a;
  }

  /** The peer's addresses, cut where the side's rules see them differently (once per side and peer). */
  private cellsOf(side: Side, peer: PeerView): PeerCell[] {
    const key = `${side.key}|${peer.key}`;
    let out = this.cells.get(key);
    if (out) return out;
    out = [];
    const ranges = peer.ranges as AddressRanges;
    let j = 0;
    for (const cell of addressCells([side.rules], side.classic, [peer.family])) {
      while (j < ranges.length && ranges[j][1] < cell.lo) j++;
      // The first address of the peer inside this cell, if any.
      if (j >= ranges.length || ranges[j][0] > cell.hi) continue;
      const lo = ranges[j][0] > cell.lo ? ranges[j][0] : cell.lo;
      const point: PeerPoint = peer.family === "ipv4" ? { family: "ipv4", v4: Number(lo), v6: 0n, internal: cell.internal, groups: peer.groups } : { family: "ipv6", v4: 0, v6: lo, internal: cell.internal, groups: peer.groups };
      out.push({ lo, matching: side.rules.filter((r) => ruleMatchesPeer(r, point)) });
    }
    this.cells.set(key, out);
    return out;
  }

  private compute(side: Side, peer: PeerView, protocol: JudgedProtocol): SideAnswer {
    if (peer.point) {
      const point = peer.point;
      const segs = judge(side.rules, protocol, (r) => ruleMatchesPeer(r, point), side.fallback);
      const allowed = allowedPorts(segs);
      return { every: allowed, some: allowed, find: (port, want) => hit(segs, port, want, () => pointText(point)) };
    }
    // Paint each cell once per distinct set of matching rules of this protocol.
    const paintings: { lo: bigint; segs: Segment[] }[] = [];
    const byKey = new Map<string, Segment[]>();
    for (const cell of this.cellsOf(side, peer)) {
      const matched: CompiledRule[] = [];
      let mkey = "";
      for (const r of cell.matching) {
        if (r.protocol !== protocol && r.protocol !== "all") continue;
        matched.push(r);
        mkey += `${r.order},`;
      }
      let segs = byKey.get(mkey);
      if (!segs) byKey.set(mkey, (segs = judge(matched, protocol, () => true, side.fallback)));
      paintings.push({ lo: cell.lo, segs });
    }
    let every: PortRange[] = paintings.length === 0 ? [] : [...ALL_PORTS];
    let some: PortRange[] = [];
    for (const segs of byKey.values()) {
      const allowed = allowedPorts(segs);
      every = intersectRanges(every, allowed);
      some = unionRanges(some, allowed);
    }
    return {
      every,
      some,
      find: (port, want) => {
        for (const p of paintings) {
          const found = hit(p.segs, port, want, () => addressText(peer.family, p.lo));
          if (found) return found;
        }
        return undefined;
      },
    };
  }
}

function hit(segs: readonly Segment[], port: number, want: boolean, address: () => string): { address: string; decider: Decider } | undefined {
  for (const s of segs) if (s.from <= port && port <= s.to) return s.decider.allowed === want ? { address: address(), decider: s.decider } : undefined;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The proof.

/** One end of a pair in one family: an interface, or outside addresses. */
interface End {
  readonly iface?: Iface;
  /** Outside addresses, when not an interface. */
  readonly ranges?: AddressRanges;
}

function peerOf(end: End, family: IpFamily): PeerView | undefined {
  const iface = end.iface;
  if (iface?.instance) {
    const point = iface.instance.points[family];
    if (!point) return undefined;
    return { family, point, key: iface.key + family, label: () => iface.label };
  }
  if (iface) {
    const ranges = rangesOf(iface.addresses as AddressSet, family);
    if (ranges.length === 0) return undefined;
    return { family, ranges, groups: new Set(iface.groupIds), key: `${(iface as Iface & { pieceKey?: string }).pieceKey ?? iface.key}|${family}`, label: (a) => `${iface.label} (${a})` };
  }
  const ranges = end.ranges as AddressRanges;
  if (ranges.length === 0) return undefined;
  return { family, ranges, key: `o|${family}|${rangesKey(ranges)}`, label: (a) => a };
}

/** True when an end holds an address of the family (an instance's, or any of a set's). */
function hasPeer(end: End & { outside?: AddressSet }, family: IpFamily): boolean {
  if (end.iface?.instance) return end.iface.instance.points[family] !== undefined;
  if (end.iface) return rangesOf(end.iface.addresses as AddressSet, family).length > 0;
  return (end.ranges as AddressRanges).length > 0;
}

const RANGE_KEYS = new WeakMap<AddressRanges, string>();

/** A set of ranges as text, for keys (once per array). */
function rangesKey(ranges: AddressRanges): string {
  let key = RANGE_KEYS.get(ranges);
  if (key === undefined) RANGE_KEYS.set(ranges, (key = ranges.map(([a, b]) => `${a}-${b}`).join(",")));
  return key;
}

/** See {@link Prover.shut}. */
function shutFor(side: Side, wanted: ProtocolPorts, family: IpFamily): boolean {
  for (const [protocol, ports] of wanted) {
    if (!inFamily(protocol, family)) continue;
    let open: PortRange[] = ports;
    for (const r of side.rules) {
      if (open.length === 0) break;
      if (r.protocol !== protocol && r.protocol !== "all") continue;
      const span = intersectRanges(open, [{ from: r.from, to: r.to }]);
      if (span.length === 0) continue;
      const block = r.peer.kind === "cidr" ? r.peer.block : undefined;
      if (r.drop) {
        if (r.nic === undefined && block !== undefined && block.family === family && isAnyAddress(block)) open = subtractRanges(open, span);
        continue;
      }
      if (block !== undefined && block.family !== family) continue;
      return false;
    }
    if (open.length > 0 && side.fallback.allowed) return false;
  }
  return true;
}

/** True when a protocol's flows exist in a family (icmp in IPv4 only, icmpv6 in IPv6 only). */
function inFamily(protocol: JudgedProtocol, family: IpFamily): boolean {
  if (protocol === "icmp") return family === "ipv4";
  if (protocol === "icmpv6") return family === "ipv6";
  return protocol === "other" || FAMILY_PROTOCOLS[family].includes(protocol as FlowProtocol);
}

/** Proves intents on a network. */
class Prover {
  private readonly resolver: Resolver;
  private readonly judge = new SideJudge();
  private readonly sides = new WeakMap<Iface, { ingress?: Side; egress?: Side }>();
  private readonly open = new WeakMap<Iface, readonly string[]>();
  private readonly shuts = new WeakMap<Side, Map<ProtocolPorts, readonly [boolean, boolean]>>();
  private readonly counts = new WeakMap<Ends, { ifaces: [number, number]; outside: [number, number] }>();

  constructor(
    private readonly index: NetworkIndex,
    private readonly context: IntentContext,
  ) {
    this.resolver = new Resolver(index, context);
  }

  prove(intent: Intent): IntentResult {
    const result = (status: IntentResult["status"], extra: Partial<IntentResult> = {}): IntentResult => {
      const out: IntentResult = { id: intent.id, expect: intent.expect, status, pairs: extra.pairs ?? 0 };
      if (intent.because !== undefined) out.because = intent.because;
      if (intent.declaredBy !== undefined) out.declaredBy = intent.declaredBy;
      if (extra.witness) out.witness = extra.witness;
      if (extra.notes && extra.notes.length > 0) out.notes = extra.notes;
      return out;
    };
    const from = this.resolver.resolve(intent.from);
    const to = this.resolver.resolve(intent.to);
    const empty = [from.empty, to.empty].filter((e): e is string => e !== undefined);
    const unknown = [...from.groups, ...to.groups].map((g) => this.context.unknown?.get(g)).filter((u): u is string => u !== undefined);
    const wanted = this.portsOf(intent.ports);
    // Only the regions that can hold a flow of this intent's region take part.
    const unless = (intent.unless ?? []).map((u) => ({ from: this.resolver.resolve(u.from), to: this.resolver.resolve(u.to), ports: this.portsOf(u.ports) })).filter((u) => overlaps(u.from, from) && overlaps(u.to, to));
    let pairs = 0;
    type Edge = End & { outside?: AddressSet };
    const senders: Edge[] = [...from.ifaces.map((iface) => ({ iface })), ...(isEmptyAddressSet(from.outside) ? [] : [{ outside: from.outside }])];
    const receivers: Edge[] = [...to.ifaces.map((iface) => ({ iface })), ...(isEmptyAddressSet(to.outside) ? [] : [{ outside: to.outside }])];
    // Each end is cut once per family (the cut depends on this intent's regions only).
    const cut = new Map<Edge, { ipv4?: Edge[]; ipv6?: Edge[] }>();
    const piecesOf = (end: Edge, family: IpFamily, role: "from" | "to"): Edge[] => {
      let byFamily = cut.get(end);
      if (!byFamily) cut.set(end, (byFamily = {}));
      return (byFamily[family] ??= this.pieces(end, family, unless, role));
    };
    // A deny-intent: a side that lets nothing of the region through to any peer shuts every pair it judges, but for two
    // interfaces sharing a basic group open inside (which no rule judges).
    const deny = intent.expect === "deny";
    const noShut: readonly [boolean, boolean] = [false, false];
    const shutOf = (iface: Iface | undefined, direction: RuleType): readonly [boolean, boolean] => (deny && iface !== undefined ? this.shut(this.sideOfIface(iface, direction), wanted) : noShut);
    const receiverShut = new Map<Edge, readonly [boolean, boolean]>();
    // How many pairs each family holds with every receiver, for senders shut in both families (a sender's pairs are then counted, not judged).
    let counted: { ifaces: [number, number]; outside: [number, number] } | undefined;
    const receiverCounts = () => {
      if (counted) return counted;
      const cached = unless.length === 0 ? this.counts.get(to) : undefined;
      if (cached) return (counted = cached);
      counted = { ifaces: [0, 0], outside: [0, 0] };
      for (const r of receivers) {
        for (const family of ["ipv4", "ipv6"] as const) {
          const n = piecesOf(r, family, "to").filter((p) => hasPeer(p, family)).length;
          (r.iface ? counted.ifaces : counted.outside)[family === "ipv4" ? 0 : 1] += n;
        }
      }
      if (unless.length === 0) this.counts.set(to, counted);
      return counted;
    };
    for (const s of senders) {
      const sShut = shutOf(s.iface, "egress");
      const sOpen = s.iface !== undefined && (sShut[0] || sShut[1]) ? this.openGroups(s.iface) : undefined;
      if (sShut[0] && sShut[1] && s.iface && sOpen?.length === 0) {
        // Nothing leaves this sender for any receiver: its pairs are judged at once, and keep the intent.
        const c = receiverCounts();
        const me = s.iface.instance !== undefined && keysOf(to).has(s.iface.key) ? s.iface.instance : undefined;
        for (const family of ["ipv4", "ipv6"] as const) {
          const f = family === "ipv4" ? 0 : 1;
          const mine = piecesOf(s, family, "from").filter((p) => hasPeer(p, family)).length;
          pairs += mine * (c.ifaces[f] + c.outside[f] - (me?.points[family] ? 1 : 0));
        }
        continue;
      }
      for (const r of receivers) {
        if (!s.iface && !r.iface) continue;
        if (s.iface?.instance && s.iface.instance === r.iface?.instance) continue;
        for (const family of ["ipv4", "ipv6"] as const) {
          const f = family === "ipv4" ? 0 : 1;
          let closed = sShut[f];
          if (!closed && deny && r.iface) {
            let rShut = receiverShut.get(r);
            if (!rShut) receiverShut.set(r, (rShut = shutOf(r.iface, "ingress")));
            closed = rShut[f];
          }
          // Two interfaces sharing a basic group open inside reach each other whatever the sides say.
          if (closed && s.iface && r.iface && (sOpen ?? this.openGroups(s.iface)).length > 0 && sharedOpenGroup(this.index, s.iface.groupIds, r.iface.groupIds) !== undefined) closed = false;
          if (closed) {
            // Nothing passes: the pairs are judged, and keep the intent.
            if (s.iface?.instance && r.iface?.instance) pairs += s.iface.instance.points[family] && r.iface.instance.points[family] ? 1 : 0;
            else pairs += piecesOf(s, family, "from").filter((p) => hasPeer(p, family)).length * piecesOf(r, family, "to").filter((p) => hasPeer(p, family)).length;
            continue;
          }
          for (const sEnd of piecesOf(s, family, "from")) {
            for (const rEnd of piecesOf(r, family, "to")) {
              const sp = peerOf(sEnd, family);
              const rp = peerOf(rEnd, family);
              if (!sp || !rp) continue;
              pairs++;
              // The ports of every region that holds both pieces wholly.
              let exempt: ProtocolPorts | undefined;
              for (const u of unless) if (covers(u.from, sEnd, family) === "all" && covers(u.to, rEnd, family) === "all") exempt = unionPorts(exempt, u.ports);
              const witness = this.pair(intent, s.iface, r.iface, sp, rp, family, wanted, exempt);
              if (witness) return result(unknown.length > 0 ? "unproven" : "broken", { witness, pairs, notes: unknown });
            }
          }
        }
      }
    }
    if (pairs === 0) {
      if (unknown.length > 0) return result("unproven", { pairs, notes: unknown });
      return result("vacuous", { pairs, notes: empty.length > 0 ? empty : ["the region holds no flow the security groups judge (two outside ends, or ends of different address families)"] });
    }
    return result(unknown.length > 0 ? "unproven" : "proven", { pairs, notes: unknown });
  }
  /**
   * An end cut where the `unless` regions' addresses cut it, so each piece lies wholly inside or
   * wholly outside each region's addresses. An interface is one piece.
   */
  private pieces(end: End & { outside?: AddressSet }, family: IpFamily, unless: { from: Ends; to: Ends }[], role: "from" | "to"): (End & { outside?: AddressSet })[] {
    // An instance holds one address: it is one piece. A stand-in member, or outside addresses, are
    // cut at the regions' addresses.
    if (end.iface?.instance || (end.iface && unless.length === 0)) return [end];
    const set = end.iface ? (end.iface.addresses as AddressSet) : (end.outside as AddressSet);
    let pieces: AddressRanges[] = [rangesOf(set, family)];
    for (const u of unless) {
      const theirs = rangesOf((role === "from" ? u.from : u.to).outside, family);
      if (theirs.length === 0) continue;
      pieces = pieces.flatMap((p) => {
        const inside = intersectAddressRanges(p, theirs);
        // A piece the region does not cut stays the same object (its answers are shared across intents).
        if (inside.length === 0) return [p];
        const rest = subtractAddressRanges(p, theirs);
        return rest.length === 0 ? [p] : [inside, rest];
      });
    }
    const of = (ranges: AddressRanges): AddressSet => (family === "ipv4" ? { ipv4: ranges, ipv6: [] } : { ipv4: [], ipv6: ranges });
    if (end.iface) {
      const iface = end.iface;
      if (pieces.length === 1) return [end];
      return pieces.map((ranges) => ({ iface: { ...iface, addresses: of(ranges), key: iface.key, pieceKey: `${iface.key}#${rangesKey(ranges)}` } as Iface }));
    }
    return pieces.map((ranges) => ({ ranges, outside: of(ranges) }));
  }

  /** Port lists read in this proof, by the list itself (intents are data: none changes while a proof reads it). */
  private readonly ports = new WeakMap<readonly (number | string | Port)[], ProtocolPorts>();

  private portsOf(ports: IntentPorts): ProtocolPorts {
    if (ports === "*") return portsOf(ports);
    let out = this.ports.get(ports);
    if (!out) this.ports.set(ports, (out = portsOf(ports)));
    return out;
  }

  /** The side of an interface, once per interface and direction. */
  private sideOfIface(iface: Iface, direction: RuleType): Side {
    let both = this.sides.get(iface);
    if (!both) this.sides.set(iface, (both = {}));
    return (both[direction] ??= sideOf(this.index, iface.groupIds, direction));
  }

  /** The groups of an interface that open inside (basic, inner access Accept). */
  private openGroups(iface: Iface): readonly string[] {
    let out = this.open.get(iface);
    if (!out) this.open.set(iface, (out = iface.groupIds.filter((g) => { const ig = this.index.groups.get(g); return ig !== undefined && opensInside(ig); })));
    return out;
  }

  /**
   * Per family (IPv4, IPv6): true when a side lets no port of `wanted` through for any peer of
   * the family: every such port is first matched by a drop that matches every address of the
   * family, or falls to a default that denies, and no accept could match first (an accept is taken
   * to match some peer unless it names a block of the other family). Such a side keeps every
   * deny-intent it judges.
   */
  private shut(side: Side, wanted: ProtocolPorts): readonly [boolean, boolean] {
    let byWanted = this.shuts.get(side);
    if (!byWanted) this.shuts.set(side, (byWanted = new Map()));
    let out = byWanted.get(wanted);
    if (!out) byWanted.set(wanted, (out = [shutFor(side, wanted, "ipv4"), shutFor(side, wanted, "ipv6")]));
    return out;
  }

  /** The witness of a broken intent on one pair of ends in one family, or undefined when the pair keeps it. */
  private pair(intent: Intent, sIface: Iface | undefined, rIface: Iface | undefined, sp: PeerView, rp: PeerView, family: IpFamily, wanted: ProtocolPorts, exempt: ProtocolPorts | undefined): IntentWitness | undefined {
    // Two interfaces sharing a basic group whose inner access policy is Accept: everything passes.
    const open = sIface && rIface ? sharedOpenGroup(this.index, sIface.groupIds, rIface.groupIds) : undefined;
    const sides = open === undefined ? { egress: sIface ? this.sideOfIface(sIface, "egress") : undefined, ingress: rIface ? this.sideOfIface(rIface, "ingress") : undefined } : undefined;
    for (const [protocol, ports0] of wanted) {
      if (!inFamily(protocol, family)) continue;
      const ports = exempt?.get(protocol) ? subtractRanges(ports0, exempt.get(protocol) as PortRange[]) : ports0;
      if (ports.length === 0) continue;
      if (open !== undefined) {
        if (intent.expect === "allow") continue;
        return this.witness(protocol, ports[0].from, sp, rp, sIface, rIface, family, { open });
      }
      const e = sides?.egress ? this.judge.answer(sides.egress, rp, protocol) : OPEN_SIDE;
      const i = sides?.ingress ? this.judge.answer(sides.ingress, sp, protocol) : OPEN_SIDE;
      if (intent.expect === "allow") {
        const badE = subtractRanges(ports, e.every);
        if (badE.length > 0) {
          const port = badE[0].from;
          const eh = e.find(port, false) as { address: string; decider: Decider };
          return this.witness(protocol, port, sp, rp, sIface, rIface, family, { receiver: eh.address, egress: eh.decider, ingressAny: i, want: "allowed" });
        }
        const badI = subtractRanges(ports, i.every);
        if (badI.length > 0) {
          const port = badI[0].from;
          const ih = i.find(port, false) as { address: string; decider: Decider };
          return this.witness(protocol, port, sp, rp, sIface, rIface, family, { sender: ih.address, ingress: ih.decider, egressAny: e, want: "allowed" });
        }
        continue;
      }
      const through = intersectRanges(intersectRanges(ports, e.some), i.some);
      if (through.length > 0) {
        const port = through[0].from;
        const eh = e.find(port, true);
        const ih = i.find(port, true);
        return this.witness(protocol, port, sp, rp, sIface, rIface, family, { receiver: eh?.address, egress: eh?.decider, sender: ih?.address, ingress: ih?.decider, want: "denied" });
      }
    }
    return undefined;
  }

  /** A concrete flow and the sentence `evaluateFlow` would say about it. */
  private witness(
    protocol: JudgedProtocol,
    port: number,
    sp: PeerView,
    rp: PeerView,
    sIface: Iface | undefined,
    rIface: Iface | undefined,
    family: IpFamily,
    how: { open?: string; sender?: string; receiver?: string; egress?: Decider; ingress?: Decider; egressAny?: SideAnswer; ingressAny?: SideAnswer; want?: "allowed" | "denied" },
  ): IntentWitness {
    const first = (v: PeerView) => (v.point ? pointText(v.point) : addressText(family, (v.ranges as AddressRanges)[0][0]));
    const sAddr = how.sender ?? first(sp);
    const rAddr = how.receiver ?? first(rp);
    const from = sp.label(sAddr);
    const to = rp.label(rAddr);
    const ported = protocolHasPorts(protocol);
    const label = `${ported ? `${protocol}:${port}` : protocol} from ${from} to ${to}`;
    const base = { from, to, protocol, ...(ported ? { port } : {}) };
    if (how.open !== undefined) {
      const egress = sIface ? verdictOf(innerAccessDecider(how.open), "egress", sIface.label, "normal") : undefined;
      const ingress = rIface ? verdictOf(innerAccessDecider(how.open), "ingress", rIface.label, "normal") : undefined;
      return { ...base, allowed: true, reason: explainInnerAccess(label, how.open), ...(egress ? { egress } : {}), ...(ingress ? { ingress } : {}) };
    }
    // The other side's verdict on this very flow, for the sentence.
    const sideVerdict = (direction: RuleType, iface: Iface | undefined, given: Decider | undefined, peerAddr: string, peer: PeerView): Verdict | undefined => {
      if (!iface) return undefined;
      const side = sideOf(this.index, iface.groupIds, direction);
      let d = given;
      if (!d) {
        const point = peer.point ?? pointAt(family, peerAddr, peer.groups);
        d = judge(side.rules, protocol, (r) => ruleMatchesPeer(r, point), side.fallback, [{ from: ported ? port : 1, to: ported ? port : 1 }])[0].decider;
      }
      return verdictOf(d, direction, iface.label, side.type);
    };
    const egress = sideVerdict("egress", sIface, how.egress, rAddr, rp);
    const ingress = sideVerdict("ingress", rIface, how.ingress, sAddr, sp);
    const shared = sIface && rIface ? sIface.groupIds.find((g) => rIface.groupIds.includes(g)) : undefined;
    const g = shared !== undefined ? this.index.groups.get(shared) : undefined;
    const isolation = g ? isolationText(g.id, g.type) : undefined;
    const { allowed, reason } = explainFlow(label, egress && sIface ? { verdict: egress, groupIds: sIface.groupIds } : undefined, ingress && rIface ? { verdict: ingress, groupIds: rIface.groupIds } : undefined, isolation);
    return { ...base, allowed, reason, ...(egress ? { egress } : {}), ...(ingress ? { ingress } : {}) };
  }
}

function pointAt(family: IpFamily, address: string, groups?: ReadonlySet<string>): PeerPoint {
  const block = parseCidr(address) as NonNullable<ReturnType<typeof parseCidr>>;
  const internal = false;
  return family === "ipv4" ? { family, v4: Number(block.first), v6: 0n, internal, groups } : { family, v4: 0, v6: block.first, internal, groups };
}

/** Whether the ends of a region cover an end of a pair: all of it, part of it, or none. */
function covers(ends: Ends, end: End & { outside?: AddressSet }, family: IpFamily): "all" | "some" | "none" {
  if (end.iface && keysOf(ends).has(end.iface.key)) return "all";
  // An instance is covered by its identity only; a stand-in member's addresses, like outside ones, by the region's addresses.
  if (end.iface?.instance) return "none";
  const mine = rangesOf((end.iface ? end.iface.addresses : end.outside) as AddressSet, family);
  const theirs = rangesOf(ends.outside, family);
  if (intersectAddressRanges(mine, theirs).length === 0) return "none";
  return subtractAddressRanges(mine, theirs).length === 0 ? "all" : "some";
}

const KEYS = new WeakMap<Ends, ReadonlySet<string>>();

/** The keys of a set of ends' interfaces, as a set (once per set of ends). */
function keysOf(ends: Ends): ReadonlySet<string> {
  let keys = KEYS.get(ends);
  if (!keys) KEYS.set(ends, (keys = new Set(ends.ifaces.map((i) => i.key))));
  return keys;
}

const BLOCK_SETS = new Map<string, AddressSet>();

/** The addresses of a block, read once per text. */
function blockSet(text: string): AddressSet {
  let set = BLOCK_SETS.get(text);
  if (!set) {
    set = addressSetOf([parseCidr(text) as NonNullable<ReturnType<typeof parseCidr>>]);
    if (BLOCK_SETS.size > 10_000) BLOCK_SETS.clear();
    BLOCK_SETS.set(text, set);
  }
  return set;
}

/** True when two sets of ends share an interface or an address. */
function overlaps(a: Ends, b: Ends): boolean {
  const keys = keysOf(a);
  if (b.ifaces.some((i) => keys.has(i.key))) return true;
  const sets = (e: Ends) => [e.outside, ...e.ifaces.filter((i) => i.addresses).map((i) => i.addresses as AddressSet)];
  const as = sets(a);
  const bs = sets(b);
  return as.some((x) => bs.some((y) => intersectAddressRanges(x.ipv4, y.ipv4).length > 0 || intersectAddressRanges(x.ipv6, y.ipv6).length > 0));
}

function unionPorts(a: ProtocolPorts | undefined, b: ProtocolPorts): ProtocolPorts {
  const out: ProtocolPorts = new Map(a ?? []);
  for (const [p, r] of b) out.set(p, unionRanges(out.get(p) ?? [], r));
  return out;
}

/**
 * Proves each intent on a network, exhaustively: `proven`, `broken` with a witness flow,
 * `vacuous` (the region holds no flow), or `unproven` (it depends on values known only at deploy
 * time). Throws {@link ValidationError} for an invalid network or invalid intents.
 *
 * @example
 * proveIntents(model, [{ id: "no-internet-to-db", from: "internet", to: { group: "sg-db" }, ports: "*", expect: "deny" }])
 *   // => [{ id: "no-internet-to-db", expect: "deny", status: "proven", pairs: 2 }]
 */
export function proveIntents(model: NetworkModel, intents: readonly Intent[], context: IntentContext = {}): IntentResult[] {
  const checked = intents.every((i) => CHECKED.has(i)) ? intents : validateIntents(intents);
  for (const i of checked) CHECKED.add(i);
  return proveOnIndex(networkIndex(model), checked, context);
}

/**
 * Proves intents already in their checked form on an index already built (the guard's: a plan
 * it validated, with intents its planners made). Internal: not exported from the package.
 */
export function proveOnIndex(index: NetworkIndex, intents: readonly Intent[], context: IntentContext = {}): IntentResult[] {
  const prover = new Prover(index, context);
  return intents.map((i) => prover.prove(i));
}

/**
 * The intents of a stack, from the promises declared apart (each component's at construction,
 * each of its verbs' afterwards, the program's own), in order: a component's deny-intent (one
 * with `declaredBy`) does not speak for what another declaration's allow-intents cover (Workbench
 * on a tier, `allowFrom` into a database group, `allowTo` between two tiers), so those regions
 * join its `unless`. A user's intent is never narrowed, and never narrows. A world-open rule's
 * region is its whole block, though its allow-intent promises only the internet.
 */
export function stackPromises(declarations: readonly (readonly Intent[])[]): Intent[] {
  const widen = (s: IntentSelector): IntentSelector => (s === "internet-ipv4" ? "0.0.0.0/0" : s === "internet-ipv6" ? "::/0" : s);
  const allows = declarations.map((d) => d.filter((i) => i.expect === "allow" && i.declaredBy !== undefined).map(({ from, to, ports }): IntentRegion => ({ from: widen(from), to: widen(to), ports })));
  return declarations.flatMap((d, k) => {
    // The other declarations' allows, once per declaration (not once per deny-intent of it).
    let others: IntentRegion[] | undefined;
    return d.map((i) => {
      if (i.expect !== "deny" || i.declaredBy === undefined) return i;
      others ??= allows.flatMap((a, j) => (j === k ? [] : a));
      // Regions are read-only: the deny-intents of one declaration without their own share one list.
      return others.length === 0 ? i : { ...i, unless: i.unless === undefined || i.unless.length === 0 ? others : [...i.unless, ...others] };
    });
  });
}

/**
 * {@link proveIntents} over a network already indexed (the checks' index of a network's valid
 * parts): one index per run, however many questions ask of it.
 */
export function proveIntentsOn(index: NetworkIndex, intents: readonly Intent[], context: IntentContext = {}): IntentResult[] {
  const checked = intents.every((i) => CHECKED.has(i)) ? intents : validateIntents(intents);
  for (const i of checked) CHECKED.add(i);
  const prover = new Prover(index, context);
  return checked.map((i) => prover.prove(i));
}

/** Intents already validated (the objects `validateIntents` returned, or that a proof read): not read again. */
const CHECKED = new WeakSet<Intent>();

/** The groups of a model carrying all these tags (for reports). */
export function groupsTagged(groups: readonly GroupModel[], tags: Readonly<Record<string, string>>): string[] {
  return groups.filter((g) => g.tags !== undefined && Object.entries(tags).every(([k, v]) => g.tags?.[k] === v)).map((g) => g.id);
}

/** True when a block is every address of its family. */
export { isAnyAddress };
