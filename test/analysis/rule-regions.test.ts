/**
 * What each rule of one group decides, asked of the lists of its own address cells
 * (lib/analysis/rule-regions.ts). The brute-force property test in
 * test/checks/properties.test.ts ("coverage index") holds every answer against a point-by-point
 * reading; these cases pin the shapes where a list is passed over: lists held by a list already
 * asked, the core list of a family (the cells only its /0 rules cover), and lists of the two
 * families, which carry different protocols.
 */
import { parseCidr, CidrBlock } from "../../lib/model/ip";
import { RuleArgs, validateRule } from "../../lib/model/rule";
import { compileRule, CompiledRule } from "../../lib/analysis/rule-index";
import { RuleRegions } from "../../lib/analysis/rule-regions";
import * as judgeModule from "../../lib/analysis/judge";

const LISTS = new Map<string, readonly CidrBlock[]>([
  ["pl-both", ["10.0.0.0/8", "2001:db8::/32"].map((c) => parseCidr(c) as CidrBlock)],
  ["pl-v4", ["10.0.0.0/8", "192.168.0.0/16"].map((c) => parseCidr(c) as CidrBlock)],
  ["pl-any", ["0.0.0.0/0", "::/0"].map((c) => parseCidr(c) as CidrBlock)],
]);

/** One VPC group's rules, compiled as the checks compile them (their positions order ties). */
function regions(...rules: RuleArgs[]): { regions: RuleRegions; rules: CompiledRule[] } {
  const compiled = rules.map((r, i) => compileRule(validateRule(r), "sg-a", i, true, i, LISTS));
  return { regions: new RuleRegions(compiled, false), rules: compiled };
}

const tcp = (ports: string, peer: Partial<RuleArgs>, policy: "accept" | "drop", priority: number): RuleArgs => ({ type: "ingress", ipProtocol: "tcp", portRange: ports, policy, priority, ...peer });

describe("what a rule decides, asked of its own cells", () => {
  test("a /0 drop of better priority covers every cell: the accepts under it decide nothing, open nothing, and are covered by it alone", () => {
    const { regions: g, rules } = regions(
      tcp("1/65535", { cidrIp: "0.0.0.0/0" }, "drop", 1),
      tcp("22/22", { cidrIp: "10.1.0.0/16" }, "accept", 5),
      tcp("22/22", { cidrIp: "10.2.0.0/16" }, "accept", 5),
      tcp("22/22", { cidrIp: "0.0.0.0/0" }, "accept", 5),
    );
    const [drop, a, b, world] = rules;
    expect([drop, a, b, world].map((r) => g.decides(r))).toEqual([true, false, false, false]);
    expect([a, b, world].map((r) => g.openAfterDrops(r).size)).toEqual([0, 0, 0]);
    expect([a, b, world].map((r) => g.coveringRule(r))).toEqual([drop, drop, drop]);
  });

  test("a /0 drop on some ports: the world accept still opens the others, in every cell", () => {
    const { regions: g, rules } = regions(tcp("1/1000", { cidrIp: "0.0.0.0/0" }, "drop", 1), tcp("5/5", { cidrIp: "10.0.0.0/8" }, "accept", 2), tcp("1/2000", { cidrIp: "0.0.0.0/0" }, "accept", 5));
    const world = rules[2];
    expect(g.decides(world)).toBe(true);
    expect(g.openAfterDrops(world).get("tcp")).toEqual([{ from: 1001, to: 2000 }]);
    expect(g.decides(rules[1])).toBe(false);
  });

  test("a drop on part of the space: an accept on every address still opens its ports where the drop does not reach", () => {
    const { regions: g, rules } = regions(tcp("22/22", { cidrIp: "10.0.0.0/8" }, "drop", 1), tcp("22/22", { cidrIp: "0.0.0.0/0" }, "accept", 5));
    expect(g.decides(rules[1])).toBe(true);
    expect(g.openAfterDrops(rules[1]).get("tcp")).toEqual([{ from: 22, to: 22 }]);
    expect(g.coveringRule(rules[1])).toBeUndefined();
  });

  test("an icmp rule on a prefix list of both families decides through its IPv4 cells, though its shortest list is IPv6 (which carries no icmp)", () => {
    // The IPv4 cells of 10.0.0.0/8 hold both rules; the IPv6 cells of 2001:db8::/32 only the icmp
    // rule: the IPv6 list is shorter, asked first, and answers nothing about icmp; the IPv4 list
    // holds every rule of it, and must still be asked.
    const { regions: g, rules } = regions(tcp("80/80", { cidrIp: "10.0.0.0/8" }, "accept", 1), { type: "ingress", ipProtocol: "icmp", portRange: "-1/-1", policy: "accept", priority: 1, prefixListId: "pl-both" });
    const icmp = rules[1];
    expect(g.decides(icmp)).toBe(true);
    expect(g.openAfterDrops(icmp).get("icmp")).toEqual([{ from: 1, to: 65535 }]);
  });

  test("a rule on a prefix list shadowed in one of its blocks still decides in the other", () => {
    const { regions: g, rules } = regions(tcp("22/22", { cidrIp: "10.0.0.0/8" }, "drop", 1), tcp("22/22", { prefixListId: "pl-v4" }, "accept", 2));
    expect(g.decides(rules[1])).toBe(true);
    expect(g.openAfterDrops(rules[1]).get("tcp")).toEqual([{ from: 22, to: 22 }]);
    const { regions: h, rules: r2 } = regions(tcp("22/22", { cidrIp: "10.0.0.0/8" }, "drop", 1), tcp("22/22", { cidrIp: "192.168.0.0/16" }, "drop", 1), tcp("22/22", { prefixListId: "pl-v4" }, "accept", 2));
    expect(h.decides(r2[2])).toBe(false);
    expect(h.openAfterDrops(r2[2]).size).toBe(0);
    // Two drops together, neither alone.
    expect(h.coveringRule(r2[2])).toBeUndefined();
  });

  test("a rule of the same rank judged first decides with it: both take effect", () => {
    const { regions: g, rules } = regions(tcp("22/22", { cidrIp: "0.0.0.0/0" }, "accept", 3), tcp("22/22", { cidrIp: "10.0.0.0/8" }, "accept", 3), tcp("22/22", { cidrIp: "10.0.0.0/8" }, "accept", 4));
    expect(rules.map((r) => g.decides(r))).toEqual([true, true, false]);
  });

  test("a group rule is judged against the worst address of each family: a /0 drop covers its members only where it covers every cell", () => {
    const group = (priority: number): RuleArgs => ({ type: "ingress", ipProtocol: "tcp", portRange: "22/22", policy: "accept", priority, sourceSecurityGroupId: "sg-peer" });
    const covered = regions(tcp("22/22", { cidrIp: "0.0.0.0/0" }, "drop", 1), tcp("22/22", { ipv6CidrIp: "::/0" }, "drop", 1), group(2));
    expect(covered.regions.decides(covered.rules[2])).toBe(false);
    expect(covered.regions.openAfterDrops(covered.rules[2]).size).toBe(0);
    // Without the IPv6 drop, an IPv6 member still reaches 22.
    const half = regions(tcp("22/22", { cidrIp: "0.0.0.0/0" }, "drop", 1), tcp("22/22", { cidrIp: "10.0.0.0/8" }, "drop", 1), group(2));
    expect(half.regions.decides(half.rules[2])).toBe(true);
    expect(half.regions.openAfterDrops(half.rules[2]).get("tcp")).toEqual([{ from: 22, to: 22 }]);
  });

  test("a question is answered by the lists that can answer it: the /0 rules' core list alone for a rule on every address", () => {
    // 30 blocks cut the IPv4 space into 61 cells; a /0 rule's cells hold the core list (the /0
    // rules alone, outside every block) and 30 lists that each hold it, none of which can answer
    // differently.
    const blocks = Array.from({ length: 30 }, (_, i) => tcp("80/80", { cidrIp: `10.${i}.0.0/16` }, "accept", 50));
    const { regions: g, rules } = regions(tcp("22/22", { cidrIp: "0.0.0.0/0" }, "drop", 1), ...blocks, tcp("22/22", { cidrIp: "0.0.0.0/0" }, "accept", 9));
    const spy = jest.spyOn(judgeModule, "judge");
    try {
      expect(g.decides(rules[rules.length - 1])).toBe(false);
      expect(spy).toHaveBeenCalledTimes(1);
      spy.mockClear();
      expect(g.openAfterDrops(rules[rules.length - 1]).size).toBe(0);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  test("a block marks its own cells only: a drop neither reaches the blocks below or above it, nor stops a cell short", () => {
    const v4 = regions(tcp("22/22", { cidrIp: "10.0.0.0/8" }, "drop", 1), tcp("22/22", { cidrIp: "1.0.0.0/8" }, "accept", 5), tcp("22/22", { cidrIp: "11.0.0.0/8" }, "accept", 5));
    expect(v4.rules.map((r) => v4.regions.decides(r))).toEqual([true, true, true]);
    const v6 = regions(tcp("22/22", { ipv6CidrIp: "2001:db8::/32" }, "drop", 1), tcp("22/22", { ipv6CidrIp: "2001:db7::/32" }, "accept", 5), tcp("22/22", { ipv6CidrIp: "2001:db9::/32" }, "accept", 5));
    expect(v6.rules.map((r) => v6.regions.decides(r))).toEqual([true, true, true]);
    // Two halves cover the whole, to the last address; one half leaves the other half open.
    const halves = regions(tcp("22/22", { ipv6CidrIp: "2001:db8::/33" }, "drop", 1), tcp("22/22", { ipv6CidrIp: "2001:db8:8000::/33" }, "drop", 1), tcp("22/22", { ipv6CidrIp: "2001:db8::/32" }, "accept", 5));
    expect(halves.regions.decides(halves.rules[2])).toBe(false);
    const half = regions(tcp("22/22", { ipv6CidrIp: "2001:db8::/33" }, "drop", 1), tcp("22/22", { ipv6CidrIp: "2001:db8::/32" }, "accept", 5));
    expect(half.regions.decides(half.rules[1])).toBe(true);
    expect(half.regions.openAfterDrops(half.rules[1]).get("tcp")).toEqual([{ from: 22, to: 22 }]);
  });

  describe("the one rule that covers another (shadowed-rule's `by`)", () => {
    const member = (ports: string, policy: "accept" | "drop", priority: number, more: Partial<RuleArgs> = {}): RuleArgs => ({ type: "ingress", ipProtocol: "tcp", portRange: ports, policy, priority, sourceSecurityGroupId: "sg-peer", ...more });

    test("a rule naming the same group, on the ports and protocol it covers, judged first", () => {
      const { regions: g, rules } = regions(member("1/100", "drop", 1), member("22/22", "accept", 5));
      expect(g.decides(rules[1])).toBe(false);
      expect(g.coveringRule(rules[1])).toBe(rules[0]);
    });

    test("the same group id with another owner is another group: neither covers the other", () => {
      const { regions: g, rules } = regions(member("1/100", "drop", 1, { sourceGroupOwnerId: "1234567890123456" }), member("22/22", "accept", 5));
      expect(g.decides(rules[1])).toBe(true);
      expect(g.coveringRule(rules[1])).toBeUndefined();
      const both = regions(member("1/100", "drop", 1, { sourceGroupOwnerId: "1234567890123456" }), member("22/22", "accept", 5, { sourceGroupOwnerId: "1234567890123456" }));
      expect(both.regions.coveringRule(both.rules[1])).toBe(both.rules[0]);
    });

    test("a prefix list whose entries are not known is a space of its own, covered only by a rule naming the same list", () => {
      const list = (id: string, policy: "accept" | "drop", priority: number): RuleArgs => ({ type: "ingress", ipProtocol: "tcp", portRange: "22/22", policy, priority, prefixListId: id });
      const { regions: g, rules } = regions(list("pl-unknown", "drop", 1), list("pl-other", "drop", 1), list("pl-unknown", "accept", 5), list("pl-other2", "accept", 5));
      expect(g.coveringRule(rules[2])).toBe(rules[0]);
      expect(g.decides(rules[3])).toBe(true);
      expect(g.coveringRule(rules[3])).toBeUndefined();
    });

    test("a member may hold an address of either family: only a rule on every address of both covers it alone", () => {
      const { regions: g, rules } = regions(tcp("22/22", { cidrIp: "0.0.0.0/0" }, "drop", 1), tcp("22/22", { ipv6CidrIp: "::/0" }, "drop", 1), member("22/22", "accept", 5));
      // Covered together, by neither alone.
      expect(g.decides(rules[2])).toBe(false);
      expect(g.coveringRule(rules[2])).toBeUndefined();
      const any = regions(tcp("22/22", { prefixListId: "pl-any" }, "drop", 1), member("22/22", "accept", 5));
      expect(any.regions.coveringRule(any.rules[1])).toBe(any.rules[0]);
      // icmp is IPv4's: an IPv4 /0 alone covers a member's icmp.
      const icmp = regions({ type: "ingress", ipProtocol: "all", portRange: "-1/-1", policy: "drop", priority: 1, cidrIp: "0.0.0.0/0" }, { type: "ingress", ipProtocol: "icmp", portRange: "-1/-1", policy: "accept", priority: 5, sourceSecurityGroupId: "sg-peer" });
      expect(icmp.regions.decides(icmp.rules[1])).toBe(false);
      expect(icmp.regions.coveringRule(icmp.rules[1])).toBe(icmp.rules[0]);
    });

    test("the first rule judged before it whose protocols, ports and peers all hold it: rules that hold only some of them are passed", () => {
      const { regions: g, rules } = regions(
        { type: "ingress", ipProtocol: "udp", portRange: "1/65535", policy: "drop", priority: 1, cidrIp: "0.0.0.0/0" },
        tcp("1/10", { cidrIp: "0.0.0.0/0" }, "drop", 1),
        tcp("30/65535", { cidrIp: "0.0.0.0/0" }, "drop", 1),
        tcp("22/22", { cidrIp: "10.0.0.0/8" }, "drop", 1),
        tcp("1/100", { cidrIp: "0.0.0.0/0" }, "drop", 2),
        { type: "ingress", ipProtocol: "all", portRange: "-1/-1", policy: "drop", priority: 3, cidrIp: "0.0.0.0/0" },
        tcp("22/22", { cidrIp: "0.0.0.0/0" }, "accept", 5),
      );
      expect(g.decides(rules[6])).toBe(false);
      expect(g.coveringRule(rules[6])).toBe(rules[4]);
      const groups = regions(
        { type: "ingress", ipProtocol: "tcp", portRange: "22/22", policy: "drop", priority: 1, sourceSecurityGroupId: "sg-other" },
        { type: "ingress", ipProtocol: "tcp", portRange: "22/22", policy: "drop", priority: 1, prefixListId: "pl-unknown" },
        { type: "ingress", ipProtocol: "all", portRange: "-1/-1", policy: "drop", priority: 2, sourceSecurityGroupId: "sg-peer" },
        { type: "ingress", ipProtocol: "tcp", portRange: "22/22", policy: "accept", priority: 5, sourceSecurityGroupId: "sg-peer" },
      );
      expect(groups.regions.coveringRule(groups.rules[3])).toBe(groups.rules[2]);
      // A rule of the same rank is judged with it, not before it: it covers nothing.
      const tie = regions(tcp("1/100", { cidrIp: "0.0.0.0/0" }, "accept", 5), tcp("22/22", { cidrIp: "0.0.0.0/0" }, "accept", 5));
      expect(tie.regions.decides(tie.rules[1])).toBe(true);
      expect(tie.regions.coveringRule(tie.rules[1])).toBeUndefined();
    });

    test("an address rule is covered by one whose blocks hold all of its own, not by blocks that only touch it", () => {
      const { regions: g, rules } = regions(tcp("22/22", { cidrIp: "10.0.0.0/9" }, "drop", 1), tcp("22/22", { cidrIp: "10.128.0.0/9" }, "drop", 1), tcp("22/22", { cidrIp: "10.0.0.0/8" }, "accept", 5), tcp("22/22", { cidrIp: "10.1.0.0/16" }, "accept", 5));
      expect(g.decides(rules[2])).toBe(false);
      expect(g.coveringRule(rules[2])).toBeUndefined();
      expect(g.coveringRule(rules[3])).toBe(rules[0]);
      const pl = regions(tcp("1/65535", { prefixListId: "pl-v4" }, "drop", 1), tcp("22/22", { cidrIp: "192.168.1.0/24" }, "accept", 5), tcp("22/22", { cidrIp: "172.16.0.0/12" }, "accept", 5));
      expect(pl.regions.coveringRule(pl.rules[1])).toBe(pl.rules[0]);
      expect(pl.regions.coveringRule(pl.rules[2])).toBeUndefined();
    });
  });
});
