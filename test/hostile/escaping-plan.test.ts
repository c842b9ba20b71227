/**
 * The plan of a program whose resource name and rule descriptions carry Mermaid statements, a
 * code fence, headings, HTML and terminal control sequences (fixtures/hostile-plan).
 */
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_ANALYSES } from "../../lib/cli/analyses";
import { cli } from "../cli/helpers";
import { MENTION, cleanUp, markdownShape, tempDir } from "./escaping-helpers";

const PROGRAM = path.join(__dirname, "fixtures", "hostile-plan");

let dir: string;
/** The plan as text, Markdown and JSON, and the diagram, each run once. */
const runs: { text: string; markdown: string; json: string; diagram: string; diagramCode: number } = { text: "", markdown: "", json: "", diagram: "", diagramCode: -1 };

const plan = (...args: string[]) => cli(["plan", PROGRAM, "--fail-on", "none", ...args], { cwd: dir, analyses: DEFAULT_ANALYSES });

beforeAll(async () => {
  dir = tempDir();
  runs.text = (await plan()).stdout;
  runs.markdown = (await plan("--format", "markdown")).stdout;
  runs.json = (await plan("--json")).stdout;
  const diagram = await plan("--diagram", "access.mmd");
  runs.diagramCode = diagram.code;
  runs.diagram = fs.readFileSync(path.join(dir, "access.mmd"), "utf8");
});
afterAll(() => cleanUp(dir));

describe("plan --format markdown", () => {
  test("keeps the full plan in one fenced block that a ``` line in a description cannot close", () => {
    const shape = markdownShape(runs.markdown);
    expect(shape.fences).toEqual([`${runs.text.trimEnd()}\n`]);
    expect(shape.headings).toEqual(["Security groups of hostile-plan (stack dev)"]);
    expect(shape.html.map((h) => h.trim())).toEqual(["<details><summary>Full plan</summary>", "</details>"]);
    expect(shape.links).toEqual([]);
    expect(MENTION.test(shape.text)).toBe(false);
    // One row per finding, whatever the group's name holds.
    const json = JSON.parse(runs.json) as { findings: unknown[] };
    expect(shape.tableRows).toEqual([json.findings.length]);
  });
});

describe("plan --diagram", () => {
  test("writes one line per node and edge: a resource name adds no click or %% line", () => {
    expect(runs.diagramCode).toBe(0);
    const lines = runs.diagram.trimEnd().split("\n");
    expect(lines[0]).toBe("flowchart LR");
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {2}(n\d+\["[^"]*"\]|n\d+ -->\|"[^"]*"\| n\d+)$/);
    expect(lines.filter((l) => /^\s*(click|%%)/.test(l))).toEqual([]);
    const json = JSON.parse(runs.json) as { access: { matrix: { from: string; to: string }[] } };
    const nodes = new Set(json.access.matrix.flatMap((e) => [e.from, e.to]));
    expect(lines).toHaveLength(1 + nodes.size + json.access.matrix.length);
  });
});

describe("plan text", () => {
  test("shows ESC, BEL and line breaks of names and descriptions as escapes: one line per row", () => {
    expect(runs.text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(runs.text).toContain("\\x1b]0;title\\x07\\x1b[2J");
    expect(runs.text.split("\n").filter((l) => /^(```|# injected|click|%%)/.test(l))).toEqual([]);
  });
});
