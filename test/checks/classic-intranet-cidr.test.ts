import { drop, egress, flagged, ingress, run } from "./helpers";
import { RuleArgs } from "../../lib/model/rule";

const classic = { vpcId: undefined, network: "classic" as const };

describe("classic-intranet-cidr", () => {
  test.each<[string, RuleArgs]>([
    ["an intranet rule from a CIDR block", ingress({ nicType: "intranet", cidrIp: "10.1.2.3" })],
    ["an intranet rule from an IPv6 block", ingress({ nicType: "intranet", ipv6CidrIp: "2001:db8::/64" })],
  ])("flags, in a classic group, %s", (_, rule) => {
    expect(flagged("classic-intranet-cidr", [rule], {}, classic)).toEqual([0]);
  });

  test.each<[string, RuleArgs]>([
    ["an internet rule (the default nic type for CIDR rules)", ingress({ cidrIp: "10.1.2.3" })],
    ["an intranet rule from a security group", ingress({ nicType: "intranet", sourceSecurityGroupId: "sg-redis-clients" })],
    ["an intranet drop from a CIDR block", drop({ nicType: "intranet", cidrIp: "10.0.0.0/8" })],
    ["intranet egress to a CIDR block", egress({ nicType: "intranet", cidrIp: "10.1.2.3" })],
  ])("leaves alone, in a classic group, %s", (_, rule) => {
    expect(flagged("classic-intranet-cidr", [rule], {}, classic)).toEqual([]);
  });

  test("leaves VPC groups alone", () => {
    expect(flagged("classic-intranet-cidr", [ingress({ nicType: "intranet", cidrIp: "10.1.2.3" })])).toEqual([]);
  });

  test("treats an empty vpcId as the classic network", () => {
    expect(flagged("classic-intranet-cidr", [ingress({ nicType: "intranet", cidrIp: "10.1.2.3" })], {}, { vpcId: "" })).toEqual([0]);
  });

  test("is excused by a better-priority intranet drop covering it", () => {
    expect(flagged("classic-intranet-cidr", [ingress({ nicType: "intranet", cidrIp: "10.1.2.3", priority: 5 }), drop({ nicType: "intranet", cidrIp: "10.0.0.0/8", priority: 1 })], {}, classic)).toEqual([]);
  });

  test("reports medium severity and names the group", () => {
    const [f] = run("classic-intranet-cidr", [ingress({ nicType: "intranet", cidrIp: "10.1.2.3" })], {}, classic);
    expect(f).toMatchObject({ severity: "medium", groupId: "sg-test", ruleIndex: 0 });
    expect(f.message).toBe('ingress accept tcp:22 from 10.1.2.3/32 (priority 1, intranet) authorises intranet access by CIDR in classic-network group "sg-test".');
  });
});
