import { applyExemptions } from "../../lib/checks/exemptions";
import { checkNetwork } from "../../lib/checks/check-network";
import { FAIL_ON_LEVELS, Finding, SEVERITIES, reachesFailOn } from "../../lib/checks/finding";
import { findingsAtLevel } from "../../lib/cli/run-cli";
import { Exemption, matchingExemption } from "../../lib/model/exemptions";
import { NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { AccessDiff, accessDiff, diffFails } from "../../lib/review/access-diff";
import { AuditReport, audit, auditFails } from "../../lib/review/audit";
import { SourceNetwork, finishNetwork } from "../../lib/sources/source-network";

/** A plain model as a source without files. */
function source(model: NetworkModel): SourceNetwork {
  return finishNetwork(
    model.groups.map(({ rules, ...group }) => ({ group, origin: { file: "m", path: "$" }, rules: rules.map((rule, i) => ({ rule: rule as never, origin: { file: "m", path: `$.rules[${i}]` } })) })),
    (model.instances ?? []).map((instance) => ({ instance, origin: { file: "m", path: "$" } })),
    { format: "plan-json", files: ["m"], prefixLists: model.prefixLists ?? [], complete: model.complete },
  );
}

const ssh: RuleArgs = { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" };
const SSH_KEY = "sg-web/in-accept-p1-tcp:22-from-0.0.0.0/0";
const web = (rules: RuleArgs[]): NetworkModel => ({ groups: [{ id: "sg-web", vpcId: "vpc-1", rules }], instances: [{ id: "i-web", privateIp: "10.0.1.10", groups: ["sg-web"] }] });
/** A rule naming a group of another VPC: an `invalid-rule` finding (the API refuses it) on sg-a's rule. */
const crossVpc: NetworkModel = {
  groups: [
    { id: "sg-a", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "443/443", sourceSecurityGroupId: "sg-b" }] },
    { id: "sg-b", vpcId: "vpc-2", rules: [] },
  ],
};
const CROSS_KEY = "sg-a/in-accept-p1-tcp:443-from-sg-b";

describe("one rule decides which entry acknowledges a finding or accepts a region", () => {
  test("an entry for every check (`*`) acknowledges a finding in the checks and in the audit alike", () => {
    const every: Exemption[] = [{ check: "*", rule: SSH_KEY, reason: "honeypot" }];
    const checked = applyExemptions(checkNetwork(web([ssh]), { consolidate: false }), every, web([ssh])).findings;
    const audited = audit([source(web([ssh]))], { exemptions: every, checks: { consolidate: false } }).findings;
    for (const findings of [checked, audited]) {
      expect(findings.filter((f) => f.groupId === "sg-web").map((f) => [f.check, f.acknowledged?.reason])).toEqual([
        ["public-admin-port", "honeypot"],
        ["world-open-non-web", "honeypot"],
      ]);
    }
  });

  test("a finding the API refuses (invalid-rule) is acknowledged by no entry, not even `*`", () => {
    const entries: Exemption[] = [
      { check: "*", rule: CROSS_KEY, reason: "r" },
      { check: "invalid-rule", rule: CROSS_KEY, reason: "r" },
    ];
    const checked = applyExemptions(checkNetwork(crossVpc, { consolidate: false }), entries, crossVpc).findings.filter((f) => f.check === "invalid-rule");
    expect(checked.length).toBeGreaterThan(0);
    for (const f of checked) expect(f.acknowledged).toBeUndefined();
  });

  test("a diff entry accepts an opened region on its rule: any (`broadening`, `*`) or the one reaching the id it names", () => {
    const opened = (entries: Exemption[]) => accessDiff(web([]), web([ssh]), { exemptions: entries }).regions.filter((r) => r.change === "opened");
    expect(opened([{ diff: "broadening", rule: SSH_KEY, reason: "r" }]).every((r) => r.accepted)).toBe(true);
    expect(opened([{ diff: "*", rule: SSH_KEY, reason: "r" }]).every((r) => r.accepted)).toBe(true);
    const limited = opened([{ diff: "i-web", rule: SSH_KEY, reason: "r" }]);
    expect(limited.filter((r) => r.accepted).map((r) => (r.to as { id: string }).id)).toEqual(["i-web"]);
    expect(limited.some((r) => !r.accepted)).toBe(true);
  });

  test("the one function: the first entry of the right kind that names the rule", () => {
    const entries: Exemption[] = [
      { diff: "broadening", rule: "r1", reason: "diff" },
      { check: "public-admin-port", rule: "r2", reason: "other rule" },
      { check: "public-admin-port", rule: "r1", reason: "first" },
      { check: "*", rule: "r1", reason: "second" },
    ];
    expect(matchingExemption(entries, { check: "public-admin-port" }, ["r1"])?.reason).toBe("first");
    expect(matchingExemption(entries, { check: "dead-path" }, (rule) => rule === "r1")?.reason).toBe("second");
    expect(matchingExemption(entries, { diff: "i-web" }, ["r1"])?.reason).toBe("diff");
    expect(matchingExemption(entries, { check: "invalid-rule" }, ["r1"])).toBeUndefined();
    expect(matchingExemption(entries, { check: "public-admin-port" }, ["r3"])).toBeUndefined();
  });
});

describe("every report fails at a --fail-on level by one severity order", () => {
  const finding = (severity: Finding["severity"]) => ({ check: "c", severity, message: "m" });
  const auditReport = (severity: Finding["severity"]) => ({ findings: [{ ...finding(severity), groupId: "sg" }] }) as unknown as AuditReport;
  const diffReport = (severity: Finding["severity"]) => ({ regions: [{ change: "opened", severity }] }) as unknown as AccessDiff;

  test.each(SEVERITIES.flatMap((s) => FAIL_ON_LEVELS.map((l) => [s, l] as const)))("a %s finding or region at --fail-on %s", (severity, level) => {
    const expected = level === "none" ? false : level === "broadening" ? true : SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(level);
    expect(reachesFailOn(severity, level)).toBe(expected);
    expect(findingsAtLevel([finding(severity)], level).length > 0).toBe(expected);
    expect(diffFails(diffReport(severity), level)).toBe(expected);
    if (level !== "broadening") expect(auditFails(auditReport(severity), level)).toBe(expected);
  });

  test("acknowledged findings and accepted regions never fail", () => {
    expect(findingsAtLevel([{ ...finding("high"), acknowledged: { reason: "r", exemption: "e" } }], "low")).toEqual([]);
    expect(diffFails({ regions: [{ change: "opened", severity: "high", accepted: { rule: "r", reason: "r" } }] } as unknown as AccessDiff, "broadening")).toBe(false);
  });
});
