/**
 * `DatabaseSecurityGroup`: one database's group, reachable only from named clients
 * (seed 004 case 3, seed 001).
 */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { DATABASE_GROUP, DatabaseGroupPlanArgs, DatabaseGroupSource, SecurityGroupPlan, planComponent } from "../plans";
import type { PeerSource } from "../plans/entries";
import { componentType, emitPlan } from "./emit";
import { Connections, connectionsOf, registerConnections, resolveGroups, wirePromises } from "./connections";
import { checkOwnership } from "./ownership";
import { registerPromises } from "./promises";
import type { Intent } from "../analysis/intents";

/** Members of a security group allowed to connect, optionally owned by another account. */
export interface DatabaseSecurityGroupSource extends Omit<DatabaseGroupSource, "securityGroupId"> {
  /** The client group's id. */
  securityGroupId: pulumi.Input<string>;
}

/** Arguments of {@link DatabaseSecurityGroup}. */
export interface DatabaseSecurityGroupArgs extends Omit<DatabaseGroupPlanArgs, "vpcId" | "sources"> {
  /** The VPC of the group. */
  vpcId: pulumi.Input<string>;
  /** Who may connect: addresses/blocks (never `/0` without allowUnsafe) or security groups. At least one. */
  sources: (PeerSource | DatabaseSecurityGroupSource)[];
}

/**
 * A group for database instances: its engine's port (MySQL 3306, PostgreSQL 5432, SQL Server
 * 1433, Oracle 1521, Redis 6379, MongoDB 27017) admits only the named addresses and groups (a
 * group of another account with `ownerId`), and a drop rule at priority 100 denies the port to
 * everyone else. Members are isolated from each other (`innerAccessPolicy: "Drop"`).
 *
 * @example
 * new DatabaseSecurityGroup("cache", { vpcId: vpc.id, engine: "redis", sources: [{ securityGroupId: web.id, name: "web" }] });
 */
export class DatabaseSecurityGroup extends pulumi.ComponentResource {
  /** The database's group. */
  readonly group: alicloud.ecs.SecurityGroup;
  /** Id of the database's group. */
  readonly groupId: pulumi.Output<string>;
  /** Every rule the component created. */
  readonly rules: alicloud.ecs.SecurityGroupRule[];
  /** What the component promises (who may reach what among its groups), proved on its plan before anything was registered; selectors name the plan's placeholders. */
  readonly intents: Intent[];
  /** The guarded plan the resources were made from (placeholder id `sg-db`). */
  readonly plan: SecurityGroupPlan;

  /** The intent verbs of the database group (`allowFrom`, `allowTo`). */
  get connections(): Connections {
    return connectionsOf(this.group) as Connections;
  }

  /** Plans, guards, then creates the group; throws `ValidationError` before registering anything if an argument is refused. */
  constructor(name: string, args: DatabaseSecurityGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    // Group resources passed as peers become entries; the library's own groups are senders whose egress it can wire.
    const { args: planned } = resolveGroups(args);
    const plan = planComponent(DATABASE_GROUP, name, planned);
    const claim = checkOwnership(plan);
    super(componentType(DATABASE_GROUP), name, {}, opts);
    const out = emitPlan(this, plan, args.vpcId, claim);
    registerConnections(this, DATABASE_GROUP, name, plan, out.groups, () => false);
    // What the component promises, for the stack's proof; the senders' egress wherever another component restricts it.
    this.intents = registerPromises(plan, out.groups);
    wirePromises(this, plan, out.groups);
    this.plan = plan;
    this.group = out.groups.get("sg-db")!;
    this.groupId = this.group.id;
    this.rules = out.rules;
    this.registerOutputs({ group: this.group, groupId: this.groupId });
  }
}
