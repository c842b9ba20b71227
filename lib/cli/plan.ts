/**
 * The plan: locate the project, gather its configuration, run the program on mocks (in its
 * project directory, as Pulumi does), and build the report (with whichever analyses are
 * given). Nothing here prints; warnings and the program's console output go to the callbacks.
 */
import * as fs from "fs";
import * as path from "path";
import { format } from "util";
import { quote } from "../model/errors";
import { Answers } from "../offline/answers";
import { CaptureError, KnownId, captureStack, programPosition, StackCapture } from "../offline/capture";
import { AnalysisInput, PlanAnalyses } from "./analyses";
import { buildReport } from "./build-report";
import { CliError, errorMessage, readArgFile, usageError } from "./cli-error";
import { catchingLateErrors } from "./late-errors";
import { ModuleLoader, nodeLoader, programOf } from "./load-program";
import { PulumiProject, configKey, displayPath, findProject, projectPath, readStackConfig } from "./project";
import { PlanReport, SourceLocation } from "./report";
import { Exemption } from "../model/exemptions";
import type { Intent, IntentResult } from "../analysis/intents";
import { proveNetworkIntents } from "../checks/intent-proof";
import { intentsReport, joinIntents } from "./intents-section";

/** Options of {@link planProject}. */
export interface PlanOptions {
  /** Absolute path of the project directory (or of the entry file). */
  dir: string;
  /** `dir` as the user typed it: messages show the program's paths from there. @default paths relative to `cwd` */
  typedDir?: string;
  /** Directory paths in messages are shown relative to. */
  cwd: string;
  /** Stack name the program sees. @default "dev" */
  stack?: string;
  /** True when the stack was named on the command line: a missing `Pulumi.<stack>.yaml` is then worth a warning. @default false */
  stackGiven?: boolean;
  /** Configuration from the command line; bare keys are the project's. Wins over the stack file. @default {} */
  config?: Record<string, string>;
  /** Analyses that add report sections. @default none */
  analyses?: PlanAnalyses;
  /** The program holds everything that uses its groups, so a group nothing uses is unused. @default false */
  complete?: boolean;
  /** Acknowledged findings, applied by the findings analysis. @default none */
  exemptions?: readonly Exemption[];
  /** Makes the loader of the program's modules. @default {@link nodeLoader}: ts-node for TypeScript, then require */
  loader?: (project: PulumiProject, cwd: string, warn?: (message: string) => void) => ModuleLoader;
  /** Receives warnings (one line each, no newline). @default ignored */
  warn?: (message: string) => void;
  /** Receives what the program writes to the console while it runs. @default ignored */
  console?: (text: string) => void;
  /** Answers for data sources and computed outputs (`--answers`). @default the documented placeholders */
  answers?: Answers;
  /** Longest wait for the program to finish registering, in milliseconds. @default 10000 */
  timeoutMs?: number;
  /**
   * Answer data sources and computed outputs with the documented placeholders. Off for a program
   * that reads neither (an adopted one): an unanswered data source is then refused. @default true
   */
  placeholders?: boolean;
  /** Find where the program constructed each resource (as `captureStack` reads its `locations` option). @default true */
  locations?: boolean;
  /**
   * Real ids for the resources they name, as `--ids FILE` reads them from an import file
   * ({@link readIds}): the plan then holds the cloud's ids and diffs against the export it came
   * from. @default none: ids are made up from resource names (`sg-web`)
   */
  ids?: readonly KnownId[];
  /** Intents proved besides the stack's own (`--intents FILE`, read). @default none */
  intents?: readonly Intent[];
  /** The intents file as typed, for messages and reports. @default none */
  intentsFile?: string;
}

/** A plan and what it was made from. */
export interface PlanResult {
  /** The report. */
  report: PlanReport;
  /** The located project. */
  project: PulumiProject;
  /** Everything the program created on mocks. */
  capture: StackCapture;
}

/** The program failed: exit code 2, the message shown, the original error kept for `--verbose`. */
export class ProgramError extends CliError {
  /** What the program threw. */
  readonly thrown: unknown;
  /** Stable reason for `--json` errors: `program-failed`, `data-source-failed`, `apply-failed`, `uncaught-error`, `timeout`. */
  override readonly code: string;

  constructor(message: string, thrown: unknown, code = "program-failed") {
    super(message);
    this.code = code;
    this.name = "ProgramError";
    this.thrown = thrown;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

const CONSOLE_METHODS = ["log", "info", "debug", "warn", "error", "trace"] as const;

/** Runs `fn` with the console sent to `sink` (or dropped), so `--json` output stays clean. */
async function withConsole<T>(sink: ((text: string) => void) | undefined, fn: () => Promise<T>): Promise<T> {
  const saved = CONSOLE_METHODS.map((m) => console[m]);
  for (const m of CONSOLE_METHODS) console[m] = (...args: unknown[]) => sink?.(`${format(...args)}\n`);
  try {
    return await fn();
  } finally {
    CONSOLE_METHODS.forEach((m, i) => (console[m] = saved[i]));
  }
}

/** Runs `fn` with the process in `dir`, as Pulumi runs a program in its project directory. */
async function inDirectory<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const previous = process.cwd();
  process.chdir(dir);
  try {
    return await fn();
  } finally {
    process.chdir(previous);
  }
}

function describeFailure(e: unknown, stack: string): string {
  if (typeof e !== "object" || e === null || typeof (e as Error).message !== "string") return `threw ${format(e)}`;
  const err = e as Error & { code?: unknown; key?: unknown; __pulumiRunError?: boolean };
  if (err.__pulumiRunError && typeof err.key === "string" && err.message.startsWith("Missing required configuration")) {
    return `needs configuration ${err.key}. Pass it with --config ${err.key}=<value>, or set it in Pulumi.${stack}.yaml.`;
  }
  const message = err.message.replace(/^alicloud-secgroups: /, "");
  const kind = err.name && err.name !== "Error" ? `${err.name}${typeof err.code === "string" ? ` [${err.code}]` : ""}: ` : "";
  return `threw ${kind}${message}`;
}

/**
 * The program of the project in `options.dir` run on mocks and captured, as {@link planProject}
 * runs it, without the report, the analyses or the proof of its intents: what `adopt`'s proof
 * needs (the network and the resources). Throws as {@link planProject} does.
 */
export async function captureProject(options: PlanOptions): Promise<{ project: PulumiProject; capture: StackCapture }> {
  const { cwd } = options;
  const stack = options.stack ?? "dev";
  const project = findProject(options.dir, cwd, options.typedDir);
  project.warnings.forEach((w) => options.warn?.(w));
  const stackConfig = readStackConfig(project, stack, cwd);
  if (options.stackGiven && !stackConfig.file) options.warn?.(`no Pulumi.${stack}.yaml in ${projectPath(project, project.stackConfigDir, cwd)}: stack ${stack} is planned with the project's defaults and --config only.`);
  const config: Record<string, string> = { ...project.config, ...stackConfig.config };
  for (const [k, v] of Object.entries(options.config ?? {})) config[configKey(k, project.name)] = v;
  for (const key of stackConfig.secrets) {
    if (!(key in config)) options.warn?.(`secret ${key} cannot be decrypted offline; the program sees it unset. Pass --config ${key}=<value> if it needs one.`);
  }

  const load = (options.loader ?? nodeLoader)(project, cwd, options.warn);
  let capture: StackCapture;
  try {
    const run = () => captureStack(programOf(project.entry, load), { project: project.name, stack, config, placeholders: options.placeholders ?? true, answers: options.answers, programDir: project.dir, timeoutMs: options.timeoutMs, ids: options.ids, ...(options.locations === false ? { locations: false } : {}) });
    capture = await inDirectory(project.dir, () => withConsole(options.console, () => catchingLateErrors(run)));
  } catch (e) {
    if (e instanceof CliError) throw e;
    if (e instanceof CaptureError) {
      const message = e.message.replace(/^alicloud-secgroups: /, "");
      throw new ProgramError(`the program ${projectPath(project, project.entry, cwd)} failed: ${message}`, e.thrown ?? e, e.code);
    }
    const message = errorMessage(e);
    if (message.includes("which a plan on mocks cannot answer")) throw new ProgramError(message.replace(", or answer it with the onCall option.", " (--config key=value)."), e);
    const at = programPosition(typeof e === "object" && e !== null ? (e as Error).stack : undefined, project.dir);
    const described = describeFailure(e, stack);
    const where = at !== undefined && !described.startsWith("needs configuration") && !/Unable to compile/.test(described) ? ` (at ${at})` : "";
    throw new ProgramError(`the program ${projectPath(project, project.entry, cwd)} ${described}${where}`, e);
  }

  if (options.ids) warnUnmatchedIds(options.ids, capture, options.warn);
  else if (fs.existsSync(path.join(project.dir, "import.json"))) {
    options.warn?.(`${displayPath(path.join(project.dir, "import.json"), cwd)} is here: ids are made up from resource names; pass --ids ${displayPath(path.join(project.dir, "import.json"), cwd)} to plan with the real ids it lists.`);
  }
  return { project, capture };
}

/**
 * Plans the project in `options.dir`: its program runs on mocks with the project's
 * configuration (`Pulumi.yaml` defaults, then `Pulumi.<stack>.yaml`, then `options.config`).
 * Throws a {@link CliError} (exit 2): there is no program, or it fails.
 */
export async function planProject(options: PlanOptions): Promise<PlanResult> {
  const { project, capture } = await captureProject(options);
  const stack = options.stack ?? "dev";
  const entry = displayPath(project.entry, project.dir);
  const report = buildReport(capture, { project: project.name, stack, program: entry });
  const analyses = options.analyses ?? {};
  // The stack's promises (every component's and declareIntents), then the file's: proved once, by the findings' checks.
  const intents = joinIntents(capture.intents.intents.map((intent) => ({ intent, source: "program" })), options.intents, options.intentsFile);
  const intentContext = capture.intents.context;
  let intentResults: IntentResult[] | undefined;
  const proving = intents.length > 0 ? { intents: intents.map((i) => i.intent), intentContext, onIntentResults: (r: IntentResult[]) => (intentResults ??= r) } : {};
  if (analyses.findings || analyses.access) {
    const labels = new Map(report.groups.map((g) => [g.id, g.label]));
    const network = options.complete ? { ...capture.network, complete: true } : capture.network;
    const input: AnalysisInput = { network, origins: capture.origins, groupLabel: (id) => labels.get(id) ?? id, exemptions: [...capture.exemptions, ...(options.exemptions ?? [])], ...proving };
    if (analyses.findings) {
      const section = analyses.findings(input);
      if (Array.isArray(section)) report.findings = section;
      else {
        report.findings = section.findings;
        if (section.staleExemptions.length > 0) report.staleExemptions = section.staleExemptions;
      }
    }
    if (analyses.access) report.access = analyses.access(input);
  }
  if (report.findings) locateFindings(report);
  if (intents.length > 0) {
    intentResults ??= proveNetworkIntents(capture.network, intents.map((i) => i.intent), intentContext);
    const acknowledged = new Map((report.findings ?? []).filter((f) => f.intent !== undefined && f.acknowledged).map((f) => [f.intent as string, f.acknowledged as { reason: string; exemption: string }]));
    report.intents = intentsReport(capture.network, intents, intentResults, intentContext, acknowledged, (g, i) => capture.origins.get(g)?.[i]);
  }
  return { report, project, capture };
}

/** Each finding without one of its own gets the location of what it is about: its rule, else its instance, else its group. */
function locateFindings(report: PlanReport): void {
  const rules = new Map<string, SourceLocation>();
  const groups = new Map<string, SourceLocation>();
  for (const g of report.groups) {
    if (g.location) groups.set(g.label, g.location);
    for (const r of [...g.rules, ...g.invalidRules]) if (r.resource !== undefined && r.location && !rules.has(r.resource)) rules.set(r.resource, r.location);
  }
  const instances = new Map<string, SourceLocation>();
  for (const i of report.instances) if (i.location) instances.set(i.name !== i.id ? `${i.name} (${i.id})` : i.id, i.location);
  for (const f of report.findings ?? []) {
    if (f.location) continue;
    const where = (f.rule !== undefined ? rules.get(f.rule) : undefined) ?? (f.instance !== undefined ? instances.get(f.instance) : undefined) ?? (f.group !== undefined ? groups.get(f.group) : undefined);
    if (where) f.location = where;
  }
}

/**
 * The real ids of an import file (`pulumi import --file`'s format, as `adopt` writes it): each
 * entry's resource type, name (its `logicalName` when it has one), id and parent. Components
 * (no id) are skipped. Throws a usage error naming the entry when the file is not one.
 */
export function parseIds(text: string, file: string): KnownId[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw usageError(`--ids ${file} is not JSON: pass the import file adopt wrote (import.json), { "resources": [{ "type", "name", "id" }] }.`);
  }
  const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  const resources = isRecord(doc) ? doc.resources : undefined;
  if (!Array.isArray(resources)) throw usageError(`--ids ${file} holds no "resources" list: pass the import file adopt wrote (import.json), { "resources": [{ "type", "name", "id" }] }.`);
  const out: KnownId[] = [];
  resources.forEach((e, i) => {
    const at = `--ids ${file}: resources[${i}]`;
    if (!isRecord(e)) throw usageError(`${at} must be an object with type, name and id (got ${quote(e)}).`);
    const name = e.logicalName ?? e.name;
    for (const [field, value] of [["type", e.type], ["name", name]] as const) {
      if (typeof value !== "string" || value === "") throw usageError(`${at}.${field} must be a non-empty string (got ${quote(value)}).`);
    }
    if (e.parent !== undefined && typeof e.parent !== "string") throw usageError(`${at}.parent must be a string, the name of another entry (got ${quote(e.parent)}).`);
    if (e.id === undefined && (e.component === true || e.remote === true)) return;
    if (typeof e.id !== "string" || e.id === "") throw usageError(`${at}.id must be a non-empty string, the cloud object's id (got ${quote(e.id)}).`);
    const entry: KnownId = { type: e.type as string, name: name as string, id: e.id };
    if (typeof e.parent === "string") entry.parent = e.parent;
    out.push(entry);
  });
  return out;
}

/** Reads `--ids FILE` (relative to `cwd`): a usage error when it cannot be read or is not an import file. */
export function readIds(file: string, cwd: string): KnownId[] {
  const text = readArgFile(cwd, file, "--ids");
  return parseIds(text, file);
}

/** Says which entries of the import file name no resource of the program (their ids were not used). */
function warnUnmatchedIds(ids: readonly KnownId[], capture: StackCapture, warn: ((message: string) => void) | undefined): void {
  const registered = new Set(capture.resources.map((r) => `${r.type}::${r.name}`));
  const unmatched = ids.filter((e) => !registered.has(`${e.type}::${e.name}`));
  if (unmatched.length === 0) return;
  const shown = unmatched.slice(0, 5).map((e) => `${quote(e.name)} (${e.type})`).join(", ");
  warn?.(`--ids: ${unmatched.length} entr${unmatched.length === 1 ? "y names" : "ies name"} no resource of the program, so ${unmatched.length === 1 ? "its id was" : "their ids were"} not used: ${shown}${unmatched.length > 5 ? `, and ${unmatched.length - 5} more` : ""}.`);
}
