/**
 * What each rule of one group decides: the judge asked about every rule's own region (its
 * peers, protocols and ports), for the checks. A rule takes effect where it, or a rule of the
 * same rank, decides some packet of its region; an accept still opens the ports where no drop
 * judged before it denies every address of its peer.
 *
 * Rules are read per direction and, in a classic group, per nic type (intranet and internet
 * rules govern different traffic). The peers of a group's rules are cut into address cells
 * (addresses every rule sees alike) and member spaces: the members of a group a rule names, or the addresses of a prefix
 * list the network does not describe. A member's address may be any address of its family, so a
 * member space is covered where rules naming it, or rules on every address of each family its
 * members may have, decide first. The group is read alone: a member in that group only.
 */
import { CidrBlock, IpFamily, isAnyAddress } from "../model/ip";
import { ALL_PORTS, PortRange, normalizeRanges } from "../model/port-ranges";
import { MAX_ADDRESS, pieceOf, ruleBlocks } from "./cells";
import { DEFAULT_RANK } from "./decision";
import { Decider, JudgedProtocol, Segment, defaultDecider, judge } from "./judge";
import { CompiledRule } from "./rule-index";

/** The protocols of a packet as a rule can match them: the five flow protocols, and `other` (only `all` rules match it). */
export type Component = JudgedProtocol;

const IPV4_COMPONENTS: readonly Component[] = ["tcp", "udp", "icmp", "gre", "other"];
const IPV6_COMPONENTS: readonly Component[] = ["tcp", "udp", "icmpv6", "gre", "other"];
const ALL_COMPONENTS: readonly Component[] = ["tcp", "udp", "icmp", "icmpv6", "gre", "other"];

const V4_ONLY: readonly IpFamily[] = ["ipv4"];
const V6_ONLY: readonly IpFamily[] = ["ipv6"];
const BOTH: readonly IpFamily[] = ["ipv4", "ipv6"];

/** The families whose packets can carry a protocol: icmp is IPv4's, icmpv6 IPv6's, every other (and `all`) both. */
export function familiesOf(component: Component | "all"): readonly IpFamily[] {
  if (component === "icmp") return V4_ONLY;
  if (component === "icmpv6") return V6_ONLY;
  return BOTH;
}

/** The protocols a rule matches, for the families of its peer. */
export function ruleComponents(r: CompiledRule): readonly Component[] {
  if (r.protocol !== "all") return [r.protocol];
  if (r.peer.kind === "cidr") return r.peer.block.family === "ipv4" ? IPV4_COMPONENTS : IPV6_COMPONENTS;
  return ALL_COMPONENTS;
}

/** The ports a rule matches for one of its protocols: its range for tcp and udp, else every port. */
export function rulePorts(r: CompiledRule, component: Component): PortRange {
  return component === "tcp" || component === "udp" ? { from: r.from, to: r.to } : ALL_PORTS[0];
}

/** The member space a rule's peer is, if it is one: the group it names, or a prefix list whose entries are not known. */
function spaceOf(r: CompiledRule): string | undefined {
  if (r.peer.kind === "group") return `sg:${r.peer.owner ?? ""}/${r.peer.groupId}`;
  if (r.peer.kind === "prefix-list" && r.peer.entries.length === 0) return `pl:${r.peer.listId}`;
  return undefined;
}

/** A piecewise function of ports: the worst (largest) rank of the first deciding rule over many cells. */
type Envelope = { from: number; to: number; rank: number }[];

/** The envelope raised, where a painting covers it, to the painting's rank where that is worse. */
function raise(env: Envelope, segs: readonly Segment[]): Envelope {
  const next: Envelope = [];
  const push = (from: number, to: number, rank: number) => {
    const last = next[next.length - 1];
    if (last !== undefined && last.rank === rank && last.to + 1 === from) last.to = to;
    else next.push({ from, to, rank });
  };
  let k = 0;
  for (const e of env) {
    let at = e.from;
    while (at <= e.to) {
      while (k < segs.length && segs[k].to < at) k++;
      const s = segs[k];
      if (s === undefined || s.from > e.to) {
        push(at, e.to, e.rank);
        break;
      }
      if (s.from > at) push(at, s.from - 1, e.rank);
      const from = Math.max(at, s.from);
      const to = Math.min(e.to, s.to);
      push(from, to, Math.max(e.rank, s.decider.rank));
      at = to + 1;
    }
  }
  return next;
}

/** The ports of an envelope below a rank. */
function below(env: Envelope, rank: number): PortRange[] {
  const out: PortRange[] = [];
  for (const e of env) {
    if (e.rank >= rank) continue;
    const last = out[out.length - 1];
    if (last !== undefined && last.to + 1 === e.from) out[out.length - 1] = { from: last.from, to: e.to };
    else out.push({ from: e.from, to: e.to });
  }
  return out;
}

/** Ranks of a painting and an envelope over one port range, piece by piece. */
function* pieces(p: readonly Segment[], env: Envelope, range: PortRange): Generator<{ from: number; to: number; rank: number; worst: number }> {
  let i = 0;
  let j = 0;
  let at = range.from;
  while (at <= range.to) {
    while (p[i].to < at) i++;
    while (env[j].to < at) j++;
    const to = Math.min(range.to, p[i].to, env[j].to);
    yield { from: at, to, rank: p[i].decider.rank, worst: env[j].rank };
    at = to + 1;
  }
}

const MAX_V4 = 2 ** 32 - 1;

/** True when two lists of rule ids are the same. */
function sameIds(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The IPv4 cells the rules' blocks cut (the space from 0 cut at every block's first address and
 * after its last), each as the ids (positions in `rules`) of the rules whose blocks hold it, in
 * rule order. Addresses are plain numbers.
 */
function cellsV4(rules: readonly CompiledRule[]): number[][] {
  const lo: number[] = [];
  const hi: number[] = [];
  const owner: number[] = [];
  rules.forEach((r, id) => {
    for (const b of ruleBlocks(r)) {
      if (b.family !== "ipv4") continue;
      lo.push(Number(b.first));
      hi.push(Number(b.last));
      owner.push(id);
    }
  });
  const cuts = new Float64Array(lo.length * 2 + 1);
  let n = 1;
  for (let i = 0; i < lo.length; i++) {
    cuts[n++] = lo[i];
    if (hi[i] !== MAX_V4) cuts[n++] = hi[i] + 1;
  }
  const sorted = cuts.subarray(0, n).sort();
  let cells = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[cells++] = sorted[i];
  const starts = Array.from(sorted.subarray(0, cells));
  const matching: number[][] = [];
  for (let i = 0; i < cells; i++) matching.push([]);
  // Spans come in rule order, so each cell's list stays in decision order.
  for (let s = 0; s < lo.length; s++) {
    const id = owner[s];
    // A block's first address is a cut: the cell it starts.
    for (let i = pieceOf(starts, lo[s]); i < cells && starts[i] <= hi[s]; i++) {
      const m = matching[i];
      if (m.length === 0 || m[m.length - 1] !== id) m.push(id);
    }
  }
  return matching;
}

/** The IPv6 cells the rules' blocks cut, as {@link cellsV4} (addresses as bigints). */
function cellsV6(rules: readonly CompiledRule[]): number[][] {
  const spans: { lo: bigint; hi: bigint; id: number }[] = [];
  rules.forEach((r, id) => {
    for (const b of ruleBlocks(r)) if (b.family === "ipv6") spans.push({ lo: b.first, hi: b.last, id });
  });
  const cuts = new Set<bigint>([0n]);
  for (const x of spans) {
    cuts.add(x.lo);
    if (x.hi !== MAX_ADDRESS.ipv6) cuts.add(x.hi + 1n);
  }
  const starts = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const matching: number[][] = starts.map(() => []);
  for (const x of spans) {
    let a = 0;
    let b = starts.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (starts[mid] < x.lo) a = mid + 1;
      else b = mid;
    }
    for (let i = a; i < starts.length && starts[i] <= x.hi; i++) {
      const m = matching[i];
      if (m.length === 0 || m[m.length - 1] !== x.id) m.push(x.id);
    }
  }
  return matching;
}

/** True when every rule of `small` is in `big` (both in decision order, so merged by `order`). */
function holdsAll(big: readonly CompiledRule[], small: readonly CompiledRule[]): boolean {
  if (small.length > big.length) return false;
  let j = 0;
  for (const r of small) {
    while (j < big.length && big[j].order < r.order) j++;
    if (j === big.length || big[j] !== r) return false;
    j++;
  }
  return true;
}

/** How many lists a walk keeps to compare the next ones with. */
const KEPT = 8;
const ANY = (): boolean => true;
const isDrop = (r: CompiledRule): boolean => r.drop;

/**
 * One direction (and nic type) of one group: its rules in decision order, and the address cells
 * their blocks cut, with the distinct lists of address rules the cells meet (cells alike share
 * one). Every question is the judge asked about one rule's region, cell list by cell list, and
 * stops at the first list that answers it; answers are kept, since checks ask the same rule
 * several times.
 */
class Bucket {
  /** The family of each distinct list's cells. */
  private readonly listFamily: IpFamily[] = [];
  /** The distinct lists of each family, the shortest first, those no question needs left out ({@link walk}). */
  private readonly listsOfFamily: Record<IpFamily, number[]> = { ipv4: [], ipv6: [] };
  /** Per family: the list every other list of the family holds, when there is one. */
  private readonly core: Record<IpFamily, number> = { ipv4: -1, ipv6: -1 };
  /** Per address rule: the distinct lists of the cells it matches, the shortest first, those no question needs left out ({@link walk}). */
  private readonly listsOfRule = new Map<CompiledRule, number[]>();
  /** Member spaces (a named group, an undescribed prefix list) and the rules naming each. */
  private readonly spaces = new Map<string, CompiledRule[]>();
  /** The distinct lists of address rules (CIDR and described prefix-list peers) matching some cell, in decision order. */
  private readonly lists: CompiledRule[][] = [];
  private readonly spacePaintings = new Map<string, Segment[]>();
  private readonly envelopes = new Map<string, Envelope>();
  private readonly fallback: Decider;
  /** Answers already given, per rule. */
  private readonly decided = new Map<CompiledRule, boolean>();
  private readonly opened = new Map<CompiledRule, Map<Component, PortRange[]>>();

  constructor(readonly rules: readonly CompiledRule[]) {
    // The fallback's verdict plays no part in what these questions ask, only its rank.
    this.fallback = defaultDecider(rules[0]?.direction ?? "ingress", "normal");
    const addressRules: CompiledRule[] = [];
    for (const r of rules) {
      const space = spaceOf(r);
      if (space === undefined) {
        addressRules.push(r);
        continue;
      }
      const list = this.spaces.get(space);
      if (list) list.push(r);
      else this.spaces.set(space, [r]);
    }
    // Cells: the address space of each family cut at every block's bounds (IPv4 in plain
    // numbers), each a run of addresses every address rule sees alike. A block is a run of whole
    // cells, so each rule marks the cells inside its blocks, in decision order; cells with the
    // same rules share one list.
    const byHash = new Map<number, number[]>();
    const idsOf: number[][] = [];
    const count = new Int32Array(addressRules.length);
    const shortest = (a: number, b: number) => this.lists[a].length - this.lists[b].length;
    for (const family of ["ipv4", "ipv6"] as const) {
      const matching = family === "ipv4" ? cellsV4(addressRules) : cellsV6(addressRules);
      const ids = this.listsOfFamily[family];
      count.fill(0);
      for (const m of matching) {
        let h = family === "ipv4" ? 1 : 2;
        for (const k of m) h = (Math.imul(h, 31) + k) | 0;
        const same = byHash.get(h);
        if (same?.some((id) => this.listFamily[id] === family && sameIds(idsOf[id], m))) continue;
        const id = this.lists.length;
        if (same) same.push(id);
        else byHash.set(h, [id]);
        idsOf.push(m);
        this.lists.push(m.map((k) => addressRules[k]));
        this.listFamily.push(family);
        ids.push(id);
        for (const k of m) {
          count[k]++;
          const r = addressRules[k];
          const of = this.listsOfRule.get(r);
          if (of) of.push(id);
          else this.listsOfRule.set(r, [id]);
        }
      }
      ids.sort(shortest);
      // The rules in every cell of the family (`/0` blocks, mostly): when some cell has only
      // those, its list is held by every other list of the family, and is the shortest.
      let core = 0;
      for (let k = 0; k < count.length; k++) if (count[k] === ids.length) core++;
      if (ids.length > 1 && this.lists[ids[0]].length === core) this.core[family] = ids[0];
    }
    // Each question walks these lists in order: the lists that cannot answer it are passed over once, here.
    this.listsOfFamily.ipv4 = this.walk(this.listsOfFamily.ipv4);
    this.listsOfFamily.ipv6 = this.walk(this.listsOfFamily.ipv6);
    for (const [r, of] of this.listsOfRule) if (of.length > 1) this.listsOfRule.set(r, this.walk(of.sort(shortest)));
  }

  /**
   * The lists given (shortest first) that can answer a question the judge asks of each: a list
   * holding every rule of one of its family already walked is decided at every port at least as
   * early as that one, so it neither leaves more undecided nor ranks a port worse, and is passed
   * over. (Lists of the two families carry different protocols, so they are never compared.)
   */
  private walk(ids: readonly number[]): number[] {
    const out: number[] = [];
    let v4Core = false;
    let v6Core = false;
    for (const id of ids) {
      const family = this.listFamily[id];
      // Every other list of the family holds its core list.
      if (family === "ipv4" ? v4Core : v6Core) continue;
      if (id === this.core[family]) {
        if (family === "ipv4") v4Core = true;
        else v6Core = true;
      } else if (this.heldByOneOf(out, id)) continue;
      out.push(id);
    }
    return out;
  }

  /** True when list `id` holds every rule of one of the first lists of `kept` of its family. */
  private heldByOneOf(kept: readonly number[], id: number): boolean {
    const list = this.lists[id];
    const family = this.listFamily[id];
    for (let k = 0; k < kept.length && k < KEPT; k++) if (this.listFamily[kept[k]] === family && holdsAll(list, this.lists[kept[k]])) return true;
    return false;
  }

  /** The judge's painting of the rules naming a member space, once. */
  private paintSpace(space: string, component: Component, dropsOnly: boolean): Segment[] {
    const key = `${space}|${component}|${dropsOnly}`;
    let p = this.spacePaintings.get(key);
    if (!p) {
      const rules = this.spaces.get(space) as CompiledRule[];
      this.spacePaintings.set(key, (p = judge(rules, component, dropsOnly ? isDrop : ANY, this.fallback)));
    }
    return p;
  }

  /**
   * The worst first rank, port by port, over every address of a family (all rules, or drops
   * only): the judge's painting of each distinct cell list, raised into one envelope. A port
   * some list leaves to the fallback is at the worst rank there is, so later lists are asked
   * only about the ports still below it.
   */
  private envelope(family: IpFamily, component: Component, dropsOnly: boolean): Envelope {
    const key = `${family}|${component}|${dropsOnly}`;
    let env = this.envelopes.get(key);
    if (!env) {
      env = [{ from: 1, to: 65535, rank: -Infinity }];
      for (const list of this.listsOfFamily[family]) {
        const open = below(env, this.fallback.rank);
        if (open.length === 0) break;
        env = raise(env, judge(this.lists[list], component, dropsOnly ? isDrop : ANY, this.fallback, open));
      }
      this.envelopes.set(key, env);
    }
    return env;
  }

  /** True when the rule decides some packet of its region, alone or tied with rules of its rank. */
  decides(r: CompiledRule): boolean {
    let answer = this.decided.get(r);
    if (answer === undefined) this.decided.set(r, (answer = this.decidesNow(r)));
    return answer;
  }

  private decidesNow(r: CompiledRule): boolean {
    const space = spaceOf(r);
    if (space === undefined) {
      const lists = this.listsOfRule.get(r);
      if (!lists) return true;
      // The judge on the rule's ports in each list of its cells: r is in the list, so every port
      // is decided by a rule judged before it or by one of its rank (r, or a rule tied with it).
      for (const list of lists) {
        for (const c of ruleComponents(r)) {
          if (!familiesOf(c).includes(this.listFamily[list])) continue;
          for (const s of judge(this.lists[list], c, ANY, this.fallback, [rulePorts(r, c)])) if (s.decider.rank === r.rank) return true;
        }
      }
      return false;
    }
    // Every member address of each family: the rules naming the space decide first, else the worst address's.
    for (const c of ruleComponents(r)) {
      const range = rulePorts(r, c);
      for (const f of familiesOf(c)) for (const x of pieces(this.paintSpace(space, c, false), this.envelope(f, c, false), range)) if (x.rank === r.rank && x.worst >= r.rank) return true;
    }
    return false;
  }

  /** For an accept: the ports per protocol some address of its peer reaches once drops judged before it have denied what they cover. */
  openAfterDrops(r: CompiledRule): Map<Component, PortRange[]> {
    let open = this.opened.get(r);
    if (!open) this.opened.set(r, (open = this.openAfterDropsNow(r)));
    return open;
  }

  private openAfterDropsNow(r: CompiledRule): Map<Component, PortRange[]> {
    const open = new Map<Component, PortRange[]>();
    const space = spaceOf(r);
    const dropBefore = (x: CompiledRule) => x.drop && x.rank < r.rank;
    for (const c of ruleComponents(r)) {
      const range = rulePorts(r, c);
      const found: PortRange[] = [];
      if (space !== undefined) {
        for (const f of familiesOf(c)) for (const x of pieces(this.paintSpace(space, c, true), this.envelope(f, c, true), range)) if (x.rank > r.rank && x.worst > r.rank) found.push({ from: x.from, to: x.to });
      } else {
        // The judge on the ports not yet found open, in each list of the rule's cells, with the
        // drops judged before it: what falls to the fallback is open there.
        let left: PortRange[] = [range];
        for (const list of this.listsOfRule.get(r) ?? []) {
          if (!familiesOf(c).includes(this.listFamily[list])) continue;
          const still: PortRange[] = [];
          for (const s of judge(this.lists[list], c, dropBefore, this.fallback, left)) {
            if (s.decider === this.fallback) found.push({ from: s.from, to: s.to });
            else still.push({ from: s.from, to: s.to });
          }
          // The judge's segments of `left` are sorted and disjoint: they are the next `within`.
          left = still;
          if (left.length === 0) break;
        }
      }
      if (found.length > 0) open.set(c, normalizeRanges(found));
    }
    return open;
  }
}

/**
 * The judge's answer about every rule of one group: whether it takes effect, and what an
 * accepted ingress rule leaves open once drops judged before it have denied what they cover.
 * Rules are compiled from the group's valid rules (`compileRule`), both directions.
 */
export class RuleRegions {
  private buckets?: Map<CompiledRule, Bucket>;

  constructor(
    private readonly rules: readonly CompiledRule[],
    private readonly classic: boolean,
  ) {}

  private bucketOf(r: CompiledRule): Bucket | undefined {
    if (!this.buckets) {
      // One bucket per direction and, in a classic group, per nic type: intranet and internet
      // rules govern different traffic and never decide for each other.
      const lists = new Map<string, CompiledRule[]>();
      for (const x of [...this.rules].sort((a, b) => a.order - b.order)) {
        const key = `${x.direction}|${this.classic ? x.nic : ""}`;
        const list = lists.get(key);
        if (list) list.push(x);
        else lists.set(key, [x]);
      }
      this.buckets = new Map();
      for (const list of lists.values()) {
        const bucket = new Bucket(list);
        for (const x of list) this.buckets.set(x, bucket);
      }
    }
    return this.buckets.get(r);
  }

  /** True when the rule decides some packet of its region (alone, or tied with rules of its rank): it takes effect. */
  decides(r: CompiledRule): boolean {
    return this.bucketOf(r)?.decides(r) ?? true;
  }

  /** For an accepted ingress rule: the ports, per protocol, that some address of its peer still reaches once drops judged before it have denied what they cover. */
  openAfterDrops(r: CompiledRule): ReadonlyMap<Component, readonly PortRange[]> {
    if (r.direction !== "ingress" || r.drop) return new Map();
    return this.bucketOf(r)?.openAfterDrops(r) ?? new Map();
  }

  /**
   * The best-ranked rule judged before `r` whose own region holds all of r's (its protocols,
   * ports and peers), if one does: the one rule that alone keeps `r` from taking effect.
   */
  coveringRule(r: CompiledRule): CompiledRule | undefined {
    const bucket = this.bucketOf(r);
    if (!bucket) return undefined;
    const member = spaceOf(r) !== undefined;
    // A member's address may be any address of each family its protocol may have.
    const fams = member ? familiesOf(r.protocol) : undefined;
    const mine = ruleBlocks(r);
    // The bucket's rules are in decision order: the first that holds r is the best-ranked.
    for (const c of bucket.rules) {
      if (c.rank >= r.rank) break;
      if (c.protocol !== "all" && (c.protocol !== r.protocol || c.from > r.from || c.to < r.to)) continue;
      if (this.classic && c.nic !== r.nic) continue;
      if (fams ? sameSpace(c, r) || fams.every((f) => peerIsEvery(c, f)) : mine.length > 0 && mine.every((b) => peerHolds(c, b))) return c;
    }
    return undefined;
  }
}

/** True when two rules name the same member space ({@link spaceOf}). */
function sameSpace(c: CompiledRule, r: CompiledRule): boolean {
  const a = c.peer;
  const b = r.peer;
  if (a.kind === "group") return b.kind === "group" && a.groupId === b.groupId && (a.owner ?? "") === (b.owner ?? "");
  return a.kind === "prefix-list" && b.kind === "prefix-list" && a.entries.length === 0 && b.entries.length === 0 && a.listId === b.listId;
}

/** True when a block of the rule's peer is every address of the family. */
function peerIsEvery(c: CompiledRule, family: IpFamily): boolean {
  const p = c.peer;
  if (p.kind === "cidr") return p.block.family === family && isAnyAddress(p.block);
  return p.kind === "prefix-list" && p.entries.some((o) => o.family === family && isAnyAddress(o));
}

/** True when a block of the rule's peer holds block `b`. */
function peerHolds(c: CompiledRule, b: CidrBlock): boolean {
  const p = c.peer;
  if (p.kind === "cidr") return p.block.family === b.family && p.block.first <= b.first && b.last <= p.block.last;
  return p.kind === "prefix-list" && p.entries.some((o) => o.family === b.family && o.first <= b.first && b.last <= o.last);
}

/** The rank of the implicit defaults, after every rule: what a port no rule decides is judged at. */
export const UNDECIDED_RANK = DEFAULT_RANK;
