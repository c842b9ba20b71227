/**
 * Options of the `audit` and `diff` commands, read from the one parser of lib/cli/args.ts (their
 * options are declared there, once, with every other command's). Each command's logic takes the
 * parsed object ({@link DiffCommandOptions}, {@link AuditCommandOptions}).
 */
import { FailOn } from "../checks/finding";
import { loadExemptions } from "../checks/exemptions";
import { Exemption } from "../model/exemptions";
import { ValidationError } from "../model/errors";
import { CliArgs, ReportFormat, helpText, parseCliArgs } from "./args";
import { CliError, readArgFile, usageError } from "./cli-error";
import type { Intent } from "../analysis/intents";
import { readIntentsFile } from "./intents-section";

export type { ReportFormat } from "./args";

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
  /** Intents proved besides the recognised components' (`--intents FILE`, read). @default none */
  intents?: Intent[];
  /** The intents file as typed. @default none */
  intentsFile?: string;
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
  /** With `flowLogs`: also propose narrowing (or removing) world-open web ports of groups that serve the web. @default false */
  narrowPublic?: boolean;
}

/** Help of `diff`, generated from its declared options like every command's. */
export const DIFF_USAGE = helpText("diff");

/** Help of `audit`, generated from its declared options like every command's. */
export const AUDIT_USAGE = helpText("audit");

/**
 * Reads an exemptions file (CLI.md's one format, for every command): unreadable, or a bad
 * entry, is an input the command cannot use (exit 2, naming the file and the entry).
 */
export function readExemptionsFile(cwd: string, file: string): Exemption[] {
  const text = readArgFile(cwd, file, "the exemptions file");
  // The one exemptions format (CLI.md), read by the same loader as plan's.
  try {
    return loadExemptions(text, file);
  } catch (e) {
    if (e instanceof ValidationError) throw new CliError(e.message);
    throw e;
  }
}

function common(args: CliArgs, cwd: string): ReviewCommandOptions {
  const exemptions = args.exemptions !== undefined ? readExemptionsFile(cwd, args.exemptions) : [];
  const intents = args.intents !== undefined ? { intents: readIntentsFile(cwd, args.intents), intentsFile: args.intents } : {};
  return { format: args.format, failOn: args.failOn as FailOn, exemptions, cwd, ...intents };
}

/** `diff`'s options from the parsed command line. */
export function diffOptions(args: CliArgs, cwd: string): DiffCommandOptions {
  return { ...common(args, cwd), before: args.sources[0], after: args.sources[1] };
}

/** `audit`'s options from the parsed command line. */
export function auditOptions(args: CliArgs, cwd: string): AuditCommandOptions {
  const flowLogs = args.options.flowLogs as string[] | undefined;
  if (flowLogs?.some((f) => f.trim() === "")) throw usageError("--flow-logs needs a file name.");
  const allowIncomplete = args.options.allowIncomplete === true;
  const narrowPublic = args.options.narrowPublic === true;
  if (narrowPublic && !flowLogs) throw usageError("--narrow-public narrows from flow logs: give them with --flow-logs FILE.");
  return { ...common(args, cwd), sources: args.sources, matrix: args.options.matrix === true, ...(allowIncomplete ? { allowIncomplete } : {}), ...(flowLogs ? { flowLogs } : {}), ...(narrowPublic ? { narrowPublic } : {}) };
}

/** Parses the arguments after `diff`; `undefined` asks for help. */
export function parseDiffArgs(argv: readonly string[], cwd: string): DiffCommandOptions | undefined {
  const args = parseCliArgs(["diff", ...argv]);
  return args.command === "help" ? undefined : diffOptions(args, cwd);
}

/** Parses the arguments after `audit`; `undefined` asks for help. */
export function parseAuditArgs(argv: readonly string[], cwd: string): AuditCommandOptions | undefined {
  const args = parseCliArgs(["audit", ...argv]);
  return args.command === "help" ? undefined : auditOptions(args, cwd);
}
