import { RuleArgs } from "../../lib/model/rule";
import { guardPlan, ruleCount } from "../../lib/plans/guard";
import { PlannedGroup, SecurityGroupPlan } from "../../lib/plans/plan";

const rule = (extra: Partial<RuleArgs> = {}): RuleArgs => ({ type: "ingress", ipProtocol: "tcp", portRange: "443/443", policy: "accept", priority: 1, cidrIp: "10.0.0.0/16", ...extra });
const group = (id: string, rules: RuleArgs[], extra: Partial<PlannedGroup> = {}): PlannedGroup => ({ label: id, created: true, role: "r", field: `args.${id}`, model: { id, type: "normal", vpcId: "vpc-1", rules }, ...extra });
const plan = (groups: PlannedGroup[], extra: Partial<SecurityGroupPlan> = {}): SecurityGroupPlan => ({ component: "Test", name: "t", groups, members: [], refs: new Map(), maxGroupsPerInstance: 5, ...extra });
const ports = (n: number) => Array.from({ length: n }, (_, i) => rule({ portRange: `${i + 1}/${i + 1}` }));

describe("guardPlan", () => {
  test("returns the plan with normalised groups", () => {
    const out = guardPlan(plan([group("sg-a", [rule({ cidrIp: "10.0.0.5" })])]));
    expect(out.groups[0].model.rules).toEqual([rule({ cidrIp: "10.0.0.5/32", nicType: "intranet" })]);
  });

  test("counts planned rules, existing rules and prefix-list capacity against the quota", () => {
    const g = group("sg-a", [rule({ cidrIp: undefined, prefixListId: "pl-a" }), rule()], { existingRules: 3, prefixListEntries: { "pl-a": 10 } });
    expect(ruleCount(g)).toEqual({ planned: 11, existing: 3, total: 14 });
  });

  test("accepts exactly 200 rules and refuses 201, naming the group and the count", () => {
    expect(() => guardPlan(plan([group("sg-a", ports(200))]))).not.toThrow();
    expect(() => guardPlan(plan([group("sg-a", ports(200), { existingRules: 1 })]))).toThrow(
      expect.objectContaining({ code: "rule-quota-exceeded", field: "args.sg-a", value: 201, message: expect.stringContaining('group "sg-a" 201 rules (200 planned + 1 existing)') }),
    );
  });

  test("takes a lower quota as an option", () => {
    expect(() => guardPlan(plan([group("sg-a", ports(3))]), { maxRulesPerGroup: 2 })).toThrow(expect.objectContaining({ code: "rule-quota-exceeded" }));
  });

  test("refuses a basic group that references more than 20 groups", () => {
    const refs = Array.from({ length: 21 }, (_, i) => rule({ cidrIp: undefined, sourceSecurityGroupId: `sg-peer${i}` }));
    expect(() => guardPlan(plan([group("sg-a", refs)]))).toThrow(expect.objectContaining({ code: "group-reference-quota-exceeded", field: "args.sg-a" }));
    expect(() => guardPlan(plan([group("sg-a", refs.slice(1))]))).not.toThrow();
  });

  test("refuses a rule naming an enterprise group of the plan", () => {
    const ent = group("sg-e", [], { model: { id: "sg-e", type: "enterprise", rules: [] } });
    expect(() => guardPlan(plan([ent, group("sg-a", [rule({ cidrIp: undefined, sourceSecurityGroupId: "sg-e" })])]))).toThrow(expect.objectContaining({ code: "enterprise-group-reference", field: "args.sg-a" }));
  });

  test("refuses an instance in more groups than allowed, naming it and the count", () => {
    const p = plan([group("sg-a", [])], { members: [{ name: "m", field: "args.members[0]", groups: ["sg-a"], otherGroups: 5 }] });
    expect(() => guardPlan(p)).toThrow(expect.objectContaining({ code: "group-quota-exceeded", field: "args.members[0]", value: 6 }));
    expect(() => guardPlan({ ...p, maxGroupsPerInstance: 6 })).not.toThrow();
  });

  test.each<[string, Partial<RuleArgs>]>([
    ["every protocol", { ipProtocol: "all", portRange: "-1/-1" }],
    ["every tcp port", { portRange: "1/65535" }],
    ["SSH to the world", { portRange: "22/22", cidrIp: "0.0.0.0/0" }],
    ["a port range spanning MySQL to the world", { portRange: "3000/4000", ipv6CidrIp: "::/0", cidrIp: undefined }],
  ])("backstop: refuses an accept rule opening %s without the unsafe opt-in", (_, extra) => {
    expect(() => guardPlan(plan([group("sg-a", [rule(extra)])]))).toThrow(expect.objectContaining({ code: "unsafe-plan" }));
    expect(() => guardPlan(plan([group("sg-a", [rule(extra)])], { unsafeReason: "lab" }))).not.toThrow();
    expect(() => guardPlan(plan([group("sg-a", [rule({ ...extra, policy: "drop" })])]))).not.toThrow();
  });

  test.each([
    ["SSH to the world", { portRange: "22/22", cidrIp: "0.0.0.0/0" }, "public-admin-port"],
    ["Redis to every IPv6 address", { portRange: "6379/6379", cidrIp: undefined, ipv6CidrIp: "0::0/0" }, "public-database-port"],
  ])("backstop: %s is refused through the %s check, the one users run", (_, extra, check) => {
    expect(() => guardPlan(plan([group("sg-a", [rule(extra as Partial<RuleArgs>)])]))).toThrow(new RegExp(`reported by the ${check} check`));
  });
});
