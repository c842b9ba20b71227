import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliError, EXIT_PROGRAM_ERROR } from "../../lib/cli/cli-error";
import { findTsNode, isTypeScript, programOf, registerTypeScript } from "../../lib/cli/load-program";
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
