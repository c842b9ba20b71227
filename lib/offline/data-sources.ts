/**
 * Offline answers to data sources (`get…` functions). Common Alibaba Cloud lookups return
 * plausible, documented placeholder results; the VPC, vSwitch and security-group lookups return
 * one item (never an empty list: a group built from `ids[0]` would otherwise look classic);
 * any other data source returns an empty result of its declared shape (lists empty).
 *
 * | data source | placeholder |
 * |---|---|
 * | `getZones` (and `get…Zones`) of any service | three zones, `cn-hangzhou-i`, `-j`, `-k` (or the zone asked for) |
 * | `getRegions` | the configured `alicloud:region`, else `cn-hangzhou` |
 * | `ecs.getImages` | `ubuntu_22_04_x64_20G_alibase_20240101.vhd` (linux, x86_64) |
 * | `ecs.getInstanceTypes` | `ecs.g7.large` (2 vCPU, 8 GiB) in the placeholder zone |
 * | `ecs.getKeyPairs` | `placeholder-key-pair` |
 * | `getAccount`, `getCallerIdentity` | account `1234567890123456` |
 * | `vpc.getNetworks` | one VPC `vpc-placeholder`, 172.16.0.0/12 |
 * | `vpc.getSwitches` | one vSwitch `vsw-placeholder`, 172.16.0.0/24, in the VPC and zone asked for |
 * | `ecs.getSecurityGroups` | one basic group `sg-placeholder` in the VPC asked for |
 * | `resourcemanager.getResourceGroups` | one resource group `rg-placeholder` |
 */
import { PropertySchema } from "./schema";

/** The region a plan assumes when the configuration names none. */
export const PLACEHOLDER_REGION = "cn-hangzhou";
/** The zone every zone lookup answers. */
export const PLACEHOLDER_ZONE = "cn-hangzhou-i";
/** The account id of `getAccount` and `getCallerIdentity`. */
export const PLACEHOLDER_ACCOUNT = "1234567890123456";

/** What a placeholder answer needs to know about the run. */
export interface PlaceholderContext {
  /** The configured `alicloud:region`, if any. */
  region?: string;
}

type Answer = (args: Record<string, unknown>, ctx: PlaceholderContext) => Record<string, unknown>;

const str = (v: unknown, fallback: string): string => (typeof v === "string" && v !== "" ? v : fallback);

/** The zones every zone lookup answers (a region has several; programs spread vSwitches over them). */
export const PLACEHOLDER_ZONES = ["cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"];

const zones: Answer = (args) => {
  const ids = typeof args.zoneId === "string" && args.zoneId !== "" ? [args.zoneId] : PLACEHOLDER_ZONES;
  return {
    ids,
    zones: ids.map((id) => ({ id, zoneId: id, localName: `Hangzhou Zone ${id.slice(-1).toUpperCase()}`, zoneIds: [id], multiZoneIds: [], slaveZoneId: "", availableInstanceTypes: ["ecs.g7.large"], availableResourceCreations: ["VSwitch", "Instance", "Disk", "Rds", "Slb"], availableDiskCategories: ["cloud_essd", "cloud_efficiency"] })),
  };
};

const ANSWERS: Record<string, Answer> = {
  "alicloud:index/getRegions:getRegions": (args, ctx) => {
    const id = str(args.name, ctx.region ?? PLACEHOLDER_REGION);
    return { ids: [id], regions: [{ id, regionId: id, localName: "China (Hangzhou)" }] };
  },
  "alicloud:ecs/getImages:getImages": () => {
    const id = "ubuntu_22_04_x64_20G_alibase_20240101.vhd";
    return { ids: [id], images: [{ id, imageId: id, name: id, osType: "linux", osName: "Ubuntu 22.04 64 bit", platform: "Ubuntu", architecture: "x86_64", status: "Available", size: 20 }] };
  },
  "alicloud:ecs/getInstanceTypes:getInstanceTypes": (args) => {
    const id = str(args.instanceType, "ecs.g7.large");
    return { ids: [id], instanceTypes: [{ id, family: "ecs.g7", cpuCoreCount: 2, memorySize: 8, eniAmount: 3, availabilityZones: [str(args.availabilityZone, PLACEHOLDER_ZONE)], gpu: { amount: "0", category: "" }, burstableInstance: { initialCredit: "", baselineCredit: "" }, localStorage: { amount: "0", capacity: "0", category: "" }, price: "0" }] };
  },
  "alicloud:ecs/getKeyPairs:getKeyPairs": () => ({ ids: ["placeholder-key-pair"], names: ["placeholder-key-pair"], keyPairs: [{ id: "placeholder-key-pair", keyName: "placeholder-key-pair", keyPairName: "placeholder-key-pair", fingerPrint: "00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00", instances: [], tags: {} }] }),
  "alicloud:index/getAccount:getAccount": () => ({ id: PLACEHOLDER_ACCOUNT }),
  "alicloud:index/getCallerIdentity:getCallerIdentity": () => ({ id: PLACEHOLDER_ACCOUNT, accountId: PLACEHOLDER_ACCOUNT, arn: `acs:ram::${PLACEHOLDER_ACCOUNT}:root`, identityType: "Account", principalId: PLACEHOLDER_ACCOUNT }),
  "alicloud:vpc/getNetworks:getNetworks": (args, ctx) => {
    const id = "vpc-placeholder";
    return { ids: [id], names: ["placeholder-vpc"], vpcs: [{ id, vpcId: id, vpcName: "placeholder-vpc", cidrBlock: str(args.cidrBlock, "172.16.0.0/12"), status: "Available", isDefault: false, regionId: ctx.region ?? PLACEHOLDER_REGION, vswitchIds: ["vsw-placeholder"], routeTableId: "vtb-placeholder", vrouterId: "vrt-placeholder", ipv6CidrBlock: "", secondaryCidrBlocks: [], userCidrs: [], tags: {} }] };
  },
  "alicloud:vpc/getSwitches:getSwitches": (args) => {
    const id = "vsw-placeholder";
    const zone = str(args.zoneId, PLACEHOLDER_ZONE);
    return { ids: [id], names: ["placeholder-vswitch"], vswitches: [{ id, vswitchId: id, vswitchName: "placeholder-vswitch", name: "placeholder-vswitch", cidrBlock: str(args.cidrBlock, "172.16.0.0/24"), vpcId: str(args.vpcId, "vpc-placeholder"), zoneId: zone, status: "Available", availableIpAddressCount: 252, isDefault: false, ipv6CidrBlock: "", tags: {} }] };
  },
  "alicloud:ecs/getSecurityGroups:getSecurityGroups": (args) => {
    const id = "sg-placeholder";
    return { ids: [id], names: ["placeholder-group"], groups: [{ id, securityGroupId: id, name: "placeholder-group", securityGroupName: "placeholder-group", vpcId: str(args.vpcId, "vpc-placeholder"), securityGroupType: "normal", innerAccess: true, description: "", tags: {} }] };
  },
  "alicloud:resourcemanager/getResourceGroups:getResourceGroups": () => {
    const id = "rg-placeholder";
    return { ids: [id], names: ["placeholder-resource-group"], groups: [{ id, resourceGroupName: "placeholder-resource-group", displayName: "placeholder-resource-group", accountId: PLACEHOLDER_ACCOUNT, status: "OK" }] };
  },
};

/** Any service's zone lookup: `getZones`, `getResolverZones`, … */
const ZONE_LOOKUP = /^alicloud:[a-z0-9]+\/get(\w*)Zones:get\1Zones$/;

/** True when `token` is one of the documented lookups (any service's `getZones` included). */
export function hasPlaceholder(token: string): boolean {
  return token in ANSWERS || ZONE_LOOKUP.test(token);
}

/** The documented placeholder result of a common lookup, or `undefined` when it has none. */
export function placeholderResult(token: string, args: Record<string, unknown>, ctx: PlaceholderContext): Record<string, unknown> | undefined {
  const answer = ANSWERS[token] ?? (ZONE_LOOKUP.test(token) ? zones : undefined);
  return answer?.(args, ctx);
}

/** The empty result of a data source of the declared shape: lists empty, maps empty, the rest absent. */
export function emptyResult(schema: PropertySchema | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, kind] of schema ?? []) {
    if (kind === "string[]" || kind === "number[]" || kind === "object[]") out[name] = [];
    else if (kind === "record") out[name] = {};
  }
  return out;
}
