/**
 * Reads `pulumi stack export` (deployment version 3): security groups, rules, instances,
 * network interfaces and prefix lists from each resource's `outputs` (what the provider last
 * saw; `inputs` when a resource has no outputs). Bookkeeping keys (`__defaults`, `__meta`) are
 * skipped; secret envelopes are never read as values; deleted resources are left out.
 */
import { ResourceSnapshot } from "../model/resource-props";
import { LocatedResource, readResources } from "./resources";
import { MAX_DOCUMENT_DEPTH, checkDocument } from "../model/safe-document";
import { SourceNetwork, Unresolved, arrayAt, checkSourceDocument, jsonPath, obj, record, sourceError, text } from "./source-network";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/**
 * A property bag with its bookkeeping keys dropped and secrets replaced by a marker the
 * validation refuses. Keys are kept as data (objects without a prototype). A plaintext secret
 * is a JSON document of its own: read only when it is shallow enough, else the marker.
 */
function clean(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
  const o = obj(value);
  if (!o) return value;
  if (SECRET_SIG in o) {
    if (typeof o.plaintext === "string") {
      try {
        const plain: unknown = JSON.parse(o.plaintext);
        checkDocument(plain, "secret", { code: "invalid-source" });
        if (depth < MAX_DOCUMENT_DEPTH) return clean(plain, depth + 1);
      } catch {
        return "[secret]";
      }
    }
    return "[secret]";
  }
  const out = record<unknown>();
  // Bookkeeping keys (`__defaults`, `__meta`) are the property bag's own; below it keys are data.
  for (const [k, v] of Object.entries(o)) if (depth > 0 || !k.startsWith("__")) out[k] = clean(v, depth + 1);
  return out;
}

/** True when the JSON is a stack export (`{ version, deployment }`) or a bare deployment. */
export function isStackExport(doc: Record<string, unknown>): boolean {
  return (obj(doc.deployment) !== undefined && Array.isArray(obj(doc.deployment)?.resources)) || (Array.isArray(doc.resources) && obj(doc.manifest) !== undefined);
}

/** Reads one stack export. Throws {@link ValidationError} naming the file and path for another version or malformed resources. */
export function readPulumiStack(file: string, doc: Record<string, unknown>): SourceNetwork {
  checkSourceDocument(doc, file);
  const wrapped = obj(doc.deployment) !== undefined;
  const deployment = (wrapped ? obj(doc.deployment) : doc) as Record<string, unknown>;
  const base = wrapped ? "deployment." : "";
  if (wrapped && doc.version !== 3) {
    sourceError("invalid-source", file, "$.version", doc.version, "is not a deployment version this reader knows (3)", "Export the stack with a current Pulumi CLI (pulumi stack export --file stack.json).");
  }
  const resources = arrayAt(deployment, "resources") as unknown[];
  const located: LocatedResource[] = [];
  const extra: Unresolved[] = [];
  resources.forEach((raw, i) => {
    const path = jsonPath(`${base}resources`, i);
    const r = obj(raw);
    if (!r || typeof r.type !== "string") sourceError("invalid-source", file, path, raw, "is not a resource (an object with a type)", "Pass the output of pulumi stack export unchanged.");
    const urn = text(r.urn);
    if (r.delete === true) {
      extra.push({ kind: "pending-resource", subject: urn ?? path, origin: { file, path }, effect: "marked for deletion (delete: true); left out" });
      return;
    }
    const outputs = obj(r.outputs);
    const props = (clean(outputs && Object.keys(outputs).length > 0 ? outputs : obj(r.inputs) ?? {}) as Record<string, unknown>) ?? {};
    if (r.id !== undefined && props.id === undefined) props.id = r.id;
    if (r.pendingReplacement === true) extra.push({ kind: "pending-resource", subject: urn ?? path, origin: { file, path }, effect: "pending replacement: the state may not match the cloud" });
    const deps = obj(r.propertyDependencies);
    const snapshot: ResourceSnapshot = { type: r.type, props };
    if (urn) {
      snapshot.urn = urn;
      snapshot.name = urn.split("::").pop();
    }
    if (deps) {
      snapshot.propertyDependencies = Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, Array.isArray(v) ? v.filter((u): u is string => typeof u === "string").map((u) => ({ urn: u })) : []]));
    }
    located.push({ resource: snapshot, origin: urn ? { file, path, resource: urn } : { file, path } });
  });
  const pending = arrayAt(deployment, "pending_operations") ?? [];
  if (pending.length > 0) {
    extra.push({ kind: "pending-resource", subject: `${pending.length} pending operation${pending.length === 1 ? "" : "s"}`, origin: { file, path: jsonPath(`${base}pending_operations`) }, effect: "an update was interrupted: the state may not match the cloud (run pulumi refresh)" });
  }
  return readResources(located, "pulumi-stack", [file], extra);
}
