/**
 * The access diff as JSON (a stable shape with `version`), Markdown (a pull-request comment)
 * and text. Deterministic: no times, no absolute paths. Every value read from a source (ids,
 * rule keys, reasons, port-list names) goes through the format's escaping function:
 * {@link markdownText} / {@link markdownCode} in Markdown, {@link terminalText} in text.
 */
import { markdownCode, markdownText, terminalText } from "../model/escape";
import { AccessDiff, DIFF_REPORT_VERSION, DiffRegion, RegionDecision, RegionEnd } from "../review/access-diff";
import { FORMAT_NAMES, SourceFormat, SourceNetwork, Unresolved } from "../sources/source-network";
import { IntentReport, IntentsReport, intentsSummary } from "./intents-section";

/** Where one side came from. */
export interface DiffSideInfo {
  /** The SOURCE argument. */
  source: string;
  /** The format read. */
  format: string;
  /** The files read. */
  files: string[];
}

/** The JSON report of `diff`. */
export interface DiffReport {
  /** Shape version. */
  version: typeof DIFF_REPORT_VERSION;
  /** Always `diff`. */
  report: "diff";
  /** The BEFORE side. */
  before: DiffSideInfo;
  /** The AFTER side. */
  after: DiffSideInfo;
  /** The `--fail-on` level, and whether the diff reached it. */
  gate: { failOn: string; failed: boolean };
  /** Counts. */
  summary: AccessDiff["summary"];
  /** Regions. */
  regions: DiffRegion[];
  /** Rules added and removed. */
  ruleChanges: AccessDiff["ruleChanges"];
  /** Exemptions used and stale. */
  exemptions: AccessDiff["exemptions"];
  /** What each side left unresolved. */
  unresolved: AccessDiff["unresolved"];
  /** The intents proved before and after (recognised components' and `--intents FILE`), when there are any. */
  intents?: DiffIntentsReport;
}

/** The intents of a diff: their verdicts on each side, and those the change breaks. */
export interface DiffIntentsReport {
  /** The Intents section of BEFORE. */
  before: IntentsReport;
  /** The Intents section of AFTER. */
  after: IntentsReport;
  /** Intents proven before and broken after, with AFTER's witness: each fails the diff at every `--fail-on` level but `none`, unless an exemption (`{ check: "broken-intent", rule: <intent id>, reason }`) accepts it. */
  broken: IntentReport[];
}

/** The intents section of a diff as lines (`md`: Markdown). */
function diffIntentsLines(d: DiffIntentsReport, md: boolean): string[] {
  const v = md ? markdownText : terminalText;
  const lines = [md ? `**Intents**: before ${intentsSummary(d.before)}; after ${intentsSummary(d.after)}; broken by the change: ${d.broken.length}` : `intents: before ${intentsSummary(d.before)}; after ${intentsSummary(d.after)}; broken by the change: ${d.broken.length}`];
  if (md) lines.push("");
  for (const i of d.broken) {
    const item = (depth: number, t: string) => (md ? `${"  ".repeat(depth)}- ${t}` : `${"  ".repeat(depth + 1)}${t}`);
    lines.push(item(0, `broken by the change${i.acknowledged ? ` [accepted: ${v(i.acknowledged.reason)}]` : ""}: ${v(i.id)} (${v(i.text)}${i.declaredBy ? `, declared by ${v(i.declaredBy)}` : ""})${i.because ? ` because ${v(JSON.stringify(i.because))}` : ""}`));
    if (i.witness) {
      lines.push(item(1, `witness after: ${v(i.witness.reason)}`));
      lines.push(item(1, `sender: ${v(i.witness.sender)}; receiver: ${v(i.witness.receiver)}`));
      if (i.witness.egress) lines.push(item(1, `sender's side: ${v(i.witness.egress)}`));
      if (i.witness.ingress) lines.push(item(1, `receiver's side: ${v(i.witness.ingress)}`));
    }
  }
  return lines;
}

/** Builds the JSON report. */
export function diffReport(diff: AccessDiff, before: { source: string; net: SourceNetwork }, after: { source: string; net: SourceNetwork }, failOn: string, failed: boolean): DiffReport {
  const info = (s: { source: string; net: SourceNetwork }): DiffSideInfo => ({ source: s.source, format: s.net.format, files: s.net.files });
  return { version: DIFF_REPORT_VERSION, report: "diff", before: info(before), after: info(after), gate: { failOn, failed }, summary: diff.summary, regions: diff.regions, ruleChanges: diff.ruleChanges, exemptions: diff.exemptions, unresolved: diff.unresolved };
}

/** How a report names a source format: its name, or the format itself when the readers do not know it. */
export function formatName(format: string): string {
  return Object.prototype.hasOwnProperty.call(FORMAT_NAMES, format) ? FORMAT_NAMES[format as SourceFormat] : format;
}

/** `i-web`, `member of sg-web`, or the CIDRs (at most four, then a count). */
export function endText(e: RegionEnd): string {
  if (e.kind === "instance") return e.id;
  if (e.kind === "group-member") return `member of ${e.id}`;
  if (e.except && e.except.length > 0) {
    const all = e.cidrs.join(", ");
    return e.except.length <= 4 ? `${all} except ${e.except.join(", ")}` : `${all} except ${e.except.slice(0, 3).join(", ")} and ${e.except.length - 3} more blocks`;
  }
  return e.cidrs.length <= 4 ? e.cidrs.join(", ") : `${e.cidrs.slice(0, 3).join(", ")} and ${e.cidrs.length - 3} more blocks`;
}

/** `tcp:22`, `tcp:8000-8080`, `icmp`. */
export function portsText(r: { protocol: string; ports: DiffRegion["ports"] }): string {
  if (!r.ports) return r.protocol;
  return `${r.protocol}:${r.ports.from === r.ports.to ? r.ports.from : `${r.ports.from}-${r.ports.to}`}`;
}

/** What decided a region, in words; what was read from the sources written with `escape`. */
export function decisionText(d: RegionDecision, escape: (text: string) => string = (t) => t): string {
  const verdict = d.allowed ? "allow" : "deny";
  if (d.by === "absent") return "not there (deny)";
  if (d.by === "default") return `default ${verdict}${d.direction ? ` (${escape(d.direction)})` : ""}`;
  if (d.by === "inner-access") return `inner access of ${escape(`${d.groupId}`)} (allow)`;
  const where = d.origin ? ` [${escape(d.origin.ruleId ?? d.origin.resource ?? `${d.origin.file} ${d.origin.path}`)}]` : "";
  return `${escape(`${d.groupId} ${d.rule}`)}${where}`;
}

function exampleText(r: DiffRegion): string {
  return `${r.protocol} ${r.example.from} -> ${r.example.to}${r.example.port !== undefined ? `:${r.example.port}` : ""} ${r.change === "opened" ? "now allowed" : "now denied"}`;
}

function unresolvedText(u: Unresolved): string {
  return `${u.kind} ${u.subject}${u.groupId && u.groupId !== u.subject ? ` (group ${u.groupId})` : ""}: ${u.effect}`;
}

/** Unresolved entries of both sides, those common to both said once; each entry written with `escape`. */
function unresolvedBoth(diff: AccessDiff, escape: (text: string) => string): string[] {
  const before = diff.unresolved.before.map(unresolvedText);
  const after = diff.unresolved.after.map(unresolvedText);
  const inAfter = new Set(after);
  const inBefore = new Set(before);
  return [...before.map((t) => `- ${inAfter.has(t) ? "both" : "before"}: ${escape(t)}`), ...after.filter((t) => !inBefore.has(t)).map((t) => `- after: ${escape(t)}`)];
}

function headline(diff: AccessDiff): string {
  const s = diff.summary;
  const live = s.opened - s.accepted;
  const sev = [s.high ? `${s.high} high` : "", s.medium ? `${s.medium} medium` : "", s.low ? `${s.low} low` : ""].filter(Boolean).join(", ");
  return `${s.opened} region${s.opened === 1 ? "" : "s"} opened${live > 0 && sev ? ` (${sev})` : ""}${s.accepted ? `, ${s.accepted} accepted` : ""}; ${s.closed} closed; ${s.rulesWithoutAccessChange} rule change${s.rulesWithoutAccessChange === 1 ? "" : "s"} without access change`;
}

/** Most regions the Markdown comment lists. */
export const MARKDOWN_REGIONS = 100;

/** The Markdown comment. */
export function renderDiffMarkdown(report: DiffReport, diff: AccessDiff): string {
  const lines: string[] = [];
  lines.push(`### alicloud-secgroups diff: ${headline(diff)}`, "");
  const side = (s: DiffSideInfo) => `${markdownCode(s.source)} (${markdownText(formatName(s.format))})`;
  lines.push(`Before: ${side(report.before)}; after: ${side(report.after)}.`, "");
  if (diff.regions.length > 0) {
    lines.push("| change | severity | from | to | protocol:ports | before | after |", "|---|---|---|---|---|---|---|");
    // A pull-request comment holds at most 65,536 characters: the first regions (opened first), then a count.
    const shown = diff.regions.slice(0, MARKDOWN_REGIONS);
    for (const r of shown) {
      const sev = r.change === "opened" ? (r.accepted ? `accepted: ${r.accepted.reason}` : (r.severity ?? "")) : "";
      const cells = [...[r.change, sev, endText(r.from), endText(r.to), portsText(r)].map(markdownText), decisionText(r.before, markdownText), decisionText(r.after, markdownText)];
      lines.push(`| ${cells.join(" | ")} |`);
    }
    if (diff.regions.length > shown.length) lines.push("", `…and ${diff.regions.length - shown.length} more regions (the JSON report, --json, lists them all).`);
    lines.push("", "<details><summary>Example flows</summary>", "");
    for (const r of shown) lines.push(`- ${markdownCode(exampleText(r))}`);
    lines.push("", "</details>", "");
  } else lines.push("No effective access change.", "");
  const quiet = diff.ruleChanges.filter((c) => !c.effective);
  if (quiet.length > 0) {
    lines.push("**Rules changed without changing access**", "");
    for (const c of quiet) lines.push(`- ${markdownText(c.change)} ${markdownText(c.groupId)} ${markdownCode(c.rule)}${c.origin?.ruleId ? ` (${markdownText(c.origin.ruleId)})` : ""}`);
    lines.push("");
  }
  if (diff.exemptions.stale.length > 0) {
    lines.push("**Stale exemptions** (they match no opened region)", "");
    for (const e of diff.exemptions.stale) lines.push(`- ${markdownCode(e.rule)}: ${markdownText(e.reason)}`);
    lines.push("");
  }
  if (report.intents) lines.push(...diffIntentsLines(report.intents, true), "");
  const assumed = unresolvedBoth(diff, markdownText);
  if (assumed.length > 0) lines.push("<details><summary>Unresolved (what the result assumes)</summary>", "", ...assumed, "", "</details>", "");
  lines.push(`Gate: --fail-on ${markdownText(report.gate.failOn)}: ${report.gate.failed ? "**failed**" : "passed"}.`);
  return `${lines.join("\n")}\n`;
}

/** The text report; every line escaped with {@link terminalText}. */
export function renderDiffText(report: DiffReport, diff: AccessDiff): string {
  const lines: string[] = [`diff ${report.before.source} -> ${report.after.source}: ${headline(diff)}`];
  for (const r of diff.regions) {
    const sev = r.change === "opened" ? ` [${r.accepted ? `accepted: ${r.accepted.reason}` : r.severity}]` : "";
    lines.push("", `${r.change}${sev}: ${portsText(r)} from ${endText(r.from)} to ${endText(r.to)}`, `  example: ${exampleText(r)}`, `  before:  ${decisionText(r.before)}`, `  after:   ${decisionText(r.after)}`);
  }
  const quiet = diff.ruleChanges.filter((c) => !c.effective);
  if (quiet.length > 0) {
    lines.push("", "rules changed without changing access:");
    for (const c of quiet) lines.push(`  ${c.change} ${c.groupId} ${c.rule}`);
  }
  if (diff.exemptions.stale.length > 0) {
    lines.push("", "stale exemptions:");
    for (const e of diff.exemptions.stale) lines.push(`  ${e.rule}: ${e.reason}`);
  }
  if (report.intents) lines.push("", ...diffIntentsLines(report.intents, false));
  const assumed = unresolvedBoth(diff, terminalText);
  if (assumed.length > 0) lines.push("", "unresolved:", ...assumed.map((l) => `  ${l.slice(2)}`));
  lines.push("", `gate: --fail-on ${report.gate.failOn}: ${report.gate.failed ? "failed" : "passed"}`);
  return `${lines.map(terminalText).join("\n")}\n`;
}
