/**
 * `adopt SOURCE… --out DIR`: writes a TypeScript Pulumi project that owns the groups of an export
 * (`Pulumi.yaml`, `index.ts`, `package.json`, `tsconfig.json`) and the `pulumi import` file that
 * binds each resource to its cloud object (`import.json`).
 */
import { markdownCode, markdownText, terminalText } from "../model/escape";
import { adoptNetwork, tightenNetwork } from "../review/adopt";
import { audit } from "../review/audit";
import { readSource } from "../sources/read-sources";
import { CliArgs, helpText, parseCliArgs } from "./args";
import { usageError } from "./cli-error";
import { CommandResult } from "./diff";
import { OutputFs, checkOutputDirectory, writeOutputDirectory } from "./output-files";
import { loadSourceFiles } from "./source-files";

/** Help of `adopt`, generated from its declared options (lib/cli/args.ts) like every command's. */
export const ADOPT_USAGE = helpText("adopt");

/** Parsed `adopt SOURCE… --out DIR`. */
export interface AdoptCommandOptions {
  /** The sources, as typed. */
  sources: string[];
  /** `--out DIR`, as typed. */
  out: string;
  /** `--project NAME`. @default adopted-security-groups */
  project?: string;
  /** `--tighten`. @default false */
  tighten: boolean;
  /** `--raw`. @default false */
  raw: boolean;
  /** `--force`. @default false */
  force: boolean;
  /** Output format. @default "text" */
  format: "text" | "json" | "markdown";
}

/** `adopt`'s options from the parsed command line (its options are declared in lib/cli/args.ts). */
export function adoptOptions(args: CliArgs): AdoptCommandOptions {
  const o = args.options;
  if (args.sources.length === 0) throw usageError("adopt needs at least one SOURCE: an export file or a directory. Run alicloud-secgroups adopt --help.");
  if (typeof o.out !== "string") throw usageError("adopt needs --out DIR, the directory to write the project to.");
  if (o.out.trim() === "") throw usageError("--out needs a directory name.");
  if (args.format !== "text" && args.format !== "json" && args.format !== "markdown") throw usageError(`adopt writes text, json or markdown, not ${args.format}.`);
  return { sources: args.sources, out: o.out, ...(typeof o.project === "string" ? { project: o.project } : {}), tighten: o.tighten === true, raw: o.raw === true, force: args.force === true, format: args.format };
}

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
  const args = parseCliArgs(["adopt", ...argv]);
  if (args.command === "help") return { exitCode: 0, stdout: args.help ?? ADOPT_USAGE, stderr: "" };
  return runAdopt(adoptOptions(args), cwd, outputFs);
}

/** Runs `adopt` on parsed options. */
export function runAdopt(opts: AdoptCommandOptions, cwd: string, outputFs?: OutputFs): CommandResult {
  const positionals = opts.sources;
  const values = { out: opts.out, project: opts.project, tighten: opts.tighten, raw: opts.raw, force: opts.force };
  const format = opts.format;
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
