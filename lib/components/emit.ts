/**
 * Turns a guarded plan into resources: one `alicloud.ecs.SecurityGroup` per created group, one
 * `alicloud.ecs.SecurityGroupRule` per rule, every one a child of the component, placeholder
 * ids mapped back to the real ones.
 */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { RuleArgs } from "../model/rule";
import { ValidationError } from "../model/errors";
import { SecurityGroupPlan, groupResourceName, plannedRules } from "../plans";
import { checkDeployTimeCidr } from "../plans/entries";

/** What {@link emitPlan} registered. */
export interface EmittedPlan {
  /** Created groups, by placeholder id. */
  groups: Map<string, alicloud.ecs.SecurityGroup>;
  /** Every rule, in plan order. */
  rules: alicloud.ecs.SecurityGroupRule[];
}

/** Type token of a component of this library (one definition, in the plans). */
export { componentType } from "../plans/component-plan";

function ruleInputs(rule: RuleArgs, groupId: pulumi.Input<string>, idOf: (placeholder: string) => pulumi.Input<string>, cidrOf: ReadonlyMap<string, pulumi.Output<string>>): alicloud.ecs.SecurityGroupRuleArgs {
  const args: alicloud.ecs.SecurityGroupRuleArgs = {
    securityGroupId: groupId,
    type: rule.type,
    ipProtocol: rule.ipProtocol,
    portRange: rule.portRange,
    policy: rule.policy,
    priority: rule.priority,
  };
  // A block known only at deploy time: the plan holds a stand-in, the rule the checked value.
  if (rule.cidrIp !== undefined) args.cidrIp = cidrOf.get(rule.cidrIp) ?? rule.cidrIp;
  if (rule.ipv6CidrIp !== undefined) args.ipv6CidrIp = cidrOf.get(rule.ipv6CidrIp) ?? rule.ipv6CidrIp;
  if (rule.prefixListId !== undefined) args.prefixListId = rule.prefixListId;
  if (rule.sourceSecurityGroupId !== undefined) args.sourceSecurityGroupId = idOf(rule.sourceSecurityGroupId);
  // The owner goes in sourceGroupOwnerId; the deprecated sourceGroupOwnerAccount is never written.
  if (rule.sourceGroupOwnerId !== undefined) args.sourceGroupOwnerId = rule.sourceGroupOwnerId;
  if (rule.nicType !== undefined) args.nicType = rule.nicType;
  if (rule.description !== undefined) args.description = rule.description;
  return args;
}

/**
 * Registers a guarded plan's groups and rules as children of `parent`. Rules are replaced
 * delete-first: Alibaba treats an identical rule as the same rule, so creating the
 * replacement before deleting the old one would leave the deletion removing both.
 */
export function emitPlan(parent: pulumi.ComponentResource, plan: SecurityGroupPlan, vpcId?: pulumi.Input<string>, claim?: (created: ReadonlyMap<string, object>) => void): EmittedPlan {
  const groups = new Map<string, alicloud.ecs.SecurityGroup>();
  for (const g of plan.groups) {
    if (!g.created) continue;
    const m = g.model;
    const args: alicloud.ecs.SecurityGroupArgs = {
      vpcId,
      securityGroupName: m.name,
      description: m.description,
      securityGroupType: m.type ?? "normal",
      tags: m.tags,
    };
    if (m.innerAccessPolicy !== undefined) args.innerAccessPolicy = m.innerAccessPolicy;
    groups.set(m.id, new alicloud.ecs.SecurityGroup(groupResourceName(plan, g), args, { parent }));
  }
  const idOf = (placeholder: string): pulumi.Input<string> => {
    const created = groups.get(placeholder);
    if (created) return created.id;
    const ref = plan.refs.get(placeholder);
    return ref === undefined ? placeholder : (ref as pulumi.Input<string>);
  };
  // Values known only at deploy time are checked as soon as they are known (at preview when
  // they are inputs of other resources), with the same errors as literals; every rule waits on
  // every check, so a refused value fails the component before any rule is created.
  const cidrOf = new Map<string, pulumi.Output<string>>();
  for (const [standIn, d] of plan.deployTimeCidrs ?? []) {
    cidrOf.set(
      standIn,
      pulumi.output(d.value as pulumi.Input<string>).apply((known) => {
        try {
          return checkDeployTimeCidr(d, known, plan.unsafeReason);
        } catch (e) {
          throw e instanceof ValidationError ? e.inComponent(plan.component, plan.name) : e;
        }
      }),
    );
  }
  const checks = [...cidrOf.values()];
  const gated = (id: pulumi.Input<string>): pulumi.Input<string> => (checks.length === 0 ? id : pulumi.all([id, ...checks]).apply(([known]) => known));
  const rules: alicloud.ecs.SecurityGroupRule[] = [];
  for (const { group, rule, name, aliases } of plannedRules(plan)) {
    const opts: pulumi.CustomResourceOptions = { parent, deleteBeforeReplace: true };
    // Former names (a peer once named by value or placeholder): renamed, never replaced.
    if (aliases.length > 0) opts.aliases = aliases.map((alias) => ({ name: alias }));
    rules.push(new alicloud.ecs.SecurityGroupRule(name, ruleInputs(rule, gated(idOf(group.model.id)), idOf, cidrOf), opts));
  }
  claim?.(new Map([...groups].map(([placeholder, g]) => [placeholder, g.id as object])));
  return { groups, rules };
}
