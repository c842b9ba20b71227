/**
 * `adopt SOURCE… --out DIR`: writes a TypeScript Pulumi project that owns the groups of an export
 * (`Pulumi.yaml`, `index.ts`, `package.json`, `tsconfig.json`) and the `pulumi import` file that
 * binds each resource to its cloud object (`import.json`).
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { adoptNetwork, tightenNetwork } from "../review/adopt";
import { audit } from "../review/audit";
import { readSource } from "../sources/read-sources";
import { errorMessage, usageError } from "./cli-error";
import { CommandResult } from "./diff";
import { loadSourceFiles } from "./source-files";

/** Usage of `adopt`. */
export const ADOPT_USAGE = `Usage: alicloud-secgroups adopt SOURCE... --out DIR [options]

Writes a TypeScript Pulumi project that owns the security groups of an export, exactly as they
are (every input that forces replacement is the exported value), and the pulumi import file.
Where rules are a component's shape (three tiers, a database group, an outbound whitelist,
Workbench access, an interconnect) the program calls the component, checked by the component's own planner to
write exactly those rules; the rest stay raw SecurityGroupRule resources.

  cd DIR && npm install
  pulumi import --file import.json --generate-code=false   # binds each resource to its cloud object
  pulumi preview                                            # shows no change

Options:
  --out DIR       the directory to write (created; an existing non-empty one is refused)
  --project NAME  the project's name (default: adopted-security-groups)
  --tighten       declare the audit's proven least-privilege replacements instead of the
                  world-open rules (the import still binds every exported rule)
  --raw           write raw groups and rules only, no component calls
  -h, --help      show this help

Exit codes: 0 written, 1 an input failed, 2 wrong usage.
`;

/** Runs `adopt` with the arguments after the command word. */
export function runAdoptCommand(argv: readonly string[], cwd: string): CommandResult {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { out: { type: "string" }, project: { type: "string" }, tighten: { type: "boolean" }, raw: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
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
  // --tighten: the program declares the audit's proven replacements; the import still binds
  // every exported rule, so the first up revokes the world-open ones and adds their replacements.
  const proposals = values.tighten ? audit(nets).proposals.filter((p) => p.proof.valid) : [];
  const declare = values.tighten ? tightenNetwork(nets[0].model, proposals.map((p) => ({ groupId: p.groupId, revokeIndex: p.revoke.index, add: p.add }))) : undefined;
  const project = adoptNetwork(nets[0].model, { project: values.project, declare, components: !values.raw, serviceManaged: nets[0].serviceManaged });
  fs.mkdirSync(out, { recursive: true });
  for (const [file, text] of Object.entries(project.files)) fs.writeFileSync(path.join(out, file), text);
  const groups = project.imports.filter((e) => e.type === "alicloud:ecs/securityGroup:SecurityGroup").length;
  const rules = project.imports.filter((e) => e.type === "alicloud:ecs/securityGroupRule:SecurityGroupRule").length;
  const recognised = project.components
    .map((c) => {
      const groupsOf = [...Object.values(c.created), ...(c.into ? [c.into] : [])].join(", ");
      const said = [...c.notes.map((n) => `    updates in place: ${n}\n`), ...c.refused.map((r) => `    FLAGGED, kept as raw rules: ${r.replace(/^alicloud-secgroups: /, "")}\n`)].join("");
      return `  ${c.component} ${JSON.stringify(c.name)} (${groupsOf}): ${c.rules.length} rule${c.rules.length === 1 ? "" : "s"}\n${said}`;
    })
    .join("");
  const residue = Object.entries(project.residue).map(([g, n]) => `${g} ${n}`).join(", ");
  const summary = `${recognised}${residue ? `  raw rules: ${residue}\n` : ""}`;
  const tightened = proposals.map((p) => `  tightened ${p.groupId} rule ${p.revoke.index} (${p.check}): ${p.basis}${p.needs.length > 0 ? `; still needs: ${p.needs.join("; ")}` : ""}\n`).join("");
  const next = values.tighten
    ? `Next: cd ${values.out} && npm install && pulumi import --file import.json --generate-code=false --protect=false, then pulumi up revokes the tightened rules and adds their replacements.\n`
    : `Next: cd ${values.out} && npm install && pulumi import --file import.json --generate-code=false\n`;
  return { exitCode: 0, stdout: `Adopted ${groups} group${groups === 1 ? "" : "s"} and ${rules} rule${rules === 1 ? "" : "s"} into ${values.out}: ${Object.keys(project.files).sort().join(", ")}.\n${summary}${tightened}${next}`, stderr: "" };
}
