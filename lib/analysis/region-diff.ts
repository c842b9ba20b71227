/**
 * Regions of access, and how they differ between two versions of a network: the judge
 * (`judge.ts`) asked about whole regions rather than single flows. Each interface's side is
 * judged over address cells (outside addresses every rule sees alike) and against the other
 * interfaces of the model, and two versions are compared piece by piece. The report built on it
 * (severities, exemptions, `--fail-on`) is `review/access-diff.ts`.
 *
 * Cost follows the change, not the estate: only interfaces whose groups changed are compared,
 * the address space is cut only at the blocks their rules name, and paintings are shared by
 * every cell (or peer) that the rules see alike.
 */
import { IpFamily, addressText, isAnyAddress } from "../model/ip";
import { RuleArgs, RuleType } from "../model/rule";
import { ruleTuple } from "../model/valid-rule-key";
import { AddressCell, addressCells, cellPoint, complementRanges, pieceOf, rangeToCidrs, ruleBlocks } from "./cells";
import { DEFAULT_RANK } from "./decision";
import { FAMILY_PROTOCOLS, FLOW_PROTOCOLS, FlowProtocol, protocolHasPorts } from "./flow";
import { Decider, Segment, Side, bothSides, innerAccessDecider, judge, opensInside, overlay, ruleMatchesPeer, sharedOpenGroup, sideOf, sideOwner } from "./judge";
import { CompiledRule, IndexedGroup, IndexedInstance, NetworkIndex, PeerPoint, ownerAdmits } from "./rule-index";

/** One end of a region: an interface of the model, or a set of outside addresses. */
export type RegionEnd =
  | { kind: "instance"; id: string }
  | { kind: "group-member"; id: string }
  | { kind: "addresses"; family: IpFamily; cidrs: string[]; except?: string[] };
// The addresses are those in `cidrs` and not in `except`: a set that is most of the address
// space is written as the whole family minus what it leaves out.

/** One region whose verdict differs between two versions, with what decided it on each. */
export interface RegionChange {
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
  /** One flow in the region. */
  example: { from: string; to: string; protocol: FlowProtocol; port?: number };
  /** What decided it before; undefined where the interface did not exist. */
  before?: Decider;
  /** What decides it after; undefined where the interface does not exist. */
  after?: Decider;
}

/** An allowed region of one side: what reaches (ingress) or leaves (egress) an interface, and what allows it. */
export interface SideRegion {
  /** The peer: outside addresses, or members of a group. */
  peer: RegionEnd;
  /** Protocol; `all` for inner access (every protocol and port). */
  protocol: FlowProtocol | "all";
  /** Ports (tcp/udp), else `null`. */
  ports: { from: number; to: number } | null;
  /** What allows it. */
  decider: Decider;
}

/** The decider of an interface that does not exist on one side of a diff: nothing reaches it. */
const ABSENT: Decider = { kind: "default", allowed: false, rank: DEFAULT_RANK };

/** An interface as a region computation sees it: its groups and, as a peer, its address. */
interface Endpoint {
  /** Instance id, or the group id of a stand-in member. */
  readonly id: string;
  /** Its groups. */
  readonly groupIds: readonly string[];
  /** What rules see of it as a peer: its address (a stand-in member's is anonymous), groups and account. */
  readonly point: PeerPoint;
}

/** One interface on both versions. */
interface EndpointPair {
  label: string;
  scope: "instance" | "group";
  before?: Endpoint;
  after?: Endpoint;
}

// Endpoints are made once per indexed instance or group (an index made for a change shares its
// base's), so the pair engines' caches by endpoint serve every diff of the index.
const INSTANCE_ENDS = new WeakMap<IndexedInstance, Endpoint>();
const MEMBER_ENDS = new WeakMap<IndexedGroup, Endpoint>();

function instanceEndpoint(index: NetworkIndex, id: string): Endpoint | undefined {
  const i = index.instances.get(id);
  if (!i) return undefined;
  let e = INSTANCE_ENDS.get(i);
  if (!e) INSTANCE_ENDS.set(i, (e = { id, groupIds: i.groupIds, point: i.point }));
  return e;
}

/** A member of this group only, address unknown (only `/0` blocks match it), in the group's account when the model says. */
function memberEndpoint(index: NetworkIndex, id: string): Endpoint | undefined {
  const g = index.groups.get(id);
  if (!g) return undefined;
  let e = MEMBER_ENDS.get(g);
  if (!e) MEMBER_ENDS.set(g, (e = { id, groupIds: [id], point: { family: "ipv4", v4: 0, v6: 0n, internal: true, anonymous: true, groups: new Set([id]) } }));
  return e;
}

/** The ports a protocol is judged over: every port (one segment for protocols without ports). */
function absentSegments(): Segment[] {
  return [{ from: 1, to: 65535, decider: ABSENT }];
}

function portsOf(protocol: FlowProtocol, from: number, to: number): { from: number; to: number } | null {
  return protocolHasPorts(protocol) ? { from, to } : null;
}

// ---------------------------------------------------------------------------------------------
// Outside addresses: one side's paintings, cell by cell.

/** A side's painter of outside addresses: paintings cached by the set of rules that match a cell. */
interface Painter {
  readonly side: Side;
  /** The side's rules that can match an outside address (CIDR and prefix-list peers). */
  readonly rules: readonly CompiledRule[];
  /** Which of the side's rules match the cell (bit i: `side.rules[i]`). Read only. */
  bits(cell: AddressCell): readonly number[];
  paint(bits: readonly number[], protocol: FlowProtocol): { id: number; segs: Segment[] };
}

const PAINTERS = new WeakMap<NetworkIndex, Map<string, Painter>>();

/** The painter of one side of an interface with these groups, once per index. */
function painterOf(index: NetworkIndex, groupIds: readonly string[], direction: RuleType): Painter {
  let m = PAINTERS.get(index);
  if (!m) PAINTERS.set(index, (m = new Map()));
  const side = sideOf(index, groupIds, direction);
  let p = m.get(side.key);
  if (!p) {
    p = makePainter(side);
    m.set(side.key, p);
  }
  return p;
}

// Paintings are cached by the bit set of matching rules of the protocol: neighbouring cells
// mostly differ in rules of one protocol, and the others' paintings are reused. A cell's bits
// are the side's peer sorter's (bit i: `side.rules[i]`; a group rule never matches an outside
// address, so its bit is never set): an IPv4 cell is looked up, not asked of every rule.
function makePainter(side: Side): Painter {
  const rules = side.rules.filter((r) => r.peer.kind !== "group");
  const every = side.rules;
  const sorter = sorterOf(side);
  const n = Math.ceil(every.length / 32) || 1;
  const masks = new Map<FlowProtocol, number[]>();
  for (const p of FLOW_PROTOCOLS) {
    const m = new Array<number>(n).fill(0);
    every.forEach((r, i) => {
      if (r.protocol === p || r.protocol === "all") m[i >>> 5] |= 1 << (i & 31);
    });
    masks.set(p, m);
  }
  const cache = new Map<string, { id: number; segs: Segment[] }>();
  const all = () => true;
  return {
    side,
    rules,
    bits(cell: AddressCell): readonly number[] {
      return sorter.words(cellPoint(cell));
    },
    paint(bits: readonly number[], protocol: FlowProtocol): { id: number; segs: Segment[] } {
      const m = masks.get(protocol) as number[];
      let key: string = protocol;
      for (let j = 0; j < n; j++) key += `:${bits[j] & m[j]}`;
      let hit = cache.get(key);
      if (!hit) {
        const matched: CompiledRule[] = [];
        for (let i = 0; i < every.length; i++) if ((bits[i >>> 5] & m[i >>> 5] & (1 << (i & 31))) !== 0) matched.push(every[i]);
        hit = { id: cache.size, segs: judge(matched, protocol, all, side.fallback) };
        cache.set(key, hit);
      }
      return hit;
    },
  };
}

/** Limits of a region computation to where a known set of changed rules can act (exact: elsewhere both versions see the same rules). */
interface ChangeScope {
  /** Protocols the changed rules match. */
  protocols: ReadonlySet<FlowProtocol>;
  /** Address blocks the changed rules match (CIDR peers and prefix-list entries). */
  blocks: readonly { family: IpFamily; first: bigint; last: bigint }[];
}

/** Where these changed rules can act: their protocols and their address blocks. */
function changeScope(changedRules: readonly CompiledRule[]): ChangeScope {
  return {
    protocols: new Set(changedRules.flatMap((r) => (r.protocol === "all" ? FLOW_PROTOCOLS : [r.protocol as FlowProtocol]))),
    blocks: changedRules.flatMap((r) => [...ruleBlocks(r)]),
  };
}

/** A changed piece of the outside address space: the same change, protocol, ports and deciders. */
interface Fragment {
  change: "opened" | "closed";
  protocol: FlowProtocol;
  from: number;
  to: number;
  before: Decider | undefined;
  after: Decider | undefined;
}

const DECIDER_IDS = new WeakMap<Decider, number>();
let deciderSeq = 0;

/** A short key of a decider (deciders are shared objects, so identity serves). */
function deciderKey(d: Decider | undefined): string {
  if (!d) return "-";
  let id = DECIDER_IDS.get(d);
  if (id === undefined) DECIDER_IDS.set(d, (id = ++deciderSeq));
  return String(id);
}

/**
 * The regions between one interface and outside addresses, on one direction, whose verdict
 * differs between the versions (or, with the same painter on both, that one version allows).
 * Each region is reported once with its address ranges, merged across cells.
 */
function outsideRegions(pb: Painter | undefined, pa: Painter | undefined, emitRegion: (f: Fragment, family: IpFamily, ranges: [bigint, bigint][]) => void, select: (xb: Decider, xa: Decider) => boolean, scope?: ChangeScope): void {
  const regions = new Map<Fragment, { f: Fragment; family: IpFamily; ranges: [bigint, bigint][] }>();
  const emit = (f: Fragment, family: IpFamily, lo: bigint, hi: bigint) => {
    let r = regions.get(f);
    if (!r) regions.set(f, (r = { f, family, ranges: [] }));
    r.ranges.push([lo, hi]);
  };
  const classic = (pb?.side.classic ?? false) || (pa?.side.classic ?? false);
  const cells = addressCells([pb?.rules ?? [], pa?.rules ?? []], classic);
  const open = new Map<string, { f: Fragment; family: IpFamily; lo: bigint; hi: bigint; seen: boolean }>();
  let family: IpFamily | undefined;
  const flush = (all: boolean) => {
    for (const [k, v] of open) {
      if (all || !v.seen) {
        emit(v.f, v.family, v.lo, v.hi);
        open.delete(k);
      } else v.seen = false;
    }
  };
  const absent = { id: -1, segs: absentSegments() };
  const merged = new Map<string, { key: string; f: Fragment }[]>();
  const fragments = new Map<string, Fragment>();
  for (const cell of cells) {
    if (family !== cell.family) {
      flush(true);
      family = cell.family;
    }
    if (scope && !scope.blocks.some((b) => b.family === cell.family && b.first <= cell.hi && cell.lo <= b.last)) {
      // Nothing changes in this cell, so every open region ends here, in the order the whole walk ends them.
      flush(true);
      continue;
    }
    const bb = pb?.bits(cell);
    const ba = pa?.bits(cell);
    for (const protocol of FAMILY_PROTOCOLS[cell.family]) {
      if (scope && !scope.protocols.has(protocol)) continue;
      const xb = pb && bb ? pb.paint(bb, protocol) : absent;
      const xa = pa && ba ? pa.paint(ba, protocol) : absent;
      const mkey = `${cell.family}|${protocol}|${xb.id}|${xa.id}`;
      let changed = merged.get(mkey);
      if (!changed) {
        changed = overlay(xb.segs, xa.segs)
          .filter((x) => select(x.a, x.b))
          .map((x) => {
            const before = pb ? x.a : undefined;
            const after = pa ? x.b : undefined;
            const change = x.b.allowed && !x.a.allowed ? ("opened" as const) : ("closed" as const);
            const key = `${cell.family}|${change}|${protocol}|${x.from}|${x.to}|${deciderKey(before)}|${deciderKey(after)}`;
            let f = fragments.get(key);
            if (!f) fragments.set(key, (f = { change, protocol, from: x.from, to: x.to, before, after }));
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
          if (cur) emit(cur.f, cur.family, cur.lo, cur.hi);
          open.set(key, { f, family: cell.family, lo: cell.lo, hi: cell.hi, seen: true });
        }
      }
    }
    flush(false);
  }
  flush(true);
  for (const r of regions.values()) emitRegion(r.f, r.family, r.ranges.sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

/** Sorted disjoint address ranges as a region end: the blocks, or the whole family except the gaps when that is shorter. */
export function addressEnd(family: IpFamily, ranges: [bigint, bigint][]): RegionEnd {
  const gaps = complementRanges(family, ranges);
  if (gaps.length > 0 && gaps.length < ranges.length) {
    return { kind: "addresses", family, cidrs: [family === "ipv4" ? "0.0.0.0/0" : "::/0"], except: gaps.flatMap(([lo, hi]) => rangeToCidrs(family, lo, hi)) };
  }
  return { kind: "addresses", family, cidrs: ranges.flatMap(([lo, hi]) => rangeToCidrs(family, lo, hi)) };
}

/** A stable text for a region end, for ordering. */
export function endText(e: RegionEnd): string {
  return e.kind === "addresses" ? e.cidrs.join(",") : `${e.kind}:${e.id}`;
}

// ---------------------------------------------------------------------------------------------
// Pairs of interfaces.

/** A side's painting against one peer, cached by which of the side's rules match the peer. */
interface PeerClass {
  readonly id: number;
  readonly matched: readonly CompiledRule[];
  readonly fallback: Decider;
  readonly paints: (Segment[] | undefined)[];
}

/**
 * Which of one side's rules match a peer, as a bit set (bit i: `side.rules[i]`), the judge's own
 * `ruleMatchesPeer` on every rule, found without asking every rule: an IPv4 address (an instance
 * or an outside host) falls in one cell of the addresses the side's blocks cut (every address of
 * a cell matches the same address rules), a stand-in member is matched by its family's whole
 * blocks, and the peer's groups name the group rules that match it. Any other peer (IPv6, or any
 * peer of a side in the classic network, where nic types count) asks every rule.
 */
export interface PeerSorter {
  readonly side: Side;
  /** Which of the side's rules match the peer (bit i: `side.rules[i]`). Read only: it may be the sorter's own array. */
  words(peer: PeerPoint): readonly number[];
}

const SORTERS = new WeakMap<Side, PeerSorter>();

/** The side's peer sorter, built once per side (`sideOf` gives one side object per index and key): the painters of outside addresses and the pair engine share it. */
function sorterOf(side: Side): PeerSorter {
  let sorter = SORTERS.get(side);
  if (!sorter) SORTERS.set(side, (sorter = peerSorter(side)));
  return sorter;
}

export function peerSorter(side: Side): PeerSorter {
  const rules = side.rules;
  const n = Math.ceil(rules.length / 32) || 1;
  const every = (peer: PeerPoint): number[] => matchingBits(rules, peer);
  if (rules.some((r) => r.nic !== undefined)) return { side, words: every };
  // IPv4 runs of the address rules (CIDR blocks and known prefix lists' entries), and the group rules by group.
  const spans: { lo: number; hi: number; i: number }[] = [];
  const byGroup = new Map<string, { i: number; owner?: string }[]>();
  rules.forEach((r, i) => {
    const p = r.peer;
    if (p.kind === "cidr") {
      if (p.block.family === "ipv4") spans.push({ lo: p.lo, hi: p.hi, i });
    } else if (p.kind === "prefix-list") {
      for (const [lo, hi] of p.v4) spans.push({ lo, hi, i });
    } else {
      const list = byGroup.get(p.groupId);
      const entry = p.owner === undefined ? { i } : { i, owner: p.owner };
      if (list) list.push(entry);
      else byGroup.set(p.groupId, [entry]);
    }
  });
  const cuts = new Set<number>([0]);
  for (const x of spans) {
    cuts.add(x.lo);
    if (x.hi < MAX_V4) cuts.add(x.hi + 1);
  }
  const starts = [...cuts].sort((a, b) => a - b);
  const cells = starts.map(() => new Array<number>(n).fill(0));
  const cellOf = (v4: number): number => pieceOf(starts, v4);
  for (const x of spans) for (let c = cellOf(x.lo); c < starts.length && starts[c] <= x.hi; c++) cells[c][x.i >>> 5] |= 1 << (x.i & 31);
  // An anonymous peer (a stand-in member, address unknown) is matched by the blocks of its whole family only.
  const anonymous = { ipv4: new Array<number>(n).fill(0), ipv6: new Array<number>(n).fill(0) };
  for (const family of ["ipv4", "ipv6"] as const) {
    const probe: PeerPoint = { family, v4: 0, v6: 0n, internal: true, anonymous: true };
    rules.forEach((r, i) => {
      if (r.peer.kind !== "group" && ruleMatchesPeer(r, probe)) anonymous[family][i >>> 5] |= 1 << (i & 31);
    });
  }
  return {
    side,
    words(peer: PeerPoint): readonly number[] {
      const inst = peer.instance;
      const groups = inst !== undefined ? inst.groups : peer.groups;
      let words: number[];
      if (peer.anonymous) words = anonymous[peer.family];
      else if (peer.family === "ipv4") words = cells[cellOf(peer.v4)];
      else return every(peer);
      // A peer of no group (an outside address) matches the address rules of its cell only.
      if (groups === undefined) return words;
      // The cell's own array is copied only when a rule names one of the peer's groups.
      let out = words;
      const account = inst !== undefined ? inst.instance.accountId : peer.accountId;
      for (const g of groups) {
        const named = byGroup.get(g);
        if (!named) continue;
        for (const x of named) {
          if (!ownerAdmits(x.owner, account)) continue;
          if (out === words) out = words.slice();
          out[x.i >>> 5] |= 1 << (x.i & 31);
        }
      }
      return out;
    },
  };
}

const MAX_V4 = 2 ** 32 - 1;

/** Which of `rules` match a peer by the judge's own test, as a bit set (bit i: `rules[i]`). */
function matchingBits(rules: readonly CompiledRule[], peer: PeerPoint): number[] {
  const words = new Array<number>(Math.ceil(rules.length / 32) || 1).fill(0);
  for (let i = 0; i < rules.length; i++) if (ruleMatchesPeer(rules[i], peer)) words[i >>> 5] |= 1 << (i & 31);
  return words;
}

const END_SORTERS = new WeakMap<NetworkIndex, WeakMap<Endpoint, { egress?: PeerSorter; ingress?: PeerSorter }>>();

/**
 * The sorter of one end's side in an index, once per end and the index that owns its side
 * (`sideOwner`: on an index made for a change, an end of unchanged groups is the base's, so
 * every proof of a model finds its sorter without asking for its side again).
 */
function endSorter(index: NetworkIndex, self: Endpoint, d: RuleType): PeerSorter {
  const owner = sideOwner(index, self.groupIds);
  let ends = END_SORTERS.get(owner);
  if (!ends) END_SORTERS.set(owner, (ends = new WeakMap()));
  let mine = ends.get(self);
  if (!mine) ends.set(self, (mine = {}));
  let sorter = mine[d];
  if (!sorter) {
    sorter = sorterOf(sideOf(owner, self.groupIds, d));
    mine[d] = sorter;
  }
  return sorter;
}

/**
 * Each side's peer classes, by the bit set of its rules that match the peer: a side's classes
 * are the same in every index and every diff that shares it (a proposal's proofs meet the same
 * sides again and again). At most {@link SIDE_CLASSES} per side are kept, so a side met by many
 * kinds of peer forgets rather than grows.
 */
const CLASSES = new WeakMap<Side, ClassTable>();
const SIDE_CLASSES = 4096;
let classSeq = 0;

/**
 * One side's classes by bit set. A side's bit sets are all of one length: one word is its own
 * key, two are a key within a key (a side of up to 64 rules, the usual group, makes no text per
 * peer asked), more are their text.
 */
class ClassTable {
  private readonly one = new Map<number, PeerClass>();
  private readonly two = new Map<number, Map<number, PeerClass>>();
  private readonly more = new Map<string, PeerClass>();
  private size = 0;

  get(words: readonly number[]): PeerClass | undefined {
    if (words.length === 1) return this.one.get(words[0]);
    if (words.length === 2) return this.two.get(words[0])?.get(words[1]);
    return this.more.get(words.join(":"));
  }

  set(words: readonly number[], c: PeerClass): void {
    if (this.size >= SIDE_CLASSES) {
      this.one.clear();
      this.two.clear();
      this.more.clear();
      this.size = 0;
    }
    this.size++;
    if (words.length === 1) this.one.set(words[0], c);
    else if (words.length === 2) {
      let inner = this.two.get(words[0]);
      if (!inner) this.two.set(words[0], (inner = new Map()));
      inner.set(words[1], c);
    } else this.more.set(words.join(":"), c);
  }
}

/** A pair's painting per protocol (by position in FLOW_PROTOCOLS). */
interface PairPainting {
  seg(i: number): Segment[];
}

/** A painting made whole. */
class MadePainting implements PairPainting {
  constructor(private readonly segs: readonly Segment[][]) {}
  seg(i: number): Segment[] {
    return this.segs[i];
  }
}

/** Both sides' classes overlaid, a protocol when first asked: a proof of a tcp rule never paints the other protocols. */
class ClassPairPainting implements PairPainting {
  private readonly segs: (Segment[] | undefined)[] = [];
  constructor(
    private readonly eg: PeerClass,
    private readonly ing: PeerClass,
  ) {}
  seg(i: number): Segment[] {
    let s = this.segs[i];
    if (!s) this.segs[i] = s = bothSides(paintClass(this.eg, i), paintClass(this.ing, i));
    return s;
  }
}

/** A class's painting of one protocol (by position in FLOW_PROTOCOLS), made once. */
function paintClass(c: PeerClass, i: number): Segment[] {
  let p = c.paints[i];
  if (!p) c.paints[i] = p = judge(c.matched, FLOW_PROTOCOLS[i], () => true, c.fallback);
  return p;
}

/** Pairs (and class pairs) a pair engine keeps before it forgets them: at most some tens of MB. */
const ENGINE_PAIRS = 50_000;

/** Each index's kept pair engine, or `null` once it has been asked for one. */
const ENGINES = new WeakMap<NetworkIndex, PairEngine | null>();

/**
 * The pair engine of an index for a proof of named groups. The first such proof asked of an index
 * has an engine of its own, gone with it; from the second, the index keeps one that remembers
 * each pair's painting by its ends (at most {@link ENGINE_PAIRS}): the proofs of one model's
 * proposals meet the pairs of the unchanged version again and again, and each is painted once.
 */
function engineOf(index: NetworkIndex): PairEngine {
  const kept = ENGINES.get(index);
  if (kept) return kept;
  if (kept === undefined) {
    ENGINES.set(index, null);
    return new PairEngine(index, false);
  }
  const engine = new PairEngine(index, true);
  ENGINES.set(index, engine);
  return engine;
}

/**
 * Pair paintings of one version, cached by what the rules can tell of the peer: the set of the
 * side's rules that match it. Thousands of instances usually fall into a handful of such
 * classes per receiver, so each class is painted once.
 */
class PairEngine {
  /** Pairs of interfaces that share an open group, by the group. */
  private readonly pairs = new Map<string, PairPainting>();
  /** Other pairs' paintings, by the sender's egress class, then the receiver's ingress class. */
  private readonly byClasses = new Map<number, Map<number, PairPainting>>();
  /** Every pair's painting, by its two ends. */
  private readonly byEnds = new Map<Endpoint, Map<Endpoint, PairPainting>>();
  /** Entries made in the two caches above since they were last emptied. */
  private kept = 0;
  /** `remember`: keep each pair's painting by its ends, and forget past {@link ENGINE_PAIRS} (an engine that outlives one diff). */
  constructor(
    private readonly index: NetworkIndex,
    private readonly remember: boolean,
  ) {}

  /** The flow's painting: one object for every pair that paints alike. */
  pair(from: Endpoint, to: Endpoint): PairPainting {
    if (!this.remember) return this.paintPair(from, to);
    let row = this.byEnds.get(from);
    const hit = row?.get(to);
    if (hit) return hit;
    // A long-lived engine (the unchanged version of many proofs) forgets rather than grows.
    if (this.kept >= ENGINE_PAIRS) {
      this.byEnds.clear();
      this.byClasses.clear();
      this.kept = 0;
      row = undefined;
    }
    const painting = this.paintPair(from, to);
    if (!row) this.byEnds.set(from, (row = new Map()));
    row.set(to, painting);
    this.kept++;
    return painting;
  }

  /** The sorter of one end's side. */
  private sorterOf(self: Endpoint, d: RuleType): PeerSorter {
    return endSorter(this.index, self, d);
  }

  /** The class of a peer for one side: which of the side's rules match it, as a bit set. */
  private match(self: Endpoint, d: RuleType, peer: Endpoint): PeerClass {
    const sorter = this.sorterOf(self, d);
    const s = sorter.side;
    const words = sorter.words(peer.point);
    let classes = CLASSES.get(s);
    if (!classes) CLASSES.set(s, (classes = new ClassTable()));
    let c = classes.get(words);
    if (!c) {
      c = { id: ++classSeq, matched: s.rules.filter((_, i) => (words[i >>> 5] & (1 << (i & 31))) !== 0), fallback: s.fallback, paints: [] };
      classes.set(words, c);
    }
    return c;
  }

  private paintPair(from: Endpoint, to: Endpoint): PairPainting {
    const open = sharedOpenGroup(this.index, from.groupIds, to.groupIds);
    if (open !== undefined) {
      let hit = this.pairs.get(open);
      if (!hit) {
        const d = innerAccessDecider(open);
        this.pairs.set(open, (hit = new MadePainting(FLOW_PROTOCOLS.map(() => [{ from: 1, to: 65535, decider: d }]))));
      }
      return hit;
    }
    const eg = this.match(from, "egress", to);
    const ing = this.match(to, "ingress", from);
    let byIngress = this.byClasses.get(eg.id);
    if (!byIngress) this.byClasses.set(eg.id, (byIngress = new Map()));
    let hit = byIngress.get(ing.id);
    if (!hit) {
      this.kept++;
      byIngress.set(ing.id, (hit = new ClassPairPainting(eg, ing)));
    }
    return hit;
  }
}

// ---------------------------------------------------------------------------------------------
// The diff of two versions.

/**
 * A stable text for a group's definition, prefix-list entries included. The rules are a set in
 * any order (the judge orders them by priority and policy, never by position): a group whose
 * rules came back in another order (a plan lists them by resource name, an export as the API
 * does) is the same group, and is not compared pair by pair.
 */
function groupSignature(index: NetworkIndex, id: string): string | undefined {
  const g = index.groups.get(id);
  if (!g) return undefined;
  // Once per indexed group: an index made for a change shares its base's groups and prefix lists.
  let sig = SIGNATURES.get(g);
  if (sig === undefined) {
    const rules = g.group.rules.map(ruleTupleOf).sort();
    SIGNATURES.set(g, (sig = JSON.stringify([groupFrame(index, id), rules])));
  }
  return sig;
}

const SIGNATURES = new WeakMap<IndexedGroup, string>();

/** A group's definition but its rules: type, inner access, network and the entries of the prefix lists its rules name. */
function groupFrame(index: NetworkIndex, id: string, lists?: ReadonlySet<string>): string | undefined {
  const g = index.groups.get(id);
  if (!g) return undefined;
  const entries = [...(lists ?? listsNamed(g))].sort().map((l) => [l, index.prefixLists.get(l)?.map((b) => b.text) ?? null]);
  return JSON.stringify([g.group.type, g.group.innerAccessPolicy, g.vpc, entries]);
}

/** The prefix lists a group's rules name. */
function listsNamed(g: IndexedGroup): Set<string> {
  const lists = new Set<string>();
  for (const r of g.group.rules) if (r.prefixListId) lists.add(r.prefixListId);
  return lists;
}

/**
 * Whether a group's frame moved between two versions in a way its differing rules do not carry:
 * its type, inner access or network, or the entries of a prefix list its rules name on either
 * version. A list named on one version only, with the same entries, is not a move: the rules
 * naming it differ, and each is matched with its own version's entries.
 */
function frameMoved(before: NetworkIndex, after: NetworkIndex, id: string): boolean {
  const b = before.groups.get(id);
  const a = after.groups.get(id);
  if (!b || !a) return true;
  // The frame of each version, over the lists either version names.
  const lists = new Set([...listsNamed(b), ...listsNamed(a)]);
  return groupFrame(before, id, lists) !== groupFrame(after, id, lists);
}

function instanceSignature(index: NetworkIndex, id: string): string | undefined {
  const i = index.instances.get(id);
  if (!i) return undefined;
  return JSON.stringify([i.instance.privateIp, [...new Set(i.groupIds)].sort(), i.instance.accountId ?? null]);
}

/** What {@link regionDiff} returns: the changed regions, and the groups whose definition changed. */
export interface RegionDiff {
  /** Every region whose verdict differs, in the order found. */
  regions: RegionChange[];
  /** Ids of the groups whose definition differs (rules, type, inner access, network, prefix-list entries). */
  changedGroups: string[];
}

/**
 * Every region whose verdict differs between two validated, indexed versions of a network,
 * per instance (with all its groups) and per group (a member in that group only), against
 * outside addresses and against every other interface. Only interfaces whose groups changed
 * are compared: an instance whose groups and address are the same on both versions, and whose
 * groups' rules are the same, has the same access. With `only`, the caller vouches that nothing
 * but the groups it names can differ (no other group, no instance, no prefix list): only those
 * groups are compared, and the pairs that hold one of them, with the same answer.
 */
export function regionDiff(before: NetworkIndex, after: NetworkIndex, only?: ReadonlySet<string>, options: { exhaustive?: boolean } = {}): RegionDiff {
  const allGroupIds = () => [...new Set([...before.groups.keys(), ...after.groups.keys()])].sort();
  const candidates = only ? [...only].filter((g) => before.groups.has(g) || after.groups.has(g)).sort() : allGroupIds();
  const dirtyGroups = new Set(candidates.filter((g) => groupSignature(before, g) !== groupSignature(after, g)));
  // Instances whose address, groups or account changed (with `only`, the caller vouches none did).
  const movedInstances = new Set(only ? [] : [...new Set([...before.instances.keys(), ...after.instances.keys()])].filter((id) => instanceSignature(before, id) !== instanceSignature(after, id)));

  const regions: RegionChange[] = [];
  const end = (ep: EndpointPair): RegionEnd => (ep.scope === "instance" ? { kind: "instance", id: ep.label } : { kind: "group-member", id: ep.label });
  const exampleName = (ep: EndpointPair) => (ep.scope === "instance" ? ep.label : `member of ${ep.label}`);
  const push = (scope: "instance" | "group", from: RegionEnd, to: RegionEnd, f: Fragment, example: RegionChange["example"]) => {
    regions.push({ change: f.change, scope, from, to, protocol: f.protocol, ports: portsOf(f.protocol, f.from, f.to), example, before: f.before, after: f.after });
  };
  const changed = (a: Decider, b: Decider) => a.allowed !== b.allowed;

  const outside = (ep: EndpointPair, scope?: ChangeScope) => {
    for (const direction of ["ingress", "egress"] as const) {
      const pb = ep.before ? painterOf(before, ep.before.groupIds, direction) : undefined;
      const pa = ep.after ? painterOf(after, ep.after.groupIds, direction) : undefined;
      outsideRegions(pb, pa, (f, family, ranges) => {
        const addresses = addressEnd(family, ranges);
        const a = addressText(family, ranges[0][0]);
        const example = { from: direction === "ingress" ? a : exampleName(ep), to: direction === "ingress" ? exampleName(ep) : a, protocol: f.protocol, ...(protocolHasPorts(f.protocol) ? { port: f.from } : {}) };
        push(ep.scope, direction === "ingress" ? addresses : end(ep), direction === "ingress" ? end(ep) : addresses, f, example);
      }, changed, scope);
    }
  };
  // A proof of named groups (one of many against one version) may keep its engine with the index; a whole diff has its own.
  const engineB = only ? engineOf(before) : new PairEngine(before, false);
  const engineA = only ? engineOf(after) : new PairEngine(after, false);
  const absentPair: PairPainting = new MadePainting(FLOW_PROTOCOLS.map(absentSegments));
  // The protocols (positions in FLOW_PROTOCOLS) a pair is compared on: those the changed rules match, when they are known.
  let asked: readonly number[] = FLOW_PROTOCOLS.map((_, i) => i);
  // By the two versions' paintings (each engine's own objects): no text per pair, and no map per
  // painting met with one other only (the usual case: a before painting meets its after painting).
  type Found = { protocol: FlowProtocol; from: number; to: number; a: Decider; b: Decider }[];
  const cache = new Map<PairPainting, { pa: PairPainting; list: Found; more?: Map<PairPainting, Found> }>();
  const compared = (pb: PairPainting, pa: PairPainting): Found => {
    const hit = cache.get(pb);
    if (hit?.pa === pa) return hit.list;
    let list = hit?.more?.get(pa);
    if (list) return list;
    list = [];
    for (const i of asked) {
      const protocol = FLOW_PROTOCOLS[i];
      for (const s of overlay(pb.seg(i), pa.seg(i))) if (s.a.allowed !== s.b.allowed) list.push({ protocol, ...s });
    }
    if (!hit) cache.set(pb, { pa, list });
    else (hit.more ??= new Map()).set(pa, list);
    return list;
  };
  const pair = (src: EndpointPair, dst: EndpointPair) => {
    const absentB = !(src.before && dst.before);
    const absentA = !(src.after && dst.after);
    const pb = absentB ? absentPair : engineB.pair(src.before as Endpoint, dst.before as Endpoint);
    const pa = absentA ? absentPair : engineA.pair(src.after as Endpoint, dst.after as Endpoint);
    for (const s of compared(pb, pa)) {
      const f: Fragment = { change: s.b.allowed ? "opened" : "closed", protocol: s.protocol, from: s.from, to: s.to, before: absentB ? undefined : s.a, after: absentA ? undefined : s.b };
      const example = { from: exampleName(src), to: src === dst ? `another member of ${dst.label}` : exampleName(dst), protocol: s.protocol, ...(protocolHasPorts(s.protocol) ? { port: s.from } : {}) };
      push(src.scope, end(src), end(dst), f, example);
    }
  };

  // Every pair that holds a changed end, in the order of all pairs: a changed source against
  // every destination, an unchanged one against the changed destinations only; of those, the
  // pairs whose verdict the change can move (an instance whose address, groups or account
  // changed, or an end whose group's change reaches the other end).
  const { reach, moves } = changeReach(before, after, dirtyGroups);
  if (!options.exhaustive && movedInstances.size === 0 && [...reach.values()].every((r) => !r.all)) {
    // Nothing moved and every changed group differs by rules only: the pairs the change can move
    // are found from those rules (the ends they can match), not by asking every pair.
    // A pair's verdict moves only on the protocols the differing rules match.
    const moved = changeScope([...reach.values()].flatMap((r) => (r.all ? [] : [...r.before, ...r.after]))).protocols;
    asked = FLOW_PROTOCOLS.flatMap((p, i) => (moved.has(p) ? [i] : []));
    // An end's outside regions move only where its groups' differing rules act.
    const scoped = (ep: EndpointPair) => outside(ep, changeScope((ep.before?.groupIds ?? []).flatMap((g) => {
      const r = reach.get(g);
      return r && !r.all ? [...r.before, ...r.after] : [];
    })));
    reachedPairs(before, after, reach, moves, scoped, pair);
    return { regions, changedGroups: [...dirtyGroups] };
  }
  const dirtyInstance = (id: string) => {
    if (movedInstances.has(id)) return true;
    const i = before.instances.get(id) ?? after.instances.get(id);
    return (i?.groupIds ?? []).some((g) => dirtyGroups.has(g));
  };
  const instanceIds = [...new Set([...before.instances.keys(), ...after.instances.keys()])].sort();
  const instances: EndpointPair[] = instanceIds.map((id) => ({ label: id, scope: "instance", before: instanceEndpoint(before, id), after: instanceEndpoint(after, id) }));
  const members: EndpointPair[] = allGroupIds().map((id) => ({ label: id, scope: "group", before: memberEndpoint(before, id), after: memberEndpoint(after, id) }));
  const moved = (ep: EndpointPair) => ep.scope === "instance" && movedInstances.has(ep.label);
  const pairs = (list: EndpointPair[], dirty: (ep: EndpointPair) => boolean, self: boolean) => {
    const changed = list.filter(dirty);
    if (changed.length === 0) return;
    for (const ep of changed) outside(ep);
    for (const src of list) {
      for (const dst of dirty(src) ? list : changed) if ((self || src !== dst) && (moved(src) || moved(dst) || moves(src, dst) || moves(dst, src))) pair(src, dst);
    }
  };
  pairs(instances, (ep) => dirtyInstance(ep.label), false);
  pairs(members, (ep) => dirtyGroups.has(ep.label), true);
  return { regions, changedGroups: [...dirtyGroups] };
}

/** Where each interface of an index is, for finding the ones a rule can match: cached per instance map (an index made for a change shares its base's). */
interface EndLayout {
  /** Instance ids, sorted (the order of all pairs). */
  readonly ids: readonly string[];
  /** Positions (in `ids`) of the instances with a known IPv4 address, by address. */
  readonly v4: readonly { v4: number; at: number }[];
  /** The same addresses alone, for the search. */
  readonly v4Keys: readonly number[];
  /** Positions of every other instance (IPv6, or address unknown): any address rule may match them. */
  readonly other: readonly number[];
  /** Positions of each group's instances. */
  readonly byGroup: ReadonlyMap<string, readonly number[]>;
}

const LAYOUTS = new WeakMap<ReadonlyMap<string, IndexedInstance>, EndLayout>();

function endLayout(instances: ReadonlyMap<string, IndexedInstance>): EndLayout {
  let layout = LAYOUTS.get(instances);
  if (layout) return layout;
  const ids = [...instances.keys()].sort();
  const v4: { v4: number; at: number }[] = [];
  const other: number[] = [];
  const byGroup = new Map<string, number[]>();
  ids.forEach((id, at) => {
    const i = instances.get(id) as IndexedInstance;
    if (i.point.family === "ipv4" && !i.point.anonymous) v4.push({ v4: i.point.v4, at });
    else other.push(at);
    for (const g of i.groups) {
      const list = byGroup.get(g);
      if (list) list.push(at);
      else byGroup.set(g, [at]);
    }
  });
  v4.sort((a, b) => a.v4 - b.v4 || a.at - b.at);
  layout = { ids, v4, v4Keys: v4.map((x) => x.v4), other, byGroup };
  LAYOUTS.set(instances, layout);
  return layout;
}

const MEMBER_LAYOUTS = new WeakMap<ReadonlyMap<string, IndexedGroup>, { groupIds: readonly string[]; at: ReadonlyMap<string, number> }>();

/** An index's group ids, sorted (the order of all member pairs), and each one's position: once per group map, as {@link endLayout}. */
function memberLayout(groups: ReadonlyMap<string, IndexedGroup>): { groupIds: readonly string[]; at: ReadonlyMap<string, number> } {
  let layout = MEMBER_LAYOUTS.get(groups);
  if (!layout) {
    const groupIds = [...groups.keys()].sort();
    MEMBER_LAYOUTS.set(groups, (layout = { groupIds, at: new Map(groupIds.map((g, i) => [g, i])) }));
  }
  return layout;
}

/** The first position in sorted `keys` at or above `x`. */
function lowerBound(keys: readonly number[], x: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The instances a rule can match, a superset of `ruleMatchesPeer`'s answer (the caller asks it):
 * those whose IPv4 address its blocks hold, or that hold the group it names, and every instance
 * without a plain IPv4 address.
 */
function instancesRuleCanMatch(rule: CompiledRule, layout: EndLayout, add: (at: number) => void): void {
  const p = rule.peer;
  if (p.kind === "group") {
    for (const at of layout.byGroup.get(p.groupId) ?? []) add(at);
    return;
  }
  const ranges: readonly (readonly [number, number])[] = p.kind === "cidr" ? (p.family === "ipv4" ? [[p.lo, p.hi]] : []) : p.v4;
  for (const [lo, hi] of ranges) for (let k = lowerBound(layout.v4Keys, lo); k < layout.v4.length && layout.v4[k].v4 <= hi; k++) add(layout.v4[k].at);
  for (const at of layout.other) add(at);
}

/**
 * The stand-in members a rule can match, a superset likewise: the member of the group it names,
 * or every member when a block of the rule is a whole family (only those match an unknown address).
 */
function membersRuleCanMatch(rule: CompiledRule, groupIds: readonly string[], add: (id: string) => void): void {
  const p = rule.peer;
  if (p.kind === "group") add(p.groupId);
  else if ((p.kind === "cidr" ? [p.block] : p.entries).some(isAnyAddress)) for (const id of groupIds) add(id);
}

/**
 * One kind of end's pairs that a change of rules alone can move: for each changed end (positions
 * in `ids`, ascending), the ends its groups' differing rules can match (`candidates`), asked
 * exactly by `moves`, both ways round; the changed ends' outside regions first, then each pair
 * judged in the order of all pairs, as the exhaustive walk does.
 */
function walkReached(ids: readonly string[], changed: readonly number[], endOf: (at: number) => EndpointPair, candidates: (rule: CompiledRule, add: (peer: number) => void) => void, reach: ReadonlyMap<string, Reach>, moves: (end: EndpointPair, peer: EndpointPair) => boolean, self: boolean, outside: (ep: EndpointPair) => void, pair: (src: EndpointPair, dst: EndpointPair) => void): void {
  const n = ids.length;
  const found = new Set<number>();
  for (const e of changed) outside(endOf(e));
  for (const e of changed) {
    const end = endOf(e);
    const seen = new Set<number>();
    const consider = (at: number) => {
      if ((at === e && !self) || seen.has(at)) return;
      seen.add(at);
      if (!moves(end, endOf(at))) return;
      found.add(e * n + at);
      found.add(at * n + e);
    };
    for (const g of end.before?.groupIds ?? []) {
      const r = reach.get(g);
      if (r && !r.all) for (const rule of [...r.before, ...r.after]) candidates(rule, consider);
    }
  }
  for (const k of [...found].sort((a, b) => a - b)) pair(endOf(Math.floor(k / n)), endOf(k % n));
}

/**
 * The pairs a change of rules alone can move, found from the rules that differ ({@link changeReach}):
 * instances in a changed group against the instances their groups' changed rules can match, then
 * the stand-in member of each changed group against the members its rules can match (itself too).
 */
function reachedPairs(before: NetworkIndex, after: NetworkIndex, reach: ReadonlyMap<string, Reach>, moves: (end: EndpointPair, peer: EndpointPair) => boolean, outside: (ep: EndpointPair) => void, pair: (src: EndpointPair, dst: EndpointPair) => void): void {
  const layout = endLayout(before.instances);
  const memo = <K>(make: (k: K) => EndpointPair) => {
    const ends = new Map<K, EndpointPair>();
    return (k: K): EndpointPair => {
      let ep = ends.get(k);
      if (!ep) ends.set(k, (ep = make(k)));
      return ep;
    };
  };
  const changedGroups = [...reach.keys()].sort();
  const instanceEnd = memo((at: number): EndpointPair => ({ label: layout.ids[at], scope: "instance", before: instanceEndpoint(before, layout.ids[at]), after: instanceEndpoint(after, layout.ids[at]) }));
  const changedAt = [...new Set(changedGroups.flatMap((g) => [...(layout.byGroup.get(g) ?? [])]))].sort((a, b) => a - b);
  walkReached(layout.ids, changedAt, instanceEnd, (rule, add) => instancesRuleCanMatch(rule, layout, add), reach, moves, false, outside, pair);
  const { groupIds, at } = memberLayout(before.groups);
  const memberEnd = memo((i: number): EndpointPair => ({ label: groupIds[i], scope: "group", before: memberEndpoint(before, groupIds[i]), after: memberEndpoint(after, groupIds[i]) }));
  const changedMembers = changedGroups.map((g) => at.get(g) as number);
  walkReached(groupIds, changedMembers, memberEnd, (rule, add) => membersRuleCanMatch(rule, groupIds, (id) => {
    const k = at.get(id);
    if (k !== undefined) add(k);
  }), reach, moves, true, outside, pair);
}

const TUPLES = new WeakMap<RuleArgs, string>();

/**
 * A validated rule's {@link ruleTuple}, once per rule object (a group's proposals compare its
 * rules again and again, and a group changed by a proposal keeps the objects of the rules it
 * keeps; an indexed model does not change).
 */
function ruleTupleOf(rule: RuleArgs): string {
  let t = TUPLES.get(rule);
  if (t === undefined) TUPLES.set(rule, (t = ruleTuple(rule)));
  return t;
}


/**
 * The rules that differ between two versions of a rule list, as multisets (descriptions aside):
 * each version's rules that the other does not hold as many times. Both versions are normalised
 * by the same validation, so equal rules print alike.
 */
function differingRules(before: readonly CompiledRule[], after: readonly CompiledRule[]): { before: CompiledRule[]; after: CompiledRule[] } {
  const count = new Map<string, number>();
  const kb = before.map((r) => ruleTupleOf(r.rule));
  const ka = after.map((r) => ruleTupleOf(r.rule));
  for (const k of kb) count.set(k, (count.get(k) ?? 0) + 1);
  for (const k of ka) count.set(k, (count.get(k) ?? 0) - 1);
  return { before: before.filter((_, i) => (count.get(kb[i]) ?? 0) !== 0), after: after.filter((_, i) => (count.get(ka[i]) ?? 0) !== 0) };
}

/**
 * Whether a change of one end's groups can move the verdict between two ends: a side's verdict
 * on a peer is its first rule, in decision order, among the rules that match the peer, so it
 * moves only where a rule that differs between the versions matches the peer (`ruleMatchesPeer`,
 * the judge's own test), or where the group's frame changed (type, inner access, network, the
 * entries of the prefix lists its rules name, or the group itself: added or removed, so an end on
 * one version only is always compared). Both directions' changed rules count, whichever side the
 * end is on (a superset, so exact). An instance whose address, groups or account changed is
 * compared with every end by the caller.
 */
function changeReach(before: NetworkIndex, after: NetworkIndex, dirty: ReadonlySet<string>): { reach: ReadonlyMap<string, Reach>; moves: (end: EndpointPair, peer: EndpointPair) => boolean } {
  const reach = new Map<string, Reach>();
  for (const id of dirty) {
    const gb = before.groups.get(id);
    const ga = after.groups.get(id);
    const differing = gb && ga && !frameMoved(before, after, id) ? differingRules([...gb.ingress, ...gb.egress], [...ga.ingress, ...ga.egress]) : undefined;
    reach.set(id, differing ? { all: false, ...differing } : { all: true });
  }
  // Asked for every candidate pair: the end's groups on each version are read in place.
  const reaches = (groupIds: readonly string[] | undefined, peer: EndpointPair): boolean => {
    for (const g of groupIds ?? []) {
      const r = reach.get(g);
      if (!r) continue;
      if (r.all) return true;
      if (peer.before && r.before.some((x) => ruleMatchesPeer(x, (peer.before as Endpoint).point))) return true;
      if (peer.after && r.after.some((x) => ruleMatchesPeer(x, (peer.after as Endpoint).point))) return true;
    }
    return false;
  };
  return { reach, moves: (end, peer) => reaches(end.before?.groupIds, peer) || reaches(end.after?.groupIds, peer) };
}

/** What a changed group's change can reach: everything (its frame changed), or the peers its differing rules match. */
type Reach = { all: true } | { all: false; before: CompiledRule[]; after: CompiledRule[] };

// ---------------------------------------------------------------------------------------------
// One side of a member of some groups.

/**
 * One side's painting against a peer group's stand-in member, cached by what the side's rules
 * can tell of the peer (the groups they name that it holds), so that a group judged against many
 * peers paints once per class.
 */
function standInPainting(side: Side, peerGroup: string, protocol: FlowProtocol, paints: Map<string, Segment[]>): Segment[] {
  const named = new Set<string>();
  for (const r of side.rules) if (r.peer.kind === "group") named.add(r.peer.groupId);
  const key = `${side.key}|${protocol}|${named.has(peerGroup) ? peerGroup : ""}`;
  let p = paints.get(key);
  if (!p) {
    const peer: PeerPoint = { family: "ipv4", v4: 0, v6: 0n, internal: true, anonymous: true, groups: new Set([peerGroup]) };
    p = judge(side.rules, protocol, (r) => ruleMatchesPeer(r, peer), side.fallback);
    paints.set(key, p);
  }
  return p;
}

/**
 * What one side of a member of these groups allows, without the full matrix: outside addresses
 * (cut only at the blocks its rules name), members of each group its rules name, and fellow
 * members (inner access). Only this side is judged: between instances the other side's rules
 * count too.
 */
export function sideRegions(index: NetworkIndex, groupIds: readonly string[], direction: RuleType): SideRegion[] {
  const out: SideRegion[] = [];
  const painter = painterOf(index, groupIds, direction);
  outsideRegions(undefined, painter, (f, family, ranges) => {
    out.push({ peer: addressEnd(family, ranges), protocol: f.protocol, ports: portsOf(f.protocol, f.from, f.to), decider: f.after as Decider });
  }, (_, a) => a.allowed);
  const side = painter.side;
  const named = new Set<string>(groupIds);
  for (const r of side.rules) if (r.peer.kind === "group") named.add(r.peer.groupId);
  const paints = new Map<string, Segment[]>();
  for (const g of [...named].sort()) {
    const ig = index.groups.get(g);
    if (groupIds.includes(g) && ig !== undefined && opensInside(ig)) {
      out.push({ peer: { kind: "group-member", id: g }, protocol: "all", ports: null, decider: innerAccessDecider(g) });
      continue;
    }
    for (const protocol of FLOW_PROTOCOLS) {
      for (const s of standInPainting(side, g, protocol, paints)) {
        // What every address gets is already listed with the outside addresses.
        if (!s.decider.allowed || s.decider.rule?.peer.kind !== "group") continue;
        out.push({ peer: { kind: "group-member", id: g }, protocol, ports: portsOf(protocol, s.from, s.to), decider: s.decider });
      }
    }
  }
  return out;
}

/** Options of {@link sideRegionDiff}. */
export interface SideRegionDiffOptions {
  /** Which regions to build (the rest are only counted through `dropped`): a caller that needs a few saves rendering the others. @default all */
  keep?: (change: "opened" | "closed", before: Decider, after: Decider, peer: "addresses" | "group-member") => boolean;
  /** Told of each region not kept. */
  dropped?: (change: "opened" | "closed") => void;
}

/**
 * The diff of one side of a member in these groups only: opened and closed regions of its
 * ingress (or egress) against outside addresses and against members of every group its rules
 * name, on both versions. Exact for that side; between two instances a flow also needs the other
 * end's side, so a flow-level diff can only be smaller. Cheap: it never visits other groups, so
 * a change to one group's side is proved without comparing the whole estate.
 */
export function sideRegionDiff(before: NetworkIndex, after: NetworkIndex, groupIds: readonly string[], direction: RuleType, options: SideRegionDiffOptions = {}): RegionChange[] {
  const keep = options.keep ?? (() => true);
  const label = groupIds.join("+");
  const self: RegionEnd = { kind: "group-member", id: label };
  const member = `member of ${label}`;
  const out: RegionChange[] = [];
  const pb = painterOf(before, groupIds, direction);
  const pa = painterOf(after, groupIds, direction);
  const sb = pb.side;
  const sa = pa.side;
  // Only where the rules that differ can act: their protocols, their address blocks, the groups they name.
  const differing = differingRules(sb.rules, sa.rules);
  const changedRules = [...differing.before, ...differing.after];
  const typeChanged = sb.type !== sa.type || sb.classic !== sa.classic || groupIds.some((g) => before.groups.get(g)?.inner !== after.groups.get(g)?.inner);
  const scope: ChangeScope | undefined = typeChanged ? undefined : changeScope(changedRules);
  const worldChanged = changedRules.some((r) => ruleBlocks(r).some(isAnyAddress));
  const groupsChanged = new Set(changedRules.flatMap((r) => (r.peer.kind === "group" ? [r.peer.groupId] : [])));
  outsideRegions(pb, pa, (f, family, ranges) => {
    if (!keep(f.change, f.before as Decider, f.after as Decider, "addresses")) {
      options.dropped?.(f.change);
      return;
    }
    const peer = addressEnd(family, ranges);
    const a = addressText(family, ranges[0][0]);
    const example = { from: direction === "ingress" ? a : member, to: direction === "ingress" ? member : a, protocol: f.protocol, ...(protocolHasPorts(f.protocol) ? { port: f.from } : {}) };
    out.push({ change: f.change, scope: "group", from: direction === "ingress" ? peer : self, to: direction === "ingress" ? self : peer, protocol: f.protocol, ports: portsOf(f.protocol, f.from, f.to), example, before: f.before, after: f.after });
  }, (a, b) => a.allowed !== b.allowed, scope);
  const named = new Set<string>(groupIds);
  for (const r of [...sb.rules, ...sa.rules]) if (r.peer.kind === "group") named.add(r.peer.groupId);
  const paintsB = new Map<string, Segment[]>();
  const paintsA = new Map<string, Segment[]>();
  for (const g of [...named].sort()) {
    // A stand-in member matches group rules naming its group and /0 blocks only.
    if (scope && !worldChanged && !groupsChanged.has(g)) continue;
    for (const protocol of FLOW_PROTOCOLS) {
      if (scope && !scope.protocols.has(protocol)) continue;
      const xb = standInPainting(sb, g, protocol, paintsB);
      const xa = standInPainting(sa, g, protocol, paintsA);
      for (const s of overlay(xb, xa)) {
        if (s.a.allowed === s.b.allowed) continue;
        const change = s.b.allowed ? "opened" : "closed";
        if (!keep(change, s.a, s.b, "group-member")) {
          options.dropped?.(change);
          continue;
        }
        const other: RegionEnd = { kind: "group-member", id: g };
        const example = { from: direction === "ingress" ? `member of ${g}` : member, to: direction === "ingress" ? member : `member of ${g}`, protocol, ...(protocolHasPorts(protocol) ? { port: s.from } : {}) };
        out.push({ change, scope: "group", from: direction === "ingress" ? other : self, to: direction === "ingress" ? self : other, protocol, ports: portsOf(protocol, s.from, s.to), example, before: s.a, after: s.b });
      }
    }
  }
  return out;
}
