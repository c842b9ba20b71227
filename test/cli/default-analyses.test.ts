import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AnalysisInput, DEFAULT_ANALYSES } from "../../lib/cli/analyses";
import { planAccess, planFindings } from "../../lib/cli/default-analyses";
import { NetworkModel } from "../../lib/model/network";
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

describe("instances and platform rules in the standard sections", () => {
  const input = (network: NetworkModel): AnalysisInput => ({ network, origins: new Map([["sg-app", ["app-from-vault"]]]), groupLabel: (id) => id.replace(/^sg-/, "") });
  const groups = ["a", "b", "c", "d", "e", "f"].map((n) => ({ id: `sg-${n}`, vpcId: "vpc-1", rules: [] }));

  test("too many groups names the instance by its resource", () => {
    const { findings } = planFindings(input({ groups, instances: [{ id: "i-web-1", name: "web-1", privateIp: "10.0.0.5", groups: groups.map((g) => g.id) }] }));
    expect(findings).toContainEqual(expect.objectContaining({ check: "group-quota", instance: "web-1 (i-web-1)", message: expect.stringContaining('"i-web-1" (web-1) joins 6 security groups') }));
  });

  test("a rule naming an enterprise group is left out of the matrix, not its group or the section", () => {
    const network: NetworkModel = {
      groups: [
        { id: "sg-vault", vpcId: "vpc-1", type: "enterprise", rules: [] },
        { id: "sg-app", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "8080/8080", sourceSecurityGroupId: "sg-vault" }, { type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" }] },
      ],
    };
    const access = planAccess(input(network));
    expect(access.error).toBeUndefined();
    expect(access.omitted).toEqual([{ what: "rule app-from-vault of group app", reason: expect.stringContaining("names an enterprise group") }]);
    expect(access.matrix).toContainEqual({ from: "internet", to: "app", allowed: ["tcp:443"] });
  });
});
