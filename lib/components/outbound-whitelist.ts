/**
 * `OutboundWhitelist`: a group's outbound traffic limited to named destinations
 * (seed 004 case 6).
 */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { OUTBOUND_WHITELIST, OutboundWhitelistPlanArgs, SecurityGroupPlan, WhitelistDestination, planComponent } from "../plans";
import { componentType, emitPlan } from "./emit";
import { registerWhitelist, resolveGroups, wirePromises } from "./connections";
import { checkOwnership } from "./ownership";
import { registerPromises } from "./promises";
import type { Intent } from "../analysis/intents";

/** One allowed destination: exactly one of `cidr`, `prefixListId`, `securityGroupId`. */
export interface OutboundWhitelistDestination extends Omit<WhitelistDestination, "securityGroupId"> {
  /** Members of a security group (basic groups only). @default none */
  securityGroupId?: pulumi.Input<string>;
}

/** Arguments of {@link OutboundWhitelist}. */
export interface OutboundWhitelistArgs extends Omit<OutboundWhitelistPlanArgs, "securityGroupId" | "destinations"> {
  /** The group whose outbound traffic is restricted: its id, or the group resource itself (`tiers.app`, `workers`). */
  securityGroupId: pulumi.Input<string> | alicloud.ecs.SecurityGroup;
  /** Where members may connect to. */
  destinations: OutboundWhitelistDestination[];
}

/**
 * Turns a group's outbound traffic into a whitelist: one accept egress rule per destination
 * and port at `allowPriority` (1), and a drop-all egress rule (`all`, 0.0.0.0/0, plus ::/0 when
 * a destination is IPv6) at `denyAllPriority` (100, so rules can be placed in between).
 *
 * @example
 * new OutboundWhitelist("egress", { securityGroupId: tiers.app, destinations: [{ cidr: "47.96.0.10", ports: [80] }] });
 */
export class OutboundWhitelist extends pulumi.ComponentResource {
  /** Every rule the component created. */
  readonly rules: alicloud.ecs.SecurityGroupRule[];
  /** What the component promises (who may reach what among its groups), proved on its plan before anything was registered; selectors name the plan's placeholders. */
  readonly intents: Intent[];
  /** The guarded plan the resources were made from. */
  readonly plan: SecurityGroupPlan;

  /** Plans, guards, then creates the rules; throws `ValidationError` before registering anything if an argument is refused. */
  constructor(name: string, args: OutboundWhitelistArgs, opts?: pulumi.ComponentResourceOptions) {
    // Group resources passed as peers become entries; the library's own groups are senders whose egress it can wire.
    const { args: planned } = resolveGroups(args);
    const plan = planComponent(OUTBOUND_WHITELIST, name, planned);
    const claim = checkOwnership(plan);
    super(componentType(OUTBOUND_WHITELIST), name, {}, opts);
    const out = emitPlan(this, plan, undefined, claim);
    // The whitelisted group's egress is restricted now: paths from it get their egress accepts here.
    registerWhitelist(this, plan, (planned as { securityGroupId?: unknown }).securityGroupId, (args as { denyAll?: boolean }).denyAll !== false);
    // What the component promises, for the stack's proof; the senders' egress wherever another component restricts it.
    this.intents = registerPromises(plan, out.groups);
    wirePromises(this, plan, out.groups);
    this.plan = plan;
    this.rules = out.rules;
    this.registerOutputs({ ruleIds: this.rules.map((r) => r.id) });
  }
}
