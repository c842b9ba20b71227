/**
 * Fuzzing every reader of untrusted files: valid documents (the readers' fixtures) mutated with
 * wrong types, deep nesting, huge strings, duplicated entries, `__proto__` keys, whitespace
 * around values, missing fields, and for YAML anchors, aliases and cut text. The oracle: the
 * document is read (and audited), or refused with the library's error naming the file; never
 * another error, never over 10 s.
 *
 * 100 to 150 cases per reader and run (about 1,600 in all), from fixed seeds (test/fuzz/seed.ts:
 * `SECGROUPS_FUZZ_SEED=random` explores, printing the seed); `SECGROUPS_FUZZ_RUNS=<factor>`
 * multiplies the runs for a longer search.
 */
import fc from "fast-check";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { ValidationError } from "../../lib/model/errors";
import { parseExemptions } from "../../lib/model/exemptions";
import { parseAnswers } from "../../lib/offline/answers";
import { networkIndex } from "../../lib/analysis/rule-index";
import { checkNetwork } from "../../lib/checks/check-network";
import { audit } from "../../lib/review/audit";
import { SourceFile, readSource } from "../../lib/sources";
import { fuzzRuns } from "./seed";

const FIXTURES = path.join(__dirname, "..", "sources", "fixtures");
const fixture = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8"));

const runs = (seed: number, n: number, label: string) => fuzzRuns(seed, n, label);

/** One change to a document, at the `at`-th node (in a walk of the whole document). */
interface Mutation {
  at: number;
  op: "type" | "deep" | "huge" | "duplicate" | "proto" | "space" | "delete" | "case" | "text-number";
  value: unknown;
  pad: string;
}

const WRONG_TYPES: unknown[] = [null, true, false, 0, -1, 1.5, 101, "", "x", " ", [], {}, [1, 2], { a: 1 }, "0.0.0.0/0", "-1/-1", "1/-1", "sgr-dup", "TCP ", "Drop"];
const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom<Mutation["op"]>("type", "deep", "huge", "duplicate", "proto", "space", "delete", "case", "text-number"),
  value: fc.constantFrom(...WRONG_TYPES),
  pad: fc.constantFrom(" ", "\t", "\n", "\r\n ", "\u00a0", "\f"),
});

/** Placeholders replaced in the JSON text, so no test code has to recurse thousands of levels. */
const DEEP = "@@deep@@";
const HUGE = "@@huge@@";

interface Slot {
  parent: Record<string, unknown> | unknown[];
  key: string | number;
}

/** Every slot of the document (iterative: the document can be anything). */
function slots(doc: unknown): Slot[] {
  const out: Slot[] = [];
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) v.forEach((x, i) => (out.push({ parent: v, key: i }), stack.push(x)));
    else if (typeof v === "object" && v !== null) for (const k of Object.keys(v)) out.push({ parent: v as Record<string, unknown>, key: k }), stack.push((v as Record<string, unknown>)[k]);
  }
  return out;
}

function mutate(doc: unknown, m: Mutation): void {
  const all = slots(doc);
  if (all.length === 0) return;
  const { parent, key } = all[m.at % all.length];
  const get = () => (parent as Record<string | number, unknown>)[key];
  const set = (v: unknown) => ((parent as Record<string | number, unknown>)[key] = v);
  const current = get();
  switch (m.op) {
    case "type":
      set(structuredClone(m.value));
      break;
    case "deep":
      set(DEEP);
      break;
    case "huge":
      set(HUGE);
      break;
    case "duplicate":
      // Another entry just like this one (same ids), or one of its fields changed.
      if (Array.isArray(parent)) parent.push(structuredClone(current));
      else if (Array.isArray(current) && current.length > 0) current.push(structuredClone(current[0]));
      else set([current, current]);
      break;
    case "proto":
      if (typeof current === "object" && current !== null && !Array.isArray(current)) Object.defineProperty(current, "__proto__", { value: structuredClone(m.value) ?? "x", enumerable: true, writable: true, configurable: true });
      else Object.defineProperty(parent, "__proto__", { value: current, enumerable: true, writable: true, configurable: true });
      break;
    case "space":
      if (typeof current === "string" || typeof current === "number") set(`${m.pad}${String(current)}${m.pad}`);
      break;
    case "delete":
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete (parent as Record<string, unknown>)[key as string];
      break;
    case "case":
      if (typeof current === "string") set(current === current.toUpperCase() ? current.toLowerCase() : current.toUpperCase());
      break;
    case "text-number":
      if (typeof current === "number") set(` ${current} `);
      break;
  }
}

function render(doc: unknown, deepLevels: number): string {
  return JSON.stringify(doc)
    .split(JSON.stringify(DEEP))
    .join(`${"[".repeat(deepLevels)}1${"]".repeat(deepLevels)}`)
    .split(JSON.stringify(HUGE))
    .join(JSON.stringify("9".repeat(100_000)));
}

/** The oracle: read, or refused by a ValidationError naming one of the files; never another error, never over 10 s. */
function readOrRefuse(names: readonly string[], read: () => unknown): void {
  const start = Date.now();
  try {
    read();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    if (!names.some((n) => e.field.startsWith(n) || e.message.includes(n))) throw new Error(`a refusal that names no file: ${e.message.slice(0, 300)}`);
  }
  const took = Date.now() - start;
  if (took > 10_000) throw new Error(`took ${took} ms`);
}

/**
 * A source's files, one of them mutated: read, or refused. What is read must then be usable:
 * indexed by the evaluator and checked, and every third case audited in full (the audit's
 * proofs are the costly part).
 */
function sourceProperty(base: SourceFile[], index: number) {
  return fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.constantFrom(300, 3000), fc.nat(2), (ms, deep, full) => {
    const files = base.map((f) => ({ ...f }));
    const doc = JSON.parse(files[index].text) as unknown;
    for (const m of ms) mutate(doc, m);
    files[index] = { name: files[index].name, text: render(doc, deep) };
    readOrRefuse(
      files.map((f) => f.name),
      () => {
        const nets = readSource(files);
        if (full === 0) audit(nets);
        else
          for (const n of nets) {
            networkIndex(n.model);
            checkNetwork(n.model);
          }
      },
    );
  });
}

const file = (name: string, doc: unknown): SourceFile => ({ name, text: JSON.stringify(doc) });
const ecsFile = (name: string) => file(`ecs/${name}`, fixture(`ecs/${name}`));
const WEB = "sg-bp1web000000000001.json";
const pager = { Permissions: (fixture(`ecs/${WEB}`) as { Permissions: unknown }).Permissions };
const show = fixture("show.json") as { values: unknown };
const plan = { format_version: "1.2", terraform_version: "1.5.0", planned_values: show.values };
const references = { RequestId: "R", SecurityGroupReferences: { SecurityGroupReference: [{ SecurityGroupId: "sg-bp1web000000000001", ReferencingSecurityGroups: { ReferencingSecurityGroup: [{ SecurityGroupId: "sg-bp1other0000000001", AliUid: "1234567890123456" }] } }] } };

/** Each reader: the files it reads together, and which of them is mutated. */
const SOURCES: [string, SourceFile[], number][] = [
  ["ECS DescribeSecurityGroupAttribute", [ecsFile(WEB), ecsFile("groups.json")], 0],
  ["ECS DescribeSecurityGroupAttribute pages", [ecsFile("sg-bp1db0000000000001.page1.json"), ecsFile("sg-bp1db0000000000001.page2.json")], 1],
  ["ECS --pager rules", [file(`ecs/pager/${WEB}`, pager)], 0],
  ["ECS DescribeSecurityGroups", [ecsFile("groups.json"), ecsFile(WEB)], 0],
  ["ECS DescribeInstances", [ecsFile("instances.json"), ecsFile(WEB)], 0],
  ["ECS DescribeNetworkInterfaces", [ecsFile("enis.json"), ecsFile("instances.json")], 0],
  ["ECS DescribePrefixListAttributes", [ecsFile("pl-bp1ops00000000001.json"), ecsFile("sg-bp1db0000000000001.page2.json")], 0],
  ["ECS DescribeSecurityGroupReferences", [file("ecs/refs.json", references), ecsFile(WEB)], 0],
  ["pulumi stack export", [file("stack.json", fixture("stack.json"))], 0],
  ["terraform show -json (state)", [file("show.json", show)], 0],
  ["terraform show -json (plan)", [file("plan.json", plan)], 0],
  ["terraform.tfstate", [file("terraform.tfstate", fixture("terraform.tfstate"))], 0],
  ["plan --json", [file("plan-three-tier.json", fixture("plan-three-tier.json"))], 0],
  ["pulumi preview --json (a deployed stack, --show-sames)", [file("preview/python-update-show-sames.json", fixture("preview/python-update-show-sames.json"))], 0],
  ["pulumi preview --json (a new YAML stack)", [file("preview/yaml-world-open-ssh.json", fixture("preview/yaml-world-open-ssh.json"))], 0],
];

describe("fuzzing the source readers", () => {
  test.each(SOURCES.map(([name, files, index], i) => [name, files, index, i] as const))("%s: read and usable (indexed, checked, audited), or refused naming the file", (name, files, index, i) => {
    fc.assert(sourceProperty(files, index), runs(7100 + i, 100, `readers ${name}`));
  });
});

/** YAML-level changes: anchors and aliases, a billion-laughs header, cut text, a duplicated key. */
type TextChange = { kind: "anchor" | "bomb" | "cut" | "duplicate-key" | "none"; at: number };
const textChange: fc.Arbitrary<TextChange> = fc.record({ kind: fc.constantFrom<TextChange["kind"]>("anchor", "bomb", "cut", "duplicate-key", "none", "none"), at: fc.nat() });

function changeText(text: string, c: TextChange, list: boolean): string {
  const lines = text.split("\n");
  const at = c.at % Math.max(1, lines.length);
  switch (c.kind) {
    case "anchor":
      return list ? `- &e { check: public-admin-port, rule: r, reason: why }\n- *e\n${text}` : `${text}\nextra: &x { a: 1 }\nmore: *x\n`;
    case "bomb": {
      const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
      for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(", ")}]`);
      return `${levels.join("\n")}\n`;
    }
    case "cut":
      return text.slice(0, (c.at % Math.max(1, text.length)) + 1);
    case "duplicate-key":
      return [...lines.slice(0, at + 1), lines[at], ...lines.slice(at + 1)].join("\n");
    default:
      return text;
  }
}

const EXEMPTIONS = [
  { check: "public-admin-port", rule: "sgr-bp1web00000000002", reason: "vendor migration until June" },
  { diff: "world-open", rule: "sg-web/in-accept-p1-tcp:443-from-0.0.0.0/0", reason: "public web" },
  { check: "unresolved-rule", rule: "sgr-1", reason: "disabled in the console" },
];
const ANSWERS = {
  datasources: { "alicloud:index/getZones:getZones": { ids: ["cn-shanghai-b"], zones: [{ id: "cn-shanghai-b" }] }, "alicloud:vpc/getNetworks:getNetworks": [{ args: { nameRegex: "^prod$" }, result: { ids: ["vpc-prod"] } }] },
  outputs: { "alicloud:ecs/eipAddress:EipAddress.ipAddress": "198.51.100.20" },
};

/** A YAML or JSON file the package reads: mutated, rendered as YAML or JSON, changed as text. */
function yamlProperty(base: unknown, name: string, list: boolean, read: (text: string, file: string) => unknown) {
  return fc.property(fc.array(mutation, { minLength: 0, maxLength: 3 }), fc.boolean(), textChange, (ms, asYaml, change) => {
    const doc = structuredClone(base);
    for (const m of ms) mutate(doc, m);
    // Deep values stay shallow enough for js-yaml's dump; the readers' own bound is tested elsewhere.
    let text = render(doc, 300);
    if (asYaml) {
      try {
        text = yaml.dump(JSON.parse(text), { noRefs: true });
      } catch {
        // Too deep for the dumper: keep the JSON, which is YAML too.
      }
    }
    text = changeText(text, change, list);
    readOrRefuse([name], () => read(text, name));
  });
}

describe("fuzzing the YAML and JSON files the package reads", () => {
  test("exemptions: read, or refused naming the file", () => {
    fc.assert(yamlProperty(EXEMPTIONS, "exemptions.yaml", true, (t, f) => parseExemptions(t, f)), runs(7201, 150, "readers exemptions"));
  });

  test("answers: read, or refused naming the file", () => {
    fc.assert(yamlProperty(ANSWERS, "answers.yaml", false, (t, f) => parseAnswers(t, f)), runs(7202, 150, "readers answers"));
  });
});
