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
import { IpFamily, isAnyAddress } from "../model/ip";
import { ALL_PORTS, PortRange, normalizeRanges } from "../model/port-ranges";
import { AddressCell, addressCells, ruleBlocks } from "./cells";
import { DEFAULT_RANK } from "./decision";
import { Decider, JudgedProtocol, Segment, defaultDecider, judge } from "./judge";
import { CompiledRule } from "./rule-index";

/** The protocols of a packet as a rule can match them: the five flow protocols, and `other` (only `all` rules match it). */
export type Component = JudgedProtocol;

const IPV4_COMPONENTS: readonly Component[] = ["tcp", "udp", "icmp", "gre", "other"];
const IPV6_COMPONENTS: readonly Component[] = ["tcp", "udp", "icmpv6", "gre", "other"];
const ALL_COMPONENTS: readonly Component[] = ["tcp", "udp", "icmp", "icmpv6", "gre", "other"];

/** The families whose packets can carry a protocol: icmp is IPv4's, icmpv6 IPv6's. */
export function familiesOf(component: Component): readonly IpFamily[] {
  if (component === "icmp") return ["ipv4"];
  if (component === "icmpv6") return ["ipv6"];
  return ["ipv4", "ipv6"];
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

function envelopeOf(paintings: Iterable<readonly Segment[]>): Envelope {
  let env: Envelope = [{ from: 1, to: 65535, rank: -Infinity }];
  for (const p of paintings) {
    const next: Envelope = [];
    let j = 0;
    for (const e of env) {
      let at = e.from;
      while (at <= e.to) {
        while (p[j].to < at) j++;
        const to = Math.min(e.to, p[j].to);
        const rank = Math.max(e.rank, p[j].decider.rank);
        const last = next[next.length - 1];
        if (last !== undefined && last.rank === rank && last.to + 1 === at) last.to = to;
        else next.push({ from: at, to, rank });
        at = to + 1;
      }
    }
    env = next;
  }
  return env;
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

const COMPONENT_INDEX: Readonly<Record<Component, number>> = { tcp: 0, udp: 1, icmp: 2, icmpv6: 3, gre: 4, other: 5 };

/**
 * One direction (and nic type) of one group: its rules in decision order, the address cells their
 * blocks cut, and the judge's paintings of each distinct list of rules a cell meets (cells alike
 * share one). Answers are computed when first asked.
 */
class Bucket {
  private readonly cellsByFamily: Record<IpFamily, AddressCell[]>;
  /** Per family and cell: which distinct list of matching address rules the cell has. */
  private readonly listOf: Record<IpFamily, number[]>;
  /** The distinct lists of address rules matching some cell, each in decision order, and the family of its cells. */
  private readonly lists: CompiledRule[][] = [];
  private readonly listFamily: IpFamily[] = [];
  /** Per address rule: the distinct lists of the cells it matches. */
  private readonly listsOfRule = new Map<CompiledRule, number[]>();
  /** Member spaces (a named group, an undescribed prefix list) and the rules naming each. */
  private readonly spaces = new Map<string, CompiledRule[]>();
  /** Paintings by list, protocol and (all rules, drops only). */
  private readonly paintings: (Segment[] | undefined)[] = [];
  private readonly spacePaintings = new Map<string, Segment[]>();
  private readonly envelopes = new Map<string, Envelope>();
  private readonly fallback: Decider;
  private deciding?: Set<CompiledRule>;

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
    const cells = addressCells([addressRules], false);
    this.cellsByFamily = { ipv4: cells.filter((c) => c.family === "ipv4"), ipv6: cells.filter((c) => c.family === "ipv6") };
    const interned = new Map<string, number>();
    this.listOf = { ipv4: [], ipv6: [] };
    for (const family of ["ipv4", "ipv6"] as const) {
      const list = this.cellsByFamily[family];
      const matching: CompiledRule[][] = list.map(() => []);
      // Each rule marks the cells inside its blocks: a block is a run of whole cells.
      for (const r of addressRules) {
        for (const b of ruleBlocks(r)) {
          if (b.family !== family) continue;
          for (let i = this.firstCell(family, b.first); i < list.length && list[i].lo <= b.last; i++) {
            const m = matching[i];
            if (m.length === 0 || m[m.length - 1] !== r) m.push(r);
          }
        }
      }
      this.listOf[family] = matching.map((m) => {
        let key: string = family;
        for (const r of m) key += `,${r.order}`;
        let id = interned.get(key);
        if (id === undefined) {
          interned.set(key, (id = this.lists.length));
          this.lists.push(m);
          this.listFamily.push(family);
          for (const r of m) {
            const of = this.listsOfRule.get(r);
            if (of) of.push(id);
            else this.listsOfRule.set(r, [id]);
          }
        }
        return id;
      });
    }
  }

  private firstCell(family: IpFamily, first: bigint): number {
    const list = this.cellsByFamily[family];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].hi < first) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The judge's painting of one distinct cell list for one protocol (all rules, or drops only), once. */
  private paintList(list: number, component: Component, dropsOnly: boolean): Segment[] {
    const slot = list * 12 + COMPONENT_INDEX[component] * 2 + (dropsOnly ? 1 : 0);
    let p = this.paintings[slot];
    if (!p) {
      const rules = this.lists[list];
      this.paintings[slot] = p = judge(dropsOnly ? rules.filter((r) => r.drop) : rules, component, () => true, this.fallback);
    }
    return p;
  }

  /** The judge's painting of the rules naming a member space, once. */
  private paintSpace(space: string, component: Component, dropsOnly: boolean): Segment[] {
    const key = `${space}|${component}|${dropsOnly}`;
    let p = this.spacePaintings.get(key);
    if (!p) {
      const rules = this.spaces.get(space) as CompiledRule[];
      this.spacePaintings.set(key, (p = judge(dropsOnly ? rules.filter((r) => r.drop) : rules, component, () => true, this.fallback)));
    }
    return p;
  }

  /** The worst first rank, port by port, over every member address of a family (all rules, or drops only). */
  private envelope(family: IpFamily, component: Component, dropsOnly: boolean): Envelope {
    const key = `${family}|${component}|${dropsOnly}`;
    let env = this.envelopes.get(key);
    if (!env) {
      const seen = new Set<Segment[]>();
      for (const list of new Set(this.listOf[family])) seen.add(this.paintList(list, component, dropsOnly));
      this.envelopes.set(key, (env = envelopeOf(seen)));
    }
    return env;
  }

  /** The address rules that decide some port of some cell, alone or tied with the decider (same rank, overlapping ports). */
  private decidingAddressRules(): Set<CompiledRule> {
    if (this.deciding) return this.deciding;
    const out = new Set<CompiledRule>();
    this.lists.forEach((rules, list) => {
      const components = new Set<Component>();
      for (const r of rules) for (const c of ruleComponents(r)) if (familiesOf(c).includes(this.listFamily[list])) components.add(c);
      for (const c of components) {
        const mine = rules.filter((r) => r.protocol === c || r.protocol === "all");
        for (const s of this.paintList(list, c, false)) {
          const d = s.decider.rule;
          if (!d) continue;
          out.add(d);
          // Rules tied with the decider decide with it: the same rank (so the same verdict).
          for (let k = mine.indexOf(d) + 1; k < mine.length && mine[k].rank === d.rank; k++) {
            const t = mine[k];
            if (t.from <= s.to && s.from <= t.to) out.add(t);
          }
        }
      }
    });
    this.deciding = out;
    return out;
  }

  /** True when the rule decides some packet of its region, alone or tied with rules of its rank. */
  decides(r: CompiledRule): boolean {
    const space = spaceOf(r);
    if (space === undefined) return !this.listsOfRule.has(r) || this.decidingAddressRules().has(r);
    // Every member address of each family: the rules naming the space decide first, else the worst address's.
    for (const c of ruleComponents(r)) {
      const range = rulePorts(r, c);
      for (const f of familiesOf(c)) for (const x of pieces(this.paintSpace(space, c, false), this.envelope(f, c, false), range)) if (x.rank === r.rank && x.worst >= r.rank) return true;
    }
    return false;
  }

  /** For an accept: the ports per protocol some address of its peer reaches once drops judged before it have denied what they cover. */
  openAfterDrops(r: CompiledRule): Map<Component, PortRange[]> {
    const open = new Map<Component, PortRange[]>();
    const space = spaceOf(r);
    for (const c of ruleComponents(r)) {
      const range = rulePorts(r, c);
      const found: PortRange[] = [];
      if (space !== undefined) {
        for (const f of familiesOf(c)) for (const x of pieces(this.paintSpace(space, c, true), this.envelope(f, c, true), range)) if (x.rank > r.rank && x.worst > r.rank) found.push({ from: x.from, to: x.to });
      } else {
        for (const list of this.listsOfRule.get(r) ?? []) {
          // Cells of a family that never carries this protocol.
          if (!familiesOf(c).includes(this.listFamily[list])) continue;
          for (const seg of this.paintList(list, c, true)) {
            if (seg.to < range.from || seg.from > range.to || seg.decider.rank < r.rank) continue;
            found.push({ from: Math.max(seg.from, range.from), to: Math.min(seg.to, range.to) });
          }
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
    // The bucket's rules are in decision order: the first that holds r is the best-ranked.
    for (const c of bucket.rules) {
      if (c.rank >= r.rank) break;
      if (holds(c, r, this.classic)) return c;
    }
    return undefined;
  }
}

/** True when rule `c`'s region holds rule `r`'s: every protocol, port and peer `r` matches, `c` matches too. */
function holds(c: CompiledRule, r: CompiledRule, classic: boolean): boolean {
  if (c.protocol !== "all" && (c.protocol !== r.protocol || c.from > r.from || c.to < r.to)) return false;
  if (classic && c.nic !== r.nic) return false;
  const space = spaceOf(r);
  if (space !== undefined) {
    if (spaceOf(c) === space) return true;
    // A member's address may be any address of each family it may have.
    const fams = new Set(ruleComponents(r).flatMap((x) => familiesOf(x)));
    return [...fams].every((f) => ruleBlocks(c).some((b) => b.family === f && isAnyAddress(b)));
  }
  const mine = ruleBlocks(r);
  return mine.length > 0 && mine.every((b) => ruleBlocks(c).some((o) => o.family === b.family && o.first <= b.first && b.last <= o.last));
}

/** The rank of the implicit defaults, after every rule: what a port no rule decides is judged at. */
export const UNDECIDED_RANK = DEFAULT_RANK;
