import { GroupModel, NetworkModel, RuleArgs, ValidationError, validateGroup, validateNetwork } from "../../lib/model";
import { networkFromResources } from "../../lib/sources";
import { networkProblems } from "../../lib/model/network";

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
      rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "80/80", cidrIp: "10.0.0.1/32", policy: "accept", priority: 1, nicType: "intranet" }],
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
    ["an Accept inner access policy on an enterprise group", { type: "enterprise", innerAccessPolicy: "Accept" }, "invalid-inner-access-policy", "innerAccessPolicy"],
    ["an enterprise group in the classic network", { type: "enterprise", network: "classic" }, "enterprise-outside-vpc", "type"],
    ["an enterprise group with vpcId \"\" (classic)", { type: "enterprise", vpcId: "" }, "enterprise-outside-vpc", "type"],
    ["a prefix list in a classic group", { network: "classic", rules: [rule({ cidrIp: undefined, prefixListId: "pl-1" })] }, "prefix-list-in-classic", "rules[0].prefixListId"],
    ['an internet rule in a group with network "vpc" (a group without a network field is read as classic from it)', { network: "vpc", rules: [rule({ nicType: "internet" })] }, "nic-type-mismatch", "rules[0].nicType"],
    ["an unknown network", { network: "VPC" as never }, "invalid-network", "network"],
    ['network "vpc" with vpcId ""', { network: "vpc", vpcId: "" }, "invalid-network", "network"],
    ['network "classic" with a VPC id', { network: "classic", vpcId: "vpc-1" }, "invalid-network", "network"],
    ["a name with a space", { name: "web tier" }, "invalid-name", "name"],
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

  test("accepts Drop on an enterprise group, as the API reports it", () => {
    expect(validateGroup({ id: "sg-e", type: "enterprise", vpcId: "vpc-1", innerAccessPolicy: "Drop", rules: [] }).innerAccessPolicy).toBe("Drop");
  });

  test.each<[string, Partial<GroupModel>, RuleArgs, string]>([
    ["in a VPC group every rule is intranet", {}, rule(), "intranet"],
    ["in a classic group a CIDR rule defaults to internet", { network: "classic" }, rule(), "internet"],
    ["in a classic group a group rule is intranet", { network: "classic" }, rule({ cidrIp: undefined, sourceSecurityGroupId: "sg-b" }), "intranet"],
    ["in a classic group an explicit intranet stays", { vpcId: "" }, rule({ nicType: "intranet" }), "intranet"],
  ])("normalises the nic type: %s", (_name, patch, r, nicType) => {
    expect(validateGroup({ id: "sg-a", ...patch, rules: [r] }).rules[0].nicType).toBe(nicType);
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
    ["a rule naming another account's enterprise group that the model holds", { groups: [{ id: "sg-a", rules: [rule({ cidrIp: undefined, sourceSecurityGroupId: "sg-e", sourceGroupOwnerId: "1234" })] }, { id: "sg-e", type: "enterprise", rules: [] }] }, "enterprise-group-reference", "groups[0].rules[0].sourceSecurityGroupId"],
    ["a group reference across VPCs", { groups: [{ id: "sg-a", vpcId: "vpc-1", rules: [rule({ cidrIp: undefined, sourceSecurityGroupId: "sg-b" })] }, { id: "sg-b", vpcId: "vpc-2", rules: [] }] }, "cross-vpc-reference", "groups[0].rules[0].sourceSecurityGroupId"],
    ["a VPC group naming a classic group", { groups: [{ id: "sg-a", rules: [rule({ cidrIp: undefined, sourceSecurityGroupId: "sg-b" })] }, { id: "sg-b", network: "classic", rules: [] }] }, "cross-vpc-reference", "groups[0].rules[0].sourceSecurityGroupId"],
    ["prefix-list capacity over the 200 rules", { groups: [{ id: "sg-a", rules: [rule({ cidrIp: undefined, prefixListId: "pl-1" })] }], prefixLists: [{ id: "pl-1", cidrs: [], maxEntries: 201 }] }, "rule-quota-exceeded", "groups[0].rules"],
    ["over 1,000 rules on one interface", { groups: [0, 1, 2, 3, 4, 5].map((g) => ({ id: `sg-${g}`, rules: Array.from({ length: 170 }, (_, i) => rule({ portRange: `${i + 1}/${i + 1}` })) })), instances: [{ id: "i-1", privateIp: "10.0.0.1", groups: ["sg-0", "sg-1", "sg-2", "sg-3", "sg-4", "sg-5"] }] }, "interface-rule-quota-exceeded", "instances[0].groups"],
    ["a null instance", { instances: [null as never] }, "invalid-object", "instances[0]"],
    ["instances that are not an array", { instances: {} as never }, "invalid-object", "instances"],
    ["a prefix list without entries", { prefixLists: [{ id: "pl-1" } as never] }, "invalid-object", "prefixLists[0]"],
    ["a null group", { groups: [null as never] }, "invalid-object", "groups[0]"],
  ])("refuses %s", (_name, patch, code, field) => {
    const problems = networkProblems(net(patch));
    expect(problems.map((p) => ({ code: p.error.code, field: p.error.field }))).toContainEqual({ code, field });
    expect(problems.every((p) => p.error instanceof ValidationError)).toBe(true);
    expect(refusal(() => validateNetwork(net(patch)))).toEqual({ code: problems[0].error.code, field: problems[0].error.field });
  });

  test.each<[string, Partial<NetworkModel>]>([
    ["a same-VPC group reference", { groups: [{ id: "sg-a", vpcId: "vpc-1", rules: [rule({ cidrIp: undefined, sourceSecurityGroupId: "sg-b" })] }, { id: "sg-b", vpcId: "vpc-1", rules: [] }] }],
    ["a reference to a group whose VPC is unknown", { groups: [{ id: "sg-a", vpcId: "vpc-1", rules: [rule({ cidrIp: undefined, sourceSecurityGroupId: "sg-b" })] }, { id: "sg-b", rules: [] }] }],
    ["another account's group in another VPC", { groups: [{ id: "sg-a", vpcId: "vpc-1", rules: [rule({ cidrIp: undefined, sourceSecurityGroupId: "sg-b", sourceGroupOwnerId: "1234" })] }, { id: "sg-b", vpcId: "vpc-2", rules: [] }] }],
  ])("accepts %s", (_name, patch) => {
    expect(networkProblems(net(patch))).toEqual([]);
  });

  test("networkProblems lists every problem, not only the first", () => {
    const problems = networkProblems({ groups: [{ id: "sg-a", rules: [rule({ priority: 0 }), rule({ portRange: "2/1" })] }, { id: "sg-a", rules: [] }] });
    expect(problems.map((p) => [p.error.code, p.scope, p.ruleIndex])).toEqual([
      ["invalid-priority", "rule", 0],
      ["invalid-port-range", "rule", 1],
      ["duplicate-id", "network", undefined],
    ]);
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
