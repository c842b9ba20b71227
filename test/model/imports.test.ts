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
