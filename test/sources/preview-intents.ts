/**
 * `pulumi preview --json` documents of programs that use the plugin's components, built from what
 * the plugin registers on Pulumi's mocks, to the shape fixtures/preview/README.md describes:
 * a deployed resource's step `same` with its state in `oldState` (inputs and outputs, the id), a
 * new one's `create` with `newState` inputs only and no id, ids of new resources unknown.
 */
import { CapturedResource, StackCapture, captureStack } from "../../lib/testing";
import { COMPUTED_SENTINEL } from "../../lib/sources/pulumi-preview";
import { DatabaseSecurityGroup, InterconnectGroup, OutboundWhitelist, ThreeTierSecurityGroups, WorkbenchAccess } from "../../plugin/components";

type Json = Record<string, any>;

/** What one plugin call constructs: a component's token, name and inputs. */
export interface PluginCall {
  component: string;
  name: string;
  inputs: Json;
}

/** The plugin's components, by type. */
const COMPONENTS: Record<string, new (name: string, args: never) => Record<string, unknown>> = { ThreeTierSecurityGroups, DatabaseSecurityGroup, InterconnectGroup, WorkbenchAccess, OutboundWhitelist } as never;

/** The outputs of each component, as the plugin's schema lists them. */
const OUTPUTS: Record<string, string[]> = {
  ThreeTierSecurityGroups: ["webId", "appId", "dbId", "ruleIds", "intents"],
  DatabaseSecurityGroup: ["groupId", "ruleIds", "intents"],
  InterconnectGroup: ["groupId", "ruleIds", "intents"],
  WorkbenchAccess: ["ruleIds", "intents"],
  OutboundWhitelist: ["ruleIds", "intents"],
};

/**
 * The plugin's components, constructed in order on mocks as the provider constructs them (the
 * classes its host serves, given the inputs as another language sends them); each call's state
 * (its outputs) by name.
 */
export async function constructAll(calls: readonly PluginCall[]): Promise<{ capture: StackCapture; states: Record<string, Json>; inputs: Record<string, Json> }> {
  const capture = await captureStack(() => {
    const states: Record<string, Json> = {};
    for (const c of calls) {
      const made = new COMPONENTS[c.component](c.name, c.inputs as never);
      states[c.name] = Object.fromEntries(OUTPUTS[c.component].map((k) => [k, made[k]]).filter(([, v]) => v !== undefined));
    }
    return states;
  });
  return { capture, states: capture.outputs as Record<string, Json>, inputs: Object.fromEntries(calls.map((c) => [c.name, c.inputs])) };
}

const STACK = "urn:pulumi:prod::shop::pulumi:pulumi:Stack::shop-prod";

/** A resource's URN in the preview, its parents' types before its own. */
function urnOf(r: CapturedResource, byUrn: Map<string, CapturedResource>): string {
  const types: string[] = [r.type];
  let parent = r.parent;
  while (parent !== undefined && byUrn.has(parent)) {
    const p = byUrn.get(parent) as CapturedResource;
    types.unshift(p.type);
    parent = p.parent;
  }
  return `urn:pulumi:prod::shop::${types.join("$")}::${r.name}`;
}

/**
 * The preview of a capture: components named in `created` (and their children) are new, the rest
 * deployed. A new resource has no id: what names it (a rule's group) is the computed sentinel,
 * with the property's dependency. A component's inputs are what the program passed it, its
 * outputs the state the plugin returned.
 */
export function previewOf(built: { capture: StackCapture; states: Record<string, Json>; inputs: Record<string, Json> }, created: ReadonlySet<string> = new Set()): Json {
  const { capture, states } = built;
  const mockUrn = (r: CapturedResource) => `urn:pulumi:dev::alicloud-secgroups::${r.type}::${r.name}`;
  const byMockUrn = new Map(capture.resources.map((r) => [mockUrn(r), r]));
  const urns = new Map(capture.resources.map((r) => [r, urnOf(r, byMockUrn)]));
  const root = (r: CapturedResource): CapturedResource => (r.parent && byMockUrn.has(r.parent) ? root(byMockUrn.get(r.parent) as CapturedResource) : r);
  const isNew = (r: CapturedResource) => created.has(root(r).name);
  const newIds = new Map(capture.resources.filter(isNew).map((r) => [r.id, urns.get(r) as string]));
  const steps: Json[] = [{ op: "same", urn: STACK, oldState: { urn: STACK, custom: false, type: "pulumi:pulumi:Stack" }, newState: { urn: STACK, custom: false, type: "pulumi:pulumi:Stack" } }];
  for (const r of capture.resources) {
    const urn = urns.get(r) as string;
    const parent = r.parent && byMockUrn.has(r.parent) ? urns.get(byMockUrn.get(r.parent) as CapturedResource) : STACK;
    const deps: Record<string, string[]> = {};
    const inputs: Json = {};
    const given = r.custom === false ? (JSON.parse(JSON.stringify(built.inputs[r.name] ?? {})) as Json) : r.inputs;
    for (const [k, v] of Object.entries(given)) {
      if (typeof v === "string" && newIds.has(v)) {
        inputs[k] = COMPUTED_SENTINEL;
        deps[k] = [newIds.get(v) as string];
      } else inputs[k] = v;
    }
    const component = r.custom === false;
    const state: Json = { urn, custom: !component, type: r.type, inputs, parent, ...(Object.keys(deps).length > 0 ? { propertyDependencies: deps } : {}) };
    if (isNew(r)) {
      steps.push({ op: "create", urn, newState: state, detailedDiff: null });
    } else {
      const outputs = component ? JSON.parse(JSON.stringify(states[r.name] ?? {})) : { ...inputs, id: r.id };
      const old = { ...state, ...(component ? {} : { id: r.id }), outputs };
      steps.push({ op: "same", urn, oldState: old, newState: { ...state, ...(component ? {} : { id: r.id }) }, detailedDiff: null });
    }
  }
  return { config: { "alicloud:region": "cn-hangzhou" }, steps, diagnostics: [], duration: 1, changeSummary: { same: steps.filter((s) => s.op === "same").length, create: steps.filter((s) => s.op === "create").length } };
}

