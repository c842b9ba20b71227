/**
 * The decision Alibaba makes is written once, in lib/analysis: outside it, no code compares two
 * rules' priorities (or ranks) to decide a verdict, and none reads a group's inner access policy
 * to decide whether traffic passes. Read over the syntax tree of every file of lib/, against an
 * allow-list of the places that read those fields for another reason (validation, planning what
 * to write, reading an export), each with that reason.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const LIB = path.join(__dirname, "..", "..", "lib");

/** Where a priority or inner access policy is read outside the judge, and why that is no verdict. */
const ALLOWED: Record<string, string> = {
  // Validation: the API's own ranges and the library's argument rules.
  "model/network.ts": "validates and normalises a group's innerAccessPolicy",
  "plans/database/plan.ts": "reads the inner access policy argument and writes it on the group",
  "plans/three-tier/plan.ts": "reads the inner access policy argument and writes it on each tier",
  "plans/database/recognise.ts": "reads an exported group's inner access policy back into the component's argument",
  "plans/three-tier/recognise.ts": "reads the tiers' inner access policies back into the component's argument",
  "plans/interconnect/recognise.ts": "compares a member group's inner access policy with the interconnect's",
  "components/emit.ts": "passes a planned group's inner access policy to the provider",
  // Readers and writers of other formats: they carry the field, they do not judge with it.
  "sources/stack-resources.ts": "reads innerAccessPolicy from a stack export",
  "sources/plan-json.ts": "reads innerAccessPolicy from the plan's JSON",
  "sources/ecs-api.ts": "reads InnerAccessPolicy from an ECS export",
  "review/adopt.ts": "writes the priority and inner access policy of an adopted rule or group",
  "review/audit.ts": "reports a group's inner access policy",
  "review/recognise.ts": "compares an exported group with what a planner would write, field by field",
  "cli/build-report.ts": "reports a group's inner access policy and each rule's priority",
  "cli/audit.ts": "renders a group's inner access policy",
  "checks/inner-access-open.ts": "reports a basic group that leaves innerAccessPolicy at its implicit default (a finding about the field, not a verdict)",
};

interface Hit {
  file: string;
  line: number;
  text: string;
}

const DECISIVE = new Set(["priority", "rank", "order"]);
const COMPARISONS = new Set([ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.GreaterThanEqualsToken, ts.SyntaxKind.MinusToken]);
const DECIDING_CALLS = new Set(["decisionRank", "rulePriority", "decidesBefore", "decidingRule", "sideAllows", "defaultAllows"]);

function decisive(node: ts.Expression): boolean {
  if (ts.isPropertyAccessExpression(node)) return DECISIVE.has(node.name.text);
  if (ts.isParenthesizedExpression(node)) return decisive(node.expression);
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) return DECIDING_CALLS.has(node.expression.text);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) return decisive(node.left);
  return false;
}

function scan(file: string): Hit[] {
  const text = fs.readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: Hit[] = [];
  const rel = path.relative(LIB, file).split(path.sep).join("/");
  const hit = (node: ts.Node) => out.push({ file: rel, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.getText().slice(0, 120) });
  const visit = (node: ts.Node) => {
    // Two rules ordered by priority or rank: `a.priority < b.priority`, `a.rank - b.rank`.
    if (ts.isBinaryExpression(node) && COMPARISONS.has(node.operatorToken.kind) && decisive(node.left) && decisive(node.right)) hit(node);
    // The decision helpers themselves, called outside the judge.
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && DECIDING_CALLS.has(node.expression.text) && node.expression.text !== "rulePriority") hit(node);
    // A group's inner access policy read at all.
    if (ts.isPropertyAccessExpression(node) && node.name.text === "innerAccessPolicy" && !ts.isPropertyAssignment(node.parent)) hit(node);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return e.name.endsWith(".ts") ? [p] : [];
  });
}

describe("one judge", () => {
  const outside = files(LIB).filter((f) => !path.relative(LIB, f).startsWith(`analysis${path.sep}`));
  const hits = outside.flatMap(scan);

  test("outside lib/analysis, nothing orders rules by priority or reads the inner access policy but the allowed places", () => {
    const unexpected = hits.filter((h) => ALLOWED[h.file] === undefined).map((h) => `${h.file}:${h.line}: ${h.text}`);
    expect(unexpected).toEqual([]);
  });

  test("every allowed place still reads one of those fields (the list holds no stale entry)", () => {
    const used = new Set(hits.map((h) => h.file));
    expect(Object.keys(ALLOWED).filter((f) => !used.has(f))).toEqual([]);
  });

  test("the scan finds what it looks for", () => {
    const dir = fs.mkdtempSync(path.join(require("os").tmpdir(), "one-judge-"));
    const f = path.join(dir, "x.ts");
    fs.writeFileSync(f, "declare const a: any, b: any, g: any;\nexport const x = a.priority < b.priority;\nexport const y = g.innerAccessPolicy === 'Accept';\nexport const z = decidesBefore(a, b);\ndeclare function decidesBefore(a: any, b: any): boolean;\n");
    expect(scan(f).map((h) => h.line)).toEqual([2, 3, 4]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
