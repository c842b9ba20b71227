/**
 * `alicloud-secgroups diff BEFORE AFTER`: reads both sources, compares effective access with
 * {@link accessDiff}, renders the report, and sets the exit code from `--fail-on`.
 */
import { AccessDiff, accessDiff, diffFails } from "../review/access-diff";
import { EXIT_FINDINGS } from "./cli-error";
import { DiffCommandOptions } from "./review-args";
import { DiffReport, diffReport, renderDiffMarkdown, renderDiffText } from "./render-diff";
import { diffCiReport } from "./ci-report";
import { renderGithub } from "./render-github";
import { renderJunit } from "./render-junit";
import { renderSarif } from "./render-sarif";
import { readOneSourceArg } from "./source-files";

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
  const failed = diffFails(diff, opts.failOn);
  const report = diffReport(diff, { source: opts.before, net: before }, { source: opts.after, net: after }, opts.failOn, failed);
  const stdout = renderDiff(opts.format, report, diff, opts.cwd);
  const stderr = failed ? `alicloud-secgroups: the diff reaches --fail-on ${opts.failOn}: ${diff.summary.opened - diff.summary.accepted} opened region(s) not accepted.\n` : "";
  return { exitCode: failed ? EXIT_FINDINGS : 0, stdout, stderr };
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
