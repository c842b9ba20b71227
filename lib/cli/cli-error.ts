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
