/**
 * Reads `pulumi preview --json` (Pulumi's `PreviewDigest`, pkg/display/json.go, written by
 * `ShowPreviewDigest` in pkg/backend/display/json.go): the network a program in any language
 * (Python, Go, C#, YAML, TypeScript) would deploy, read from the steps the engine plans. Each
 * step is `{ op, urn, provider?, oldState?, newState?, diffReasons?, replaceReasons?,
 * detailedDiff }`, the states being `apitype.ResourceV3` (`urn`, `type`, `id`, `inputs`,
 * `outputs`, `propertyDependencies`, …). The digest also holds `config`, `diagnostics`,
 * `duration` and `changeSummary` (a count per operation).
 *
 * What each step says of the resource as it will be after the update:
 *
 * - `create`, `update`, `replace`, `create-replacement`: the `newState`'s `inputs`, the inputs the
 *   provider checked (defaults filled in). At preview the engine serialises the new state before
 *   the provider answers, so its `outputs` are absent or, by a race, partial (pulumi/pulumi#9571):
 *   they are never read. An in-place `update` keeps the resource's id and rule id (`oldState`).
 * - `same` (unchanged): the state is the resource as it will be, which is the resource as it
 *   is. Its `newState` holds the program's inputs, which the engine found equal to the deployed
 *   ones, but no id and no outputs (a same step gets them from the old state when it runs); so
 *   an unchanged resource is read from its `oldState` (the deployed outputs and id, which the
 *   update keeps), falling back to the `newState`'s inputs.
 * - `read`, `read-replacement`, `import`, `import-replacement`, `refresh` (`preview --refresh`):
 *   the `newState`'s `outputs` (what the provider read), else its `inputs`.
 * - `delete`, `delete-replaced`, `discard`, `discard-replaced`, `remove-pending-replace`: the
 *   resource will not exist. It is left out of the network, and a resource that only goes away
 *   (no other step keeps it) is listed, named from its `oldState`.
 *
 * Of two steps for one URN (`--show-replacement-steps` writes a `replace` beside its
 * `create-replacement` and `delete-replaced`; `--refresh` a `refresh` before the step) the one
 * that keeps the resource is read, the logical step first, whatever the order of the steps.
 *
 * Nothing is guessed. A value the engine does not know yet (the computed sentinel
 * `04da6b54-80e4-46f7-96ec-b56ff0331ba9`: a new group's id, a new VPC's id) and a secret (`"[secret]"`:
 * `--json` never shows secrets) are read as unknown: a rule with an unknown group, peer, protocol,
 * ports, policy or priority is left out of the evaluation and listed with what could be read
 * of it (the `unresolved-rule` check judges what it could open); a new group is named
 * `sg-pending-<name>`, and rules find it through their `propertyDependencies`. A resource whose
 * state the step lacks is listed as unresolved, a rule with nothing read. A preview that failed
 * (an `error` diagnostic) and one that leaves unchanged resources out (without `--show-sames`,
 * `changeSummary.same` counts more unchanged resources than the steps show) hold part of the
 * network only, and are refused (`partial-source`).
 *
 * The library's own components (`alicloud-secgroups:index:*`, as the plugin registers them) carry
 * their intents: the read result holds them in `intents` (lib/sources/preview-intents.ts).
 */
import { ResourceSnapshot, UNKNOWN } from "../model/resource-props";
import { PreviewIntents, declaresIntents } from "./preview-intents";
import { LocatedResource, readResources } from "./resources";
import { SourceNetwork, Unresolved, arrayAt, checkSourceDocument, jsonPath, obj, record, sourceError, text } from "./source-network";

/** What the engine writes for a value it does not know yet (pkg/resource/stack/deployment.go). */
export const COMPUTED_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** What `--json` writes for a secret (pkg/backend/display/json.go `massagePropertyValue`). */
export const SECRET_TEXT = "[secret]";
/** The key of Pulumi's signature objects (secrets, assets, archives, resource references). */
const SIG = "4dabf18193072939515e22adb298388d";

/** How a step that keeps its resource is read. */
type Reading = "deployed" | "inputs" | "outputs";

/** The operations after which the resource exists, in the order of preference when one URN has several steps. */
const KEEPS: ReadonlyMap<string, Reading> = new Map<string, Reading>([
  ["same", "deployed"],
  ["update", "inputs"],
  ["replace", "inputs"],
  ["create", "inputs"],
  ["create-replacement", "inputs"],
  ["import", "outputs"],
  ["import-replacement", "outputs"],
  ["read", "outputs"],
  ["read-replacement", "outputs"],
  ["refresh", "outputs"],
]);
const PREFERENCE = [...KEEPS.keys()];

/** The operations after which the resource no longer exists. */
const GONE: ReadonlySet<string> = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace"]);

/** The types of resources that are or hold rules, for a resource whose state a step lacks. */
const RULE_TYPE = "alicloud:ecs/securityGroupRule:SecurityGroupRule";
/** A security group: a component's groups are its children. */
const GROUP_TYPE = "alicloud:ecs/securityGroup:SecurityGroup";

/** True for `pulumi preview --json` output: a `steps` list, or a `changeSummary` without the other formats' keys. */
export function isPreviewDigest(doc: Record<string, unknown>): boolean {
  if (Array.isArray(doc.steps)) return true;
  return obj(doc.changeSummary) !== undefined && doc.deployment === undefined && doc.resources === undefined && doc.groups === undefined;
}

/** A property bag's values as the reader needs them, and the keys that held a secret. */
interface Cleaned {
  props: Record<string, unknown>;
  secrets: string[];
}

/**
 * A copy of a property bag (objects without a prototype: keys are data), without the
 * provider's bookkeeping keys (`__defaults`, `__meta`), with every unknown value, secret and
 * signature object (secret, asset, resource reference) replaced by the readers' `UNKNOWN`
 * marker. The document's depth is bounded before this runs (checkSourceDocument).
 */
function clean(bag: Record<string, unknown>): Cleaned {
  const secrets = new Set<string>();
  const value = (v: unknown, top: string): unknown => {
    if (v === COMPUTED_SENTINEL) return UNKNOWN;
    if (v === SECRET_TEXT) {
      secrets.add(top);
      return UNKNOWN;
    }
    if (Array.isArray(v)) return v.map((x) => value(x, top));
    const o = obj(v);
    if (!o) return v;
    if (Object.prototype.hasOwnProperty.call(o, SIG)) return UNKNOWN;
    const out = record<unknown>();
    for (const [k, x] of Object.entries(o)) out[k] = value(x, top);
    return out;
  };
  const props = record<unknown>();
  for (const [k, v] of Object.entries(bag)) if (!k.startsWith("__")) props[k] = value(v, k);
  return { props, secrets: [...secrets].sort() };
}

/** A non-empty bag, or undefined. */
function bag(value: unknown): Record<string, unknown> | undefined {
  const o = obj(value);
  return o && Object.keys(o).length > 0 ? o : undefined;
}

/** The type of a resource from its URN (`urn:pulumi:stack::project::parent$type::name`). */
function urnType(urn: string): string | undefined {
  const parts = urn.split("::");
  return parts.length >= 4 ? parts[parts.length - 2].split("$").pop() : undefined;
}

/** The step an URN is read from: the one that keeps the resource, logical steps first. */
interface Chosen {
  index: number;
  op: string;
  step: Record<string, unknown>;
}

/** Reads one `pulumi preview --json` document. Throws {@link ValidationError} naming the file and path for a failed or partial preview, or a step that is not one. */
export function readPulumiPreview(file: string, doc: Record<string, unknown>): SourceNetwork {
  checkSourceDocument(doc, file);
  (arrayAt(doc, "diagnostics") ?? []).forEach((d, i) => {
    const diag = obj(d);
    if (diag?.severity === "error") {
      sourceError("partial-source", file, jsonPath("diagnostics", i), text(diag.message) ?? "", "is an error: the preview failed, so its steps are part of the program's resources at most", "Fix the program until pulumi preview succeeds, then save its --json output again.");
    }
  });
  const summary = obj(doc.changeSummary);
  if (!summary) sourceError("invalid-source", file, "$.changeSummary", doc.changeSummary, "is missing: without it, unchanged resources left out of the steps cannot be told", "Pass the output of pulumi preview --json --show-sames unchanged.");
  const steps = doc.steps === undefined ? [] : arrayAt(doc, "steps");
  if (!steps) sourceError("invalid-source", file, "$.steps", doc.steps, "is not a list of steps", "Pass the output of pulumi preview --json --show-sames unchanged.");

  const chosen = new Map<string, Chosen>();
  const gone = new Map<string, { index: number; op: string; step: Record<string, unknown> }>();
  const extra: Unresolved[] = [];
  let sames = 0;
  steps.forEach((raw, i) => {
    const path = jsonPath("steps", i);
    const step = obj(raw);
    const op = text(step?.op);
    const urn = text(step?.urn);
    if (!step || !op || !urn) sourceError("invalid-source", file, path, raw, "is not a step (an object with an op and a urn)", "Pass the output of pulumi preview --json unchanged.");
    if (op === "same") sames++;
    if (GONE.has(op)) {
      if (!gone.has(urn)) gone.set(urn, { index: i, op, step });
      return;
    }
    if (!KEEPS.has(op)) {
      extra.push({ kind: "pending-resource", subject: urn, origin: { file, path, resource: urn }, effect: `an operation this reader does not know (${JSON.stringify(op.slice(0, 40))}): read from its newState as a resource that will exist` });
    }
    const prior = chosen.get(urn);
    const rank = (o: string) => (KEEPS.has(o) ? PREFERENCE.indexOf(o) : PREFERENCE.length);
    if (!prior || rank(op) < rank(prior.op)) chosen.set(urn, { index: i, op, step });
  });
  const counted = summary.same;
  if (typeof counted === "number" && counted > sames) {
    sourceError(
      "partial-source",
      file,
      "$.changeSummary.same",
      counted,
      `counts ${counted} unchanged resources but the steps show ${sames}: pulumi preview leaves unchanged resources out of --json unless --show-sames, so their groups and rules are missing`,
      "Run the preview again with --show-sames: pulumi preview --json --show-sames > preview.json.",
    );
  }

  const located: LocatedResource[] = [];
  const intents = new PreviewIntents({ computed: COMPUTED_SENTINEL, secret: SECRET_TEXT, signature: SIG });
  for (const [urn, c] of [...chosen].sort((a, b) => a[1].index - b[1].index)) {
    const path = jsonPath("steps", c.index);
    const origin = { file, path, resource: urn };
    const newState = obj(c.step.newState);
    const oldState = obj(c.step.oldState);
    const type = text(newState?.type) ?? text(oldState?.type) ?? urnType(urn);
    const reading = KEEPS.get(c.op) ?? "inputs";
    const state = reading === "deployed" ? (oldState ?? newState) : newState;
    // The library's components carry their intents; their groups are their children.
    if (state && declaresIntents(type)) intents.read({ file, path: `${path}.${state === oldState ? "oldState" : "newState"}`, urn, type: type as string, state });
    if (type === GROUP_TYPE) intents.parent(urn, text(newState?.parent) ?? text(oldState?.parent));
    if (!state || !type) {
      const missing = reading === "deployed" ? "state" : "newState";
      const entry: Unresolved = { kind: "pending-resource", subject: urn, origin, effect: `the ${c.op} step carries no ${missing}: what the resource will be is unknown, and it is left out` };
      // A rule nothing of which can be read could open anything: the unresolved-rule check weighs it.
      if (type === RULE_TYPE) {
        entry.kind = "unknown-value";
        entry.effect = `left out of the evaluation: the ${c.op} step carries no ${missing} to read the rule from`;
        entry.rule = {};
      }
      extra.push(entry);
      continue;
    }
    let source: Record<string, unknown> | undefined;
    if (reading === "deployed") source = bag(oldState?.outputs) ?? bag(newState?.outputs) ?? bag(newState?.inputs);
    else if (reading === "outputs") source = bag(newState?.outputs) ?? bag(newState?.inputs);
    else source = bag(newState?.inputs);
    const { props, secrets } = clean(source ?? {});
    const id = text(newState?.id) ?? (c.op === "same" || c.op === "update" ? text(oldState?.id) : undefined);
    if (id !== undefined && props.id === undefined) props.id = id;
    // An in-place update keeps the cloud rule: its id is provenance for the report.
    const oldOutputs = obj(oldState?.outputs);
    if (c.op === "update" && props.securityGroupRuleId === undefined && typeof oldOutputs?.securityGroupRuleId === "string") props.securityGroupRuleId = oldOutputs.securityGroupRuleId;
    if (secrets.length > 0) {
      extra.push({ kind: "unknown-value", subject: urn, origin, effect: `${secrets.join(", ")} ${secrets.length === 1 ? "is a secret" : "are secrets"} in the preview (${SECRET_TEXT}): read as not known, never guessed` });
    }
    const snapshot: ResourceSnapshot = { type, props, urn, name: urn.split("::").pop() };
    const deps = obj(newState?.propertyDependencies) ?? obj(oldState?.propertyDependencies);
    if (deps) {
      snapshot.propertyDependencies = Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, Array.isArray(v) ? v.filter((u): u is string => typeof u === "string").map((u) => ({ urn: u })) : []]));
    }
    located.push({ resource: snapshot, origin });
  }
  for (const [urn, g] of [...gone].sort((a, b) => a[1].index - b[1].index)) {
    if (chosen.has(urn)) continue;
    const type = text(obj(g.step.oldState)?.type) ?? urnType(urn) ?? "a resource";
    extra.push({ kind: "pending-resource", subject: urn, origin: { file, path: jsonPath("steps", g.index), resource: urn }, effect: `${type}: ${g.op === "delete" ? "deleted" : "removed"} by this update (${g.op}); left out of the network as it will be` });
  }
  return intents.finish(readResources(located, "pulumi-preview", [file], extra));
}
