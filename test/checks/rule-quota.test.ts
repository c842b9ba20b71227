import * as fc from "fast-check";
import { drop, egress, ingress, run } from "./helpers";
import { RuleArgs } from "../../lib/model/rule";
import { ruleKeyIn } from "../../lib/model/rule-key";

const rules = (n: number, make: (i: number) => RuleArgs = (i) => ingress({ portRange: `${i + 1}/${i + 1}`, cidrIp: "10.0.0.0/24" })) => Array.from({ length: n }, (_, i) => make(i));

describe("rule-quota", () => {
  test("accepts 200 rules", () => {
    expect(run("rule-quota", rules(200))).toEqual([]);
  });

  test("flags 201 rules, counting inbound and outbound together", () => {
    const findings = run("rule-quota", [...rules(150), ...rules(51, (i) => egress({ portRange: `${i + 1}/${i + 1}` }))]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ check: "rule-quota", severity: "high", groupId: "sg-test" });
    expect(findings[0].ruleIndex).toBeUndefined();
    expect(findings[0].message).toBe('Group "sg-test" holds 201 rules, more than the quota of 200 per group; the API refuses the rules beyond it.');
  });

  test("counts identical rules once, as the API merges them", () => {
    expect(run("rule-quota", [...rules(200), ingress({ portRange: "1/1", cidrIp: "10.0.0.0/24", description: "same rule" })])).toEqual([]);
  });

  test.each([
    ["another peer", ingress({ portRange: "1/1", cidrIp: "10.0.1.0/24" })],
    ["another direction", egress({ portRange: "1/1", cidrIp: "10.0.0.0/24" })],
    ["another policy", drop({ portRange: "1/1", cidrIp: "10.0.0.0/24" })],
    ["another priority", ingress({ portRange: "1/1", cidrIp: "10.0.0.0/24", priority: 2 })],
    ["another protocol", ingress({ ipProtocol: "udp", portRange: "1/1", cidrIp: "10.0.0.0/24" })],
  ])("counts a rule like another but for %s as a rule of its own", (_, like) => {
    expect(run("rule-quota", [...rules(200), like])[0]?.message).toContain("holds 201 rules");
  });

  test("over the quota, the count is of distinct cloud rules (the rule keys), whatever repeats", () => {
    const rule = fc.record({
      type: fc.constantFrom("ingress" as const, "egress" as const),
      ipProtocol: fc.constantFrom("tcp" as const, "udp" as const, "icmp" as const, "all" as const),
      port: fc.integer({ min: 1, max: 3 }),
      policy: fc.constantFrom("accept" as const, "drop" as const),
      priority: fc.integer({ min: 1, max: 2 }),
      cidrIp: fc.constantFrom("10.0.0.0/24", "10.0.1.0/24"),
      description: fc.constantFrom(undefined, "a", "b"),
    });
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 40 }), fc.integer({ min: 1, max: 20 }), (drafts, max) => {
        const list: RuleArgs[] = drafts.map(({ port, ...r }) => ({ ...r, portRange: r.ipProtocol === "tcp" || r.ipProtocol === "udp" ? `${port}/${port}` : "-1/-1" }));
        const distinct = new Set(list.map((r) => ruleKeyIn(r, "vpc"))).size;
        const findings = run("rule-quota", list, { maxRulesPerGroup: max });
        if (distinct <= max) expect(findings).toEqual([]);
        else expect(findings.map((f) => f.message)).toEqual([`Group "sg-test" holds ${distinct} rules, more than the quota of ${max} per group; the API refuses the rules beyond it.`]);
      }),
      { numRuns: 300 },
    );
  });

  test("counts a prefix-list rule at the list's capacity", () => {
    const findings = run("rule-quota", [...rules(150), ingress({ prefixListId: "pl-big" })], {}, {}, [{ id: "pl-big", cidrs: ["10.0.0.0/24"], maxEntries: 60 }]);
    expect(findings[0].message).toContain("holds 210 rules (prefix lists count at their capacity)");
  });

  test("does not count rules the API would refuse", () => {
    expect(run("rule-quota", [...rules(200), ingress({ portRange: "9/1" })])).toEqual([]);
  });

  test("takes the quota from the options", () => {
    expect(run("rule-quota", rules(11), { maxRulesPerGroup: 10 })).toHaveLength(1);
    expect(run("rule-quota", rules(10), { maxRulesPerGroup: 10 })).toEqual([]);
  });
});
