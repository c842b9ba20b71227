/**
 * Options of the `audit` and `diff` commands, parsed with Node's `util.parseArgs` until every
 * command shares one parser. Each command's logic takes the parsed object
 * ({@link DiffCommandOptions}, {@link AuditCommandOptions}), so the parser can change alone.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { FAIL_ON_LEVELS, FailOn } from "../checks/finding";
import { loadExemptions } from "../checks/exemptions";
import { Exemption } from "../model/exemptions";
import { ValidationError } from "../model/errors";
import { CliError, errorMessage, fileErrorReason, usageError } from "./cli-error";

/** Report formats. */
export type ReportFormat = "text" | "json" | "markdown";

/** Options shared by `audit` and `diff`. */
export interface ReviewCommandOptions {
  /** Output format. @default "text" */
  format: ReportFormat;
  /** Exit 1 when something reaches this level. */
  failOn: FailOn;
  /** Accepted findings and broadenings, parsed. @default [] */
  exemptions: Exemption[];
  /** Directory relative paths resolve against. */
  cwd: string;
}

/** Parsed `diff BEFORE AFTER`. */
export interface DiffCommandOptions extends ReviewCommandOptions {
  /** The BEFORE source. */
  before: string;
  /** The AFTER source. */
  after: string;
}

/** Parsed `audit SOURCE…`. */
export interface AuditCommandOptions extends ReviewCommandOptions {
  /** The sources. */
  sources: string[];
  /** Also print the full pairwise access matrix. @default false */
  matrix: boolean;
  /** VPC flow log files (JSON lines or CSV, as Log Service exports them) to attribute to the rules. @default none */
  flowLogs?: string[];
  /** Groups listed without their rule files are a low `incomplete-input` finding instead of a high one. @default false */
  allowIncomplete?: boolean;
}

/** Usage of `diff`. */
export const DIFF_USAGE = `Usage: alicloud-secgroups diff BEFORE AFTER [options]

Compares the effective access of two networks and reports every region (peer x protocol x
ports, per instance and per group) that a change opens or closes. BEFORE and AFTER are each
an export file or a directory: ECS API files (aliyun CLI), pulumi stack export, terraform
show -json, terraform.tfstate, or a saved plan --json.

Options:
  --format text|json|markdown  the report for a terminal, a machine, a pull-request comment
  --json                       same as --format json
  --fail-on LEVEL              broadening (any opened region), high, medium, low or none
                               (default: broadening)
  --exemptions FILE            accepted broadenings: a YAML or JSON list of { diff, rule, reason }
  -h, --help                   show this help

Exit codes: 0 nothing reached --fail-on, 1 something did (or an input failed), 2 wrong usage.
`;

/** Usage of `audit`. */
export const AUDIT_USAGE = `Usage: alicloud-secgroups audit SOURCE... [options]

Audits existing security groups: groups, rules, instances, findings, who can reach each
group, unused groups, drift between a stack export and an API export, and for each high
finding a least-privilege replacement proved by the access diff.

Options:
  --format text|json|markdown  the report for a terminal, a machine, a pull-request comment
  --json                       same as --format json
  --fail-on LEVEL              high, medium, low or none (default: high)
  --exemptions FILE            acknowledged findings: a YAML or JSON list of { check, rule, reason }
  --matrix                     also print the full pairwise access matrix
  --allow-incomplete           groups listed without their rule files are a low finding
                               instead of a high incomplete-input
  --flow-logs FILE             VPC flow logs (JSON lines or CSV from Log Service; repeatable):
                               each accepted flow attributed to the rule that admitted it,
                               unused rules, and narrower rules proposed from the evidence
  -h, --help                   show this help

Exit codes: 0 nothing reached --fail-on; 1 something did (a finding, an unreadable rule that
could be dangerous, a group without its rule files); 2 wrong usage, or an input that cannot be read.
`;

/**
 * Reads an exemptions file (CLI.md's one format, for every command): unreadable is wrong usage
 * (exit 2), a bad entry a failed input (exit 1).
 */
export function readExemptionsFile(cwd: string, file: string): Exemption[] {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), "utf8");
  } catch (e) {
    throw usageError(`cannot read the exemptions file ${file}: ${fileErrorReason(e)}`);
  }
  // The one exemptions format (CLI.md), read by the same loader as plan's: a bad entry is a failed input.
  try {
    return loadExemptions(text, file);
  } catch (e) {
    if (e instanceof ValidationError) throw new CliError(e.message);
    throw e;
  }
}

function parse(argv: readonly string[], extra: Record<string, { type: "boolean" } | { type: "string"; multiple: true }>) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { json: { type: "boolean" }, format: { type: "string" }, "fail-on": { type: "string" }, exemptions: { type: "string" }, help: { type: "boolean", short: "h" }, ...extra },
    });
  } catch (e) {
    throw usageError(`${errorMessage(e).split(". ")[0]}. Run with --help for the options.`);
  }
}

function common(values: Record<string, unknown>, cwd: string, defaultFailOn: FailOn): ReviewCommandOptions {
  const format = values.json ? "json" : ((values.format as string | undefined) ?? "text");
  if (!["text", "json", "markdown"].includes(format)) throw usageError(`--format ${JSON.stringify(format)} is not a format. Use text, json or markdown.`);
  const failOn = (values["fail-on"] as string | undefined) ?? defaultFailOn;
  if (!(FAIL_ON_LEVELS as readonly string[]).includes(failOn)) throw usageError(`--fail-on ${JSON.stringify(failOn)} is not a level. Use ${FAIL_ON_LEVELS.join(", ")}.`);
  const exemptions = typeof values.exemptions === "string" ? readExemptionsFile(cwd, values.exemptions) : [];
  return { format: format as ReportFormat, failOn: failOn as FailOn, exemptions, cwd };
}

/** Parses the arguments after `diff`; `undefined` asks for help. */
export function parseDiffArgs(argv: readonly string[], cwd: string): DiffCommandOptions | undefined {
  const { values, positionals } = parse(argv, {});
  if (values.help) return undefined;
  if (positionals.length !== 2) throw usageError(`diff takes BEFORE and AFTER, got ${positionals.length} source${positionals.length === 1 ? "" : "s"}. Run alicloud-secgroups diff --help.`);
  return { ...common(values, cwd, "broadening"), before: positionals[0], after: positionals[1] };
}

/** Parses the arguments after `audit`; `undefined` asks for help. */
export function parseAuditArgs(argv: readonly string[], cwd: string): AuditCommandOptions | undefined {
  const { values, positionals } = parse(argv, { matrix: { type: "boolean" }, "allow-incomplete": { type: "boolean" }, "flow-logs": { type: "string", multiple: true } });
  if (values.help) return undefined;
  if (positionals.length === 0) throw usageError("audit needs at least one SOURCE: an export file or a directory. Run alicloud-secgroups audit --help.");
  const opts = common(values, cwd, "high");
  if (opts.failOn === "broadening") throw usageError("--fail-on broadening applies to diff; use high, medium, low or none for audit.");
  const flowLogs = (values as Record<string, unknown>)["flow-logs"] as string[] | undefined;
  if (flowLogs?.some((f) => f.trim() === "")) throw usageError("--flow-logs needs a file name.");
  const allowIncomplete = (values as Record<string, unknown>)["allow-incomplete"] === true;
  return { ...opts, sources: positionals, matrix: (values as Record<string, unknown>).matrix === true, ...(allowIncomplete ? { allowIncomplete } : {}), ...(flowLogs ? { flowLogs } : {}) };
}
