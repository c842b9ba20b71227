import { networkFromResources, readStack } from "../../lib/sources/stack-resources";
import { ECS_PREFIX_LIST_TYPE, INSTANCE_TYPE, NETWORK_INTERFACE_TYPE, SECURITY_GROUP_RULE_TYPE, SECURITY_GROUP_TYPE, VPC_PREFIX_LIST_TYPE } from "../../lib/model/resource-props";
import { validateNetwork } from "../../lib/model/network";
import { FakeResource, UNKNOWN_ARRAY, UNKNOWN_STRING, engineProps, stackArgs, urn } from "../policy/fake-args";

const group = (name: string, props: Record<string, unknown> = {}): FakeResource => ({ type: SECURITY_GROUP_TYPE, name, props: { vpcId: "vpc-1", ...props } });
const ref = (name: string) => [{ type: SECURITY_GROUP_TYPE, name }];
const rule = (name: string, props: Record<string, unknown>, deps?: FakeResource["deps"]): FakeResource => ({
  type: SECURITY_GROUP_RULE_TYPE,
  name,
  props: { type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0", ...props },
  deps,
});
const read = (resources: FakeResource[]) => readStack(stackArgs(resources).resources);

describe("networkFromResources", () => {
  test("links rules to their group through property dependencies when ids are not known yet", () => {
    const stack = read([group("web", { securityGroupName: "web" }), rule("https", {}, { securityGroupId: ref("web") })]);
    expect(stack.network.groups).toEqual([{ id: "sg-pending-web", name: "web", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" }] }]);
    expect(stack.groupUrns.get("sg-pending-web")).toBe(urn(SECURITY_GROUP_TYPE, "web"));
    expect(stack.ruleUrns.get("sg-pending-web")).toEqual([urn(SECURITY_GROUP_RULE_TYPE, "https")]);
  });

  test("links rules to their group by id when outputs carry it", () => {
    const stack = read([group("web", { id: "sg-123" }), rule("https", { securityGroupId: "sg-123" })]);
    expect(stack.network.groups.map((g) => [g.id, g.rules.length])).toEqual([["sg-123", 1]]);
  });

  test("learns a group's id from the rules computed from it", () => {
    const stack = read([group("web"), rule("https", { securityGroupId: "sg-777" }, { securityGroupId: ref("web") })]);
    expect(stack.network.groups.map((g) => g.id)).toEqual(["sg-777"]);
    expect(stack.groupUrns.get("sg-777")).toBe(urn(SECURITY_GROUP_TYPE, "web"));
  });

  test("gives a rule naming a group outside the stack a group of its own, marked outside", () => {
    const stack = read([rule("https", { securityGroupId: "sg-existing" })]);
    expect(stack.network.groups.map((g) => g.id)).toEqual(["sg-existing"]);
    expect([...stack.outside]).toEqual(["sg-existing"]);
    expect(stack.groupUrns.has("sg-existing")).toBe(false);
  });

  test("reads group type, inner access policy and the classic network", () => {
    const stack = read([group("a", { vpcId: undefined, securityGroupType: "normal", innerAccessPolicy: "Drop" }), group("b", { securityGroupType: "enterprise" })]);
    expect(stack.network.groups).toEqual([
      { id: "sg-pending-a", type: "normal", innerAccessPolicy: "Drop", network: "classic", rules: [] },
      { id: "sg-pending-b", type: "enterprise", vpcId: "vpc-1", rules: [] },
    ]);
  });

  describe("unknown values", () => {
    test("an unknown vpcId still means a VPC", () => {
      const stack = readStack(stackArgs([{ ...group("web"), props: engineProps({ vpcId: UNKNOWN_STRING }) }]).resources);
      expect(stack.network.groups[0].vpcId).toBe("vpc-pending");
    });

    test("skips a rule whose address is unknown, or whose group cannot be found", () => {
      const stack = readStack(
        stackArgs([group("web"), { ...rule("a", {}, { securityGroupId: ref("web") }), props: engineProps({ ...rule("a", {}).props, cidrIp: UNKNOWN_STRING }) }, rule("b", { securityGroupId: undefined })]).resources,
      );
      expect(stack.network.groups[0].rules).toEqual([]);
      expect(stack.skippedRules).toBe(2);
    });

    test("skips a rule whose protocol or peer reads undefined, as mocks leave unknown inputs", () => {
      const stack = read([group("web"), rule("a", { ipProtocol: undefined }, { securityGroupId: ref("web") }), rule("b", { cidrIp: undefined }, { securityGroupId: ref("web") })]);
      expect(stack.skippedRules).toBe(2);
    });

    test("names an unknown peer group by the resource it comes from, or by a placeholder", () => {
      const peer = (name: string, deps: FakeResource["deps"]): FakeResource => ({ ...rule(name, {}, deps), props: engineProps({ ...rule(name, {}).props, cidrIp: undefined, sourceSecurityGroupId: UNKNOWN_STRING }) });
      const stack = readStack(stackArgs([group("web"), group("app"), peer("from-web", { securityGroupId: ref("app"), sourceSecurityGroupId: ref("web") }), peer("from-elsewhere", { securityGroupId: ref("app") })]).resources);
      expect(stack.network.groups[1].rules.map((r) => r.sourceSecurityGroupId)).toEqual(["sg-pending-web", "sg-pending-peer-1"]);
    });
  });

  test("reads instances and network interfaces, with unknown addresses as empty", () => {
    const stack = readStack(
      stackArgs([
        group("web", { id: "sg-web" }),
        group("app", { id: "sg-app" }),
        { type: INSTANCE_TYPE, name: "vm", props: { id: "i-1", privateIp: "10.0.0.5", securityGroups: ["sg-web", "sg-app"] } },
        { type: INSTANCE_TYPE, name: "new-vm", props: engineProps({ securityGroups: UNKNOWN_ARRAY, privateIp: UNKNOWN_STRING }), deps: { securityGroups: ref("web") } },
        { type: NETWORK_INTERFACE_TYPE, name: "eni", props: { securityGroupIds: ["sg-app"], primaryIpAddress: "10.0.0.9" } },
      ]).resources,
    );
    expect(stack.network.instances).toEqual([
      { id: "i-1", name: "vm", privateIp: "10.0.0.5", groups: ["sg-web", "sg-app"] },
      { id: "i-pending-new-vm", name: "new-vm", privateIp: "", groups: ["sg-web"] },
      { id: "eni-pending-eni", name: "eni", privateIp: "10.0.0.9", groups: ["sg-app"] },
    ]);
    expect(stack.instanceUrns.get("i-1")).toBe(urn(INSTANCE_TYPE, "vm"));
  });

  test("counts unknown group entries of an instance, so quotas still see them", () => {
    const stack = readStack(stackArgs([{ type: INSTANCE_TYPE, name: "vm", props: engineProps({ securityGroups: ["sg-1", UNKNOWN_STRING, UNKNOWN_STRING] }) }]).resources);
    expect(stack.network.instances?.[0].groups).toEqual(["sg-1", "sg-pending-member-1", "sg-pending-member-2"]);
  });

  test("reads both kinds of prefix list and links rules to them", () => {
    const stack = read([
      group("web"),
      { type: VPC_PREFIX_LIST_TYPE, name: "office", props: { id: "pl-office", entrys: [{ cidr: "203.0.113.0/24" }], maxEntries: 20 } },
      { type: ECS_PREFIX_LIST_TYPE, name: "partners", props: { entries: [{ cidr: "198.51.100.0/24" }, { cidr: "0.0.0.0/0" }] } },
      rule("partners", { cidrIp: undefined, prefixListId: "pl-real" }, { securityGroupId: ref("web"), prefixListId: [{ type: ECS_PREFIX_LIST_TYPE, name: "partners" }] }),
    ]);
    expect(stack.network.prefixLists).toEqual([
      { id: "pl-office", cidrs: ["203.0.113.0/24"], maxEntries: 20 },
      { id: "pl-real", cidrs: ["198.51.100.0/24", "0.0.0.0/0"] },
    ]);
  });

  test("ignores other resources", () => {
    const stack = read([{ type: "alicloud:vpc/network:Network", name: "vpc", props: { cidrBlock: "10.0.0.0/8" } }]);
    expect(stack.relevant).toBe(false);
    expect(stack.network).toEqual({ groups: [], instances: [], prefixLists: [] });
  });

  test("returns a network that validates when everything is known", () => {
    const resources = stackArgs([
      group("web", { id: "sg-web" }),
      rule("https", { securityGroupId: "sg-web" }),
      rule("ssh", { securityGroupId: "sg-web", portRange: "22/22", cidrIp: "", sourceSecurityGroupId: "sg-web", nicType: "intranet" }),
      { type: INSTANCE_TYPE, name: "vm", props: { id: "i-1", privateIp: "10.0.0.5", securityGroups: ["sg-web"] } },
    ]).resources;
    const network = networkFromResources(resources);
    expect(network).toEqual(readStack(resources).network);
    expect(() => validateNetwork(network)).not.toThrow();
  });
});

describe("readStack: what joins security groups", () => {
  test("launch templates, scaling configurations, attached interfaces and EIPs are members, with names and public addresses", () => {
    const stack = readStack([
      { type: SECURITY_GROUP_TYPE, name: "web", props: { id: "sg-web", vpcId: "vpc-1" } },
      { type: INSTANCE_TYPE, name: "vm", props: { id: "i-vm", privateIp: "10.0.0.5", securityGroups: ["sg-web"], internetMaxBandwidthOut: 5 } },
      { type: INSTANCE_TYPE, name: "db", props: { id: "i-db", privateIp: "10.0.0.6", securityGroups: ["sg-web"] } },
      { type: "alicloud:ecs/eipAddress:EipAddress", name: "eip", props: { id: "eip-1", ipAddress: "198.51.100.7" } },
      { type: "alicloud:ecs/eipAssociation:EipAssociation", name: "assoc", props: { allocationId: "eip-1", instanceId: "i-db" } },
      { type: NETWORK_INTERFACE_TYPE, name: "nic", props: { id: "eni-1", primaryIpAddress: "10.0.0.9", securityGroupIds: ["sg-web"] } },
      { type: "alicloud:ecs/ecsNetworkInterfaceAttachment:EcsNetworkInterfaceAttachment", name: "attach", props: { networkInterfaceId: "eni-1", instanceId: "i-vm" } },
      { type: "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate", name: "lt", props: { id: "lt-1", securityGroupId: "sg-web", privateIp: "10.0.0.20" } },
      { type: "alicloud:ess/scalingConfiguration:ScalingConfiguration", name: "asc", props: { id: "asc-1", securityGroupIds: ["sg-web"], privateIp: "10.0.0.21", internetMaxBandwidthOut: 1 } },
    ]);
    expect(stack.network.instances).toEqual([
      { id: "i-vm", name: "vm", privateIp: "10.0.0.5", groups: ["sg-web"], publicIp: true },
      { id: "i-db", name: "db", privateIp: "10.0.0.6", groups: ["sg-web"], publicIp: "198.51.100.7" },
      { id: "eni-1", name: "nic (on vm)", privateIp: "10.0.0.9", groups: ["sg-web"] },
      { id: "lt-1", name: "lt", privateIp: "10.0.0.20", groups: ["sg-web"] },
      { id: "asc-1", name: "asc", privateIp: "10.0.0.21", groups: ["sg-web"], publicIp: true },
    ]);
  });
});
