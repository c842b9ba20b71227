/**
 * Reads a SOURCE argument from disk: a file, or every `.json` / `.tfstate` file under a
 * directory (sorted, names relative to the argument with `/`), for the pure readers of
 * lib/sources. An unreadable path is a usage error (exit 2).
 */
import * as fs from "fs";
import * as path from "path";
import { SourceFile } from "../sources/source-network";
import { fileErrorReason, usageError } from "./cli-error";

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
