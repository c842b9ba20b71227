/**
 * Resources the mocks cannot serve, planned as opaque instead of failing the whole program:
 *
 * - a dynamic provider's resource (`pulumi.dynamic.Resource`, type `pulumi-nodejs:dynamic:…`):
 *   its provider is the program's own code, which runs only at deployment. Pulumi serializes
 *   that code (a closure) when the resource is registered, which fails for a provider holding a
 *   client of a cloud SDK (`error serializing property "__provider"`); a plan never deploys, so
 *   during a capture nothing is serialized and the provider is named, not sent;
 * - a component a provider plugin implements (`remote`): its children exist only at deployment.
 *
 * Their outputs are not known offline: each output the program declared (the resource's
 * properties left `undefined`, as dynamic resources and generated SDKs declare them) reads a
 * placeholder by its name, and whatever is built from one is listed as depending on it.
 */
import { OpaqueResource, SourceLocation } from "./capture-types";
import type { CaptureRun } from "./run-state";

/** What a dynamic provider is replaced by while a capture runs: its name, never its code. */
export const UNSERIALIZED_PROVIDER = "<dynamic provider: its code runs only at deployment, not on mocks>";

/** Why the mocks cannot serve a resource of type `type`, or `undefined` when they can. */
export function opaqueReason(type: string, remote: boolean): string | undefined {
  if (/^pulumi-nodejs:dynamic(\/|:)/.test(type)) return "a dynamic provider (pulumi.dynamic.Resource) creates it with the program's own code, which runs only at deployment";
  if (remote) return "a provider plugin implements this component (remote): its children exist only at deployment";
  return undefined;
}

/** The properties a resource declares as outputs: those it passes as `undefined`. */
function declaredOutputs(props: unknown): string[] {
  if (typeof props !== "object" || props === null) return [];
  return Object.keys(props)
    .filter((k) => (props as Record<string, unknown>)[k] === undefined && !k.startsWith("__"))
    .sort();
}

/** Records a resource the mocks cannot serve, before it registers; returns whether it is one. */
export function noteOpaque(run: CaptureRun, type: string, name: string, remote: boolean, props: unknown, location: SourceLocation | undefined): boolean {
  const why = opaqueReason(type, remote);
  if (why === undefined) return false;
  const entry: OpaqueResource & { declared: string[] } = { type, name, why, outputs: {}, declared: declaredOutputs(props) };
  if (location) entry.location = location;
  run.opaque.set(`${type}::${name}`, entry);
  return true;
}

/** The opaque resources of a run, sorted by name then type, without the bookkeeping. */
export function opaqueList(run: CaptureRun): OpaqueResource[] {
  return [...run.opaque.values()]
    .map(({ declared: _declared, ...o }) => ({ ...o, outputs: Object.fromEntries(Object.entries(o.outputs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

/** A stand-in for Pulumi's closure serializer during a capture: a plan serializes no code. */
export async function serializeNothing(): Promise<{ text: string; containsSecrets: boolean }> {
  return { text: UNSERIALIZED_PROVIDER, containsSecrets: false };
}
