/**
 * `WorkbenchAccess`: SSH or RDP through Alibaba Cloud Workbench and from named admin
 * addresses (seed 004 case 2), written into an existing group.
 */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { SecurityGroupPlan, WORKBENCH_ACCESS, WorkbenchAccessPlanArgs, planComponent } from "../plans";
import { componentType, emitPlan } from "./emit";
import { resolveGroups, wirePromises } from "./connections";
import { checkOwnership } from "./ownership";
import { registerPromises } from "./promises";
import type { Intent } from "../analysis/intents";

/** Arguments of {@link WorkbenchAccess}. */
export interface WorkbenchAccessArgs extends Omit<WorkbenchAccessPlanArgs, "securityGroupId"> {
  /** The group to write the rules into. */
  securityGroupId: pulumi.Input<string>;
}

/**
 * Admits remote administration into a group: SSH (22, `os: "linux"`) or RDP (3389,
 * `os: "windows"`) from Workbench's private range 100.104.0.0/16 by default (`via: "public"` or
 * `"both"` adds 161.117.0.0/16, for connections through a public IP or EIP), and from
 * `adminSources`, each a single address unless `maxAdminPrefix` says otherwise.
 *
 * @example
 * new WorkbenchAccess("ops", { securityGroupId: web.id, adminSources: ["203.0.113.7"] });
 */
export class WorkbenchAccess extends pulumi.ComponentResource {
  /** Every rule the component created. */
  readonly rules: alicloud.ecs.SecurityGroupRule[];
  /** What the component promises (who may reach what among its groups), proved on its plan before anything was registered; selectors name the plan's placeholders. */
  readonly intents: Intent[];
  /** The guarded plan the resources were made from. */
  readonly plan: SecurityGroupPlan;

  /** Plans, guards, then creates the rules; throws `ValidationError` before registering anything if an argument is refused. */
  constructor(name: string, args: WorkbenchAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    // Group resources passed as peers become entries; the library's own groups are senders whose egress it can wire.
    const { args: planned } = resolveGroups(args);
    const plan = planComponent(WORKBENCH_ACCESS, name, planned);
    const claim = checkOwnership(plan);
    super(componentType(WORKBENCH_ACCESS), name, {}, opts);
    const out = emitPlan(this, plan, undefined, claim);
    // What the component promises, for the stack's proof; the senders' egress wherever another component restricts it.
    this.intents = registerPromises(plan, out.groups);
    wirePromises(this, plan, out.groups);
    this.plan = plan;
    this.rules = out.rules;
    this.registerOutputs({ ruleIds: this.rules.map((r) => r.id) });
  }
}
