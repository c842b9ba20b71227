/**
 * `alicloud-secgroups diff BEFORE AFTER`: reads both sources, compares effective access with
 * {@link accessDiff}, renders the report, and sets the exit code from `--fail-on`.
 */
import { AccessDiff, accessDiff, diffFails } from "../review/access-diff";
import { EXIT_FINDINGS } from "./cli-error";
import { DiffCommandOptions } from "./review-args";
import { DiffIntentsReport, DiffReport, diffReport, renderDiffMarkdown, renderDiffText } from "./render-diff";
import { diffCiReport } from "./ci-report";
import { renderGithub } from "./render-github";
import { renderJunit } from "./render-junit";
import { renderSarif } from "./render-sarif";
import { readOneSourceArg } from "./source-files";
import { proveNetworkIntents } from "../checks/intent-proof";
import { exemptionWhere, isFindingExemption } from "../model/exemptions";
import { SourceNetwork } from "../sources/source-network";
import { intentsReport, joinIntents, recognisedIntents } from "./intents-section";

/** What a command printed and its exit code. */
export interface CommandResult {
  /** 0, 1 or 2 (CLI.md). */
  exitCode: number;
  /** The report. */
  stdout: string;
  /** Messages. */
  stderr: string;
}

/** Runs `diff` on parsed options. Input errors propagate (the dispatcher renders them). */
export function runDiffCommand(opts: DiffCommandOptions): CommandResult {
  // An input that cannot be read or recognised is exit 2, naming the file (CLI.md).
  const before = readOneSourceArg(opts.cwd, opts.before);
  const after = readOneSourceArg(opts.cwd, opts.after);
  const diff = accessDiff(before, after, { exemptions: opts.exemptions });
  const intents = diffIntents(before, after, opts);
  // An intent that held before and is broken after fails the diff at every level but none, whether the change closes or opens.
  const brokenByChange = (intents?.broken ?? []).filter((i) => !i.acknowledged);
  const opened = diffFails(diff, opts.failOn);
  const failed = opened || (brokenByChange.length > 0 && opts.failOn !== "none");
  const report = diffReport(diff, { source: opts.before, net: before }, { source: opts.after, net: after }, opts.failOn, failed);
  if (intents) report.intents = intents;
  const stdout = renderDiff(opts.format, report, diff, opts.cwd);
  const why = [opened ? `${diff.summary.opened - diff.summary.accepted} opened region(s) not accepted` : "", brokenByChange.length > 0 && opts.failOn !== "none" ? `${brokenByChange.length} intent(s) held before and are broken after (${brokenByChange.map((i) => i.id).join(", ")})` : ""].filter(Boolean).join("; ");
  const stderr = failed ? `alicloud-secgroups: the diff reaches --fail-on ${opts.failOn}: ${why}.\n` : "";
  return { exitCode: failed ? EXIT_FINDINGS : 0, stdout, stderr };
}

/**
 * The intents of a diff (what the components recognised on either side promise, and the file's),
 * proved before and after; those that held before and are broken after are the change's.
 */
function diffIntents(before: SourceNetwork, after: SourceNetwork, opts: DiffCommandOptions): DiffIntentsReport | undefined {
  const b = recognisedIntents(before.model, before.serviceManaged);
  const a = recognisedIntents(after.model, after.serviceManaged);
  const seen = new Set(b.intents.map((i) => i.intent.id));
  const declared = [...b.intents, ...a.intents.filter((i) => !seen.has(i.intent.id))];
  const intents = joinIntents(declared, opts.intents, opts.intentsFile);
  if (intents.length === 0) return undefined;
  const context = { components: { ...(b.context.components ?? {}), ...(a.context.components ?? {}) } };
  const list = intents.map((i) => i.intent);
  const acknowledged = new Map<string, { reason: string; exemption: string }>();
  for (const e of opts.exemptions) if (isFindingExemption(e) && e.check === "broken-intent" && !acknowledged.has(e.rule)) acknowledged.set(e.rule, { reason: e.reason, exemption: exemptionWhere(e) });
  const ruleId = (net: SourceNetwork) => (g: string, i: number) => net.ruleOrigins.get(g)?.[i]?.ruleId ?? net.ruleOrigins.get(g)?.[i]?.resource;
  const beforeReport = intentsReport(before.model, intents, proveNetworkIntents(before.model, list, context), context, new Map(), ruleId(before));
  const afterReport = intentsReport(after.model, intents, proveNetworkIntents(after.model, list, context), context, acknowledged, ruleId(after));
  const held = new Set(beforeReport.intents.filter((i) => i.status === "proven").map((i) => i.id));
  return { before: beforeReport, after: afterReport, broken: afterReport.intents.filter((i) => i.status === "broken" && held.has(i.id)) };
}

function renderDiff(format: DiffCommandOptions["format"], report: DiffReport, diff: AccessDiff, cwd: string): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(report, null, 2)}\n`;
    case "markdown":
      return renderDiffMarkdown(report, diff);
    case "sarif":
      return renderSarif(diffCiReport(report, diff, cwd));
    case "junit":
      return renderJunit(diffCiReport(report, diff, cwd));
    case "github":
      return renderGithub(diffCiReport(report, diff, cwd));
    default:
      return renderDiffText(report, diff);
  }
}
