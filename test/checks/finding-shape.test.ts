/**
 * The findings as a user of checkNetwork reads them: one per rule with everything it opens in
 * one sentence, the fields each finding carries (and the ones it leaves out), the gate
 * (`--fail-on`) and the one-line form.
 */
import { checkNetwork } from "../../lib/checks/check-network";
import { Finding, failingFindings, formatFinding, hasHighFindings, reachesFailOn, severityRank } from "../../lib/checks/finding";
import { NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { ingress } from "./helpers";

const vpc = (rules: RuleArgs[]): NetworkModel => ({ groups: [{ id: "sg-test", vpcId: "vpc-1", rules }] });
const brief = (f: Finding) => [f.check, f.severity, f.ruleIndex, f.alsoFails, f.message];

describe("one finding per rule: what the merged message names", () => {
  test("each rule's checks are merged, the worst leading, in order of first appearance", () => {
    const findings = checkNetwork(
      vpc([
        ingress({ portRange: "1/65535", cidrIp: "10.0.0.0/8" }),
        ingress({ ipProtocol: "all", portRange: "-1/-1", cidrIp: "10.0.0.0/8" }),
        ingress({ ipProtocol: "udp", portRange: "1/65535" }),
        ingress({ portRange: "3306/3306", priority: 2 }),
        ingress({ portRange: "3306/3306", priority: 3, cidrIp: "10.0.0.0/8" }),
      ]),
    );
    expect(findings.map(brief)).toEqual([
      ["public-admin-port", "high", 2, ["public-database-port", "all-ports-open", "world-open-non-web"], "ingress accept udp:1-65535 from 0.0.0.0/0 (priority 1) opens admin udp:22, 3389, database udp:1433, 1521, 3306, 5432, 6379, 27017, every other port."],
      ["public-database-port", "high", 3, ["world-open-non-web"], "ingress accept tcp:3306 from 0.0.0.0/0 (priority 2) opens database tcp:3306."],
      ["all-ports-open", "high", 0, ["broad-intranet-cidr"], "ingress accept tcp:1-65535 from 10.0.0.0/8 (priority 1) opens every port."],
      ["all-ports-open", "high", 1, ["broad-intranet-cidr"], "ingress accept all from 10.0.0.0/8 (priority 1) opens every protocol and port."],
      ["broad-intranet-cidr", "medium", 4, ["shadowed-rule"], "ingress accept tcp:3306 from 10.0.0.0/8 (priority 3) opens tcp:3306."],
    ]);
    expect(findings.map((f) => f.configRule)).toEqual(["sg-risky-ports-check", "ecs-security-group-risky-ports-check-with-protocol", "ecs-security-group-not-open-all-port", "ecs-security-group-not-open-all-protocol", undefined]);
  });

  test("a group read as classic says so on its rule findings, not on its instances'", () => {
    const old = { groups: [{ id: "sg-old", rules: [ingress({ nicType: "internet", portRange: "80/80" }), ingress({ portRange: "3306/3306", nicType: "internet" })] }], instances: [{ id: "i-1", privateIp: "x", groups: ["sg-old"] }] } as NetworkModel;
    const findings = checkNetwork(old);
    expect(findings.map((f) => [f.check, f.ruleIndex, f.instanceId, f.message])).toEqual([
      ["public-database-port", 1, undefined, "ingress accept tcp:3306 from 0.0.0.0/0 (priority 1, internet) opens database tcp:3306. (sg-old read as classic: rule 0 is an internet rule.)"],
      ["invalid-rule", undefined, "i-1", 'alicloud-secgroups: instances[0].privateIp is not an IP address (got "x"). Give the instance\'s private address, e.g. "10.0.1.5".'],
    ]);
  });
});

describe("the fields of a finding", () => {
  test("a check without a Config rule leaves configRule out; a rule finding has no instance or intent", () => {
    const [f] = checkNetwork(vpc([ingress({ cidrIp: "10.0.0.0/8", portRange: "80/80" })]));
    expect(f).toEqual({ check: "broad-intranet-cidr", severity: "medium", groupId: "sg-test", ruleIndex: 0, message: expect.any(String), fix: expect.any(String) });
    expect(Object.keys(f)).not.toContain("configRule");
  });

  test("an instance finding carries the instance and no rule; a network check's severity can be overridden", () => {
    const network = { groups: [{ id: "sg-a", vpcId: "vpc-1", rules: [] }], instances: [{ id: "i-1", privateIp: "x", groups: ["sg-a"] }] } as NetworkModel;
    const [f] = checkNetwork(network, { severities: { "invalid-rule": "low" } });
    expect(f).toEqual({ check: "invalid-rule", severity: "low", groupId: "sg-a", instanceId: "i-1", message: expect.any(String), fix: expect.any(String) });
  });

  test("a model that is not an object, or whose parts are not lists, is read as empty", () => {
    expect(checkNetwork(null as unknown as NetworkModel, { checks: ["public-admin-port"] })).toEqual([]);
    expect(checkNetwork({ groups: "x", prefixLists: "y" } as unknown as NetworkModel, { checks: ["public-admin-port"] })).toEqual([]);
    expect(checkNetwork({ groups: [{ id: "", vpcId: "vpc-1", rules: [ingress()] }] }, { checks: ["public-admin-port"] }).map((f) => f.groupId)).toEqual(["groups[0]"]);
  });

  test("prefix lists that are not objects with an id are left out", () => {
    const network = { groups: [{ id: "sg-a", vpcId: "vpc-1", rules: [ingress({ prefixListId: "pl-any" })] }], prefixLists: [null, { cidrs: ["0.0.0.0/0"] }, { id: "pl-any", cidrs: ["0.0.0.0/0"] }] } as unknown as NetworkModel;
    expect(checkNetwork(network, { checks: ["public-admin-port"] }).map((f) => f.ruleIndex)).toEqual([0]);
  });

  test("with only network checks asked for, the group checks do not run", () => {
    expect(checkNetwork(vpc([ingress()]), { checks: ["dead-path"] })).toEqual([]);
  });
});

describe("the gate and the one-line form", () => {
  const f = (severity: Finding["severity"], acknowledged = false): Finding => ({ check: "shadowed-rule", severity, groupId: "sg-a", message: "m", fix: "x", ...(acknowledged ? { acknowledged: { reason: "r", exemption: "e" } } : {}) });

  test("severities rank high, medium, low; a level is reached by its severity and worse; broadening by all; none by none", () => {
    expect(["high", "medium", "low"].map((s) => severityRank(s as Finding["severity"]))).toEqual([0, 1, 2]);
    const table = (["high", "medium", "low", "broadening", "none"] as const).map((level) => (["high", "medium", "low"] as const).map((s) => reachesFailOn(s, level)));
    expect(table).toEqual([
      [true, false, false],
      [true, true, false],
      [true, true, true],
      [true, true, true],
      [false, false, false],
    ]);
  });

  test("acknowledged findings never fail a report", () => {
    const findings = [f("high", true), f("medium"), f("low")];
    expect(failingFindings(findings, "medium")).toEqual([findings[1]]);
    expect(hasHighFindings(findings)).toBe(false);
    expect(hasHighFindings([f("high")])).toBe(true);
  });

  test("the one-line form names the intent, else the instance, else the rule, else the group", () => {
    expect(formatFinding({ ...f("low"), intentId: "no-db", instanceId: "i-1", ruleIndex: 2 })).toBe("[low] shadowed-rule intent no-db: m Fix: x");
    expect(formatFinding({ ...f("low"), instanceId: "i-1", ruleIndex: 2 })).toBe("[low] shadowed-rule instance i-1: m Fix: x");
    expect(formatFinding({ ...f("low"), ruleIndex: 0, alsoFails: [] })).toBe("[low] shadowed-rule sg-a rules[0]: m Fix: x");
    expect(formatFinding({ ...f("medium", true), configRule: "sg-public-access-check", alsoFails: ["duplicate-rule", "group-peer-all"] })).toBe("[medium] shadowed-rule sg-a: m Also fails: duplicate-rule, group-peer-all. Fix: x (Cloud Config: sg-public-access-check) [acknowledged: r]");
  });
});
