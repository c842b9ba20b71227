/**
 * The checks' options: every default filled in, each value kept as given, and every refusal
 * whole (the field, the value, what is wrong and the fix).
 */
import { resolveCheckOptions } from "../../lib/checks/check-options";
import { ValidationError } from "../../lib/model/errors";

/** The error `resolveCheckOptions` throws for `options`. */
function refusal(options: unknown): ValidationError {
  try {
    resolveCheckOptions(options as never);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error(`accepted ${JSON.stringify(options)}`);
}

describe("resolveCheckOptions", () => {
  test("fills every default in, with or without an options object", () => {
    const expected = {
      adminPorts: [22, 3389],
      databasePorts: [3306, 5432, 1433, 1521, 6379, 27017],
      webPorts: [80, 443],
      minPrivatePrefixLength: 16,
      maxRulesPerGroup: 200,
      maxGroupsPerInstance: 5,
      maxRulesPerInterface: 1000,
      checks: undefined,
      severities: {},
      consolidate: true,
      intents: [],
      intentContext: {},
    };
    expect(resolveCheckOptions()).toStrictEqual(expected);
    expect(resolveCheckOptions({})).toStrictEqual(expected);
  });

  test("keeps what is given, at the ends of each range", () => {
    const onIntentResults = () => undefined;
    const intentContext = { components: {} };
    const resolved = resolveCheckOptions({
      adminPorts: [1, 65535],
      databasePorts: [],
      webPorts: [8080],
      minPrivatePrefixLength: 0,
      maxRulesPerGroup: 1_000_000,
      maxGroupsPerInstance: 1_000,
      maxRulesPerInterface: 0,
      checks: ["rule-quota", "group-quota"],
      severities: { "rule-quota": "low", "group-quota": undefined },
      consolidate: false,
      intentContext,
      onIntentResults,
    });
    expect(resolved).toMatchObject({ adminPorts: [1, 65535], databasePorts: [], webPorts: [8080], minPrivatePrefixLength: 0, maxRulesPerGroup: 1_000_000, maxGroupsPerInstance: 1_000, maxRulesPerInterface: 0, consolidate: false, severities: { "rule-quota": "low", "group-quota": undefined } });
    expect(resolved.checks).toEqual(new Set(["rule-quota", "group-quota"]));
    expect(resolved.intentContext).toBe(intentContext);
    expect(resolved.onIntentResults).toBe(onIntentResults);
    expect(resolveCheckOptions({ minPrivatePrefixLength: 32, maxGroupsPerInstance: 0, maxRulesPerGroup: 0, maxRulesPerInterface: 1_000_000 })).toMatchObject({ minPrivatePrefixLength: 32, maxGroupsPerInstance: 0, maxRulesPerGroup: 0, maxRulesPerInterface: 1_000_000 });
    expect(resolveCheckOptions({ consolidate: true }).consolidate).toBe(true);
  });

  test("validates the intents given, under options.intents", () => {
    expect(resolveCheckOptions({ intents: [{ id: "a", from: "internet", to: { group: "sg-1" }, ports: [22], expect: "deny" }] }).intents.map((i) => i.id)).toEqual(["a"]);
    expect(refusal({ intents: [{ id: "a" }] }).field).toMatch(/^options\.intents/);
  });

  test.each<[string, unknown, string, unknown, string]>([
    ["options that are not an object", "strict", "options", "strict", 'alicloud-secgroups: options must be an object (got "strict"). Pass {} or omit the options.'],
    ["options that are null", null, "options", null, "alicloud-secgroups: options must be an object (got null). Pass {} or omit the options."],
    ["options that are a list", [], "options", [], "alicloud-secgroups: options must be an object (got []). Pass {} or omit the options."],
    ["checks that are not a list", { checks: "rule-quota" }, "options.checks", "rule-quota", 'alicloud-secgroups: options.checks must be an array of check ids (got "rule-quota"). Pass e.g. ["public-admin-port"].'],
    ["an unknown check", { checks: ["rule-quota", "no-such"] }, "options.checks", "no-such", 'alicloud-secgroups: options.checks is not a check (got "no-such"). Use check ids such as "invalid-rule", "public-admin-port", "public-database-port".'],
    ["severities that are a list", { severities: [] }, "options.severities", [], 'alicloud-secgroups: options.severities must be an object of severities by check id (got []). Pass e.g. { "shadowed-rule": "medium" }.'],
    ["severities that are null", { severities: null }, "options.severities", null, 'alicloud-secgroups: options.severities must be an object of severities by check id (got null). Pass e.g. { "shadowed-rule": "medium" }.'],
    ["severities that are text", { severities: "high" }, "options.severities", "high", 'alicloud-secgroups: options.severities must be an object of severities by check id (got "high"). Pass e.g. { "shadowed-rule": "medium" }.'],
    ["a severity for no check", { severities: { nope: "low" } }, "options.severities", "nope", 'alicloud-secgroups: options.severities names no check (got "nope"). Key severities by check id, e.g. { "shadowed-rule": "medium" }.'],
    ["an unknown severity", { severities: { "rule-quota": "critical" } }, "options.severities.rule-quota", "critical", 'alicloud-secgroups: options.severities.rule-quota is not a severity (got "critical"). Use "high", "medium" or "low".'],
    ["consolidate that is not a boolean", { consolidate: "no" }, "options.consolidate", "no", 'alicloud-secgroups: options.consolidate must be true or false (got "no"). Omit it for one finding per rule.'],
    ["onIntentResults that is not a function", { onIntentResults: {} }, "options.onIntentResults", {}, "alicloud-secgroups: options.onIntentResults must be a function (got {}). Pass (results) => { … }, or leave it out."],
    ["an intent context that is a list", { intentContext: [] }, "options.intentContext", [], "alicloud-secgroups: options.intentContext must be an object (got []). Pass { components, unknown }, or leave it out."],
    ["an intent context that is null", { intentContext: null }, "options.intentContext", null, "alicloud-secgroups: options.intentContext must be an object (got null). Pass { components, unknown }, or leave it out."],
    ["an intent context that is text", { intentContext: "x" }, "options.intentContext", "x", 'alicloud-secgroups: options.intentContext must be an object (got "x"). Pass { components, unknown }, or leave it out.'],
    ["admin ports that are not a list", { adminPorts: 22 }, "options.adminPorts", 22, "alicloud-secgroups: options.adminPorts must be an array of port numbers (got 22). Use whole numbers from 1 to 65535, e.g. [22, 3389]."],
    ["a database port of 0", { databasePorts: [3306, 0] }, "options.databasePorts", [3306, 0], "alicloud-secgroups: options.databasePorts must be an array of port numbers (got [3306,0]). Use whole numbers from 1 to 65535, e.g. [22, 3389]."],
    ["a web port of 65536", { webPorts: [65536] }, "options.webPorts", [65536], "alicloud-secgroups: options.webPorts must be an array of port numbers (got [65536]). Use whole numbers from 1 to 65535, e.g. [22, 3389]."],
    ["a port that is not whole", { adminPorts: [22.5] }, "options.adminPorts", [22.5], "alicloud-secgroups: options.adminPorts must be an array of port numbers (got [22.5]). Use whole numbers from 1 to 65535, e.g. [22, 3389]."],
    ["a prefix length of 33", { minPrivatePrefixLength: 33 }, "options.minPrivatePrefixLength", 33, "alicloud-secgroups: options.minPrivatePrefixLength must be a whole number from 0 to 32 (got 33). Use e.g. 16 (the default)."],
    ["a prefix length of -1", { minPrivatePrefixLength: -1 }, "options.minPrivatePrefixLength", -1, "alicloud-secgroups: options.minPrivatePrefixLength must be a whole number from 0 to 32 (got -1). Use e.g. 16 (the default)."],
    ["a prefix length given as text", { minPrivatePrefixLength: "16" }, "options.minPrivatePrefixLength", "16", 'alicloud-secgroups: options.minPrivatePrefixLength must be a whole number from 0 to 32 (got "16"). Use e.g. 16 (the default).'],
    ["a rule quota that is not whole", { maxRulesPerGroup: 1.5 }, "options.maxRulesPerGroup", 1.5, "alicloud-secgroups: options.maxRulesPerGroup must be a whole number from 0 to 1000000 (got 1.5). Use e.g. 200 (the default)."],
    ["a group quota over 1,000", { maxGroupsPerInstance: 1001 }, "options.maxGroupsPerInstance", 1001, "alicloud-secgroups: options.maxGroupsPerInstance must be a whole number from 0 to 1000 (got 1001). Use e.g. 5 (the default)."],
    ["an interface quota over 1,000,000", { maxRulesPerInterface: 1_000_001 }, "options.maxRulesPerInterface", 1_000_001, "alicloud-secgroups: options.maxRulesPerInterface must be a whole number from 0 to 1000000 (got 1000001). Use e.g. 1000 (the default)."],
  ])("refuses %s, naming the field, the value and the fix", (_, options, field, value, message) => {
    const e = refusal(options);
    expect([e.code, e.field, e.value, e.message]).toEqual(["invalid-argument", field, value, message]);
  });
});
