/**
 * One measurement of the review benchmark, in its own process: `audit` or `diff` of an estate
 * of N groups, or `auditlogs`: the audit with flow logs (`audit --flow-logs`: the logs read and
 * attributed, each narrowing proposal proved, then the audit). Prints one JSON line:
 * milliseconds per phase, the CPU time and the peak RSS.
 *
 *   node -r ts-node/register/transpile-only bench/review-child.ts auditlogs 5000 50 2000000
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { audit } from "../lib/review/audit";
import { accessDiff } from "../lib/review/access-diff";
import { flowLogSection } from "../lib/cli/audit";
import { readOneNetwork } from "../lib/sources/read-sources";
import { generateFlowLog } from "./flow-logs";
import { estatePair, exportFiles } from "./review";
import { now } from "./timing";

const [task, groupsArg, rulesArg, linesArg] = process.argv.slice(2);
const groups = Number(groupsArg);
const rules = Number(rulesArg);
const { before, after } = estatePair(groups, rules);
const beforeFiles = exportFiles(before);
const afterFiles = exportFiles(after);
// The flow log is the input, written before the clock starts: a Log Service CSV export of the estate's traffic.
let logDir: string | undefined;
let logFile = "";
if (task === "auditlogs") {
  logDir = fs.mkdtempSync(path.join(os.tmpdir(), "secgroups-bench-"));
  logFile = path.join(logDir, "flow.csv");
  const fd = fs.openSync(logFile, "w");
  for (const chunk of generateFlowLog(before, Number(linesArg), "csv")) fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
gc();
const rssBefore = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = now();
const b = readOneNetwork("before", beforeFiles);
const t1 = now();
let detail: Record<string, number> = {};

async function work(): Promise<void> {
  if (task === "audit") {
    const report = audit([b]);
    detail = { findings: report.findings.length, proposals: report.proposals.length, reach: report.groups.reduce((n, g) => n + g.reachableFrom.length, 0) };
  } else if (task === "auditlogs") {
    const section = await flowLogSection(b.model, [logFile], path.dirname(logFile));
    const tLogs = now();
    const report = audit([b]);
    detail = { logMs: tLogs - t1, records: section.read.records, narrowing: section.proposals.length, skipped: section.skipped.length, findings: report.findings.length, proposals: report.proposals.length };
  } else {
    const a = readOneNetwork("after", afterFiles);
    const d = accessDiff(b, a);
    detail = { opened: d.summary.opened, closed: d.summary.closed, ruleChanges: d.summary.rulesChanged };
  }
}

work().then(
  () => {
    const t2 = now();
    const cpu = process.cpuUsage(cpu0);
    if (logDir) fs.rmSync(logDir, { recursive: true, force: true });
    const ruleCount = b.model.groups.reduce((n, g) => n + g.rules.length, 0);
    console.log(JSON.stringify({ task, groups, rules: ruleCount, readMs: t1 - t0, workMs: t2 - t1, totalMs: t2 - t0, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, inputRssMb: rssBefore / 2 ** 20, load: os.loadavg()[0], ...detail }));
  },
  (e) => {
    if (logDir) fs.rmSync(logDir, { recursive: true, force: true });
    console.error(e);
    process.exit(1);
  },
);
