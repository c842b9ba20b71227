import * as path from "path";
import { runCli } from "../../lib/cli/run-cli";

const SOURCES = path.join(__dirname, "..", "sources", "fixtures");

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: SOURCES });
  return { code, stdout, stderr };
}

describe("alicloud-secgroups audit", () => {
  test("fails on a high finding and prints findings, proposals, reachability, unused groups and drift", async () => {
    const r = await run(["audit", "ecs", "stack.json"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("[high] public-admin-port sg-bp1web000000000001 rules[1] sgr-bp1web00000000002");
    expect(r.stdout).toContain("add tcp 22/22 from 161.117.0.0/16");
    expect(r.stdout).toContain("needs: the addresses your administrators connect from");
    expect(r.stdout).toContain("reachable: tcp:3306 from member of sg-bp1web000000000001");
    expect(r.stdout).toContain("sg-bp1idle00000000001: unused");
    expect(r.stdout).toContain("in the cloud, no code owns it: sg-bp1web000000000001 in-accept-p1-tcp:22-from-0.0.0.0/0 (sgr-bp1web00000000002)");
  });

  test("JSON and Markdown carry the same report; --fail-on none passes", async () => {
    const j = await run(["audit", "ecs", "--json", "--fail-on", "none"]);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ version: 1, report: "audit", region: "cn-hangzhou", gate: { failOn: "none", failed: false } });
    const m = await run(["audit", "ecs", "--format", "markdown", "--fail-on", "none"]);
    expect(m.stdout).toMatch(/^### alicloud-secgroups audit: 3 groups/);
    expect(m.stdout).toContain("#### Proposals");
  });

  test("usage errors exit 2", async () => {
    expect((await run(["audit"])).code).toBe(2);
    expect((await run(["audit", "ecs", "--fail-on", "broadening"])).code).toBe(2);
    expect((await run(["audit", "--help"])).stdout).toMatch(/^Usage: alicloud-secgroups audit \[options\] <source\.\.\.>/);
  });
});

describe("alicloud-secgroups audit --flow-logs", () => {
  const log = path.join(__dirname, "fixtures", "flow-logs", "ssh.jsonl");

  test("attributes the observed SSH to the world-open rule and proposes the two addresses seen, plus Workbench", async () => {
    const r = await run(["audit", "ecs", "--flow-logs", log, "--fail-on", "none"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Flow logs (");
    expect(r.stdout).toMatch(/sg-bp1web000000000001 rule 1: 30 flows/);
    expect(r.stdout).toMatch(/narrows ingress tcp:22 from 0\.0\.0\.0\/0 in sg-bp1web000000000001 \(rule 1\) to 198\.51\.100\.20\/32, 203\.0\.113\.7\/32 and Workbench/);
    expect(r.stdout).toContain("observed flows still admitted: 100 %");
  });

  test("JSON carries the attribution and the proposals", async () => {
    const r = await run(["audit", "ecs", "--json", "--fail-on", "none", "--flow-logs", log]);
    const report = JSON.parse(r.stdout) as { flowLogs: { proposals: { kind: string; added: { cidrIp?: string }[] }[] } };
    const p = report.flowLogs.proposals.find((x) => x.kind === "narrow-peer")!;
    expect(p.added.map((a) => a.cidrIp)).toEqual(expect.arrayContaining(["198.51.100.20/32", "203.0.113.7/32", "161.117.0.0/16", "100.104.0.0/16"]));
  });

  test("a missing flow log is wrong usage", async () => {
    const r = await run(["audit", "ecs", "--flow-logs", "no-such.jsonl"]);
    expect(r.code).toBe(2);
  });
});

describe("alicloud-secgroups adopt", () => {
  test("writes the project and its import file, and refuses a non-empty --out", async () => {
    const fs = await import("fs");
    const out = fs.mkdtempSync(path.join(__dirname, ".adopt-cli-"));
    try {
      const r = await run(["adopt", "ecs", "--out", out]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Adopted 3 groups and \d+ rules into /);
      expect(fs.readdirSync(out).sort()).toEqual(["Pulumi.yaml", "import.json", "index.ts", "package.json", "tsconfig.json"]);
      const again = await run(["adopt", "ecs", "--out", out]);
      expect(again.code).toBe(2);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test("reports the components it calls, what they update in place and what they refused; --raw calls none", async () => {
    const fs = await import("fs");
    const out = fs.mkdtempSync(path.join(__dirname, ".adopt-cli-"));
    const raw = fs.mkdtempSync(path.join(__dirname, ".adopt-cli-"));
    try {
      const r = await run(["adopt", "ecs", "--out", out]);
      // The database group is a DatabaseSecurityGroup, but for the prefix list it admits (which the component refuses).
      expect(r.stdout).toMatch(/DatabaseSecurityGroup "sg" \(sg-bp1db0000000000001\): 2 rules/);
      expect(r.stdout).toMatch(/FLAGGED, kept as raw rules: .*prefixListId/);
      expect(r.stdout).toMatch(/updates in place: .*description/);
      expect(fs.readFileSync(path.join(out, "index.ts"), "utf8")).toMatch(/new DatabaseSecurityGroup\("sg", \{ vpcId: "vpc-bp1example000000001"/);
      const rr = await run(["adopt", "ecs", "--out", raw, "--raw"]);
      expect(rr.code).toBe(0);
      expect(fs.readFileSync(path.join(raw, "index.ts"), "utf8")).not.toMatch(/alicloud-secgroups"/);
      expect(JSON.parse(fs.readFileSync(path.join(raw, "import.json"), "utf8")).resources.every((e: { parent?: string }) => e.parent === undefined)).toBe(true);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
      fs.rmSync(raw, { recursive: true, force: true });
    }
  });

  test("--json gives the report's stable shape, --format markdown a pull-request comment; a bad format is wrong usage", async () => {
    const fs = await import("fs");
    const dirs = [0, 1, 2].map(() => fs.mkdtempSync(path.join(__dirname, ".adopt-cli-")));
    try {
      const j = await run(["adopt", "ecs", "--out", dirs[0], "--json"]);
      expect(j.code).toBe(0);
      const report = JSON.parse(j.stdout);
      expect(report).toMatchObject({ version: 1, groups: 3, rules: 8, rawRules: { "sg-bp1web000000000001": 4 } });
      expect(report.components).toEqual([expect.objectContaining({ component: "DatabaseSecurityGroup", name: "sg", groups: ["sg-bp1db0000000000001"], rules: 2, refused: [expect.stringContaining("prefixListId")] })]);
      const m = await run(["adopt", "ecs", "--out", dirs[1], "--format", "markdown"]);
      expect(m.stdout).toMatch(/^### alicloud-secgroups adopt: 3 groups, 8 rules/);
      expect(m.stdout).toMatch(/\| DatabaseSecurityGroup `sg` \| sg-bp1db0000000000001 \| 2 \| \d+ \| \*\*FLAGGED\*\*/);
      const bad = await run(["adopt", "ecs", "--out", dirs[2], "--format", "yaml"]);
      expect(bad.code).toBe(2);
    } finally {
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
