/**
 * The README's adoption walk-through, as it really runs: the report it shows is the command's,
 * and the program it writes, planned and diffed against the export, changes no access and
 * registers exactly what the import file names.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runAdoptCommand } from "../../lib/cli/adopt";
import { planProject } from "../../lib/cli/plan";
import { loadSourceFiles } from "../../lib/cli/source-files";
import { accessDiff } from "../../lib/review/access-diff";
import { readSource } from "../../lib/sources/read-sources";
import { ImportEntry } from "../../lib/review/adopt";
import { importedNames, inExportIds, registeredNames } from "./adopted-plan";

const ROOT = path.join(__dirname, "..", "..");
const ESTATE = path.join(ROOT, "docs", "estate");

describe("README: adopting an example estate, end to end", () => {
  let cwd: string;
  beforeAll(() => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-readme-"));
  });
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  test("the report shown is the command's", () => {
    const r = runAdoptCommand([ESTATE, "--out", "shop"], cwd);
    expect(r.exitCode).toBe(0);
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const shown = /<!-- adopt-report -->\n```\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(shown).toBe(r.stdout);
    const program = fs.readFileSync(path.join(cwd, "shop", "index.ts"), "utf8");
    // `npm run typecheck` compiles this copy against the package and the provider SDK; UPDATE_ADOPTED=1 rewrites it.
    const typed = path.join(__dirname, "adopted", "estate.ts");
    if (process.env.UPDATE_ADOPTED === "1") fs.writeFileSync(typed, program);
    expect(fs.readFileSync(typed, "utf8")).toBe(program);
    for (const line of /`shop\/index.ts`[^`]*```ts\n([\s\S]*?)```/.exec(readme)![1].trim().split("\n")) expect(program).toContain(line);
  });

  /** Plans a written project against this checkout's components and diffs it with the export. */
  async function planned(project: string): Promise<{ summary: { opened: number; closed: number }; imports: string[]; registered: string[] }> {
    // One directory per project: under jest, a program already loaded from a path is not loaded again.
    const dir = path.join(ROOT, "test", "review", `.adopt-readme-${process.pid}-${project}`);
    fs.mkdirSync(dir, { recursive: true });
    try {
      for (const f of fs.readdirSync(path.join(cwd, project))) fs.copyFileSync(path.join(cwd, project, f), path.join(dir, f));
      const index = path.join(dir, "index.ts");
      fs.writeFileSync(index, fs.readFileSync(index, "utf8").replace(`from "alicloud-secgroups"`, `from ${JSON.stringify(path.relative(dir, path.join(ROOT, "lib")))}`));
      const { capture } = await planProject({ dir, cwd: dir });
      const imports: ImportEntry[] = JSON.parse(fs.readFileSync(path.join(dir, "import.json"), "utf8")).resources;
      const exported = readSource(loadSourceFiles(ESTATE, "."))[0].model;
      return { summary: accessDiff(exported, inExportIds(capture, imports, exported)).summary, imports: importedNames(imports), registered: registeredNames(capture) };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test("the program it writes changes no access, and registers what the import file names", async () => {
    const p = await planned("shop");
    expect(p.summary).toMatchObject({ opened: 0, closed: 0 });
    expect(p.imports).toEqual(p.registered);
  });

  test("--tighten: Workbench's public range replaces the world-open SSH, and the plan only closes", async () => {
    expect(runAdoptCommand([ESTATE, "--out", "tight", "--tighten"], cwd).exitCode).toBe(0);
    expect(fs.readFileSync(path.join(cwd, "tight", "index.ts"), "utf8")).toMatch(/new WorkbenchAccess\("shop-web-workbench", \{ securityGroupId: shop\.web\.id, via: "both" \}/);
    const p = await planned("tight");
    expect(p.summary.opened).toBe(0);
    expect(p.summary.closed).toBeGreaterThan(0);
  });
});
