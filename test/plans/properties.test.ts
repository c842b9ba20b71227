import fc from "fast-check";
import { ValidationError } from "../../lib/model/errors";
import { isAnyAddress, parseCidr } from "../../lib/model/ip";
import { portInterval, validateRule } from "../../lib/model/rule";
import { ADMIN_PORTS, DATABASE_PORT_LIST } from "../../lib/model/services";
import { dedupeRules } from "../../lib/model/rule-key";
import { RuleCollector, sortByKey } from "../../lib/plans/plan";
import { guardPlan, planDatabaseGroup, planInterconnect, plannedRules, planOutboundWhitelist, planThreeTier, planWorkbenchAccess } from "../../lib/plans";

const SEED = { seed: 42, numRuns: 400 };
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255), fc.integer({ min: 0, max: 32 })).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`);
const ipv6 = fc.tuple(fc.nat(0xffff), fc.nat(0xffff), fc.integer({ min: 0, max: 128 })).map(([a, b, p]) => `2001:${a.toString(16)}:${b.toString(16)}::/${p}`);
const address = fc.oneof(ipv4, ipv6, fc.constantFrom("0.0.0.0/0", "::/0", "203.0.113.7", "10.0.0.300", "", "sg-x"));
const port = fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.constantFrom(22, 3389, 3306, 6379, 0, 70000, 1.5));
const sensitive = [...ADMIN_PORTS, ...DATABASE_PORT_LIST];

function names(plan: ReturnType<typeof planThreeTier>): string[] {
  return plannedRules(plan)
    .map((r) => r.name)
    .sort();
}

function planOrError<T>(fn: () => T): T | ValidationError {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
}

describe("planner properties", () => {
  const webArgs = fc.record({ ports: fc.uniqueArray(fc.integer({ min: 1, max: 65535 }).filter((p) => !sensitive.includes(p)), { minLength: 1, maxLength: 3 }), sources: fc.uniqueArray(ipv4.map((c) => (parseCidr(c) as { text: string }).text).filter((c) => !c.endsWith("/0")), { minLength: 1, maxLength: 2 }) });

  test("the plan does not depend on the order of ports and sources", () => {
    fc.assert(
      fc.property(webArgs, fc.nat(), (web, seed) => {
        const shuffle = <T>(xs: T[]) => xs.map((x, i) => [((seed + 1) * (i + 7919)) % 104729, x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);
        const a = planThreeTier("shop", { vpcId: "vpc-1", web });
        const b = planThreeTier("shop", { vpcId: "vpc-1", web: { ports: shuffle(web.ports), sources: shuffle(web.sources) } });
        expect(b.groups).toEqual(a.groups);
      }),
      SEED,
    );
  });

  test("adding a source renames no existing rule", () => {
    fc.assert(
      fc.property(webArgs, ipv4.map((c) => (parseCidr(c) as { text: string }).text).filter((c) => !c.endsWith("/0")), (web, extra) => {
        const before = names(planThreeTier("shop", { vpcId: "vpc-1", web }));
        const after = new Set(names(planThreeTier("shop", { vpcId: "vpc-1", web: { ...web, sources: [...web.sources, extra] } })));
        for (const n of before) expect(after.has(n)).toBe(true);
      }),
      SEED,
    );
  });

  test("a guarded plan has unique child names and only rules the provider accepts, already normalised", () => {
    fc.assert(
      fc.property(fc.array(address, { maxLength: 4 }), fc.array(port, { maxLength: 3 }), fc.array(address, { maxLength: 3 }), (sources, ports, admins) => {
        const out = planOrError(() => guardPlan(planThreeTier("shop", { vpcId: "vpc-1", web: { ports, sources }, admin: admins.length ? { sources: admins, maxPrefix: 0, maxPrefixIpv6: 0 } : undefined })));
        if (out instanceof ValidationError) return;
        const rules = plannedRules(out);
        expect(new Set(rules.map((r) => r.name)).size).toBe(rules.length);
        for (const { rule } of rules) expect(validateRule(rule)).toEqual({ ...rule, description: rule.description });
      }),
      SEED,
    );
  });

  test("without the opt-in, no plan opens an admin or database port to every address", () => {
    fc.assert(
      fc.property(fc.array(address, { maxLength: 4 }), fc.array(port, { maxLength: 3 }), fc.array(address, { maxLength: 3 }), fc.array(address, { maxLength: 2 }), (sources, ports, admins, dbSources) => {
        const out = planOrError(() => guardPlan(planThreeTier("shop", { vpcId: "vpc-1", web: { ports, sources }, db: { sources: dbSources }, admin: admins.length ? { sources: admins, maxPrefix: 0, maxPrefixIpv6: 0 } : undefined })));
        if (out instanceof ValidationError) return;
        for (const { rule } of plannedRules(out)) {
          const peer = rule.cidrIp ?? rule.ipv6CidrIp;
          if (rule.policy !== "accept" || rule.type !== "ingress" || peer === undefined || !isAnyAddress(parseCidr(peer)!)) continue;
          const { from, to } = portInterval(rule);
          expect(sensitive.some((p) => p >= from && p <= to)).toBe(false);
        }
      }),
      SEED,
    );
  });

  test("the collector keeps what dedupeRules keeps, sorted by key", () => {
    const rule = fc.record({
      type: fc.constantFrom("ingress" as const, "egress" as const),
      ipProtocol: fc.constant("tcp" as const),
      portRange: fc.constantFrom("22/22", "80/80", "443/443"),
      priority: fc.constantFrom(1, 100),
      cidrIp: fc.constantFrom("10.0.0.1", "10.0.0.1/32", "10.0.0.0/24", "0.0.0.0/0"),
      description: fc.constantFrom("a", "b"),
    });
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 8 }), (rules) => {
        const c = new RuleCollector("p");
        rules.forEach((r) => c.add("f", r, r.description));
        const expected = sortByKey(dedupeRules(rules.map((r) => ({ ...r, description: `p: ${r.description}` }))));
        expect(c.finish()).toEqual(expected);
      }),
      SEED,
    );
  });

  test.each<[string, (args: unknown) => unknown]>([
    ["planThreeTier", (a) => guardPlan(planThreeTier("n", a as never))],
    ["planDatabaseGroup", (a) => guardPlan(planDatabaseGroup("n", a as never))],
    ["planInterconnect", (a) => guardPlan(planInterconnect("n", a as never))],
    ["planWorkbenchAccess", (a) => guardPlan(planWorkbenchAccess("n", a as never))],
    ["planOutboundWhitelist", (a) => guardPlan(planOutboundWhitelist("n", a as never))],
  ])("%s throws nothing but ValidationError, whatever it is given", (_, plan) => {
    const value = fc.oneof(address, port, fc.anything({ maxDepth: 2 }));
    const args = fc.dictionary(
      fc.constantFrom("vpcId", "web", "app", "db", "admin", "groupType", "egress", "sources", "engine", "method", "members", "ports", "protocol", "securityGroupId", "destinations", "adminSources", "via", "allowUnsafe", "tags", "innerAccessPolicy", "denyAllPriority"),
      fc.oneof(value, fc.array(value, { maxLength: 3 }), fc.dictionary(fc.constantFrom("sources", "ports", "cidrs", "name", "securityGroupId", "privateIp", "cidr", "reason"), fc.oneof(value, fc.array(value, { maxLength: 3 })))),
    );
    fc.assert(
      fc.property(fc.oneof(args, fc.anything({ maxDepth: 1 })), (a) => {
        try {
          plan(a);
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationError);
          expect((e as Error).message).toMatch(/^alicloud-secgroups: /);
        }
      }),
      SEED,
    );
  });
});
