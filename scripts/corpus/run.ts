/**
 * Plans every example of the corpus (see extract.ts) with the plan command, in this one
 * process, and sorts the outcomes: planned, failed with a message of the command's own, or
 * failed silently (a non-zero exit without one). Exits 1 when any example fails silently,
 * when an example that is not on the exclusion list fails, or when an excluded one now plans
 * (the list must stay true).
 *
 *   npm run corpus                          # every example
 *   npm run corpus -- ecs/instance          # only ids containing this text
 *   npm run corpus -- --update-exclusions   # rewrite exclusions.json from this run's failures
 */
import * as fs from "fs";
import * as path from "path";
import { runCli } from "../../lib/cli/run-cli";
import { extractCorpus } from "./extract";

/** Examples that fail because of their own bug, each with the reason quoted from the failure. */
const EXCLUSIONS: Record<string, string> = JSON.parse(fs.readFileSync(path.join(__dirname, "exclusions.json"), "utf8"));

interface Outcome {
  id: string;
  kind: "planned" | "failed" | "silent";
  code: number;
  message: string;
  ms: number;
}

const OWN_MESSAGE = /^alicloud-secgroups: (?!warning)/m;

/** The example's own bug behind a failure, in words, followed by the command's message. */
function explain(message: string): string {
  const quoted = message.replace(/^alicloud-secgroups: the program \S+ /, "");
  const causes: [RegExp, string][] = [
    [/reading 'Integer'/, "the example calls random.index.Integer, which @pulumi/random does not export (it is random.RandomInteger)"],
    [/ReferenceError: output is not defined/, "the example calls output(...) without importing it (pulumi.output)"],
    [/ReferenceError: (\w+) is not defined/, "the example uses a variable it never declares"],
    [/Unable to compile TypeScript/, "the example is not valid TypeScript"],
    [/needs configuration/, "the example reads required configuration it does not declare"],
    [/\.length|reading 'apply'/, "the example reads .length of a Promise (a conversion artefact), which is undefined"],
  ];
  const cause = causes.find(([re]) => re.test(quoted))?.[1];
  return cause ? `${cause}: ${quoted}` : quoted;
}

async function main(): Promise<number> {
  const update = process.argv.includes("--update-exclusions");
  const filter = process.argv.slice(2).find((a) => !a.startsWith("--"));
  const root = path.resolve(__dirname, "..", "..");
  const work = path.join(root, ".corpus");
  fs.rmSync(work, { recursive: true, force: true });
  const examples = extractCorpus().filter((e) => !filter || e.id.includes(filter));
  const outcomes: Outcome[] = [];
  const started = Date.now();
  for (const e of examples) {
    const dir = path.join(work, e.id.replace(/[#/]/g, "_"));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "index.ts"), e.source);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${path.basename(dir).replace(/[^A-Za-z0-9_.-]/g, "-")}\nruntime: nodejs\n`);
    let stderr = "";
    const t0 = Date.now();
    const code = await runCli(["plan", dir, "--json", "--fail-on", "none", "--timeout", "5"], { stdout: () => undefined, stderr: (t) => (stderr += t), cwd: root });
    const message = stderr.split("\n").find((l) => OWN_MESSAGE.test(l)) ?? "";
    outcomes.push({ id: e.id, kind: code === 0 ? "planned" : message !== "" ? "failed" : "silent", code, message, ms: Date.now() - t0 });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const count = (k: Outcome["kind"]) => outcomes.filter((o) => o.kind === k).length;
  let status = 0;
  for (const o of outcomes) {
    const excluded = EXCLUSIONS[o.id];
    if (o.kind === "silent") {
      console.log(`SILENT   ${o.id} (exit ${o.code}, no message of the command's own)`);
      status = 1;
    } else if (o.kind === "failed" && excluded === undefined) {
      console.log(`FAILED   ${o.id}: ${o.message}`);
      status = 1;
    } else if (o.kind === "planned" && excluded !== undefined) {
      console.log(`STALE    ${o.id} plans now; remove it from scripts/corpus/exclusions.json`);
      status = 1;
    } else if (o.kind === "failed") {
      console.log(`EXCLUDED ${o.id}: ${o.message}`);
    }
  }
  if (update) {
    const next: Record<string, string> = {};
    for (const o of outcomes) if (o.kind === "failed") next[o.id] = EXCLUSIONS[o.id] ?? explain(o.message);
    fs.writeFileSync(path.join(__dirname, "exclusions.json"), `${JSON.stringify(next, null, 2)}\n`);
    console.log(`wrote ${Object.keys(next).length} exclusions`);
    status = outcomes.some((o) => o.kind === "silent") ? 1 : 0;
  }
  const slowest = [...outcomes].sort((a, b) => b.ms - a.ms).slice(0, 3).map((o) => `${o.id} ${o.ms} ms`).join(", ");
  console.log(`corpus: ${outcomes.length} examples, ${count("planned")} planned, ${count("failed")} failed with a clear message (${outcomes.filter((o) => o.kind === "failed" && EXCLUSIONS[o.id] !== undefined).length} excluded), ${count("silent")} failed silently, in ${seconds} s (slowest: ${slowest})`);
  return status;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
