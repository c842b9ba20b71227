/**
 * Security groups, instances and networks as plain data: what the checks and the evaluator
 * read, whoever wrote the rules.
 */
import { ValidationError } from "./errors";
import { parseAddress, parseCidr } from "./ip";
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
  /** @default "Accept" for basic groups; not allowed on enterprise groups (always isolated) */
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

const NAME_CHARS = /^[\p{L}][\p{L}\p{N}:_.\- ]*$/u;

function checkText(field: string, value: unknown, min: number, max: number, what: string): void {
  if (value === undefined) return;
  if (typeof value !== "string" || value.length < min || value.length > max) {
    throw new ValidationError(field === "name" ? "invalid-name" : "invalid-description", field, value, `must be ${min} to ${max} characters`, `Give the ${what} a ${min}..${max} character text.`);
  }
  if (/^https?:\/\//i.test(value)) {
    throw new ValidationError(field === "name" ? "invalid-name" : "invalid-description", field, value, "may not start with http:// or https://", `Start the ${what} with a word.`);
  }
}

/**
 * Validates a group and every rule in it, and returns it normalised (type `normal`, inner
 * access `Accept` for basic groups, rules normalised, `nicType` `intranet` in a VPC). Refuses:
 * an unknown type or policy, an inner access policy on an enterprise group, a security-group
 * peer in an enterprise group, `internet` rules in a VPC group, more than 200 rules, more than
 * 20 referenced groups in a basic group, and names or descriptions the API refuses.
 */
export function validateGroup(group: GroupModel, options: GroupValidationOptions = {}): GroupModel {
  if (typeof group !== "object" || group === null || Array.isArray(group)) {
    throw new ValidationError("invalid-object", "group", group, "must be an object", "Pass { id, rules: [...] }.");
  }
  const g = group as unknown as Record<string, unknown>;
  if (typeof g.id !== "string" || g.id === "") {
    throw new ValidationError("invalid-id", "id", g.id, "must be a non-empty string", "Give the group its id (sg-…) or a stable label.");
  }
  const type = g.type ?? "normal";
  if (type !== "normal" && type !== "enterprise") {
    throw new ValidationError("invalid-group-type", "type", type, "is not a group type", `Use "normal" (basic) or "enterprise" (advanced).`);
  }
  let innerAccessPolicy = g.innerAccessPolicy as InnerAccessPolicy | undefined;
  if (type === "enterprise") {
    if (innerAccessPolicy !== undefined) {
      throw new ValidationError("invalid-inner-access-policy", "innerAccessPolicy", innerAccessPolicy, "does not apply to an enterprise group, whose members are always isolated", "Remove innerAccessPolicy, or use a basic (normal) group.");
    }
  } else {
    innerAccessPolicy ??= "Accept";
    if (innerAccessPolicy !== "Accept" && innerAccessPolicy !== "Drop") {
      const near = typeof innerAccessPolicy === "string" ? ["Accept", "Drop"].find((v) => v.toLowerCase() === String(innerAccessPolicy).toLowerCase()) : undefined;
      throw new ValidationError("invalid-inner-access-policy", "innerAccessPolicy", innerAccessPolicy, "is not an inner access policy", near ? `Write it as "${near}" (capitalised).` : `Use "Accept" or "Drop".`);
    }
  }
  checkText("name", g.name, 2, 128, "group name");
  if (typeof g.name === "string" && !NAME_CHARS.test(g.name)) {
    throw new ValidationError("invalid-name", "name", g.name, "must start with a letter and hold only letters, digits, ':', '_', '.', '-'", "Rename the group, e.g. \"web-tier\".");
  }
  checkText("description", g.description, 2, 256, "group description");
  if (!Array.isArray(g.rules)) {
    throw new ValidationError("invalid-object", "rules", g.rules, "must be an array of rules", "Pass rules: [] for a group without rules.");
  }
  const maxRules = options.maxRules ?? MAX_RULES_PER_GROUP;
  if (g.rules.length > maxRules) {
    throw new ValidationError("rule-quota-exceeded", "rules", g.rules.length, `of group ${JSON.stringify(g.id)} number more than the quota of ${maxRules}`, "Split the group by role, or use a prefix list or a security group as the peer instead of many CIDR rules.");
  }
  const vpcId = g.vpcId as string | undefined;
  const referenced = new Set<string>();
  const rules = (g.rules as RuleArgs[]).map((rule, i) => {
    let r: RuleArgs;
    try {
      r = validateRule(rule);
    } catch (e) {
      throw e instanceof ValidationError ? e.withFieldPrefix(`rules[${i}]`) : e;
    }
    if (r.sourceSecurityGroupId !== undefined) {
      if (type === "enterprise") {
        throw new ValidationError("enterprise-group-reference", `rules[${i}].sourceSecurityGroupId`, r.sourceSecurityGroupId, `names a security group, which enterprise group ${JSON.stringify(g.id)} cannot authorise`, "Authorise the peer's CIDR block (e.g. its vSwitch) or a prefix list instead.");
      }
      referenced.add(`${r.sourceGroupOwnerId ?? r.sourceGroupOwnerAccount ?? ""}/${r.sourceSecurityGroupId}`);
    }
    if (vpcId !== undefined) {
      if (r.nicType === "internet") {
        throw new ValidationError("nic-type-mismatch", `rules[${i}].nicType`, r.nicType, `is "internet", but group ${JSON.stringify(g.id)} is in a VPC, where every rule is "intranet"`, `Set nicType to "intranet" or omit it: in a VPC one intranet rule governs Internet and internal traffic.`);
      }
      r = { ...r, nicType: "intranet" };
    }
    return r;
  });
  const maxRefs = options.maxReferencedGroups ?? MAX_REFERENCED_GROUPS;
  if (type === "normal" && referenced.size > maxRefs) {
    throw new ValidationError("group-reference-quota-exceeded", "rules", referenced.size, `of group ${JSON.stringify(g.id)} reference more than ${maxRefs} other security groups`, "Put the peers in one shared group and authorise that group instead.");
  }
  const out: GroupModel = { ...(group as GroupModel), type, rules };
  if (innerAccessPolicy !== undefined) out.innerAccessPolicy = innerAccessPolicy;
  return out;
}

/** Options of {@link validateNetwork}. */
export interface NetworkValidationOptions extends GroupValidationOptions {
  /** Most groups per instance. @default 5 */
  maxGroupsPerInstance?: number;
}

/**
 * Validates a whole network: every group (see {@link validateGroup}), unique group ids, no
 * rule naming an enterprise group, instances with a valid address, known groups, at most 5
 * groups each (configurable), and all of one type. Returns the normalised network.
 */
export function validateNetwork(model: NetworkModel, options: NetworkValidationOptions = {}): NetworkModel {
  if (typeof model !== "object" || model === null || !Array.isArray(model.groups)) {
    throw new ValidationError("invalid-object", "model", model, "must be an object with a groups array", "Pass { groups: [...], instances: [...] }.");
  }
  const groups = model.groups.map((g, i) => {
    try {
      return validateGroup(g, options);
    } catch (e) {
      throw e instanceof ValidationError ? e.withFieldPrefix(`groups[${i}]`) : e;
    }
  });
  const byId = new Map<string, GroupModel>();
  groups.forEach((g, i) => {
    if (byId.has(g.id)) throw new ValidationError("duplicate-id", `groups[${i}].id`, g.id, "is used by two groups", "Give each group its own id.");
    byId.set(g.id, g);
  });
  groups.forEach((g, i) =>
    g.rules.forEach((r, j) => {
      const peer = r.sourceSecurityGroupId && byId.get(r.sourceSecurityGroupId);
      if (peer && peer.type === "enterprise" && !r.sourceGroupOwnerId && !r.sourceGroupOwnerAccount) {
        throw new ValidationError("enterprise-group-reference", `groups[${i}].rules[${j}].sourceSecurityGroupId`, r.sourceSecurityGroupId, "names an enterprise group, which no rule may authorise", "Authorise the enterprise group's CIDR blocks or a prefix list instead.");
      }
    }),
  );
  const maxGroups = options.maxGroupsPerInstance ?? MAX_GROUPS_PER_INSTANCE;
  const instances = (model.instances ?? []).map((inst, i) => {
    if (!parseAddress(inst.privateIp)) {
      throw new ValidationError("invalid-cidr", `instances[${i}].privateIp`, inst.privateIp, "is not an IP address", "Give the instance's private address, e.g. \"10.0.1.5\".");
    }
    if (!Array.isArray(inst.groups) || inst.groups.length === 0) {
      throw new ValidationError("unknown-group", `instances[${i}].groups`, inst.groups, "must name at least one group", "Every instance belongs to at least one security group.");
    }
    if (inst.groups.length > maxGroups) {
      throw new ValidationError("group-quota-exceeded", `instances[${i}].groups`, inst.groups.length, `of instance ${JSON.stringify(inst.id)} number more than ${maxGroups}`, "Merge roles into fewer groups, or raise the limit if your account's quota allows.");
    }
    const types = new Set(inst.groups.map((id) => byId.get(id)?.type ?? "normal"));
    if (types.size > 1) {
      throw new ValidationError("mixed-group-types", `instances[${i}].groups`, inst.groups, "mixes basic and enterprise groups", "Put the instance only in basic groups or only in enterprise groups.");
    }
    return inst;
  });
  (model.prefixLists ?? []).forEach((pl, i) =>
    pl.cidrs.forEach((c, j) => {
      if (!parseCidr(c)) throw new ValidationError("invalid-cidr", `prefixLists[${i}].cidrs[${j}]`, c, "is not a CIDR block", "Write entries such as \"10.0.0.0/16\".");
    }),
  );
  return { ...model, groups, instances, prefixLists: model.prefixLists ?? [] };
}
