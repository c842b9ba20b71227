import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliError, EXIT_PROGRAM_ERROR } from "../../lib/cli/cli-error";
import { DEFAULT_COMPILER_OPTIONS, chooseCompiler, findTsNode, isTypeScript, programOf, registerTypeScript } from "../../lib/cli/load-program";
import { findProject } from "../../lib/cli/project";

describe("programOf", () => {
  test("returns the entry module's exports, as the stack's outputs", () => {
    const exports = { webId: "sg-web" };
    expect(programOf("/p/index.ts", () => exports)()).toBe(exports);
  });

  test("calls an exported function (an async main) and returns its result", async () => {
    const main = jest.fn(async () => ({ ok: true }));
    await expect(programOf("/p/index.ts", () => main)()).resolves.toEqual({ ok: true });
    expect(main).toHaveBeenCalledTimes(1);
  });

  test("loads the entry only when the program runs", () => {
    const load = jest.fn(() => ({}));
    const program = programOf("/p/index.ts", load);
    expect(load).not.toHaveBeenCalled();
    program();
    expect(load).toHaveBeenCalledWith("/p/index.ts");
  });
});

describe("TypeScript", () => {
  test("entries ending in .ts, .tsx or .cts need a compiler; .js and .cjs do not", () => {
    expect(["a.ts", "a.tsx", "a.cts", "a.js", "a.cjs"].map(isTypeScript)).toEqual([true, true, true, false, false]);
  });

  test("ts-node is found next to this package", () => {
    expect(findTsNode([__dirname])).toMatch(/ts-node/);
  });

  test("without ts-node anywhere, the error says what to install", () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "sg-no-ts-node-")));
    try {
      fs.writeFileSync(path.join(dir, "index.ts"), "");
      expect(findTsNode([dir])).toBeUndefined();
      let error: unknown;
      try {
        registerTypeScript(findProject(dir, dir), dir, [dir]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CliError);
      expect(error).toMatchObject({ exitCode: EXIT_PROGRAM_ERROR });
      expect((error as Error).message).toBe(
        "alicloud-secgroups: index.ts is TypeScript, and ts-node was found neither next to the program nor next to alicloud-secgroups. Install it in the program's project: npm install --save-dev ts-node typescript",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the TypeScript compiler a program gets", () => {
  const fakeTypeScript = (root: string, version: string): void => {
    const dir = path.join(root, "node_modules", "typescript");
    fs.mkdirSync(path.join(dir, "lib"), { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "typescript", version, main: "lib/version.cjs" }));
    fs.writeFileSync(path.join(dir, "lib", "version.cjs"), `module.exports = { version: "${version}" };`);
  };

  test("the program's own TypeScript 5 or 6 compiles it", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "sg-ts6-"));
    try {
      fakeTypeScript(root, "6.0.3");
      expect(chooseCompiler(root)).toEqual({ compiler: path.join(root, "node_modules", "typescript", "lib", "version.cjs"), version: "6.0.3" });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test("TypeScript 7 has no compiler API: this package's TypeScript 5 compiles the program, and says so", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "sg-ts7-"));
    try {
      fakeTypeScript(root, "7.0.2");
      const choice = chooseCompiler(root);
      expect(choice?.version).toMatch(/^5\./);
      expect(choice?.compiler).toBe(require.resolve("typescript"));
      expect(choice?.note).toBe(`the program's project has TypeScript 7.0.2, which has no compiler API for ts-node; compiling it with TypeScript ${choice?.version} from alicloud-secgroups instead.`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test("the options for a program without tsconfig.json are ones no supported compiler deprecates", () => {
    expect(DEFAULT_COMPILER_OPTIONS).not.toHaveProperty("ignoreDeprecations");
    expect(["node", "node10", "classic"]).not.toContain(DEFAULT_COMPILER_OPTIONS.moduleResolution.toLowerCase());
    expect(["es3", "es5"]).not.toContain(DEFAULT_COMPILER_OPTIONS.target.toLowerCase());
    const ts = require("typescript") as typeof import("typescript");
    const { options, errors } = ts.convertCompilerOptionsFromJson(DEFAULT_COMPILER_OPTIONS, ".");
    expect(errors).toEqual([]);
    const out = ts.transpileModule('import * as a from "x"; export const b = a;', { compilerOptions: options, reportDiagnostics: true, fileName: "index.ts" });
    expect(out.diagnostics).toEqual([]);
    expect(out.outputText).toContain('require("x")');
  });
});
