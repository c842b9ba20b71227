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

/** What the analysis found for one rule. */
interface RuleResult {
  decides: boolean;
  open?: Map<Component, PortRange[]>;
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
    j = 0;
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

/** One direction (and nic type) of one group: its rules in decision order, its cells, and paintings shared by cells alike. */
class Bucket {
  private readonly cellsByFamily: Record<IpFamily, AddressCell[]>;
  /** Per family and cell: which distinct list of matching address rules the cell has. */
  private readonly listOf: Record<IpFamily, number[]>;
  /** The distinct lists of address rules matching some cell, each in decision order. */
  private readonly lists: CompiledRule[][] = [];
  /** Paintings by list, protocol and (all rules, drops only). */
  private readonly paintings: (Segment[] | undefined)[] = [];
  private readonly envelopes = new Map<string, Envelope>();
  private readonly fallback: Decider;

  constructor(private readonly rules: readonly CompiledRule[]) {
    // The fallback's verdict plays no part in what these questions ask, only its rank.
    this.fallback = defaultDecider(rules[0]?.direction ?? "ingress", "normal");
    const addressRules = rules.filter((r) => spaceOf(r) === undefined);
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
        const key = m.map((r) => r.order).join(",");
        let id = interned.get(key);
        if (id === undefined) {
          interned.set(key, (id = this.lists.length));
          this.lists.push(m);
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

  /** The judge's painting of one list of matching rules for one protocol (all, or drops only). */
  private paint(rules: readonly CompiledRule[], component: Component, dropsOnly: boolean): Segment[] {
    return judge(dropsOnly ? rules.filter((r) => r.drop) : rules, component, () => true, this.fallback);
  }

  /** {@link paint} of a distinct cell list, once. */
  private paintList(list: number, component: Component, dropsOnly: boolean): Segment[] {
    const slot = list * 12 + COMPONENT_INDEX[component] * 2 + (dropsOnly ? 1 : 0);
    let p = this.paintings[slot];
    if (!p) this.paintings[slot] = p = this.paint(this.lists[list], component, dropsOnly);
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

  /** What the judge says of each rule of the bucket. */
  analyse(results: Map<CompiledRule, RuleResult>, ingress: boolean): void {
    const spaces = new Map<string, CompiledRule[]>();
    for (const r of this.rules) {
      const s = spaceOf(r);
      if (s === undefined) continue;
      const list = spaces.get(s);
      if (list) list.push(r);
      else spaces.set(s, [r]);
    }
    const spacePaint = new Map<string, Segment[]>();
    const paintSpace = (space: string, component: Component, dropsOnly: boolean) => {
      const key = `${space}|${component}|${dropsOnly}`;
      let p = spacePaint.get(key);
      if (!p) spacePaint.set(key, (p = this.paint(spaces.get(space) as CompiledRule[], component, dropsOnly)));
      return p;
    };
    for (const r of this.rules) {
      const wantOpen = ingress && !r.drop;
      const open = new Map<Component, PortRange[]>();
      let decides = false;
      const space = spaceOf(r);
      for (const c of ruleComponents(r)) {
        const range = rulePorts(r, c);
        const found: PortRange[] = [];
        if (space !== undefined) {
          // Every member address of each family: the rules naming the space decide first, else the worst address's.
          for (const f of familiesOf(c)) {
            if (!decides) for (const x of pieces(paintSpace(space, c, false), this.envelope(f, c, false), range)) if (x.rank === r.rank && x.worst >= r.rank) decides = true;
            if (wantOpen) for (const x of pieces(paintSpace(space, c, true), this.envelope(f, c, true), range)) if (x.rank > r.rank && x.worst > r.rank) found.push({ from: x.from, to: x.to });
          }
        } else {
          const done = new Set<number>();
          for (const b of ruleBlocks(r)) {
            if (!familiesOf(c).includes(b.family)) continue;
            const cells = this.cellsByFamily[b.family];
            const lists = this.listOf[b.family];
            for (let i = this.firstCell(b.family, b.first); i < cells.length && cells[i].lo <= b.last; i++) {
              // Cells with the same rules paint alike: each distinct list is asked once.
              const list = lists[i];
              if (done.has(list)) continue;
              done.add(list);
              if (!decides) {
                for (const seg of this.paintList(list, c, false)) {
                  if (seg.to >= range.from && seg.from <= range.to && seg.decider.rank === r.rank) {
                    decides = true;
                    break;
                  }
                }
              }
              if (wantOpen) {
                for (const seg of this.paintList(list, c, true)) {
                  if (seg.to < range.from || seg.from > range.to || seg.decider.rank < r.rank) continue;
                  found.push({ from: Math.max(seg.from, range.from), to: Math.min(seg.to, range.to) });
                }
              } else if (decides) break;
            }
            if (decides && !wantOpen) break;
          }
        }
        if (found.length > 0) open.set(c, normalizeRanges(found));
        if (decides && !wantOpen) break;
      }
      results.set(r, wantOpen ? { decides, open } : { decides });
    }
  }
}

/**
 * The judge's answer about every rule of one group: whether it takes effect, and what an
 * accepted ingress rule leaves open once drops judged before it have denied what they cover.
 * Rules are compiled from the group's valid rules (`compileRule`), both directions.
 */
export class RuleRegions {
  private results?: Map<CompiledRule, RuleResult>;

  constructor(
    private readonly rules: readonly CompiledRule[],
    private readonly classic: boolean,
  ) {}

  private analysed(): Map<CompiledRule, RuleResult> {
    if (!this.results) {
      const results = new Map<CompiledRule, RuleResult>();
      // One bucket per direction and, in a classic group, per nic type: intranet and internet
      // rules govern different traffic and never decide for each other.
      const buckets = new Map<string, CompiledRule[]>();
      for (const r of [...this.rules].sort((a, b) => a.order - b.order)) {
        const key = `${r.direction}|${this.classic ? r.nic : ""}`;
        const list = buckets.get(key);
        if (list) list.push(r);
        else buckets.set(key, [r]);
      }
      for (const rules of buckets.values()) new Bucket(rules).analyse(results, rules[0].direction === "ingress");
      this.results = results;
    }
    return this.results;
  }

  /** True when the rule decides some packet of its region (alone, or tied with rules of its rank): it takes effect. */
  decides(r: CompiledRule): boolean {
    return this.analysed().get(r)?.decides ?? true;
  }

  /** For an accepted ingress rule: the ports, per protocol, that some address of its peer still reaches once drops judged before it have denied what they cover. */
  openAfterDrops(r: CompiledRule): ReadonlyMap<Component, readonly PortRange[]> {
    return this.analysed().get(r)?.open ?? new Map();
  }

  /**
   * The best-ranked rule judged before `r` whose own region holds all of r's (its protocols,
   * ports and peers), if one does: the one rule that alone keeps `r` from taking effect.
   */
  coveringRule(r: CompiledRule): CompiledRule | undefined {
    let best: CompiledRule | undefined;
    for (const c of this.rules) {
      if (c === r || c.direction !== r.direction || c.rank >= r.rank || (best !== undefined && best.rank <= c.rank)) continue;
      if (holds(c, r, this.classic)) best = c;
    }
    return best;
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
