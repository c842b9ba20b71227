/**
 * The plan: locate the project, gather its configuration, run the program on mocks (in its
 * project directory, as Pulumi does), and build the report (with whichever analyses are
 * given). Nothing here prints; warnings and the program's console output go to the callbacks.
 */
import { format } from "util";
import { Answers } from "../offline/answers";
import { CaptureError, captureStack, programPosition, StackCapture } from "../offline/capture";
import { AnalysisInput, PlanAnalyses } from "./analyses";
import { buildReport } from "./build-report";
import { CliError, errorMessage } from "./cli-error";
import { catchingLateErrors } from "./late-errors";
import { ModuleLoader, nodeLoader, programOf } from "./load-program";
import { PulumiProject, configKey, displayPath, findProject, projectPath, readStackConfig } from "./project";
import { PlanReport } from "./report";
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
 * Plans the project in `options.dir`: its program runs on mocks with the project's
 * configuration (`Pulumi.yaml` defaults, then `Pulumi.<stack>.yaml`, then `options.config`).
 * Throws a {@link CliError} (exit 2): there is no program, or it fails.
 */
export async function planProject(options: PlanOptions): Promise<PlanResult> {
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
  const entry = displayPath(project.entry, project.dir);
  let capture: StackCapture;
  try {
    const run = () => captureStack(programOf(project.entry, load), { project: project.name, stack, config, placeholders: true, answers: options.answers, programDir: project.dir, timeoutMs: options.timeoutMs });
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
  if (intents.length > 0) {
    intentResults ??= proveNetworkIntents(capture.network, intents.map((i) => i.intent), intentContext);
    const acknowledged = new Map((report.findings ?? []).filter((f) => f.intent !== undefined && f.acknowledged).map((f) => [f.intent as string, f.acknowledged as { reason: string; exemption: string }]));
    report.intents = intentsReport(capture.network, intents, intentResults, intentContext, acknowledged, (g, i) => capture.origins.get(g)?.[i]);
  }
  return { report, project, capture };
}
