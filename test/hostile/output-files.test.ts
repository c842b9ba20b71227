/**
 * No file is overwritten unasked, and nothing is published half-written: `plan --diagram` and
 * `adopt --out` refuse an existing file or a non-empty directory without `--force`, `adopt`
 * refuses an `--out` inside a SOURCE (or a SOURCE inside it), and a write that fails part-way
 * leaves no file, no directory and no temporary behind.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runAdoptCommand } from "../../lib/cli/adopt";
import { PlanAnalyses } from "../../lib/cli/analyses";
import { OutputFs, writeOutputDirectory, writeOutputFile } from "../../lib/cli/output-files";
import { cli, isolatedLoader } from "../cli/helpers";
import { runCli } from "../../lib/cli/run-cli";

const ROOT = path.join(__dirname, "..", "..");
const ESTATE = path.join(ROOT, "docs", "estate");
const WEB_DB = path.join(ROOT, "test", "cli", "fixtures", "web-db");
const DIAGRAM = "flowchart LR\n  internet -->|tcp:443| web\n";
const analyses: PlanAnalyses = { access: () => ({ matrix: [], diagram: DIAGRAM }) };

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sg-output-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Everything under `dir`, as relative paths with their text (directories end with `/`). */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        out[`${r}/`] = "";
        walk(path.join(d, e.name), r);
      } else out[r] = fs.readFileSync(path.join(d, e.name), "utf8");
    }
  };
  walk(dir, "");
  return out;
}

/** Node's fs, with writeFileSync writing half of the `failAt`-th write (counting from 1) and then failing. */
/** Runs `alicloud-secgroups adopt ARGV…` from `cwd`. */
async function adopt(argv: string[], cwd: string): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const exitCode = await runCli(["adopt", ...argv], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { exitCode, stdout, stderr };
}

function failingFs(failAt: number, writes: string[] = []): OutputFs {
  let n = 0;
  return {
    ...fs,
    writeFileSync: ((file: fs.PathOrFileDescriptor, data: string, options?: fs.WriteFileOptions) => {
      writes.push(String(file));
      if (++n === failAt) {
        fs.writeFileSync(file, data.slice(0, Math.floor(data.length / 2)), options);
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      }
      fs.writeFileSync(file, data, options);
    }) as typeof fs.writeFileSync,
  };
}

describe("plan --diagram FILE", () => {
  test("an existing file is refused before the program runs, and left as it was", async () => {
    fs.writeFileSync(path.join(tmp, "access.mmd"), "keep me");
    const run = await cli(["plan", WEB_DB, "--diagram", "access.mmd"], { cwd: tmp, analyses });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("--diagram access.mmd exists: choose another path, or pass --force to replace it.");
    expect(tree(tmp)).toEqual({ "access.mmd": "keep me" });
  });

  test("the program's own file is refused; with --force it is replaced, and nothing else is left", async () => {
    // A copy of a program, inside the repository so it resolves @pulumi/*.
    const dir = fs.mkdtempSync(path.join(__dirname, ".output-program-"));
    try {
      fs.cpSync(WEB_DB, dir, { recursive: true });
      const before = tree(dir);
      const refused = await cli(["plan", ".", "--diagram", "index.ts"], { cwd: dir, analyses });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("--diagram index.ts exists");
      expect(tree(dir)).toEqual(before);
      const forced = await cli(["plan", ".", "--diagram", "index.ts", "--force"], { cwd: dir, analyses });
      expect(forced.code).toBe(0);
      expect(tree(dir)).toEqual({ ...before, "index.ts": DIAGRAM });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a directory is refused, even with --force", async () => {
    fs.mkdirSync(path.join(tmp, "out"));
    const run = await cli(["plan", WEB_DB, "--diagram", "out", "--force"], { cwd: tmp, analyses });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--diagram out is a directory");
  });

  test("a write that fails part-way leaves no file and no temporary", async () => {
    let stderr = "";
    const code = await runCli(["plan", WEB_DB, "--diagram", "access.mmd", "--json"], { stdout: () => undefined, stderr: (t) => (stderr += t), cwd: tmp, loader: isolatedLoader, analyses, outputFs: failingFs(1) });
    expect(code).toBe(2);
    expect(stderr).toContain("cannot write --diagram access.mmd: ENOSPC");
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});

describe("adopt --out DIR", () => {
  test("a non-empty directory is refused and left as it was; with --force it is replaced whole", async () => {
    fs.mkdirSync(path.join(tmp, "shop"));
    fs.writeFileSync(path.join(tmp, "shop", "notes.txt"), "mine");
    const refused = await adopt([ESTATE, "--out", "shop"], tmp);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain("--out shop exists and is not empty: choose another path, or pass --force to replace it.");
    expect(tree(tmp)).toEqual({ "shop/": "", "shop/notes.txt": "mine" });
    const forced = await adopt([ESTATE, "--out", "shop", "--force"], tmp);
    expect(forced.exitCode).toBe(0);
    expect(fs.readdirSync(tmp)).toEqual(["shop"]);
    expect(fs.readdirSync(path.join(tmp, "shop")).sort()).toEqual(["Pulumi.yaml", "import.json", "index.ts", "package.json", "tsconfig.json"]);
  });

  test("a file is refused without --force", async () => {
    fs.writeFileSync(path.join(tmp, "shop"), "mine");
    const r = await adopt([ESTATE, "--out", "shop"], tmp);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("--out shop exists and is not a directory");
    expect(fs.readFileSync(path.join(tmp, "shop"), "utf8")).toBe("mine");
  });

  test("inside a SOURCE it is refused, even with --force, and the next audit of the SOURCE reads only the export", async () => {
    fs.cpSync(ESTATE, path.join(tmp, "estate"), { recursive: true });
    const before = tree(path.join(tmp, "estate"));
    for (const out of ["estate/sub", "estate/sub/deeper", "estate"]) {
      const r = await adopt(["estate", "--out", out, "--force"], tmp);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(`--out ${out} is inside the source estate: the next read of estate would read the generated files.`);
    }
    expect(tree(path.join(tmp, "estate"))).toEqual(before);
    const audit = await runCli(["audit", "estate", "--json", "--fail-on", "none"], { stdout: () => undefined, stderr: () => undefined, cwd: tmp });
    expect(audit).toBe(0);
  });

  test("inside a SOURCE reached through a symbolic link, it is refused", async () => {
    fs.cpSync(ESTATE, path.join(tmp, "estate"), { recursive: true });
    fs.symlinkSync(path.join(tmp, "estate"), path.join(tmp, "link"));
    const r = await adopt(["estate", "--out", "link/sub"], tmp);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("--out link/sub is inside the source estate");
  });

  test("holding a SOURCE it is refused, even with --force, and the SOURCE is kept", async () => {
    fs.cpSync(ESTATE, path.join(tmp, "work", "estate"), { recursive: true });
    const before = tree(tmp);
    const r = await adopt(["work/estate", "--out", "work", "--force"], tmp);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("the source work/estate is inside --out work");
    expect(tree(tmp)).toEqual(before);
  });

  test("a write that fails part-way leaves no directory and no temporary; an existing one is kept", () => {
    const writes: string[] = [];
    let thrown: unknown;
    try {
      runAdoptCommand([ESTATE, "--out", "shop"], tmp, failingFs(3, writes));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({ exitCode: 2, message: expect.stringContaining("cannot write --out shop: ENOSPC") });
    expect(fs.readdirSync(tmp)).toEqual([]);
    // Every write went to a temporary sibling, never to the directory itself.
    expect(writes.length).toBe(3);
    for (const w of writes) expect(path.dirname(path.dirname(w))).toBe(tmp);
    for (const w of writes) expect(path.dirname(w)).not.toBe(path.join(tmp, "shop"));
    fs.mkdirSync(path.join(tmp, "kept"));
    fs.writeFileSync(path.join(tmp, "kept", "index.ts"), "mine");
    expect(() => runAdoptCommand([ESTATE, "--out", "kept", "--force"], tmp, failingFs(2))).toThrow("cannot write --out kept: ENOSPC");
    expect(tree(tmp)).toEqual({ "kept/": "", "kept/index.ts": "mine" });
  });
});

describe("output-files", () => {
  test("a file is published only by its rename: before it, the path does not exist", () => {
    const target = path.join(tmp, "report.txt");
    const seen: boolean[] = [];
    const watching: OutputFs = {
      ...fs,
      writeFileSync: ((file: string, data: string, options?: fs.WriteFileOptions) => {
        expect(path.dirname(file)).toBe(tmp);
        expect(file).not.toBe(target);
        fs.writeFileSync(file, data, options);
        seen.push(fs.existsSync(target));
      }) as typeof fs.writeFileSync,
    };
    writeOutputFile({ option: "--output", path: "report.txt", cwd: tmp, fs: watching }, "all of it");
    expect(seen).toEqual([false]);
    expect(tree(tmp)).toEqual({ "report.txt": "all of it" });
  });

  test("a file taken between the check and the publication is not replaced", () => {
    const target = path.join(tmp, "report.txt");
    const racing: OutputFs = {
      ...fs,
      writeFileSync: ((file: string, data: string, options?: fs.WriteFileOptions) => {
        fs.writeFileSync(file, data, options);
        fs.writeFileSync(target, "someone else's");
      }) as typeof fs.writeFileSync,
    };
    expect(() => writeOutputFile({ option: "--output", path: "report.txt", cwd: tmp, fs: racing }, "mine")).toThrow("--output report.txt exists");
    expect(tree(tmp)).toEqual({ "report.txt": "someone else's" });
  });

  test("a directory is published only by its rename, and a name with a path in it is refused", () => {
    expect(() => writeOutputDirectory({ option: "--out", path: "p", cwd: tmp }, { "a.txt": "a", "../escape.txt": "b" })).toThrow('"../escape.txt" is not a file name');
    expect(fs.readdirSync(tmp)).toEqual([]);
    writeOutputDirectory({ option: "--out", path: "p/q", cwd: tmp }, { "a.txt": "a" });
    expect(tree(tmp)).toEqual({ "p/": "", "p/q/": "", "p/q/a.txt": "a" });
  });
});
