/**
 * The command, callable in-process: parses the arguments, runs the command, prints, and
 * returns the exit code instead of exiting, so tests (and other tools) can drive it. Every
 * failure prints one message of the tool's own on stderr and, with `--json`, a JSON object
 * `{ version, error: { code, message } }` on stdout.
 */
import * as path from "path";
import { failingFindings, reachesFailOn } from "../checks/finding";
import { readIntentsFile } from "./intents-section";
import { ValidationError } from "../model/errors";
import { terminalText } from "../model/escape";
import { Answers, parseAnswers } from "../offline/answers";
import { DEFAULT_ANALYSES, PlanAnalyses } from "./analyses";
import { CliArgs, FailOn, parseCliArgs } from "./args";
import { CliError, EXIT_FINDINGS, EXIT_PROGRAM_ERROR, errorMessage, errorStack, printableMessage, readArgFile, usageError } from "./cli-error";
import { readExemptionsFile } from "./review-args";
import { Exemption } from "../model/exemptions";
import { ModuleLoader } from "./load-program";
import { OutputFs, OutputPath, checkOutputFile, writeOutputFile } from "./output-files";
import { ProgramError, planProject, readIds } from "./plan";
import { PulumiProject } from "./project";
import { renderJson } from "./render-json";
import { renderMarkdown } from "./render-markdown";
import { renderText } from "./render-text";
import { FindingReport, PlanReport, REPORT_VERSION } from "./report";
import { planCiReport } from "./ci-report";
import { renderGithub } from "./render-github";
import { renderJunit } from "./render-junit";
import { renderSarif } from "./render-sarif";
import { registerReviewHandlers } from "./review-commands";

/** Where the command reads and writes. */
export interface CliIo {
  /** Receives the report (and the help text). */
  stdout(text: string): void;
  /** Receives errors, warnings and the program's console output. */
  stderr(text: string): void;
  /** Directory that relative paths are resolved against. */
  cwd: string;
  /** Makes the loader of the program's modules. @default ts-node for TypeScript, then Node's require */
  loader?: (project: PulumiProject, cwd: string, warn?: (message: string) => void) => ModuleLoader;
  /** Analyses that add report sections. @default {@link DEFAULT_ANALYSES} */
  analyses?: PlanAnalyses;
  /** File-system calls of the output files (`--diagram`). @default Node's fs */
  outputFs?: OutputFs;
}

/** Runs one command once its arguments are parsed; returns the exit code or throws a {@link CliError}. */
export type CommandHandler = (args: CliArgs, io: CliIo) => Promise<number>;

const HANDLERS = new Map<string, CommandHandler>();

/** Registers the handler of a command declared with `registerCommand` (lib/cli/args.ts). */
export function registerHandler(name: string, handler: CommandHandler): void {
  HANDLERS.set(name, handler);
}

/** The findings at or above `failOn` (none for `none`); an acknowledged finding is shown, with its reason, but does not fail the gate. */
export function findingsAtLevel(findings: readonly FindingReport[], failOn: FailOn): FindingReport[] {
  return failingFindings(findings, failOn);
}

/** Reads `--exemptions FILE` (the one loader of the review commands too). */
function readExemptions(file: string, cwd: string): Exemption[] {
  return readExemptionsFile(cwd, file);
}

/** Reads an answers file (YAML or JSON); a usage error when it cannot be read, a program error when it is malformed. */
export function readAnswers(file: string, cwd: string): Answers {
  const text = readArgFile(cwd, file, "--answers");
  // The one safe YAML reading (no anchors or aliases, bounded nesting); refusals name the file.
  try {
    return parseAnswers(text, file);
  } catch (e) {
    if (e instanceof ValidationError) throw new CliError(`--answers ${e.message.replace(/^alicloud-secgroups: /, "")}`);
    throw e;
  }
}

/** The plan in `format`; `prefix` is the project directory as typed (relative to the working directory), for annotations. */
function render(report: PlanReport, format: CliArgs["format"], prefix: string): string {
  switch (format) {
    case "json":
      return renderJson(report);
    case "markdown":
      return renderMarkdown(report);
    case "sarif":
      return renderSarif(planCiReport(report));
    case "junit":
      return renderJunit(planCiReport(report));
    case "github":
      return renderGithub(planCiReport(report), prefix);
    default:
      return renderText(report);
  }
}

/** The project directory relative to the working directory, `/`-separated, when it lies inside it (else empty: locations stay relative to the project). */
function projectPrefix(dir: string, cwd: string): string {
  const rel = path.relative(cwd, dir);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return "";
  return rel.split(path.sep).join("/");
}

/** `plan`: run the program on mocks and report its groups, instances, findings and access. */
export const planCommand: CommandHandler = async (args, io) => {
  const analyses = io.analyses ?? DEFAULT_ANALYSES;
  if (args.diagram !== undefined && !analyses.access) {
    throw usageError("--diagram writes the access diagram, and this version computes no access analysis yet. Leave --diagram out.");
  }
  // A taken --diagram is refused before the program runs (and again when written).
  const diagram: OutputPath | undefined = args.diagram === undefined ? undefined : { option: "--diagram", path: args.diagram, cwd: io.cwd, force: args.force === true, ...(io.outputFs ? { fs: io.outputFs } : {}) };
  if (diagram) checkOutputFile(diagram);
  const answers = args.answers !== undefined ? readAnswers(args.answers, io.cwd) : undefined;
  const exemptions = args.exemptions === undefined ? undefined : readExemptions(args.exemptions, io.cwd);
  const intents = args.intents === undefined ? undefined : readIntentsFile(io.cwd, args.intents);
  const { report, project } = await planProject({
    intents,
    intentsFile: args.intents,
    exemptions,
    complete: args.complete,
    dir: path.resolve(io.cwd, args.dir ?? "."),
    typedDir: args.dir,
    cwd: io.cwd,
    stack: args.stack,
    stackGiven: args.stackGiven,
    config: args.config,
    analyses,
    loader: io.loader,
    answers,
    timeoutMs: args.timeoutMs,
    ids: typeof args.options.ids === "string" ? readIds(args.options.ids, io.cwd) : undefined,
    warn: (w) => io.stderr(`alicloud-secgroups: warning: ${terminalText(w)}\n`),
    console: io.stderr,
  });
  io.stdout(render(report, args.format, projectPrefix(project.dir, io.cwd)));
  if (diagram) writeOutputFile(diagram, report.access?.diagram ?? "");
  if (report.totals.invalid > 0) {
    // The plan ran: a rule the provider would refuse is something it found, not a failure to run.
    const n = report.totals.invalid;
    io.stderr(`alicloud-secgroups: ${n} rule${n === 1 ? "" : "s"} would be refused by the provider; see "Invalid rules" in the plan.\n`);
    return EXIT_FINDINGS;
  }
  const failing = findingsAtLevel(report.findings ?? [], args.failOn);
  if (failing.length > 0) {
    const worst = failing.some((f) => f.severity === "high") ? "high" : failing.some((f) => f.severity === "medium") ? "medium" : "low";
    const broken = failing.filter((f) => f.check === "broken-intent").length;
    const intents = broken > 0 ? `, ${broken} of them broken intent${broken === 1 ? "" : "s"} (see "Intents")` : "";
    io.stderr(`alicloud-secgroups: ${failing.length} finding${failing.length === 1 ? "" : "s"} at or above --fail-on ${args.failOn} (worst: ${worst})${intents}; see "Findings" in the plan.\n`);
    return EXIT_FINDINGS;
  }
  // Without a findings section the intents' verdicts gate alone: broken is high, unproven medium.
  if (report.findings === undefined && report.intents) {
    const open = report.intents.intents.filter((i) => !i.acknowledged && ((i.status === "broken" && reachesFailOn("high", args.failOn)) || (i.status === "unproven" && reachesFailOn("medium", args.failOn))));
    if (open.length > 0) {
      io.stderr(`alicloud-secgroups: ${open.length} intent${open.length === 1 ? "" : "s"} not proven at --fail-on ${args.failOn}; see "Intents" in the plan.\n`);
      return EXIT_FINDINGS;
    }
  }
  return 0;
};
registerHandler("plan", planCommand);
registerReviewHandlers(registerHandler);

/**
 * The error object `--json` prints on stdout when a command fails, the same for every command:
 * `{ version, error: { code, message } }`, `message` being the line printed on stderr without
 * the tool's name before it (`alicloud-secgroups: `).
 */
export function errorJson(code: string, message: string): string {
  return `${JSON.stringify({ version: REPORT_VERSION, error: { code, message: message.replace(/^alicloud-secgroups: /, "") } }, null, 2)}\n`;
}

/** The stable code of a failure: `usage`, a program's or a reader's code, a validation code, `failed`, `unexpected`. */
function errorCode(e: unknown): string {
  if (e instanceof CliError || e instanceof ValidationError) return e.code;
  return "unexpected";
}

/**
 * Runs `alicloud-secgroups` with `argv` (the arguments after the program name) and returns the
 * exit code: 0 done and nothing at the `--fail-on` level, 1 done and something at that level,
 * 2 could not run (wrong usage, an unreadable or unrecognised input, a program that failed).
 *
 * @example const code = await runCli(["plan", "examples/three-tier", "--json"], { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), cwd: process.cwd() });
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let verbose = argv.includes("--verbose") || argv.includes("-v");
  // Known before parsing, so a usage error is JSON too when JSON was asked for.
  let json = argv.includes("--json") || argv.some((a, i) => (a === "--format" && argv[i + 1] === "json") || a === "--format=json");
  try {
    const args = parseCliArgs(argv);
    verbose = args.verbose;
    json = args.json;
    if (args.command === "help") {
      io.stdout(args.help ?? "");
      return 0;
    }
    const handler = HANDLERS.get(args.command);
    if (!handler) throw new CliError(`the ${args.command} command is declared but has no handler in this build.`);
    return await handler(args, io);
  } catch (e) {
    if (e instanceof CliError) {
      // A program's own error may span lines (a compiler's diagnostics); the tool's are one line.
      const message = printableMessage(e.message, e instanceof ProgramError);
      io.stderr(`${message}\n`);
      if (json) io.stdout(errorJson(errorCode(e), message));
      const detail = e instanceof ProgramError ? errorStack(e.thrown) : undefined;
      if (verbose && detail) io.stderr(`${detail}\n`);
      else if (e instanceof ProgramError && detail) io.stderr("(run with --verbose for the stack trace)\n");
      return e.exitCode;
    }
    if (e instanceof ValidationError) {
      // An input (an export, an exemptions or answers entry) a library refused: it cannot be used.
      const message = printableMessage(e.message);
      io.stderr(`${message}\n`);
      if (json) io.stdout(errorJson(errorCode(e), message));
      return EXIT_PROGRAM_ERROR;
    }
    const message = printableMessage(`unexpected error: ${errorMessage(e)}`);
    io.stderr(`alicloud-secgroups: ${message}\n`);
    if (json) io.stdout(errorJson("unexpected", message));
    if (verbose && errorStack(e)) io.stderr(`${errorStack(e)}\n`);
    return EXIT_PROGRAM_ERROR;
  }
}
