// A property test kept out of the \.property\. naming on purpose: about a second, so mutation
// runs (which leave the slow property tests out) count it.
import fc from "fast-check";
import { RegionDiff, regionDiff } from "../../lib/analysis/region-diff";
import { Decider } from "../../lib/analysis/judge";
import { indexBase, networkIndex, networkIndexOfChange } from "../../lib/analysis/rule-index";
import { GroupModel, InstanceModel, NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { GROUP_IDS, PREFIX_LISTS, groupsArb } from "./arbitraries";
import { fuzzRuns } from "../fuzz/seed";

// Addresses some rules' blocks hold (10.0.1.0/24, 10.0.1.5/32, 203.0.113.0/25 …) and some none
// do; two instances may share one, and one is IPv6 only.
const ADDRESSES = ["10.0.1.5", "10.0.1.6", "10.0.1.5", "203.0.113.9", "203.0.113.200", "10.0.2.1", "192.0.2.1", "2001:db8::15"];

// Instance ids out of sorted order in the model: pairs are judged in the order of the sorted ids.
const IDS = ["i-7", "i-2", "i-9", "i-1", "i-5", "i-3", "i-8", "i-4"];

/** Up to eight instances at those addresses, each in a non-empty set of the groups, some in another account. */
const instancesArb: fc.Arbitrary<InstanceModel[]> = fc
  .array(fc.record({ ip: fc.constantFrom(...ADDRESSES), groups: fc.subarray(GROUP_IDS, { minLength: 1 }), accountId: fc.constantFrom(undefined, "1111", "2222") }), { maxLength: 8 })
  .map((xs) => xs.map((x, i) => (x.accountId ? { id: IDS[i], privateIp: x.ip, groups: x.groups, accountId: x.accountId } : { id: IDS[i], privateIp: x.ip, groups: x.groups })));

/** The network, and a copy in which some groups' rules are others (their type, inner access and network unchanged). */
const changeArb = fc
  .tuple(groupsArb(6), groupsArb(6), instancesArb, fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), fc.constantFrom([0, 1, 2], [2, 0, 1], [1, 2, 0]), fc.boolean())
  .map(([sorted, others, instances, change, how, order, listsMove]) => {
    // The groups in any order in the model: members are judged in the order of the sorted ids.
    const groups = order.map((k) => sorted[k]);
    const before: NetworkModel = { groups, instances, prefixLists: PREFIX_LISTS };
    const changed: string[] = [];
    const after: NetworkModel = {
      ...before,
      // Sometimes the prefix list's entries differ too: the groups whose rules name it are compared with every end.
      prefixLists: listsMove ? MOVED_LISTS : PREFIX_LISTS,
      groups: groups.map((g, i): GroupModel => {
        if (!change[i]) return g;
        changed.push(g.id);
        const other = others[order[i]];
        const extra = other.type === g.type ? other.rules : [];
        const k = g.rules.length === 0 ? -1 : how[i] % g.rules.length;
        // Drop one rule, add others, or both: a narrowing proposal does both.
        const rules = how[i] % 3 === 0 ? g.rules.filter((_, j) => j !== k) : how[i] % 3 === 1 ? [...g.rules, ...extra] : [...g.rules.filter((_, j) => j !== k), ...extra];
        return { ...g, rules };
      }),
    };
    return { before, after, changed, listsMove };
  });

/** The prefix list with other entries: one block narrower, one gone, one added. */
const MOVED_LISTS = [{ id: "pl-1", cidrs: ["203.0.113.0/26", "10.0.1.5/32", "192.0.2.0/24"] }];

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
      fc.property(changeArb, ({ before, after, changed, listsMove }) => {
        fc.pre(valid(before) && valid(after));
        const b = networkIndex(before);
        const a = networkIndex(after);
        const every = regionDiff(b, a, undefined, { exhaustive: true });
        expect(regionDiff(b, a)).toEqual(every);
        // Naming only the changed groups vouches that no prefix list changed.
        if (listsMove) return;
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

describe("regionDiff: a changed sender's pairs with receivers that did not change", () => {
  // sg-web's egress changes; sg-db and sg-cache (unchanged) admit it. Groups and instances are
  // out of sorted order in the model: pairs are judged in the order of the sorted ids.
  const model = (egress: RuleArgs[]): NetworkModel => ({
    groups: [
      { id: "sg-db", vpcId: "vpc-1", innerAccessPolicy: "Drop", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "5432/5432", cidrIp: "10.0.0.0/8" }, { type: "ingress", ipProtocol: "tcp", portRange: "6379/6379", sourceSecurityGroupId: "sg-web" }] },
      { id: "sg-cache", vpcId: "vpc-1", innerAccessPolicy: "Drop", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "6379/6379", sourceSecurityGroupId: "sg-web" }] },
      { id: "sg-web", vpcId: "vpc-1", innerAccessPolicy: "Drop", rules: egress },
    ],
    instances: [{ id: "i-db", privateIp: "10.0.0.6", groups: ["sg-db"] }, { id: "i-web", privateIp: "10.0.0.5", groups: ["sg-web"] }, { id: "i-cache", privateIp: "10.0.0.7", groups: ["sg-cache"] }],
    prefixLists: [],
  });
  const before = model([]);
  const after = model([
    { type: "egress", ipProtocol: "tcp", portRange: "5432/5432", policy: "drop", cidrIp: "10.0.0.6/32" },
    { type: "egress", ipProtocol: "tcp", portRange: "6379/6379", policy: "drop", sourceSecurityGroupId: "sg-db" },
    { type: "egress", ipProtocol: "tcp", portRange: "6379/6379", policy: "drop", sourceSecurityGroupId: "sg-cache" },
  ]);
  const between = (d: RegionDiff) => d.regions.filter((r) => r.from.kind !== "addresses" && r.to.kind !== "addresses").map((r) => `${r.change} ${r.scope} ${r.from.kind === "addresses" ? "" : r.from.id}->${r.to.kind === "addresses" ? "" : r.to.id} ${r.protocol}:${r.ports?.from}`);

  test("the sender's drops by address and by group close its instance and member pairs, and nothing else", () => {
    // The changed sender sorts last, so its pairs' places in the order of all pairs are not its peers'.
    const expected = [
      "closed instance i-web->i-cache tcp:6379",
      "closed instance i-web->i-db tcp:5432",
      "closed instance i-web->i-db tcp:6379",
      "closed group sg-web->sg-cache tcp:6379",
      "closed group sg-web->sg-db tcp:6379",
    ];
    expect(between(regionDiff(networkIndex(before), networkIndex(after)))).toEqual(expected);
    expect(between(regionDiff(networkIndex(before), networkIndex(after), undefined, { exhaustive: true }))).toEqual(expected);
    const made = networkIndexOfChange(before, { ...after, groups: [before.groups[0], before.groups[1], after.groups[2]] }, ["sg-web"]);
    expect(between(regionDiff(networkIndex(before), made, new Set(["sg-web"])))).toEqual(expected);
  });
});

describe("regionDiff: rules that name a prefix list", () => {
  // sg-a admits ssh from the list; i-b (sg-b, egress open) is at 10.0.1.6.
  const model = (cidrs: string[], named: boolean): NetworkModel => ({
    groups: [
      { id: "sg-a", vpcId: "vpc-1", innerAccessPolicy: "Drop", rules: named ? [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", prefixListId: "pl-1" }] : [] },
      { id: "sg-b", vpcId: "vpc-1", innerAccessPolicy: "Drop", rules: [{ type: "egress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" }] },
    ],
    instances: [{ id: "i-a", privateIp: "10.0.1.5", groups: ["sg-a"] }, { id: "i-b", privateIp: "10.0.1.6", groups: ["sg-b"] }],
    prefixLists: [{ id: "pl-1", cidrs }],
  });
  const id = (e: RegionDiff["regions"][number]["from"]) => (e.kind === "addresses" ? e.cidrs.join(",") : e.id);
  const between = (d: RegionDiff) => d.regions.filter((r) => r.from.kind !== "addresses" && r.to.kind !== "addresses").map((r) => `${r.change} ${r.scope} ${id(r.from)}->${id(r.to)} ${r.protocol}:${r.ports?.from}`);

  test("entries that changed under a rule on both versions move the pairs they held: i-b loses ssh to i-a", () => {
    const d = regionDiff(networkIndex(model(["10.0.1.0/24"], true)), networkIndex(model(["10.0.1.5/32"], true)));
    expect(between(d)).toEqual(["closed instance i-b->i-a tcp:22"]);
  });

  test("the only rule naming the list removed, entries the same: the pairs that rule held", () => {
    const b = networkIndex(model(["10.0.1.0/24"], true));
    const a = networkIndex(model(["10.0.1.0/24"], false));
    expect(between(regionDiff(b, a))).toEqual(["closed instance i-b->i-a tcp:22"]);
    expect(regionDiff(b, a, new Set(["sg-a"]))).toEqual(regionDiff(b, a, undefined, { exhaustive: true }));
  });
});

describe("regionDiff: a group whose frame changed is compared with every end", () => {
  // Two instances share sg-a; only its inner access policy changes (no rule differs).
  const model = (inner: "Accept" | "Drop", vpcId = "vpc-1"): NetworkModel => ({
    groups: [{ id: "sg-a", vpcId, innerAccessPolicy: inner, rules: [] }],
    instances: [
      { id: "i-1", privateIp: "10.0.0.1", groups: ["sg-a"] },
      { id: "i-2", privateIp: "10.0.0.2", groups: ["sg-a"] },
    ],
    prefixLists: [],
  });
  const between = (d: RegionDiff) => d.regions.filter((r) => r.from.kind !== "addresses" && r.to.kind !== "addresses").map((r) => `${r.change} ${r.scope} ${r.protocol}`);

  test("inner access Accept -> Drop closes the members' pairs, as asking every pair does", () => {
    const b = networkIndex(model("Accept"));
    const a = networkIndex(model("Drop"));
    const d = regionDiff(b, a);
    expect(between(d).filter((x) => x.startsWith("closed instance tcp"))).toHaveLength(2);
    expect(d).toEqual(regionDiff(b, a, undefined, { exhaustive: true }));
  });
});
