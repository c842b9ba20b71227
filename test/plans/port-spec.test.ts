import { Port } from "../../lib/model/port";
import { ValidationError } from "../../lib/model/errors";
import { planComponent } from "../../lib/plans";
import { refusal } from "./refusal";
import { parsePortSpec, parsePortSpecs, specFields } from "../../lib/plans/port-spec";


describe("port entries", () => {
  test.each<[unknown, string, string]>([
    [443, "tcp", "443/443"],
    ["tcp:443", "tcp", "443/443"],
    ["tcp:8000-8080", "tcp", "8000/8080"],
    ["udp:123", "udp", "123/123"],
    ["udp:30000-32767", "udp", "30000/32767"],
    ["icmp", "icmp", "-1/-1"],
    ["icmpv6", "icmpv6", "-1/-1"],
    ["gre", "gre", "-1/-1"],
    [Port.tcpRange(8000, 8080), "tcp", "8000/8080"],
    [Port.udp(53), "udp", "53/53"],
    [Port.icmp(), "icmp", "-1/-1"],
  ])("%p is %s %s", (value, ipProtocol, portRange) => {
    expect(specFields(parsePortSpec("ports[0]", value))).toEqual({ ipProtocol, portRange });
  });

  test("a number takes the argument's protocol", () => {
    expect(specFields(parsePortSpec("ports[0]", 123, "udp"))).toEqual({ ipProtocol: "udp", portRange: "123/123" });
  });

  test.each<[unknown, string, string]>([
    ["TCP:443", "invalid-port", '"tcp:443"'],
    ["443", "invalid-port", "Write 443"],
    ["8000-8080", "invalid-port", '"tcp:8000-8080"'],
    ["22/22", "invalid-port", '"tcp:22-22"'],
    ["tcp:8080-8000", "invalid-port-range", '"tcp:8000-8080"'],
    ["tcp:0", "invalid-port", "1 to 65535"],
    ["all", "all-ports", "Name the protocols"],
    [Port.allTraffic(), "all-ports", "Name the protocols"],
    [22.5, "invalid-port", "whole number"],
  ])("refuses %p, saying what to write", (value, code, fix) => {
    const r = refusal(() => parsePortSpec("ports[0]", value));
    expect(r?.code).toBe(code);
    expect(r?.message).toContain(fix);
  });

  test("an empty list and a missing list do not contradict each other", () => {
    expect(refusal(() => parsePortSpecs("args.ports", [], [22]))?.message).toContain("leave args.ports out for that default");
    expect(parsePortSpecs("args.ports", undefined, [22])).toEqual([{ protocol: "tcp", from: 22, to: 22 }]);
  });
});

describe("port entries in the components", () => {
  const rules = (plan: ReturnType<typeof planComponent>, label: string) => plan.groups.find((g) => g.label === label)!.model.rules.map((r) => `${r.type} ${r.ipProtocol} ${r.portRange}`);

  test('"tcp:8000-8080" is one rule, and udp and icmp reach between tiers', () => {
    const plan = planComponent("ThreeTierSecurityGroups", "shop", { vpcId: "vpc-1", app: { ports: ["tcp:8000-8080", "udp:123", "icmp"] } });
    expect(rules(plan, "app")).toEqual(["ingress icmp -1/-1", "ingress tcp 8000/8080", "ingress udp 123/123"]);
  });

  test("web over udp 443 (HTTP/3) from the world plans without the opt-in", () => {
    const plan = planComponent("ThreeTierSecurityGroups", "shop", { vpcId: "vpc-1", web: { ports: [443, "udp:443"] } });
    expect(rules(plan, "web")).toEqual(["ingress tcp 443/443", "ingress udp 443/443"]);
  });

  test("a world-open range that holds an admin port needs the opt-in", () => {
    expect(refusal(() => planComponent("ThreeTierSecurityGroups", "shop", { vpcId: "vpc-1", web: { ports: ["tcp:20-23"] } }))?.code).toBe("world-open");
  });

  test("a NodePort range from a private block, and NTP in a whitelist", () => {
    const db = planComponent("DatabaseSecurityGroup", "k8s", { vpcId: "vpc-1", ports: ["tcp:30000-32767"], sources: ["10.0.2.0/24"] });
    expect(db.groups[0].model.rules.filter((r) => r.policy === "accept").map((r) => r.portRange)).toEqual(["30000/32767"]);
    const wl = planComponent("OutboundWhitelist", "ntp", { securityGroupId: "sg-a", destinations: [{ cidr: "203.107.6.88", ports: ["udp:123"] }] });
    expect(wl.groups[0].model.rules.map((r) => `${r.policy} ${r.ipProtocol} ${r.portRange}`)).toContain("accept udp 123/123");
  });

  test("an accept over every port records the opt-in's reason, whichever argument asked for it", () => {
    const plan = planComponent("WorkbenchAccess", "lab", { securityGroupId: "sg-a", ports: ["tcp:1-65535"], allowUnsafe: { reason: "lab, ticket SEC-1" } });
    expect(plan.groups[0].model.rules[0].description).toContain("[UNSAFE, opted in: lab, ticket SEC-1]");
    expect(refusal(() => planComponent("WorkbenchAccess", "lab", { securityGroupId: "sg-a", ports: ["tcp:1-65535"] }))?.code).toBe("unsafe-plan");
  });

  test("messages name the component and its instance after the library's name", () => {
    expect(refusal(() => planComponent("ThreeTierSecurityGroups", "shop", { vpcId: "vpc-1", web: { ports: ["TCP:443"] } }))?.message).toMatch(/^alicloud-secgroups: ThreeTierSecurityGroups "shop": args\.web\.ports\[0\] /);
  });
});
