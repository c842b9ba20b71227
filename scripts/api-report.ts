/**
 * The API report of every entry of the package (package.json "exports": the root and each
 * subpath), made by API Extractor from the declarations `npm run build` writes, one
 * `etc/<entry>.api.md` each. One TypeScript program serves every entry, so the whole check takes
 * seconds.
 *
 *   npm run api:check    # fails when an entry's surface differs from its committed report (CI)
 *   npm run api:update   # rewrites the reports; review the diff as an API change
 */
import { CompilerState, Extractor, ExtractorConfig, IConfigFile } from "@microsoft/api-extractor";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const CONFIG = path.join(ROOT, "api-extractor.json");
const update = process.argv.includes("--update");

interface Entry {
  /** The report's name: `index` for the root, else the subpath (`analysis`, `jest`…). */
  name: string;
  /** The built declarations of the entry. */
  types: string;
}

function entries(): Entry[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { exports: Record<string, string | { types?: string }> };
  return Object.entries(pkg.exports)
    .filter((e): e is [string, { types: string }] => typeof e[1] === "object" && typeof e[1].types === "string")
    .map(([key, target]) => ({ name: key === "." ? "index" : key.slice(2), types: path.join(ROOT, target.types) }));
}

function newestSource(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => Math.max(m, e.isDirectory() ? newestSource(path.join(dir, e.name)) : e.name.endsWith(".ts") ? fs.statSync(path.join(dir, e.name)).mtimeMs : 0), 0);
}

const list = entries();
const missing = list.filter((e) => !fs.existsSync(e.types));
if (missing.length > 0 || newestSource(path.join(ROOT, "lib")) > Math.min(...list.map((e) => fs.statSync(e.types).mtimeMs))) {
  process.stderr.write(`api-report: ${missing.length > 0 ? `${missing.map((e) => path.relative(ROOT, e.types)).join(", ")} missing` : "dist/ is older than lib/"}: run npm run build first.\n`);
  process.exit(2);
}

const base = ExtractorConfig.loadFile(CONFIG);
const configFor = (e: Entry): ExtractorConfig => {
  const configObject: IConfigFile = { ...base, mainEntryPointFilePath: e.types, apiReport: { ...base.apiReport, enabled: true, reportFileName: `${e.name}.api.md` } };
  return ExtractorConfig.prepare({ configObject, configObjectFullPath: CONFIG, packageJsonFullPath: path.join(ROOT, "package.json") });
};
const configs = list.map(configFor);
const compilerState = CompilerState.create(configs[0], { additionalEntryPoints: list.map((e) => e.types) });

const changed: string[] = [];
let failed = false;
for (const [i, config] of configs.entries()) {
  const result = Extractor.invoke(config, { localBuild: update, compilerState, messageCallback: (m) => {
    // Only what needs acting on: an error, or a report that differs.
    if (m.messageId === "console-api-report-changed" || m.messageId === "console-api-report-created" || m.messageId === "console-api-report-copied") m.handled = true;
    else if (m.logLevel !== "error") m.handled = true;
  } });
  if (result.apiReportChanged) changed.push(`etc/${list[i].name}.api.md`);
  if (!result.succeeded) failed = true;
}
if (update) {
  process.stdout.write(changed.length > 0 ? `api-report: updated ${changed.join(", ")}; review the diff as an API change.\n` : `api-report: ${list.length} reports unchanged.\n`);
} else if (changed.length > 0 || failed) {
  process.stderr.write(`api-report: the public surface changed without its report: ${changed.join(", ") || "see the errors above"}. Review the change, then run npm run api:update and commit etc/.\n`);
  process.exit(1);
} else {
  process.stdout.write(`api-report: ${list.length} entries match their reports in etc/.\n`);
}
