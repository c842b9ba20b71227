/**
 * Reading resource properties that may not be known yet. During `pulumi preview` the policy
 * engine wraps properties in a proxy that throws when a value is unknown; test harnesses and
 * mocks leave such values `undefined`. Either way, what is unknown is skipped, never guessed.
 */
import { RuleArgs } from "./rule";

/** A resource as a stack policy (or a mock, or a state file) shows it. */
export interface ResourceSnapshot {
  /** Type token, e.g. `alicloud:ecs/securityGroupRule:SecurityGroupRule`. */
  type: string;
  /** The resource's URN. */
  urn?: string;
  /** The resource's logical name. */
  name?: string;
  /** Its properties (inputs or outputs). */
  props: Record<string, unknown>;
  /** The resources each property was computed from (CrossGuard's `propertyDependencies`). */
  propertyDependencies?: Record<string, readonly { urn: string }[]>;
}

/** Token of `alicloud.ecs.SecurityGroup`. */
export const SECURITY_GROUP_TYPE = "alicloud:ecs/securityGroup:SecurityGroup";
/** Token of `alicloud.ecs.SecurityGroupRule`. */
export const SECURITY_GROUP_RULE_TYPE = "alicloud:ecs/securityGroupRule:SecurityGroupRule";
/** Token of `alicloud.ecs.Instance`. */
export const INSTANCE_TYPE = "alicloud:ecs/instance:Instance";
/** Token of `alicloud.ecs.EcsNetworkInterface`. */
export const NETWORK_INTERFACE_TYPE = "alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface";
/** Token of `alicloud.vpc.PrefixList`. */
export const VPC_PREFIX_LIST_TYPE = "alicloud:vpc/prefixList:PrefixList";
/** Token of `alicloud.ecs.EcsPrefixList`. */
export const ECS_PREFIX_LIST_TYPE = "alicloud:ecs/ecsPrefixList:EcsPrefixList";

/** Token of `alicloud.vpc.NetworkInterface` (the deprecated network interface). */
export const VPC_NETWORK_INTERFACE_TYPE = "alicloud:vpc/networkInterface:NetworkInterface";
/** Tokens of network-interface attachments (`networkInterfaceId` to `instanceId`). */
export const NETWORK_INTERFACE_ATTACHMENT_TYPES = ["alicloud:ecs/ecsNetworkInterfaceAttachment:EcsNetworkInterfaceAttachment", "alicloud:vpc/networkInterfaceAttachment:NetworkInterfaceAttachment"] as const;
/** Tokens of launch templates: the instances launched from one join its groups. */
export const LAUNCH_TEMPLATE_TYPES = ["alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate", "alicloud:ecs/launchTemplate:LaunchTemplate"] as const;
/** Tokens of scaling configurations: the instances a scaling group launches join its groups. */
export const SCALING_CONFIGURATION_TYPES = ["alicloud:ess/scalingConfiguration:ScalingConfiguration", "alicloud:ess/eciScalingConfiguration:EciScalingConfiguration"] as const;
/** Tokens of elastic IP addresses (`ipAddress`). */
export const EIP_TYPES = ["alicloud:ecs/eipAddress:EipAddress", "alicloud:ecs/eip:Eip"] as const;
/** Tokens of EIP associations (`allocationId` to `instanceId`). */
export const EIP_ASSOCIATION_TYPES = ["alicloud:ecs/eipAssociation:EipAssociation"] as const;

/** The type tokens the library reads, by role. */
export const RESOURCE_TYPES = {
  securityGroup: SECURITY_GROUP_TYPE,
  securityGroupRule: SECURITY_GROUP_RULE_TYPE,
  instance: INSTANCE_TYPE,
  ecsNetworkInterface: NETWORK_INTERFACE_TYPE,
  vpcPrefixList: VPC_PREFIX_LIST_TYPE,
  ecsPrefixList: ECS_PREFIX_LIST_TYPE,
} as const;

/** Marks a value the engine does not know yet. */
export const UNKNOWN: unique symbol = Symbol("unknown");

/** Reads `obj[key]`: `UNKNOWN` when the engine's proxy refuses (an unknown value), `undefined` when there is no object. */
export function readProp(obj: unknown, key: string | number): unknown {
  if (obj === null || (typeof obj !== "object" && typeof obj !== "function")) return undefined;
  try {
    return (obj as Record<string | number, unknown>)[key];
  } catch {
    return UNKNOWN;
  }
}

/** A known, non-empty string, or undefined. */
export function knownString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The elements of a known array (unknown elements as `UNKNOWN`), `UNKNOWN` for an unknown array, or undefined. */
export function readArray(obj: unknown, key: string): unknown[] | typeof UNKNOWN | undefined {
  const value = readProp(obj, key);
  if (value === UNKNOWN) return UNKNOWN;
  if (!Array.isArray(value)) return undefined;
  let length: number;
  try {
    length = value.length;
  } catch {
    return UNKNOWN;
  }
  const out: unknown[] = [];
  for (let i = 0; i < length; i++) out.push(readProp(value, i));
  return out;
}

const RULE_FIELDS = [
  "type",
  "ipProtocol",
  "portRange",
  "nicType",
  "policy",
  "priority",
  "cidrIp",
  "ipv6CidrIp",
  "sourceSecurityGroupId",
  "sourceGroupOwnerId",
  "sourceGroupOwnerAccount",
  "prefixListId",
  "description",
] as const;

/** The peer fields of a rule. */
export const PEER_FIELDS = ["cidrIp", "ipv6CidrIp", "sourceSecurityGroupId", "prefixListId"] as const;

/** A rule read from resource properties: the known fields, and the names of the unknown ones. */
export interface RuleRead {
  /** Known fields, in `RuleArgs` form (not validated). */
  rule: Partial<RuleArgs>;
  /** Fields whose values are unknown; `peer` when no peer field is known, `portRange` when a tcp/udp rule has none. */
  unknown: Set<string>;
}

/**
 * Reads a `SecurityGroupRule`'s properties. A value the engine marks unknown is listed in
 * `unknown`; so are the required fields that read `undefined` (`type`, `ipProtocol`, every
 * peer field, a tcp/udp `portRange`), since during preview an unresolved input may arrive so.
 */
export function readRule(props: unknown, absentIsUnknown = true): RuleRead {
  const rule: Record<string, unknown> = {};
  const unknown = new Set<string>();
  for (const f of RULE_FIELDS) {
    const v = readProp(props, f);
    if (v === UNKNOWN) {
      if (f !== "description") unknown.add(f);
    } else if (v !== undefined && v !== null && v !== "") rule[f] = v;
  }
  // Outside a preview (a mock run, a state file) an absent value is absent, not unknown.
  if (!absentIsUnknown) return { rule: rule as Partial<RuleArgs>, unknown };
  if (rule.type === undefined && !unknown.has("type")) unknown.add("type");
  if (rule.ipProtocol === undefined && !unknown.has("ipProtocol")) unknown.add("ipProtocol");
  if (PEER_FIELDS.every((f) => rule[f] === undefined) && !PEER_FIELDS.some((f) => unknown.has(f))) unknown.add("peer");
  if ((rule.ipProtocol === "tcp" || rule.ipProtocol === "udp") && rule.portRange === undefined && !unknown.has("portRange")) unknown.add("portRange");
  return { rule: rule as Partial<RuleArgs>, unknown };
}

/** URNs the property was computed from. */
export function dependencyUrns(resource: ResourceSnapshot, prop: string): string[] {
  const deps = readProp(resource.propertyDependencies, prop);
  if (!Array.isArray(deps)) return [];
  return deps.map((d) => knownString(readProp(d, "urn"))).filter((u): u is string => u !== undefined);
}
