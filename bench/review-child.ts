/**
 * One measurement of the review benchmark, in its own process: `audit` or `diff` of an estate
 * of N groups. Prints one JSON line: milliseconds per phase and the peak RSS.
 */
import { audit } from "../lib/review/audit";
import { accessDiff } from "../lib/review/access-diff";
import { readOneNetwork } from "../lib/sources/read-sources";
import { estatePair, exportFiles } from "./review";
import { now } from "./timing";

const [task, groupsArg, rulesArg] = process.argv.slice(2);
const groups = Number(groupsArg);
const rules = Number(rulesArg);
const { before, after } = estatePair(groups, rules);
const beforeFiles = exportFiles(before);
const afterFiles = exportFiles(after);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
gc();
const rssBefore = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = now();
const b = readOneNetwork("before", beforeFiles);
const t1 = now();
let detail: Record<string, number> = {};
if (task === "audit") {
  const report = audit([b]);
  detail = { findings: report.findings.length, proposals: report.proposals.length, reach: report.groups.reduce((n, g) => n + g.reachableFrom.length, 0) };
} else {
  const a = readOneNetwork("after", afterFiles);
  const d = accessDiff(b, a);
  detail = { opened: d.summary.opened, closed: d.summary.closed, ruleChanges: d.summary.rulesChanged };
}
const t2 = now();
const cpu = process.cpuUsage(cpu0);
const ruleCount = b.model.groups.reduce((n, g) => n + g.rules.length, 0);
console.log(JSON.stringify({ task, groups, rules: ruleCount, readMs: t1 - t0, workMs: t2 - t1, totalMs: t2 - t0, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, inputRssMb: rssBefore / 2 ** 20, ...detail }));
