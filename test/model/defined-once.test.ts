import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/**
 * What is decided or named once, in the floor that owns it, and called from everywhere else:
 * read from the sources as the compiler parses them (comments and prose aside).
 */
const LIB = path.join(__dirname, "..", "..", "lib");

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

const FILES = tsFiles(LIB).map((file) => ({ file: path.relative(LIB, file).split(path.sep).join("/"), source: ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true) }));

function nodes(source: ts.SourceFile, keep: (n: ts.Node) => boolean): ts.Node[] {
  const out: ts.Node[] = [];
  const visit = (n: ts.Node): void => {
    if (keep(n)) out.push(n);
    ts.forEachChild(n, visit);
  };
  visit(source);
  return out;
}

/** The files that declare `name` at their top level and export it (a function, class, interface, type, variable or enum). */
function definitions(name: string): string[] {
  return FILES.filter(({ source }) =>
    source.statements.some((s) => {
      if (!ts.canHaveModifiers(s) || !ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return false;
      if (ts.isVariableStatement(s)) return s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name);
      const named = s as ts.DeclarationStatement;
      return named.name !== undefined && ts.isIdentifier(named.name) && named.name.text === name;
    }),
  ).map((f) => f.file);
}

const where = (n: ts.Node) => `${n.getSourceFile().fileName.slice(LIB.length + 1)}:${n.getSourceFile().getLineAndCharacterOfPosition(n.getStart()).line + 1} ${n.getText().slice(0, 80)}`;

describe("names defined once", () => {
  test.each([
    ["slug", "plans/names.ts"],
    ["loadExemptions", "checks/exemptions.ts"],
    ["ReviewOptions", "checks/exemptions.ts"],
    ["GroupUse", "model/network.ts"],
    ["Exemption", "model/exemptions.ts"],
    ["FindingExemption", "model/exemptions.ts"],
    ["DiffExemption", "model/exemptions.ts"],
    ["matchingExemption", "model/exemptions.ts"],
    ["FailOn", "checks/finding.ts"],
    ["FAIL_ON_LEVELS", "checks/finding.ts"],
    ["Severity", "checks/finding.ts"],
    ["CheckId", "checks/registry.ts"],
    ["CHECK_IDS", "checks/registry.ts"],
    ["SERVICES", "model/port.ts"],
    ["ADMIN_PORTS", "model/services.ts"],
    ["WORKBENCH_CIDRS", "model/services.ts"],
  ])("%s is defined in one file only (%s)", (name, file) => {
    expect(definitions(name)).toEqual([file]);
  });
});

describe("the service catalogue is written once, in lib/model/services.ts", () => {
  const PORTS = new Set(["21", "22", "80", "443", "1433", "1521", "3306", "3389", "5432", "6379", "8080", "27017"]);
  const RANGES = new Set(["161.117.0.0/16", "100.104.0.0/16"]);

  test("no other file writes an admin, database, web or application port, or a Workbench range, as a value", () => {
    const found = FILES.filter((f) => f.file !== "model/services.ts").flatMap(({ source }) =>
      nodes(source, (n) => (ts.isNumericLiteral(n) && PORTS.has(n.text)) || (ts.isStringLiteralLike(n) && RANGES.has(n.text))).map(where),
    );
    expect(found).toEqual([]);
  });
});

describe("which network a group is in is decided by lib/model/group-network.ts", () => {
  const READERS = /^(model|analysis|checks|sources|review)\//;
  const isVpcId = (n: ts.Node) => (ts.isIdentifier(n) && /^vpcid$/i.test(n.text)) || (ts.isPropertyAccessExpression(n) && /^vpcid$/i.test(n.name.text));
  const EQUALITY = [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken];

  test('no reader compares a vpcId with "" (how a classic-network group reads) itself', () => {
    const found = FILES.filter((f) => READERS.test(f.file) && f.file !== "model/group-network.ts").flatMap(({ source }) =>
      nodes(source, (n) => ts.isBinaryExpression(n) && EQUALITY.includes(n.operatorToken.kind) && [n.left, n.right].some(isVpcId) && [n.left, n.right].some((s) => ts.isStringLiteralLike(s) && s.text === "")).map(where),
    );
    expect(found).toEqual([]);
  });
});
