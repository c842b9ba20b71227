/**
 * From the schema's shapes to the TypeScript components' arguments, refusing what other
 * languages can send but the planner cannot use: a value known only at deploy time (an Output,
 * a secret, an unknown) where the plan needs a plain value. The provider wraps a whole
 * top-level argument in an Output when anything in it is secret or depends on another
 * resource, so such an argument is refused by its name.
 */
import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "alicloud-secgroups";

/** The fields that take values known only at deploy time (Inputs in the schema), wherever they appear. */
export const INPUT_FIELDS: readonly string[] = ["vpcId", "securityGroupId", "cidr", "ipv6Cidr"];

/** True for an Output, an unknown or a promise: a value not known when the program runs. */
export function isDeployTime(value: unknown): boolean {
  if (pulumi.Output.isInstance(value) || pulumi.isUnknown(value)) return true;
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

function refusePlain(field: string): never {
  throw new ValidationError(
    "invalid-argument",
    field,
    "<deploy-time value>",
    "must be a plain value known when the program runs, but arrived as an Output (a secret, an unknown, or a value that depends on another resource)",
    `Pass a literal or a configuration value here; only ${INPUT_FIELDS.join(", ")} take values known at deploy time.`,
  );
}

/**
 * Copies `value`, dropping `null` and `undefined` fields (how other languages leave an option
 * out), keeping deploy-time values only where `input` allows them and refusing them elsewhere.
 */
export function plainCopy(field: string, value: unknown, input: boolean, inTags = false): unknown {
  if (value === null || value === undefined) return undefined;
  if (isDeployTime(value)) {
    if (!input) refusePlain(field);
    // An unknown sentinel becomes an unknown Output, which the planner reads as deploy-time.
    return pulumi.isUnknown(value) ? pulumi.output(value as pulumi.Input<string>) : value;
  }
  if (Array.isArray(value)) return value.map((v, i) => plainCopy(`${field}[${i}]`, v, false, inTags));
  if (typeof value === "object" && !pulumi.Resource.isInstance(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const copied = plainCopy(`${field}.${k}`, v, !inTags && INPUT_FIELDS.includes(k), inTags || k === "tags");
      if (copied !== undefined) out[k] = copied;
    }
    return out;
  }
  return value;
}

/**
 * The TypeScript component's arguments from the schema's: plain fields checked, options left
 * out dropped, and the shapes the schema splits joined again (`innerAccessPolicyPerTier`).
 * Anything else is passed on as is, so the planner refuses it with the TypeScript codes.
 */
export function toPlanArgs(component: string, name: string, args: unknown): Record<string, unknown> {
  try {
    if (isDeployTime(args)) refusePlain("args");
    const a = plainCopy("args", args ?? {}, false) as Record<string, unknown>;
    if (typeof a !== "object" || Array.isArray(a)) return a;
    if (component === "ThreeTierSecurityGroups" && a.innerAccessPolicyPerTier !== undefined) {
      if (a.innerAccessPolicy !== undefined) {
        throw new ValidationError("invalid-argument", "args.innerAccessPolicyPerTier", a.innerAccessPolicyPerTier, "is set together with innerAccessPolicy", "Set innerAccessPolicy (one policy for every tier) or innerAccessPolicyPerTier (one per tier), not both.");
      }
      a.innerAccessPolicy = a.innerAccessPolicyPerTier;
      delete a.innerAccessPolicyPerTier;
    }
    return a;
  } catch (e) {
    throw e instanceof ValidationError && typeof name === "string" ? e.inComponent(component, name) : e;
  }
}
