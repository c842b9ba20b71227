import fc from "fast-check";
import { attributeFlows, ObservedFlow } from "../../lib/analysis/attribute-flows";
import { GroupModel, NetworkModel } from "../../lib/model/network";
import { accessDiff } from "../../lib/review/access-diff";
import { proposeNarrowing } from "../../lib/review/narrow";
import { groupsArb, networkArb } from "../analysis/arbitraries";
import { fuzzRuns } from "../fuzz/seed";

/** The whole diff, or the same refusal. */
function diffOrError(before: NetworkModel, after: NetworkModel, changedGroups?: readonly string[]): unknown {
  try {
    return accessDiff(before, after, changedGroups ? { changedGroups } : {});
  } catch (e) {
    return { refused: (e as Error).message };
  }
}

/** Some groups in the classic network (no vpcId), so nic types count too. */
function withClassic(model: NetworkModel, classic: boolean[]): NetworkModel {
  return { ...model, groups: model.groups.map((g, i) => (classic[i] ? (({ vpcId: _v, ...rest }) => rest as GroupModel)(g) : g)) };
}

describe("a proposal's proof restricted to the changed group's pairs", () => {
  test("equals the whole diff on random estates where one group's rules change", () => {
    const changeArb = fc.tuple(networkArb(), groupsArb(), fc.integer({ min: 0, max: 2 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.nat(), fc.boolean());
    fc.assert(
      fc.property(changeArb, ([net, groups, which, classic, drop, keepRest]) => {
        const before = withClassic(net, classic);
        const target = before.groups[which];
        // As a proposal changes a group: one rule removed, others added (or a wholly new rule list).
        const kept = keepRest ? target.rules.filter((_, i) => target.rules.length === 0 || i !== drop % target.rules.length) : [];
        const rules = target.type === groups[which].type ? [...kept, ...groups[which].rules] : kept;
        const after: NetworkModel = { ...before, groups: before.groups.map((g, i) => (i === which ? { ...g, rules } : g)) };
        expect(diffOrError(before, after, [target.id])).toEqual(diffOrError(before, after));
      }),
      fuzzRuns(2026, 300, "restricted-proof"),
    );
  });

  test("every narrowing proposal's proof equals the proof by a whole diff", async () => {
    const model: NetworkModel = {
      groups: [
        { id: "sg-web", vpcId: "vpc-1", rules: [
          { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" },
          { type: "ingress", ipProtocol: "tcp", portRange: "8080/8080", cidrIp: "10.0.0.0/8" },
          { type: "ingress", ipProtocol: "tcp", portRange: "9000/9000", cidrIp: "0.0.0.0/0" },
          { type: "egress", ipProtocol: "tcp", portRange: "5432/5432", sourceSecurityGroupId: "sg-db" },
        ] },
        { id: "sg-db", vpcId: "vpc-1", rules: [
          { type: "ingress", ipProtocol: "tcp", portRange: "5432/5432", sourceSecurityGroupId: "sg-web" },
          { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "10.0.0.0/8" },
        ] },
      ],
      instances: [
        { id: "eni-web", privateIp: "10.0.1.10", groups: ["sg-web"] },
        { id: "eni-db", privateIp: "10.0.2.10", groups: ["sg-db"] },
        { id: "eni-both", privateIp: "10.0.3.10", groups: ["sg-web", "sg-db"] },
      ],
    };
    const T0 = 1700000000;
    const flows: ObservedFlow[] = [];
    for (let d = 0; d < 20; d++) {
      for (let k = 0; k < 5; k++) {
        flows.push({ eniId: "eni-web", srcaddr: "203.0.113.7", srcport: 50000, dstaddr: "10.0.1.10", dstport: 22, protocol: 6, direction: "in", action: "ACCEPT", start: T0 + d * 86400, end: T0 + d * 86400 + 60 });
        flows.push({ eniId: "eni-web", srcaddr: `10.1.2.${1 + k}`, srcport: 50000, dstaddr: "10.0.1.10", dstport: 8080, protocol: 6, direction: "in", action: "ACCEPT", start: T0 + d * 86400, end: T0 + d * 86400 + 60 });
        flows.push({ eniId: "eni-db", srcaddr: "10.0.9.9", srcport: 50000, dstaddr: "10.0.2.10", dstport: 22, protocol: 6, direction: "in", action: "ACCEPT", start: T0 + d * 86400, end: T0 + d * 86400 + 60 });
      }
    }
    const usage = await attributeFlows(model, flows);
    const compared: string[][] = [];
    const whole: unknown[] = [];
    const { proposals } = proposeNarrowing(model, usage, {
      accessDiff: (before, after, { changedGroups }) => {
        const restricted = accessDiff(before, after, { changedGroups });
        const all = accessDiff(before, after);
        expect(restricted).toEqual(all);
        whole.push(all);
        compared.push([...changedGroups]);
        return { closes: `${restricted.summary.closed}`, opens: `${restricted.summary.opened}` };
      },
    });
    expect(proposals.length).toBeGreaterThanOrEqual(3);
    expect(compared.length).toBe(proposals.length);
    expect(compared).toEqual(proposals.map((p) => [p.groupId]));
    // What the proof is given, handed on to accessDiff as it is, proves the same.
    const handedOn = proposeNarrowing(model, usage, { accessDiff: (before, after, changes) => ({ closes: "", diff: accessDiff(before, after, changes) }) });
    expect(handedOn.proposals.map((p) => p.accessDiff?.diff)).toEqual(whole);
  });
});
