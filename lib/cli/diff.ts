/**
 * `alicloud-secgroups diff BEFORE AFTER`: reads both sources, compares effective access with
 * {@link accessDiff}, renders the report, and sets the exit code from `--fail-on`.
 */
import { AccessDiff, accessDiff, diffFails } from "../review/access-diff";
import { SourceNetwork } from "../sources/source-network";
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
import { intentsReport, joinIntents, sourceIntents } from "./intents-section";

/** What a command printed and its exit code. */
export interface CommandResult {
  /** 0, 1 or 2 (CLI.md). */
  exitCode: number;
  /** The report. */
  stdout: string;
  /** Messages. */
  stderr: string;
}

/**
 * A plan holds what its program declares: groups and rules, not the estate's instances or prefix
 * lists (a program adopted from an export declares none). Diffed against another source, each
 * instance only that source holds, whose groups are all the plan's, joins them on the plan's side
 * as it does there, and so does each prefix list only it holds that the plan's rules name: they
 * are outside the program, not removed by it. Returns both sides and what was carried over.
 */
export function carryOutsideProgram(before: SourceNetwork, after: SourceNetwork): { before: SourceNetwork; after: SourceNetwork; instances: number; prefixLists: number } {
  const isPlan = (n: SourceNetwork) => n.format === "plan-json";
  if (isPlan(before) === isPlan(after)) return { before, after, instances: 0, prefixLists: 0 };
  const [plan, other] = isPlan(before) ? [before, after] : [after, before];
  const groups = new Set(plan.model.groups.map((g) => g.id));
  const known = new Set((plan.model.instances ?? []).map((i) => i.id));
  const instances = (other.model.instances ?? []).filter((i) => !known.has(i.id) && i.groups.length > 0 && i.groups.every((g) => groups.has(g)));
  const named = new Set(plan.model.groups.flatMap((g) => g.rules.map((r) => r.prefixListId).filter((id): id is string => id !== undefined)));
  const lists = new Set((plan.model.prefixLists ?? []).map((l) => l.id));
  const prefixLists = (other.model.prefixLists ?? []).filter((l) => named.has(l.id) && !lists.has(l.id));
  if (instances.length === 0 && prefixLists.length === 0) return { before, after, instances: 0, prefixLists: 0 };
  const instanceOrigins = new Map(plan.instanceOrigins);
  for (const i of instances) {
    const origin = other.instanceOrigins.get(i.id);
    if (origin) instanceOrigins.set(i.id, origin);
  }
  const carried: SourceNetwork = { ...plan, model: { ...plan.model, instances: [...(plan.model.instances ?? []), ...instances], prefixLists: [...(plan.model.prefixLists ?? []), ...prefixLists] }, instanceOrigins };
  return { before: plan === before ? carried : before, after: plan === after ? carried : after, instances: instances.length, prefixLists: prefixLists.length };
}

/** Runs `diff` on parsed options. Input errors propagate (the dispatcher renders them). */
export function runDiffCommand(opts: DiffCommandOptions): CommandResult {
  // An input that cannot be read or recognised is exit 2, naming the file (CLI.md).
  const sides = carryOutsideProgram(readOneSourceArg(opts.cwd, opts.before), readOneSourceArg(opts.cwd, opts.after));
  const { before, after } = sides;
  const diff = accessDiff(before, after, { exemptions: opts.exemptions });
  const intents = diffIntents(before, after, opts);
  // An intent that held before and is broken after fails the diff at every level but none, whether the change closes or opens.
  const brokenByChange = (intents?.broken ?? []).filter((i) => !i.acknowledged);
  const opened = diffFails(diff, opts.failOn);
  const failed = opened || (brokenByChange.length > 0 && opts.failOn !== "none");
  const report = diffReport(diff, { source: opts.before, net: before }, { source: opts.after, net: after }, opts.failOn, failed);
  if (intents) report.intents = intents;
  const stdout = renderDiff(opts.format, report, diff, opts.cwd);
  const carried = sides.instances + sides.prefixLists > 0 ? `alicloud-secgroups: note: the plan declares none of the other source's ${[sides.instances > 0 ? `${sides.instances} instance${sides.instances === 1 ? "" : "s"}` : "", sides.prefixLists > 0 ? `${sides.prefixLists} prefix list${sides.prefixLists === 1 ? "" : "s"}` : ""].filter((x) => x !== "").join(" and ")}: outside the program, they are compared as they are, in the plan's groups.\n` : "";
  const why = [opened ? `${diff.summary.opened - diff.summary.accepted} opened region(s) not accepted` : "", brokenByChange.length > 0 && opts.failOn !== "none" ? `${brokenByChange.length} intent(s) held before and are broken after (${brokenByChange.map((i) => i.id).join(", ")})` : ""].filter(Boolean).join("; ");
  const stderr = carried + (failed ? `alicloud-secgroups: the diff reaches --fail-on ${opts.failOn}: ${why}.\n` : "");
  return { exitCode: failed ? EXIT_FINDINGS : 0, stdout, stderr };
}

/**
 * The intents of a diff (what the components recognised on either side promise, and the file's),
 * proved before and after; those that held before and are broken after are the change's.
 */
function diffIntents(before: SourceNetwork, after: SourceNetwork, opts: DiffCommandOptions): DiffIntentsReport | undefined {
  const b = sourceIntents(before);
  const a = sourceIntents(after);
  const seen = new Set(b.intents.map((i) => i.intent.id));
  const declared = [...b.intents, ...a.intents.filter((i) => !seen.has(i.intent.id))];
  const intents = joinIntents(declared, opts.intents, opts.intentsFile);
  if (intents.length === 0) return undefined;
  const context = { components: { ...(b.context.components ?? {}), ...(a.context.components ?? {}) }, ...(a.context.unknown ?? b.context.unknown ? { unknown: new Map([...(b.context.unknown ?? []), ...(a.context.unknown ?? [])]) } : {}) };
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
