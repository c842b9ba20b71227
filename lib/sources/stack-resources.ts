/**
 * Turns the resources of a stack (security groups, their rules, instances, network interfaces
 * and prefix lists) into a `NetworkModel`, keeping track of which resource each group, rule
 * and instance came from. Pure: no engine, no Pulumi runtime.
 *
 * Groups are linked to their rules through `propertyDependencies` (the rule's
 * `securityGroupId` was computed from the group) or, failing that, by id. A group whose id is
 * not known yet (a new group in a preview) gets a stable label `sg-pending-<name>`; a rule
 * naming a group outside the stack gets a group of its own, whose network type is unknown.
 */
import { GROUP_USERS } from "../model/group-users";

/** Associates an EIP with an instance or network interface: the target has a public address. */
const EIP_ASSOCIATION_TYPE = "alicloud:ecs/eipAssociation:EipAssociation";
import { createdGroupNetwork } from "../model/group-network";
import { GroupModel, GroupUse, InstanceModel, NetworkModel, PrefixListModel } from "../model/network";
import { addressFamily } from "../model/ip";
import { RuleArgs } from "../model/rule";
import {
  EIP_ASSOCIATION_TYPES,
  EIP_TYPES,
  LAUNCH_TEMPLATE_TYPES,
  NETWORK_INTERFACE_ATTACHMENT_TYPES,
  SCALING_CONFIGURATION_TYPES,
  VPC_NETWORK_INTERFACE_TYPE,
  ECS_PREFIX_LIST_TYPE,
  INSTANCE_TYPE,
  NETWORK_INTERFACE_TYPE,
  ResourceSnapshot,
  SECURITY_GROUP_RULE_TYPE,
  SECURITY_GROUP_TYPE,
  UNKNOWN,
  VPC_PREFIX_LIST_TYPE,
  dependencyUrns,
  knownString,
  readArray,
  readProp,
  readRule,
} from "../model/resource-props";

/** A network read from a stack, and where each part came from. */
export interface StackNetwork {
  /** The network, with what is known. */
  network: NetworkModel;
  /** Group id → URN of its `SecurityGroup` (groups outside the stack have none). */
  groupUrns: ReadonlyMap<string, string>;
  /** Group id → URN of the `SecurityGroupRule` behind each of its rules, by index. */
  ruleUrns: ReadonlyMap<string, readonly string[]>;
  /** Instance id → URN of its `Instance` or `EcsNetworkInterface`. */
  instanceUrns: ReadonlyMap<string, string>;
  /** Groups outside the stack: their network type (VPC or classic) and other rules are unknown. */
  outside: ReadonlySet<string>;
  /** Rules left out because their group, peer, protocol, ports, policy or priority is unknown. */
  skippedRules: number;
  /** Those rules: the resource, the parts that could be read, and why it was left out. */
  skipped: readonly { resource: ResourceSnapshot; rule: Partial<RuleArgs>; reason: string }[];
  /** Prefix list id → URN of its resource. */
  prefixListUrns: ReadonlyMap<string, string>;
  /** True when the stack holds any security group, rule, instance or network interface. */
  relevant: boolean;
}

/** Options of {@link readStack}. */
export interface ReadStackOptions {
  /**
   * Read an absent rule property (type, protocol, ports, peer) as not known yet, as a preview
   * shows it, and skip the rule; with `false` (a mock run or a state file) such a rule is kept
   * as written, for validation to refuse. @default true
   */
  absentIsUnknown?: boolean;
}

interface GroupEntry {
  resource: ResourceSnapshot;
  id?: string;
  model?: GroupModel;
  ruleUrns: string[];
}

interface ListEntry {
  resource: ResourceSnapshot;
  id?: string;
}

const has = (list: readonly string[], type: string): boolean => list.includes(type);

/** What joins security groups: the properties naming its groups, its address, the prefix of its placeholder id. */
const MEMBER_PROPS: Record<string, { groups: string[]; ip: string[]; prefix: string }> = {
  [INSTANCE_TYPE]: { groups: ["securityGroups"], ip: ["privateIp"], prefix: "i" },
  [NETWORK_INTERFACE_TYPE]: { groups: ["securityGroupIds", "securityGroups"], ip: ["primaryIpAddress"], prefix: "eni" },
  [VPC_NETWORK_INTERFACE_TYPE]: { groups: ["securityGroups"], ip: ["privateIp", "privateIpAddress"], prefix: "eni" },
  [LAUNCH_TEMPLATE_TYPES[0]]: { groups: ["securityGroupIds", "securityGroupId", "networkInterfaces.securityGroupId"], ip: ["privateIpAddress", "privateIp"], prefix: "lt" },
  [LAUNCH_TEMPLATE_TYPES[1]]: { groups: ["securityGroupId"], ip: ["privateIp"], prefix: "lt" },
  [SCALING_CONFIGURATION_TYPES[0]]: { groups: ["securityGroupIds", "securityGroupId"], ip: ["privateIp"], prefix: "asc" },
  [SCALING_CONFIGURATION_TYPES[1]]: { groups: ["securityGroupId"], ip: ["privateIp"], prefix: "asc" },
};
const MEMBER_TYPES = new Set(Object.keys(MEMBER_PROPS));

/** The group ids a member names through its group properties (a list, or one id; `a.b` reads a nested object). */
function memberGroups(r: ResourceSnapshot, props: readonly string[]): { ids: string[]; unknownCount: number; rawLength: number; rawUnknown: boolean } {
  const ids: string[] = [];
  let unknownCount = 0;
  let rawLength = 0;
  let rawUnknown = false;
  for (const prop of props) {
    const [head, tail] = prop.split(".");
    const holder = tail === undefined ? r.props : readProp(r.props, head);
    const key = tail ?? head;
    const single = readProp(holder, key);
    if (single === UNKNOWN) {
      rawUnknown = true;
      continue;
    }
    const raw = typeof single === "string" ? [single] : readArray(holder, key);
    if (raw === UNKNOWN) {
      rawUnknown = true;
      continue;
    }
    if (!Array.isArray(raw)) continue;
    let counted = 0;
    for (const v of raw) {
      const id = knownString(v);
      if (id) {
        if (!ids.includes(id)) ids.push(id);
        counted++;
      } else if (v === UNKNOWN) {
        unknownCount++;
        counted++;
      }
    }
    rawLength = Math.max(rawLength, ids.length + unknownCount, counted);
  }
  return { ids, unknownCount, rawLength, rawUnknown };
}

/** A resource's `tags` whose values are known strings, or undefined when it has none. Keys are data: a tag keyed __proto__ stays a tag (an object without a prototype). */
function tagsOf(props: unknown): Record<string, string> | undefined {
  const tags = readProp(props, "tags");
  if (!tags || typeof tags !== "object" || Array.isArray(tags)) return undefined;
  const known = Object.create(null) as Record<string, string>;
  let count = 0;
  for (const k of Object.keys(tags)) {
    const v = readProp(tags, k);
    if (typeof v === "string") {
      known[k] = v;
      count++;
    }
  }
  return count > 0 ? known : undefined;
}

function resourceName(r: ResourceSnapshot, index: number): string {
  const name = knownString(r.name) ?? (knownString(r.urn) ? (r.urn as string).split("::").pop() : undefined) ?? `${index}`;
  return name.replace(/[^0-9A-Za-z_-]+/g, "-").replace(/^-+/, "") || `${index}`;
}

function uniqueLabel(prefix: string, name: string, taken: Set<string>): string {
  let label = `${prefix}-pending-${name}`;
  for (let n = 2; taken.has(label); n++) label = `${prefix}-pending-${name}-${n}`;
  taken.add(label);
  return label;
}

/** The known CIDRs of a prefix list's entries (`[{ cidr, description }]`). */
function entryCidrs(props: unknown, key: string): string[] {
  const list = readArray(props, key);
  if (!Array.isArray(list)) return [];
  return list.map((e) => knownString(readProp(e, "cidr"))).filter((c): c is string => c !== undefined);
}

/** Reads a stack's resources; see {@link networkFromResources}. Unknown values are skipped, never guessed. */
export function readStack(resources: readonly ResourceSnapshot[], options: ReadStackOptions = {}): StackNetwork {
  const list = Array.isArray(resources) ? resources.filter((r) => r && typeof r === "object" && typeof r.type === "string") : [];
  const groups: GroupEntry[] = [];
  const lists: ListEntry[] = [];
  const groupByUrn = new Map<string, GroupEntry>();
  const listByUrn = new Map<string, ListEntry>();
  const rules: ResourceSnapshot[] = [];
  const nics: ResourceSnapshot[] = [];
  const attachments: ResourceSnapshot[] = [];
  const eips: ResourceSnapshot[] = [];
  const eipAssociations: ResourceSnapshot[] = [];
  for (const r of list) {
    if (r.type === SECURITY_GROUP_TYPE) {
      const g: GroupEntry = { resource: r, id: knownString(readProp(r.props, "id")), ruleUrns: [] };
      groups.push(g);
      if (r.urn) groupByUrn.set(r.urn, g);
    } else if (r.type === VPC_PREFIX_LIST_TYPE || r.type === ECS_PREFIX_LIST_TYPE) {
      const l: ListEntry = { resource: r, id: knownString(readProp(r.props, "id")) };
      lists.push(l);
      if (r.urn) listByUrn.set(r.urn, l);
    } else if (r.type === SECURITY_GROUP_RULE_TYPE) rules.push(r);
    else if (MEMBER_TYPES.has(r.type)) nics.push(r);
    else if (has(NETWORK_INTERFACE_ATTACHMENT_TYPES, r.type)) attachments.push(r);
    else if (has(EIP_TYPES, r.type)) eips.push(r);
    else if (has(EIP_ASSOCIATION_TYPES, r.type)) eipAssociations.push(r);
  }
  const depGroup = (r: ResourceSnapshot, prop: string) => dependencyUrns(r, prop).map((u) => groupByUrn.get(u)).find((g) => g !== undefined);
  const depList = (r: ResourceSnapshot, prop: string) => dependencyUrns(r, prop).map((u) => listByUrn.get(u)).find((l) => l !== undefined);

  // Learn ids the groups' own outputs lack from the rules that name them.
  for (const r of rules) {
    const sgId = knownString(readProp(r.props, "securityGroupId"));
    const g = depGroup(r, "securityGroupId");
    if (g && !g.id && sgId) g.id = sgId;
    const plId = knownString(readProp(r.props, "prefixListId"));
    const l = depList(r, "prefixListId");
    if (l && !l.id && plId) l.id = plId;
  }
  const taken = new Set<string>([...groups, ...lists].map((e) => e.id).filter((id): id is string => id !== undefined));
  groups.forEach((g, i) => (g.id ??= uniqueLabel("sg", resourceName(g.resource, i), taken)));
  lists.forEach((l, i) => (l.id ??= uniqueLabel("pl", resourceName(l.resource, i), taken)));

  const groupById = new Map<string, GroupEntry>();
  for (const g of groups) {
    const p = g.resource.props;
    const model: GroupModel = { id: g.id as string, rules: [] };
    const name = knownString(readProp(p, "securityGroupName")) ?? knownString(readProp(p, "name"));
    if (name) model.name = name;
    const description = knownString(readProp(p, "description"));
    if (description) model.description = description;
    const type = readProp(p, "securityGroupType");
    if (type === "normal" || type === "enterprise") model.type = type;
    const inner = readProp(p, "innerAccessPolicy");
    if (inner === "Accept" || inner === "Drop") model.innerAccessPolicy = inner;
    else {
      // The deprecated boolean form of the same setting.
      const innerAccess = readProp(p, "innerAccess");
      if (typeof innerAccess === "boolean") model.innerAccessPolicy = innerAccess ? "Accept" : "Drop";
    }
    const vpcId = readProp(p, "vpcId");
    const tags = tagsOf(p);
    if (tags) model.tags = tags;
    // A created group says which network it is in (lib/model/group-network.ts).
    if (createdGroupNetwork(vpcId) === "classic") model.network = "classic";
    else if (vpcId === UNKNOWN) model.vpcId = "vpc-pending";
    else if (knownString(vpcId)) model.vpcId = vpcId as string;
    g.model = model;
    if (!groupById.has(model.id)) groupById.set(model.id, g);
  }
  const outside = new Set<string>();
  const groupFor = (r: ResourceSnapshot): GroupEntry | undefined => {
    const byDep = depGroup(r, "securityGroupId");
    if (byDep) return byDep;
    const id = knownString(readProp(r.props, "securityGroupId"));
    if (!id) return undefined;
    let g = groupById.get(id);
    if (!g) {
      g = { resource: { type: SECURITY_GROUP_TYPE, props: {} }, id, model: { id, rules: [] }, ruleUrns: [] };
      groupById.set(id, g);
      groups.push(g);
      outside.add(id);
    }
    return g;
  };

  let skippedRules = 0;
  const skipped: { resource: ResourceSnapshot; rule: Partial<RuleArgs>; reason: string }[] = [];
  let placeholders = 0;
  for (const r of rules) {
    const g = groupFor(r);
    const { rule, unknown } = readRule(r.props, options.absentIsUnknown ?? true);
    // A peer group or prefix list that is not known yet is named by the resource it comes from.
    if (unknown.has("sourceSecurityGroupId")) {
      unknown.delete("sourceSecurityGroupId");
      rule.sourceSecurityGroupId = depGroup(r, "sourceSecurityGroupId")?.id ?? `sg-pending-peer-${++placeholders}`;
    }
    if (unknown.has("prefixListId")) {
      unknown.delete("prefixListId");
      rule.prefixListId = depList(r, "prefixListId")?.id ?? `pl-pending-peer-${++placeholders}`;
    }
    // An owner account not known yet reads as the same account.
    unknown.delete("sourceGroupOwnerId");
    unknown.delete("sourceGroupOwnerAccount");
    if (!g || unknown.size > 0) {
      skippedRules++;
      skipped.push({ resource: r, rule, reason: !g ? "the group it belongs to is not known" : `its ${[...unknown].sort().join(", ")} ${unknown.size === 1 ? "is" : "are"} not known` });
      continue;
    }
    (g.model as GroupModel).rules.push(rule as RuleArgs);
    g.ruleUrns.push(r.urn ?? "");
  }

  // Instances (by id or URN) an EIP is associated with.
  const eipTargets = new Set<string>();
  for (const r of list) {
    if (r.type !== EIP_ASSOCIATION_TYPE) continue;
    const target = knownString(readProp(r.props, "instanceId"));
    if (target) eipTargets.add(target);
    for (const u of dependencyUrns(r, "instanceId")) eipTargets.add(u);
  }
  const instances: InstanceModel[] = [];
  const instanceUrns = new Map<string, string>();
  // Public addresses: an EIP associated with an instance or interface, by id.
  const eipAddress = new Map<string, string>();
  for (const e of eips) {
    const id = knownString(readProp(e.props, "id"));
    if (id) eipAddress.set(id, knownString(readProp(e.props, "ipAddress")) ?? "");
  }
  const publicByMember = new Map<string, string | true>();
  for (const a of eipAssociations) {
    const member = knownString(readProp(a.props, "instanceId"));
    const allocation = knownString(readProp(a.props, "allocationId"));
    if (member) publicByMember.set(member, (allocation && eipAddress.get(allocation)) || true);
  }
  const attachedTo = new Map<string, string>();
  for (const a of attachments) {
    const nic = knownString(readProp(a.props, "networkInterfaceId"));
    const instance = knownString(readProp(a.props, "instanceId"));
    if (nic && instance) attachedTo.set(nic, instance);
  }
  const instanceNames = new Map<string, string>();
  for (const r of nics) {
    const id = knownString(readProp(r.props, "id"));
    if (r.type === INSTANCE_TYPE && id) instanceNames.set(id, knownString(r.name) ?? id);
  }

  nics.forEach((r, i) => {
    const member = MEMBER_PROPS[r.type];
    const { ids, unknownCount, rawLength, rawUnknown } = memberGroups(r, member.groups);
    const fromDeps = member.groups
      .flatMap((prop) => dependencyUrns(r, prop))
      .map((u) => groupByUrn.get(u)?.id)
      .filter((id): id is string => id !== undefined);
    // Unknown entries are the groups the property depends on; count placeholders for the rest so quotas still see them.
    if (unknownCount > 0 || rawUnknown) for (const id of fromDeps) if (!ids.includes(id)) ids.push(id);
    for (let n = ids.length; n < rawLength; n++) ids.push(`sg-pending-member-${++placeholders}`);
    if (ids.length === 0) return;
    const id = knownString(readProp(r.props, "id")) ?? uniqueLabel(member.prefix, resourceName(r, i), taken);
    const ip = member.ip.map((p) => knownString(readProp(r.props, p))).find((v) => v !== undefined) ?? "";
    const model: InstanceModel = { id, privateIp: ip, groups: ids };
    const name = knownString(r.name) ?? (knownString(r.urn) ? (r.urn as string).split("::").pop() : undefined);
    const host = attachedTo.get(id);
    if (name) model.name = host ? `${name} (on ${instanceNames.get(host) ?? host})` : name;
    const bandwidth = readProp(r.props, "internetMaxBandwidthOut");
    const eip = publicByMember.get(id);
    if (eip !== undefined) model.publicIp = eip;
    else if (typeof bandwidth === "number" && bandwidth > 0) model.publicIp = knownString(readProp(r.props, "publicIp")) ?? true;
    const tags = tagsOf(r.props);
    if (tags) model.tags = tags;
    // Its IPv6 addresses: it is reached over IPv6 only at these.
    const v6 = readProp(r.props, "ipv6Addresses");
    const ipv6 = Array.isArray(v6) ? v6.map((a) => knownString(a)).filter((a): a is string => a !== undefined && addressFamily(a) === "ipv6" && !a.includes("/")) : [];
    if (ipv6.length > 0) model.ipv6Addresses = ipv6;
    instances.push(model);
    if (r.urn) instanceUrns.set(id, r.urn);
  });

  // Everything else that names a group (launch templates, node pools, load balancers…) uses it.
  const groupUses: GroupUse[] = [];
  const known = new Map([...groupById.values()].map((g) => [(g.model as GroupModel).id, g]));
  list.forEach((r, i) => {
    // A type read from a file is data: only the table's own entries count (not `constructor`).
    const props = Object.prototype.hasOwnProperty.call(GROUP_USERS, r.type) ? GROUP_USERS[r.type] : undefined;
    if (!props || r.type === INSTANCE_TYPE || r.type === NETWORK_INTERFACE_TYPE) return;
    const ids = new Set<string>();
    const scan = (v: unknown, depth: number): void => {
      if (depth > 4) return;
      if (typeof v === "string" && known.has(v)) ids.add(v);
      else if (Array.isArray(v)) v.forEach((x) => scan(x, depth + 1));
      else if (v && typeof v === "object") for (const k of Object.keys(v)) scan(readProp(v, k), depth + 1);
    };
    for (const p of props) {
      scan(readProp(r.props, p), 0);
      for (const u of dependencyUrns(r, p)) {
        const id = groupByUrn.get(u)?.id;
        if (id) ids.add(id);
      }
    }
    if (ids.size > 0) groupUses.push({ type: r.type, name: resourceName(r, i), groups: [...ids] });
  });

  const prefixLists: PrefixListModel[] = lists.map((l) => {
    const p = l.resource.props;
    const cidrs = entryCidrs(p, l.resource.type === VPC_PREFIX_LIST_TYPE ? "entrys" : "entries");
    const max = readProp(p, "maxEntries");
    const model: PrefixListModel = { id: l.id as string, cidrs };
    if (typeof max === "number" && Number.isInteger(max) && max > 0) model.maxEntries = max;
    return model;
  });

  const prefixListUrns = new Map<string, string>();
  for (const l of lists) if (l.resource.urn && !prefixListUrns.has(l.id as string)) prefixListUrns.set(l.id as string, l.resource.urn);
  const groupUrns = new Map<string, string>();
  const ruleUrns = new Map<string, string[]>();
  for (const g of groups) {
    const id = (g.model as GroupModel).id;
    if (g.resource.urn) groupUrns.set(id, g.resource.urn);
    ruleUrns.set(id, g.ruleUrns);
  }
  return {
    network: { groups: groups.map((g) => g.model as GroupModel), instances, prefixLists, ...(groupUses.length > 0 ? { groupUses } : {}) },
    groupUrns,
    ruleUrns,
    instanceUrns,
    outside,
    skippedRules,
    skipped,
    prefixListUrns,
    relevant: groups.length > 0 || rules.length > 0 || nics.length > 0,
  };
}

/**
 * Builds a `NetworkModel` from stack resources (`{ type, urn?, props }`, e.g. CrossGuard's
 * `args.resources` or mocked resources): security groups, their rules, instances
 * (`securityGroups`, `privateIp`), network interfaces (`securityGroupIds`,
 * `primaryIpAddress`) and prefix lists. What is unknown (during a preview) is left out: a rule
 * whose group, peer address, protocol, ports, policy or priority is unknown is skipped; an
 * instance whose address is unknown gets `privateIp: ""`.
 */
export function networkFromResources(resources: readonly ResourceSnapshot[]): NetworkModel {
  return readStack(resources).network;
}
