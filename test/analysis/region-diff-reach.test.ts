// A property test kept out of the \.property\. naming on purpose: about a second, so mutation
// runs (which leave the slow property tests out) count it.
import fc from "fast-check";
import { RegionDiff, regionDiff } from "../../lib/analysis/region-diff";
import { Decider } from "../../lib/analysis/judge";
import { indexBase, networkIndex, networkIndexOfChange } from "../../lib/analysis/rule-index";
import { GroupModel, InstanceModel, NetworkModel } from "../../lib/model/network";
import { GROUP_IDS, PREFIX_LISTS, groupsArb } from "./arbitraries";
import { fuzzRuns } from "../fuzz/seed";

// Addresses some rules' blocks hold (10.0.1.0/24, 10.0.1.5/32, 203.0.113.0/25 …) and some none
// do; two instances may share one, and one is IPv6 only.
const ADDRESSES = ["10.0.1.5", "10.0.1.6", "10.0.1.5", "203.0.113.9", "203.0.113.200", "10.0.2.1", "192.0.2.1", "2001:db8::15"];

/** Up to eight instances at those addresses, each in a non-empty set of the groups, some in another account. */
const instancesArb: fc.Arbitrary<InstanceModel[]> = fc
  .array(fc.record({ ip: fc.constantFrom(...ADDRESSES), groups: fc.subarray(GROUP_IDS, { minLength: 1 }), accountId: fc.constantFrom(undefined, "1111", "2222") }), { maxLength: 8 })
  .map((xs) => xs.map((x, i) => (x.accountId ? { id: `i-${i}`, privateIp: x.ip, groups: x.groups, accountId: x.accountId } : { id: `i-${i}`, privateIp: x.ip, groups: x.groups })));

/** The network, and a copy in which some groups' rules are others (their type, inner access and network unchanged). */
const changeArb = fc
  .tuple(groupsArb(6), groupsArb(6), instancesArb, fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }))
  .map(([groups, others, instances, change, how]) => {
    const before: NetworkModel = { groups, instances, prefixLists: PREFIX_LISTS };
    const changed: string[] = [];
    const after: NetworkModel = {
      ...before,
      groups: groups.map((g, i): GroupModel => {
        if (!change[i]) return g;
        changed.push(g.id);
        const extra = others[i].type === g.type ? others[i].rules : [];
        const k = g.rules.length === 0 ? -1 : how[i] % g.rules.length;
        // Drop one rule, add others, or both: a narrowing proposal does both.
        const rules = how[i] % 3 === 0 ? g.rules.filter((_, j) => j !== k) : how[i] % 3 === 1 ? [...g.rules, ...extra] : [...g.rules.filter((_, j) => j !== k), ...extra];
        return { ...g, rules };
      }),
    };
    return { before, after, changed };
  });

/** A diff with each decider as what decided (kind, verdict, rank, side, group and rule position), not the compiled rule, whose sort key an index made for a change numbers its own way. */
const withoutOrder = (d: RegionDiff) => {
  const decider = (x: Decider | undefined) => x && { kind: x.kind, allowed: x.allowed, rank: x.rank, direction: x.direction, groupId: x.groupId, ruleIndex: x.ruleIndex, rule: x.rule && { groupId: x.rule.groupId, ruleIndex: x.rule.ruleIndex } };
  return { changedGroups: d.changedGroups, regions: d.regions.map((r) => ({ ...r, before: decider(r.before), after: decider(r.after) })) };
};

const valid = (m: NetworkModel): boolean => {
  try {
    networkIndex(m);
    return true;
  } catch {
    return false;
  }
};

describe("regionDiff finds the pairs a change of rules can move from the changed rules, not by asking every pair", () => {
  test("the same regions, in the same order, as asking every pair: on whole indexes, with the changed groups named, and on an index made for the change", () => {
    fc.assert(
      fc.property(changeArb, ({ before, after, changed }) => {
        fc.pre(valid(before) && valid(after));
        const b = networkIndex(before);
        const a = networkIndex(after);
        const every = regionDiff(b, a, undefined, { exhaustive: true });
        expect(regionDiff(b, a)).toEqual(every);
        const only = new Set(changed);
        expect(regionDiff(b, a, only)).toEqual(regionDiff(b, a, only, { exhaustive: true }));
        if (changed.length === 1) {
          // As a proposal is proved: the changed network (a new model object, the unchanged groups
          // the very same) indexed from the unchanged one's index, its ends of unchanged groups the base's.
          const made = networkIndexOfChange(before, { ...after, groups: [...after.groups] }, changed);
          expect(indexBase(made)?.base).toBe(b);
          // The same regions and deciding rules: a recompiled group's rules sort among the others by an order of their own.
          expect(withoutOrder(regionDiff(b, made, only))).toEqual(withoutOrder(every));
        }
      }),
      fuzzRuns(2031, 150, "region-diff-reach"),
    );
  });
});
