/**
 * Reads a SOURCE argument from disk: a file, or every `.json` / `.tfstate` file under a
 * directory (sorted, names relative to the argument with `/`), for the pure readers of
 * lib/sources. An unreadable path is a usage error (exit 2).
 */
import * as fs from "fs";
import * as path from "path";
import { ValidationError } from "../model/errors";
import { readOneNetwork, readSource } from "../sources/read-sources";
import { SourceFile, SourceNetwork } from "../sources/source-network";
import { CliError, EXIT_USAGE_ERROR, fileErrorReason, usageError } from "./cli-error";

/**
 * An input that cannot be read: not JSON, no format recognised, or refused by its reader (too
 * deep, a missing page, two groups with one id). Exit 2, as CLI.md says, with the reader's code
 * (`invalid-source`, `partial-source`, `mixed-source`) for the error JSON.
 */
export class InputError extends CliError {
  /** The reader's code. */
  override readonly code: string;

  constructor(e: ValidationError) {
    super(e.message, EXIT_USAGE_ERROR);
    this.code = e.code;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

function walk(dir: string, rel: string, out: SourceFile[], shown: string): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = path.join(dir, e.name);
    const name = rel === "" ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) walk(full, name, out, shown);
    else if (/\.(json|tfstate)$/i.test(e.name)) out.push({ name: `${shown}/${name}`, text: fs.readFileSync(full, "utf8") });
  }
}

/** The files of one SOURCE argument, resolved against `cwd`. */
export function loadSourceFiles(cwd: string, arg: string): SourceFile[] {
  const full = path.resolve(cwd, arg);
  const shown = arg.replace(/\\/g, "/").replace(/\/+$/, "") || ".";
  try {
    const stat = fs.statSync(full);
    if (!stat.isDirectory()) return [{ name: shown, text: fs.readFileSync(full, "utf8") }];
    const out: SourceFile[] = [];
    walk(full, "", out, shown);
    if (out.length === 0) throw usageError(`${shown} holds no .json or .tfstate files. Pass an export file or a directory of them.`);
    return out;
  } catch (e) {
    if (e instanceof Error && e.name === "CliError") throw e;
    throw usageError(`cannot read ${shown}: ${fileErrorReason(e)}`);
  }
}

/** Reads every SOURCE argument into networks; an input that cannot be read is an {@link InputError} (exit 2) naming the file. */
export function readSourceArgs(cwd: string, args: readonly string[]): SourceNetwork[] {
  const files = args.map((a) => loadSourceFiles(cwd, a));
  try {
    return files.flatMap((f) => readSource(f));
  } catch (e) {
    if (e instanceof ValidationError) throw new InputError(e);
    throw e;
  }
}

/** Reads one SOURCE argument that must hold one network (a side of `diff`); an input that cannot be read is an {@link InputError} (exit 2) naming the file. */
export function readOneSourceArg(cwd: string, arg: string): SourceNetwork {
  const files = loadSourceFiles(cwd, arg);
  try {
    return readOneNetwork(arg, files);
  } catch (e) {
    if (e instanceof ValidationError) throw new InputError(e);
    throw e;
  }
}
