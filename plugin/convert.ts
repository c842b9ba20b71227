/**
 * From the schema's shapes to the TypeScript components' arguments, refusing what other
 * languages can send but the planner cannot use: a value known only at deploy time (an Output,
 * a secret, an unknown) where the plan needs a plain value. The provider wraps a whole
 * top-level argument in an Output when anything in it is secret or depends on another
 * resource, so such an argument is refused by its name.
 */
import * as pulumi from "@pulumi/pulumi";
import { ComponentName, Intent, IntentArgs, SecurityGroupPlan, ValidationError, intentFromArgs, planComponent } from "alicloud-secgroups";

/** The fields that take values known only at deploy time (Inputs in the schema), wherever they appear. */
export const INPUT_FIELDS: readonly string[] = ["vpcId", "securityGroupId", "cidr", "ipv6Cidr", "privateIp", "from", "to"];

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
    "Pass a literal or a configuration value here; only vpcId, securityGroupId, cidr, ipv6Cidr, privateIp and a Connection's from and to take values known at deploy time.",
  );
}

/**
 * Copies `value`, dropping `null` and `undefined` fields (how other languages leave an option
 * out), keeping deploy-time values only where `input` allows them and refusing them elsewhere.
 */
export function plainCopy(field: string, value: unknown, input: boolean, inTags = false, inIntents = false): unknown {
  if (value === null || value === undefined) return undefined;
  if (isDeployTime(value)) {
    if (!input) refusePlain(field);
    // An unknown sentinel becomes an unknown Output, which the planner reads as deploy-time.
    return pulumi.isUnknown(value) ? pulumi.output(value as pulumi.Input<string>) : value;
  }
  if (Array.isArray(value)) return value.map((v, i) => plainCopy(`${field}[${i}]`, v, false, inTags, inIntents));
  if (typeof value === "object" && !pulumi.Resource.isInstance(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      // Intents are plain throughout: a selector's cidr, from and to name what the proof reads when the program runs.
      const intents = inIntents || (field === "args" && k === "intents");
      const copied = plainCopy(`${field}.${k}`, v, !inTags && !intents && INPUT_FIELDS.includes(k), inTags || k === "tags", intents);
      if (copied !== undefined) out[k] = copied;
    }
    return out;
  }
  return value;
}

/** Where `portNumbers` joined a `ports` list: the object's field, and how many strings came before the numbers. */
interface PortMerge {
  field: string;
  strings: number;
}

/** Arguments made by {@link toPlanArgs}, and where their port numbers went. */
const MERGES = new WeakMap<object, PortMerge[]>();

/**
 * Joins every `portNumbers` list to the `ports` beside it (the strings first): the planner reads
 * one list, where a number is a tcp port (or the destination's `protocol`). Records where the
 * numbers went, so an error names the field the caller wrote.
 */
function joinPortNumbers(value: unknown, field: string, merges: PortMerge[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => joinPortNumbers(v, `${field}[${i}]`, merges));
  if (typeof value !== "object" || value === null || Array.isArray(value) || pulumi.Output.isInstance(value) || pulumi.Resource.isInstance(value)) return;
  const o = value as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) if (k !== "tags") joinPortNumbers(v, `${field}.${k}`, merges);
  if (!("portNumbers" in o)) return;
  const numbers = o.portNumbers;
  delete o.portNumbers;
  if (!Array.isArray(numbers)) {
    throw new ValidationError("invalid-port", `${field}.portNumbers`, numbers, "must be a list of port numbers", "Pass a list such as [443, 8443] (tcp ports), or leave it out.");
  }
  // Ports that are not a list are refused by the planner as the caller wrote them.
  if (o.ports !== undefined && !Array.isArray(o.ports)) return;
  const strings = (o.ports as unknown[] | undefined) ?? [];
  merges.push({ field, strings: strings.length });
  o.ports = [...strings, ...numbers];
}

/** The error re-addressed at the field the caller wrote: `ports[3]` after two strings is `portNumbers[1]`. */
function callerField(e: ValidationError, merges: readonly PortMerge[]): ValidationError {
  for (const m of merges) {
    const head = `${m.field}.ports`;
    if (e.field !== head && !e.field.startsWith(`${head}[`) && !e.field.startsWith(`${head}.`)) continue;
    const at = /^\[(\d+)\](.*)$/.exec(e.field.slice(head.length));
    if (!at || Number(at[1]) < m.strings) return e;
    const field = `${m.field}.portNumbers[${Number(at[1]) - m.strings}]${at[2]}`;
    const moved = new ValidationError(e.code, field, e.value, "", "");
    (moved as { message: string }).message = e.message.replace(e.field, field);
    return moved;
  }
  return e;
}

/**
 * The TypeScript component's arguments from the schema's: plain fields checked, options left
 * out dropped, and the shapes the schema splits joined again (`innerAccessPolicyPerTier`,
 * `portNumbers` beside `ports`). Anything else is passed on as is, so the planner refuses it
 * with the TypeScript codes.
 */
export function toPlanArgs(component: string, name: string, args: unknown): Record<string, unknown> {
  try {
    if (isDeployTime(args)) refusePlain("args");
    const a = plainCopy("args", args ?? {}, false) as Record<string, unknown>;
    if (typeof a !== "object" || Array.isArray(a)) return a;
    // The user's intents are read on their own (readIntents), in their own form.
    delete a.intents;
    const merges: PortMerge[] = [];
    joinPortNumbers(a, "args", merges);
    MERGES.set(a, merges);
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

/**
 * The caller's own intents (`args.intents`, the union-free form), each checked as written: plain
 * values only, exactly one selector field, ports in their forms, ids unique among the
 * component's intents. Throws {@link ValidationError} naming the entry, the component and its
 * instance.
 */
export function readIntents(component: string, name: string, args: unknown, own: readonly Intent[]): Intent[] {
  try {
    if (typeof args !== "object" || args === null || isDeployTime(args)) return [];
    const raw = (args as Record<string, unknown>).intents;
    if (raw === undefined || raw === null) return [];
    const list = plainCopy("args.intents", raw, false, false, true);
    if (!Array.isArray(list)) {
      throw new ValidationError("invalid-object", "args.intents", list, "must be a list of intents", "Pass a list of { id, from, to, ports or portNumbers or allPorts, expect, because }.");
    }
    const taken = new Set(own.map((i) => i.id));
    return list.map((entry, i) => {
      const intent = intentFromArgs(entry as IntentArgs, `args.intents[${i}]`);
      if (taken.has(intent.id)) {
        throw new ValidationError("duplicate-id", `args.intents[${i}].id`, intent.id, "is already the id of another intent of this component", "Give each intent its own id, e.g. prefixed with the instance's name.");
      }
      taken.add(intent.id);
      return intent;
    });
  } catch (e) {
    throw e instanceof ValidationError && typeof name === "string" ? e.inComponent(component, name) : e;
  }
}

/**
 * Plans a component from the schema's arguments, as the TypeScript constructor does: the
 * arguments converted ({@link toPlanArgs}), planned and guarded; the caller's intents read
 * ({@link readIntents}). An error names the field the caller wrote, and the component and its
 * instance.
 */
export function planFromSchema(component: ComponentName, name: string, args: unknown): { args: Record<string, unknown>; plan: SecurityGroupPlan; intents: Intent[] } {
  const a = toPlanArgs(component, name, args);
  let plan: SecurityGroupPlan;
  try {
    plan = planComponent(component, name, a as never);
  } catch (e) {
    throw e instanceof ValidationError ? callerField(e, MERGES.get(a) ?? []) : e;
  }
  return { args: a, plan, intents: readIntents(component, name, args, plan.intents ?? []) };
}
