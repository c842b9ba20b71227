/**
 * How the rule and group checks word a rule and count a group: `describeRule` as the findings
 * show it (direction, policy, ports, peer, priority, and the nic type where it tells rules
 * apart), the blocks broad-intranet-cidr names, and what rule-quota counts.
 */
import { checkNetwork } from "../../lib/checks/check-network";
import { resolveCheckOptions } from "../../lib/checks/check-options";
import { conflictingRuleIdFinding } from "../../lib/checks/conflicting-rule-id";
import { checkInfo } from "../../lib/checks/registry";
import { GroupModel, NetworkModel, PrefixListModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";

const world = (overrides: Partial<RuleArgs> = {}): RuleArgs => ({ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0", ...overrides });
const classic = (id: string, rules: RuleArgs[]): GroupModel => ({ id, network: "classic", rules });
const vpc = (id: string, rules: RuleArgs[]): GroupModel => ({ id, vpcId: "vpc-1", rules });
/** The words duplicate-rule gives a rule declared twice. */
const wording = (group: (id: string, rules: RuleArgs[]) => GroupModel, rule: RuleArgs): string | undefined =>
  checkNetwork({ groups: [group("sg-a", [rule, rule])] }, { checks: ["duplicate-rule"] })[0]?.message.match(/one cloud rule \((.*)\): the API/)?.[1];

describe("describeRule", () => {
  test.each<[string, (id: string, rules: RuleArgs[]) => GroupModel, RuleArgs, string]>([
    ["a VPC rule: no nic type", vpc, world(), "ingress accept tcp:22 from 0.0.0.0/0 (priority 1)"],
    ["a VPC rule written intranet: no nic type", vpc, world({ nicType: "intranet" }), "ingress accept tcp:22 from 0.0.0.0/0 (priority 1)"],
    ["egress: to", vpc, world({ type: "egress", priority: 7 }), "egress accept tcp:22 to 0.0.0.0/0 (priority 7)"],
    ["a drop", vpc, world({ policy: "drop" }), "ingress drop tcp:22 from 0.0.0.0/0 (priority 1)"],
    ["a classic internet rule", classic, world({ nicType: "internet" }), "ingress accept tcp:22 from 0.0.0.0/0 (priority 1, internet)"],
    ["a classic intranet CIDR rule", classic, world({ nicType: "intranet", cidrIp: "10.0.0.0/8" }), "ingress accept tcp:22 from 10.0.0.0/8 (priority 1, intranet)"],
    ["a classic intranet group rule: no nic type", classic, world({ nicType: "intranet", cidrIp: undefined, sourceSecurityGroupId: "sg-b" }), "ingress accept tcp:22 from sg-b (priority 1)"],
  ])("%s", (_, group, rule, words) => {
    expect(wording(group, rule)).toBe(words);
  });
});

describe("exposureText", () => {
  test("a merged finding names every port of a protocol as such", () => {
    const network: NetworkModel = { groups: [vpc("sg-a", [world({ cidrIp: undefined, prefixListId: "pl-x", portRange: "1/65535" })])], prefixLists: [{ id: "pl-x", cidrs: ["0.0.0.0/0", "10.0.0.0/8"] }] };
    const findings = checkNetwork(network, { checks: ["world-open-non-web", "broad-intranet-cidr"], webPorts: [] });
    expect(findings.map((f) => [f.check, f.alsoFails, f.message])).toEqual([["world-open-non-web", ["broad-intranet-cidr"], "ingress accept tcp:1-65535 from pl-x (priority 1) opens every tcp port."]]);
  });
});

describe("classic-intranet-cidr", () => {
  test("its fix names the group peer field", () => {
    const [f] = checkNetwork({ groups: [classic("sg-c", [world({ nicType: "intranet", cidrIp: "10.1.2.3" })])] }, { checks: ["classic-intranet-cidr"] });
    expect(f.fix).toBe("Authorise the peer's security group (sourceSecurityGroupId) instead; classic intranet addresses change.");
  });
});

describe("conflicting-rule-id", () => {
  test("its fix says what a rule id is and what to export", () => {
    const f = conflictingRuleIdFinding({ ruleId: "sgr-9", groupId: "sg-2", where: "b.json $.x", otherWhere: "a.json $.y", otherGroupId: "sg-2" }, resolveCheckOptions({}));
    expect(f.fix).toBe("One rule id is one cloud rule: the files disagree (exports of different times, or an edited file). Export the group again, all pages at once.");
  });
});

describe("checkInfo", () => {
  test("gives a check's entry by its id", () => {
    expect(checkInfo("rule-quota")).toMatchObject({ id: "rule-quota", severity: "high", scope: "group", options: ["maxRulesPerGroup"] });
    expect(checkInfo("inner-access-open")).toMatchObject({ id: "inner-access-open", severity: "low", scope: "network" });
  });
});

describe("broad-intranet-cidr", () => {
  test("names only the broad private blocks of a prefix list, in its order, and the threshold of the options", () => {
    const network: NetworkModel = { groups: [vpc("sg-a", [world({ cidrIp: undefined, prefixListId: "pl-lan" })])], prefixLists: [{ id: "pl-lan", cidrs: ["172.16.0.0/12", "10.1.2.0/24", "0.0.0.0/0", "10.0.0.0/8"] }] };
    expect(checkNetwork(network, { checks: ["broad-intranet-cidr"], minPrivatePrefixLength: 13 })).toEqual([
      {
        check: "broad-intranet-cidr",
        severity: "medium",
        groupId: "sg-a",
        ruleIndex: 0,
        message: "ingress accept tcp:22 from pl-lan (priority 1) authorises 172.16.0.0/12, 10.0.0.0/8, private space broader than /13.",
        fix: "Authorise the peer's security group instead, or narrow the block to the vSwitch that needs access.",
      },
    ]);
  });

  test("a /12 is not broader than /12", () => {
    expect(checkNetwork({ groups: [vpc("sg-a", [world({ cidrIp: "172.16.0.0/12" })])] }, { checks: ["broad-intranet-cidr"], minPrivatePrefixLength: 12 })).toEqual([]);
  });
});

describe("rule-quota", () => {
  const run = (group: GroupModel, max: number, prefixLists: PrefixListModel[] = []) => checkNetwork({ groups: [group], prefixLists }, { checks: ["rule-quota"], maxRulesPerGroup: max }).map((f) => f.message);

  test("in a classic group, an internet rule and its intranet twin are two cloud rules; identical ones are one", () => {
    const group = classic("sg-c", [world({ nicType: "internet" }), world({ nicType: "intranet" }), world({ nicType: "internet", description: "again" })]);
    expect(run(group, 1)).toEqual(['Group "sg-c" holds 2 rules, more than the quota of 1 per group; the API refuses the rules beyond it.']);
    expect(run(group, 2)).toEqual([]);
  });

  test("a prefix list counts at its capacity, else its entries; an undescribed one counts once", () => {
    const group = vpc("sg-a", [world({ cidrIp: undefined, prefixListId: "pl-cap" }), world({ cidrIp: undefined, prefixListId: "pl-entries", portRange: "23/23" }), world({ cidrIp: undefined, prefixListId: "pl-unknown", portRange: "24/24" })]);
    const lists = [{ id: "pl-cap", cidrs: ["10.0.0.0/8"], maxEntries: 4 }, { id: "pl-entries", cidrs: ["10.0.0.0/8", "10.1.0.0/16"] }];
    expect(run(group, 6, lists)).toEqual(['Group "sg-a" holds 7 rules (prefix lists count at their capacity), more than the quota of 6 per group; the API refuses the rules beyond it.']);
    expect(run(group, 7, lists)).toEqual([]);
  });

  test("its fix says how to split or fold the rules", () => {
    const [f] = checkNetwork({ groups: [vpc("sg-a", [world(), world({ portRange: "23/23" })])] }, { checks: ["rule-quota"], maxRulesPerGroup: 1 });
    expect(f.fix).toBe("Split the group by role, or replace many CIDR rules with one prefix list or one security-group rule.");
  });
});
