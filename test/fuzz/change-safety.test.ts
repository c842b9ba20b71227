/**
 * Change safety: child names come from what rules mean, so editing a list argument the way
 * people do (reordering it, adding an entry, repeating one) never renames an unchanged rule,
 * and a repeated entry is written once.
 */
import { fuzzRuns } from "./seed";
import fc from "fast-check";
import { COMPONENT_PLANNERS, ComponentName, SecurityGroupPlan, groupResourceName, plannedRules } from "../../lib/plans";
import { ARGS, cidr, databaseSource, destination, groupId, memberIp, port } from "./arbitraries";
import { cheapStacksDuringSuite } from "./cheap-stacks";
import { DeployTime } from "./deploy-time";
import { Outcome, canonical, check, outcomeOf } from "./oracle";

const RUNS = fuzzRuns(20240611, 80, "change-safety");
const COMPONENTS = Object.keys(COMPONENT_PLANNERS) as ComponentName[];

type Path = (string | number)[];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Paths to every list in the arguments, outer lists first. */
function listPaths(value: unknown, at: Path = []): Path[] {
  if (Array.isArray(value)) return [at, ...value.flatMap((v, i) => listPaths(v, [...at, i]))];
  if (isPlainObject(value)) return Object.entries(value).flatMap(([k, v]) => listPaths(v, [...at, k]));
  return [];
}

/** A copy of `value` with the list at `path` replaced by `fn(list)`. */
function updateList(value: unknown, path: Path, fn: (list: unknown[]) => unknown[]): unknown {
  if (path.length === 0) return fn(value as unknown[]);
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? updateList(v, rest, fn) : v));
  return { ...(value as Record<string, unknown>), [head]: updateList((value as Record<string, unknown>)[head], rest, fn) };
}

/** Every list in the arguments reordered by a permutation drawn from `seed`. */
function reorderAll(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) {
    const keyed = value.map((v, i) => [(((seed + 1) * (i + 7919)) % 104729) + i / 1e6, reorderAll(v, seed)] as const);
    return keyed.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
  }
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reorderAll(v, seed)]));
  return value;
}

function holdsDeployTime(value: unknown): boolean {
  if (value instanceof DeployTime) return true;
  if (Array.isArray(value)) return value.some(holdsDeployTime);
  if (isPlainObject(value)) return Object.values(value).some(holdsDeployTime);
  return false;
}

/** Rule child names with what each rule means (its description aside), and the created groups' names. */
function children(plan: SecurityGroupPlan): { rules: Map<string, string>; groups: string[] } {
  const rules = new Map(plannedRules(plan).map(({ name, rule }) => [name, canonical({ ...rule, description: undefined })]));
  return { rules, groups: plan.groups.filter((g) => g.created).map((g) => groupResourceName(plan, g)).sort() };
}

/** Both plans have the same children, meaning the same. */
function expectSameChildren(a: SecurityGroupPlan, b: SecurityGroupPlan, what: string): void {
  const x = children(a);
  const y = children(b);
  check(canonical([...x.rules].sort()) === canonical([...y.rules].sort()) && canonical(x.groups) === canonical(y.groups), () => `${what} changed the children: ${canonical([...x.rules.keys()].sort())} became ${canonical([...y.rules.keys()].sort())}`);
}

/** Both succeed or both refuse. */
function expectSameVerdict(a: Outcome, b: Outcome, what: string): void {
  check(!a.error === !b.error, () => `${what} turned ${a.error ? `a refusal (${a.error.message})` : "a plan"} into ${b.error ? `a refusal (${b.error.message})` : "a plan"}`);
}

/** A new entry for the list at `path`, fitting what the list holds. */
const newEntry = fc.record({ cidr, port, databaseSource, destination, groupId, memberIp, tier: fc.constantFrom("web", "app", "db") });
function entryFor(component: ComponentName, path: Path, list: unknown[], e: typeof newEntry extends fc.Arbitrary<infer T> ? T : never): unknown | undefined {
  const key = [...path].reverse().find((p) => typeof p === "string");
  if (key === "ports") return e.port;
  if (key === "tiers") return e.tier;
  if (key === "destinations") return e.destination;
  if (key === "members") {
    const like = list.find(isPlainObject);
    if (!like) return undefined;
    return { ...like, name: "added", ...(like.privateIp !== undefined ? { privateIp: e.memberIp } : {}), ...(like.securityGroupId !== undefined ? { securityGroupId: e.groupId } : {}) };
  }
  if (key === "sources" && component === "DatabaseSecurityGroup" && path.length === 1) return e.databaseSource;
  if (key === "sources" || key === "adminSources" || key === "cidrs") return e.cidr;
  return undefined;
}

describe("change safety", () => {
  cheapStacksDuringSuite();

  test.each(COMPONENTS)("%s: reordering every list keeps the verdict and every child name and rule", (component) => {
    fc.assert(
      fc.property(ARGS[component], fc.nat(), (args, seed) => {
        const before = outcomeOf(component, "shop", args);
        const after = outcomeOf(component, "shop", reorderAll(args, seed));
        expectSameVerdict(before, after, "reordering");
        if (before.plan && after.plan) expectSameChildren(before.plan, after.plan, "reordering");
      }),
      RUNS,
    );
  });

  test.each(COMPONENTS)("%s: adding an entry to a list renames no rule that stays, and changes none", (component) => {
    fc.assert(
      fc.property(ARGS[component], fc.nat(), newEntry, (args, pick, e) => {
        const paths = listPaths(args);
        fc.pre(paths.length > 0);
        const path = paths[pick % paths.length];
        let entry: unknown;
        const grown = updateList(args, path, (list) => {
          entry = entryFor(component, path, list, e);
          return entry === undefined ? list : [...list, entry];
        });
        const before = outcomeOf(component, "shop", args);
        fc.pre(entry !== undefined && before.plan !== undefined);
        const after = outcomeOf(component, "shop", grown);
        if (!after.plan) return;
        const x = children(before.plan as SecurityGroupPlan);
        const y = children(after.plan);
        for (const [name, rule] of x.rules) check(y.rules.get(name) === rule, () => `adding ${canonical(entry)} at ${path.join(".")} ${y.rules.has(name) ? "changed" : "removed"} ${name}`);
        check(x.groups.every((g) => y.groups.includes(g)), () => `adding ${canonical(entry)} at ${path.join(".")} renamed a group`);
      }),
      RUNS,
    );
  });

  test.each(COMPONENTS)("%s: repeating an entry of a list writes the same rules, once", (component) => {
    fc.assert(
      fc.property(ARGS[component], fc.nat(), fc.nat(), (args, pick, which) => {
        // Members are refused twice by name, and two deploy-time ids cannot be told apart: both by design.
        const paths = listPaths(args).filter((p) => p[p.length - 1] !== "members");
        fc.pre(paths.length > 0);
        const path = paths[pick % paths.length];
        let repeated: unknown;
        const doubled = updateList(args, path, (list) => {
          if (list.length === 0) return list;
          repeated = list[which % list.length];
          return [...list, repeated];
        });
        fc.pre(repeated !== undefined && !holdsDeployTime(repeated));
        const before = outcomeOf(component, "shop", args);
        const after = outcomeOf(component, "shop", doubled);
        expectSameVerdict(before, after, `repeating ${canonical(repeated)} at ${path.join(".")}`);
        if (before.plan && after.plan) expectSameChildren(before.plan, after.plan, `repeating ${canonical(repeated)} at ${path.join(".")}`);
      }),
      RUNS,
    );
  });
});
