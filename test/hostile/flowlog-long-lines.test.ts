/**
 * Hostile flow logs: lines far longer than any record. A line over the limit (64 KiB) is a bad
 * line with its file and line number, skipped as it streams by: never held, never read as a
 * record, and the lines after it are read.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { emptyFlowLogStats, FlowLogReadOptions, FlowLogRecord, MAX_FLOW_LOG_LINE, readFlowLog, readFlowLogFiles } from "../../lib/sources/flow-logs";
import { runCli } from "../../lib/cli/run-cli";

const HEADER = "eni-id,srcaddr,srcport,dstaddr,dstport,protocol,direction,start,end,log-status,action,tcp-flags";
const row = (k: number) => `eni-web,203.0.113.${k},5${k}000,10.0.1.10,22,6,in,1764547200,1764547260,OK,ACCEPT,2`;
const MB = 1 << 20;

/** Header and one record, a line of `chunks` chunks of 1 MB (each `chunk`), then two records: as a file stream delivers it. */
async function* withLongLine(chunks: number, chunk: Buffer | string): AsyncGenerator<Buffer | string> {
  yield `${HEADER}\n${row(1)}\n`;
  for (let i = 0; i < chunks; i++) yield chunk;
  yield `\n${row(2)}\r\n${row(3)}\n`;
}

async function read(input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, options: FlowLogReadOptions = {}) {
  const stats = emptyFlowLogStats();
  const records: FlowLogRecord[] = [];
  for await (const r of readFlowLog(input, { file: "flow.csv", ...options, stats })) records.push(r);
  return { records, stats };
}

describe("flow-log lines over the length limit", () => {
  test("a 64 MB line is one bad line, with its file and line number, and the records after it are read", async () => {
    const { records, stats } = await read(withLongLine(64, Buffer.alloc(MB, "a")));
    expect(stats).toMatchObject({ records: 3, bad: 1, lines: 4 });
    expect(stats.badLines).toEqual([{ file: "flow.csv", line: 3, reason: `is longer than ${MAX_FLOW_LOG_LINE} characters: not read` }]);
    expect(records.map((r) => [r.srcaddr, r.line])).toEqual([["203.0.113.1", 2], ["203.0.113.2", 4], ["203.0.113.3", 5]]);
  }, 10_000);

  test("a line longer than any string can be (640 MB) is skipped without being held", async () => {
    // Holding this line would throw (V8 strings end short of 512 MB): reading it proves nothing of it is kept.
    const { records, stats } = await read(withLongLine(640, "b".repeat(MB)));
    expect(stats.bad).toBe(1);
    expect(stats.badLines[0].line).toBe(3);
    expect(records).toHaveLength(3);
  }, 10_000);

  test("the limit is exact, line ends excepted, however the line is cut into chunks", async () => {
    const pad = (length: number) => `{"eni-id":"eni-web","srcaddr":"203.0.113.7","srcport":50000,"dstaddr":"10.0.1.10","dstport":22,"protocol":6,"direction":"in","start":1,"end":2,"action":"ACCEPT","pad":"${"x".repeat(length)}"}`;
    const base = pad(0).length;
    const fits = pad(MAX_FLOW_LOG_LINE - base);
    const over = pad(MAX_FLOW_LOG_LINE - base + 1);
    expect([fits.length, over.length]).toEqual([MAX_FLOW_LOG_LINE, MAX_FLOW_LOG_LINE + 1]);
    const text = `${fits}\r\n${over}\r\n${fits}\n${over}`;
    for (const size of [1000, 65537, text.length]) {
      const chunks = text.match(new RegExp(`[\\s\\S]{1,${size}}`, "g")) as string[];
      const { records, stats } = await read(chunks, { format: "json" });
      expect(records.map((r) => r.line)).toEqual([1, 3]);
      expect(stats.badLines.map((b) => b.line)).toEqual([2, 4]);
    }
    const small = await read([`${HEADER}\n${row(1)}\n${row(2).replace("eni-web", `eni-${"w".repeat(HEADER.length)}`)}\n`], { maxLineLength: HEADER.length });
    expect(small.records.map((r) => r.line)).toEqual([2]);
    expect(small.stats.badLines.map((b) => b.line)).toEqual([3]);
  });

  test("a character cut between two chunks of a file is read whole", async () => {
    const line = `{"eni-id":"eni-wéb","srcaddr":"203.0.113.7","srcport":50000,"dstaddr":"10.0.1.10","dstport":22,"protocol":6,"direction":"in","start":1,"end":2,"action":"ACCEPT"}\n`;
    const bytes = Buffer.from(line, "utf8");
    const cut = bytes.indexOf(0xc3) + 1;
    const { records } = await read([bytes.subarray(0, cut), bytes.subarray(cut)], { format: "json" });
    expect(records.map((r) => r.eniId)).toEqual(["eni-wéb"]);
  });

  test("a long value quoted in a bad line's reason is cut", async () => {
    const { stats } = await read([`${HEADER}\n${row(1).replace(",in,", `,${"in".repeat(30_000)},`)}\n`]);
    expect(stats.bad).toBe(1);
    expect(stats.badLines[0].reason.length).toBeLessThan(300);
    expect(stats.badLines[0].reason).toMatch(/^direction "inin.*…/);
  });

  test("files: counts and bad lines per file, each named as given; an unreadable file is refused by name", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowlog-long-"));
    try {
      fs.writeFileSync(path.join(dir, "a.csv"), `${HEADER}\n${row(1)}\n${"z".repeat(MAX_FLOW_LOG_LINE + 10)}\n${row(2)}\n`);
      fs.writeFileSync(path.join(dir, "b.csv"), `${HEADER}\nnot,a,record\n${row(3)}\n`);
      const stats = emptyFlowLogStats();
      const records: FlowLogRecord[] = [];
      for await (const r of readFlowLogFiles(["a.csv", "b.csv"], { cwd: dir, stats })) records.push(r);
      expect(records.map((r) => `${r.file}:${r.line}`)).toEqual(["a.csv:2", "a.csv:4", "b.csv:3"]);
      expect(stats).toMatchObject({ records: 3, bad: 2 });
      expect(stats.files?.map((f) => [f.file, f.records, f.bad, f.badLines.map((b) => b.line)])).toEqual([["a.csv", 2, 1, [3]], ["b.csv", 1, 1, [2]]]);
      fs.mkdirSync(path.join(dir, "logs.csv"));
      let stdout = "";
      let stderr = "";
      const code = await runCli(["audit", path.join(__dirname, "..", "sources", "fixtures", "ecs"), "--flow-logs", "logs.csv"], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir });
      expect(code).toBe(2);
      expect(stderr).toContain("flow log logs.csv");
      expect(stdout).toBe("");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
