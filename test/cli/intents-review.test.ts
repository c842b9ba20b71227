/**
 * Intents in `audit` and `diff`: what the components recognised in an export promise, proved on
 * the export, plus `--intents FILE`; a diff fails when an intent that held before is broken after,
 * whether the change closes or opens.
 */
import * as fs from "fs";
import * as path from "path";
import { scratchDir } from "../scratch";
import { runReviewCommand } from "../../lib/cli/review-commands";
import { validJunit, validSarif } from "./ci-validators";
import { attribute, permission } from "../sources/helpers";

const SOURCES = path.join(__dirname, "..", "sources", "fixtures");

function tmp(files: Record<string, unknown>): string {
  const dir = scratchDir("intents-review-");
  for (const [name, value] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), typeof value === "string" ? value : JSON.stringify(value, null, 2));
  return dir;
}

async function run(argv: string[], cwd = SOURCES) {
  return (await runReviewCommand(argv, cwd)) as { exitCode: number; stdout: string; stderr: string };
}

describe("audit proves what the recognised components promise, and the file's intents", () => {
  test("the recognised database group's promise is broken by a raw rule the component refused: a broken-intent finding with the rule's cloud id", async () => {
    const r = await run(["audit", "ecs", "--json"]);
    const report = JSON.parse(r.stdout);
    const others = report.intents.intents.find((i: { id: string }) => i.id === "DatabaseSecurityGroup/sg/others-to-db");
    expect(others).toMatchObject({ status: "broken", source: "recognised", declaredBy: 'DatabaseSecurityGroup "sg"' });
    expect(others.witness.reason).toMatch(/^tcp:3306 from 192\.168\.10\.\d+ to i-bp1db00000000000001 is allowed: ingress rule 2 of sg-bp1db0000000000001 \[sgr-[a-z0-9]+\] \(accept tcp:3306 from pl-bp1ops00000000001, priority 1\) allows it\.$/);
    expect(report.intents.intents.find((i: { id: string }) => i.id === "DatabaseSecurityGroup/sg/source-to-db").status).toBe("proven");
    const f = report.findings.find((x: { check: string; intentId?: string }) => x.check === "broken-intent");
    expect(f).toMatchObject({ severity: "high", intentId: "DatabaseSecurityGroup/sg/others-to-db", groupId: "sg-bp1db0000000000001" });
    expect(report.gate.failed).toBe(true);
  });

  test("--intents joins the file's intents; an exemption naming the intent acknowledges it; text and SARIF carry the section", async () => {
    const dir = tmp({
      "intents.yaml": "intents:\n  - { id: web-to-db, from: { group: sg-bp1web000000000001 }, to: { tags: { role: none } }, ports: [3306], expect: allow }\n  - { id: no-ssh-from-internet, from: internet, to: { group: sg-web }, ports: [22], expect: deny, because: admins use Workbench }\n",
      "exemptions.yaml": "- { check: broken-intent, rule: DatabaseSecurityGroup/sg/others-to-db, reason: the ops prefix list is reviewed monthly }\n",
    });
    const args = ["audit", "ecs", "--intents", path.join(dir, "intents.yaml"), "--exemptions", path.join(dir, "exemptions.yaml")];
    const report = JSON.parse((await run([...args, "--json"])).stdout);
    const byId = Object.fromEntries(report.intents.intents.map((i: { id: string }) => [i.id, i]));
    expect(byId["web-to-db"]).toMatchObject({ status: "vacuous", notes: ["no group or instance carries role=none"] });
    expect(byId["no-ssh-from-internet"]).toMatchObject({ status: "broken", because: "admins use Workbench" });
    expect(byId["no-ssh-from-internet"].witness.reason).toMatch(/^tcp:22 from \S+ to i-bp1web0000000000001 is allowed: ingress rule 1 of sg-bp1web000000000001 \[sgr-bp1web00000000002\]/);
    expect(byId["DatabaseSecurityGroup/sg/others-to-db"].acknowledged).toEqual({ reason: "the ops prefix list is reviewed monthly", exemption: `${path.join(dir, "exemptions.yaml")}[0]` });
    expect(report.intents.summary).toEqual({ proven: 1, broken: 2, unproven: 0, vacuous: 1 });
    const text = (await run(args)).stdout;
    expect(text).toContain("Intents: 1 proven, 2 broken, 0 unproven, 1 vacuous.");
    expect(text).toContain("[broken] no-ssh-from-internet (deny internet -> group sg-web on 22, from ");
    const log = validSarif((await run([...args, "--format", "sarif"])).stdout);
    expect(log.runs[0].properties?.intents).toBe("1 proven, 2 broken, 0 unproven, 1 vacuous");
    const broken = (log.runs[0].results ?? []).filter((x) => x.ruleId === "broken-intent");
    expect(broken.map((x) => x.suppressions?.length ?? 0).sort()).toEqual([0, 1]);
  });
});

describe("diff fails when an intent that held before is broken after", () => {
  const instances = {
    RequestId: "R",
    RegionId: "cn-hangzhou",
    NextToken: "",
    Instances: {
      Instance: [
        { InstanceId: "i-app", InstanceName: "app-1", SecurityGroupIds: { SecurityGroupId: ["sg-app"] }, VpcAttributes: { PrivateIpAddress: { IpAddress: ["10.0.2.10"] } }, Tags: { Tag: [{ TagKey: "role", TagValue: "app" }] } },
        { InstanceId: "i-db", InstanceName: "db-1", SecurityGroupIds: { SecurityGroupId: ["sg-db"] }, VpcAttributes: { PrivateIpAddress: { IpAddress: ["10.0.3.10"] } }, Tags: { Tag: [{ TagKey: "role", TagValue: "db" }] } },
      ],
    },
  };
  const app = attribute("sg-app", [permission({ SecurityGroupRuleId: "sgr-app1", Direction: "egress", IpProtocol: "TCP", PortRange: "3306/3306", DestGroupId: "sg-db" })], { InnerAccessPolicy: "Drop" });
  const dbRule = permission({ SecurityGroupRuleId: "sgr-db1", Direction: "ingress", IpProtocol: "TCP", PortRange: "3306/3306", SourceGroupId: "sg-app" });
  const opened = permission({ SecurityGroupRuleId: "sgr-db2", Direction: "ingress", IpProtocol: "TCP", PortRange: "5000/5000", SourceCidrIp: "10.9.0.0/16" });
  const side = (dbRules: Record<string, unknown>[]) => tmp({ "instances.json": instances, "sg-app.json": app, "sg-db.json": attribute("sg-db", dbRules, { InnerAccessPolicy: "Drop" }) });
  const before = side([dbRule]);
  const intents = tmp({
    "intents.yaml": `intents:
  - { id: app-reaches-db, from: { tags: { role: app } }, to: { tags: { role: db } }, ports: [3306], expect: allow, because: orders are stored }
  - { id: office-not-to-db-5000, from: "10.9.0.0/16", to: { group: sg-db }, ports: ["tcp:5000"], expect: deny }
`,
  });
  const file = path.join(intents, "intents.yaml");

  test("a change that only closes: the diff passes without intents, and fails at --fail-on high with them, naming the intent and its witness", async () => {
    const after = side([]);
    expect((await run(["diff", before, after])).exitCode).toBe(0);
    const r = await run(["diff", before, after, "--intents", file]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("1 intent(s) held before and are broken after (app-reaches-db)");
    expect(r.stdout).toContain("intents: before 2 proven, 0 broken, 0 unproven; after 1 proven, 1 broken, 0 unproven; broken by the change: 1");
    expect(r.stdout).toMatch(/broken by the change: app-reaches-db \(allow tags role=app -> tags role=db on 3306\) because "orders are stored"\n {4}witness after: tcp:3306 from i-app to i-db is denied: no ingress rule of i-db's group sg-db matches/);
    expect((await run(["diff", before, after, "--intents", file, "--fail-on", "none"])).exitCode).toBe(0);
  });

  test("a change that opens a low region: --fail-on high passes it without intents, and fails on the broken deny-intent; JSON and JUnit say so", async () => {
    const after = side([dbRule, opened]);
    expect((await run(["diff", before, after, "--fail-on", "high"])).exitCode).toBe(0);
    const r = await run(["diff", before, after, "--fail-on", "high", "--intents", file, "--json"]);
    expect(r.exitCode).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.gate).toEqual({ failOn: "high", failed: true });
    expect(report.intents.broken.map((i: { id: string }) => i.id)).toEqual(["office-not-to-db-5000"]);
    expect(report.intents.broken[0].witness.reason).toMatch(/^tcp:5000 from 10\.9\.0\.0 to i-db is allowed: ingress rule 1 of sg-db \[sgr-db2\]/);
    const junit = validJunit((await run(["diff", before, after, "--fail-on", "high", "--intents", file, "--format", "junit"])).stdout);
    expect(junit.testsuites.testsuite?.find((x) => x["@_name"] === "broken-intent")?.["@_failures"]).toBe("1");
  });

  test("an accepted exemption for the intent lets the change through", async () => {
    const after = side([]);
    const ex = tmp({ "exemptions.yaml": "- { check: broken-intent, rule: app-reaches-db, reason: the database moves to a new group }\n" });
    const r = await run(["diff", before, after, "--intents", file, "--exemptions", path.join(ex, "exemptions.yaml"), "--json"]);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).intents.broken[0].acknowledged.reason).toBe("the database moves to a new group");
  });
});
