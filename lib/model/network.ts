/**
 * Security groups, instances and networks as plain data: what the checks and the evaluator
 * read, whoever wrote the rules.
 */
import { ValidationError, quote } from "./errors";
import { knownNormalIn, session } from "./validated-rules";
import { checkGroupNetwork, effectiveNicType, isClassicGroup } from "./group-network";
import { parseAddress, parseCidr } from "./ip";
import { overlayMap } from "./overlay-map";
import { RuleArgs, validateRule } from "./rule";

/** `normal` is a basic group, `enterprise` an advanced one. */
export type GroupType = "normal" | "enterprise";
/** Whether members of a basic group reach each other (`Accept`) or are isolated (`Drop`). */
export type InnerAccessPolicy = "Accept" | "Drop";

/** The network a group is in: a VPC, or the classic network. */
export type GroupNetwork = "vpc" | "classic";

/** Most rules one group may hold (inbound and outbound together). */
export const MAX_RULES_PER_GROUP = 200;
/** Most other groups a basic group's rules may reference. */
export const MAX_REFERENCED_GROUPS = 20;
/** Most groups one network interface may join, as the seed documents advise (current docs say 10). */
export const MAX_GROUPS_PER_INSTANCE = 5;
/** Most rules one network interface may be governed by, over all its groups. */
export const MAX_RULES_PER_INTERFACE = 1000;

/** One security group and its rules. */
export interface GroupModel {
  /** The group's id (`sg-…`), or any stable label in a plan. */
  id: string;
  /** `securityGroupName`: 2..128 characters, starting with a letter. */
  name?: string;
  /** Group description: 2..256 characters. */
  description?: string;
  /** @default "normal" */
  type?: GroupType;
  /** @default "Accept" for basic groups; on an enterprise group (always isolated) only `"Drop"`, as the API reports it */
  innerAccessPolicy?: InnerAccessPolicy;
  /**
   * The network the group is in. A group is a VPC group unless it says it is classic: use
   * `"classic"` here, or `vpcId: ""` (how the API prints a classic group).
   * @default "vpc"
   */
  network?: GroupNetwork;
  /** The VPC, where known. Absent or unknown still means a VPC group; `""` means classic. */
  vpcId?: string;
  /** Tags of the group. */
  tags?: Record<string, string>;
  /** The group's rules, in any order (order never matters). */
  rules: RuleArgs[];
}

/** An instance (or network interface) and the groups it belongs to. */
export interface InstanceModel {
  /** Instance or network interface id. */
  id: string;
  /** Its private IPv4 (or IPv6) address. */
  privateIp: string;
  /** Its IPv6 addresses besides `privateIp`, when it has any: it is reached over IPv6 only at these. @default [] */
  ipv6Addresses?: string[];
  /** Ids of its groups. */
  groups: string[];
  /** Account that owns the instance's groups, for cross-account group rules. */
  accountId?: string;
  /** A readable name (the resource name in a program, the instance name in an export). */
  name?: string;
  /**
   * Whether it has a public address (a public IP, `internetMaxBandwidthOut` > 0, or an EIP), and
   * which one where known. `true` means public with an address not known offline.
   * @default false
   */
  publicIp?: string | boolean;
  /** Its tags (intents select instances by them: `{ tags: { role: "db" } }`). @default none */
  tags?: Record<string, string>;
}

/** A prefix list and its entries. */
export interface PrefixListModel {
  /** `pl-…`. */
  id: string;
  /** Its CIDR entries. */
  cidrs: string[];
  /** Capacity; counts against a group's rule quota. @default the number of entries */
  maxEntries?: number;
}

/** Everything the evaluator and the checks look at. */
export interface NetworkModel {
  /** Security groups. */
  groups: GroupModel[];
  /** Instances and their groups. @default [] */
  instances?: InstanceModel[];
  /** Prefix lists referenced by rules. @default [] */
  prefixLists?: PrefixListModel[];
  /**
   * The model holds everything that uses its groups (an account export, or a program declared
   * complete), so a group nothing uses is unused. @default false
   */
  complete?: boolean;
  /** Resources other than instances and network interfaces that name groups (launch templates, node pools, databases…): each is a use of those groups. @default [] */
  groupUses?: GroupUse[];
}

/** A resource that names security groups without being an instance of the model. */
export interface GroupUse {
  /** Its resource type (`alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate`). */
  type: string;
  /** Its name or id. */
  name: string;
  /** The groups it names. */
  groups: string[];
}

/** Options of {@link validateGroup}. */
export interface GroupValidationOptions {
  /** Rule quota. @default 200 */
  maxRules?: number;
  /** Referenced-groups quota of a basic group. @default 20 */
  maxReferencedGroups?: number;
}

/** Options of {@link validateNetwork}. */
export interface NetworkValidationOptions extends GroupValidationOptions {
  /** Most groups per instance. @default 5 */
  maxGroupsPerInstance?: number;
  /** Most rules governing one network interface, over all its groups (prefix lists at capacity). @default 1000 */
  maxRulesPerInterface?: number;
}

/** Where a validation problem lies: one rule, a group as a whole, or between groups and instances. */
export type ProblemScope = "rule" | "group" | "network";

/** One thing the provider or the ECS API would refuse, found by {@link networkProblems}. */
export interface NetworkProblem {
  /** The refusal, addressed from the model's root (`groups[2].rules[0].cidrIp`). */
  readonly error: ValidationError;
  /** `rule`: the rule alone or in its group; `group`: the group's own fields or quotas; `network`: between groups and instances. */
  readonly scope: ProblemScope;
  /** The group concerned, by id. */
  readonly groupId?: string;
  /** The rule concerned, by position in its group. */
  readonly ruleIndex?: number;
  /** The instance concerned, by id. */
  readonly instanceId?: string;
}

/** What a rule needs to know about the group that holds it to be judged as the API judges it. */
export interface RuleContext {
  /** The group's id, for messages. */
  readonly groupId: string;
  /** The group's type. */
  readonly type: GroupType;
  /** True in a classic-network group. */
  readonly classic: boolean;
}

const NAME_CHARS = /^[\p{L}][\p{L}\p{N}:_.\-]*$/u;

function textProblem(field: string, value: unknown, min: number, max: number, what: string): ValidationError | undefined {
  if (value === undefined) return undefined;
  const code = field === "name" ? "invalid-name" : "invalid-description";
  if (typeof value !== "string" || value.length < min || value.length > max) {
    return new ValidationError(code, field, value, `must be ${min} to ${max} characters`, `Give the ${what} a ${min}..${max} character text.`);
  }
  if (/^https?:\/\//i.test(value)) {
    return new ValidationError(code, field, value, "may not start with http:// or https://", `Start the ${what} with a word.`);
  }
  return undefined;
}

/**
 * Validates one rule as the API judges it in its group, and returns it normalised with the
 * nic type the group gives it ({@link effectiveNicType}). Refuses, besides what
 * {@link validateRule} refuses: an `internet` rule in a VPC group, a security-group peer in an
 * enterprise group, and a prefix list in a classic-network group. Errors name the rule's own
 * fields (`nicType`, `sourceSecurityGroupId`).
 */
export function validateRuleInGroup(rule: RuleArgs, context: RuleContext): RuleArgs {
  const r = validateRule(rule);
  const gid = quote(context.groupId);
  if (r.sourceSecurityGroupId !== undefined && context.type === "enterprise") {
    throw new ValidationError("enterprise-group-reference", "sourceSecurityGroupId", r.sourceSecurityGroupId, `names a security group, which enterprise group ${gid} cannot authorise`, "Authorise the peer's CIDR block (e.g. its vSwitch) or a prefix list instead.");
  }
  if (r.prefixListId !== undefined && context.classic) {
    throw new ValidationError("prefix-list-in-classic", "prefixListId", r.prefixListId, `names a prefix list, which classic-network group ${gid} cannot use (prefix lists are for VPC groups)`, "Write one rule per CIDR block of the list, or move the instances to a VPC group.");
  }
  if (!context.classic && r.nicType === "internet") {
    throw new ValidationError("nic-type-mismatch", "nicType", r.nicType, `is "internet", but group ${gid} is in a VPC, where every rule is "intranet"`, `Set nicType to "intranet" or omit it: in a VPC one intranet rule governs Internet and internal traffic. If the group is in the classic network, say so with network: "classic".`);
  }
  // `r` is validateRule's own fresh copy: the nic type is set on it (as a spread copy would, in the same place).
  r.nicType = effectiveNicType(r, context.classic);
  return r;
}

type Report = (problem: NetworkProblem) => void;

function prefixed(e: unknown, prefix: string): ValidationError {
  const err = e instanceof ValidationError ? e : new ValidationError("invalid-object", "", undefined, `could not be read (${String(e)})`, "Pass plain data.");
  return err.withFieldPrefix(prefix);
}

/**
 * Inspects a group, reporting every problem (group fields, each rule, quotas), and returns it
 * normalised with its valid rules; undefined when the group is not an object with an id.
 */
function inspectGroup(group: GroupModel, options: GroupValidationOptions, report: Report, at: string, weigh?: (rule: RuleArgs) => number, positions?: Map<GroupModel, number[]>, ruleErrors?: (group: GroupModel, index: number, error: ValidationError) => void): GroupModel | undefined {
  const fail = (error: ValidationError, scope: ProblemScope = "group", ruleIndex?: number, groupId?: string) =>
    report({ error: at === "" ? error : error.withFieldPrefix(at), scope, groupId, ruleIndex });
  if (typeof group !== "object" || group === null || Array.isArray(group)) {
    fail(new ValidationError("invalid-object", "", group, "must be an object", "Pass { id, rules: [...] }."));
    return undefined;
  }
  const g = group as unknown as Record<string, unknown>;
  if (typeof g.id !== "string" || g.id === "") {
    fail(new ValidationError("invalid-id", "id", g.id, "must be a non-empty string", "Give the group its id (sg-…) or a stable label."));
    return undefined;
  }
  const id = g.id;
  const problem = (error: ValidationError | undefined, scope: ProblemScope = "group", ruleIndex?: number) => {
    if (error) fail(error, scope, ruleIndex, id);
  };
  let type = g.type ?? "normal";
  if (type !== "normal" && type !== "enterprise") {
    problem(new ValidationError("invalid-group-type", "type", type, "is not a group type", `Use "normal" (basic) or "enterprise" (advanced).`));
    type = "normal";
  }
  try {
    checkGroupNetwork(group);
  } catch (e) {
    problem(e as ValidationError);
  }
  const classic = isClassicGroup(group);
  let innerAccessPolicy = g.innerAccessPolicy as InnerAccessPolicy | undefined;
  if (type === "enterprise") {
    if (classic) {
      problem(new ValidationError("enterprise-outside-vpc", "type", type, `is "enterprise", but group ${quote(id)} is in the classic network, and enterprise groups exist only in VPCs`, `Create the group in a VPC (vpcId), or make it a basic ("normal") group.`));
    }
    if (innerAccessPolicy !== undefined && innerAccessPolicy !== "Drop") {
      problem(new ValidationError("invalid-inner-access-policy", "innerAccessPolicy", innerAccessPolicy, "does not apply to an enterprise group, whose members are always isolated", `Remove innerAccessPolicy ("Drop", as the API reports it, is accepted), or use a basic (normal) group.`));
      innerAccessPolicy = undefined;
    }
  } else {
    innerAccessPolicy ??= "Accept";
    if (innerAccessPolicy !== "Accept" && innerAccessPolicy !== "Drop") {
      const near = typeof innerAccessPolicy === "string" ? ["Accept", "Drop"].find((v) => v.toLowerCase() === String(innerAccessPolicy).toLowerCase()) : undefined;
      problem(new ValidationError("invalid-inner-access-policy", "innerAccessPolicy", innerAccessPolicy, "is not an inner access policy", near ? `Write it as "${near}" (capitalised).` : `Use "Accept" or "Drop".`));
      innerAccessPolicy = "Accept";
    }
  }
  problem(textProblem("name", g.name, 2, 128, "group name"));
  if (typeof g.name === "string" && g.name.length >= 2 && g.name.length <= 128 && !/^https?:\/\//i.test(g.name) && !NAME_CHARS.test(g.name)) {
    problem(new ValidationError("invalid-name", "name", g.name, "must start with a letter and hold only letters, digits, ':', '_', '.', '-'", "Rename the group, e.g. \"web-tier\"."));
  }
  problem(textProblem("description", g.description, 2, 256, "group description"));
  if (!Array.isArray(g.rules)) {
    problem(new ValidationError("invalid-object", "rules", g.rules, "must be an array of rules", "Pass rules: [] for a group without rules."));
    const out: GroupModel = { ...(group as GroupModel), type: type as GroupType, rules: [] };
    if (innerAccessPolicy !== undefined) out.innerAccessPolicy = innerAccessPolicy;
    return out;
  }
  const maxRules = options.maxRules ?? MAX_RULES_PER_GROUP;
  const count = weigh ? (g.rules as RuleArgs[]).reduce((n, r) => n + weigh(r), 0) : g.rules.length;
  if (count > maxRules) {
    const lists = count > g.rules.length ? " (prefix lists count at their capacity)" : "";
    problem(new ValidationError("rule-quota-exceeded", "rules", count, `of group ${quote(id)} number more than the quota of ${maxRules}${lists}`, "Split the group by role, or use a prefix list or a security group as the peer instead of many CIDR rules."));
  }
  const context: RuleContext = { groupId: id, type: type as GroupType, classic };
  // What a rule's validation in this group depends on besides the rule (the id only names the group in messages).
  const contextKey = `${type}|${classic}`;
  const { recording } = session;
  const referenced = new Set<string>();
  const rules: RuleArgs[] = [];
  const kept: number[] = [];
  (g.rules as RuleArgs[]).forEach((rule, i) => {
    let r: RuleArgs;
    try {
      // A rule this module normalised in a group of the same type and network, unchanged since,
      // would validate to a copy of itself; a frozen one (a reader's, sealed) is that copy.
      r = knownNormalIn(rule) === contextKey ? (Object.isFrozen(rule) ? rule : { ...rule }) : validateRuleInGroup(rule, context);
      recording?.set(r, contextKey);
    } catch (e) {
      const error = prefixed(e, `rules[${i}]`);
      ruleErrors?.(group, i, error);
      problem(error, "rule", i);
      return;
    }
    if (r.sourceSecurityGroupId !== undefined) referenced.add(`${r.sourceGroupOwnerId ?? r.sourceGroupOwnerAccount ?? ""}/${r.sourceSecurityGroupId}`);
    rules.push(r);
    kept.push(i);
  });
  const maxRefs = options.maxReferencedGroups ?? MAX_REFERENCED_GROUPS;
  if (type === "normal" && referenced.size > maxRefs) {
    problem(new ValidationError("group-reference-quota-exceeded", "rules", referenced.size, `of group ${quote(id)} reference more than ${maxRefs} other security groups`, "Put the peers in one shared group and authorise that group instead."));
  }
  const out: GroupModel = { ...(group as GroupModel), type: type as GroupType, rules };
  // A network read from the rules stays read when a refused internet rule is left out.
  if (classic && g.network === undefined && g.vpcId === undefined) out.network = "classic";
  if (innerAccessPolicy !== undefined) out.innerAccessPolicy = innerAccessPolicy;
  else delete out.innerAccessPolicy;
  positions?.set(out, kept);
  return out;
}

const LIMITS = ["maxRules", "maxReferencedGroups", "maxGroupsPerInstance", "maxRulesPerInterface"] as const;

/** Refuses options that are not an object of whole-number limits (or Infinity). */
function checkOptions(options: unknown): NetworkValidationOptions {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new ValidationError("invalid-object", "options", options, "must be an object", "Pass limits such as { maxRules: 200 }, or nothing.");
  }
  const o = options as Record<string, unknown>;
  for (const k of LIMITS) {
    const v = o[k];
    if (v !== undefined && !(typeof v === "number" && (v === Infinity || (Number.isInteger(v) && v >= 0)))) {
      throw new ValidationError("invalid-argument", `options.${k}`, v, "must be a whole number of at least 0", `Pass e.g. { ${k}: 10 }, or leave it out for the default.`);
    }
  }
  return o as NetworkValidationOptions;
}

function throwing(problem: NetworkProblem): never {
  throw problem.error;
}

/**
 * Validates a group and every rule in it, and returns it normalised (type `normal`, inner
 * access `Accept` for basic groups, rules normalised with the nic type the group's network
 * gives them). Refuses: an unknown type, network or policy, an `Accept` inner access policy on
 * an enterprise group, an enterprise group in the classic network, a security-group peer in an
 * enterprise group, a prefix list in a classic group, `internet` rules in a VPC group, more than
 * 200 rules, more than 20 referenced groups in a basic group, and names or descriptions the API
 * refuses. A group is a VPC group unless it says classic ({@link isClassicGroup}).
 */
export function validateGroup(group: GroupModel, options: GroupValidationOptions = {}): GroupModel {
  return inspectGroup(group, checkOptions(options), throwing, "") as GroupModel;
}

function capacityOf(lists: ReadonlyMap<string, PrefixListModel>): (rule: RuleArgs) => number {
  return (rule) => {
    const id = rule && typeof rule === "object" ? rule.prefixListId : undefined;
    if (typeof id !== "string" || id === "") return 1;
    const pl = lists.get(id);
    if (!pl) return 1;
    const max = pl.maxEntries;
    if (typeof max === "number" && Number.isInteger(max) && max > 0) return max;
    return Array.isArray(pl.cidrs) ? Math.max(1, pl.cidrs.length) : 1;
  };
}

/**
 * What a network read again may take from an earlier reading: `valid`, the normalised network
 * of a valid input, whose groups at positions other than `changed` (and every instance and
 * prefix list) are the very objects the new input holds, the groups at `changed` keeping every
 * field but their rules. Those groups are read again, with the instances that hold one of them;
 * the rest, valid then, is valid now with the same normalised form.
 */
interface Reuse {
  readonly valid: NetworkModel;
  /** Positions of the groups whose rules may differ. */
  readonly changed: ReadonlySet<number>;
  /** Their ids. */
  readonly changedIds: ReadonlySet<string>;
}

function inspectNetwork(model: NetworkModel, options: NetworkValidationOptions, report: Report, rulePositions: Map<GroupModel, number[]> = new Map(), ruleErrors?: (group: GroupModel, index: number, error: ValidationError) => void, inputs?: Map<GroupModel, GroupModel>, reuse?: Reuse): NetworkModel {
  if (typeof model !== "object" || model === null || Array.isArray(model) || !Array.isArray(model.groups)) {
    report({ error: new ValidationError("invalid-object", "model", model, "must be an object with a groups array", "Pass { groups: [...], instances: [...] }."), scope: "network" });
    return { groups: [], instances: [], prefixLists: [] };
  }
  const fail = (error: ValidationError, extra: Omit<NetworkProblem, "error" | "scope"> = {}) => report({ error, scope: "network", ...extra });
  for (const field of ["instances", "prefixLists"] as const) {
    if (model[field] !== undefined && !Array.isArray(model[field])) {
      fail(new ValidationError("invalid-object", field, model[field], "must be an array", `Pass ${field}: [] or leave it out.`));
    }
  }
  const listInput = Array.isArray(model.prefixLists) ? model.prefixLists : [];
  const lists = new Map<string, PrefixListModel>();
  const prefixLists: PrefixListModel[] = [];
  if (reuse) for (const pl of reuse.valid.prefixLists ?? []) lists.set(pl.id, pl);
  (reuse ? [] : listInput).forEach((pl, i) => {
    if (typeof pl !== "object" || pl === null || typeof pl.id !== "string" || pl.id === "" || !Array.isArray(pl.cidrs)) {
      fail(new ValidationError("invalid-object", `prefixLists[${i}]`, pl, "must be an object with an id and a cidrs array", `Pass { id: "pl-…", cidrs: ["10.0.0.0/16"] }.`));
      return;
    }
    let ok = true;
    pl.cidrs.forEach((c, j) => {
      if (typeof c !== "string" || !parseCidr(c)) {
        ok = false;
        fail(new ValidationError("invalid-cidr", `prefixLists[${i}].cidrs[${j}]`, c, "is not a CIDR block", "Write entries such as \"10.0.0.0/16\"."));
      }
    });
    if (pl.maxEntries !== undefined && (typeof pl.maxEntries !== "number" || !Number.isInteger(pl.maxEntries) || pl.maxEntries < 1)) {
      ok = false;
      fail(new ValidationError("invalid-argument", `prefixLists[${i}].maxEntries`, pl.maxEntries, "must be a whole number of at least 1", "Give the list's capacity, or leave maxEntries out."));
    }
    if (ok) {
      lists.set(pl.id, pl);
      prefixLists.push(pl);
    }
  });
  if (reuse) prefixLists.push(...(reuse.valid.prefixLists ?? []));
  const weigh = capacityOf(lists);
  const groupOptions: GroupValidationOptions = options;
  let groups: GroupModel[] = [];
  // Each group's position in the input (with `reuse`, every group is in its place).
  const positions: number[] = [];
  const positionOf = (k: number) => (reuse ? k : positions[k]);
  // The positions (in `groups`) of the groups read now: with `reuse`, the changed ones only.
  let read: readonly number[];
  if (reuse) {
    // A valid network's groups, every one read before and kept in its place: only the changed ones are read again.
    groups = [...reuse.valid.groups];
    read = [...reuse.changed].sort((a, b) => a - b);
    for (const i of read) {
      const out = inspectGroup(model.groups[i], groupOptions, report, `groups[${i}]`, weigh, rulePositions, ruleErrors);
      // A changed group keeps the valid network's id, so it is a group still (else: read the whole network).
      if (!out) return inspectNetwork(model, options, report, rulePositions, ruleErrors, inputs);
      inputs?.set(out, model.groups[i]);
      groups[i] = out;
    }
  } else {
    model.groups.forEach((g, i) => {
      const out = inspectGroup(g, groupOptions, report, `groups[${i}]`, weigh, rulePositions, ruleErrors);
      if (out) {
        groups.push(out);
        positions.push(i);
        inputs?.set(out, g);
      }
    });
    read = groups.map((_, k) => k);
  }
  // Read again, the ids are the valid network's (one group each): its groups by id, the changed ones as read now.
  const byId: ReadonlyMap<string, GroupModel> = reuse ? reusedById(reuse, groups, read) : firstById(groups, positions, fail);
  // A group read before names the same peers, of the same types and networks.
  for (const k of read) {
    const g = groups[k];
    g.rules.forEach((r, kept) => {
      // The rule's position in the input group (invalid rules before it were left out).
      const j = rulePositions.get(g)?.[kept] ?? kept;
      const peerId = r.sourceSecurityGroupId;
      const peer = peerId === undefined ? undefined : byId.get(peerId);
      if (!peer) return;
      const at = `groups[${positionOf(k)}].rules[${j}].sourceSecurityGroupId`;
      if (peer.type === "enterprise") {
        fail(new ValidationError("enterprise-group-reference", at, peerId, "names an enterprise group, which no rule may authorise (in this account or another)", "Authorise the enterprise group's CIDR blocks or a prefix list instead."), { groupId: g.id, ruleIndex: j });
        return;
      }
      if (r.sourceGroupOwnerId !== undefined || r.sourceGroupOwnerAccount !== undefined) return;
      const here = isClassicGroup(g);
      const there = isClassicGroup(peer);
      if (here !== there) {
        fail(new ValidationError("cross-vpc-reference", at, peerId, `names ${there ? "a classic-network" : "a VPC"} group from ${here ? "a classic-network" : "a VPC"} group: a group can name another only in the same network`, "Authorise the peer's addresses instead, or put both groups in one network."), { groupId: g.id, ruleIndex: j });
      } else if (!here && typeof g.vpcId === "string" && typeof peer.vpcId === "string" && g.vpcId !== peer.vpcId) {
        fail(new ValidationError("cross-vpc-reference", at, peerId, `names group ${quote(peerId)} of ${quote(peer.vpcId)} from group ${quote(g.id)} of ${quote(g.vpcId)}: a group can name another only in the same VPC`, "Authorise the peer VPC's CIDR block (over the peering or CEN connection) or a prefix list instead."), { groupId: g.id, ruleIndex: j });
      }
    });
  }
  const maxGroups = options.maxGroupsPerInstance ?? MAX_GROUPS_PER_INSTANCE;
  const maxInterfaceRules = options.maxRulesPerInterface ?? MAX_RULES_PER_INTERFACE;
  // Each group's weight when first asked (of the last group with the id, as the counts stood).
  let lastById = byId;
  if (!reuse) {
    const last = new Map<string, GroupModel>();
    for (const g of groups) last.set(g.id, g);
    lastById = last;
  }
  const ruleWeight = new Map<string, number>();
  const weightOf = (id: string) => {
    let w = ruleWeight.get(id);
    if (w === undefined) ruleWeight.set(id, (w = lastById.get(id)?.rules.reduce((n, r) => n + weigh(r), 0) ?? 0));
    return w;
  };
  /** Whether the instance is kept (reports what is wrong with it). */
  const readInstance = (inst: InstanceModel, i: number): boolean => {
    if (typeof inst !== "object" || inst === null || Array.isArray(inst)) {
      fail(new ValidationError("invalid-object", `instances[${i}]`, inst, "must be an object", `Pass { id: "i-…", privateIp: "10.0.1.5", groups: ["sg-…"] }.`));
      return false;
    }
    const instanceId = typeof inst.id === "string" ? inst.id : undefined;
    const bad = (error: ValidationError) => fail(error, { instanceId });
    if (typeof inst.privateIp !== "string" || !parseAddress(inst.privateIp)) {
      bad(new ValidationError("invalid-cidr", `instances[${i}].privateIp`, inst.privateIp, "is not an IP address", "Give the instance's private address, e.g. \"10.0.1.5\"."));
      return false;
    }
    if (!Array.isArray(inst.groups) || inst.groups.length === 0 || inst.groups.some((id) => typeof id !== "string")) {
      bad(new ValidationError("unknown-group", `instances[${i}].groups`, inst.groups, "must name at least one group by id", "Every instance belongs to at least one security group."));
      return false;
    }
    if (inst.ipv6Addresses !== undefined) {
      if (!Array.isArray(inst.ipv6Addresses)) {
        bad(new ValidationError("invalid-object", `instances[${i}].ipv6Addresses`, inst.ipv6Addresses, "must be an array of IPv6 addresses", "Pass e.g. [\"2001:db8::5\"], or leave it out."));
        return false;
      }
      const wrong = inst.ipv6Addresses.findIndex((a) => typeof a !== "string" || parseAddress(a)?.family !== "ipv6");
      if (wrong >= 0) {
        bad(new ValidationError("invalid-cidr", `instances[${i}].ipv6Addresses[${wrong}]`, inst.ipv6Addresses[wrong], "is not an IPv6 address", "Give one address such as \"2001:db8::5\" (no prefix length)."));
        return false;
      }
    }
    const distinct = [...new Set(inst.groups)];
    if (distinct.length > maxGroups) {
      bad(new ValidationError("group-quota-exceeded", `instances[${i}].groups`, distinct.length, `of instance ${quote(inst.id)} number more than ${maxGroups}`, "Merge roles into fewer groups, or raise the limit if your account's quota allows."));
    }
    const types = new Set(distinct.map((id) => byId.get(id)?.type ?? "normal"));
    if (types.size > 1) {
      bad(new ValidationError("mixed-group-types", `instances[${i}].groups`, inst.groups, `of instance ${quote(inst.id)} mix basic and enterprise groups`, "Put the instance only in basic groups or only in enterprise groups."));
    }
    const total = distinct.reduce((n, id) => n + weightOf(id), 0);
    if (total > maxInterfaceRules) {
      bad(new ValidationError("interface-rule-quota-exceeded", `instances[${i}].groups`, total, `of instance ${quote(inst.id)} hold ${total} rules together, more than the ${maxInterfaceRules} one network interface may be governed by`, "Move rules into fewer, shared groups, or use prefix lists and group peers instead of many CIDR rules."));
    }
    return true;
  };
  const input = Array.isArray(model.instances) ? model.instances : [];
  let instances: InstanceModel[];
  if (reuse) {
    // An instance read before, none of whose groups changed, passes as it passed: only the
    // instances that hold a changed group are read again, in their order.
    const dropped = new Set<number>();
    for (const i of instancesHolding(reuse.valid, reuse.changedIds)) if (!readInstance(input[i], i)) dropped.add(i);
    // Spread, not slice: the input is frozen once indexed, and V8 slices a frozen array element by element.
    instances = dropped.size === 0 ? [...input] : input.filter((_, i) => !dropped.has(i));
  } else {
    instances = [];
    input.forEach((inst, i) => {
      if (readInstance(inst, i)) instances.push(inst);
    });
  }
  return { ...model, groups, instances, prefixLists };
}

/** Each group by id, the first of an id kept (a later one reported). */
function firstById(groups: readonly GroupModel[], positions: readonly number[], fail: (error: ValidationError, extra?: Omit<NetworkProblem, "error" | "scope">) => void): Map<string, GroupModel> {
  const byId = new Map<string, GroupModel>();
  groups.forEach((g, k) => {
    if (byId.has(g.id)) fail(new ValidationError("duplicate-id", `groups[${positions[k]}].id`, g.id, "is used by two groups", "Give each group its own id."), { groupId: g.id });
    else byId.set(g.id, g);
  });
  return byId;
}

/** Per valid network read again: its groups by id, and the positions of the instances that hold each group. */
const READ_BEFORE = new WeakMap<NetworkModel, { byId: Map<string, GroupModel>; holding: Map<string, number[]> }>();

function readBefore(valid: NetworkModel): { byId: Map<string, GroupModel>; holding: Map<string, number[]> } {
  let r = READ_BEFORE.get(valid);
  if (!r) {
    const byId = new Map(valid.groups.map((g) => [g.id, g]));
    const holding = new Map<string, number[]>();
    (valid.instances ?? []).forEach((inst, i) => {
      for (const id of new Set(inst.groups)) {
        const list = holding.get(id);
        if (list) list.push(i);
        else holding.set(id, [i]);
      }
    });
    READ_BEFORE.set(valid, (r = { byId, holding }));
  }
  return r;
}

/** The valid network's groups by id, the changed ones (at positions `read` of `groups`, read now) in their place. */
function reusedById(reuse: Reuse, groups: readonly GroupModel[], read: readonly number[]): ReadonlyMap<string, GroupModel> {
  const changed = new Map<string, GroupModel>();
  for (const k of read) changed.set(groups[k].id, groups[k]);
  return overlayMap(readBefore(reuse.valid).byId, changed);
}

/** Positions (ascending) of the valid network's instances that hold one of `ids`. */
function instancesHolding(valid: NetworkModel, ids: ReadonlySet<string>): number[] {
  const { holding } = readBefore(valid);
  const at = new Set<number>();
  for (const id of ids) for (const i of holding.get(id) ?? []) at.add(i);
  return [...at].sort((a, b) => a - b);
}

/**
 * Validates a whole network: every group (see {@link validateGroup}; prefix lists count at their
 * capacity in the 200 rules), unique group ids, no rule naming an enterprise group (in any
 * account), no group reference across networks or VPCs, prefix lists and instances well formed,
 * each instance with a valid address, known groups, at most 5 groups (configurable) of one type
 * and at most 1,000 rules over them. Returns the normalised network; throws the first problem
 * as a {@link ValidationError}. {@link networkProblems} lists them all instead.
 */
export function validateNetwork(model: NetworkModel, options: NetworkValidationOptions = {}): NetworkModel {
  return inspectNetwork(model, checkOptions(options), throwing);
}

/**
 * {@link validateNetwork} of `after`, a copy of `before` (a valid network, unchanged since it
 * was validated into `valid` with the same options) in which only the groups named in `changed`
 * may differ, and only in their rules: every other group, every instance and prefix list, and
 * every other field are the very objects of `before`. Only those groups are validated again,
 * with their references and the instances that hold them, so the cost follows the change; the
 * answer (the normalised network, or the first problem thrown) is `validateNetwork(after)`'s,
 * unchanged groups being `valid`'s objects. Undefined when `after` is no such copy.
 */
export function validateNetworkChange(before: NetworkModel, valid: NetworkModel, after: NetworkModel, changed: ReadonlySet<string>, options: NetworkValidationOptions = {}): NetworkModel | undefined {
  if (typeof after !== "object" || after === null || !Array.isArray(after.groups)) return undefined;
  const sameFields = (a: object, b: object, but: string) => {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k === but || (Object.prototype.hasOwnProperty.call(b, k) && (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]));
  };
  const n = before.groups.length;
  if (!sameFields(after, before, "groups") || after.groups.length !== n || valid.groups.length !== n) return undefined;
  if ((valid.instances?.length ?? 0) !== (before.instances?.length ?? 0) || (valid.prefixLists?.length ?? 0) !== (before.prefixLists?.length ?? 0)) return undefined;
  const at = new Set<number>();
  const ids = new Set<string>();
  for (let i = 0; i < n; i++) {
    const a = after.groups[i];
    const b = before.groups[i];
    if (a === b) continue;
    if (typeof a !== "object" || a === null || !changed.has(b.id) || !Array.isArray(a.rules) || !sameFields(a, b, "rules")) return undefined;
    at.add(i);
    ids.add(b.id);
  }
  return inspectNetwork(after, checkOptions(options), throwing, new Map(), undefined, undefined, { valid, changed: at, changedIds: ids });
}

/**
 * Every problem {@link validateNetwork} would refuse, in the order it meets them, without
 * throwing: what the checks report as `invalid-rule`, so a stack the API would refuse never
 * passes them.
 */
export function networkProblems(model: NetworkModel, options: NetworkValidationOptions = {}): NetworkProblem[] {
  const out: NetworkProblem[] = [];
  let limits: NetworkValidationOptions;
  try {
    limits = checkOptions(options);
  } catch (e) {
    return [{ error: e as ValidationError, scope: "network" }];
  }
  inspectNetwork(model, limits, (p) => out.push(p));
  return out;
}

/** A network read once without throwing: what is valid of it, every problem, and where each valid rule stood. */
export interface NetworkInspection {
  /** The network with only its valid parts, normalised as {@link validateNetwork} normalises it. */
  readonly model: NetworkModel;
  /** Every problem, as {@link networkProblems} lists them. */
  readonly problems: readonly NetworkProblem[];
  /** Per group of `model`: the position in the input group's `rules` of each rule kept. */
  readonly positions: ReadonlyMap<GroupModel, readonly number[]>;
  /** The input group each group of `model` was read from. */
  readonly inputs: ReadonlyMap<GroupModel, GroupModel>;
  /** Per input group: each refused rule's position and refusal, addressed from the group (`rules[3].portRange`). */
  readonly ruleErrors: ReadonlyMap<GroupModel, readonly { index: number; error: ValidationError }[]>;
}

/**
 * Reads a network once, as {@link networkProblems} and {@link validateNetwork} do, keeping both
 * the valid parts and every problem: for readers of a network that may be invalid (the checks),
 * so that each rule is validated once.
 */
export function inspectNetworkOnce(model: NetworkModel, options: NetworkValidationOptions = {}): NetworkInspection {
  const problems: NetworkProblem[] = [];
  const positions = new Map<GroupModel, number[]>();
  const limits = checkOptions(options);
  const ruleErrors = new Map<GroupModel, { index: number; error: ValidationError }[]>();
  const onRule = (group: GroupModel, index: number, error: ValidationError) => {
    const list = ruleErrors.get(group);
    if (list) list.push({ index, error });
    else ruleErrors.set(group, [{ index, error }]);
  };
  const inputs = new Map<GroupModel, GroupModel>();
  const valid = inspectNetwork(model, limits, (p) => problems.push(p), positions, onRule, inputs);
  return { model: valid, problems, positions, inputs, ruleErrors };
}
