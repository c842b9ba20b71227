/**
 * Flow-log benchmark: `count` records of a Log Service CSV export, generated on the fly
 * (nothing on disk), streamed through `readFlowLog` and attributed with `createFlowAttributor`
 * on a synthetic 200-group model. Run by `npm run bench -- flowlogs` in a child process, so the
 * peak RSS is this work's alone; or directly:
 *
 *   node -r ts-node/register/transpile-only bench/flow-logs.ts 1000000 [csv|json]
 */
import { Readable } from "stream";
import { createFlowAttributor } from "../lib/analysis/attribute-flows";
import type { NetworkModel } from "../lib/model/network";
import { emptyFlowLogStats, readFlowLog } from "../lib/sources/flow-logs";
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
  let buf = format === "csv" ? `${HEADER}\n` : "";
  const t0 = 1764547200;
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
    let src: string, sport: number, dst: string, dport: number, direction: string;
    if (kind < 0.45) [src, sport, dst, dport, direction] = [peer, eph, inst.privateIp, port, "in"];
    else if (kind < 0.8) [src, sport, dst, dport, direction] = [inst.privateIp, port, peer, eph, "out"];
    else if (kind < 0.9) [src, sport, dst, dport, direction] = [inst.privateIp, eph, peer, 443, "out"];
    else [src, sport, dst, dport, direction] = [peer, 443, inst.privateIp, eph, "in"];
    const status = i % 10007 === 0 ? "NODATA" : "OK";
    const action = rand() < 0.9 ? "ACCEPT" : "REJECT";
    const values = ["flow_log", "1", "vsw-bench", inst.id, "vpc-bench", "1234567890", inst.id, src, String(sport), dst, String(dport), "6", direction, "10", "4200", String(start), String(start + 60), status, action, "27"];
    if (i % 100003 === 0) values[7] = "not-an-address";
    if (format === "csv") buf += `${values.join(",")}\n`;
    else {
      const o: Record<string, string> = {};
      for (let k = 0; k < fields.length; k++) o[fields[k]] = values[k];
      buf += `${JSON.stringify(o)}\n`;
    }
    if (buf.length >= 1 << 20) {
      yield buf;
      buf = "";
    }
  }
  if (buf !== "") yield buf;
}

/** Streams and attributes `count` generated records; returns the figures. */
export async function runFlowLogBench(count: number, format: "csv" | "json" = "csv"): Promise<Record<string, number>> {
  const model = syntheticNetwork(200, 50, 17);
  const attributor = createFlowAttributor(model);
  const stats = emptyFlowLogStats();
  const t0 = process.hrtime.bigint();
  for await (const r of readFlowLog(Readable.from(generateFlowLog(model, count, format)), { file: "generated.csv", stats })) attributor.add(r);
  const result = attributor.result();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  // Generating the text is part of the time above; measure it alone on a tenth of the records.
  const g0 = process.hrtime.bigint();
  let chars = 0;
  for (const chunk of generateFlowLog(model, Math.ceil(count / 10), format)) chars += chunk.length;
  const generateSeconds = (Number(process.hrtime.bigint() - g0) / 1e9) * 10;
  return {
    records: stats.records,
    bad: stats.bad,
    noData: stats.noData,
    seconds,
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
  runFlowLogBench(count, format).then(
    (r) => console.log(JSON.stringify(r)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
