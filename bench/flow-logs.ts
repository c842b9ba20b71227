/**
 * Flow-log benchmark: `count` records of a Log Service CSV export, written to a temporary file
 * before the clock starts, then streamed from it through `readFlowLogBatches` as `audit
 * --flow-logs` reads a log (a chunk's records at a time), and attributed with
 * `createFlowAttributor` on a synthetic 200-group model. Run by `npm run bench -- flowlogs` in a
 * child process, so the peak RSS is this work's alone; or
 * directly (`stream`: the records generated on the fly inside the clock, nothing on disk, as
 * this benchmark ran until 2026-12-07):
 *
 *   node -r ts-node/register/transpile-only bench/flow-logs.ts 1000000 [csv|json] [file|stream]
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Readable } from "stream";
import { createFlowAttributor } from "../lib/analysis/attribute-flows";
import type { NetworkModel } from "../lib/model/network";
import { emptyFlowLogStats, readFlowLogBatches } from "../lib/sources/flow-logs";
import { rng, syntheticNetwork } from "./synthetic";

const HEADER = "__topic__,version,vswitch-id,vm-id,vpc-id,account-id,eni-id,srcaddr,srcport,dstaddr,dstport,protocol,direction,packets,bytes,start,end,log-status,action,tcp-flags";

/** Each instance listens on a few ports: 22, 443 and the first ports its groups' tcp ingress rules open, so requests meet rules. */
function servicePorts(model: NetworkModel): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const inst of model.instances ?? []) {
    const ports = new Set<number>([22, 443]);
    for (const g of model.groups) {
      if (!inst.groups.includes(g.id)) continue;
      for (const r of g.rules) if (ports.size < 6 && r.type === "ingress" && r.ipProtocol === "tcp" && r.portRange) ports.add(Number(r.portRange.split("/")[0]));
    }
    out.set(inst.id, [...ports]);
  }
  return out;
}

/**
 * Chunks of about 1 MB of log text over 14 days: inbound requests to the few ports each
 * instance listens on, from 5,000 outside peers (a few much more often than the rest) and from
 * other instances, their replies, outbound HTTPS requests and their replies, a tenth of the
 * records rejected, a few NODATA windows and a few bad lines.
 */
export function* generateFlowLog(model: NetworkModel, count: number, format: "csv" | "json", seed = 5): Generator<string> {
  const rand = rng(seed);
  const instances = model.instances ?? [];
  const ports = servicePorts(model);
  const peers = Array.from({ length: 5000 }, (_, i) => `${11 + (i % 200)}.${(i * 7) % 256}.${(i * 13) % 256}.${1 + (i % 250)}`);
  const fields = HEADER.split(",");
  // Lines are collected and joined once per chunk: a chunk grown by `+=` is a tree of thousands
  // of small strings, which the garbage collector copies while the stream buffers it.
  let lines: string[] = format === "csv" ? [`${HEADER}\n`] : [];
  let size = lines.length > 0 ? lines[0].length : 0;
  const t0 = 1764547200;
  // The parts of a line that repeat (an instance's ids; a window shared by many records) are written once.
  const prefixes = new Map(instances.map((inst) => [inst, `flow_log,1,vsw-bench,${inst.id},vpc-bench,1234567890,${inst.id},`]));
  let lastStart = -1;
  let windowIn = "";
  let windowOut = "";
  for (let i = 0; i < count; i++) {
    const inst = instances[Math.floor(rand() * instances.length)];
    const kind = rand();
    const start = t0 + Math.floor((i / count) * 14 * 86400);
    const eph = 32768 + Math.floor(rand() * 28000);
    // Skewed peers: a few addresses make most of the traffic, as in real logs.
    const skew = rand();
    const peer = rand() < 0.2 ? instances[Math.floor(rand() * instances.length)].privateIp : peers[Math.floor(peers.length * skew * skew * skew)];
    const listens = ports.get(inst.id) as number[];
    const port = listens[Math.floor(listens.length * rand() * rand())];
    let src = peer;
    let sport = eph;
    let dst = inst.privateIp;
    let dport = port;
    let direction = "in";
    if (kind >= 0.45 && kind < 0.9) {
      // An outbound record: the reply of an inbound request, or an HTTPS request.
      src = inst.privateIp;
      dst = peer;
      direction = "out";
      if (kind < 0.8) {
        sport = port;
        dport = eph;
      } else dport = 443;
    } else if (kind >= 0.9) {
      // The reply of an HTTPS request.
      sport = 443;
      dst = inst.privateIp;
      dport = eph;
      src = peer;
    }
    const status = i % 10007 === 0 ? "NODATA" : "OK";
    const action = rand() < 0.9 ? "ACCEPT" : "REJECT";
    if (i % 100003 === 0) src = "not-an-address";
    if (format === "csv") {
      // One template per line: building and joining an array per record would cost more than reading it back.
      if (start !== lastStart) {
        lastStart = start;
        windowIn = `,6,in,10,4200,${start},${start + 60},`;
        windowOut = `,6,out,10,4200,${start},${start + 60},`;
      }
      const line = `${prefixes.get(inst) as string}${src},${sport},${dst},${dport}${direction === "in" ? windowIn : windowOut}${status},${action},27\n`;
      lines.push(line);
      size += line.length;
    } else {
      const values = ["flow_log", "1", "vsw-bench", inst.id, "vpc-bench", "1234567890", inst.id, src, String(sport), dst, String(dport), "6", direction, "10", "4200", String(start), String(start + 60), status, action, "27"];
      const o: Record<string, string> = {};
      for (let k = 0; k < fields.length; k++) o[fields[k]] = values[k];
      const line = `${JSON.stringify(o)}\n`;
      lines.push(line);
      size += line.length;
    }
    if (size >= 1 << 20) {
      yield lines.join("");
      lines = [];
      size = 0;
    }
  }
  if (lines.length > 0) yield lines.join("");
}

/** Streams and attributes `count` generated records; returns the figures. */
export async function runFlowLogBench(count: number, format: "csv" | "json" = "csv", source: "file" | "stream" = "file"): Promise<Record<string, number>> {
  const model = syntheticNetwork(200, 50, 17);
  // The log is written to a file before the clock starts and read back as the command reads a
  // log (`audit --flow-logs`: a file stream of 1 MiB chunks); `stream` times the generator too.
  let dir: string | undefined;
  let input: AsyncIterable<string | Buffer> | Iterable<string | Buffer>;
  if (source === "file") {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "secgroups-flowlog-"));
    const file = path.join(dir, `flow.${format}`);
    const fd = fs.openSync(file, "w");
    for (const chunk of generateFlowLog(model, count, format)) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    input = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  } else input = Readable.from(generateFlowLog(model, count, format));
  const attributor = createFlowAttributor(model);
  const stats = emptyFlowLogStats();
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  try {
    for await (const batch of readFlowLogBatches(input, { file: `generated.${format}`, stats })) for (const r of batch) attributor.add(r);
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
  const result = attributor.result();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  // CPU time of the whole process (the garbage collector's threads included): on a shared machine it says what the work cost when the wall time also says how much of the machine the run had.
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // What generating the text costs (inside the clock with `stream`, before it with `file`), measured alone on a tenth of the records.
  const g0 = process.hrtime.bigint();
  let chars = 0;
  for (const chunk of generateFlowLog(model, Math.ceil(count / 10), format)) chars += chunk.length;
  const generateSeconds = (Number(process.hrtime.bigint() - g0) / 1e9) * 10;
  return {
    records: stats.records,
    bad: stats.bad,
    noData: stats.noData,
    seconds,
    cpuSeconds,
    generateSeconds,
    mbPerRecord: (chars * 10) / count / 1e6,
    requests: result.counts.requests,
    replies: result.counts.replies,
    attributed: result.counts.attributed,
    disagreements: result.counts.disagreements,
    evaluations: result.counts.evaluations,
    unused: result.unused.length,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

if (require.main === module) {
  const count = Number(process.argv[2] ?? 1_000_000);
  const format = (process.argv[3] ?? "csv") as "csv" | "json";
  const source = (process.argv[4] ?? "file") as "file" | "stream";
  runFlowLogBench(count, format, source).then(
    (r) => console.log(JSON.stringify(r)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
