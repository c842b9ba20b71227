/**
 * The evaluator's index of a network: every rule validated once and compiled into a form that
 * is cheap to match, groups and instances by id, prefix lists parsed. Internal: shared by
 * `compileNetwork` and `accessMatrix`, not exported from the package.
 */
import { isDeepStrictEqual } from "util";
import { ValidationError } from "../model/errors";
import { decisionRank, rulePriority } from "./decision";
import { isClassicGroup, effectiveNicType, isInternalBlock } from "../model/group-network";
import { CidrBlock, IpFamily, isAnyAddress, parseAddress, parseCidr } from "../model/ip";
import { GroupModel, GroupType, InnerAccessPolicy, InstanceModel, NetworkModel, validateNetwork, validateNetworkChange } from "../model/network";
import { overlayMap } from "../model/overlay-map";
import { IpProtocol, NicType, RuleArgs, RuleType, portInterval } from "../model/rule";

export { DEFAULT_PRIORITY, defaultAllows } from "./decision";

/** What a compiled rule's peer is. */
export type RulePeer =
  | { readonly kind: "cidr"; readonly block: CidrBlock; readonly family: IpFamily; readonly lo: number; readonly hi: number }
  | { readonly kind: "group"; readonly groupId: string; readonly owner?: string }
  | { readonly kind: "prefix-list"; readonly listId: string; readonly entries: readonly CidrBlock[]; readonly v4: readonly (readonly [number, number])[] };

/** A validated rule in matching form. */
export interface CompiledRule {
  /** The group holding the rule. */
  readonly groupId: string;
  /** Index of the rule in its group's `rules`. */
  readonly ruleIndex: number;
  /** The normalised rule. */
  readonly rule: RuleArgs;
  /** `ingress` or `egress`. */
  readonly direction: RuleType;
  /** The rule's protocol, `all` included. */
  readonly protocol: IpProtocol;
  /** First port matched (1 for protocols without ports). */
  readonly from: number;
  /** Last port matched (65535 for protocols without ports). */
  readonly to: number;
  /** True for `drop`. */
  readonly drop: boolean;
  /** 1..100. */
  readonly priority: number;
  /** Its place in the decision order ({@link decisionRank}): priority, then drop before accept. */
  readonly rank: number;
  /** The peers the rule applies to in a classic group; undefined in a VPC group (one rule for both). */
  readonly nic?: NicType;
  /** The peer. */
  readonly peer: RulePeer;
  /**
   * Sort key: priority, then drop before accept, then group and rule position. The first
   * matching rule in this order decides, which is exactly "best priority wins, drop wins ties".
   */
  readonly order: number;
  /** The judge's decider of this rule, made when first asked (`ruleDecider`): one object per rule. */
  decider?: object;
}

/** A group, its type and its rules per direction, each list sorted by {@link CompiledRule.order}. */
export interface IndexedGroup {
  /** Group id. */
  readonly id: string;
  /** Position in the model. */
  readonly index: number;
  /** The normalised group. */
  readonly group: GroupModel;
  /** `normal` or `enterprise`. */
  readonly type: GroupType;
  /** Inner access policy of a basic group. */
  readonly inner?: InnerAccessPolicy;
  /** True for a VPC group (rules apply to every peer), false for a classic one (nic types apply). */
  readonly vpc: boolean;
  /** Ingress rules, sorted. */
  readonly ingress: readonly CompiledRule[];
  /** Egress rules, sorted. */
  readonly egress: readonly CompiledRule[];
}

/**
 * The peer of a side as the matcher reads it: one address (an outside host, or an instance of
 * the model, whose groups then count), or a stand-in member of some groups whose address is not
 * known (`anonymous`): an address inside no block the rules name, which only blocks covering
 * its whole family (`/0`) match.
 */
export interface PeerPoint {
  /** Address family. */
  readonly family: IpFamily;
  /** The IPv4 address as a number (0 for IPv6 and for an anonymous address). */
  readonly v4: number;
  /** The IPv6 address (0n for IPv4 and for an anonymous address). */
  readonly v6: bigint;
  /** Internal (intranet) rather than public: an instance, or private/shared/ULA space. */
  readonly internal: boolean;
  /** The instance at this point, when it is one of the model's. */
  readonly instance?: IndexedInstance;
  /** The groups the peer holds when it is not an instance of the model (a stand-in member). */
  readonly groups?: ReadonlySet<string>;
  /** The account of those groups. */
  readonly accountId?: string;
  /** True when the address is unknown: only `/0` blocks of the family match it. */
  readonly anonymous?: boolean;
}

/** An instance and its groups. */
export interface IndexedInstance {
  /** The instance as given. */
  readonly instance: InstanceModel;
  /** Its groups, in the order given. */
  readonly groupIds: readonly string[];
  /** Its groups as a set. */
  readonly groups: ReadonlySet<string>;
  /** The type of its groups (all one type). */
  readonly type: GroupType;
  /** Its primary address (`privateIp`), internal. */
  readonly point: PeerPoint;
  /** Its addresses by family: the primary one, and its first IPv6 address where it has one. */
  readonly points: Readonly<Partial<Record<IpFamily, PeerPoint>>>;
  /** A key shared by instances with the same set of groups. */
  readonly groupsKey: string;
}

/** The compiled network. */
export interface NetworkIndex {
  /** The validated, normalised model. */
  readonly model: NetworkModel;
  /** Groups in model order. */
  readonly groupList: readonly IndexedGroup[];
  /** Groups by id. */
  readonly groups: ReadonlyMap<string, IndexedGroup>;
  /** Instances by id. */
  readonly instances: ReadonlyMap<string, IndexedInstance>;
  /** Parsed entries of each known prefix list. */
  readonly prefixLists: ReadonlyMap<string, readonly CidrBlock[]>;
}

const ORDER_SPAN = 2 ** 24;

export { isInternalBlock };

/** The matcher's form of one parsed address. */
export function pointOf(block: CidrBlock, internal: boolean, instance?: IndexedInstance): PeerPoint {
  return block.family === "ipv4"
    ? { family: "ipv4", v4: Number(block.first), v6: 0n, internal, instance }
    : { family: "ipv6", v4: 0, v6: block.first, internal, instance };
}

/**
 * True when an owner named by a rule admits an instance's account. A rule without an owner
 * names a group of the rule's own account; group ids are unique across accounts, so membership
 * alone decides. A rule with an owner matches members whose `accountId` equals it; a member
 * without an `accountId` is taken to be in that account (the API refuses an owner that does
 * not own the named group, so a written owner is a qualifier, not a filter, unless the model
 * says otherwise).
 */
export function ownerAdmits(owner: string | undefined, accountId: string | undefined): boolean {
  return owner === undefined || accountId === undefined || owner === accountId;
}

/** True when the rule's peer covers the point. */
export function peerMatches(peer: RulePeer, p: PeerPoint): boolean {
  switch (peer.kind) {
    case "cidr":
      if (peer.family !== p.family) return false;
      if (p.anonymous) return isAnyAddress(peer.block);
      return p.family === "ipv4" ? peer.lo <= p.v4 && p.v4 <= peer.hi : peer.block.first <= p.v6 && p.v6 <= peer.block.last;
    case "group": {
      const inst = p.instance;
      if (inst !== undefined) return inst.groups.has(peer.groupId) && ownerAdmits(peer.owner, inst.instance.accountId);
      return p.groups !== undefined && p.groups.has(peer.groupId) && ownerAdmits(peer.owner, p.accountId);
    }
    default:
      if (p.anonymous) return peer.entries.some((e) => e.family === p.family && isAnyAddress(e));
      if (p.family === "ipv4") return peer.v4.some(([lo, hi]) => lo <= p.v4 && p.v4 <= hi);
      return peer.entries.some((e) => e.family === "ipv6" && e.first <= p.v6 && p.v6 <= e.last);
  }
}


/** True when the rule's nic type covers a peer that is internal or not. */
export function nicMatches(rule: CompiledRule, internal: boolean): boolean {
  return rule.nic === undefined || (rule.nic === "intranet") === internal;
}

function compilePeer(rule: RuleArgs, prefixLists: ReadonlyMap<string, readonly CidrBlock[]>): RulePeer {
  const cidr = rule.cidrIp ?? rule.ipv6CidrIp;
  if (cidr !== undefined) {
    const block = parseCidr(cidr) as CidrBlock;
    const v4 = block.family === "ipv4";
    return { kind: "cidr", block, family: block.family, lo: v4 ? Number(block.first) : 0, hi: v4 ? Number(block.last) : 0 };
  }
  if (rule.prefixListId !== undefined) {
    // An unknown prefix list matches nothing: the model cannot say what is in it.
    const entries = prefixLists.get(rule.prefixListId) ?? [];
    const v4 = entries.filter((e) => e.family === "ipv4").map((e) => [Number(e.first), Number(e.last)] as const);
    return { kind: "prefix-list", listId: rule.prefixListId, entries, v4 };
  }
  const owner = rule.sourceGroupOwnerId ?? rule.sourceGroupOwnerAccount;
  return owner === undefined ? { kind: "group", groupId: rule.sourceSecurityGroupId as string } : { kind: "group", groupId: rule.sourceSecurityGroupId as string, owner };
}

/**
 * One validated rule in matching form. `seq` orders rules of one rank (their position in the
 * model); `vpc` says whether the group is a VPC group (nic types then play no part).
 */
export function compileRule(rule: RuleArgs, groupId: string, ruleIndex: number, vpc: boolean, seq: number, prefixLists: ReadonlyMap<string, readonly CidrBlock[]>): CompiledRule {
  const { from, to } = portInterval(rule);
  const rank = decisionRank(rule);
  return {
    groupId,
    ruleIndex,
    rule,
    direction: rule.type,
    protocol: rule.ipProtocol,
    from,
    to,
    drop: rule.policy === "drop",
    priority: rulePriority(rule),
    rank,
    // In a classic group a CIDR rule without a nic type is an internet rule (the API's default).
    nic: vpc ? undefined : effectiveNicType(rule, true),
    peer: compilePeer(rule, prefixLists),
    order: rank * ORDER_SPAN + seq,
    decider: undefined,
  };
}

/**
 * `room`: how many positions the group may take from `seqStart` (every other group's rules
 * being numbered already); with more rules than that, they share the room between the previous
 * group's last position and the next group's first, in their order, so that every rule keeps
 * its place in the decision order. @default as many as it has
 */
function compileGroup(group: GroupModel, index: number, seqStart: number, prefixLists: ReadonlyMap<string, readonly CidrBlock[]>, positions?: readonly number[], room?: number): IndexedGroup {
  const vpc = !isClassicGroup(group);
  const ingress: CompiledRule[] = [];
  const egress: CompiledRule[] = [];
  const n = group.rules.length;
  const seqOf = (k: number) => (room === undefined || n <= room ? seqStart + k : seqStart - 1 + ((k + 1) * (room + 1)) / (n + 1));
  group.rules.forEach((rule, k) => {
    const ruleIndex = positions?.[k] ?? k;
    const compiled = compileRule(rule, group.id, ruleIndex, vpc, seqOf(ruleIndex), prefixLists);
    (rule.type === "ingress" ? ingress : egress).push(compiled);
  });
  const byOrder = (a: CompiledRule, b: CompiledRule) => a.order - b.order;
  return { id: group.id, index, group, type: group.type ?? "normal", inner: group.innerAccessPolicy, vpc, ingress: ingress.sort(byOrder), egress: egress.sort(byOrder) };
}

/**
 * Validates a network (quotas relaxed: the evaluator reads networks as they are) and compiles
 * it. Throws {@link ValidationError} for invalid rules or groups, unknown groups of an
 * instance, and duplicate instance ids.
 */
export function buildIndex(model: NetworkModel): NetworkIndex {
  return indexOfValid(validateNetwork(model, RELAXED), undefined, true);
}

/** The evaluator reads networks as they are: no quota of rules per group, references or groups per instance. */
const RELAXED = { maxRules: Infinity, maxReferencedGroups: Infinity, maxGroupsPerInstance: Infinity } as const;

/**
 * The index of a network already validated (its valid parts, as `inspectNetworkOnce` keeps
 * them), for readers of a network that may be invalid: each compiled rule keeps its position in
 * the input group (`positions`), and instances naming a group the network does not hold are left
 * out. Throws for two groups or instances with one id.
 */
export function indexValidNetwork(valid: NetworkModel, positions?: ReadonlyMap<GroupModel, readonly number[]>): NetworkIndex {
  return indexOfValid(valid, positions, false);
}

function indexOfValid(valid: NetworkModel, positions: ReadonlyMap<GroupModel, readonly number[]> | undefined, strict: boolean): NetworkIndex {
  const prefixLists = new Map<string, readonly CidrBlock[]>();
  for (const pl of valid.prefixLists ?? []) prefixLists.set(pl.id, pl.cidrs.map((c) => parseCidr(c) as CidrBlock));
  const groups = new Map<string, IndexedGroup>();
  let seq = 0;
  const groupList = valid.groups.map((g, i) => {
    if (groups.has(g.id)) throw new ValidationError("duplicate-id", `groups[${i}].id`, g.id, "is used by two groups", "Give each group its own id.");
    const indexed = compileGroup(g, i, seq, prefixLists, positions?.get(g));
    seq += Math.max(g.rules.length, ...(positions?.get(g) ?? []).map((p) => p + 1));
    groups.set(g.id, indexed);
    return indexed;
  });
  const instances = new Map<string, IndexedInstance>();
  (valid.instances ?? []).forEach((inst, i) => {
    if (typeof inst.id !== "string" || inst.id === "") {
      if (!strict) return;
      throw new ValidationError("invalid-id", `instances[${i}].id`, inst.id, "must be a non-empty string", "Give the instance its id (i-…) or a stable label.");
    }
    if (instances.has(inst.id)) {
      throw new ValidationError("duplicate-id", `instances[${i}].id`, inst.id, "is used by two instances", "Give each instance its own id.");
    }
    const unknown = inst.groups.findIndex((gid) => !groups.has(gid));
    if (unknown >= 0) {
      if (!strict) return;
      throw new ValidationError("unknown-group", `instances[${i}].groups[${unknown}]`, inst.groups[unknown], "is not a group of the model", "Add the group to the model's groups, or remove it from the instance.");
    }
    const block = parseAddress(inst.privateIp) as CidrBlock;
    const type = groups.get(inst.groups[0])?.type ?? "normal";
    const entry: { -readonly [K in keyof IndexedInstance]: IndexedInstance[K] } = {
      instance: inst,
      groupIds: [...inst.groups],
      groups: new Set(inst.groups),
      type,
      point: undefined as unknown as PeerPoint,
      points: {},
      groupsKey: [...new Set(inst.groups)].sort().join("\u0000"),
    };
    entry.point = pointOf(block, true, entry);
    const points: Partial<Record<IpFamily, PeerPoint>> = { [block.family]: entry.point };
    const v6 = (inst.ipv6Addresses ?? []).map((a) => parseAddress(a) as CidrBlock)[0];
    if (v6 && !points.ipv6) points.ipv6 = pointOf(v6, true, entry);
    entry.points = points;
    instances.set(inst.id, entry);
  });
  return { model: valid, groupList, groups, instances, prefixLists };
}

const cache = new WeakMap<NetworkModel, NetworkIndex>();

/**
 * Freezes a value and everything plain reachable from it (arrays and plain objects), so that an
 * answer cached on it can never go stale: changing a cached model throws instead.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  Object.freeze(value);
  for (const v of Object.values(value as object)) deepFreeze(v);
  return value;
}

/**
 * The index of a model, built once per model object. The model is validated first, then frozen
 * (deeply): the cache is keyed on the object, so the object may not change afterwards; to ask
 * about a changed network, pass a changed copy.
 */
export function networkIndex(model: NetworkModel): NetworkIndex {
  let index = cache.get(model);
  if (!index) {
    index = buildIndex(model);
    deepFreeze(model);
    cache.set(model, index);
  }
  return index;
}

const DERIVED = new WeakMap<NetworkIndex, { base: NetworkIndex; changed: ReadonlySet<string> }>();

/**
 * For an index made by {@link networkIndexOfChange}: the index it was made from and the groups
 * recompiled for the change (every other group, instance and prefix list is the base's own
 * object), so what is built from unchanged groups alone can be the base's. Undefined otherwise.
 */
export function indexBase(index: NetworkIndex): { readonly base: NetworkIndex; readonly changed: ReadonlySet<string> } | undefined {
  return DERIVED.get(index);
}

/**
 * The index of `after`, a copy of `before` in which only the groups named in `changedGroups`
 * differ, and only in their rules (every other group, instance and prefix list being the very
 * object of `before`, as a proposal changes one group): made from `before`'s index (built once,
 * {@link networkIndex}) by validating and compiling those groups alone, so that asking about
 * many such changes costs what the changed groups cost, not the estate. The same index as
 * `networkIndex(after)` gives, and cached as it (frozen likewise), or the same refusal; when
 * `after` is no such copy, or `before` is refused, it is `networkIndex(after)`.
 */
export function networkIndexOfChange(before: NetworkModel, after: NetworkModel, changedGroups: readonly string[]): NetworkIndex {
  const cached = cache.get(after);
  if (cached) return cached;
  let base: NetworkIndex;
  try {
    base = networkIndex(before);
  } catch (e) {
    if (e instanceof ValidationError) return networkIndex(after);
    throw e;
  }
  const valid = validateNetworkChange(before, base.model, after, new Set(changedGroups), RELAXED);
  if (!valid) return networkIndex(after);
  // Spread, not slice: V8 slices a frozen array element by element.
  const groupList = [...base.groupList];
  // The base's groups with the changed ones in their place, without copying every group.
  const recompiled = new Map<string, IndexedGroup>();
  let seq = 0;
  valid.groups.forEach((g, i) => {
    const was = base.model.groups[i];
    if (g !== was) {
      const indexed = compileGroup(g, i, seq, base.prefixLists, undefined, was.rules.length);
      groupList[i] = indexed;
      recompiled.set(g.id, indexed);
    }
    seq += was.rules.length;
  });
  const index: NetworkIndex = { model: valid, groupList, groups: overlayMap(base.groups, recompiled), instances: base.instances, prefixLists: base.prefixLists };
  deepFreeze(after);
  cache.set(after, index);
  DERIVED.set(index, { base, changed: new Set(recompiled.keys()) });
  return index;
}

const VERSIONS = new WeakMap<NetworkModel, { before: NetworkModel; found: { index: NetworkIndex; changed: string[] } | undefined }>();

/**
 * The index of `after`, another version of `before` (the same estate read from two exports,
 * say), made from `before`'s index as {@link networkIndexOfChange} makes it, when the two differ
 * only in some groups' rules: every other field of the model, every instance and prefix list, and
 * every group but its rules equal to `before`'s value for value (`isDeepStrictEqual`), the groups
 * in the same order. Those groups are named (`changed`, in model order) and only they are
 * validated and compiled again; the others' sides, sorters and paintings are `before`'s. Undefined
 * when the versions differ otherwise (a group added, removed or moved, a group's frame, an
 * instance, a prefix list): then index `after` on its own. The index answers every question as
 * `networkIndex(after)` does, or refuses as it would (a group's rules and frame are `after`'s, a
 * group equal to `before`'s is `before`'s object). The answer is cached per pair of model
 * objects, so `after` is frozen (deeply) as {@link networkIndex} freezes a model it indexes.
 */
export function networkIndexOfVersion(before: NetworkModel, after: NetworkModel): { index: NetworkIndex; changed: string[] } | undefined {
  // No object, no version (and no key for the cache): `networkIndex` refuses it, naming it.
  if (typeof after !== "object" || after === null) return undefined;
  const known = VERSIONS.get(after);
  if (known && known.before === before) return known.found;
  const aligned = alignVersion(before, after);
  const found = aligned && { index: networkIndexOfChange(before, aligned.model, aligned.changed), changed: aligned.changed };
  deepFreeze(after);
  VERSIONS.set(after, { before, found });
  return found;
}

/** `after` spelled as a change of `before` (its very objects wherever equal), and the groups whose rules differ; undefined when anything else differs. */
function alignVersion(before: NetworkModel, after: NetworkModel): { model: NetworkModel; changed: string[] } | undefined {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  // One prototype and every own field but `but` equal, value for value (so `{ ...b, [but]: … }` is `a` again).
  const sameBut = (a: Record<string, unknown>, b: Record<string, unknown>, but: string) => {
    const keys = Object.keys(a);
    return Object.getPrototypeOf(a) === Object.getPrototypeOf(b) && keys.length === Object.keys(b).length && keys.every((k) => k === but || (Object.prototype.hasOwnProperty.call(b, k) && isDeepStrictEqual(a[k], b[k])));
  };
  if (!isObject(before) || !isObject(after) || !Array.isArray(before.groups) || !Array.isArray(after.groups)) return undefined;
  if (before.groups.length !== after.groups.length || !sameBut(after, before, "groups")) return undefined;
  const groups: GroupModel[] = [];
  const changed: string[] = [];
  for (let i = 0; i < before.groups.length; i++) {
    const a: unknown = after.groups[i];
    const b: unknown = before.groups[i];
    if (a === b) {
      groups.push(b as GroupModel);
      continue;
    }
    if (!isObject(a) || !isObject(b) || typeof b.id !== "string" || !Array.isArray(a.rules) || !Array.isArray(b.rules)) return undefined;
    if (!sameBut(a, b, "rules")) return undefined;
    if (isDeepStrictEqual(a.rules, b.rules)) groups.push(b as unknown as GroupModel);
    else {
      groups.push({ ...(b as unknown as GroupModel), rules: a.rules as RuleArgs[] });
      changed.push(b.id);
    }
  }
  return { model: { ...before, groups }, changed };
}
