import { CHECKS, CHECK_IDS, checkNetwork, formatFinding, hasHighFindings } from "../../lib/checks";
import { ValidationError } from "../../lib/model/errors";
import { NetworkModel } from "../../lib/model/network";
import { drop, ingress } from "./helpers";

const CONFIG_RULES = [
  "sg-risky-ports-check",
  "ecs-security-group-risky-ports-check-with-protocol",
  "sg-public-access-check",
  "ecs-security-group-not-open-all-port",
  "ecs-security-group-not-open-all-protocol",
  "ecs-security-group-white-list-port-check",
  "ecs-running-instance-no-public-ip",
];

const network: NetworkModel = {
  groups: [
    { id: "sg-web", vpcId: "vpc-1", rules: [ingress({ portRange: "443/443" }), ingress()] },
    { id: "sg-db", vpcId: "vpc-1", rules: [ingress({ portRange: "3306/3306", sourceSecurityGroupId: "sg-web" }), drop({ portRange: "3306/3306", priority: 100 })] },
  ],
  instances: [{ id: "i-web", privateIp: "10.0.1.5", groups: ["sg-web"] }],
};

describe("checkNetwork", () => {
  test("returns nothing for an empty network", () => {
    expect(checkNetwork({ groups: [] })).toEqual([]);
  });

  test("runs every check and reports per group, in the model's order", () => {
    expect(checkNetwork(network, { consolidate: false }).map((f) => [f.check, f.groupId, f.ruleIndex])).toEqual([
      ["public-admin-port", "sg-web", 1],
      ["world-open-non-web", "sg-web", 1],
    ]);
  });

  test("gives one finding per rule: world-open SSH is public-admin-port, also failing world-open-non-web", () => {
    const findings = checkNetwork(network);
    expect(findings.map((f) => [f.check, f.severity, f.ruleIndex, f.alsoFails])).toEqual([["public-admin-port", "high", 1, ["world-open-non-web"]]]);
  });

  test("runs only the checks asked for", () => {
    expect(checkNetwork(network, { checks: ["world-open-non-web"] }).map((f) => f.check)).toEqual(["world-open-non-web"]);
  });

  test("takes severity overrides", () => {
    expect(checkNetwork(network, { severities: { "world-open-non-web": "high" }, consolidate: false }).map((f) => f.severity)).toEqual(["high", "high"]);
    expect(checkNetwork(network, { severities: { "public-admin-port": "low" } }).map((f) => [f.check, f.severity])).toEqual([["world-open-non-web", "medium"]]);
  });

  test.each<[string, object]>([
    ["an admin port of 0", { adminPorts: [0] }],
    ["web ports that are not an array", { webPorts: "80" }],
    ["a prefix threshold of 33", { minPrivatePrefixLength: 33 }],
    ["a negative rule quota", { maxRulesPerGroup: -1 }],
    ["an unknown check", { checks: ["no-such-check"] }],
    ["an unknown severity", { severities: { "rule-quota": "critical" } }],
    ["a severity for no check", { severities: { "no-such-check": "low" } }],
  ])("refuses %s with invalid-argument", (_, options) => {
    expect(() => checkNetwork(network, options as never)).toThrow(ValidationError);
    try {
      checkNetwork(network, options as never);
    } catch (e) {
      expect((e as ValidationError).code).toBe("invalid-argument");
      expect((e as ValidationError).message).toMatch(/^alicloud-secgroups: options\./);
    }
  });

  test("skips entries that are not groups, and names groups without an id by position", () => {
    const findings = checkNetwork({ groups: [null, { rules: [ingress()] }] } as unknown as NetworkModel, { checks: ["public-admin-port"] });
    expect(findings.map((f) => f.groupId)).toEqual(["groups[1]"]);
  });
});

describe("hasHighFindings", () => {
  test("is true only when a finding is high", () => {
    expect(hasHighFindings(checkNetwork(network))).toBe(true);
    expect(hasHighFindings(checkNetwork(network, { checks: ["world-open-non-web"] }))).toBe(false);
    expect(hasHighFindings([])).toBe(false);
  });
});

describe("formatFinding", () => {
  test("renders one line with severity, check, place, message, fix and Config rule", () => {
    const [f] = checkNetwork(network);
    expect(formatFinding(f)).toBe(`[high] public-admin-port sg-web rules[1]: ${f.message} Also fails: world-open-non-web. Fix: ${f.fix} (Cloud Config: sg-risky-ports-check)`);
    expect(f.message).toBe("ingress accept tcp:22 from 0.0.0.0/0 (priority 1) opens admin tcp:22.");
  });
});

describe("CHECKS", () => {
  test("lists every check once, in report order", () => {
    expect(CHECKS.map((c) => c.id)).toEqual([...CHECK_IDS]);
  });

  test.each(CHECKS.map((c) => [c.id, c]))("%s has a description beginning 'Checks that'", (_, c) => {
    expect(c.description).toMatch(/^Checks that .+\.$/);
  });

  test("maps checks only to Alibaba Cloud Config managed rules", () => {
    for (const c of CHECKS) for (const r of c.configRules) expect(CONFIG_RULES).toContain(r);
  });

  test("has the documented default severities", () => {
    expect(Object.fromEntries(CHECKS.map((c) => [c.id, c.severity]))).toEqual({
      "invalid-rule": "high",
      "public-admin-port": "high",
      "public-database-port": "high",
      "all-ports-open": "high",
      "world-open-non-web": "medium",
      "broad-intranet-cidr": "medium",
      "classic-intranet-cidr": "medium",
      "rule-quota": "high",
      "group-quota": "high",
      "shadowed-rule": "low",
      "duplicate-rule": "high",
      "rules-per-interface": "high",
      "dead-path": "medium",
      "group-peer-all": "medium",
      "public-address-internal": "medium",
      "inner-access-open": "low",
      "unused-group": "low",
      "unresolved-rule": "high",
      "incomplete-input": "high",
      "conflicting-rule-id": "medium",
      "broken-intent": "high",
      "unproven-intent": "medium",
    });
  });
});
