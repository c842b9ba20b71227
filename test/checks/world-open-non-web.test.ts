import { drop, egress, flagged, ingress, run } from "./helpers";
import { RuleArgs } from "../../lib/model/rule";

describe("world-open-non-web", () => {
  test.each<[string, RuleArgs]>([
    ["tcp 80 from anywhere", ingress({ portRange: "80/80" })],
    ["tcp 443 from ::/0", ingress({ portRange: "443/443", ipv6CidrIp: "::/0" })],
    ["udp 443 (HTTP/3) from anywhere", ingress({ ipProtocol: "udp", portRange: "443/443" })],
    ["tcp 8080 from a private block", ingress({ portRange: "8080/8080", cidrIp: "10.0.0.0/16" })],
    ["icmp from a single address", ingress({ ipProtocol: "icmp", portRange: "-1/-1", cidrIp: "203.0.113.7" })],
    ["all protocols from a security group", ingress({ ipProtocol: "all", portRange: "-1/-1", sourceSecurityGroupId: "sg-a" })],
    ["a drop of everything from anywhere", drop({ ipProtocol: "all", portRange: "-1/-1" })],
    ["egress of everything to anywhere", egress({ ipProtocol: "all", portRange: "-1/-1" })],
  ])("leaves alone %s", (_, rule) => {
    expect(flagged("world-open-non-web", [rule])).toEqual([]);
  });

  test.each<[string, RuleArgs, string]>([
    ["tcp 8080", ingress({ portRange: "8080/8080" }), "tcp:8080"],
    ["the range 80/443", ingress({ portRange: "80/443" }), "tcp:81-442"],
    ["SSH from 0:0:0:0:0:0:0:0/0", ingress({ ipv6CidrIp: "0:0:0:0:0:0:0:0/0" }), "tcp:22"],
    ["icmp", ingress({ ipProtocol: "icmp", portRange: "-1/-1" }), "icmp"],
    ["icmpv6", ingress({ ipProtocol: "icmpv6", portRange: "-1/-1", ipv6CidrIp: "::/0" }), "icmpv6"],
    ["gre", ingress({ ipProtocol: "gre", portRange: "-1/-1" }), "gre"],
    ["all protocols", ingress({ ipProtocol: "all", portRange: "-1/-1" }), "tcp:1-79, 81-442, 444-65535; udp:1-79, 81-442, 444-65535; icmp; gre; every other IP protocol"],
  ])("flags %s from anywhere, naming what lies beyond the web ports", (_, rule, text) => {
    const [f] = run("world-open-non-web", [rule]);
    expect(f.message).toContain(`opens ${text} to every address`);
    expect(f.severity).toBe("medium");
  });

  test("is excused when better-or-equal priority drops deny everything but web ports", () => {
    expect(flagged("world-open-non-web", [ingress({ portRange: "80/81", priority: 2 }), drop({ portRange: "81/81", priority: 2 })])).toEqual([]);
  });

  test("takes the allow-list from the options", () => {
    expect(flagged("world-open-non-web", [ingress({ portRange: "8443/8443" }), ingress({ portRange: "443/443" })], { webPorts: [8443] })).toEqual([1]);
  });

  test("names the white-list Config rule for ports and the public-access one for portless protocols", () => {
    const findings = run("world-open-non-web", [ingress({ portRange: "8080/8080" }), ingress({ ipProtocol: "gre", portRange: "-1/-1" })]);
    expect(findings.map((f) => f.configRule)).toEqual(["ecs-security-group-white-list-port-check", "sg-public-access-check"]);
  });
});
