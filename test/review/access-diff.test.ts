import { NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { accessDiff, diffFails, sideAccess, sideDiff } from "../../lib/review/access-diff";
import { SourceNetwork, finishNetwork } from "../../lib/sources/source-network";

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

describe("accessDiff peers, order, provenance and counts", () => {
  const tcp = (port: number | string, peer: Partial<RuleArgs>): RuleArgs => ({ type: "ingress", ipProtocol: "tcp", portRange: typeof port === "number" ? `${port}/${port}` : port, ...peer });
  const opened = (before: NetworkModel, after: NetworkModel, options = {}) =>
    accessDiff(before, after, options)
      .regions.filter((x) => x.change === "opened")
      .map((x) => x.severity);

  test("a prefix list as the peer is judged by its entries: the world high, a broad private block medium, narrow blocks low", () => {
    const withList = (cidrs: string[], rules: RuleArgs[]): NetworkModel => ({ groups: [{ id: "sg-web", vpcId: "vpc-1", rules }], prefixLists: [{ id: "pl-1", cidrs }] });
    const sev = (cidrs: string[]) => opened(withList(cidrs, []), withList(cidrs, [tcp(8080, { prefixListId: "pl-1" })]));
    expect(sev(["10.0.1.0/24", "0.0.0.0/0"])).toEqual(["high"]);
    expect(sev(["10.0.1.0/24", "172.16.0.0/12"])).toEqual(["medium"]);
    expect(sev(["10.0.1.0/24", "10.0.2.0/24"])).toEqual(["low"]);
    expect(sev(["10.0.1.0/24", "10.1.0.0/16"])).toEqual(["low"]);
  });

  test("the IPv6 world is high; the IPv6 block of a rule is read from ipv6CidrIp", () => {
    expect(opened(net([], [], false), net([tcp(8080, { ipv6CidrIp: "::/0" })], [], false))).toEqual(["high"]);
    expect(opened(net([], [], false), net([tcp(8080, { ipv6CidrIp: "2001:db8::/64" })], [], false))).toEqual(["low"]);
  });

  test("the broad-private limit is IPv4's: an IPv6 block shorter than /16 (not the world) is low, as a rule's peer or in a prefix list", () => {
    expect(opened(net([], [], false), net([tcp(8080, { ipv6CidrIp: "2000::/3" })], [], false))).toEqual(["low"]);
    const withList = (rules: RuleArgs[]): NetworkModel => ({ groups: [{ id: "sg-web", vpcId: "vpc-1", rules }], prefixLists: [{ id: "pl-6", cidrs: ["2000::/3", "10.0.1.0/24"] }] });
    expect(opened(withList([]), withList([tcp(8080, { prefixListId: "pl-6" })]))).toEqual(["low", "low"]);
  });

  test("a region opened by the defaults (a drop removed) is open to the world: high", () => {
    const dropEgress: RuleArgs = { type: "egress", ipProtocol: "tcp", portRange: "8080/8080", cidrIp: "0.0.0.0/0", policy: "drop" };
    const d = accessDiff(net([dropEgress], [], false), net([], [], false));
    const fromWorld = d.regions.filter((r) => r.change === "opened" && r.to.kind === "addresses");
    expect(fromWorld.map((r) => [r.after.by, r.severity])).toEqual([["default", "high"]]);
  });

  test("every port is medium when no port in it is sensitive, and only 1-65535 is every port", () => {
    const quiet = { adminPorts: [], databasePorts: [] };
    expect(opened(net([], [], false), net([tcp("1/65535", { cidrIp: "10.0.1.0/24" })], [], false), quiet)).toEqual(["medium"]);
    expect(opened(net([], [], false), net([tcp("2/65535", { cidrIp: "10.0.1.0/24" })], [], false), quiet)).toEqual(["low"]);
    expect(opened(net([], [], false), net([tcp("1/65534", { cidrIp: "10.0.1.0/24" })], [], false), quiet)).toEqual(["low"]);
  });

  test("regions are listed opened first, then instance before group scope, then by ports", () => {
    const d = accessDiff(net([tcp(9000, { cidrIp: "10.0.1.0/24" })]), net([tcp(8443, { cidrIp: "10.0.1.0/24" }), tcp(8080, { cidrIp: "10.0.1.0/24" })]));
    const rows = d.regions.filter((r) => r.from.kind === "addresses").map((r) => `${r.change} ${r.scope} ${r.ports?.from}`);
    expect(rows).toEqual(["opened instance 8080", "opened instance 8443", "opened group 8080", "opened group 8443", "closed instance 9000", "closed group 9000"]);
    expect(d.summary).toMatchObject({ opened: 4, closed: 2, accepted: 0, high: 0, medium: 0, low: 4, rulesChanged: 3, rulesWithoutAccessChange: 0 });
    expect(diffFails(d, "low")).toBe(true);
  });

  test("a new instance: its regions were absent before", () => {
    const before: NetworkModel = { groups: net([]).groups, instances: [] };
    const after: NetworkModel = { groups: net([tcp(8080, { cidrIp: "10.0.1.0/24" })]).groups, instances: [{ id: "i-web", privateIp: "10.0.1.10", groups: ["sg-web"] }] };
    const inst = accessDiff(before, after).regions.filter((r) => r.scope === "instance" && r.from.kind === "addresses");
    expect(inst.map((r) => [r.change, r.before, r.after.by])).toEqual([["opened", { allowed: false, by: "absent" }, "rule"]]);
  });

  test("summary counts leave out accepted regions; medium and low are counted apart", () => {
    const exemptions = [{ diff: "broadening", rule: "sg-web/in-accept-p1-tcp:8080-from-10.0.0.0/8", reason: "migration" }];
    const d = accessDiff(net([], [], false), net([tcp(8080, { cidrIp: "10.0.0.0/8" }), tcp(8081, { cidrIp: "10.0.0.0/8" }), tcp(8082, { cidrIp: "10.0.1.0/24" })], [], false), { exemptions });
    expect(d.regions.map((r) => [r.ports?.from, r.severity, r.accepted?.reason])).toEqual([
      [8080, "medium", "migration"],
      [8081, "medium", undefined],
      [8082, "low", undefined],
    ]);
    expect(d.summary).toMatchObject({ opened: 3, closed: 0, accepted: 1, high: 0, medium: 1, low: 1 });
    expect(diffFails(d, "medium")).toBe(true);
  });

  test("one opened region fails the gate even when others are closed", () => {
    const d = accessDiff(net([tcp(9000, { cidrIp: "10.0.1.0/24" })], [], false), net([tcp(22, { cidrIp: "10.0.1.0/24" })], [], false));
    expect(d.regions.map((r) => r.change)).toEqual(["opened", "closed"]);
    expect(diffFails(d, "high")).toBe(true);
  });
});

describe("accessDiff exemptions naming where a region reaches", () => {
  const one = (rules: RuleArgs[]): NetworkModel => ({ groups: [{ id: "sg-web", vpcId: "vpc-1", rules }], instances: [{ id: "i-web", privateIp: "10.0.1.10", groups: ["sg-web"] }] });
  const rule = (type: "ingress" | "egress", policy: "accept" | "drop", priority: number, cidrIp = "10.0.1.0/24"): RuleArgs => ({ type, ipProtocol: "tcp", portRange: "8080/8080", cidrIp, policy, priority });
  const dropOut = rule("egress", "drop", 2, "0.0.0.0/0");

  test("an exemption naming an instance accepts what reaches it and what leaves it, and nothing of the group scope", () => {
    const exemptions = [
      { diff: "i-web", rule: "sg-web/out-accept-p1-tcp:8080-to-10.0.1.0/24", reason: "egress to the app subnet" },
      { diff: "i-web", rule: "sg-web/in-accept-p1-tcp:8080-from-10.0.1.0/24", reason: "ingress from the app subnet" },
    ];
    const d = accessDiff(one([dropOut]), one([dropOut, rule("egress", "accept", 1), rule("ingress", "accept", 1)]), { exemptions });
    expect(d.regions.map((r) => [r.scope, r.from.kind === "addresses" ? "in" : "out", r.accepted?.reason])).toEqual([
      ["instance", "out", "egress to the app subnet"],
      ["instance", "in", "ingress from the app subnet"],
      ["group", "out", undefined],
      ["group", "in", undefined],
    ]);
    expect(d.exemptions.stale).toEqual([]);
  });

  test("a closed region has no severity and is never accepted: an exemption naming the rule that closed it is stale", () => {
    const exemptions = [{ diff: "broadening", rule: "sg-web/in-drop-p1-tcp:8080-from-10.0.1.0/24", reason: "not a broadening" }];
    const d = accessDiff(one([rule("ingress", "accept", 2)]), one([rule("ingress", "accept", 2), rule("ingress", "drop", 1)]), { exemptions });
    const closed = d.regions.filter((r) => r.change === "closed");
    expect(closed.map((r) => [r.after.rule, r.severity, r.accepted])).toEqual([
      ["in-drop-p1-tcp:8080-from-10.0.1.0/24", undefined, undefined],
      ["in-drop-p1-tcp:8080-from-10.0.1.0/24", undefined, undefined],
    ]);
    expect(d.regions).toHaveLength(2);
    expect(d.exemptions).toEqual({ accepted: [], stale: exemptions });
  });
});

describe("accessDiff of a group that exists on one side only", () => {
  const rule: RuleArgs = { type: "ingress", ipProtocol: "tcp", portRange: "8080/8080", cidrIp: "10.0.1.0/24", policy: "accept", priority: 1 };
  const web = { id: "sg-web", vpcId: "vpc-1", rules: [] };
  const added = { id: "sg-new", vpcId: "vpc-1", rules: [rule] };

  test("a new group's rules are listed as added, and a deleted group's as removed, nothing else", () => {
    const d = accessDiff({ groups: [web] }, { groups: [web, added] });
    expect(d.ruleChanges).toEqual([{ groupId: "sg-new", change: "added", rule: "in-accept-p1-tcp:8080-from-10.0.1.0/24", effective: true }]);
    const back = accessDiff({ groups: [web, added] }, { groups: [web] });
    expect(back.ruleChanges).toEqual([{ groupId: "sg-new", change: "removed", rule: "in-accept-p1-tcp:8080-from-10.0.1.0/24", effective: true }]);
  });
});

describe("accessDiff of networks read from sources", () => {
  /** A network as a reader returns it: every rule with its file, path, cloud id and resource. */
  function source(model: NetworkModel, file: string): SourceNetwork {
    return finishNetwork(
      model.groups.map(({ rules, ...group }) => ({
        group,
        origin: { file, path: "$" },
        rules: rules.map((rule, i) => ({ rule: rule as never, origin: { file, path: `$.rules[${i}]`, ruleId: `sgr-${group.id}-${i}-${file}`, resource: `urn:pulumi:prod::shop::alicloud:ecs/securityGroupRule:SecurityGroupRule::${group.id}-rule-${i}` } })),
      })),
      (model.instances ?? []).map((instance) => ({ instance, origin: { file, path: "$" } })),
      { format: "plan-json", files: [file], prefixLists: model.prefixLists ?? [] },
    );
  }
  const web = (port: number, cidrIp = "10.0.1.0/24"): RuleArgs => ({ type: "ingress", ipProtocol: "tcp", portRange: `${port}/${port}`, cidrIp, policy: "accept", priority: 1 });

  test("names each deciding rule and each changed rule by where it was read", () => {
    const d = accessDiff(source(net([web(9000)], [], false), "before.json"), source(net([web(8080)], [], false), "after.json"));
    const [opened, closed] = d.regions;
    expect(opened.after).toMatchObject({ by: "rule", rule: "in-accept-p1-tcp:8080-from-10.0.1.0/24", origin: { file: "after.json", path: "$.rules[0]", ruleId: "sgr-sg-web-0-after.json" } });
    expect(closed.before).toMatchObject({ by: "rule", rule: "in-accept-p1-tcp:9000-from-10.0.1.0/24", origin: { file: "before.json", ruleId: "sgr-sg-web-0-before.json" } });
    expect(d.ruleChanges).toEqual([
      { groupId: "sg-web", change: "removed", rule: "in-accept-p1-tcp:9000-from-10.0.1.0/24", origin: expect.objectContaining({ file: "before.json", ruleId: "sgr-sg-web-0-before.json" }), effective: true },
      { groupId: "sg-web", change: "added", rule: "in-accept-p1-tcp:8080-from-10.0.1.0/24", origin: expect.objectContaining({ file: "after.json", ruleId: "sgr-sg-web-0-after.json" }), effective: true },
    ]);
  });

  test.each([
    ["its cloud rule id", "sgr-sg-web-0-after.json"],
    ["its resource URN", "urn:pulumi:prod::shop::alicloud:ecs/securityGroupRule:SecurityGroupRule::sg-web-rule-0"],
    ["the URN's last part", "sg-web-rule-0"],
    ["<group>/<rule key>", "sg-web/in-accept-p1-tcp:8080-from-10.0.1.0/24"],
  ])("an exemption accepts a broadening by %s", (_, rule) => {
    const d = accessDiff(source(net([], [], false), "before.json"), source(net([web(8080)], [], false), "after.json"), { exemptions: [{ diff: "broadening", rule, reason: "ok" }] });
    expect(d.regions.map((r) => r.accepted)).toEqual([{ rule, reason: "ok" }]);
    expect(d.summary.accepted).toBe(1);
  });

  test("an exemption never accepts by a name of another rule, or of a region decided by the defaults", () => {
    const dropEgress: RuleArgs = { type: "egress", ipProtocol: "tcp", portRange: "8080/8080", cidrIp: "0.0.0.0/0", policy: "drop", priority: 1 };
    const exemptions = [
      { diff: "broadening", rule: "sgr-sg-web-0-after.json", reason: "another rule" },
      { diff: "broadening", rule: "sg-web/undefined", reason: "no rule" },
      { diff: "broadening", rule: "undefined/undefined", reason: "no rule" },
    ];
    const d = accessDiff(source(net([dropEgress, web(9000)], [], false), "before.json"), source(net([web(9000), web(8080)], [], false), "after.json"), { exemptions });
    expect(d.regions.filter((r) => r.change === "opened").map((r) => [r.after.by, r.accepted])).toEqual([
      ["default", undefined],
      ["rule", undefined],
    ]);
    expect(d.exemptions.stale).toEqual(exemptions);
  });

  test("reports what each side left unresolved", () => {
    const before = source(net([web(8080)], [], false), "before.json");
    const after = source({ ...net([{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", prefixListId: "pl-missing" } as RuleArgs], [], false) }, "after.json");
    const d = accessDiff(before, after);
    expect(d.unresolved.before).toEqual(before.unresolved);
    expect(d.unresolved.after).toEqual(after.unresolved);
    expect(d.unresolved.after.length).toBeGreaterThan(0);
    expect(accessDiff(net([]), net([])).unresolved).toEqual({ before: [], after: [] });
  });
});

describe("sideAccess", () => {
  test("lists what one side of a group allows, each region with the rule that allows it", () => {
    const model = net([{ type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" }], [], false);
    const allowed = sideAccess(model, ["sg-web"], "ingress");
    expect(allowed.filter((a) => a.peer.kind === "addresses")).toEqual([
      { peer: { kind: "addresses", family: "ipv4", cidrs: ["0.0.0.0/0"] }, protocol: "tcp", ports: { from: 443, to: 443 }, by: { allowed: true, by: "rule", direction: "ingress", groupId: "sg-web", ruleIndex: 0, rule: "in-accept-p1-tcp:443-from-0.0.0.0/0" } },
    ]);
  });
});

describe("a report names each deciding rule once", () => {
  test("regions one rule decided share its decision, on each side, in accessDiff, sideDiff and sideAccess", () => {
    // Removing a world-open rule closes many regions (the address space cut by the other rules'
    // blocks, on several protocols): each names the same removed rule before and the default after.
    const before = net([ssh("0.0.0.0/0"), ssh("10.0.0.0/8", { policy: "drop", priority: 5 }), ssh("192.168.0.0/16", { ipProtocol: "udp", portRange: "53/53" }), { type: "ingress", ipProtocol: "all", portRange: "-1/-1", cidrIp: "0.0.0.0/0", priority: 50 }]);
    const after = net([ssh("10.0.0.0/8", { policy: "drop", priority: 5 }), ssh("192.168.0.0/16", { ipProtocol: "udp", portRange: "53/53" })]);
    for (const regions of [accessDiff(before, after).regions, sideDiff(before, after, ["sg-web"], "ingress")]) {
      expect(regions.length).toBeGreaterThan(3);
      for (const side of ["before", "after"] as const) {
        const byText = new Map<string, Set<object>>();
        for (const r of regions) {
          const text = JSON.stringify(r[side]);
          byText.set(text, (byText.get(text) ?? new Set()).add(r[side]));
        }
        for (const [text, objects] of byText) expect({ side, text, objects: objects.size }).toEqual({ side, text, objects: 1 });
      }
    }
    const reach = sideAccess(before, ["sg-web"], "ingress");
    expect(new Set(reach.map((r) => JSON.stringify(r.by))).size).toBe(new Set(reach.map((r) => r.by)).size);
  });
});
