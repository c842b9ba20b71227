/**
 * Loads a Pulumi program's entry module as the Pulumi CLI's Node.js host does: TypeScript
 * through ts-node (transpile only), then `require`, then, if the module exports a function,
 * calling it. Modules an earlier load brought in are dropped from the require cache first, so
 * a program can be planned more than once in one process.
 */
import * as fs from "fs";
import * as path from "path";
import { CliError, errorMessage } from "./cli-error";
import { PulumiProject, projectPath } from "./project";

/** Loads one module file and returns its exports. */
export type ModuleLoader = (file: string) => unknown;

const TS_EXTENSIONS = [".ts", ".tsx", ".cts"];
const TS_NODE_INSTANCE = Symbol.for("ts-node.register.instance");

/**
 * The compiler options for a TypeScript program without a tsconfig.json: CommonJS output as
 * Pulumi's Node.js host runs it, and nothing TypeScript 6 deprecates (no `moduleResolution:
 * node`/`node10`, no ES5 target), so every supported compiler accepts them.
 */
export const DEFAULT_COMPILER_OPTIONS = { target: "es2022", module: "node16", moduleResolution: "node16", esModuleInterop: true, sourceMap: true, skipLibCheck: true };

/** A TypeScript compiler ts-node can use: where it is, its version, and why it was chosen. */
export interface CompilerChoice {
  /** Absolute path of the compiler's entry module, for ts-node's `compiler` option. */
  compiler: string;
  /** Its version. */
  version: string;
  /** Said once when the program's own TypeScript cannot be used (TypeScript 7 has no compiler API). */
  note?: string;
}

function typescriptAt(dir: string): { entry: string; version: string; api: boolean } | undefined {
  try {
    const pkgFile = require.resolve("typescript/package.json", { paths: [dir] });
    const pkg = JSON.parse(require("fs").readFileSync(pkgFile, "utf8")) as { version?: string };
    const entry = require.resolve("typescript", { paths: [dir] });
    const version = typeof pkg.version === "string" ? pkg.version : "0";
    // TypeScript 7 (the native compiler) ships no compiler API at its root; 5 and 6 do.
    return { entry, version, api: Number(version.split(".")[0]) < 7 };
  } catch {
    return undefined;
  }
}

/**
 * The compiler for a program: the TypeScript of its own project when that has a compiler API
 * (5, 6), else the TypeScript 5 this package depends on, with a note saying so.
 */
export function chooseCompiler(projectDir: string, ownDir: string = __dirname): CompilerChoice | undefined {
  const theirs = typescriptAt(projectDir);
  if (theirs?.api) return { compiler: theirs.entry, version: theirs.version };
  const ours = typescriptAt(ownDir);
  if (!ours?.api) return undefined;
  const choice: CompilerChoice = { compiler: ours.entry, version: ours.version };
  if (theirs) choice.note = `the program's project has TypeScript ${theirs.version}, which has no compiler API for ts-node; compiling it with TypeScript ${ours.version} from alicloud-secgroups instead.`;
  return choice;
}

let noted = new Set<string>();

/** Forgets which compiler notes were already said (for tests). */
export function resetCompilerNotes(): void {
  noted = new Set();
}

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
export function registerTypeScript(project: PulumiProject, cwd: string, searchDirs: readonly string[] = [project.dir, __dirname], warn?: (message: string) => void): void {
  const existing = (process as unknown as Record<symbol, TsNodeService | undefined>)[TS_NODE_INSTANCE];
  if (existing && typeof existing.ignored === "function" && !existing.ignored(project.entry)) return;
  const resolved = findTsNode(searchDirs);
  const entry = projectPath(project, project.entry, cwd);
  if (!resolved) {
    throw new CliError(`${entry} is TypeScript, and ts-node was found neither next to the program nor next to alicloud-secgroups. Install it in the program's project: npm install --save-dev ts-node typescript`);
  }
  const choice = chooseCompiler(project.dir);
  if (!choice) {
    throw new CliError(`${entry} is TypeScript, and no TypeScript compiler with a compiler API (5 or 6) was found next to the program or next to alicloud-secgroups. Install one in the program's project: npm install --save-dev typescript@5`);
  }
  if (choice.note && !noted.has(choice.note)) {
    noted.add(choice.note);
    warn?.(choice.note);
  }
  try {
    const tsNode = require(resolved) as TsNode;
    tsNode.register({
      transpileOnly: true,
      cwd: project.dir,
      compiler: choice.compiler,
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
export function nodeLoader(project: PulumiProject, cwd: string, warn?: (message: string) => void): ModuleLoader {
  return (file) => {
    if (isTypeScript(file)) registerTypeScript(project, cwd, undefined, warn);
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

/** The packages a program written against this package may import when it is not installed, each this package's own copy. */
const OWN_PACKAGES: Record<string, () => unknown> = {
  "alicloud-secgroups": () => require("../index"),
  "@pulumi/pulumi": () => require("@pulumi/pulumi"),
  "@pulumi/alicloud": () => require("@pulumi/alicloud"),
};

/**
 * A loader for a program written against this package and never installed: the project `adopt`
 * has just written, planned to prove it owns the export before anyone runs `npm install`. The
 * entry is compiled in memory (TypeScript, transpile only, to CommonJS), and it may import only
 * `alicloud-secgroups`, `@pulumi/pulumi` and `@pulumi/alicloud`, which are this package's own
 * copies (the very modules the plan runs on); any other import is refused with an error naming it.
 */
export function ownPackagesLoader(_project: PulumiProject, cwd: string): ModuleLoader {
  return (file) => {
    const ts = require("typescript") as typeof import("typescript");
    const source = fs.readFileSync(file, "utf8");
    const js = isTypeScript(file) ? ts.transpileModule(inSteps(ts, source, file) ?? source, { fileName: file, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText : source;
    const entry = projectPath(_project, file, cwd);
    const requireOwn = (id: string): unknown => {
      const provide = Object.prototype.hasOwnProperty.call(OWN_PACKAGES, id) ? OWN_PACKAGES[id] : undefined;
      if (!provide) throw new CliError(`${entry} imports ${JSON.stringify(id)}; a program proved before it is installed may import only ${Object.keys(OWN_PACKAGES).join(", ")}.`);
      return provide();
    };
    const module = { exports: {} as unknown };
    // Compiled in this realm (under a test runner too), named after the file in stack traces.
    const run = new Function("exports", "require", "module", "__filename", "__dirname", SETTLE, `${js}\n//# sourceURL=${file}`) as (...a: unknown[]) => void;
    run(module.exports, requireOwn, module, file, path.dirname(file), settle);
    return module.exports;
  };
}

/** A program of more top-level statements than this runs in steps. */
const STEPPED_FROM = 100;

/**
 * How many top-level statements run before their registrations are let settle: few enough that
 * what is in flight fits the collector's young generation (a statement of adopt's program
 * declares one resource, or a component's dozens); measured at 500 groups, a step of 20 takes
 * a third less CPU time than one of 400.
 */
const STEP = 20;

/** The name the stepped program calls to let what it declared register (no program `adopt` writes uses it). */
const SETTLE = "__alicloudSecgroupsSettle";

/** Lets every registration already started finish: the mocks answer within promise callbacks, done before the next turn of the event loop. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A large program as `adopt` writes it, made to run in steps: its imports, then its statements
 * (each a declaration or a `new` of a resource, in the program's order and scope) in an async
 * main that lets every `STEP` of them register before running the next (a program of more than
 * `STEPPED_FROM` statements). A program creates every resource before any registers, and on
 * mocks each holds its outputs' promises and callbacks (about 100 KB) until it has: in steps, what has registered is let go, and memory follows the
 * step, not the program. Which resources are declared, with which inputs, is unchanged. Any other
 * shape (an export, a function, a control statement, the name already used) runs as it is:
 * `undefined`.
 */
export function inSteps(ts: typeof import("typescript"), source: string, file: string): string | undefined {
  if (source.includes(SETTLE)) return undefined;
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const body: import("typescript").Statement[] = [];
  for (const st of tree.statements) {
    if (ts.isImportDeclaration(st) && body.length === 0) continue;
    if ((ts.isVariableStatement(st) && (ts.getModifiers(st) ?? []).length === 0) || ts.isExpressionStatement(st)) body.push(st);
    else return undefined;
  }
  if (body.length <= STEPPED_FROM) return undefined;
  // The program's text as it is (comments and lines kept): the main opens before its first statement, a pause after every STEP.
  const start = body[0].getStart(tree);
  let out = `${source.slice(0, start)}export = async () => { `;
  let pos = start;
  for (let i = STEP - 1; i < body.length - 1; i += STEP) {
    out += `${source.slice(pos, body[i].end)} await ${SETTLE}();`;
    pos = body[i].end;
  }
  return `${out}${source.slice(pos)}\n};\n`;
}
