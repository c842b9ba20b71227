import { drop, egress, flagged, ingress, run } from "./helpers";
import { RuleArgs } from "../../lib/model/rule";

const all = (o: Partial<RuleArgs> = {}) => ingress({ ipProtocol: "all", portRange: "-1/-1", ...o });

describe("shadowed-rule", () => {
  test.each<[string, RuleArgs[], number[]]>([
    ["an accept covered by a broader accept of better priority", [ingress({ priority: 1, portRange: "1/100" }), ingress({ priority: 2, cidrIp: "10.0.0.0/8" })], [1]],
    ["an accept covered by a drop of equal priority (drop wins ties)", [ingress({ priority: 3 }), drop({ priority: 3, portRange: "1/1024" })], [0]],
    ["a drop covered by an accept of better priority", [ingress({ priority: 1 }), drop({ priority: 2 })], [1]],
    ["an accept covered by two port ranges together", [ingress({ portRange: "1/100" }), ingress({ portRange: "101/200" }), ingress({ portRange: "50/150", priority: 2 })], [2]],
    ["an accept covered by both halves of a block", [ingress({ cidrIp: "10.0.0.0/9" }), ingress({ cidrIp: "10.128.0.0/9" }), ingress({ cidrIp: "10.0.0.0/8", priority: 2 })], [2]],
    ["an accept covered by a drop of every protocol", [drop({ ipProtocol: "all", portRange: "-1/-1" }), ingress({ ipProtocol: "icmp", portRange: "-1/-1", priority: 50 })], [1]],
    ["an IPv6 accept covered by a drop written another way", [drop({ ipv6CidrIp: "0:0:0:0:0:0:0:0/0", ipProtocol: "all", portRange: "-1/-1" }), ingress({ ipv6CidrIp: "2001:db8::/32", priority: 2 })], [1]],
    ["a group-peer rule covered by a rule naming the same group", [all({ sourceSecurityGroupId: "sg-app" }), ingress({ sourceSecurityGroupId: "sg-app", priority: 2 })], [1]],
    ["a prefix-list rule covered by a rule naming the same list", [all({ prefixListId: "pl-a" }), ingress({ prefixListId: "pl-a", priority: 2 })], [1]],
    ["an egress accept covered by an egress drop", [egress({ policy: "drop", ipProtocol: "all", portRange: "-1/-1", priority: 1 }), egress({ portRange: "443/443", priority: 2 })], [1]],
  ])("flags %s", (_, rules, expected) => {
    expect(flagged("shadowed-rule", rules)).toEqual(expected);
  });

  test.each<[string, RuleArgs[]]>([
    ["two accepts of equal priority", [ingress({ portRange: "1/100" }), ingress()]],
    ["two identical drops of equal priority", [drop(), drop()]],
    ["a drop covered by an accept of equal priority", [ingress({ portRange: "1/100", priority: 4 }), drop({ priority: 4 })]],
    ["an accept covered only on part of its ports", [ingress({ portRange: "1/100" }), ingress({ portRange: "50/150", priority: 2 })]],
    ["an accept covered only on half of its block", [ingress({ cidrIp: "10.0.0.0/9" }), ingress({ cidrIp: "10.0.0.0/8", priority: 2 })]],
    ["an ingress rule under an egress rule", [egress({ policy: "drop" }), ingress({ priority: 2 })]],
    ["a tcp rule under a udp rule", [drop({ ipProtocol: "udp" }), ingress({ priority: 2 })]],
    ["an all-protocol accept under tcp, udp, icmp and gre drops (other protocols still match)", [drop({ portRange: "1/65535" }), drop({ ipProtocol: "udp", portRange: "1/65535" }), drop({ ipProtocol: "icmp", portRange: "-1/-1" }), drop({ ipProtocol: "gre", portRange: "-1/-1" }), all({ priority: 2 })]],
    ["an IPv4 rule under an IPv6 rule", [drop({ ipv6CidrIp: "::/0" }), ingress({ priority: 2 })]],
    ["a group-peer rule under a 0.0.0.0/0 rule (a group is never an address)", [drop({ ipProtocol: "all", portRange: "-1/-1" }), ingress({ sourceSecurityGroupId: "sg-app", priority: 2 })]],
    ["a group-peer rule under the same group of another account", [all({ sourceSecurityGroupId: "sg-app", sourceGroupOwnerId: "1234567890" }), ingress({ sourceSecurityGroupId: "sg-app", priority: 2 })]],
    ["a prefix-list rule under a 0.0.0.0/0 rule (entries are not compared)", [drop({ ipProtocol: "all", portRange: "-1/-1" }), ingress({ prefixListId: "pl-a", priority: 2 })]],
    ["a prefix-list rule under another list", [all({ prefixListId: "pl-b" }), ingress({ prefixListId: "pl-a", priority: 2 })]],
    ["the seed's outbound whitelist (priority-1 allows, priority-2 deny-all)", [egress({ portRange: "443/443", cidrIp: "203.0.113.0/24", priority: 1 }), egress({ policy: "drop", ipProtocol: "all", portRange: "-1/-1", priority: 2 })]],
  ])("leaves alone %s", (_, rules) => {
    expect(flagged("shadowed-rule", rules)).toEqual([]);
  });

  test("in a classic group, an internet rule is not shadowed by an intranet rule", () => {
    expect(flagged("shadowed-rule", [drop({ nicType: "intranet" }), ingress({ priority: 2 })], {}, { vpcId: undefined, network: "classic" })).toEqual([]);
  });

  test("names the single rule that covers it, the best-priority one", () => {
    const findings = run("shadowed-rule", [drop({ priority: 2, portRange: "1/100" }), ingress({ priority: 3 }), drop({ priority: 1, ipProtocol: "all", portRange: "-1/-1" })]);
    expect(findings.map((x) => x.ruleIndex)).toEqual([0, 1]);
    const f = findings[1];
    expect(f.message).toBe("ingress accept tcp:22 from 0.0.0.0/0 (priority 3) never takes effect: ingress drop all from 0.0.0.0/0 (priority 1) decides everything it matches first.");
  });

  test("explains a tie lost to a drop", () => {
    const [f] = run("shadowed-rule", [ingress(), drop()]);
    expect(f.message).toContain("(at equal priority, drop wins)");
  });

  test("says when several rules cover it together", () => {
    const [f] = run("shadowed-rule", [ingress({ cidrIp: "0.0.0.0/1" }), ingress({ cidrIp: "128.0.0.0/1" }), ingress({ priority: 2 })]);
    expect(f.message).toContain("rules of better priority together decide everything it matches first");
    expect(f.severity).toBe("low");
  });
});
