/**
 * `alicloud-secgroups audit SOURCE…`: reads every source, audits the cloud export (or the
 * first source), renders the report, and sets the exit code from `--fail-on`.
 */
import * as fs from "fs";
import * as path from "path";
import { FlowAttribution, attributeFlows } from "../analysis/attribute-flows";
import { markdownCode, markdownText, terminalText } from "../model/escape";
import { NetworkModel } from "../model/network";
import { AllowedRegion, RegionDecision, accessDiff } from "../review/access-diff";
import { NarrowingProposal, SkippedProposal, proposeNarrowing } from "../review/narrow";
import { readFlowLogFiles } from "../sources/flow-logs";
import { usageError } from "./cli-error";
import { AuditReport, audit, auditFails } from "../review/audit";
import { readSource } from "../sources/read-sources";
import { CommandResult } from "./diff";
import { endText, formatName, portsText } from "./render-diff";
import { AuditCommandOptions } from "./review-args";
import { loadSourceFiles, readSourceArgs } from "./source-files";

function by(d: RegionDecision): string {
  if (d.by === "inner-access") return `inner access of ${d.groupId}`;
  if (d.by === "default") return "default";
  return `${d.rule}${d.origin?.ruleId ? ` [${d.origin.ruleId}]` : ""}`;
}

function reachLine(r: AllowedRegion): string {
  return `${portsText(r)} from ${endText(r.peer)} (${by(r.by)})`;
}

/**
 * The audit as Markdown (`md`) or text. Every value read from the sources goes through the
 * format's one escaping function (`v`, and `code` for rule keys and ids): {@link markdownText}
 * and {@link markdownCode}, or {@link terminalText}.
 */
export function renderAudit(report: AuditReport, md: boolean): string {
  const h = (level: number, t: string) => (md ? `${"#".repeat(level + 2)} ${t}` : level === 1 ? t : `${t}:`);
  const item = (t: string) => (md ? `- ${t}` : `  ${t}`);
  const v = md ? markdownText : terminalText;
  const code = md ? markdownCode : terminalText;
  const format = (f: string) => v(formatName(f));
  const out: string[] = [];
  const t = report.totals;
  out.push(h(1, `alicloud-secgroups audit: ${t.groups} groups, ${t.rules} rules, ${t.instances} instances; findings ${t.findings.high} high, ${t.findings.medium} medium, ${t.findings.low} low; ${t.unused} unused; ${t.proposals} proposals`), "");
  out.push(`Sources: ${report.sources.map((s) => `${format(s.format)} (${s.files.length} file${s.files.length === 1 ? "" : "s"})`).join("; ")}${report.region ? `; region ${v(report.region)}` : ""}.`, "");
  const left = t.leftOut;
  if (left && (left.rules > 0 || left.groups > 0 || left.instances > 0 || t.assumed > 0)) {
    const n = (k: number, what: string) => `${k} ${what}${k === 1 ? "" : "s"}`;
    out.push(`Left out of the evaluation: ${n(left.rules, "rule")} that could not be read, ${n(left.groups, "group")} without ${left.groups === 1 ? "its" : "their"} rule files, ${n(left.instances, "instance")} without a usable address; ${n(t.assumed, "value")} assumed (see \"Unresolved\").`, "");
  }
  out.push(h(2, "Findings"));
  if (report.findings.length === 0) out.push(item("none"));
  for (const f of report.findings) {
    const where = f.origin ? ` ${code(f.origin.ruleId ?? `${f.origin.file} ${f.origin.path}`)}` : "";
    out.push(item(`[${v(f.severity)}${f.acknowledged ? `, acknowledged: ${v(f.acknowledged.reason)}` : ""}] ${v(f.check)} ${v(f.groupId)}${f.ruleIndex !== undefined ? ` rules[${f.ruleIndex}]` : ""}${where}: ${v(f.message)}`));
  }
  out.push("", h(2, "Proposals (add the new rules, then revoke the old one)"));
  if (report.proposals.length === 0) out.push(item("none"));
  for (const p of report.proposals) {
    out.push(item(`${v(p.groupId)}: revoke ${code(p.revoke.key)}${p.revoke.origin?.ruleId ? ` (${v(p.revoke.origin.ruleId)})` : ""} for ${v(p.check)}`));
    for (const a of p.add) out.push(item(`  add ${code(`${a.ipProtocol} ${a.portRange ?? ""} from ${a.cidrIp ?? a.ipv6CidrIp ?? a.sourceSecurityGroupId ?? a.prefixListId}`)}${a.description ? ` (${v(a.description)})` : ""}`));
    for (const n of p.needs) out.push(item(`  needs: ${v(n)}`));
    out.push(item(`  basis: ${v(p.basis)}`));
    const closes = p.proof.closes.slice(0, 3).map((r) => `${portsText(r)} from ${endText(r.from)}`).join("; ");
    out.push(item(`  proof: ${p.proof.valid ? "closures only" : `OPENS ${p.proof.opened} region(s): not safe`}; ${p.proof.closed} region(s) closed${closes ? `, e.g. ${v(closes)}` : ""}`));
  }
  out.push("", h(2, "Groups and who can reach them"));
  for (const g of report.groups) {
    const flags = [g.type === "enterprise" ? "enterprise" : "basic", g.network === "classic" ? "classic network" : `vpc ${g.vpcId ?? "(unknown)"}`, g.innerAccessPolicy ? `inner ${g.innerAccessPolicy}` : "", g.serviceManaged ? "managed by another service" : "", g.rulesUnknown ? "rules not in the sources" : ""].filter(Boolean).join(", ");
    out.push(item(`${v(g.id)}${g.name ? ` (${v(g.name)})` : ""}: ${v(flags)}; ${g.rules.length} rules; members: ${g.members.length > 0 ? v(g.members.join(", ")) : "none"}`));
    for (const r of g.reachableFrom) out.push(item(`  reachable: ${v(reachLine(r))}`));
  }
  out.push("", h(2, "Unused groups"));
  const unused = report.usage.filter((u) => u.status !== "used");
  if (unused.length === 0) out.push(item("none"));
  for (const u of unused) out.push(item(`${v(u.groupId)}: ${u.status === "unused" ? "unused (no instance, network interface, launch template, scaling configuration or rule uses it)" : "possibly unused (the sources are not a whole-account export)"}`));
  if (report.drift.length > 0) {
    out.push("", h(2, "Drift"));
    for (const d of report.drift) {
      out.push(item(`against ${format(d.code.format)} (${v(d.code.files.join(", "))})`));
      for (const r of d.cloudOnly) out.push(item(`  in the cloud, no code owns it: ${v(r.groupId)} ${code(r.key)}${r.origin?.ruleId ? ` (${v(r.origin.ruleId)})` : ""}`));
      for (const r of d.codeOnly) out.push(item(`  in code, not in the cloud: ${v(r.groupId)} ${code(r.key)}${r.origin?.resource ? ` (${v(r.origin.resource)})` : ""}`));
      for (const g of d.groupsOnlyInCode) out.push(item(`  group in code, not in the cloud export: ${v(g)}`));
    }
  }
  if (report.unresolved.length > 0) {
    out.push("", h(2, "Unresolved (what the result assumes)"));
    for (const u of report.unresolved) {
      const at = u.origin && u.origin.file !== "" ? ` [${u.origin.file} ${u.origin.path}]` : "";
      out.push(item(v(`${u.kind} ${u.subject}${u.groupId && u.groupId !== u.subject ? ` (group ${u.groupId})` : ""}${at}: ${u.effect}`)));
    }
  }
  if (report.staleExemptions.length > 0) {
    out.push("", h(2, "Stale exemptions"));
    for (const e of report.staleExemptions) out.push(item(v(`${e.check} ${e.rule}: ${e.reason}`)));
  }
  if (report.matrix) {
    out.push("", h(2, "Access matrix"));
    for (const m of report.matrix) out.push(item(v(`${m.from} -> ${m.to}: ${m.allowed.join(", ")}`)));
  }
  return `${out.join("\n")}\n`;
}

/** Runs `audit` on parsed options. Input errors propagate (the dispatcher renders them). */
export function runAuditCommand(opts: AuditCommandOptions): CommandResult {
  // A file that cannot be read is exit 2 (CLI.md), naming the file.
  const nets = readSourceArgs(opts.cwd, opts.sources);
  const report = audit(nets, { exemptions: opts.exemptions, matrix: opts.matrix, ...(opts.allowIncomplete ? { allowIncomplete: true } : {}) });
  const failOn = opts.failOn === "broadening" ? "high" : opts.failOn;
  const failed = auditFails(report, failOn);
  const stdout = opts.format === "json" ? `${JSON.stringify({ ...report, gate: { failOn, failed } }, null, 2)}\n` : renderAudit(report, opts.format === "markdown");
  const stderr = failed ? `alicloud-secgroups: the audit has findings at --fail-on ${failOn} or worse.\n` : "";
  return { exitCode: failed ? 1 : 0, stdout, stderr };
}

/** What `audit --flow-logs` adds to the report: the evidence, and the proposals drawn from it. */
export interface FlowLogSection {
  /** The files read. */
  files: string[];
  /** The window, the counts and per-rule usage, disagreements. */
  attribution: FlowAttribution;
  /** Narrower rules (or removals) proposed from the evidence, each proved by the access diff. */
  proposals: NarrowingProposal<{ closes: string; opened: number; closed: number }>[];
  /** Rules the evidence points at that no proposal could be made for. */
  skipped: SkippedProposal[];
}

/** Reads the flow logs, attributes them to the audited network's rules and proposes narrower ones. */
export async function flowLogSection(model: NetworkModel, files: readonly string[], cwd: string): Promise<FlowLogSection> {
  const paths = files.map((f) => path.resolve(cwd, f));
  for (const [i, p] of paths.entries()) if (!fs.existsSync(p)) throw usageError(`cannot read the flow log ${files[i]}: no such file.`);
  const attribution = await attributeFlows(model, readFlowLogFiles(paths));
  const { proposals, skipped } = proposeNarrowing(model, attribution, {
    accessDiff: (before, after) => {
      const d = accessDiff(before, after);
      return { closes: `${d.summary.closed} region${d.summary.closed === 1 ? "" : "s"} closed, ${d.summary.opened} opened`, opened: d.summary.opened, closed: d.summary.closed };
    },
  });
  return { files: [...files], attribution, proposals, skipped };
}

/** The flow-log section as text (`esc` {@link terminalText}) or Markdown (`esc` {@link markdownText}). */
function flowLogText(section: FlowLogSection, esc: (text: string) => string = terminalText): string {
  const a = section.attribution;
  const c = a.counts as unknown as Record<string, number>;
  const lines = [`Flow logs (${esc(section.files.join(", "))}):`, `  ${Object.entries(c).map(([k, v]) => `${esc(k)} ${v}`).join(", ")}`];
  const used = a.rules.filter((r) => r.hits > 0);
  if (used.length > 0) lines.push("  rules that admitted traffic:", ...used.map((r) => `    ${esc(r.groupId)} rule ${r.ruleIndex}: ${r.hits} flow${r.hits === 1 ? "" : "s"}`));
  if (a.unused.length > 0) lines.push("  unused over the window:", ...a.unused.map((r) => `    ${esc(r.groupId)} rule ${r.ruleIndex}`));
  if (a.disagreements.length > 0) lines.push(`  disagreements with the model (network ACLs, or a model out of date): ${a.disagreements.length}`);
  if (section.proposals.length > 0) lines.push("  proposals:", ...section.proposals.map((p) => `    [${esc(p.grade)}] ${esc(p.summary)}`));
  return `${lines.join("\n")}\n`;
}

/** `audit` with `--flow-logs`: the audit, plus the evidence and its proposals. */
export async function runAuditWithFlowLogs(opts: AuditCommandOptions): Promise<CommandResult> {
  const base = runAuditCommand(opts);
  if (!opts.flowLogs || opts.flowLogs.length === 0) return base;
  const nets = opts.sources.flatMap((s) => readSource(loadSourceFiles(opts.cwd, s)));
  const section = await flowLogSection(nets[0].model, opts.flowLogs, opts.cwd);
  if (opts.format === "json") {
    const report = JSON.parse(base.stdout) as Record<string, unknown>;
    return { ...base, stdout: `${JSON.stringify({ ...report, flowLogs: section }, null, 2)}\n` };
  }
  return { ...base, stdout: `${base.stdout}\n${flowLogText(section, opts.format === "markdown" ? markdownText : terminalText)}` };
}
