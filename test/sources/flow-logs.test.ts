import fc from "fast-check";
import { Readable } from "stream";
import { emptyFlowLogStats, FlowLogReadOptions, FlowLogRecord, readFlowLog } from "../../lib/sources/flow-logs";
import { ValidationError } from "../../lib/model/errors";

async function read(text: string, options: FlowLogReadOptions = {}): Promise<{ records: FlowLogRecord[]; stats: ReturnType<typeof emptyFlowLogStats> }> {
  const stats = emptyFlowLogStats();
  const records: FlowLogRecord[] = [];
  // Chunks cut mid-line, as a file stream delivers them.
  const chunks = text.match(/[\s\S]{1,7}/g) ?? [];
  for await (const r of readFlowLog(Readable.from(chunks), { file: "flow.log", ...options, stats })) records.push(r);
  return { records, stats };
}

const HEADER = "__topic__,version,vswitch-id,vm-id,vpc-id,account-id,eni-id,srcaddr,srcport,dstaddr,dstport,protocol,direction,packets,bytes,start,end,log-status,action,tcp-flags";
const ROW = "flow_log,1,vsw-1,i-web,vpc-1,1234567890,eni-web,203.0.113.7,51234,10.0.1.10,22,6,in,12,3400,1700000000,1700000060,OK,ACCEPT,2";

describe("readFlowLog", () => {
  test("reads Log Service CSV with its header, numbers as numbers", async () => {
    const { records, stats } = await read(`${HEADER}\r\n${ROW}\r\n`);
    expect(records).toEqual([
      { eniId: "eni-web", vmId: "i-web", srcaddr: "203.0.113.7", srcport: 51234, dstaddr: "10.0.1.10", dstport: 22, protocol: 6, direction: "in", action: "ACCEPT", start: 1700000000, end: 1700000060, tcpFlags: 2, packets: 12, bytes: 3400, file: "flow.log", line: 2 },
    ]);
    expect(stats).toMatchObject({ lines: 1, records: 1, bad: 0 });
  });

  test("guesses the delimiter from the header, and reads quoted fields through csv-parse", async () => {
    const pipe = `${HEADER.replace(/,/g, "|")}\n${ROW.replace(/,/g, "|").replace("vsw-1", '"vsw|1"')}\n`;
    const { records, stats } = await read(pipe);
    expect(stats.bad).toBe(0);
    expect(records[0]).toMatchObject({ eniId: "eni-web", dstport: 22 });
  });

  test("reads JSON lines with string values, and a JSON array written one log per line", async () => {
    const log = { "eni-id": "eni-db", srcaddr: "10.0.1.10", srcport: "40000", dstaddr: "10.0.3.10", dstport: "3306", protocol: "6", direction: "out", action: "REJECT", start: "1700000000", end: "1700000005", "log-status": "OK", __time__: "1700000005" };
    const lines = await read(`${JSON.stringify(log)}\n${JSON.stringify({ ...log, protocol: 1, srcport: "0", dstport: "0" })}\n`);
    expect(lines.records.map((r) => [r.protocol, r.action, r.dstport])).toEqual([[6, "REJECT", 3306], [1, "REJECT", 0]]);
    const array = await read(`[\n${JSON.stringify(log)},\n${JSON.stringify(log)}\n]\n`);
    expect(array.stats).toMatchObject({ records: 2, bad: 0 });
  });

  test("counts NODATA and SKIPDATA windows without yielding them", async () => {
    const nodata = "flow_log,1,vsw-1,i-web,vpc-1,1234567890,eni-web,-,-,-,-,-,-,-,-,1700000000,1700000060,NODATA,-,-";
    const skip = nodata.replace("NODATA", "SKIPDATA");
    const { records, stats } = await read(`${HEADER}\n${nodata}\n${skip}\n${ROW}\n`);
    expect(records).toHaveLength(1);
    expect(stats).toMatchObject({ noData: 1, skipData: 1, records: 1, bad: 0 });
  });

  test("counts bad lines with file, line and reason, and goes on", async () => {
    const text = [
      HEADER,
      ROW.replace("203.0.113.7", "203.0.113.999"),
      ROW.replace(",in,", ",sideways,"),
      ROW.replace(",6,in", ",six,in"),
      "too,few,fields",
      ROW.replace("51234", ""),
      ROW,
    ].join("\n");
    const { records, stats } = await read(text);
    expect(records.map((r) => r.line)).toEqual([7]);
    expect(stats.bad).toBe(5);
    expect(stats.badLines.map((b) => [b.file, b.line])).toEqual([["flow.log", 2], ["flow.log", 3], ["flow.log", 4], ["flow.log", 5], ["flow.log", 6]]);
    expect(stats.badLines[0].reason).toMatch(/srcaddr "203.0.113.999" is not an IP address/);
    expect(stats.badLines[3].reason).toMatch(/has 3 fields where the header names 20/);
    const json = await read(`{"eni-id": "eni-1"\n[1,2]\n`);
    expect(json.stats.badLines.map((b) => b.line)).toEqual([1, 2]);
  });

  test("a CSV without a header needs its columns", async () => {
    const without = await read(`${ROW}\n${ROW}\n`);
    expect(without.records).toHaveLength(0);
    expect(without.stats.badLines[0].reason).toMatch(/pass the columns/);
    const withColumns = await read(`${ROW}\n${ROW}\n`, { columns: HEADER.split(","), format: "csv" });
    expect(withColumns.records).toHaveLength(2);
  });

  test("refuses bad options with a ValidationError", async () => {
    const run = (o: FlowLogReadOptions) => read(ROW, o);
    await expect(run({ format: "xml" as "csv" })).rejects.toThrow(ValidationError);
    await expect(run({ delimiter: ";;" })).rejects.toMatchObject({ code: "invalid-argument", field: "options.delimiter" });
  });

  test("a plain line reads exactly as the general reader reads it (the same line with a quoted field)", async () => {
    // The header's fields, each from values that are fine, odd or wrong, so both readers meet
    // every branch: blanks at the ends, "-", empty, leading zeros, exponents, out of range,
    // IPv6, other families, other cases.
    // Per field: values a record may hold, then values either reader must treat alike some other way.
    const pools: Record<string, [string[], string[]]> = {
      "vm-id": [["i-web", "-", ""], [" i-web", "i-web\t"]],
      "eni-id": [["eni-web"], ["", " eni-web"]],
      srcaddr: [["203.0.113.7", "10.0.1.10"], ["2001:db8::1", "203.0.113.999", "01.2.3.4", "", " 203.0.113.7"]],
      srcport: [["51234", "0051234", "-"], ["0", "", "65536", "5e3", " 80"]],
      dstaddr: [["10.0.1.10"], ["2001:db8::2", "x", "10.0.1.10 "]],
      dstport: [["22", "443"], ["0", "-", "", "70000", "443.0"]],
      protocol: [["6", "17", "1", "006"], ["58", "256", "six", ""]],
      direction: [["in", "out"], ["IN", "", " in"]],
      packets: [["12", "-", ""], ["1.5"]],
      bytes: [["3400", "-"], ["123456789012345678"]],
      start: [["1700000000"], ["", "17e8", "-1"]],
      end: [["1700000060", "1700000000"], ["1699999999"]],
      "log-status": [["OK"], ["NODATA", "SKIPDATA", "ok", "", " OK"]],
      action: [["ACCEPT", "REJECT"], ["accept", ""]],
      "tcp-flags": [["2", "18", "-", ""], ["512", "0x2"]],
    };
    const pick = ([good, odd]: [string[], string[]]) => fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 9 }, { arbitrary: fc.constantFrom(...odd), weight: 1 });
    const names = HEADER.split(",");
    const base = ROW.split(",");
    const fieldArb = fc.record(Object.fromEntries(Object.entries(pools).map(([k, v]) => [k, pick(v)])));
    let records = 0;
    await fc.assert(
      fc.asyncProperty(fieldArb, async (fields) => {
        const values = names.map((n, i) => (n in fields ? (fields as Record<string, string>)[n] : base[i]));
        const plain = values.join(",");
        const quoted = [`"${values[0]}"`, ...values.slice(1)].join(",");
        const a = await read(`${HEADER}\n${plain}\n`);
        const b = await read(`${HEADER}\n${quoted}\n`);
        expect(a.records).toEqual(b.records);
        expect(a.stats).toEqual(b.stats);
        records += a.records.length;
      }),
      { seed: 11, numRuns: 400 },
    );
    // Most lines are records, so the plain reading is what is compared.
    expect(records).toBeGreaterThan(100);
  });
});
