/**
 * The README's adoption walk-through, as it really runs, in process: the report it shows is the
 * command's, ending in adopt's own proof; the three commands (adopt, plan --ids, diff) show no
 * change; and the program it writes registers exactly what the import file names.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runReviewCommand } from "../../lib/cli/review-commands";
import { CommandResult } from "../../lib/cli/diff";

const runAdopt = async (argv: string[], cwd: string): Promise<CommandResult> => (await runReviewCommand(["adopt", ...argv], cwd)) as CommandResult;
import { ownPackagesLoader } from "../../lib/cli/load-program";
import { planProject, readIds } from "../../lib/cli/plan";
import { runCli } from "../../lib/cli/run-cli";
import { ImportEntry } from "../../lib/review/adopt";
import { importedNames, registeredNames } from "./adopted-plan";

const ROOT = path.join(__dirname, "..", "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

/** Runs the command in process from `cwd`; the program's packages are this package's own, as `npm install` in the project would give. */
async function command(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, loader: ownPackagesLoader });
  return { code, stdout, stderr };
}

describe("README: adopting an example estate, end to end", () => {
  let cwd: string;
  beforeAll(() => {
    // The walk-through's paths as typed: docs/estate, shop, plan.json.
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-readme-"));
    fs.cpSync(path.join(ROOT, "docs", "estate"), path.join(cwd, "docs", "estate"), { recursive: true });
  });
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  test("the report shown is the command's, ending in its proof, made within 10 s", async () => {
    const started = Date.now();
    const r = await runAdopt(["docs/estate", "--out", "shop"], cwd);
    expect(Date.now() - started).toBeLessThan(10000);
    expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: "" });
    expect(r.stdout).toContain("\nthe program owns exactly the export: 0 regions opened, 0 closed\nNext: ");
    const shown = /<!-- adopt-report -->\n```\n([\s\S]*?)```/.exec(README)?.[1];
    expect(shown).toBe(r.stdout);
    const program = fs.readFileSync(path.join(cwd, "shop", "index.ts"), "utf8");
    // `npm run typecheck` compiles this copy against the package and the provider SDK; UPDATE_ADOPTED=1 rewrites it.
    const typed = path.join(__dirname, "adopted", "estate.ts");
    if (process.env.UPDATE_ADOPTED === "1") fs.writeFileSync(typed, program);
    expect(fs.readFileSync(typed, "utf8")).toBe(program);
    for (const line of /`shop\/index.ts`[^`]*```ts\n([\s\S]*?)```/.exec(README)![1].trim().split("\n")) expect(program).toContain(line);
  });

  test("the three commands of the README: adopt, plan --ids, diff show no change", async () => {
    const shown = /```sh\n(alicloud-secgroups adopt docs\/estate --out shop .*?)```/s.exec(README)?.[1] ?? "";
    const commands = shown.split("\n").filter((l) => l.startsWith("alicloud-secgroups ")).map((l) => l.replace(/\s+#.*$/, ""));
    expect(commands).toEqual(["alicloud-secgroups adopt docs/estate --out shop", "alicloud-secgroups plan shop --ids shop/import.json --json --fail-on none > plan.json", "alicloud-secgroups diff docs/estate plan.json"]);
    const plan = await command(["plan", "shop", "--ids", "shop/import.json", "--json", "--fail-on", "none"], cwd);
    expect(plan.code).toBe(0);
    fs.writeFileSync(path.join(cwd, "plan.json"), plan.stdout);
    const diff = await command(["diff", "docs/estate", "plan.json"], cwd);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toMatch(/^diff docs\/estate -> plan\.json: 0 regions opened; 0 closed;/);
    expect(/<!-- adopt-diff -->\n```\n([\s\S]*?)```/.exec(README)?.[1]).toBe(diff.stdout);
    expect(diff.stderr).toMatch(/the plan declares none of the other source's 4 instances/);
    // Without --ids the plan's ids are made up, and the diff shows it.
    const mock = await command(["plan", "shop", "--json", "--fail-on", "none"], cwd);
    expect(mock.stderr).toContain("pass --ids shop/import.json");
    fs.writeFileSync(path.join(cwd, "mock.json"), mock.stdout);
    expect((await command(["diff", "docs/estate", "mock.json"], cwd)).stdout).toMatch(/^diff docs\/estate -> mock\.json: [1-9]\d* regions opened \(\d+ high[^)]*\); [1-9]\d* closed/);
  });

  test("the program it writes registers what the import file names", async () => {
    const { capture } = await planProject({ dir: path.join(cwd, "shop"), cwd, loader: ownPackagesLoader, ids: readIds("shop/import.json", cwd) });
    const imports: ImportEntry[] = JSON.parse(fs.readFileSync(path.join(cwd, "shop", "import.json"), "utf8")).resources;
    expect(importedNames(imports)).toEqual(registeredNames(capture));
  });

  test("--tighten: Workbench's public range replaces the world-open SSH, and the proof shows closures only", async () => {
    const r = await runAdopt(["docs/estate", "--out", "tight", "--tighten"], cwd);
    expect(r.exitCode).toBe(0);
    expect(fs.readFileSync(path.join(cwd, "tight", "index.ts"), "utf8")).toMatch(/new WorkbenchAccess\("shop-web-workbench", \{ securityGroupId: shop\.web\.id, via: "both" \}/);
    expect(r.stdout).toMatch(/\nthe program owns the export with --tighten's replacements: 0 regions opened, [1-9]\d* closed; pulumi up revokes 1 imported rule \(shop-web-in-accept-p1-tcp:22-from-0\.0\.0\.0\/0\) and creates 1/);
  });

  test("--no-verify writes the same project without the proof", async () => {
    const r = await runAdopt(["docs/estate", "--out", "unproved", "--no-verify"], cwd);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toContain("the program owns");
    expect(fs.readFileSync(path.join(cwd, "unproved", "index.ts"), "utf8")).toBe(fs.readFileSync(path.join(cwd, "shop", "index.ts"), "utf8"));
  });
});
