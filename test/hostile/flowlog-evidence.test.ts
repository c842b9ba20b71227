/**
 * `audit --flow-logs` shows its evidence with its quality: records read, bad lines with their
 * first line numbers per file, SKIPDATA and NODATA windows, the window and the coverage, in
 * text, Markdown and JSON; a log with gaps lowers every grade; disagreements carry file:line.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "../../lib/cli/run-cli";

const ECS = path.join(__dirname, "..", "sources", "fixtures", "ecs");
const T0 = 1764547200;
const DAY = 86400;

function record(fields: Record<string, unknown>): string {
  return JSON.stringify({ "vm-id": "i-bp1web0000000000001", "eni-id": "eni-bp1web0000000000001", dstaddr: "10.0.1.10", protocol: 6, direction: "in", action: "ACCEPT", "log-status": "OK", "tcp-flags": 2, ...fields });
}

/** 150 SSH requests from two addresses over 15 days, one RDP request the model denies (line 76 of a clean log), and `gaps` pairs of a malformed line and a SKIPDATA window after every record. */
function log(gaps: number): { text: string; disagreementLine: number } {
  const lines: string[] = [];
  let disagreementLine = 0;
  let left = gaps;
  const gap = () => {
    if (left === 0) return;
    left--;
    // Malformed, and hostile to a terminal and to Markdown.
    lines.push(left % 2 ? `\u001b]8;;https://evil.example\u0007\u001b[2J{"eni-id": 1}` : `<script>alert(1)</script> | ![x](https://evil.example)`);
    lines.push(JSON.stringify({ "eni-id": "eni-bp1web0000000000001", start: T0, end: T0 + 60, "log-status": "SKIPDATA" }));
  };
  for (let i = 0; i < 150; i++) {
    const t = T0 + Math.floor((i * 15 * DAY) / 150);
    lines.push(record({ srcaddr: i % 2 ? "198.51.100.20" : "203.0.113.7", srcport: 50000 + i, dstport: 22, start: t, end: t + 60 }));
    gap();
    if (i === 74) {
      lines.push(record({ srcaddr: "203.0.113.9", srcport: 51000, dstport: 3389, start: t, end: t + 60 }));
      disagreementLine = lines.length;
      gap();
    }
  }
  while (left > 0) gap();
  return { text: `${lines.join("\n")}\n`, disagreementLine };
}

let dir: string;
const logs: Record<string, { disagreementLine: number }> = {};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowlog-evidence-"));
  for (const [name, gaps] of [["clean.jsonl", 0], ["few.jsonl", 2], ["dirty.jsonl", 5000]] as const) {
    const l = log(gaps);
    fs.writeFileSync(path.join(dir, name), l.text);
    logs[name] = l;
  }
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function audit(file: string, format: string): Promise<string> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["audit", ECS, "--format", format, "--fail-on", "none", "--flow-logs", file], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir });
  expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  return stdout;
}

interface Section {
  read: { records: number; bad: number; noData: number; skipData: number; files: { file: string; bad: number; badLines: { line: number; reason: string }[] }[] };
  window: { from?: string; to?: string; days: number };
  coverage: { readShare: number; gradesLowered: number; instancesSeen: number; instances: number };
  attribution: { disagreements: { kind: string; at: string }[] };
  proposals: { kind: string; grade: string; evidence: { coverage?: { lowered: number } } }[];
}

async function section(file: string): Promise<Section> {
  return (JSON.parse(await audit(file, "json")) as { flowLogs: Section }).flowLogs;
}

describe("audit --flow-logs: the evidence and its quality", () => {
  test("JSON: records, bad lines per file with their first line numbers, SKIPDATA, window and coverage", async () => {
    const clean = await section("clean.jsonl");
    expect(clean.read).toMatchObject({ records: 151, bad: 0, noData: 0, skipData: 0, files: [{ file: "clean.jsonl", bad: 0, badLines: [] }] });
    expect(clean.window).toMatchObject({ from: "2025-12-01T00:00:00Z", to: "2025-12-15T21:37:00Z" });
    expect(clean.coverage).toMatchObject({ readShare: 1, gradesLowered: 0, instancesSeen: 1, instances: 3 });

    const dirty = await section("dirty.jsonl");
    expect(dirty.read).toMatchObject({ records: 151, bad: 5000, noData: 0, skipData: 5000 });
    expect(dirty.read.files.map((f) => f.file)).toEqual(["dirty.jsonl"]);
    expect(dirty.read.files[0].badLines.map((b) => b.line)).toEqual([2, 5, 8, 11, 14]);
    expect(dirty.read.files[0].badLines[0].reason).toMatch(/^not a JSON log object/);
    expect(dirty.coverage.gradesLowered).toBe(2);
    expect(dirty.coverage.readShare).toBeCloseTo(151 / 10151, 6);
  });

  test("skipped and bad records lower every grade: one step from 1 % of the log, two from 25 %", async () => {
    const grades = async (file: string) => (await section(file)).proposals.map((p) => `${p.kind} ${p.grade}`);
    // The web group's world-open tcp:443 is left open (a group serving the web), not removed.
    expect(await grades("clean.jsonl")).toEqual(["narrow-peer strong", "remove-unused strong", "remove-unused strong"]);
    // 2 bad lines and 2 SKIPDATA windows of 155 entries: 2.6 %.
    expect(await grades("few.jsonl")).toEqual(["narrow-peer moderate", "remove-unused moderate", "remove-unused moderate"]);
    expect(await grades("dirty.jsonl")).toEqual(["narrow-peer weak", "remove-unused weak", "remove-unused weak"]);
    expect((await section("dirty.jsonl")).proposals.map((p) => p.evidence.coverage?.lowered)).toEqual([2, 2, 2]);
  });

  test("disagreements carry the file (as given) and line of their first record in every format", async () => {
    for (const name of ["clean.jsonl", "dirty.jsonl"]) {
      const at = `${name}:${logs[name].disagreementLine}`;
      expect((await section(name)).attribution.disagreements).toEqual([expect.objectContaining({ kind: "accepted-but-denied", at })]);
      expect(await audit(name, "text")).toContain(`    ${at}: accepted-but-denied tcp:3389 203.0.113.9 -> i-bp1web0000000000001 (1 record)`);
      expect(await audit(name, "markdown")).toContain(`  - ${at}: accepted-but-denied tcp:3389 203.0.113.9 -> i-bp1web0000000000001 (1 record)`);
    }
  });

  test("text: a clean log and one with 5,000 malformed lines and 5,000 SKIPDATA windows read differently", async () => {
    const clean = await audit("clean.jsonl", "text");
    const dirty = await audit("dirty.jsonl", "text");
    expect(clean).toContain("read: 151 records, 0 bad lines, 0 NODATA, 0 SKIPDATA");
    expect(clean).toContain("window: 2025-12-01T00:00:00Z to 2025-12-15T21:37:00Z (14.9 days)");
    expect(clean).toContain("coverage: 100 % of the log read as records, grades not lowered; 1 of 3 instances logged");
    expect(clean).toMatch(/\[strong\] narrows ingress tcp:22 from 0\.0\.0\.0\/0/);
    expect(dirty).toContain("read: 151 records, 5000 bad lines, 0 NODATA, 5000 SKIPDATA");
    expect(dirty).toContain("dirty.jsonl: 151 records, 5000 bad lines, 0 NODATA, 5000 SKIPDATA (bad: lines 2, 5, 8, 11, 14 and 4995 more)");
    expect(dirty).toContain("coverage: 1.4 % of the log read as records (5000 SKIPDATA, 5000 bad lines unread), every grade lowered two steps");
    expect(dirty).toMatch(/\[weak\] narrows ingress tcp:22 from 0\.0\.0\.0\/0 .*grade lowered two steps/);
    expect(dirty).not.toMatch(/\[(strong|moderate)\]/);
    // What the log held reaches the terminal escaped.
    expect(dirty).toMatch(/dirty\.jsonl:2: not a JSON log object \(Unexpected token '\\x1b', "\\x1b\]8;;https/);
    expect(dirty).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  test("Markdown: the same evidence, the log's text escaped", async () => {
    const md = await audit("dirty.jsonl", "markdown");
    expect(md).toContain("#### Flow logs (dirty.jsonl)");
    expect(md).toContain("- read: 151 records, 5000 bad lines, 0 NODATA, 5000 SKIPDATA");
    expect(md).toContain("  - dirty.jsonl: 151 records, 5000 bad lines, 0 NODATA, 5000 SKIPDATA (bad: lines 2, 5, 8, 11, 14 and 4995 more)");
    expect(md).toMatch(/- window: 2025-12-01T00:00:00Z to 2025-12-15T21:37:00Z/);
    expect(md).toContain("every grade lowered two steps");
    expect(md).toMatch(/- \*\*weak\*\* narrows ingress tcp:22/);
    expect(md).toMatch(/dirty\.jsonl:5: not a JSON log object \(Unexpected token '&lt;', "&lt;script&gt;al"/);
    expect(md).not.toMatch(/(^|[^\\])<script/);
    expect(md).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});
