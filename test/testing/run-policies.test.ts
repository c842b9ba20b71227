import * as alicloud from "@pulumi/alicloud";
import * as pack from "../../lib/policy";
import * as testing from "../../lib/testing";
import { SECURITY_GROUP_RULE_TYPE, SECURITY_GROUP_TYPE } from "../../lib/model/resource-props";

const { runPolicies, secret, UNKNOWN_AT_PREVIEW } = pack;

const group = { type: SECURITY_GROUP_TYPE, name: "web", inputs: { vpcId: "vpc-1" }, id: "sg-web" };
const rule = (name: string, inputs: Record<string, unknown>) => ({
  type: SECURITY_GROUP_RULE_TYPE,
  name,
  inputs: { securityGroupId: "sg-web", type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0", ...inputs },
});
const policies = (run: pack.PolicyRun, level?: string) => run.diagnostics.filter((d) => level === undefined || d.enforcementLevel === level).map((d) => d.policy);

describe("runPolicies, through @pulumi/policy's own handlers", () => {
  test("smoke: the pinned @pulumi/policy still has the handlers and speaks the engine's shapes", async () => {
    expect(require("@pulumi/policy/package.json").version.replace(/^v/, "")).toBe(pack.PULUMI_POLICY_VERSION);
    const run = await runPolicies({ resources: [group, rule("ssh", {})] });
    expect(run.mandatory.map((d) => [d.policy, d.phase, d.urn])).toEqual([["public-admin-port", "resource", "urn:pulumi:dev::app::alicloud:ecs/securityGroupRule:SecurityGroupRule::ssh"]]);
    expect(run.mandatory[0].message).toMatch(/^Checks that no accepted ingress rule opens an admin port .*\ningress accept tcp:22 from 0\.0\.0\.0\/0/);
    // One finding per problem: world-open SSH is public-admin-port, which names the other check.
    expect(run.mandatory[0].message).toContain("It also fails world-open-non-web.");
    expect(policies(run, "advisory")).toEqual([]);
  });

  test("runs on a capture of a program, levels from createPolicies' config", async () => {
    const capture = await testing.captureStack(() => {
      const g = new alicloud.ecs.SecurityGroup("legacy", { vpcId: "vpc-1" });
      new alicloud.ecs.SecurityGroupRule("db-anywhere", { securityGroupId: g.id, type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", cidrIp: "0.0.0.0/0" });
    });
    const run = await runPolicies(capture, { all: "mandatory" });
    expect(policies(run, "mandatory").sort()).toEqual(["public-database-port"]);
  });

  test("an unknown peer is never silent: an advisory 'cannot verify until deploy', mandatory with the option", async () => {
    const input = { resources: [group, rule("ssh-from-eip", { cidrIp: UNKNOWN_AT_PREVIEW })] };
    const run = await runPolicies(input);
    expect(run.mandatory).toEqual([]);
    expect(run.diagnostics.map((d) => [d.policy, d.enforcementLevel])).toEqual([["unknown-at-preview", "advisory"]]);
    expect(run.diagnostics[0].message).toContain("cannot verify until deploy: the rule's peer (cidrIp) is not known at preview");
    expect(policies((await runPolicies(input, { unknownAtPreview: "mandatory" })), "mandatory")).toEqual(["unknown-at-preview"]);
  });

  test("unknown ports and protocol are named; an unknown group id of a new group is not a finding", async () => {
    const run = await runPolicies({ resources: [rule("r", { ipProtocol: UNKNOWN_AT_PREVIEW, portRange: UNKNOWN_AT_PREVIEW })] });
    expect(run.diagnostics[0].message).toContain("protocol (ipProtocol), ports (portRange) are not known");
    const newGroups = {
      resources: [
        { type: SECURITY_GROUP_TYPE, name: "app", inputs: { vpcId: "vpc-1" } },
        rule("app-from-web", { securityGroupId: UNKNOWN_AT_PREVIEW, cidrIp: undefined, portRange: "8080/8080", sourceSecurityGroupId: UNKNOWN_AT_PREVIEW }),
      ],
    };
    expect((await runPolicies(newGroups)).diagnostics).toEqual([]);
  });

  test("secrets are unwrapped before the policies judge them", async () => {
    const run = await runPolicies({ resources: [group, rule("ssh", { cidrIp: secret("0.0.0.0/0"), description: secret("office") })] });
    expect(policies(run, "mandatory")).toEqual(["public-admin-port"]);
  });

  test("an exemption in the config acknowledges a finding: no violation", async () => {
    const run = await runPolicies({ resources: [group, rule("ssh", {})] }, { publicAdminPort: { exemptions: [{ check: "public-admin-port", rule: "ssh", reason: "honeypot" }] }, worldOpenNonWeb: "disabled" });
    expect(run.diagnostics).toEqual([]);
  });
});
