/**
 * Loads a Pulumi program's entry module as the Pulumi CLI's Node.js host does: TypeScript
 * through ts-node (transpile only), then `require`, then, if the module exports a function,
 * calling it. Modules an earlier load brought in are dropped from the require cache first, so
 * a program can be planned more than once in one process.
 */
import * as path from "path";
import { CliError, errorMessage } from "./cli-error";
import { PulumiProject, displayPath } from "./project";

/** Loads one module file and returns its exports. */
export type ModuleLoader = (file: string) => unknown;

const TS_EXTENSIONS = [".ts", ".tsx", ".cts"];
const TS_NODE_INSTANCE = Symbol.for("ts-node.register.instance");

/** The compiler options Pulumi uses for a TypeScript program without a tsconfig.json. */
const DEFAULT_COMPILER_OPTIONS = { target: "es2020", module: "commonjs", moduleResolution: "node", sourceMap: true, esModuleInterop: true };

/** True when the entry file needs a TypeScript compiler. */
export function isTypeScript(file: string): boolean {
  return TS_EXTENSIONS.includes(path.extname(file));
}

/** Where `ts-node` resolves from: next to the program first, then next to this package; `undefined` if nowhere. */
export function findTsNode(searchDirs: readonly string[]): string | undefined {
  for (const dir of searchDirs) {
    try {
      return require.resolve("ts-node", { paths: [dir] });
    } catch {
      // not installed there: try the next place
    }
  }
  return undefined;
}

interface TsNodeService {
  ignored(fileName: string): boolean;
}

interface TsNode {
  register(options: Record<string, unknown>): unknown;
}

/**
 * Makes `.ts` files loadable for the program: reuses a ts-node already registered in this
 * process (as under `npm run plan`) when it compiles the entry, else registers one, resolved
 * from the program's directory first, then from this package. Throws when there is none.
 */
export function registerTypeScript(project: PulumiProject, cwd: string, searchDirs: readonly string[] = [project.dir, __dirname]): void {
  const existing = (process as unknown as Record<symbol, TsNodeService | undefined>)[TS_NODE_INSTANCE];
  if (existing && typeof existing.ignored === "function" && !existing.ignored(project.entry)) return;
  const resolved = findTsNode(searchDirs);
  const entry = displayPath(project.entry, cwd);
  if (!resolved) {
    throw new CliError(`${entry} is TypeScript, and ts-node was found neither next to the program nor next to alicloud-secgroups. Install it in the program's project: npm install --save-dev ts-node typescript`);
  }
  try {
    const tsNode = require(resolved) as TsNode;
    tsNode.register({
      transpileOnly: true,
      cwd: project.dir,
      ...(project.tsconfig ? { project: project.tsconfig } : { skipProject: true, compilerOptions: DEFAULT_COMPILER_OPTIONS }),
    });
  } catch (e) {
    const reason = errorMessage(e).split("\n")[0];
    throw new CliError(`cannot compile ${entry}: ts-node failed to start (${reason}). Install both in the program's project: npm install --save-dev ts-node typescript`);
  }
}

/** Modules a previous load brought into the require cache (outside node_modules). */
const loadedByPrograms = new Set<string>();

/**
 * The loader the command uses outside tests: registers TypeScript when the entry needs it,
 * forgets the modules earlier loads brought in (never `node_modules`, never modules loaded
 * before any program, such as this command's own) so the program runs afresh, then requires.
 */
export function nodeLoader(project: PulumiProject, cwd: string): ModuleLoader {
  return (file) => {
    if (isTypeScript(file)) registerTypeScript(project, cwd);
    for (const key of loadedByPrograms) delete require.cache[key];
    loadedByPrograms.clear();
    const before = new Set(Object.keys(require.cache));
    try {
      return require(file);
    } finally {
      for (const key of Object.keys(require.cache)) {
        if (!before.has(key) && !key.includes(`${path.sep}node_modules${path.sep}`)) loadedByPrograms.add(key);
      }
    }
  };
}

/**
 * The program as `captureStack` runs it: loads the entry and, as Pulumi does, calls the
 * exported value when it is a function (an async main), returning its result as the exports.
 */
export function programOf(entry: string, load: ModuleLoader): () => unknown {
  return () => {
    const exported = load(entry);
    return typeof exported === "function" ? (exported as () => unknown)() : exported;
  };
}
