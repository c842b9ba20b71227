/**
 * The plan report as Markdown, for a pull-request comment: a heading, the totals and findings
 * up front, then the full text report in a fenced block (the same bytes as `--format text`).
 * Names and messages go through {@link markdownText}; the block's fence is longer than any
 * backtick run in the text, so nothing in it can close the block.
 */
import { markdownFence, markdownText } from "../model/escape";
import { intentsLines } from "./intents-section";
import { renderText } from "./render-text";
import { PlanReport } from "./report";

/** Renders the report as GitHub-flavoured Markdown, ending with a newline. */
export function renderMarkdown(report: PlanReport): string {
  const t = report.totals;
  const lines = [`## Security groups of ${markdownText(report.project)} (stack ${markdownText(report.stack)})`, "", `${t.groups} groups, ${t.rules} rules (${t.ingress} ingress, ${t.egress} egress), ${t.invalid} invalid; ${report.instances.length} instances; ${report.assumed.length} assumed values. Planned on mocks: nothing was deployed.`, ""];
  if (report.findings) {
    if (report.findings.length === 0) lines.push("No findings.", "");
    else {
      lines.push("| severity | check | where | message |", "|---|---|---|---|");
      for (const f of report.findings) lines.push(`| ${markdownText(f.severity)} | ${markdownText(f.check)} | ${markdownText([f.intent !== undefined ? `intent ${f.intent}` : undefined, f.group, f.rule, f.instance].filter((x) => x !== undefined).join(" / ") || "-")} | ${markdownText(f.message)} |`);
      lines.push("");
    }
  }
  if (report.intents) lines.push(...intentsLines(report.intents, true), "");
  lines.push("<details><summary>Full plan</summary>", "", markdownFence(renderText(report).trimEnd(), "text"), "", "</details>");
  return lines.join("\n") + "\n";
}
