/**
 * The arguments of OutboundWhitelist: its destinations and priorities, and the names of every
 * key (the planner refuses any other).
 */
import { GroupNetwork, GroupType } from "../../model/network";
import { keyList } from "../key-list";
import { GroupIdRef } from "../placeholders";
import { PortEntry } from "../ports";

/** Component type name. */
export const OUTBOUND_WHITELIST = "OutboundWhitelist";

/** One allowed destination: exactly one of `cidr`, `ipv6Cidr`, `prefixListId`, `securityGroupId`. */
export interface WhitelistDestination {
  /** An IPv4 (or, as a literal, IPv6) block or address; a value known only at deploy time needs a `name`. @default none */
  cidr?: string | object;
  /** An IPv6 block or address; a value known only at deploy time needs a `name`. @default none */
  ipv6Cidr?: string | object;
  /** A prefix list (`pl-…`). @default none */
  prefixListId?: string;
  /** Capacity (`maxEntries`) of the prefix list: it counts that many rules against the group's quota. @default 1 */
  prefixListMaxEntries?: number;
  /** Members of a security group (basic groups only). @default none */
  securityGroupId?: GroupIdRef;
  /** Numeric id of the account owning `securityGroupId`, when it is another account. @default the caller's account */
  ownerId?: string;
  /** Ports allowed to the destination, at least one: numbers (of `protocol`), `"udp:123"`, `"tcp:8000-8080"`, `"icmp"` or `Port` values. */
  ports: PortEntry[];
  /** The protocol of numeric ports: `tcp` or `udp`. @default "tcp" */
  protocol?: "tcp" | "udp";
  /** Short name, used in child names and descriptions (needed for a value known only at deploy time). @default the destination itself */
  name?: string;
}

/** Arguments of {@link planOutboundWhitelist} (the component's arguments, minus deploy-time types). */
export interface OutboundWhitelistPlanArgs {
  /** The group whose outbound traffic is restricted. */
  securityGroupId: GroupIdRef;
  /** Where members may connect to. */
  destinations: WhitelistDestination[];
  /** Priority of the drop-all egress rule. @default 100 (lowest precedence, leaving room for rules in between) */
  denyAllPriority?: number;
  /**
   * Whether to write the drop-all egress rules. `false` writes only the accepts, for a group whose
   * egress another component already restricts (ThreeTier `egress: "restricted"`). @default true
   */
  denyAll?: boolean;
  /** Priority of the accept rules; must beat (be smaller than) `denyAllPriority`. @default 1 */
  allowPriority?: number;
  /** Type of the group (enterprise groups take no security-group destinations). @default "normal" */
  groupType?: GroupType;
  /**
   * The group's network. A classic-network group gets each rule with the nic type its
   * destination needs, and the drop-all on both; it has no IPv6. @default "vpc"
   */
  network?: GroupNetwork;
  /** Rules the group already holds, counted against its quota of 200. @default 0 */
  existingRules?: number;
}

export const WHITELIST_KEYS = keyList<OutboundWhitelistPlanArgs>({ securityGroupId: true, destinations: true, denyAllPriority: true, denyAll: true, allowPriority: true, groupType: true, network: true, existingRules: true });
export const DESTINATION_KEYS = keyList<WhitelistDestination>({ cidr: true, ipv6Cidr: true, prefixListId: true, prefixListMaxEntries: true, securityGroupId: true, ownerId: true, ports: true, protocol: true, name: true });
