/**
 * Nothing read is dropped or guessed without a word: two rules sharing an id are both
 * evaluated, every trimmed or defaulted value is listed as assumed with its file and rule, and
 * keys from a file stay data.
 */
import { audit } from "../../lib/review/audit";
import { readSource } from "../../lib/sources";
import { attribute, jsonFile, permission } from "../sources/helpers";

const SSH = { Direction: "ingress", IpProtocol: "TCP", PortRange: "22/22", SourceCidrIp: "0.0.0.0/0" };
const ecs = (...perms: Record<string, unknown>[]) => readSource([jsonFile("sg-1.json", attribute("sg-1", perms))])[0];

describe("one rule id, two different rules", () => {
  const perms = [permission({ SecurityGroupRuleId: "sgr-1", ...SSH, PortRange: "443/443" }), permission({ SecurityGroupRuleId: "sgr-1", ...SSH })];

  test("both are in the model, and the conflict is listed with both places", () => {
    const net = ecs(...perms);
    expect(net.model.groups[0].rules.map((r) => r.portRange)).toEqual(["443/443", "22/22"]);
    expect(net.conflicts).toEqual([
      expect.objectContaining({ ruleId: "sgr-1", groupId: "sg-1", ruleIndex: 1, origin: expect.objectContaining({ path: "$.Permissions.Permission[1]" }), other: expect.objectContaining({ ruleIndex: 0, origin: expect.objectContaining({ path: "$.Permissions.Permission[0]" }) }) }),
    ]);
  });

  test("the audit keeps the world-open SSH finding and adds a medium conflicting-rule-id naming both", () => {
    const report = audit([ecs(...perms)]);
    expect(report.findings.map((f) => [f.check, f.severity])).toEqual(expect.arrayContaining([["public-admin-port", "high"], ["conflicting-rule-id", "medium"]]));
    const conflict = report.findings.find((f) => f.check === "conflicting-rule-id");
    expect(conflict?.message).toContain("sg-1.json $.Permissions.Permission[0]");
    expect(conflict?.message).toContain("sg-1.json $.Permissions.Permission[1]");
  });

  test("across page files too; identical copies still merge", () => {
    const pages = readSource([
      jsonFile("sg-1.page1.json", attribute("sg-1", [perms[0]], { NextToken: "t" })),
      jsonFile("sg-1.page2.json", attribute("sg-1", [perms[0], perms[1]])),
    ])[0];
    expect(pages.model.groups[0].rules).toHaveLength(2);
    expect(pages.conflicts.map((c) => [c.origin.file, c.other.origin.file])).toEqual([["sg-1.page2.json", "sg-1.page1.json"]]);
    expect(ecs(perms[0], perms[0]).conflicts).toEqual([]);
  });

  test("two rule resources of a stack export with one rule id", () => {
    const rule = (name: string, portRange: string) => ({ type: "alicloud:ecs/securityGroupRule:SecurityGroupRule", urn: `urn:pulumi:s::p::alicloud:ecs/securityGroupRule:SecurityGroupRule::${name}`, outputs: { securityGroupId: "sg-1", securityGroupRuleId: "sgr-9", type: "ingress", ipProtocol: "tcp", portRange, cidrIp: "0.0.0.0/0", policy: "accept", priority: 1 } });
    const group = { type: "alicloud:ecs/securityGroup:SecurityGroup", urn: "g", id: "sg-1", outputs: { id: "sg-1", vpcId: "vpc-1" } };
    const net = readSource([jsonFile("stack.json", { version: 3, deployment: { manifest: {}, resources: [group, rule("a", "443/443"), rule("b", "22/22")] } })])[0];
    expect(net.model.groups[0].rules).toHaveLength(2);
    expect(net.conflicts.map((c) => c.ruleId)).toEqual(["sgr-9"]);
  });
});

describe("ASCII whitespace around enums and numbers is trimmed alike, and listed", () => {
  test.each([
    ["a protocol", { IpProtocol: "Tcp " }, "IpProtocol"],
    ["a priority", { Priority: " 1 " }, "Priority"],
    ["a direction", { Direction: "\tingress" }, "Direction"],
    ["a policy", { Policy: "Accept\n" }, "Policy"],
    ["a port range", { PortRange: " 22/22" }, "PortRange"],
    ["a carriage return after a protocol", { IpProtocol: "tcp\r" }, "IpProtocol"],
    ["a form feed before a priority", { Priority: "\f1" }, "Priority"],
  ])("%s in an ECS export", (_, fields, subject) => {
    const net = ecs(permission({ SecurityGroupRuleId: "sgr-1", ...SSH, ...fields }));
    expect(net.model.groups[0].rules).toEqual([expect.objectContaining({ ipProtocol: "tcp", portRange: "22/22", priority: 1, type: "ingress", policy: "accept" })]);
    expect(net.unresolved).toContainEqual(expect.objectContaining({ kind: "trimmed-value", subject, groupId: "sg-1", ruleIndex: 0, origin: expect.objectContaining({ file: "sg-1.json", ruleId: "sgr-1" }) }));
  });

  test("only ASCII whitespace: a no-break space around a protocol is kept, and the protocol refused", () => {
    const net = ecs(permission({ SecurityGroupRuleId: "sgr-1", ...SSH, IpProtocol: "\u00a0tcp" }));
    expect(net.model.groups[0]?.rules ?? []).toEqual([]);
    expect(net.unresolved.filter((u) => u.kind === "trimmed-value")).toEqual([]);
  });

  test("in a stack export and a Terraform state", () => {
    const stack = readSource([
      jsonFile("stack.json", {
        version: 3,
        deployment: {
          manifest: {},
          resources: [
            { type: "alicloud:ecs/securityGroup:SecurityGroup", urn: "g", id: "sg-1", outputs: { id: "sg-1", vpcId: "vpc-1", innerAccessPolicy: "Drop " } },
            { type: "alicloud:ecs/securityGroupRule:SecurityGroupRule", urn: "r", outputs: { securityGroupId: "sg-1", type: "ingress", ipProtocol: "tcp ", portRange: "22/22", cidrIp: "0.0.0.0/0", policy: "accept", priority: " 2" } },
          ],
        },
      }),
    ])[0];
    expect(stack.model.groups[0]).toMatchObject({ innerAccessPolicy: "Drop", rules: [expect.objectContaining({ ipProtocol: "tcp", priority: 2 })] });
    expect(stack.unresolved.filter((u) => u.kind === "trimmed-value").map((u) => [u.subject, u.origin?.path])).toEqual([
      ["innerAccessPolicy", "$.deployment.resources[0]"],
      ["ipProtocol", "$.deployment.resources[1]"],
      ["priority", "$.deployment.resources[1]"],
    ]);
    const state = readSource([
      jsonFile("terraform.tfstate", {
        version: 4,
        terraform_version: "1.5.0",
        resources: [
          { mode: "managed", type: "alicloud_security_group", name: "g", instances: [{ attributes: { id: "sg-1", vpc_id: "vpc-1" } }] },
          { mode: "managed", type: "alicloud_security_group_rule", name: "r", instances: [{ attributes: { security_group_id: "sg-1", type: "ingress ", ip_protocol: "tcp", port_range: "22/22", cidr_ip: "0.0.0.0/0", policy: "accept", priority: 1 } }] },
        ],
      }),
    ])[0];
    expect(state.model.groups[0].rules).toHaveLength(1);
    expect(state.unresolved).toContainEqual(expect.objectContaining({ kind: "trimmed-value", subject: "type", origin: expect.objectContaining({ file: "terraform.tfstate", path: "$.resources[1].instances[0]" }) }));
  });
});

describe("defaults are listed as assumed, with the file and the rule", () => {
  test("a permission without Policy or Priority is read as accept, priority 1, and both are listed", () => {
    const { Policy: _p, Priority: _q, ...bare } = permission({ SecurityGroupRuleId: "sgr-1", ...SSH });
    const net = ecs(bare);
    expect(net.model.groups[0].rules[0]).toMatchObject({ policy: "accept", priority: 1 });
    const assumed = net.unresolved.filter((u) => u.kind === "default-value");
    expect(assumed.map((u) => [u.subject, u.groupId, u.ruleIndex, u.origin?.file, u.origin?.ruleId])).toEqual([
      ["policy", "sg-1", 0, "sg-1.json", "sgr-1"],
      ["priority", "sg-1", 0, "sg-1.json", "sgr-1"],
    ]);
  });

  test("a classic-network group's rule without NicType is listed; a VPC group's is not (it cannot matter)", () => {
    const noNic = permission({ SecurityGroupRuleId: "sgr-1", ...SSH, NicType: "" });
    const classic = readSource([jsonFile("sg-1.json", attribute("sg-1", [noNic], { VpcId: "" }))])[0];
    expect(classic.unresolved).toContainEqual(expect.objectContaining({ kind: "default-value", subject: "nicType", effect: expect.stringMatching(/internet \(a CIDR peer\)/) }));
    expect(ecs(noNic).unresolved.some((u) => u.kind === "default-value")).toBe(false);
  });

  test("a missing Direction or IpProtocol leaves the rule unresolved, with what could be read of it", () => {
    const net = ecs(permission({ SecurityGroupRuleId: "sgr-1", ...SSH, IpProtocol: "" }), permission({ SecurityGroupRuleId: "sgr-2", ...SSH, Direction: "" }));
    expect(net.model.groups[0].rules).toEqual([]);
    expect(net.unresolved.filter((u) => u.kind === "invalid-rule").map((u) => [u.subject, u.rule])).toEqual([
      ["sgr-1", expect.objectContaining({ type: "ingress", portRange: "22/22", cidrIp: "0.0.0.0/0" })],
      ["sgr-2", expect.objectContaining({ ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" })],
    ]);
  });
});

describe("keys from a file are data", () => {
  test("a tag keyed __proto__ is kept as a tag in an ECS group list and a stack export", () => {
    const listed = readSource([jsonFile("groups.json", { SecurityGroups: { SecurityGroup: [{ SecurityGroupId: "sg-1", VpcId: "vpc-1", Tags: { Tag: [{ TagKey: "__proto__", TagValue: "x" }, { TagKey: "env", TagValue: "prod" }] } }] } })])[0];
    expect(Object.entries(listed.model.groups[0].tags ?? {})).toEqual([["__proto__", "x"], ["env", "prod"]]);
    const stack = readSource([jsonFile("stack.json", JSON.parse('{"version":3,"deployment":{"manifest":{},"resources":[{"type":"alicloud:ecs/securityGroup:SecurityGroup","urn":"g","id":"sg-1","outputs":{"id":"sg-1","vpcId":"vpc-1","tags":{"__proto__":"x","env":"prod"}}}]}}'))])[0];
    expect(Object.entries(stack.model.groups[0].tags ?? {})).toEqual([["__proto__", "x"], ["env", "prod"]]);
  });

  test("a Terraform attribute keyed __proto__ cannot lend a rule fields it does not have", () => {
    const text = '{"version":4,"terraform_version":"1.5.0","resources":[{"mode":"managed","type":"alicloud_security_group","name":"g","instances":[{"attributes":{"id":"sg-1","vpc_id":"vpc-1"}}]},{"mode":"managed","type":"alicloud_security_group_rule","name":"r","instances":[{"attributes":{"security_group_id":"sg-1","__proto__":{"type":"ingress","ipProtocol":"tcp","portRange":"22/22","cidrIp":"0.0.0.0/0"}}}]}]}';
    const net = readSource([{ name: "terraform.tfstate", text }])[0];
    expect(net.model.groups[0].rules).toEqual([]);
    expect(net.unresolved).toContainEqual(expect.objectContaining({ kind: "invalid-rule", origin: expect.objectContaining({ path: "$.resources[1].instances[0]" }) }));
  });

  test("a resource typed like an Object.prototype member is read as an unknown type", () => {
    const resources = ["constructor", "toString", "__proto__"].map((type) => ({ type, urn: type, outputs: { securityGroupIds: ["sg-1"] } }));
    expect(() => readSource([jsonFile("stack.json", { version: 3, deployment: { manifest: {}, resources } })])).not.toThrow();
  });
});
