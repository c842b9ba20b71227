/**
 * Finds a Pulumi project the way the Pulumi CLI does: `Pulumi.yaml` in the directory, its
 * `main` (a file or a directory), else the `package.json` entry point, else `index.js` /
 * `index.ts`; and reads its configuration (project defaults, then `Pulumi.<stack>.yaml`).
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { parseFailure, quote } from "../model/errors";
import { CliError, fileErrorReason, usageError } from "./cli-error";

/** A Pulumi project, located and read. */
export interface PulumiProject {
  /** Absolute project directory (holding `Pulumi.yaml`, or the program itself). */
  dir: string;
  /** Project name: `Pulumi.yaml` `name`, else the directory's name. */
  name: string;
  /** Absolute path of the program's entry file. */
  entry: string;
  /** The `tsconfig.json` to compile the program with, if any. */
  tsconfig?: string;
  /** Where `Pulumi.<stack>.yaml` files live. */
  stackConfigDir: string;
  /** Configuration defaults declared in `Pulumi.yaml`, keys namespaced (`project:key`). */
  config: Record<string, string>;
  /** Things the user should know (e.g. both `index.js` and `index.ts` exist). */
  warnings: string[];
  /** The project directory as the user typed it (`/`-separated), when they typed one: messages show paths under it from there. */
  shownDir?: string;
}

const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.yml"];
const ENTRY_EXTENSIONS = [".js", ".ts", ".cjs", ".cts", ".tsx"];

function isFile(p: string): boolean {
  return fs.existsSync(p) && fs.statSync(p).isFile();
}

function isDir(p: string): boolean {
  return fs.existsSync(p) && fs.statSync(p).isDirectory();
}

/** Shows a path relative to `cwd`, `/`-separated (never absolute, so output is the same on every machine). */
export function displayPath(p: string, cwd: string): string {
  const rel = path.relative(cwd, p).split(path.sep).join("/");
  return rel === "" ? "." : rel;
}

/**
 * Shows a path of the project as the user typed the project's directory (`/abs/proj/index.ts`
 * for `plan /abs/proj`, `proj/index.ts` for `plan proj`), else relative to `cwd` ({@link displayPath}).
 */
export function projectPath(project: Pick<PulumiProject, "dir" | "shownDir">, p: string, cwd: string): string {
  const rel = path.relative(project.dir, p);
  if (project.shownDir === undefined || rel.startsWith("..") || path.isAbsolute(rel)) return displayPath(p, cwd);
  const inside = rel.split(path.sep).join("/");
  if (inside === "") return project.shownDir;
  return project.shownDir === "." ? inside : `${project.shownDir.replace(/\/+$/, "")}/${inside}`;
}

function readYaml(file: string, cwd: string, shown = displayPath(file, cwd)): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new CliError(`cannot read ${shown}: ${fileErrorReason(e)}`);
  }
  try {
    return yaml.load(text);
  } catch (e) {
    throw new CliError(`cannot read ${shown}: it is not YAML (${parseFailure(e)})`);
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Pulumi's configuration values are strings; structured values are kept as JSON. */
function configText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** A configuration key with its namespace: bare keys belong to the project. */
export function configKey(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/** The `main` of a `package.json`, or its `exports["."]` entry, as Pulumi reads it. */
function packageEntry(dir: string): string | undefined {
  const file = path.join(dir, "package.json");
  if (!isFile(file)) return undefined;
  let pkg: Record<string, unknown>;
  try {
    pkg = asRecord(JSON.parse(fs.readFileSync(file, "utf8")));
  } catch {
    return undefined;
  }
  const exp = pkg.exports;
  if (typeof exp === "string") return exp;
  const dot = asRecord(exp)["."];
  if (typeof dot === "string") return dot;
  const cond = asRecord(dot);
  for (const k of ["default", "require"]) if (typeof cond[k] === "string") return cond[k] as string;
  return typeof pkg.main === "string" ? pkg.main : undefined;
}

/** Resolves a program path to its entry file as Node's `require` would (with `.ts` added). */
function resolveEntry(target: string, warnings: string[], cwd: string): string | undefined {
  if (isFile(target)) return target;
  for (const ext of ENTRY_EXTENSIONS) if (isFile(target + ext)) return target + ext;
  if (!isDir(target)) return undefined;
  const main = packageEntry(target);
  if (main !== undefined) {
    const resolved = resolveEntry(path.resolve(target, main), warnings, cwd);
    if (resolved) return resolved;
  }
  const js = path.join(target, "index.js");
  const ts = path.join(target, "index.ts");
  if (isFile(js) && isFile(ts)) {
    warnings.push(`${displayPath(target, cwd)} holds both index.js and index.ts; planning index.js, as Pulumi would. Set main in Pulumi.yaml to choose.`);
  }
  for (const ext of ENTRY_EXTENSIONS) if (isFile(path.join(target, `index${ext}`))) return path.join(target, `index${ext}`);
  return undefined;
}

function readRuntime(value: unknown, shownFile: string): Record<string, unknown> {
  const runtime = typeof value === "string" ? { name: value } : asRecord(value);
  if (runtime.name !== undefined && runtime.name !== "nodejs") {
    throw usageError(`${shownFile} declares runtime ${quote(runtime.name)}; the plan command runs Node.js (TypeScript or JavaScript) programs only.`);
  }
  return asRecord(runtime.options);
}

/** Reads the project-level `config:` of `Pulumi.yaml`: plain values and `default:`/`value:` entries. */
function projectConfig(value: unknown, project: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(asRecord(value))) {
    const e = asRecord(entry);
    const isSpec = typeof entry === "object" && entry !== null && !Array.isArray(entry) && ("default" in e || "value" in e || "type" in e);
    const text = configText(isSpec ? (e.value ?? e.default) : entry);
    if (text !== undefined) out[configKey(key, project)] = text;
  }
  return out;
}

/**
 * Locates the project in `dir`: with a `Pulumi.yaml` there, its name, runtime and `main`;
 * without one, `dir` itself is the program. Throws a usage error when `dir` does not exist or
 * holds no program. `typed` is `dir` as the user typed it: messages show paths from there.
 */
export function findProject(dir: string, cwd: string, typed?: string): PulumiProject {
  const shown = typed === undefined ? undefined : typed.replace(/\\/g, "/").replace(/(.)\/+$/, "$1");
  if (!fs.existsSync(dir)) throw usageError(`${shown ?? displayPath(dir, cwd)} does not exist. Pass the directory of a Pulumi project.`);
  const warnings: string[] = [];
  if (isFile(dir)) {
    const projectDir = path.dirname(dir);
    const shownDir = shown === undefined ? undefined : path.posix.dirname(shown);
    return { dir: projectDir, name: path.basename(projectDir), entry: dir, tsconfig: tsconfigIn(projectDir), stackConfigDir: projectDir, config: {}, warnings, ...(shownDir !== undefined ? { shownDir } : {}) };
  }
  const at = (p: string) => projectPath({ dir, shownDir: shown }, p, cwd);
  const projectFile = PROJECT_FILES.map((f) => path.join(dir, f)).find(isFile);
  const doc = projectFile ? asRecord(readYaml(projectFile, cwd, at(projectFile))) : {};
  const name = typeof doc.name === "string" && doc.name !== "" ? doc.name : path.basename(dir);
  const options = projectFile ? readRuntime(doc.runtime, at(projectFile)) : {};
  const main = typeof doc.main === "string" && doc.main !== "" ? path.resolve(dir, doc.main) : dir;
  const entry = resolveEntry(main, warnings, cwd);
  if (!entry) {
    const where = main === dir ? at(dir) : `${at(main)} (main of ${at(projectFile as string)})`;
    throw usageError(`no program found in ${where}: expected a package.json main, index.ts or index.js. Pass the directory of a Pulumi project.`);
  }
  const tsconfig = typeof options.tsconfig === "string" ? path.resolve(dir, options.tsconfig) : tsconfigIn(dir);
  const stackConfigDir = typeof doc.stackConfigDir === "string" ? path.resolve(dir, doc.stackConfigDir) : dir;
  return { dir, name, entry, tsconfig, stackConfigDir, config: projectConfig(doc.config, name), warnings, ...(shown !== undefined ? { shownDir: shown } : {}) };
}

function tsconfigIn(dir: string): string | undefined {
  const file = path.join(dir, "tsconfig.json");
  return isFile(file) ? file : undefined;
}

/**
 * Reads `Pulumi.<stack>.yaml` (if present) into namespaced string values. Secrets cannot be
 * decrypted offline: their keys are returned apart so the caller can say so.
 */
export function readStackConfig(project: PulumiProject, stack: string, cwd: string): { config: Record<string, string>; secrets: string[]; file?: string } {
  const config: Record<string, string> = {};
  const secrets: string[] = [];
  const file = [".yaml", ".yml"].map((ext) => path.join(project.stackConfigDir, `Pulumi.${stack}${ext}`)).find(isFile);
  if (!file) return { config, secrets };
  for (const [key, value] of Object.entries(asRecord(asRecord(readYaml(file, cwd, projectPath(project, file, cwd))).config))) {
    const full = configKey(key, project.name);
    if (typeof value === "object" && value !== null && "secure" in value) {
      secrets.push(full);
      continue;
    }
    const text = configText(value);
    if (text !== undefined) config[full] = text;
  }
  return { config, secrets: secrets.sort(), file };
}
