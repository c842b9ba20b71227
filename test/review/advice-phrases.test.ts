/**
 * What every proposal shares, as a user reads it: the proof line in the direction it acts (who,
 * what ports, to whom; long lists cut and counted), the test for a rule too wide to keep, the
 * Workbench rules kept on admin ports only, and the findings a changed group would still carry.
 */
import { RegionEnd } from "../../lib/analysis/region-diff";
import { parseCidr, CidrBlock } from "../../lib/model/ip";
import { GroupModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { DiffRegion } from "../../lib/review/access-diff";
import { endPhrase, holesLeft, isWideRule, proofPhrase, regionsPhrase, withoutPeer, workbenchBlocks, workbenchRules } from "../../lib/review/advice";

const WB = ["100.104.0.0/16", "161.117.0.0/16"];
const cidrs = (list: string[], except?: string[]): RegionEnd => ({ kind: "addresses", family: "ipv4", cidrs: list, ...(except ? { except } : {}) });
const members: RegionEnd = { kind: "group-member", id: "sg-web" };
const region = (from: RegionEnd, to: RegionEnd, protocol: DiffRegion["protocol"], ports: [number, number] | null, change: "opened" | "closed" = "closed"): DiffRegion =>
  ({ change, scope: "group", from, to, protocol, ports: ports ? { from: ports[0], to: ports[1] } : null, example: { from: "x", to: "y", protocol }, before: { kind: "default" }, after: { kind: "default" } }) as unknown as DiffRegion;

describe("proof phrases", () => {
  test("endPhrase: an instance by id, a group's members, blocks (four listed, more counted), Workbench's ranges named as such only when they are exactly the exceptions", () => {
    expect(endPhrase({ kind: "instance", id: "i-web" })).toBe("i-web");
    expect(endPhrase(members)).toBe("members of sg-web");
    expect(endPhrase(cidrs(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"]))).toBe("10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10");
    expect(endPhrase(cidrs(["1.0.0.0/8", "2.0.0.0/8", "3.0.0.0/8", "4.0.0.0/8", "5.0.0.0/8"]))).toBe("1.0.0.0/8, 2.0.0.0/8, 3.0.0.0/8 and 2 more blocks");
    expect(endPhrase(cidrs(["0.0.0.0/0"], []), WB)).toBe("0.0.0.0/0");
    expect(endPhrase(cidrs(["0.0.0.0/0"], WB), WB)).toBe("0.0.0.0/0 but Workbench's ranges (100.104.0.0/16, 161.117.0.0/16)");
    expect(endPhrase(cidrs(["0.0.0.0/0"], ["100.104.0.0/16", "203.0.113.7/32"]), WB)).toBe("0.0.0.0/0 except 100.104.0.0/16, 203.0.113.7/32");
    expect(endPhrase(cidrs(["0.0.0.0/0"], ["100.104.0.0/16"]), WB)).toBe("0.0.0.0/0 except 100.104.0.0/16");
    expect(endPhrase(cidrs(["0.0.0.0/0"], WB))).toBe("0.0.0.0/0 except 100.104.0.0/16, 161.117.0.0/16");
    expect(endPhrase(cidrs(["0.0.0.0/0"], ["1.1.1.1/32", "2.2.2.2/32", "3.3.3.3/32", "4.4.4.4/32"]))).toBe("0.0.0.0/0 except 1.1.1.1/32, 2.2.2.2/32, 3.3.3.3/32, 4.4.4.4/32");
    expect(endPhrase(cidrs(["0.0.0.0/0"], ["1.1.1.1/32", "2.2.2.2/32", "3.3.3.3/32", "4.4.4.4/32", "5.5.5.5/32"]))).toBe("0.0.0.0/0 except 1.1.1.1/32, 2.2.2.2/32, 3.3.3.3/32 and 2 more blocks");
  });

  test("regionsPhrase: the ports of one sender and receiver together, per protocol, portless protocols after; at most three pairs, the rest counted", () => {
    const world = cidrs(["0.0.0.0/0"]);
    expect(regionsPhrase([region(world, members, "tcp", [22, 22]), region(world, members, "tcp", [3389, 3389]), region(world, members, "udp", [53, 53]), region(world, members, "icmp", null), region(world, members, "gre", null)])).toBe("tcp:22, 3389; udp:53; icmp; gre from 0.0.0.0/0 to members of sg-web");
    // Seven ranges: five listed, the rest counted.
    const seven = [1, 3, 5, 7, 9, 11, 13].map((p) => region(world, members, "tcp", [p, p]));
    expect(regionsPhrase(seven)).toBe("tcp:1, 3, 5, 7, 9 and 2 more ranges from 0.0.0.0/0 to members of sg-web");
    expect(regionsPhrase(seven.slice(0, 6))).toBe("tcp:1, 3, 5, 7, 9, 11 from 0.0.0.0/0 to members of sg-web");
    const pairs = ["i-1", "i-2", "i-3", "i-4", "i-5"].map((id) => region(world, { kind: "instance", id }, "tcp", [22, 22]));
    expect(regionsPhrase(pairs.slice(0, 3))).toBe("tcp:22 from 0.0.0.0/0 to i-1; tcp:22 from 0.0.0.0/0 to i-2; tcp:22 from 0.0.0.0/0 to i-3");
    expect(regionsPhrase(pairs)).toBe("tcp:22 from 0.0.0.0/0 to i-1; tcp:22 from 0.0.0.0/0 to i-2; tcp:22 from 0.0.0.0/0 to i-3; and 2 more");
    expect(regionsPhrase(pairs, [], 4)).toBe("tcp:22 from 0.0.0.0/0 to i-1; tcp:22 from 0.0.0.0/0 to i-2; tcp:22 from 0.0.0.0/0 to i-3; tcp:22 from 0.0.0.0/0 to i-4; and 1 more");
    expect(regionsPhrase([region(cidrs(["0.0.0.0/0"], WB), members, "tcp", [22, 22])], WB)).toBe("tcp:22 from 0.0.0.0/0 but Workbench's ranges (100.104.0.0/16, 161.117.0.0/16) to members of sg-web");
  });

  test("proofPhrase: what it closes, and that it opens nothing; or what it OPENS, not safe", () => {
    const world = cidrs(["0.0.0.0/0"], WB);
    const closed = [region(world, members, "tcp", [22, 22])];
    const opened = [region(cidrs(["10.0.0.0/8"]), members, "tcp", [8080, 8080], "opened")];
    expect(proofPhrase(closed, [], WB)).toBe("closes tcp:22 from 0.0.0.0/0 but Workbench's ranges (100.104.0.0/16, 161.117.0.0/16) to members of sg-web; opens nothing");
    expect(proofPhrase([], opened)).toBe("closes nothing alone; OPENS tcp:8080 from 10.0.0.0/8 to members of sg-web: not safe");
    expect(proofPhrase(closed, opened)).toBe("closes tcp:22 from 0.0.0.0/0 except 100.104.0.0/16, 161.117.0.0/16 to members of sg-web; OPENS tcp:8080 from 10.0.0.0/8 to members of sg-web: not safe");
  });
});

describe("rules too wide to keep, and Workbench's rules", () => {
  const r = (ipProtocol: RuleArgs["ipProtocol"], portRange: string): RuleArgs => ({ type: "ingress", ipProtocol, portRange, cidrIp: "10.0.0.0/8" });
  const admin = [22, 3389];
  const db = [3306, 5432];

  test("isWideRule: every protocol, 1,000 ports or more, or a range holding an admin or database port (its ends included); one port, or a portless protocol, never", () => {
    expect(isWideRule(r("all", "-1/-1"), admin, db)).toBe(true);
    expect(isWideRule(r("tcp", "1/65535"), admin, db)).toBe(true);
    expect(isWideRule(r("udp", "10000/10999"), admin, db)).toBe(true);
    expect(isWideRule(r("udp", "10000/10998"), admin, db)).toBe(false);
    expect(isWideRule(r("tcp", "22/23"), admin, db)).toBe(true);
    expect(isWideRule(r("tcp", "21/22"), admin, db)).toBe(true);
    expect(isWideRule(r("tcp", "23/24"), admin, db)).toBe(false);
    expect(isWideRule(r("tcp", "5430/5432"), admin, db)).toBe(true);
    expect(isWideRule(r("tcp", "5432/5440"), admin, db)).toBe(true);
    expect(isWideRule(r("tcp", "5432/5432"), admin, db)).toBe(false);
    expect(isWideRule(r("udp", "3306/3307"), admin, [])).toBe(false);
    expect(isWideRule(r("icmp", "-1/-1"), admin, db)).toBe(false);
    expect(isWideRule(r("gre", "-1/-1"), admin, db)).toBe(false);
  });

  test("workbenchRules: per admin port range the rule opens over tcp and per IPv4 Workbench block, the rule's other fields kept; in a classic group only the blocks its nic type reaches", () => {
    const blocks = workbenchBlocks(["161.117.0.0/16", "100.104.0.0/16", "2001:db8::/32", "nonsense"]);
    expect(blocks.map((b) => b.text)).toEqual(["161.117.0.0/16", "100.104.0.0/16"]);
    const rule: RuleArgs = { type: "ingress", ipProtocol: "tcp", portRange: "20/3400", cidrIp: "0.0.0.0/0", policy: "accept", priority: 7, description: "old" };
    const open = [{ from: 20, to: 3400 }];
    expect(workbenchRules(rule, open, admin, blocks, false)).toEqual([
      { type: "ingress", ipProtocol: "tcp", portRange: "22/22", policy: "accept", priority: 7, cidrIp: "161.117.0.0/16", description: "Workbench (seed 004)" },
      { type: "ingress", ipProtocol: "tcp", portRange: "22/22", policy: "accept", priority: 7, cidrIp: "100.104.0.0/16", description: "Workbench (seed 004)" },
      { type: "ingress", ipProtocol: "tcp", portRange: "3389/3389", policy: "accept", priority: 7, cidrIp: "161.117.0.0/16", description: "Workbench (seed 004)" },
      { type: "ingress", ipProtocol: "tcp", portRange: "3389/3389", policy: "accept", priority: 7, cidrIp: "100.104.0.0/16", description: "Workbench (seed 004)" },
    ]);
    expect(workbenchRules({ ...rule, ipProtocol: "all" }, [{ from: 22, to: 22 }], admin, blocks, false, "wb").map((x) => `${x.ipProtocol}:${x.portRange} ${x.cidrIp} ${x.description}`)).toEqual(["tcp:22/22 161.117.0.0/16 wb", "tcp:22/22 100.104.0.0/16 wb"]);
    expect(workbenchRules({ ...rule, ipProtocol: "udp" }, open, admin, blocks, false)).toEqual([]);
    expect(workbenchRules(rule, [{ from: 23, to: 3388 }], admin, blocks, false)).toEqual([]);
    // Classic: an internet rule never reached Workbench's private range; an intranet rule never the public one.
    expect(workbenchRules({ ...rule, nicType: "internet" }, [{ from: 22, to: 22 }], admin, blocks, true).map((x) => `${x.cidrIp} ${x.nicType}`)).toEqual(["161.117.0.0/16 internet"]);
    expect(workbenchRules({ ...rule, nicType: "intranet" }, [{ from: 22, to: 22 }], admin, blocks, true).map((x) => `${x.cidrIp} ${x.nicType}`)).toEqual(["100.104.0.0/16 intranet"]);
    expect(workbenchRules(rule, [{ from: 22, to: 22 }], admin, [parseCidr("2001:db8::/32") as CidrBlock], false)).toEqual([]);
    expect(withoutPeer({ ...rule, sourceSecurityGroupId: "sg-1", prefixListId: "pl-1", ipv6CidrIp: "::/0", sourceGroupOwnerId: "1" })).toEqual({ type: "ingress", ipProtocol: "tcp", portRange: "20/3400", policy: "accept", priority: 7 });
  });

  test("holesLeft: the findings of that severity or worse on the added rules only, of this group, each check apart", () => {
    const g: GroupModel = {
      id: "sg-1",
      vpcId: "vpc-1",
      rules: [
        { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" },
        { type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", cidrIp: "0.0.0.0/0" },
        { type: "ingress", ipProtocol: "tcp", portRange: "8080/8080", cidrIp: "10.0.0.0/8" },
      ],
    };
    expect(holesLeft(g, [], new Set([0, 1, 2]), "high").map((f) => [f.check, f.ruleIndex])).toEqual(expect.arrayContaining([["public-admin-port", 0], ["public-database-port", 1]]));
    expect(holesLeft(g, [], new Set([1]), "high").every((f) => f.ruleIndex === 1)).toBe(true);
    expect(holesLeft(g, [], new Set([2]), "high")).toEqual([]);
    expect(holesLeft(g, undefined, new Set([2]), "low").map((f) => f.ruleIndex)).not.toContain(0);
    expect(holesLeft(g, [], new Set([0]), "medium").length).toBeGreaterThanOrEqual(holesLeft(g, [], new Set([0]), "high").length);
    expect(holesLeft(g, [], new Set([0]), "high", { adminPorts: [2222] }).map((f) => f.check)).not.toContain("public-admin-port");
  });

  test("holesLeft asks only the checks whose severity (their own, or the options') reaches the one asked, and only the enabled ones", () => {
    const g: GroupModel = { id: "sg-1", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "8080/8080", cidrIp: "0.0.0.0/0" }] };
    // world-open-non-web is medium: not a hole of a high proposal, unless the options make it high.
    expect(holesLeft(g, [], new Set([0]), "medium").map((f) => f.check)).toContain("world-open-non-web");
    expect(holesLeft(g, [], new Set([0]), "high")).toEqual([]);
    expect(holesLeft(g, [], new Set([0]), "high", { severities: { "world-open-non-web": "high" } }).map((f) => [f.check, f.severity])).toEqual([["world-open-non-web", "high"]]);
    // A check the options lower is no longer a hole of its old severity; a check left out is never asked.
    const admin: GroupModel = { id: "sg-2", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" }] };
    expect(holesLeft(admin, [], new Set([0]), "high").map((f) => f.check)).toContain("public-admin-port");
    expect(holesLeft(admin, [], new Set([0]), "high", { severities: { "public-admin-port": "medium" } }).map((f) => f.check)).not.toContain("public-admin-port");
    expect(holesLeft(admin, [], new Set([0]), "high", { checks: ["all-ports-open"] })).toEqual([]);
  });
});
