/**
 * `alicloud-secgroups audit SOURCE…`: reads every source, audits the cloud export (or the
 * first source), renders the report, and sets the exit code from `--fail-on`.
 */
import * as fs from "fs";
import * as path from "path";
import { FlowAttribution, attributeFlows } from "../analysis/attribute-flows";
import { cutText, markdownCode, markdownText, quoteText, terminalText } from "../model/escape";
import { NetworkModel } from "../model/network";
import { AllowedRegion, RegionDecision, accessDiff } from "../review/access-diff";
import { ValidationError } from "../model/errors";
import { NarrowingProposal, SkippedProposal, gradeLowering, proposeNarrowing } from "../review/narrow";
import { regionsPhrase } from "../review/advice";
import { WORKBENCH_CIDRS } from "../model/services";
import { emptyFlowLogStats, readFlowLogFileBatches } from "../sources/flow-logs";
import { EXIT_FINDINGS, usageError } from "./cli-error";
import { nameDuplicateRules } from "./default-analyses";
import { auditCiReport } from "./ci-report";
import { renderGithub } from "./render-github";
import { renderJunit } from "./render-junit";
import { renderSarif } from "./render-sarif";
import { AuditReport, audit, auditFails } from "../review/audit";
import { SourceNetwork } from "../sources/source-network";
import { CommandResult } from "./diff";
import { endText, formatName, portsText } from "./render-diff";
import { AuditCommandOptions } from "./review-args";
import { readSourceArgs } from "./source-files";
import type { IntentResult } from "../analysis/intents";
import { IntentsReport, intentsLines, intentsReport, joinIntents, nameRules, sourceIntents } from "./intents-section";

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
    // In the direction it acts: what it closes from whom to whom, and what it opens.
    const cut = p.proof.keepsDeclaredPeers ? "" : "; NOT SAFE: cuts flows the group's rules declare between groups";
    out.push(item(`  proof: ${v(p.proof.summary)}${cut} (${p.proof.closed} region${p.proof.closed === 1 ? "" : "s"} closed, ${p.proof.opened} opened)`));
  }
  out.push("", h(2, "Groups and who can reach them"));
  for (const g of report.groups) {
    const flags = [g.type === "enterprise" ? "enterprise" : "basic", g.network === "classic" ? `classic network${g.networkReading ? ` (${g.networkReading})` : ""}` : `vpc ${g.vpcId ?? "(unknown)"}`, g.innerAccessPolicy ? `inner ${g.innerAccessPolicy}` : "", g.serviceManaged ? "managed by another service" : "", g.rulesUnknown ? "rules not in the sources" : ""].filter(Boolean).join(", ");
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

/** Reads every SOURCE of the command, once; a file that cannot be read is exit 2 (CLI.md), naming the file. */
export function readAuditSources(opts: AuditCommandOptions): SourceNetwork[] {
  return readSourceArgs(opts.cwd, opts.sources);
}

/**
 * Runs `audit` on parsed options. Input errors propagate (the dispatcher renders them). `nets`:
 * the sources, when already read; `flowLogs`: the flow-log section the report carries.
 */
export function runAuditCommand(opts: AuditCommandOptions, nets: SourceNetwork[] = readAuditSources(opts), flowLogs?: FlowLogSection): CommandResult {
  // The intents: what the audited source declares (a preview) or its recognised components promise, and the file's; proved once, by the audit's checks.
  const audited = nets.find((n) => n.format === "ecs-api") ?? nets[0];
  const recognised = audited ? sourceIntents(audited) : { intents: [], context: {} };
  const intents = joinIntents(recognised.intents, opts.intents, opts.intentsFile);
  let results: IntentResult[] | undefined;
  const checks = intents.length > 0 ? { checks: { intents: intents.map((i) => i.intent), intentContext: recognised.context, onIntentResults: (r: IntentResult[]) => (results ??= r) } } : {};
  const ruleId = (g: string, i: number) => audited?.ruleOrigins.get(g)?.[i]?.ruleId;
  const audited0 = namedDuplicates(audit(nets, { exemptions: opts.exemptions, matrix: opts.matrix, ...(opts.allowIncomplete ? { allowIncomplete: true } : {}), ...checks }));
  // An intent's witness names the deciding rules by their cloud ids too.
  const audit0 = intents.length === 0 ? audited0 : { ...audited0, findings: audited0.findings.map((f) => (f.intentId === undefined ? f : { ...f, message: nameRules(f.message, ruleId) })) };
  const acknowledged = new Map(audit0.findings.filter((f) => f.intentId !== undefined && f.acknowledged).map((f) => [f.intentId as string, f.acknowledged as { reason: string; exemption: string }]));
  const withIntents: AuditReport & { intents?: IntentsReport } = intents.length > 0 && audited ? { ...audit0, intents: intentsReport(audited.model, intents, results ?? [], recognised.context, acknowledged, ruleId) } : audit0;
  const report = withFlowLogs(withIntents, flowLogs);
  const failOn = opts.failOn === "broadening" ? "high" : opts.failOn;
  const failed = auditFails(report, failOn);
  const stdout =
    opts.format === "json"
      ? `${JSON.stringify({ ...report, gate: { failOn, failed } }, null, 2)}\n`
      : opts.format === "sarif"
        ? renderSarif(auditCiReport(report, opts.cwd))
        : opts.format === "junit"
          ? renderJunit(auditCiReport(report, opts.cwd))
          : opts.format === "github"
            ? renderGithub(auditCiReport(report, opts.cwd))
            : renderAuditReport(report, opts.format === "markdown");
  const stderr = failed ? `alicloud-secgroups: the audit has findings at --fail-on ${failOn} or worse.\n` : "";
  return { exitCode: failed ? EXIT_FINDINGS : 0, stdout, stderr };
}

/** The report with each rule a `duplicate-rule` finding lists named by its cloud id too (`rules[0] (sgr-…)`), where the export has one. */
function namedDuplicates(report: AuditReport): AuditReport {
  if (!report.findings.some((f) => f.check === "duplicate-rule")) return report;
  const findings = report.findings.map((f) => {
    const rules = report.groups.find((g) => g.id === f.groupId)?.rules ?? [];
    const message = nameDuplicateRules(f.check, f.message, (i) => {
      const id = rules.find((r) => r.index === i)?.origin?.ruleId;
      return id === undefined ? undefined : `rules[${i}] (${quoteText(id)})`;
    });
    return message === f.message ? f : { ...f, message };
  });
  return { ...report, findings };
}

/** The audit report of the command: the audit, the Intents section when intents were proved, and the flow-log section when logs were read. */
export type AuditCommandReport = AuditReport & { intents?: IntentsReport; flowLogs?: FlowLogSection };

/** The report carrying the flow-log section (the report itself without one). */
export function withFlowLogs(report: AuditReport & { intents?: IntentsReport }, flowLogs: FlowLogSection | undefined): AuditCommandReport {
  return flowLogs === undefined ? report : { ...report, flowLogs };
}

/** The report as Markdown (`md`) or text: the audit, the Intents section, the flow-log section last. */
export function renderAuditReport(report: AuditCommandReport, md: boolean): string {
  let out = renderAudit(report, md);
  if (report.intents) out += `\n${intentsLines(report.intents, md).join("\n")}\n`;
  return report.flowLogs === undefined ? out : `${out}\n${flowLogText(report.flowLogs, md)}`;
}

/** How many bad lines of each file (in every format), and disagreements (text and Markdown; JSON lists up to 1,000), the report shows. */
const FIRST_BAD = 5;
const LISTED_DISAGREEMENTS = 20;

/** One file's reading: its counts and its first bad lines. */
export interface FlowLogFileReading {
  /** The file, as given. */
  file: string;
  /** Lines read (blank lines and a CSV header excepted). */
  lines: number;
  /** Records read. */
  records: number;
  /** Lines that are not records (malformed, over-long). */
  bad: number;
  /** NODATA records: windows without traffic. */
  noData: number;
  /** SKIPDATA records: windows whose records were partly skipped. */
  skipData: number;
  /** The first bad lines (at most 5), each with its line and reason. */
  badLines: { line: number; reason: string }[];
}

/** What `audit --flow-logs` adds to the report: the evidence, its quality, and the proposals drawn from it. */
export interface FlowLogSection {
  /** The files read, as given. */
  files: string[];
  /** What was read: totals over the files, and each file's counts and first bad lines. */
  read: Omit<FlowLogFileReading, "file" | "badLines"> & { files: FlowLogFileReading[] };
  /** The window the records span: Unix seconds, the same as UTC times (`YYYY-MM-DDTHH:MM:SSZ`), and its length in days. */
  window: { start?: number; end?: number; from?: string; to?: string; days: number };
  /** How much the evidence covers. */
  coverage: {
    /** Share of the log's entries read as records: records / (records + SKIPDATA + bad lines); 1 for an empty log. */
    readShare: number;
    /** Steps every proposal's grade was lowered by for the entries not read (see `gradeLowering`). */
    gradesLowered: number;
    /** Instances of the audited network that appear in the log. */
    instancesSeen: number;
    /** Instances of the audited network. */
    instances: number;
    /** Accept rules the log says nothing about (their groups had no traffic in it). */
    rulesUncovered: number;
  };
  /** Per-rule usage, counts, disagreements (each with the file:line of its first record). */
  attribution: FlowAttribution;
  /** Narrower rules (or removals) proposed from the evidence, each proved by the access diff. */
  proposals: NarrowingProposal<{ closes: string; opens: string; opened: number; closed: number }>[];
  /** Rules the evidence points at that no proposal could be made for. */
  skipped: SkippedProposal[];
}

/** Unix seconds as a UTC time, where they are one (Date holds up to year 275760). */
function utc(seconds: number | undefined): string | undefined {
  if (seconds === undefined || seconds * 1000 > 8.64e15) return undefined;
  return new Date(seconds * 1000).toISOString().replace(/\.000Z$/, "Z");
}

/**
 * Reads the flow logs once, attributes them to the audited network's rules and proposes
 * narrower ones, graded by the evidence and lowered by the log's gaps. Files are named as given
 * (relative to `cwd`); a missing or unreadable one is wrong usage naming it.
 */
export async function flowLogSection(model: NetworkModel, files: readonly string[], cwd: string, options: { narrowPublic?: boolean } = {}): Promise<FlowLogSection> {
  for (const f of files) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(path.resolve(cwd, f));
    } catch {
      stat = undefined;
    }
    if (!stat) throw usageError(`cannot read the flow log ${f}: no such file.`);
    if (!stat.isFile()) throw usageError(`cannot read the flow log ${f}: it is not a file.`);
  }
  const stats = emptyFlowLogStats();
  let attribution: FlowAttribution;
  try {
    attribution = await attributeFlows(model, readFlowLogFileBatches(files, { cwd, stats, keepBad: FIRST_BAD }));
  } catch (e) {
    if (e instanceof ValidationError && e.code === "invalid-source") throw usageError(e.message);
    throw e;
  }
  const workbench = [WORKBENCH_CIDRS.public, WORKBENCH_CIDRS.private];
  const { proposals, skipped } = proposeNarrowing(model, attribution, {
    coverage: stats,
    ...(options.narrowPublic ? { narrowPublic: true } : {}),
    accessDiff: (before, after, { changedGroups }) => {
      // Proved on the pairs of the changed group only (the same regions as the whole diff).
      // In the direction it acts: the group's side (a member in that group) where the diff has it, else the instances'.
      const d = accessDiff(before, after, { changedGroups });
      const pick = (change: "opened" | "closed") => {
        const all = d.regions.filter((r) => r.change === change);
        const groups = all.filter((r) => r.scope === "group");
        return groups.length > 0 ? groups : all;
      };
      const closed = pick("closed");
      const opened = pick("opened");
      const closes = closed.length > 0 ? regionsPhrase(closed, workbench) : "nothing";
      const opens = opened.length > 0 ? `${regionsPhrase(opened, workbench)} (not safe)` : "nothing";
      return { closes, opens, opened: d.summary.opened, closed: d.summary.closed };
    },
  });
  const lowering = gradeLowering(stats);
  const { start, end } = attribution.window;
  const window: FlowLogSection["window"] = { start, end, days: start !== undefined && end !== undefined ? (end - start) / 86400 : 0 };
  const from = utc(start);
  const to = utc(end);
  if (from !== undefined) window.from = from;
  if (to !== undefined) window.to = to;
  const perFile = (stats.files ?? []).map((f) => ({ file: f.file, lines: f.lines, records: f.records, bad: f.bad, noData: f.noData, skipData: f.skipData, badLines: f.badLines.map((b) => ({ line: b.line, reason: b.reason })) }));
  return {
    files: [...files],
    read: { lines: stats.lines, records: stats.records, bad: stats.bad, noData: stats.noData, skipData: stats.skipData, files: perFile },
    window,
    coverage: {
      readShare: 1 - lowering.share,
      gradesLowered: lowering.steps,
      instancesSeen: attribution.instancesSeen.length,
      instances: model.instances?.length ?? 0,
      rulesUncovered: attribution.uncovered.length,
    },
    attribution,
    proposals,
    skipped,
  };
}

/** Text read from a source or log, cut to `max` characters, escaped for a terminal ({@link terminalText}) or Markdown ({@link markdownText}). */
function logText(t: string, max = 200): string {
  return terminalText(cutText(t, max).text);
}

function logMarkdown(t: string, max = 200): string {
  return markdownText(cutText(t, max).text);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function share(x: number): string {
  const p = Math.floor(x * 1000) / 10;
  return `${p % 1 === 0 ? p.toFixed(0) : p.toFixed(1)} %`;
}

/** The flow-log section as text, or Markdown (`md`): what was read and how well, the usage, the disagreements, the proposals. */
export function flowLogText(section: FlowLogSection, md = false): string {
  const esc = md ? logMarkdown : logText;
  const item = (depth: number, t: string) => (md ? `${"  ".repeat(depth)}- ${t}` : `${"  ".repeat(depth + 1)}${t}`);
  const a = section.attribution;
  const r = section.read;
  const cov = section.coverage;
  const lines = [md ? `#### Flow logs (${section.files.map((f) => esc(f)).join(", ")})` : `Flow logs (${section.files.map((f) => esc(f)).join(", ")}):`];
  if (md) lines.push("");
  const counts = (x: Omit<FlowLogFileReading, "file" | "badLines">) => `${plural(x.records, "record")}, ${plural(x.bad, "bad line")}, ${x.noData} NODATA, ${x.skipData} SKIPDATA`;
  lines.push(item(0, `read: ${counts(r)}`));
  for (const f of r.files) {
    const shown = f.badLines.map((b) => b.line);
    const more = f.bad - shown.length;
    lines.push(item(1, `${esc(f.file)}: ${counts(f)}${shown.length > 0 ? ` (bad: line${shown.length === 1 ? "" : "s"} ${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""})` : ""}`));
    for (const b of f.badLines) lines.push(item(2, `${esc(f.file)}:${b.line}: ${esc(b.reason)}`));
  }
  const w = section.window;
  lines.push(item(0, w.start === undefined ? "window: none (no records)" : `window: ${w.from ?? `${w.start} (Unix seconds)`} to ${w.to ?? `${w.end} (Unix seconds)`} (${w.days.toFixed(1)} days)`));
  const gaps = r.skipData + r.bad;
  const lowered = cov.gradesLowered === 0 ? "grades not lowered" : `every grade lowered ${cov.gradesLowered === 1 ? "one step" : "two steps"}`;
  lines.push(item(0, `coverage: ${share(cov.readShare)} of the log read as records${gaps > 0 ? ` (${r.skipData} SKIPDATA, ${plural(r.bad, "bad line")} unread)` : ""}, ${lowered}; ${cov.instancesSeen} of ${plural(cov.instances, "instance")} logged; ${plural(cov.rulesUncovered, "accept rule")} the log says nothing about`));
  const c = a.counts as unknown as Record<string, number>;
  lines.push(item(0, `attribution: ${Object.entries(c).map(([k, v]) => `${k} ${v}`).join(", ")}`));
  const used = a.rules.filter((u) => u.hits > 0);
  if (used.length > 0) lines.push(item(0, "rules that admitted traffic:"), ...used.map((u) => item(1, `${esc(u.groupId)} rule ${u.ruleIndex}: ${plural(u.hits, "flow")}`)));
  if (a.unused.length > 0) lines.push(item(0, "unused over the window:"), ...a.unused.map((u) => item(1, `${esc(u.groupId)} rule ${u.ruleIndex}`)));
  if (a.counts.disagreements > 0) {
    lines.push(item(0, `disagreements with the model (network ACLs, or a model out of date): ${plural(a.counts.disagreements, "record")}`));
    for (const d of a.disagreements.slice(0, LISTED_DISAGREEMENTS)) {
      const f = d.flow;
      lines.push(item(1, `${esc(d.at)}: ${d.kind} ${esc(f.protocol)}${f.port !== undefined ? `:${f.port}` : ""} ${esc(f.from)} -> ${esc(f.to)} (${plural(d.records, "record")})`));
    }
    const unlisted = a.disagreements.length - LISTED_DISAGREEMENTS;
    if (unlisted > 0) lines.push(item(1, `and ${unlisted} more (all in --json)`));
  }
  if (section.proposals.length > 0) lines.push(item(0, "proposals:"), ...section.proposals.map((p) => item(1, `${md ? `**${p.grade}**` : `[${p.grade}]`} ${esc(p.summary, Infinity)}`)));
  if (section.skipped.length > 0) lines.push(item(0, "no proposal:"), ...section.skipped.map((s) => item(1, `${esc(s.groupId)} rule ${s.ruleIndex}: ${esc(s.reason, Infinity)}`)));
  return `${lines.join("\n")}\n`;
}

/** `audit` with `--flow-logs`: the sources read once, the logs read once, one report with the evidence and its proposals. */
export async function runAuditWithFlowLogs(opts: AuditCommandOptions): Promise<CommandResult> {
  const nets = readAuditSources(opts);
  if (!opts.flowLogs || opts.flowLogs.length === 0) return runAuditCommand(opts, nets);
  // The network the audit audits: the cloud export, else the first source.
  const audited = nets.find((n) => n.format === "ecs-api") ?? nets[0];
  if (audited === undefined) return runAuditCommand(opts, nets);
  const section = await flowLogSection(audited.model, opts.flowLogs, opts.cwd, { narrowPublic: opts.narrowPublic === true });
  return runAuditCommand(opts, nets, section);
}
