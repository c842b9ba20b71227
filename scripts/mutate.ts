/**
 * Mutation testing (StrykerJS) of one folder or a few files of lib/, by hand, never in CI:
 *
 *   npm run mutate -- lib/review                 # every file of a folder (index.ts left out)
 *   npm run mutate -- lib/review/audit.ts        # one file, or several
 *   npm run mutate -- lib/review/audit.ts:420-640  # lines of a file (Stryker's range syntax)
 *   npm run mutate -- lib/checks --force         # flags after the paths go to stryker as they are
 *   npm run mutate -- lib/checks/a.ts lib/checks/b.ts --name=checks-gates   # name the reports of a set
 *   npm run mutate -- lib/sources/ecs-api.ts --tests=test/hostile   # more test folders than the floor's
 *
 * Runs are incremental: each target keeps its last result in reports/mutation/<target>.incremental.json
 * (ignored by git), so a rerun tests only the mutants whose code or covering tests changed. The
 * jest run is limited to the test folders that exercise the floor being mutated (TEST_ROOTS);
 * reports land in reports/mutation/<target>.html and .json. See MUTATION.md for the scores.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..");

/**
 * The test folders whose tests exercise each floor of lib/ (jest.mutation.config.js leaves out
 * the slow end-to-end and property tests). Every mutant runs jest once on the tests of these
 * folders that import the mutated file and cover the mutant: the fewer, the faster.
 */
const TEST_ROOTS: Record<string, string[]> = {
  model: ["test/model"],
  analysis: ["test/analysis"],
  checks: ["test/checks"],
  plans: ["test/plans"],
  sources: ["test/sources"],
  review: ["test/review"],
  components: ["test/components"],
};

function usage(message: string): never {
  process.stderr.write(`mutate: ${message}\nusage: npm run mutate -- <lib folder or .ts files...> [stryker flags]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const targets = args.filter((a) => !a.startsWith("-"));
const named = args.find((a) => a.startsWith("--name="))?.slice("--name=".length);
// Test folders to run besides the floors' own (a reader's hostile-input tests live in test/hostile).
const extraTests = (args.find((a) => a.startsWith("--tests="))?.slice("--tests=".length) ?? "").split(",").filter((t) => t !== "");
for (const t of extraTests) if (!fs.existsSync(path.join(ROOT, t)) || !t.startsWith("test/")) usage(`--tests: ${JSON.stringify(t)} is not a folder under test/`);
const passThrough = args.filter((a) => a.startsWith("-") && !a.startsWith("--name=") && !a.startsWith("--tests="));
if (targets.length === 0) usage("name a folder or files under lib/, e.g. lib/review");

const mutate: string[] = [];
const floors = new Set<string>();
for (const target of targets) {
  const [file, range] = target.split(/:(?=\d+-\d+$)/);
  const rel = path.relative(ROOT, path.resolve(file)).split(path.sep).join("/");
  const parts = rel.split("/");
  if (parts[0] !== "lib" || parts.length < 2 || !fs.existsSync(path.join(ROOT, rel))) usage(`${JSON.stringify(target)} is not a folder or file under lib/`);
  floors.add(parts[1].replace(/\.ts$/, ""));
  if (fs.statSync(path.join(ROOT, rel)).isDirectory()) mutate.push(`${rel}/**/*.ts`, `!${rel}/**/index.ts`);
  else if (rel.endsWith(".ts")) mutate.push(range ? `${rel}:${range}` : rel);
  else usage(`${JSON.stringify(target)} is neither a folder nor a .ts file`);
}

const roots = [...new Set([...[...floors].flatMap((f) => TEST_ROOTS[f] ?? [`test/${f}`]), ...extraTests])];
const slug = named ?? targets
  .map((t) => path.relative(path.join(ROOT, "lib"), path.resolve(t)).replace(/\.ts(?=$|:)/, "").replace(/[\\/:]/g, "-"))
  .join("+");
const reports = path.join("reports", "mutation");

const strykerArgs = [
  "run",
  "stryker.config.json",
  "--mutate",
  mutate.join(","),
  "--incremental",
  "--incrementalFile",
  `${reports}/${slug}.incremental.json`,
  ...passThrough,
];
// The html and json reporters take their file names from the config only; a small override file does it.
const override = path.join(ROOT, reports, `${slug}.config.json`);
fs.mkdirSync(path.dirname(override), { recursive: true });
const base = JSON.parse(fs.readFileSync(path.join(ROOT, "stryker.config.json"), "utf8")) as Record<string, unknown>;
delete base.$schema;
fs.writeFileSync(
  override,
  JSON.stringify({ ...base, htmlReporter: { fileName: `${reports}/${slug}.html` }, jsonReporter: { fileName: `${reports}/${slug}.json` } }, null, 2),
);
strykerArgs[1] = path.relative(ROOT, override);

process.stdout.write(`mutate: ${mutate.join(" ")}\nmutate: tests under ${roots.join(", ")}\n`);
const result = spawnSync(path.join(ROOT, "node_modules", ".bin", "stryker"), strykerArgs, {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, SECGROUPS_MUTATION_TESTS: roots.join(",") },
});
process.exit(result.status ?? 1);
