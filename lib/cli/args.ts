/**
 * The command line, parsed with commander: `alicloud-secgroups <command> [SOURCE…] [options]`.
 * Every option shared by the commands is declared once here ({@link SHARED_OPTIONS}) and means
 * the same everywhere; each command declares which shared options it takes and its own, once
 * ({@link CommandSpec}), and the help text is generated from those declarations. Unknown
 * commands and options are usage errors (exit 2) with a did-you-mean.
 */
import * as fs from "fs";
import * as path from "path";
import { editDistance } from "../model/edit-distance";
import { Command, CommanderError, Option } from "commander";
import { errorMessage, usageError } from "./cli-error";

/**
 * Report formats: for a terminal, a machine, a pull-request comment, code scanning (SARIF
 * 2.1.0), test dashboards (JUnit XML) and GitHub's inline annotations.
 */
export const REPORT_FORMATS = ["text", "json", "markdown", "sarif", "junit", "github"] as const;
/** A report format. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];
// `--fail-on` levels, and the one severity order they follow (lib/checks/finding.ts).
import { FAIL_ON_LEVELS, FailOn } from "../checks/finding";
export { FAIL_ON_LEVELS };
export type { FailOn };

/** The package's version (`--version`), read from its package.json (two folders up from lib/cli and from dist/cli alike). */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
}

/** The exit codes, the same for every command (CLI.md), stated at the end of each command's help. */
export const EXIT_CODES_HELP = "Exit codes: 0 done, and nothing reached the --fail-on level; 1 something did (a finding,\na broken intent, an opened region, a rule the provider would refuse); 2 could not run (wrong\nusage, an unreadable or unrecognised input, a program that failed).";

/** The options every command may share; a command lists the ones it takes. */
export type SharedOptionName = "json" | "format" | "fail-on" | "exemptions" | "intents" | "answers" | "config" | "stack" | "verbose" | "force";

/** One option of a command's own: commander flags (`--diagram <file>`) and a one-line description. */
export interface OwnOption {
  /** Commander flags, e.g. `--diagram <file>` or `-t, --timeout <seconds>`. */
  flags: string;
  /** One line for the help. */
  description: string;
  /** Allowed values, when the option takes one of a list. */
  choices?: readonly string[];
  /** The option may be given several times; its value is the list of values, in order. @default false */
  repeatable?: boolean;
}

/** A command as the parser knows it: its name, arguments and options, declared once. */
export interface CommandSpec {
  /** The command word, e.g. `plan`. */
  name: string;
  /** One line for the tool's help. */
  summary: string;
  /** What the command does, for its own help. */
  description: string;
  /** Positional arguments in commander syntax, e.g. `[dir]` or `<source...>`. @default none */
  arguments?: string;
  /** Descriptions of the positional arguments, by name. */
  argumentHelp?: Record<string, string>;
  /** The shared options it takes. */
  shared: readonly SharedOptionName[];
  /** The `--fail-on` levels it accepts. @default high, medium, low, none */
  failOnLevels?: readonly FailOn[];
  /** Its `--fail-on` default, stated in its help. @default "high" */
  failOnDefault?: FailOn;
  /** Options of its own. @default none */
  options?: readonly OwnOption[];
  /** The report formats it writes. @default every one of {@link REPORT_FORMATS} */
  formats?: readonly ReportFormat[];
  /** Text after the options in its help (examples); the exit codes follow it. */
  epilog?: string;
}

/** The parsed command line. */
export interface CliArgs {
  /** The command, or `help` for a help text (in {@link CliArgs.help}). */
  command: string;
  /** The help text to print, when `command` is `help`. */
  help?: string;
  /** Positional arguments (SOURCEs). @default [] */
  sources: string[];
  /** `plan`'s project directory (its first source). @default the current directory */
  dir?: string;
  /** The report as JSON (`--json`, or `--format json`). @default false */
  json: boolean;
  /** Report format. @default "text" */
  format: ReportFormat;
  /** Exit code by the worst finding at or above this level. @default the command's default */
  failOn: FailOn;
  /** `--exemptions FILE`. @default none */
  exemptions?: string;
  /** `--intents FILE`. @default none */
  intents?: string;
  /** `--answers FILE`. @default none */
  answers?: string;
  /** `--config key=value` pairs, in order; later ones win. @default {} */
  config: Record<string, string>;
  /** Stack name the program sees and whose `Pulumi.<stack>.yaml` is read. @default "dev" */
  stack: string;
  /** True when `--stack` was given (a missing `Pulumi.<stack>.yaml` is then worth a warning). */
  stackGiven?: boolean;
  /** Print stack traces of program errors. @default false */
  verbose: boolean;
  /** `plan --diagram FILE`. @default none */
  diagram?: string;
  /** `--force`: an output path may replace an existing file or a non-empty directory. @default false */
  force?: boolean;
  /** `plan --timeout SECONDS`, as milliseconds. @default 10000 */
  timeoutMs?: number;
  /** `plan --complete`: the program holds everything that uses its groups (enables `unused-group`). @default false */
  complete?: boolean;
  /** The command's own options, camel-cased, as commander read them. */
  options: Record<string, unknown>;
}

const TOOL = "alicloud-secgroups";

/** A stack name, optionally qualified as `organisation/project/stack`. */
const STACK_NAME = /^(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*\/){0,2}[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

function configPair(pair: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = pair.indexOf("=");
  const key = eq < 0 ? "" : pair.slice(0, eq).trim();
  if (eq < 0 || key === "" || /\s/.test(key)) {
    throw usageError(`--config takes key=value, got ${JSON.stringify(pair)}. Write e.g. --config vpcId=vpc-123.`);
  }
  return { ...previous, [key]: pair.slice(eq + 1) };
}

/** The shared options, declared once: flags and meaning are the same in every command. */
export const SHARED_OPTIONS: Record<SharedOptionName, (spec: CommandSpec) => Option> = {
  json: () => new Option("--json", "print the report as JSON (a stable shape with a version field); the same as --format json"),
  format: (spec) =>
    new Option("--format <format>", "the report for a terminal (text), a machine (json), a pull-request comment (markdown), code scanning (sarif), test dashboards (junit) or GitHub annotations (github)")
      .choices(spec.formats ?? REPORT_FORMATS)
      .default("text"),
  "fail-on": (spec) =>
    new Option("--fail-on <level>", spec.failOnLevels?.includes("broadening") ? "exit 1 when something at or above this level is reported: broadening is any opened region, a severity an opened region of that severity or worse; none never fails on it" : "exit 1 when a finding at or above this severity is reported; none never fails on findings")
      .choices(spec.failOnLevels ?? ["high", "medium", "low", "none"])
      .default(spec.failOnDefault ?? "high"),
  exemptions: () => new Option("--exemptions <file>", "acknowledged findings, each with a reason (YAML or JSON)"),
  intents: () => new Option("--intents <file>", "access intents (YAML or JSON, schema/intents.schema.json) proved over the whole network; a broken one is a broken-intent finding, severity high"),
  answers: () => new Option("--answers <file>", "values for data sources and computed outputs (YAML or JSON); the rest get documented placeholders"),
  config: () => new Option("-c, --config <key=value>", "set a configuration value (repeatable); bare keys are the project's").argParser(configPair),
  stack: () => new Option("-s, --stack <name>", "the stack the program sees; reads Pulumi.<name>.yaml").default("dev"),
  verbose: () => new Option("-v, --verbose", "print stack traces of program errors"),
  force: () => new Option("--force", "let an output path replace an existing file or a non-empty directory (refused without it)"),
};

/** The commands the tool knows, in help order. */
const COMMANDS: CommandSpec[] = [];

/** Adds a command to the parser (its options declared once, in `spec`); a second spec of the same name replaces the first. */
export function registerCommand(spec: CommandSpec): void {
  const i = COMMANDS.findIndex((c) => c.name === spec.name);
  if (i >= 0) COMMANDS[i] = spec;
  else COMMANDS.push(spec);
}

/** Removes a registered command (for tests). */
export function unregisterCommand(name: string): void {
  const i = COMMANDS.findIndex((c) => c.name === name);
  if (i >= 0) COMMANDS.splice(i, 1);
}

/** The registered commands. */
export function commandSpecs(): readonly CommandSpec[] {
  return COMMANDS;
}

/** The `plan` command. */
export const PLAN_COMMAND: CommandSpec = {
  name: "plan",
  summary: "plan a Pulumi program offline and report the security groups it would create",
  description:
    "Runs a Pulumi program (TypeScript or JavaScript) offline on mocks and prints the security groups, rules and instances it would create, with least-privilege findings and who can reach what. " +
    "Nothing is deployed; no credentials needed. Data sources and values only the cloud knows get documented placeholders (or --answers), and the report lists every one it assumed.",
  arguments: "[dir]",
  argumentHelp: { dir: "the Pulumi project directory (default: the current directory); its Pulumi.yaml main, package.json main or index.ts is run" },
  shared: ["json", "format", "fail-on", "exemptions", "intents", "answers", "config", "stack", "verbose", "force"],
  failOnLevels: ["high", "medium", "low", "none"],
  failOnDefault: "high",
  options: [
    { flags: "--diagram <file>", description: "write the access diagram (Mermaid) to FILE (an existing file is refused without --force)" },
    { flags: "--timeout <seconds>", description: "longest wait for the program to finish registering (default: 10)" },
    { flags: "--complete", description: "the program holds everything that uses its groups: report groups nothing uses (unused-group)" },
    { flags: "--ids <file>", description: "use the real ids of an import.json (what adopt writes), so the plan diffs against the export it came from; a project's import.json is never read unless given here" },
  ],
};
registerCommand(PLAN_COMMAND);

/** `diff`: compares two sources; the handler is lib/cli/review-commands.ts. */
export const DIFF_COMMAND: CommandSpec = {
  name: "diff",
  summary: "compare the effective access of two networks (exports, states, plans) and report what a change opens or closes",
  description:
    "Compares the effective access of BEFORE and AFTER and reports every region (peer x protocol x ports, per instance and per group) that a change opens or closes. " +
    "BEFORE and AFTER are each an export file or a directory: ECS API files (aliyun CLI), pulumi stack export, terraform show -json, terraform.tfstate, or a saved plan --json.",
  arguments: "<before> <after>",
  argumentHelp: { before: "the network before the change: an export file or a directory of them", after: "the network after the change" },
  shared: ["json", "format", "fail-on", "exemptions", "intents", "verbose"],
  failOnLevels: ["broadening", "high", "medium", "low", "none"],
  failOnDefault: "broadening",
};
export const AUDIT_COMMAND: CommandSpec = {
  name: "audit",
  summary: "audit existing security groups from exports: findings, reachability, unused groups, drift, proven replacements",
  description:
    "Audits the groups of one or more SOURCEs (ECS API files, a pulumi stack export, terraform state, a saved plan --json): groups, rules, instances, findings, who can reach each group, " +
    "unused groups, drift between a stack export and an API export, and for each high finding a least-privilege replacement proved by the access diff.",
  arguments: "<source...>",
  argumentHelp: { source: "an export file or a directory of them; the cloud export (or the first SOURCE) is the one audited" },
  shared: ["json", "format", "fail-on", "exemptions", "intents", "verbose"],
  failOnLevels: ["high", "medium", "low", "none"],
  failOnDefault: "high",
  options: [
    { flags: "--matrix", description: "also print the full pairwise access matrix" },
    { flags: "--allow-incomplete", description: "groups listed without their rule files are a low finding instead of a high incomplete-input" },
    { flags: "--flow-logs <file>", description: "VPC flow logs (JSON lines or CSV from Log Service; repeatable): attribute each accepted flow to its rule, report unused rules, propose narrower ones", repeatable: true },
    { flags: "--narrow-public", description: "with --flow-logs: also propose narrowing world-open web ports of groups that serve the web (left open by default)" },
  ],
};
export const ADOPT_COMMAND: CommandSpec = {
  name: "adopt",
  summary: "write a Pulumi project (and its import file) that owns the groups of an export, changing nothing",
  description:
    "Writes a TypeScript Pulumi project that owns the security groups of SOURCE exactly as they are (every input that forces replacement is the exported value), and the pulumi import file. " +
    "Where rules are a component's shape (three tiers, a database group, an outbound whitelist, Workbench access, an interconnect) the program calls the component; the rest stay raw SecurityGroupRule resources.",
  arguments: "<source...>",
  argumentHelp: { source: "an export file or a directory of them" },
  shared: ["json", "format", "force", "verbose"],
  formats: ["text", "json", "markdown"],
  options: [
    { flags: "--out <dir>", description: "the directory to write (required; created; an existing non-empty one is refused without --force, one inside a SOURCE always)" },
    { flags: "--project <name>", description: "the project's name (default: adopted-security-groups)" },
    { flags: "--tighten", description: "declare the audit's proven least-privilege replacements instead of the world-open rules" },
    { flags: "--raw", description: "write raw groups and rules only, no component calls" },
    { flags: "--no-verify", description: "skip the proof that the program owns exactly the export" },
  ],
  epilog:
    "Then it proves the program owns exactly the export: it plans the written program offline with the\nreal ids of import.json (as plan DIR --ids DIR/import.json does), diffs it against the export (as\ndiff SOURCE PLAN does) and matches every resource with its import entry, and prints \"the program\nowns exactly the export: 0 regions opened, 0 closed\", or what differs and why (exit 1).\n\nThen: cd DIR && npm install && pulumi import --file import.json --generate-code=false (binds each\nresource to its cloud object); pulumi preview replaces nothing and changes no access: it shows only\nin-place updates, each listed in the report (\"updates in place\"): the descriptions, names and tags\na component writes in its own words, on groups and rules.",
};
registerCommand(DIFF_COMMAND);
registerCommand(AUDIT_COMMAND);
registerCommand(ADOPT_COMMAND);

function buildProgram(output: { out: string; err: string }): Command {
  const program = new Command(TOOL)
    .description("Least-privilege Alibaba Cloud security groups: plan, check and review them offline.")
    .usage("<command> [SOURCE...] [options]")
    .exitOverride()
    .configureOutput({ writeOut: (t) => (output.out += t), writeErr: (t) => (output.err += t), outputError: () => undefined })
    .showSuggestionAfterError(true)
    .helpCommand(true)
    .version(packageVersion(), "--version", "print the version of alicloud-secgroups")
    .addHelpText("after", `\n${EXIT_CODES_HELP}`)
    .allowExcessArguments(false);
  for (const spec of COMMANDS) {
    const cmd = program.command(spec.name).summary(spec.summary).description(spec.description).exitOverride().configureOutput({ writeOut: (t) => (output.out += t), writeErr: (t) => (output.err += t), outputError: () => undefined }).showSuggestionAfterError(true).allowExcessArguments(false);
    if (spec.arguments) {
      for (const arg of spec.arguments.split(/\s+/)) {
        const name = arg.replace(/[[\]<>.]/g, "");
        cmd.argument(arg, spec.argumentHelp?.[name] ?? "");
      }
    }
    for (const name of spec.shared) cmd.addOption(SHARED_OPTIONS[name](spec));
    for (const own of spec.options ?? []) {
      const option = new Option(own.flags, own.description);
      if (own.choices) option.choices(own.choices);
      if (own.repeatable) option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
      cmd.addOption(option);
    }
    cmd.addHelpText("after", `\n${spec.epilog ? `${spec.epilog}\n\n` : ""}${EXIT_CODES_HELP}`);
    cmd.action(() => undefined);
  }
  return program;
}

/** The tool's help, or one command's. */
export function helpText(command?: string): string {
  const output = { out: "", err: "" };
  const program = buildProgram(output);
  const cmd = command === undefined ? undefined : program.commands.find((c) => c.name() === command);
  const target = cmd ?? program;
  // The text commander prints for --help: the help and the text added after it.
  target.outputHelp();
  return output.out;
}

/** The usage text of the tool (kept for callers of the one-command API). */
export const USAGE = helpText();

function commanderMessage(e: CommanderError, command: string | undefined): string {
  const [first, ...rest] = e.message.replace(/^error: /, "").split("\n");
  const hint = rest.join(" ").trim().replace(/^\((.*)\)$/, "$1");
  const where = command ? `${TOOL} ${command} --help` : `${TOOL} --help`;
  const suggestion = hint !== "" ? ` (${hint.charAt(0).toLowerCase()}${hint.slice(1).replace(/\?$/, "")}?)` : "";
  return `${first.replace(/\.$/, "")}${suggestion}. Run ${where} for the options.`;
}

/** Parses the arguments after the program name; throws a usage error (exit 2) for anything it does not know. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const output = { out: "", err: "" };
  const program = buildProgram(output);
  const base = (command: string): CliArgs => ({ command, sources: [], json: false, format: "text", failOn: "high", config: {}, stack: "dev", verbose: false, options: {} });
  if (argv.length === 0) throw usageError(`missing command. Run ${TOOL} plan [dir], or ${TOOL} --help for the commands.`);
  const known = COMMANDS.map((c) => c.name);
  const first = argv[0];
  if (first === "--version") return { ...base("help"), help: `${packageVersion()}\n` };
  if (first === "help" || first === "--help" || first === "-h") {
    const target = first === "help" ? argv[1] : undefined;
    if (target !== undefined && !known.includes(target)) throw usageError(`unknown command ${JSON.stringify(target)}. The commands are ${known.join(", ")}.`);
    return { ...base("help"), help: helpText(target) };
  }
  if (!first.startsWith("-") && !known.includes(first)) {
    const near = known.filter((k) => editDistance(k, first) <= 2);
    throw usageError(`unknown command ${JSON.stringify(first)}${near.length > 0 ? ` (did you mean ${near.join(" or ")}?)` : ""}. The commands are ${known.join(", ")}.`);
  }
  const spec = COMMANDS.find((c) => c.name === first);
  try {
    program.parse([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.help") return { ...base("help"), help: helpText(spec?.name) };
      if (e.code === "commander.version") return { ...base("help"), help: output.out };
      throw usageError(commanderMessage(e, spec?.name));
    }
    if (e instanceof Error && (e as { exitCode?: number }).exitCode === 2) throw e;
    throw usageError(`${errorMessage(e)}. Run ${TOOL} --help for the options.`);
  }
  if (!spec) throw usageError(`missing command. Run ${TOOL} plan [dir], or ${TOOL} --help for the commands.`);
  const cmd = program.commands.find((c) => c.name() === spec.name) as Command;
  const opts = cmd.opts() as Record<string, unknown>;
  const sources = (cmd.args ?? []).filter((a): a is string => typeof a === "string");
  const args: CliArgs = { ...base(spec.name), sources, options: opts };
  if (sources.length > 0) args.dir = sources[0];
  if (opts.format !== undefined) args.format = opts.format as ReportFormat;
  if (opts.json === true) {
    if (cmd.getOptionValueSource("format") === "cli" && opts.format !== "json") throw usageError(`--json and --format ${String(opts.format)} ask for two formats. Keep one.`);
    args.format = "json";
  }
  args.json = args.format === "json";
  if (opts.failOn !== undefined) args.failOn = opts.failOn as FailOn;
  if (typeof opts.exemptions === "string") {
    if (opts.exemptions.trim() === "") throw usageError("--exemptions needs a file name.");
    args.exemptions = opts.exemptions;
  }
  if (typeof opts.intents === "string") {
    if (opts.intents.trim() === "") throw usageError("--intents needs a file name.");
    args.intents = opts.intents;
  }
  if (opts.complete === true) args.complete = true;
  if (typeof opts.answers === "string") {
    if (opts.answers.trim() === "") throw usageError("--answers needs a file name.");
    args.answers = opts.answers;
  }
  if (opts.config !== undefined) args.config = opts.config as Record<string, string>;
  args.verbose = opts.verbose === true;
  if (opts.force === true) args.force = true;
  if (typeof opts.stack === "string") {
    if (!STACK_NAME.test(opts.stack)) throw usageError(`--stack ${JSON.stringify(opts.stack)} is not a stack name. Use letters, digits, '-', '_' and '.', as in dev or acme/shop/prod.`);
    args.stack = opts.stack.split("/").pop() as string;
    if (cmd.getOptionValueSource("stack") === "cli") args.stackGiven = true;
  }
  if (typeof opts.diagram === "string") {
    if (opts.diagram.trim() === "") throw usageError("--diagram needs a file name.");
    args.diagram = opts.diagram;
  }
  if (opts.timeout !== undefined) {
    const seconds = Number(opts.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0) throw usageError(`--timeout takes a number of seconds, got ${JSON.stringify(opts.timeout)}.`);
    args.timeoutMs = Math.round(seconds * 1000);
  }
  return args;
}

