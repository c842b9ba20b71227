import * as pulumi from "@pulumi/pulumi";
import { InterconnectGroup, InterconnectGroupArgs } from "../../lib/components";
import { captureStack } from "../../lib/testing/capture-network";
import { groupResources, refused, ruleNames, ruleResources, ruleRows } from "./rule-table";

const capture = (args: InterconnectGroupArgs) =>
  captureStack(() => {
    const ic = new InterconnectGroup("ic", args);
    return { groupId: ic.groupId, rules: ic.rules.length };
  });

describe("InterconnectGroup", () => {
  describe("single-ip", () => {
    test("writes a /32 rule for each other member into each member's group", async () => {
      const c = await capture({
        method: "single-ip",
        ports: [3306],
        members: [
          { name: "a", securityGroupId: "sg-a", privateIp: "10.0.1.11" },
          { name: "b", securityGroupId: "sg-b", privateIp: "10.0.1.12/32" },
        ],
      });
      expect(ruleResources(c).map((r) => ({ name: r.name, inputs: r.inputs }))).toEqual([
        {
          name: "ic-sg-a-in-accept-p1-tcp:3306-from-10.0.1.12/32",
          inputs: { securityGroupId: "sg-a", type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", policy: "accept", priority: 1, cidrIp: "10.0.1.12/32", nicType: "intranet", description: "ic single-ip: member b (10.0.1.12/32) reaches member a on MySQL (tcp:3306)" },
        },
        {
          name: "ic-sg-b-in-accept-p1-tcp:3306-from-10.0.1.11/32",
          inputs: { securityGroupId: "sg-b", type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", policy: "accept", priority: 1, cidrIp: "10.0.1.11/32", nicType: "intranet", description: "ic single-ip: member a (10.0.1.11/32) reaches member b on MySQL (tcp:3306)" },
        },
      ]);
      expect(groupResources(c)).toEqual([]);
      expect(c.outputs).toEqual({ rules: 2 });
    });

    test("writes the sender's egress side too when its group is enterprise", async () => {
      const c = await capture({
        method: "single-ip",
        ports: [8080],
        members: [
          { name: "a", securityGroupId: "sg-a", privateIp: "10.0.1.11", groupType: "enterprise" },
          { name: "b", securityGroupId: "sg-b", privateIp: "10.0.1.12" },
        ],
      });
      expect(ruleRows(c)).toEqual([
        "sg-a | egress | accept | 1 | tcp | 8080/8080 | 10.0.1.12/32",
        "sg-a | ingress | accept | 1 | tcp | 8080/8080 | 10.0.1.12/32",
        "sg-b | ingress | accept | 1 | tcp | 8080/8080 | 10.0.1.11/32",
      ]);
    });

    test("opens every port only with a reason, carried into the descriptions", async () => {
      const c = await capture({
        method: "single-ip",
        allowUnsafe: { reason: "legacy cluster, ports unknown" },
        members: [
          { name: "a", securityGroupId: "sg-a", privateIp: "10.0.1.11" },
          { name: "b", securityGroupId: "sg-b", privateIp: "10.0.1.12" },
        ],
      });
      expect(ruleRows(c)).toEqual(["sg-a | ingress | accept | 1 | all | -1/-1 | 10.0.1.12/32", "sg-b | ingress | accept | 1 | all | -1/-1 | 10.0.1.11/32"]);
      for (const r of ruleResources(c)) expect(r.inputs.description).toMatch(/\[UNSAFE, opted in: legacy cluster, ports unknown\]$/);
    });
  });

  describe.each(["same-group", "dedicated-group"] as const)("%s", (method) => {
    const members = method === "same-group" ? [{ name: "node-1" }, { name: "node-2" }] : [{ name: "a", securityGroupId: "sg-a" }, { name: "b", securityGroupId: "sg-b" }];

    test("creates one basic group whose members reach each other on every port (innerAccessPolicy Accept), without rules", async () => {
      const c = await capture({ method, vpcId: "vpc-1", members });
      expect(groupResources(c).map((g) => ({ name: g.name, inputs: g.inputs, parent: g.parent }))).toEqual([
        {
          name: "ic-interconnect",
          inputs: {
            vpcId: "vpc-1",
            securityGroupName: "ic-interconnect",
            securityGroupType: "normal",
            innerAccessPolicy: "Accept",
            description: `ic: ${method} interconnect of ${members.map((m) => m.name).join(", ")}; members reach each other on every protocol and port (InterconnectGroup, managed by alicloud-secgroups)`,
            tags: { "managed-by": "alicloud-secgroups", component: "InterconnectGroup", role: "interconnect" },
          },
          parent: "urn:pulumi:dev::alicloud-secgroups::alicloud-secgroups:index:InterconnectGroup::ic",
        },
      ]);
      expect(ruleResources(c)).toEqual([]);
      expect(c.outputs).toEqual({ groupId: "sg-ic-interconnect", rules: 0 });
    });

    test("with ports: isolates members and reopens only those ports to the group itself", async () => {
      const c = await capture({ method, vpcId: "vpc-1", members, ports: [7000, 7001] });
      expect(groupResources(c)[0].inputs.innerAccessPolicy).toBe("Drop");
      expect(ruleRows(c)).toEqual(["ic-interconnect | ingress | accept | 1 | tcp | 7000/7000 | ic-interconnect", "ic-interconnect | ingress | accept | 1 | tcp | 7001/7001 | ic-interconnect"]);
    });
  });

  describe("group-authorization", () => {
    test("authorises each member's group on every other member's group, another account's by sourceGroupOwnerId", async () => {
      const c = await capture({
        method: "group-authorization",
        ports: [21],
        members: [
          { name: "server", securityGroupId: "sg-server" },
          { name: "client", securityGroupId: pulumi.output("sg-client-real") },
          { name: "partner", securityGroupId: "sg-bp174yoe2ib1sqj5abcd", accountId: "1609982529920000" },
        ],
      });
      expect(ruleRows(c)).toEqual([
        "sg-client-real | ingress | accept | 1 | tcp | 21/21 | 1609982529920000/sg-bp174yoe2ib1sqj5abcd",
        "sg-client-real | ingress | accept | 1 | tcp | 21/21 | sg-server",
        "sg-server | ingress | accept | 1 | tcp | 21/21 | 1609982529920000/sg-bp174yoe2ib1sqj5abcd",
        "sg-server | ingress | accept | 1 | tcp | 21/21 | sg-client-real",
      ]);
      expect(ruleNames(c)).toEqual([
        "ic-sg-member-client-in-accept-p1-tcp:21-from-1609982529920000/sg-bp174yoe2ib1sqj5abcd",
        "ic-sg-member-client-in-accept-p1-tcp:21-from-sg-server",
        "ic-sg-server-in-accept-p1-tcp:21-from-1609982529920000/sg-bp174yoe2ib1sqj5abcd",
        "ic-sg-server-in-accept-p1-tcp:21-from-sg-member-client",
      ]);
      for (const r of ruleResources(c)) {
        expect(r.inputs).not.toHaveProperty("sourceGroupOwnerAccount");
        expect(r.inputs.nicType).toBe("intranet");
      }
    });

    test("keeps names when members are reordered", async () => {
      const m = [
        { name: "a", securityGroupId: "sg-a" },
        { name: "b", securityGroupId: "sg-b" },
        { name: "c", securityGroupId: "sg-c" },
      ];
      const x = await capture({ method: "group-authorization", ports: [22, 443], members: m });
      const y = await capture({ method: "group-authorization", ports: [443, 22], members: [m[2], m[0], m[1]] });
      expect(ruleNames(y)).toEqual(ruleNames(x));
      expect(ruleNames(x)).toHaveLength(12);
    });

    test("writes nothing between members that share a group", async () => {
      const c = await capture({
        method: "group-authorization",
        ports: [443],
        members: [
          { name: "a", securityGroupId: "sg-a" },
          { name: "a2", securityGroupId: "sg-a" },
          { name: "b", securityGroupId: "sg-b" },
        ],
      });
      expect(ruleRows(c)).toEqual(["sg-a | ingress | accept | 1 | tcp | 443/443 | sg-b", "sg-b | ingress | accept | 1 | tcp | 443/443 | sg-a"]);
    });
  });

  const many = (n: number, extra: Record<string, unknown> = {}) => Array.from({ length: n }, (_, i) => ({ name: `m${i}`, securityGroupId: `sg-m${i}`, privateIp: `10.0.0.${i + 1}`, ...extra }));

  test.each<[string, Record<string, unknown>, string, string]>([
    ["a single-ip member given as a block", { method: "single-ip", ports: [22], members: [{ name: "a", securityGroupId: "sg-a", privateIp: "10.0.1.0/24" }, { name: "b", securityGroupId: "sg-b", privateIp: "10.0.1.12" }] }, "source-too-broad", "args.members[0].privateIp"],
    ["single-ip without ports (every port)", { method: "single-ip", members: many(2) }, "all-ports", "args.ports"],
    ["group-authorization without ports (every port)", { method: "group-authorization", members: many(2) }, "all-ports", "args.ports"],
    ["a single-ip member without an address", { method: "single-ip", ports: [22], members: [{ name: "a", securityGroupId: "sg-a" }, { name: "b", securityGroupId: "sg-b", privateIp: "10.0.0.2" }] }, "invalid-argument", "args.members[0].privateIp"],
    ["an enterprise group in group-authorization", { method: "group-authorization", ports: [22], members: [{ name: "a", securityGroupId: "sg-a", groupType: "enterprise" }, { name: "b", securityGroupId: "sg-b" }] }, "enterprise-group-reference", "args.members[0].groupType"],
    ["more than 20 referenced groups", { method: "group-authorization", ports: [22], members: many(22) }, "group-reference-quota-exceeded", "args.members[0]"],
    ["a member group over the rule quota", { method: "single-ip", ports: [22], members: many(3, { existingRules: 199 }) }, "rule-quota-exceeded", "args.members[0]"],
    ["a member in more than 5 groups", { method: "dedicated-group", vpcId: "vpc-1", members: [{ name: "a", securityGroupId: "sg-a", otherGroups: 4 }, { name: "b" }] }, "group-quota-exceeded", "args.members[0]"],
    ["an enterprise member joining a basic group", { method: "dedicated-group", vpcId: "vpc-1", members: [{ name: "a", securityGroupId: "sg-a", groupType: "enterprise" }, { name: "b" }] }, "mixed-group-types", "args.members[0]"],
    ["another account's member in a shared group", { method: "same-group", vpcId: "vpc-1", members: [{ name: "a", accountId: "1609982529920000" }, { name: "b" }] }, "invalid-argument", "args.members[0].accountId"],
    ["a member's own group in same-group", { method: "same-group", vpcId: "vpc-1", members: [{ name: "a", securityGroupId: "sg-a" }, { name: "b" }] }, "invalid-argument", "args.members[0].securityGroupId"],
    ["a group-creating method without a VPC", { method: "same-group", members: [{ name: "a" }, { name: "b" }] }, "invalid-argument", "args.vpcId"],
    ["one member", { method: "same-group", vpcId: "vpc-1", members: [{ name: "a" }] }, "invalid-argument", "args.members"],
    ["two members with one name", { method: "same-group", vpcId: "vpc-1", members: [{ name: "a" }, { name: "A" }] }, "duplicate-id", "args.members[1].name"],
    ["ports with protocol all", { method: "same-group", vpcId: "vpc-1", protocol: "all", ports: [22], members: [{ name: "a" }, { name: "b" }] }, "invalid-argument", "args.ports"],
    ["an unknown method", { method: "vpn", members: [{ name: "a" }, { name: "b" }] }, "invalid-argument", "args.method"],
    ["members that all share one group", { method: "group-authorization", ports: [22], members: [{ name: "a", securityGroupId: "sg-a" }, { name: "b", securityGroupId: "sg-a" }] }, "invalid-argument", "args.members"],
  ])("refuses %s, registering nothing", async (_, args, code, field) => {
    const { error, registered } = await refused(() => new InterconnectGroup("ic", args as unknown as InterconnectGroupArgs));
    expect([error.code, error.field]).toEqual([code, field]);
    expect(registered).toEqual([]);
  });

  test("names the member and the count when an instance would join too many groups", async () => {
    const { error } = await refused(() => new InterconnectGroup("ic", { method: "dedicated-group", vpcId: "vpc-1", members: [{ name: "a", securityGroupId: "sg-a", otherGroups: 4 }, { name: "b" }] }));
    expect(error.message).toContain('would put member "a" in 6 security groups (4 it already joins + 2 from this component), over the limit of 5 per instance');
  });

  test("accepts a higher groups-per-instance limit when the account's quota allows", async () => {
    const c = await capture({ method: "dedicated-group", vpcId: "vpc-1", maxGroupsPerInstance: 10, members: [{ name: "a", securityGroupId: "sg-a", otherGroups: 4 }, { name: "b" }] });
    expect(groupResources(c)).toHaveLength(1);
  });
});

describe("InterconnectGroup with addresses known only at deploy time", () => {
  test("single-ip takes an instance's privateIp Output, names the rule after the member, and writes the address once known", async () => {
    const { captureStack } = await import("../../lib/testing/capture-network");
    const pulumi = await import("@pulumi/pulumi");
    const c = await captureStack(() => {
      new InterconnectGroup("pair", { method: "single-ip", ports: [8080], members: [
        { name: "a", securityGroupId: "sg-a", privateIp: pulumi.output("10.0.1.11") },
        { name: "b", securityGroupId: "sg-b", privateIp: "10.0.1.12" },
      ] });
    });
    const rule = c.resources.find((r) => r.name === "pair-sg-b-in-accept-p1-tcp:8080-from-a")!;
    expect(rule.inputs.cidrIp).toBe("10.0.1.11/32");
    expect(String(rule.inputs.description)).not.toContain("198.18.");
  });

  test("a deploy-time address that is not one host is refused once known, before any rule is created", async () => {
    const { captureStack } = await import("../../lib/testing/capture-network");
    const pulumi = await import("@pulumi/pulumi");
    await expect(
      captureStack(() => {
        new InterconnectGroup("pair", { method: "single-ip", ports: [8080], members: [
          { name: "a", securityGroupId: "sg-a", privateIp: pulumi.output("10.0.1.0/24") },
          { name: "b", securityGroupId: "sg-b", privateIp: "10.0.1.12" },
        ] });
      }),
    ).rejects.toThrow(/args\.members\[0\]\.privateIp\.cidr is a \/24 block/);
  });
});
