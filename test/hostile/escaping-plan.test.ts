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
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => cleanUp(dir));

const plan = (...args: string[]) => cli(["plan", PROGRAM, ...args], { cwd: dir, analyses: DEFAULT_ANALYSES });

describe("plan --format markdown", () => {
  test("keeps the full plan in one fenced block that a ``` line in a description cannot close", async () => {
    const text = await plan("--fail-on", "none");
    const md = await plan("--format", "markdown", "--fail-on", "none");
    const shape = markdownShape(md.stdout);
    expect(shape.fences).toEqual([`${text.stdout.trimEnd()}\n`]);
    expect(shape.headings).toEqual(["Security groups of hostile-plan (stack dev)"]);
    expect(shape.html.map((h) => h.trim())).toEqual(["<details><summary>Full plan</summary>", "</details>"]);
    expect(shape.links).toEqual([]);
    expect(MENTION.test(shape.text)).toBe(false);
    // One row per finding, whatever the group's name holds.
    const json = JSON.parse((await plan("--json", "--fail-on", "none")).stdout) as { findings: unknown[] };
    expect(shape.tableRows).toEqual([json.findings.length]);
  });
});

describe("plan --diagram", () => {
  test("writes one line per node and edge: a resource name adds no click or %% line", async () => {
    const r = await plan("--diagram", "access.mmd", "--fail-on", "none");
    expect(r.code).toBe(0);
    const lines = fs.readFileSync(path.join(dir, "access.mmd"), "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe("flowchart LR");
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {2}(n\d+\["[^"]*"\]|n\d+ -->\|"[^"]*"\| n\d+)$/);
    expect(lines.filter((l) => /^\s*(click|%%)/.test(l))).toEqual([]);
    const json = JSON.parse((await plan("--json", "--fail-on", "none")).stdout) as { access: { matrix: { from: string; to: string }[] } };
    const nodes = new Set(json.access.matrix.flatMap((e) => [e.from, e.to]));
    expect(lines).toHaveLength(1 + nodes.size + json.access.matrix.length);
  });
});

describe("plan text", () => {
  test("shows ESC, BEL and line breaks of names and descriptions as escapes: one line per row", async () => {
    const r = await plan("--fail-on", "none");
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(r.stdout).toContain("\\x1b]0;title\\x07\\x1b[2J");
    expect(r.stdout.split("\n").filter((l) => /^(```|# injected|click|%%)/.test(l))).toEqual([]);
  });
});
