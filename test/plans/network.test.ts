/**
 * Components writing into existing groups: a group known only by its id is a VPC group unless
 * the caller says it is classic, and each rule then carries the nic type its peer needs.
 */
import { accessMatrix, evaluateFlow, lookupAccess, portSetAllows } from "../../lib/analysis";
import { ValidationError } from "../../lib/model/errors";
import { NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { planComponent, planNetwork } from "../../lib/plans";

const rows = (rules: readonly RuleArgs[]) => rules.map((r) => `${r.type} ${r.policy} p${r.priority} ${r.ipProtocol} ${r.portRange} ${r.cidrIp ?? r.ipv6CidrIp ?? r.sourceSecurityGroupId ?? r.prefixListId} ${r.nicType ?? "-"}`).sort();

function refusal(fn: () => unknown): { code: string; field: string } | undefined {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return { code: e.code, field: e.field };
  }
  return undefined;
}

function withInstance(network: NetworkModel, groupId: string, privateIp = "10.0.0.5"): NetworkModel {
  return { ...network, instances: [{ id: "i-ops", privateIp, groups: [groupId] }] };
}

describe("WorkbenchAccess into an existing group", () => {
  test("admits tcp 22 from 100.104.1.1 to an instance of a group known only by its id (a VPC group)", () => {
    const plan = planComponent("WorkbenchAccess", "ops", { securityGroupId: "sg-ops", os: "linux" });
    const model = withInstance(planNetwork(plan), "sg-ops");
    expect(evaluateFlow(model, { from: "100.104.1.1", to: "i-ops", protocol: "tcp", port: 22 }).allowed).toBe(true);
    const matrix = accessMatrix(model);
    expect(portSetAllows(lookupAccess(matrix, "100.104.0.0/16", "sg-ops"), "tcp", 22)).toBe(true);
    expect(evaluateFlow(model, { from: "198.51.100.1", to: "i-ops", protocol: "tcp", port: 22 }).allowed).toBe(false);
  });

  test("writes no nic type into a VPC group (the provider fills intranet, as before)", () => {
    const plan = planComponent("WorkbenchAccess", "ops", { securityGroupId: "sg-ops" });
    expect(plan.groups[0].model.rules.map((r) => r.nicType)).toEqual([undefined]);
  });

  test('in a classic group (network: "classic") each source gets the nic type it needs', () => {
    const plan = planComponent("WorkbenchAccess", "ops", { securityGroupId: "sg-ops", network: "classic", via: "both", adminSources: ["203.0.113.7", "192.168.1.10"] });
    expect(rows(plan.groups[0].model.rules)).toEqual([
      "ingress accept p1 tcp 22/22 100.104.0.0/16 intranet",
      "ingress accept p1 tcp 22/22 161.117.0.0/16 internet",
      "ingress accept p1 tcp 22/22 192.168.1.10/32 intranet",
      "ingress accept p1 tcp 22/22 203.0.113.7/32 internet",
    ]);
    const model = withInstance(planNetwork(plan), "sg-ops");
    expect(model.groups[0].network).toBe("classic");
    for (const from of ["100.104.1.1", "161.117.9.9", "203.0.113.7", "192.168.1.10"]) {
      expect([from, evaluateFlow(model, { from, to: "i-ops", protocol: "tcp", port: 22 }).allowed]).toEqual([from, true]);
    }
    expect(evaluateFlow(model, { from: "10.9.9.9", to: "i-ops", protocol: "tcp", port: 22 }).allowed).toBe(false);
  });

  test("refuses an IPv6 admin source for a classic group, and a classic enterprise group", () => {
    expect(refusal(() => planComponent("WorkbenchAccess", "ops", { securityGroupId: "sg-ops", network: "classic", adminSources: ["2001:db8::1"] }))).toEqual({ code: "invalid-network", field: "args.adminSources[0]" });
    expect(refusal(() => planComponent("WorkbenchAccess", "ops", { securityGroupId: "sg-ops", network: "classic", groupType: "enterprise" }))).toEqual({ code: "enterprise-outside-vpc", field: "args.network" });
    expect(refusal(() => planComponent("WorkbenchAccess", "ops", { securityGroupId: "sg-ops", network: "Classic" as never }))).toEqual({ code: "invalid-network", field: "args.network" });
  });
});

describe("OutboundWhitelist", () => {
  const destinations = [{ cidr: "47.96.0.10", ports: [443] }];

  test("in a VPC group denies IPv6 egress too, though every destination is IPv4", () => {
    const plan = planComponent("OutboundWhitelist", "app", { securityGroupId: "sg-app", destinations });
    expect(rows(plan.groups[0].model.rules)).toEqual([
      "egress accept p1 tcp 443/443 47.96.0.10/32 -",
      "egress drop p100 all -1/-1 0.0.0.0/0 -",
      "egress drop p100 all -1/-1 ::/0 -",
    ]);
    const model: NetworkModel = { ...planNetwork(plan), instances: [{ id: "i-v6", privateIp: "2001:db8::5", groups: ["sg-app"] }] };
    expect(evaluateFlow(model, { from: "i-v6", to: "2001:db8:ffff::1", protocol: "tcp", port: 443 }).allowed).toBe(false);
  });

  test("the IPv6 deny counts in the quota", () => {
    const plan = planComponent("OutboundWhitelist", "app", { securityGroupId: "sg-app", destinations });
    expect(plan.groups[0].model.rules).toHaveLength(3);
    expect(refusal(() => planComponent("OutboundWhitelist", "app", { securityGroupId: "sg-app", destinations, existingRules: 198 }))).toEqual({ code: "rule-quota-exceeded", field: "args.destinations" });
  });

  test("in a classic group drops both nic types and writes no IPv6 rule", () => {
    const plan = planComponent("OutboundWhitelist", "app", { securityGroupId: "sg-app", network: "classic", destinations: [...destinations, { cidr: "10.1.0.0/16", ports: [3306] }] });
    expect(rows(plan.groups[0].model.rules)).toEqual([
      "egress accept p1 tcp 3306/3306 10.1.0.0/16 intranet",
      "egress accept p1 tcp 443/443 47.96.0.10/32 internet",
      "egress drop p100 all -1/-1 0.0.0.0/0 internet",
      "egress drop p100 all -1/-1 0.0.0.0/0 intranet",
    ]);
    const model = withInstance(planNetwork(plan), "sg-app");
    expect(evaluateFlow(model, { from: "i-ops", to: "47.96.0.10", protocol: "tcp", port: 443 }).allowed).toBe(true);
    expect(evaluateFlow(model, { from: "i-ops", to: "10.1.2.3", protocol: "tcp", port: 3306 }).allowed).toBe(true);
    expect(evaluateFlow(model, { from: "i-ops", to: "10.2.0.1", protocol: "tcp", port: 3306 }).allowed).toBe(false);
    expect(evaluateFlow(model, { from: "i-ops", to: "8.8.8.8", protocol: "udp", port: 53 }).allowed).toBe(false);
  });

  test("refuses an IPv6 destination and a prefix list for a classic group", () => {
    expect(refusal(() => planComponent("OutboundWhitelist", "app", { securityGroupId: "sg-app", network: "classic", destinations: [{ cidr: "2001:db8::1", ports: [443] }] }))).toEqual({ code: "invalid-network", field: "args.destinations[0].cidr" });
    expect(refusal(() => planComponent("OutboundWhitelist", "app", { securityGroupId: "sg-app", network: "classic", destinations: [{ prefixListId: "pl-1", ports: [443] }] }))?.code).toBe("prefix-list-in-classic");
  });
});

describe("portless protocols are not every port", () => {
  test.each(["single-ip", "group-authorization"] as const)("an icmp %s interconnect plans without allowUnsafe", (method) => {
    const members = [
      { name: "a", securityGroupId: "sg-a", privateIp: "10.0.1.11" },
      { name: "b", securityGroupId: "sg-b", privateIp: "10.0.1.12" },
    ];
    const plan = planComponent("InterconnectGroup", "ping", { method, protocol: "icmp", members });
    expect(plan.groups.flatMap((g) => g.model.rules).every((r) => r.ipProtocol === "icmp")).toBe(true);
  });

  test("protocol all between members still needs allowUnsafe", () => {
    const members = [
      { name: "a", securityGroupId: "sg-a", privateIp: "10.0.1.11" },
      { name: "b", securityGroupId: "sg-b", privateIp: "10.0.1.12" },
    ];
    expect(refusal(() => planComponent("InterconnectGroup", "all", { method: "single-ip", protocol: "all", members }))?.code).toBe("all-ports");
  });
});
