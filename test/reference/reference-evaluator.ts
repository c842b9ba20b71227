/**
 * An independent reference evaluator of Alibaba Cloud security-group semantics, written from
 * /work/shared/SEMANTICS.md alone (and PROVIDER-RULES.md for what the fields mean). It imports
 * nothing from lib/: it reads the library's plain data (NetworkModel / GroupModel /
 * InstanceModel / PrefixListModel / RuleArgs, alicloud property names) through local structural
 * types, and decides one flow by the document's algorithm, as directly and slowly as possible.
 *
 * Interpretation choices (where the document is silent or open), each citing its words:
 *
 * 1. Which network a group is in. "A group is a VPC group unless it says it is classic.
 *    Unknown network means VPC ... a hand-written model group without a network field. Classic
 *    only where a group says so (a model field, or ... `vpcId` is absent or `""`, which is how
 *    the API prints a classic group), or where its own rules say so: only classic groups carry
 *    `nicType: "internet"` rules, so a group of unknown network with an internet rule is read as
 *    classic." In the model: classic iff `network === "classic"`, or `vpcId === ""`, or the
 *    network is unknown (neither `network` nor `vpcId` given) and one of its rules has
 *    `nicType: "internet"`. Any other model group with no `network` and no `vpcId` is a VPC
 *    group (the "absent vpcId" clause is about a created `alicloud.ecs.SecurityGroup` resource,
 *    not the model); `network: "vpc"` or a VPC id says VPC whatever the rules.
 *
 * 2. nicType in a classic group. "In a classic group a rule without `nicType` is `internet` for
 *    CIDR peers and `intranet` for group and prefix-list peers." "Classic network: rules are
 *    split into `internet` (public) and `intranet` (internal) nic types, and public and internal
 *    addresses share one space." We read "share one space" as: the same CIDR syntax names both
 *    public and internal addresses, and the nic type says which of them a rule can match. So a
 *    classic `internet` CIDR / prefix-list rule matches a peer address only when that address is
 *    public, an `intranet` one only when it is internal. "VPC: only `intranet`, and one rule
 *    governs both Internet and internal traffic": in a VPC group nicType plays no part.
 *
 * 3. What "internal" is. The document does not list ranges. We take the address ranges no
 *    Internet host uses: IPv4 private (10/8, 172.16/12, 192.168/16) and shared / carrier-grade
 *    NAT 100.64.0.0/10 (Alibaba's internal service range, which holds Workbench's
 *    100.104.0.0/16, reached "through the private IP" (seed 004)); IPv6 unique-local fc00::/7.
 *    Everything else is public. Loopback, link-local, multicast, broadcast and unspecified
 *    addresses never reach a security group as a peer, so the generators do not use them as
 *    outside endpoints (the reference calls them public).
 *
 * 4. The peer address of an instance is its `privateIp` ("Its private IPv4 (or IPv6) address");
 *    `publicIp` plays no part in instance-to-instance flows, and in a classic group an instance
 *    peer is always internal (it is reached on its private address, i.e. on the intranet side),
 *    whatever range its address literal lies in. Only outside addresses are classified by range
 *    (interpretation 3). A security-group rule matches an instance by membership alone:
 *    "matches only network interfaces that are members of that group" (group rules are
 *    `intranet` by construction), so no address test applies to group peers.
 *
 * 5. Owner account. "in the owner account where one is given": a group rule with
 *    `sourceGroupOwnerId` (or the deprecated `sourceGroupOwnerAccount`) does not match a member
 *    whose `accountId` is known and different. A member whose `accountId` is unknown matches
 *    (group ids are unique across accounts, so the id names the group; nothing contradicts the
 *    owner). Without an owner, any member matches.
 *
 * 6. A flow endpoint is an instance when it equals an instance id of the model, else an outside
 *    host when it is an IP address literal (an outside address equal to an instance's
 *    `privateIp` is still outside: "pass an instance's id, not its address"). An endpoint that
 *    is neither, two outside endpoints, different address families on the two ends, `icmp` with
 *    IPv6 ends or `icmpv6` with IPv4 ends ("`icmpv6` to an IPv4 address ... is not a flow:
 *    refuse it as bad input"), a tcp/udp flow without a port in 1..65535, or a port on another
 *    protocol: the reference answers `invalid` (the library should throw).
 *
 * 7. Inner access: exactly the informal algorithm. "if both are instances and share a basic
 *    group with innerAccessPolicy Accept: allow" (default `Accept` for a basic group, rule 9),
 *    before any rule. `Drop` adds nothing of its own: "isolated at the lowest priority: any
 *    custom accept that matches ... reopens the traffic", i.e. the sides are judged as for two
 *    instances that share no group (the ingress default denies).
 *
 * 8. Defaults (rule 6): ingress deny; egress allow, unless the interface's groups are
 *    enterprise ("A network interface's groups are all basic or all enterprise"; if a model
 *    mixed them we call the side enterprise when any of its groups is).
 *
 * 9. Dual-stack interfaces (`ipv6Addresses`, "Its IPv6 addresses besides `privateIp`"): an
 *    instance has an IPv4 address when `privateIp` is IPv4 and an IPv6 address when `privateIp`
 *    is IPv6, else the first of `ipv6Addresses`. A flow's family: icmp IPv4, icmpv6 IPv6, an
 *    outside end's own family; between two instances for tcp/udp/gre, IPv4 when both have one
 *    (the `privateIp`), else IPv6. Ends without a common family are bad input. (The document
 *    does not say; the generators give at most one extra IPv6 address.)
 *
 * 10. A flow from an instance to itself (a well-formed one: the checks of interpretation 6 still
 *    apply, so icmpv6 to an IPv4-only instance is bad input). The document does not name the
 *    case; its rule 1 decides it: "ingress rules judge traffic entering a network interface ...
 *    egress rules traffic leaving it", and traffic from an interface to its own address neither
 *    leaves nor enters it. Rule 7 speaks of flows "between two instances". So no side is judged
 *    and no group's rules, defaults or inner access policy apply: allowed, whatever the groups.
 *
 * 11. Instances of different VPCs (or one classic, one in a VPC). The document's procedure has no
 *    notion of routes: it judges the two sides by their groups and the peer's address, so the
 *    reference does too (a group rule still matches by membership; whether a route joins the
 *    two networks is outside security groups).
 */
import * as ipaddr from "ipaddr.js";

// ---- The library's plain data, structurally (no import from lib/) -------------------------

export interface RefRule {
  type: "ingress" | "egress";
  ipProtocol: "tcp" | "udp" | "icmp" | "icmpv6" | "gre" | "all";
  portRange?: string;
  nicType?: "intranet" | "internet";
  policy?: "accept" | "drop";
  priority?: number;
  cidrIp?: string;
  ipv6CidrIp?: string;
  sourceSecurityGroupId?: string;
  sourceGroupOwnerId?: string;
  sourceGroupOwnerAccount?: string;
  prefixListId?: string;
  description?: string;
}

export interface RefGroup {
  id: string;
  type?: "normal" | "enterprise";
  innerAccessPolicy?: "Accept" | "Drop";
  network?: "vpc" | "classic";
  vpcId?: string;
  rules: RefRule[];
  [other: string]: unknown;
}

export interface RefInstance {
  id: string;
  privateIp: string;
  /** IPv6 addresses besides `privateIp` (a dual-stack interface). */
  ipv6Addresses?: string[];
  groups: string[];
  accountId?: string;
  [other: string]: unknown;
}

export interface RefPrefixList {
  id: string;
  cidrs: string[];
  maxEntries?: number;
}

export interface RefNetwork {
  groups: RefGroup[];
  instances?: RefInstance[];
  prefixLists?: RefPrefixList[];
  [other: string]: unknown;
}

export interface RefFlow {
  from: string;
  to: string;
  protocol: "tcp" | "udp" | "icmp" | "icmpv6" | "gre";
  port?: number;
}

// ---- Answers ------------------------------------------------------------------------------

/** How one side (the sender's egress or the receiver's ingress) was decided. */
export interface RefSide {
  direction: "ingress" | "egress";
  instanceId: string;
  allowed: boolean;
  decidedBy: "rule" | "default";
  /** Best matching priority, or 110 for the defaults. */
  priority: number;
  policy: "accept" | "drop";
  /** One deciding rule (a drop where the best priority holds one). */
  groupId?: string;
  ruleIndex?: number;
  /** Every rule that could be named as deciding: those at the best priority with the deciding policy. */
  deciders?: { groupId: string; ruleIndex: number }[];
}

export type RefVerdict =
  | { kind: "invalid"; reason: string }
  | {
      kind: "decided";
      allowed: boolean;
      /** Set when a shared basic Accept group allowed the flow before any rule. */
      innerAccessGroup?: string;
      /** Set for a flow from an instance to itself, which no side judges (interpretation 10). */
      self?: true;
      egress?: RefSide;
      ingress?: RefSide;
    };

/** Priority of the implicit default rules (rule 6). */
export const REF_DEFAULT_PRIORITY = 110;

// ---- Addresses ----------------------------------------------------------------------------

type Addr = ipaddr.IPv4 | ipaddr.IPv6;
type Family = "ipv4" | "ipv6";

const addressCache = new Map<string, Addr | undefined>();

/** Parses an address literal (dotted-quad IPv4, or IPv6), or undefined (memoised: treat the result as immutable). */
export function refParseAddress(text: string): Addr | undefined {
  if (typeof text !== "string") return undefined;
  if (!addressCache.has(text)) {
    if (addressCache.size > 100_000) addressCache.clear();
    addressCache.set(text, parseAddressUncached(text));
  }
  return addressCache.get(text);
}

function parseAddressUncached(text: string): Addr | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  return undefined;
}

const blockCache = new Map<string, [Addr, number] | undefined>();

/** Parses a CIDR block or a bare address (one host) of the given family, or undefined (memoised). */
function parseBlock(text: string, family: Family): [Addr, number] | undefined {
  const key = `${family} ${text}`;
  if (!blockCache.has(key)) blockCache.set(key, parseBlockUncached(text, family));
  return blockCache.get(key);
}

function parseBlockUncached(text: string, family: Family): [Addr, number] | undefined {
  if (typeof text !== "string" || text === "") return undefined;
  if (text.includes("/")) {
    if (!ipaddr.isValidCIDR(text)) return undefined;
    const [addr, bits] = ipaddr.parseCIDR(text);
    if (addr.kind() !== family) return undefined;
    if (family === "ipv4" && !ipaddr.IPv4.isValidFourPartDecimal(text.split("/")[0])) return undefined;
    return [addr, bits];
  }
  const addr = refParseAddress(text);
  if (!addr || addr.kind() !== family) return undefined;
  return [addr, family === "ipv4" ? 32 : 128];
}

function inBlock(addr: Addr, block: [Addr, number]): boolean {
  // IPv4 blocks never match IPv6 peers and the reverse (rule 3).
  if (addr.kind() !== block[0].kind()) return false;
  return addr.match(block);
}

const INTERNAL_V4 = new Set(["private", "carrierGradeNat"]);
const INTERNAL_V6 = new Set(["uniqueLocal"]);

/** Interpretation 3: whether an address is internal (as opposed to public). */
export function refIsInternal(addr: Addr): boolean {
  const range = addr.range();
  return addr.kind() === "ipv4" ? INTERNAL_V4.has(range) : INTERNAL_V6.has(range);
}

// ---- The model, read --------------------------------------------------------------------

/** Interpretation 1. */
export function refIsClassic(group: RefGroup): boolean {
  if (group.network === "classic" || group.vpcId === "") return true;
  return group.network === undefined && group.vpcId === undefined && group.rules.some((r) => r.nicType === "internet");
}

function groupType(group: RefGroup): "normal" | "enterprise" {
  return group.type ?? "normal";
}

function innerAccess(group: RefGroup): "Accept" | "Drop" | undefined {
  if (groupType(group) === "enterprise") return undefined; // always isolated (rule 12)
  return group.innerAccessPolicy ?? "Accept";
}

type PeerKind = "cidr" | "ipv6" | "group" | "prefix-list";

function peerKind(rule: RefRule): PeerKind | undefined {
  const set = (v: unknown) => v !== undefined && v !== null && v !== "";
  if (set(rule.cidrIp)) return "cidr";
  if (set(rule.ipv6CidrIp)) return "ipv6";
  if (set(rule.sourceSecurityGroupId)) return "group";
  if (set(rule.prefixListId)) return "prefix-list";
  return undefined;
}

/** The effective nic type of a rule in a classic group (interpretation 2). */
function classicNicType(rule: RefRule): "internet" | "intranet" {
  if (rule.nicType) return rule.nicType;
  const kind = peerKind(rule);
  return kind === "cidr" || kind === "ipv6" ? "internet" : "intranet";
}

function portsOf(rule: RefRule): [number, number] | undefined {
  if (rule.ipProtocol !== "tcp" && rule.ipProtocol !== "udp") return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(rule.portRange ?? "");
  if (!m) return [Number.NaN, Number.NaN];
  return [Number(m[1]), Number(m[2])];
}

/** The other end of a side: a member interface of the model, or an outside address. */
type Peer = { kind: "instance"; instance: RefInstance; addr: Addr } | { kind: "outside"; addr: Addr };

interface Ctx {
  model: RefNetwork;
  groups: Map<string, RefGroup>;
  prefixLists: Map<string, RefPrefixList>;
}

const ctxCache = new WeakMap<RefNetwork, Ctx>();

/** The model's lookups, once per model object (treat models as immutable). */
function ctxOf(model: RefNetwork): Ctx {
  let ctx = ctxCache.get(model);
  if (!ctx) {
    ctx = ctxFor(model);
    ctxCache.set(model, ctx);
  }
  return ctx;
}

function ctxFor(model: RefNetwork): Ctx {
  return {
    model,
    groups: new Map(model.groups.map((g) => [g.id, g])),
    prefixLists: new Map((model.prefixLists ?? []).map((p) => [p.id, p])),
  };
}

/** Rule 2 and 3: does `rule` (of `group`) match the flow's protocol, port and this peer? */
function ruleMatches(ctx: Ctx, group: RefGroup, rule: RefRule, flow: RefFlow, peer: Peer): boolean {
  // Protocol: equal, or the rule says all.
  if (rule.ipProtocol !== "all" && rule.ipProtocol !== flow.protocol) return false;
  // Ports: tcp/udp rules match when the port lies in from..to, both ends included.
  const ports = portsOf(rule);
  if (ports) {
    if (flow.port === undefined || !(flow.port >= ports[0] && flow.port <= ports[1])) return false;
  }
  const classic = refIsClassic(group);
  const nicAdmits = (addr: Addr): boolean => {
    if (!classic) return true; // VPC: one intranet rule governs Internet and internal traffic
    const internal = peer.kind === "instance" || refIsInternal(addr);
    return classicNicType(rule) === "internet" ? !internal : internal;
  };
  switch (peerKind(rule)) {
    case "cidr": {
      const block = parseBlock(rule.cidrIp as string, "ipv4");
      return !!block && inBlock(peer.addr, block) && nicAdmits(peer.addr);
    }
    case "ipv6": {
      const block = parseBlock(rule.ipv6CidrIp as string, "ipv6");
      return !!block && inBlock(peer.addr, block) && nicAdmits(peer.addr);
    }
    case "group": {
      if (peer.kind !== "instance") return false; // never an outside address
      if (!peer.instance.groups.includes(rule.sourceSecurityGroupId as string)) return false;
      const owner = rule.sourceGroupOwnerId ?? rule.sourceGroupOwnerAccount;
      if (owner !== undefined && owner !== "" && peer.instance.accountId !== undefined) return peer.instance.accountId === owner;
      return true;
    }
    case "prefix-list": {
      const list = ctx.prefixLists.get(rule.prefixListId as string);
      if (!list) return false;
      const hit = list.cidrs.some((c) => {
        const block = parseBlock(c, peer.addr.kind() as Family);
        return !!block && inBlock(peer.addr, block);
      });
      return hit && nicAdmits(peer.addr);
    }
    default:
      return false;
  }
}

/** Rules 4 to 6: one side. */
function side(ctx: Ctx, instance: RefInstance, direction: "ingress" | "egress", flow: RefFlow, peer: Peer): RefSide {
  const groups = instance.groups.map((id) => ctx.groups.get(id)).filter((g): g is RefGroup => g !== undefined);
  type Hit = { group: RefGroup; index: number; priority: number; policy: "accept" | "drop" };
  const hits: Hit[] = [];
  for (const group of groups) {
    group.rules.forEach((rule, index) => {
      if (rule.type !== direction) return;
      if (!ruleMatches(ctx, group, rule, flow, peer)) return;
      hits.push({ group, index, priority: rule.priority ?? 1, policy: rule.policy ?? "accept" });
    });
  }
  if (hits.length === 0) {
    const enterprise = groups.some((g) => groupType(g) === "enterprise");
    const allowed = direction === "egress" && !enterprise;
    return { direction, instanceId: instance.id, allowed, decidedBy: "default", priority: REF_DEFAULT_PRIORITY, policy: allowed ? "accept" : "drop" };
  }
  const best = Math.min(...hits.map((h) => h.priority));
  const atBest = hits.filter((h) => h.priority === best);
  const decider = atBest.find((h) => h.policy === "drop") ?? atBest[0];
  return {
    direction,
    instanceId: instance.id,
    allowed: decider.policy === "accept",
    decidedBy: "rule",
    priority: best,
    policy: decider.policy,
    groupId: decider.group.id,
    ruleIndex: decider.index,
    deciders: atBest.filter((h) => h.policy === decider.policy).map((h) => ({ groupId: h.group.id, ruleIndex: h.index })),
  };
}

type Endpoint = { kind: "instance"; instance: RefInstance; addrs: { ipv4?: Addr; ipv6?: Addr } } | { kind: "outside"; addr: Addr };

/** An instance's address of each family (interpretation 9). */
function instanceAddresses(instance: RefInstance): { ipv4?: Addr; ipv6?: Addr } | undefined {
  const main = refParseAddress(instance.privateIp);
  if (!main) return undefined;
  const out: { ipv4?: Addr; ipv6?: Addr } = { [main.kind()]: main };
  if (!out.ipv6) {
    const extra = (instance.ipv6Addresses ?? []).map(refParseAddress).find((a) => a?.kind() === "ipv6");
    if (extra) out.ipv6 = extra;
  }
  return out;
}

function endpoint(ctx: Ctx, text: string): Endpoint | string {
  const instance = (ctx.model.instances ?? []).find((i) => i.id === text);
  if (instance) {
    const addrs = instanceAddresses(instance);
    if (!addrs) return `instance ${text} has no valid privateIp`;
    return { kind: "instance", instance, addrs };
  }
  const addr = refParseAddress(text);
  if (!addr) return `${JSON.stringify(text)} is neither an instance id nor an IP address`;
  return { kind: "outside", addr };
}

function familiesOf(e: Endpoint): Family[] {
  return e.kind === "outside" ? [e.addr.kind()] : (["ipv4", "ipv6"] as const).filter((f) => e.addrs[f] !== undefined);
}

function addrOf(e: Endpoint, family: Family): Addr {
  return e.kind === "outside" ? e.addr : (e.addrs[family] as Addr);
}

/** Decides one flow from SEMANTICS.md's algorithm. */
export function referenceAllowed(model: RefNetwork, flow: RefFlow): RefVerdict {
  const ctx = ctxOf(model);
  const from = endpoint(ctx, flow.from);
  if (typeof from === "string") return { kind: "invalid", reason: from };
  const to = endpoint(ctx, flow.to);
  if (typeof to === "string") return { kind: "invalid", reason: to };
  if (from.kind === "outside" && to.kind === "outside") return { kind: "invalid", reason: "both ends are outside the model" };
  const shared = familiesOf(from).filter((f) => familiesOf(to).includes(f));
  if (shared.length === 0) return { kind: "invalid", reason: "the two ends are of different address families" };
  if (flow.protocol === "icmp" && !shared.includes("ipv4")) return { kind: "invalid", reason: "icmp between IPv6 ends" };
  if (flow.protocol === "icmpv6" && !shared.includes("ipv6")) return { kind: "invalid", reason: "icmpv6 between IPv4 ends" };
  const family: Family = flow.protocol === "icmpv6" ? "ipv6" : flow.protocol === "icmp" ? "ipv4" : shared[0];
  if (!["tcp", "udp", "icmp", "icmpv6", "gre"].includes(flow.protocol)) return { kind: "invalid", reason: "unknown protocol" };
  if (flow.protocol === "tcp" || flow.protocol === "udp") {
    if (flow.port === undefined || !Number.isInteger(flow.port) || flow.port < 1 || flow.port > 65535) return { kind: "invalid", reason: "tcp/udp needs a port in 1..65535" };
  } else if (flow.port !== undefined) {
    return { kind: "invalid", reason: `${flow.protocol} has no ports` };
  }

  // Interpretation 10: traffic to itself leaves no interface, so no side judges it.
  if (from.kind === "instance" && to.kind === "instance" && from.instance === to.instance) return { kind: "decided", allowed: true, self: true };

  // Rule 9 / 11: a shared basic Accept group allows everything, before any rule.
  if (from.kind === "instance" && to.kind === "instance") {
    const shared = from.instance.groups.find((id) => {
      const g = ctx.groups.get(id);
      return g !== undefined && to.instance.groups.includes(id) && innerAccess(g) === "Accept";
    });
    if (shared !== undefined) return { kind: "decided", allowed: true, innerAccessGroup: shared };
  }

  // Rule 7: the sender's egress and the receiver's ingress, where they are instances.
  let allowed = true;
  let egress: RefSide | undefined;
  let ingress: RefSide | undefined;
  const peerOf = (e: Endpoint): Peer => (e.kind === "instance" ? { kind: "instance", instance: e.instance, addr: addrOf(e, family) } : e);
  if (from.kind === "instance") {
    egress = side(ctx, from.instance, "egress", flow, peerOf(to));
    allowed = allowed && egress.allowed;
  }
  if (to.kind === "instance") {
    ingress = side(ctx, to.instance, "ingress", flow, peerOf(from));
    allowed = allowed && ingress.allowed;
  }
  return { kind: "decided", allowed, egress, ingress };
}

/** A one-line text of a verdict, for failure messages. */
export function describeVerdict(v: RefVerdict): string {
  if (v.kind === "invalid") return `invalid (${v.reason})`;
  if (v.self) return "allow (an instance to itself: no side judges it)";
  if (v.innerAccessGroup) return `allow (inner access Accept of shared group ${v.innerAccessGroup})`;
  const s = (x?: RefSide) =>
    x ? `${x.direction} ${x.allowed ? "allow" : "deny"} by ${x.decidedBy === "default" ? "default@110" : `${x.groupId}.rules[${x.ruleIndex}] ${x.policy}@${x.priority}`}` : undefined;
  return `${v.allowed ? "allow" : "deny"} [${[s(v.egress), s(v.ingress)].filter(Boolean).join("; ")}]`;
}
