/**
 * An export whose text is code: the example estate with the shop-app rule's description set to
 * a line break (or U+2028) followed by a statement. `adopt --out` writes a program that, planned
 * by the project's own offline runner, runs nothing (no marker file, no global), type-checks
 * against the package, and still carries the description, as data.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { runAdoptCommand } from "../../lib/cli/adopt";
import { planProject } from "../../lib/cli/plan";

const ROOT = path.join(__dirname, "..", "..");
const ESTATE = path.join(ROOT, "docs", "estate");
const APP = "sg-bp1shopapp0000001.json";

/** A line break, then a statement that leaves a marker file and a global behind, then a comment opener. */
function payload(lineBreak: string, marker: string): string {
  return `from web${lineBreak}require('child_process').execSync('touch ${marker}'); (globalThis as any).adoptPwned = 1;${lineBreak}//`;
}

const CASES = [
  ["a line break", "\n"],
  ["U+2028", "\u2028"],
] as const;

describe("adopt: an export's description never becomes code", () => {
  let tmp: string;
  const written = new Map<string, { dir: string; marker: string; text: string }>();
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-hostile-"));
    CASES.forEach(([label, lineBreak], i) => {
      const estate = path.join(tmp, `estate-${i}`);
      fs.cpSync(ESTATE, estate, { recursive: true });
      const marker = path.join(tmp, `pwned-${i}`);
      const file = path.join(estate, APP);
      const doc = JSON.parse(fs.readFileSync(file, "utf8"));
      expect(doc.Permissions.Permission[0].Description).toBe("from web");
      doc.Permissions.Permission[0].Description = payload(lineBreak, marker);
      fs.writeFileSync(file, JSON.stringify(doc, null, 1));
      // Inside the repository, so the program resolves @pulumi/* from its node_modules.
      const dir = path.join(__dirname, `.adopt-hostile-${process.pid}-${i}`);
      const r = runAdoptCommand([estate, "--out", dir], tmp);
      expect(r).toMatchObject({ exitCode: 0, stderr: "" });
      const index = path.join(dir, "index.ts");
      fs.writeFileSync(index, fs.readFileSync(index, "utf8").replace(`from "alicloud-secgroups"`, `from ${JSON.stringify(path.relative(dir, path.join(ROOT, "lib")))}`));
      written.set(label, { dir, marker, text: fs.readFileSync(index, "utf8") });
    });
  });
  afterAll(() => {
    for (const { dir } of written.values()) fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
    delete (globalThis as { adoptPwned?: unknown }).adoptPwned;
  });

  test.each(CASES)("%s: planning the adopted program runs nothing", async (label) => {
    const { dir, marker } = written.get(label)!;
    const { capture } = await planProject({ dir, cwd: dir });
    expect(capture.network.groups).toHaveLength(4);
    expect(fs.existsSync(marker)).toBe(false);
    expect((globalThis as { adoptPwned?: unknown }).adoptPwned).toBeUndefined();
  });

  test.each(CASES)("%s: the program holds no line terminator but its own line ends, and quotes the description escaped", (label, lineBreak) => {
    const { text, marker } = written.get(label)!;
    expect(text).not.toMatch(/[\r\u2028\u2029\u0085]/);
    const escaped = lineBreak === "\n" ? "\\n" : "\\u2028";
    expect(text).toContain(`(the cloud: "from web${escaped}require('child_process').execSync('touch ${marker}'); (globalThis as any).adoptPwned = 1;${escaped}//")`);
    // Each note is one comment line; no line of the program starts with the payload.
    expect(text.split("\n").filter((l) => l.includes("execSync")).every((l) => l.startsWith("// note: "))).toBe(true);
  });

  test("both programs type-check against the package", () => {
    // The provider SDK through its ecs and vpc modules only (what the program and the components use): the same types, a fraction of the files.
    const stub = path.join(__dirname, "__alicloud-stub.ts");
    const stubText = ["ecs", "vpc"].map((m) => `export * as ${m} from ${JSON.stringify(path.join(ROOT, "node_modules", "@pulumi", "alicloud", m))};`).join("\n");
    const host = ts.createCompilerHost({});
    const getSourceFile = host.getSourceFile;
    host.getSourceFile = (file, language, onError, create) => (path.resolve(file) === stub ? ts.createSourceFile(file, stubText, language) : getSourceFile(file, language, onError, create));
    const fileExists = host.fileExists;
    host.fileExists = (file) => path.resolve(file) === stub || fileExists(file);
    const files = [...written.values()].map((w) => path.join(w.dir, "index.ts"));
    const program = ts.createProgram(
      files,
      { strict: true, target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: true, skipLibCheck: true, noEmit: true, types: [], baseUrl: ROOT, paths: { "@pulumi/alicloud": [path.relative(ROOT, stub)] } },
      host,
    );
    for (const file of files) {
      const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      expect(diagnostics).toEqual([]);
    }
  });
});
