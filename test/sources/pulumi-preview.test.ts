/**
 * `pulumi preview --json`: the network a program in any language would deploy, read from the
 * engine's planned steps. Fixtures: two captures from Pulumi's own tests, and previews of a
 * YAML and a Python program written to Pulumi's shape (fixtures/preview/README.md).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "../../lib/cli/run-cli";
import { audit } from "../../lib/review/audit";
import { readOneNetwork, readSource, recognise } from "../../lib/sources";
import { FIXTURES, fixtureFiles, jsonFile, refusal } from "./helpers";

type Json = Record<string, any>;
const load = (name: string): Json => JSON.parse(fixtureFiles(`preview/${name}`)[0].text);
const RULE = "alicloud:ecs/securityGroupRule:SecurityGroupRule";
const WEB = "sg-bp1web000000000001";
const SHOP = (type: string, name: string) => `urn:pulumi:prod::shop::${type}::${name}`;

async function cli(argv: string[], cwd = FIXTURES): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, analyses: {} });
  return { code, stdout, stderr };
}

describe("recognition", () => {
  test.each(["pulumi-2019-04-single-resource.json", "pulumi-2019-07-single-resource.json"])("Pulumi's own capture %s is a preview; its stack and dynamic resource hold no network", (name) => {
    const [file] = fixtureFiles(`preview/${name}`);
    expect(recognise(file).format).toBe("pulumi-preview");
    const net = readOneNetwork(name, [file]);
    expect(net.format).toBe("pulumi-preview");
    expect(net.model.groups).toEqual([]);
    expect(net.unresolved).toEqual([]);
  });
});

describe("a YAML program with a world-open SSH rule", () => {
  const SSH = "urn:pulumi:dev::bastion-yaml::alicloud:ecs/securityGroupRule:SecurityGroupRule::ssh-from-anywhere";

  test("audit exits 1, the finding naming the rule by its URN, whose last part is its name in the YAML program", async () => {
    const r = await cli(["audit", "preview/yaml-world-open-ssh.json", "--json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.sources).toEqual([expect.objectContaining({ format: "pulumi-preview" })]);
    const ssh = report.findings.find((f: Json) => f.check === "public-admin-port");
    expect(ssh).toMatchObject({ severity: "high", origin: { file: "preview/yaml-world-open-ssh.json", path: "$.steps[3]", resource: SSH } });
    expect(ssh.origin.resource.split("::").pop()).toBe("ssh-from-anywhere");
    expect((await cli(["audit", "preview/yaml-world-open-ssh.json"])).code).toBe(1);
  });

  test("the README shows what the audit of this preview prints", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sg-preview-"));
    try {
      fs.copyFileSync(path.join(FIXTURES, "preview", "yaml-world-open-ssh.json"), path.join(dir, "preview.json"));
      const r = await cli(["audit", "preview.json"], dir);
      const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
      const shown = /<!-- preview-audit -->\n```text\n\$ alicloud-secgroups audit preview\.json\n([\s\S]*?)```/.exec(readme)?.[1];
      expect(shown).toBeDefined();
      expect(r.stdout.startsWith(shown as string)).toBe(true);
      expect(readme).toContain(`"resource":\n"${SSH}"`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a new group, its id not known yet, is named after the program's resource, and its rules find it through their dependencies", () => {
    const net = readOneNetwork("p", fixtureFiles("preview/yaml-world-open-ssh.json"));
    expect(net.model.groups.map((g) => [g.id, g.name, g.vpcId, g.rules.map((x) => `${x.portRange} ${x.cidrIp}`)])).toEqual([["sg-pending-bastion-sg", "bastion", "vpc-pending", ["22/22 0.0.0.0/0", "443/443 0.0.0.0/0"]]]);
    expect(net.ruleOrigins.get("sg-pending-bastion-sg")?.[0]).toEqual({ file: "preview/yaml-world-open-ssh.json", path: "$.steps[3]", resource: SSH });
  });
});

describe("an existing stack's preview (--show-sames)", () => {
  const net = readOneNetwork("p.json", fixtureFiles("preview/python-update-show-sames.json"));
  const web = net.model.groups.find((g) => g.id === WEB);
  const rulesOf = (id: string) => net.model.groups.find((g) => g.id === id)?.rules.map((r) => `${r.portRange} ${r.cidrIp ?? r.sourceSecurityGroupId} ${r.description}`);

  test("an unchanged (same) group and rule are read as deployed: id, outputs and rule id from the oldState", () => {
    expect(web).toMatchObject({ id: WEB, name: "web", type: "normal", innerAccessPolicy: "Accept", vpcId: "vpc-bp1example000000001" });
    expect(net.ruleOrigins.get(WEB)?.[0]).toEqual({ file: "preview/python-update-show-sames.json", path: "$.steps[2]", resource: SHOP(RULE, "web-https"), ruleId: "sgr-bp1https000000001" });
  });

  test("an update is read from the newState's inputs and keeps its cloud rule id; a replacement has its new ports", () => {
    expect(rulesOf(WEB)).toEqual(["443/443 0.0.0.0/0 HTTPS", "22/22 203.0.113.7/32 SSH from the office (ticket OPS-12)", "8443/8443 10.0.0.0/16 app port"]);
    expect(net.ruleOrigins.get(WEB)?.[1].ruleId).toBe("sgr-bp1office00000001");
  });

  test("a deleted rule is left out of the network as it will be, and listed from its oldState", () => {
    expect(web?.rules.some((r) => r.portRange === "22/22" && r.cidrIp === "0.0.0.0/0")).toBe(false);
    expect(net.unresolved).toContainEqual(expect.objectContaining({ kind: "pending-resource", subject: SHOP(RULE, "web-ssh-world"), effect: expect.stringMatching(/^alicloud:ecs\/securityGroupRule:SecurityGroupRule: deleted by this update/) }));
  });

  test("a secret is never read: the rule is left out with what could be read of it, and the secret is named", () => {
    expect(rulesOf("sg-pending-db-sg")).toEqual([`3306/3306 ${WEB} MySQL from the web tier`]);
    const partner = SHOP(RULE, "db-from-partner");
    expect(net.unresolved).toContainEqual(expect.objectContaining({ kind: "unknown-value", subject: partner, effect: expect.stringMatching(/^cidrIp is a secret in the preview/) }));
    const left = net.unresolved.find((u) => u.rule !== undefined);
    expect(left).toMatchObject({ origin: { resource: partner }, effect: "left out of the evaluation: its cidrIp is not known", rule: { type: "ingress", ipProtocol: "tcp", portRange: "3306/3306" } });
    expect(left?.rule).not.toHaveProperty("cidrIp");
    // The audit weighs it: a database port whose peer could be anything.
    expect(audit([net]).findings).toContainEqual(expect.objectContaining({ check: "unresolved-rule", severity: "high" }));
  });

  test("the order of the steps does not matter", () => {
    const doc = load("python-update-show-sames.json");
    const steps = doc.steps as Json[];
    const canonical = (groups: typeof net.model.groups) => groups.map((g) => JSON.stringify({ ...g, rules: g.rules.map((r) => JSON.stringify(r)).sort() })).sort();
    for (const order of [[...steps].reverse(), [...steps.slice(4), ...steps.slice(0, 4)]]) {
      const other = readOneNetwork("p.json", [jsonFile("p.json", { ...doc, steps: order })]);
      expect(canonical(other.model.groups)).toEqual(canonical(net.model.groups));
    }
  });

  test("--show-replacement-steps: the replacement's three steps are one rule, never a deletion", () => {
    const doc = load("python-update-show-sames.json");
    const replace = (doc.steps as Json[]).find((s) => s.op === "replace") as Json;
    const steps = [...doc.steps, { ...replace, op: "create-replacement", oldState: undefined }, { ...replace, op: "delete-replaced", newState: undefined }];
    const other = readOneNetwork("p.json", [jsonFile("p.json", { ...doc, steps })]);
    expect(other.model.groups.find((g) => g.id === WEB)?.rules.filter((r) => r.cidrIp === "10.0.0.0/16").map((r) => r.portRange)).toEqual(["8443/8443"]);
    expect(other.unresolved.filter((u) => u.subject === replace.urn)).toEqual([]);
  });
});

describe("what a preview cannot say is refused or listed, never guessed", () => {
  test("without --show-sames the unchanged resources are missing: refused, saying how to run the preview", () => {
    const doc = load("python-update-show-sames.json");
    const steps = (doc.steps as Json[]).filter((s) => s.op !== "same" || s.urn.includes("pulumi:pulumi:Stack"));
    const e = refusal(() => readSource([jsonFile("preview.json", { ...doc, steps })]));
    expect([e.code, e.field, e.value]).toEqual(["partial-source", "preview.json $.changeSummary.same", 3]);
    expect(e.message).toMatch(/steps show 1: .* --show-sames.*pulumi preview --json --show-sames > preview\.json/);
  });

  test("a failed preview (an error diagnostic) is refused", () => {
    const doc = { ...load("yaml-world-open-ssh.json"), diagnostics: [{ message: "error: program failed", severity: "info#err" }, { urn: "u", message: "update failed", severity: "error" }] };
    const e = refusal(() => readSource([jsonFile("p.json", doc)]));
    expect([e.code, e.field]).toEqual(["partial-source", "p.json $.diagnostics[1]"]);
  });

  test("a preview without its changeSummary, or with a step that is not one, is refused naming the path", () => {
    const { changeSummary: _, ...doc } = load("yaml-world-open-ssh.json");
    expect(refusal(() => readSource([jsonFile("p.json", doc)])).field).toBe("p.json $.changeSummary");
    expect(refusal(() => readSource([jsonFile("p.json", { ...doc, changeSummary: {}, steps: [{ op: "create" }] })])).field).toBe("p.json $.steps[0]");
  });

  test("a rule whose step carries no state is listed as a rule nothing of which can be read, and fails the gate", () => {
    const doc = load("yaml-world-open-ssh.json");
    const steps = (doc.steps as Json[]).map((s) => (s.urn.endsWith("::https-in") ? { op: s.op, urn: s.urn } : s));
    const net = readOneNetwork("p.json", [jsonFile("p.json", { ...doc, steps })]);
    expect(net.unresolved).toContainEqual({ kind: "unknown-value", subject: steps[4].urn, origin: { file: "p.json", path: "$.steps[4]", resource: steps[4].urn }, effect: "left out of the evaluation: the create step carries no newState to read the rule from", rule: {} });
    expect(audit([net]).findings.filter((f) => f.check === "unresolved-rule").map((f) => f.severity)).toEqual(["high"]);
  });

  test("a rule whose ports are not known yet is left out, with its readable parts", () => {
    const doc = load("yaml-world-open-ssh.json");
    (doc.steps as Json[])[3].newState.inputs.portRange = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const net = readOneNetwork("p.json", [jsonFile("p.json", doc)]);
    expect(net.model.groups[0].rules.map((r) => r.portRange)).toEqual(["443/443"]);
    expect(net.unresolved).toContainEqual(expect.objectContaining({ effect: "left out of the evaluation: its portRange is not known", rule: expect.objectContaining({ cidrIp: "0.0.0.0/0", ipProtocol: "tcp" }) }));
  });
});

test("diff reads a preview as one side", async () => {
  const r = await cli(["diff", path.join("preview", "python-update-show-sames.json"), path.join("preview", "python-update-show-sames.json"), "--json"]);
  expect([r.code, r.stderr]).toEqual([0, ""]);
  expect(JSON.parse(r.stdout)).toMatchObject({ report: "diff", before: { format: "pulumi-preview" }, summary: { opened: 0 } });
});
