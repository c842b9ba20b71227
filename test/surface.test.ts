import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import * as root from "../lib";

/**
 * The package's surface: a root a newcomer can hold, every floor under its own documented
 * subpath, the names that moved still at the root (deprecated, the same objects) for one minor
 * version, and no type of the root or of a subpath but `/policy` needing `@pulumi/policy`.
 */
const ROOT = path.join(__dirname, "..");
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  exports: Record<string, string | { types: string; default: string }>;
  typesVersions: Record<string, Record<string, string[]>>;
  files: string[];
  engines: { node: string };
};
const INDEX = ts.createSourceFile("index.ts", fs.readFileSync(path.join(ROOT, "lib", "index.ts"), "utf8"), ts.ScriptTarget.Latest, true);

/** The subpaths of `exports` (`analysis`, `review`, …), each with the library file behind it. */
const SUBPATHS = Object.entries(PKG.exports)
  .filter(([k, v]) => k !== "." && typeof v === "object")
  .map(([k, v]) => {
    const target = v as { types: string; default: string };
    return { name: k.slice(2), target, source: path.join(ROOT, target.default.replace(/^\.\/dist\//, "lib/").replace(/\.js$/, ".ts")) };
  });

/** The root's deprecated names: `name`, the subpath its tag names, and whether it has a value (not only a type). */
function deprecated(): { name: string; subpath: string; value: boolean }[] {
  const out: { name: string; subpath: string; value: boolean }[] = [];
  for (const s of INDEX.statements) {
    const tag = ts.getJSDocDeprecatedTag(s);
    if (!tag) continue;
    const comment = typeof tag.comment === "string" ? tag.comment : ts.getTextOfJSDocComment(tag.comment) ?? "";
    const subpath = /`alicloud-secgroups\/([a-z-]+)`/.exec(comment)?.[1] ?? "";
    if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) out.push({ name: (d.name as ts.Identifier).text, subpath, value: true });
    else if (ts.isImportEqualsDeclaration(s)) out.push({ name: s.name.text, subpath, value: true });
    else if (ts.isTypeAliasDeclaration(s)) out.push({ name: s.name.text, subpath, value: false });
  }
  return out;
}

/** The library files a file imports, relative imports only, types included. */
function importsOf(file: string): { relative: string[]; packages: string[] } {
  const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
  const names = info.importedFiles.map((f) => f.fileName);
  const relative = names.filter((n) => n.startsWith(".")).map((n) => {
    const base = path.resolve(path.dirname(file), n);
    return [`${base}.ts`, path.join(base, "index.ts")].find((f) => fs.existsSync(f)) as string;
  });
  return { relative: relative.filter(Boolean), packages: names.filter((n) => !n.startsWith(".")) };
}

/** Every package the files reachable from `entry` import (the types of its declarations come from these). */
function packagesReachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const f = stack.pop() as string;
    if (seen.has(f)) continue;
    seen.add(f);
    const { relative, packages: p } = importsOf(f);
    for (const name of p) packages.add(name);
    stack.push(...relative);
  }
  return packages;
}

describe("the root export", () => {
  const names = Object.keys(root);
  const moved = new Set(deprecated().map((d) => d.name));
  const spine = names.filter((n) => !moved.has(n));

  test("holds at most 60 runtime names besides the deprecated ones", () => {
    expect(spine.length).toBeLessThanOrEqual(60);
  });

  test("is the spine: the components, their verbs, Port, Peer, the model, the evaluator, the checks and intents", () => {
    expect(spine).toEqual(
      expect.arrayContaining([
        "ThreeTierSecurityGroups", "DatabaseSecurityGroup", "WorkbenchAccess", "OutboundWhitelist", "InterconnectGroup",
        "Connections", "connectionsOf", "Port", "Peer", "ValidationError", "validateRule", "validateNetwork", "ruleKey",
        "evaluateFlow", "accessMatrix", "checkNetwork", "proveIntents", "validateIntents",
      ]),
    );
  });

  test("says no word of a lib/private that does not exist", () => {
    expect(INDEX.text).not.toMatch(/lib\/private/);
  });
});

describe("the subpaths", () => {
  test("are the floors of the library, plus /jest, each with its exports and typesVersions entry", () => {
    expect(SUBPATHS.map((s) => s.name).sort()).toEqual(["analysis", "checks", "cli", "components", "jest", "model", "offline", "plans", "policy", "review", "sources", "testing"]);
    for (const s of SUBPATHS) {
      expect([s.name, fs.existsSync(s.source)]).toEqual([s.name, true]);
      expect([s.name, s.target.types]).toEqual([s.name, s.target.default.replace(/\.js$/, ".d.ts")]);
      expect(PKG.typesVersions["*"][s.name]).toEqual([s.target.types.replace(/^\.\//, "")]);
    }
  });

  test.each(deprecated().filter((d) => d.value).map((d) => [d.name, d.subpath]))("the root's deprecated %s is the same object as alicloud-secgroups/%s's", (name, subpath) => {
    const entry = SUBPATHS.find((s) => s.name === subpath);
    expect(entry).toBeDefined();
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const module = require(entry?.source as string) as Record<string, unknown>;
    const value = (root as unknown as Record<string, unknown>)[name];
    expect(value).toBeDefined();
    expect(value === module || value === module[name]).toBe(true);
  });

  test("every deprecated type names a subpath that exports it", () => {
    for (const d of deprecated().filter((x) => !x.value)) expect([d.name, SUBPATHS.some((s) => s.name === d.subpath)]).toEqual([d.name, true]);
  });

  test.each([".", ...SUBPATHS.filter((s) => s.name !== "policy").map((s) => s.name)])("%s needs nothing of @pulumi/policy, types included", (name) => {
    const source = name === "." ? path.join(ROOT, "lib", "index.ts") : (SUBPATHS.find((s) => s.name === name)?.source as string);
    expect([...packagesReachable(source)].filter((p) => p === "@pulumi/policy" || p.startsWith("@pulumi/policy/"))).toEqual([]);
  });
});

describe("installing", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

  test("the README and engines ask for the same Node.js", () => {
    const said = /Node\.js (\d+) or later/.exec(readme)?.[1];
    expect(PKG.engines.node).toBe(`>=${said}`);
    expect(Number(said)).toBeGreaterThanOrEqual(Number(/>=\s*(\d+)/.exec(JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8")).engines.node)?.[1]));
  });

  test("the README's install line pins TypeScript inside the range @pulumi/pulumi accepts", () => {
    const line = /^npm install alicloud-secgroups .*$/m.exec(readme)?.[0] ?? "";
    const pin = /\btypescript@\^?(\d+)\.\d+/.exec(line);
    const below = /<\s*(\d+)/.exec(JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8")).peerDependencies.typescript)?.[1];
    expect(pin).not.toBeNull();
    expect(Number(pin?.[1])).toBeLessThan(Number(below));
  });
});

describe("the release", () => {
  const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

  test("CHANGELOG.md says where each name that left the root went", () => {
    const bullets = read("CHANGELOG.md").split(/\n- /);
    for (const d of deprecated()) {
      const bullet = bullets.find((b) => b.startsWith(`\`alicloud-secgroups/${d.subpath}\`:`));
      const said = bullet?.includes(`\`${d.name}\``) || (d.name === d.subpath && bullets.some((b) => b.includes(`\`${d.name}\``) && b.includes(`/${d.subpath}`)));
      expect([d.name, d.subpath, said]).toEqual([d.name, d.subpath, true]);
    }
  });

  test("a tag v* builds and tests as CI does, sets one version everywhere, publishes with provenance and attaches the tarball", () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const yaml = require("js-yaml") as { load(text: string): unknown };
    const workflow = yaml.load(read(".github/workflows/release.yml")) as { on: { push: { tags: string[] } }; permissions: Record<string, string>; jobs: Record<string, { steps: { run?: string; env?: Record<string, string> }[] }> };
    expect(workflow.on.push.tags).toEqual(["v*"]);
    expect(workflow.permissions).toMatchObject({ "id-token": "write", contents: "write" });
    const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
    const runs = steps.map((s) => s.run ?? "").join("\n");
    expect(runs).toMatch(/^npm ci\b/m);
    expect(runs).toMatch(/scripts\/release-version\.ts set "\$TAG"/);
    expect(runs).toMatch(/^bash \.ci\/run$/m);
    expect(runs).toMatch(/npm publish .*--provenance/);
    expect(steps.find((s) => /npm publish/.test(s.run ?? ""))?.env?.NODE_AUTH_TOKEN).toBeDefined();
    expect(runs).toMatch(/gh release (create|upload) "\$TAG" "\$\{\{ steps\.pack\.outputs\.tarball \}\}"/);
    const ci = read(".ci/run");
    for (const command of ["npm ci", "npm run build", "npm run typecheck", "npm run -s api:check", "scripts/release-version.ts check", "npm publish --dry-run", "npm run test:package", "npm test"]) expect(ci).toContain(command);
  });

  test("the version the release states is one: package, plugin, its dependency on the library, its schema", () => {
    const version = (JSON.parse(read("package.json")) as { version: string }).version;
    const plugin = JSON.parse(read("plugin/package.json")) as { version: string; dependencies: Record<string, string> };
    expect([plugin.version, plugin.dependencies["alicloud-secgroups"], (JSON.parse(read("plugin/schema.json")) as { version: string }).version]).toEqual([version, version, version]);
    expect(read("CHANGELOG.md")).toMatch(new RegExp(`^## \\[?${version.replace(/\./g, "\\.")}\\]?`, "m"));
  });
});
