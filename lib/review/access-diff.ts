/**
 * `accessDiff`: what a change does to effective access, not to rule tuples. Both sides are
 * evaluated with the evaluator's own decision procedure (priorities, drop wins ties, defaults
 * at 110, several groups per interface, inner access), and every region whose verdict differs
 * is reported: opened (denied before, allowed after) or closed, as peer × protocol × ports,
 * per instance and per group (a member in that group only), with one example flow and what
 * decided it before and after.
 */
import { AddressCell, PortSegment, RegionDecider, RegionEndpoint, FAMILY_PROTOCOLS, PAIR_PROTOCOLS, addressCells, anyClassic, cellPoint, defaultDecider, endpointType, paintPorts, portful, rangeToCidrs, ruleMatchesEndpoint, sideRules } from "../analysis/access-regions";
import { FlowProtocol } from "../analysis/flow";
import { CompiledRule, NetworkIndex, networkIndex, nicMatches, peerMatches } from "../analysis/rule-index";

const FLOW_PROTOCOLS_ALL: readonly FlowProtocol[] = ["tcp", "udp", "icmp", "icmpv6", "gre"];
import { IpFamily, addressText, parseCidr } from "../model/ip";
import { NetworkModel } from "../model/network";
import { ruleKey } from "../model/rule-key";
import { RuleArgs, RuleType } from "../model/rule";
import { ADMIN_PORTS, DATABASE_PORT_LIST } from "../model/services";
import { Origin, SourceNetwork, Unresolved } from "../sources/source-network";

/** Version of the diff report's JSON shape. */
export const DIFF_REPORT_VERSION = 1;

/** One side of a diff: a plain model, or a network read from a source (with provenance). */
export type DiffSide = NetworkModel | SourceNetwork;

/** An exemption entry, as the exemptions file gives it; `diff` entries accept broadenings. */
export interface Exemption {
  /** Present on accepted broadenings: `broadening` (any opened region the rule decides), or the id of the group or instance it is limited to. */
  diff?: string;
  /** Present on acknowledged findings (not used by the diff). */
  check?: string;
  /** A rule: its resource name, its rule id (`sgr-…`), or `<group id>/<rule key>`. */
  rule: string;
  /** Why it is accepted; shown in every report. */
  reason: string;
}

/** Severity of an opened region (CLI.md). */
export type DiffSeverity = "high" | "medium" | "low";

/** Options of {@link accessDiff}. */
export interface AccessDiffOptions {
  /** Accepted broadenings (and findings, ignored here). @default [] */
  exemptions?: readonly Exemption[];
  /** Admin ports, which make an opened region high. @default [22, 3389] */
  adminPorts?: readonly number[];
  /** Database ports, which make an opened region high. @default [3306, 5432, 1433, 1521, 6379, 27017] */
  databasePorts?: readonly number[];
  /** A private IPv4 peer broader than this prefix makes an opened region medium. @default 16 */
  minPrivatePrefixLength?: number;
}

/** One end of a region: an interface of the model, or a set of outside addresses. */
export type RegionEnd =
  | { kind: "instance"; id: string }
  | { kind: "group-member"; id: string }
  | { kind: "addresses"; family: IpFamily; cidrs: string[]; except?: string[] };
// The addresses are those in `cidrs` and not in `except`: a set that is most of the address
// space is written as the whole family minus what it leaves out.

/** What decided a region on one side of the diff. */
export interface RegionDecision {
  /** Whether the region was allowed on that side. */
  allowed: boolean;
  /** `rule`, `default` (the implicit rules at 110), `inner-access`, or `absent` (the interface does not exist on that side). */
  by: "rule" | "default" | "inner-access" | "absent";
  /** The side of the flow that decided: the sender's egress or the receiver's ingress. */
  direction?: RuleType;
  /** The group of the rule or inner access policy. */
  groupId?: string;
  /** Index of the rule in the group. */
  ruleIndex?: number;
  /** The rule's key (`in-accept-p1-tcp:22-from-0.0.0.0/0`). */
  rule?: string;
  /** Where the rule was read, when the side came from a source. */
  origin?: Origin;
}

/** One region whose verdict differs between the sides. */
export interface DiffRegion {
  /** `opened`: denied before, allowed after; `closed`: the reverse. */
  change: "opened" | "closed";
  /** `instance`: an instance with all its groups; `group`: a member in that group only. */
  scope: "instance" | "group";
  /** The sender. */
  from: RegionEnd;
  /** The receiver. */
  to: RegionEnd;
  /** The protocol. */
  protocol: FlowProtocol;
  /** The ports (tcp/udp); `null` for other protocols. */
  ports: { from: number; to: number } | null;
  /** One flow in the region, e.g. `{ from: "0.0.0.0", to: "i-web", protocol: "tcp", port: 22 }`. */
  example: { from: string; to: string; protocol: FlowProtocol; port?: number };
  /** What decided it before. */
  before: RegionDecision;
  /** What decides it after. */
  after: RegionDecision;
  /** Severity, for opened regions. */
  severity?: DiffSeverity;
  /** Why it is accepted, when an exemption accepts it. */
  accepted?: { rule: string; reason: string };
}

/** A rule that was added or removed. */
export interface RuleChange {
  /** The group. */
  groupId: string;
  /** `added` or `removed`. */
  change: "added" | "removed";
  /** The rule's key. */
  rule: string;
  /** Where it was read. */
  origin?: Origin;
  /** False when no region changed because of it: the rule changed, access did not. */
  effective: boolean;
}

/** The result of {@link accessDiff}. */
export interface AccessDiff {
  /** Every region whose verdict differs, opened first, then by scope, receiver, sender, protocol, ports. */
  regions: DiffRegion[];
  /** Added and removed rules (descriptions excluded: they change in place). */
  ruleChanges: RuleChange[];
  /** Counts. */
  summary: { opened: number; closed: number; accepted: number; high: number; medium: number; low: number; rulesChanged: number; rulesWithoutAccessChange: number };
  /** Exemptions that accepted a region, and `diff` entries that matched none (stale). */
  exemptions: { accepted: Exemption[]; stale: Exemption[] };
  /** What each side left unresolved (from its source). */
  unresolved: { before: Unresolved[]; after: Unresolved[] };
}

interface Side {
  index: NetworkIndex;
  source?: SourceNetwork;
  /** The caller's rule objects by group (the index holds validated copies): keys are cached per object, so reports share them. */
  inputRules: Map<string, readonly RuleArgs[]>;
}

const INPUT_RULES = new WeakMap<NetworkModel, Map<string, readonly RuleArgs[]>>();

function sideOf(s: DiffSide): Side {
  const source = (s as SourceNetwork).model !== undefined && (s as SourceNetwork).ruleOrigins !== undefined ? (s as SourceNetwork) : undefined;
  const model = source ? source.model : (s as NetworkModel);
  let inputRules = INPUT_RULES.get(model);
  if (!inputRules) {
    inputRules = new Map(model.groups.map((g) => [g.id, g.rules]));
    INPUT_RULES.set(model, inputRules);
  }
  return { index: networkIndex(model), source, inputRules };
}

/** A stable text for a group's definition, prefix-list entries included. */
function groupSignature(side: Side, id: string): string | undefined {
  const g = side.index.groups.get(id);
  if (!g) return undefined;
  const lists = new Set<string>();
  for (const r of g.group.rules) if (r.prefixListId) lists.add(r.prefixListId);
  const entries = [...lists].sort().map((l) => [l, side.index.prefixLists.get(l)?.map((b) => b.text) ?? null]);
  const { description: _d, name: _n, tags: _t, ...rest } = g.group;
  return JSON.stringify([rest.type, rest.innerAccessPolicy, g.vpc, rest.rules.map(({ description: _x, ...r }) => r), entries]);
}

function instanceSignature(side: Side, id: string): string | undefined {
  const i = side.index.instances.get(id);
  if (!i) return undefined;
  return JSON.stringify([i.instance.privateIp, [...new Set(i.groupIds)].sort(), i.instance.accountId ?? null]);
}

interface EndpointPair {
  label: string;
  scope: "instance" | "group";
  before?: RegionEndpoint;
  after?: RegionEndpoint;
}

function instanceEndpoint(side: Side, id: string): RegionEndpoint | undefined {
  const i = side.index.instances.get(id);
  if (!i) return undefined;
  const e: RegionEndpoint = { id, groupIds: i.groupIds, point: i.point };
  if (i.instance.accountId !== undefined) e.accountId = i.instance.accountId;
  return e;
}

function memberEndpoint(side: Side, id: string): RegionEndpoint | undefined {
  return side.index.groups.has(id) ? { id, groupIds: [id] } : undefined;
}

const ABSENT: RegionDecider = { kind: "default", allowed: false };

const DECIDER_IDS = new WeakMap<RegionDecider, number>();
let deciderSeq = 0;

/** A short key of a decider (deciders are shared objects, so identity serves). */
function deciderKey(d: RegionDecider | undefined): string {
  if (!d) return "-";
  let id = DECIDER_IDS.get(d);
  if (id === undefined) {
    id = ++deciderSeq;
    DECIDER_IDS.set(d, id);
  }
  return String(id);
}

/** Segments of two paintings over the same port span, cut where either changes. */
function mergeSegments(a: PortSegment[], b: PortSegment[]): { from: number; to: number; a: RegionDecider; b: RegionDecider }[] {
  const out: { from: number; to: number; a: RegionDecider; b: RegionDecider }[] = [];
  let i = 0;
  let j = 0;
  let at = Math.min(a[0]?.from ?? 1, b[0]?.from ?? 1);
  while (i < a.length && j < b.length) {
    const to = Math.min(a[i].to, b[j].to);
    out.push({ from: at, to, a: a[i].decider, b: b[j].decider });
    at = to + 1;
    if (a[i].to === to) i++;
    if (b[j].to === to) j++;
  }
  return out;
}

function absentSegments(protocol: FlowProtocol): PortSegment[] {
  return [{ from: 1, to: portful(protocol) ? 65535 : 1, decider: { ...ABSENT, kind: "default" } }];
}

interface Fragment {
  change: "opened" | "closed";
  protocol: FlowProtocol;
  from: number;
  to: number;
  before: RegionDecider | undefined;
  after: RegionDecider | undefined;
}

/** Regions between an interface and outside addresses, on one direction. */
/** The outside-address painter of one side: paintings cached by the bit set of matching rules. */
interface Painter {
  bits(cell: AddressCell): number[];
  paint(bits: number[], protocol: FlowProtocol): { id: number; segs: PortSegment[] };
}

const PAINTERS = new WeakMap<NetworkIndex, Map<string, { rules: CompiledRule[]; painter: Painter }>>();

/** The CIDR and prefix-list rules of a side and their painter, once per index and group set (the audit asks about one group twice). */
function outsidePainter(side: Side, groupIds: readonly string[], direction: RuleType): { rules: CompiledRule[]; painter: Painter } {
  let m = PAINTERS.get(side.index);
  if (!m) {
    m = new Map();
    PAINTERS.set(side.index, m);
  }
  const key = `${direction}|${[...new Set(groupIds)].sort().join(",")}`;
  let p = m.get(key);
  if (!p) {
    const rules = sideRules(side.index, groupIds, direction).filter((r) => r.peer.kind !== "group");
    p = { rules, painter: makePainter(rules, defaultDecider(direction, endpointType(side.index, groupIds))) };
    m.set(key, p);
  }
  return p;
}

// Paintings are cached by the bit set of matching rules of the protocol: neighbouring cells
// mostly differ in rules of one protocol, and the others' paintings are reused.
function makePainter(rules: CompiledRule[], fallback: RegionDecider): Painter {
  const n = Math.ceil(rules.length / 32) || 1;
  const masks = new Map<FlowProtocol, number[]>();
  for (const p of FLOW_PROTOCOLS_ALL) {
    const m = new Array<number>(n).fill(0);
    rules.forEach((r, i) => {
      if (r.protocol === p || r.protocol === "all") m[i >>> 5] |= 1 << (i & 31);
    });
    masks.set(p, m);
  }
  const cache = new Map<string, { id: number; segs: PortSegment[] }>();
  return {
    bits(cell: AddressCell): number[] {
      const point = cellPoint(cell);
      const w = new Array<number>(n).fill(0);
      for (let i = 0; i < rules.length; i++) {
        const r = rules[i];
        if (nicMatches(r, point.internal) && peerMatches(r.peer, point)) w[i >>> 5] |= 1 << (i & 31);
      }
      return w;
    },
    paint(bits: number[], protocol: FlowProtocol): { id: number; segs: PortSegment[] } {
      const m = masks.get(protocol) as number[];
      let key = protocol;
      for (let j = 0; j < n; j++) key += `:${bits[j] & m[j]}`;
      let hit = cache.get(key);
      if (!hit) {
        const matched: CompiledRule[] = [];
        for (let i = 0; i < rules.length; i++) if ((bits[i >>> 5] & m[i >>> 5] & (1 << (i & 31))) !== 0) matched.push(rules[i]);
        hit = { id: cache.size, segs: paintPorts(matched, protocol, () => true, fallback as RegionDecider) };
        cache.set(key, hit);
      }
      return hit;
    },
  };
}

/** Limits of a region computation to where a known set of changed rules can act (exact: elsewhere both sides see the same rules). */
interface ChangeScope {
  /** Protocols the changed rules match. */
  protocols: ReadonlySet<FlowProtocol>;
  /** Address blocks the changed rules match (CIDR peers and prefix-list entries). */
  blocks: readonly { family: IpFamily; first: bigint; last: bigint }[];
}

function outsideRegions(before: Side, after: Side, ep: EndpointPair, direction: RuleType, emitRegion: (f: Fragment, family: IpFamily, ranges: [bigint, bigint][]) => void, scope?: ChangeScope): void {
  // Fragments of one kind (same change, protocol, ports and deciders) over disjoint address ranges are one region.
  const regions = new Map<Fragment, { f: Fragment; family: IpFamily; ranges: [bigint, bigint][] }>();
  const emit = (f: Fragment, addr: { family: IpFamily; lo: bigint; hi: bigint }) => {
    // Fragments are shared objects per kind (cached below), so the fragment itself is the key.
    const key = f;
    let r = regions.get(key);
    if (!r) {
      r = { f, family: addr.family, ranges: [] };
      regions.set(key, r);
    }
    r.ranges.push([addr.lo, addr.hi]);
  };
  const ob = ep.before ? outsidePainter(before, ep.before.groupIds, direction) : undefined;
  const oa = ep.after ? outsidePainter(after, ep.after.groupIds, direction) : undefined;
  const rb = ob?.rules;
  const ra = oa?.rules;
  const classic = (ep.before ? anyClassic(before.index, ep.before.groupIds) : false) || (ep.after ? anyClassic(after.index, ep.after.groupIds) : false);
  const cells = addressCells([rb ?? [], ra ?? []], classic);
  const open = new Map<string, { f: Fragment; family: IpFamily; lo: bigint; hi: bigint; seen: boolean }>();
  let family: IpFamily | undefined;
  const flush = (all: boolean) => {
    for (const [k, v] of open) {
      if (all || !v.seen) {
        emit(v.f, { family: v.family, lo: v.lo, hi: v.hi });
        open.delete(k);
      } else v.seen = false;
    }
  };
  const pB = ob?.painter;
  const pA = oa?.painter;
  const absent = new Map<FlowProtocol, { id: number; segs: PortSegment[] }>();
  const absentOf = (p: FlowProtocol) => {
    let a = absent.get(p);
    if (!a) {
      a = { id: -1, segs: absentSegments(p) };
      absent.set(p, a);
    }
    return a;
  };
  // Per pair of paintings: the changed segments, each with its fragment key built once.
  const merged = new Map<string, { key: string; f: Fragment }[]>();
  const fragments = new Map<string, Fragment>();
  for (const cell of cells) {
    if (family !== cell.family) {
      flush(true);
      family = cell.family;
    }
    if (scope && !scope.blocks.some((b) => b.family === cell.family && b.first <= cell.hi && cell.lo <= b.last)) continue;
    const bb = pB?.bits(cell);
    const ba = pA?.bits(cell);
    for (const protocol of FAMILY_PROTOCOLS[cell.family]) {
      if (scope && !scope.protocols.has(protocol)) continue;
      const xb = pB && bb ? pB.paint(bb, protocol) : absentOf(protocol);
      const xa = pA && ba ? pA.paint(ba, protocol) : absentOf(protocol);
      const mkey = `${cell.family}|${protocol}|${xb.id}|${xa.id}`;
      let changed = merged.get(mkey);
      if (!changed) {
        changed = mergeSegments(xb.segs, xa.segs)
          .filter((x) => x.a.allowed !== x.b.allowed)
          .map((x) => {
            const before = pB ? x.a : undefined;
            const afterD = pA ? x.b : undefined;
            const change = x.b.allowed ? ("opened" as const) : ("closed" as const);
            const key = `${cell.family}|${change}|${protocol}|${x.from}|${x.to}|${deciderKey(before)}|${deciderKey(afterD)}`;
            let f = fragments.get(key);
            if (!f) {
              f = { change, protocol, from: x.from, to: x.to, before, after: afterD };
              fragments.set(key, f);
            }
            return { key, f };
          });
        merged.set(mkey, changed);
      }
      for (const { key, f } of changed) {
        const cur = open.get(key);
        if (cur && cur.hi + 1n === cell.lo) {
          cur.hi = cell.hi;
          cur.seen = true;
        } else {
          if (cur) emit(cur.f, { family: cur.family, lo: cur.lo, hi: cur.hi });
          open.set(key, { f, family: cell.family, lo: cell.lo, hi: cell.hi, seen: true });
        }
      }
    }
    flush(false);
  }
  flush(true);
  for (const r of regions.values()) emitRegion(r.f, r.family, r.ranges.sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

/** Painting of a flow between two interfaces for one protocol: both sides must allow, unless inner access decides. */
/**
 * One side's painting against a peer interface, cached by what the side's rules can tell of
 * the peer: the groups they name that it is in, its account, and its address (a stand-in
 * member has none), so that a group judged against thousands of stand-ins paints once per class.
 */
function sidePainting(side: Side, rules: CompiledRule[], self: RegionEndpoint, peer: RegionEndpoint, direction: RuleType, protocol: FlowProtocol, paints: Map<string, PortSegment[]>): PortSegment[] {
  const named = new Set<string>();
  for (const r of rules) if (r.peer.kind === "group") named.add(r.peer.groupId);
  const cls = peer.groupIds.filter((g) => named.has(g)).sort().join(",");
  const addr = peer.point ? `${peer.point.family}:${peer.point.v4}:${peer.point.v6}:${peer.point.internal}` : "?";
  const key = `${direction}|${protocol}|${[...new Set(self.groupIds)].sort().join(",")}|${cls}|${peer.accountId ?? ""}|${addr}`;
  let p = paints.get(key);
  if (!p) {
    p = paintPorts(rules, protocol, (r) => ruleMatchesEndpoint(r, peer), defaultDecider(direction, endpointType(side.index, self.groupIds)));
    paints.set(key, p);
  }
  return p;
}

/**
 * Pair paintings of one side, cached by what the rules can tell of the peer: the indexes of the
 * rules that match it. Thousands of instances usually fall into a handful of such classes per
 * receiver, so each class is painted once.
 */
class PairEngine {
  private readonly sides = new WeakMap<RegionEndpoint, Record<RuleType, { id: number; rules: CompiledRule[]; fallback: RegionDecider }>>();
  private readonly sideIds = new Map<string, { id: number; rules: CompiledRule[]; fallback: RegionDecider }>();
  private readonly classes = new Map<string, { id: number; matched: CompiledRule[]; fallback: RegionDecider; paints: (PortSegment[] | undefined)[] }>();
  private readonly pairs = new Map<string, { key: string; segs: PortSegment[][] }>();

  constructor(private readonly side: Side) {}

  private rules(ep: RegionEndpoint, d: RuleType): { id: number; rules: CompiledRule[]; fallback: RegionDecider } {
    let both = this.sides.get(ep);
    if (!both) {
      const make = (dir: RuleType) => {
        const key = `${dir}|${[...new Set(ep.groupIds)].sort().join(",")}`;
        let r = this.sideIds.get(key);
        if (!r) {
          r = { id: this.sideIds.size, rules: sideRules(this.side.index, ep.groupIds, dir), fallback: defaultDecider(dir, endpointType(this.side.index, ep.groupIds)) };
          this.sideIds.set(key, r);
        }
        return r;
      };
      both = { ingress: make("ingress"), egress: make("egress") };
      this.sides.set(ep, both);
    }
    return both[d];
  }

  /** The class of a peer for one side: which of the side's rules match it, as a bit set. */
  private match(self: RegionEndpoint, d: RuleType, peer: RegionEndpoint) {
    const s = this.rules(self, d);
    const words = new Array<number>(Math.ceil(s.rules.length / 32) || 1).fill(0);
    for (let i = 0; i < s.rules.length; i++) if (ruleMatchesEndpoint(s.rules[i], peer)) words[i >>> 5] |= 1 << (i & 31);
    const key = `${s.id}:${words.join(":")}`;
    let c = this.classes.get(key);
    if (!c) {
      c = { id: this.classes.size, matched: s.rules.filter((_, i) => (words[i >>> 5] & (1 << (i & 31))) !== 0), fallback: s.fallback, paints: [] };
      this.classes.set(key, c);
    }
    return c;
  }

  private paint(c: { matched: CompiledRule[]; fallback: RegionDecider; paints: (PortSegment[] | undefined)[] }, i: number): PortSegment[] {
    let p = c.paints[i];
    if (!p) {
      p = paintPorts(c.matched, PAIR_PROTOCOLS[i], () => true, c.fallback);
      c.paints[i] = p;
    }
    return p;
  }

  /** The flow's painting per protocol (in PAIR_PROTOCOLS order), and a key shared by pairs that paint alike. */
  pair(from: RegionEndpoint, to: RegionEndpoint): { key: string; segs: PortSegment[][] } {
    let open: string | undefined;
    for (const g of from.groupIds) {
      if (!to.groupIds.includes(g)) continue;
      const ig = this.side.index.groups.get(g);
      if (ig !== undefined && ig.type === "normal" && (ig.inner ?? "Accept") === "Accept") {
        open = g;
        break;
      }
    }
    if (open !== undefined) {
      const key = `inner:${open}`;
      let hit = this.pairs.get(key);
      if (!hit) {
        const g = open;
        hit = { key, segs: PAIR_PROTOCOLS.map((p) => [{ from: 1, to: portful(p) ? 65535 : 1, decider: { kind: "inner-access" as const, allowed: true, groupId: g } }]) };
        this.pairs.set(key, hit);
      }
      return hit;
    }
    const eg = this.match(from, "egress", to);
    const ing = this.match(to, "ingress", from);
    const key = `${eg.id}#${ing.id}`;
    let hit = this.pairs.get(key);
    if (!hit) {
      hit = { key, segs: PAIR_PROTOCOLS.map((_, i) => mergeSegments(this.paint(eg, i), this.paint(ing, i)).map((s) => ({ from: s.from, to: s.to, decider: !s.a.allowed ? s.a : s.b }))) };
      this.pairs.set(key, hit);
    }
    return hit;
  }
}

const KEYS = new WeakMap<RuleArgs, string>();

/** {@link ruleKey}, once per rule object (reports name the same rules many times). */
export function cachedRuleKey(rule: RuleArgs): string {
  let k = KEYS.get(rule);
  if (k === undefined) {
    k = ruleKey(rule);
    KEYS.set(rule, k);
  }
  return k;
}

function decision(side: Side, d: RegionDecider | undefined, absent: boolean): RegionDecision {
  if (absent || !d) return { allowed: false, by: "absent" };
  const out: RegionDecision = { allowed: d.allowed, by: d.kind };
  if (d.direction) out.direction = d.direction;
  if (d.groupId !== undefined) out.groupId = d.groupId;
  if (d.kind === "rule" && d.groupId !== undefined && d.ruleIndex !== undefined) {
    out.ruleIndex = d.ruleIndex;
    // The same rule as the caller's object when it is one (validation keeps the order), so its key is cached.
    const rule = (side.inputRules.get(d.groupId)?.[d.ruleIndex] ?? side.index.groups.get(d.groupId)?.group.rules[d.ruleIndex]) as RuleArgs;
    out.rule = cachedRuleKey(rule);
    const origin = side.source?.ruleOrigins.get(d.groupId)?.[d.ruleIndex];
    if (origin) out.origin = origin;
  }
  return out;
}

/** The names an exemption's `rule` may use for a rule: its rule id, its resource (and a URN's last part), `<group>/<key>`. */
export function ruleNames(d: RegionDecision): string[] {
  if (d.by !== "rule" || d.groupId === undefined || d.rule === undefined) return [];
  const names = [`${d.groupId}/${d.rule}`];
  if (d.origin?.ruleId) names.push(d.origin.ruleId);
  if (d.origin?.resource) {
    names.push(d.origin.resource);
    const last = d.origin.resource.split("::").pop();
    if (last) names.push(last);
  }
  return names;
}

function severityOf(r: DiffRegion, side: Side, options: Required<Pick<AccessDiffOptions, "adminPorts" | "databasePorts" | "minPrivatePrefixLength">>): DiffSeverity {
  const rule = r.after.by === "rule" && r.after.groupId !== undefined && r.after.ruleIndex !== undefined ? side.index.groups.get(r.after.groupId)?.group.rules[r.after.ruleIndex] : undefined;
  const outside = r.from.kind === "addresses" || r.to.kind === "addresses";
  let world = false;
  let broadPrivate = false;
  if (outside) {
    if (r.after.by === "default") world = true;
    const cidr = rule?.cidrIp ?? rule?.ipv6CidrIp;
    if (cidr) {
      const b = parseCidr(cidr);
      if (b && b.prefix === 0) world = true;
      if (b && b.family === "ipv4" && b.prefix < options.minPrivatePrefixLength && b.prefix > 0) broadPrivate = true;
    }
    if (rule?.prefixListId) {
      const entries = side.index.prefixLists.get(rule.prefixListId) ?? [];
      if (entries.some((e) => e.prefix === 0)) world = true;
      if (entries.some((e) => e.family === "ipv4" && e.prefix > 0 && e.prefix < options.minPrivatePrefixLength)) broadPrivate = true;
    }
  }
  const sensitive = [...options.adminPorts, ...options.databasePorts];
  const ports = r.ports;
  const hitsSensitive = ports !== null && sensitive.some((p) => ports.from <= p && p <= ports.to);
  const crossAccount = rule?.sourceGroupOwnerId !== undefined || rule?.sourceGroupOwnerAccount !== undefined;
  if (world || hitsSensitive || crossAccount) return "high";
  if (broadPrivate || (ports !== null && ports.from === 1 && ports.to === 65535)) return "medium";
  return "low";
}

function complement(family: IpFamily, ranges: [bigint, bigint][]): [bigint, bigint][] {
  const max = family === "ipv4" ? (1n << 32n) - 1n : (1n << 128n) - 1n;
  const out: [bigint, bigint][] = [];
  let at = 0n;
  for (const [lo, hi] of ranges) {
    if (lo > at) out.push([at, lo - 1n]);
    at = hi + 1n;
  }
  if (at <= max) out.push([at, max]);
  return out;
}

/** Sorted disjoint address ranges as a region end: the blocks, or the whole family except the gaps when that is shorter. */
function addressEnd(family: IpFamily, ranges: [bigint, bigint][]): RegionEnd {
  const gaps = complement(family, ranges);
  if (gaps.length > 0 && gaps.length < ranges.length) {
    return { kind: "addresses", family, cidrs: [family === "ipv4" ? "0.0.0.0/0" : "::/0"], except: gaps.flatMap(([lo, hi]) => rangeToCidrs(family, lo, hi)) };
  }
  return { kind: "addresses", family, cidrs: ranges.flatMap(([lo, hi]) => rangeToCidrs(family, lo, hi)) };
}

function endText(e: RegionEnd): string {
  return e.kind === "addresses" ? e.cidrs.join(",") : `${e.kind}:${e.id}`;
}

/**
 * Compares the effective access of two networks. Either side may be a plain model or a network
 * read from a source (whose provenance then names each deciding rule). Only interfaces whose
 * groups changed are compared, so the cost follows the change, not the estate: an instance
 * whose groups and address are the same on both sides, and whose groups' rules are the same,
 * has the same access.
 *
 * @example accessDiff(before, after).regions.filter((r) => r.change === "opened")
 */
export function accessDiff(beforeInput: DiffSide, afterInput: DiffSide, options: AccessDiffOptions = {}): AccessDiff {
  const before = sideOf(beforeInput);
  const after = sideOf(afterInput);
  const resolved = {
    adminPorts: options.adminPorts ?? ADMIN_PORTS,
    databasePorts: options.databasePorts ?? DATABASE_PORT_LIST,
    minPrivatePrefixLength: options.minPrivatePrefixLength ?? 16,
  };
  const groupIds = [...new Set([...before.index.groups.keys(), ...after.index.groups.keys()])].sort();
  const dirtyGroups = new Set(groupIds.filter((g) => groupSignature(before, g) !== groupSignature(after, g)));
  const instanceIds = [...new Set([...before.index.instances.keys(), ...after.index.instances.keys()])].sort();
  const dirtyInstance = (id: string) => {
    if (instanceSignature(before, id) !== instanceSignature(after, id)) return true;
    const i = before.index.instances.get(id) ?? after.index.instances.get(id);
    return (i?.groupIds ?? []).some((g) => dirtyGroups.has(g));
  };
  const instances: EndpointPair[] = instanceIds.map((id) => ({ label: id, scope: "instance", before: instanceEndpoint(before, id), after: instanceEndpoint(after, id) }));
  const members: EndpointPair[] = groupIds.map((id) => ({ label: id, scope: "group", before: memberEndpoint(before, id), after: memberEndpoint(after, id) }));
  const dirtyI = new Set(instances.filter((e) => dirtyInstance(e.label)).map((e) => e.label));

  const regions: DiffRegion[] = [];
  const end = (ep: EndpointPair): RegionEnd => (ep.scope === "instance" ? { kind: "instance", id: ep.label } : { kind: "group-member", id: ep.label });
  const exampleName = (ep: EndpointPair) => (ep.scope === "instance" ? ep.label : `member of ${ep.label}`);
  const push = (scope: "instance" | "group", from: RegionEnd, to: RegionEnd, f: Fragment, example: DiffRegion["example"], absentBefore: boolean, absentAfter: boolean) => {
    regions.push({
      change: f.change,
      scope,
      from,
      to,
      protocol: f.protocol,
      ports: portful(f.protocol) ? { from: f.from, to: f.to } : null,
      example,
      before: decision(before, f.before, absentBefore),
      after: decision(after, f.after, absentAfter),
    });
  };

  const outside = (ep: EndpointPair) => {
    for (const direction of ["ingress", "egress"] as const) {
      outsideRegions(before, after, ep, direction, (f, family, ranges) => {
        const addresses = addressEnd(family, ranges);
        const a = addressText(family, ranges[0][0]);
        const example = { from: direction === "ingress" ? a : exampleName(ep), to: direction === "ingress" ? exampleName(ep) : a, protocol: f.protocol, ...(portful(f.protocol) ? { port: f.from } : {}) };
        push(ep.scope, direction === "ingress" ? addresses : end(ep), direction === "ingress" ? end(ep) : addresses, f, example, !ep.before || f.before === undefined, !ep.after || f.after === undefined);
      });
    }
  };
  const engineB = new PairEngine(before);
  const engineA = new PairEngine(after);
  const absentPair = { key: "absent", segs: PAIR_PROTOCOLS.map(absentSegments) };
  const changes = new Map<string, { protocol: FlowProtocol; from: number; to: number; a: RegionDecider; b: RegionDecider }[]>();
  const pair = (src: EndpointPair, dst: EndpointPair) => {
    const absentB = !(src.before && dst.before);
    const absentA = !(src.after && dst.after);
    const pb = absentB ? absentPair : engineB.pair(src.before as RegionEndpoint, dst.before as RegionEndpoint);
    const pa = absentA ? absentPair : engineA.pair(src.after as RegionEndpoint, dst.after as RegionEndpoint);
    const key = `${pb.key}@@${pa.key}`;
    let list = changes.get(key);
    if (!list) {
      list = [];
      PAIR_PROTOCOLS.forEach((protocol, i) => {
        for (const s of mergeSegments(pb.segs[i], pa.segs[i])) if (s.a.allowed !== s.b.allowed) (list as NonNullable<typeof list>).push({ protocol, ...s });
      });
      changes.set(key, list);
    }
    for (const s of list) {
      const f: Fragment = { change: s.b.allowed ? "opened" : "closed", protocol: s.protocol, from: s.from, to: s.to, before: absentB ? undefined : s.a, after: absentA ? undefined : s.b };
      const example = { from: exampleName(src), to: src === dst ? `another member of ${dst.label}` : exampleName(dst), protocol: s.protocol, ...(portful(s.protocol) ? { port: s.from } : {}) };
      push(src.scope, end(src), end(dst), f, example, absentB, absentA);
    }
  };

  for (const ep of instances) if (dirtyI.has(ep.label)) outside(ep);
  for (const src of instances) {
    for (const dst of instances) {
      if (src === dst || (!dirtyI.has(src.label) && !dirtyI.has(dst.label))) continue;
      pair(src, dst);
    }
  }
  for (const ep of members) if (dirtyGroups.has(ep.label)) outside(ep);
  for (const src of members) {
    for (const dst of members) {
      if (!dirtyGroups.has(src.label) && !dirtyGroups.has(dst.label)) continue;
      pair(src, dst);
    }
  }

  // Severity, exemptions.
  const diffEntries = (options.exemptions ?? []).filter((e) => e.diff !== undefined);
  const used = new Set<Exemption>();
  for (const r of regions) {
    if (r.change !== "opened") continue;
    r.severity = severityOf(r, after, resolved);
    const names = ruleNames(r.after);
    const target = r.to.kind === "addresses" ? (r.from as { id: string }).id : r.to.id;
    const entry = diffEntries.find((e) => names.includes(e.rule) && (e.diff === "broadening" || e.diff === "*" || e.diff === target));
    if (entry) {
      r.accepted = { rule: entry.rule, reason: entry.reason };
      used.add(entry);
    }
  }
  const scopeOrder = (r: DiffRegion) => (r.scope === "instance" ? 0 : 1);
  const rank = (r: DiffRegion) => `${r.change === "opened" ? 0 : 1}|${scopeOrder(r)}|${endText(r.to)}|${endText(r.from)}|${PAIR_PROTOCOLS.indexOf(r.protocol)}|${String(r.ports?.from ?? 0).padStart(5, "0")}`;
  const keyed = regions.map((r) => [rank(r), r] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const sorted = keyed.map(([, r]) => r);

  // Rules added and removed, and whether any region changed because of them.
  const deciders = new Set<string>();
  for (const r of sorted) {
    if (r.before.rule) deciders.add(`before|${r.before.groupId}|${r.before.ruleIndex}`);
    if (r.after.rule) deciders.add(`after|${r.after.groupId}|${r.after.ruleIndex}`);
  }
  const ruleChanges: RuleChange[] = [];
  for (const g of dirtyGroups) {
    const keysOf = (side: Side) => (side.index.groups.get(g)?.group.rules ?? []).map((r) => ruleKey(r));
    const kb = keysOf(before);
    const ka = keysOf(after);
    const sb = new Set(kb);
    const sa = new Set(ka);
    kb.forEach((k, i) => {
      if (sa.has(k)) return;
      const c: RuleChange = { groupId: g, change: "removed", rule: k, effective: deciders.has(`before|${g}|${i}`) };
      const o = before.source?.ruleOrigins.get(g)?.[i];
      if (o) c.origin = o;
      ruleChanges.push(c);
    });
    ka.forEach((k, i) => {
      if (sb.has(k)) return;
      const c: RuleChange = { groupId: g, change: "added", rule: k, effective: deciders.has(`after|${g}|${i}`) };
      const o = after.source?.ruleOrigins.get(g)?.[i];
      if (o) c.origin = o;
      ruleChanges.push(c);
    });
  }
  const opened = sorted.filter((r) => r.change === "opened");
  const live = opened.filter((r) => !r.accepted);
  return {
    regions: sorted,
    ruleChanges,
    summary: {
      opened: opened.length,
      closed: sorted.length - opened.length,
      accepted: opened.length - live.length,
      high: live.filter((r) => r.severity === "high").length,
      medium: live.filter((r) => r.severity === "medium").length,
      low: live.filter((r) => r.severity === "low").length,
      rulesChanged: ruleChanges.length,
      rulesWithoutAccessChange: ruleChanges.filter((c) => !c.effective).length,
    },
    exemptions: { accepted: diffEntries.filter((e) => used.has(e)), stale: diffEntries.filter((e) => !used.has(e)) },
    unresolved: { before: before.source?.unresolved ?? [], after: after.source?.unresolved ?? [] },
  };
}

/** Levels of `--fail-on`. */
export type FailOn = "broadening" | "high" | "medium" | "low" | "none";

/** True when the diff reaches the `--fail-on` level: any opened region (`broadening`), or one of that severity or worse; accepted regions never count. */
export function diffFails(diff: AccessDiff, failOn: FailOn): boolean {
  if (failOn === "none") return false;
  const live = diff.regions.filter((r) => r.change === "opened" && !r.accepted);
  if (failOn === "broadening" || failOn === "low") return live.length > 0;
  if (failOn === "medium") return live.some((r) => r.severity === "high" || r.severity === "medium");
  return live.some((r) => r.severity === "high");
}

/** An allowed region of one side: what reaches (ingress) or leaves (egress) an interface, and the deciding rule. */
export interface AllowedRegion {
  /** The peer: outside addresses, or members of a group. */
  peer: RegionEnd;
  /** Protocol; `all` for inner access (every protocol and port). */
  protocol: FlowProtocol | "all";
  /** Ports (tcp/udp), else `null`. */
  ports: { from: number; to: number } | null;
  /** What allows it. */
  by: RegionDecision;
}

/**
 * What one side of a member of these groups allows, without the full matrix: outside addresses
 * (cut only at the blocks its rules name), members of each group its rules name, and fellow
 * members (inner access). Only this side is judged: between instances the other side's rules
 * count too.
 */
export function sideAccess(input: DiffSide, groupIds: readonly string[], direction: RuleType): AllowedRegion[] {
  const side = sideOf(input);
  const out: AllowedRegion[] = [];
  const ep: EndpointPair = { label: groupIds.join("+"), scope: "group", after: { id: groupIds.join("+"), groupIds } };
  outsideRegions(side, side, ep, direction, (f, family, ranges) => {
    const peer = addressEnd(family, ranges);
    out.push({ peer, protocol: f.protocol, ports: portful(f.protocol) ? { from: f.from, to: f.to } : null, by: decision(side, f.after, false) });
  });
  const rules = sideRules(side.index, groupIds, direction);
  const named = new Set<string>(groupIds);
  for (const r of rules) if (r.peer.kind === "group") named.add(r.peer.groupId);
  const self: RegionEndpoint = { id: "self", groupIds };
  const paints = new Map<string, PortSegment[]>();
  for (const g of [...named].sort()) {
    const peer: RegionEndpoint = { id: g, groupIds: [g] };
    const inner = groupIds.includes(g) && side.index.groups.get(g)?.type === "normal" && (side.index.groups.get(g)?.inner ?? "Accept") === "Accept";
    if (inner) {
      out.push({ peer: { kind: "group-member", id: g }, protocol: "all", ports: null, by: decision(side, { kind: "inner-access", allowed: true, groupId: g }, false) });
      continue;
    }
    for (const protocol of PAIR_PROTOCOLS) {
      const segs: PortSegment[] = sidePainting(side, rules, self, peer, direction, protocol, paints);
      for (const s of segs) {
        if (!s.decider.allowed) continue;
        // What every address gets is already listed with the outside addresses.
        if (s.decider.kind === "default") continue;
        if (s.decider.kind === "rule" && s.decider.groupId !== undefined && s.decider.ruleIndex !== undefined && side.index.groups.get(s.decider.groupId)?.group.rules[s.decider.ruleIndex]?.sourceSecurityGroupId === undefined) continue;
        out.push({ peer: { kind: "group-member", id: g }, protocol, ports: portful(protocol) ? { from: s.from, to: s.to } : null, by: decision(side, s.decider, false) });
      }
    }
  }
  return out.filter((r) => r.by.allowed);
}

/** Options of {@link sideDiff}. */
export interface SideDiffOptions {
  /** Which regions to build (the rest are only counted through `dropped`): a caller that needs a few saves rendering the others. @default all */
  keep?: (change: "opened" | "closed", before: RegionDecider, after: RegionDecider, peer: "addresses" | "group-member") => boolean;
  /** Told of each region not kept. */
  dropped?: (change: "opened" | "closed") => void;
}

/**
 * The diff of one side of a member in these groups only: opened and closed regions of its
 * ingress (or egress) against outside addresses and against members of every group its rules
 * name, on both sides. Exact for that side; between two instances a flow also needs the other
 * end's side, so a flow-level diff can only be smaller. Cheap: it never visits other groups, so
 * a proposal that changes one group's ingress is proved without comparing the whole estate.
 */
export function sideDiff(beforeInput: DiffSide, afterInput: DiffSide, groupIds: readonly string[], direction: RuleType, options: SideDiffOptions = {}): DiffRegion[] {
  const keep = options.keep ?? (() => true);
  const before = sideOf(beforeInput);
  const after = sideOf(afterInput);
  const label = groupIds.join("+");
  const ep: EndpointPair = { label, scope: "group", before: { id: label, groupIds }, after: { id: label, groupIds } };
  const self: RegionEnd = { kind: "group-member", id: label };
  const out: DiffRegion[] = [];
  // Only where the rules that differ can act: their protocols, their address blocks, the groups they name.
  const rb0 = sideRules(before.index, groupIds, direction);
  const ra0 = sideRules(after.index, groupIds, direction);
  // Both sides are normalised by the evaluator's validation, so equal rules print alike.
  const tuple = (r: CompiledRule) => {
    const { description: _d, ...t } = r.rule;
    return JSON.stringify(t);
  };
  const count = new Map<string, number>();
  const keyB = rb0.map(tuple);
  const keyA = ra0.map(tuple);
  for (const k of keyB) count.set(k, (count.get(k) ?? 0) + 1);
  for (const k of keyA) count.set(k, (count.get(k) ?? 0) - 1);
  const changedRules = [...rb0.filter((_, i) => (count.get(keyB[i]) ?? 0) !== 0), ...ra0.filter((_, i) => (count.get(keyA[i]) ?? 0) !== 0)];
  const typeChanged =
    endpointType(before.index, groupIds) !== endpointType(after.index, groupIds) ||
    anyClassic(before.index, groupIds) !== anyClassic(after.index, groupIds) ||
    groupIds.some((g) => before.index.groups.get(g)?.inner !== after.index.groups.get(g)?.inner);
  const scope: ChangeScope | undefined = typeChanged
    ? undefined
    : {
        protocols: new Set(changedRules.flatMap((r) => (r.protocol === "all" ? FLOW_PROTOCOLS_ALL : [r.protocol as FlowProtocol]))),
        blocks: changedRules.flatMap((r) => (r.peer.kind === "cidr" ? [r.peer.block] : r.peer.kind === "prefix-list" ? r.peer.entries : [])),
      };
  const worldChanged = changedRules.some((r) => (r.peer.kind === "cidr" && r.peer.block.prefix === 0) || (r.peer.kind === "prefix-list" && r.peer.entries.some((e) => e.prefix === 0)));
  const groupsChanged = new Set(changedRules.flatMap((r) => (r.peer.kind === "group" ? [r.peer.groupId] : [])));
  outsideRegions(before, after, ep, direction, (f, family, ranges) => {
    if (!keep(f.change, f.before as RegionDecider, f.after as RegionDecider, "addresses")) {
      options.dropped?.(f.change);
      return;
    }
    const peer = addressEnd(family, ranges);
    const a = addressText(family, ranges[0][0]);
    const example = { from: direction === "ingress" ? a : `member of ${label}`, to: direction === "ingress" ? `member of ${label}` : a, protocol: f.protocol, ...(portful(f.protocol) ? { port: f.from } : {}) };
    out.push({ change: f.change, scope: "group", from: direction === "ingress" ? peer : self, to: direction === "ingress" ? self : peer, protocol: f.protocol, ports: portful(f.protocol) ? { from: f.from, to: f.to } : null, example, before: decision(before, f.before, false), after: decision(after, f.after, false) });
  }, scope);
  const named = new Set<string>(groupIds);
  const rb = sideRules(before.index, groupIds, direction);
  const ra = sideRules(after.index, groupIds, direction);
  for (const r of [...rb, ...ra]) if (r.peer.kind === "group") named.add(r.peer.groupId);
  const me: RegionEndpoint = { id: label, groupIds };
  const pb = new Map<string, PortSegment[]>();
  const pa = new Map<string, PortSegment[]>();
  for (const g of [...named].sort()) {
    // A stand-in member matches group rules naming its group and /0 blocks only.
    if (scope && !worldChanged && !groupsChanged.has(g)) continue;
    const peer: RegionEndpoint = { id: g, groupIds: [g] };
    for (const protocol of PAIR_PROTOCOLS) {
      if (scope && !scope.protocols.has(protocol)) continue;
      const sb = sidePainting(before, rb, me, peer, direction, protocol, pb);
      const sa = sidePainting(after, ra, me, peer, direction, protocol, pa);
      for (const s of mergeSegments(sb, sa)) {
        if (s.a.allowed === s.b.allowed) continue;
        if (!keep(s.b.allowed ? "opened" : "closed", s.a, s.b, "group-member")) {
          options.dropped?.(s.b.allowed ? "opened" : "closed");
          continue;
        }
        const other: RegionEnd = { kind: "group-member", id: g };
        const example = { from: direction === "ingress" ? `member of ${g}` : `member of ${label}`, to: direction === "ingress" ? `member of ${label}` : `member of ${g}`, protocol, ...(portful(protocol) ? { port: s.from } : {}) };
        out.push({ change: s.b.allowed ? "opened" : "closed", scope: "group", from: direction === "ingress" ? other : self, to: direction === "ingress" ? self : other, protocol, ports: portful(protocol) ? { from: s.from, to: s.to } : null, example, before: decision(before, s.a, false), after: decision(after, s.b, false) });
      }
    }
  }
  return out;
}
