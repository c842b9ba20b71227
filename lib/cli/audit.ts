/**
 * `alicloud-secgroups audit SOURCE…`: reads every source, audits the cloud export (or the
 * first source), renders the report, and sets the exit code from `--fail-on`.
 */
import { AllowedRegion, RegionDecision } from "../review/access-diff";
import { AuditReport, audit, auditFails } from "../review/audit";
import { readSource } from "../sources/read-sources";
import { FORMAT_NAMES } from "../sources/source-network";
import { CommandResult } from "./diff";
import { endText, portsText } from "./render-diff";
import { AuditCommandOptions } from "./review-args";
import { loadSourceFiles } from "./source-files";

function by(d: RegionDecision): string {
  if (d.by === "inner-access") return `inner access of ${d.groupId}`;
  if (d.by === "default") return "default";
  return `${d.rule}${d.origin?.ruleId ? ` [${d.origin.ruleId}]` : ""}`;
}

function reachLine(r: AllowedRegion): string {
  return `${portsText(r)} from ${endText(r.peer)} (${by(r.by)})`;
}

/** The audit as Markdown (`md`) or text. */
export function renderAudit(report: AuditReport, md: boolean): string {
  const h = (level: number, t: string) => (md ? `${"#".repeat(level + 2)} ${t}` : level === 1 ? t : `${t}:`);
  const item = (t: string) => (md ? `- ${t}` : `  ${t}`);
  const code = (t: string) => (md ? `\`${t}\`` : t);
  const out: string[] = [];
  const t = report.totals;
  out.push(h(1, `alicloud-secgroups audit: ${t.groups} groups, ${t.rules} rules, ${t.instances} instances; findings ${t.findings.high} high, ${t.findings.medium} medium, ${t.findings.low} low; ${t.unused} unused; ${t.proposals} proposals`), "");
  out.push(`Sources: ${report.sources.map((s) => `${FORMAT_NAMES[s.format as keyof typeof FORMAT_NAMES] ?? s.format} (${s.files.length} file${s.files.length === 1 ? "" : "s"})`).join("; ")}${report.region ? `; region ${report.region}` : ""}.`, "");
  out.push(h(2, "Findings"));
  if (report.findings.length === 0) out.push(item("none"));
  for (const f of report.findings) {
    const where = f.origin ? ` ${code(f.origin.ruleId ?? `${f.origin.file} ${f.origin.path}`)}` : "";
    out.push(item(`[${f.severity}${f.acknowledged ? `, acknowledged: ${f.acknowledged.reason}` : ""}] ${f.check} ${f.groupId}${f.ruleIndex !== undefined ? ` rules[${f.ruleIndex}]` : ""}${where}: ${f.message}`));
  }
  out.push("", h(2, "Proposals (add the new rules, then revoke the old one)"));
  if (report.proposals.length === 0) out.push(item("none"));
  for (const p of report.proposals) {
    out.push(item(`${p.groupId}: revoke ${code(p.revoke.key)}${p.revoke.origin?.ruleId ? ` (${p.revoke.origin.ruleId})` : ""} for ${p.check}`));
    for (const a of p.add) out.push(item(`  add ${code(`${a.ipProtocol} ${a.portRange ?? ""} from ${a.cidrIp ?? a.ipv6CidrIp ?? a.sourceSecurityGroupId ?? a.prefixListId}`)}${a.description ? ` (${a.description})` : ""}`));
    for (const n of p.needs) out.push(item(`  needs: ${n}`));
    out.push(item(`  basis: ${p.basis}`));
    const closes = p.proof.closes.slice(0, 3).map((r) => `${portsText(r)} from ${endText(r.from)}`).join("; ");
    out.push(item(`  proof: ${p.proof.valid ? "closures only" : `OPENS ${p.proof.opened} region(s): not safe`}; ${p.proof.closed} region(s) closed${closes ? `, e.g. ${closes}` : ""}`));
  }
  out.push("", h(2, "Groups and who can reach them"));
  for (const g of report.groups) {
    const flags = [g.type === "enterprise" ? "enterprise" : "basic", g.network === "classic" ? "classic network" : `vpc ${g.vpcId ?? "(unknown)"}`, g.innerAccessPolicy ? `inner ${g.innerAccessPolicy}` : "", g.serviceManaged ? "managed by another service" : "", g.rulesUnknown ? "rules not in the sources" : ""].filter(Boolean).join(", ");
    out.push(item(`${g.id}${g.name ? ` (${g.name})` : ""}: ${flags}; ${g.rules.length} rules; members: ${g.members.length > 0 ? g.members.join(", ") : "none"}`));
    for (const r of g.reachableFrom) out.push(item(`  reachable: ${reachLine(r)}`));
  }
  out.push("", h(2, "Unused groups"));
  const unused = report.usage.filter((u) => u.status !== "used");
  if (unused.length === 0) out.push(item("none"));
  for (const u of unused) out.push(item(`${u.groupId}: ${u.status === "unused" ? "unused (no instance, network interface, launch template, scaling configuration or rule uses it)" : "possibly unused (the sources are not a whole-account export)"}`));
  if (report.drift.length > 0) {
    out.push("", h(2, "Drift"));
    for (const d of report.drift) {
      out.push(item(`against ${FORMAT_NAMES[d.code.format as keyof typeof FORMAT_NAMES] ?? d.code.format} (${d.code.files.join(", ")})`));
      for (const r of d.cloudOnly) out.push(item(`  in the cloud, no code owns it: ${r.groupId} ${code(r.key)}${r.origin?.ruleId ? ` (${r.origin.ruleId})` : ""}`));
      for (const r of d.codeOnly) out.push(item(`  in code, not in the cloud: ${r.groupId} ${code(r.key)}${r.origin?.resource ? ` (${r.origin.resource})` : ""}`));
      for (const g of d.groupsOnlyInCode) out.push(item(`  group in code, not in the cloud export: ${g}`));
    }
  }
  if (report.unresolved.length > 0) {
    out.push("", h(2, "Unresolved (what the result assumes)"));
    for (const u of report.unresolved) out.push(item(`${u.kind} ${u.subject}${u.groupId && u.groupId !== u.subject ? ` (group ${u.groupId})` : ""}: ${u.effect}`));
  }
  if (report.staleExemptions.length > 0) {
    out.push("", h(2, "Stale exemptions"));
    for (const e of report.staleExemptions) out.push(item(`${e.check} ${e.rule}: ${e.reason}`));
  }
  if (report.matrix) {
    out.push("", h(2, "Access matrix"));
    for (const m of report.matrix) out.push(item(`${m.from} -> ${m.to}: ${m.allowed.join(", ")}`));
  }
  return `${out.join("\n")}\n`;
}

/** Runs `audit` on parsed options. Input errors propagate (the dispatcher renders them). */
export function runAuditCommand(opts: AuditCommandOptions): CommandResult {
  const nets = opts.sources.flatMap((s) => readSource(loadSourceFiles(opts.cwd, s)));
  const report = audit(nets, { exemptions: opts.exemptions, matrix: opts.matrix });
  const failOn = opts.failOn === "broadening" ? "high" : opts.failOn;
  const failed = auditFails(report, failOn);
  const stdout = opts.format === "json" ? `${JSON.stringify({ ...report, gate: { failOn, failed } }, null, 2)}\n` : renderAudit(report, opts.format === "markdown");
  const stderr = failed ? `alicloud-secgroups: the audit has findings at --fail-on ${failOn} or worse.\n` : "";
  return { exitCode: failed ? 1 : 0, stdout, stderr };
}
