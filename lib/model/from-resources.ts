/**
 * Builds a {@link NetworkModel} from resource properties as Pulumi sees them (stack resources
 * in a policy pack, mock registrations in tests, a preview): any code's groups and rules, not
 * only this library's. Pure: takes plain `{ type, id, props }` records.
 */
import { GroupModel, InnerAccessPolicy, InstanceModel, NetworkModel, PrefixListModel } from "./network";
import { RuleArgs } from "./rule";

/** Type tokens read by {@link networkFromResources}. */
export const RESOURCE_TYPES = {
  securityGroup: "alicloud:ecs/securityGroup:SecurityGroup",
  securityGroupRule: "alicloud:ecs/securityGroupRule:SecurityGroupRule",
  instance: "alicloud:ecs/instance:Instance",
  ecsNetworkInterface: "alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface",
  vpcNetworkInterface: "alicloud:vpc/networkInterface:NetworkInterface",
  ecsPrefixList: "alicloud:ecs/ecsPrefixList:EcsPrefixList",
  vpcPrefixList: "alicloud:vpc/prefixList:PrefixList",
} as const;

/** One resource: its type token, its cloud id (or a stand-in), its properties, and its name. */
export interface ResourceRecord {
  /** Type token, e.g. `alicloud:ecs/securityGroup:SecurityGroup`. */
  type: string;
  /** The resource's id; for groups this is what rules reference. */
  id?: string;
  /** Logical name. */
  name?: string;
  /** Input or output properties; unknown values are `undefined` and are skipped. */
  props: Record<string, unknown>;
}

/** Where each modelled rule came from: the rule resource's name, by group id and rule index. */
export type RuleOrigins = Map<string, (string | undefined)[]>;

const RULE_FIELDS = ["type", "ipProtocol", "portRange", "nicType", "policy", "priority", "cidrIp", "ipv6CidrIp", "sourceSecurityGroupId", "sourceGroupOwnerId", "sourceGroupOwnerAccount", "prefixListId", "description"] as const;

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined;
}

function tagsOf(value: unknown): Record<string, string> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
  return out;
}

function innerPolicy(props: Record<string, unknown>): InnerAccessPolicy | undefined {
  const p = str(props.innerAccessPolicy);
  if (p === "Accept" || p === "Drop") return p;
  if (typeof props.innerAccess === "boolean") return props.innerAccess ? "Accept" : "Drop";
  return undefined;
}

/** Copies the rule properties of a `SecurityGroupRule`, leaving out unknown and empty values. */
export function ruleFromProps(props: Record<string, unknown>): RuleArgs {
  const rule: Record<string, unknown> = {};
  for (const f of RULE_FIELDS) {
    const v = props[f];
    if (v !== undefined && v !== null && v !== "") rule[f] = v;
  }
  return rule as unknown as RuleArgs;
}

/**
 * Reads groups, rules, instances, network interfaces and prefix lists out of resource records.
 * Rules whose group is not among the records get a group of their own (id only), so nothing is
 * lost; rules or members whose group id is still unknown are skipped. Rules keep their
 * registration order; `origins` records each rule's resource name.
 */
export function networkFromResources(records: readonly ResourceRecord[]): { network: NetworkModel; origins: RuleOrigins } {
  const groups = new Map<string, GroupModel>();
  const origins: RuleOrigins = new Map();
  const instances: InstanceModel[] = [];
  const prefixLists: PrefixListModel[] = [];

  const groupOf = (id: string): GroupModel => {
    let g = groups.get(id);
    if (!g) {
      g = { id, rules: [] };
      groups.set(id, g);
      origins.set(id, []);
    }
    return g;
  };

  for (const r of records) {
    const p = r.props ?? {};
    switch (r.type) {
      case RESOURCE_TYPES.securityGroup: {
        if (!r.id) break;
        const g = groupOf(r.id);
        const name = str(p.securityGroupName) ?? str(p.name);
        if (name) g.name = name;
        const description = str(p.description);
        if (description) g.description = description;
        const type = str(p.securityGroupType);
        if (type === "normal" || type === "enterprise") g.type = type;
        const inner = innerPolicy(p);
        if (inner) g.innerAccessPolicy = inner;
        const vpcId = str(p.vpcId);
        if (vpcId) g.vpcId = vpcId;
        const tags = tagsOf(p.tags);
        if (tags) g.tags = tags;
        break;
      }
      case RESOURCE_TYPES.securityGroupRule: {
        const gid = str(p.securityGroupId);
        if (!gid) break;
        groupOf(gid).rules.push(ruleFromProps(p));
        origins.get(gid)!.push(r.name);
        break;
      }
      case RESOURCE_TYPES.instance:
      case RESOURCE_TYPES.ecsNetworkInterface:
      case RESOURCE_TYPES.vpcNetworkInterface: {
        const sgs = strings(p.securityGroups) ?? strings(p.securityGroupIds);
        const ip = str(p.privateIp) ?? str(p.primaryIpAddress) ?? str(p.privateIpAddress);
        if (!r.id || !sgs || sgs.length === 0 || !ip) break;
        instances.push({ id: r.id, privateIp: ip, groups: [...sgs] });
        break;
      }
      case RESOURCE_TYPES.ecsPrefixList:
      case RESOURCE_TYPES.vpcPrefixList: {
        if (!r.id) break;
        const entries = (Array.isArray(p.entries) ? p.entries : Array.isArray(p.entrys) ? p.entrys : []) as unknown[];
        const cidrs = entries.map((e) => (typeof e === "object" && e !== null ? str((e as Record<string, unknown>).cidr) : undefined)).filter((c): c is string => c !== undefined);
        const pl: PrefixListModel = { id: r.id, cidrs };
        if (typeof p.maxEntries === "number") pl.maxEntries = p.maxEntries;
        prefixLists.push(pl);
        break;
      }
      default:
        break;
    }
  }
  return { network: { groups: [...groups.values()], instances, prefixLists }, origins };
}
