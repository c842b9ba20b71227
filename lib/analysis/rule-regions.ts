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
import { MAX_ADDRESS, ruleBlocks } from "./cells";
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

/** A painting shared by the cell lists that hold the same rules of its protocol: the rules it judged (in decision order) and its segments. */
interface Painting {
  readonly segs: Segment[];
  readonly rules: readonly CompiledRule[];
}

const COMPONENT_INDEX: Readonly<Record<Component, number>> = { tcp: 0, udp: 1, icmp: 2, icmpv6: 3, gre: 4, other: 5 };

const MAX_V4 = 2 ** 32 - 1;

/** The judge's paintings of cell lists, each list once per protocol, and lists that hold the same rules of that protocol once. */
class Paintings {
  private readonly slots: (Painting | undefined)[] = [];
  private readonly shared = new Map<string, Painting>();

  constructor(
    private readonly bucket: { readonly addressRules: readonly CompiledRule[]; readonly listIds: readonly (readonly number[])[]; readonly fallback: Decider },
    private readonly dropsOnly: boolean,
  ) {}

  /** The painting of one distinct cell list for one protocol (cells mostly differ in rules of one protocol, so the others' paintings are reused). */
  of(list: number, component: Component): Painting {
    const slot = list * 6 + COMPONENT_INDEX[component];
    let p = this.slots[slot];
    if (!p) {
      const rules: CompiledRule[] = [];
      const ids: number[] = [];
      for (const id of this.bucket.listIds[list]) {
        const r = this.bucket.addressRules[id];
        if ((r.protocol !== component && r.protocol !== "all") || (this.dropsOnly && !r.drop)) continue;
        rules.push(r);
        ids.push(id);
      }
      const key = `${component}:${ids.join(",")}`;
      p = this.shared.get(key);
      if (!p) this.shared.set(key, (p = { segs: judge(rules, component, () => true, this.bucket.fallback), rules }));
      this.slots[slot] = p;
    }
    return p;
  }
}

/**
 * One direction (and nic type) of one group: its rules in decision order, the address cells their
 * blocks cut, and the judge's paintings of each distinct list of rules a cell meets (cells alike
 * share one). Answers are computed when first asked; the paintings of every rule, which only
 * the first question about what takes effect needs, are not kept.
 */
class Bucket {
  /** Per family and cell: which distinct list of matching address rules the cell has. */
  private readonly listOf: Record<IpFamily, number[]>;
  /** The family of each distinct list's cells. */
  private readonly listFamily: IpFamily[] = [];
  /** Per address rule: the distinct lists of the cells it matches. */
  private readonly listsOfRule = new Map<CompiledRule, number[]>();
  /** Member spaces (a named group, an undescribed prefix list) and the rules naming each. */
  private readonly spaces = new Map<string, CompiledRule[]>();
  /** The address rules (CIDR and described prefix-list peers), by id. */
  readonly addressRules: CompiledRule[] = [];
  /** The distinct lists of address rules matching some cell, as ids in decision order. */
  readonly listIds: number[][] = [];
  /** The paintings of drops only, kept for what accepts leave open. */
  private readonly drops: Paintings;
  private readonly spacePaintings = new Map<string, Segment[]>();
  private readonly envelopes = new Map<string, Envelope>();
  readonly fallback: Decider;
  private deciding?: Set<CompiledRule>;
  /** Answers already given, per rule: checks ask the same rule several times. */
  private readonly decided = new Map<CompiledRule, boolean>();
  private readonly opened = new Map<CompiledRule, Map<Component, PortRange[]>>();

  constructor(readonly rules: readonly CompiledRule[]) {
    // The fallback's verdict plays no part in what these questions ask, only its rank.
    this.fallback = defaultDecider(rules[0]?.direction ?? "ingress", "normal");
    this.drops = new Paintings(this, true);
    const addressRules = this.addressRules;
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
    // cells, so each rule marks the cells inside its blocks, in decision order.
    const interned = new Map<string, number>();
    this.listOf = { ipv4: [], ipv6: [] };
    for (const family of ["ipv4", "ipv6"] as const) {
      const v4 = family === "ipv4";
      const spans: { lo: number | bigint; hi: number | bigint; id: number }[] = [];
      addressRules.forEach((r, id) => {
        for (const b of ruleBlocks(r)) if (b.family === family) spans.push(v4 ? { lo: Number(b.first), hi: Number(b.last), id } : { lo: b.first, hi: b.last, id });
      });
      const max = v4 ? MAX_V4 : MAX_ADDRESS.ipv6;
      const cuts = new Set<number | bigint>([v4 ? 0 : 0n]);
      for (const x of spans) {
        cuts.add(x.lo);
        if (x.hi !== max) cuts.add(v4 ? (x.hi as number) + 1 : (x.hi as bigint) + 1n);
      }
      const starts = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const matching: number[][] = starts.map(() => []);
      // Spans come in rule order, so each cell's list stays in decision order.
      for (const x of spans) {
        let lo = 0;
        let hi = starts.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (starts[mid] < x.lo) lo = mid + 1;
          else hi = mid;
        }
        for (let i = lo; i < starts.length && starts[i] <= x.hi; i++) {
          const m = matching[i];
          if (m.length === 0 || m[m.length - 1] !== x.id) m.push(x.id);
        }
      }
      this.listOf[family] = matching.map((m) => {
        const key = `${family}:${m.join(",")}`;
        let id = interned.get(key);
        if (id === undefined) {
          interned.set(key, (id = this.listIds.length));
          this.listIds.push(m);
          this.listFamily.push(family);
          for (const k of m) {
            const r = addressRules[k];
            const of = this.listsOfRule.get(r);
            if (of) of.push(id);
            else this.listsOfRule.set(r, [id]);
          }
        }
        return id;
      });
    }
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

  /** The worst first rank, port by port, over every member address of a family, from the paintings of every distinct cell list. */
  private envelopeOver(family: IpFamily, component: Component, paintings: Paintings): Envelope {
    const seen = new Set<Segment[]>();
    for (const list of new Set(this.listOf[family])) seen.add(paintings.of(list, component).segs);
    return envelopeOf(seen);
  }

  /** The worst first rank, port by port, over every member address of a family (all rules, or drops only). */
  private envelope(family: IpFamily, component: Component, dropsOnly: boolean): Envelope {
    if (!dropsOnly) this.judgeAll();
    const key = `${family}|${component}|${dropsOnly}`;
    let env = this.envelopes.get(key);
    if (!env) this.envelopes.set(key, (env = this.envelopeOver(family, component, this.drops)));
    return env;
  }

  /**
   * Every rule judged once: the address rules that decide some port of some cell, alone or tied
   * with the decider (same rank, overlapping ports), and the worst first rank over each family's
   * member addresses for the protocols rules naming member spaces match. The paintings are then
   * let go.
   */
  private judgeAll(): void {
    if (this.deciding) return;
    const out = new Set<CompiledRule>();
    const all = new Paintings(this, false);
    const used = new Set<Painting>();
    this.listIds.forEach((ids, list) => {
      const components = new Set<Component>();
      for (const id of ids) for (const c of ruleComponents(this.addressRules[id])) if (familiesOf(c).includes(this.listFamily[list])) components.add(c);
      for (const c of components) {
        // Lists that share a painting share its deciding rules.
        const painting = all.of(list, c);
        if (used.has(painting)) continue;
        used.add(painting);
        const mine = painting.rules;
        for (const s of painting.segs) {
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
    const wanted = new Set<string>();
    for (const rules of this.spaces.values()) for (const r of rules) for (const c of ruleComponents(r)) for (const f of familiesOf(c)) wanted.add(`${f}|${c}`);
    for (const fc of wanted) {
      const [f, c] = fc.split("|") as [IpFamily, Component];
      this.envelopes.set(`${fc}|false`, this.envelopeOver(f, c, all));
    }
    this.deciding = out;
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
      if (!this.listsOfRule.has(r)) return true;
      this.judgeAll();
      return (this.deciding as Set<CompiledRule>).has(r);
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
    for (const c of ruleComponents(r)) {
      const range = rulePorts(r, c);
      const found: PortRange[] = [];
      if (space !== undefined) {
        for (const f of familiesOf(c)) for (const x of pieces(this.paintSpace(space, c, true), this.envelope(f, c, true), range)) if (x.rank > r.rank && x.worst > r.rank) found.push({ from: x.from, to: x.to });
      } else {
        const done = new Set<Painting>();
        for (const list of this.listsOfRule.get(r) ?? []) {
          // Cells of a family that never carries this protocol.
          if (!familiesOf(c).includes(this.listFamily[list])) continue;
          const painting = this.drops.of(list, c);
          if (done.has(painting)) continue;
          done.add(painting);
          for (const seg of painting.segs) {
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
