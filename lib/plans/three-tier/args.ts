/**
 * The arguments of ThreeTierSecurityGroups: its three tiers, admin access, egress, and the names
 * of every key (the planner refuses any other).
 */
import { GroupType, InnerAccessPolicy } from "../../model/network";
import { DatabaseEngine } from "../../model/services";
import { PeerSource } from "../entries";
import { keyList } from "../key-list";
import { GroupIdRef } from "../placeholders";
import { PortEntry } from "../ports";
import { UnsafeOptIn } from "../unsafe";

/** Component type name. */
export const THREE_TIER = "ThreeTierSecurityGroups";

/** A tier of the three-tier plan. */
export type Tier = "web" | "app" | "db";
/** The tiers, front to back. */
export const TIERS: readonly Tier[] = ["web", "app", "db"];

/** The web tier. */
export interface WebTierArgs {
  /** Ports the web tier serves: numbers (tcp), `"udp:443"`, `"tcp:8000-8080"`, `"icmp"` or `Port` values. @default [80, 443] */
  ports?: PortEntry[];
  /** Who may reach them: IPv4/IPv6 blocks or addresses, `{ cidr, name }`, or a group (an SLB's: `{ securityGroupId, ownerId?, name? }`). @default ["0.0.0.0/0"] (an admin or database port here needs allowUnsafe) */
  sources?: PeerSource[];
  /** The web tier's vSwitch CIDR blocks (`"10.0.1.0/24"` or `{ cidr: vsw.cidrBlock, name: "web-a" }`); required with `groupType: "enterprise"`, refused otherwise. @default none */
  cidrs?: PeerSource[];
}

/** The application tier. */
export interface AppTierArgs {
  /** Ports the app tier serves to the web tier (numbers are tcp; `"udp:123"`, `"tcp:8000-8080"`, `"icmp"` or `Port` values). @default [8080] */
  ports?: PortEntry[];
  /** Further peers allowed in on those ports (an internal load balancer's vSwitch or group); never `/0` without allowUnsafe. @default [] */
  sources?: PeerSource[];
  /** The app tier's vSwitch CIDR blocks; required with `groupType: "enterprise"`, refused otherwise. @default none */
  cidrs?: PeerSource[];
}

/** The database tier. */
export interface DbTierArgs {
  /** Engine, for its default port. @default "mysql" */
  engine?: DatabaseEngine;
  /** Ports the database serves to the app tier (numbers are tcp). @default the engine's port */
  ports?: PortEntry[];
  /** Further peers allowed in on those ports; never `/0` without allowUnsafe. @default [] */
  sources?: PeerSource[];
  /** The database tier's vSwitch CIDR blocks; required with `groupType: "enterprise"`, refused otherwise. @default none */
  cidrs?: PeerSource[];
}

/** SSH/RDP from named addresses. */
export interface TierAdminArgs {
  /** The administrators' addresses or blocks (each no wider than `maxPrefix`), or a bastion's group (`{ securityGroupId, name? }`). */
  sources: PeerSource[];
  /** Ports: 22 for SSH, 3389 for RDP (numbers are tcp). @default [22] */
  ports?: PortEntry[];
  /** Widest IPv4 source accepted, as a prefix length. @default 32 (single addresses) */
  maxPrefix?: number;
  /** Widest IPv6 source accepted, as a prefix length. @default 128 (single addresses) */
  maxPrefixIpv6?: number;
  /** Tiers that admit admin access. @default ["web", "app", "db"] */
  tiers?: Tier[];
}

/** `default`: the group type's own egress (basic: everything allowed). `restricted`: each tier reaches only the next tier, the rest is dropped. */
export type EgressMode = "default" | "restricted";

/** Arguments of {@link planThreeTier} (the component's arguments, minus deploy-time types). */
export interface ThreeTierPlanArgs {
  /** The VPC of the three groups (required; optional here only so the planner can report it missing). @default none */
  vpcId?: GroupIdRef;
  /** The web tier. @default { ports: [80, 443], sources: ["0.0.0.0/0"] } */
  web?: WebTierArgs;
  /** The application tier. @default { ports: [8080] } */
  app?: AppTierArgs;
  /** The database tier. @default { engine: "mysql" } (port 3306) */
  db?: DbTierArgs;
  /** SSH/RDP access from named addresses. @default none */
  admin?: TierAdminArgs;
  /** `normal` (basic) or `enterprise` groups. @default "normal" */
  groupType?: GroupType;
  /** Whether members of one tier reach each other: one policy, or one per tier. Basic groups only. @default "Drop" for every tier */
  innerAccessPolicy?: InnerAccessPolicy | Partial<Record<Tier, InnerAccessPolicy>>;
  /** Outbound traffic. @default "default" (basic: all outbound allowed; enterprise: only what the tiers need) */
  egress?: EgressMode;
  /** Tags added to every group (`managed-by`, `component` and `role` are always set). @default {} */
  tags?: Record<string, string>;
  /** Opts in to unsafe rules (an admin or database port open to every address), with the reason. @default none */
  allowUnsafe?: UnsafeOptIn;
}

export const THREE_TIER_KEYS = keyList<ThreeTierPlanArgs>({ vpcId: true, web: true, app: true, db: true, admin: true, groupType: true, innerAccessPolicy: true, egress: true, tags: true, allowUnsafe: true });
export const WEB_TIER_KEYS = keyList<WebTierArgs>({ ports: true, sources: true, cidrs: true });
export const APP_TIER_KEYS = keyList<AppTierArgs>({ ports: true, sources: true, cidrs: true });
export const DB_TIER_KEYS = keyList<DbTierArgs>({ engine: true, ports: true, sources: true, cidrs: true });
export const ADMIN_KEYS = keyList<TierAdminArgs>({ sources: true, ports: true, maxPrefix: true, maxPrefixIpv6: true, tiers: true });
