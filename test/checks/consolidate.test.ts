import { checkNetwork } from "../../lib/checks/check-network";
import { NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { drop, ingress } from "./helpers";

const one = (rules: RuleArgs[], extra: Partial<NetworkModel> = {}): NetworkModel => ({ groups: [{ id: "sg-test", vpcId: "vpc-test", rules }], ...extra });

describe("one finding per rule", () => {
  test("an all-TCP rule from 0.0.0.0/0 is one high finding naming admin, database and every other port", () => {
    const findings = checkNetwork(one([ingress({ portRange: "1/65535" })]));
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f.check).toBe("public-admin-port");
    expect(f.severity).toBe("high");
    expect(f.alsoFails).toEqual(["public-database-port", "all-ports-open", "world-open-non-web"]);
    expect(f.message).toBe("ingress accept tcp:1-65535 from 0.0.0.0/0 (priority 1) opens admin tcp:22, 3389, database tcp:1433, 1521, 3306, 5432, 6379, 27017, every other port.");
    expect(checkNetwork(one([ingress({ portRange: "1/65535" })]), { consolidate: false })).toHaveLength(4);
  });

  test("world-open SSH is public-admin-port only", () => {
    expect(checkNetwork(one([ingress()])).map((f) => [f.check, f.alsoFails])).toEqual([["public-admin-port", ["world-open-non-web"]]]);
  });

  test("names the other ports a range opens beyond admin and database ports", () => {
    const [f] = checkNetwork(one([ingress({ portRange: "20/3306" })]));
    expect(f.message).toBe("ingress accept tcp:20-3306 from 0.0.0.0/0 (priority 1) opens admin tcp:22, database tcp:1433, 1521, 3306, other ports tcp:20-21, 23-79, 81-442, 444-1432, 1434-1520, 1522-3305.");
  });

  test("a drop that closes the admin port leaves the rule to its next worst check", () => {
    const findings = checkNetwork(one([ingress({ portRange: "20/25" }), drop({ portRange: "22/22" })]));
    expect(findings.map((f) => [f.check, f.ruleIndex, f.alsoFails])).toEqual([["world-open-non-web", 0, undefined]]);
  });

  test("a rule with a single finding is untouched, and different rules stay apart", () => {
    const rules = [ingress({ portRange: "8080/8080" }), ingress({ portRange: "3389/3389" })];
    const findings = checkNetwork(one(rules));
    expect(findings.map((f) => [f.check, f.ruleIndex])).toEqual([["public-admin-port", 1], ["world-open-non-web", 0]]);
    expect(findings.find((f) => f.ruleIndex === 0)).toEqual(checkNetwork(one(rules), { consolidate: false }).find((f) => f.ruleIndex === 0));
  });

  test("never more than one finding per rule over the unsafe-legacy shapes", () => {
    const rules = [ingress({ ipProtocol: "all", portRange: "-1/-1" }), ingress({ portRange: "3306/3306" }), ingress({ portRange: "1/65535", cidrIp: "10.0.0.0/8" }), ingress({ ipProtocol: "icmp", portRange: "-1/-1" })];
    const findings = checkNetwork(one(rules));
    const perRule = new Map<number, number>();
    for (const f of findings) perRule.set(f.ruleIndex as number, (perRule.get(f.ruleIndex as number) ?? 0) + 1);
    expect([...perRule.values()].every((n) => n === 1)).toBe(true);
    expect(findings.find((f) => f.ruleIndex === 0)?.message).toMatch(/opens admin tcp:22, 3389; udp:22, 3389, database .* every other protocol and port\.$/);
  });
});
