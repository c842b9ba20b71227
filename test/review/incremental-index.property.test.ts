import fc from "fast-check";
import { attributeFlows, ObservedFlow } from "../../lib/analysis/attribute-flows";
import { compileNetwork } from "../../lib/analysis/compile-network";
import { networkIndex, networkIndexOfChange } from "../../lib/analysis/rule-index";
import { GroupModel, NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { accessDiff, sideAccess } from "../../lib/review/access-diff";
import { proposeNarrowing } from "../../lib/review/narrow";
import { flowArb, groupsArb, networkArb, usableFlow } from "../analysis/arbitraries";
import { fuzzRuns } from "../fuzz/seed";

/** The same network as new objects: its index is built from scratch, never from another's. */
function fresh(model: NetworkModel): NetworkModel {
  return JSON.parse(JSON.stringify(model)) as NetworkModel;
}

/** The value, or the same refusal. */
function orError<T>(f: () => T): T | { refused: string } {
  try {
    return f();
  } catch (e) {
    return { refused: (e as Error).message };
  }
}

/** Some groups in the classic network (no vpcId), so nic types and cross-network references count too. */
function withClassic(model: NetworkModel, classic: boolean[]): NetworkModel {
  return { ...model, groups: model.groups.map((g, i) => (classic[i] ? (({ vpcId: _v, ...rest }) => rest as GroupModel)(g) : g)) };
}

/** Rules a change may add that the network refuses: a reversed port range, a block that is no block. */
const BAD_RULES: RuleArgs[] = [
  { type: "ingress", ipProtocol: "tcp", portRange: "30/20", cidrIp: "10.0.0.0/8" },
  { type: "egress", ipProtocol: "udp", portRange: "20/20", cidrIp: "10.0.0.0/33" },
];

describe("the index of a network changed in one group, made from the unchanged network's index", () => {
  test("proves what a full rebuild proves, and judges every flow alike, on random estates and single-group changes", () => {
    const changeArb = fc.tuple(
      networkArb(),
      groupsArb(6),
      fc.integer({ min: 0, max: 2 }),
      fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
      fc.nat(),
      fc.constantFrom("replace", "remove-one", "remove-and-add", "add", "bad"),
      fc.array(flowArb(["i-1", "i-2", "i-3"]), { maxLength: 6 }),
      fc.constantFrom([0, 1, 2], [2, 1, 0], [1, 2, 0], [0, 2, 1]),
    );
    fc.assert(
      fc.property(changeArb, ([net, groups, which, classic, pick, how, flows, order]) => {
        // Groups in any order: rules of one rank in several groups decide by the groups' order in the model.
        const before = withClassic({ ...net, groups: order.map((k) => net.groups[k]) }, classic);
        // The network as it was read once: its index exists before any change is asked about.
        orError(() => networkIndex(before));
        const target = before.groups[which];
        const sameType = target.type === groups[which].type;
        const drop = target.rules.length === 0 ? -1 : pick % target.rules.length;
        const kept = target.rules.filter((_, i) => i !== drop);
        const extra = sameType ? groups[which].rules : [];
        const rules = how === "replace" ? extra : how === "remove-one" ? kept : how === "remove-and-add" ? [...kept, ...extra] : how === "add" ? [...target.rules, ...extra] : [...kept, BAD_RULES[pick % BAD_RULES.length]];
        // As a proposal changes a group: a copy of the model, the other groups the very same objects.
        const after: NetworkModel = { ...before, groups: before.groups.map((g, i) => (i === which ? { ...g, rules } : g)) };
        const rebuilt = fresh(after);

        const incremental = orError(() => networkIndexOfChange(before, after, [target.id]));
        const full = orError(() => networkIndex(rebuilt));
        if ("refused" in incremental || "refused" in full) {
          expect(incremental).toEqual(full);
          return;
        }
        // The same proofs: the restricted diff on the index made from before's, against the whole diff on a rebuilt one.
        expect(orError(() => accessDiff(before, after, { changedGroups: [target.id] }))).toEqual(orError(() => accessDiff(before, rebuilt)));
        // What each interface's side allows, and which rule decides each region (rules of one rank in several groups: the first in the model decides).
        for (const groupIds of [...(after.instances ?? []).map((i) => i.groups), after.groups.map((g) => g.id)]) {
          for (const direction of ["ingress", "egress"] as const) expect(sideAccess(after, groupIds, direction)).toEqual(sideAccess(rebuilt, groupIds, direction));
        }
        // The same verdicts and deciding rules for the flows a proposal's evidence is asked again.
        const netA = compileNetwork(after);
        const netB = compileNetwork(rebuilt);
        for (const raw of flows) {
          const flow = usableFlow(after, raw);
          if (flow) expect(orError(() => netA.evaluate(flow))).toEqual(orError(() => netB.evaluate(flow)));
        }
      }),
      fuzzRuns(2027, 150, "incremental-index"),
    );
  });

  test("every narrowing proposal is the same whether its changed network is indexed from the model's index or rebuilt", async () => {
    const model: NetworkModel = {
      groups: [
        { id: "sg-web", vpcId: "vpc-1", rules: [
          { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0", priority: 2 },
          { type: "ingress", ipProtocol: "tcp", portRange: "8080/8080", cidrIp: "10.0.0.0/8" },
          { type: "ingress", ipProtocol: "all", portRange: "-1/-1", cidrIp: "10.0.0.0/8", policy: "drop", priority: 3 },
          { type: "egress", ipProtocol: "tcp", portRange: "5432/5432", sourceSecurityGroupId: "sg-db" },
        ] },
        { id: "sg-db", vpcId: "vpc-1", rules: [
          { type: "ingress", ipProtocol: "tcp", portRange: "5432/5432", sourceSecurityGroupId: "sg-web" },
          { type: "ingress", ipProtocol: "tcp", portRange: "1/65535", cidrIp: "10.0.0.0/8" },
          { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "10.1.0.0/16", policy: "drop" },
        ] },
      ],
      instances: [
        { id: "eni-web", privateIp: "10.0.1.10", groups: ["sg-web"] },
        { id: "eni-db", privateIp: "10.0.2.10", groups: ["sg-db"] },
        { id: "eni-both", privateIp: "10.0.3.10", groups: ["sg-db", "sg-web"] },
      ],
    };
    const T0 = 1700000000;
    const flowsArb = fc.array(
      fc.record({ eni: fc.constantFrom("eni-web", "eni-db", "eni-both"), src: fc.constantFrom("203.0.113.7", "10.1.2.3", "10.1.9.9", "10.200.0.1", "198.51.100.4"), port: fc.constantFrom(22, 5432, 8080, 3306), day: fc.integer({ min: 0, max: 20 }) }),
      { minLength: 1, maxLength: 12 },
    );
    const ips: Record<string, string> = { "eni-web": "10.0.1.10", "eni-db": "10.0.2.10", "eni-both": "10.0.3.10" };
    await fc.assert(
      fc.asyncProperty(flowsArb, async (picked) => {
        const flows: ObservedFlow[] = picked.map((f) => ({ eniId: f.eni, srcaddr: f.src, srcport: 50000, dstaddr: ips[f.eni], dstport: f.port, protocol: 6, direction: "in", action: "ACCEPT", start: T0 + f.day * 86400, end: T0 + f.day * 86400 + 60 }));
        const usage = await attributeFlows(model, flows);
        const { proposals, skipped } = proposeNarrowing(model, usage, {
          accessDiff: (before, after, { changedGroups }) => {
            const made = accessDiff(before, after, { changedGroups });
            expect(made).toEqual(accessDiff(before, fresh(after)));
            return { closes: JSON.stringify(made.regions), opens: `${made.summary.opened}` };
          },
        });
        // The observed check, asked again on a rebuilt network.
        for (const p of proposals) {
          const rebuilt = fresh({ ...model, groups: model.groups.map((g) => (g.id === p.groupId ? { ...g, rules: [...g.rules.filter((_, i) => i !== p.ruleIndex), ...p.added] } : g)) });
          const net = compileNetwork(rebuilt);
          const u = [...usage.rules, ...usage.unused].find((x) => x.groupId === p.groupId && x.ruleIndex === p.ruleIndex);
          const admitted = (u?.samples ?? []).reduce((n, s) => n + ((p.removed.type === "ingress" ? net.evaluate(s.flow).ingress : net.evaluate(s.flow).egress)?.allowed ? s.flows : 0), 0);
          expect(p.observed.admittedFlows).toBe(admitted);
        }
        expect(proposals.length + skipped.length).toBeGreaterThanOrEqual(0);
      }),
      fuzzRuns(2028, 25, "incremental-proposals"),
    );
  });

  test("refuses a change as a full rebuild does, and shares the unchanged groups' compiled rules", () => {
    const many = (n: number, from: number): RuleArgs[] => Array.from({ length: n }, (_, i) => ({ type: "ingress", ipProtocol: "tcp", portRange: `${from + i}/${from + i}`, cidrIp: "10.0.0.0/8" }));
    const before: NetworkModel = {
      groups: [
        { id: "sg-a", vpcId: "vpc-1", rules: many(600, 1000) },
        { id: "sg-b", vpcId: "vpc-1", rules: many(390, 3000) },
        { id: "sg-c", vpcId: "vpc-2", rules: many(2, 5000) },
        { id: "sg-e", vpcId: "vpc-1", type: "enterprise", rules: [] },
      ],
      instances: [{ id: "i-1", privateIp: "10.0.0.5", groups: ["sg-a", "sg-b"] }],
    };
    const change = (id: string, rules: RuleArgs[]): NetworkModel => ({ ...before, groups: before.groups.map((g) => (g.id === id ? { ...g, rules } : g)) });
    // Over the 1,000 rules one interface may be governed by; a peer in another VPC; an enterprise peer.
    const refused = [
      change("sg-b", [...before.groups[1].rules, ...many(20, 4000)]),
      change("sg-a", [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", sourceSecurityGroupId: "sg-c" }]),
      change("sg-a", [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", sourceSecurityGroupId: "sg-e" }]),
    ];
    for (const after of refused) {
      const id = after.groups.find((g, i) => g !== before.groups[i])?.id as string;
      const full = orError(() => networkIndex(fresh(after)));
      expect(full).toHaveProperty("refused");
      expect(orError(() => networkIndexOfChange(before, after, [id]))).toEqual(full);
    }
    const after = change("sg-c", many(5, 6000));
    const index = networkIndexOfChange(before, after, ["sg-c"]);
    expect(index.groups.get("sg-a")).toBe(networkIndex(before).groups.get("sg-a"));
    expect(networkIndex(after)).toBe(index);
    expect(index.groups.get("sg-c")?.ingress.map((r) => r.rule.portRange)).toEqual(networkIndex(fresh(after)).groups.get("sg-c")?.ingress.map((r) => r.rule.portRange));
  });
});
