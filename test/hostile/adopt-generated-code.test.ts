/**
 * Whatever text an export holds (every line terminator, quotes, backslashes, `*\/`, `${`,
 * backticks, bidirectional overrides, lone surrogates, reserved words), the program `adopt`
 * writes parses to the same statements as for a benign text, carries the text back exactly in
 * its string literals, and compiles as a CommonJS module; its Pulumi.yaml, package.json and
 * import.json hold the text as values, never as new keys.
 */
import * as fc from "fast-check";
import * as yaml from "js-yaml";
import * as path from "path";
import * as ts from "typescript";
import * as vm from "vm";
import { loadSourceFiles } from "../../lib/cli/source-files";
import { NetworkModel } from "../../lib/model/network";
import { AdoptedProject, adoptNetwork } from "../../lib/review/adopt";
import { commentText, identifier, stringLiteral } from "../../lib/review/generated-code";
import { readSource } from "../../lib/sources/read-sources";
import { fuzzRuns } from "../fuzz/seed";

const ESTATE = path.join(__dirname, "..", "..", "docs", "estate");
const exported = readSource(loadSourceFiles(ESTATE, "."))[0].model;

/** Pieces that end lines, strings, comments or templates, or mislead a reader, among arbitrary code units. */
const HOSTILE = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\u0085", "\u000b", "\f", "\0", "\u001b[31m", '"', "'", "`", "${", "\\", "\\u2028", "*/", "/*", "//", "<!--", "-->", "\u202e", "\u2066", "\u200b", "\ufeff", "\ud800", "\udfff", "\udbff\udfff", "eval", "require", "__proto__", ": ", "# ", "- ", "\t"];
const text = (minLength = 0) =>
  fc
    .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: "binary", maxLength: 3 }), fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 8 })
    .map((parts) => parts.join(""))
    .filter((s) => s.length >= minLength);
/** Words a variable must not be, and group names that try to be them. */
const WORDS = ["eval", "arguments", "require", "module", "exports", "__dirname", "__filename", "let", "static", "yield", "await", "enum", "implements", "package", "protected", "interface", "private", "public", "undefined", "NaN", "Infinity", "alicloud", "pulumi", "new", "class", "constructor", "__proto__", "ThreeTierSecurityGroups", "OutboundWhitelist"];
const name = fc.oneof(text(1), fc.constantFrom(...WORDS));

interface Texts {
  description: string;
  name: string;
  tagKey: string;
  tagValue: string;
  project: string;
}

/**
 * The estate with `t` in: the shop-app rule's description (said in a note), the raw SSH rule's
 * description, and the raw workers group's name, description and one tag.
 */
function adopt(t: Texts): AdoptedProject {
  const model: NetworkModel = structuredClone(exported);
  const group = (n: string) => model.groups.find((g) => g.name === n)!;
  const app = group("shop-app");
  const web = group("shop-web");
  const workers = group("workers");
  app.rules[0].description = t.description;
  web.rules.find((r) => r.portRange === "22/22" && r.cidrIp === "0.0.0.0/0")!.description = t.description;
  workers.name = t.name;
  workers.description = t.description;
  workers.tags = { [t.tagKey]: t.tagValue };
  return adoptNetwork(model, { project: t.project });
}

/** The program's syntax tree as node kinds, string literals and names alike whatever they hold. */
function shape(sf: ts.SourceFile): string {
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node)) {
      out.push("key");
      visit(node.initializer);
      return;
    }
    out.push(ts.isStringLiteral(node) ? "string" : ts.isIdentifier(node) ? "name" : ts.SyntaxKind[node.kind]);
    ts.forEachChild(node, visit);
  };
  sf.statements.forEach(visit);
  return out.join(" ");
}

/** Every string literal's value and every property name in the program. */
function carried(sf: ts.SourceFile): { strings: string[]; keys: string[] } {
  const strings: string[] = [];
  const keys: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node)) strings.push(node.text);
    if (ts.isPropertyAssignment(node)) {
      const n = node.name;
      keys.push(ts.isComputedPropertyName(n) && ts.isStringLiteral(n.expression) ? n.expression.text : ts.isIdentifier(n) || ts.isStringLiteral(n) ? n.text : "?");
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { strings, keys };
}

/** Compiles (does not run) the program as Node runs it: a strict CommonJS module. */
function compilesAsModule(program: string): void {
  const out = ts.transpileModule(program, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, strict: true } });
  expect((out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"))).toEqual([]);
  expect(() => new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${out.outputText}\n})`)).not.toThrow();
}

const parse = (program: string) => ts.createSourceFile("index.ts", program, ts.ScriptTarget.ES2020, true, ts.ScriptKind.TS);

describe("adopt: the generated project holds the export's text only as data", () => {
  const benign = adopt({ description: "benign", name: "benign", tagKey: "benign", tagValue: "benign", project: "benign" });
  const benignShape = shape(parse(benign.files["index.ts"]));

  test("a benign estate: components, notes and raw resources, a plain program", () => {
    compilesAsModule(benign.files["index.ts"]);
    expect(benign.components.length).toBeGreaterThan(0);
    expect(benign.files["index.ts"]).toContain("// note: ");
  });

  test("any description, name, tag and project: the same statements, each text carried back exactly", () => {
    fc.assert(
      fc.property(fc.record({ description: text(1), name, tagKey: text(), tagValue: text(), project: text(1) }), (t) => {
        const project = adopt(t);
        const program = project.files["index.ts"];
        // No line terminator but the program's own line ends, so no comment or literal is left early.
        expect(program).not.toMatch(/[\r\u2028\u2029\u0085]/);
        compilesAsModule(program);
        const sf = parse(program);
        expect(shape(sf)).toBe(benignShape);
        const { strings, keys } = carried(sf);
        expect(strings).toContain(t.description);
        expect(strings).toContain(t.name);
        expect(strings).toContain(t.tagValue);
        expect(keys).toContain(t.tagKey);
        // The project files: the text is a value; no key is added.
        expect(yaml.load(project.files["Pulumi.yaml"])).toEqual({ name: t.project, runtime: "nodejs", description: "Security groups adopted from an export by alicloud-secgroups." });
        const pkg = JSON.parse(project.files["package.json"]);
        expect(Object.keys(pkg)).toEqual(["name", "private", "main", "dependencies", "devDependencies"]);
        expect(pkg.name).toBe(t.project);
        expect(JSON.parse(project.files["import.json"]).resources).toEqual(project.imports);
        for (const file of Object.values(project.files)) expect(file).not.toMatch(/[\u2028\u2029\u0085]/);
      }),
      fuzzRuns(2801, 80, "adopt-generated-code"),
    );
  });

  test("any name, description and tags on every group (component names read from them too): a program that compiles, with no stray line terminator", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ name, description: text(), tagKey: text(), tagValue: text() }), { minLength: 4, maxLength: 4 }), fc.boolean(), (texts, suffixed) => {
        const model: NetworkModel = structuredClone(exported);
        model.groups.forEach((g, i) => {
          // With the tier's suffix kept, the three tiers may still be read as one component named by the text.
          g.name = suffixed && g.name ? `${texts[i].name}-${g.name.split("-").pop()}` : texts[i].name;
          g.description = texts[i].description;
          g.tags = { ...g.tags, [texts[i].tagKey]: texts[i].tagValue };
        });
        for (const components of [true, false]) {
          const program = adoptNetwork(model, { components }).files["index.ts"];
          expect(program).not.toMatch(/[\r\u2028\u2029\u0085]/);
          compilesAsModule(program);
        }
      }),
      fuzzRuns(2804, 40, "adopt-generated-code"),
    );
  });

  test.each([
    ["a line break", "shop\nbackend: { url: file:///tmp }"],
    ["a key", "shop: x"],
    ["a comment", "shop # x"],
    ["an item", "- shop"],
  ])("a project name with %s adds no key to Pulumi.yaml", (_, project) => {
    const files = adopt({ description: "d", name: "n", tagKey: "k", tagValue: "v", project }).files;
    expect(yaml.load(files["Pulumi.yaml"])).toEqual({ name: project, runtime: "nodejs", description: expect.any(String) });
  });

  test("a tag key __proto__ stays a tag", () => {
    const program = adopt({ description: "d", name: "n", tagKey: "__proto__", tagValue: "v", project: "p" }).files["index.ts"];
    expect(program).toContain('tags: { ["__proto__"]: "v" }');
  });
});

describe("generated-code: one escaping function, one comment sanitiser", () => {
  test("a literal is one printable line that parses back to the text", () => {
    fc.assert(
      fc.property(text(), (s) => {
        const lit = stringLiteral(s);
        expect(lit).not.toMatch(/[\n\r\u2028\u2029\u0085\u202e\ufeff]/);
        expect(JSON.parse(lit)).toBe(s);
        const sf = parse(`x(${lit});`);
        const arg = ((sf.statements[0] as ts.ExpressionStatement).expression as ts.CallExpression).arguments[0];
        expect(ts.isStringLiteral(arg) && arg.text).toBe(s);
        expect(yaml.load(`v: ${lit}`)).toEqual({ v: s });
      }),
      fuzzRuns(2802, 150, "generated-code"),
    );
  });

  test("comment text holds no line terminator and cannot close or open a comment", () => {
    fc.assert(
      fc.property(text(), (s) => {
        const c = commentText(s);
        expect(c).not.toMatch(/[\n\r\u2028\u2029\u0085]|\*\/|\/\*/);
        for (const comment of [`// ${c}\n`, `/* ${c} */\n`]) expect(parse(`${comment}x();`).statements).toHaveLength(1);
      }),
      fuzzRuns(2803, 150, "generated-code"),
    );
  });

  test("a variable name is plain ASCII, never a reserved or module-scope word, and unique", () => {
    const used = new Set<string>();
    const names = [...WORDS, "web-1", "shop web", "ünïcode", "\u0065val", "1st", "", "--"].map((n) => identifier(n, used));
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[A-Za-z_$][A-Za-z0-9_$]*$/);
    compilesAsModule(names.map((n) => `const ${n} = 1;`).join("\n"));
    expect(names.slice(WORDS.length)).toEqual(["web1", "shopWeb", "NCode", "eval2", "_1st", "component", "component2"]);
  });
});
