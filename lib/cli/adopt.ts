/**
 * `adopt SOURCE… --out DIR`: writes a TypeScript Pulumi project that owns the groups of an export
 * (`Pulumi.yaml`, `index.ts`, `package.json`, `tsconfig.json`) and the `pulumi import` file that
 * binds each resource to its cloud object (`import.json`).
 */
import { parseArgs } from "util";
import { markdownCode, markdownText, terminalText } from "../model/escape";
import { adoptNetwork, tightenNetwork } from "../review/adopt";
import { audit } from "../review/audit";
import { readSource } from "../sources/read-sources";
import { errorMessage, usageError } from "./cli-error";
import { CommandResult } from "./diff";
import { OutputFs, checkOutputDirectory, writeOutputDirectory } from "./output-files";
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
  --out DIR       the directory to write (created; an existing non-empty one is refused, and
                  so is a directory inside a SOURCE or holding one)
  --force         replace an existing non-empty --out (written aside, then swapped in)
  --project NAME  the project's name (default: adopted-security-groups)
  --tighten       declare the audit's proven least-privilege replacements instead of the
                  world-open rules (the import still binds every exported rule)
  --raw           write raw groups and rules only, no component calls
  --format text|json|markdown  the report for a terminal, a machine, a pull-request comment
  --json          same as --format json
  -h, --help      show this help

Exit codes: 0 written, 1 an input failed, 2 wrong usage.
`;

/** Version of the `adopt --json` report. */
export const ADOPT_REPORT_VERSION = 1;

/** What `adopt` wrote and why: the `--json` report. */
export interface AdoptReport {
  version: number;
  /** The directory written, as given. */
  out: string;
  files: string[];
  /** Groups and rules the import file binds. */
  groups: number;
  rules: number;
  /** Each component the program calls: its groups, how many rules it writes, what it updates in place, what it refused. */
  components: { component: string; name: string; groups: string[]; rules: number; updatesInPlace: string[]; refused: string[] }[];
  /** Raw rules, by group id → count. */
  rawRules: Record<string, number>;
  /** With --tighten: the replacements declared. */
  tightened: { groupId: string; rule: number; check: string; basis: string; needs: string[] }[];
  /** The commands to run next. */
  next: string;
}

/** The report for a terminal: every value (names, ids, paths, reasons) through {@link terminalText}. */
function renderText(r: AdoptReport): string {
  const t = terminalText;
  const components = r.components
    .map((c) => {
      const said = [...c.updatesInPlace.map((n) => `    updates in place: ${t(n)}\n`), ...c.refused.map((x) => `    FLAGGED, kept as raw rules: ${t(x)}\n`)].join("");
      return `  ${t(c.component)} ${t(JSON.stringify(c.name))} (${t(c.groups.join(", "))}): ${c.rules} rule${c.rules === 1 ? "" : "s"}\n${said}`;
    })
    .join("");
  const raw = t(Object.entries(r.rawRules).map(([g, n]) => `${g} ${n}`).join(", "));
  const tightened = r.tightened.map((x) => `  tightened ${t(x.groupId)} rule ${x.rule} (${t(x.check)}): ${t(x.basis)}${x.needs.length > 0 ? `; still needs: ${t(x.needs.join("; "))}` : ""}\n`).join("");
  const head = `Adopted ${r.groups} group${r.groups === 1 ? "" : "s"} and ${r.rules} rule${r.rules === 1 ? "" : "s"} into ${t(r.out)}: ${t(r.files.join(", "))}.\n`;
  return `${head}${components}${raw ? `  raw rules: ${raw}\n` : ""}${tightened}${t(r.next)}\n`;
}

/** The report for a pull-request comment: every value through {@link markdownText}, or {@link markdownCode}. */
function renderMarkdown(r: AdoptReport): string {
  const v = markdownText;
  const lines = [`### alicloud-secgroups adopt: ${r.groups} groups, ${r.rules} rules into ${markdownCode(r.out)}`, ""];
  if (r.components.length > 0) {
    lines.push("| component | groups | rules | updates in place | refused (kept raw) |", "|---|---|---|---|---|");
    for (const c of r.components) lines.push(`| ${v(c.component)} ${markdownCode(c.name, { inTable: true })} | ${v(c.groups.join(", "))} | ${c.rules} | ${c.updatesInPlace.length} | ${c.refused.length === 0 ? "" : `**FLAGGED**: ${v(c.refused.join("; "))}`} |`);
    lines.push("");
  }
  const raw = Object.entries(r.rawRules);
  if (raw.length > 0) lines.push(`Raw rules: ${v(raw.map(([g, n]) => `${g} ${n}`).join(", "))}.`, "");
  for (const t of r.tightened) lines.push(`- tightened ${v(t.groupId)} rule ${t.rule} (${v(t.check)}): ${v(t.basis)}${t.needs.length > 0 ? `; still needs: ${v(t.needs.join("; "))}` : ""}`);
  if (r.tightened.length > 0) lines.push("");
  lines.push(`Next: ${markdownCode(r.next.replace(/^Next: /, ""))}`, "");
  return `${lines.join("\n")}`;
}

/** Runs `adopt` with the arguments after the command word; `outputFs` is for tests that make writing fail. */
export function runAdoptCommand(argv: readonly string[], cwd: string, outputFs?: OutputFs): CommandResult {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { out: { type: "string" }, project: { type: "string" }, tighten: { type: "boolean" }, raw: { type: "boolean" }, force: { type: "boolean" }, json: { type: "boolean" }, format: { type: "string" }, help: { type: "boolean", short: "h" } } });
  } catch (e) {
    throw usageError(`${errorMessage(e).split(". ")[0]}. Run alicloud-secgroups adopt --help.`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { exitCode: 0, stdout: ADOPT_USAGE, stderr: "" };
  const format = values.json ? "json" : (values.format ?? "text");
  if (format !== "text" && format !== "json" && format !== "markdown") throw usageError(`--format ${format} is not a format: use text, json or markdown.`);
  if (positionals.length === 0) throw usageError("adopt needs at least one SOURCE: an export file or a directory. Run alicloud-secgroups adopt --help.");
  if (!values.out) throw usageError("adopt needs --out DIR, the directory to write the project to.");
  if (values.out.trim() === "") throw usageError("--out needs a directory name.");
  // Refused before anything is read: a taken --out, or one inside a SOURCE (the next audit of it would read the program).
  const out = { option: "--out", path: values.out, cwd, force: values.force === true, ...(outputFs ? { fs: outputFs } : {}) };
  checkOutputDirectory(out, positionals);
  const nets = positionals.flatMap((s) => readSource(loadSourceFiles(cwd, s)));
  // --tighten: the program declares the audit's proven replacements; the import still binds
  // every exported rule, so the first up revokes the world-open ones and adds their replacements.
  const proposals = values.tighten ? audit(nets).proposals.filter((p) => p.proof.valid) : [];
  const declare = values.tighten ? tightenNetwork(nets[0].model, proposals.map((p) => ({ groupId: p.groupId, revokeIndex: p.revoke.index, add: p.add }))) : undefined;
  const project = adoptNetwork(nets[0].model, { project: values.project, declare, components: !values.raw, serviceManaged: nets[0].serviceManaged });
  writeOutputDirectory(out, project.files, positionals);
  const report: AdoptReport = {
    version: ADOPT_REPORT_VERSION,
    out: values.out,
    files: Object.keys(project.files).sort(),
    groups: project.imports.filter((e) => e.type === "alicloud:ecs/securityGroup:SecurityGroup").length,
    rules: project.imports.filter((e) => e.type === "alicloud:ecs/securityGroupRule:SecurityGroupRule").length,
    components: project.components.map((c) => ({
      component: c.component,
      name: c.name,
      groups: [...new Set([...Object.values(c.created), ...(c.into ? [c.into] : []), ...(c.intoGroups ?? [])])],
      rules: c.rules.length,
      updatesInPlace: c.notes,
      refused: c.refused.map((r) => r.replace(/^alicloud-secgroups: /, "")),
    })),
    rawRules: project.residue,
    tightened: proposals.map((p) => ({ groupId: p.groupId, rule: p.revoke.index, check: p.check, basis: p.basis, needs: p.needs })),
    next: values.tighten
      ? `Next: cd ${values.out} && npm install && pulumi import --file import.json --generate-code=false --protect=false, then pulumi up revokes the tightened rules and adds their replacements.`
      : `Next: cd ${values.out} && npm install && pulumi import --file import.json --generate-code=false`,
  };
  const stdout = format === "json" ? `${JSON.stringify(report, null, 2)}\n` : format === "markdown" ? renderMarkdown(report) : renderText(report);
  return { exitCode: 0, stdout, stderr: "" };
}
