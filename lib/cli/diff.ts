/**
 * `alicloud-secgroups diff BEFORE AFTER`: reads both sources, compares effective access with
 * {@link accessDiff}, renders the report, and sets the exit code from `--fail-on`.
 */
import { accessDiff, diffFails } from "../review/access-diff";
import { readOneNetwork } from "../sources/read-sources";
import { DiffCommandOptions } from "./review-args";
import { diffReport, renderDiffMarkdown, renderDiffText } from "./render-diff";
import { loadSourceFiles } from "./source-files";

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
  const before = readOneNetwork(opts.before, loadSourceFiles(opts.cwd, opts.before));
  const after = readOneNetwork(opts.after, loadSourceFiles(opts.cwd, opts.after));
  const diff = accessDiff(before, after, { exemptions: opts.exemptions });
  const failed = diffFails(diff, opts.failOn);
  const report = diffReport(diff, { source: opts.before, net: before }, { source: opts.after, net: after }, opts.failOn, failed);
  const stdout = opts.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : opts.format === "markdown" ? renderDiffMarkdown(report, diff) : renderDiffText(report, diff);
  const stderr = failed ? `alicloud-secgroups: the diff reaches --fail-on ${opts.failOn}: ${diff.summary.opened - diff.summary.accepted} opened region(s) not accepted.\n` : "";
  return { exitCode: failed ? 1 : 0, stdout, stderr };
}
