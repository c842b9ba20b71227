/**
 * The argument names of every component, per object, written as records over the argument
 * interfaces' keys so that the compiler refuses a list that misses or invents one. The planners
 * refuse any other key with a did-you-mean: a misspelt option would otherwise be ignored.
 */
import type { AppTierArgs, DbTierArgs, ThreeTierPlanArgs, TierAdminArgs, WebTierArgs } from "./three-tier";
import type { DatabaseGroupPlanArgs, DatabaseGroupSource } from "./database";
import type { InterconnectMember, InterconnectPlanArgs } from "./interconnect";
import type { WorkbenchAccessPlanArgs } from "./workbench";
import type { OutboundWhitelistPlanArgs, WhitelistDestination } from "./outbound-whitelist";

type Keys<T> = Record<keyof Required<T>, true>;
const keys = <T>(record: Keys<T>): readonly string[] => Object.keys(record);

export const THREE_TIER_KEYS = keys<ThreeTierPlanArgs>({ vpcId: true, web: true, app: true, db: true, admin: true, groupType: true, innerAccessPolicy: true, egress: true, tags: true, allowUnsafe: true });
export const WEB_TIER_KEYS = keys<WebTierArgs>({ ports: true, sources: true, cidrs: true });
export const APP_TIER_KEYS = keys<AppTierArgs>({ ports: true, sources: true, cidrs: true });
export const DB_TIER_KEYS = keys<DbTierArgs>({ engine: true, ports: true, sources: true, cidrs: true });
export const ADMIN_KEYS = keys<TierAdminArgs>({ sources: true, ports: true, maxPrefix: true, maxPrefixIpv6: true, tiers: true });
export const DATABASE_KEYS = keys<DatabaseGroupPlanArgs>({ vpcId: true, engine: true, ports: true, sources: true, groupType: true, innerAccessPolicy: true, denyPriority: true, tags: true, allowUnsafe: true });
export const GROUP_SOURCE_KEYS = keys<DatabaseGroupSource>({ securityGroupId: true, ownerId: true, name: true });
export const INTERCONNECT_KEYS = keys<InterconnectPlanArgs>({ method: true, vpcId: true, members: true, ports: true, protocol: true, maxGroupsPerInstance: true, tags: true, allowUnsafe: true });
export const MEMBER_KEYS = keys<InterconnectMember>({ name: true, securityGroupId: true, privateIp: true, accountId: true, groupType: true, otherGroups: true, existingRules: true });
export const WORKBENCH_KEYS = keys<WorkbenchAccessPlanArgs>({ securityGroupId: true, os: true, ports: true, via: true, workbenchCidrs: true, adminSources: true, maxAdminPrefix: true, maxAdminPrefixIpv6: true, groupType: true, network: true, existingRules: true, allowUnsafe: true });
export const WORKBENCH_CIDR_KEYS: readonly string[] = ["public", "private"];
export const WHITELIST_KEYS = keys<OutboundWhitelistPlanArgs>({ securityGroupId: true, destinations: true, denyAllPriority: true, denyAll: true, allowPriority: true, groupType: true, network: true, existingRules: true });
export const DESTINATION_KEYS = keys<WhitelistDestination>({ cidr: true, ipv6Cidr: true, prefixListId: true, prefixListMaxEntries: true, securityGroupId: true, ownerId: true, ports: true, protocol: true, name: true });
