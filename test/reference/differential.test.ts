/**
 * Differential test: the library's evaluator (`evaluateFlow`) and access matrix (`accessMatrix` +
 * `lookupAccess`) against an independent reference evaluator written from SEMANTICS.md alone
 * (./reference-evaluator.ts). The pass condition is zero disagreements.
 *
 * Seeds are fixed by default. `SECGROUPS_FUZZ_SEED=random` (or a number) picks another seed,
 * printed at the start so a failure can be replayed with `SECGROUPS_FUZZ_SEED=<seed>`; each
 * property's seed and how much it compared are printed at the end. `SECGROUPS_REFERENCE_SCALE=<n>`
 * multiplies every property's runs (and the lower bounds on what it compares) by n.
 * On a disagreement fast-check shrinks the network and the message shows the minimal network,
 * the flow, the reference verdict and the library's decision.
 */
import fc from "fast-check";
import { accessMatrix, compileNetwork, evaluateFlow, lookupAccess } from "../../lib/analysis";
import type { Decision, PortSet } from "../../lib/analysis";
import { MAX_GROUPS_PER_INSTANCE as LIBRARY_MAX_GROUPS_PER_INSTANCE, NetworkModel, validateNetwork } from "../../lib/model/network";
import { ValidationError } from "../../lib/model/errors";
import { RefFlow, RefNetwork, RefVerdict, describeVerdict, refParseAddress, refIsInternal, referenceAllowed } from "./reference-evaluator";
import { minimiseNetwork } from "./minimize";
import { LARGE_NETWORK_GROUPS, MAX_GROUPS_PER_INSTANCE, addressText, blockBounds, flowArb, instanceFamilies, networkArb, unusable } from "./networks";

// ---- Seeds and counters -------------------------------------------------------------------

const SEED_ENV = process.env.SECGROUPS_FUZZ_SEED;
const RANDOM_SEED = SEED_ENV === undefined || SEED_ENV === "" ? undefined : SEED_ENV === "random" ? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0 : Number(SEED_ENV);
if (RANDOM_SEED !== undefined && !Number.isInteger(RANDOM_SEED)) throw new Error(`SECGROUPS_FUZZ_SEED must be "random" or an integer, not ${JSON.stringify(SEED_ENV)}`);
if (RANDOM_SEED !== undefined) console.log(`differential: SECGROUPS_FUZZ_SEED=${RANDOM_SEED}`);

/** The seed of one property: fixed by default, derived from the chosen seed otherwise. */
function seedFor(fixed: number): number {
  return RANDOM_SEED === undefined ? fixed : (RANDOM_SEED + fixed) | 0;
}

const SCALE_ENV = process.env.SECGROUPS_REFERENCE_SCALE;
/** How many times the default runs each property makes (a longer run: `SECGROUPS_REFERENCE_SCALE=20`). */
const SCALE = SCALE_ENV === undefined || SCALE_ENV === "" ? 1 : Number(SCALE_ENV);
if (!Number.isInteger(SCALE) || SCALE < 1) throw new Error(`SECGROUPS_REFERENCE_SCALE must be a whole number of at least 1, not ${JSON.stringify(SCALE_ENV)}`);

/** A property's number of runs, scaled. */
function runs(n: number): number {
  return n * SCALE;
}

/** One line per property (its seed, what it compared), printed at the end. */
const summary: string[] = [];

function note(property: string, seed: number, compared: string): void {
  summary.push(`${property}: seed ${seed}, ${compared}`);
}

const validity = { seen: 0, refused: 0, codes: new Map<string, number>() };

function libraryAccepts(net: RefNetwork): boolean {
  validity.seen++;
  try {
    validateNetwork(net as unknown as NetworkModel);
    return true;
  } catch (e) {
    validity.refused++;
    const code = e instanceof ValidationError ? e.code : "non-validation-error";
    validity.codes.set(code, (validity.codes.get(code) ?? 0) + 1);
    return false;
  }
}

afterAll(() => {
  const codes = [...validity.codes].map(([c, n]) => `${c}: ${n}`).join(", ");
  const seeds = RANDOM_SEED === undefined ? "fixed seeds (SECGROUPS_FUZZ_SEED unset)" : `SECGROUPS_FUZZ_SEED=${RANDOM_SEED}`;
  console.log(
    [
      `differential: ${seeds}, SECGROUPS_REFERENCE_SCALE=${SCALE}`,
      ...summary.map((line) => `  ${line}`),
      `  validateNetwork refused ${validity.refused} of ${validity.seen} generated networks (${((100 * validity.refused) / Math.max(1, validity.seen)).toFixed(1)}%)${codes ? ` — ${codes}` : ""}`,
    ].join("\n"),
  );
});

// ---- Comparing one flow -------------------------------------------------------------------

type LibAnswer = { kind: "decision"; decision: Decision } | { kind: "refused"; error: unknown };

function askLibrary(net: RefNetwork, flow: RefFlow): LibAnswer {
  try {
    return { kind: "decision", decision: evaluateFlow(net as unknown as NetworkModel, flow) };
  } catch (error) {
    return { kind: "refused", error };
  }
}

function describeLibrary(a: LibAnswer): string {
  if (a.kind === "refused") return `throws ${a.error instanceof ValidationError ? `ValidationError ${a.error.code}` : String(a.error)}: ${a.error instanceof Error ? a.error.message : ""}`;
  const d = a.decision;
  const s = (v: Decision["egress"]) => (v ? `${v.direction} ${v.allowed ? "allow" : "deny"} by ${v.decidedBy}${v.groupId ? ` ${v.groupId}` : ""}${v.ruleIndex !== undefined ? `.rules[${v.ruleIndex}]` : ""}${v.priority !== undefined ? `@${v.priority}` : ""}` : undefined);
  return `${d.allowed ? "allow" : "deny"} [${[s(d.egress), s(d.ingress)].filter(Boolean).join("; ")}] — ${d.reason}`;
}

/** Undefined when they agree, else why not. */
function disagreement(ref: RefVerdict, lib: LibAnswer): string | undefined {
  if (ref.kind === "invalid") return lib.kind === "refused" && lib.error instanceof ValidationError ? undefined : "the reference refuses the flow as bad input, the library does not";
  if (lib.kind === "refused") return "the library refuses a flow the reference decides";
  return ref.allowed === lib.decision.allowed ? undefined : "the two disagree on allowed";
}

function report(what: string, net: RefNetwork, flow: RefFlow, ref: RefVerdict, lib: LibAnswer): string {
  return [
    `${what}`,
    `flow:      ${JSON.stringify(flow)}`,
    `reference: ${describeVerdict(ref)}`,
    `library:   ${describeLibrary(lib)}`,
    `network:   ${JSON.stringify(net, null, 1).replace(/\n\s*/g, " ")}`,
  ].join("\n");
}

const validNetworks = (shape?: Parameters<typeof networkArb>[0]) => networkArb(shape).filter(libraryAccepts);

// ---- Failing fast, shrinking, then minimising ------------------------------------------

/** A failure's message for a network, and a key that says which failure it is (or undefined: it passes). */
type Check = (net: RefNetwork) => { key: string; message: string } | undefined;

/** A failure found in a generated value: its network, the instances it names, and how to re-check it. */
interface Failure {
  net: RefNetwork;
  keep: string[];
  check: Check;
}

function quietlyValid(net: RefNetwork): boolean {
  try {
    validateNetwork(net as unknown as NetworkModel);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs a property with fast-check (which shrinks a failure), then minimises the shrunk network
 * by hand (minimize.ts) and throws the failure's message for the smallest network.
 */
function assertNoFailure<T>(arb: fc.Arbitrary<T>, find: (value: T) => Failure | undefined, params: fc.Parameters<[T]>): void {
  const details = fc.check(
    fc.property(arb, (value) => find(value) === undefined),
    params,
  );
  if (!details.failed) return;
  if (!details.counterexample) throw details.errorInstance ?? new Error("fast-check failed without a counterexample");
  const failure = find(details.counterexample[0]);
  if (!failure) throw new Error("the shrunk counterexample no longer fails");
  const small = minimiseNetwork(failure.net, (n) => failure.check(n)?.key, quietlyValid, new Set(failure.keep));
  const final = failure.check(small) ?? failure.check(failure.net)!;
  throw new Error(`${final.message}\n(fast-check seed ${details.seed}, shrunk ${details.numShrinks} times, then minimised; SECGROUPS_FUZZ_SEED=${RANDOM_SEED ?? "unset"})`);
}

/**
 * The re-check of one flow: the reference against evaluateFlow, and compileNetwork against
 * evaluateFlow. `agreed` hears of each flow both decided alike.
 */
function flowCheck(flow: RefFlow, compiled: boolean, agreed?: (net: RefNetwork, flow: RefFlow, ref: RefVerdict) => void): Check {
  return (net) => {
    const ref = referenceAllowed(net, flow);
    const lib = askLibrary(net, flow);
    const why = disagreement(ref, lib);
    if (why) return { key: why, message: report(why, net, flow, ref, lib) };
    if (compiled && lib.kind === "decision") {
      // The compiled form answers the same (a fresh copy, so no cache is shared).
      const c = compileNetwork(structuredClone(net) as unknown as NetworkModel).evaluate(flow);
      if (c.allowed !== lib.decision.allowed) return { key: "compiled", message: report("compileNetwork(...).evaluate disagrees with evaluateFlow", net, flow, ref, { kind: "decision", decision: c }) };
    }
    if (ref.kind === "decided" && lib.kind === "decision") agreed?.(net, flow, ref);
    return undefined;
  };
}

// ---- What a compared flow exercises -------------------------------------------------------

/** Kinds of flow the generator must keep producing; each compared flow counts in every kind it is. */
const FLOW_KINDS = [
  "an instance to itself",
  "members of a shared basic Accept group",
  "members of a shared basic Drop group (no shared Accept group)",
  "instances of two different VPCs",
  "a side decided by a classic group's rule",
  "icmpv6 decided by a group rule",
  "icmpv6 decided by a prefix-list rule",
  `a network of ${LARGE_NETWORK_GROUPS} groups`,
  `an end in ${MAX_GROUPS_PER_INSTANCE} groups`,
] as const;
type FlowKind = (typeof FLOW_KINDS)[number];

/** The VPC an instance is in, where one of its groups names it. */
function vpcOf(net: RefNetwork, instanceId: string): string | undefined {
  const inst = (net.instances ?? []).find((i) => i.id === instanceId);
  return inst?.groups.map((id) => net.groups.find((g) => g.id === id)?.vpcId).find((v): v is string => typeof v === "string" && v !== "");
}

/** The kinds one flow, as the reference decided it, is. */
function flowKinds(net: RefNetwork, flow: RefFlow, ref: RefVerdict): FlowKind[] {
  if (ref.kind !== "decided") return [];
  const kinds: FlowKind[] = [];
  const instance = (id: string) => (net.instances ?? []).find((i) => i.id === id);
  const group = (id: string) => net.groups.find((g) => g.id === id);
  const a = instance(flow.from);
  const b = instance(flow.to);
  if (net.groups.length >= LARGE_NETWORK_GROUPS) kinds.push(`a network of ${LARGE_NETWORK_GROUPS} groups`);
  if ([a, b].some((i) => i !== undefined && new Set(i.groups).size >= MAX_GROUPS_PER_INSTANCE)) kinds.push(`an end in ${MAX_GROUPS_PER_INSTANCE} groups`);
  if (ref.self) kinds.push("an instance to itself");
  else if (a && b) {
    const shared = a.groups.filter((g) => b.groups.includes(g)).map(group).filter((g) => g !== undefined && g.type !== "enterprise");
    if (shared.some((g) => (g!.innerAccessPolicy ?? "Accept") === "Accept")) kinds.push("members of a shared basic Accept group");
    else if (shared.length > 0) kinds.push("members of a shared basic Drop group (no shared Accept group)");
    const va = vpcOf(net, a.id);
    const vb = vpcOf(net, b.id);
    if (va !== undefined && vb !== undefined && va !== vb) kinds.push("instances of two different VPCs");
  }
  for (const side of [ref.egress, ref.ingress]) {
    if (side?.decidedBy !== "rule") continue;
    const g = group(side.groupId!)!;
    const rule = g.rules[side.ruleIndex!];
    if (g.network === "classic" || g.vpcId === "") kinds.push("a side decided by a classic group's rule");
    if (flow.protocol === "icmpv6" && rule.sourceSecurityGroupId) kinds.push("icmpv6 decided by a group rule");
    if (flow.protocol === "icmpv6" && rule.prefixListId) kinds.push("icmpv6 decided by a prefix-list rule");
  }
  return [...new Set(kinds)];
}

/** The re-check of one flow's sides (allowed, what decided, priority, the deciding rule); `compared` hears of each side that agrees. */
function sideCheck(flow: RefFlow, compared?: () => void): Check {
  return (net) => {
    const ref = referenceAllowed(net, flow);
    if (ref.kind !== "decided" || ref.innerAccessGroup || ref.self) return undefined;
    const lib = askLibrary(net, flow);
    if (lib.kind !== "decision") return undefined;
    for (const dir of ["egress", "ingress"] as const) {
      const r = ref[dir];
      const l = lib.decision[dir];
      if (!r || !l) continue;
      if (r.allowed !== l.allowed || r.decidedBy !== l.decidedBy || r.priority !== l.priority) {
        const why = `the ${dir} sides disagree (allowed / decidedBy / priority)`;
        return { key: why, message: report(why, net, flow, ref, lib) };
      }
      // The rule the library names must be one the reference could name.
      if (r.decidedBy === "rule" && !(r.deciders ?? []).some((d) => d.groupId === l.groupId && d.ruleIndex === l.ruleIndex)) {
        const why = `the ${dir} side names a rule that does not decide it`;
        return { key: why, message: report(why, net, flow, ref, lib) };
      }
      compared?.();
    }
    return undefined;
  };
}

function firstFailingFlow(net: RefNetwork, list: RefFlow[], make: (flow: RefFlow) => Check, count?: (flow: RefFlow) => void): Failure | undefined {
  for (const flow of list) {
    count?.(flow);
    const check = make(flow);
    if (check(net)) return { net, keep: [flow.from, flow.to], check };
  }
  return undefined;
}

const FLOWS_PER_NETWORK = 40;
const NETWORK_RUNS = 250;
/**
 * Least flows of each kind the main property compares at scale 1 (about a third of what the
 * fixed seed gives, so that other seeds pass too): a generator that silently stops producing a
 * kind fails here, not quietly.
 */
const LEAST_OF_KIND: Record<FlowKind, number> = {
  "an instance to itself": 400,
  "members of a shared basic Accept group": 300,
  "members of a shared basic Drop group (no shared Accept group)": 200,
  "instances of two different VPCs": 40,
  "a side decided by a classic group's rule": 70,
  "icmpv6 decided by a group rule": 4,
  "icmpv6 decided by a prefix-list rule": 15,
  [`a network of ${LARGE_NETWORK_GROUPS} groups`]: 600,
  [`an end in ${MAX_GROUPS_PER_INSTANCE} groups`]: 150,
} as Record<FlowKind, number>;

const withFlows = (bad: "never" | "always", length: number) =>
  validNetworks().chain((net) => fc.tuple(fc.constant(net), fc.array(flowArb(net, { bad }), { minLength: length, maxLength: length })));

describe("evaluateFlow against the reference evaluator", () => {
  test(`${runs(NETWORK_RUNS) * FLOWS_PER_NETWORK} random valid flows: zero disagreements on allowed, every kind of flow compared`, () => {
    const seed = seedFor(20261201);
    const before = { ...validity };
    let flows = 0;
    let compared = 0;
    const kinds = new Map<FlowKind, number>(FLOW_KINDS.map((k) => [k, 0]));
    const agreed = (net: RefNetwork, flow: RefFlow, ref: RefVerdict) => {
      compared++;
      for (const k of flowKinds(net, flow, ref)) kinds.set(k, kinds.get(k)! + 1);
    };
    assertNoFailure(withFlows("never", FLOWS_PER_NETWORK), ([net, list]) => firstFailingFlow(net, list, (flow) => flowCheck(flow, ++flows % 50 === 0, agreed)), { seed, numRuns: runs(NETWORK_RUNS) });
    note("random valid flows", seed, `${compared} of ${flows} flows compared (${[...kinds].map(([k, n]) => `${k}: ${n}`).join("; ")})`);
    // Nearly every generated flow is valid and decided by both (a few come out as bad input
    // where the network offers no other family).
    expect(compared).toBeGreaterThan(0.9 * runs(NETWORK_RUNS) * FLOWS_PER_NETWORK);
    // The generator means every network to be valid: validation may refuse a few, not many.
    expect(validity.refused - before.refused).toBeLessThanOrEqual(0.05 * (validity.seen - before.seen));
    const short = FLOW_KINDS.filter((k) => kinds.get(k)! <= runs(LEAST_OF_KIND[k])).map((k) => `${k}: ${kinds.get(k)} (wanted more than ${runs(LEAST_OF_KIND[k])})`);
    expect(short).toEqual([]);
  });

  test("bad input (different address families, icmp/icmpv6 of the wrong family): refused by both", () => {
    const seed = seedFor(31);
    let refused = 0;
    assertNoFailure(
      withFlows("always", 5),
      ([net, list]) => firstFailingFlow(net, list, (flow) => flowCheck(flow, false), (flow) => void (referenceAllowed(net, flow).kind === "invalid" && refused++)),
      { seed, numRuns: runs(100) },
    );
    note("bad input", seed, `${refused} flows refused by both`);
    expect(refused).toBeGreaterThan(runs(60));
  });

  test("per-side verdicts (allowed, priority, what decided, the deciding rule) agree where both answer", () => {
    const seed = seedFor(7);
    let sides = 0;
    assertNoFailure(withFlows("never", 10), ([net, list]) => firstFailingFlow(net, list, (flow) => sideCheck(flow, () => sides++)), { seed, numRuns: runs(100) });
    note("per-side verdicts", seed, `${sides} sides compared`);
    expect(sides).toBeGreaterThan(runs(400));
  });

  test("the generator keeps instances within the validator's limit of groups", () => {
    expect(MAX_GROUPS_PER_INSTANCE).toBe(LIBRARY_MAX_GROUPS_PER_INSTANCE);
  });
});

// ---- The access matrix --------------------------------------------------------------------

const FAMILY_PROTOCOLS = { ipv4: ["tcp", "udp", "icmp", "gre"], ipv6: ["tcp", "udp", "icmpv6", "gre"] } as const;
type Family = "ipv4" | "ipv6";

function familyOf(text: string): Family {
  return refParseAddress(text)?.kind() ?? "ipv4";
}

/** Port cuts: every tcp/udp rule's ends, so that each interval between two cuts is decided alike. */
function portCuts(net: RefNetwork): number[] {
  const cuts = new Set<number>([1, 65536]);
  for (const g of net.groups)
    for (const r of g.rules) {
      const m = /^(\d+)\/(\d+)$/.exec(r.portRange ?? "");
      if (m) {
        cuts.add(Number(m[1]));
        cuts.add(Number(m[2]) + 1);
      }
    }
  return [...cuts].filter((c) => c >= 1 && c <= 65536).sort((a, b) => a - b);
}

/** What the reference lets `from` send `to`: per protocol, one boolean per port interval (one for portless protocols). */
function referenceAccess(net: RefNetwork, cuts: number[], from: string, to: string, family: Family): Map<string, boolean[]> {
  const out = new Map<string, boolean[]>();
  for (const protocol of FAMILY_PROTOCOLS[family]) {
    const allows = (port?: number) => {
      const v = referenceAllowed(net, { from, to, protocol, port });
      return v.kind === "decided" && v.allowed;
    };
    out.set(protocol, protocol === "tcp" || protocol === "udp" ? cuts.slice(0, -1).map((c) => allows(c)) : [allows()]);
  }
  return out;
}

function unionAccess(list: Map<string, boolean[]>[]): Map<string, boolean[]> {
  const out = new Map<string, boolean[]>();
  for (const m of list) for (const [p, v] of m) out.set(p, out.has(p) ? out.get(p)!.map((b, i) => b || v[i]) : [...v]);
  return out;
}

function formatAccess(access: Map<string, boolean[]>, cuts: number[]): string {
  const parts: string[] = [];
  for (const protocol of ["tcp", "udp", "icmp", "icmpv6", "gre"]) {
    const v = access.get(protocol);
    if (!v) continue;
    if (protocol === "tcp" || protocol === "udp") {
      const ranges: [number, number][] = [];
      v.forEach((ok, k) => {
        if (!ok) return;
        const last = ranges[ranges.length - 1];
        if (last && last[1] + 1 === cuts[k]) last[1] = cuts[k + 1] - 1;
        else ranges.push([cuts[k], cuts[k + 1] - 1]);
      });
      if (ranges.length) parts.push(`${protocol} ${ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(",")}`);
    } else if (v[0]) parts.push(protocol);
  }
  return parts.join("; ") || "nothing";
}

function libraryPortSet(set: PortSet): string {
  const order = ["tcp", "udp", "icmp", "icmpv6", "gre"];
  const parts = [...set]
    .sort((a, b) => order.indexOf(a.protocol) - order.indexOf(b.protocol))
    .map((e) => (e.ranges ? `${e.protocol} ${e.ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(",")}` : e.protocol));
  return parts.join("; ") || "nothing";
}

const PUBLIC_V4 = ["8.8.8.8", "1.1.1.1", "9.9.9.9", "45.33.32.1", "151.101.1.1", "13.107.4.1", "52.0.0.1", "208.67.222.222"];
const PUBLIC_V6 = ["2a00:1450::1", "2606:4700::1", "3fff::1", "2620:fe::1"];
/** Candidates for "an unknown private address that only /0 CIDR rules match". */
const UNKNOWN_V4 = ["10.254.253.252", "172.31.250.1", "192.168.250.1", "100.90.0.1"];
const UNKNOWN_V6 = ["fd12:3456::1", "fcff::1"];

type Bounds = NonNullable<ReturnType<typeof blockBounds>>;

function namedBlocks(net: RefNetwork): Bounds[] {
  // Blocks named by a rule, or entries of a prefix list a rule names.
  const named = new Set(net.groups.flatMap((g) => g.rules.map((r) => r.prefixListId)));
  const texts = [...net.groups.flatMap((g) => g.rules.flatMap((r) => [r.cidrIp, r.ipv6CidrIp].filter((c): c is string => !!c))), ...(net.prefixLists ?? []).filter((p) => named.has(p.id)).flatMap((p) => p.cidrs)];
  return texts.map((t) => blockBounds(t)).filter((b): b is Bounds => b !== undefined);
}

function isZero(b: Bounds): boolean {
  return b.first === 0n && b.last === (b.kind === "ipv4" ? (1n << 32n) - 1n : (1n << 128n) - 1n);
}

function inside(text: string, b: Bounds): boolean {
  const a = blockBounds(text);
  return !!a && a.kind === b.kind && a.first >= b.first && a.first <= b.last;
}

/** Representative addresses of an outside matrix node (see accessMatrix's doc comment). */
function representatives(node: string, blocks: Bounds[]): string[] {
  const nonZero = blocks.filter((b) => !isZero(b));
  if (node === "internet" || node === "internet-ipv6") {
    const free = (node === "internet" ? PUBLIC_V4 : PUBLIC_V6).find((t) => !nonZero.some((b) => inside(t, b)));
    return free ? [free] : [];
  }
  const own = blockBounds(node);
  if (!own) return [];
  const smaller = nonZero.filter((b) => b.kind === own.kind && b.first >= own.first && b.last <= own.last && b.last - b.first < own.last - own.first);
  const candidates = [own.first, own.last, (own.first + own.last) / 2n, own.first + 1n]
    .filter((v) => v >= own.first && v <= own.last)
    .map((v) => addressText(v, own.kind))
    .filter((t): t is string => t !== undefined && !unusable(t));
  return [...new Set(candidates)].filter((t) => !smaller.some((b) => inside(t, b)));
}

/**
 * The members a group node stands for: one hypothetical interface per distinct address of the
 * group's instances (or the unknown private address), each in that group only, in the account
 * of the group's instances when those that name one all name the same.
 */
function groupMembers(net: RefNetwork, groupId: string, blocks: Bounds[], mentionsIpv6: boolean): { addr: string; accountId?: string }[] | undefined {
  const members = (net.instances ?? []).filter((i) => i.groups.includes(groupId));
  const accounts = new Set(members.map((i) => i.accountId).filter((a) => a !== undefined));
  const accountId = accounts.size === 1 ? [...accounts][0] : undefined;
  // A dual-stack member stands for one member per address: the row is the union (what at least one gets).
  if (members.length > 0) return [...new Set(members.flatMap((i) => instanceFamilies(i).map((f) => f.addr)))].map((addr) => ({ addr, accountId }));
  const nonZero = blocks.filter((b) => !isZero(b));
  const free = (pool: string[]) => pool.find((t) => !nonZero.some((b) => inside(t, b)));
  const v4 = free(UNKNOWN_V4);
  const v6 = mentionsIpv6 ? free(UNKNOWN_V6) : undefined;
  if (!v4 || (mentionsIpv6 && !v6)) return undefined;
  return [v4, v6].filter((a): a is string => !!a).map((addr) => ({ addr }));
}

/**
 * Compares every row of the matrix of `net` that the reference can represent. `rows`:
 * `members` compares the rows whose group nodes all have instances (and outside nodes);
 * `unknown` only the rows with a group node that has none (its unknown private address).
 */
function checkMatrix(net: RefNetwork, rows: "members" | "unknown", counts: { compared: number; skipped: number }): void {
  const matrix = accessMatrix(net as unknown as NetworkModel);
  const blocks = namedBlocks(net);
  const mentionsIpv6 = blocks.some((b) => b.kind === "ipv6") || (net.instances ?? []).some((i) => instanceFamilies(i).some((f) => f.family === "ipv6"));
  const cuts = portCuts(net);
  const hasInstances = (g: string) => (net.instances ?? []).some((i) => i.groups.includes(g));
  const wanted = (...groups: string[]) => (rows === "members" ? groups.every(hasInstances) : !groups.every(hasInstances));
  const fail = (what: string, from: string, to: string, ref: string, lib: string, reps: string) => {
    throw new Error([`accessMatrix disagrees with the reference: ${what}`, `row:       ${from} -> ${to} (represented by ${reps})`, `reference: ${ref}`, `library:   ${lib}`, `network:   ${JSON.stringify(net, null, 1).replace(/\n\s*/g, " ")}`].join("\n"));
  };
  // Hypothetical members, added to a copy of the model the reference reads.
  const hypo: RefNetwork["instances"] = [];
  const membersOf = new Map<string, { id: string; addr: string }[]>();
  for (const g of net.groups) {
    const members = groupMembers(net, g.id, blocks, mentionsIpv6);
    if (!members) {
      counts.skipped++;
      return;
    }
    const ids = members.flatMap((m, k) => {
      const a = { id: `h-${g.id}-${k}-a`, privateIp: m.addr, groups: [g.id], ...(m.accountId ? { accountId: m.accountId } : {}) };
      const b = { ...a, id: `h-${g.id}-${k}-b` };
      hypo.push(a, b);
      return [{ id: a.id, addr: m.addr }];
    });
    membersOf.set(g.id, ids);
  }
  const refNet: RefNetwork = { ...net, instances: hypo };
  // Group to group, and to itself (a second member).
  for (const ga of net.groups)
    for (const gb of net.groups) {
      const pairs: Map<string, boolean[]>[] = [];
      const shown: string[] = [];
      for (const a of membersOf.get(ga.id)!)
        for (const b of membersOf.get(gb.id)!) {
          const family = familyOf(a.addr);
          if (familyOf(b.addr) !== family) continue;
          pairs.push(referenceAccess(refNet, cuts, a.id, ga.id === gb.id ? b.id.replace(/-a$/, "-b") : b.id, family));
          shown.push(`${a.addr} -> ${b.addr}`);
        }
      if (pairs.length === 0 || wanted(ga.id, gb.id) === false) continue;
      const ref = formatAccess(unionAccess(pairs), cuts);
      const lib = libraryPortSet(lookupAccess(matrix, ga.id, gb.id));
      counts.compared++;
      if (ref !== lib) fail("group to group", ga.id, gb.id, ref, lib, shown.join(", "));
    }
  // Outside nodes to and from groups.
  for (const node of matrix.nodes) {
    if (net.groups.some((g) => g.id === node)) continue;
    const reps = representatives(node, blocks);
    if (reps.length === 0) continue;
    const family = familyOf(reps[0]);
    for (const g of net.groups) {
      const members = membersOf.get(g.id)!.filter((m) => familyOf(m.addr) === family);
      if (members.length === 0 || wanted(g.id) === false) continue;
      for (const inbound of [true, false]) {
        const answers = reps.map((r) => formatAccess(unionAccess(members.map((m) => (inbound ? referenceAccess(refNet, cuts, r, m.id, family) : referenceAccess(refNet, cuts, m.id, r, family)))), cuts));
        if (new Set(answers).size > 1) {
          counts.skipped++;
          continue;
        }
        const [from, to] = inbound ? [node, g.id] : [g.id, node];
        const lib = libraryPortSet(lookupAccess(matrix, from, to));
        counts.compared++;
        if (answers[0] !== lib) fail(`${node} node`, from, to, answers[0], lib, `${reps.join(" | ")} ${inbound ? "->" : "<-"} ${members.map((m) => m.addr).join(", ")}`);
      }
    }
  }
}

/** checkMatrix as a {@link Failure}: the key is the kind of row and the row. */
function matrixFailure(net: RefNetwork, rows: "members" | "unknown", counts: { compared: number; skipped: number }): Failure | undefined {
  const check: Check = (n) => {
    try {
      checkMatrix(n, rows, n === net ? counts : { compared: 0, skipped: 0 });
      return undefined;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const [what, row] = message.split("\n");
      return { key: `${what} ${(row ?? "").split(" (represented")[0]}`, message };
    }
  };
  return check(net) ? { net, keep: [], check } : undefined;
}

const MATRIX_RUNS = 30;
const LEAST_MATRIX_ROWS = 250;
const EMPTIED_RUNS = 20;
const LEAST_EMPTIED_ROWS = 100;

describe("accessMatrix / lookupAccess against the reference evaluator", () => {
  const withEmptied = (net: RefNetwork) =>
    // Some groups lose their instances, so that the unknown member address is exercised.
    fc.subarray(net.groups.map((g) => g.id), { minLength: 1 }).map((emptied): RefNetwork => ({ ...net, instances: (net.instances ?? []).filter((i) => !i.groups.some((g) => emptied.includes(g))) }));

  // Small networks only (the rows grow with the square of the groups); several VPCs, classic
  // groups and dual-stack members as in the flow properties.
  test("group nodes with instances, internet and CIDR nodes: zero disagreements", () => {
    const seed = seedFor(99);
    const counts = { compared: 0, skipped: 0 };
    assertNoFailure(validNetworks({ maxGroups: 4, maxRules: 5, largeGroups: 0 }), (net) => matrixFailure(net, "members", counts), { seed, numRuns: runs(MATRIX_RUNS) });
    note("accessMatrix rows", seed, `${counts.compared} rows compared; ${counts.skipped} skipped (CIDR nodes whose addresses the reference does not treat alike)`);
    expect(counts.compared).toBeGreaterThan(runs(LEAST_MATRIX_ROWS));
  });

  test("group nodes without instances (an unknown private address only /0 rules match): zero disagreements", () => {
    const seed = seedFor(98);
    const counts = { compared: 0, skipped: 0 };
    assertNoFailure(validNetworks({ maxGroups: 3, maxRules: 4, largeGroups: 0 }).chain(withEmptied), (net) => matrixFailure(net, "unknown", counts), { seed, numRuns: runs(EMPTIED_RUNS) });
    note("accessMatrix rows with an instance-less group", seed, `${counts.compared} rows compared; ${counts.skipped} networks skipped`);
    expect(counts.compared).toBeGreaterThan(runs(LEAST_EMPTIED_ROWS));
  });
});

// ---- Cases straight from SEMANTICS.md ----------------------------------------------------

const web = (rules: RefNetwork["groups"][number]["rules"], extra: Partial<RefNetwork["groups"][number]> = {}): RefNetwork => ({
  groups: [{ id: "sg-web", ...(extra.network === "classic" || extra.vpcId !== undefined ? {} : { vpcId: "vpc-1" }), rules, ...extra }],
  instances: [{ id: "i-web", privateIp: "10.0.1.10", groups: ["sg-web"] }],
});

const twoMembers = (group: RefNetwork["groups"][number]): RefNetwork => ({
  groups: [group],
  instances: [
    { id: "i-a", privateIp: "10.0.1.10", groups: [group.id] },
    { id: "i-b", privateIp: "10.0.1.11", groups: [group.id] },
  ],
});

interface HandCase {
  name: string;
  net: RefNetwork;
  flow: RefFlow;
  allowed: boolean;
}

const HAND_CASES: HandCase[] = [
  {
    name: "drop wins ties (rule 5)",
    net: web([
      { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "203.0.113.0/24", priority: 5 },
      { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "203.0.113.0/24", priority: 5, policy: "drop" },
    ]),
    flow: { from: "203.0.113.7", to: "i-web", protocol: "tcp", port: 22 },
    allowed: false,
  },
  {
    name: "a /32 accept does not beat a /0 drop of the same priority (rule 5)",
    net: web([
      { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "203.0.113.7/32", priority: 1 },
      { type: "ingress", ipProtocol: "all", cidrIp: "0.0.0.0/0", priority: 1, policy: "drop" },
    ]),
    flow: { from: "203.0.113.7", to: "i-web", protocol: "tcp", port: 22 },
    allowed: false,
  },
  {
    name: "the best priority decides: a priority 1 accept beats a priority 2 drop (rule 5)",
    net: web([
      { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "203.0.113.7/32", priority: 1 },
      { type: "ingress", ipProtocol: "all", cidrIp: "0.0.0.0/0", priority: 2, policy: "drop" },
    ]),
    flow: { from: "203.0.113.7", to: "i-web", protocol: "tcp", port: 22 },
    allowed: true,
  },
  {
    name: "defaults at 110: a priority 100 accept beats the default inbound deny (rule 6)",
    net: web([{ type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0", priority: 100 }]),
    flow: { from: "198.51.100.1", to: "i-web", protocol: "tcp", port: 443 },
    allowed: true,
  },
  {
    name: "defaults at 110: a priority 100 egress drop beats the basic default outbound allow (rule 6)",
    net: web([{ type: "egress", ipProtocol: "all", cidrIp: "0.0.0.0/0", priority: 100, policy: "drop" }]),
    flow: { from: "i-web", to: "198.51.100.1", protocol: "udp", port: 53 },
    allowed: false,
  },
  {
    name: "basic default: outbound allowed with no rule (rule 6)",
    net: web([]),
    flow: { from: "i-web", to: "198.51.100.1", protocol: "tcp", port: 443 },
    allowed: true,
  },
  {
    name: "basic default: inbound denied with no rule (rule 6)",
    net: web([]),
    flow: { from: "198.51.100.1", to: "i-web", protocol: "tcp", port: 443 },
    allowed: false,
  },
  {
    name: "enterprise default: outbound denied with no rule (rule 6)",
    net: web([], { type: "enterprise" }),
    flow: { from: "i-web", to: "198.51.100.1", protocol: "tcp", port: 443 },
    allowed: false,
  },
  {
    name: "inner access Accept takes precedence over the group's own drops (rule 9)",
    net: twoMembers({ id: "sg-app", vpcId: "vpc-1", innerAccessPolicy: "Accept", rules: [{ type: "ingress", ipProtocol: "all", cidrIp: "0.0.0.0/0", policy: "drop" }, { type: "egress", ipProtocol: "all", cidrIp: "0.0.0.0/0", policy: "drop" }] }),
    flow: { from: "i-a", to: "i-b", protocol: "tcp", port: 5432 },
    allowed: true,
  },
  {
    name: "inner access defaults to Accept in a basic group (rule 9)",
    net: twoMembers({ id: "sg-app", rules: [] }),
    flow: { from: "i-a", to: "i-b", protocol: "udp", port: 9999 },
    allowed: true,
  },
  {
    name: "inner access Drop isolates members (rule 10)",
    net: twoMembers({ id: "sg-app", vpcId: "vpc-1", innerAccessPolicy: "Drop", rules: [] }),
    flow: { from: "i-a", to: "i-b", protocol: "tcp", port: 5432 },
    allowed: false,
  },
  {
    name: "inner access Drop is at the lowest priority: an ingress rule naming the group reopens it (rule 10)",
    net: twoMembers({ id: "sg-app", vpcId: "vpc-1", innerAccessPolicy: "Drop", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "5432/5432", sourceSecurityGroupId: "sg-app", priority: 100 }] }),
    flow: { from: "i-a", to: "i-b", protocol: "tcp", port: 5432 },
    allowed: true,
  },
  {
    name: "any shared Accept group among several shared groups opens the traffic (rule 11)",
    net: {
      groups: [
        { id: "sg-iso", vpcId: "vpc-1", innerAccessPolicy: "Drop", rules: [] },
        { id: "sg-open", vpcId: "vpc-1", innerAccessPolicy: "Accept", rules: [] },
      ],
      instances: [
        { id: "i-a", privateIp: "10.0.1.10", groups: ["sg-iso", "sg-open"] },
        { id: "i-b", privateIp: "10.0.1.11", groups: ["sg-iso", "sg-open"] },
      ],
    },
    flow: { from: "i-a", to: "i-b", protocol: "tcp", port: 8080 },
    allowed: true,
  },
  {
    name: "enterprise groups isolate their members; CIDR rules on both sides open them (rule 12)",
    net: twoMembers({ id: "sg-ent", vpcId: "vpc-1", type: "enterprise", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "80/80", cidrIp: "10.0.1.0/24" }, { type: "egress", ipProtocol: "tcp", portRange: "80/80", cidrIp: "10.0.1.0/24" }] }),
    flow: { from: "i-a", to: "i-b", protocol: "tcp", port: 80 },
    allowed: true,
  },
  {
    name: "enterprise groups isolate their members: an ingress rule alone does not (rules 6, 12)",
    net: twoMembers({ id: "sg-ent", vpcId: "vpc-1", type: "enterprise", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "80/80", cidrIp: "10.0.1.0/24" }] }),
    flow: { from: "i-a", to: "i-b", protocol: "tcp", port: 80 },
    allowed: false,
  },
  {
    name: "classic: a CIDR rule without nicType is internet, and admits a public address",
    net: web([{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" }], { vpcId: "" }),
    flow: { from: "198.51.100.1", to: "i-web", protocol: "tcp", port: 22 },
    allowed: true,
  },
  {
    name: "classic: a CIDR rule without nicType is internet, and does not admit an internal address",
    net: web([{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" }], { vpcId: "" }),
    flow: { from: "10.0.9.9", to: "i-web", protocol: "tcp", port: 22 },
    allowed: false,
  },
  {
    name: "classic: an intranet CIDR rule admits an internal address",
    net: web([{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "10.0.0.0/8", nicType: "intranet" }], { network: "classic" }),
    flow: { from: "10.0.9.9", to: "i-web", protocol: "tcp", port: 22 },
    allowed: true,
  },
  {
    name: "classic: a group rule without nicType is intranet and admits a member",
    net: {
      groups: [
        { id: "sg-web", network: "classic", innerAccessPolicy: "Drop", rules: [] },
        { id: "sg-db", network: "classic", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", sourceSecurityGroupId: "sg-web" }] },
      ],
      instances: [
        { id: "i-web", privateIp: "10.0.1.10", groups: ["sg-web"] },
        { id: "i-db", privateIp: "10.0.3.10", groups: ["sg-db"] },
      ],
    },
    flow: { from: "i-web", to: "i-db", protocol: "tcp", port: 3306 },
    allowed: true,
  },
  {
    name: "VPC (no network field): a CIDR rule without nicType governs public and internal traffic",
    net: { groups: [{ id: "sg-web", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" }] }], instances: [{ id: "i-web", privateIp: "10.0.1.10", groups: ["sg-web"] }] },
    flow: { from: "10.0.9.9", to: "i-web", protocol: "tcp", port: 22 },
    allowed: true,
  },
  {
    name: "Workbench: sg-ops without vpcId is a VPC group; its 100.104.0.0/16 tcp 22 rule admits 100.104.1.1",
    net: { groups: [{ id: "sg-ops", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "100.104.0.0/16" }] }], instances: [{ id: "i-ops", privateIp: "10.0.1.10", groups: ["sg-ops"] }] },
    flow: { from: "100.104.1.1", to: "i-ops", protocol: "tcp", port: 22 },
    allowed: true,
  },
  {
    name: "a group rule never matches an outside address, even the member's own address (rule 3)",
    net: {
      groups: [
        { id: "sg-web", vpcId: "vpc-1", innerAccessPolicy: "Drop", rules: [] },
        { id: "sg-db", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", sourceSecurityGroupId: "sg-web" }] },
      ],
      instances: [
        { id: "i-web", privateIp: "10.0.1.10", groups: ["sg-web"] },
        { id: "i-db", privateIp: "10.0.3.10", groups: ["sg-db"] },
      ],
    },
    flow: { from: "10.0.1.10", to: "i-db", protocol: "tcp", port: 3306 },
    allowed: false,
  },
  {
    name: "IPv4 rules never match IPv6 peers (rule 3)",
    net: { groups: [{ id: "sg-v6", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "all", cidrIp: "0.0.0.0/0" }] }], instances: [{ id: "i-v6", privateIp: "2001:db8:1::5", groups: ["sg-v6"] }] },
    flow: { from: "2001:db8:9::1", to: "i-v6", protocol: "tcp", port: 80 },
    allowed: false,
  },
  {
    name: "a prefix-list rule matches addresses inside any of its entries (rule 3)",
    net: {
      groups: [{ id: "sg-web", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "443/443", prefixListId: "pl-office" }] }],
      instances: [{ id: "i-web", privateIp: "10.0.1.10", groups: ["sg-web"] }],
      prefixLists: [{ id: "pl-office", cidrs: ["198.51.100.0/24", "203.0.113.0/24"] }],
    },
    flow: { from: "203.0.113.200", to: "i-web", protocol: "tcp", port: 443 },
    allowed: true,
  },
  {
    name: "cross-account: a group rule with another owner does not match a member of this account (rule 3)",
    net: {
      groups: [
        { id: "sg-web", vpcId: "vpc-1", innerAccessPolicy: "Drop", rules: [] },
        { id: "sg-db", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", sourceSecurityGroupId: "sg-web", sourceGroupOwnerId: "222" }] },
      ],
      instances: [
        { id: "i-web", privateIp: "10.0.1.10", groups: ["sg-web"], accountId: "111" },
        { id: "i-db", privateIp: "10.0.3.10", groups: ["sg-db"], accountId: "111" },
      ],
    },
    flow: { from: "i-web", to: "i-db", protocol: "tcp", port: 3306 },
    allowed: false,
  },
  {
    name: "an instance to itself leaves no interface, so no side judges it: allowed in an enterprise group without rules (rule 1)",
    net: web([], { type: "enterprise" }),
    flow: { from: "i-web", to: "i-web", protocol: "tcp", port: 22 },
    allowed: true,
  },
  {
    name: "an instance to itself: allowed in a basic Drop group whose drops match everything (rule 1)",
    net: web([{ type: "ingress", ipProtocol: "all", cidrIp: "0.0.0.0/0", policy: "drop" }, { type: "egress", ipProtocol: "all", cidrIp: "0.0.0.0/0", policy: "drop" }], { innerAccessPolicy: "Drop" }),
    flow: { from: "i-web", to: "i-web", protocol: "icmp" },
    allowed: true,
  },
  {
    name: "members of a shared Drop group with no shared Accept group are judged by their rules (rules 10, 11)",
    net: {
      groups: [
        { id: "sg-iso", vpcId: "vpc-1", innerAccessPolicy: "Drop", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", sourceSecurityGroupId: "sg-iso", policy: "drop" }] },
        { id: "sg-other", vpcId: "vpc-1", innerAccessPolicy: "Drop", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "1/65535", cidrIp: "10.0.1.0/24", priority: 2 }] },
      ],
      instances: [
        { id: "i-a", privateIp: "10.0.1.10", groups: ["sg-iso", "sg-other"] },
        { id: "i-b", privateIp: "10.0.1.11", groups: ["sg-iso", "sg-other"] },
      ],
    },
    flow: { from: "i-a", to: "i-b", protocol: "tcp", port: 22 },
    allowed: false,
  },
  {
    name: "instances of two VPCs meet through address rules, as groups of different VPCs cannot name each other (rule 3)",
    net: {
      groups: [
        { id: "sg-app", vpcId: "vpc-1", rules: [] },
        { id: "sg-db", vpcId: "vpc-2", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", cidrIp: "10.0.0.0/16" }] },
      ],
      instances: [
        { id: "i-app", privateIp: "10.0.1.10", groups: ["sg-app"] },
        { id: "i-db", privateIp: "172.16.0.10", groups: ["sg-db"] },
      ],
    },
    flow: { from: "i-app", to: "i-db", protocol: "tcp", port: 3306 },
    allowed: true,
  },
  {
    name: "an instance of another VPC outside the rule's block is not admitted (rules 3, 6)",
    net: {
      groups: [
        { id: "sg-app", vpcId: "vpc-3", rules: [] },
        { id: "sg-db", vpcId: "vpc-2", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", cidrIp: "10.0.0.0/16" }] },
      ],
      instances: [
        { id: "i-app", privateIp: "192.168.0.10", groups: ["sg-app"] },
        { id: "i-db", privateIp: "172.16.0.10", groups: ["sg-db"] },
      ],
    },
    flow: { from: "i-app", to: "i-db", protocol: "tcp", port: 3306 },
    allowed: false,
  },
  {
    name: "icmpv6 from a member of the group an icmpv6 rule names (rule 3)",
    net: {
      groups: [
        { id: "sg-web", vpcId: "vpc-1", rules: [] },
        { id: "sg-db", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "icmpv6", sourceSecurityGroupId: "sg-web" }] },
      ],
      instances: [
        { id: "i-web", privateIp: "10.0.1.10", ipv6Addresses: ["2001:db8:1::10"], groups: ["sg-web"] },
        { id: "i-db", privateIp: "2001:db8:1::20", groups: ["sg-db"] },
      ],
    },
    flow: { from: "i-web", to: "i-db", protocol: "icmpv6" },
    allowed: true,
  },
  {
    name: "icmpv6 from an address inside an IPv6 prefix list an icmpv6 rule names (rule 3)",
    net: {
      groups: [{ id: "sg-web", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "icmpv6", prefixListId: "pl-v6" }] }],
      instances: [{ id: "i-web", privateIp: "2001:db8:1::10", groups: ["sg-web"] }],
      prefixLists: [{ id: "pl-v6", cidrs: ["2001:db8:9::/48"] }],
    },
    flow: { from: "2001:db8:9::1", to: "i-web", protocol: "icmpv6" },
    allowed: true,
  },
  {
    name: "icmpv6 from an address outside the IPv6 prefix list is not admitted (rules 3, 6)",
    net: {
      groups: [{ id: "sg-web", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "icmpv6", prefixListId: "pl-v6" }] }],
      instances: [{ id: "i-web", privateIp: "2001:db8:1::10", groups: ["sg-web"] }],
      prefixLists: [{ id: "pl-v6", cidrs: ["2001:db8:9::/48"] }],
    },
    flow: { from: "2001:db8:a::1", to: "i-web", protocol: "icmpv6" },
    allowed: false,
  },
];

describe("cases straight from SEMANTICS.md", () => {
  test.each(HAND_CASES.map((c) => [c.name, c] as const))("reference: %s", (_name, c) => {
    const v = referenceAllowed(c.net, c.flow);
    expect(v.kind === "decided" && v.allowed).toBe(c.allowed);
  });
  test.each(HAND_CASES.map((c) => [c.name, c] as const))("library: %s", (_name, c) => {
    const lib = askLibrary(c.net, c.flow);
    if (lib.kind === "refused") throw new Error(report("the library refuses a hand-written case", c.net, c.flow, referenceAllowed(c.net, c.flow), lib));
    expect(lib.decision.allowed).toBe(c.allowed);
  });
  test.each([
    ["icmpv6 to an IPv4 address", { from: "198.51.100.1", to: "i-web", protocol: "icmpv6" }],
    ["an IPv6 peer and an IPv4-only instance", { from: "2001:db8::1", to: "i-web", protocol: "tcp", port: 22 }],
  ] as [string, RefFlow][])("bad input is refused by both: %s", (_name, flow) => {
    const net = web([{ type: "ingress", ipProtocol: "all", cidrIp: "0.0.0.0/0" }]);
    expect(referenceAllowed(net, flow).kind).toBe("invalid");
    expect(() => evaluateFlow(net as unknown as NetworkModel, flow)).toThrow(ValidationError);
  });
  test("the reference's internal ranges (interpretation 3)", () => {
    const internal = (t: string) => refIsInternal(refParseAddress(t)!);
    expect(["10.1.2.3", "172.16.0.1", "192.168.9.9", "100.104.1.1", "fd00::1"].map(internal)).toEqual([true, true, true, true, true]);
    expect(["8.8.8.8", "161.117.1.1", "203.0.113.7", "100.128.0.1", "172.32.0.1", "2001:db8::1"].map(internal)).toEqual([false, false, false, false, false, false]);
  });
});
