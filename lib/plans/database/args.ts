/**
 * The arguments of DatabaseSecurityGroup, and the names of every key (the planner refuses any
 * other).
 */
import { GroupType, InnerAccessPolicy } from "../../model/network";
import { DatabaseEngine } from "../../model/services";
import { PeerSource } from "../entries";
import { keyList } from "../key-list";
import { GroupIdRef } from "../placeholders";
import { PortEntry } from "../ports";
import { UnsafeOptIn } from "../unsafe";

/** Component type name. */
export const DATABASE_GROUP = "DatabaseSecurityGroup";

/** Members of a security group allowed in, optionally owned by another account. */
export interface DatabaseGroupSource {
  /** The client group's id (`sg-…`, or the id output of a group resource). */
  securityGroupId: GroupIdRef;
  /** Numeric id of the Alibaba Cloud account that owns the group, when it is another account. @default the caller's account */
  ownerId?: string;
  /** Short name, used in child names; required when `securityGroupId` is known only at deploy time. @default the group id */
  name?: string;
}

/** One database client: an IPv4/IPv6 block or address, `{ cidr, name }`, or a security group. */
export type DatabaseSource = PeerSource;

/** Arguments of {@link planDatabaseGroup} (the component's arguments, minus deploy-time types). */
export interface DatabaseGroupPlanArgs {
  /** The VPC of the group (required; optional here only so the planner can report it missing). @default none */
  vpcId?: GroupIdRef;
  /** Engine, for its default port. @default "mysql" */
  engine?: DatabaseEngine;
  /** Ports the database serves (numbers are tcp; `"tcp:5432-5433"` or `Port` values too). @default the engine's port */
  ports?: PortEntry[];
  /** Who may connect: addresses/blocks (never `/0` without allowUnsafe) or security groups. At least one. */
  sources: DatabaseSource[];
  /** `normal` (basic) or `enterprise` (then sources must be addresses). @default "normal" */
  groupType?: GroupType;
  /** Whether database instances in the group reach each other. Basic groups only. @default "Drop" */
  innerAccessPolicy?: InnerAccessPolicy;
  /** Priority of the drop rule for everyone else, 2..100 (the accepts use 1). @default 100 */
  denyPriority?: number;
  /** Tags added to the group (`managed-by`, `component` and `role` are always set). @default {} */
  tags?: Record<string, string>;
  /** Opts in to a database port open to every address, with the reason. @default none */
  allowUnsafe?: UnsafeOptIn;
}

export const DATABASE_KEYS = keyList<DatabaseGroupPlanArgs>({ vpcId: true, engine: true, ports: true, sources: true, groupType: true, innerAccessPolicy: true, denyPriority: true, tags: true, allowUnsafe: true });
export const GROUP_SOURCE_KEYS = keyList<DatabaseGroupSource>({ securityGroupId: true, ownerId: true, name: true });
