/**
 * An error the command reports to the user and exits on: `1` when the program (or its project)
 * fails, `2` when the command line is wrong.
 */

/** Exit code of a failed program or project. */
export const EXIT_PROGRAM_ERROR = 1;
/** Exit code of a wrong command line. */
export const EXIT_USAGE_ERROR = 2;

/** A failure with the exit code it ends the command with; its message is shown as is. */
export class CliError extends Error {
  /** The process exit code. */
  readonly exitCode: number;

  constructor(message: string, exitCode: number = EXIT_PROGRAM_ERROR) {
    super(message.startsWith("alicloud-secgroups") ? message : `alicloud-secgroups: ${message}`);
    this.name = "CliError";
    this.exitCode = exitCode;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** A wrong command line: exit code 2. */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT_USAGE_ERROR);
}

/** The message of anything thrown, also for errors from another realm (where `instanceof Error` fails). */
export function errorMessage(e: unknown): string {
  if (typeof e === "object" && e !== null && typeof (e as { message?: unknown }).message === "string") return (e as { message: string }).message;
  return String(e);
}

/** The stack trace of anything thrown, if it has one. */
export function errorStack(e: unknown): string | undefined {
  const stack = typeof e === "object" && e !== null ? (e as { stack?: unknown }).stack : undefined;
  return typeof stack === "string" ? stack : undefined;
}
