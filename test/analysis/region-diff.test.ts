import { regionDiff } from "../../lib/analysis/region-diff";
import { networkIndex } from "../../lib/analysis/rule-index";
import { NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";

const rules: RuleArgs[] = [
  { type: "ingress", ipProtocol: "tcp", portRange: "443/443", policy: "accept", priority: 1, cidrIp: "0.0.0.0/0" },
  { type: "ingress", ipProtocol: "tcp", portRange: "22/22", policy: "accept", priority: 1, sourceSecurityGroupId: "sg-admin" },
  { type: "ingress", ipProtocol: "all", portRange: "-1/-1", policy: "drop", priority: 100, cidrIp: "10.0.0.0/8" },
  { type: "egress", ipProtocol: "tcp", portRange: "3306/3306", policy: "accept", priority: 1, sourceSecurityGroupId: "sg-db" },
];
const model = (web: RuleArgs[]): NetworkModel => ({
  groups: [
    { id: "sg-web", vpcId: "vpc-1", rules: web },
    { id: "sg-admin", vpcId: "vpc-1", rules: [] },
    { id: "sg-db", vpcId: "vpc-1", rules: [] },
  ],
  instances: [{ id: "i-web", privateIp: "10.0.0.5", groups: ["sg-web"] }, { id: "i-db", privateIp: "10.0.0.6", groups: ["sg-db"] }],
  prefixLists: [],
});

describe("regionDiff: what counts as a changed group", () => {
  test("the same rules in another order (a plan lists them by name, an export as the API does) are the same group: nothing to compare", () => {
    const diff = regionDiff(networkIndex(model(rules)), networkIndex(model([...rules].reverse())));
    expect(diff).toEqual({ regions: [], changedGroups: [] });
  });

  test("a rule changed, or a rule written twice, is a change", () => {
    const wider = rules.map((r, i) => (i === 1 ? { ...r, portRange: "22/23" } : r));
    const changed = regionDiff(networkIndex(model(rules)), networkIndex(model(wider)));
    expect(changed.changedGroups).toEqual(["sg-web"]);
    expect(changed.regions.some((r) => r.change === "opened" && r.ports?.from === 23)).toBe(true);
    expect(regionDiff(networkIndex(model(rules)), networkIndex(model([...rules, rules[0]]))).changedGroups).toEqual(["sg-web"]);
  });
});

describe("regionDiff with the changed groups named: the same regions as the whole diff", () => {
  // The database admits the private network on 5432, so what the web tier's egress says decides.
  const dbRules: RuleArgs[] = [{ type: "ingress", ipProtocol: "tcp", portRange: "5432/5432", policy: "accept", priority: 1, cidrIp: "10.0.0.0/8" }];
  const withWeb = (web: Partial<NetworkModel["groups"][number]>, webRules: RuleArgs[] = rules): NetworkModel => {
    const m = model(webRules);
    return { ...m, groups: m.groups.map((g) => (g.id === "sg-web" ? { ...g, ...web } : g.id === "sg-db" ? { ...g, rules: dbRules } : g)), instances: [...(m.instances ?? []), { id: "i-web2", privateIp: "10.0.0.7", groups: ["sg-web"] }] };
  };
  const cases: [string, NetworkModel, NetworkModel][] = [
    ["inner access opened (no rule changed)", withWeb({ innerAccessPolicy: "Drop" }), withWeb({ innerAccessPolicy: "Accept" })],
    ["a block that holds another instance's address", withWeb({}), withWeb({}, [...rules, { type: "ingress", ipProtocol: "tcp", portRange: "5432/5432", policy: "accept", priority: 1, cidrIp: "10.0.0.6/32" }])],
    ["an egress drop to another instance's address", withWeb({}), withWeb({}, [...rules, { type: "egress", ipProtocol: "tcp", portRange: "5432/5432", policy: "drop", priority: 1, cidrIp: "10.0.0.6/32" }])],
    ["a block that holds no instance", withWeb({}), withWeb({}, [...rules, { type: "ingress", ipProtocol: "tcp", portRange: "5432/5432", policy: "accept", priority: 1, cidrIp: "192.168.0.0/16" }])],
    ["a rule naming a group removed", withWeb({}), withWeb({}, rules.filter((r) => r.sourceSecurityGroupId !== "sg-admin"))],
    ["a rule naming the group itself", withWeb({ innerAccessPolicy: "Drop" }), withWeb({ innerAccessPolicy: "Drop" }, [...rules, { type: "ingress", ipProtocol: "udp", portRange: "53/53", policy: "accept", priority: 1, sourceSecurityGroupId: "sg-web" }])],
  ];
  test.each(cases)("%s", (_, before, after) => {
    const whole = regionDiff(networkIndex(before), networkIndex(after));
    expect(whole.regions.length).toBeGreaterThan(0);
    expect(regionDiff(networkIndex(before), networkIndex(after), new Set(["sg-web"]))).toEqual(whole);
  });
});

describe("regionDiff: a change outside the groups' rules still moves the pairs it reaches", () => {
  const web: RuleArgs[] = [
    { type: "ingress", ipProtocol: "tcp", portRange: "5432/5432", policy: "accept", priority: 1, cidrIp: "10.0.0.6/32" },
    { type: "ingress", ipProtocol: "tcp", portRange: "22/22", policy: "accept", priority: 1, sourceSecurityGroupId: "sg-admin" },
    { type: "ingress", ipProtocol: "tcp", portRange: "443/443", policy: "accept", priority: 1, prefixListId: "pl-1" },
  ];
  const net = (db: { ip?: string; groups?: string[] }, list = ["10.0.0.6/32"]): NetworkModel => ({
    groups: [
      { id: "sg-web", vpcId: "vpc-1", rules: web },
      { id: "sg-admin", vpcId: "vpc-1", rules: [] },
      { id: "sg-db", vpcId: "vpc-1", rules: [] },
    ],
    instances: [{ id: "i-web", privateIp: "10.0.0.5", groups: ["sg-web"] }, { id: "i-db", privateIp: db.ip ?? "10.0.0.6", groups: db.groups ?? ["sg-db"] }],
    prefixLists: [{ id: "pl-1", cidrs: list }],
  });
  const between = (before: NetworkModel, after: NetworkModel) =>
    regionDiff(networkIndex(before), networkIndex(after)).regions.filter((r) => r.scope === "instance" && r.from.kind === "instance" && r.from.id === "i-db" && r.to.kind === "instance" && r.to.id === "i-web").map((r) => `${r.change} ${r.protocol}:${r.ports?.from}-${r.ports?.to}`);

  test("an instance's address changes: the rules naming its old address no longer admit it", () => {
    expect(between(net({}), net({ ip: "10.0.0.9" }))).toEqual(["closed tcp:443-443", "closed tcp:5432-5432"]);
  });

  test("an instance joins a group another group's rules name", () => {
    expect(between(net({}), net({ groups: ["sg-db", "sg-admin"] }))).toEqual(["opened tcp:22-22"]);
  });

  test("a prefix list's entries change, the rules naming it unchanged", () => {
    expect(between(net({}), net({}, ["10.0.0.7/32"]))).toEqual(["closed tcp:443-443"]);
  });
});
