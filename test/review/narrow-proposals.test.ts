/**
 * What `proposeNarrowing` shows a user, case by case: the rules a proposal adds, the one line
 * that says what it does (its proof quoted), its grade, and why a rule is skipped. Each estate
 * is one group on one interface; the flows are read by the attribution as the CLI reads them.
 */
import { attributeFlows, AttributionOptions, ObservedFlow } from "../../lib/analysis/attribute-flows";
import { evaluateFlow } from "../../lib/analysis";
import { ValidationError } from "../../lib/model/errors";
import { GroupModel, NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { accessDiff } from "../../lib/review/access-diff";
import { regionsPhrase } from "../../lib/review/advice";
import { LogCoverage, NarrowOptions, NarrowingProposal, gradeLowering, proposeNarrowing } from "../../lib/review/narrow";

const DAY = 86400;
const T0 = 1700000000;
const ENI = "eni-a";
const IP = "172.16.1.10";
const IP6 = "fd00::10";

/** One record of `srcaddr` reaching the interface on `dstport`, `at` seconds after T0. */
const rec = (srcaddr: string, dstport: number, at = 0, protocol = 6): ObservedFlow => ({ eniId: ENI, srcaddr, srcport: 50000, dstaddr: srcaddr.includes(":") ? IP6 : IP, dstport, protocol, direction: "in", action: "ACCEPT", start: T0 + at, end: T0 + at });
/** One record of the interface reaching `dstaddr`. */
const sent = (dstaddr: string, dstport: number, at = 0): ObservedFlow => ({ eniId: ENI, srcaddr: IP, srcport: 50000, dstaddr, dstport, protocol: 6, direction: "out", action: "ACCEPT", start: T0 + at, end: T0 + at });
/** One record from each address. */
const from = (addrs: string[], port: number): ObservedFlow[] => addrs.map((a) => rec(a, port));
/** `hits` records from one address, the first at T0 and the last `seconds` later. */
const spread = (srcaddr: string, port: number, hits: number, seconds: number): ObservedFlow[] => Array.from({ length: hits }, (_, k) => rec(srcaddr, port, k === hits - 1 ? seconds : Math.floor((k * seconds) / Math.max(1, hits - 1))));

function estate(rules: RuleArgs[], group: Partial<GroupModel> = {}): NetworkModel {
  return { groups: [{ id: "sg-a", vpcId: "vpc-1", rules, ...group }], instances: [{ id: ENI, privateIp: IP, ipv6Addresses: [IP6], groups: ["sg-a"] }] };
}

async function propose(model: NetworkModel, flows: ObservedFlow[], options: NarrowOptions = {}, attribution: AttributionOptions = {}) {
  return proposeNarrowing(model, await attributeFlows(model, flows, attribution), options);
}

/** A proposal's added rules, one short string each: `tcp:22/22 203.0.113.7/32`. */
const shown = (p: NarrowingProposal | undefined): string[] => (p?.added ?? []).map((r) => `${r.ipProtocol}:${r.portRange} ${r.cidrIp ?? r.ipv6CidrIp}${r.nicType === "internet" ? " internet" : ""}`);

const rule = (ipProtocol: RuleArgs["ipProtocol"], portRange: string, peer: string, more: Partial<RuleArgs> = {}): RuleArgs => ({ type: "ingress", ipProtocol, portRange, ...(peer.includes(":") ? { ipv6CidrIp: peer } : { cidrIp: peer }), ...more });

/** The proof as the CLI writes it: the changed group's regions closed and opened, in one line each. */
const proof = (before: NetworkModel, after: NetworkModel, changes: { readonly changedGroups: readonly string[] }) => {
  const d = accessDiff(before, after, changes);
  const line = (change: "opened" | "closed") => {
    const regions = d.regions.filter((r) => r.change === change && r.scope === "group");
    return regions.length > 0 ? regionsPhrase(regions) : "nothing";
  };
  return { closes: line("closed"), opens: line("opened"), changedGroups: changes.changedGroups };
};

describe("proposeNarrowing: what a proposal adds and says", () => {
  test("a world-open `all` rule of a web group: per observed peer, the ports observed (tcp/udp) and the portless protocols; the web ports stay open to all; Workbench keeps the admin ports", async () => {
    const m = estate([rule("all", "-1/-1", "0.0.0.0/0", { description: "everything" })]);
    const flows: ObservedFlow[] = [];
    for (let d = 0; d < 15; d++) flows.push(rec("203.0.113.7", 22, d * DAY), rec("203.0.113.7", 0, d * DAY, 1), rec("198.51.100.1", 80, d * DAY), rec("198.51.100.1", 8080, d * DAY));
    const { proposals, skipped } = await propose(m, flows, { accessDiff: proof });
    expect(skipped).toEqual([]);
    expect(proposals).toHaveLength(1);
    const p = proposals[0];
    expect(shown(p)).toEqual([
      ...["198.51.100.1/32", "203.0.113.7/32"].flatMap((peer) => ["tcp:22/22", "tcp:8080/8080", "udp:22/22", "udp:8080/8080", "icmp:-1/-1"].map((x) => `${x} ${peer}`)),
      "tcp:80/80 0.0.0.0/0",
      "tcp:443/443 0.0.0.0/0",
      "udp:80/80 0.0.0.0/0",
      "udp:443/443 0.0.0.0/0",
      "tcp:22/22 161.117.0.0/16",
      "tcp:22/22 100.104.0.0/16",
      "tcp:3389/3389 161.117.0.0/16",
      "tcp:3389/3389 100.104.0.0/16",
    ]);
    // Every added rule keeps the removed rule's other fields.
    expect(p.added.every((r) => r.type === "ingress" && r.policy === "accept" && r.priority === 1 && r.description === "everything")).toBe(true);
    expect(p.accessDiff).toMatchObject({ opens: "nothing", changedGroups: ["sg-a"] });
    expect(p.accessDiff?.closes).toMatch(/^tcp:1-79, 444-65535 from 0\.0\.0\.0\/0 except 100\.104\.0\.0\/16, 161\.117\.0\.0\/16, 198\.51\.100\.1\/32, 203\.0\.113\.7\/32 to members of sg-a; /);
    expect(p.summary).toBe(
      "narrows ingress all from 0.0.0.0/0 in sg-a (rule 0) to 198.51.100.1/32, 203.0.113.7/32 on the ports observed (tcp:22, 8080; udp:22, 8080; icmp) and Workbench (161.117.0.0/16, 100.104.0.0/16) on tcp:22, 3389, keeping tcp:80, 443; udp:80, 443 open to 0.0.0.0/0 (a group serving the web); " +
        `closes: ${p.accessDiff?.closes}; opens: nothing; observed flows still admitted: 100 %; evidence moderate: 60 flows from 2 peers over 14.0 days`,
    );
    expect(p).toMatchObject({ kind: "narrow-peer", groupId: "sg-a", ruleIndex: 0, grade: "moderate", evidence: { flows: 60, peers: 2, peersExact: true, window: { start: T0, end: T0 + 14 * DAY }, days: 14, basis: ["flow-logs", "workbench-guidance"] } });
    expect(p.observed).toEqual({ checkedFlows: 60, admittedFlows: 60, stillAdmitted: 1, unsampledFlows: 0 });
    expect(Object.keys(p.evidence)).toEqual(["flows", "peers", "peersExact", "window", "days", "basis"]);
  });

  test("an egress rule is narrowed to the addresses it reached, said `to`; its unused neighbour is removed, said `to`, with what the window covers", async () => {
    const m = estate([{ type: "egress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0", description: "api" }, { type: "egress", ipProtocol: "tcp", portRange: "5432/5432", cidrIp: "10.0.0.0/8" }]);
    const flows = Array.from({ length: 15 }, (_, d) => sent("93.184.216.34", 443, d * DAY));
    const { proposals } = await propose(m, flows, { coverage: { records: 900, skipData: 5, bad: 5 } });
    const [narrowed, removed] = proposals;
    expect(shown(narrowed)).toEqual(["tcp:443/443 93.184.216.34/32"]);
    expect(narrowed.added[0]).toMatchObject({ type: "egress", description: "api" });
    // The observed flows are asked again on the egress side.
    expect(narrowed.observed).toEqual({ checkedFlows: 15, admittedFlows: 15, stillAdmitted: 1, unsampledFlows: 0 });
    expect(narrowed.summary).toBe("narrows egress tcp:443 to 0.0.0.0/0 in sg-a (rule 0) to 93.184.216.34/32; observed flows still admitted: 100 %; evidence weak: 15 flows from 1 peers over 14.0 days (the log skipped records or had bad lines: 1 % unread, grade lowered one step)");
    expect(narrowed.grade).toBe("weak");
    expect(narrowed.evidence.coverage).toEqual({ records: 900, skipData: 5, bad: 5, unreadShare: 10 / 910, lowered: 1 });
    const covers = 'the logs cover 14.0 days (98.9 % of the log read as records): "unused" means no flow in that window, and a rule used less often, such as a monthly job or a failover path, looks unused';
    expect(removed).toMatchObject({ kind: "remove-unused", ruleIndex: 1, added: [], grade: "moderate", evidence: { flows: 0, peers: 0, basis: ["flow-logs"], covers } });
    expect(removed.summary).toBe(`removes unused egress tcp:5432 to 10.0.0.0/8 in sg-a (rule 1); observed flows still admitted: 100 % (no observed flow used the rule); evidence moderate: no flow over 14.0 days (the log skipped records or had bad lines: 1 % unread, grade lowered one step); ${covers}`);
    // The changed model no longer holds the rule, and the flow it carried is still admitted.
    const after: NetworkModel = { ...m, groups: [{ ...m.groups[0], rules: [m.groups[0].rules[1], ...narrowed.added] }] };
    expect(evaluateFlow(after, { from: ENI, to: "93.184.216.34", protocol: "tcp", port: 443 }).allowed).toBe(true);
  });

  test("removeUnused: false proposes no removal; a drop rule, a rule with no hit, a group peer and a /32 are never narrowed", async () => {
    const m = estate([
      rule("tcp", "8080/8080", "198.51.100.0/24", { policy: "drop", priority: 1 }),
      rule("tcp", "8080/8080", "0.0.0.0/0", { priority: 2 }),
      { type: "ingress", ipProtocol: "tcp", portRange: "8080/8080", sourceSecurityGroupId: "sg-a", priority: 3 },
      rule("tcp", "9090/9090", "203.0.113.9/32"),
    ]);
    // A member of another group reaches the interface through the group-peer rule.
    m.groups.push({ id: "sg-b", vpcId: "vpc-1", rules: [] });
    m.instances!.push({ id: "eni-b", privateIp: "172.16.1.11", groups: ["sg-b"] });
    m.groups[0].rules[2] = { ...m.groups[0].rules[2], portRange: "7070/7070", sourceSecurityGroupId: "sg-b" };
    const flows = [...from(["198.51.100.1", "203.0.113.9"], 8080), rec("203.0.113.9", 9090), { ...rec("198.51.100.1", 8080), action: "REJECT" as const }, { ...rec("172.16.1.11", 7070), srcaddr: "172.16.1.11" }];
    const attribution = await attributeFlows(m, flows);
    expect(attribution.rules.map((u) => u.hits)).toEqual([1, 1, 1, 1]);
    const all = proposeNarrowing(m, attribution);
    expect(all.proposals.map((p) => [p.kind, p.ruleIndex])).toEqual([["narrow-peer", 1]]);
    expect(shown(all.proposals[0])).toEqual(["tcp:8080/8080 203.0.113.9/32"]);
    expect(all.skipped).toEqual([]);
    // Unused: removed unless removeUnused is false, saying what the window covers.
    const unused = await propose(m, from(["203.0.113.9"], 8080));
    expect(unused.proposals.map((p) => [p.kind, p.ruleIndex])).toEqual([
      ["narrow-peer", 1],
      ["remove-unused", 2],
      ["remove-unused", 3],
    ]);
    expect(unused.proposals[1].summary).toBe('removes unused ingress tcp:7070 from sg-b in sg-a (rule 2); observed flows still admitted: 100 % (no observed flow used the rule); evidence weak: no flow over 0.0 days; the logs cover 0.0 days: "unused" means no flow in that window, and a rule used less often, such as a monthly job or a failover path, looks unused');
    expect(Object.keys(unused.proposals[1])).not.toContain("accessDiff");
    expect("coverage" in unused.proposals[1].evidence).toBe(false);
    const kept = await propose(m, from(["203.0.113.9"], 8080), { removeUnused: false });
    expect(kept.proposals.map((p) => p.ruleIndex)).toEqual([1]);
  });
});

describe("proposeNarrowing: the peers a rule is narrowed to", () => {
  test("public peers, at most hostLimit of them, become their /32s in address order; more become /24s (or /16s, /8s), at most blockLimit", async () => {
    const m = estate([rule("tcp", "8080/8080", "198.0.0.0/8")]);
    const five = from(["198.51.100.5", "198.51.100.1", "198.51.101.3", "198.52.0.4", "198.51.100.2"], 8080);
    expect(shown((await propose(m, five.slice(0, 4))).proposals[0])).toEqual(["tcp:8080/8080 198.51.100.1/32", "tcp:8080/8080 198.51.100.5/32", "tcp:8080/8080 198.51.101.3/32", "tcp:8080/8080 198.52.0.4/32"]);
    expect(shown((await propose(m, five)).proposals[0])).toEqual(["tcp:8080/8080 198.51.100.0/24", "tcp:8080/8080 198.51.101.0/24", "tcp:8080/8080 198.52.0.0/24"]);
    expect(shown((await propose(m, five, { hostLimit: 5 })).proposals[0])).toHaveLength(5);
    expect(shown((await propose(m, five, { blockLimit: 2 })).proposals[0])).toEqual(["tcp:8080/8080 198.51.0.0/16", "tcp:8080/8080 198.52.0.0/16"]);
    const wide = estate([rule("tcp", "8080/8080", "0.0.0.0/0")]);
    const eight = from(["1.1.1.1", "1.2.2.2", "2.1.1.1", "2.2.2.2", "3.1.1.1"], 8080);
    expect(shown((await propose(wide, eight)).proposals[0])).toEqual(["tcp:8080/8080 1.0.0.0/8", "tcp:8080/8080 2.0.0.0/8", "tcp:8080/8080 3.0.0.0/8"]);
  });

  test("peers spread over more than blockLimit blocks: skipped, saying how many peers and inside what; with a larger blockLimit, narrowed", async () => {
    const m = estate([rule("tcp", "8080/8080", "0.0.0.0/0")]);
    const flows = from(["5.5.5.5", "1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"], 8080);
    const { proposals, skipped } = await propose(m, flows);
    expect(proposals).toEqual([]);
    expect(skipped).toEqual([{ groupId: "sg-a", ruleIndex: 0, reason: "the 5 observed peers spread over more than 4 blocks inside 0.0.0.0/0: needs the owner's input" }]);
    expect(shown((await propose(m, flows, { blockLimit: 5 })).proposals[0])).toEqual(["1.1.1.0/24", "2.2.2.0/24", "3.3.3.0/24", "4.4.4.0/24", "5.5.5.0/24"].map((b) => `tcp:8080/8080 ${b}`));
    // Peers counted as blocks once there are too many to keep exactly: "many", and "at least".
    const coarse = await propose(m, flows, {}, { maxPeers: 2 });
    expect(coarse.skipped[0].reason).toBe("the many observed peers lie in no block narrower than 0.0.0.0/0 (peers are narrowed to blocks of /24, /16 or /8, or /64, /48 or /32, and private ones never to single addresses): needs the owner's input");
    const few = await propose(m, from(["198.51.100.1", "198.51.100.2", "198.51.100.3"], 8080), {}, { maxPeers: 2 });
    expect(shown(few.proposals[0])).toEqual(["tcp:8080/8080 198.51.100.0/24"]);
    expect(few.proposals[0].evidence.peersExact).toBe(false);
    expect(few.proposals[0].summary).toMatch(/; evidence weak: 3 flows from at least 3 peers over 0\.0 days$/);
  });

  test("a private rule is narrowed to blocks, never to single addresses; a block no narrower than the rule's is no narrowing", async () => {
    const m = estate([rule("tcp", "8080/8080", "10.0.0.0/8"), rule("tcp", "8081/8081", "10.1.2.0/24")]);
    const { proposals, skipped } = await propose(m, [...from(["10.1.2.3", "10.1.2.4"], 8080), rec("10.1.2.3", 8081)]);
    expect(proposals.map((p) => p.ruleIndex)).toEqual([0]);
    expect(shown(proposals[0])).toEqual(["tcp:8080/8080 10.1.2.0/24"]);
    expect(proposals[0].summary).toBe("narrows ingress tcp:8080 from 10.0.0.0/8 in sg-a (rule 0) to 10.1.2.0/24; observed flows still admitted: 100 %; evidence weak: 2 flows from 2 peers over 0.0 days");
    expect(skipped).toEqual([{ groupId: "sg-a", ruleIndex: 1, reason: "the 1 observed peers lie in no block narrower than 10.1.2.0/24 (peers are narrowed to blocks of /24, /16 or /8, or /64, /48 or /32, and private ones never to single addresses): needs the owner's input" }]);
  });

  test("an IPv6 rule: /128s, then /64s; its IPv4 peers are none of its business; no Workbench blocks for IPv6", async () => {
    const m = estate([rule("tcp", "8080/8080", "::/0"), rule("tcp", "22/22", "::/0")]);
    const two = await propose(m, [...from(["2001:db8::2", "2001:db8::1"], 8080), rec("2001:db8::1", 22)]);
    const prefixed = await propose(estate([rule("tcp", "8080/8080", "2001:db8::/32"), rule("tcp", "8081/8081", "2001:db8::1/128")]), [rec("2001:db8::1", 8080), rec("2001:db8::1", 8081)]);
    expect(prefixed.proposals.map(shown)).toEqual([["tcp:8080/8080 2001:db8::1/128"]]);
    expect(shown(two.proposals[0])).toEqual(["tcp:8080/8080 2001:db8::1/128", "tcp:8080/8080 2001:db8::2/128"]);
    expect(shown(two.proposals[1])).toEqual(["tcp:22/22 2001:db8::1/128"]);
    expect(two.proposals[1].evidence.basis).toEqual(["flow-logs"]);
    const five = await propose(m, from(["2001:db8::1", "2001:db8::2", "2001:db8:1::3", "2001:db8:2::3", "2001:db8:3::3"], 8080), { removeUnused: false });
    expect(shown(five.proposals[0])).toEqual(["2001:db8::/64", "2001:db8:1::/64", "2001:db8:2::/64", "2001:db8:3::/64"].map((b) => `tcp:8080/8080 ${b}`));
  });
});

describe("proposeNarrowing: ports, web ports and Workbench", () => {
  test("a rule too wide to keep is narrowed to the ports observed; with 64 ports or more it is skipped", async () => {
    const m = estate([rule("tcp", "1/65535", "10.0.0.0/8")]);
    const ports = (n: number) => Array.from({ length: n }, (_, k) => rec("10.1.1.1", 1000 + k, k));
    const ok = await propose(m, ports(63));
    expect(shown(ok.proposals[0])).toEqual(["tcp:1000/1062 10.1.1.0/24"]);
    expect(ok.proposals[0].summary).toBe("narrows ingress tcp:1-65535 from 10.0.0.0/8 in sg-a (rule 0) to 10.1.1.0/24 on the ports observed (tcp:1000-1062); observed flows still admitted: 100 %, 32 of 63 sampled; evidence weak: 63 flows from 1 peers over 0.0 days");
    expect(ok.proposals[0].observed).toEqual({ checkedFlows: 32, admittedFlows: 32, stillAdmitted: 1, unsampledFlows: 31 });
    const tooMany = await propose(m, ports(64));
    expect(tooMany.proposals).toEqual([]);
    expect(tooMany.skipped).toEqual([{ groupId: "sg-a", ruleIndex: 0, reason: "tcp:1-65535 is too wide to keep, and the flows used 64 or more ports: which ports does this group serve? (needs the owner's input)" }]);
  });

  test("an `all` rule keeps the portless protocols observed, sorted, after the tcp and udp ports", async () => {
    const m = estate([rule("all", "-1/-1", "10.0.0.0/8")]);
    const { proposals } = await propose(m, [rec("10.1.1.1", 0, 0, 1), rec("10.1.1.1", 0, 0, 47), rec("10.1.1.1", 53, 0, 17)]);
    expect(shown(proposals[0])).toEqual(["tcp:53/53 10.1.1.0/24", "udp:53/53 10.1.1.0/24", "gre:-1/-1 10.1.1.0/24", "icmp:-1/-1 10.1.1.0/24"]);
    expect(proposals[0].summary).toMatch(/^narrows ingress all from 10\.0\.0\.0\/8 in sg-a \(rule 0\) to 10\.1\.1\.0\/24 on the ports observed \(tcp:53; udp:53; gre, icmp\); /);
    const icmp = await propose(m, [rec("10.1.1.1", 0, 0, 1)]);
    expect(shown(icmp.proposals[0])).toEqual(["icmp:-1/-1 10.1.1.0/24"]);
    expect(icmp.proposals[0].summary).toMatch(/ on the ports observed \(icmp\); /);
  });

  test("a world-open rule over web ports and more in a web group: the web ports stay open to all, the rest narrowed; a web-only rule is neither narrowed nor removed unless narrowPublic", async () => {
    const m = estate([rule("tcp", "80/90", "0.0.0.0/0"), rule("tcp", "443/443", "0.0.0.0/0"), rule("tcp", "8443/8443", "0.0.0.0/0")]);
    const flows = [rec("198.51.100.1", 85), rec("198.51.100.1", 8443)];
    const { proposals, skipped } = await propose(m, flows);
    expect(shown(proposals[0])).toEqual(["tcp:81/90 198.51.100.1/32", "tcp:80/80 0.0.0.0/0"]);
    expect(proposals[0].summary).toMatch(/^narrows ingress tcp:80-90 from 0\.0\.0\.0\/0 in sg-a \(rule 0\) to 198\.51\.100\.1\/32 on tcp:81-90, keeping tcp:80 open to 0\.0\.0\.0\/0 \(a group serving the web\); observed/);
    expect(proposals.map((p) => p.ruleIndex)).toEqual([0, 2]);
    expect(skipped).toEqual([{ groupId: "sg-a", ruleIndex: 1, reason: "tcp:443 from 0.0.0.0/0 is a web port open to every address in a group that serves the web, which world-open-non-web holds to be right: not removed (pass --narrow-public, or narrowPublic, to remove it)" }]);
    const all = await propose(m, flows, { narrowPublic: true });
    expect(shown(all.proposals[0])).toEqual(["tcp:80/90 198.51.100.1/32"]);
    expect(all.proposals[0].summary).toMatch(/^narrows ingress tcp:80-90 from 0\.0\.0\.0\/0 in sg-a \(rule 0\) to 198\.51\.100\.1\/32; /);
    expect(all.proposals.map((p) => [p.kind, p.ruleIndex])).toEqual([
      ["narrow-peer", 0],
      ["narrow-peer", 2],
      ["remove-unused", 1],
    ]);
    expect(all.skipped).toEqual([]);
    // The web port used: not narrowed, said so.
    const used = await propose(m, [rec("198.51.100.1", 443)], { removeUnused: false });
    expect(used.skipped).toEqual([{ groupId: "sg-a", ruleIndex: 1, reason: "tcp:443 from 0.0.0.0/0 is a web port open to every address in a group that serves the web, which world-open-non-web holds to be right: not narrowed (pass --narrow-public, or narrowPublic, to narrow it)" }]);
    // Web ports as an option: 8443 is one, so its rule is left open.
    const custom = await propose(m, flows, { webPorts: [8443], removeUnused: false });
    expect(custom.proposals.map((p) => p.ruleIndex)).toEqual([0]);
    expect(custom.skipped.map((s) => s.ruleIndex)).toEqual([2]);
  });

  test("world-open SSH: observed peers inside Workbench's blocks need no rule of their own; only Workbench's peers leave only Workbench", async () => {
    const m = estate([rule("tcp", "22/22", "0.0.0.0/0")]);
    const both = await propose(m, from(["161.117.3.4", "203.0.113.7"], 22));
    expect(shown(both.proposals[0])).toEqual(["tcp:22/22 203.0.113.7/32", "tcp:22/22 161.117.0.0/16", "tcp:22/22 100.104.0.0/16"]);
    expect(both.proposals[0].summary).toMatch(/^narrows ingress tcp:22 from 0\.0\.0\.0\/0 in sg-a \(rule 0\) to 203\.0\.113\.7\/32 and Workbench \(161\.117\.0\.0\/16, 100\.104\.0\.0\/16\); observed/);
    const only = await propose(m, from(["161.117.3.4"], 22));
    expect(shown(only.proposals[0])).toEqual(["tcp:22/22 161.117.0.0/16", "tcp:22/22 100.104.0.0/16"]);
    expect(only.proposals[0].summary).toMatch(/^narrows ingress tcp:22 from 0\.0\.0\.0\/0 in sg-a \(rule 0\) to Workbench \(161\.117\.0\.0\/16, 100\.104\.0\.0\/16\); observed/);
    // A range over the admin port is wide: each observed peer keeps its own rule, on the port observed.
    const range = await propose(estate([rule("tcp", "20/23", "0.0.0.0/0")]), from(["161.117.3.4", "203.0.113.7"], 22));
    expect(shown(range.proposals[0])).toEqual(["tcp:22/22 161.117.3.4/32", "tcp:22/22 203.0.113.7/32", "tcp:22/22 161.117.0.0/16", "tcp:22/22 100.104.0.0/16"]);
    expect(range.proposals[0].summary).toMatch(/ to 161\.117\.3\.4\/32, 203\.0\.113\.7\/32 on the ports observed \(tcp:22\) and Workbench \(161\.117\.0\.0\/16, 100\.104\.0\.0\/16\) on tcp:22; observed/);
  });

  test("Workbench's blocks and admin ports are options; a block that is not IPv4 is refused; a classic internet rule keeps only the public block", async () => {
    const m = estate([rule("tcp", "22/22", "0.0.0.0/0"), rule("tcp", "2222/2222", "0.0.0.0/0")]);
    const flows = from(["203.0.113.7"], 22).concat(from(["203.0.113.7"], 2222));
    const custom = await propose(m, flows, { workbench: ["192.0.2.0/24"], adminPorts: [22, 2222] });
    expect(custom.proposals.map(shown)).toEqual([
      ["tcp:22/22 203.0.113.7/32", "tcp:22/22 192.0.2.0/24"],
      ["tcp:2222/2222 203.0.113.7/32", "tcp:2222/2222 192.0.2.0/24"],
    ]);
    expect(custom.proposals[0].summary).toMatch(/ to 203\.0\.113\.7\/32 and Workbench \(192\.0\.2\.0\/24\); /);
    expect(shown((await propose(m, flows)).proposals[1])).toEqual(["tcp:2222/2222 203.0.113.7/32"]);
    for (const bad of ["2001:db8::/32", "not a block"]) {
      let error: unknown;
      try {
        await propose(m, flows, { workbench: ["161.117.0.0/16", bad] });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ code: "invalid-cidr", field: "options.workbench[1]", value: bad });
      expect((error as Error).message).toMatch(/options\.workbench\[1\] is not an IPv4 CIDR block .*Give Workbench's source blocks, e\.g\. "161\.117\.0\.0\/16"\./);
    }
    const classic = await propose(estate([rule("tcp", "22/22", "0.0.0.0/0", { nicType: "internet" })], { vpcId: undefined }), from(["203.0.113.7"], 22));
    expect(shown(classic.proposals[0])).toEqual(["tcp:22/22 203.0.113.7/32 internet", "tcp:22/22 161.117.0.0/16 internet"]);
  });

  test("narrower rules that would still fail a high check are not proposed: skipped, naming the check", async () => {
    const m = estate([rule("tcp", "22/22", "0.0.0.0/0"), rule("tcp", "22/22", "161.117.0.0/16")]);
    const { proposals, skipped } = await propose(m, from(["203.0.113.7"], 22), { removeUnused: false });
    expect(proposals).toEqual([]);
    expect(skipped).toEqual([{ groupId: "sg-a", ruleIndex: 0, reason: "the narrower rules would still fail duplicate-rule: needs the owner's input" }]);
  });
});

describe("proposeNarrowing: grades", () => {
  /** A narrowing over `hits` flows and `seconds`, beside an unused rule of the same group. */
  async function grades(hits: number, seconds: number, coverage?: LogCoverage) {
    const m = estate([rule("tcp", "8080/8080", "0.0.0.0/0"), rule("tcp", "9090/9090", "0.0.0.0/0")]);
    const { proposals } = await propose(m, spread("198.51.100.1", 8080, hits, seconds), coverage ? { coverage } : {});
    return proposals.map((p) => `${p.kind} ${p.grade}`);
  }

  test("a narrowing is strong from 100 flows over 14 days, moderate from 10 flows over a day; a removal strong from 14 days, moderate from a day", async () => {
    expect(await grades(100, 14 * DAY)).toEqual(["narrow-peer strong", "remove-unused strong"]);
    expect(await grades(99, 14 * DAY)).toEqual(["narrow-peer moderate", "remove-unused strong"]);
    expect(await grades(100, 14 * DAY - 1)).toEqual(["narrow-peer moderate", "remove-unused moderate"]);
    expect(await grades(10, DAY)).toEqual(["narrow-peer moderate", "remove-unused moderate"]);
    expect(await grades(9, DAY)).toEqual(["narrow-peer weak", "remove-unused moderate"]);
    expect(await grades(10, DAY - 1)).toEqual(["narrow-peer weak", "remove-unused weak"]);
  });

  test("a log's unread share lowers every grade: one step from 1 %, two from 25 %, never below weak", async () => {
    expect(await grades(100, 14 * DAY, { records: 100, skipData: 0, bad: 0 })).toEqual(["narrow-peer strong", "remove-unused strong"]);
    expect(await grades(100, 14 * DAY, { records: 99, skipData: 1 })).toEqual(["narrow-peer moderate", "remove-unused moderate"]);
    expect(await grades(100, 14 * DAY, { records: 75, skipData: 20, bad: 5 })).toEqual(["narrow-peer weak", "remove-unused weak"]);
    expect(await grades(10, DAY, { records: 76, skipData: 24 })).toEqual(["narrow-peer weak", "remove-unused weak"]);
    const m = estate([rule("tcp", "8080/8080", "0.0.0.0/0")]);
    const twoSteps = await propose(m, spread("198.51.100.1", 8080, 100, 14 * DAY), { coverage: { records: 70, skipData: 30 } });
    expect(twoSteps.proposals[0].summary).toMatch(/; evidence weak: 100 flows from 1 peers over 14\.0 days \(the log skipped records or had bad lines: 30 % unread, grade lowered two steps\)$/);
  });

  test("gradeLowering counts SKIPDATA records and bad lines against the log's entries; an empty log or none given lowers nothing; counts must be counts", () => {
    expect(gradeLowering(undefined)).toEqual({ unread: 0, share: 0, steps: 0 });
    expect(gradeLowering({ records: 0, skipData: 0 })).toEqual({ unread: 0, share: 0, steps: 0 });
    expect(gradeLowering({ records: 900, skipData: 50, bad: 50 })).toEqual({ unread: 100, share: 0.1, steps: 1 });
    expect(gradeLowering({ records: 991, skipData: 9 })).toEqual({ unread: 9, share: 0.009, steps: 0 });
    expect(gradeLowering({ records: 99, skipData: 0, bad: 1 })).toEqual({ unread: 1, share: 0.01, steps: 1 });
    expect(gradeLowering({ records: 0, skipData: 3 })).toEqual({ unread: 3, share: 1, steps: 2 });
    expect(gradeLowering({ records: 3, skipData: 1 }).steps).toBe(2);
    for (const [coverage, field] of [
      [{ records: -1, skipData: 0 }, "options.coverage.records"],
      [{ records: 1.5, skipData: 0 }, "options.coverage.records"],
      [{ records: 1, skipData: Number.NaN }, "options.coverage.skipData"],
      [{ records: 1, skipData: undefined }, "options.coverage.skipData"],
      [{ records: 1, skipData: 0, bad: -2 }, "options.coverage.bad"],
      [{ records: 1, skipData: 0, bad: "1" }, "options.coverage.bad"],
    ] as [LogCoverage, string][]) {
      expect(() => gradeLowering(coverage)).toThrow(ValidationError);
      try {
        gradeLowering(coverage);
      } catch (e) {
        expect(e).toMatchObject({ code: "invalid-argument", field });
        expect((e as Error).message).toMatch(/is not a count .*Pass the flow-log reader's stats \(emptyFlowLogStats\(\), filled by the read\)\./);
      }
    }
  });

  test("more flows from one peer do not put it first: blocks are listed by address", async () => {
    const m = estate([rule("tcp", "8080/8080", "0.0.0.0/0")]);
    const { proposals } = await propose(m, [...spread("203.0.113.7", 8080, 5, 60), rec("198.51.100.1", 8080)]);
    expect(shown(proposals[0])).toEqual(["tcp:8080/8080 198.51.100.1/32", "tcp:8080/8080 203.0.113.7/32"]);
  });

  test("a portless rule is narrowed as it is, peer by peer", async () => {
    const { proposals } = await propose(estate([rule("icmp", "-1/-1", "0.0.0.0/0")]), [rec("203.0.113.7", 0, 0, 1)]);
    expect(shown(proposals[0])).toEqual(["icmp:-1/-1 203.0.113.7/32"]);
  });

  test("a wide rule over admin ports only keeps each observed peer, Workbench's too; a Workbench block the peers coarsen to is added once", async () => {
    const m = estate([rule("tcp", "22/23", "0.0.0.0/0")]);
    const { proposals } = await propose(m, from(["161.117.3.4", "203.0.113.7"], 22), { adminPorts: [22, 23] });
    expect(shown(proposals[0])).toEqual(["tcp:22/22 161.117.3.4/32", "tcp:22/22 203.0.113.7/32", "tcp:22/23 161.117.0.0/16", "tcp:22/23 100.104.0.0/16"]);
    expect(proposals[0].summary).toMatch(/ to 161\.117\.3\.4\/32, 203\.0\.113\.7\/32 on the ports observed \(tcp:22\) and Workbench \(161\.117\.0\.0\/16, 100\.104\.0\.0\/16\) on tcp:22-23; /);
    const wb = await propose(estate([rule("tcp", "20/23", "0.0.0.0/0")]), from(["161.117.1.1", "161.117.2.2", "161.117.3.3", "161.117.4.4", "161.117.5.5"], 22));
    expect(shown(wb.proposals[0])).toEqual(["tcp:22/22 161.117.0.0/16", "tcp:22/22 100.104.0.0/16"]);
  });

  test("in an estate of several groups, each proposal changes its own group only, judged by that group (a classic group's internet rule keeps only Workbench's public block)", async () => {
    const m: NetworkModel = {
      groups: [
        { id: "sg-vpc", vpcId: "vpc-1", rules: [rule("tcp", "22/22", "0.0.0.0/0")] },
        { id: "sg-classic", rules: [rule("tcp", "22/22", "0.0.0.0/0", { nicType: "internet" })] },
      ],
      instances: [
        { id: ENI, privateIp: IP, groups: ["sg-vpc"] },
        { id: "eni-c", privateIp: "10.9.0.10", publicIp: "47.1.1.1", groups: ["sg-classic"] },
      ] as NetworkModel["instances"],
    };
    const calls: { before: NetworkModel; after: NetworkModel; changedGroups: readonly string[] }[] = [];
    const flows = [rec("203.0.113.7", 22), { ...rec("203.0.113.8", 22), eniId: "eni-c", dstaddr: "10.9.0.10" }];
    const { proposals } = await propose(m, flows, { accessDiff: (before, after, { changedGroups }) => (calls.push({ before, after, changedGroups }), {}) });
    expect(proposals.map((p) => [p.groupId, shown(p)])).toEqual([
      ["sg-vpc", ["tcp:22/22 203.0.113.7/32", "tcp:22/22 161.117.0.0/16", "tcp:22/22 100.104.0.0/16"]],
      ["sg-classic", ["tcp:22/22 203.0.113.8/32 internet", "tcp:22/22 161.117.0.0/16 internet"]],
    ]);
    expect(calls.map((c) => c.changedGroups)).toEqual([["sg-vpc"], ["sg-classic"]]);
    expect(calls[0].after.groups[1]).toEqual(calls[0].before.groups[1]);
    expect(calls[1].after.groups[0]).toEqual(calls[1].before.groups[0]);
    expect(calls[1].after.groups[1].rules).toEqual(proposals[1].added);
    expect(proposals.every((p) => p.observed.admittedFlows === 1)).toBe(true);
  });
});
