/**
 * The "Intents" section every command's report carries when intents were proved (`plan`: the
 * stack's promises and `--intents FILE`; `audit`: the recognised components' promises and the
 * file; `diff`: the same, before and after): "N proven, M broken, K unproven", each intent with
 * its verdict, and each broken one with its witness flow and the rule that decided each side. It
 * is built once from the one proof (the checks' `onIntentResults`); every format reads it: text
 * and Markdown list it, JSON keeps the intents and their verdicts for tools, SARIF, JUnit and
 * GitHub annotations carry its summary beside the `broken-intent` results.
 */
import { Intent, IntentPorts, IntentResult, IntentSelector, stackPromises } from "../analysis/intents";
import { IntentProofContext } from "../checks/check-options";
import { intentText, witnessFlowText, witnessSides } from "../checks/intent-proof";
import { ValidationError } from "../model/errors";
import { markdownText, terminalText } from "../model/escape";
import { NetworkModel } from "../model/network";
import type { SourceNetwork } from "../sources/source-network";
import { Port } from "../model/port";
import { parseIntentsFile } from "../analysis/intents-file";
import { recogniseComponents } from "../review/recognise";
import { CliError, readArgFile } from "./cli-error";

/** A broken intent's witness, as the reports show it. */
export interface IntentWitnessReport {
  /** The flow: `tcp:3306 from 203.0.113.1 to i-db`. */
  flow: string;
  /** Whether it passes. */
  allowed: boolean;
  /** Why, in `evaluateFlow`'s words. */
  reason: string;
  /** The sender: its components (or groups), or the outside address. */
  sender: string;
  /** The receiver. */
  receiver: string;
  /** The sender's side, in `evaluateFlow`'s words, when the sender is an interface. */
  egress?: string;
  /** The receiver's side, when the receiver is an interface. */
  ingress?: string;
}

/** One intent and its verdict. */
export interface IntentReport {
  /** Its id. */
  id: string;
  /** `allow` or `deny`. */
  expect: "allow" | "deny";
  /** The senders, as written (for tools). */
  from: IntentSelector;
  /** The receivers. */
  to: IntentSelector;
  /** The protocols and ports (`"*"`, or port entries as strings). */
  ports: "*" | (string | number)[];
  /** The region in words: `deny internet -> tags role=db on every protocol and port`. */
  text: string;
  /** Why it was declared. */
  because?: string;
  /** The component that declared it; absent for the program's own and the file's. */
  declaredBy?: string;
  /** Where it was written: `program` (a component or `declareIntents`), `recognised` (a component found in an export), or the intents file as given. */
  source: string;
  /** `proven`, `broken`, `unproven` or `vacuous`. */
  status: IntentResult["status"];
  /** For a broken intent (and an unproven one, on the values read): one flow that shows it. */
  witness?: IntentWitnessReport;
  /** What was unknown (unproven), or why the region is empty (vacuous). */
  notes?: string[];
  /** Set when an exemption accepts its finding. */
  acknowledged?: { reason: string; exemption: string };
}

/** The Intents section. */
export interface IntentsReport {
  /** How many of each verdict. */
  summary: { proven: number; broken: number; unproven: number; vacuous: number };
  /** Every intent, in the order proved (components' first, then the program's, then the file's). */
  intents: IntentReport[];
}

/** An intent, where it was written. */
export interface SourcedIntent {
  intent: Intent;
  /** `program`, `recognised`, or the intents file as given. */
  source: string;
}

function portsOf(ports: IntentPorts): "*" | (string | number)[] {
  return ports === "*" ? "*" : ports.map((p) => (p instanceof Port ? p.toString() : p));
}

/**
 * The section from the intents proved and their verdicts (`results`, in the same order or by id),
 * with each broken intent's witness named by components and sides. `acknowledged`: intent id →
 * the exemption that accepts its finding.
 */
export function intentsReport(network: NetworkModel, intents: readonly SourcedIntent[], results: readonly IntentResult[], context: IntentProofContext = {}, acknowledged: ReadonlyMap<string, { reason: string; exemption: string }> = new Map(), ruleName?: IntentRuleName): IntentsReport {
  const byId = new Map(results.map((r) => [r.id, r]));
  const summary = { proven: 0, broken: 0, unproven: 0, vacuous: 0 };
  const out: IntentReport[] = [];
  for (const { intent, source } of intents) {
    const r = byId.get(intent.id);
    if (!r) continue;
    summary[r.status]++;
    const entry: IntentReport = { id: intent.id, expect: intent.expect, from: intent.from, to: intent.to, ports: portsOf(intent.ports), text: intentText(intent), source, status: r.status };
    if (intent.because !== undefined) entry.because = intent.because;
    if (intent.declaredBy !== undefined) entry.declaredBy = intent.declaredBy;
    if (r.witness && (r.status === "broken" || r.status === "unproven")) {
      const sides = witnessSides(network, r.witness, context);
      const named = (t: string) => nameRules(t, ruleName);
      entry.witness = { flow: witnessFlowText(r.witness), allowed: r.witness.allowed, reason: named(r.witness.reason), sender: sides.sender, receiver: sides.receiver, ...(sides.egress ? { egress: named(sides.egress) } : {}), ...(sides.ingress ? { ingress: named(sides.ingress) } : {}) };
    }
    if (r.notes && r.notes.length > 0) entry.notes = [...r.notes];
    const ack = acknowledged.get(intent.id);
    if (ack && r.status !== "proven") entry.acknowledged = { ...ack };
    out.push(entry);
  }
  return { summary, intents: out };
}

/** How a report names a rule outside the model: its resource name (a program), its cloud id (an export). */
export type IntentRuleName = (groupId: string, ruleIndex: number) => string | undefined;

/** `egress rule 0 of sg-app (…)` with the rule's name where the report knows it: `egress rule 0 of sg-app [app-no-mysql-out] (…)`. */
export function nameRules(text: string, ruleName: IntentRuleName | undefined): string {
  if (!ruleName) return text;
  return text.replace(/\b(ingress|egress) rule (\d+) of (\S+?)(?= \()/g, (m, _d: string, index: string, group: string) => {
    const name = ruleName(group, Number(index));
    return name === undefined || name === "" ? m : `${m} [${name}]`;
  });
}

/** `12 proven, 1 broken, 0 unproven` (and the vacuous ones, when there are any). */
export function intentsSummary(report: IntentsReport): string {
  const s = report.summary;
  return `${s.proven} proven, ${s.broken} broken, ${s.unproven} unproven${s.vacuous > 0 ? `, ${s.vacuous} vacuous` : ""}`;
}

/**
 * The section as lines of text (`md`: Markdown list items), every value through the format's one
 * escaping function: the summary, then each intent that is not proven with its witness and the
 * deciding rule of each side.
 */
export function intentsLines(report: IntentsReport, md = false, title = "Intents"): string[] {
  const v = md ? markdownText : terminalText;
  const item = (depth: number, t: string) => (md ? `${"  ".repeat(depth)}- ${t}` : `${"  ".repeat(depth + 1)}${t}`);
  const lines = [md ? `### ${title}: ${intentsSummary(report)}` : `${title}: ${intentsSummary(report)}.`];
  if (md) lines.push("");
  for (const i of report.intents) {
    if (i.status === "proven") continue;
    const ack = i.acknowledged ? ` [acknowledged: ${v(i.acknowledged.reason)}]` : "";
    const because = i.because ? ` because ${v(JSON.stringify(i.because))}` : "";
    const by = i.declaredBy ? `, declared by ${v(i.declaredBy)}` : i.source !== "program" ? `, from ${v(i.source)}` : "";
    lines.push(item(0, `[${i.status}] ${v(i.id)} (${v(i.text)}${by})${because}${ack}`));
    if (i.witness) {
      lines.push(item(1, `witness: ${v(i.witness.reason)}`));
      lines.push(item(1, `sender: ${v(i.witness.sender)}; receiver: ${v(i.witness.receiver)}`));
      if (i.witness.egress) lines.push(item(1, `sender's side: ${v(i.witness.egress)}`));
      if (i.witness.ingress) lines.push(item(1, `receiver's side: ${v(i.witness.ingress)}`));
    }
    for (const n of i.notes ?? []) lines.push(item(1, v(n)));
  }
  return lines;
}

/**
 * Reads `--intents FILE` (YAML or JSON, the schema shipped in the package) with the one safe
 * reader: a file that cannot be read is wrong usage, a bad entry an input the command cannot use
 * (exit 2 either way), naming the file and the entry.
 */
export function readIntentsFile(cwd: string, file: string): Intent[] {
  const text = readArgFile(cwd, file, "the intents file");
  try {
    return parseIntentsFile(text, file);
  } catch (e) {
    if (e instanceof ValidationError) throw new CliError(`--intents ${e.message.replace(/^alicloud-secgroups: /, "")}`, undefined, "invalid-intent");
    throw e;
  }
}

/**
 * The intents of a command: those the network declares (a program's, recognised components'),
 * then the file's, whose ids must differ from the declared ones (the file is refused, naming the
 * entry, when one repeats an id).
 */
export function joinIntents(declared: readonly SourcedIntent[], file: readonly Intent[] | undefined, fileName: string | undefined): SourcedIntent[] {
  const taken = new Map(declared.map((d) => [d.intent.id, d]));
  const out = [...declared];
  (file ?? []).forEach((intent, i) => {
    const other = taken.get(intent.id);
    if (other) throw new CliError(`--intents ${fileName}: intents[${i}].id ${JSON.stringify(intent.id)} is already the id of an intent ${other.intent.declaredBy ? `${other.intent.declaredBy} declares` : "the program declares"}. Give the file's intent its own id.`, undefined, "invalid-intent");
    out.push({ intent, source: fileName ?? "intents file" });
  });
  return out;
}

/**
 * The intents a source speaks for: those it declares (a `pulumi preview --json` carries the
 * promises of the program's components and its own), else what the components `adopt` recognises
 * in its network promise ({@link recognisedIntents}).
 */
export function sourceIntents(net: SourceNetwork): { intents: SourcedIntent[]; context: IntentProofContext } {
  if (net.intents !== undefined) return { intents: net.intents.map((intent) => ({ intent, source: "program" })), context: net.intentContext ?? {} };
  return recognisedIntents(net.model, net.serviceManaged);
}

/**
 * What the components `adopt` recognises in a network promise (each recognised component's
 * planner declares its intents), naming the network's groups, each component's deny-intents
 * leaving out what the others' allow-intents cover, as over a program; and the components by name
 * with their groups by tier, for `{ component, tier }` selectors.
 */
export function recognisedIntents(model: NetworkModel, serviceManaged: ReadonlySet<string> = new Set()): { intents: SourcedIntent[]; context: IntentProofContext } {
  const components: Record<string, { type: string; tiers: Record<string, string[]> }> = {};
  const found: Intent[][] = [];
  for (const c of recogniseComponents(model, serviceManaged).components) {
    found.push(c.intents ?? []);
    const tiers: Record<string, string[]> = {};
    for (const [label, id] of Object.entries(c.created)) (tiers[label] ??= []).push(id);
    for (const id of [...(c.into !== undefined ? [c.into] : []), ...(c.intoGroups ?? [])]) (tiers.group ??= []).push(id);
    components[c.name] = { type: c.component, tiers };
  }
  return { intents: stackPromises(found).map((intent) => ({ intent, source: "recognised" })), context: Object.keys(components).length > 0 ? { components } : {} };
}
