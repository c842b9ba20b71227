/**
 * The stack's promises: every component's intents, and the user's (`declareIntents`), kept per
 * deployment so that after the program ran they can be proved over the whole network (`plan`,
 * `captureNetwork`, the matchers, the policy pack). A component's intents name its plan's
 * placeholders (`sg-web`); here each placeholder is tied to the group it stands for (the created
 * group's id, or the id the caller passed), and a block known only at deploy time to its value,
 * so that once the program's values are known the intents name the real groups.
 */
import * as pulumi from "@pulumi/pulumi";
import { Intent, IntentArgs, IntentSelector, intentFromArgs, stackPromises, validateIntents } from "../analysis/intents";
import type { IntentProofContext } from "../checks/check-options";
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
  /** The placeholders of the groups the component created (the others are the caller's). @default none */
  readonly created?: ReadonlySet<string>;
}

// Kept on the global object, like code acknowledgements: the program may load another copy of
// this library than the one proving its promises (its own node_modules, or a fresh module
// registry in tests).
const KEY = Symbol.for("alicloud-secgroups.promises");
const holder = globalThis as { [KEY]?: { registries: WeakMap<object, Declared[]>; noMonitor: object } };
const shared = (holder[KEY] ??= { registries: new WeakMap<object, Declared[]>(), noMonitor: {} });
const REGISTRIES = shared.registries;
const NO_MONITOR = shared.noMonitor;

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
  registry().push({ owner: `${plan.component} ${JSON.stringify(plan.name)}`, component: { type: plan.component, name: plan.name }, intents, groups, tiers, blocks, created: new Set(created.keys()) });
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
  /** Components by name, their groups by tier; intents that depend on what only deployment tells (`pending`). */
  context: IntentProofContext;
}

/** True for a resource's own `id` output (`group.id`), as opposed to an output derived from it or from elsewhere. */
function isResourceId(v: unknown): boolean {
  const out = v as { resources?: () => Set<unknown> } | null;
  if (typeof out !== "object" || out === null || typeof out.resources !== "function") return false;
  try {
    return [...out.resources()].some((r) => typeof r === "object" && r !== null && (r as { id?: unknown }).id === v);
  } catch {
    return false;
  }
}

/** True when an intent's region names a selector. */
function names(i: Intent, test: (s: IntentSelector) => boolean): boolean {
  return test(i.from) || test(i.to);
}

/**
 * The promises declared in the current deployment (the program that just ran on the mocks), with
 * every placeholder replaced by the group id it stands for and every deploy-time block by its
 * value. An intent that depends on what only deployment tells is pending (`context.pending`: it
 * is unproven whatever the proof finds, saying why): a group id or a block still unknown (a
 * preview), or an id passed as a bare output (not the group resource, nor its own `id`) whose value
 * is a group another component created: on mocks the two are one group, after deployment only the
 * resource would say so.
 */
export async function stackIntents(): Promise<StackIntents> {
  const declarations: Intent[][] = [];
  const components: Record<string, { type: string; tiers: Record<string, string[]> }> = {};
  const unknown = new Map<string, string>();
  const pending = new Map<string, string>();
  /** Groups whose egress a component restricts through a bare id output: the note, by group id. */
  const restricted = new Map<string, string>();
  const declared = registry();
  // The groups the components created: their id outputs, and each id's component and tier.
  const createdOutputs = new Set<unknown>();
  const createdBy = new Map<string, string>();
  for (const d of declared) {
    const tierOf = new Map([...d.tiers].map(([tier, placeholder]) => [placeholder, tier]));
    for (const placeholder of d.created ?? []) {
      const value = d.groups.get(placeholder);
      createdOutputs.add(value);
      const v = await valueOf(value);
      if (typeof v === "string" && v !== "" && !createdBy.has(v)) createdBy.set(v, `${d.owner ?? "the program"}${tierOf.get(placeholder) ? ` ${tierOf.get(placeholder)}` : ""}`);
    }
  }
  for (const d of declared) {
    const ids = new Map<string, string>();
    const owner = d.owner ?? "the program";
    const later = (test: (s: IntentSelector) => boolean, note: string) => {
      for (const i of d.intents) if (names(i, test) && !pending.has(i.id)) pending.set(i.id, note);
    };
    for (const [placeholder, value] of d.groups) {
      const v = await valueOf(value);
      const isPlaceholder = (s: IntentSelector) => typeof s === "object" && "group" in s && s.group === placeholder;
      if (typeof v !== "string" || v === "") {
        unknown.set(placeholder, `${owner}: the id of ${placeholder} is known only at deploy time`);
        later(isPlaceholder, `${owner}: the id of ${placeholder} is known only at deploy time`);
        continue;
      }
      ids.set(placeholder, v);
      const other = createdBy.get(v);
      const bare = typeof value === "object" && value !== null && !createdOutputs.has(value) && !isResourceId(value);
      if (bare && other !== undefined && !other.startsWith(`${owner} `) && other !== owner) {
        const note = `${owner} names ${other}'s group (${v}) by an id passed as a bare output (${placeholder}), so whether they are one group is known only at deploy time: pass the resource, not its id`;
        later(isPlaceholder, note);
        // A component that restricts that group's egress (a whitelist's drop-all) could not write the
        // egress of the paths others declared from it: those paths are unproven too.
        if (d.intents.some((i) => i.expect === "deny" && isPlaceholder(i.from))) restricted.set(v, note);
      }
    }
    const blocks = new Map<string, string>();
    for (const [standIn, value] of d.blocks) {
      const v = await valueOf(value);
      if (typeof v === "string" && v !== "") blocks.set(standIn, v);
      else later((s) => s === standIn, `${owner}: the block standing as ${standIn} comes from an output known only at deploy time`);
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
  for (const i of declarations.flat()) {
    const from = typeof i.from === "object" && "group" in i.from ? restricted.get(i.from.group) : undefined;
    if (from !== undefined && i.expect === "allow" && !pending.has(i.id)) pending.set(i.id, from);
  }
  return { intents: stackPromises(declarations), context: { components, unknown, ...(pending.size > 0 ? { pending } : {}) } };
}
