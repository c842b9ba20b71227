import fc from "fast-check";
import { checkNetwork } from "../../lib/checks/check-network";
import { CheckId, Finding } from "../../lib/checks/finding";
import { AnalysedRule, Component, GroupAnalysis, componentPorts } from "../../lib/checks/group-analysis";
import { CidrBlock, parseCidr } from "../../lib/model/ip";
import { GroupModel, NetworkModel, validateNetwork } from "../../lib/model/network";
import { PortRange } from "../../lib/model/port-ranges";
import { RuleArgs, validateRule } from "../../lib/model/rule";
import { fuzzRuns } from "../fuzz/seed";

const EXPOSURE: readonly CheckId[] = ["public-admin-port", "public-database-port", "all-ports-open", "world-open-non-web", "broad-intranet-cidr", "classic-intranet-cidr"];

// Blocks that nest and tile each other, in several spellings.
const V4 = ["0.0.0.0/0", "1.2.3.4/0", "0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/8", "10.0.0.0/9", "10.128.0.0/9", "10.0.0.0/24", "10.0.0.0/25", "10.0.0.128/25", "10.0.0.1", "192.168.0.0/16"];
const V6 = ["::/0", "0::0/0", "0:0:0:0:0:0:0:0/0", "2001:db8::/32", "2001:db8::/33", "2001:db8:8000::/33", "2001:db8::1"];
const PORTS = [1, 21, 22, 23, 80, 443, 3306, 3389, 65535];

const arbPeer = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...V4).map((cidrIp) => ({ cidrIp })) },
  { weight: 3, arbitrary: fc.constantFrom(...V6).map((ipv6CidrIp) => ({ ipv6CidrIp })) },
  { weight: 1, arbitrary: fc.constantFrom("sg-a", "sg-b").map((sourceSecurityGroupId) => ({ sourceSecurityGroupId })) },
  { weight: 1, arbitrary: fc.constantFrom("pl-a", "pl-b").map((prefixListId) => ({ prefixListId })) },
);

const arbRule: fc.Arbitrary<RuleArgs> = fc
  .record({
    type: fc.constantFrom("ingress", "ingress", "egress") as fc.Arbitrary<RuleArgs["type"]>,
    ipProtocol: fc.constantFrom("tcp", "tcp", "udp", "icmp", "icmpv6", "gre", "all") as fc.Arbitrary<RuleArgs["ipProtocol"]>,
    ports: fc.tuple(fc.constantFrom(...PORTS), fc.constantFrom(...PORTS)),
    policy: fc.constantFrom("accept", "accept", "drop") as fc.Arbitrary<RuleArgs["policy"]>,
    priority: fc.integer({ min: 1, max: 3 }),
    nicType: fc.constantFrom(undefined, "intranet", "internet") as fc.Arbitrary<RuleArgs["nicType"]>,
    peer: arbPeer,
  })
  .map(({ ports: [a, b], peer, nicType, ...r }) => {
    const rule: RuleArgs = { ...r, ...peer, portRange: r.ipProtocol === "tcp" || r.ipProtocol === "udp" ? `${Math.min(a, b)}/${Math.max(a, b)}` : "-1/-1" };
    if (nicType !== undefined) rule.nicType = nicType;
    return rule;
  })
  .filter((r) => {
    try {
      validateRule(r);
      return true;
    } catch {
      return false;
    }
  });

const arbGroup: fc.Arbitrary<GroupModel> = fc.record({
  vpc: fc.boolean(),
  rules: fc.array(arbRule, { maxLength: 12 }),
}).map(({ vpc, rules }) => ({ id: "sg-g", ...(vpc ? { vpcId: "vpc-1" } : {}), rules: vpc ? rules.filter((r) => r.nicType !== "internet") : rules }));

const arbNetwork: fc.Arbitrary<NetworkModel> = fc
  .record({
    groups: fc.array(arbGroup, { minLength: 1, maxLength: 3 }),
    instances: fc.array(fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 8 }), { maxLength: 3 }),
    lists: fc.array(fc.constantFrom(...V4, ...V6), { maxLength: 3 }),
  })
  .map(({ groups, instances, lists }) => {
    const gs = groups.map((g, i) => ({ ...g, id: `sg-${i}` }));
    return {
      groups: gs,
      instances: instances.map((ids, i) => ({ id: `i-${i}`, privateIp: "10.0.0.5", groups: [...new Set(ids.map((n) => `sg-${n % gs.length}`))] })),
      prefixLists: [{ id: "pl-a", cidrs: lists, maxEntries: 3 }],
    };
  });

const junk = fc.anything({ withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true, withTypedArray: true });

const exposureKeys = (findings: Finding[]) => findings.filter((f) => EXPOSURE.includes(f.check)).map((f) => `${f.check}/${f.groupId}/${f.ruleIndex}`);

describe("checks as algebra", () => {
  test("never throw on any validated network", () => {
    fc.assert(
      fc.property(arbNetwork, (net) => {
        let validated: NetworkModel;
        try {
          validated = validateNetwork(net);
        } catch {
          return;
        }
        checkNetwork(validated);
        checkNetwork(net);
      }),
      fuzzRuns(42, 400, "checks"),
    );
  });

  test("never throw on anything at all", () => {
    fc.assert(
      fc.property(junk, fc.array(junk, { maxLength: 4 }), fc.array(junk, { maxLength: 3 }), (junk, rules, instances) => {
        checkNetwork(junk as NetworkModel);
        checkNetwork({ groups: [{ id: "sg-x", rules: rules as RuleArgs[] }, junk as GroupModel], instances: instances as never, prefixLists: [junk as never] });
      }),
      fuzzRuns(42, 400, "checks"),
    );
  });

  test("adding a better-or-equal priority drop that covers a rule never adds exposure findings, and removes the rule's", () => {
    fc.assert(
      fc.property(arbNetwork, fc.nat(), fc.nat(), (net, pick, lower) => {
        const group = net.groups[0];
        const candidates = group.rules.map((r, i) => [r, i] as const).filter(([r]) => r.type === "ingress" && (r.policy ?? "accept") === "accept");
        fc.pre(candidates.length > 0);
        const [target, index] = candidates[pick % candidates.length];
        const priority = 1 + (lower % (target.priority ?? 1));
        const before = exposureKeys(checkNetwork(net, { consolidate: false }));
        const withDrop: NetworkModel = { ...net, groups: [{ ...group, rules: [...group.rules, { ...target, policy: "drop", priority, description: undefined }] }, ...net.groups.slice(1)] };
        const after = exposureKeys(checkNetwork(withDrop, { consolidate: false }));
        for (const key of after) expect(before).toContain(key);
        expect(after.filter((k) => k.endsWith(`/${group.id}/${index}`))).toEqual([]);
      }),
      fuzzRuns(42, 400, "checks"),
    );
  });
});

// A brute-force model of coverage, from SEMANTICS.md ("One decision procedure"): rules of every
// peer kind are compared by the addresses they match. A point is one address of one family; a
// CIDR rule matches the addresses of its block, a described prefix list those of its entries;
// a security group (or an undescribed prefix list) is a space of its own whose members may
// have any address of either family, so a point there is matched by rules naming the same
// space, or by any block holding the member's address. Enumerate one representative of every
// elementary address segment and port segment, and ask which rules match it.
const COMPONENTS: Record<string, readonly Component[]> = {
  ipv4: ["tcp", "udp", "icmp", "gre", "other"],
  ipv6: ["tcp", "udp", "icmpv6", "gre", "other"],
  other: ["tcp", "udp", "icmp", "icmpv6", "gre", "other"],
};

interface Point {
  family: "ipv4" | "ipv6";
  addr: bigint;
  /** The space of its own the point is a member of, if any. */
  own?: string;
}

function blocksOf(r: AnalysedRule): readonly CidrBlock[] | undefined {
  if (r.peer.kind === "cidr") return [r.peer.block];
  if (r.peer.kind === "prefix-list" && r.peer.entries && r.peer.entries.length > 0) return r.peer.entries;
  return undefined;
}

function ownSpace(r: AnalysedRule): string | undefined {
  if (blocksOf(r)) return undefined;
  return r.peer.kind === "group" ? `sg:${r.peer.owner ?? ""}/${r.peer.id}` : `pl:${(r.peer as { id: string }).id}`;
}

function matches(r: AnalysedRule, p: Point, c: Component, port: number): boolean {
  if (!COMPONENTS[p.family].includes(c)) return false;
  const own = ownSpace(r);
  const inPeer = own !== undefined ? own === p.own : (blocksOf(r) ?? []).some((b) => b.family === p.family && b.first <= p.addr && p.addr <= b.last);
  if (!inPeer) return false;
  if (r.protocol !== "all" && r.protocol !== c) return false;
  if ((r.protocol === "tcp" || r.protocol === "udp") && (port < r.ports.from || port > r.ports.to)) return false;
  return true;
}

function points(g: GroupAnalysis, r: AnalysedRule): { pts: Point[]; ports: number[]; comps: readonly Component[] } {
  const same = g.rules.filter((x) => x.direction === r.direction && x.nicType === r.nicType);
  const cutsIn = (family: "ipv4" | "ipv6", first: bigint, last: bigint): bigint[] => {
    const cuts = new Set<bigint>([first]);
    for (const x of same) for (const b of blocksOf(x) ?? []) if (b.family === family) for (const v of [b.first, b.last + 1n]) if (v > first && v <= last) cuts.add(v);
    return [...cuts];
  };
  const own = ownSpace(r);
  let pts: Point[];
  if (own !== undefined) {
    pts = (["ipv4", "ipv6"] as const).flatMap((family) => cutsIn(family, 0n, family === "ipv4" ? (1n << 32n) - 1n : (1n << 128n) - 1n).map((addr) => ({ family, addr, own })));
  } else {
    pts = (blocksOf(r) ?? []).flatMap((b) => cutsIn(b.family, b.first, b.last).map((addr) => ({ family: b.family, addr })));
  }
  const cuts = new Set<number>([r.ports.from]);
  for (const x of same) for (const v of [x.ports.from, x.ports.to + 1]) if (v > r.ports.from && v <= r.ports.to) cuts.add(v);
  const comps = r.protocol === "all" ? COMPONENTS.other : [r.protocol as Component];
  return { pts, ports: [...cuts], comps };
}

const decidesBefore = (a: AnalysedRule, b: AnalysedRule) => a.priority < b.priority || (a.priority === b.priority && a.policy === "drop" && b.policy === "accept");
const inSet = (s: readonly PortRange[] | undefined, p: number) => (s ?? []).some((x) => x.from <= p && p <= x.to);

// Dense groups: one direction, few blocks that tile each other, few ports, so that rules
// cover each other often and in combination.
// Entries of prefix list pl-a (pl-b is never described): none, every address, or some blocks.
const LISTS: string[][] = [[], ["0.0.0.0/0"], ["0.0.0.0/0", "::/0"], ["10.0.0.0/8", "2001:db8::/32"], ["0.0.0.0/1", "128.0.0.0/1"], ["10.0.0.1"]];
const TILING = ["0.0.0.0/0", "0.0.0.0/1", "128.0.0.0/1", "10.0.0.0/8", "10.0.0.0/9", "10.128.0.0/9", "10.64.0.0/10", "10.0.0.0/10"];
const arbDenseGroup: fc.Arbitrary<GroupModel> = fc
  .array(
    fc.record({
      cidrIp: fc.constantFrom(...TILING),
      ipProtocol: fc.constantFrom("tcp", "tcp", "tcp", "udp", "all") as fc.Arbitrary<RuleArgs["ipProtocol"]>,
      ports: fc.tuple(fc.integer({ min: 20, max: 25 }), fc.integer({ min: 20, max: 25 })),
      policy: fc.constantFrom("accept", "drop") as fc.Arbitrary<RuleArgs["policy"]>,
      priority: fc.integer({ min: 1, max: 3 }),
    }),
    { maxLength: 14 },
  )
  .map((rules) => ({
    id: "sg-dense",
    vpcId: "vpc-1",
    rules: rules.map(({ ports: [a, b], ...r }) => ({ type: "ingress" as const, ...r, portRange: r.ipProtocol === "all" ? "-1/-1" : `${Math.min(a, b)}/${Math.max(a, b)}` })),
  }));

describe("coverage index", () => {
  test("agrees with brute force on shadowing and on what drops leave open", () => {
    fc.assert(
      fc.property(fc.oneof(arbGroup, arbDenseGroup), fc.constantFrom(...LISTS), (group, entries) => {
        const g = new GroupAnalysis(group, new Map([["pl-a", { id: "pl-a", cidrs: entries }]]));
        for (const r of g.rules) {
          const { pts, ports, comps } = points(g, r);
          const portsOf = (c: Component) => (c === "tcp" || c === "udp" ? ports : [componentPorts(r, c)[0].from]);
          const others = g.rules.filter((x) => x !== r && x.direction === r.direction && x.nicType === r.nicType);
          // Points of the rule itself at a component: the component exists for the point's family.
          const at = (c: Component) => pts.filter((pt) => matches(r, pt, c, r.ports.from));
          const shadowed = comps.every((c) => portsOf(c).every((p) => at(c).every((pt) => others.some((x) => decidesBefore(x, r) && matches(x, pt, c, p)))));
          expect(g.shadowing(r) !== undefined).toBe(shadowed);
          if (r.direction !== "ingress" || r.policy !== "accept") continue;
          const open = g.openAfterDrops(r);
          for (const c of comps) {
            for (const p of portsOf(c)) {
              const denied = at(c).every((pt) => others.some((x) => x.policy === "drop" && x.priority <= r.priority && matches(x, pt, c, p)));
              expect(inSet(open.get(c), p)).toBe(!denied);
            }
          }
        }
      }),
      fuzzRuns(42, 400, "checks"),
    );
  });

  test("finds blocks parsed from every spelling", () => {
    expect(V4.concat(V6).every((t) => parseCidr(t) !== undefined)).toBe(true);
  });
});
