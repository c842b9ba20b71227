/**
 * `adopt SOURCE… --out DIR`: writes a TypeScript Pulumi project that owns the groups of an export
 * (`Pulumi.yaml`, `index.ts`, `package.json`, `tsconfig.json`) and the `pulumi import` file that
 * binds each resource to its cloud object (`import.json`); then proves it: the written program,
 * planned with the import file's ids (as `plan DIR --ids DIR/import.json` does), diffed against
 * the export, and its resources matched with the import file's entries.
 */
import * as fs from "fs";
import * as path from "path";
import { markdownCode, markdownText, terminalText } from "../model/escape";
import { NetworkModel } from "../model/network";
import { accessDiff } from "../review/access-diff";
import { AdoptedProject, ImportEntry, adoptNetwork, tightenNetwork } from "../review/adopt";
import { audit } from "../review/audit";
import { readSource } from "../sources/read-sources";
import { CliArgs, helpText, parseCliArgs } from "./args";
import { EXIT_FINDINGS, errorMessage, usageError } from "./cli-error";
import { CommandResult } from "./diff";
import { ownPackagesLoader } from "./load-program";
import { OutputFs, checkOutputDirectory, writeOutputDirectory } from "./output-files";
import { captureProject, parseIds } from "./plan";
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
  /** False with `--no-verify`: the program is written, not planned and diffed. @default true */
  verify: boolean;
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
  return { sources: args.sources, out: o.out, ...(typeof o.project === "string" ? { project: o.project } : {}), tighten: o.tighten === true, raw: o.raw === true, force: args.force === true, verify: o.verify !== false, format: args.format };
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
  /** The proof that the program owns the export (absent with --no-verify). */
  verification?: AdoptVerification;
  /** The commands to run next. */
  next: string;
}

/** The proof: the written program planned with the import file's ids, diffed against the export. */
export interface AdoptVerification {
  /** True when it owns exactly what it should: the export (with --tighten, the export with only closures). */
  owned: boolean;
  /** Regions of access the program opens that the export does not allow. */
  opened: number;
  /** Regions the export allows that the program does not. */
  closed: number;
  /** Rules the program writes that the export lacks, and the reverse (descriptions aside): `<group id> <rule key>`. */
  rulesAdded: string[];
  rulesRemoved: string[];
  /** Import entries the program does not register, and resources it registers that no entry names: `<type> <name>`. */
  notRegistered: string[];
  notImported: string[];
  /** Why the proof could not be made (the program failed to plan), when so. */
  error?: string;
  /** Why the proof was not attempted (the program is larger than this process can plan on mocks), when so: no failure, the line says how to run it. */
  skipped?: string;
  /** The line the report prints. */
  line: string;
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
  const verified = r.verification ? `${t(r.verification.line)}\n` : "";
  return `${head}${components}${raw ? `  raw rules: ${raw}\n` : ""}${tightened}${verified}${t(r.next)}\n`;
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
  if (r.verification) lines.push(`${r.verification.skipped !== undefined ? "Not attempted" : r.verification.owned ? "Proved" : "**Not proved**"}: ${v(r.verification.line)}`, "");
  lines.push(`Next: ${markdownCode(r.next.replace(/^Next: /, ""))}`, "");
  return `${lines.join("\n")}`;
}

/** What `adopt` did before the proof: the options, the export, the project written, and its report. */
interface Adopted {
  opts: AdoptCommandOptions;
  exported: NetworkModel;
  project: AdoptedProject;
  report: AdoptReport;
}

/**
 * Writes the project and returns the report, without the proof (as `adopt --no-verify`);
 * `outputFs` is for tests that make writing fail. {@link runAdopt} is the command as it runs.
 */
export function runAdoptCommand(argv: readonly string[], cwd: string, outputFs?: OutputFs): CommandResult {
  const args = parseCliArgs(["adopt", ...argv]);
  if (args.command === "help") return { exitCode: 0, stdout: args.help ?? ADOPT_USAGE, stderr: "" };
  return render(adoptAndWrite(adoptOptions(args), cwd, outputFs));
}

/** `adopt` on parsed options: writes the project, then proves it owns the export (unless `--no-verify`). */
export async function runAdopt(opts: AdoptCommandOptions, cwd: string, outputFs?: OutputFs): Promise<CommandResult> {
  const adopted = adoptAndWrite(opts, cwd, outputFs);
  if (opts.verify) adopted.report.verification = await verifyAdoption(path.resolve(cwd, opts.out), cwd, adopted.exported, opts.tighten);
  return render(adopted);
}

/** Reads the export and writes the project. */
function adoptAndWrite(opts: AdoptCommandOptions, cwd: string, outputFs?: OutputFs): Adopted {
  const positionals = opts.sources;
  const values = { out: opts.out, project: opts.project, tighten: opts.tighten, raw: opts.raw, force: opts.force };
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
  return { opts, exported: nets[0].model, project, report };
}

function render(a: Adopted): CommandResult {
  const { report } = a;
  const format = a.opts.format;
  const stdout = format === "json" ? `${JSON.stringify(report, null, 2)}\n` : format === "markdown" ? renderMarkdown(report) : renderText(report);
  const failed = report.verification !== undefined && !report.verification.owned && report.verification.skipped === undefined;
  const stderr = failed ? `alicloud-secgroups: the proof failed: ${report.verification?.line}.\n` : "";
  return { exitCode: failed ? EXIT_FINDINGS : 0, stdout, stderr };
}

const VERIFY_TIMEOUT_MS = 600000;

/**
 * What planning one resource on mocks holds in memory: the program adopt writes runs in steps
 * (see `inSteps`), so a resource's outputs, promises and callbacks are let go once it has
 * registered, and what stays is the capture's record of it, its registration and the compiled
 * program. Measured at 2,000 groups (74,000 resources): about 8 KB; 15 KB with room for the
 * collector. (Run all at once, as Pulumi runs a program, it was about 100 KB.)
 */
const BYTES_PER_RESOURCE = 15_000;

/** The share of the heap the proof may plan into; beyond it the collector thrashes or the process runs out of memory. */
const HEAP_SHARE = 0.6;

/**
 * The proof: plans the program written in `dir` offline, with the real ids of its import file,
 * this package's own components and providers (nothing needs installing), and compares it with
 * the export: the access regions (the export's instances and prefix lists joining the
 * program's groups), the rules, and the resources against the import file's entries.
 * With --tighten, the program owns the export when it only closes.
 */
export async function verifyAdoption(dir: string, cwd: string, exported: NetworkModel, tightened = false): Promise<AdoptVerification> {
  const text = fs.readFileSync(path.join(dir, "import.json"), "utf8");
  const entries = (JSON.parse(text) as { resources: ImportEntry[] }).resources;
  // A program too large for this process's heap is not planned: that would thrash or crash; the line says how to prove it.
  const limit = require("v8").getHeapStatistics().heap_size_limit as number;
  const needed = entries.length * BYTES_PER_RESOURCE;
  if (needed > limit * HEAP_SHARE) {
    const mb = Math.ceil(needed / HEAP_SHARE / 2 ** 20 / 1000) * 1000;
    const skipped = `${entries.length} resources need about ${Math.round(needed / 2 ** 30)} GB on mocks, more than this process may use (${(limit / 2 ** 30).toFixed(1)} GB)`;
    const out = path.relative(cwd, dir).split(path.sep).join("/") || ".";
    return { owned: false, opened: 0, closed: 0, rulesAdded: [], rulesRemoved: [], notRegistered: [], notImported: [], skipped, line: `the proof was skipped: ${skipped}; run adopt again with NODE_OPTIONS=--max-old-space-size=${mb} to prove it, or plan ${out} --ids ${out}/import.json and diff the plan against the export` };
  }
  let capture;
  try {
    ({ capture } = await captureProject({ dir, cwd, loader: ownPackagesLoader, ids: parseIds(text, "import.json"), timeoutMs: VERIFY_TIMEOUT_MS, placeholders: false, locations: false }));
  } catch (e) {
    const error = errorMessage(e).replace(/^alicloud-secgroups: /, "");
    return { owned: false, opened: 0, closed: 0, rulesAdded: [], rulesRemoved: [], notRegistered: [], notImported: [], error, line: `the program could not be proved: ${error}` };
  }
  const planned: NetworkModel = { groups: capture.network.groups, instances: exported.instances ?? [], prefixLists: exported.prefixLists ?? [] };
  const diff = accessDiff(exported, planned);
  const key = (type: string, name: string) => `${type} ${name}`;
  const registered = new Set(capture.resources.filter((r) => r.type.startsWith("alicloud:ecs/securityGroup") || r.type.startsWith("alicloud-secgroups:")).map((r) => key(r.type, r.name)));
  const imported = new Set(entries.map((e) => key(e.type, e.name)));
  const notRegistered = [...imported].filter((k) => !registered.has(k)).sort();
  const notImported = [...registered].filter((k) => !imported.has(k)).sort();
  const rulesAdded = diff.ruleChanges.filter((c) => c.change === "added").map((c) => `${c.groupId} ${c.rule}`).sort();
  const rulesRemoved = diff.ruleChanges.filter((c) => c.change === "removed").map((c) => `${c.groupId} ${c.rule}`).sort();
  const { opened, closed } = diff.summary;
  const counts = `${opened} region${opened === 1 ? "" : "s"} opened, ${closed} closed`;
  // A resource by its name in the line (its type is in the JSON).
  const few = (list: readonly string[]) => `${list.slice(0, 3).map((k) => k.slice(k.indexOf(" ") + 1)).join(", ")}${list.length > 3 ? ", ..." : ""}`;
  let owned: boolean;
  let line: string;
  if (tightened) {
    // The import binds every exported rule: up revokes the tightened ones and creates their replacements; access only closes.
    owned = opened === 0;
    const changes = [notRegistered.length > 0 ? `pulumi up revokes ${notRegistered.length} imported rule${notRegistered.length === 1 ? "" : "s"} (${few(notRegistered)})` : "", notImported.length > 0 ? `creates ${notImported.length} (${few(notImported)})` : ""].filter((x) => x !== "");
    line = `the program ${owned ? "owns" : "does not own"} the export with --tighten's replacements: ${counts}${changes.length > 0 ? `; ${changes.join(" and ")}` : ""}`;
  } else {
    owned = notRegistered.length === 0 && notImported.length === 0 && opened === 0 && closed === 0 && rulesAdded.length === 0 && rulesRemoved.length === 0;
    const why: string[] = [];
    if (rulesAdded.length > 0 || rulesRemoved.length > 0) why.push(`rules differ: ${[...rulesAdded.map((r) => `+ ${r}`), ...rulesRemoved.map((r) => `- ${r}`)].slice(0, 5).join("; ")}${rulesAdded.length + rulesRemoved.length > 5 ? "; ..." : ""}`);
    if (notRegistered.length > 0) why.push(`${notRegistered.length} import entr${notRegistered.length === 1 ? "y" : "ies"} the program does not register: ${few(notRegistered)}`);
    if (notImported.length > 0) why.push(`${notImported.length} resource${notImported.length === 1 ? "" : "s"} no import entry names: ${few(notImported)}`);
    line = owned ? `the program owns exactly the export: ${counts}` : `the program does not own exactly the export: ${counts}${why.length > 0 ? `; ${why.join("; ")}` : ""}`;
  }
  return { owned, opened, closed, rulesAdded, rulesRemoved, notRegistered, notImported, line };
}
