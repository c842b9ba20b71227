import { egress, ingress, run } from "./helpers";
import { RuleArgs } from "../../lib/model/rule";

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
