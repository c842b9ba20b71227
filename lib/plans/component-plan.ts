/**
 * Each component's plan exactly as its constructor makes it before registering anything:
 * planned from the arguments, then guarded. Components and tests share this one entry point.
 */
import { ValidationError } from "../model/errors";
import { DATABASE_GROUP } from "./database/args";
import { planDatabaseGroup } from "./database/plan";
import { GuardOptions, guardPlan } from "./guard";
import { INTERCONNECT } from "./interconnect/args";
import { planInterconnect } from "./interconnect/plan";
import { OUTBOUND_WHITELIST } from "./outbound-whitelist/args";
import { planOutboundWhitelist } from "./outbound-whitelist/plan";
import { SecurityGroupPlan } from "./plan";
import { THREE_TIER } from "./three-tier/args";
import { planThreeTier } from "./three-tier/plan";
import { WORKBENCH_ACCESS } from "./workbench/args";
import { planWorkbenchAccess } from "./workbench/plan";

/** The planner of each component, by component type name. */
export const COMPONENT_PLANNERS = {
  [THREE_TIER]: planThreeTier,
  [DATABASE_GROUP]: planDatabaseGroup,
  [INTERCONNECT]: planInterconnect,
  [WORKBENCH_ACCESS]: planWorkbenchAccess,
  [OUTBOUND_WHITELIST]: planOutboundWhitelist,
} as const;

/** A component type name: `ThreeTierSecurityGroups`, `DatabaseSecurityGroup`, `InterconnectGroup`, `WorkbenchAccess` or `OutboundWhitelist`. */
export type ComponentName = keyof typeof COMPONENT_PLANNERS;

/** Type token of a component of this library, as Pulumi registers it: `alicloud-secgroups:index:<name>`. */
export function componentType(name: string): string {
  return `alicloud-secgroups:index:${name}`;
}

/** The planner arguments of a component. */
export type ComponentPlanArgs<C extends ComponentName> = Parameters<(typeof COMPONENT_PLANNERS)[C]>[1];

/**
 * Plans and guards a component's groups and rules: what its constructor registers, or the
 * {@link ValidationError} it throws before registering anything.
 */
export function planComponent<C extends ComponentName>(component: C, name: string, args: ComponentPlanArgs<C>, options?: GuardOptions): SecurityGroupPlan {
  const names = Object.keys(COMPONENT_PLANNERS);
  if (typeof component !== "string" || !names.includes(component)) {
    const near = typeof component === "string" ? names.find((n) => n.toLowerCase() === component.toLowerCase()) : undefined;
    throw new ValidationError("invalid-argument", "component", component, "is not a component of this library", near ? `Write it as ${JSON.stringify(near)}.` : `Use one of ${names.map((n) => JSON.stringify(n)).join(", ")}.`);
  }
  const planner = COMPONENT_PLANNERS[component] as (name: string, args: ComponentPlanArgs<C>) => SecurityGroupPlan;
  try {
    return guardPlan(planner(name, args), options);
  } catch (e) {
    // Every message names the component and its instance after the library's name.
    if (e instanceof ValidationError && typeof name === "string") throw e.inComponent(component, name);
    throw e;
  }
}
