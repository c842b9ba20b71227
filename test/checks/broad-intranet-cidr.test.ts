import { drop, egress, flagged, ingress, run } from "./helpers";
import { RuleArgs } from "../../lib/model/rule";

describe("broad-intranet-cidr", () => {
  test.each<[string, RuleArgs]>([
    ["10.0.0.0/8 (seed 001's example)", ingress({ cidrIp: "10.0.0.0/8" })],
    ["172.16.0.0/12", ingress({ cidrIp: "172.16.0.0/12" })],
    ["10.0.0.0/15", ingress({ cidrIp: "10.0.0.0/15", portRange: "3306/3306" })],
    ["a /12 written with host bits (10.159.6.18/12)", ingress({ cidrIp: "10.159.6.18/12" })],
  ])("flags %s", (_, rule) => {
    expect(flagged("broad-intranet-cidr", [rule])).toEqual([0]);
  });

  test.each<[string, RuleArgs]>([
    ["a /16 (the threshold itself)", ingress({ cidrIp: "192.168.0.0/16" })],
    ["a vSwitch /24", ingress({ cidrIp: "10.0.1.0/24" })],
    ["0.0.0.0/0 (public, not private space)", ingress({ cidrIp: "0.0.0.0/0" })],
    ["100.64.0.0/10 (shared space, not RFC 1918)", ingress({ cidrIp: "100.64.0.0/10" })],
    ["an IPv6 unique-local block", ingress({ ipv6CidrIp: "fd00::/8" })],
    ["a drop of 10.0.0.0/8", drop({ cidrIp: "10.0.0.0/8" })],
    ["egress to 10.0.0.0/8", egress({ cidrIp: "10.0.0.0/8" })],
    ["a security group peer", ingress({ sourceSecurityGroupId: "sg-app" })],
  ])("leaves alone %s", (_, rule) => {
    expect(flagged("broad-intranet-cidr", [rule])).toEqual([]);
  });

  test("flags a prefix list holding a broad private block", () => {
    expect(flagged("broad-intranet-cidr", [ingress({ prefixListId: "pl-lan" })], {}, {}, [{ id: "pl-lan", cidrs: ["10.0.1.0/24", "172.16.0.0/12"] }])).toEqual([0]);
  });

  test("is excused by a better-priority drop covering it", () => {
    expect(flagged("broad-intranet-cidr", [ingress({ cidrIp: "10.0.0.0/8", priority: 2 }), drop({ cidrIp: "10.0.0.0/8", priority: 1 })])).toEqual([]);
  });

  test("takes the threshold from the options", () => {
    expect(flagged("broad-intranet-cidr", [ingress({ cidrIp: "10.1.0.0/16" }), ingress({ cidrIp: "10.1.2.0/24" })], { minPrivatePrefixLength: 24 })).toEqual([0]);
  });

  test("reports medium severity and suggests a security group", () => {
    const [f] = run("broad-intranet-cidr", [ingress({ cidrIp: "10.0.0.0/8" })]);
    expect(f.severity).toBe("medium");
    expect(f.message).toBe("ingress accept tcp:22 from 10.0.0.0/8 (priority 1) authorises 10.0.0.0/8, private space broader than /16.");
    expect(f.fix).toContain("security group");
    expect(f.configRule).toBeUndefined();
  });
});
