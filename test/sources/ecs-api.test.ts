import { evaluateFlow } from "../../lib/analysis";
import { readOneNetwork, readSource } from "../../lib/sources";
import { attribute, ecsExportWithEnis, eni, fixtureFiles, jsonFile, permission, refusal } from "./helpers";

const WEB = "sg-bp1web000000000001";
const DB = "sg-bp1db0000000000001";


describe("ECS API reader on a documented export", () => {
  const net = readOneNetwork("ecs", fixtureFiles("ecs"));
  const group = (id: string) => net.model.groups.find((g) => g.id === id);

  test("reads groups with their type, name, VPC and inner access policy", () => {
    expect(net.format).toBe("ecs-api");
    expect(net.region).toBe("cn-hangzhou");
    expect(group(WEB)).toMatchObject({ name: "sg-web", type: "normal", vpcId: "vpc-bp1example000000001", innerAccessPolicy: "Accept", tags: { app: "shop" } });
    expect(group(DB)).toMatchObject({ type: "normal", innerAccessPolicy: "Drop" });
    expect(group("sg-bp1idle00000000001")).toMatchObject({ type: "enterprise" });
    expect(group(WEB)?.network).toBeUndefined();
  });

  test("normalises upper-case protocols and policies, numeric and string priorities, and bare IPs", () => {
    expect(group(WEB)?.rules).toEqual([
      { type: "ingress", ipProtocol: "tcp", portRange: "443/443", policy: "accept", priority: 1, cidrIp: "0.0.0.0/0", nicType: "intranet" },
      { type: "ingress", ipProtocol: "tcp", portRange: "22/22", policy: "accept", priority: 1, cidrIp: "0.0.0.0/0", nicType: "intranet", description: "temporary: vendor migration" },
      { type: "ingress", ipProtocol: "icmp", portRange: "-1/-1", policy: "accept", priority: 10, cidrIp: "119.110.100.86/32", nicType: "intranet" },
      { type: "egress", ipProtocol: "tcp", portRange: "3306/3306", policy: "accept", priority: 1, sourceSecurityGroupId: DB, nicType: "intranet" },
    ]);
  });

  test("takes egress peers from the Dest* fields and never reads \"\" as anywhere", () => {
    const egress = group(WEB)?.rules.find((r) => r.type === "egress");
    expect(egress?.sourceSecurityGroupId).toBe(DB);
    expect(egress?.cidrIp).toBeUndefined();
  });

  test("keeps the file, JSON path and rule id of every rule", () => {
    expect(net.ruleOrigins.get(WEB)?.[1]).toEqual({ file: "ecs/sg-bp1web000000000001.json", path: "$.Permissions.Permission[1]", ruleId: "sgr-bp1web00000000002", createTime: "2025-03-02T08:22:47Z" });
    expect(net.ruleOrigins.get(WEB)).toHaveLength(group(WEB)?.rules.length ?? -1);
  });

  test("merges the page files of one group", () => {
    const ids = net.ruleOrigins.get(DB)?.map((o) => o.ruleId);
    expect(ids).toEqual(["sgr-bp1db000000000001", "sgr-bp1db000000000002", "sgr-bp1db000000000003", "sgr-bp1db000000000004"]);
  });

  test("resolves prefix lists from their files", () => {
    expect(net.model.prefixLists).toEqual([{ id: "pl-bp1ops00000000001", cidrs: ["192.168.10.0/24", "192.168.11.5/32"], maxEntries: 10 }]);
    expect(evaluateFlow(net.model, { from: "192.168.10.7", to: "i-bp1db00000000000001", protocol: "tcp", port: 3306 }).allowed).toBe(true);
  });

  test("reports a port-list rule as excluded, and another account's group as unresolved, with their effects", () => {
    const portList = net.unresolved.find((u) => u.kind === "port-list");
    expect(portList).toMatchObject({ subject: "prl-bp1admin0000000001", groupId: DB, origin: { ruleId: "sgr-bp1db000000000005" } });
    expect(portList?.ruleIndex).toBeUndefined();
    expect(portList?.effect).toMatch(/excluded.*under-reported/);
    const other = net.unresolved.find((u) => u.kind === "other-account-group");
    expect(other).toMatchObject({ subject: "1234567890123456/sg-bp1partner00000001", groupId: DB, ruleIndex: 3 });
    expect(group(DB)?.rules[3]).toMatchObject({ sourceSecurityGroupId: "sg-bp1partner00000001", sourceGroupOwnerId: "1234567890123456" });
  });

  test("reads instances (primary ENI groups, public IP) and secondary ENIs from DescribeNetworkInterfaces", () => {
    expect(net.model.instances).toEqual([
      { id: "i-bp1web0000000000001", privateIp: "10.0.1.10", groups: [WEB], name: "web-1", publicIp: "47.96.1.10" },
      { id: "i-bp1db00000000000001", privateIp: "10.0.3.10", groups: [DB], name: "db-1" },
      { id: "eni-bp1db00000000000002", privateIp: "10.0.2.30", groups: [WEB], name: "i-bp1db00000000000001 (secondary ENI eni-bp1db00000000000002)" },
    ]);
    expect(net.unresolved.some((u) => u.kind === "secondary-eni")).toBe(false);
    expect(net.uses).toContainEqual(expect.objectContaining({ groupId: WEB, kind: "network-interface", by: "eni-bp1db00000000000002" }));
  });

  test("declares an account export complete", () => {
    expect(net.model.complete).toBe(true);
  });

  test("evaluates like the cloud: web reaches the database, the world does not", () => {
    expect(evaluateFlow(net.model, { from: "i-bp1web0000000000001", to: "i-bp1db00000000000001", protocol: "tcp", port: 3306 }).allowed).toBe(true);
    expect(evaluateFlow(net.model, { from: "198.51.100.1", to: "i-bp1db00000000000001", protocol: "tcp", port: 3306 }).allowed).toBe(false);
  });

  test("warns of secondary ENIs whose groups are unknown when DescribeNetworkInterfaces is missing", () => {
    const files = fixtureFiles("ecs").filter((f) => !f.name.endsWith("enis.json"));
    const n = readOneNetwork("ecs", files);
    expect(n.unresolved).toContainEqual(expect.objectContaining({ kind: "secondary-eni", subject: "i-bp1db00000000000001/eni-bp1db00000000000002" }));
  });
});

describe("ECS API reader traps", () => {
  test("only an ENI in use is an interface to evaluate; a detached or attaching one still counts as using its groups", () => {
    const IDLE = "sg-bp1idle00000000001";
    const files = ecsExportWithEnis([
      eni("eni-bp1detached000001", "Available", [IDLE]),
      eni("eni-bp1attaching00001", "Attaching", [IDLE], { InstanceId: "i-bp1web0000000000001", PrivateIpAddress: "10.0.2.41" }),
      eni("eni-bp1inuse000000001", "InUse", [IDLE], { InstanceId: "i-bp1web0000000000001", PrivateIpAddress: "10.0.2.42" }),
      eni("eni-bp1nostatus000001", undefined, [IDLE], { InstanceId: "i-bp1web0000000000001", PrivateIpAddress: "10.0.2.43" }),
    ]);
    const net = readOneNetwork("ecs", files);
    expect(net.model.instances?.filter((i) => i.groups.includes(IDLE)).map((i) => [i.id, i.privateIp])).toEqual([
      ["eni-bp1inuse000000001", "10.0.2.42"],
      ["eni-bp1nostatus000001", "10.0.2.43"],
    ]);
    expect(net.uses.filter((u) => u.groupId === IDLE).map((u) => [u.kind, u.by])).toEqual([
      ["network-interface", "eni-bp1detached000001"],
      ["network-interface", "eni-bp1attaching00001"],
      ["network-interface", "eni-bp1inuse000000001"],
      ["network-interface", "eni-bp1nostatus000001"],
    ]);
  });

  test("refuses a group whose last page still carries a NextToken, naming the file and path", () => {
    const files = fixtureFiles("ecs").filter((f) => !f.name.endsWith("page2.json"));
    const e = refusal(() => readSource(files));
    expect(e.code).toBe("partial-source");
    expect(e.field).toBe("ecs/sg-bp1db0000000000001.page1.json $.NextToken");
    expect(e.message).toMatch(/--NextToken caeba0bbb2be03f84eb48b699f0a4883/);
  });

  test("refuses a group list whose TotalCount exceeds the pages given (legacy paging)", () => {
    const e = refusal(() => readSource([jsonFile("groups.json", { RegionId: "cn-hangzhou", TotalCount: 3, PageNumber: 1, PageSize: 1, SecurityGroups: { SecurityGroup: [{ SecurityGroupId: "sg-a1", SecurityGroupType: "normal", VpcId: "vpc-1" }] } })]));
    expect(e.code).toBe("partial-source");
    expect(e.field).toBe("groups.json $.TotalCount");
  });

  test("refuses files of two regions", () => {
    const e = refusal(() => readSource([jsonFile("a/sg-a1.json", attribute("sg-a1", [])), jsonFile("b/sg-b1.json", attribute("sg-b1", [], { RegionId: "cn-beijing" }))]));
    expect(e.code).toBe("mixed-source");
    expect(e.field).toBe("b/sg-b1.json $.RegionId");
  });

  test("reads a --pager file by the group id in its name, and says the inner access policy is unknown", () => {
    const pager = { Permissions: { Permission: [permission({ Direction: "ingress", IpProtocol: "TCP", PortRange: "80/80", SourceCidrIp: "0.0.0.0/0" })] } };
    const [net] = readSource([jsonFile("exports/sg-bp1pager0001.json", pager)]);
    expect(net.model.groups.map((g) => g.id)).toEqual(["sg-bp1pager0001"]);
    expect(net.model.groups[0].rules).toHaveLength(1);
    expect(net.unresolved.map((u) => u.kind).sort()).toEqual(["group-type", "inner-access-policy"]);
  });

  test("refuses a --pager file whose group cannot be told", () => {
    const e = refusal(() => readSource([jsonFile("rules.json", { Permissions: { Permission: [] } })]));
    expect(e.code).toBe("invalid-source");
    expect(e.field).toBe("rules.json $.Permissions");
  });

  test("merges a raw page and a --pager file of the same group without repeating rules", () => {
    const p = permission({ SecurityGroupRuleId: "sgr-1", Direction: "ingress", IpProtocol: "TCP", PortRange: "80/80", SourceCidrIp: "0.0.0.0/0" });
    const [net] = readSource([jsonFile("sg-a1.json", attribute("sg-a1", [p])), jsonFile("sg-a1.all.json", { Permissions: { Permission: [p] } })]);
    expect(net.model.groups[0].rules).toHaveLength(1);
    expect(net.model.groups[0].innerAccessPolicy).toBe("Accept");
  });

  test("marks a classic group classic only when VpcId is \"\", and asks for the other nic type", () => {
    const internet = permission({ Direction: "ingress", IpProtocol: "TCP", PortRange: "80/80", NicType: "internet", SourceCidrIp: "0.0.0.0/0" });
    const [one] = readSource([jsonFile("sg-c1.json", attribute("sg-c1", [internet], { VpcId: "" }))]);
    expect(one.model.groups[0].network).toBe("classic");
    expect(one.model.groups[0].vpcId).toBeUndefined();
    expect(one.unresolved).toContainEqual(expect.objectContaining({ kind: "classic-nic-type", subject: "sg-c1" }));
    const intranet = permission({ Direction: "ingress", IpProtocol: "TCP", PortRange: "22/22", NicType: "intranet", SourceCidrIp: "10.0.0.0/8" });
    const [both] = readSource([jsonFile("sg-c1.internet.json", attribute("sg-c1", [internet], { VpcId: "" })), jsonFile("sg-c1.intranet.json", attribute("sg-c1", [intranet], { VpcId: "" }))]);
    expect(both.model.groups[0].rules.map((r) => r.nicType)).toEqual(["internet", "intranet"]);
    expect(both.unresolved.some((u) => u.kind === "classic-nic-type")).toBe(false);
  });

  test("refuses an API error saved as a result, and an empty file", () => {
    expect(refusal(() => readSource([jsonFile("x.json", { Code: "InvalidSecurityGroupId.NotFound", Message: "The specified security group does not exist.", RequestId: "R" })])).field).toBe("x.json $.Code");
    for (const text of ["", " \n\t\r\n"]) expect(refusal(() => readSource([{ name: "y.json", text }]))).toMatchObject({ code: "invalid-source", field: "y.json $", message: expect.stringContaining("is empty") });
    expect(refusal(() => readSource([{ name: "z.json", text: "{\"Permissions\": " }])).field).toBe("z.json $");
  });

  test("refuses an unknown document, saying what it holds", () => {
    const e = refusal(() => readSource([jsonFile("other.json", { Vpcs: { Vpc: [] }, RequestId: "R" })]));
    expect(e.code).toBe("invalid-source");
    expect(e.message).toMatch(/Vpcs, RequestId/);
  });

  test("excludes a drop rule limited to source ports, and an unsupported protocol, saying why", () => {
    const [net] = readSource([
      jsonFile("sg-a1.json", attribute("sg-a1", [
        permission({ Direction: "ingress", IpProtocol: "TCP", PortRange: "22/22", SourcePortRange: "1024/65535", Policy: "Drop", SourceCidrIp: "0.0.0.0/0" }),
        permission({ Direction: "ingress", IpProtocol: "47", PortRange: "-1/-1", SourceCidrIp: "0.0.0.0/0" }),
        permission({ Direction: "ingress", IpProtocol: "TCP", PortRange: "80/80", SourcePortRange: "80/80", SourceCidrIp: "0.0.0.0/0" }),
      ])),
    ]);
    expect(net.model.groups[0].rules).toHaveLength(1);
    const kinds = net.unresolved.map((u) => `${u.kind}:${u.ruleIndex ?? "-"}`);
    expect(kinds).toEqual(expect.arrayContaining(["source-port-range:-", "unsupported-protocol:-", "source-port-range:0"]));
  });

  test("a peer on each side's own fields: the IPv4 CIDR first of several, the owner of a group peer by id or by name, and no owner on an address", () => {
    const [net] = readSource([
      jsonFile("sg-a1.json", attribute("sg-a1", [
        permission({ Direction: "ingress", IpProtocol: "TCP", PortRange: "22/22", SourceCidrIp: "10.0.0.0/8", SourceGroupId: "sg-x1", SourceGroupOwnerAccount: "123" }),
        permission({ Direction: "egress", IpProtocol: "TCP", PortRange: "443/443", DestGroupId: "sg-p1", DestGroupOwnerAccount: "1234567890123456", SourceGroupId: "sg-ignored1" }),
        permission({ Direction: "ingress", IpProtocol: "TCP", PortRange: "80/80", SourceGroupId: "sg-p2", SourceGroupOwnerAccount: "partner", DestGroupOwnerAccount: "999" }),
      ])),
    ]);
    const rules = net.model.groups[0].rules;
    expect(rules[0]).toMatchObject({ cidrIp: "10.0.0.0/8" });
    expect(rules[0]).not.toHaveProperty("sourceGroupOwnerId");
    expect(rules[0]).not.toHaveProperty("sourceSecurityGroupId");
    expect(net.unresolved).toContainEqual(expect.objectContaining({ kind: "ambiguous-peer", subject: "10.0.0.0/8 + sg-x1", groupId: "sg-a1" }));
    expect(rules[1]).toMatchObject({ type: "egress", sourceSecurityGroupId: "sg-p1", sourceGroupOwnerId: "1234567890123456" });
    expect(rules[2]).toMatchObject({ type: "ingress", sourceSecurityGroupId: "sg-p2", sourceGroupOwnerAccount: "partner" });
    expect(rules[2]).not.toHaveProperty("sourceGroupOwnerId");
  });

  test("a permission without a peer is an excluded rule with the library's reason, not a crash", () => {
    const [net] = readSource([jsonFile("sg-a1.json", attribute("sg-a1", [permission({ Direction: "ingress", IpProtocol: "TCP", PortRange: "80/80" })]))]);
    expect(net.model.groups[0].rules).toHaveLength(0);
    expect(net.unresolved).toContainEqual(expect.objectContaining({ kind: "invalid-rule", groupId: "sg-a1" }));
  });

  test("an invalid priority becomes an excluded rule with the library's reason", () => {
    const [net] = readSource([jsonFile("sg-a1.json", attribute("sg-a1", [permission({ Direction: "ingress", IpProtocol: "TCP", PortRange: "80/80", Priority: "high", SourceCidrIp: "0.0.0.0/0" })]))]);
    expect(net.model.groups[0].rules).toHaveLength(0);
    expect(net.unresolved).toContainEqual(expect.objectContaining({ kind: "invalid-rule", groupId: "sg-a1", effect: expect.stringMatching(/priority/) }));
  });

  test("a prefix list without its file is unresolved, and its accept rule matches nothing", () => {
    const [net] = readSource([jsonFile("sg-a1.json", attribute("sg-a1", [permission({ Direction: "ingress", IpProtocol: "TCP", PortRange: "22/22", SourcePrefixListId: "pl-missing1" })]))]);
    expect(net.unresolved).toContainEqual(expect.objectContaining({ kind: "prefix-list", subject: "pl-missing1", ruleIndex: 0, effect: expect.stringMatching(/under-reported/) }));
  });

  test("a group an instance names but the export lacks is listed with unknown rules", () => {
    const [net] = readSource([
      jsonFile("instances.json", { RegionId: "cn-hangzhou", NextToken: "", Instances: { Instance: [{ InstanceId: "i-1", SecurityGroupIds: { SecurityGroupId: ["sg-gone1"] }, VpcAttributes: { PrivateIpAddress: { IpAddress: ["10.0.0.5"] } } }] } }),
    ]);
    expect(net.rulesUnknown.has("sg-gone1")).toBe(true);
    expect(net.model.instances?.map((i) => i.id)).toEqual(["i-1"]);
  });
});
