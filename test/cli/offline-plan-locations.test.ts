/**
 * Where the program constructed each resource: the plan report carries it for groups, rules,
 * instances and findings, as the program's own file (relative to the project, `/`-separated)
 * and the line and column of the `new`, in the TypeScript file as written (the command compiles
 * the program with ts-node, which source-maps every frame).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_ANALYSES } from "../../lib/cli/analyses";
import { PlanReport } from "../../lib/cli/report";
import { FIXTURES, cli } from "./helpers";

const REPO = path.join(__dirname, "..", "..");

/** The 1-based line and column of the first `needle` in a fixture file. */
function positionIn(file: string, needle: string): { line: number; column: number } {
  const lines = fs.readFileSync(path.join(FIXTURES, file), "utf8").split("\n");
  const line = lines.findIndex((l) => l.includes(needle));
  expect(line).toBeGreaterThanOrEqual(0);
  return { line: line + 1, column: lines[line].indexOf(needle) + 1 };
}

describe("source locations in the plan", () => {
  test("run as the command runs (ts-node): a raw world-open SSH rule and its finding are at the line of `new alicloud.ecs.SecurityGroupRule(` in the .ts file; a group built in another module is there; an instance at its own line", () => {
    const result = spawnSync(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", "lib/cli/main.ts", "plan", "test/cli/fixtures/located", "--json", "--fail-on", "none"], {
      cwd: REPO,
      encoding: "utf8",
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "1" },
    });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
    const report = JSON.parse(result.stdout) as PlanReport;
    const ssh = { uri: "index.ts", ...positionIn("located/index.ts", "new alicloud.ecs.SecurityGroupRule(") };
    const bastion = report.groups.find((g) => g.label === "bastion");
    expect(bastion?.rules.find((r) => r.resource === "bastion-ssh")?.location).toEqual(ssh);
    expect((report.findings ?? []).find((f) => f.rule === "bastion-ssh" && f.check === "public-admin-port")?.location).toEqual(ssh);
    expect(bastion?.location).toEqual({ uri: "network/bastion.ts", ...positionIn("located/network/bastion.ts", "new alicloud.ecs.SecurityGroup(") });
    expect(report.instances.find((i) => i.name === "bastion-host")?.location).toEqual({ uri: "index.ts", ...positionIn("located/index.ts", "new alicloud.ecs.Instance(") });
  });

  test("in process: every group, rule, instance and finding is located in the program's own files, relative and /-separated", async () => {
    const run = await cli(["plan", "located", "--json", "--fail-on", "none"], { analyses: DEFAULT_ANALYSES });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as PlanReport;
    const located = [...report.groups, ...report.groups.flatMap((g) => g.rules), ...report.instances, ...(report.findings ?? [])];
    expect(located.length).toBeGreaterThan(3);
    for (const entry of located) {
      expect(entry.location).toEqual({ uri: expect.stringMatching(/^(index\.ts|network\/bastion\.ts)$/), line: expect.any(Number), column: expect.any(Number) });
    }
  });
});
