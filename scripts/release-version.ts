/**
 * One version for everything a release ships: the package (package.json and its lock), the
 * multi-language plugin (its own version, the library version it depends on, and its schema's
 * version), and a CHANGELOG.md section for it.
 *
 *   npx ts-node --transpile-only scripts/release-version.ts check            # all agree (CI)
 *   npx ts-node --transpile-only scripts/release-version.ts set 0.2.0        # set them all (a release)
 *   npx ts-node --transpile-only scripts/release-version.ts notes 0.2.0      # the CHANGELOG section, for the release page
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

type Json = Record<string, unknown> & { version?: string; dependencies?: Record<string, string>; packages?: Record<string, { version?: string }> };

function read(file: string): Json {
  return JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as Json;
}

function write(file: string, value: Json): void {
  fs.writeFileSync(path.join(ROOT, file), JSON.stringify(value, null, 2) + "\n");
}

function fail(message: string): never {
  process.stderr.write(`release-version: ${message}\n`);
  process.exit(1);
}

/** The CHANGELOG section of a version: from its `## <version>` heading to the next `## `. */
function changelogSection(version: string): string | undefined {
  const text = fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8");
  const lines = text.split("\n");
  const start = lines.findIndex((l) => new RegExp(`^## \\[?${version.replace(/\./g, "\\.")}\\]?(\\s|$)`).test(l));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n").trim();
}

/** Every place that states the version, and what it says. */
function stated(): [string, string | undefined][] {
  const pkg = read("package.json");
  const lock = read("package-lock.json");
  const plugin = read("plugin/package.json");
  const schema = read("plugin/schema.json");
  return [
    ["package.json version", pkg.version],
    ["package-lock.json version", lock.version],
    ['package-lock.json packages[""].version', lock.packages?.[""]?.version],
    ["plugin/package.json version", plugin.version],
    ['plugin/package.json dependencies["alicloud-secgroups"]', plugin.dependencies?.["alicloud-secgroups"]],
    ["plugin/schema.json version", schema.version],
  ];
}

function check(): void {
  const version = read("package.json").version ?? "";
  if (!SEMVER.test(version)) fail(`package.json version ${JSON.stringify(version)} is not a semantic version`);
  const wrong = stated().filter(([, v]) => v !== version);
  if (wrong.length > 0) fail(`${wrong.map(([where, v]) => `${where} is ${JSON.stringify(v)}`).join("; ")}, not ${version}: run scripts/release-version.ts set ${version}`);
  if (changelogSection(version) === undefined) fail(`CHANGELOG.md has no "## ${version}" section`);
  process.stdout.write(`version ${version}: package, lock, plugin, plugin schema and CHANGELOG agree\n`);
}

function set(version: string): void {
  if (!SEMVER.test(version)) fail(`${JSON.stringify(version)} is not a semantic version (e.g. 0.2.0)`);
  if (changelogSection(version) === undefined) fail(`CHANGELOG.md has no "## ${version}" section: write what the release changes first`);
  const pkg = read("package.json");
  write("package.json", { ...pkg, version });
  const lock = read("package-lock.json");
  const packages = lock.packages ?? {};
  write("package-lock.json", { ...lock, version, packages: { ...packages, "": { ...packages[""], version } } });
  const plugin = read("plugin/package.json");
  write("plugin/package.json", { ...plugin, version, dependencies: { ...plugin.dependencies, "alicloud-secgroups": version } });
  write("plugin/schema.json", { ...read("plugin/schema.json"), version });
  check();
}

const [command, version] = process.argv.slice(2);
if (command === "check") check();
else if (command === "set" && version) set(version.replace(/^v/, ""));
else if (command === "notes" && version) process.stdout.write(`${changelogSection(version.replace(/^v/, "")) ?? fail(`CHANGELOG.md has no "## ${version}" section`)}\n`);
else fail("usage: release-version.ts check | set <version> | notes <version>");
