/**
 * The flow-log reader a chunk at a time: `readFlowLogBatches` and `readFlowLogFileBatches` give
 * exactly the records of the log's good lines, in order, however the input is cut; and
 * `attributeFlows` given batches (or batches mixed with single records) answers as it does given
 * the records one by one.
 */
import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Readable } from "stream";
import { attributeFlows } from "../../lib/analysis/attribute-flows";
import { NetworkModel } from "../../lib/model/network";
import { emptyFlowLogStats, FlowLogRecord, readFlowLogBatches, readFlowLogFileBatches, readFlowLogFiles } from "../../lib/sources/flow-logs";

const HEADER = "eni-id,srcaddr,srcport,dstaddr,dstport,protocol,direction,start,end,log-status,action";

/** A line of each kind, and whether it is a record. */
const LINES: { text: (i: number) => string; record: boolean }[] = [
  { text: (i) => `eni-web,203.0.113.${i % 250},${40000 + i},10.0.1.10,22,6,in,1700000000,1700000060,OK,ACCEPT`, record: true },
  { text: (i) => `eni-web,10.0.1.10,${40000 + i},198.51.100.${i % 250},443,6,out,1700000000,1700000060,OK,REJECT`, record: true },
  { text: (i) => `"eni-web","203.0.113.9",${40000 + i},"10.0.1.10",80,6,in,1700000000,1700000060,OK,ACCEPT`, record: true },
  { text: () => "eni-web,-,-,-,-,-,-,1700000000,1700000060,NODATA,-", record: false },
  { text: () => "eni-web,not-an-address,1,10.0.1.10,22,6,in,1700000000,1700000060,OK,ACCEPT", record: false },
  { text: () => "", record: false },
];

/** A log of the given line kinds, its line ends CRLF or LF, and the numbers of the lines that are records. */
function logOf(kinds: number[], crlf: boolean): { text: string; recordLines: number[] } {
  const end = crlf ? "\r\n" : "\n";
  const recordLines: number[] = [];
  const lines = [HEADER];
  kinds.forEach((k, i) => {
    lines.push(LINES[k].text(i));
    if (LINES[k].record) recordLines.push(i + 2);
  });
  return { text: lines.join(end) + end, recordLines };
}

/** The text cut at the given offsets, as a stream delivers it. */
function cut(text: string, offsets: number[]): string[] {
  const at = [...new Set(offsets.map((o) => o % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let from = 0;
  for (const o of at) {
    out.push(text.slice(from, o));
    from = o;
  }
  out.push(text.slice(from));
  return out.filter((c) => c !== "");
}

describe("readFlowLogBatches", () => {
  test("gives the records of the good lines, in order, one non-empty batch at most per chunk, however the log is cut", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: LINES.length - 1 }), { maxLength: 60 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 12 }), async (kinds, crlf, offsets) => {
        const { text, recordLines } = logOf(kinds, crlf);
        const chunks = cut(text, offsets);
        const stats = emptyFlowLogStats();
        const batches: FlowLogRecord[][] = [];
        for await (const b of readFlowLogBatches(Readable.from(chunks), { file: "f.csv", stats })) batches.push(b);
        expect(batches.every((b) => b.length > 0)).toBe(true);
        expect(batches.length).toBeLessThanOrEqual(chunks.length);
        expect(batches.flat().map((r) => r.line)).toEqual(recordLines);
        expect(stats.records).toBe(recordLines.length);
        expect(stats.noData).toBe(kinds.filter((k) => k === 3).length);
        expect(stats.bad).toBe(kinds.filter((k) => k === 4).length);
      }),
      { numRuns: 150 },
    );
  });

  test("a log in one chunk is one batch; a chunk holding no record yields none", async () => {
    const { text } = logOf([0, 1, 3, 0], false);
    const one: FlowLogRecord[][] = [];
    for await (const b of readFlowLogBatches([text], { file: "f.csv" })) one.push(b);
    expect(one.map((b) => b.length)).toEqual([3]);
    const header: FlowLogRecord[][] = [];
    const [first, ...rest] = text.split("\n");
    for await (const b of readFlowLogBatches([`${first}\n`, `${rest.join("\n")}`], { file: "f.csv" })) header.push(b);
    expect(header.map((b) => b.length)).toEqual([3]);
  });
});

describe("readFlowLogFileBatches", () => {
  test("reads the files in order, as readFlowLogFiles does, with the same counts per file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flow-batches-"));
    try {
      const a = logOf([0, 4, 1, 3], false);
      const b = logOf([2, 0, 5, 0], true);
      fs.writeFileSync(path.join(dir, "a.csv"), a.text);
      fs.writeFileSync(path.join(dir, "b.csv"), b.text);
      const batchStats = emptyFlowLogStats();
      const batches: FlowLogRecord[][] = [];
      for await (const x of readFlowLogFileBatches(["a.csv", "b.csv"], { cwd: dir, stats: batchStats })) batches.push(x);
      const oneStats = emptyFlowLogStats();
      const ones: FlowLogRecord[] = [];
      for await (const r of readFlowLogFiles(["a.csv", "b.csv"], { cwd: dir, stats: oneStats })) ones.push(r);
      expect(batches.map((x) => x.map((r) => `${r.file}:${r.line}`))).toEqual([a.recordLines.map((l) => `a.csv:${l}`), b.recordLines.map((l) => `b.csv:${l}`)]);
      expect(batches.flat()).toEqual(ones);
      expect(batchStats).toEqual(oneStats);
      expect(batchStats).toMatchObject({ records: 5, noData: 1, bad: 1, files: [{ file: "a.csv", records: 2 }, { file: "b.csv", records: 3 }] });
      // The bad line is kept with its file and line, in the totals as in its file's counts (100 kept by default).
      expect(batchStats.badLines).toEqual([{ file: "a.csv", line: 3, reason: expect.stringContaining("srcaddr") }]);
      expect(batchStats.files?.[0].badLines).toEqual(batchStats.badLines);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("attributeFlows given batches", () => {
  const model: NetworkModel = {
    groups: [
      {
        id: "sg-web",
        vpcId: "vpc-1",
        rules: [
          { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "203.0.113.0/24" },
          { type: "ingress", ipProtocol: "tcp", portRange: "80/80", cidrIp: "0.0.0.0/0" },
          { type: "egress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "198.51.100.0/25" },
        ],
      },
    ],
    instances: [{ id: "eni-web", privateIp: "10.0.1.10", groups: ["sg-web"] }],
  };

  test("answers as the records one by one, whether all come in batches or batches and records mixed", async () => {
    const { text } = logOf([0, 1, 2, 0, 3, 1, 1, 0, 2, 4, 0, 1], false);
    const records: FlowLogRecord[] = [];
    const batches: FlowLogRecord[][] = [];
    for await (const b of readFlowLogBatches(cut(text, [90, 250, 400, 700]), { file: "f.csv" })) {
      batches.push(b);
      records.push(...b);
    }
    expect(batches.length).toBeGreaterThan(1);
    const one = await attributeFlows(model, records);
    const batched = await attributeFlows(model, batches);
    const mixed = await attributeFlows(model, [batches[0], ...batches.slice(1).flat()]);
    expect(one.counts.records).toBe(records.length);
    expect(one.counts.attributed).toBeGreaterThan(0);
    expect(batched).toEqual(one);
    expect(mixed).toEqual(one);
  });
});
