/**
 * What the checks over the whole network report, whole: duplicate-rule, group-peer-all,
 * inner-access-open, unused-group, rules-per-interface, public-address-internal and group-quota.
 * Each test builds its network inside the test.
 */
import { checkNetwork } from "../../lib/checks/check-network";
import { CheckId } from "../../lib/checks/finding";
import { GroupModel, InstanceModel, NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";

const only = (check: CheckId, network: NetworkModel, options: object = {}) => checkNetwork(network, { ...options, checks: [check] });
const group = (id: string, rules: RuleArgs[] = [], extra: Partial<GroupModel> = {}): GroupModel => ({ id, vpcId: "vpc-1", innerAccessPolicy: "Drop", rules, ...extra });
const host = (id: string, groups: string[], extra: Partial<InstanceModel> = {}): InstanceModel => ({ id, privateIp: "10.0.0.5", groups, ...extra });
const world = (overrides: Partial<RuleArgs> = {}): RuleArgs => ({ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0", ...overrides });
const fromGroup = (sg: string, overrides: Partial<RuleArgs> = {}): RuleArgs => ({ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", sourceSecurityGroupId: sg, ...overrides });

const DUPLICATE_FIX = "Keep one resource for the rule (one component or one SecurityGroupRule owns it); reference it instead of declaring it again.";
const PEER_ALL_FIX = "Authorise only the ports the peer needs (a VPN host needs the services it forwards to, not every port).";

describe("duplicate-rule", () => {
  test("each set of one cloud rule is one finding on its second rule, rules named at their positions (a refused rule keeps its place)", () => {
    const rules = [world({ ipProtocol: "bogus" as RuleArgs["ipProtocol"] }), world(), world({ description: "again" }), world({ portRange: "80/80" }), world({ portRange: "80/80" })];
    expect(only("duplicate-rule", { groups: [group("sg-a", rules)] })).toEqual([
      {
        check: "duplicate-rule",
        severity: "high",
        groupId: "sg-a",
        ruleIndex: 2,
        message: 'rules[1] and rules[2] of group "sg-a" are one cloud rule (ingress accept tcp:22 from 0.0.0.0/0 (priority 1)): the API merges them, and deleting any of the 2 resources deletes the rule for all.',
        fix: DUPLICATE_FIX,
      },
      {
        check: "duplicate-rule",
        severity: "high",
        groupId: "sg-a",
        ruleIndex: 4,
        message: 'rules[3] and rules[4] of group "sg-a" are one cloud rule (ingress accept tcp:80 from 0.0.0.0/0 (priority 1)): the API merges them, and deleting any of the 2 resources deletes the rule for all.',
        fix: DUPLICATE_FIX,
      },
    ]);
  });

  test("rules alike in every field but one are different rules: protocol, ports, direction; in a classic group, nic type", () => {
    const rules = [world(), world({ ipProtocol: "udp" }), world({ portRange: "22/23" }), world({ type: "egress" })];
    expect(only("duplicate-rule", { groups: [group("sg-a", rules)] })).toEqual([]);
    const classic = group("sg-c", [world({ nicType: "internet" }), world({ nicType: "intranet" })], { vpcId: undefined, network: "classic" });
    expect(only("duplicate-rule", { groups: [classic] })).toEqual([]);
  });

  test("in a VPC group the intranet nic type is the default: written or not, it is one rule", () => {
    expect(only("duplicate-rule", { groups: [group("sg-a", [world(), world({ nicType: "intranet" })])] }).map((f) => f.ruleIndex)).toEqual([1]);
  });

  test("a group with one rule, or none, has no duplicate", () => {
    expect(only("duplicate-rule", { groups: [group("sg-a", [world()]), group("sg-b")] })).toEqual([]);
  });
});

describe("group-peer-all", () => {
  test("every protocol, or every port of tcp or udp, from another group is medium, worded by what it opens", () => {
    const rules = [world({ cidrIp: "10.0.0.0/24" }), fromGroup("sg-vpn", { ipProtocol: "all", portRange: "-1/-1" }), fromGroup("sg-vpn", { ipProtocol: "udp", portRange: "1/65535" }), fromGroup("sg-vpn", { portRange: "1/65535" })];
    expect(only("group-peer-all", { groups: [group("sg-nodes", rules), group("sg-vpn")] })).toEqual([
      {
        check: "group-peer-all",
        severity: "medium",
        groupId: "sg-nodes",
        ruleIndex: 1,
        message: 'ingress accept all from sg-vpn (priority 1) lets every member of group "sg-vpn" reach every protocol and port of group "sg-nodes".',
        fix: PEER_ALL_FIX,
      },
      {
        check: "group-peer-all",
        severity: "medium",
        groupId: "sg-nodes",
        ruleIndex: 2,
        message: 'ingress accept udp:1-65535 from sg-vpn (priority 1) lets every member of group "sg-vpn" reach every udp port of group "sg-nodes".',
        fix: PEER_ALL_FIX,
      },
      {
        check: "group-peer-all",
        severity: "medium",
        groupId: "sg-nodes",
        ruleIndex: 3,
        message: 'ingress accept tcp:1-65535 from sg-vpn (priority 1) lets every member of group "sg-vpn" reach every tcp port of group "sg-nodes".',
        fix: PEER_ALL_FIX,
      },
    ]);
  });

  test("the group's own id in another account is another group; its own id alone is an open mesh", () => {
    const rules = [fromGroup("sg-mesh", { ipProtocol: "all", portRange: "-1/-1" }), fromGroup("sg-mesh", { ipProtocol: "all", portRange: "-1/-1", sourceGroupOwnerId: "1234567890123456" })];
    const findings = only("group-peer-all", { groups: [group("sg-mesh", rules)] });
    expect(findings.map((f) => [f.ruleIndex, f.message])).toEqual([[1, 'ingress accept all from 1234567890123456/sg-mesh (priority 1) lets every member of group "sg-mesh" reach every protocol and port of group "sg-mesh".']]);
  });

  test("a drop of everything from the peer is no finding", () => {
    expect(only("group-peer-all", { groups: [group("sg-nodes", [fromGroup("sg-vpn", { ipProtocol: "all", portRange: "-1/-1", policy: "drop" })]), group("sg-vpn")] })).toEqual([]);
  });

  test("not every port, egress, a CIDR peer, or a port range short of 1-65535 is no finding", () => {
    const rules: RuleArgs[] = [
      fromGroup("sg-vpn", { portRange: "2/65535" }),
      fromGroup("sg-vpn", { portRange: "1/65534" }),
      fromGroup("sg-vpn", { ipProtocol: "icmp", portRange: "-1/-1" }),
      { type: "ingress", ipProtocol: "all", portRange: "-1/-1", cidrIp: "10.0.0.0/8" },
      { type: "egress", ipProtocol: "all", portRange: "-1/-1", sourceSecurityGroupId: "sg-vpn" },
    ];
    expect(only("group-peer-all", { groups: [group("sg-nodes", rules), group("sg-vpn")] })).toEqual([]);
  });
});

describe("inner-access-open", () => {
  test("names the group and counts its members, an instance listing it twice once", () => {
    const instances = [host("i-1", ["sg-a", "sg-a"]), host("i-2", ["sg-a"]), host("i-3", ["sg-a", "sg-b"])];
    expect(only("inner-access-open", { groups: [group("sg-a", [], { innerAccessPolicy: undefined }), group("sg-b")], instances })).toEqual([
      {
        check: "inner-access-open",
        severity: "low",
        groupId: "sg-a",
        message: 'Group "sg-a" is left at the default inner access policy Accept: its 3 members reach each other on every protocol and port, whatever its rules say.',
        fix: 'Set innerAccessPolicy: "Drop" and admit the group itself on the ports members need; write "Accept" explicitly if members are meant to talk freely.',
      },
    ]);
  });

  test("one instance listing a group twice is one member: no finding", () => {
    expect(only("inner-access-open", { groups: [group("sg-a", [], { innerAccessPolicy: undefined })], instances: [host("i-1", ["sg-a", "sg-a"])] })).toEqual([]);
  });

  test("instances that are not objects, or list no groups, are skipped; so are groups that are not objects", () => {
    const network = { groups: [null, group("sg-a", [], { innerAccessPolicy: undefined })], instances: [null, { id: "i-0", privateIp: "10.0.0.1" }, host("i-1", ["sg-a"]), host("i-2", ["sg-a"])] } as unknown as NetworkModel;
    expect(only("inner-access-open", network).map((f) => [f.groupId, f.message.match(/its \d+ members/)?.[0]])).toEqual([["sg-a", "its 2 members"]]);
  });
});

describe("unused-group", () => {
  test("names the unused group (and its name when it has one), never a group named by another's rule or by a resource", () => {
    const groups = [group("sg-old", [fromGroup("sg-old")], { name: "old-web" }), group("sg-bare"), group("sg-peer"), group("sg-db", [fromGroup("sg-peer")]), group("sg-lt")];
    const network: NetworkModel = { groups, complete: true, instances: [host("i-db", ["sg-db"])], groupUses: [{ type: "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate", name: "lt", groups: ["sg-lt"] }] };
    const fix = "Delete it if it is not wanted; otherwise attach it where it belongs.";
    expect(only("unused-group", network)).toEqual([
      { check: "unused-group", severity: "low", groupId: "sg-old", message: 'Group "sg-old" (old-web) is used by nothing: no instance, network interface or other resource joins it, and no other group\'s rule names it.', fix },
      { check: "unused-group", severity: "low", groupId: "sg-bare", message: 'Group "sg-bare" is used by nothing: no instance, network interface or other resource joins it, and no other group\'s rule names it.', fix },
    ]);
  });

  test("only a model declared complete (true, not a truthy stand-in) is judged", () => {
    expect(only("unused-group", { groups: [group("sg-a")], complete: "yes" } as unknown as NetworkModel)).toEqual([]);
    expect(only("unused-group", { groups: [group("sg-a")], complete: false })).toEqual([]);
  });

  test("entries that are not objects are skipped", () => {
    const network = { groups: [null, "sg-x", group("sg-a", [null as unknown as RuleArgs])], complete: true, instances: [null], groupUses: [null] } as unknown as NetworkModel;
    expect(only("unused-group", network).map((f) => f.groupId)).toEqual(["sg-a"]);
  });
});

describe("rules-per-interface", () => {
  test("counts each group's rules once (identical rules once, a prefix list at its capacity, a group listed twice once) and sits on the biggest group", () => {
    const a = group("sg-a", [world(), world({ portRange: "23/23" }), world({ description: "the same rule" })]);
    const b = group("sg-b", [world({ portRange: "24/24" }), world({ cidrIp: undefined, prefixListId: "pl-1" }), null as unknown as RuleArgs]);
    const prefixLists = [null, { id: "pl-1", cidrs: ["10.0.0.0/8"], maxEntries: 5 }, { id: "pl-2" }] as unknown as NetworkModel["prefixLists"];
    const network: NetworkModel = { groups: [a, b], prefixLists, instances: [host("i-1", ["sg-a", "sg-b", "sg-a"])] };
    expect(only("rules-per-interface", network, { maxRulesPerInterface: 7 })).toEqual([
      {
        check: "rules-per-interface",
        severity: "high",
        groupId: "sg-b",
        instanceId: "i-1",
        message: 'Instance "i-1" carries 8 rules over its groups (sg-a: 2, sg-b: 6), more than the 7 one network interface applies.',
        fix: "Move the instance to fewer groups, or fold many CIDR rules into prefix lists or security-group rules.",
      },
    ]);
    expect(only("rules-per-interface", network, { maxRulesPerInterface: 8 })).toEqual([]);
  });

  test("a prefix list without a capacity counts at its entries in the bound and once in the count", () => {
    const a = group("sg-a", [world({ cidrIp: undefined, prefixListId: "pl-1" }), world({ portRange: "23/23" })]);
    const network: NetworkModel = { groups: [a], prefixLists: [{ id: "pl-1", cidrs: ["10.0.0.0/8", "10.1.0.0/16", "10.2.0.0/16"] }], instances: [host("i-1", ["sg-a"])] };
    expect(only("rules-per-interface", network, { maxRulesPerInterface: 4 })).toEqual([]);
    expect(only("rules-per-interface", network, { maxRulesPerInterface: 3 }).map((f) => f.message)).toEqual([
      'Instance "i-1" carries 4 rules over its groups (sg-a: 4), more than the 3 one network interface applies.',
    ]);
  });

  test("reports each instance over the limit, and only those", () => {
    const network: NetworkModel = { groups: [group("sg-a", [world(), world({ portRange: "23/23" })]), group("sg-b", [world()])], instances: [host("i-1", ["sg-b"]), null as unknown as InstanceModel, host("i-2", ["sg-a", "sg-b"]), host("i-3", ["sg-a"])] };
    expect(only("rules-per-interface", network, { maxRulesPerInterface: 2 }).map((f) => [f.instanceId, f.groupId])).toEqual([["i-2", "sg-a"]]);
  });
});

describe("public-address-internal", () => {
  const FIX = "Release the public IP (or EIP) and reach the instance privately: Workbench over 100.104.0.0/16, a bastion, or a NAT gateway for outbound traffic.";

  test("names the instance, its address when it is one, and its groups; sits on its first group", () => {
    const network: NetworkModel = {
      groups: [group("sg-a", [world({ cidrIp: "10.0.0.0/8" })]), group("sg-b", [fromGroup("sg-a")])],
      instances: [host("i-1", ["sg-a", "sg-b"], { publicIp: "47.96.0.10" }), host("i-2", ["sg-b"], { publicIp: true })],
    };
    expect(only("public-address-internal", network)).toEqual([
      { check: "public-address-internal", severity: "medium", groupId: "sg-a", instanceId: "i-1", configRule: "ecs-running-instance-no-public-ip", message: 'Instance "i-1" has a public address 47.96.0.10, but its groups (sg-a, sg-b) admit nothing from the Internet.', fix: FIX },
      { check: "public-address-internal", severity: "medium", groupId: "sg-b", instanceId: "i-2", configRule: "ecs-running-instance-no-public-ip", message: 'Instance "i-2" has a public address, but its groups (sg-b) admit nothing from the Internet.', fix: FIX },
    ]);
  });

  test("no public address (false, empty) or no groups is no finding", () => {
    const g = group("sg-a", [world({ cidrIp: "10.0.0.0/8" })]);
    const instances = [host("i-1", ["sg-a"], { publicIp: false }), host("i-2", ["sg-a"], { publicIp: "" } as Partial<InstanceModel>), host("i-3", [], { publicIp: true }), host("i-4", ["sg-a"])];
    const unlisted = [null, { id: "i-5", privateIp: "10.0.0.9", publicIp: true }] as unknown as InstanceModel[];
    expect(only("public-address-internal", { groups: [g], instances: [...instances, ...unlisted] })).toEqual([]);
  });

  test.each<[string, RuleArgs]>([
    ["RFC 1918 space", world({ cidrIp: "192.168.0.0/16" })],
    ["shared space (Workbench's private side)", world({ cidrIp: "100.104.0.0/16" })],
    ["loopback", world({ cidrIp: "127.0.0.1" })],
    ["link-local", world({ cidrIp: "169.254.0.0/16" })],
    ["IPv6 unique-local", world({ cidrIp: undefined, ipv6CidrIp: "fd00::/8" })],
    ["IPv6 link-local", world({ cidrIp: undefined, ipv6CidrIp: "fe80::/10" })],
    ["egress to the world", world({ type: "egress" })],
    ["a drop from the world", world({ policy: "drop" })],
  ])("a group admitting only %s admits nothing from the Internet", (_, rule) => {
    expect(only("public-address-internal", { groups: [group("sg-a", [rule])], instances: [host("i-1", ["sg-a"], { publicIp: true })] }).map((f) => f.instanceId)).toEqual(["i-1"]);
  });

  test.each<[string, RuleArgs]>([
    ["a public /32", world({ cidrIp: "203.0.113.7" })],
    ["IPv6 ::/0", world({ cidrIp: undefined, ipv6CidrIp: "::/0" })],
    ["a block reaching past private space (10.0.0.0/7)", world({ cidrIp: "10.0.0.0/7" })],
    ["an undescribed prefix list", world({ cidrIp: undefined, prefixListId: "pl-unknown" })],
    ["a prefix list holding a public block", world({ cidrIp: undefined, prefixListId: "pl-mixed" })],
  ])("a group admitting %s admits the Internet: no finding", (_, rule) => {
    const network: NetworkModel = { groups: [group("sg-a", [rule])], prefixLists: [{ id: "pl-mixed", cidrs: ["10.0.0.0/8", "198.51.100.0/24"] }], instances: [host("i-1", ["sg-a"], { publicIp: true })] };
    expect(only("public-address-internal", network)).toEqual([]);
  });

  test("a prefix list of internal blocks only admits nothing public", () => {
    const network: NetworkModel = { groups: [group("sg-a", [world({ cidrIp: undefined, prefixListId: "pl-lan" })])], prefixLists: [{ id: "pl-lan", cidrs: ["10.0.0.0/8", "172.16.0.0/12"] }], instances: [host("i-1", ["sg-a"], { publicIp: true })] };
    expect(only("public-address-internal", network).map((f) => f.instanceId)).toEqual(["i-1"]);
  });

  test("in a classic group an intranet rule from the world admits internal peers only; an internet one admits the world", () => {
    const classic = { vpcId: undefined, network: "classic" as const };
    const intranet = group("sg-c", [world({ nicType: "intranet" })], classic);
    const internet = group("sg-d", [world({ nicType: "internet" })], classic);
    const network: NetworkModel = { groups: [intranet, internet], instances: [host("i-1", ["sg-c"], { publicIp: true }), host("i-2", ["sg-d"], { publicIp: true })] };
    expect(only("public-address-internal", network).map((f) => f.instanceId)).toEqual(["i-1"]);
  });

  test("one group admitting the Internet is enough, whichever of the instance's groups it is", () => {
    const network: NetworkModel = { groups: [group("sg-a", [world({ cidrIp: "10.0.0.0/8" })]), group("sg-b", [world({ portRange: "443/443" })])], instances: [host("i-1", ["sg-a", "sg-b"], { publicIp: true }), host("i-2", ["sg-b", "sg-a"], { publicIp: true })] };
    expect(only("public-address-internal", network)).toEqual([]);
  });
});

describe("group-quota", () => {
  test("an instance's groups counted distinct: the first one it could not join is the sixth distinct one", () => {
    const instances = [host("i-1", ["sg-1", "sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"])];
    expect(only("group-quota", { groups: [], instances }).map((f) => [f.groupId, f.instanceId, f.message])).toEqual([
      ["sg-6", "i-1", 'Instance "i-1" joins 6 security groups (sg-1, sg-2, sg-3, sg-4, sg-5, sg-6), more than the 5 one network interface may join.'],
    ]);
  });

  test("a group that is not text is written as a value", () => {
    const instances = [host("i-1", ["sg-1", { id: "sg-2" } as unknown as string])];
    expect(only("group-quota", { groups: [], instances }, { maxGroupsPerInstance: 1 }).map((f) => [f.groupId, f.message])).toEqual([
      ['{"id":"sg-2"}', 'Instance "i-1" joins 2 security groups (sg-1, {"id":"sg-2"}), more than the 1 one network interface may join.'],
    ]);
  });

  test("an instance that is not an object, or lists no groups, is skipped; a non-text id is quoted", () => {
    const instances = [null, { id: "i-0", privateIp: "10.0.0.1" }, { id: 7, privateIp: "10.0.0.2", groups: ["sg-1", "sg-2"] }] as unknown as InstanceModel[];
    expect(only("group-quota", { groups: [], instances }, { maxGroupsPerInstance: 1 }).map((f) => [f.groupId, f.instanceId, f.message])).toEqual([
      ["sg-2", "7", "Instance 7 joins 2 security groups (sg-1, sg-2), more than the 1 one network interface may join."],
    ]);
  });
});

describe("entries that are not objects", () => {
  test("every network check skips a group that is not an object and reports on the others", () => {
    const rules = [world(), world(), fromGroup("sg-vpn", { ipProtocol: "all", portRange: "-1/-1" })];
    const network = { groups: [null, group("sg-a", rules), group("sg-vpn")], instances: [host("i-1", ["sg-a"], { publicIp: true }), host("i-2", ["sg-a"])] } as unknown as NetworkModel;
    const checks: CheckId[] = ["duplicate-rule", "group-peer-all", "public-address-internal", "rules-per-interface"];
    expect(checkNetwork(network, { checks, maxRulesPerInterface: 1, consolidate: false }).map((f) => [f.check, f.groupId, f.ruleIndex ?? f.instanceId])).toEqual([
      ["duplicate-rule", "sg-a", 1],
      ["rules-per-interface", "sg-a", "i-1"],
      ["rules-per-interface", "sg-a", "i-2"],
      ["group-peer-all", "sg-a", 2],
    ]);
  });
});

describe("the quotas", () => {
  test("are findings of their own checks, never refusals that leave a group or instance unread", () => {
    const many = Array.from({ length: 201 }, (_, i) => world({ cidrIp: "10.0.0.0/24", portRange: `${i + 1}/${i + 1}` }));
    const groups = [group("sg-a", many), ...["sg-b", "sg-c", "sg-d", "sg-e", "sg-f"].map((id) => group(id))];
    const network: NetworkModel = { groups, instances: [host("i-1", ["sg-a", "sg-b", "sg-c", "sg-d", "sg-e", "sg-f"])] };
    expect(checkNetwork(network, { maxRulesPerInterface: 200 }).map((f) => [f.check, f.groupId])).toEqual([
      ["rule-quota", "sg-a"],
      ["group-quota", "sg-f"],
      ["rules-per-interface", "sg-a"],
    ]);
  });
});
