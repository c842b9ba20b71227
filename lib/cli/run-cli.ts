/**
 * The command, callable in-process: parses the arguments, plans, prints, and returns the exit
 * code instead of exiting, so tests (and other tools) can drive it.
 */
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_ANALYSES, PlanAnalyses } from "./analyses";
import { USAGE, parseCliArgs } from "./args";
import { CliError, EXIT_PROGRAM_ERROR, errorMessage, errorStack, usageError } from "./cli-error";
import { ModuleLoader } from "./load-program";
import { ProgramError, planProject } from "./plan";
import { PulumiProject } from "./project";
import { renderJson } from "./render-json";
import { renderText } from "./render-text";
import { runReviewCommand } from "./review-commands";

/** Where the command reads and writes. */
export interface CliIo {
  /** Receives the report (and the help text). */
  stdout(text: string): void;
  /** Receives errors, warnings and the program's console output. */
  stderr(text: string): void;
  /** Directory that relative paths are resolved against. */
  cwd: string;
  /** Makes the loader of the program's modules. @default ts-node for TypeScript, then Node's require */
  loader?: (project: PulumiProject, cwd: string) => ModuleLoader;
  /** Analyses that add report sections. @default {@link DEFAULT_ANALYSES} */
  analyses?: PlanAnalyses;
}

/**
 * Runs `alicloud-secgroups` with `argv` (the arguments after the program name) and returns the
 * exit code: 0 planned, 1 the program failed or holds rules the provider would refuse, 2 wrong usage.
 *
 * @example const code = await runCli(["plan", "examples/three-tier", "--json"], { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), cwd: process.cwd() });
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let verbose = argv.includes("--verbose") || argv.includes("-v");
  const review = runReviewCommand(argv, io.cwd);
  if (review !== undefined) {
    if (review.stdout) io.stdout(review.stdout);
    if (review.stderr) io.stderr(review.stderr);
    return review.exitCode;
  }
  try {
    const args = parseCliArgs(argv);
    verbose = args.verbose;
    if (args.command === "help") {
      io.stdout(USAGE);
      return 0;
    }
    const analyses = io.analyses ?? DEFAULT_ANALYSES;
    if (args.diagram !== undefined && !analyses.access) {
      throw usageError("--diagram writes the access diagram, and this version computes no access analysis yet. Leave --diagram out.");
    }
    const { report } = await planProject({
      dir: path.resolve(io.cwd, args.dir ?? "."),
      cwd: io.cwd,
      stack: args.stack,
      config: args.config,
      analyses,
      loader: io.loader,
      warn: (w) => io.stderr(`alicloud-secgroups: warning: ${w}\n`),
      console: io.stderr,
    });
    io.stdout(args.json ? renderJson(report) : renderText(report));
    if (args.diagram !== undefined) {
      const file = path.resolve(io.cwd, args.diagram);
      try {
        fs.writeFileSync(file, report.access?.diagram ?? "");
      } catch (e) {
        throw new CliError(`cannot write the diagram to ${args.diagram}: ${errorMessage(e)}`);
      }
    }
    if (report.totals.invalid > 0) {
      const n = report.totals.invalid;
      io.stderr(`alicloud-secgroups: ${n} rule${n === 1 ? "" : "s"} would be refused by the provider; see "Invalid rules" in the plan.\n`);
      return EXIT_PROGRAM_ERROR;
    }
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(`${e.message}\n`);
      const detail = e instanceof ProgramError ? errorStack(e.thrown) : undefined;
      if (verbose && detail) io.stderr(`${detail}\n`);
      else if (e instanceof ProgramError && detail) io.stderr("(run with --verbose for the stack trace)\n");
      return e.exitCode;
    }
    io.stderr(`alicloud-secgroups: unexpected error: ${errorMessage(e)}\n`);
    if (verbose && errorStack(e)) io.stderr(`${errorStack(e)}\n`);
    return EXIT_PROGRAM_ERROR;
  }
}
