/**
 * The proof behind `broken-intent` and `unproven-intent`: the access intents given in the options
 * (`CheckOptions.intents`: the intents file's entries, a stack's promises) proved over the whole
 * network by the one judge (`proveIntents`, SEMANTICS.md "Intents"), on the index the other
 * checks of the run already built. A broken intent names its id and why it was declared, who
 * declared it, the components on each side, a witness flow (concrete addresses, protocol, port)
 * and the rule that decided each side, in `evaluateFlow`'s words. An unproven one says what was
 * not known when the network was read (a group id or a block known only at deploy time, an id
 * passed as a bare output where the resource would tell which group it is).
 *
 * The proof runs once per run, whichever of the two checks asks first; `onIntentResults`
 * receives its verdicts, so a report shows every intent (proven, vacuous too) from the same
 * proof the findings come from.
 */
import { explainSide } from "../analysis/explain";
import { Verdict } from "../analysis/flow";
import { Intent, IntentResult, IntentSelector, IntentWitness, proveIntentsOn } from "../analysis/intents";
import { quote } from "../model/errors";
import { NetworkModel } from "../model/network";
import { Port } from "../model/port";
import { IntentProofContext, ResolvedCheckOptions } from "./check-options";
import { indexOf, inspectionOf } from "./shared-analysis";

const PROOFS = new WeakMap<object, { network: NetworkModel; results: IntentResult[] }>();

/**
 * The verdict on every intent of a run's options over `network`: proved once per run on the
 * checks' index of the network's valid parts (a rule the API refuses takes no part, as in every
 * check). A network with no valid part to judge leaves every intent unproven, saying why.
 * Intents the context marks pending are unproven whatever the proof finds (the witness, if any,
 * is kept: it is what the plan's values would do).
 */
export function intentResultsOf(run: ResolvedCheckOptions, network: NetworkModel): IntentResult[] {
  if (run.intents.length === 0) return [];
  const known = PROOFS.get(run);
  if (known && known.network === network) return known.results;
  const results = proveNetworkIntents(network, run.intents, run.intentContext, run);
  PROOFS.set(run, { network, results });
  run.onIntentResults?.(results);
  return results;
}

/**
 * Proves `intents` over `network` (the one proof the checks, the capture, the matchers and the
 * commands share), on the index of the run `run` (a fresh one when not given). Never throws on
 * the network; throws {@link ValidationError} for invalid intents.
 */
export function proveNetworkIntents(network: NetworkModel, intents: readonly Intent[], context: IntentProofContext = {}, run: object = {}): IntentResult[] {
  if (intents.length === 0) return [];
  const index = indexOf(run, network);
  let results: IntentResult[];
  if (!index) {
    const problem = inspectionOf(run, network).problems.find((p) => p.scope === "network")?.error.message.replace(/^alicloud-secgroups: /, "").replace(/[.\s]+$/, "");
    const why = `the network cannot be judged${problem ? `: ${problem}` : ""}`;
    results = intents.map((i) => ({ id: i.id, expect: i.expect, ...(i.because !== undefined ? { because: i.because } : {}), ...(i.declaredBy !== undefined ? { declaredBy: i.declaredBy } : {}), status: "unproven", pairs: 0, notes: [why] }));
  } else {
    results = proveIntentsOn(index, intents, context);
  }
  const pending = context.pending;
  if (!pending || pending.size === 0) return results;
  return results.map((r) => {
    const note = pending.get(r.id);
    if (note === undefined) return r;
    return { ...r, status: "unproven", notes: [...(r.notes ?? []), note] };
  });
}

/** How a report names a selector: `internet`, `203.0.113.0/24`, `group sg-db`, `tags role=db`, `component shop tier db`. */
export function selectorText(s: IntentSelector): string {
  if (typeof s === "string") return s;
  if ("cidr" in s) return s.cidr;
  if ("group" in s) return `group ${s.group}`;
  if ("tags" in s) return `tags ${Object.entries(s.tags).map(([k, v]) => `${k}=${v}`).join(", ")}`;
  return s.tier === undefined ? `component ${s.component}` : `component ${s.component} tier ${s.tier}`;
}

/** An intent's region and expectation in words: `deny internet -> tags role=db on *`. */
export function intentText(i: Pick<Intent, "expect" | "from" | "to" | "ports">): string {
  const ports = i.ports === "*" ? "every protocol and port" : i.ports.map((p) => (p instanceof Port ? p.toString() : String(p))).join(", ");
  return `${i.expect} ${selectorText(i.from)} -> ${selectorText(i.to)} on ${ports}`;
}

/** A witness flow in one line: `tcp:3306 from 203.0.113.1 to i-db`. */
export function witnessFlowText(w: IntentWitness): string {
  return `${w.port !== undefined ? `${w.protocol}:${w.port}` : w.protocol} from ${w.from} to ${w.to}`;
}

/** The groups an end of a witness holds: an instance of the model, a group's stand-in member, or none (an outside address). */
function endGroups(network: NetworkModel, label: string): string[] {
  const id = label.replace(/ \(.*\)$/, "");
  const inst = (Array.isArray(network.instances) ? network.instances : []).find((i) => i && i.id === id);
  if (inst && Array.isArray(inst.groups)) return [...new Set(inst.groups)];
  const member = /^member of (.+)$/.exec(id);
  return member ? [member[1]] : [];
}

/** Group id → the component tier it is (`ThreeTierSecurityGroups "shop" db`). */
function componentsByGroup(context: IntentProofContext): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, c] of Object.entries(context.components ?? {})) {
    for (const [tier, ids] of Object.entries(c.tiers)) for (const id of ids) if (!out.has(id)) out.set(id, `${c.type ?? "component"} ${JSON.stringify(name)}${tier !== "" ? ` ${tier}` : ""}`);
  }
  return out;
}

/** Who an end of a witness is: its components (or groups), and the instance; or the outside address. */
function sideWho(network: NetworkModel, label: string, byGroup: ReadonlyMap<string, string>): string {
  const groups = endGroups(network, label);
  if (groups.length === 0) return `${label}, outside the network`;
  const names = groups.map((g) => (byGroup.has(g) ? `${byGroup.get(g)} (${g})` : `group ${g}`)).join(", ");
  const id = label.replace(/ \(.*\)$/, "");
  return /^member of /.test(id) ? names : `${names}, instance ${id}`;
}

/** The sentence of one side of a witness, in `evaluateFlow`'s words. */
function sideText(network: NetworkModel, v: Verdict, label: string): string {
  return explainSide(v, endGroups(network, label));
}

/** The components on each side of a witness and each side's deciding rule, in words. */
export function witnessSides(network: NetworkModel, w: IntentWitness, context: IntentProofContext = {}): { sender: string; receiver: string; egress?: string; ingress?: string } {
  const byGroup = componentsByGroup(context);
  const out: { sender: string; receiver: string; egress?: string; ingress?: string } = { sender: sideWho(network, w.from, byGroup), receiver: sideWho(network, w.to, byGroup) };
  if (w.egress) out.egress = sideText(network, w.egress, w.from);
  if (w.ingress) out.ingress = sideText(network, w.ingress, w.to);
  return out;
}

/** How a finding names an intent: its id, region, reason and who declared it. */
export function intentHeader(intent: Intent | undefined, r: IntentResult): string {
  const parts = [intent ? intentText(intent) : r.expect];
  if (r.because !== undefined && r.because !== "") parts.push(`because ${quote(r.because)}`);
  if (r.declaredBy !== undefined) parts.push(`declared by ${r.declaredBy}`);
  return `Intent ${quote(r.id)} (${parts.join("; ")})`;
}

/** The groups a selector names directly (a group, the groups carrying tags, a component's tiers); none for addresses. */
function selectorGroups(network: NetworkModel, s: IntentSelector | undefined, context: IntentProofContext): string[] {
  if (s === undefined || typeof s === "string" || "cidr" in s) return [];
  if ("group" in s) return [s.group];
  if ("tags" in s) return (Array.isArray(network.groups) ? network.groups : []).filter((g) => g && g.tags && Object.entries(s.tags).every(([k, v]) => g.tags?.[k] === v)).map((g) => String(g.id));
  const c = context.components?.[s.component];
  return c ? (s.tier !== undefined ? [...(c.tiers[s.tier] ?? [])] : Object.values(c.tiers).flat()) : [];
}

/** The group a finding about an intent sits on: the witness's receiver's, else its sender's; without a witness, the group the intent's receivers (else senders) name; else none. */
export function intentFindingGroup(network: NetworkModel, w: IntentWitness | undefined, intent: Intent | undefined, context: IntentProofContext = {}): string {
  if (w) {
    const g = w.ingress?.groupId ?? endGroups(network, w.to)[0] ?? w.egress?.groupId ?? endGroups(network, w.from)[0];
    if (g !== undefined) return g;
  }
  return selectorGroups(network, intent?.to, context)[0] ?? selectorGroups(network, intent?.from, context)[0] ?? "";
}
