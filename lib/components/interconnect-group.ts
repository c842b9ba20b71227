/**
 * `InterconnectGroup`: instances that reach each other, by any of seed 000's four methods.
 */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { INTERCONNECT, InterconnectMember, InterconnectPlanArgs, SecurityGroupPlan, planComponent } from "../plans";
import { componentType, emitPlan } from "./emit";
import { resolveGroups, wirePromises } from "./connections";
import { checkOwnership } from "./ownership";
import { registerPromises } from "./promises";
import type { Intent } from "../analysis/intents";

/** One instance to interconnect. */
export interface InterconnectGroupMember extends Omit<InterconnectMember, "securityGroupId"> {
  /** The member's own group; required for `single-ip` and `group-authorization`, optional for `dedicated-group`, refused for `same-group`. @default none */
  securityGroupId?: pulumi.Input<string>;
}

/** Arguments of {@link InterconnectGroup}. */
export interface InterconnectGroupArgs extends Omit<InterconnectPlanArgs, "vpcId" | "members"> {
  /** The VPC of the group `same-group` and `dedicated-group` create (required for them, unused by the other methods). @default none */
  vpcId?: pulumi.Input<string>;
  /** The instances to interconnect: at least two. */
  members: InterconnectGroupMember[];
}

/**
 * Interconnects instances. `same-group` / `dedicated-group` create one basic group (output
 * `group`) whose members reach each other: on everything by default (`innerAccessPolicy:
 * "Accept"`, a deliberate open interconnect), or only on `ports` (`Drop` plus a rule admitting
 * the group itself). `single-ip` writes `/32` rules between the members' groups;
 * `group-authorization` authorises each member's group on every other member's group, across
 * accounts with `sourceGroupOwnerId`. These two need `ports` (or allowUnsafe to open every port).
 *
 * @example
 * new InterconnectGroup("db-sync", { method: "group-authorization", ports: [3306],
 *   members: [{ name: "primary", securityGroupId: a.id }, { name: "replica", securityGroupId: b.id }] });
 */
export class InterconnectGroup extends pulumi.ComponentResource {
  /** The group `same-group` and `dedicated-group` create; `undefined` for the other methods. */
  readonly group?: alicloud.ecs.SecurityGroup;
  /** Id of that group; `undefined` for the other methods. */
  readonly groupId?: pulumi.Output<string>;
  /** Every rule the component created. */
  readonly rules: alicloud.ecs.SecurityGroupRule[];
  /** What the component promises (who may reach what among its groups), proved on its plan before anything was registered; selectors name the plan's placeholders. */
  readonly intents: Intent[];
  /** The guarded plan the resources were made from. */
  readonly plan: SecurityGroupPlan;

  /** Plans, guards, then creates the group or rules; throws `ValidationError` before registering anything if an argument is refused. */
  constructor(name: string, args: InterconnectGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    // Group resources passed as peers become entries; the library's own groups are senders whose egress it can wire.
    const { args: planned } = resolveGroups(args);
    const plan = planComponent(INTERCONNECT, name, planned);
    const claim = checkOwnership(plan);
    super(componentType(INTERCONNECT), name, {}, opts);
    const out = emitPlan(this, plan, args.vpcId, claim);
    // What the component promises, for the stack's proof; the senders' egress wherever another component restricts it.
    this.intents = registerPromises(plan, out.groups);
    wirePromises(this, plan, out.groups);
    this.plan = plan;
    this.group = out.groups.get("sg-interconnect");
    this.groupId = this.group?.id;
    this.rules = out.rules;
    this.registerOutputs({ group: this.group, groupId: this.groupId });
  }
}
