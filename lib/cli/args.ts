/**
 * The command line: `alicloud-secgroups plan [dir] [options]`, parsed with Node's own
 * `util.parseArgs` (strict: unknown options and stray arguments are usage errors).
 */
import { parseArgs } from "util";
import { errorMessage, usageError } from "./cli-error";

/** The parsed command line. */
export interface CliArgs {
  /** `plan`, or `help` for the usage text. */
  command: "plan" | "help";
  /** The project directory as given. @default the current directory */
  dir?: string;
  /** Print the report as JSON. @default false */
  json: boolean;
  /** File to write the access diagram (Mermaid) to. @default none */
  diagram?: string;
  /** `--config key=value` pairs, in order; later ones win. @default {} */
  config: Record<string, string>;
  /** Stack name the program sees and whose `Pulumi.<stack>.yaml` is read. @default "dev" */
  stack: string;
  /** Print stack traces of program errors. @default false */
  verbose: boolean;
  /** The program holds everything that uses its groups (enables `unused-group`). @default false */
  complete?: boolean;
  /** File of acknowledged findings (`{ check, rule, reason }`, YAML or JSON). @default none */
  exemptions?: string;
}

/** The usage text. */
export const USAGE = `Usage: alicloud-secgroups plan [dir] [options]

Runs a Pulumi program (TypeScript or JavaScript) offline on mocks and prints the
security groups and rules it would create. Nothing is deployed; no credentials needed.

  dir                   the Pulumi project directory (default: the current directory);
                        its Pulumi.yaml main, package.json main or index.ts is run

Options:
  --json                print the report as JSON (a stable shape with a version field)
  --diagram FILE        write the access diagram (Mermaid) to FILE
  --complete            the program holds everything that uses its groups: report
                        groups nothing uses (unused-group)
  --exemptions FILE     acknowledged findings ({ check, rule, reason }, YAML or JSON):
                        shown as acknowledged with their reason; stale entries listed
  -c, --config KEY=VAL  set a configuration value (repeatable); bare keys are the project's
  -s, --stack NAME      the stack the program sees; reads Pulumi.<NAME>.yaml (default: dev)
  -v, --verbose         print stack traces of program errors
  -h, --help            show this help

Exit codes: 0 planned, 1 the program failed or holds invalid rules, 2 wrong usage.
`;

/** A stack name, optionally qualified as `organisation/project/stack`. */
const STACK_NAME = /^(?:[A-Za-z0-9_-][A-Za-z0-9_.-]*\/){0,2}[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

function configPairs(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of values) {
    const eq = pair.indexOf("=");
    const key = eq < 0 ? "" : pair.slice(0, eq).trim();
    if (eq < 0 || key === "" || /\s/.test(key)) {
      throw usageError(`--config takes key=value, got ${JSON.stringify(pair)}. Write e.g. --config vpcId=vpc-123.`);
    }
    out[key] = pair.slice(eq + 1);
  }
  return out;
}

/** Parses the arguments after the program name; throws a usage error (exit 2) for anything it does not know. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    const first = errorMessage(e).split(". ")[0];
    const message = first.charAt(0).toLowerCase() + first.slice(1);
    throw usageError(`${message}. Run alicloud-secgroups --help for the options.`);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  const base = { json: values.json ?? false, config: {}, stack: "dev", verbose: values.verbose ?? false };
  if (values.help || command === "help") return { ...base, command: "help" };
  if (command === undefined) throw usageError("missing command. Run alicloud-secgroups plan [dir], or --help for the options.");
  if (command !== "plan") throw usageError(`unknown command ${JSON.stringify(command)}. The command is plan: alicloud-secgroups plan [dir].`);
  if (rest.length > 1) throw usageError(`plan takes one directory, got ${rest.length}: ${rest.map((r) => JSON.stringify(r)).join(" ")}.`);
  const stackArg = values.stack ?? "dev";
  if (!STACK_NAME.test(stackArg)) throw usageError(`--stack ${JSON.stringify(stackArg)} is not a stack name. Use letters, digits, '-', '_' and '.', as in dev or acme/shop/prod.`);
  const stack = stackArg.split("/").pop() as string;
  if (values.diagram !== undefined && values.diagram.trim() === "") throw usageError("--diagram needs a file name.");
  const args: CliArgs = { ...base, command: "plan", config: configPairs(values.config ?? []), stack };
  if (rest[0] !== undefined) args.dir = rest[0];
  if (values.diagram !== undefined) args.diagram = values.diagram;
  if (values.complete) args.complete = true;
  if (values.exemptions !== undefined) {
    if (values.exemptions.trim() === "") throw usageError("--exemptions needs a file name.");
    args.exemptions = values.exemptions;
  }
  return args;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: "boolean" },
      diagram: { type: "string" },
      exemptions: { type: "string" },
      complete: { type: "boolean" },
      config: { type: "string", short: "c", multiple: true },
      stack: { type: "string", short: "s" },
      verbose: { type: "boolean", short: "v" },
      help: { type: "boolean", short: "h" },
    },
  });
}
