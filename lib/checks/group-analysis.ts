/**
 * One group's rules, validated and indexed once, for every check to read: which rules are
 * invalid, which never take effect (shadowed), and what each accepted ingress rule still opens
 * after the group's drop rules have denied what they cover.
 *
 * Coverage is interval arithmetic: per direction and nic type, per protocol, over port intervals
 * and addresses, comparing rules of every peer kind by the addresses they match, as Alibaba does
 * (SEMANTICS.md, "One decision procedure"). A CIDR rule stands on its block; a prefix-list rule on
 * each of its entries (a list the network does not describe is a space of its own); a
 * security-group rule on its group's members, a space of its own that only rules naming the same
 * group cover, or rules covering every address of each family the members may have. CIDR blocks
 * nest or are disjoint, so each family's blocks form a tree under its `/0`; a block's addresses
 * are covered by rules on its own block and its ancestors, or, where the children of its block
 * tile it exactly, by its descendants.
 */
import { ValidationError, quote } from "../model/errors";
import { effectiveNicType, isClassicGroup } from "../model/group-network";
import { CidrBlock, IpFamily, anyBlock, isAnyAddress, parseCidr } from "../model/ip";
import { GroupModel, GroupType, PrefixListModel, validateRuleInGroup } from "../model/network";
import { IpProtocol, NicType, PortInterval, RuleArgs, RulePolicy, RuleType, portInterval } from "../model/rule";
import { byDecision, decidesBefore } from "../analysis/decision";
import { ALL_PORTS, NO_PORT_RANGES, PortRange, addRangeInPlace, sameRanges, subtractRanges, unionRanges } from "../model/port-ranges";

/**
 * A protocol as coverage sees it. `all` is every component, including `other`: IP protocols
 * (ESP, SCTP…) that only an `all` rule names.
 */
export type Component = "tcp" | "udp" | "icmp" | "icmpv6" | "gre" | "other";

const IPV4_COMPONENTS: readonly Component[] = ["tcp", "udp", "icmp", "gre", "other"];
const IPV6_COMPONENTS: readonly Component[] = ["tcp", "udp", "icmpv6", "gre", "other"];
const ALL_COMPONENTS: readonly Component[] = ["tcp", "udp", "icmp", "icmpv6", "gre", "other"];

/** A rule's peer, parsed. */
export type AnalysedPeer =
  | { readonly kind: "cidr"; readonly block: CidrBlock }
  | { readonly kind: "group"; readonly id: string; readonly owner?: string }
  /** `entries` is undefined when the network does not describe the list. */
  | { readonly kind: "prefix-list"; readonly id: string; readonly entries?: readonly CidrBlock[]; readonly maxEntries?: number };

/** A valid rule with its fields read once. */
export interface AnalysedRule {
  /** Position in the group's `rules`. */
  readonly index: number;
  /** The validated, normalised rule. */
  readonly rule: RuleArgs;
  readonly direction: RuleType;
  readonly policy: RulePolicy;
  readonly priority: number;
  readonly protocol: IpProtocol;
  /** tcp/udp ports; 1..65535 for every other protocol. */
  readonly ports: PortInterval;
  /** The nic type the rule applies to (VPC groups: always intranet; classic CIDR rules default to internet). */
  readonly nicType: NicType;
  /** True when its group is in the classic network. */
  readonly classic: boolean;
  readonly peer: AnalysedPeer;
  /** The protocols it matches, for its address family. */
  readonly components: readonly Component[];
}

/** A rule the API would refuse, with the reason. */
export interface InvalidRule {
  readonly index: number;
  readonly error: ValidationError;
}

/** Why a rule never takes effect. */
export interface Shadowing {
  /** One rule that alone covers it, when there is one (the best-priority such rule). */
  readonly by?: AnalysedRule;
}

interface Node {
  readonly first: bigint;
  readonly last: bigint;
  parent?: Node;
  readonly children: Node[];
  /** True when the children together cover exactly this block. */
  tiles: boolean;
  readonly rules: AnalysedRule[];
  /** Ports per component covered, on this whole block, by the rules inserted so far (owned here, changed in place). */
  readonly all: Map<Component, PortRange[]>;
  /** The same for drop rules only. */
  readonly drops: Map<Component, PortRange[]>;
}

type Layer = "all" | "drops";

/** Where a rule stands: a block of a family's tree, or a space of its own (a group, an undescribed prefix list). */
interface Spot {
  readonly node: Node;
  /** The block's family; undefined for a space of its own. */
  readonly family?: IpFamily;
}

/** One direction and nic type of a group: the rules that can cover each other, and the two trees. */
interface Bucket {
  readonly rules: AnalysedRule[];
  readonly roots: Record<IpFamily, Node>;
}

/** The families whose addresses a protocol component can come from. */
function familiesOf(component: Component): readonly IpFamily[] {
  if (component === "icmp") return ["ipv4"];
  if (component === "icmpv6") return ["ipv6"];
  return ["ipv4", "ipv6"];
}

/** The ports a rule matches for one of its components. */
export function componentPorts(rule: AnalysedRule, component: Component): readonly PortRange[] {
  if ((component === "tcp" || component === "udp") && (rule.protocol === "tcp" || rule.protocol === "udp")) return [rule.ports];
  return ALL_PORTS;
}

/** True for an `accept` `ingress` rule: the only kind that exposes anything. */
export function isAcceptedIngress(rule: AnalysedRule): boolean {
  return rule.direction === "ingress" && rule.policy === "accept";
}

/** The address blocks a rule's peer stands for: its CIDR, or the known entries of its prefix list. */
export function sourceBlocks(rule: AnalysedRule): readonly CidrBlock[] {
  if (rule.peer.kind === "cidr") return [rule.peer.block];
  if (rule.peer.kind === "prefix-list") return rule.peer.entries ?? [];
  return [];
}

/**
 * True when the peer is every address: `/0` in any spelling, or a prefix list holding one. In a
 * classic group only an `internet` rule reaches public addresses: an intranet `/0` is internal.
 */
export function fromAnywhere(rule: AnalysedRule): boolean {
  if (rule.classic && rule.nicType !== "internet") return false;
  return sourceBlocks(rule).some(isAnyAddress);
}

function componentsOf(protocol: IpProtocol, peer: AnalysedPeer): readonly Component[] {
  if (protocol !== "all") return [protocol];
  if (peer.kind === "cidr") return peer.block.family === "ipv4" ? IPV4_COMPONENTS : IPV6_COMPONENTS;
  return ALL_COMPONENTS;
}

function newNode(first: bigint, last: bigint): Node {
  return { first, last, children: [], tiles: false, rules: [], all: new Map(), drops: new Map() };
}

/** Reads, validates and indexes one group. Never throws: invalid rules are listed in `invalid`. */
export class GroupAnalysis {
  /** The valid rules, in the group's order. */
  readonly rules: readonly AnalysedRule[];
  /** The rules the API would refuse. */
  readonly invalid: readonly InvalidRule[];
  /** True for a classic-network group ({@link isClassicGroup}). */
  readonly classic: boolean;

  private swept = false;
  private readonly spotsOf = new Map<AnalysedRule, Spot[]>();
  private readonly bucketOf = new Map<AnalysedRule, Bucket>();
  private readonly shadowed = new Set<AnalysedRule>();
  private readonly open = new Map<AnalysedRule, ReadonlyMap<Component, readonly PortRange[]>>();

  constructor(
    /** The group as given. */
    readonly group: GroupModel,
    prefixLists: ReadonlyMap<string, PrefixListModel> = new Map(),
  ) {
    this.classic = isClassicGroup(group);
    const type: GroupType = group.type === "enterprise" ? "enterprise" : "normal";
    const context = { groupId: typeof group.id === "string" ? group.id : quote(group.id), type, classic: this.classic };
    const rules: AnalysedRule[] = [];
    const invalid: InvalidRule[] = [];
    const list: readonly unknown[] = Array.isArray(group.rules) ? group.rules : [];
    list.forEach((raw, index) => {
      let rule: RuleArgs;
      try {
        rule = validateRuleInGroup(raw as RuleArgs, context);
      } catch (e) {
        const error = e instanceof ValidationError ? e : new ValidationError("invalid-object", "", raw, `could not be read (${e instanceof Error ? e.message : quote(e)})`, "Pass a rule object.");
        invalid.push({ index, error: error.withFieldPrefix(`rules[${index}]`) });
        return;
      }
      rules.push(analyse(rule, index, this.classic, prefixLists));
    });
    this.rules = rules;
    this.invalid = invalid;
  }

  /**
   * What an accepted ingress rule still opens, per protocol component, once drop rules of the
   * group with a better or equal priority (drop wins ties) have denied what they cover: a port
   * is still open when some address of the rule's peer reaches it. Other rules open nothing.
   */
  openAfterDrops(rule: AnalysedRule): ReadonlyMap<Component, readonly PortRange[]> {
    this.sweep();
    return this.open.get(rule) ?? new Map();
  }

  /**
   * Whether a rule can never take effect: every (peer, protocol, port) it matches is matched
   * by rules of strictly better priority, or (for an accept) by drops of equal priority.
   */
  shadowing(rule: AnalysedRule): Shadowing | undefined {
    this.sweep();
    if (!this.shadowed.has(rule)) return undefined;
    const by = this.singleCover(rule);
    return by ? { by } : {};
  }

  private sweep(): void {
    if (this.swept) return;
    this.swept = true;
    const buckets = new Map<string, AnalysedRule[]>();
    for (const r of this.rules) {
      const key = `${r.direction}|${r.nicType}`;
      const bucket = buckets.get(key);
      if (bucket) bucket.push(r);
      else buckets.set(key, [r]);
    }
    for (const bucket of buckets.values()) this.sweepBucket(bucket);
  }

  private sweepBucket(rules: AnalysedRule[]): void {
    // In judging order: best priority first; at equal priority, drops first (drop wins ties).
    const order = rules.slice().sort(byDecision);
    this.buildForest(order);
    let i = 0;
    while (i < order.length) {
      const priority = order[i].priority;
      let j = i;
      while (j < order.length && order[j].priority === priority && order[j].policy === "drop") j++;
      let k = j;
      while (k < order.length && order[k].priority === priority) k++;
      // Drops at this priority: covered only by strictly better rules.
      for (let x = i; x < j; x++) if (this.isCovered(order[x], "all")) this.shadowed.add(order[x]);
      for (let x = i; x < j; x++) this.insert(order[x], true);
      // Accepts at this priority: covered by strictly better rules or by drops of equal priority.
      for (let x = j; x < k; x++) {
        const r = order[x];
        if (this.isCovered(r, "all")) this.shadowed.add(r);
        if (r.direction === "ingress") this.open.set(r, this.uncoveredByLayer(r, "drops"));
      }
      for (let x = j; x < k; x++) this.insert(order[x], false);
      i = k;
    }
  }

  private buildForest(rules: AnalysedRule[]): void {
    const nodes = new Map<string, Node>();
    const tree = (block: CidrBlock): Node => {
      let node = nodes.get(block.text);
      if (!node) {
        node = newNode(block.first, block.last);
        nodes.set(block.text, node);
      }
      return node;
    };
    const roots = { ipv4: tree(anyBlock("ipv4")), ipv6: tree(anyBlock("ipv6")) };
    const families = new Map<Node, IpFamily>([
      [roots.ipv4, "ipv4"],
      [roots.ipv6, "ipv6"],
    ]);
    const own = new Map<string, Node>();
    const bucket: Bucket = { rules, roots };
    for (const r of rules) {
      const blocks = peerBlocks(r.peer);
      let spots: Spot[];
      if (blocks) {
        spots = blocks.map((b) => {
          const node = tree(b);
          families.set(node, b.family);
          return { node, family: b.family };
        });
      } else {
        const peer = r.peer as Exclude<AnalysedPeer, { kind: "cidr" }>;
        const key = peer.kind === "group" ? `sg:${peer.owner ?? ""}/${peer.id}` : `pl:${peer.id}`;
        let node = own.get(key);
        if (!node) {
          node = newNode(0n, 0n);
          own.set(key, node);
        }
        spots = [{ node }];
      }
      for (const spot of spots) spot.node.rules.push(r);
      this.spotsOf.set(r, spots);
      this.bucketOf.set(r, bucket);
    }
    for (const family of ["ipv4", "ipv6"] as const) {
      const list = [...nodes.values()].filter((n) => families.get(n) === family);
      // Sorted by first address, larger blocks first: each block's parent is on the stack.
      const sorted = list.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : a.last > b.last ? -1 : a.last < b.last ? 1 : 0));
      const stack: Node[] = [];
      for (const node of sorted) {
        while (stack.length > 0 && stack[stack.length - 1].last < node.first) stack.pop();
        const parent = stack[stack.length - 1];
        if (parent) {
          node.parent = parent;
          parent.children.push(node);
        }
        stack.push(node);
      }
      for (const node of sorted) {
        if (node.children.length === 0) continue;
        let size = 0n;
        for (const c of node.children) size += c.last - c.first + 1n;
        node.tiles = size === node.last - node.first + 1n;
      }
    }
  }

  private insert(rule: AnalysedRule, drop: boolean): void {
    for (const spot of this.spotsOf.get(rule) as Spot[]) {
      for (const c of rule.components) {
        if (spot.family !== undefined && !familiesOf(c).includes(spot.family)) continue;
        const range = c === "tcp" || c === "udp" ? rule.ports : ALL_PORTS[0];
        insertRange(spot.node.all, c, range);
        if (drop) insertRange(spot.node.drops, c, range);
      }
    }
  }

  /** Ports of `wanted` (one component) that some address of the spot does not have covered in `layer`. */
  private uncoveredAt(rule: AnalysedRule, spot: Spot, c: Component, wanted: readonly PortRange[], layer: Layer): readonly PortRange[] {
    if (spot.family !== undefined) return familiesOf(c).includes(spot.family) ? uncovered(spot.node, c, wanted, layer) : NO_PORT_RANGES;
    // A space of its own: covered by rules on it, or by rules covering every address of each
    // family its addresses may have.
    const own = spot.node[layer].get(c);
    const left = own ? subtractRanges(wanted, own) : wanted;
    if (left.length === 0) return left;
    const bucket = this.bucketOf.get(rule) as Bucket;
    let out: readonly PortRange[] = NO_PORT_RANGES;
    for (const f of familiesOf(c)) out = unionRanges(out, uncovered(bucket.roots[f], c, left, layer));
    return out;
  }

  private isCovered(rule: AnalysedRule, layer: Layer): boolean {
    const spots = this.spotsOf.get(rule) as Spot[];
    return rule.components.every((c) => spots.every((spot) => this.uncoveredAt(rule, spot, c, componentPorts(rule, c), layer).length === 0));
  }

  private uncoveredByLayer(rule: AnalysedRule, layer: Layer): ReadonlyMap<Component, readonly PortRange[]> {
    const spots = this.spotsOf.get(rule) as Spot[];
    const out = new Map<Component, readonly PortRange[]>();
    for (const c of rule.components) {
      let left: readonly PortRange[] = NO_PORT_RANGES;
      for (const spot of spots) left = unionRanges(left, this.uncoveredAt(rule, spot, c, componentPorts(rule, c), layer));
      if (left.length > 0) out.set(c, left);
    }
    return out;
  }

  /** The best-judged rule that alone covers `rule`: on the same blocks or enclosing ones (the same space for a space of its own). */
  private singleCover(rule: AnalysedRule): AnalysedRule | undefined {
    const spots = this.spotsOf.get(rule) as Spot[];
    let best: AnalysedRule | undefined;
    for (let n: Node | undefined = spots[0].node; n; n = n.parent) {
      for (const c of n.rules) {
        if (c === rule || !decidesBefore(c, rule) || !coversAlone(c, rule)) continue;
        if (!spots.every((s) => this.standsOver(c, s))) continue;
        if (!best || decidesBefore(c, best)) best = c;
      }
    }
    return best;
  }

  /** True when `cover` stands on the spot's node or one enclosing it. */
  private standsOver(cover: AnalysedRule, spot: Spot): boolean {
    const mine = new Set((this.spotsOf.get(cover) as Spot[]).map((s) => s.node));
    for (let n: Node | undefined = spot.node; n; n = n.parent) if (mine.has(n)) return true;
    return false;
  }
}

/** True when `cover` alone matches every protocol and port `rule` matches (its addresses are checked apart). */
function coversAlone(cover: AnalysedRule, rule: AnalysedRule): boolean {
  if (cover.protocol === "all") return true;
  if (cover.protocol !== rule.protocol) return false;
  return cover.ports.from <= rule.ports.from && rule.ports.to <= cover.ports.to;
}

function insertRange(lists: Map<Component, PortRange[]>, component: Component, range: PortRange): void {
  const list = lists.get(component);
  if (list) addRangeInPlace(list, range);
  else lists.set(component, [range]);
}

/** Ports of `wanted` that some address of `node`'s block does not have covered in `layer`. */
function uncovered(node: Node, component: Component, wanted: readonly PortRange[], layer: Layer): readonly PortRange[] {
  let left = wanted;
  for (let n: Node | undefined = node; n && left.length > 0; n = n.parent) {
    const covered = n[layer].get(component);
    if (covered) left = subtractRanges(left, covered);
  }
  return left.length > 0 ? uncoveredBelow(node, component, left, layer) : left;
}

function uncoveredBelow(node: Node, component: Component, wanted: readonly PortRange[], layer: Layer): readonly PortRange[] {
  // Addresses of the block outside every child are covered only from above: all of `wanted` stays open.
  if (!node.tiles) return wanted;
  let out: readonly PortRange[] = NO_PORT_RANGES;
  for (const child of node.children) {
    const covered = child[layer].get(component);
    const left = covered ? subtractRanges(wanted, covered) : wanted;
    if (left.length === 0) continue;
    out = unionRanges(out, uncoveredBelow(child, component, left, layer));
    if (sameRanges(out, wanted)) return wanted;
  }
  return out;
}

function analyse(rule: RuleArgs, index: number, classic: boolean, prefixLists: ReadonlyMap<string, PrefixListModel>): AnalysedRule {
  let peer: AnalysedPeer;
  if (rule.cidrIp !== undefined || rule.ipv6CidrIp !== undefined) {
    peer = { kind: "cidr", block: parseCidr((rule.cidrIp ?? rule.ipv6CidrIp) as string) as CidrBlock };
  } else if (rule.sourceSecurityGroupId !== undefined) {
    peer = { kind: "group", id: rule.sourceSecurityGroupId, owner: rule.sourceGroupOwnerId ?? rule.sourceGroupOwnerAccount };
  } else {
    const id = rule.prefixListId as string;
    const list = prefixLists.get(id);
    const cidrs = list && Array.isArray(list.cidrs) ? list.cidrs : undefined;
    const entries = cidrs?.map((c) => parseCidr(c)).filter((b): b is CidrBlock => b !== undefined);
    const max = list?.maxEntries;
    peer = { kind: "prefix-list", id, entries, maxEntries: typeof max === "number" && Number.isInteger(max) && max > 0 ? max : cidrs?.length };
  }
  const protocol = rule.ipProtocol;
  const nicType: NicType = effectiveNicType(rule, classic);
  return {
    index,
    rule,
    direction: rule.type,
    policy: rule.policy ?? "accept",
    priority: rule.priority ?? 1,
    protocol,
    ports: portInterval(rule),
    nicType,
    classic,
    peer,
    components: componentsOf(protocol, peer),
  };
}

/** The blocks a peer stands on, or undefined for a space of its own (a group, an undescribed or empty prefix list). */
function peerBlocks(peer: AnalysedPeer): readonly CidrBlock[] | undefined {
  if (peer.kind === "cidr") return [peer.block];
  if (peer.kind === "prefix-list" && peer.entries !== undefined && peer.entries.length > 0) return peer.entries;
  return undefined;
}
