import * as fs from "fs";
import * as path from "path";

/** The pure floors must never import Pulumi: they run in checks, the evaluator and the policy pack. */
describe("pure core", () => {
  const pureDirs = ["model", "analysis", "checks", "plans", "sources", "review"].map((d) => path.join(__dirname, "..", "..", "lib", d));

  function tsFiles(dir: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
    });
  }

  const files = pureDirs.flatMap(tsFiles);

  test("has model files to check", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  test.each(files.map((f) => [path.relative(process.cwd(), f)]))("%s imports nothing from @pulumi/*", (file) => {
    const text = fs.readFileSync(file, "utf8");
    expect(text).not.toMatch(/from\s+["']@pulumi\//);
    expect(text).not.toMatch(/require\(\s*["']@pulumi\//);
  });

  test.each(files.map((f) => [path.relative(process.cwd(), f)]))("%s imports nothing from the Pulumi floors", (file) => {
    const text = fs.readFileSync(file, "utf8");
    expect(text).not.toMatch(/from\s+["']\.\.\/(components|testing|policy|cli)/);
  });
});

/** The model is the bottom floor: it imports no other part of the library (readers live in lib/sources, above it). */
describe("the model's floor", () => {
  const dir = path.join(__dirname, "..", "..", "lib", "model");
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts"));

  test("holds no reader of stack exports (lib/sources/stack-resources.ts reads them)", () => {
    expect(files).not.toContain("stack-resources.ts");
    expect(fs.existsSync(path.join(__dirname, "..", "..", "lib", "sources", "stack-resources.ts"))).toBe(true);
  });

  test.each(files)("lib/model/%s imports nothing from a floor above the model", (file) => {
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    const imported = [...text.matchAll(/(?:from\s+|require\(\s*)["'](\.\.?\/[^"']*)["']/g)].map((m) => m[1]);
    expect(imported.filter((p) => p.startsWith("../"))).toEqual([]);
  });
});
