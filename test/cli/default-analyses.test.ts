import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_ANALYSES } from "../../lib/cli/analyses";
import { PlanReport } from "../../lib/cli/report";
import { FIXTURES, cli } from "./helpers";

describe("the plan's standard sections", () => {
  test("report findings and who can reach what for the web-db fixture", async () => {
    const run = await cli(["plan", "web-db", "--json"], { analyses: DEFAULT_ANALYSES });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as PlanReport;
    expect(report.findings).toEqual([]);
    const rows = Object.fromEntries(report.access!.matrix.map((e) => [`${e.from} -> ${e.to}`, e.allowed]));
    expect(rows["internet -> web"]).toEqual(["tcp:443"]);
    expect(rows["web -> database"]).toEqual(["tcp:3306"]);
    expect(rows["internet -> database"]).toBeUndefined();
  });

  test("the text prints both sections and --diagram writes Mermaid", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sg-standard-"));
    try {
      const run = await cli(["plan", path.join(FIXTURES, "web-db"), "--diagram", "access.mmd"], { cwd: dir, analyses: DEFAULT_ANALYSES });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("Findings: none.");
      expect(run.stdout).toMatch(/Who can reach what:\n\s+FROM\s+TO\s+ALLOWED/);
      expect(run.stdout).toMatch(/internet\s+web\s+tcp:443/);
      const diagram = fs.readFileSync(path.join(dir, "access.mmd"), "utf8");
      expect(diagram.startsWith("flowchart LR\n")).toBe(true);
      expect(diagram).toMatch(/-->\|"tcp:443"\|/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
