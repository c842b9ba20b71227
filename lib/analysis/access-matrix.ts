/**
 * `accessMatrix`: who can reach what, on which protocols and ports, computed by interval
 * arithmetic over the rules (never port by port).
 */
import { ValidationError } from "../model/errors";
import { CidrBlock, IpFamily, anyBlock, parseCidr } from "../model/ip";
import { NetworkModel } from "../model/network";
import { ALL_PORTS, PortRange, intersectRanges, unionRanges } from "../model/port-ranges";
import { RuleType } from "../model/rule";
import { FAMILY_PROTOCOLS, FLOW_PROTOCOLS, FlowProtocol } from "./flow";
import { allowedPorts, defaultDecider, judge, opensInside } from "./judge";
import { PortSet, portSetFrom, protocolHasPorts } from "./port-set";
import { CompiledRule, IndexedGroup, NetworkIndex, isInternalBlock, networkIndex, nicMatches, ownerAdmits } from "./rule-index";

/** The node standing for the IPv4 Internet at large. */
export const INTERNET = "internet";
/** The node standing for the IPv6 Internet at large (present when the model mentions IPv6). */
export const INTERNET_IPV6 = "internet-ipv6";
/**
 * The node standing for an internal address (private, shared or unique-local space, or another
 * instance) inside no named block: present when a group of the model is in the classic network,
 * where intranet rules admit internal addresses and internet rules public ones. In a VPC one rule
 * governs both, so `internet` already tells what such an address gets.
 */
export const INTRANET = "intranet";
/** The IPv6 counterpart of {@link INTRANET}. */
export const INTRANET_IPV6 = "intranet-ipv6";

/** Options of {@link accessMatrix}. */
export interface AccessMatrixOptions {
  /**
   * Addresses (CIDR blocks or bare addresses) of each group's members, by group id.
   * @default the private addresses of the model's instances in the group; for a group without
   *   instances, an unknown private IPv4 address that only `/0` rules match
   */
  groupAddresses?: Record<string, readonly string[]>;
}

/** What one node may send to another. */
export interface AccessFlow {
  /** Sending node. */
  from: string;
  /** Receiving node. */
  to: string;
  /** Protocols and ports the receiver accepts from the sender (may be empty only on CIDR rows, see {@link AccessMatrix}). */
  allowed: PortSet;
}

/** The result of {@link accessMatrix}. */
export interface AccessMatrix {
  /** Group ids in model order, then `internet`, `internet-ipv6` (if any IPv6), `intranet`, `intranet-ipv6` (with a classic group), then CIDR nodes (IPv4 then IPv6, by address). */
  nodes: string[];
  /** For each CIDR node, the node that encloses it: the smallest larger CIDR node, else `intranet`/`intranet-ipv6` for an internal block where those exist, else `internet`/`internet-ipv6`. */
  enclosing: Record<string, string>;
  /** Rows in node order (sender, then receiver). */
  flows: AccessFlow[];
}

/** One address class: what CIDR and prefix-list rules see of a node's address. */
interface AddressClass {
  readonly family: IpFamily;
  /** Keys of the named blocks that contain the address, smallest first. */
  readonly chain: readonly string[];
  readonly chainSet: ReadonlySet<string>;
  readonly internal: boolean;
  readonly key: string;
  /** Small integer id. */
  readonly id: number;
}

interface MatrixNode {
  readonly name: string;
  /** Position in the node list. */
  readonly pos: number;
  readonly group?: IndexedGroup;
  readonly classes: readonly AddressClass[];
  /** Account of a group node's members, when the model says (one account). */
  readonly account?: string;
  /** For a CIDR node: its own block key. */
  readonly blockKey?: string;
}

interface SideIndex {
  readonly byGroup: Map<string, CompiledRule[]>;
  readonly byBlock: Map<string, CompiledRule[]>;
  readonly prefix: { rule: CompiledRule; entryKeys: string[] }[];
  /** Every entry key of `prefix`. */
  readonly entryKeys: Set<string>;
  /** Per address class id: the id of what this side sees of the class (classes alike to it share one). */
  readonly classKeys: number[];
  /** Allowed ranges per protocol by class key, for a peer the side's rules do not name. */
  readonly results: JudgeResult[];
  /** The same for a peer group the side's rules name, by the peer's position (group nodes come first: a group's index) and class key; none for a group not named. */
  readonly namedResults: (JudgeResult[] | undefined)[];
}


/** The key of the block of `prefix` bits starting at `first`. */
function keyOf(family: IpFamily, first: bigint, prefix: number): string {
  return `${family === "ipv4" ? 4 : 6}:${first.toString(16)}/${prefix}`;
}

function blockKey(b: CidrBlock): string {
  return keyOf(b.family, b.first, b.prefix);
}

/**
 * For every ordered pair of nodes, the protocols and port ranges the receiver accepts from the
 * sender. Nodes:
 * - a **group** stands for a member of that group that is in no other group; its address is
 *   taken from `options.groupAddresses`, else from the model's instances in the group, else it
 *   is an unknown private address that only `/0` CIDR rules match (IPv4, and IPv6 too when the
 *   model mentions IPv6). When its addresses fall under different CIDR rules, its rows are the
 *   union: what at least one of them gets;
 * - **`internet`** (and `internet-ipv6`) is an arbitrary public address inside no more specific
 *   block named in the model: what the world at large gets;
 * - each **CIDR block** named by a rule (or an entry of a prefix list a rule names), other than
 *   `/0`, stands for an address inside it but inside no smaller named block.
 *
 * Group to same group follows the inner access policy (Accept: everything). Pairs of two
 * outside nodes are not judged and not listed. Rows are listed when non-empty, in node order.
 * To keep the result proportional to the rules, a row between a CIDR node and a group is
 * listed only where that group's rules of the direction name the block (directly or as a
 * prefix-list entry) or, in a classic group, where the block's public/internal side differs
 * from its enclosing node's; elsewhere the block gets exactly what its enclosing node gets
 * (`enclosing`), and such a row is listed even when empty if the enclosing node's is not.
 * {@link lookupAccess} resolves this. Protocols: icmp between IPv4 nodes, icmpv6 between IPv6.
 *
 * @example
 * const m = accessMatrix({
 *   groups: [
 *     { id: "sg-web", vpcId: "vpc-1", rules: [
 *       { type: "ingress", ipProtocol: "tcp", portRange: "80/80", cidrIp: "0.0.0.0/0" },
 *       { type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" },
 *       { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "203.0.113.7" },
 *     ] },
 *   ],
 * });
 * m.nodes; // => ["sg-web", "internet", "203.0.113.7/32"]
 * m.flows.map((f) => `${f.from} -> ${f.to}: ${formatPortSet(f.allowed)}`);
 * // => ["sg-web -> sg-web: tcp all ports; udp all ports; icmp; gre",
 * //     "sg-web -> internet: tcp all ports; udp all ports; icmp; gre",
 * //     "internet -> sg-web: tcp 80, 443",
 * //     "203.0.113.7/32 -> sg-web: tcp 22, 80, 443"]
 */
export function accessMatrix(model: NetworkModel, options: AccessMatrixOptions = {}): AccessMatrix {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new ValidationError("invalid-object", "options", options, "must be an object", "Pass { groupAddresses: { \"sg-…\": [\"10.0.1.0/24\"] } } or nothing.");
  }
  const given = options.groupAddresses as unknown;
  if (given !== undefined && (typeof given !== "object" || given === null || Array.isArray(given))) {
    throw new ValidationError("invalid-object", "options.groupAddresses", given, "must be an object of address lists by group id", "Pass { \"sg-…\": [\"10.0.1.0/24\"] }.");
  }
  const index = networkIndex(model);
  // Frozen (every port set as it is made, each row here): lookupAccess caches its rows on the result.
  const matrix = new MatrixBuilder(index, options).build();
  for (const f of matrix.flows) Object.freeze(f);
  Object.freeze(matrix.flows);
  Object.freeze(matrix.nodes);
  Object.freeze(matrix.enclosing);
  return Object.freeze(matrix);
}

/** Nothing allowed. */
const NO_ACCESS: PortSet = Object.freeze([]) as unknown as PortSet;

/** Freezes a port set made by the builder: its entries, their range lists and ranges. */
function frozenSet(set: PortSet): PortSet {
  for (const e of set) {
    if (e.ranges) {
      for (const r of e.ranges) Object.freeze(r);
      Object.freeze(e.ranges);
    }
    Object.freeze(e);
  }
  return Object.freeze(set) as PortSet;
}

type ProtocolRanges = Partial<Record<FlowProtocol, readonly PortRange[]>>;

/** What one side allows per protocol, with an id for memoising combinations. */
interface JudgeResult {
  readonly id: number;
  readonly ranges: ProtocolRanges;
  /** What both sides allow with this as the egress side, by the ingress side's result id. */
  readonly combined: Map<number, PortSet>;
  /** What this side allows by itself, as a port set (made when first needed). */
  alone?: PortSet;
}

/** True when the normalised ranges `outer` hold every port of the normalised ranges `inner`. */
function covers(outer: readonly PortRange[], inner: readonly PortRange[]): boolean {
  let j = 0;
  for (const r of inner) {
    while (j < outer.length && outer[j].to < r.from) j++;
    if (j === outer.length || outer[j].from > r.from || outer[j].to < r.to) return false;
  }
  return true;
}

function openResult(id: number, family: IpFamily): JudgeResult {
  const ranges: ProtocolRanges = {};
  for (const p of FAMILY_PROTOCOLS[family]) ranges[p] = ALL_PORTS;
  return { id, ranges, combined: new Map() };
}

class MatrixBuilder {
  private readonly named = new Map<string, CidrBlock>();
  /** Distinct prefix lengths of the named blocks, per family, longest first. */
  private readonly prefixLengths: Record<IpFamily, number[]> = { ipv4: [], ipv6: [] };
  private readonly sides: SideIndex[] = [];
  private readonly classes = new Map<string, AddressClass>();
  /** A side that allows everything: an outside node's, or inside an Accept group. */
  private readonly open: Record<IpFamily, JudgeResult> = { ipv4: openResult(0, "ipv4"), ipv6: openResult(1, "ipv6") };
  private readonly keyIds = new Map<string, number>();
  /** Side results by the ports they allow. */
  private readonly alike = new Map<string, JudgeResult>();
  private nextId = 2;

  constructor(
    private readonly index: NetworkIndex,
    private readonly options: AccessMatrixOptions,
  ) {
    const referencedLists = new Set<string>();
    for (const g of index.groupList) {
      for (const list of [g.ingress, g.egress]) {
        for (const r of list) {
          if (r.peer.kind === "cidr") this.named.set(blockKey(r.peer.block), r.peer.block);
          if (r.peer.kind === "prefix-list") referencedLists.add(r.peer.listId);
        }
      }
    }
    for (const id of referencedLists) for (const b of index.prefixLists.get(id) ?? []) this.named.set(blockKey(b), b);
    for (const family of ["ipv4", "ipv6"] as const) {
      const lengths = new Set([...this.named.values()].filter((b) => b.family === family).map((b) => b.prefix));
      this.prefixLengths[family] = [...lengths].sort((a, b) => b - a);
    }
  }

  build(): AccessMatrix {
    const hasV6 = this.prefixLengths.ipv6.length > 0 || [...this.index.instances.values()].some((i) => i.points.ipv6 !== undefined) || Object.values(this.options.groupAddresses ?? {}).some((list) => Array.isArray(list) && list.some((a) => typeof a === "string" && a.includes(":")));
    const groupNodes = this.index.groupList.map((g, i) => this.groupNode(g, i, hasV6));
    let pos = groupNodes.length;
    const internet: MatrixNode[] = [{ name: INTERNET, pos: pos++, classes: [this.classOf(anyBlock("ipv4"), false)] }];
    if (hasV6) internet.push({ name: INTERNET_IPV6, pos: pos++, classes: [this.classOf(anyBlock("ipv6"), false)] });
    const intranet: MatrixNode[] = [];
    if (this.index.groupList.some((g) => !g.vpc)) {
      intranet.push({ name: INTRANET, pos: pos++, classes: [this.classOf(anyBlock("ipv4"), true)] });
      if (hasV6) intranet.push({ name: INTRANET_IPV6, pos: pos++, classes: [this.classOf(anyBlock("ipv6"), true)] });
    }
    const outside = [...internet, ...intranet];
    const cidrBlocks = [...this.named.values()].filter((b) => b.prefix > 0).sort(compareBlocks);
    const cidrNodes: MatrixNode[] = cidrBlocks.map((b) => ({ name: b.text, pos: pos++, classes: [this.classOf(b, isInternalBlock(b))], blockKey: blockKey(b) }));
    const nodes = [...groupNodes, ...outside, ...cidrNodes];
    const names = new Set<string>();
    for (const n of nodes) {
      if (names.has(n.name)) throw new ValidationError("duplicate-id", "groups", n.name, "names both a group and a node of the access matrix", `Rename the group: "${INTERNET}", "${INTERNET_IPV6}" and CIDR texts are node names.`);
      names.add(n.name);
    }

    // Each CIDR node's enclosing node: the smallest larger CIDR node, else the Internet.
    const byKey = new Map(cidrNodes.map((n) => [n.blockKey as string, n]));
    const parentOf: MatrixNode[] = [];
    const enclosing: Record<string, string> = {};
    for (const n of cidrNodes) {
      const parentKey = n.classes[0].chain.find((k) => k !== n.blockKey);
      const top = (n.classes[0].internal ? intranet : []).concat(internet).find((o) => o.classes[0].family === n.classes[0].family) as MatrixNode;
      const parent = parentKey !== undefined && byKey.has(parentKey) ? (byKey.get(parentKey) as MatrixNode) : top;
      parentOf[n.pos] = parent;
      enclosing[n.name] = parent.name;
    }

    const total = nodes.length;
    const rows = new Map<number, PortSet>();
    const resolved = (from: MatrixNode, to: MatrixNode): PortSet => {
      let f = from;
      let t = to;
      for (;;) {
        const got = rows.get(f.pos * total + t.pos);
        if (got) return got;
        if (f.blockKey !== undefined) f = parentOf[f.pos];
        else if (t.blockKey !== undefined) t = parentOf[t.pos];
        else return [];
      }
    };
    // CIDR nodes whose row with a group is listed: the blocks its rules of that direction name.
    const relevant = (g: MatrixNode, direction: RuleType): MatrixNode[] => {
      const group = g.group as IndexedGroup;
      const side = this.side(group, direction);
      const out = new Set<MatrixNode>(outside);
      const add = (key: string) => {
        const n = byKey.get(key);
        if (n) out.add(n);
      };
      for (const key of side.byBlock.keys()) add(key);
      for (const p of side.prefix) p.entryKeys.forEach(add);
      if (!group.vpc) for (const n of cidrNodes) if (n.classes[0].internal !== parentOf[n.pos].classes[0].internal) out.add(n);
      // Enclosing nodes come first in node order, so their rows exist when a child needs them.
      return [...out].sort((a, b) => a.pos - b.pos);
    };

    // Rows between groups, and from each group to outside nodes, are made in node order as they
    // are found; only rows that involve an outside node are kept by position (a CIDR node's row
    // is listed by comparing it with its enclosing node's).
    const flows: AccessFlow[] = [];
    for (const a of groupNodes) {
      for (const b of groupNodes) {
        const set = this.pair(a, b);
        if (set.length > 0) flows.push({ from: a.name, to: b.name, allowed: set });
      }
      for (const x of relevant(a, "egress")) {
        const set = this.pair(a, x);
        if (set.length > 0 || (x.blockKey !== undefined && resolved(a, parentOf[x.pos]).length > 0)) {
          rows.set(a.pos * total + x.pos, set);
          flows.push({ from: a.name, to: x.name, allowed: set });
        }
      }
    }
    const fromOutside: number[] = [];
    for (const g of groupNodes) {
      for (const x of relevant(g, "ingress")) {
        const set = this.pair(x, g);
        if (set.length > 0 || (x.blockKey !== undefined && resolved(parentOf[x.pos], g).length > 0)) {
          rows.set(x.pos * total + g.pos, set);
          fromOutside.push(x.pos * total + g.pos);
        }
      }
    }
    fromOutside.sort((x, y) => x - y);
    for (const k of fromOutside) flows.push({ from: nodes[Math.floor(k / total)].name, to: nodes[k % total].name, allowed: rows.get(k) as PortSet });
    return { nodes: nodes.map((n) => n.name), enclosing, flows };
  }

  private groupNode(g: IndexedGroup, pos: number, hasV6: boolean): MatrixNode {
    const members = [...this.index.instances.values()].filter((i) => i.groups.has(g.id));
    const accounts = new Set(members.map((i) => i.instance.accountId).filter((a): a is string => a !== undefined));
    const account = accounts.size === 1 ? [...accounts][0] : undefined;
    const given = this.options.groupAddresses?.[g.id];
    let blocks: CidrBlock[];
    if (given !== undefined) {
      const field = `options.groupAddresses.${g.id}`;
      if (!Array.isArray(given)) throw new ValidationError("invalid-object", field, given, "must be an array of CIDR blocks", `Pass e.g. ["10.0.1.0/24"].`);
      blocks = given.map((text, i) => {
        const b = typeof text === "string" ? parseCidr(text) : undefined;
        if (!b) throw new ValidationError("invalid-cidr", `${field}[${i}]`, text, "is not a CIDR block or address", `Write e.g. "10.0.1.0/24" or "10.0.1.5".`);
        return b;
      });
    } else {
      blocks = members.flatMap((i) => [i.instance.privateIp, ...(i.instance.ipv6Addresses ?? [])].map((a) => parseCidr(a) as CidrBlock));
    }
    // No address known: an unknown private address of each family in use, which only /0 rules match.
    const unknown = blocks.length === 0;
    if (unknown) blocks = hasV6 ? [anyBlock("ipv4"), anyBlock("ipv6")] : [anyBlock("ipv4")];
    const classes = new Map<string, AddressClass>();
    // A group's members are instances, reached over the internal network whatever their address.
    // A block of members stands for every address in it: its own class, and that of each named
    // block inside it (whose addresses rules may treat differently).
    for (const b of blocks) {
      for (const sub of unknown ? [b] : [b, ...this.namedInside(b)]) {
        const c = this.classOf(sub, true);
        classes.set(c.key, c);
      }
    }
    return { name: g.id, pos, group: g, classes: [...classes.values()], account };
  }

  /** The named blocks strictly inside `block`. */
  private namedInside(block: CidrBlock): CidrBlock[] {
    if (block.prefix === (block.family === "ipv4" ? 32 : 128)) return [];
    return [...this.named.values()].filter((n) => n.family === block.family && n.prefix > block.prefix && n.first >= block.first && n.last <= block.last);
  }

  /** The class of an address in `block`: which named blocks contain it. */
  private classOf(block: CidrBlock, internal: boolean): AddressClass {
    const chain: string[] = [];
    const bits = block.family === "ipv4" ? 32 : 128;
    for (const q of this.prefixLengths[block.family]) {
      if (q > block.prefix) continue;
      const host = BigInt(bits - q);
      const key = keyOf(block.family, (block.first >> host) << host, q);
      if (this.named.has(key)) chain.push(key);
    }
    const key = `${block.family}|${chain[0] ?? ""}|${internal}`;
    let c = this.classes.get(key);
    if (!c) {
      c = { family: block.family, chain, chainSet: new Set(chain), internal, key, id: this.classes.size };
      this.classes.set(key, c);
    }
    return c;
  }

  private side(g: IndexedGroup, direction: RuleType): SideIndex {
    const id = g.index * 2 + (direction === "egress" ? 1 : 0);
    let side = this.sides[id];
    if (!side) {
      side = { byGroup: new Map(), byBlock: new Map(), prefix: [], entryKeys: new Set(), classKeys: [], results: [], namedResults: [] };
      for (const r of g[direction]) {
        if (r.peer.kind === "group") push(side.byGroup, r.peer.groupId, r);
        else if (r.peer.kind === "cidr") push(side.byBlock, blockKey(r.peer.block), r);
        else {
          const entryKeys = r.peer.entries.map(blockKey);
          side.prefix.push({ rule: r, entryKeys });
          entryKeys.forEach((k) => side?.entryKeys.add(k));
        }
      }
      for (const name of side.byGroup.keys()) {
        const named = this.index.groups.get(name);
        if (named) side.namedResults[named.index] = [];
      }
      this.sides[id] = side;
    }
    return side;
  }

  /** Ranges one side allows, per protocol of the family, with `peer` (address class `c`) at the other end. */
  private judge(g: IndexedGroup, direction: RuleType, peer: MatrixNode, c: AddressClass): JudgeResult {
    const side = this.side(g, direction);
    let classKey: number | undefined = side.classKeys[c.id];
    if (classKey === undefined) {
      // The matching CIDR rules depend only on the deepest block of the chain this side names.
      const deepest = c.chain.find((k) => side.byBlock.has(k)) ?? "";
      let lists = "";
      if (c.chain.some((k) => side.entryKeys.has(k))) side.prefix.forEach((p, i) => p.entryKeys.some((k) => c.chainSet.has(k)) && (lists += `${i},`));
      const text = `${c.family}|${deepest}|${lists}|${g.vpc ? "" : c.internal}`;
      let id = this.keyIds.get(text);
      if (id === undefined) this.keyIds.set(text, (id = this.keyIds.size));
      side.classKeys[c.id] = classKey = id;
    }
    // Group nodes come first, so a group node's position is its group's.
    const byPeer = peer.group !== undefined ? side.namedResults[peer.pos] : undefined;
    const named = byPeer !== undefined;
    let result = byPeer ? byPeer[classKey] : side.results[classKey];
    if (result === undefined) {
      const rules: CompiledRule[] = [];
      if (named) for (const r of side.byGroup.get(peer.name) as CompiledRule[]) if (r.peer.kind === "group" && ownerAdmits(r.peer.owner, peer.account)) rules.push(r);
      for (const k of c.chain) rules.push(...(side.byBlock.get(k) ?? []));
      for (const p of side.prefix) if (p.entryKeys.some((k) => c.chainSet.has(k))) rules.push(p.rule);
      rules.sort((a, b) => a.order - b.order);
      const fallback = defaultDecider(direction, g.type);
      const matches = (r: CompiledRule) => nicMatches(r, c.internal);
      const ranges: ProtocolRanges = {};
      for (const protocol of FAMILY_PROTOCOLS[c.family]) ranges[protocol] = allowedPorts(judge(rules, protocol, matches, fallback));
      // Results that allow the same ports are one result, so that the pairs they meet share their sets.
      let text = c.family;
      for (const protocol of FAMILY_PROTOCOLS[c.family]) {
        text += "|";
        for (const r of ranges[protocol] as readonly PortRange[]) text += `${r.from}-${r.to},`;
      }
      let alike = this.alike.get(text);
      if (alike === undefined) this.alike.set(text, (alike = { id: this.nextId++, ranges, combined: new Map() }));
      if (byPeer) byPeer[classKey] = alike;
      else side.results[classKey] = alike;
      result = alike;
    }
    return result;
  }

  /** What `a` may send to `b`. */
  private pair(a: MatrixNode, b: MatrixNode): PortSet {
    const openInside = a === b && a.group !== undefined && opensInside(a.group);
    if (a.classes.length === 1 && b.classes.length === 1) {
      // One pair of address classes (the usual case): its set is already normalised.
      const ca = a.classes[0];
      const cb = b.classes[0];
      if (ca.family !== cb.family) return NO_ACCESS;
      const egress = openInside || !a.group ? this.open[ca.family] : this.judge(a.group, "egress", b, cb);
      const ingress = openInside || !b.group ? this.open[ca.family] : this.judge(b.group, "ingress", a, ca);
      return this.combine(egress, ingress, ca.family);
    }
    const sets: PortSet[] = [];
    for (const ca of a.classes) {
      for (const cb of b.classes) {
        if (ca.family !== cb.family) continue;
        const egress = openInside || !a.group ? this.open[ca.family] : this.judge(a.group, "egress", b, cb);
        const ingress = openInside || !b.group ? this.open[ca.family] : this.judge(b.group, "ingress", a, ca);
        sets.push(this.combine(egress, ingress, ca.family));
      }
    }
    if (sets.length === 1) return sets[0];
    const acc: Partial<Record<FlowProtocol, readonly PortRange[]>> = {};
    for (const set of sets) for (const e of set) acc[e.protocol] = unionRanges(acc[e.protocol] ?? [], e.ranges ?? ALL_PORTS);
    return frozenSet(portSetFrom(acc));
  }

  /** What both sides allow; memoised by the identity of the two sides' results. */
  private combine(egress: JudgeResult, ingress: JudgeResult, family: IpFamily): PortSet {
    let set = egress.combined.get(ingress.id);
    if (set === undefined) {
      // Where one side allows all the other does, both allow what the other allows: rows that
      // share that side share its set (most pairs of groups: an egress that drops little).
      if (FAMILY_PROTOCOLS[family].every((p) => covers(egress.ranges[p] as readonly PortRange[], ingress.ranges[p] as readonly PortRange[]))) set = this.alone(ingress, family);
      else if (FAMILY_PROTOCOLS[family].every((p) => covers(ingress.ranges[p] as readonly PortRange[], egress.ranges[p] as readonly PortRange[]))) set = this.alone(egress, family);
      if (set !== undefined) {
        egress.combined.set(ingress.id, set);
        return set;
      }
      set = [];
      for (const protocol of FAMILY_PROTOCOLS[family]) {
        const e = egress.ranges[protocol] as readonly PortRange[];
        const allowed = e.length === 0 ? e : intersectRanges(e, ingress.ranges[protocol] as readonly PortRange[]);
        if (allowed.length > 0) set.push(protocolHasPorts(protocol) ? { protocol, ranges: [...allowed] } : { protocol });
      }
      set.sort((x, y) => FLOW_PROTOCOLS.indexOf(x.protocol) - FLOW_PROTOCOLS.indexOf(y.protocol));
      egress.combined.set(ingress.id, frozenSet(set));
    }
    return set;
  }

  /** The set one side's result allows by itself (once per result and family). */
  private alone(result: JudgeResult, family: IpFamily): PortSet {
    let set = result.alone;
    if (set === undefined) {
      const out: PortSet = [];
      for (const protocol of FAMILY_PROTOCOLS[family]) {
        const allowed = result.ranges[protocol] as readonly PortRange[];
        if (allowed.length > 0) out.push(protocolHasPorts(protocol) ? { protocol, ranges: [...allowed] } : { protocol });
      }
      out.sort((x, y) => FLOW_PROTOCOLS.indexOf(x.protocol) - FLOW_PROTOCOLS.indexOf(y.protocol));
      result.alone = set = frozenSet(out);
    }
    return set;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function compareBlocks(a: CidrBlock, b: CidrBlock): number {
  if (a.family !== b.family) return a.family === "ipv4" ? -1 : 1;
  if (a.first !== b.first) return a.first < b.first ? -1 : 1;
  return a.prefix - b.prefix;
}

const lookups = new WeakMap<AccessMatrix, Map<string, PortSet>>();

/**
 * What `from` may send to `to` according to a matrix, resolving CIDR nodes whose row is not
 * listed through their enclosing nodes. Unknown pairs give the empty set.
 *
 * @example lookupAccess(accessMatrix(model), "203.0.113.7/32", "sg-web") // => [{ protocol: "tcp", ranges: [...] }]
 */
export function lookupAccess(matrix: AccessMatrix, from: string, to: string): PortSet {
  if (typeof matrix !== "object" || matrix === null || !Array.isArray(matrix.flows) || typeof matrix.enclosing !== "object" || matrix.enclosing === null) {
    throw new ValidationError("invalid-object", "matrix", matrix, "is not an access matrix", "Pass what accessMatrix returned.");
  }
  let rows = lookups.get(matrix);
  if (!rows) {
    rows = new Map(matrix.flows.map((f) => [`${f.from}\u0000${f.to}`, f.allowed]));
    lookups.set(matrix, rows);
  }
  let f = from;
  let t = to;
  for (;;) {
    const got = rows.get(`${f}\u0000${t}`);
    if (got) return got;
    if (matrix.enclosing[f] !== undefined) f = matrix.enclosing[f];
    else if (matrix.enclosing[t] !== undefined) t = matrix.enclosing[t];
    else return [];
  }
}
