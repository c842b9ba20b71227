import * as path from "path";
import { DEFAULT_ANALYSES } from "../../lib/cli/analyses";
import { FindingReport, PlanReport } from "../../lib/cli/report";
import { findingsAtLevel } from "../../lib/cli/run-cli";
import { FIXTURES, cli } from "./helpers";

const json = (stdout: string) => JSON.parse(stdout) as PlanReport;

describe("plan never fails silently", () => {
  test("a failed data source feeding a resource that another waits on exits 2 naming the data source and what waits", async () => {
    const run = await cli(["plan", "ds-chain"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("data source std:index:cidrsubnet (std.cidrsubnet) failed: cannot extend the prefix /30 of 10.0.0.0/30 by 8 bits");
    expect(run.stderr).toContain("Left waiting on it: vsw (alicloud:vpc/switch:Switch, index.ts:");
    expect(run.stderr).toMatch(/web-1 \(alicloud:ecs\/instance:Instance, index\.ts:\d+\)\./);
    expect(run.stderr).not.toContain("promises were still active");
  });

  test("an apply callback that throws exits 2 with the program's file and line", async () => {
    const run = await cli(["plan", "apply-throws"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/an apply callback threw TypeError: Cannot read properties of undefined \(reading 'join'\) at index\.ts:\d+:\d+\. Left waiting on it: web-ssh/);
  });

  test("a program that never finishes registering stops after the bounded wait and lists what is pending", async () => {
    const run = await cli(["plan", "never-finishes", "--timeout", "0.3"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/did not finish registering its resources within 0\.3 s; still pending: web \(alicloud:ecs\/securityGroup:SecurityGroup, index\.ts:\d+\), web-https \(alicloud:ecs\/securityGroupRule:SecurityGroupRule, index\.ts:\d+\)\./);
  });

  test("with --json a failure still prints { version, error: { code, message } } on stdout", async () => {
    const run = await cli(["plan", "ds-chain", "--json"]);
    expect(run.code).toBe(2);
    const out = JSON.parse(run.stdout);
    expect(out).toEqual({ version: 1, error: { code: "data-source-failed", message: expect.stringContaining("std:index:cidrsubnet") } });
    const usage = await cli(["plan", "--json", "--nope"]);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toEqual({ version: 1, error: { code: "usage", message: expect.stringContaining("unknown option '--nope'") } });
  });
});

describe("values only the cloud knows", () => {
  test("computed outputs read as typed placeholders, programs compute on them, and rules built from them are assumed", async () => {
    const run = await cli(["plan", "computed", "--json"]);
    expect(run.code).toBe(0);
    const report = json(run.stdout);
    expect(report.exports.ipv6Prefix).toMatch(/^2001:db8:[0-9a-f]+$/);
    const rule = report.groups.find((g) => g.label === "bastion")?.rules[0];
    expect(rule).toMatchObject({ resource: "from-eip", assumed: true, peer: { kind: "ipv4", value: expect.stringMatching(/^203\.0\.113\.\d+\/32$/) } });
    expect(report.groups.find((g) => g.label === "bastion")?.vpcId).toBe("vpc-placeholder");
    const subjects = report.assumed.map((a) => `${a.kind} ${a.resource ?? ""} ${a.subject} ${a.from}`);
    expect(subjects).toEqual(
      expect.arrayContaining([
        "data-source  alicloud:index/getZones:getZones placeholder",
        "data-source  alicloud:vpc/getNetworks:getNetworks placeholder",
        "output eip alicloud:ecs/eipAddress:EipAddress.ipAddress placeholder",
        "output vpc alicloud:vpc/network:Network.ipv6CidrBlock placeholder",
      ]),
    );
    const text = await cli(["plan", "computed"]);
    expect(text.stdout).toMatch(/Assumed, not measured \(\d+\):/);
    expect(text.stdout).toMatch(/203\.0\.113\.\d+\/32 \(assumed\)/);
  });

  test("--answers overrides data sources (by token, per arguments) and computed outputs", async () => {
    const run = await cli(["plan", "answers", "--json", "--answers", path.join(FIXTURES, "answers", "answers.yaml")]);
    expect(run.code).toBe(0);
    const report = json(run.stdout);
    expect(report.exports.zone).toBe("cn-shanghai-b");
    expect(report.groups[0]).toMatchObject({ label: "web", vpcId: "vpc-prod" });
    expect(report.groups[0].rules[0]).toMatchObject({ peer: { value: "198.51.100.20/32" }, assumed: true });
    expect(report.assumed.map((a) => [a.subject, a.from])).toEqual([
      ["alicloud:ecs/eipAddress:EipAddress.ipAddress", "answers"],
      ["alicloud:index/getZones:getZones", "answers"],
      ["alicloud:vpc/getNetworks:getNetworks", "answers"],
    ]);
  });

  test("a malformed answers file is refused naming the entry", async () => {
    const run = await cli(["plan", "answers", "--answers", path.join(FIXTURES, "answers", "index.ts")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--answers .*index\.ts/);
  });

  test("exports that form a cycle or never resolve are printed, not hung on", async () => {
    const run = await cli(["plan", "cycle-export", "--json", "--timeout", "0.3"]);
    expect(run.code).toBe(0);
    expect(json(run.stdout).exports).toEqual({ graph: { id: "sg-web", self: "[Circular]" }, never: "<unknown>" });
  });
});

describe("instances in the plan", () => {
  test("instances, interfaces, templates and scaling configurations with their groups and public address, in JSON and text", async () => {
    const run = await cli(["plan", "instances", "--json", "--fail-on", "none"], { analyses: DEFAULT_ANALYSES });
    expect(run.code).toBe(0);
    const report = json(run.stdout);
    // Each is located in the program (source-location tests check where).
    const at = { location: { uri: "index.ts", line: expect.any(Number), column: expect.any(Number) } };
    expect(report.instances).toEqual([
      { name: "app-1", id: "i-app-1", kind: "instance", privateIp: "10.0.2.10", publicIp: expect.stringMatching(/^203\.0\.113\.\d+$/), groups: ["app"], ...at },
      { name: "app-nic (on app-1)", id: "eni-app-nic", kind: "network-interface", privateIp: "10.0.2.11", publicIp: false, groups: ["web"], ...at },
      { name: "app-scaling", id: "asc-app-scaling", kind: "scaling-configuration", privateIp: expect.stringMatching(/^10\./), publicIp: false, groups: ["app"], ...at },
      { name: "mixed-1", id: "i-mixed-1", kind: "instance", privateIp: expect.stringMatching(/^10\./), publicIp: false, groups: ["app", "vault"], ...at },
      { name: "web-1", id: "i-web-1", kind: "instance", privateIp: expect.stringMatching(/^10\./), publicIp: expect.stringMatching(/^203\.0\.113\.\d+$/), groups: ["web"], ...at },
      { name: "web-template", id: "lt-web-template", kind: "launch-template", privateIp: expect.stringMatching(/^10\./), publicIp: true, groups: ["web"], ...at },
    ]);
    // The API refuses the mix: the checks report it as invalid-rule, naming the instance.
    expect(report.findings).toContainEqual(expect.objectContaining({ check: "invalid-rule", severity: "high", instance: "mixed-1 (i-mixed-1)", message: expect.stringContaining("mix basic and enterprise groups") }));
    // The instance that breaks a platform rule is left out of the matrix, never the whole section.
    expect(report.access?.error).toBeUndefined();
    expect(report.access?.matrix.length).toBeGreaterThan(0);
    expect(report.access?.omitted).toEqual([{ what: "instance mixed-1 (i-mixed-1)", reason: expect.stringContaining("mix basic and enterprise groups") }]);
    const text = await cli(["plan", "instances", "--fail-on", "none"], { analyses: DEFAULT_ANALYSES });
    expect(text.stdout).toContain("Instances (6):");
    expect(text.stdout).toMatch(/web-1 +instance +10\.\S+ +203\.0\.113\.\d+ +web/);
    expect(text.stdout).toContain("left out: instance mixed-1 (i-mixed-1)");
  });
});

describe("--fail-on", () => {
  const findings: FindingReport[] = [
    { check: "world-open-non-web", severity: "medium", message: "m" },
    { check: "shadowed-rule", severity: "low", message: "l" },
  ];

  test.each([
    ["high", 0],
    ["medium", 1],
    ["low", 2],
    ["none", 0],
  ] as const)("--fail-on %s counts %d of a medium and a low finding", (level, n) => {
    expect(findingsAtLevel(findings, level)).toHaveLength(n);
  });

  test("the exit code follows the worst finding at or above the level; the default is high", async () => {
    const byDefault = await cli(["plan", "instances"], { analyses: DEFAULT_ANALYSES });
    expect(byDefault.code).toBe(1);
    expect(byDefault.stderr).toMatch(/at or above --fail-on high \(worst: high\)/);
    const none = await cli(["plan", "instances", "--fail-on", "none"], { analyses: DEFAULT_ANALYSES });
    expect(none.code).toBe(0);
    const mediumOnly = await cli(["plan", "web-db"], { analyses: DEFAULT_ANALYSES });
    expect(mediumOnly.code).toBe(0);
  });

  test("an unknown level is a usage error", async () => {
    const run = await cli(["plan", "web-db", "--fail-on", "extreme"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Allowed choices are high, medium, low, none");
  });
});

describe("stacks", () => {
  test("-s NAME without Pulumi.NAME.yaml warns", async () => {
    const run = await cli(["plan", "web-db", "-s", "staging"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("warning: no Pulumi.staging.yaml in web-db");
  });
});
