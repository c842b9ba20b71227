/**
 * The stack's promises: every component's intents, and the user's (`declareIntents`), kept per
 * deployment so that after the program ran they can be proved over the whole network (`plan`,
 * `captureNetwork`, the matchers, the policy pack). A component's intents name its plan's
 * placeholders (`sg-web`); here each placeholder is tied to the group it stands for (the created
 * group's id, or the id the caller passed), and a block known only at deploy time to its value,
 * so that once the program's values are known the intents name the real groups.
 */
import * as pulumi from "@pulumi/pulumi";
import { Intent, IntentArgs, IntentContext, IntentSelector, intentFromArgs, stackPromises, validateIntents } from "../analysis/intents";
import { ValidationError } from "../model/errors";
import { SecurityGroupPlan } from "../plans";

/** One component's (or the user's) promises, with what their selectors stand for. */
interface Declared {
  /** `ThreeTierSecurityGroups "shop"`, or undefined for the user's. */
  readonly owner?: string;
  /** The component's type and name, for component selectors. */
  readonly component?: { type: string; name: string };
  readonly intents: readonly Intent[];
  /** Placeholder → the group id it stands for (a string, or a value known at deploy time). */
  readonly groups: ReadonlyMap<string, unknown>;
  /** Tier (group label) → placeholder, for `{ component, tier }` selectors. */
  readonly tiers: ReadonlyMap<string, string>;
  /** Stand-in block → the block's value known at deploy time. */
  readonly blocks: ReadonlyMap<string, unknown>;
}

const REGISTRIES = new WeakMap<object, Declared[]>();
const NO_MONITOR = {};

function registry(): Declared[] {
  const key = (pulumi.runtime.getMonitor() as unknown as object | undefined) ?? NO_MONITOR;
  let list = REGISTRIES.get(key);
  if (!list) REGISTRIES.set(key, (list = []));
  return list;
}

/**
 * Records a component's promises for the stack's proof, and returns them (its plan's intents, with
 * placeholder ids). `created`: the groups it created, by placeholder.
 */
export function registerPromises(plan: SecurityGroupPlan, created: ReadonlyMap<string, { id: unknown }>): Intent[] {
  const intents = plan.intents ?? [];
  if (intents.length === 0) return [];
  const groups = new Map<string, unknown>();
  for (const [placeholder, value] of plan.refs) groups.set(placeholder, value);
  for (const [placeholder, group] of created) groups.set(placeholder, group.id);
  const tiers = new Map<string, string>();
  for (const g of plan.groups) tiers.set(g.label || g.role, g.model.id);
  const blocks = new Map<string, unknown>();
  for (const [standIn, d] of plan.deployTimeCidrs ?? []) blocks.set(standIn, d.value);
  registry().push({ owner: `${plan.component} ${JSON.stringify(plan.name)}`, component: { type: plan.component, name: plan.name }, intents, groups, tiers, blocks });
  return intents;
}

/**
 * Declares the program's own intents ("nothing on the internet reaches anything tagged
 * role=db"), proved with every component's after the program ran: by `plan`, by
 * `testing.captureNetwork` and `expect(network).toSatisfyIntents()`, and by the policy pack.
 * Accepts the intents in their plain form or in the union-free form (`IntentArgs`). Throws
 * {@link ValidationError} for an invalid intent.
 *
 * @example
 * declareIntents([{ id: "no-internet-to-db", from: "internet", to: { tags: { role: "db" } }, ports: "*", expect: "deny" }]);
 */
export function declareIntents(intents: readonly (Intent | IntentArgs)[]): Intent[] {
  if (!Array.isArray(intents)) throw new ValidationError("invalid-object", "intents", intents, "must be a list of intents", "Pass [{ id, from, to, ports, expect }].");
  const read = intents.map((i, n) => (typeof i === "object" && i !== null && isArgs(i) ? intentFromArgs(i as IntentArgs, `intents[${n}]`) : (i as Intent)));
  const checked = validateIntents(read);
  const taken = new Set(registry().flatMap((d) => d.intents.map((i) => i.id)));
  for (const [n, i] of checked.entries()) {
    if (taken.has(i.id)) throw new ValidationError("duplicate-id", `intents[${n}].id`, i.id, "is already declared in this program", "Give each intent its own id.");
  }
  registry().push({ intents: checked, groups: new Map(), tiers: new Map(), blocks: new Map() });
  return checked;
}

/** True for the union-free form: its selectors are objects with boolean flags or `cidr`, its ports may come as `allPorts`/`portNumbers`. */
function isArgs(i: object): boolean {
  const o = i as Record<string, unknown>;
  const flag = (s: unknown) => typeof s === "object" && s !== null && ("internet" in s || "anywhere" in s);
  return "allPorts" in o || "portNumbers" in o || flag(o.from) || flag(o.to) || o.ports === undefined;
}

/** The value of a program's value once known, or undefined while it is unknown (a preview). */
async function valueOf(v: unknown): Promise<unknown> {
  if (!pulumi.Output.isInstance(v) && !(v instanceof Promise)) return v;
  const out = pulumi.output(v) as pulumi.Output<unknown> & { isKnown?: Promise<boolean>; promise?: (withUnknowns?: boolean) => Promise<unknown> };
  if (out.isKnown && !(await out.isKnown)) return undefined;
  return out.promise ? out.promise() : new Promise((resolve) => out.apply((x) => (resolve(x), x)));
}

/** The stack's intents, their selectors naming the real groups and blocks, and the context for component selectors and unknown values. */
export interface StackIntents {
  /** Every component's intents, then the user's, in the order declared. */
  intents: Intent[];
  /** Components by name, their groups by tier; groups whose ids were unknown. */
  context: IntentContext;
}

/**
 * The promises declared in the current deployment (the program that just ran on the mocks), with
 * every placeholder replaced by the group id it stands for and every deploy-time block by its
 * value. A value still unknown leaves the intent unproven, saying what was unknown.
 */
export async function stackIntents(): Promise<StackIntents> {
  const declarations: Intent[][] = [];
  const components: Record<string, { type: string; tiers: Record<string, string[]> }> = {};
  const unknown = new Map<string, string>();
  for (const d of registry()) {
    const ids = new Map<string, string>();
    for (const [placeholder, value] of d.groups) {
      const v = await valueOf(value);
      if (typeof v === "string" && v !== "") ids.set(placeholder, v);
      else unknown.set(placeholder, `${d.owner ?? "the program"}: the id of ${placeholder} is known only at deploy time`);
    }
    const blocks = new Map<string, string>();
    for (const [standIn, value] of d.blocks) {
      const v = await valueOf(value);
      if (typeof v === "string" && v !== "") blocks.set(standIn, v);
    }
    const map = (s: IntentSelector): IntentSelector => {
      if (typeof s === "string") return blocks.get(s) ?? s;
      if ("group" in s) return { group: ids.get(s.group) ?? s.group };
      return s;
    };
    declarations.push(
      d.intents.map((i) => {
        const out: Intent = { ...i, from: map(i.from), to: map(i.to) };
        if (i.unless) out.unless = i.unless.map((u) => ({ ...u, from: map(u.from), to: map(u.to) }));
        return out;
      }),
    );
    if (d.component) {
      // A component declares again when its verbs add promises: its tiers are the union of every declaration's.
      const known = (components[d.component.name] ??= { type: d.component.type, tiers: {} });
      for (const [tier, placeholder] of d.tiers) {
        const id = ids.get(placeholder) ?? placeholder;
        const list = (known.tiers[tier] ??= []);
        if (!list.includes(id)) list.push(id);
      }
    }
  }
  return { intents: stackPromises(declarations), context: { components, unknown } };
}
