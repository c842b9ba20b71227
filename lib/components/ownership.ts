/**
 * One cloud rule, one resource, across components. Alibaba Cloud treats an identical rule as
 * the same rule, so two components writing it into one group would make two resources own one
 * cloud rule: deleting either revokes it. The second component to plan such a rule is refused
 * at construction, naming both, before it registers anything. Ownership never follows
 * construction order silently.
 *
 * Groups are recognised by their literal id (`"sg-…"`), or by the very `id` output of a group a
 * component created (`tiers.web.id`), or by the same Output object passed twice. A deploy-time id
 * derived otherwise cannot be recognised before deployment; the `duplicate-rule` check reports
 * such rules in the stack.
 */
import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../model/errors";
import { isClassicGroup } from "../model/group-network";
import { ruleKey, ruleKeyIn } from "../model/rule-key";
import { SecurityGroupPlan, plannedRules } from "../plans";

interface Claim {
  component: string;
  name: string;
  field: string;
}

interface Registry {
  /** Group identity → rule key → who writes it. */
  rules: Map<string, Map<string, Claim>>;
}

/** One registry per deployment (per engine monitor; each mock run has its own). */
const registries = new WeakMap<object, Registry>();
const fallback: Registry = { rules: new Map() };
/** Output objects and created groups' id outputs → a group identity. */
const identities = new WeakMap<object, string>();
let nextIdentity = 0;

function registry(): Registry {
  const monitor = pulumi.runtime.getMonitor() as unknown as object | undefined;
  if (!monitor) return fallback;
  let r = registries.get(monitor);
  if (!r) registries.set(monitor, (r = { rules: new Map() }));
  return r;
}

function identityOf(value: unknown): string | undefined {
  if (typeof value === "string") return `id:${value}`;
  if (typeof value !== "object" || value === null) return undefined;
  let id = identities.get(value);
  if (id === undefined) identities.set(value, (id = `obj:${nextIdentity++}`));
  return id;
}

/** Records that the `id` output of a created group stands for that group. */
export function recordCreatedGroup(idOutput: object): string {
  return identityOf(idOutput) as string;
}

function advice(plan: SecurityGroupPlan, key: string, owner: Claim): string {
  if (plan.component === "OutboundWhitelist" && /^out-drop-.*-all-to-/.test(key)) return `Leave the drop-all to ${owner.component} "${owner.name}": denyAll: false on this OutboundWhitelist writes only its accepts.`;
  if (owner.component === "OutboundWhitelist" && /^out-drop-.*-all-to-/.test(key)) return `Leave the drop-all to one of them: denyAll: false on OutboundWhitelist "${owner.name}", or egress "default" on the tiers.`;
  return `Leave the rule to one of them: remove it from ${owner.field} of ${owner.component} "${owner.name}" or from this component's arguments.`;
}

/**
 * Refuses a plan that writes a rule another component of the deployment already writes into the
 * same group; returns the claims to record once the plan is emitted.
 */
export function checkOwnership(plan: SecurityGroupPlan): (created: ReadonlyMap<string, object>) => void {
  const reg = registry();
  const mine: { group: string | undefined; placeholder: string; key: string; field: string }[] = [];
  for (const { group, rule } of plannedRules(plan)) {
    const key = ruleKeyIn(rule, isClassicGroup(group.model) ? "classic" : "vpc");
    const identity = group.created ? undefined : identityOf(plan.refs.get(group.model.id) ?? group.model.id);
    // The argument the rule came from (admin.sources, not the tier it lands in), else the group's.
    const field = group.ruleFields?.[ruleKey(rule)] ?? group.ruleFields?.[key] ?? group.field;
    mine.push({ group: identity, placeholder: group.model.id, key, field });
    if (identity === undefined) continue;
    const owner = reg.rules.get(identity)?.get(key);
    if (owner && !(owner.component === plan.component && owner.name === plan.name)) {
      const shown = typeof plan.refs.get(group.model.id) === "string" ? plan.refs.get(group.model.id) : group.model.id;
      throw new ValidationError("duplicate-rule", field, key, `would write rule ${key} into group ${JSON.stringify(shown)}, which ${owner.component} "${owner.name}" already writes (${owner.field}): one cloud rule, one resource (Alibaba Cloud merges identical rules, so deleting either resource would revoke both)`, advice(plan, key, owner)).inComponent(plan.component, plan.name);
    }
  }
  return (created) => {
    for (const m of mine) {
      const idOutput = created.get(m.placeholder);
      const identity = m.group ?? (idOutput ? recordCreatedGroup(idOutput) : undefined);
      if (identity === undefined) continue;
      let rules = reg.rules.get(identity);
      if (!rules) reg.rules.set(identity, (rules = new Map()));
      if (!rules.has(m.key)) rules.set(m.key, { component: plan.component, name: plan.name, field: m.field });
    }
  };
}
