import { GroupModel, NetworkModel, RuleArgs, ValidationError, networkFromResources, validateGroup, validateNetwork } from "../../lib";

const rule = (patch: Partial<RuleArgs> = {}): RuleArgs => ({ type: "ingress", ipProtocol: "tcp", portRange: "80/80", cidrIp: "0.0.0.0/0", ...patch });

function refusal(fn: () => unknown): { code: string; field: string } | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return { code: e.code, field: e.field };
  }
}

describe("validateGroup", () => {
  test("fills the basic defaults and normalises rules", () => {
    expect(validateGroup({ id: "sg-web", rules: [rule({ cidrIp: "10.0.0.1" })] })).toEqual({
      id: "sg-web",
      type: "normal",
      innerAccessPolicy: "Accept",
      rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "80/80", cidrIp: "10.0.0.1/32", policy: "accept", priority: 1 }],
    });
  });

  test("rules in a VPC group are intranet", () => {
    expect(validateGroup({ id: "sg-a", vpcId: "vpc-1", rules: [rule()] }).rules[0].nicType).toBe("intranet");
  });

  test("an enterprise group has no inner access policy", () => {
    expect(validateGroup({ id: "sg-e", type: "enterprise", vpcId: "vpc-1", rules: [] })).not.toHaveProperty("innerAccessPolicy");
  });

  test("accepts exactly 200 rules", () => {
    const rules = Array.from({ length: 200 }, (_, i) => rule({ portRange: `${i + 1}/${i + 1}` }));
    expect(validateGroup({ id: "sg-a", rules }).rules).toHaveLength(200);
  });

  test("accepts a Chinese name", () => {
    expect(() => validateGroup({ id: "sg-a", name: "网站-web", rules: [] })).not.toThrow();
  });

  test.each<[string, Partial<GroupModel> & Record<string, unknown>, string, string]>([
    ["an unknown type", { type: "advanced" as never }, "invalid-group-type", "type"],
    ["an inner access policy in lower case", { innerAccessPolicy: "drop" as never }, "invalid-inner-access-policy", "innerAccessPolicy"],
    ["an inner access policy on an enterprise group", { type: "enterprise", innerAccessPolicy: "Drop" }, "invalid-inner-access-policy", "innerAccessPolicy"],
    ["a group peer in an enterprise group", { type: "enterprise", rules: [rule({ cidrIp: undefined, sourceSecurityGroupId: "sg-b" })] }, "enterprise-group-reference", "rules[0].sourceSecurityGroupId"],
    ["an internet rule in a VPC group", { vpcId: "vpc-1", rules: [rule({ nicType: "internet" })] }, "nic-type-mismatch", "rules[0].nicType"],
    ["201 rules", { rules: Array.from({ length: 201 }, (_, i) => rule({ portRange: `${i + 1}/${i + 1}` })) }, "rule-quota-exceeded", "rules"],
    ["21 referenced groups", { rules: Array.from({ length: 21 }, (_, i) => rule({ cidrIp: undefined, sourceSecurityGroupId: `sg-${i}` })) }, "group-reference-quota-exceeded", "rules"],
    ["a one-letter name", { name: "a" }, "invalid-name", "name"],
    ["a name starting with a digit", { name: "1web" }, "invalid-name", "name"],
    ["a name that is a URL", { name: "http://x" }, "invalid-name", "name"],
    ["a name with a slash", { name: "web/app" }, "invalid-name", "name"],
    ["a 257-character description", { description: "d".repeat(257) }, "invalid-description", "description"],
    ["a bad rule, by index", { rules: [rule(), rule({ priority: 0 })] }, "invalid-priority", "rules[1].priority"],
    ["no rules array", { rules: undefined as never }, "invalid-object", "rules"],
    ["no id", { id: "" }, "invalid-id", "id"],
  ])("refuses %s", (_name, patch, code, field) => {
    expect(refusal(() => validateGroup({ id: "sg-a", rules: [], ...patch } as GroupModel))).toEqual({ code, field });
  });

  test("the quotas are configurable", () => {
    expect(refusal(() => validateGroup({ id: "sg-a", rules: [rule(), rule({ portRange: "81/81" })] }, { maxRules: 1 }))).toEqual({ code: "rule-quota-exceeded", field: "rules" });
  });
});

describe("validateNetwork", () => {
  const net = (patch: Partial<NetworkModel>): NetworkModel => ({ groups: [{ id: "sg-a", rules: [] }, { id: "sg-e", type: "enterprise", vpcId: "vpc-1", rules: [] }], ...patch });

  test("accepts a network and fills its lists", () => {
    const out = validateNetwork(net({ instances: [{ id: "i-1", privateIp: "10.0.0.1", groups: ["sg-a"] }] }));
    expect(out.instances).toHaveLength(1);
    expect(out.prefixLists).toEqual([]);
  });

  test.each<[string, Partial<NetworkModel>, string, string]>([
    ["a rule naming an enterprise group", { groups: [{ id: "sg-a", rules: [rule({ cidrIp: undefined, sourceSecurityGroupId: "sg-e" })] }, { id: "sg-e", type: "enterprise", rules: [] }] }, "enterprise-group-reference", "groups[0].rules[0].sourceSecurityGroupId"],
    ["two groups with one id", { groups: [{ id: "sg-a", rules: [] }, { id: "sg-a", rules: [] }] }, "duplicate-id", "groups[1].id"],
    ["an instance in six groups", { instances: [{ id: "i-1", privateIp: "10.0.0.1", groups: ["sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"] }] }, "group-quota-exceeded", "instances[0].groups"],
    ["an instance in basic and enterprise groups", { instances: [{ id: "i-1", privateIp: "10.0.0.1", groups: ["sg-a", "sg-e"] }] }, "mixed-group-types", "instances[0].groups"],
    ["an instance without an address", { instances: [{ id: "i-1", privateIp: "10.0.0.0/8", groups: ["sg-a"] }] }, "invalid-cidr", "instances[0].privateIp"],
    ["an instance without groups", { instances: [{ id: "i-1", privateIp: "10.0.0.1", groups: [] }] }, "unknown-group", "instances[0].groups"],
    ["a bad prefix list entry", { prefixLists: [{ id: "pl-1", cidrs: ["10.0.0.0/99"] }] }, "invalid-cidr", "prefixLists[0].cidrs[0]"],
    ["a bad group, by index", { groups: [{ id: "sg-a", rules: [] }, { id: "sg-b", type: "x" as never, rules: [] }] }, "invalid-group-type", "groups[1].type"],
  ])("refuses %s", (_name, patch, code, field) => {
    expect(refusal(() => validateNetwork(net(patch)))).toEqual({ code, field });
  });

  test("the groups-per-instance limit is configurable (current documentation says 10)", () => {
    const instances = [{ id: "i-1", privateIp: "10.0.0.1", groups: ["sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"] }];
    expect(() => validateNetwork(net({ instances }), { maxGroupsPerInstance: 10 })).not.toThrow();
  });
});

describe("networkFromResources", () => {
  test("reads groups, rules, instances, interfaces and prefix lists from any code's resources", () => {
    const network = networkFromResources([
      { type: "alicloud:ecs/securityGroup:SecurityGroup", name: "web", props: { id: "sg-1", name: "legacy-web", innerAccess: false, vpcId: "vpc-1" } },
      { type: "alicloud:ecs/securityGroupRule:SecurityGroupRule", name: "web-80", props: { id: "r1",  securityGroupId: "sg-1", type: "ingress", ipProtocol: "tcp", portRange: "80/80", cidrIp: "0.0.0.0/0", prefixListId: "" } },
      { type: "alicloud:ecs/securityGroupRule:SecurityGroupRule", name: "elsewhere", props: { id: "r2",  securityGroupId: "sg-external", type: "ingress", ipProtocol: "all", cidrIp: "10.0.0.0/8" } },
      { type: "alicloud:ecs/securityGroupRule:SecurityGroupRule", name: "unknown", props: { id: "r3",  type: "ingress" } },
      { type: "alicloud:ecs/instance:Instance", props: { id: "i-1",  securityGroups: ["sg-1"], privateIp: "10.0.0.5" } },
      { type: "alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface", props: { id: "eni-1",  securityGroupIds: ["sg-1"], primaryIpAddress: "10.0.0.6" } },
      { type: "alicloud:vpc/prefixList:PrefixList", props: { id: "pl-1",  entrys: [{ cidr: "192.168.0.0/24" }], maxEntries: 20 } },
      { type: "alicloud:ecs/ecsPrefixList:EcsPrefixList", props: { id: "pl-2",  entries: [{ cidr: "172.16.0.0/16" }] } },
      { type: "alicloud:vpc/network:Network", props: { id: "vpc-1", } },
    ]);
    expect(network.groups).toEqual([
      { id: "sg-1", name: "legacy-web", innerAccessPolicy: "Drop", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "80/80", cidrIp: "0.0.0.0/0" }] },
      { id: "sg-external", rules: [{ type: "ingress", ipProtocol: "all", cidrIp: "10.0.0.0/8" }] },
    ]);
    expect(network.instances).toEqual([
      { id: "i-1", privateIp: "10.0.0.5", groups: ["sg-1"] },
      { id: "eni-1", privateIp: "10.0.0.6", groups: ["sg-1"] },
    ]);
    expect(network.prefixLists).toEqual([
      { id: "pl-1", cidrs: ["192.168.0.0/24"], maxEntries: 20 },
      { id: "pl-2", cidrs: ["172.16.0.0/16"] },
    ]);
  });
});
