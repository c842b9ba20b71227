import fc from "fast-check";
import { evaluateFlow } from "../../lib/analysis";
import type { Flow } from "../../lib/analysis";
import { parseAddress, parseCidr } from "../../lib/model/ip";
import { GroupModel, NetworkModel } from "../../lib/model/network";
import { DiffRegion, RegionEnd, accessDiff, sideDiff } from "../../lib/review/access-diff";
import { GROUP_IDS, OUTSIDE, flowArb, groupsArb, networkArb, usableFlow } from "../analysis/arbitraries";

function endHolds(end: RegionEnd, endpoint: string, ids: Set<string>): boolean {
  if (end.kind === "addresses") {
    if (ids.has(endpoint)) return false;
    const a = parseAddress(endpoint);
    const inside = (c: string) => {
      const b = parseCidr(c);
      return b !== undefined && a !== undefined && b.family === a.family && b.first <= a.first && a.first <= b.last;
    };
    return a !== undefined && end.cidrs.some(inside) && !(end.except ?? []).some(inside);
  }
  return end.id === endpoint;
}

function inRegion(r: DiffRegion, flow: Flow, ids: Set<string>): boolean {
  if (r.protocol !== flow.protocol) return false;
  if (r.ports && (flow.port === undefined || flow.port < r.ports.from || flow.port > r.ports.to)) return false;
  return endHolds(r.from, flow.from, ids) && endHolds(r.to, flow.to, ids);
}

/** Some groups in the classic network (no vpcId), so nic types count too. */
function withClassic(model: NetworkModel, classic: boolean[]): NetworkModel {
  return { ...model, groups: model.groups.map((g, i) => (classic[i] ? (({ vpcId: _v, ...rest }) => rest as GroupModel)(g) : g)) };
}

const pairArb = fc
  .tuple(networkArb(), networkArb(), groupsArb(), fc.integer({ min: 0, max: 2 }), fc.boolean(), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }))
  .map(([before, other, groups, which, independent, classic]) => {
    // Half the time: one group's rules changed; else an independent network (instances' groups change too).
    const after: NetworkModel = independent ? other : { ...before, groups: before.groups.map((g, i) => (i === which && g.type === groups[i].type ? { ...g, rules: groups[i].rules } : g)) };
    return [withClassic(before, classic), withClassic(after, classic)] as const;
  });

describe("accessDiff agrees with evaluateFlow", () => {
  test("a flow lies in an opened region exactly when it is denied before and allowed after (and closed the reverse)", () => {
    fc.assert(
      fc.property(pairArb, fc.array(flowArb(["i-1", "i-2", "i-3"]), { minLength: 1, maxLength: 12 }), ([before, after], flows) => {
        let diff;
        try {
          diff = accessDiff(before, after);
        } catch {
          // A network the evaluator refuses (e.g. mixed group types) has no diff either.
          expect(() => {
            evaluateFlow(before, { from: "i-1", to: "i-2", protocol: "gre" });
            evaluateFlow(after, { from: "i-1", to: "i-2", protocol: "gre" });
          }).toThrow();
          return;
        }
        const ids = new Set(["i-1", "i-2", "i-3"]);
        for (const raw of flows) {
          const flow = usableFlow(after, raw);
          if (!flow) continue;
          const b = evaluateFlow(before, flow).allowed;
          const a = evaluateFlow(after, flow).allowed;
          const mine = diff.regions.filter((r) => r.scope === "instance" && inRegion(r, flow, ids));
          expect({ flow, opened: mine.some((r) => r.change === "opened"), closed: mine.some((r) => r.change === "closed") }).toEqual({ flow, opened: !b && a, closed: b && !a });
          expect(mine.length).toBeLessThanOrEqual(1);
        }
      }),
      { seed: 1313, numRuns: 200 },
    );
  });

  test("per-group regions with outside addresses agree with a member in that group only", () => {
    fc.assert(
      fc.property(pairArb, fc.array(fc.tuple(fc.constantFrom(...GROUP_IDS), fc.constantFrom(...OUTSIDE), fc.boolean(), fc.constantFrom("tcp" as const, "udp" as const, "icmp" as const, "gre" as const), fc.integer({ min: 18, max: 32 })), { minLength: 1, maxLength: 10 }), ([b0, a0], probes) => {
        const probe = (m: NetworkModel): NetworkModel => ({ ...m, instances: GROUP_IDS.map((g) => ({ id: `m-${g}`, privateIp: "10.0.9.9", ipv6Addresses: ["2001:db8:9::9"], groups: [g] })) });
        const before = probe(b0);
        const after = probe(a0);
        const diff = accessDiff(b0, a0);
        for (const [g, addr, inbound, proto, port] of probes) {
          const v6 = parseAddress(addr)?.family === "ipv6";
          const protocol = proto === "icmp" && v6 ? "icmpv6" : proto;
          const flow: Flow = inbound ? { from: addr, to: `m-${g}`, protocol } : { from: `m-${g}`, to: addr, protocol };
          if (protocol === "tcp" || protocol === "udp") flow.port = port;
          const b = evaluateFlow(before, flow).allowed;
          const a = evaluateFlow(after, flow).allowed;
          const asGroup: Flow = { ...flow, from: flow.from.replace(/^m-/, ""), to: flow.to.replace(/^m-/, "") };
          const mine = diff.regions.filter((r) => r.scope === "group" && inRegion(r, asGroup, new Set(GROUP_IDS)));
          expect({ flow, opened: mine.some((r) => r.change === "opened"), closed: mine.some((r) => r.change === "closed") }).toEqual({ flow, opened: !b && a, closed: b && !a });
        }
      }),
      { seed: 2718, numRuns: 120 },
    );
  });
});

describe("sideDiff", () => {
  test("its outside regions are the group-scope outside regions of accessDiff, also when limited to the changed rules", () => {
    fc.assert(
      fc.property(pairArb, fc.constantFrom(...GROUP_IDS), fc.constantFrom("ingress" as const, "egress" as const), ([before, after], g, direction) => {
        const norm = (rs: DiffRegion[]) => rs.filter((r) => (direction === "ingress" ? r.from.kind === "addresses" && r.to.kind === "group-member" && r.to.id === g : r.to.kind === "addresses" && r.from.kind === "group-member" && r.from.id === g)).map((r) => `${r.change} ${r.protocol} ${JSON.stringify(r.ports)} ${JSON.stringify(direction === "ingress" ? r.from : r.to)}`).sort();
        expect(norm(sideDiff(before, after, [g], direction))).toEqual(norm(accessDiff(before, after).regions));
      }),
      { seed: 99, numRuns: 120 },
    );
  });
});
