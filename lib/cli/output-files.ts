/**
 * Writing the files a command produces (`plan --diagram FILE`, `adopt --out DIR`), for every
 * command that writes: an existing file or a non-empty directory is refused unless `--force`;
 * an output directory inside a SOURCE (or a SOURCE inside it) is refused always; and nothing is
 * published half-written: a file is written to a temporary file in the same directory and
 * renamed into place, a directory is written whole into a temporary sibling and renamed into
 * place. Refusals and failures exit 2 ("could not do it") and name the path as it was typed.
 */
import * as crypto from "crypto";
import * as nodeFs from "fs";
import * as path from "path";
import { CliError, EXIT_USAGE_ERROR, errorMessage, usageError } from "./cli-error";

/** The file-system calls output writing makes (Node's `fs` by default; tests inject failures). */
export type OutputFs = Pick<typeof nodeFs, "lstatSync" | "readdirSync" | "realpathSync" | "mkdirSync" | "mkdtempSync" | "writeFileSync" | "renameSync" | "linkSync" | "unlinkSync" | "rmSync">;

/** One output path of a command. */
export interface OutputPath {
  /** The option that names it, as shown in messages (`--out`, `--diagram`). */
  option: string;
  /** The path as the user typed it. */
  path: string;
  /** Directory the path is resolved against. */
  cwd: string;
  /** `--force`: an existing file or a non-empty directory may be replaced. @default false */
  force?: boolean;
  /** File-system calls. @default Node's fs */
  fs?: OutputFs;
}

function lstat(fs: OutputFs, full: string): nodeFs.Stats | undefined {
  try {
    return fs.lstatSync(full);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

function suffix(): string {
  return `${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
}

function failed(out: OutputPath, e: unknown): CliError {
  if (e instanceof CliError) return e;
  return new CliError(`cannot write ${out.option} ${out.path}: ${errorMessage(e).split("\n")[0]}`, EXIT_USAGE_ERROR);
}

function existsRefusal(out: OutputPath, what: string): CliError {
  return usageError(`${out.option} ${out.path} ${what}: choose another path, or pass --force to replace it.`);
}

/** Refuses `out` as a file to write: an existing directory always, any other existing entry without `--force`. */
export function checkOutputFile(out: OutputPath): void {
  const fs = out.fs ?? nodeFs;
  const stat = lstat(fs, path.resolve(out.cwd, out.path));
  if (stat === undefined) return;
  if (stat.isDirectory()) throw usageError(`${out.option} ${out.path} is a directory: name a file.`);
  if (!out.force) throw existsRefusal(out, "exists");
}

/**
 * Writes `text` to the file `out` names: refused if it exists (unless `--force`), written to a
 * temporary file beside it, then published by one link (no `--force`: fails if the name was
 * taken meanwhile) or rename (`--force`). A failure leaves no file behind.
 */
export function writeOutputFile(out: OutputPath, text: string): void {
  const fs = out.fs ?? nodeFs;
  checkOutputFile(out);
  const full = path.resolve(out.cwd, out.path);
  const tmp = path.join(path.dirname(full), `.${path.basename(full)}.${suffix()}.tmp`);
  try {
    fs.writeFileSync(tmp, text, { flag: "wx" });
    if (out.force) fs.renameSync(tmp, full);
    else publishNew(out, fs, tmp, full);
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // Nothing more can be done; the error below says what failed.
    }
    throw failed(out, e);
  }
}

/** Publishes `tmp` as `full` only if `full` does not exist: a hard link fails on a taken name; where links are not supported, check then rename. */
function publishNew(out: OutputPath, fs: OutputFs, tmp: string, full: string): void {
  try {
    fs.linkSync(tmp, full);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw existsRefusal(out, "exists");
    if (!["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EXDEV", "EMLINK", "EACCES"].includes(code ?? "")) throw e;
    if (lstat(fs, full) !== undefined) throw existsRefusal(out, "exists");
    fs.renameSync(tmp, full);
    return;
  }
  fs.rmSync(tmp, { force: true });
}

/** The real path of `full`, through symbolic links, for the part of it that exists. */
function realish(fs: OutputFs, full: string): string {
  const rest: string[] = [];
  let at = full;
  for (;;) {
    try {
      return path.join(fs.realpathSync(at), ...rest.reverse());
    } catch {
      const up = path.dirname(at);
      if (up === at) return full;
      rest.push(path.basename(at));
      at = up;
    }
  }
}

/** True when `inner` is `outer` or lies under it. */
function within(outer: string, inner: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * Refuses `out` as a directory to write: inside a SOURCE or holding one (the next read of that
 * source would read the generated files, or replacing the directory would delete the source),
 * holding the current directory, or existing and not empty (or not a directory) without `--force`.
 */
export function checkOutputDirectory(out: OutputPath, sources: readonly string[] = []): void {
  const fs = out.fs ?? nodeFs;
  const full = path.resolve(out.cwd, out.path);
  const real = realish(fs, full);
  for (const source of sources) {
    const src = realish(fs, path.resolve(out.cwd, source));
    if (within(src, real)) throw usageError(`${out.option} ${out.path} is inside the source ${source}: the next read of ${source} would read the generated files. Choose a directory outside every SOURCE.`);
    if (within(real, src)) throw usageError(`the source ${source} is inside ${out.option} ${out.path}: writing there could replace it. Choose a directory outside every SOURCE.`);
  }
  const stat = lstat(fs, full);
  if (stat === undefined) return;
  if (stat.isDirectory() && fs.readdirSync(full).length === 0) return;
  if (within(real, realish(fs, path.resolve(out.cwd)))) throw usageError(`${out.option} ${out.path} holds the current directory and is not empty: choose a new directory.`);
  if (!out.force) throw existsRefusal(out, stat.isDirectory() ? "exists and is not empty" : "exists and is not a directory");
}

/**
 * Writes `files` (name → text, names without directories) as the directory `out` names: checked
 * as {@link checkOutputDirectory} does, written whole into a temporary sibling, then renamed into
 * place (with `--force`, the existing entry is moved aside first and removed once the new one is
 * in place, or put back if it cannot be). A failure leaves nothing behind.
 */
export function writeOutputDirectory(out: OutputPath, files: Record<string, string>, sources: readonly string[] = []): void {
  const fs = out.fs ?? nodeFs;
  checkOutputDirectory(out, sources);
  const full = path.resolve(out.cwd, out.path);
  const parent = path.dirname(full);
  let tmp: string | undefined;
  try {
    fs.mkdirSync(parent, { recursive: true });
    tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(full)}.tmp-`));
    for (const [name, text] of Object.entries(files)) {
      if (name === "" || name === "." || name === ".." || /[\\/\0]/.test(name)) throw new CliError(`cannot write ${out.option} ${out.path}: ${JSON.stringify(name)} is not a file name.`, EXIT_USAGE_ERROR);
      fs.writeFileSync(path.join(tmp, name), text, { flag: "wx" });
    }
    publishDirectory(out, fs, tmp, full);
  } catch (e) {
    if (tmp !== undefined) {
      try {
        fs.rmSync(tmp, { recursive: true, force: true });
      } catch {
        // Nothing more can be done; the error below says what failed.
      }
    }
    throw failed(out, e);
  }
}

function publishDirectory(out: OutputPath, fs: OutputFs, tmp: string, full: string): void {
  const stat = lstat(fs, full);
  const replaceable = stat === undefined || (stat.isDirectory() && fs.readdirSync(full).length === 0);
  if (replaceable) {
    try {
      // Onto nothing or an empty directory; a directory filled meanwhile makes this fail.
      fs.renameSync(tmp, full);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOTEMPTY" || code === "EEXIST" || code === "ENOTDIR" || code === "EISDIR") throw existsRefusal(out, "was filled meanwhile");
      throw e;
    }
  }
  if (!out.force) throw existsRefusal(out, "exists and is not empty");
  const aside = path.join(path.dirname(full), `.${path.basename(full)}.old-${suffix()}`);
  fs.renameSync(full, aside);
  try {
    fs.renameSync(tmp, full);
  } catch (e) {
    fs.renameSync(aside, full);
    throw e;
  }
  fs.rmSync(aside, { recursive: true, force: true });
}
