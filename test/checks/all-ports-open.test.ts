import { drop, egress, flagged, ingress, run } from "./helpers";
import { RuleArgs } from "../../lib/model/rule";

const all = (o: Partial<RuleArgs> = {}) => ingress({ ipProtocol: "all", portRange: "-1/-1", ...o });

describe("all-ports-open", () => {
  test.each<[string, RuleArgs]>([
    ["all protocols from 0.0.0.0/0", all()],
    ["all protocols from one address", all({ cidrIp: "10.0.0.7" })],
    ["all protocols from ::/0", all({ ipv6CidrIp: "::/0" })],
    ["every tcp port from a private block", ingress({ portRange: "1/65535", cidrIp: "192.168.0.0/24" })],
    ["every udp port from anywhere", ingress({ ipProtocol: "udp", portRange: "1/65535" })],
    ["all protocols from a prefix list", all({ prefixListId: "pl-partners" })],
  ])("flags %s", (_, rule) => {
    expect(flagged("all-ports-open", [rule])).toEqual([0]);
  });

  test.each<[string, RuleArgs]>([
    ["every tcp port but one", ingress({ portRange: "1/65534" })],
    ["all protocols from a security group (interconnection)", all({ sourceSecurityGroupId: "sg-peers" })],
    ["a drop of all protocols", drop({ ipProtocol: "all", portRange: "-1/-1" })],
    ["egress of all protocols", egress({ ipProtocol: "all", portRange: "-1/-1" })],
    ["icmp from anywhere", ingress({ ipProtocol: "icmp", portRange: "-1/-1" })],
  ])("leaves alone %s", (_, rule) => {
    expect(flagged("all-ports-open", [rule])).toEqual([]);
  });

  test("is excused when better-or-equal priority drops deny all of it", () => {
    expect(flagged("all-ports-open", [all({ priority: 3 }), drop({ ipProtocol: "all", portRange: "-1/-1", priority: 3 })])).toEqual([]);
  });

  test("is not excused when drops deny only part of it, and says what is left", () => {
    const [f] = run("all-ports-open", [ingress({ portRange: "1/65535", priority: 3 }), drop({ portRange: "1/1024", priority: 1 })]);
    expect(f.message).toBe("ingress accept tcp:1-65535 from 0.0.0.0/0 (priority 3) opens every tcp port (drop rules leave open tcp:1025-65535).");
  });

  test("an all-protocol rule is excused only by drops that also cover protocols beyond tcp, udp, icmp and gre", () => {
    const drops = ["tcp", "udp"].map((p) => drop({ ipProtocol: p as "tcp", portRange: "1/65535" })).concat(["icmp", "gre"].map((p) => drop({ ipProtocol: p as "icmp", portRange: "-1/-1" })));
    const [f] = run("all-ports-open", [all({ priority: 2 }), ...drops]);
    expect(f.message).toContain("drop rules leave open every other IP protocol");
  });

  test("names the Config rule by what is open", () => {
    const findings = run("all-ports-open", [all(), ingress({ portRange: "1/65535" })]);
    expect(findings.map((f) => [f.ruleIndex, f.configRule, f.severity])).toEqual([
      [0, "ecs-security-group-not-open-all-protocol", "high"],
      [1, "ecs-security-group-not-open-all-port", "high"],
    ]);
  });
});
