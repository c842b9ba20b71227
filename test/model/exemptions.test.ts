import { exemptionNamesRule, parseExemptions, validateExemptions } from "../../lib/model/exemptions";
import { refusal } from "../sources/helpers";


describe("parseExemptions", () => {
  test("reads YAML finding and diff entries, remembering where each was written", () => {
    const yaml = `
- check: world-open-non-web
  rule: vpn-wireguard
  reason: the VPN endpoint is the program's purpose
- { diff: world-open, rule: sgr-bp1abc, reason: "public web, ticket WEB-7" }
`;
    expect(parseExemptions(yaml, "exemptions.yaml")).toEqual([
      { check: "world-open-non-web", rule: "vpn-wireguard", reason: "the VPN endpoint is the program's purpose", where: "exemptions.yaml[0]" },
      { diff: "world-open", rule: "sgr-bp1abc", reason: "public web, ticket WEB-7", where: "exemptions.yaml[1]" },
    ]);
  });

  test("reads JSON, and a list under an exemptions key", () => {
    const json = JSON.stringify({ exemptions: [{ check: "public-admin-port", rule: "sg-web/in-accept-p1-tcp:22-from-0.0.0.0/0", reason: "honeypot" }] });
    expect(parseExemptions(json, "ex.json")).toHaveLength(1);
  });

  test("an empty file is no exemptions", () => {
    expect(parseExemptions("", "ex.yaml")).toEqual([]);
  });

  test.each([
    ["a missing reason", "- { check: public-admin-port, rule: web-ssh }", "ex.yaml[0].reason"],
    ["a blank reason", "- { check: public-admin-port, rule: web-ssh, reason: '  ' }", "ex.yaml[0].reason"],
    ["a missing rule", "- { check: public-admin-port, reason: why }", "ex.yaml[0].rule"],
    ["neither check nor diff", "- { rule: web-ssh, reason: why }", "ex.yaml[0]"],
    ["both check and diff", "- { check: a, diff: b, rule: web-ssh, reason: why }", "ex.yaml[0]"],
    ["an unknown field", "- { check: public-admin-port, rule: web-ssh, reason: why, until: 2027 }", "ex.yaml[0].until"],
    ["an entry that is not an object", "- web-ssh", "ex.yaml[0]"],
    ["a document that is not a list", "check: public-admin-port", "ex.yaml"],
    ["text that is not YAML", "- [unclosed", "ex.yaml"],
    ["an acknowledged invalid rule", "- { check: invalid-rule, rule: web-ssh, reason: why }", "ex.yaml[0].check"],
  ])("refuses %s, naming the file and the entry", (_, text, field) => {
    const e = refusal(() => parseExemptions(text, "ex.yaml"));
    expect(e.code).toBe("invalid-exemption");
    expect(e.field).toBe(field);
    expect(e.message).toMatch(/^alicloud-secgroups: ex\.yaml/);
  });

  test("refuses a check that does not exist, suggesting the nearest", () => {
    const e = refusal(() => parseExemptions("- { check: public-admin-prot, rule: x, reason: y }", "ex.yaml", { knownChecks: ["invalid-rule", "public-admin-port", "shadowed-rule"] }));
    expect(e.field).toBe("ex.yaml[0].check");
    expect(e.message).toContain('Did you mean "public-admin-port"?');
  });
});

describe("validateExemptions", () => {
  test("takes data, and nothing is no exemptions", () => {
    expect(validateExemptions(undefined, "matcher options")).toEqual([]);
    expect(validateExemptions([{ check: "shadowed-rule", rule: "r", reason: "kept for the audit" }], "matcher options")[0].where).toBe("matcher options[0]");
  });
});

describe("exemptionNamesRule", () => {
  const ref = { groupId: "sg-web", key: "in-accept-p1-tcp:22-from-0.0.0.0/0", name: "web-ssh", id: "sgr-bp1abc" };
  test.each(["web-ssh", "sgr-bp1abc", "sg-web/in-accept-p1-tcp:22-from-0.0.0.0/0"])("matches %s", (rule) => {
    expect(exemptionNamesRule(rule, ref)).toBe(true);
  });
  test.each(["web", "sg-web", "sg-app/in-accept-p1-tcp:22-from-0.0.0.0/0", "in-accept-p1-tcp:22-from-0.0.0.0/0"])("does not match %s", (rule) => {
    expect(exemptionNamesRule(rule, ref)).toBe(false);
  });
});
