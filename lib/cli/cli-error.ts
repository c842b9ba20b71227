/**
 * An error the command reports to the user and exits on. Every failure exits `2` ("could not
 * run": wrong usage, an unreadable or unrecognised input, a program that failed), so a CI bot
 * tells it from `1` ("done, and something reached --fail-on": post the findings).
 */
import * as fs from "fs";
import * as path from "path";
import { cutText, terminalLines, terminalText } from "../model/escape";

/** Exit code of a command that ran, and found something at or above the `--fail-on` level. */
export const EXIT_FINDINGS = 1;
/** Exit code of a failed program, project or input: the command could not run (CLI.md: `2`, as a wrong command line). */
export const EXIT_PROGRAM_ERROR = 2;
/** Exit code of a wrong command line. */
export const EXIT_USAGE_ERROR = 2;

/** A failure with the exit code it ends the command with; its message is shown as is. */
export class CliError extends Error {
  /** The process exit code. */
  readonly exitCode: number;
  /** Stable reason for the `--json` error: `usage` for a wrong command line, else `failed` or a more precise code. */
  readonly code: string;

  constructor(message: string, exitCode: number = EXIT_PROGRAM_ERROR, code = "failed") {
    super(message.startsWith("alicloud-secgroups") ? message : `alicloud-secgroups: ${message}`);
    this.name = "CliError";
    this.exitCode = exitCode;
    this.code = code;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** A wrong command line: exit code 2, code `usage`. */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT_USAGE_ERROR, "usage");
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

/** Longest error message printed (values in it are already cut to 200 characters by `quote`). */
export const MESSAGE_MAX = 4000;

/**
 * An error message as every failure path prints it, on stderr and in the `--json` error alike:
 * one line (a line break that reached it from data is shown as `\n`), control and bidi
 * characters shown as escapes, cut at {@link MESSAGE_MAX} characters. `lines` keeps the
 * message's own line breaks: a program's error (a compiler's diagnostics) spans lines.
 */
export function printableMessage(message: string, lines = false): string {
  const { text, cut } = cutText(message, MESSAGE_MAX);
  const shown = lines ? terminalLines(text) : terminalText(text);
  return cut ? `${shown}... (cut at ${MESSAGE_MAX} of ${message.length} characters)` : shown;
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of the path is not a directory",
  ELOOP: "too many symbolic links",
  ENAMETOOLONG: "the name is too long",
  EMFILE: "too many open files",
  EEXIST: "it already exists",
  ENOSPC: "no space left on the device",
  EROFS: "the file system is read-only",
};

/**
 * Why a file could not be read or written, from its error code, without the absolute path (or a
 * symbolic link's target) that Node's message names: paths are shown as the user typed them.
 */
export function fileErrorReason(e: unknown): string {
  const code = typeof e === "object" && e !== null ? (e as { code?: unknown }).code : undefined;
  if (typeof code !== "string") return "it cannot be read";
  return FILE_ERRORS[code] ?? terminalText(cutText(code, 40).text);
}

/**
 * The text of a file named on the command line (relative to `cwd`); one that cannot be read is
 * wrong usage (exit 2), the message `cannot read <what> <file>: <reason>`, the file as typed.
 */
export function readArgFile(cwd: string, file: string, what: string): string {
  try {
    return fs.readFileSync(path.resolve(cwd, file), "utf8");
  } catch (e) {
    throw usageError(`cannot read ${what} ${file}: ${fileErrorReason(e)}`);
  }
}
