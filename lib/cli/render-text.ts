/**
 * The plan report as text for people: one block per group with its settings and a rule table,
 * then the totals, then any findings and access sections. Plain ASCII, no colours, no
 * trailing spaces, the same bytes for the same report. Every line goes through
 * {@link terminalText}: a name, id or description shows its line breaks and control characters
 * as escapes (`\n`, `\x1b`), so it stays on its line and never drives the terminal.
 */
import { terminalText } from "../model/escape";
import { intentsLines } from "./intents-section";
import { AccessReport, AssumedReport, FindingReport, GroupReport, InstanceReport, PlanReport, StaleExemptionReport } from "./report";

/** Lays rows out in columns two spaces apart, without trailing spaces; cells escaped first ({@link terminalText}), so the columns line up as shown. */
export function table(rows: readonly (readonly string[])[], indent = ""): string[] {
  const shown = rows.map((row) => row.map(terminalText));
  const widths: number[] = [];
  for (const row of shown) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return shown.map((row) => (indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ")).trimEnd());
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function settings(g: GroupReport): string {
  const parts: string[] = [];
  if (g.type === "enterprise") parts.push("type enterprise (members isolated)");
  if (g.type === "normal") parts.push("type basic");
  parts.push(g.network === "classic" ? "classic network" : g.vpcId !== undefined && g.vpcId !== "" ? `vpc ${g.vpcId}` : "vpc");
  if (g.innerAccess) parts.push(`inner access ${g.innerAccess.policy}${g.innerAccess.default ? " (default)" : ""}`);
  if (g.assumed) parts.push("built from assumed values");
  return parts.join(", ");
}

function groupBlock(g: GroupReport): string[] {
  const lines: string[] = [];
  if (g.external) {
    lines.push(`Security group ${g.label} (not created by this program; it only adds rules)`);
  } else {
    lines.push(`Security group ${g.label} (resource ${g.resource}, id ${g.id})`);
    lines.push(`  ${settings(g)}`);
    const tags = Object.entries(g.tags).map(([k, v]) => `${k}=${v}`);
    if (tags.length > 0) lines.push(`  tags ${tags.join(", ")}`);
    if (g.description !== undefined) lines.push(`  description ${g.description}`);
  }
  if (g.rules.length === 0) {
    lines.push("  no rules");
  } else {
    const header = ["DIRECTION", "POLICY", "PRIORITY", "PROTOCOL", "PORTS", "PEER", "DESCRIPTION"];
    const rows = g.rules.map((r) => [r.direction, r.policy, String(r.priority), r.protocol, r.portsText, r.assumed ? `${r.peer.text} (assumed${r.dependsOn ? `, depends on ${r.dependsOn.join(", ")}` : ""})` : r.peer.text, r.description ?? ""]);
    lines.push(...table([header, ...rows], "  "));
  }
  if (g.invalidRules.length > 0) {
    lines.push(`  Invalid rules (the provider would refuse ${g.invalidRules.length === 1 ? "it" : "them"}):`);
    for (const r of g.invalidRules) lines.push(`    ${r.resource ?? "(unnamed)"}: ${r.message}`);
  }
  return lines;
}

/** Findings grouped by where they are (group / rule), acknowledged ones marked with their reason. */
function findingsBlock(findings: readonly FindingReport[], stale: readonly StaleExemptionReport[]): string[] {
  const lines: string[] = [];
  if (findings.length === 0) lines.push("Findings: none.");
  else {
    const acked = findings.filter((f) => f.acknowledged).length;
    lines.push(`Findings (${findings.length}${acked > 0 ? `, ${acked} acknowledged` : ""}), by rule:`);
    const byWhere = new Map<string, FindingReport[]>();
    for (const f of findings) {
      const where = [f.intent !== undefined ? `intent ${f.intent}` : undefined, f.group, f.rule].filter((x) => x !== undefined).join(" / ") || "-";
      byWhere.set(where, [...(byWhere.get(where) ?? []), f]);
    }
    for (const [where, list] of byWhere) {
      lines.push(`  ${where}`);
      for (const f of list) {
        const also = f.alsoFails && f.alsoFails.length > 0 ? ` (also fails ${f.alsoFails.join(", ")})` : "";
        lines.push(`    [${f.severity}] ${f.check}${also}: ${f.message}`);
        if (f.acknowledged) lines.push(`      acknowledged (${f.acknowledged.exemption}): ${f.acknowledged.reason}`);
      }
    }
  }
  if (stale.length > 0) {
    lines.push(`Stale exemptions (${stale.length}, matching no finding):`);
    for (const e of stale) lines.push(`  ${e.where}: ${e.check} on ${e.rule} (${e.reason})`);
  }
  return lines;
}

function accessBlock(access: AccessReport): string[] {
  if (access.error) return [`Who can reach what: not computed: ${access.error}`];
  const omitted = (access.omitted ?? []).map((o) => `  left out: ${o.what}: ${o.reason}`);
  if (access.matrix.length === 0) return ["Who can reach what: nothing is reachable.", ...omitted];
  const rows = access.matrix.map((e) => [e.from, e.to, e.allowed.join(", ")]);
  return ["Who can reach what:", ...table([["FROM", "TO", "ALLOWED"], ...rows], "  "), ...omitted];
}

function publicText(p: string | boolean): string {
  return p === true ? "yes (address known after deployment)" : p === false ? "none" : p;
}

function instancesBlock(instances: readonly InstanceReport[]): string[] {
  const rows = instances.map((i) => [i.name, i.kind, i.privateIp || "-", publicText(i.publicIp), i.groups.join(", ")]);
  return [`Instances (${instances.length}):`, ...table([["NAME", "KIND", "PRIVATE IP", "PUBLIC IP", "GROUPS"], ...rows], "  ")];
}

function assumedBlock(assumed: readonly AssumedReport[]): string[] {
  const rows = assumed.map((a) => [a.kind, a.resource ? `${a.resource}: ${a.subject}` : a.subject, a.from, a.why !== undefined ? `${a.value}: ${a.why}` : a.value]);
  return [`Assumed, not measured (${assumed.length}):`, ...table([["KIND", "WHAT", "FROM", "VALUE"], ...rows], "  ")];
}

function exportsBlock(exports: Record<string, unknown>): string[] {
  const rows = Object.keys(exports)
    .sort()
    .map((k) => {
      const text = JSON.stringify(exports[k]) ?? "undefined";
      return [k, text.length > 120 ? `${text.slice(0, 117)}...` : text];
    });
  return ["Exports:", ...table(rows, "  ")];
}

/** Renders the report for a terminal or a pull-request comment. */
export function renderText(report: PlanReport): string {
  const t = report.totals;
  const blocks: string[][] = [[`Plan of project ${report.project}, stack ${report.stack} (program ${report.program}), on mocks: nothing was deployed.`]];
  if (report.groups.length === 0) blocks.push(["The program creates no security groups and no security group rules."]);
  for (const g of report.groups) blocks.push(groupBlock(g));
  const invalid = t.invalid > 0 ? `, ${count(t.invalid, "invalid rule")}` : "";
  if ((report.instances ?? []).length > 0) blocks.push(instancesBlock(report.instances));
  blocks.push([`Totals: ${count(t.groups, "group")}, ${count(t.rules, "rule")} (${t.ingress} ingress, ${t.egress} egress)${invalid}.`]);
  if ((report.assumed ?? []).length > 0) blocks.push(assumedBlock(report.assumed));
  if (Object.keys(report.exports ?? {}).length > 0) blocks.push(exportsBlock(report.exports));
  if (report.findings) blocks.push(findingsBlock(report.findings, report.staleExemptions ?? []));
  if (report.intents) blocks.push(intentsLines(report.intents));
  if (report.access) blocks.push(accessBlock(report.access));
  return blocks.map((b) => b.map(terminalText).join("\n")).join("\n\n") + "\n";
}
