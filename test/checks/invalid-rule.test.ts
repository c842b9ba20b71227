import { ingress, run } from "./helpers";
import { RuleArgs } from "../../lib/model/rule";

describe("invalid-rule", () => {
  test.each<[string, unknown, Record<string, unknown>, RegExp]>([
    ["a reversed port range (seed 001: 200/1)", ingress({ portRange: "200/1" }), {}, /^alicloud-secgroups: rules\[0\]\.portRange starts after it ends/],
    ["an empty cidrIp, which is no source", ingress({ cidrIp: "" }), {}, /^alicloud-secgroups: rules\[0\]\.cidrIp is missing/],
    ["an upper-case protocol", ingress({ ipProtocol: "TCP" as "tcp" }), {}, /rules\[0\]\.ipProtocol is not an accepted value/],
    ["a priority of 0", ingress({ priority: 0 }), {}, /rules\[0\]\.priority/],
    ["two sources", ingress({ sourceSecurityGroupId: "sg-a", cidrIp: "10.0.0.0/8" }), {}, /name 2 sources/],
    ["an internet rule in a VPC group", ingress({ nicType: "internet" }), {}, /rules\[0\]\.nicType is "internet", but group "sg-test" is in a VPC/],
    ["a group peer in an enterprise group", ingress({ sourceSecurityGroupId: "sg-a" }), { type: "enterprise" }, /rules\[0\]\.sourceSecurityGroupId names a security group, which enterprise group "sg-test" cannot authorise/],
    ["something that is not a rule", null, {}, /^alicloud-secgroups: rules\[0\]\.rule must be an object/],
  ])("reports %s with the validation message", (_, rule, group, message) => {
    const findings = run("invalid-rule", [rule as RuleArgs], {}, group);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ check: "invalid-rule", severity: "high", ruleIndex: 0 });
    expect(findings[0].message).toMatch(message);
  });

  test("reports nothing for valid rules, in any spelling", () => {
    expect(run("invalid-rule", [ingress(), ingress({ ipv6CidrIp: "0:0:0:0:0:0:0:0/0" }), ingress({ cidrIp: "10.159.6.18/12" })])).toEqual([]);
  });

  test("keeps checking the other rules", () => {
    expect(run("public-admin-port", [ingress({ portRange: "22/1" }), ingress()]).map((f) => f.ruleIndex)).toEqual([1]);
  });
});
