/**
 * Exact access of one network interface, as regions rather than single flows: for the rules
 * of one side (an interface's egress or ingress), which outside addresses, protocols and
 * ports are allowed, and by which rule (or default). Built on the evaluator's own index and
 * matchers (`rule-index`), so the decision is the evaluator's: the first matching rule in
 * decision order decides (best priority, drop wins ties), else the defaults at 110.
 *
 * Cost is per interface, never per pair of groups: the address space is cut only at the
 * blocks the interface's own rules name, and ports only at their rules' ends.
 */
import { CidrBlock, IpFamily, addressText, parseCidr } from "../model/ip";
import { GroupType } from "../model/network";
import { RuleType } from "../model/rule";
import { FLOW_PROTOCOLS, FlowProtocol } from "./flow";
import { CompiledRule, IndexedGroup, NetworkIndex, PeerPoint, defaultAllows, isInternalBlock, nicMatches, ownerAdmits, peerMatches } from "./rule-index";

/** What decided a part of a side: a rule (group and index), the defaults, or inner access. */
export interface RegionDecider {
  /** `rule`, `default` or `inner-access`. */
  kind: "rule" | "default" | "inner-access";
  /** Whether it allows. */
  allowed: boolean;
  /** The group of the rule, or of the inner access policy. */
  groupId?: string;
  /** Index of the rule in its group's rules. */
  ruleIndex?: number;
  /** The side this decider judged. */
  direction?: RuleType;
}

/** A port interval and what decided it. */
export interface PortSegment {
  /** First port (1 for protocols without ports). */
  from: number;
  /** Last port (1 for protocols without ports). */
  to: number;
  /** What decided it. */
  decider: RegionDecider;
}

/** The protocols an outside address of a family can send or receive. */
export const FAMILY_PROTOCOLS: Record<IpFamily, readonly FlowProtocol[]> = {
  ipv4: ["tcp", "udp", "icmp", "gre"],
  ipv6: ["tcp", "udp", "icmpv6", "gre"],
};

/** True for protocols with ports. */
export function portful(p: FlowProtocol): boolean {
  return p === "tcp" || p === "udp";
}

/** One interface as a region computation sees it: its groups (all of one type) and, as a peer, its address. */
export interface RegionEndpoint {
  /** Instance id, or a label for a group's stand-in member. */
  id: string;
  /** Its groups. */
  groupIds: readonly string[];
  /** As a peer: its address, or undefined when unknown (a group's stand-in member: only `/0` blocks match it). */
  point?: PeerPoint;
  /** Its account, for owner-qualified group rules. */
  accountId?: string;
}

const INTERNAL_CUTS: Record<IpFamily, CidrBlock[]> = {
  ipv4: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map((c) => parseCidr(c) as CidrBlock),
  ipv6: ["fc00::/7"].map((c) => parseCidr(c) as CidrBlock),
};
const MAX: Record<IpFamily, bigint> = { ipv4: (1n << 32n) - 1n, ipv6: (1n << 128n) - 1n };

/** The rules of one side of an interface with these groups, pooled and in decision order. */
export function sideRules(index: NetworkIndex, groupIds: readonly string[], direction: RuleType): CompiledRule[] {
  const out: CompiledRule[] = [];
  for (const gid of new Set(groupIds)) {
    const g = index.groups.get(gid);
    if (g) for (const r of g[direction]) out.push(r);
  }
  return out.sort((a, b) => a.order - b.order);
}

/** The type of an interface's groups (the first known one's). */
export function endpointType(index: NetworkIndex, groupIds: readonly string[]): GroupType {
  for (const gid of groupIds) {
    const g = index.groups.get(gid);
    if (g) return g.type;
  }
  return "normal";
}

/**
 * Paints the ports of one protocol: each matching rule, in decision order, claims the ports it
 * covers that no earlier rule claimed; the rest fall to the default.
 */
export function paintPorts(rules: readonly CompiledRule[], protocol: FlowProtocol, matches: (r: CompiledRule) => boolean, fallback: RegionDecider): PortSegment[] {
  const top = portful(protocol) ? 65535 : 1;
  let free: [number, number][] = [[1, top]];
  const out: PortSegment[] = [];
  for (const r of rules) {
    if (free.length === 0) break;
    if (r.protocol !== protocol && r.protocol !== "all") continue;
    const lo = portful(protocol) ? r.from : 1;
    const hi = portful(protocol) ? r.to : 1;
    let hit = false;
    for (const [a, b] of free) if (a <= hi && lo <= b) hit = true;
    if (!hit || !matches(r)) continue;
    const next: [number, number][] = [];
    for (const [a, b] of free) {
      if (b < lo || a > hi) {
        next.push([a, b]);
        continue;
      }
      const from = Math.max(a, lo);
      const to = Math.min(b, hi);
      out.push({ from, to, decider: ruleDecider(r) });
      if (a < from) next.push([a, from - 1]);
      if (to < b) next.push([to + 1, b]);
    }
    free = next;
  }
  for (const [a, b] of free) out.push({ from: a, to: b, decider: fallback });
  return out.sort((x, y) => x.from - y.from);
}

const RULE_DECIDERS = new WeakMap<CompiledRule, RegionDecider>();

/** The decider of a rule: one object per rule, so deciders compare by identity. */
export function ruleDecider(r: CompiledRule): RegionDecider {
  let d = RULE_DECIDERS.get(r);
  if (!d) {
    d = { kind: "rule", allowed: !r.drop, groupId: r.groupId, ruleIndex: r.ruleIndex, direction: r.direction };
    RULE_DECIDERS.set(r, d);
  }
  return d;
}

const DEFAULT_DECIDERS = new Map<string, RegionDecider>();

/** The default decider of a side (one object per direction and group type). */
export function defaultDecider(direction: RuleType, type: GroupType): RegionDecider {
  const key = `${direction}|${type}`;
  let d = DEFAULT_DECIDERS.get(key);
  if (!d) {
    d = { kind: "default", allowed: defaultAllows(direction, type), direction };
    DEFAULT_DECIDERS.set(key, d);
  }
  return d;
}

/** True when a rule's peer covers a peer endpoint (an interface of the model, or a stand-in member whose address is unknown). */
export function ruleMatchesEndpoint(r: CompiledRule, peer: RegionEndpoint): boolean {
  const p = r.peer;
  if (p.kind === "group") return peer.groupIds.includes(p.groupId) && ownerAdmits(p.owner, peer.accountId);
  if (peer.point) return nicMatches(r, peer.point.internal) && peerMatchesAddress(r, peer.point);
  // An unknown private address: only blocks that cover a whole family match it.
  if (!nicMatches(r, true)) return false;
  if (p.kind === "cidr") return p.block.prefix === 0 && p.block.family === "ipv4";
  return p.entries.some((e) => e.prefix === 0 && e.family === "ipv4");
}

function peerMatchesAddress(r: CompiledRule, point: PeerPoint): boolean {
  // Group rules were handled by membership; here only addresses count.
  return r.peer.kind === "group" ? false : peerMatches(r.peer, point);
}

/** One cell of the outside address space: an address interval every rule of the side sees alike. */
export interface AddressCell {
  /** Family. */
  family: IpFamily;
  /** First address. */
  lo: bigint;
  /** Last address. */
  hi: bigint;
  /** Internal (private, shared or unique-local) or public. */
  internal: boolean;
}

/**
 * Cuts the outside address space of each family at every block the rules name (CIDR peers and
 * prefix-list entries), and at the internal ranges when nic types matter (a classic group).
 */
export function addressCells(ruleSets: readonly (readonly CompiledRule[])[], classic: boolean): AddressCell[] {
  const cuts: Record<IpFamily, Set<bigint>> = { ipv4: new Set([0n]), ipv6: new Set([0n]) };
  const add = (b: CidrBlock) => {
    cuts[b.family].add(b.first);
    if (b.last < MAX[b.family]) cuts[b.family].add(b.last + 1n);
  };
  for (const rules of ruleSets) {
    for (const r of rules) {
      if (r.peer.kind === "cidr") add(r.peer.block);
      else if (r.peer.kind === "prefix-list") r.peer.entries.forEach(add);
    }
  }
  if (classic) for (const f of ["ipv4", "ipv6"] as const) INTERNAL_CUTS[f].forEach(add);
  const out: AddressCell[] = [];
  for (const family of ["ipv4", "ipv6"] as const) {
    const sorted = [...cuts[family]].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    sorted.forEach((lo, i) => {
      const hi = i + 1 < sorted.length ? sorted[i + 1] - 1n : MAX[family];
      const block = { family, prefix: family === "ipv4" ? 32 : 128, text: "", first: lo, last: lo } as CidrBlock;
      out.push({ family, lo, hi, internal: isInternalBlock(block) });
    });
  }
  return out;
}

/** The evaluator's point for the first address of a cell. */
export function cellPoint(cell: AddressCell): PeerPoint {
  return cell.family === "ipv4" ? { family: "ipv4", v4: Number(cell.lo), v6: 0n, internal: cell.internal } : { family: "ipv6", v4: 0, v6: cell.lo, internal: cell.internal };
}

/** The rules of a side that can match some outside address of the cell (CIDR and prefix-list peers only). */
export function rulesForCell(rules: readonly CompiledRule[], cell: AddressCell): CompiledRule[] {
  const point = cellPoint(cell);
  return rules.filter((r) => r.peer.kind !== "group" && nicMatches(r, point.internal) && peerMatches(r.peer, point));
}

/** True when any group of the list is in the classic network (nic types matter). */
export function anyClassic(index: NetworkIndex, groupIds: readonly string[]): boolean {
  return groupIds.some((g) => {
    const ig: IndexedGroup | undefined = index.groups.get(g);
    return ig !== undefined && !ig.vpc;
  });
}

function v4Text(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** The smallest list of CIDR blocks that covers exactly `lo..hi`. */
export function rangeToCidrs(family: IpFamily, lo: bigint, hi: bigint): string[] {
  const out: string[] = [];
  if (lo < 0n || hi > MAX[family] || lo > hi) throw new RangeError(`not an ${family} range: ${lo}..${hi}`);
  if (family === "ipv4") {
    // Plain numbers: exact below 2^53.
    let cur = Number(lo);
    const end = Number(hi);
    while (cur <= end) {
      let size = 0;
      while (size < 32) {
        const span = 2 ** (size + 1);
        if (cur % span !== 0 || cur + span - 1 > end) break;
        size++;
      }
      out.push(`${v4Text(cur)}/${32 - size}`);
      cur += 2 ** size;
    }
    return out;
  }
  let cur = lo;
  while (cur <= hi) {
    let size = 0;
    while (size < 128) {
      const span = 1n << BigInt(size + 1);
      if (cur % span !== 0n || cur + span - 1n > hi) break;
      size++;
    }
    out.push(`${addressText(family, cur)}/${128 - size}`);
    cur += 1n << BigInt(size);
    if (cur > MAX[family]) break;
  }
  return out;
}

/** Every flow protocol (between two interfaces any protocol is a flow). */
export const PAIR_PROTOCOLS: readonly FlowProtocol[] = FLOW_PROTOCOLS;
