/**
 * Two versions of one estate read apart (equal values, different objects): the diff finds the
 * groups whose rules differ and indexes the after side as a change of the before side
 * (`networkIndexOfVersion`). The report must be the one the diff makes when it indexes the after
 * side on its own: every region in the same order, the same rule changes and summary, or the same
 * refusal.
 */
import fc from "fast-check";
import * as ruleIndex from "../../lib/analysis/rule-index";
import { networkIndexOfVersion } from "../../lib/analysis/rule-index";
import { NetworkModel } from "../../lib/model/network";
import { ValidationError } from "../../lib/model/errors";
import { AccessDiff, accessDiff } from "../../lib/review/access-diff";
import { groupsArb, networkArb } from "../analysis/arbitraries";

/** The diff with the after side indexed on its own, as before versions were found (the finder answers "no version"). */
function alone(before: NetworkModel, after: NetworkModel): AccessDiff {
  const spy = jest.spyOn(ruleIndex, "networkIndexOfVersion").mockReturnValue(undefined);
  try {
    return accessDiff(before, after);
  } finally {
    spy.mockRestore();
  }
}

/** A deep copy, as a second read gives (JSON: plain objects of this realm, where structuredClone's would be the host's). */
const copyOf = (m: NetworkModel): NetworkModel => JSON.parse(JSON.stringify(m)) as NetworkModel;

function outcome(run: () => AccessDiff): AccessDiff | string {
  try {
    return run();
  } catch (e) {
    return `refused: ${(e as Error).message}`;
  }
}

/** How the after side was made from a deep copy of the before side; the first four keep it a version (only rules differ). */
const KINDS = ["copy", "rules", "description", "reordered", "instance", "frame", "group-order", "group-added", "group-removed"] as const;

const versionArb = fc.tuple(networkArb(), groupsArb(), fc.constantFrom(...KINDS), fc.nat()).map(([before, groups, kind, pick]) => {
  const after = copyOf(before);
  const i = pick % after.groups.length;
  const g = after.groups[i];
  if (kind === "rules" && g.type === groups[i].type) g.rules = groups[i].rules;
  if (kind === "description" && g.rules.length > 0) g.rules[pick % g.rules.length].description = "changed in place";
  if (kind === "reordered") g.rules.reverse();
  if (kind === "instance" && (after.instances ?? []).length > 0) {
    const inst = (after.instances ?? [])[pick % (after.instances ?? []).length];
    inst.groups = [after.groups[(i + 1) % after.groups.length].id];
  }
  if (kind === "frame") g.innerAccessPolicy = g.innerAccessPolicy === "Drop" ? "Accept" : "Drop";
  if (kind === "group-order") after.groups.reverse();
  if (kind === "group-added") after.groups.push({ id: "sg-new", vpcId: "vpc-1", rules: groups[i].rules });
  if (kind === "group-removed") after.groups.pop();
  return { before, after, kind };
});

describe("accessDiff of two versions read apart", () => {
  test("gives the report it gives when the after side is indexed on its own", () => {
    let aligned = 0;
    let changedFound = 0;
    fc.assert(
      fc.property(versionArb, ({ before, after }) => {
        const version = networkIndexOfVersion(before, after);
        if (version) aligned++;
        if (version && version.changed.length > 0) changedFound++;
        const found = outcome(() => accessDiff(before, after));
        expect(found).toEqual(outcome(() => alone(before, after)));
      }),
      { seed: 4242, numRuns: 300 },
    );
    // The property is about the aligned path: most runs take it, and many with groups to compare.
    expect(aligned).toBeGreaterThan(100);
    expect(changedFound).toBeGreaterThan(40);
  });

  test("a version is found only where the rules alone differ, naming the groups whose rules differ", () => {
    fc.assert(
      fc.property(versionArb, ({ before, after, kind }) => {
        const version = networkIndexOfVersion(before, after);
        const moved = after.groups.length !== before.groups.length || after.groups.some((g, i) => g.id !== before.groups[i].id);
        const frameChanged = !moved && after.groups.some((g, i) => g.innerAccessPolicy !== before.groups[i].innerAccessPolicy);
        const instanceChanged = JSON.stringify(after.instances) !== JSON.stringify(before.instances);
        if (moved || frameChanged || instanceChanged) expect(version).toBeUndefined();
        else {
          expect(version).toBeDefined();
          const differ = before.groups.filter((g, i) => JSON.stringify(g.rules) !== JSON.stringify(after.groups[i].rules)).map((g) => g.id);
          expect(version?.changed).toEqual(differ);
        }
        if (kind === "copy") expect(version?.changed).toEqual([]);
      }),
      { seed: 77, numRuns: 200 },
    );
  });

  test("an opened world rule read from a second copy: the regions of the diff of the very objects", () => {
    const before: NetworkModel = {
      groups: [
        { id: "sg-web", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0", description: "https" }] },
        { id: "sg-db", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", sourceSecurityGroupId: "sg-web" }] },
      ],
      instances: [
        { id: "i-web", privateIp: "10.0.1.10", groups: ["sg-web"] },
        { id: "i-db", privateIp: "10.0.2.10", groups: ["sg-db"] },
      ],
    };
    const copy = copyOf(before);
    copy.groups[1].rules.push({ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", cidrIp: "0.0.0.0/0" });
    const shared: NetworkModel = { ...before, groups: [before.groups[0], copy.groups[1]] };
    expect(networkIndexOfVersion(before, copy)?.changed).toEqual(["sg-db"]);
    const d = accessDiff(before, copy);
    expect(d).toEqual(accessDiff(before, shared));
    expect(d).toEqual(alone(before, copy));
    expect(d.summary).toMatchObject({ opened: 2, closed: 0, rulesChanged: 1 });
    expect(d.regions.map((r) => [r.change, r.scope, r.to.kind === "addresses" ? "addresses" : r.to.id, r.ports])).toEqual([
      ["opened", "instance", "i-db", { from: 3306, to: 3306 }],
      ["opened", "group", "sg-db", { from: 3306, to: 3306 }],
    ]);
  });
});

test("the after side is frozen once compared, as an indexed model is: a cached answer cannot go stale", () => {
  const before: NetworkModel = { groups: [{ id: "sg-a", vpcId: "vpc-1", rules: [] }], instances: [{ id: "i-1", privateIp: "10.0.1.5", groups: ["sg-a"] }] };
  const after = copyOf(before);
  accessDiff(before, after);
  expect(Object.isFrozen(after.groups[0])).toBe(true);
  expect(() => (after.instances as { groups: string[] }[])[0].groups.push("sg-b")).toThrow(TypeError);
});

describe("what is no version", () => {
  const before: NetworkModel = {
    groups: [{ id: "sg-a", vpcId: "vpc-1", name: "web", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "10.0.0.0/8" }] }],
    instances: [{ id: "i-1", privateIp: "10.0.1.5", groups: ["sg-a"], accountId: "1111" }],
    complete: true,
  };

  test("a field the after side leaves out, at any level, is a difference", () => {
    const { complete: _c, ...noComplete } = copyOf(before);
    expect(networkIndexOfVersion(before, noComplete)).toBeUndefined();
    const noName = copyOf(before);
    delete noName.groups[0].name;
    expect(networkIndexOfVersion(before, noName)).toBeUndefined();
    const noAccount = copyOf(before);
    delete (noAccount.instances ?? [])[0].accountId;
    expect(networkIndexOfVersion(before, noAccount)).toBeUndefined();
    // And the diff of each is the diff of the after side alone.
    for (const after of [noComplete, noName, noAccount]) expect(accessDiff(before, after)).toEqual(alone(before, after));
  });

  test("an object of another prototype, or a malformed model, is none, and never throws", () => {
    const bare = Object.assign(Object.create(null) as NetworkModel, copyOf(before));
    expect(networkIndexOfVersion(before, bare)).toBeUndefined();
    const group = copyOf(before);
    group.groups[0] = Object.assign(Object.create(null), group.groups[0]);
    expect(networkIndexOfVersion(before, group)).toBeUndefined();
    const malformed: unknown[] = [null, 7, "x", [], { ...copyOf(before), groups: "x" }, { ...copyOf(before), groups: [null] }, { ...copyOf(before), groups: [{ ...before.groups[0], rules: "x" }] }, { ...copyOf(before), groups: [{ ...before.groups[0], id: 7 }] }];
    for (const after of malformed) expect(networkIndexOfVersion(before, after as NetworkModel)).toBeUndefined();
    for (const other of malformed) expect(networkIndexOfVersion(other as NetworkModel, copyOf(before))).toBeUndefined();
    // Both sides with the same id that is no string, and rules that differ: no group to name.
    const numbered = (rules: unknown[]) => ({ ...copyOf(before), groups: [{ ...copyOf(before).groups[0], id: 7, rules }] }) as unknown as NetworkModel;
    expect(networkIndexOfVersion(numbered([]), numbered([{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" }]))).toBeUndefined();
  });

  test("a malformed side is refused with the validation's error, whichever side it is", () => {
    const malformed: unknown[] = [null, 7, [], { groups: "x" }, { groups: [null] }, { groups: [{ id: "sg-a", vpcId: "vpc-1", rules: "x" }] }];
    for (const bad of malformed) {
      expect(() => accessDiff(before, bad as NetworkModel)).toThrow(ValidationError);
      expect(() => accessDiff(bad as NetworkModel, before)).toThrow(ValidationError);
      expect(outcome(() => accessDiff(before, bad as NetworkModel))).toEqual(outcome(() => alone(before, bad as NetworkModel)));
    }
  });

  test("an answer is kept per pair: the same after side against another before side is compared anew", () => {
    const other = copyOf(before);
    other.groups[0].rules = [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" }];
    const after = copyOf(before);
    expect(accessDiff(before, after).summary.opened).toBe(0);
    expect(networkIndexOfVersion(other, after)?.changed).toEqual(["sg-a"]);
    const d = accessDiff(other, after);
    expect(d).toEqual(alone(other, after));
    expect(d.summary.closed).toBeGreaterThan(0);
  });
});
