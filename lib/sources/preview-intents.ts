/**
 * The intents a `pulumi preview --json` carries. Each component of this library
 * (`alicloud-secgroups:index:<Component>`, as the multi-language plugin registers it) exposes an
 * `intents` output: its own promises, groups named by their ids, and its caller's intents
 * (`args.intents`), in the union-free form (`DeclaredIntentArgs`). A Python, Go, C# or YAML
 * program cannot run `plan`, so this is how its intents reach `audit` and `diff`.
 *
 * What a step holds: an unchanged component (`same`) its deployed outputs, intents with real
 * ids; a new or updated one only its inputs (the engine writes a step before the component runs),
 * so only its caller's intents, and a note that its own promises are not in the preview. A group
 * id the preview does not know yet (the computed sentinel, a secret) stands as a group of its
 * own that the network does not hold: the proof reports the intent unproven, saying why. Every
 * entry is checked as the plugin checks its arguments; a malformed one is refused naming the
 * file, the JSON path and the component's URN, never read as anything else.
 */
import { DeclaredIntentArgs, Intent, declaredIntentFromArgs, stackPromises } from "../analysis/intents";
import { ValidationError, quote } from "../model/errors";
import { quoteText } from "../model/escape";
import { Origin, SourceNetwork, Unresolved, hasKey, obj, record, shown } from "./source-network";

/** The type tokens of this library's components start so. */
export const COMPONENT_TYPE_PREFIX = "alicloud-secgroups:index:";

/** The components that declare intents (a `Connection` writes into its groups' components). */
const DECLARING = new Set(["ThreeTierSecurityGroups", "DatabaseSecurityGroup", "InterconnectGroup", "WorkbenchAccess", "OutboundWhitelist"].map((c) => COMPONENT_TYPE_PREFIX + c));

/** Values a preview writes for what it does not know, and the key of Pulumi's signature objects. */
export interface PreviewMarkers {
  /** The computed sentinel. */
  computed: string;
  /** How `--json` writes a secret. */
  secret: string;
  /** The key of a signature object (a secret, an asset, a resource reference). */
  signature: string;
}

/** One component step, as the reader found it. */
export interface ComponentStep {
  /** The file. */
  file: string;
  /** JSON path of the state read (`$.steps[3].oldState`). */
  path: string;
  /** The component's URN. */
  urn: string;
  /** Its type token. */
  type: string;
  /** The state: the deployed one for an unchanged component, else the new one. */
  state: Record<string, unknown>;
}

/** True for a step of one of this library's components that declares intents. */
export function declaresIntents(type: string | undefined): boolean {
  return type !== undefined && DECLARING.has(type);
}

/** A field of a JSON path made from keys a file chose: kept when plain, else quoted (escapes, cut). */
function safePath(suffix: string): string {
  return /^[\w.[\]-]{0,200}$/.test(suffix) ? suffix : quoteText(suffix, 120);
}

/** The component's name, from the last part of its URN, for messages and markers. */
function nameOf(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

/** Collects the intents of a preview's components, step by step, then gives them to the network read. */
export class PreviewIntents {
  private readonly declarations: Intent[][] = [];
  private readonly unknown = new Map<string, string>();
  private readonly ids = new Map<string, string>();
  private readonly notes: Unresolved[] = [];
  /** Component URN → its type and name. */
  private readonly components = new Map<string, { type: string; name: string }>();
  /** Security group URN → its parent's URN. */
  private readonly parents = new Map<string, string>();
  private seen = false;

  constructor(private readonly markers: PreviewMarkers) {}

  /** Records a security group's parent (a component's groups are its children). */
  parent(groupUrn: string, parentUrn: string | undefined): void {
    if (parentUrn !== undefined) this.parents.set(groupUrn, parentUrn);
  }

  /** Reads one component step's intents. Throws {@link ValidationError} (`invalid-source`) for a malformed one. */
  read(step: ComponentStep): void {
    this.seen = true;
    const { file, path, urn, type, state } = step;
    const origin: Origin = { file, path, resource: urn };
    this.components.set(urn, { type: type.slice(COMPONENT_TYPE_PREFIX.length), name: nameOf(urn) });
    const outputs = obj(state.outputs);
    const inputs = obj(state.inputs);
    let list: unknown;
    let at: string;
    if (outputs && hasKey(outputs, "intents")) {
      list = outputs.intents;
      at = `${path}.outputs.intents`;
    } else {
      const effect = "its own promises are in its intents output, which this step does not carry (a preview writes the step before the component runs, so they are known once it is deployed): they are not proved here";
      this.notes.push({ kind: "unknown-value", subject: urn, origin, effect: inputs && hasKey(inputs, "intents") ? `${effect}; its caller's intents (args.intents) are` : effect });
      if (!inputs || !hasKey(inputs, "intents")) return;
      list = inputs.intents;
      at = `${path}.inputs.intents`;
    }
    if (list === null || list === undefined) return;
    if (this.isUnknown(list)) {
      this.notes.push({ kind: "unknown-value", subject: urn, origin: { ...origin, path: at }, effect: "its intents are not known at preview (written as unknown or secret): they are not proved here" });
      return;
    }
    if (!Array.isArray(list)) this.refuse(file, at, "", urn, list, "is not a list of intents", "Pass the output of pulumi preview --json unchanged.");
    const declared: Intent[] = [];
    list.forEach((raw, k) => {
      const where = `${at}[${k}]`;
      const entry = this.unknownSelectors(raw, urn);
      if (entry === undefined) {
        this.notes.push({ kind: "unknown-value", subject: urn, origin: { ...origin, path: where }, effect: "an intent not known at preview (a field written as unknown or secret): not proved here" });
        return;
      }
      let intent: Intent;
      try {
        intent = declaredIntentFromArgs(entry as unknown as DeclaredIntentArgs, "intent");
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        const head = `alicloud-secgroups: ${e.field} `;
        const tail = e.message.startsWith(head) ? e.message.slice(head.length) : e.message;
        this.refuse(file, where, e.field.slice("intent".length), urn, undefined, tail, "", e.code === "duplicate-id" ? e.code : "invalid-source");
      }
      const other = this.ids.get(intent.id);
      if (other !== undefined) this.refuse(file, `${where}.id`, "", urn, intent.id, `is also the id of an intent of ${quote(other)}`, "Give each intent of the program its own id.", "duplicate-id");
      this.ids.set(intent.id, urn);
      declared.push(intent);
    });
    this.declarations.push(declared);
  }

  /** Sets the network's intents and their context (the components' groups by tier, the groups not known yet). */
  finish(net: SourceNetwork): SourceNetwork {
    if (!this.seen) return net;
    const groupByUrn = new Map<string, string>();
    for (const [id, o] of net.groupOrigins) if (o.resource !== undefined) groupByUrn.set(o.resource, id);
    const roles = new Map(net.model.groups.map((g) => [g.id, g.tags?.role]));
    const components = record<{ type: string; tiers: Record<string, string[]> }>();
    for (const c of this.components.values()) components[c.name] ??= { type: c.type, tiers: record() };
    for (const [groupUrn, parentUrn] of this.parents) {
      const c = this.components.get(parentUrn);
      const id = groupByUrn.get(groupUrn);
      if (!c || id === undefined) continue;
      const tiers = components[c.name].tiers;
      const tier = roles.get(id) ?? "group";
      (tiers[tier] ??= []).push(id);
    }
    net.intents = stackPromises(this.declarations);
    net.intentContext = { components, unknown: this.unknown };
    net.unresolved.push(...this.notes);
    return net;
  }

  private isUnknown(v: unknown): boolean {
    return v === this.markers.computed || v === this.markers.secret || (obj(v) !== undefined && hasKey(obj(v) as object, this.markers.signature));
  }

  /**
   * A copy of an entry (objects without a prototype: keys are data) where a selector whose group
   * or block the preview does not know yet stands for a group the network does not hold, listed
   * as unknown; undefined when anything else of it is not known.
   */
  private unknownSelectors(raw: unknown, urn: string): unknown {
    let unknownElsewhere = false;
    const copy = (v: unknown): unknown => {
      if (this.isUnknown(v)) {
        unknownElsewhere = true;
        return undefined;
      }
      if (Array.isArray(v)) return v.map(copy);
      const o = obj(v);
      if (!o) return v;
      const out = record<unknown>();
      for (const [k, x] of Object.entries(o)) out[k] = copy(x);
      return out;
    };
    const selector = (s: unknown): unknown => {
      const o = obj(s);
      if (o && (this.isUnknown(o.group) || this.isUnknown(o.cidr))) {
        const marker = `(not known at preview) ${shown(nameOf(urn))}`;
        this.unknown.set(marker, `${quote(urn)}: a group or block of its intents is known only once it is deployed (the preview writes it as unknown)`);
        return { group: marker };
      }
      return copy(s);
    };
    const entry = obj(raw);
    if (!entry) return copy(raw);
    const out = record<unknown>();
    for (const [k, v] of Object.entries(entry)) {
      if (k === "from" || k === "to") out[k] = selector(v);
      else if (k === "unless" && Array.isArray(v)) out[k] = v.map((u) => { const r = obj(u); if (!r) return copy(u); const o = record<unknown>(); for (const [kk, vv] of Object.entries(r)) o[kk] = kk === "from" || kk === "to" ? selector(vv) : copy(vv); return o; });
      else out[k] = copy(v);
    }
    return unknownElsewhere ? undefined : out;
  }

  /** Throws the reader's error: the file, the JSON path, the component's URN, the problem and the fix. */
  private refuse(file: string, at: string, suffix: string, urn: string, value: unknown, problem: string, fix: string, code: "invalid-source" | "duplicate-id" = "invalid-source"): never {
    const field = `${file} ${at}${safePath(suffix)}`;
    const err = new ValidationError(code, field, shown(value), "", "");
    const body = value === undefined && fix === "" ? problem : `${problem} (got ${quote(shown(value))}). ${fix}`;
    (err as { message: string }).message = `alicloud-secgroups: ${field} (an intent of ${quoteText(urn)}) ${body}`;
    throw err;
  }
}

