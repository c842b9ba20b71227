import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "../../lib/cli/run-cli";

const SOURCES = path.join(__dirname, "..", "sources", "fixtures");

async function run(argv: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { code, stdout, stderr };
}

/** A copy of the ECS fixture with one world-open MySQL accept added to sg-db, and SSH removed from sg-web. */
function changedExport(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(path.join(SOURCES, "ecs"))) fs.copyFileSync(path.join(SOURCES, "ecs", f), path.join(dir, f));
  const db = path.join(dir, "sg-bp1db0000000000001.page2.json");
  const doc = JSON.parse(fs.readFileSync(db, "utf8"));
  doc.Permissions.Permission.push({ ...doc.Permissions.Permission[0], SecurityGroupRuleId: "sgr-bp1dbnew000000001", SourcePrefixListId: "", SourceCidrIp: "0.0.0.0/0", Priority: "1" });
  fs.writeFileSync(db, JSON.stringify(doc));
  const web = path.join(dir, "sg-bp1web000000000001.json");
  const w = JSON.parse(fs.readFileSync(web, "utf8"));
  w.Permissions.Permission = w.Permissions.Permission.filter((p: { SecurityGroupRuleId: string }) => p.SecurityGroupRuleId !== "sgr-bp1web00000000002");
  fs.writeFileSync(web, JSON.stringify(w));
}

describe("alicloud-secgroups diff", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "secgroups-diff-"));
  beforeAll(() => {
    fs.cpSync(path.join(SOURCES, "ecs"), path.join(tmp, "before"), { recursive: true });
    changedExport(path.join(tmp, "after"));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test("fails on a broadening, and the Markdown names the region, the rule before and after, and an example flow", async () => {
    const r = await run(["diff", "before", "after", "--format", "markdown"], tmp);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("| opened | high | 0.0.0.0/0 except 192.168.10.0/24, 192.168.11.5/32 | i-bp1db00000000000001 | tcp:3306 | sg-bp1db0000000000001 in-drop-p100-tcp:3306-from-0.0.0.0/0 [sgr-bp1db000000000002] | sg-bp1db0000000000001 in-accept-p1-tcp:3306-from-0.0.0.0/0 [sgr-bp1dbnew000000001] |");
    expect(r.stdout).toContain("`tcp 0.0.0.0 -> i-bp1db00000000000001:3306 now allowed`");
    expect(r.stdout).toMatch(/\| closed \|  \| 0\.0\.0\.0\/0 \| i-bp1web0000000000001 \| tcp:22 \|/);
    expect(r.stdout).toContain("both: port-list prl-bp1admin0000000001");
    expect(r.stderr).toMatch(/--fail-on broadening/);
  });

  test("JSON: a stable shape with version, gate and regions; the same bytes on every run", async () => {
    const a = await run(["diff", "before", "after", "--json", "--fail-on", "none"], tmp);
    const b = await run(["diff", "before", "after", "--json", "--fail-on", "none"], tmp);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const report = JSON.parse(a.stdout);
    expect(report).toMatchObject({ version: 1, report: "diff", before: { source: "before", format: "ecs-api" }, gate: { failOn: "none", failed: false } });
    expect(report.summary.opened).toBeGreaterThan(0);
    expect(report.regions[0].after.origin).toEqual({ file: "after/sg-bp1db0000000000001.page2.json", path: "$.Permissions.Permission[3]", ruleId: "sgr-bp1dbnew000000001", createTime: "2024-05-01T10:01:00Z" });
  });

  test("--fail-on high: the reverse change reopens world SSH and fails; identical sides pass", async () => {
    const r = await run(["diff", "after", "before", "--fail-on", "high"], tmp);
    expect(r.stdout).toMatch(/opened \[high\]: tcp:22 from 0\.0\.0\.0\/0 to i-bp1web0000000000001/);
    expect(r.code).toBe(1);
    const same = await run(["diff", "before", "before"], tmp);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/0 regions opened; 0 closed/);
  });

  test("an exemption accepts the broadening with its reason; a stale one is reported", async () => {
    fs.writeFileSync(path.join(tmp, "exemptions.yaml"), "- diff: broadening\n  rule: sgr-bp1dbnew000000001\n  reason: migration window, ticket OPS-12\n- diff: broadening\n  rule: sgr-gone\n  reason: old\n");
    const r = await run(["diff", "before", "after", "--exemptions", "exemptions.yaml", "--format", "markdown"], tmp);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("accepted: migration window, ticket OPS-12");
    expect(r.stdout).toContain("**Stale exemptions**");
  });

  test("usage errors and a bad input exit 2, a bad input with error JSON naming the file", async () => {
    expect((await run(["diff", "before"], tmp)).code).toBe(2);
    expect((await run(["diff", "before", "nowhere"], tmp)).code).toBe(2);
    expect((await run(["diff", "before", "after", "--fail-on", "sometimes"], tmp)).code).toBe(2);
    fs.writeFileSync(path.join(tmp, "bad.json"), JSON.stringify({ Code: "Forbidden.RAM", Message: "User not authorized", RequestId: "R" }));
    const r = await run(["diff", "before", "bad.json", "--json"], tmp);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ version: 1, error: { code: "invalid-source", message: expect.stringContaining("bad.json $.Code") } });
  });

  test("compares a plan with itself, and a stack export with a Terraform state", async () => {
    expect((await run(["diff", "plan-three-tier.json", "plan-three-tier.json"], SOURCES)).code).toBe(0);
    const r = await run(["diff", "stack.json", "show.json", "--fail-on", "none"], SOURCES);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/opened \[high\]: tcp:22 from 0\.0\.0\.0\/0 to i-bp1web0000000000001/);
    expect(r.stdout).toMatch(/closed: tcp:443 from 0\.0\.0\.0\/0 to i-bp1web0000000000001/);
  });
});
