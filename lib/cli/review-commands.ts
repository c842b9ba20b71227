/**
 * The handlers of the commands that read sources (`diff`, `audit`, `adopt`): their options come
 * from the one parser (lib/cli/args.ts), they run, print, and return CLI.md's exit codes; every
 * failure goes through the one error path of {@link runCli} (one message on stderr, and with
 * `--json` the one error object on stdout).
 */
import type { CliIo, CommandHandler } from "./run-cli";
import { adoptOptions, runAdopt } from "./adopt";
import { runAuditWithFlowLogs } from "./audit";
import { CommandResult, runDiffCommand } from "./diff";
import { auditOptions, diffOptions } from "./review-args";

function print(result: CommandResult, io: CliIo): number {
  if (result.stdout) io.stdout(result.stdout);
  if (result.stderr) io.stderr(result.stderr);
  return result.exitCode;
}

/** `diff BEFORE AFTER`. */
export const diffCommand: CommandHandler = async (args, io) => print(runDiffCommand(diffOptions(args, io.cwd)), io);

/** `audit SOURCE…`. */
export const auditCommand: CommandHandler = async (args, io) => print(await runAuditWithFlowLogs(auditOptions(args, io.cwd)), io);

/** `adopt SOURCE… --out DIR`. */
export const adoptCommand: CommandHandler = async (args, io) => print(await runAdopt(adoptOptions(args), io.cwd, io.outputFs), io);

/** Registers the handlers of `diff`, `audit` and `adopt`. */
export function registerReviewHandlers(register: (name: string, handler: CommandHandler) => void): void {
  register("diff", diffCommand);
  register("audit", auditCommand);
  register("adopt", adoptCommand);
}

/**
 * Runs `diff`, `audit` or `adopt` with the arguments after the program name, as {@link runCli}
 * does, and returns what it printed; `undefined` for another command.
 */
export async function runReviewCommand(argv: readonly string[], cwd: string): Promise<CommandResult | undefined> {
  if (argv[0] !== "diff" && argv[0] !== "audit" && argv[0] !== "adopt") return undefined;
  const { runCli } = await import("./run-cli");
  let stdout = "";
  let stderr = "";
  const exitCode = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { exitCode, stdout, stderr };
}
