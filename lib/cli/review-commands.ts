/**
 * Dispatch of the commands that read sources (`diff`, `audit`): parse, run, print, and turn
 * failures into CLI.md's exit codes and error JSON. Returns `undefined` for other commands.
 */
import { ValidationError } from "../model/errors";
import { runAdopt } from "./adopt";
import { runAuditWithFlowLogs } from "./audit";
import { CliError, EXIT_PROGRAM_ERROR, errorMessage, printableMessage } from "./cli-error";
import { CommandResult, runDiffCommand } from "./diff";
import { AUDIT_USAGE, DIFF_USAGE, parseAuditArgs, parseDiffArgs } from "./review-args";

/** Version of the error JSON. */
const ERROR_VERSION = 1;

function failure(argv: readonly string[], code: string, raw: string, exitCode: number): CommandResult {
  const message = printableMessage(raw);
  const json = argv.includes("--json") || argv.join(" ").includes("--format json") || argv.includes("--format=json");
  return { exitCode, stdout: json ? `${JSON.stringify({ version: ERROR_VERSION, error: { code, message } }, null, 2)}\n` : "", stderr: `${message}\n` };
}

/** Runs `diff` or `audit` with the arguments after the program name, or returns undefined for another command. */
export async function runReviewCommand(argv: readonly string[], cwd: string): Promise<CommandResult | undefined> {
  const [command, ...rest] = argv;
  if (command !== "diff" && command !== "audit" && command !== "adopt") return undefined;
  try {
    if (command === "adopt") return await runAdopt(rest, cwd);
    if (command === "diff") {
      const opts = parseDiffArgs(rest, cwd);
      return opts ? runDiffCommand(opts) : { exitCode: 0, stdout: DIFF_USAGE, stderr: "" };
    }
    const opts = parseAuditArgs(rest, cwd);
    return opts ? await runAuditWithFlowLogs(opts) : { exitCode: 0, stdout: AUDIT_USAGE, stderr: "" };
  } catch (e) {
    if (e instanceof CliError) return failure(argv, (e as CliError & { code?: string }).code ?? (e.exitCode === 2 ? "usage" : "failed"), e.message, e.exitCode);
    if (e instanceof ValidationError) return failure(argv, e.code, e.message, EXIT_PROGRAM_ERROR);
    return failure(argv, "unexpected", `alicloud-secgroups: unexpected error: ${errorMessage(e)}`, EXIT_PROGRAM_ERROR);
  }
}
