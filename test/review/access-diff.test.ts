import { NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { accessDiff, diffFails } from "../../lib/review/access-diff";

const ssh = (cidrIp: string, extra: Partial<RuleArgs> = {}): RuleArgs => ({ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp, ...extra });

function net(webRules: RuleArgs[], dbRules: RuleArgs[] = [], instances = true): NetworkModel {
  return {
    groups: [
      { id: "sg-web", vpcId: "vpc-1", rules: webRules },
      { id: "sg-db", vpcId: "vpc-1", innerAccessPolicy: "Drop", rules: dbRules },
    ],
    instances: instances
      ? [
          { id: "i-web", privateIp: "10.0.1.10", groups: ["sg-web"] },
          { id: "i-db", privateIp: "10.0.3.10", groups: ["sg-db"] },
        ]
      : [],
  };
}

describe("accessDiff", () => {
  test("a world-open SSH rule opens one high region per interface, with an example flow and the deciding rules", () => {
    const d = accessDiff(net([]), net([ssh("0.0.0.0/0")]));
    const inst = d.regions.filter((r) => r.scope === "instance" && r.from.kind === "addresses");
    expect(inst).toEqual([
      {
        change: "opened",
        scope: "instance",
        from: { kind: "addresses", family: "ipv4", cidrs: ["0.0.0.0/0"] },
        to: { kind: "instance", id: "i-web" },
        protocol: "tcp",
        ports: { from: 22, to: 22 },
        example: { from: "0.0.0.0", to: "i-web", protocol: "tcp", port: 22 },
        before: { allowed: false, by: "default", direction: "ingress" },
        after: { allowed: true, by: "rule", direction: "ingress", groupId: "sg-web", ruleIndex: 0, rule: "in-accept-p1-tcp:22-from-0.0.0.0/0" },
        severity: "high",
      },
    ]);
    expect(d.regions.filter((r) => r.scope === "group").map((r) => `${r.change} ${r.from.kind}>${r.to.kind}:${(r.to as { id: string }).id}`)).toEqual(["opened addresses>group-member:sg-web", "opened group-member>group-member:sg-web"]);
    expect(d.summary).toMatchObject({ opened: 4, closed: 0, high: 4 });
    expect(d.ruleChanges).toEqual([{ groupId: "sg-web", change: "added", rule: "in-accept-p1-tcp:22-from-0.0.0.0/0", effective: true }]);
    expect(diffFails(d, "high")).toBe(true);
  });

  test("narrowing a CIDR is a closure, never a broadening", () => {
    const d = accessDiff(net([ssh("10.0.0.0/8")]), net([ssh("10.0.1.0/24")]));
    expect(d.regions.every((r) => r.change === "closed")).toBe(true);
    expect(d.regions.find((r) => r.scope === "instance")?.from).toMatchObject({ kind: "addresses", family: "ipv4", cidrs: ["10.0.0.0/24", "10.0.2.0/23", "10.0.4.0/22", "10.0.8.0/21", "10.0.16.0/20", "10.0.32.0/19", "10.0.64.0/18", "10.0.128.0/17", "10.1.0.0/16", "10.2.0.0/15", "10.4.0.0/14", "10.8.0.0/13", "10.16.0.0/12", "10.32.0.0/11", "10.64.0.0/10", "10.128.0.0/9"] });
    expect(diffFails(d, "broadening")).toBe(false);
  });

  test("a rule covered by another is listed as changed without access change", () => {
    const d = accessDiff(net([ssh("0.0.0.0/0")]), net([ssh("0.0.0.0/0"), ssh("203.0.113.7")]));
    expect(d.regions).toEqual([]);
    expect(d.ruleChanges).toEqual([{ groupId: "sg-web", change: "added", rule: "in-accept-p1-tcp:22-from-203.0.113.7/32", effective: false }]);
    expect(d.summary.rulesWithoutAccessChange).toBe(1);
  });

  test("a priority change flips which rule wins: drop wins ties, the better priority wins", () => {
    const rules = (p: number) => [ssh("0.0.0.0/0", { priority: 5 }), ssh("0.0.0.0/0", { policy: "drop", priority: p })];
    const tie = accessDiff(net(rules(10)), net(rules(5)));
    expect(tie.regions.filter((r) => r.scope === "instance" && r.from.kind === "addresses").map((r) => [r.change, r.after.rule])).toEqual([["closed", "in-drop-p5-tcp:22-from-0.0.0.0/0"]]);
    const d = accessDiff(net(rules(5)), net(rules(10)));
    expect(d.regions.filter((r) => r.scope === "instance" && r.from.kind === "addresses").map((r) => [r.change, r.before.rule, r.after.rule])).toEqual([["opened", "in-drop-p5-tcp:22-from-0.0.0.0/0", "in-accept-p5-tcp:22-from-0.0.0.0/0"]]);
  });

  test("inner access counts: Accept lets members of a basic group reach each other whatever the rules", () => {
    const model = (inner: "Accept" | "Drop"): NetworkModel => ({
      groups: [{ id: "sg-app", vpcId: "vpc-1", innerAccessPolicy: inner, rules: [] }],
      instances: [
        { id: "i-1", privateIp: "10.0.1.1", groups: ["sg-app"] },
        { id: "i-2", privateIp: "10.0.1.2", groups: ["sg-app"] },
      ],
    });
    const d = accessDiff(model("Drop"), model("Accept"));
    const gre = d.regions.find((r) => r.scope === "instance" && r.protocol === "gre" && r.from.kind === "instance" && r.from.id === "i-1");
    expect(gre).toMatchObject({ change: "opened", to: { kind: "instance", id: "i-2" }, after: { by: "inner-access", groupId: "sg-app" }, ports: null, example: { from: "i-1", to: "i-2", protocol: "gre" } });
    expect(d.regions.some((r) => r.scope === "group" && r.to.kind === "group-member" && r.example.to === "another member of sg-app")).toBe(true);
  });

  test("several groups per instance: a drop in one group wins over an accept in another at the same priority", () => {
    const m = (withDrop: boolean): NetworkModel => ({
      groups: [
        { id: "sg-a", vpcId: "vpc-1", rules: [ssh("0.0.0.0/0")] },
        { id: "sg-b", vpcId: "vpc-1", rules: withDrop ? [ssh("0.0.0.0/0", { policy: "drop" })] : [] },
      ],
      instances: [{ id: "i-1", privateIp: "10.0.1.1", groups: ["sg-a", "sg-b"] }],
    });
    const d = accessDiff(m(false), m(true));
    expect(d.regions.filter((r) => r.scope === "instance").map((r) => [r.change, r.after.groupId])).toEqual([["closed", "sg-b"]]);
  });

  test("exemptions accept a broadening by rule key, with their reason; entries that match nothing are stale", () => {
    const exemptions = [
      { diff: "broadening", rule: "sg-web/in-accept-p1-tcp:443-from-0.0.0.0/0", reason: "public website" },
      { diff: "broadening", rule: "sgr-gone", reason: "old" },
      { check: "public-admin-port", rule: "x", reason: "finding, not a diff" },
    ];
    const web = { type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" } as RuleArgs;
    const d = accessDiff(net([]), net([web]), { exemptions });
    expect(d.regions.filter((r) => r.change === "opened").every((r) => r.accepted?.reason === "public website")).toBe(true);
    expect(d.exemptions).toEqual({ accepted: [exemptions[0]], stale: [exemptions[1]] });
    expect(diffFails(d, "broadening")).toBe(false);
  });

  test("an instance that joins a group gets that group's access", () => {
    const before = net([ssh("203.0.113.0/24")]);
    const after: NetworkModel = { ...before, instances: [{ id: "i-web", privateIp: "10.0.1.10", groups: ["sg-web"] }, { id: "i-db", privateIp: "10.0.3.10", groups: ["sg-db", "sg-web"] }] };
    const d = accessDiff(before, after);
    expect(d.regions.filter((r) => r.scope === "instance" && r.from.kind === "addresses" && r.change === "opened").map((r) => [(r.to as { id: string }).id, r.protocol, r.ports])).toEqual([["i-db", "tcp", { from: 22, to: 22 }]]);
    expect(d.regions.some((r) => r.scope === "group")).toBe(false);
  });

  test("severity: broad private blocks and every port are medium, a narrow peer on a web port is low", () => {
    const all: RuleArgs = { type: "ingress", ipProtocol: "tcp", portRange: "1/65535", cidrIp: "10.0.1.0/24" };
    const web: RuleArgs = { type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "10.0.0.0/8" };
    const narrow: RuleArgs = { type: "ingress", ipProtocol: "tcp", portRange: "8080/8080", cidrIp: "10.0.1.0/24" };
    const sev = (r: RuleArgs) => accessDiff(net([], [], false), net([r], [], false)).regions.filter((x) => x.change === "opened" && x.from.kind === "addresses").map((x) => x.severity);
    expect(sev(all)).toEqual(["high"]);
    expect(sev(web)).toEqual(["medium"]);
    expect(sev(narrow)).toEqual(["low"]);
    const dbAll = accessDiff(net([], [], false), net([{ ...all, portRange: "7000/8000" }], [], false)).regions[0];
    expect(dbAll.severity).toBe("low");
  });
});

describe("accessDiff severity of an opened region, and the diff gate", () => {
  /** Severities of the regions one added ingress rule opens (no instances: the group-member regions). */
  const severities = (rule: RuleArgs, options = {}) =>
    accessDiff(net([], [], false), net([rule], [], false), options)
      .regions.filter((x) => x.change === "opened")
      .map((x) => x.severity);
  const tcp = (port: number, peer: Partial<RuleArgs>): RuleArgs => ({ type: "ingress", ipProtocol: "tcp", portRange: `${port}/${port}`, ...peer });

  test("a private /16 is not broad (low); a /15 is (medium); the limit is an option", () => {
    expect(severities(tcp(8080, { cidrIp: "10.1.0.0/16" }))).toEqual(["low"]);
    expect(severities(tcp(8080, { cidrIp: "10.0.0.0/15" }))).toEqual(["medium"]);
    expect(severities(tcp(8080, { cidrIp: "10.1.0.0/16" }), { minPrivatePrefixLength: 24 })).toEqual(["medium"]);
    expect(severities(tcp(8080, { cidrIp: "10.1.2.0/24" }), { minPrivatePrefixLength: 24 })).toEqual(["low"]);
  });

  test.each([3306, 5432, 1433, 1521, 6379, 27017])("a narrow private peer on database port %i is high", (port) => {
    expect(severities(tcp(port, { cidrIp: "10.0.1.0/24" }))).toEqual(["high"]);
  });

  test("the database ports are an option: without 3306 in it, MySQL from a narrow peer is low", () => {
    expect(severities(tcp(3306, { cidrIp: "10.0.1.0/24" }), { databasePorts: [5432] })).toEqual(["low"]);
    expect(severities(tcp(5432, { cidrIp: "10.0.1.0/24" }), { databasePorts: [5432] })).toEqual(["high"]);
  });

  test("another account's group as the peer is high on any port; the same group of this account is low", () => {
    // The peer group is listed (as a shared group would be), so its members are a region.
    const withPeer = (rules: RuleArgs[]): NetworkModel => ({ groups: [...net(rules, [], false).groups, { id: "sg-partner", vpcId: "vpc-1", rules: [] }] });
    const peerSeverities = (rule: RuleArgs) =>
      accessDiff(withPeer([]), withPeer([rule]))
        .regions.filter((x) => x.change === "opened")
        .map((x) => [x.from.kind, x.severity]);
    expect(peerSeverities(tcp(8080, { sourceSecurityGroupId: "sg-partner", sourceGroupOwnerId: "1234567890123456" }))).toEqual([["group-member", "high"]]);
    expect(peerSeverities(tcp(8080, { sourceSecurityGroupId: "sg-partner", sourceGroupOwnerAccount: "partner-account" }))).toEqual([["group-member", "high"]]);
    expect(peerSeverities(tcp(8080, { sourceSecurityGroupId: "sg-partner" }))).toEqual([["group-member", "low"]]);
  });

  test("--fail-on medium fails on a medium or high opened region, not on a low one; low fails on any", () => {
    const diff = (rule: RuleArgs) => accessDiff(net([], [], false), net([rule], [], false));
    const low = diff(tcp(8080, { cidrIp: "10.0.1.0/24" }));
    const medium = diff(tcp(8080, { cidrIp: "10.0.0.0/8" }));
    const high = diff(tcp(22, { cidrIp: "10.0.1.0/24" }));
    expect([low, medium, high].map((d) => d.regions.map((r) => r.severity))).toEqual([["low"], ["medium"], ["high"]]);
    expect([low, medium, high].map((d) => diffFails(d, "medium"))).toEqual([false, true, true]);
    expect([low, medium, high].map((d) => diffFails(d, "high"))).toEqual([false, false, true]);
    expect([low, medium, high].map((d) => diffFails(d, "low"))).toEqual([true, true, true]);
    expect([low, medium, high].map((d) => diffFails(d, "none"))).toEqual([false, false, false]);
    expect(medium.summary).toMatchObject({ opened: 1, high: 0, medium: 1, low: 0 });
  });
});
