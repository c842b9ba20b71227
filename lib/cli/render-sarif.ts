/**
 * A report as SARIF 2.1.0, for code scanning (GitHub, and the tools that read what checkov,
 * KICS, Trivy and Conftest write): one rule per check (its id, the same as in the matchers, the
 * policy pack and the Cloud Config mapping), one result per finding with its level, its place (a
 * file relative to `%SRCROOT%`, never absolute) and its logical names, a fingerprint that stays
 * the same across runs (the check and the rule's identity, never a line), and acknowledged
 * findings as suppressions with their reason. Every message goes through {@link sarifText}; the
 * JSON through {@link jsonVisible}. Deterministic: no times, no absolute paths.
 */
import * as crypto from "crypto";
import type * as sarif from "sarif";
import { jsonVisible, sarifText } from "../model/escape";
import { packageVersion } from "./args";
import { CiCheck, CiLocation, CiReport, CiResult, CiSeverity } from "./ci-report";

/** The SARIF schema the log names. */
export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** The key of the fingerprint in `partialFingerprints` (its version changes if what is hashed ever does). */
export const FINGERPRINT_KEY = "alicloudSecgroupsFinding/v1";

const LEVEL: Record<CiSeverity, sarif.ReportingConfiguration.level> = { high: "error", medium: "warning", low: "note" };

/** GitHub's `security-severity` (a CVSS-like score) of each severity: high, medium, low. */
const SECURITY_SEVERITY: Record<CiSeverity, string> = { high: "8.0", medium: "5.0", low: "2.0" };

/** The stable fingerprint of a result: a hash of its check id and its rule's identity. */
export function fingerprint(result: Pick<CiResult, "check" | "identity">): string {
  return crypto.createHash("sha256").update(`${result.check}\u0000${result.identity}`, "utf8").digest("hex");
}

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

function rule(check: CiCheck): sarif.ReportingDescriptor {
  const config = check.configRules.length > 0 ? ` Alibaba Cloud Config managed rules for the same problem: ${check.configRules.join(", ")}.` : "";
  const help = `${check.description} Each result says what to change and how; an accepted finding goes in the exemptions file with its check, rule and reason.${config}`;
  return {
    id: check.id,
    name: pascal(check.id),
    shortDescription: { text: sarifText(check.description) },
    fullDescription: { text: sarifText(check.description) },
    help: { text: sarifText(help) },
    defaultConfiguration: { level: LEVEL[check.severity] },
    properties: { tags: ["security", "alibaba-cloud", "security-group"], "security-severity": SECURITY_SEVERITY[check.severity], ...(check.configRules.length > 0 ? { configRules: [...check.configRules] } : {}) },
  };
}

/** The message with its fix, unless the message already ends with it. */
export function messageWithFix(result: Pick<CiResult, "message" | "fix">): string {
  if (result.fix === undefined || result.fix === "" || result.message.endsWith(result.fix)) return result.message;
  return `${result.message} Fix: ${result.fix}`;
}

function physical(location: CiLocation): sarif.PhysicalLocation {
  const region: sarif.Region = { startLine: location.line ?? 1 };
  if (location.column !== undefined) region.startColumn = location.column;
  return { artifactLocation: { uri: location.uri.split("/").map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" }, region };
}

function result(r: CiResult, ruleIndex: number): sarif.Result {
  const out: sarif.Result = {
    ruleId: r.check,
    ruleIndex,
    level: LEVEL[r.severity],
    message: { text: sarifText(messageWithFix(r)) },
    locations: [{ physicalLocation: physical(r.location), logicalLocations: r.logical.map((l) => ({ name: l.name, ...(l.fullyQualifiedName !== undefined ? { fullyQualifiedName: l.fullyQualifiedName } : {}), kind: l.kind })) }],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(r) },
    properties: { severity: r.severity, subject: r.subject, ...(r.fix !== undefined ? { fix: r.fix } : {}), ...(r.alsoFails ? { alsoFails: [...r.alsoFails] } : {}) },
  };
  if (r.acknowledged) out.suppressions = [{ kind: "external", status: "accepted", justification: sarifText(`${r.acknowledged.reason} (${r.acknowledged.exemption})`) }];
  return out;
}

/** The SARIF log of a report, as an object. */
function sarifLog(report: CiReport): sarif.Log {
  const rules = report.checks.map(rule);
  const results = report.results.map((r) => {
    let index = report.checks.findIndex((c) => c.id === r.check);
    if (index < 0) {
      // A check the caller's analysis reported and the registry does not know: listed as it is met.
      rules.push(rule({ id: r.check, description: `Checks reported as ${r.check}.`, severity: r.severity, scope: "group", configRules: [] }));
      report.checks.push({ id: r.check, description: `Checks reported as ${r.check}.`, severity: r.severity, scope: "group", configRules: [] });
      index = report.checks.length - 1;
    }
    return result(r, index);
  });
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "alicloud-secgroups", semanticVersion: packageVersion(), rules } },
        automationDetails: { id: `alicloud-secgroups/${report.command}/` },
        originalUriBaseIds: { "%SRCROOT%": { description: { text: sarifText(report.root) } } },
        columnKind: "utf16CodeUnits",
        results,
        // The Intents section: "N proven, M broken, K unproven" (the broken ones are the broken-intent results).
        ...(report.intents !== undefined ? { properties: { intents: sarifText(report.intents.summary) } } : {}),
      },
    ],
  };
}

/** Renders the report as SARIF 2.1.0 JSON, two-space indented, ending with a newline. */
export function renderSarif(report: CiReport): string {
  return `${jsonVisible(JSON.stringify(sarifLog({ ...report, checks: [...report.checks] }), null, 2))}\n`;
}
