/**
 * A report as JUnit XML, for test dashboards (GitLab, Jenkins, Azure DevOps): one test suite
 * per check, one test case per check and resource (rule checks look at every rule, group and
 * network checks at every group, input checks at every file read), a `<failure>` per finding,
 * and an acknowledged finding as `<skipped>` with its reason. Every value goes through
 * {@link xmlText}, the one XML escaping function. Deterministic: the report's order.
 */
import { xmlText } from "../model/escape";
import { CiCheck, CiLocation, CiReport, CiResult, CiSubject } from "./ci-report";
import { messageWithFix } from "./render-sarif";

interface Case {
  name: string;
  location: CiLocation;
  results: CiResult[];
}

function subjectsFor(check: CiCheck, subjects: readonly CiSubject[]): CiSubject[] {
  if (check.scope === "rule") return subjects.filter((s) => s.scope === "rule");
  if (check.scope === "input") return subjects.filter((s) => s.scope === "input");
  if (check.scope === "change") return [];
  if (check.scope === "intent") return subjects.filter((s) => s.scope === "intent");
  return subjects.filter((s) => s.scope === "group");
}

function casesOf(check: CiCheck, report: CiReport): Case[] {
  const cases: Case[] = subjectsFor(check, report.subjects).map((s) => ({ name: s.name, location: s.location, results: [] }));
  for (const r of report.results.filter((x) => x.check === check.id)) {
    const existing = cases.find((c) => c.name === r.subject);
    if (existing) existing.results.push(r);
    else cases.push({ name: r.subject, location: r.location, results: [r] });
  }
  // A check that looked at nothing (a diff that opens nothing, a plan without groups) still passes once.
  if (cases.length === 0) cases.push({ name: check.scope === "change" ? "no region opened" : check.scope === "intent" ? "no intent" : "nothing to check", location: { uri: "." }, results: [] });
  return cases;
}

function attr(name: string, value: string | number): string {
  return ` ${name}="${xmlText(String(value))}"`;
}

function firstLine(text: string, max = 200): string {
  const line = text.split("\n")[0];
  return line.length > max ? `${line.slice(0, max)}...` : line;
}

function caseXml(check: CiCheck, c: Case, command: string): string[] {
  const open = `    <testcase${attr("name", c.name)}${attr("classname", `alicloud-secgroups.${command}.${check.id}`)}${attr("file", c.location.uri)}${c.location.line !== undefined ? attr("line", c.location.line) : ""}`;
  if (c.results.length === 0) return [`${open}/>`];
  const lines = [`${open}>`];
  for (const r of c.results) {
    const where = `${r.location.uri}:${r.location.line ?? 1}${r.logical.length > 0 ? ` (${r.logical.map((l) => l.fullyQualifiedName ?? l.name).join(", ")})` : ""}`;
    if (r.acknowledged) {
      lines.push(`      <skipped${attr("message", `acknowledged (${r.acknowledged.exemption}): ${r.acknowledged.reason}`)}/>`);
    } else {
      const body = `[${r.severity}] ${check.id}: ${messageWithFix(r)}\nAt: ${where}${r.alsoFails && r.alsoFails.length > 0 ? `\nAlso fails: ${r.alsoFails.join(", ")}` : ""}`;
      lines.push(`      <failure${attr("type", r.severity)}${attr("message", firstLine(r.message))}>${xmlText(body)}</failure>`);
    }
  }
  lines.push("    </testcase>");
  return lines;
}

/** Renders the report as JUnit XML, ending with a newline. */
export function renderJunit(report: CiReport): string {
  const checks = [...report.checks];
  for (const r of report.results) if (!checks.some((c) => c.id === r.check)) checks.push({ id: r.check, description: "", severity: r.severity, scope: "group", configRules: [] });
  const suites = checks.map((check) => ({ check, cases: casesOf(check, report) }));
  const failed = (cases: Case[]) => cases.filter((c) => c.results.some((r) => !r.acknowledged)).length;
  const skipped = (cases: Case[]) => cases.filter((c) => c.results.length > 0 && c.results.every((r) => r.acknowledged)).length;
  const all = suites.flatMap((s) => s.cases);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${attr("name", `alicloud-secgroups ${report.command}`)}${attr("tests", all.length)}${attr("failures", failed(all))}${attr("errors", 0)}${attr("skipped", skipped(all))}>`];
  for (const s of suites) {
    lines.push(`  <testsuite${attr("name", s.check.id)}${attr("tests", s.cases.length)}${attr("failures", failed(s.cases))}${attr("errors", 0)}${attr("skipped", skipped(s.cases))}>`);
    // The Intents section's summary rides with the intents' verdicts.
    const props = [s.check.description !== "" ? `<property${attr("name", "description")}${attr("value", s.check.description)}/>` : "", s.check.scope === "intent" && report.intents !== undefined ? `<property${attr("name", "intents")}${attr("value", report.intents.summary)}/>` : ""].join("");
    if (props !== "") lines.push(`    <properties>${props}</properties>`);
    for (const c of s.cases) lines.push(...caseXml(s.check, c, report.command));
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}
