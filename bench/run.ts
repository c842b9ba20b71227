/**
 * `npm run bench`: every figure with its target, each ratio measured within this one run.
 * Not part of `npm test`: timings depend on the machine.
 *
 *   npm run bench                 all benchmarks
 *   npm run bench -- check flow   only some (check, matrix, flow, memory, review, adopt, flowlogs, auditlogs, intents, construction)
 *   FLOWLOG_RECORDS=1000000 npm run bench -- flowlogs   fewer flow-log records (default 10 million)
 *   npm run bench -- check --save before.json     keep this run's figures in a file
 *   npm run bench -- check --compare before.json  print each figure beside a saved run's
 */
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { accessMatrix, CHECK_IDS, checkNetwork, compileNetwork, Flow, NetworkModel } from "../lib";
import { planComponent } from "../lib/plans/component-plan";
import { verifyAdoption } from "../lib/cli/adopt";
import { adoptNetwork } from "../lib/review/adopt";
import { BuildMode, buildStacks } from "./construction";
import { brokenIntent, intentsStack } from "./intents";
import { networkIndex } from "../lib/analysis/rule-index";
import { proveIntents } from "../lib/analysis/intents";
import { guardPlan } from "../lib/plans/guard";
import { rng, syntheticNetwork } from "./synthetic";
import * as fs from "fs";
import { compareWith, figures, line, medianMs, now, timed } from "./timing";

const ruleCount = (m: NetworkModel) => m.groups.reduce((n, g) => n + g.rules.length, 0);

async function construction(): Promise<void> {
  console.log("\nConstruction overhead: ThreeTierSecurityGroups vs raw SecurityGroup/SecurityGroupRule, on mocks");
  // Pulumi takes a stack trace for every resource and promise; under ts-node each one is
  // source-mapped, which costs more than everything else and would hide the library's own
  // overhead. Measure both sides with plain V8 stack traces.
  const mapped = Error.prepareStackTrace;
  (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
  for (const n of [10, 100, 1000]) {
    const runs = n === 1000 ? 3 : 5;
    const times: Record<BuildMode, number[]> = { raw: [], "raw-parented": [], components: [] };
    const order: BuildMode[] = ["raw", "raw-parented", "components"];
    let resources = 0;
    const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
    for (const how of order) await buildStacks(n, how);
    // Rotate which side goes first, and collect garbage before each run, so no side pays for
    // another's heap.
    for (let i = 0; i < runs; i++) {
      for (let j = 0; j < order.length; j++) {
        const how = order[(i + j) % order.length];
        gc();
        const t0 = now();
        const count = await buildStacks(n, how);
        times[how].push(now() - t0);
        if (how === "components") resources = count;
      }
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ratio = med(times.components) / med(times.raw);
    const own = med(times.components) / med(times["raw-parented"]);
    console.log(line(`N=${n} stacks (${resources} resources with components)`, `${ratio.toFixed(2)}x raw`, "<= 1.10x raw", ratio <= 1.1));
    console.log(line(`  the same, raw under a plain ComponentResource parent`, `${own.toFixed(2)}x`, "(library's own share)", own <= 1.1));
    console.log(`    components ${med(times.components).toFixed(0)} ms, raw ${med(times.raw).toFixed(0)} ms, raw with a parent ${med(times["raw-parented"]).toFixed(0)} ms (median of ${runs})`);
  }
  Error.prepareStackTrace = mapped;
}

async function check(): Promise<void> {
  console.log("\ncheckNetwork on synthetic networks (groups of 200 rules)");
  const sizes = [5, 50, 500];
  const times: number[] = [];
  for (const groups of sizes) {
    const model = syntheticNetwork(groups, 200, 7);
    const { first, median: ms } = await timed(() => checkNetwork(model), groups === 500 ? 3 : 5);
    times.push(ms);
    const rules = ruleCount(model);
    const ok = rules < 100000 || ms < 1000;
    console.log(line(`${rules} rules in ${groups} groups`, `${ms.toFixed(1)} ms`, rules >= 100000 ? "< 1000 ms" : "-", ok));
    console.log(`    first run ${first.toFixed(0)} ms (cold: JIT warm-up and the first parse of every address), then the median of repeated runs`);
  }
  const growth = times[2] / times[1];
  console.log(line("growth 10k -> 100k rules (10x the rules)", `${growth.toFixed(1)}x time`, "~10x (linear)", growth < 15));
  // What the stack-wide checks and one finding per problem cost over the rule and group checks,
  // on the same 100k-rule model in this run (so the ratio holds on a loaded machine too).
  const model = syntheticNetwork(500, 200, 7);
  const perGroup = CHECK_IDS.slice(0, CHECK_IDS.indexOf("shadowed-rule") + 1);
  const base = (await timed(() => checkNetwork(model, { checks: [...perGroup], consolidate: false }), 3)).median;
  const full = (await timed(() => checkNetwork(model), 3)).median;
  console.log(line("all checks, one finding per rule / the 10 rule and group checks", `${(full / base).toFixed(2)}x time`, "< 3x", full / base < 3));
}

async function matrix(): Promise<void> {
  console.log("\naccessMatrix on synthetic networks (up to 200 rules a group)");
  const results: { groups: number; ms: number; rules: number }[] = [];
  for (const groups of [50, 200, 500]) {
    const model = syntheticNetwork(groups, 200, 11);
    // A fresh copy each time: the evaluator caches its index per model object.
    const ms = await medianMs(() => accessMatrix({ ...model, groups: model.groups.map((g) => ({ ...g })) }), groups === 500 ? 1 : 3);
    results.push({ groups, ms, rules: ruleCount(model) });
    console.log(line(`${groups} groups, ${ruleCount(model)} rules`, `${ms.toFixed(0)} ms`, groups === 200 ? "< 1000 ms" : "-", groups !== 200 || ms < 1000));
  }
  // Bound: groups^2 * log(rules). Compare measured growth with the bound's growth.
  const bound = (r: { groups: number; rules: number }) => r.groups * r.groups * Math.log2(r.rules);
  for (const [a, b] of [[0, 1], [1, 2]]) {
    const measured = results[b].ms / results[a].ms;
    const allowed = bound(results[b]) / bound(results[a]);
    console.log(line(`growth ${results[a].groups} -> ${results[b].groups} groups`, `${measured.toFixed(1)}x time`, `<= ${allowed.toFixed(1)}x (g^2 log r)`, measured <= allowed));
  }
  // Many small groups, in a separate process for its peak memory.
  const script = `
    require("ts-node").register({ transpileOnly: true });
    const { syntheticNetwork } = require(${JSON.stringify(path.join(__dirname, "synthetic.ts"))});
    const { accessMatrix } = require(${JSON.stringify(path.join(__dirname, "..", "lib"))});
    const model = syntheticNetwork(2000, 50, 11);
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const m = accessMatrix(model);
    const cpu = process.cpuUsage(cpu0);
    console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: (cpu.user + cpu.system) / 1000, rows: m.flows.length, maxRssKb: process.resourceUsage().maxRSS }));`;
  const load = os.loadavg()[0];
  const out = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", cwd: path.join(__dirname, ".."), maxBuffer: 1 << 20 });
  if (out.status !== 0) throw new Error(out.stderr);
  const r = JSON.parse(out.stdout.trim().split("\n").pop() as string) as { ms: number; cpuMs: number; rows: number; maxRssKb: number };
  console.log(line("2000 groups, 100000 rules (50 a group, a separate process)", `${r.ms.toFixed(0)} ms`, "< 10000 ms", r.ms < 10000));
  console.log(line("  the same, CPU time", `${r.cpuMs.toFixed(0)} ms`, "< 10000 ms", r.cpuMs < 10000));
  console.log(line("  peak RSS, whole process", `${(r.maxRssKb / 1024).toFixed(0)} MB`, "< 2048 MB", r.maxRssKb / 1024 < 2048));
  console.log(`    ${r.rows} rows; the machine's load average was ${load.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after`);
}

async function flow(): Promise<void> {
  console.log("\nevaluateFlow throughput on a 200-group model");
  const model = syntheticNetwork(200, 200, 13);
  const t0 = now();
  const net = compileNetwork(model);
  const compileMs = now() - t0;
  const rand = rng(99);
  const instances = model.instances ?? [];
  const protocols: Flow["protocol"][] = ["tcp", "tcp", "tcp", "udp", "icmp"];
  const flows: Flow[] = Array.from({ length: 200000 }, () => {
    const protocol = protocols[Math.floor(rand() * protocols.length)];
    const from = rand() < 0.3 ? `${1 + Math.floor(rand() * 220)}.${Math.floor(rand() * 256)}.0.${1 + Math.floor(rand() * 250)}` : instances[Math.floor(rand() * instances.length)].id;
    let to = instances[Math.floor(rand() * instances.length)].id;
    if (to === from) to = instances[(instances.indexOf(instances.find((i) => i.id === to)!) + 1) % instances.length].id;
    return protocol === "icmp" ? { from, to, protocol } : { from, to, protocol, port: 1 + Math.floor(rand() * 65535) };
  });
  for (let i = 0; i < 20000; i++) net.evaluate(flows[i]);
  const t1 = now();
  let allowed = 0;
  for (const f of flows) if (net.evaluate(f).allowed) allowed++;
  const seconds = (now() - t1) / 1000;
  const rate = flows.length / seconds;
  console.log(line(`${flows.length} decisions (${allowed} allowed)`, `${Math.round(rate).toLocaleString("en-US")}/s`, ">= 300,000/s", rate >= 300000));
  console.log(`    index built once in ${compileMs.toFixed(0)} ms`);
}

function memory(): void {
  console.log("\nPeak memory of checkNetwork on 100k rules (a separate process)");
  const script = `
    require("ts-node").register({ transpileOnly: true });
    const { syntheticNetwork } = require(${JSON.stringify(path.join(__dirname, "synthetic.ts"))});
    const { checkNetwork } = require(${JSON.stringify(path.join(__dirname, "..", "lib"))});
    const model = syntheticNetwork(500, 200, 7);
    const findings = checkNetwork(model);
    console.log(JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, findings: findings.length }));`;
  const out = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", cwd: path.join(__dirname, "..") });
  if (out.status !== 0) throw new Error(out.stderr);
  const { maxRssKb, findings } = JSON.parse(out.stdout.trim().split("\n").pop() as string) as { maxRssKb: number; findings: number };
  const mb = maxRssKb / 1024;
  console.log(line(`peak RSS, whole process (${findings} findings)`, `${mb.toFixed(0)} MB`, "< 500 MB", mb < 500));
}

function review(): void {
  console.log("\nAudit and diff of an ECS API export (aliyun CLI JSON, 50 rules a group, one instance a group; diff: 1% of groups changed)");
  const results: Record<string, { groups: number; totalMs: number }[]> = { audit: [], diff: [] };
  for (const groups of [500, 1000, 2000]) {
    for (const task of ["audit", "diff"] as const) {
      const out = spawnSync(process.execPath, ["--expose-gc", "-r", "ts-node/register/transpile-only", path.join(__dirname, "review-child.ts"), task, String(groups), "50"], { encoding: "utf8", cwd: path.join(__dirname, ".."), maxBuffer: 1 << 26 });
      if (out.status !== 0) throw new Error(out.stderr);
      const r = JSON.parse(out.stdout.trim().split("\n").pop() as string) as { task: string; groups: number; rules: number; readMs: number; workMs: number; totalMs: number; cpuMs: number; maxRssMb: number } & Record<string, number>;
      results[task].push({ groups, totalMs: r.totalMs });
      const big = groups === 2000;
      console.log(line(`${task} ${groups} groups, ${r.rules} rules`, `${(r.totalMs / 1000).toFixed(2)} s`, big ? "< 5 s" : "-", !big || r.totalMs < 5000));
      console.log(line(`  peak RSS, whole process`, `${r.maxRssMb.toFixed(0)} MB`, big ? "< 2048 MB" : "-", !big || r.maxRssMb < 2048));
      const extra = task === "audit" ? `${r.findings} findings, ${r.proposals} proposals, ${r.reach} reachability rows` : `${r.opened} regions opened, ${r.closed} closed, ${r.ruleChanges} rule changes`;
      console.log(`    read ${(r.readMs / 1000).toFixed(2)} s, ${task} ${(r.workMs / 1000).toFixed(2)} s (CPU time of both ${(r.cpuMs / 1000).toFixed(2)} s; the machine's load average was ${os.loadavg()[0].toFixed(1)}); ${extra}`);
    }
  }
  for (const task of ["audit", "diff"] as const) {
    const [a, , c] = results[task];
    const growth = c.totalMs / a.totalMs;
    console.log(line(`${task} growth 500 -> 2000 groups (4x)`, `${growth.toFixed(1)}x time`, "< 16x (not quadratic)", growth < 16));
  }
}

function flowLogs(): void {
  const count = Number(process.env.FLOWLOG_RECORDS ?? 10_000_000);
  console.log(`\nFlow logs: ${count.toLocaleString("en-US")} generated CSV records, written to a file, then streamed from it and attributed (a separate process, heap capped at 256 MB)`);
  const loadBefore = os.loadavg()[0];
  const out = spawnSync(process.execPath, ["--max-old-space-size=256", "-r", "ts-node/register/transpile-only", path.join(__dirname, "flow-logs.ts"), String(count), "csv"], { encoding: "utf8", cwd: path.join(__dirname, ".."), maxBuffer: 1 << 20 });
  const loadAfter = os.loadavg()[0];
  if (out.status !== 0) throw new Error(out.stderr);
  const r = JSON.parse(out.stdout.trim().split("\n").pop() as string) as Record<string, number>;
  const rate = r.records / r.seconds;
  const at10m = (10_000_000 / rate).toFixed(0);
  console.log(line(`${r.records.toLocaleString("en-US")} records read and attributed`, `${r.seconds.toFixed(1)} s`, "10M in < 60 s", count < 10_000_000 ? Number(at10m) < 60 : r.seconds < 60));
  console.log(line("  rate (10 million at this rate)", `${Math.round(rate).toLocaleString("en-US")}/s`, `(${at10m} s)`, Number(at10m) < 60));
  console.log(line("peak RSS, whole process", `${r.maxRssMb.toFixed(0)} MB`, "< 500 MB", r.maxRssMb < 500));
  console.log(`    ${r.requests} requests, ${r.replies} replies, ${r.attributed} attributed, ${r.disagreements} disagreements, ${r.evaluations} questions to the evaluator, ${r.bad} bad lines; the file was written before the clock started (generating its text takes ~${r.generateSeconds.toFixed(1)} s)`);
  // The machine may be shared: the 1-minute load average before and after says how much of it this run had.
  console.log(`    CPU time ${r.cpuSeconds.toFixed(1)} s (all threads); load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after, on ${os.cpus().length} cores`);
}

/**
 * The audit with flow logs (`audit --flow-logs`): logs read and attributed, each narrowing
 * proposal proved, then the audit. Size by AUDITLOGS="groups,lines" (default 50 groups of 50
 * rules, 5,000 lines); the target is for 5,000 groups and 2 million lines.
 */
function auditLogs(): void {
  const [groups, lines] = (process.env.AUDITLOGS ?? "50,5000").split(",").map(Number);
  console.log(`\nAudit with flow logs (a separate process): ${groups} groups of 50 rules, ${lines.toLocaleString("en-US")} CSV lines`);
  const load = os.loadavg()[0];
  const out = spawnSync(process.execPath, ["--expose-gc", "-r", "ts-node/register/transpile-only", path.join(__dirname, "review-child.ts"), "auditlogs", String(groups), "50", String(lines)], { encoding: "utf8", cwd: path.join(__dirname, ".."), maxBuffer: 1 << 26 });
  if (out.status !== 0) throw new Error(out.stderr);
  const r = JSON.parse(out.stdout.trim().split("\n").pop() as string) as Record<string, number>;
  const full = groups >= 5000 && lines >= 2_000_000;
  console.log(line(`audit --flow-logs ${groups} groups, ${r.rules} rules, ${lines} lines`, `${(r.totalMs / 1000).toFixed(2)} s`, full ? "< 60 s" : "- (target at 5000/2M)", full ? r.totalMs < 60000 : true));
  console.log(line("  peak RSS, whole process", `${r.maxRssMb.toFixed(0)} MB`, full ? "< 2048 MB" : "-", !full || r.maxRssMb < 2048));
  console.log(`    logs and proofs ${(r.logMs / 1000).toFixed(2)} s (${r.narrowing} narrowing proposals, ${r.skipped} skipped), CPU time ${(r.cpuMs / 1000).toFixed(2)} s; load average ${load.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after`);
}

/** An estate of `tiers` three-tier layouts the library made, beside `handMade` synthetic groups (50 rules each). */
function adoptEstate(tiers: number, handMade: number): NetworkModel {
  const made = Array.from({ length: tiers }, (_, i) => {
    const plan = planComponent("ThreeTierSecurityGroups", `t${i}`, { vpcId: "vpc-1", egress: i % 2 ? "restricted" : "default", admin: { sources: [`203.0.113.${(i % 250) + 1}`] } });
    const real = (id: string) => (plan.groups.some((g) => g.model.id === id) ? `sg-t${i}-${id.slice(3)}` : id);
    return plan.groups.map((g) => ({ ...g.model, id: real(g.model.id), rules: g.model.rules.map((r) => ({ ...r, nicType: "intranet" as const, ...(r.sourceSecurityGroupId ? { sourceSecurityGroupId: real(r.sourceSecurityGroupId) } : {}) })) }));
  });
  const synthetic = syntheticNetwork(handMade, 50, 3);
  return { groups: [...made.flat(), ...synthetic.groups], instances: synthetic.instances, prefixLists: [] };
}

async function adopt(): Promise<void> {
  console.log("\nadopt: recognising components and writing the program, then proving it (the program planned on mocks with its import.json, diffed against the export)");
  const times: number[] = [];
  const sizes = (process.env.ADOPT_SIZES ?? "50,350;200,1400").split(";").map((s) => s.split(",").map(Number) as [number, number]);
  for (const [tiers, handMade] of sizes) {
    const model = adoptEstate(tiers, handMade);
    const t0 = now();
    const project = adoptNetwork(model);
    const ms = now() - t0;
    times.push(ms);
    console.log(line(`${model.groups.length} groups, ${ruleCount(model)} rules (${tiers} three-tier layouts)`, `${(ms / 1000).toFixed(2)} s, ${project.components.length} components`, "< 10 s", ms < 10000 && project.components.length === tiers));
    // The proof, as adopt runs it after writing: every resource registered on mocks, then diffed.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-adopt-"));
    try {
      for (const [file, text] of Object.entries(project.files)) fs.writeFileSync(path.join(dir, file), text);
      // As the built command runs the proof: plain V8 stack traces (under ts-node each is source-mapped; see construction).
      const mapped = Error.prepareStackTrace;
      (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
      const t1 = now();
      const c1 = cpuMs();
      const proof = await verifyAdoption(dir, dir, model);
      const proofMs = now() - t1;
      const proofCpu = cpuMs() - c1;
      Error.prepareStackTrace = mapped;
      const big = model.groups.length === 2000;
      const what = proof.skipped !== undefined ? `skipped: ${proof.skipped}` : `${proof.owned ? "owned" : "NOT owned"}: ${proof.opened} opened, ${proof.closed} closed`;
      console.log(line(`  with the proof (${what})`, `${((ms + proofMs) / 1000).toFixed(1)} s`, big ? "< 60 s" : "-", proof.owned && (!big || ms + proofMs < 60000)));
      console.log(`    proof ${(proofMs / 1000).toFixed(1)} s (CPU time ${(proofCpu / 1000).toFixed(1)} s); peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; load average ${os.loadavg()[0].toFixed(1)}`);
    } finally {
      if (process.env.ADOPT_KEEP) console.log(`    kept ${dir}`);
      else fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const growth = times[1] / times[0];
  console.log(line("growth for 4x the estate", `${growth.toFixed(1)}x`, "< 16x (not quadratic)", growth < 16));
}

/** CPU time of this process so far, in ms (user and system). */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The median wall and CPU time of `runs` runs of `fn` after one warm-up, each on a fresh input from `make` (made outside the timing). */
function timedFresh<T>(make: () => T, fn: (input: T) => unknown, runs: number): { wall: number; cpu: number } {
  fn(make());
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const input = make();
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) gc();
    const t0 = now();
    const c0 = cpuMs();
    fn(input);
    walls.push(now() - t0);
    cpus.push(cpuMs() - c0);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wall: med(walls), cpu: med(cpus) };
}

function intents(): void {
  console.log("\nIntents: a stack of three-tier layouts the components planned (restricted egress, an administrator each), one instance a group, five intents a group");
  const load = os.loadavg()[0];
  const layouts = 667;
  const { model, intents: all } = intentsStack(layouts);
  // A fresh copy each run: the index is cached per model object.
  const copy = () => ({ groups: model.groups.map((g) => ({ ...g })), instances: model.instances });
  const index = timedFresh(copy, (m) => networkIndex(m), 3);
  const proof = timedFresh(() => { const m = copy(); networkIndex(m); return m; }, (m) => proveIntents(m, all), 3);
  const both = timedFresh(copy, (m) => proveIntents(m, all), 3);
  const results = proveIntents(copy(), all);
  const proven = results.filter((r) => r.status === "proven").length;
  const groups = model.groups.length;
  console.log(line(`${groups} groups, ${all.length} intents: index and proof`, `${both.wall.toFixed(0)} ms`, "< 2000 ms", both.wall < 2000 && proven === all.length));
  console.log(line(`  the index alone`, `${index.wall.toFixed(0)} ms`, "(included above)", true));
  console.log(line(`  the proof on a built index`, `${proof.wall.toFixed(0)} ms`, "(included above)", true));
  console.log(`    ${proven} of ${all.length} proven; CPU time: index ${index.cpu.toFixed(0)} ms, proof ${proof.cpu.toFixed(0)} ms, both ${both.cpu.toFixed(0)} ms (median of 3); load average (1 min) ${load.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after, on ${os.cpus().length} cores`);

  const few = 67;
  const small = intentsStack(few);
  const broken = brokenIntent(few);
  const smallCopy = () => ({ groups: small.model.groups.map((g) => ({ ...g })), instances: small.model.instances });
  const found = timedFresh(smallCopy, (m) => proveIntents(m, [broken]), 9);
  const onIndex = timedFresh(() => { const m = smallCopy(); networkIndex(m); return m; }, (m) => proveIntents(m, [broken]), 9);
  const [r] = proveIntents(smallCopy(), [broken]);
  console.log(line(`${small.model.groups.length} groups: one broken intent and its witness, index included`, `${found.wall.toFixed(1)} ms`, "< 50 ms", found.wall < 50 && r.status === "broken" && r.witness !== undefined));
  console.log(line(`  the same on a built index`, `${onIndex.wall.toFixed(1)} ms`, "(included above)", true));
  console.log(`    ${r.witness?.reason}`);

  // The guard proves each plan's own intents before anything registers: its share of the guard, per component.
  const plans: [string, () => ReturnType<typeof planComponent>][] = [
    ["ThreeTierSecurityGroups (defaults)", () => planComponent("ThreeTierSecurityGroups", "shop", { vpcId: "vpc-1" })],
    ["ThreeTierSecurityGroups (restricted, admin)", () => planComponent("ThreeTierSecurityGroups", "shop", { vpcId: "vpc-1", egress: "restricted", admin: { sources: ["203.0.113.7"] } })],
    ["DatabaseSecurityGroup", () => planComponent("DatabaseSecurityGroup", "cache", { vpcId: "vpc-1", engine: "redis", sources: ["10.0.5.0/24", { securityGroupId: "sg-app" }] })],
    ["WorkbenchAccess", () => planComponent("WorkbenchAccess", "ops", { securityGroupId: "sg-ops", via: "both", adminSources: ["203.0.113.7"] })],
    ["OutboundWhitelist", () => planComponent("OutboundWhitelist", "out", { securityGroupId: "sg-w", destinations: [{ cidr: "47.96.0.10", ports: [443] }] })],
    ["InterconnectGroup", () => planComponent("InterconnectGroup", "mesh", { method: "group-authorization", ports: [21], members: [{ name: "a", securityGroupId: "sg-a" }, { name: "b", securityGroupId: "sg-b" }] })],
  ];
  for (const [label, make] of plans) {
    const plan = make();
    const bare = { ...plan, intents: undefined };
    const n = 400;
    const per = (p: typeof plan) => {
      const times: number[] = [];
      for (let k = 0; k < 5; k++) {
        const t0 = now();
        for (let i = 0; i < n; i++) guardPlan(p);
        times.push((now() - t0) / n);
      }
      return times.sort((a, b) => a - b)[2];
    };
    per(plan);
    per(bare);
    const withIntents = per(plan);
    const without = per(bare);
    const cost = Math.max(0, withIntents - without);
    console.log(line(`guard's proof of its own plan: ${label} (${plan.intents?.length ?? 0} intents)`, `${cost.toFixed(3)} ms`, "< 1 ms", cost < 1));
  }
  console.log(`    the guard's time with the proof less its time without (median of 5 x ${400} plans); load average (1 min) ${os.loadavg()[0].toFixed(2)}`);
}

async function main(): Promise<void> {
  // Construction runs last: the mock runtime keeps every resource, and its heap would slow what follows.
  const all = ["check", "matrix", "flow", "memory", "review", "adopt", "flowlogs", "auditlogs", "intents", "construction"];
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const save = option("--save");
  const compare = option("--compare");
  if (compare) compareWith(JSON.parse(fs.readFileSync(compare, "utf8")).figures);
  const chosen = args.filter((a) => all.includes(a));
  const run = chosen.length > 0 ? chosen : all;
  console.log(`alicloud-secgroups benchmarks: node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`);
  for (const name of run) {
    if (name === "construction") await construction();
    if (name === "check") await check();
    if (name === "matrix") await matrix();
    if (name === "flow") await flow();
    if (name === "memory") memory();
    if (name === "review") review();
    if (name === "adopt") await adopt();
    if (name === "flowlogs") flowLogs();
    if (name === "intents") intents();
    if (name === "auditlogs") auditLogs();
  }
  if (save) fs.writeFileSync(save, `${JSON.stringify({ node: process.version, date: new Date().toISOString().slice(0, 10), figures }, null, 2)}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
