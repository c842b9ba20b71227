import * as alicloud from "@pulumi/alicloud";
import { checkNetwork } from "../../lib/checks/check-network";
import { CheckId } from "../../lib/checks/finding";
import { GroupModel, InstanceModel, NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { captureStack } from "../../lib/testing/capture-network";
import { ingress } from "./helpers";

const only = (check: CheckId, network: NetworkModel) => checkNetwork(network, { checks: [check] });
const group = (id: string, rules: RuleArgs[] = [], extra: Partial<GroupModel> = {}): GroupModel => ({ id, vpcId: "vpc-1", innerAccessPolicy: "Drop", rules, ...extra });
const host = (id: string, groups: string[], extra: Partial<InstanceModel> = {}): InstanceModel => ({ id, privateIp: `10.0.0.${id.length + groups.length}`, groups, ...extra });
const fromGroup = (sg: string, overrides: Partial<RuleArgs> = {}): RuleArgs => ({ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", sourceSecurityGroupId: sg, ...overrides });

describe("duplicate-rule", () => {
  test("three resources owning one cloud rule, across a component and raw resources, are one finding", async () => {
    const { network, origins } = await captureStack(() => {
      const web = new alicloud.ecs.SecurityGroup("web", { vpcId: "vpc-1", innerAccessPolicy: "Drop" });
      const https = { securityGroupId: web.id, type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" };
      new alicloud.ecs.SecurityGroupRule("https-a", https);
      new alicloud.ecs.SecurityGroupRule("https-b", { ...https, cidrIp: "0.0.0.0/0", policy: "accept", priority: 1 });
      new alicloud.ecs.SecurityGroupRule("https-c", { ...https, description: "same rule, other words" });
    });
    const findings = only("duplicate-rule", network);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ check: "duplicate-rule", severity: "high", groupId: "sg-web" });
    expect(origins.get("sg-web")?.[findings[0].ruleIndex as number]).toBe("https-b");
    expect(findings[0].message).toMatch(/^rules\[0\], rules\[1\] and rules\[2\] of group "sg-web" are one cloud rule/);
  });

  test("rules that differ in priority, policy or peer are different rules", () => {
    const rules = [ingress({ portRange: "443/443" }), ingress({ portRange: "443/443", priority: 2 }), ingress({ portRange: "443/443", policy: "drop" }), ingress({ portRange: "443/443", cidrIp: "203.0.113.0/24" })];
    expect(only("duplicate-rule", { groups: [group("sg-a", rules)] })).toEqual([]);
  });

  test("the same rule in two groups is two rules", () => {
    expect(only("duplicate-rule", { groups: [group("sg-a", [ingress()]), group("sg-b", [ingress()])] })).toEqual([]);
  });
});

describe("rules-per-interface", () => {
  const many = (n: number, base: number) => Array.from({ length: n }, (_, i) => ingress({ portRange: `${base + i}/${base + i}`, cidrIp: "10.1.0.0/16" }));
  const groups = [group("sg-a", many(200, 1000)), group("sg-b", many(200, 2000)), group("sg-c", many(200, 3000)), group("sg-d", many(200, 4000)), group("sg-e", many(200, 5000)), group("sg-f", many(1, 6000))];

  test("reports an instance over 1,000 rules over all its groups", () => {
    const findings = only("rules-per-interface", { groups, instances: [host("i-1", ["sg-a", "sg-b", "sg-c", "sg-d", "sg-e", "sg-f"])] });
    expect(findings.map((f) => [f.check, f.severity, f.instanceId])).toEqual([["rules-per-interface", "high", "i-1"]]);
    expect(findings[0].message).toContain("carries 1001 rules");
  });

  test("exactly 1,000 rules, or no instance, is no finding", () => {
    expect(only("rules-per-interface", { groups, instances: [host("i-1", ["sg-a", "sg-b", "sg-c", "sg-d", "sg-e"])] })).toEqual([]);
    expect(only("rules-per-interface", { groups })).toEqual([]);
  });

  test("takes a limit", () => {
    expect(checkNetwork({ groups, instances: [host("i-1", ["sg-a"])] }, { checks: ["rules-per-interface"], maxRulesPerInterface: 100 })).toHaveLength(1);
  });
});

describe("dead-path", () => {
  const db = group("sg-db", [fromGroup("sg-app")]);
  const instances = [host("i-app", ["sg-app"]), host("i-db", ["sg-db"])];

  test("an accept from a group whose egress denies it is a dead path", () => {
    const app = group("sg-app", [{ type: "egress", ipProtocol: "all", cidrIp: "0.0.0.0/0", policy: "drop", priority: 100 }, { type: "egress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" }]);
    const findings = only("dead-path", { groups: [app, db], instances });
    expect(findings.map((f) => [f.check, f.severity, f.groupId, f.ruleIndex])).toEqual([["dead-path", "medium", "sg-db", 0]]);
  });

  test("an enterprise sender with no egress rule can use no path (its default denies outbound)", () => {
    const app = group("sg-app", [], { type: "enterprise", innerAccessPolicy: undefined });
    const edb = group("sg-db", [{ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", cidrIp: "10.0.0.0/8" }], { type: "enterprise", innerAccessPolicy: undefined });
    // CIDR peers are not group paths: nothing to report.
    expect(only("dead-path", { groups: [app, edb], instances })).toEqual([]);
  });

  test("no finding when the egress lets part of the range out, or by default", () => {
    const partly = group("sg-app", [{ type: "egress", ipProtocol: "all", cidrIp: "0.0.0.0/0", policy: "drop", priority: 100 }, { type: "egress", ipProtocol: "tcp", portRange: "3306/3306", sourceSecurityGroupId: "sg-db" }]);
    expect(only("dead-path", { groups: [partly, db], instances })).toEqual([]);
    expect(only("dead-path", { groups: [group("sg-app"), db], instances })).toEqual([]);
  });

  test("without members of both groups it reports nothing", () => {
    const app = group("sg-app", [{ type: "egress", ipProtocol: "all", cidrIp: "0.0.0.0/0", policy: "drop", priority: 100 }]);
    expect(only("dead-path", { groups: [app, db] })).toEqual([]);
    expect(only("dead-path", { groups: [app, db], instances: [instances[1]] })).toEqual([]);
  });
});

describe("group-peer-all", () => {
  test("a group admitting another on every protocol (a VPN host and a Kubernetes node group) is medium", () => {
    const nodes = group("sg-k8s-nodes", [fromGroup("sg-vpn", { ipProtocol: "all", portRange: "-1/-1" }), fromGroup("sg-vpn", { portRange: "1/65535" })]);
    expect(only("group-peer-all", { groups: [nodes, group("sg-vpn")] }).map((f) => [f.check, f.severity, f.ruleIndex])).toEqual([
      ["group-peer-all", "medium", 0],
      ["group-peer-all", "medium", 1],
    ]);
  });

  test("a group admitting itself (an open mesh), or another group on some ports, is no finding", () => {
    const mesh = group("sg-mesh", [fromGroup("sg-mesh", { ipProtocol: "all", portRange: "-1/-1" }), fromGroup("sg-app", { portRange: "8080/8080" })]);
    expect(only("group-peer-all", { groups: [mesh] })).toEqual([]);
  });

  test("all-ports-open still leaves group peers alone", () => {
    expect(only("all-ports-open", { groups: [group("sg-x", [fromGroup("sg-y", { ipProtocol: "all", portRange: "-1/-1" })])] })).toEqual([]);
  });
});

describe("public-address-internal", () => {
  const internal = group("sg-internal", [fromGroup("sg-app"), ingress({ portRange: "22/22", cidrIp: "100.104.0.0/16" })]);

  test("an instance with a public IP whose groups admit nothing from the Internet", () => {
    const findings = only("public-address-internal", { groups: [internal], instances: [host("i-db", ["sg-internal"], { publicIp: "47.96.0.10" })] });
    expect(findings.map((f) => [f.check, f.severity, f.instanceId, f.configRule])).toEqual([["public-address-internal", "medium", "i-db", "ecs-running-instance-no-public-ip"]]);
    expect(findings[0].message).toContain("has a public address 47.96.0.10");
  });

  test("no finding when a group admits a public address (an office /32 counts), or without a public IP", () => {
    const office = group("sg-office", [ingress({ portRange: "22/22", cidrIp: "203.0.113.7" })]);
    expect(only("public-address-internal", { groups: [internal, office], instances: [host("i-1", ["sg-internal", "sg-office"], { publicIp: true })] })).toEqual([]);
    expect(only("public-address-internal", { groups: [internal], instances: [host("i-1", ["sg-internal"])] })).toEqual([]);
  });

  test("a group outside the model is missing data: nothing is reported", () => {
    expect(only("public-address-internal", { groups: [internal], instances: [host("i-1", ["sg-internal", "sg-elsewhere"], { publicIp: true })] })).toEqual([]);
  });
});

describe("inner-access-open", () => {
  const two = [host("i-1", ["sg-a"]), host("i-22", ["sg-a"])];

  test("a basic group of several members left at the implicit default Accept is low", () => {
    const findings = only("inner-access-open", { groups: [group("sg-a", [], { innerAccessPolicy: undefined })], instances: two });
    expect(findings.map((f) => [f.check, f.severity, f.groupId])).toEqual([["inner-access-open", "low", "sg-a"]]);
  });

  test("an explicit Accept is a choice; Drop, enterprise groups and lone members are no finding", () => {
    expect(only("inner-access-open", { groups: [group("sg-a", [], { innerAccessPolicy: "Accept" })], instances: two })).toEqual([]);
    expect(only("inner-access-open", { groups: [group("sg-a")], instances: two })).toEqual([]);
    expect(only("inner-access-open", { groups: [group("sg-a", [], { innerAccessPolicy: undefined, type: "enterprise" })], instances: two })).toEqual([]);
    expect(only("inner-access-open", { groups: [group("sg-a", [], { innerAccessPolicy: undefined })], instances: [two[0]] })).toEqual([]);
  });

  test("a program that never sets the policy keeps it absent in the model; an interconnect's explicit Accept stays explicit", async () => {
    const { network } = await captureStack(() => {
      new alicloud.ecs.SecurityGroup("plain", { vpcId: "vpc-1" });
      new alicloud.ecs.SecurityGroup("mesh", { vpcId: "vpc-1", innerAccessPolicy: "Accept" });
    });
    expect(network.groups.map((g) => [g.id, g.innerAccessPolicy])).toEqual([["sg-mesh", "Accept"], ["sg-plain", undefined]]);
  });
});

describe("unused-group", () => {
  test("runs only on a complete model, and counts instances, other groups' rules and other resources as uses", () => {
    const groups = [group("sg-web"), group("sg-db", [fromGroup("sg-app")]), group("sg-app"), group("sg-old"), group("sg-lt")];
    const network: NetworkModel = { groups, instances: [host("i-web", ["sg-web"]), host("i-db", ["sg-db"])], groupUses: [{ type: "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate", name: "lt", groups: ["sg-lt"] }] };
    expect(only("unused-group", network)).toEqual([]);
    expect(only("unused-group", { ...network, complete: true }).map((f) => [f.check, f.severity, f.groupId])).toEqual([["unused-group", "low", "sg-old"]]);
  });

  test("a group named by a launch template, a node pool or a load balancer in a program is used", async () => {
    const { network } = await captureStack(() => {
      const a = new alicloud.ecs.SecurityGroup("a", { vpcId: "vpc-1" });
      const b = new alicloud.ecs.SecurityGroup("b", { vpcId: "vpc-1" });
      new alicloud.ecs.SecurityGroup("c", { vpcId: "vpc-1" });
      new alicloud.ecs.EcsLaunchTemplate("lt", { securityGroupIds: [a.id] });
      new alicloud.cs.NodePool("pool", { clusterId: "c-1", vswitchIds: ["vsw-1"], instanceTypes: ["ecs.g6.large"], securityGroupIds: [b.id] } as alicloud.cs.NodePoolArgs);
    });
    expect(network.groupUses?.map((u) => [u.name, u.groups])).toEqual([["pool", ["sg-b"]], ["lt", ["sg-a"]]]);
    expect(only("unused-group", { ...network, complete: true }).map((f) => f.groupId)).toEqual(["sg-c"]);
  });
});

describe("public addresses read from a program", () => {
  test("an instance with public bandwidth or an EIP carries publicIp; the check then reports it when nothing public may reach it", async () => {
    const { network } = await captureStack(() => {
      const db = new alicloud.ecs.SecurityGroup("db", { vpcId: "vpc-1", innerAccessPolicy: "Drop" });
      new alicloud.ecs.SecurityGroupRule("db-from-app", { securityGroupId: db.id, type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", cidrIp: "10.0.2.0/24" });
      new alicloud.ecs.Instance("db-1", { securityGroups: [db.id], instanceType: "ecs.g6.large", imageId: "img", vswitchId: "vsw-1", internetMaxBandwidthOut: 10 });
      const app = new alicloud.ecs.Instance("db-2", { securityGroups: [db.id], instanceType: "ecs.g6.large", imageId: "img", vswitchId: "vsw-1" });
      new alicloud.ecs.EipAssociation("db-2-eip", { allocationId: "eip-1", instanceId: app.id });
      new alicloud.ecs.Instance("db-3", { securityGroups: [db.id], instanceType: "ecs.g6.large", imageId: "img", vswitchId: "vsw-1" });
    });
    expect(network.instances?.map((i) => [i.id, i.publicIp])).toEqual([["i-db-1", true], ["i-db-2", true], ["i-db-3", undefined]]);
    expect(only("public-address-internal", network).map((f) => f.instanceId)).toEqual(["i-db-1", "i-db-2"]);
  });
});

describe("priorities in the stack-wide checks", () => {
  test("group-peer-all: a better drop of everything from the peer leaves nothing open", () => {
    const nodes = group("sg-nodes", [fromGroup("sg-vpn", { ipProtocol: "all", portRange: "-1/-1", priority: 5 }), fromGroup("sg-vpn", { ipProtocol: "all", portRange: "-1/-1", policy: "drop", priority: 1 })]);
    expect(only("group-peer-all", { groups: [nodes, group("sg-vpn")] })).toEqual([]);
  });

  test("public-address-internal: a world accept that a better drop denies admits nothing", () => {
    const g = group("sg-x", [ingress({ portRange: "443/443", priority: 10 }), ingress({ portRange: "443/443", policy: "drop", priority: 1 })]);
    expect(only("public-address-internal", { groups: [g], instances: [host("i-x", ["sg-x"], { publicIp: true })] }).map((f) => f.instanceId)).toEqual(["i-x"]);
    const open = group("sg-y", [ingress({ portRange: "443/443", priority: 1 }), ingress({ portRange: "443/443", policy: "drop", priority: 10 })]);
    expect(only("public-address-internal", { groups: [open], instances: [host("i-y", ["sg-y"], { publicIp: true })] })).toEqual([]);
  });

  test("dead-path: an egress drop that wins by priority kills the path; one that loses does not", () => {
    const db = group("sg-db", [fromGroup("sg-app")]);
    const instances = [host("i-app", ["sg-app"]), host("i-db", ["sg-db"])];
    const egress = (priority: number, policy: "accept" | "drop"): RuleArgs => ({ type: "egress", ipProtocol: "tcp", portRange: "3306/3306", sourceSecurityGroupId: "sg-db", policy, priority });
    expect(only("dead-path", { groups: [group("sg-app", [egress(5, "accept"), egress(1, "drop")]), db], instances })).toHaveLength(1);
    expect(only("dead-path", { groups: [group("sg-app", [egress(1, "accept"), egress(5, "drop")]), db], instances })).toEqual([]);
    // A tie: drop wins.
    expect(only("dead-path", { groups: [group("sg-app", [egress(3, "accept"), egress(3, "drop")]), db], instances })).toHaveLength(1);
  });

  test("dead-path agrees with the evaluator on the flow it reports", () => {
    const { evaluateFlow } = jest.requireActual("../../lib/analysis") as typeof import("../../lib/analysis");
    const network: NetworkModel = { groups: [group("sg-app", [{ type: "egress", ipProtocol: "all", cidrIp: "0.0.0.0/0", policy: "drop", priority: 1 }]), group("sg-db", [fromGroup("sg-app")])], instances: [host("i-app", ["sg-app"]), host("i-db", ["sg-db"])] };
    expect(only("dead-path", network)).toHaveLength(1);
    expect(evaluateFlow(network, { from: "i-app", to: "i-db", protocol: "tcp", port: 3306 }).allowed).toBe(false);
  });
});
