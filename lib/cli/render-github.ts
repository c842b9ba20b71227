/**
 * A report as GitHub workflow commands: one annotation per finding that is not acknowledged,
 * `::error` for high, `::warning` for medium, `::notice` for low, on its file and line, titled with
 * the check and the resource. Properties go through {@link githubCommandProperty}, the message
 * through {@link githubCommandData}: nothing read from a source can end the command, add a
 * property or start another command. Paths are relative to the directory the command ran in
 * (the workspace, in a workflow), as the runner resolves them.
 */
import { githubCommandData, githubCommandProperty } from "../model/escape";
import { CiReport, CiSeverity } from "./ci-report";
import { messageWithFix } from "./render-sarif";

const COMMAND: Record<CiSeverity, string> = { high: "error", medium: "warning", low: "notice" };

/**
 * Renders the annotations, one line each, ending with a newline (nothing when there is nothing
 * to annotate). `prefix` is put before each location's file (the project directory as typed,
 * for a plan's locations relative to the project).
 */
export function renderGithub(report: CiReport, prefix = ""): string {
  const lines = report.results
    .filter((r) => !r.acknowledged)
    .map((r) => {
      const file = prefix === "" || r.location.uri === "." ? r.location.uri : `${prefix}/${r.location.uri}`;
      const props = [`file=${githubCommandProperty(file)}`, `line=${r.location.line ?? 1}`];
      if (r.location.column !== undefined) props.push(`col=${r.location.column}`);
      props.push(`title=${githubCommandProperty(`${r.check}: ${r.subject}`)}`);
      return `::${COMMAND[r.severity]} ${props.join(",")}::${githubCommandData(`[${r.severity}] ${messageWithFix(r)}`)}`;
    });
  // The Intents section's summary, once; the broken intents are the error annotations above.
  if (report.intents !== undefined) {
    const at = report.intents.location;
    const file = prefix === "" || at.uri === "." ? at.uri : `${prefix}/${at.uri}`;
    lines.push(`::notice file=${githubCommandProperty(file)},line=${at.line ?? 1},title=${githubCommandProperty("intents")}::${githubCommandData(`Intents: ${report.intents.summary}`)}`);
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
