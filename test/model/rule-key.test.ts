import fc from "fast-check";
import { RuleArgs, dedupeRules, ruleKey, validateRule } from "../../lib/model";
import { ruleKeyIn } from "../../lib/model/rule-key";

const ssh: RuleArgs = { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "203.0.113.7" };

describe("ruleKey", () => {
  test("reads as the rule's meaning", () => {
    expect(ruleKey(ssh)).toBe("in-accept-p1-tcp:22-from-203.0.113.7/32");
    expect(ruleKey({ type: "egress", ipProtocol: "all", cidrIp: "0.0.0.0/0", policy: "drop", priority: 100 })).toBe("out-drop-p100-all-to-0.0.0.0/0");
    expect(ruleKey({ type: "ingress", ipProtocol: "tcp", portRange: "6379/6379", sourceSecurityGroupId: "sg-b", sourceGroupOwnerId: "1609982529920000" })).toBe("in-accept-p1-tcp:6379-from-1609982529920000/sg-b");
    expect(ruleKey({ type: "ingress", ipProtocol: "tcp", portRange: "8000/8080", prefixListId: "pl-a" })).toBe("in-accept-p1-tcp:8000-8080-from-pl-a");
  });

  test.each<[string, RuleArgs]>([
    ["a bare address and its /32", { ...ssh, cidrIp: "203.0.113.7/32" }],
    ["explicit defaults", { ...ssh, policy: "accept", priority: 1 }],
    ["another description", { ...ssh, description: "admin laptop" }],
  ])("is the same for %s", (_name, other) => {
    expect(ruleKey(other)).toBe(ruleKey(ssh));
  });

  test.each<[string, RuleArgs]>([
    ["another direction", { ...ssh, type: "egress" }],
    ["another policy", { ...ssh, policy: "drop" }],
    ["another priority", { ...ssh, priority: 2 }],
    ["another protocol", { ...ssh, ipProtocol: "udp" }],
    ["another port", { ...ssh, portRange: "22/23" }],
    ["another peer", { ...ssh, cidrIp: "203.0.113.8" }],
    ["another owner", { type: "ingress", ipProtocol: "tcp", portRange: "22/22", sourceSecurityGroupId: "sg-a", sourceGroupOwnerId: "1" }],
    ["another nic type", { ...ssh, nicType: "internet" }],
  ])("differs for %s", (_name, other) => {
    expect(ruleKey(other)).not.toBe(ruleKey(ssh));
  });

  test("keys are equal exactly when the normalised rules mean the same", () => {
    const rule = fc.record({
      type: fc.constantFrom("ingress", "egress" as const),
      ipProtocol: fc.constantFrom("tcp", "udp", "all" as const),
      port: fc.constantFrom(22, 80, 443),
      cidr: fc.constantFrom("10.0.0.1", "10.0.0.1/32", "10.0.0.0/8", "10.1.2.3/8", "0.0.0.0/0"),
      priority: fc.constantFrom(undefined, 1, 2),
      policy: fc.constantFrom(undefined, "accept", "drop" as const),
      description: fc.constantFrom(undefined, "a", "b"),
    });
    const toRule = (r: typeof rule extends fc.Arbitrary<infer T> ? T : never): RuleArgs => ({
      type: r.type,
      ipProtocol: r.ipProtocol,
      portRange: r.ipProtocol === "all" ? undefined : `${r.port}/${r.port}`,
      cidrIp: r.cidr,
      priority: r.priority,
      policy: r.policy,
      description: r.description,
    });
    fc.assert(
      fc.property(rule, rule, (a, b) => {
        const ra = toRule(a);
        const rb = toRule(b);
        const meaning = (r: RuleArgs) => JSON.stringify({ ...validateRule(r), description: undefined });
        expect(ruleKey(ra) === ruleKey(rb)).toBe(meaning(ra) === meaning(rb));
      }),
      { seed: 11, numRuns: 2000 },
    );
  });
});

describe("ruleKey in the group's network", () => {
  const web = { type: "ingress" as const, ipProtocol: "tcp" as const, portRange: "80/80", cidrIp: "0.0.0.0/0" };
  test("in a classic group, a CIDR rule without a nic type is the internet rule", () => {
    expect(ruleKeyIn(web, "classic")).toBe(ruleKeyIn({ ...web, nicType: "internet" }, "classic"));
    expect(ruleKeyIn(web, "classic")).toBe("in-accept-p1-tcp:80-from-0.0.0.0/0-internet");
  });
  test("in a classic group, the intranet rule is another cloud rule", () => {
    expect(ruleKeyIn({ ...web, nicType: "intranet" }, "classic")).not.toBe(ruleKeyIn(web, "classic"));
  });
  test("in a VPC group, the nic type adds nothing", () => {
    expect(ruleKeyIn({ ...web, nicType: "intranet" }, "vpc")).toBe(ruleKeyIn(web, "vpc"));
    expect(ruleKeyIn(web, "vpc")).toBe(ruleKey(web));
  });
  test("dedupeRules keeps one copy of one classic cloud rule, and both of two", () => {
    expect(dedupeRules([web, { ...web, nicType: "internet" }], "classic")).toHaveLength(1);
    expect(dedupeRules([web, { ...web, nicType: "intranet" }], "classic")).toHaveLength(2);
    expect(dedupeRules([{ ...web, nicType: "intranet" }, web], "vpc")).toHaveLength(1);
  });
});

describe("dedupeRules", () => {
  test("keeps the first of each meaning, with its description", () => {
    const out = dedupeRules([
      { ...ssh, description: "first" },
      { ...ssh, cidrIp: "203.0.113.7/32", description: "second" },
      { ...ssh, portRange: "3389/3389" },
    ]);
    expect(out.map((r) => [r.portRange, r.description])).toEqual([
      ["22/22", "first"],
      ["3389/3389", undefined],
    ]);
  });

  test("is idempotent and independent of order up to which duplicate is kept", () => {
    const arb = fc.array(fc.record({ port: fc.constantFrom(22, 80, 443), cidr: fc.constantFrom("10.0.0.1", "10.0.0.1/32", "0.0.0.0/0"), policy: fc.constantFrom("accept", "drop" as const) }), { maxLength: 12 });
    fc.assert(
      fc.property(arb, (items) => {
        const rules: RuleArgs[] = items.map((i) => ({ type: "ingress", ipProtocol: "tcp", portRange: `${i.port}/${i.port}`, cidrIp: i.cidr, policy: i.policy }));
        const once = dedupeRules(rules);
        expect(dedupeRules(once)).toEqual(once);
        const keys = new Set(dedupeRules([...rules].reverse()).map(ruleKey));
        expect(new Set(once.map(ruleKey))).toEqual(keys);
      }),
      { seed: 3, numRuns: 1000 },
    );
  });
});
