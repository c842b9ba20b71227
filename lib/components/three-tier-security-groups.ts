/**
 * `ThreeTierSecurityGroups`: web, app and database groups, each admitting only the tier in
 * front of it (seed 000's three-tier plan; seed 004 cases 1-3).
 */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { SecurityGroupPlan, ThreeTierPlanArgs, planComponent, THREE_TIER } from "../plans";
import { componentType, emitPlan } from "./emit";
import { ValidationError } from "../model/errors";
import { Connections, connectionsOf, registerConnections, resolveGroups, wirePromises } from "./connections";
import { checkOwnership } from "./ownership";
import { registerPromises } from "./promises";
import type { Intent } from "../analysis/intents";

/** Arguments of {@link ThreeTierSecurityGroups}. */
export interface ThreeTierSecurityGroupsArgs extends Omit<ThreeTierPlanArgs, "vpcId"> {
  /** The VPC of the three groups. */
  vpcId: pulumi.Input<string>;
}

/**
 * Three security groups for a three-tier application. By default: web admits tcp 80 and 443
 * from anywhere; app admits only the web group on 8080; the database admits only the app group
 * on its engine's port (MySQL 3306) and drops that port from everywhere else at priority 100;
 * each tier isolates its own members (`innerAccessPolicy: "Drop"`); outbound traffic follows
 * the basic default (all allowed) unless `egress: "restricted"`.
 *
 * @example
 * const tiers = new ThreeTierSecurityGroups("shop", { vpcId: vpc.id, admin: { sources: ["203.0.113.7"] } });
 * new alicloud.ecs.Instance("web-1", { securityGroups: [tiers.webId], ... });
 */
export class ThreeTierSecurityGroups extends pulumi.ComponentResource {
  /** The web tier's group. */
  readonly web: alicloud.ecs.SecurityGroup;
  /** The application tier's group. */
  readonly app: alicloud.ecs.SecurityGroup;
  /** The database tier's group. */
  readonly db: alicloud.ecs.SecurityGroup;
  /** Id of the web tier's group. */
  readonly webId: pulumi.Output<string>;
  /** Id of the application tier's group. */
  readonly appId: pulumi.Output<string>;
  /** Id of the database tier's group. */
  readonly dbId: pulumi.Output<string>;
  /** Every rule the component created. */
  readonly rules: alicloud.ecs.SecurityGroupRule[];
  /** What the component promises (who may reach what among its groups), proved on its plan before anything was registered; selectors name the plan's placeholders. */
  readonly intents: Intent[];
  /** The guarded plan the resources were made from (placeholder ids `sg-web`, `sg-app`, `sg-db`). */
  readonly plan: SecurityGroupPlan;

  /**
   * The intent verbs of one tier: `tiers.connections("app").allowTo(redis.group, 6379)` writes
   * Redis's ingress from the app tier and, with restricted egress, the app tier's egress.
   */
  connections(tier: "web" | "app" | "db"): Connections {
    const group = tier === "web" ? this.web : tier === "app" ? this.app : tier === "db" ? this.db : undefined;
    const c = group ? connectionsOf(group) : undefined;
    if (!c) throw new ValidationError("invalid-argument", "tier", tier, "is not a tier", `Use "web", "app" or "db".`);
    return c;
  }

  /** Plans, guards, then creates the groups; throws `ValidationError` before registering anything if an argument is refused. */
  constructor(name: string, args: ThreeTierSecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
    // Group resources passed as peers become entries; the library's own groups are senders whose egress it can wire.
    const { args: planned } = resolveGroups(args);
    const plan = planComponent(THREE_TIER, name, planned);
    const claim = checkOwnership(plan);
    super(componentType(THREE_TIER), name, {}, opts);
    const out = emitPlan(this, plan, args.vpcId, claim);
    registerConnections(this, THREE_TIER, name, plan, out.groups, () => args.egress === "restricted");
    // What the component promises, for the stack's proof; the senders' egress wherever another component restricts it.
    this.intents = registerPromises(plan, out.groups);
    wirePromises(this, plan, out.groups);
    this.plan = plan;
    this.web = out.groups.get("sg-web")!;
    this.app = out.groups.get("sg-app")!;
    this.db = out.groups.get("sg-db")!;
    this.webId = this.web.id;
    this.appId = this.app.id;
    this.dbId = this.db.id;
    this.rules = out.rules;
    this.registerOutputs({ web: this.web, app: this.app, db: this.db, webId: this.webId, appId: this.appId, dbId: this.dbId });
  }
}
