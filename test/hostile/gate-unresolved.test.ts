/**
 * What cannot be read fails the gate when it could be dangerous: through the command, as CI
 * runs it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "../../lib/cli/run-cli";
import { policyPackConfig, resolveGuardConfig } from "../../lib/policy/guard-config";
import { attribute, permission } from "../sources/helpers";

const SSH = { SecurityGroupRuleId: "sgr-ssh", Direction: "ingress", IpProtocol: "TCP", PortRange: "22/22", SourceCidrIp: "0.0.0.0/0" };

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sg-gate-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes files (name → JSON value, or raw text) into a fresh folder and returns its name. */
let folders = 0;
function estate(files: Record<string, unknown>): string {
  const name = `estate-${++folders}`;
  fs.mkdirSync(path.join(dir, name));
  for (const [file, value] of Object.entries(files)) fs.writeFileSync(path.join(dir, name, file), typeof value === "string" ? value : JSON.stringify(value));
  return name;
}

async function audit(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["audit", ...argv], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir });
  return { code, stdout, stderr };
}

const onlyRule = (fields: Record<string, unknown>) => estate({ "sg-1.json": attribute("sg-1", [permission({ ...SSH, ...fields })]) });

describe("audit of an export whose only rule is world-open SSH", () => {
  test('exits 1 with IpProtocol "TCP " (runCli, which the executable runs: test/cli/bin.test.ts)', async () => {
    const source = onlyRule({ IpProtocol: "TCP " });
    const run = await audit(source, "--json");
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { check: string; severity: string }[]; unresolved: { kind: string; subject: string }[] };
    expect(report.findings).toContainEqual(expect.objectContaining({ check: "public-admin-port", severity: "high" }));
    expect(report.unresolved).toContainEqual(expect.objectContaining({ kind: "trimmed-value", subject: "IpProtocol" }));
  });

  test.each([
    ["priority 0", { Priority: 0 }],
    ["priority 101", { Priority: 101 }],
    ["ports 1/-1", { PortRange: "1/-1" }],
    ["tcp ports -1/-1", { PortRange: "-1/-1" }],
    ["a /33 source", { SourceCidrIp: "0.0.0.0/33" }],
    ["a protocol with a no-break space", { IpProtocol: "TCP\u00a0" }],
    ["no direction", { Direction: "" }],
  ])("that cannot be read (%s) exits 1 with a high unresolved-rule finding", async (_, fields) => {
    const r = await audit(onlyRule(fields), "--json");
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { check: string; severity: string; origin?: { file: string; path: string } }[]; totals: { leftOut: { rules: number } } };
    expect(report.findings).toEqual([expect.objectContaining({ check: "unresolved-rule", severity: "high", origin: expect.objectContaining({ path: "$.Permissions.Permission[0]" }) })]);
    expect(report.totals.leftOut.rules).toBe(1);
  });

  test("an unreadable rule that could open nothing dangerous is low, and fails only --fail-on low", async () => {
    const source = onlyRule({ Direction: "egress", SourceCidrIp: "", DestCidrIp: "0.0.0.0/0", Priority: 0 });
    const r = await audit(source, "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings).toEqual([expect.objectContaining({ check: "unresolved-rule", severity: "low" })]);
    expect((await audit(source, "--fail-on", "low")).code).toBe(1);
  });

  test("is shown in text and Markdown, and acknowledged by an exemption naming its rule id", async () => {
    const source = onlyRule({ Priority: 0 });
    const text = await audit(source);
    expect(text.stdout).toMatch(/\[high\] unresolved-rule sg-1 sgr-ssh: rule sgr-ssh \(.*\) \(ingress accept tcp 22\/22 from 0\.0\.0\.0\/0, priority 0\) is left out of the evaluation: priority must be/);
    expect(text.stdout).toContain("Left out of the evaluation: 1 rule that could not be read");
    expect((await audit(source, "--format", "markdown")).stdout).toMatch(/- \[high\] unresolved-rule sg-1/);
    fs.writeFileSync(path.join(dir, "exemptions.yaml"), "- { check: unresolved-rule, rule: sgr-ssh, reason: a legacy rule the console shows as disabled }\n");
    const ok = await audit(source, "--exemptions", "exemptions.yaml");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("[high, acknowledged: a legacy rule the console shows as disabled] unresolved-rule");
  });
});

describe("a group listed without its rules file", () => {
  const groups = { RegionId: "cn-hangzhou", SecurityGroups: { SecurityGroup: [{ SecurityGroupId: "sg-9", VpcId: "vpc-1", SecurityGroupType: "normal" }] } };

  test("is a high incomplete-input finding, so audit exits 1", async () => {
    const r = await audit(estate({ "groups.json": groups }), "--json");
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings).toEqual([expect.objectContaining({ check: "incomplete-input", severity: "high", groupId: "sg-9", origin: expect.objectContaining({ path: "$.SecurityGroups.SecurityGroup[0]" }) })]);
    expect(report.totals.leftOut.groups).toBe(1);
  });

  test("--allow-incomplete lowers it to low", async () => {
    const r = await audit(estate({ "groups.json": groups }), "--json", "--allow-incomplete");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings).toEqual([expect.objectContaining({ check: "incomplete-input", severity: "low" })]);
  });
});

describe("a file that cannot be read", () => {
  test.each([
    ["not JSON", "{ nope"],
    ["nested 5,000 deep", `{"Permissions":{"Permission":${"[".repeat(5000)}${"]".repeat(5000)}}}`],
  ])("(%s) exits 2, naming the file, with the reader's code in the error JSON", async (_, text) => {
    const source = estate({ "sg-1.json": text });
    const r = await audit(source, "--json");
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ version: 1, error: { code: "invalid-source", message: expect.stringContaining(`${source}/sg-1.json`) } });
    expect(r.stderr).toContain(`${source}/sg-1.json`);
  });
});

describe("the input checks are checks like the others", () => {
  test("the pack's configuration takes them by their camelCase keys", () => {
    const settings = resolveGuardConfig({ unresolvedRule: { enforcementLevel: "advisory", adminPorts: [22, 2222] }, incompleteInput: "disabled", conflictingRuleId: "mandatory" });
    expect(settings.filter((s) => ["unresolved-rule", "incomplete-input", "conflicting-rule-id"].includes(s.info.id)).map((s) => [s.info.id, s.enforcementLevel])).toEqual([
      ["unresolved-rule", "advisory"],
      ["incomplete-input", "disabled"],
      ["conflicting-rule-id", "mandatory"],
    ]);
    expect(policyPackConfig()).toMatchObject({ "unresolved-rule": { enforcementLevel: "mandatory" }, "conflicting-rule-id": { enforcementLevel: "advisory" } });
  });
});
