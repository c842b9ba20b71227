/**
 * `adopt SOURCE… --out DIR`: writes a TypeScript Pulumi project that owns the groups of an export
 * (`Pulumi.yaml`, `index.ts`, `package.json`, `tsconfig.json`) and the `pulumi import` file that
 * binds each resource to its cloud object (`import.json`).
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { adoptNetwork } from "../review/adopt";
import { readSource } from "../sources/read-sources";
import { errorMessage, usageError } from "./cli-error";
import { CommandResult } from "./diff";
import { loadSourceFiles } from "./source-files";

/** Usage of `adopt`. */
export const ADOPT_USAGE = `Usage: alicloud-secgroups adopt SOURCE... --out DIR [options]

Writes a TypeScript Pulumi project that owns the security groups of an export, exactly as they
are (every input that forces replacement is the exported value), and the pulumi import file:

  cd DIR && npm install
  pulumi import --file import.json --generate-code=false   # binds each resource to its cloud object
  pulumi preview                                            # shows no change

Options:
  --out DIR       the directory to write (created; an existing non-empty one is refused)
  --project NAME  the project's name (default: adopted-security-groups)
  -h, --help      show this help

Exit codes: 0 written, 1 an input failed, 2 wrong usage.
`;

/** Runs `adopt` with the arguments after the command word. */
export function runAdoptCommand(argv: readonly string[], cwd: string): CommandResult {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { out: { type: "string" }, project: { type: "string" }, help: { type: "boolean", short: "h" } } });
  } catch (e) {
    throw usageError(`${errorMessage(e).split(". ")[0]}. Run alicloud-secgroups adopt --help.`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { exitCode: 0, stdout: ADOPT_USAGE, stderr: "" };
  if (positionals.length === 0) throw usageError("adopt needs at least one SOURCE: an export file or a directory. Run alicloud-secgroups adopt --help.");
  if (!values.out) throw usageError("adopt needs --out DIR, the directory to write the project to.");
  const out = path.resolve(cwd, values.out);
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0) throw usageError(`--out ${values.out} exists and is not empty: choose a new directory.`);
  const nets = positionals.flatMap((s) => readSource(loadSourceFiles(cwd, s)));
  const project = adoptNetwork(nets[0].model, { project: values.project });
  fs.mkdirSync(out, { recursive: true });
  for (const [file, text] of Object.entries(project.files)) fs.writeFileSync(path.join(out, file), text);
  const groups = project.imports.filter((e) => e.type.endsWith("SecurityGroup")).length;
  const rules = project.imports.length - groups;
  return { exitCode: 0, stdout: `Adopted ${groups} group${groups === 1 ? "" : "s"} and ${rules} rule${rules === 1 ? "" : "s"} into ${values.out}: ${Object.keys(project.files).sort().join(", ")}.\nNext: cd ${values.out} && npm install && pulumi import --file import.json --generate-code=false\n`, stderr: "" };
}
