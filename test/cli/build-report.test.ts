import * as alicloud from "@pulumi/alicloud";
import { buildReport } from "../../lib/cli/build-report";
import { PlanReport } from "../../lib/cli/report";
import { captureStack } from "../../lib/testing/capture-network";

const SOURCE = { project: "p", stack: "dev", program: "index.ts" };

async function plan(program: () => unknown): Promise<PlanReport> {
  return buildReport(await captureStack(program, { project: "p" }), SOURCE);
}

describe("buildReport", () => {
  test("names groups by securityGroupName, else by resource name, and tells apart groups sharing a name", async () => {
    const report = await plan(() => {
      new alicloud.ecs.SecurityGroup("a", { vpcId: "vpc-1", securityGroupName: "shared" });
      new alicloud.ecs.SecurityGroup("b", { vpcId: "vpc-1", securityGroupName: "shared" });
      new alicloud.ecs.SecurityGroup("unnamed", { vpcId: "vpc-1" });
    });
    expect(report.groups.map((g) => [g.label, g.id])).toEqual([
      ["shared (a)", "sg-a"],
      ["shared (b)", "sg-b"],
      ["unnamed", "sg-unnamed"],
    ]);
  });

  test("orders rules as they are evaluated: ingress first, best priority first, drop before accept on a tie", async () => {
    const report = await plan(() => {
      const g = new alicloud.ecs.SecurityGroup("g", { vpcId: "vpc-1" });
      const rule = (name: string, args: Omit<alicloud.ecs.SecurityGroupRuleArgs, "securityGroupId">) => new alicloud.ecs.SecurityGroupRule(name, { securityGroupId: g.id, ...args });
      rule("out", { type: "egress", ipProtocol: "all", cidrIp: "0.0.0.0/0" });
      rule("deny-late", { type: "ingress", ipProtocol: "all", cidrIp: "0.0.0.0/0", policy: "drop", priority: 100 });
      rule("ssh", { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "10.0.0.1" });
      rule("deny-ssh", { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0", policy: "drop" });
      rule("http", { type: "ingress", ipProtocol: "tcp", portRange: "80/80", cidrIp: "0.0.0.0/0" });
      rule("dns", { type: "ingress", ipProtocol: "udp", portRange: "53/53", cidrIp: "10.0.0.0/8" });
    });
    expect(report.groups[0].rules.map((r) => r.resource)).toEqual(["deny-ssh", "ssh", "http", "dns", "deny-late", "out"]);
    expect(report.totals).toEqual({ groups: 1, rules: 6, ingress: 5, egress: 1, invalid: 0 });
  });

  test("fills the provider's defaults and shows CIDRs canonically", async () => {
    const report = await plan(() => {
      const g = new alicloud.ecs.SecurityGroup("g", { vpcId: "vpc-1" });
      new alicloud.ecs.SecurityGroupRule("host-bits", { securityGroupId: g.id, type: "ingress", ipProtocol: "tcp", portRange: "1/65535", cidrIp: "10.159.6.18/12" });
    });
    expect(report.groups[0].rules).toEqual([
      { resource: "host-bits", direction: "ingress", policy: "accept", priority: 1, protocol: "tcp", ports: { from: 1, to: 65535 }, portsText: "1-65535 (all)", peer: { kind: "ipv4", value: "10.144.0.0/12", text: "10.144.0.0/12" }, nicType: "intranet", location: expect.objectContaining({ uri: "test/cli/build-report.test.ts" }) },
    ]);
  });

  test("lists apart the rules the provider would refuse in their group, with the code", async () => {
    const report = await plan(() => {
      const ent = new alicloud.ecs.SecurityGroup("ent", { vpcId: "vpc-1", securityGroupType: "enterprise" });
      const vpc = new alicloud.ecs.SecurityGroup("vpc", { vpcId: "vpc-1" });
      new alicloud.ecs.SecurityGroupRule("ent-from-group", { securityGroupId: ent.id, type: "ingress", ipProtocol: "tcp", portRange: "22/22", sourceSecurityGroupId: vpc.id });
      new alicloud.ecs.SecurityGroupRule("vpc-internet", { securityGroupId: vpc.id, type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "10.0.0.0/8", nicType: "internet" });
      new alicloud.ecs.SecurityGroupRule("vpc-two-peers", { securityGroupId: vpc.id, type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "10.0.0.0/8", prefixListId: "pl-1" });
    });
    const invalid = report.groups.flatMap((g) => g.invalidRules.map((r) => [g.label, r.resource, r.code]));
    expect(invalid).toEqual([
      ["ent", "ent-from-group", "enterprise-group-reference"],
      ["vpc", "vpc-internet", "nic-type-mismatch"],
      ["vpc", "vpc-two-peers", "multiple-sources"],
    ]);
    expect(report.groups.every((g) => g.rules.length === 0)).toBe(true);
    expect(report.totals).toMatchObject({ rules: 0, invalid: 3 });
  });

  test("keeps a group the program only adds rules to, marked external, its settings unknown", async () => {
    const report = await plan(() => {
      new alicloud.ecs.SecurityGroupRule("r", { securityGroupId: "sg-existing", type: "egress", ipProtocol: "icmp", cidrIp: "10.0.0.0/8" });
    });
    expect(report.groups).toEqual([
      {
        label: "sg-existing",
        id: "sg-existing",
        type: null,
        innerAccess: null,
        tags: {},
        external: true,
        network: "vpc",
        rules: [{ resource: "r", direction: "egress", policy: "accept", priority: 1, protocol: "icmp", ports: null, portsText: "-", peer: { kind: "ipv4", value: "10.0.0.0/8", text: "10.0.0.0/8" }, nicType: "intranet", location: expect.objectContaining({ uri: "test/cli/build-report.test.ts" }) }],
        invalidRules: [],
      },
    ]);
  });

  test("a program without security groups gives an empty report", async () => {
    const report = await plan(() => {
      new alicloud.vpc.Network("vpc", { cidrBlock: "10.0.0.0/8" });
    });
    expect(report).toEqual({ version: 1, project: "p", stack: "dev", program: "index.ts", groups: [], instances: [], assumed: [], exports: {}, totals: { groups: 0, rules: 0, ingress: 0, egress: 0, invalid: 0 } });
  });
});
