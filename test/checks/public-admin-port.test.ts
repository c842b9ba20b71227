import { drop, egress, flagged, ingress, run } from "./helpers";
import { checkNetwork } from "../../lib/checks/check-network";
import { RuleArgs } from "../../lib/model/rule";

describe("public-admin-port", () => {
  test.each<[string, RuleArgs]>([
    ["tcp 22 from 0.0.0.0/0", ingress()],
    ["a tcp range 1/100 containing 22", ingress({ portRange: "1/100" })],
    ["the whole tcp range", ingress({ portRange: "1/65535" })],
    ["tcp 3389 from ::/0", ingress({ portRange: "3389/3389", ipv6CidrIp: "::/0" })],
    ["tcp 22 from 0::0/0", ingress({ ipv6CidrIp: "0::0/0" })],
    ["tcp 22 from 0:0:0:0:0:0:0:0/0", ingress({ ipv6CidrIp: "0:0:0:0:0:0:0:0/0" })],
    ["tcp 22 from a /0 written with host bits (1.2.3.4/0)", ingress({ cidrIp: "1.2.3.4/0" })],
    ["udp 3389 from 0.0.0.0/0", ingress({ ipProtocol: "udp", portRange: "3389/3389" })],
    ["protocol all from 0.0.0.0/0", ingress({ ipProtocol: "all", portRange: "-1/-1" })],
    ["protocol all from ::/0 with no port range", ingress({ ipProtocol: "all", portRange: undefined, ipv6CidrIp: "::/0" })],
  ])("flags %s", (_, rule) => {
    expect(flagged("public-admin-port", [rule])).toEqual([0]);
  });

  test.each<[string, RuleArgs]>([
    ["a range that stops short of 22 and starts after 3389", ingress({ portRange: "23/3388" })],
    ["tcp 22 from one address", ingress({ cidrIp: "203.0.113.7" })],
    ["tcp 22 from half of the Internet (0.0.0.0/1)", ingress({ cidrIp: "0.0.0.0/1" })],
    ["tcp 22 from 2001:db8::/32", ingress({ ipv6CidrIp: "2001:db8::/32" })],
    ["a drop rule", drop()],
    ["an egress rule", egress()],
    ["icmp from anywhere", ingress({ ipProtocol: "icmp", portRange: "-1/-1" })],
    ["gre from anywhere", ingress({ ipProtocol: "gre", portRange: "-1/-1" })],
    ["tcp 22 from a security group", ingress({ sourceSecurityGroupId: "sg-bastion" })],
    ["tcp 22 from a prefix list the network does not describe", ingress({ prefixListId: "pl-office" })],
    ["tcp 80 from anywhere", ingress({ portRange: "80/80" })],
  ])("leaves alone %s", (_, rule) => {
    expect(flagged("public-admin-port", [rule])).toEqual([]);
  });

  test("flags a prefix list that holds 0.0.0.0/0", () => {
    expect(flagged("public-admin-port", [ingress({ prefixListId: "pl-any" })], {}, {}, [{ id: "pl-any", cidrs: ["203.0.113.0/24", "0.0.0.0/0"] }])).toEqual([0]);
  });

  test("leaves alone a prefix list of office ranges", () => {
    expect(flagged("public-admin-port", [ingress({ prefixListId: "pl-office" })], {}, {}, [{ id: "pl-office", cidrs: ["203.0.113.0/24"] }])).toEqual([]);
  });

  describe("priorities", () => {
    test("a priority-1 drop of tcp 22 from anywhere makes a priority-1 accept shadowed, not exposed", () => {
      const rules = [ingress({ priority: 1 }), drop({ priority: 1 })];
      expect(flagged("public-admin-port", rules)).toEqual([]);
      expect(flagged("shadowed-rule", rules)).toEqual([0]);
    });

    test("a priority-2 drop does not excuse a priority-1 accept, and is itself shadowed", () => {
      const rules = [ingress({ priority: 1 }), drop({ priority: 2 })];
      expect(flagged("public-admin-port", rules)).toEqual([0]);
      expect(flagged("shadowed-rule", rules)).toEqual([1]);
    });

    test("a better-priority drop of tcp 22 excuses only port 22 of a wider range", () => {
      const rules = [ingress({ portRange: "1/100", priority: 5 }), drop({ priority: 4 })];
      expect(flagged("public-admin-port", rules)).toEqual([]);
      expect(flagged("world-open-non-web", rules)).toEqual([0]);
      expect(flagged("shadowed-rule", rules)).toEqual([]);
    });

    test("reports the admin ports a partial drop leaves open", () => {
      const [f] = run("public-admin-port", [ingress({ ipProtocol: "all", portRange: "-1/-1" }), drop()]);
      expect(f.message).toContain("tcp:3389; udp:22, 3389");
    });

    test("a drop from half of the Internet does not excuse the other half", () => {
      expect(flagged("public-admin-port", [ingress(), drop({ cidrIp: "0.0.0.0/1" })])).toEqual([0]);
    });

    test("drops from both halves of the Internet together excuse it", () => {
      const rules = [ingress(), drop({ cidrIp: "0.0.0.0/1" }), drop({ cidrIp: "128.0.0.0/1" })];
      expect(flagged("public-admin-port", rules)).toEqual([]);
      expect(flagged("shadowed-rule", rules)).toEqual([0]);
    });

    test.each<[string, RuleArgs]>([
      ["an IPv6 drop for an IPv4 accept", drop({ ipv6CidrIp: "::/0" })],
      ["a udp drop for a tcp accept", drop({ ipProtocol: "udp" })],
      ["an egress drop", drop({ type: "egress" })],
      ["a drop of another port", drop({ portRange: "23/23" })],
    ])("is not excused by %s", (_, d) => {
      expect(flagged("public-admin-port", [ingress(), d])).toEqual([0]);
    });

    test("a drop of all protocols from anywhere excuses everything", () => {
      expect(flagged("public-admin-port", [ingress({ ipProtocol: "all", portRange: "-1/-1" }), drop({ ipProtocol: "all", portRange: "-1/-1" })])).toEqual([]);
    });

    test("a drop in another group excuses nothing", () => {
      const findings = checkNetwork({ groups: [{ id: "sg-a", vpcId: "vpc-1", rules: [ingress()] }, { id: "sg-b", vpcId: "vpc-1", rules: [drop()] }] }, { checks: ["public-admin-port"] });
      expect(findings.map((f) => f.groupId)).toEqual(["sg-a"]);
    });

    test("in a classic group, an intranet drop does not excuse an internet accept", () => {
      expect(flagged("public-admin-port", [ingress(), drop({ nicType: "intranet" })], {}, { vpcId: undefined, network: "classic" })).toEqual([0]);
    });
  });

  test("takes its ports from the options", () => {
    expect(flagged("public-admin-port", [ingress(), ingress({ portRange: "2222/2222" })], { adminPorts: [2222] })).toEqual([1]);
  });

  test("reports high severity, the rule by meaning, a fix and the Config rule", () => {
    expect(run("public-admin-port", [ingress({ portRange: "1/100", ipv6CidrIp: "0::0/0" })])).toEqual([
      {
        check: "public-admin-port",
        severity: "high",
        groupId: "sg-test",
        ruleIndex: 0,
        message: "ingress accept tcp:1-100 from ::/0 (priority 1) opens admin port tcp:22 to every address.",
        fix: expect.stringContaining("Workbench"),
        configRule: "sg-risky-ports-check",
      },
    ]);
  });
});
