/**
 * The judge: Alibaba Cloud's decision on one side of a flow, written once, over regions.
 *
 * Given one side's rules in decision order (the pooled rules of one network interface's groups
 * for one direction, see {@link sideOf}), a protocol, a set of ports and a peer, it cuts the
 * ports into segments, each with the rule that decides it, or the fallback where no rule
 * matches (SEMANTICS.md, "Deciding one side"):
 *
 * - the rules are judged in order: best priority first (the smaller number), and at one
 *   priority drops before accepts (drop wins ties); specificity and creation time play no part;
 * - the first rule that matches a port decides it, and no later rule can change that;
 * - what no rule matches falls to the implicit defaults at priority 110: inbound denied,
 *   outbound allowed for basic groups and denied for enterprise ones.
 *
 * Between two interfaces that share a basic group whose inner access policy is Accept, no rule
 * is judged at all: they reach each other on everything ({@link sharedOpenGroup}). Otherwise a
 * flow passes when both sides allow it ({@link bothSides}).
 *
 * Every question the library asks is a projection of this judge: `evaluateFlow` asks it about
 * one port and one address, the access matrix about address classes, the access diff and the
 * audit about address cells on two versions, the checks about each rule's own region (what it
 * decides and what it leaves open), the components' guard whether every address reaches a port,
 * flow-log attribution about single records, and intents about whole regions. None of them
 * orders rules or reads a policy to decide a verdict on its own.
 */
import { GroupType } from "../model/network";
import { ALL_PORTS, PortRange } from "../model/port-ranges";
import { CidrBlock } from "../model/ip";
import { RuleArgs, RuleType } from "../model/rule";
import { DEFAULT_RANK, defaultAllows } from "./decision";
import { FlowProtocol } from "./flow";
import { CompiledRule, IndexedGroup, NetworkIndex, PeerPoint, compileRule, indexBase, nicMatches, peerMatches } from "./rule-index";

/**
 * A protocol as the judge sees it: a flow protocol, or `other`, any IP protocol besides those
 * five (ESP, SCTP, …), which only `all` rules (and the defaults) match.
 */
export type JudgedProtocol = FlowProtocol | "other";

/** What decided a segment: a rule, the implicit default rules, or a shared group's inner access policy. */
export interface Decider {
  /** `rule`, `default` or `inner-access`. */
  readonly kind: "rule" | "default" | "inner-access";
  /** Whether it lets the traffic through. */
  readonly allowed: boolean;
  /** Where it stands in the decision order: smaller is judged first ({@link decisionRank}); the defaults come after every rule. */
  readonly rank: number;
  /** The side it judged (absent for inner access, which judges the pair). */
  readonly direction?: RuleType;
  /** The group of the rule, or the shared group whose inner access policy decided. */
  readonly groupId?: string;
  /** Position of the rule in its group's rules. */
  readonly ruleIndex?: number;
  /** The deciding rule. */
  readonly rule?: CompiledRule;
}

/** A port interval and what decided it. Protocols without ports are one segment, 1..65535. */
export interface Segment {
  /** First port. */
  readonly from: number;
  /** Last port. */
  readonly to: number;
  /** What decided it. */
  readonly decider: Decider;
}

/** The decider of a rule: one object per rule (kept on the rule), so deciders compare by identity. */
export function ruleDecider(r: CompiledRule): Decider {
  let d = r.decider as Decider | undefined;
  if (!d) {
    d = { kind: "rule", allowed: !r.drop, rank: r.rank, direction: r.direction, groupId: r.groupId, ruleIndex: r.ruleIndex, rule: r };
    r.decider = d;
  }
  return d;
}

const DEFAULT_DECIDERS = new Map<string, Decider>();

/** The implicit default rules of a side (one object per direction and group type). */
export function defaultDecider(direction: RuleType, type: GroupType): Decider {
  const key = `${direction}|${type}`;
  let d = DEFAULT_DECIDERS.get(key);
  if (!d) {
    d = { kind: "default", allowed: defaultAllows(direction, type), rank: DEFAULT_RANK, direction };
    DEFAULT_DECIDERS.set(key, d);
  }
  return d;
}

const INNER_DECIDERS = new Map<string, Decider>();

/** The inner access policy of a shared basic group that admits everything between its members (one object per group). */
export function innerAccessDecider(groupId: string): Decider {
  let d = INNER_DECIDERS.get(groupId);
  if (!d) {
    d = { kind: "inner-access", allowed: true, rank: -1, groupId };
    INNER_DECIDERS.set(groupId, d);
  }
  return d;
}

/** True when a rule applies to a packet of this protocol: the same protocol, or `all`. */
export function protocolMatches(r: CompiledRule, protocol: JudgedProtocol): boolean {
  return r.protocol === protocol || r.protocol === "all";
}

/**
 * The judge. Cuts `within` (sorted, disjoint ports; every port by default) into segments, each
 * decided by the first rule of `rules` (in decision order) that matches the protocol, the port
 * and the peer (`matches`), or by `fallback` where none does. Segments come sorted by port.
 *
 * `rules` must be in decision order ({@link CompiledRule.order}); a caller may pass only the
 * rules that can match (an index of the side's rules by port, or by peer), never reorder them.
 */
export function judge(rules: readonly CompiledRule[], protocol: JudgedProtocol, matches: (r: CompiledRule) => boolean, fallback: Decider, within: readonly PortRange[] = ALL_PORTS): Segment[] {
  // The undecided ports as flat [from, to, from, to, …], sorted.
  let free: number[] = [];
  for (const w of within) free.push(w.from, w.to);
  const out: Segment[] = [];
  let lo = free.length > 0 ? free[0] : 0;
  let hi = free.length > 0 ? free[free.length - 1] : -1;
  for (let k = 0; k < rules.length && free.length > 0; k++) {
    const r = rules[k];
    if (r.to < lo || r.from > hi || (r.protocol !== protocol && r.protocol !== "all")) continue;
    let hit = false;
    for (let i = 0; i < free.length; i += 2) {
      if (free[i] <= r.to && r.from <= free[i + 1]) {
        hit = true;
        break;
      }
    }
    if (!hit || !matches(r)) continue;
    const d = ruleDecider(r);
    const next: number[] = [];
    for (let i = 0; i < free.length; i += 2) {
      const a = free[i];
      const b = free[i + 1];
      if (b < r.from || a > r.to) {
        next.push(a, b);
        continue;
      }
      const f = a > r.from ? a : r.from;
      const t = b < r.to ? b : r.to;
      out.push({ from: f, to: t, decider: d });
      if (a < f) next.push(a, f - 1);
      if (t < b) next.push(t + 1, b);
    }
    free = next;
    if (free.length > 0) {
      lo = free[0];
      hi = free[free.length - 1];
    }
  }
  for (let i = 0; i < free.length; i += 2) out.push({ from: free[i], to: free[i + 1], decider: fallback });
  if (out.length > 1) byPort(out);
  return out;
}

/** Sorts disjoint segments by port: in place, without the copy a library sort makes for the few segments a judgement mostly has. */
function byPort(out: Segment[]): void {
  if (out.length > 16) {
    out.sort((x, y) => x.from - y.from);
    return;
  }
  for (let i = 1; i < out.length; i++) {
    const x = out[i];
    let j = i - 1;
    while (j >= 0 && out[j].from > x.from) {
      out[j + 1] = out[j];
      j--;
    }
    out[j + 1] = x;
  }
}

/**
 * The decider of one port and one peer: {@link judge} on that port alone, with
 * {@link ruleMatchesPeer} as the match, without building its segments (one packet is decided by
 * the first rule in order that covers it, or by the fallback).
 */
export function judgeAt(rules: readonly CompiledRule[], protocol: JudgedProtocol, port: number, peer: PeerPoint, fallback: Decider): Decider {
  for (let k = 0; k < rules.length; k++) {
    const r = rules[k];
    if (r.from <= port && port <= r.to && (r.protocol === protocol || r.protocol === "all") && ruleMatchesPeer(r, peer)) return ruleDecider(r);
  }
  return fallback;
}

/** True when a rule's peer (and, in a classic group, its nic type) covers the peer point. */
export function ruleMatchesPeer(r: CompiledRule, peer: PeerPoint): boolean {
  return nicMatches(r, peer.internal) && peerMatches(r.peer, peer);
}

/** One interface's side: the pooled rules of its groups for one direction, in decision order, and the default that decides what they do not. */
export interface Side {
  /** `ingress` (the receiver's side) or `egress` (the sender's). */
  readonly direction: RuleType;
  /** The interface's groups, each once. */
  readonly groupIds: readonly string[];
  /** The type of its groups (one network interface's groups are all of one type). */
  readonly type: GroupType;
  /** True when a group of the side is in the classic network, where nic types matter. */
  readonly classic: boolean;
  /** The rules of every group, in decision order. */
  readonly rules: readonly CompiledRule[];
  /** The default rules' decider. */
  readonly fallback: Decider;
  /** A key shared by interfaces with the same groups. */
  readonly key: string;
}

const SIDES = new WeakMap<NetworkIndex, Map<string, Side>>();

/** The side of an interface with these groups (unknown ids are ignored), built once per index. */
export function sideOf(index: NetworkIndex, groupIds: readonly string[], direction: RuleType): Side {
  const owner = sideOwner(index, groupIds);
  let sides = SIDES.get(owner);
  if (!sides) SIDES.set(owner, (sides = new Map()));
  const ids = [...new Set(groupIds)].sort();
  const key = `${direction}|${ids.join("\u0000")}`;
  let side = sides.get(key);
  if (!side) {
    const groups = ids.map((g) => owner.groups.get(g)).filter((g): g is IndexedGroup => g !== undefined);
    side = sideFromGroups(groups, direction, key);
    sides.set(key, side);
  }
  return side;
}

/**
 * The index whose sides serve an interface of these groups: an index made for a change holds
 * its base's own groups but the changed ones, so for groups none of which changed it is the
 * base (whose sides, and the paintings and sorters cached on them, then serve every change of
 * a model); any other index is its own. What caches per side keys its cache by this index.
 */
export function sideOwner(index: NetworkIndex, groupIds: readonly string[]): NetworkIndex {
  const derived = indexBase(index);
  return derived !== undefined && !groupIds.some((g) => derived.changed.has(g)) ? sideOwner(derived.base, groupIds) : index;
}

/** A side from indexed groups (the first group's type is the side's: one interface's groups are of one type). */
export function sideFromGroups(groups: readonly IndexedGroup[], direction: RuleType, key = `${direction}|${groups.map((g) => g.id).join("\u0000")}`): Side {
  const rules: CompiledRule[] = [];
  for (const g of groups) for (const r of g[direction]) rules.push(r);
  if (groups.length > 1) rules.sort((a, b) => a.order - b.order);
  const type: GroupType = groups[0]?.type ?? "normal";
  return { direction, groupIds: groups.map((g) => g.id), type, classic: groups.some((g) => !g.vpc), rules, fallback: defaultDecider(direction, type), key };
}

/**
 * A side from plain rules (one group's, or a plan's): each rule validated beforehand, compiled
 * and put in decision order, read as in a VPC group of the given type. Prefix lists are unknown
 * here (their rules match no address).
 */
export function sideOfRules(rules: readonly RuleArgs[], direction: RuleType, type: GroupType = "normal", groupId = ""): Side {
  const none = new Map<string, readonly CidrBlock[]>();
  const compiled: CompiledRule[] = [];
  rules.forEach((r, i) => {
    if (r.type === direction) compiled.push(compileRule(r, groupId, i, true, i, none));
  });
  compiled.sort((a, b) => a.order - b.order);
  return { direction, groupIds: [groupId], type, classic: false, rules: compiled, fallback: defaultDecider(direction, type), key: `${direction}|rules:${groupId}` };
}

/** True when a basic group lets its members reach each other on everything (innerAccessPolicy Accept, the basic default). */
export function opensInside(group: IndexedGroup): boolean {
  return group.type === "normal" && (group.inner ?? "Accept") === "Accept";
}

/**
 * The first group of `from` that `to` also holds and that opens inside ({@link opensInside}):
 * such a shared group lets the two reach each other on every protocol and port, whatever any
 * rule says (SEMANTICS.md 9, 11); undefined when there is none, and the rules decide.
 */
export function sharedOpenGroup(index: NetworkIndex, from: readonly string[], to: ReadonlySet<string> | readonly string[]): string | undefined {
  const has = (g: string) => (Array.isArray(to) ? (to as readonly string[]).includes(g) : (to as ReadonlySet<string>).has(g));
  for (const g of from) {
    if (!has(g)) continue;
    const ig = index.groups.get(g);
    if (ig !== undefined && opensInside(ig)) return g;
  }
  return undefined;
}

/**
 * A flow's segments from its two sides' segments over the same ports: it passes where both
 * allow. Each segment keeps the side that decided it: the sender's egress where that denies,
 * else the receiver's ingress.
 */
export function bothSides(egress: readonly Segment[], ingress: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  let i = 0;
  let j = 0;
  while (i < egress.length && j < ingress.length) {
    const e = egress[i];
    const g = ingress[j];
    const from = e.from > g.from ? e.from : g.from;
    const to = e.to < g.to ? e.to : g.to;
    if (from <= to) out.push({ from, to, decider: e.decider.allowed ? g.decider : e.decider });
    if (e.to <= to) i++;
    if (g.to <= to) j++;
  }
  return out;
}

/** Segments of two paintings over the same ports, cut where either changes: `a` and `b` decide each piece. */
export function overlay(a: readonly Segment[], b: readonly Segment[]): { from: number; to: number; a: Decider; b: Decider }[] {
  const out: { from: number; to: number; a: Decider; b: Decider }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const from = a[i].from > b[j].from ? a[i].from : b[j].from;
    const to = a[i].to < b[j].to ? a[i].to : b[j].to;
    if (from <= to) out.push({ from, to, a: a[i].decider, b: b[j].decider });
    if (a[i].to <= to) i++;
    if (b[j].to <= to) j++;
  }
  return out;
}

/** The ports of a painting that are allowed, as normalised ranges. */
export function allowedPorts(segments: readonly Segment[]): PortRange[] {
  const out: { from: number; to: number }[] = [];
  for (const s of segments) {
    if (!s.decider.allowed) continue;
    const last = out[out.length - 1];
    if (last !== undefined && last.to + 1 >= s.from) last.to = Math.max(last.to, s.to);
    else out.push({ from: s.from, to: s.to });
  }
  return out;
}
