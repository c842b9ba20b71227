import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { CHECK_IDS } from "../../lib/checks";
import { ValidationError } from "../../lib/model/errors";
import { SecGroupsGuardConfig, createPolicies, policyPackConfig } from "../../lib/policy";
import { INSTANCE_TYPE, SECURITY_GROUP_RULE_TYPE, SECURITY_GROUP_TYPE } from "../../lib/model/resource-props";
import { FakeResource, UNKNOWN_STRING, engineProps, resourceArgs, stackArgs, urn, validateResource, validateStack } from "./fake-args";

const policy = <T extends ResourceValidationPolicy | StackValidationPolicy>(name: string, config?: SecGroupsGuardConfig) => createPolicies(config).find((p) => p.name === name) as T;
const rulePolicy = (name: string, config?: SecGroupsGuardConfig) => policy<ResourceValidationPolicy>(name, config);
const stackPolicy = (name: string, config?: SecGroupsGuardConfig) => policy<StackValidationPolicy>(name, config);
const ssh = { securityGroupId: "sg-1", type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0", policy: "accept", priority: 1 };

const groupRes = (name: string, props: Record<string, unknown> = { vpcId: "vpc-1" }): FakeResource => ({ type: SECURITY_GROUP_TYPE, name, props });
const ruleRes = (name: string, group: string, props: Record<string, unknown>): FakeResource => ({
  type: SECURITY_GROUP_RULE_TYPE,
  name,
  props: { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0", ...props },
  deps: { securityGroupId: [{ type: SECURITY_GROUP_TYPE, name: group }] },
});

describe("createPolicies", () => {
  test("makes one policy per check, named by its id, and unknown-at-preview, described 'Checks that…'", () => {
    const policies = createPolicies();
    expect(policies.map((p) => p.name).sort()).toEqual([...CHECK_IDS, "unknown-at-preview"].sort());
    for (const p of policies) expect(p.description).toMatch(/^Checks that /);
  });

  test("judges rules one by one and groups and instances over the stack", () => {
    const kinds = Object.fromEntries(createPolicies().map((p) => [p.name, "validateResource" in p ? "resource" : "stack"]));
    expect(kinds).toEqual({
      "invalid-rule": "stack",
      "public-admin-port": "resource",
      "public-database-port": "resource",
      "all-ports-open": "resource",
      "world-open-non-web": "resource",
      "broad-intranet-cidr": "resource",
      "classic-intranet-cidr": "stack",
      "rule-quota": "stack",
      "group-quota": "stack",
      "shadowed-rule": "stack",
      "duplicate-rule": "stack",
      "rules-per-interface": "stack",
      "dead-path": "stack",
      "group-peer-all": "stack",
      "public-address-internal": "stack",
      "inner-access-open": "stack",
      "unused-group": "stack",
      "unresolved-rule": "stack",
      "incomplete-input": "stack",
      "conflicting-rule-id": "stack",
      "broken-intent": "stack",
      "unproven-intent": "stack",
      "unknown-at-preview": "resource",
    });
  });

  test("makes high-severity checks mandatory and the others advisory by default", () => {
    expect(Object.fromEntries(createPolicies().map((p) => [p.name, [p.enforcementLevel, p.severity]]))).toMatchObject({
      "public-admin-port": ["mandatory", "high"],
      "world-open-non-web": ["advisory", "medium"],
      "shadowed-rule": ["advisory", "low"],
    });
  });

  test("sets every level with `all`, and lets a check override it", () => {
    const levels = Object.fromEntries(createPolicies({ all: "advisory", shadowedRule: "mandatory" }).map((p) => [p.name, p.enforcementLevel]));
    expect(new Set(Object.entries(levels).filter(([n]) => n !== "shadowed-rule").map(([, l]) => l))).toEqual(new Set(["advisory"]));
    expect(levels["shadowed-rule"]).toBe("mandatory");
  });

  test("leaves disabled checks out", () => {
    expect(createPolicies({ all: "disabled", groupQuota: { enforcementLevel: "mandatory" }, unknownAtPreview: "disabled" }).map((p) => p.name)).toEqual(["group-quota"]);
    expect(createPolicies({ all: "disabled" }).map((p) => [p.name, p.enforcementLevel])).toEqual([["unknown-at-preview", "advisory"]]);
    expect(createPolicies({ publicAdminPort: "disabled" }).map((p) => p.name)).not.toContain("public-admin-port");
  });

  test("carries each check's options in its config schema, with the configured values as defaults", () => {
    expect(rulePolicy("public-admin-port").configSchema?.properties.adminPorts).toMatchObject({ type: "array", default: [22, 3389] });
    expect(rulePolicy("public-admin-port", { publicAdminPort: { adminPorts: [2222] } }).configSchema?.properties.adminPorts.default).toEqual([2222]);
    expect(stackPolicy("group-quota").configSchema?.properties).toEqual({ maxGroupsPerInstance: expect.objectContaining({ type: "integer", default: 5 }), exemptions: expect.objectContaining({ type: "array", default: [] }) });
    expect(stackPolicy("shadowed-rule").configSchema?.properties).toEqual({ exemptions: expect.objectContaining({ type: "array" }) });
  });

  test.each<[string, unknown, RegExp]>([
    ["an unknown key", { publicAdminPorts: "mandatory" }, /config\.publicAdminPorts names no check/],
    ["a kebab-case key", { "public-admin-port": "mandatory" }, /Write it in camelCase: "publicAdminPort"/],
    ["an unknown level", { all: "warn" }, /config\.all is not an enforcement level/],
    ["another check's option", { publicAdminPort: { webPorts: [80] } }, /config\.publicAdminPort\.webPorts is not an option of public-admin-port/],
    ["a bad option value", { publicAdminPort: { adminPorts: [0] } }, /options\.adminPorts must be an array of port numbers/],
  ])("refuses %s", (_, config, message) => {
    expect(() => createPolicies(config as SecGroupsGuardConfig)).toThrow(ValidationError);
    expect(() => createPolicies(config as SecGroupsGuardConfig)).toThrow(message);
  });
});

describe("policyPackConfig", () => {
  test("writes the same configuration keyed by policy name", () => {
    const config = policyPackConfig({ all: "advisory", worldOpenNonWeb: { enforcementLevel: "mandatory", webPorts: [443] } });
    expect(config["world-open-non-web"]).toEqual({ enforcementLevel: "mandatory", webPorts: [443] });
    expect(config["public-admin-port"]).toEqual({ enforcementLevel: "advisory" });
    expect(Object.keys(config).sort()).toEqual([...CHECK_IDS, "unknown-at-preview"].sort());
    expect(config["unknown-at-preview"]).toEqual({ enforcementLevel: "advisory" });
  });
});

describe("every policy", () => {
  const rule = (props: Record<string, unknown>) => ({ ...ssh, ...props });
  test.each<[string, Record<string, unknown>]>([
    ["public-admin-port", rule({ portRange: "3389/3389" })],
    ["public-database-port", rule({ portRange: "3306/3306", ipv6CidrIp: "::/0", cidrIp: undefined })],
    ["all-ports-open", rule({ ipProtocol: "all", portRange: "-1/-1", cidrIp: "10.0.0.7" })],
    ["world-open-non-web", rule({ portRange: "8080/8080" })],
    ["broad-intranet-cidr", rule({ cidrIp: "10.0.0.0/8" })],
  ])("%s reports its finding on a rule resource", async (name, props) => {
    const { violations } = await validateResource(rulePolicy(name), resourceArgs(SECURITY_GROUP_RULE_TYPE, props));
    expect(violations).toHaveLength(1);
  });

  test.each<[string, FakeResource[], object]>([
    ["invalid-rule", [groupRes("web"), ruleRes("a", "web", { portRange: "200/1" })], {}],
    ["classic-intranet-cidr", [groupRes("old", {}), ruleRes("lan", "old", { nicType: "intranet", cidrIp: "10.1.2.3" })], {}],
    ["rule-quota", [groupRes("web"), ruleRes("a", "web", {}), ruleRes("b", "web", { portRange: "80/80" })], { maxRulesPerGroup: 1 }],
    ["group-quota", [{ type: INSTANCE_TYPE, name: "vm", props: { securityGroups: ["sg-1", "sg-2", "sg-3"] } }], { maxGroupsPerInstance: 2 }],
    ["shadowed-rule", [groupRes("web"), ruleRes("a", "web", { priority: 2 }), ruleRes("b", "web", { policy: "drop", priority: 1 })], {}],
  ])("%s reports its finding over a stack", async (name, resources, config) => {
    const { violations } = await validateStack(stackPolicy(name), stackArgs(resources, config));
    expect(violations).toHaveLength(1);
    expect(violations[0].urn).toMatch(/^urn:pulumi:dev::app::alicloud:ecs\//);
  });
});

describe("invalid-rule over the stack", () => {
  test("reports a rule the API refuses, on its resource", async () => {
    const { violations } = await validateStack(stackPolicy("invalid-rule"), stackArgs([groupRes("web"), ruleRes("a", "web", { portRange: "200/1" })]));
    expect(violations).toEqual([{ message: expect.stringContaining("portRange starts after it ends"), urn: urn(SECURITY_GROUP_RULE_TYPE, "a") }]);
  });

  test("reports what lies between groups: a rule naming an enterprise group", async () => {
    const resources = [groupRes("web"), groupRes("vault", { vpcId: "vpc-1", securityGroupType: "enterprise" }), ruleRes("a", "web", { cidrIp: undefined, sourceSecurityGroupId: "sg-pending-vault" })];
    const { violations } = await validateStack(stackPolicy("invalid-rule"), stackArgs(resources));
    expect(violations.map((v) => v.message)).toEqual([expect.stringContaining("names an enterprise group")]);
  });

  test("accepts an internet rule in a classic group of the stack, refuses it in a VPC group", async () => {
    const classic = await validateStack(stackPolicy("invalid-rule"), stackArgs([groupRes("old", {}), ruleRes("pub", "old", { nicType: "internet" })]));
    expect(classic.violations).toEqual([]);
    const vpc = await validateStack(stackPolicy("invalid-rule"), stackArgs([groupRes("web"), ruleRes("pub", "web", { nicType: "internet" })]));
    expect(vpc.violations.map((v) => v.message)).toEqual([expect.stringContaining('is "internet", but group')]);
  });
});

describe("rule policies", () => {
  test("report a rule that opens SSH to the world", async () => {
    const { violations } = await validateResource(rulePolicy("public-admin-port"), resourceArgs(SECURITY_GROUP_RULE_TYPE, ssh));
    expect(violations).toEqual([expect.stringMatching(/^ingress accept tcp:22 from 0\.0\.0\.0\/0 \(priority 1\) opens admin tcp:22\. It also fails world-open-non-web\. Authorise only/)]);
  });

  test("report a rule once, under its worst check: world-open SSH is public-admin-port, not also world-open-non-web", async () => {
    expect((await validateResource(rulePolicy("world-open-non-web"), resourceArgs(SECURITY_GROUP_RULE_TYPE, ssh))).violations).toEqual([]);
    // With public-admin-port disabled (or acknowledged), world-open-non-web reports it.
    const alone = createPolicies({ publicAdminPort: "disabled" }).find((p) => p.name === "world-open-non-web") as ResourceValidationPolicy;
    expect((await validateResource(alone, resourceArgs(SECURITY_GROUP_RULE_TYPE, ssh))).violations).toHaveLength(1);
    const acked = rulePolicy("world-open-non-web", { publicAdminPort: { exemptions: [{ check: "public-admin-port", rule: "r", reason: "honeypot" }] } });
    expect((await validateResource(acked, resourceArgs(SECURITY_GROUP_RULE_TYPE, ssh))).violations).toHaveLength(1);
  });

  test("report nothing for a rule from one address", async () => {
    expect(await validateResource(rulePolicy("public-admin-port"), resourceArgs(SECURITY_GROUP_RULE_TYPE, { ...ssh, cidrIp: "203.0.113.7/32" }))).toEqual({ violations: [] });
  });

  test("judge an internet rule as a classic group's (only a classic group holds one)", async () => {
    const { violations } = await validateResource(rulePolicy("public-admin-port"), resourceArgs(SECURITY_GROUP_RULE_TYPE, { ...ssh, nicType: "internet" }));
    expect(violations).toHaveLength(1);
  });

  test("are not applicable to other resources", async () => {
    const result = await validateResource(rulePolicy("public-admin-port"), resourceArgs(SECURITY_GROUP_TYPE, { vpcId: "vpc-1" }));
    expect(result).toEqual({ violations: [], notApplicable: `Applies to ${SECURITY_GROUP_RULE_TYPE} resources only.` });
  });

  test("honour the engine's policy config over the pack's", async () => {
    const args = resourceArgs(SECURITY_GROUP_RULE_TYPE, { ...ssh, portRange: "2222/2222" }, { adminPorts: [2222] });
    expect((await validateResource(rulePolicy("public-admin-port"), args)).violations).toHaveLength(1);
    expect((await validateResource(rulePolicy("public-admin-port"), resourceArgs(SECURITY_GROUP_RULE_TYPE, ssh, { adminPorts: [2222] }))).violations).toEqual([]);
  });

  test("honour the options the pack was created with", async () => {
    const p = rulePolicy("world-open-non-web", { worldOpenNonWeb: { webPorts: [8443] } });
    expect((await validateResource(p, resourceArgs(SECURITY_GROUP_RULE_TYPE, { ...ssh, portRange: "8443/8443" }))).violations).toEqual([]);
    expect((await validateResource(p, resourceArgs(SECURITY_GROUP_RULE_TYPE, { ...ssh, portRange: "443/443" }))).violations).toHaveLength(1);
  });

  test.each<[string, Record<string, unknown>]>([
    ["an undefined source", { ...ssh, cidrIp: undefined }],
    ["an undefined protocol", { ...ssh, ipProtocol: undefined }],
    ["an undefined tcp port range", { ...ssh, portRange: undefined }],
    ["an unknown source behind the engine's proxy", engineProps({ ...ssh, cidrIp: UNKNOWN_STRING })],
    ["an unknown priority behind the engine's proxy", engineProps({ ...ssh, priority: UNKNOWN_STRING })],
  ])("skip a rule with %s", async (_, props) => {
    for (const name of ["public-admin-port", "all-ports-open"]) {
      expect(await validateResource(rulePolicy(name), resourceArgs(SECURITY_GROUP_RULE_TYPE, props))).toEqual({ violations: [] });
    }
  });

  test("judge a rule whose group is not known yet", async () => {
    const { violations } = await validateResource(rulePolicy("public-admin-port"), resourceArgs(SECURITY_GROUP_RULE_TYPE, engineProps({ ...ssh, securityGroupId: UNKNOWN_STRING })));
    expect(violations).toHaveLength(1);
  });
});

describe("stack policies", () => {
  test("shadowed-rule reports the rule resource that never takes effect", async () => {
    const args = stackArgs([groupRes("web"), ruleRes("allow-ssh", "web", { priority: 1 }), ruleRes("deny-ssh", "web", { policy: "drop", priority: 1 })]);
    const { violations } = await validateStack(stackPolicy("shadowed-rule"), args);
    expect(violations).toEqual([{ message: expect.stringContaining("never takes effect"), urn: urn(SECURITY_GROUP_RULE_TYPE, "allow-ssh") }]);
  });

  test("rule-quota reports the group resource", async () => {
    const rules = Array.from({ length: 4 }, (_, i) => ruleRes(`r${i}`, "web", { portRange: `${i + 1}/${i + 1}` }));
    const { violations } = await validateStack(stackPolicy("rule-quota"), stackArgs([groupRes("web"), ...rules], { maxRulesPerGroup: 3 }));
    expect(violations).toEqual([{ message: expect.stringContaining("holds 4 rules, more than the quota of 3"), urn: urn(SECURITY_GROUP_TYPE, "web") }]);
  });

  test("group-quota reports the instance resource", async () => {
    const groups = Array.from({ length: 6 }, (_, i) => `sg-${i}`);
    const { violations } = await validateStack(stackPolicy("group-quota"), stackArgs([{ type: INSTANCE_TYPE, name: "vm", props: { id: "i-1", privateIp: "10.0.0.5", securityGroups: groups } }]));
    expect(violations).toEqual([{ message: expect.stringContaining('Instance "i-1" joins 6 security groups'), urn: urn(INSTANCE_TYPE, "vm") }]);
  });

  test("classic-intranet-cidr reports classic groups of the stack, not groups outside it", async () => {
    const intranet = { nicType: "intranet", cidrIp: "10.1.2.3" };
    const args = stackArgs([groupRes("old", {}), ruleRes("lan", "old", intranet), { ...ruleRes("elsewhere", "none", intranet), deps: undefined, props: { ...ruleRes("x", "y", intranet).props, securityGroupId: "sg-existing" } }]);
    const { violations } = await validateStack(stackPolicy("classic-intranet-cidr"), args);
    expect(violations.map((v) => v.urn)).toEqual([urn(SECURITY_GROUP_RULE_TYPE, "lan")]);
  });

  test("are not applicable to stacks without security resources", async () => {
    const result = await validateStack(stackPolicy("shadowed-rule"), stackArgs([{ type: "alicloud:vpc/network:Network", name: "vpc", props: {} }]));
    expect(result.notApplicable).toMatch(/no Alibaba Cloud security groups/);
  });

  test("skip what is unknown during preview without failing", async () => {
    const args = stackArgs([
      { ...groupRes("web"), props: engineProps({ vpcId: UNKNOWN_STRING, id: UNKNOWN_STRING }) },
      { ...ruleRes("a", "web", {}), props: engineProps({ ...ruleRes("a", "web", {}).props, securityGroupId: UNKNOWN_STRING, cidrIp: UNKNOWN_STRING }) },
      { ...ruleRes("b", "web", {}), props: engineProps({ ...ruleRes("b", "web", {}).props, securityGroupId: UNKNOWN_STRING }) },
      { type: INSTANCE_TYPE, name: "vm", props: engineProps({ securityGroups: UNKNOWN_STRING, privateIp: UNKNOWN_STRING }) },
    ]);
    for (const name of ["shadowed-rule", "rule-quota", "group-quota", "classic-intranet-cidr"]) {
      expect(await validateStack(stackPolicy(name), args)).toEqual({ violations: [] });
    }
  });
});

describe("exemptions in the pack's configuration", () => {
  const wg = { ...ssh, ipProtocol: "udp", portRange: "51820/51820" };
  const entry = { check: "world-open-non-web", rule: "r", reason: "WireGuard endpoint" };

  test("an exemption in createPolicies' config acknowledges the finding: no violation", async () => {
    const acked = rulePolicy("world-open-non-web", { worldOpenNonWeb: { exemptions: [entry] } });
    expect((await validateResource(acked, resourceArgs(SECURITY_GROUP_RULE_TYPE, wg))).violations).toEqual([]);
    expect((await validateResource(rulePolicy("world-open-non-web"), resourceArgs(SECURITY_GROUP_RULE_TYPE, wg))).violations).toHaveLength(1);
  });

  test("the engine's policy config sets them too, by rule key; other rules still fail", async () => {
    const config = { exemptions: [{ check: "world-open-non-web", rule: "sg-1/in-accept-p1-udp:51820-from-0.0.0.0/0", reason: "vpn" }] };
    expect((await validateResource(rulePolicy("world-open-non-web"), resourceArgs(SECURITY_GROUP_RULE_TYPE, wg, config))).violations).toEqual([]);
    expect((await validateResource(rulePolicy("world-open-non-web"), resourceArgs(SECURITY_GROUP_RULE_TYPE, { ...wg, portRange: "51821/51821" }, config))).violations).toHaveLength(1);
  });

  test("a stack policy names rules by resource name", async () => {
    const resources = [groupRes("g"), ...Array.from({ length: 3 }, (_, i) => ruleRes(`dup-${i}`, "g", { portRange: `${8080 + i}/${8080 + i}`, priority: 5 })), ruleRes("drop-all", "g", { policy: "drop", portRange: "1/65535", priority: 1 })];
    const shadow = stackPolicy("shadowed-rule", { shadowedRule: { exemptions: [{ check: "shadowed-rule", rule: "dup-0", reason: "kept until the migration" }] } });
    const { violations } = await validateStack(shadow, stackArgs(resources));
    expect(violations.length).toBe(2);
  });

  test("refuses an entry of another check, and a missing reason, naming the policy and entry", () => {
    expect(() => createPolicies({ worldOpenNonWeb: { exemptions: [{ ...entry, check: "public-admin-port" }] } })).toThrow(/config\.worldOpenNonWeb\.exemptions\[0\]\.check .*Put it under the public-admin-port policy's exemptions/);
    expect(() => createPolicies({ worldOpenNonWeb: { exemptions: [{ ...entry, reason: "" }] } })).toThrow(/config\.worldOpenNonWeb\.exemptions\[0\]\.reason/);
  });

  test("policyPackConfig writes them keyed by policy", () => {
    expect(policyPackConfig({ worldOpenNonWeb: { exemptions: [entry] } })["world-open-non-web"]).toEqual({ enforcementLevel: "advisory", exemptions: [entry] });
  });
});
