/**
 * The findings of `plan`, `audit` and `diff` as CI tools see them: each one a check, a
 * severity, a message, a stable identity and a place (a file, a line, the rule's id or key), and
 * the resources that were checked. The SARIF, JUnit and GitHub renderers read only this, so the
 * three formats say the same thing about the same findings.
 */
import * as path from "path";
import { CHECKS } from "../checks/registry";
import { AuditReport } from "../review/audit";
import { AccessDiff, DiffRegion } from "../review/access-diff";
import { decisionText, DiffReport, endText, portsText } from "./render-diff";
import { IntentsReport, intentsSummary } from "./intents-section";
import { FindingReport, PlanReport } from "./report";

/** How bad a result is. */
export type CiSeverity = "high" | "medium" | "low";

/** A place in a file: the file relative to the report's root, `/`-separated, never absolute; lines and columns from 1. */
export interface CiLocation {
  /** The file, relative to the root ({@link CiReport.root}), `/`-separated. */
  uri: string;
  /** Line, from 1. @default 1 */
  line?: number;
  /** Column, from 1. @default none */
  column?: number;
}

/** A name of the thing a result is about, for code scanning's "logical location". */
export interface CiLogicalName {
  /** The name: a rule resource, a rule id (`sgr-…`), a rule key, a group. */
  name: string;
  /** What names it, e.g. `group/rule`. */
  fullyQualifiedName?: string;
  /** SARIF's kind of logical location. */
  kind: "resource" | "object";
}

/** One finding (or one opened region of a diff). */
export interface CiResult {
  /** The check's id (the same as in the matchers, the policy pack and the Cloud Config mapping), or `opened-region` for a diff. */
  check: string;
  /** Severity. */
  severity: CiSeverity;
  /** What is wrong (and, where the source joins them, how to fix it). */
  message: string;
  /** How to fix it, when given apart from the message. */
  fix?: string;
  /** The resource it is about, as the reports name it (`web / web-ssh`, `sg-1 sgr-2`). */
  subject: string;
  /** Stable identity for fingerprints: check id and this, never a line number or a list position. */
  identity: string;
  /** Where it is. */
  location: CiLocation;
  /** Its logical names. */
  logical: CiLogicalName[];
  /** Other checks the same rule fails. */
  alsoFails?: string[];
  /** Set when an exemption accepts it: shown as suppressed (SARIF), skipped (JUnit), left out of annotations. */
  acknowledged?: { reason: string; exemption: string };
}

/** A resource a check looked at: a case of its own in JUnit, passing when no result names it. */
export interface CiSubject {
  /** As {@link CiResult.subject} names it. */
  name: string;
  /** Which checks look at it: rule checks at rules, group and network checks at groups, input checks at files, intent checks at intents. */
  scope: "rule" | "group" | "input" | "intent";
  /** Where it is. */
  location: CiLocation;
}

/** A check as CI tools list it. */
export interface CiCheck {
  /** Its id. */
  id: string;
  /** One sentence beginning "Checks that". */
  description: string;
  /** Default severity. */
  severity: CiSeverity;
  /** Where it looks (see {@link CiSubject.scope}; `network` checks look at groups). */
  scope: "rule" | "group" | "network" | "input" | "change" | "intent";
  /** Cloud Config managed rules for the same problem. */
  configRules: readonly string[];
}

/** What the CI renderers read. */
export interface CiReport {
  /** The command. */
  command: "plan" | "audit" | "diff";
  /** What the root of the locations is (SARIF's `%SRCROOT%`): the project directory, or the directory the command ran in. */
  root: string;
  /** The checks that ran, in report order. */
  checks: CiCheck[];
  /** The results, in report order. */
  results: CiResult[];
  /** The resources checked. */
  subjects: CiSubject[];
  /** The Intents section's summary (`12 proven, 1 broken, 0 unproven`) and where it is reported (the program's main file, the export), when intents were proved. */
  intents?: { summary: string; location: CiLocation };
}

/** The check a diff reports opened regions under. */
export const OPENED_REGION_CHECK: CiCheck = {
  id: "opened-region",
  description: "Checks that a change opens no access: every region (peer x protocol x ports) allowed after and denied before is reported, with the rule that decides it after and an example flow.",
  severity: "high",
  scope: "change",
  configRules: [],
};

/** A file name as a location: relative to `cwd` when it was given absolute, `/`-separated; never absolute. */
export function relativeUri(file: string, cwd: string): string {
  const p = path.isAbsolute(file) ? path.relative(cwd, file) : file;
  const out = p.split(path.sep).join("/").replace(/\\/g, "/");
  // Another drive on Windows: the base name is all that can be shown without an absolute path.
  return path.isAbsolute(out) || /^[A-Za-z]:/.test(out) ? path.basename(out) : out;
}

/**
 * A location a plan report carries (`{ uri, line, column }`, relative to the project), when it is
 * one: a relative, `/`-separated path without a scheme and without `..`, and whole positive
 * numbers. Anything else is not used (the caller falls back to the program's main file).
 */
export function usableLocation(value: unknown): CiLocation | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as { uri?: unknown; line?: unknown; column?: unknown };
  if (typeof v.uri !== "string" || v.uri === "" || v.uri.length > 1000) return undefined;
  if (v.uri.startsWith("/") || v.uri.includes("\\") || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(v.uri) || v.uri.split("/").includes("..")) return undefined;
  const whole = (n: unknown) => (typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 10_000_000 ? n : undefined);
  const out: CiLocation = { uri: v.uri };
  const line = whole(v.line);
  const column = whole(v.column);
  if (line !== undefined) out.line = line;
  if (line !== undefined && column !== undefined) out.column = column;
  return out;
}

/** The checks whose findings are about intents: they look at each intent proved. */
const INTENT_CHECKS: readonly string[] = ["broken-intent", "unproven-intent"];

function checkOf(id: string): CiCheck {
  const info = CHECKS.find((c) => c.id === id);
  if (info) return { id: info.id, description: info.description, severity: info.severity, scope: INTENT_CHECKS.includes(info.id) ? "intent" : info.scope, configRules: info.configRules };
  return { id, description: `Checks reported as ${id}.`, severity: "medium", scope: "group", configRules: [] };
}

/** The registry's checks (the intent checks only when intents were proved), and any other check a result names (an analysis of the caller's), in order. */
function checksOf(ids: readonly string[], scopes: readonly CiCheck["scope"][], intents = false): CiCheck[] {
  const out = CHECKS.filter((c) => scopes.includes(c.scope) && (intents || !INTENT_CHECKS.includes(c.id))).map((c) => checkOf(c.id));
  for (const id of ids) if (!out.some((c) => c.id === id)) out.push(checkOf(id));
  return out;
}

function locationOf(value: unknown): CiLocation | undefined {
  return typeof value === "object" && value !== null ? usableLocation((value as { location?: unknown }).location) : undefined;
}

/**
 * The plan's findings for CI. A finding's place is the `location` the report gives it (or its
 * rule's, or its group's), relative to the project; without one, the program's main file.
 */
export function planCiReport(report: PlanReport): CiReport {
  const main: CiLocation = { uri: report.program, line: 1 };
  const subjects: CiSubject[] = [];
  for (const g of report.groups) {
    const gl = locationOf(g) ?? main;
    subjects.push({ name: g.label, scope: "group", location: gl });
    for (const r of g.rules) if (r.resource !== undefined) subjects.push({ name: `${g.label} / ${r.resource}`, scope: "rule", location: locationOf(r) ?? gl });
    for (const r of g.invalidRules) if (r.resource !== undefined) subjects.push({ name: `${g.label} / ${r.resource}`, scope: "rule", location: locationOf(r) ?? gl });
  }
  for (const i of report.intents?.intents ?? []) subjects.push({ name: `intent ${i.id}`, scope: "intent", location: main });
  const findings: readonly FindingReport[] = report.findings ?? [];
  const results = findings.map((f): CiResult => {
    if (f.intent !== undefined) return intentResult(f, f.intent, main);
    const group = report.groups.find((g) => g.label === f.group);
    const rule = f.rule !== undefined ? group?.rules.find((r) => r.resource === f.rule) : undefined;
    const location = locationOf(f) ?? (rule ? locationOf(rule) : undefined) ?? (group ? locationOf(group) : undefined) ?? main;
    const subject = [f.group, f.rule ?? f.instance].filter((x) => x !== undefined).join(" / ") || report.project;
    const logical: CiLogicalName[] = [];
    if (f.rule !== undefined) logical.push({ name: f.rule, fullyQualifiedName: `${f.group ?? ""}/${f.rule}`, kind: "resource" });
    else if (f.instance !== undefined) logical.push({ name: f.instance, kind: "resource" });
    if (f.group !== undefined) logical.push({ name: f.group, kind: "resource" });
    const out: CiResult = { check: f.check, severity: f.severity, message: f.message, subject, identity: `${f.group ?? ""}\u0000${f.rule ?? ""}\u0000${f.instance ?? ""}`, location, logical };
    if (f.fix !== undefined) out.fix = f.fix;
    if (f.alsoFails && f.alsoFails.length > 0) out.alsoFails = [...f.alsoFails];
    if (f.acknowledged) out.acknowledged = { ...f.acknowledged };
    return out;
  });
  // Without a findings section no check ran: the report has no checks to list.
  const checks = report.findings === undefined ? [] : checksOf(findings.map((f) => f.check), ["rule", "group", "network"], report.intents !== undefined);
  return { command: "plan", root: "the Pulumi project directory", checks, results, subjects, ...(report.intents ? { intents: { summary: intentsSummary(report.intents), location: main } } : {}) };
}

/** A finding about an intent: its subject is the intent (`intent <id>`), its identity the intent's id, its place the given file. */
function intentResult(f: { check: string; severity: CiSeverity; message: string; fix?: string; group?: string; acknowledged?: { reason: string; exemption: string } }, id: string, location: CiLocation): CiResult {
  const logical: CiLogicalName[] = [{ name: id, fullyQualifiedName: `intent/${id}`, kind: "object" }];
  if (f.group !== undefined && f.group !== "") logical.push({ name: f.group, kind: "resource" });
  const out: CiResult = { check: f.check, severity: f.severity, message: f.message, subject: `intent ${id}`, identity: `intent\u0000${id}`, location, logical };
  if (f.fix !== undefined && f.fix !== "") out.fix = f.fix;
  if (f.acknowledged) out.acknowledged = { ...f.acknowledged };
  return out;
}

/** How the audit names a rule: its group and its cloud id, else its key. */
function auditRuleName(groupId: string, rule: { key: string; origin?: { ruleId?: string } } | undefined, index: number): string {
  return `${groupId} ${rule?.origin?.ruleId ?? rule?.key ?? `rules[${index}]`}`;
}

/**
 * The audit's findings for CI: the export file the rule was read from as the place (relative
 * to the directory the command ran in), and the rule id and rule key as logical names.
 */
export function auditCiReport(report: AuditReport & { intents?: IntentsReport }, cwd: string): CiReport {
  const firstFile = report.sources[0]?.files[0];
  const fallback: CiLocation = { uri: firstFile !== undefined ? relativeUri(firstFile, cwd) : ".", line: 1 };
  const at = (file: string | undefined): CiLocation => (file !== undefined && file !== "" ? { uri: relativeUri(file, cwd), line: 1 } : fallback);
  const subjects: CiSubject[] = [];
  for (const g of report.groups) {
    subjects.push({ name: g.id, scope: "group", location: at(g.rules[0]?.origin?.file) });
    for (const r of g.rules) subjects.push({ name: auditRuleName(g.id, r, r.index), scope: "rule", location: at(r.origin?.file) });
  }
  for (const s of report.sources) for (const f of s.files) subjects.push({ name: relativeUri(f, cwd), scope: "input", location: at(f) });
  for (const i of report.intents?.intents ?? []) subjects.push({ name: `intent ${i.id}`, scope: "intent", location: fallback });
  const results = report.findings.map((f): CiResult => {
    if (f.intentId !== undefined) return intentResult({ ...f, group: f.groupId }, f.intentId, fallback);
    const group = report.groups.find((g) => g.id === f.groupId);
    const rule = f.ruleIndex !== undefined ? group?.rules.find((r) => r.index === f.ruleIndex) : undefined;
    const subject = f.instanceId !== undefined ? `instance ${f.instanceId}` : f.ruleIndex !== undefined ? auditRuleName(f.groupId, rule, f.ruleIndex) : f.groupId;
    const logical: CiLogicalName[] = [];
    const ruleId = f.origin?.ruleId ?? rule?.origin?.ruleId;
    if (ruleId !== undefined) logical.push({ name: ruleId, fullyQualifiedName: `${f.groupId}/${ruleId}`, kind: "resource" });
    if (rule) logical.push({ name: rule.key, fullyQualifiedName: `${f.groupId}/${rule.key}`, kind: "object" });
    if (f.instanceId !== undefined) logical.push({ name: f.instanceId, kind: "resource" });
    logical.push({ name: f.groupId, kind: "resource" });
    // A rule is the same rule on every run by its group and key (its position in the file may change).
    const identity = `${f.groupId}\u0000${rule ? rule.key : f.ruleIndex !== undefined ? `rules[${f.ruleIndex}]` : ""}\u0000${f.instanceId ?? ""}`;
    const out: CiResult = { check: f.check, severity: f.severity, message: f.message, fix: f.fix, subject, identity, location: at(f.origin?.file ?? rule?.origin?.file), logical };
    if (f.alsoFails && f.alsoFails.length > 0) out.alsoFails = [...f.alsoFails];
    if (f.acknowledged) out.acknowledged = { ...f.acknowledged };
    return out;
  });
  return { command: "audit", root: "the directory the command ran in", checks: checksOf(report.findings.map((f) => f.check), ["rule", "group", "network", "input"], report.intents !== undefined), results, subjects, ...(report.intents ? { intents: { summary: intentsSummary(report.intents), location: fallback } } : {}) };
}

function regionSubject(r: DiffRegion): string {
  return `${portsText(r)} from ${endText(r.from)} to ${endText(r.to)}`;
}

/**
 * The diff's opened regions for CI, one result each (closed regions are no finding): the AFTER
 * export file of the rule that decides the region as the place, its rule id and key as logical
 * names, the region itself (scope, receiver, sender, protocol, ports) as identity.
 */
export function diffCiReport(report: DiffReport, diff: AccessDiff, cwd: string): CiReport {
  const firstFile = report.after.files[0];
  const fallback: CiLocation = { uri: firstFile !== undefined ? relativeUri(firstFile, cwd) : relativeUri(report.after.source, cwd), line: 1 };
  const results = diff.regions
    .filter((r) => r.change === "opened")
    .map((r): CiResult => {
      const d = r.after;
      const logical: CiLogicalName[] = [];
      if (d.origin?.ruleId !== undefined) logical.push({ name: d.origin.ruleId, fullyQualifiedName: `${d.groupId ?? ""}/${d.origin.ruleId}`, kind: "resource" });
      if (d.rule !== undefined) logical.push({ name: d.rule, fullyQualifiedName: `${d.groupId ?? ""}/${d.rule}`, kind: "object" });
      if (d.groupId !== undefined) logical.push({ name: d.groupId, kind: "resource" });
      const example = `${r.protocol} ${r.example.from} -> ${r.example.to}${r.example.port !== undefined ? `:${r.example.port}` : ""}`;
      const message = `opens ${regionSubject(r)} (${r.scope === "instance" ? "the instance with all its groups" : "a member of the group"}); before: ${decisionText(r.before)}; after: ${decisionText(r.after)}; e.g. ${example} now allowed.`;
      const ports = r.ports ? `${r.ports.from}-${r.ports.to}` : "";
      const identity = [r.scope, endText(r.to), endText(r.from), r.protocol, ports].join("\u0000");
      const out: CiResult = {
        check: OPENED_REGION_CHECK.id,
        severity: r.severity ?? "low",
        message,
        fix: "If the change means to open it, accept it in the exemptions file ({ diff, rule, reason }); otherwise narrow the rule that decides it after.",
        subject: regionSubject(r),
        identity,
        location: d.origin?.file ? { uri: relativeUri(d.origin.file, cwd), line: 1 } : fallback,
        logical,
      };
      if (r.accepted) out.acknowledged = { reason: r.accepted.reason, exemption: r.accepted.rule };
      return out;
    });
  if (!report.intents) return { command: "diff", root: "the directory the command ran in", checks: [OPENED_REGION_CHECK], results, subjects: [] };
  // Intents the change breaks: each a broken-intent result with AFTER's witness.
  for (const i of report.intents.broken) {
    const sides = i.witness ? [i.witness.egress ? `sender's side: ${i.witness.egress}` : "", i.witness.ingress ? `receiver's side: ${i.witness.ingress}` : ""].filter(Boolean).join("; ") : "";
    const message = `the change breaks intent ${JSON.stringify(i.id)} (${i.text}${i.declaredBy ? `; declared by ${i.declaredBy}` : ""}${i.because ? `; because ${JSON.stringify(i.because)}` : ""}), which held before: ${i.witness ? `${i.witness.reason} Sender: ${i.witness.sender}; receiver: ${i.witness.receiver}.${sides ? ` ${sides}.` : ""}` : "no witness"}`;
    results.push(intentResult({ check: "broken-intent", severity: "high", message, fix: "Restore the path the intent needs (or close what it forbids) in the change; if the intent no longer holds by design, change the intent, or accept it: { check: \"broken-intent\", rule: <intent id>, reason }.", ...(i.acknowledged ? { acknowledged: i.acknowledged } : {}) }, i.id, fallback));
  }
  const subjects: CiSubject[] = report.intents.after.intents.map((i) => ({ name: `intent ${i.id}`, scope: "intent", location: fallback }));
  return { command: "diff", root: "the directory the command ran in", checks: [OPENED_REGION_CHECK, checkOf("broken-intent")], results, subjects, intents: { summary: `before ${intentsSummary(report.intents.before)}; after ${intentsSummary(report.intents.after)}; broken by the change: ${report.intents.broken.length}`, location: fallback } };
}
