/**
 * Components keep their promises together. Random stacks of the five components (random
 * arguments, restricted egress, whitelists on tier groups, `connections().allowFrom/allowTo`, the
 * components after the tiers in a random order), captured on Pulumi's mocks: every intent the stack
 * declares (each component's `.intents`, the verbs', through `stackIntents`) is proven on the
 * captured network. The same networks, given members, check the proof against brute force over the
 * independent reference evaluator (test/reference): each intent narrowed to a small space (a few
 * addresses of each block, a few ports of each protocol) is proven, broken or vacuous exactly when
 * every flow of it says so, and every witness is a flow both evaluators judge against the intent.
 *
 * Fixed seed and 6 stacks by default; `SECGROUPS_FUZZ_SEED=random` (or a number) for others,
 * `SECGROUPS_COMPOSE_RUNS=<n>` for more.
 */
import * as ipaddr from "ipaddr.js";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import { evaluateFlow } from "../../lib/analysis/evaluate-flow";
import { Intent, IntentResult, IntentSelector, proveIntents } from "../../lib/analysis/intents";
import { DatabaseSecurityGroup, InterconnectGroup, OutboundWhitelist, ThreeTierSecurityGroups, WorkbenchAccess } from "../../lib/components";
import { stackIntents } from "../../lib/components/promises";
import { NetworkModel } from "../../lib/model/network";
import { captureStack } from "../../lib/testing/capture-network";
import { cheapStacksDuringSuite } from "../fuzz/cheap-stacks";
import { fuzzRuns } from "../fuzz/seed";
import { RefFlow, RefNetwork, referenceAllowed } from "../reference/reference-evaluator";

const cfg = fuzzRuns(20261207, Number(process.env.SECGROUPS_COMPOSE_RUNS ?? 6), "compose");

type Tiers = ThreeTierSecurityGroups;
type Label = "web" | "app" | "db";
type Group = { resource: ThreeTierSecurityGroups["web"]; id: pulumi.Output<string>; tiers?: Tiers; label?: Label; restricted: boolean };

// ---- Arguments ------------------------------------------------------------------------------

const tierArb = fc.record({
  egress: fc.constantFrom("default" as const, "restricted" as const),
  web: fc.constantFrom<{ ports?: (number | string)[]; sources?: string[] }>({}, { sources: ["203.0.113.0/24"] }, { ports: [443], sources: ["0.0.0.0/0", "::/0"] }, { ports: [80, 443, "udp:443"], sources: ["198.51.100.7", "2001:db8:5::/48"] }),
  app: fc.constantFrom<{ ports?: (number | string)[]; sources?: string[] }>({}, { ports: ["tcp:8000-8080"] }, { ports: [8080, "icmp"], sources: ["10.0.9.0/24"] }),
  db: fc.record({ engine: fc.constantFrom("mysql" as const, "postgresql" as const, "redis" as const), sources: fc.constantFrom<string[] | undefined>(undefined, ["10.0.8.5"]) }),
  admin: fc.option(fc.record({ sources: fc.constantFrom<string[]>(["203.0.113.7"], ["2001:db8::7"]), tiers: fc.subarray(["web", "app", "db"] as Label[], { minLength: 1 }) }), { nil: undefined }),
  inner: fc.constantFrom<undefined | "Accept" | "Drop" | { app: "Accept" }>(undefined, "Accept", "Drop", { app: "Accept" }),
});
type TierArgs = typeof tierArb extends fc.Arbitrary<infer T> ? T : never;

/** A step after the tiers: which groups it names are picks (indices taken modulo what exists when it runs). */
const stepArb = fc.oneof(
  fc.record({ kind: fc.constant("database" as const), engine: fc.constantFrom("mysql" as const, "redis" as const, "mongodb" as const), clients: fc.subarray([0, 1, 2, 3, 4, 5], { minLength: 0, maxLength: 2 }), cidr: fc.boolean(), partner: fc.boolean() }),
  fc.record({ kind: fc.constant("whitelist" as const), target: fc.nat(5), asResource: fc.boolean(), destinations: fc.subarray([0, 1, 2], { minLength: 1 }) }),
  fc.record({ kind: fc.constant("workbench" as const), target: fc.nat(20), via: fc.constantFrom("private" as const, "public" as const, "both" as const), admin: fc.boolean() }),
  fc.record({ kind: fc.constant("interconnect" as const), a: fc.nat(20), b: fc.nat(20), icmp: fc.boolean() }),
  fc.record({ kind: fc.constant("allow-from" as const), target: fc.nat(20), peer: fc.oneof(fc.nat(20), fc.constantFrom("10.0.7.0/24", "bastion")), port: fc.constantFrom<number | string>(8443, "udp:5353", 22) }),
  fc.record({ kind: fc.constant("allow-to" as const), from: fc.nat(20), peer: fc.oneof(fc.nat(20), fc.constantFrom("10.0.6.0/24", "2001:db8:6::/64")), port: fc.constantFrom<number | string>(5432, "tcp:9000-9001") }),
);
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

const DESTINATIONS = [
  { cidr: "47.96.0.10", ports: [443] },
  { ipv6Cidr: "2001:db8:9::1", ports: [443] },
  { cidr: "100.100.2.136", ports: [53], protocol: "udp" as const },
];

/**
 * A whitelist on a group whose egress nothing else restricts (the first tier's app, its egress the
 * default), and paths from that group another component declares (a database admitting it,
 * `allowTo` a block): the whitelist constructed first, last, or not at all.
 */
const whitelistArb = fc.record({ order: fc.constantFrom("none" as const, "first" as const, "last" as const), asResource: fc.boolean(), allowTo: fc.boolean() });

const stackArb = fc
  .record({
    tiers: fc.array(tierArb, { minLength: 1, maxLength: 2 }),
    steps: fc.array(stepArb, { minLength: 2, maxLength: 6 }),
    shuffle: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
    whitelist: whitelistArb,
  })
  .map((s) => (s.whitelist.order === "none" ? s : { ...s, tiers: [{ ...s.tiers[0], egress: "default" as const }, ...s.tiers.slice(1)] }));
type Stack = typeof stackArb extends fc.Arbitrary<infer T> ? T : never;

/** What a run built, to check and to count. */
interface Built {
  components: { intents: Intent[] }[];
  /** Whitelists (on a group whose egress nothing else restricts) constructed after / before a component that admits their group: both orders must be exercised. */
  whitelistAfter: number;
  whitelistBefore: number;
  /** Paths from a restricted tier into a group another component made. */
  restrictedPaths: number;
  verbs: number;
}

/** The program of a stack: the tiers first, the other steps in the order the shuffle gives. */
function program(stack: Stack, built: Built): () => void {
  return () => {
    const groups: Group[] = [];
    const admitted = new Set<Group>();
    const whitelisted = new Set<Group>();
    const workbenched = new Set<Group>();
    const linked = new Set<string>();
    const verbs = new Set<string>();
    const add = (c: { intents: Intent[] }) => built.components.push(c);
    stack.tiers.forEach((t: TierArgs, i) => {
      const tiers = new ThreeTierSecurityGroups(`t${i}`, {
        vpcId: "vpc-1",
        egress: t.egress,
        web: t.web,
        app: t.app,
        db: t.db,
        ...(t.admin ? { admin: t.admin } : {}),
        ...(t.inner !== undefined ? { innerAccessPolicy: t.inner } : {}),
      });
      add(tiers);
      for (const label of ["web", "app", "db"] as const) groups.push({ resource: tiers[label], id: tiers[label].id, tiers, label, restricted: t.egress === "restricted" });
    });
    const pick = (n: number) => groups[n % groups.length];
    // The whitelist scenario: the first tier's app group, restricted by a whitelist before or after the paths from it are declared.
    const app = groups[1];
    const whitelist = () => {
      whitelisted.add(app);
      add(new OutboundWhitelist("wl", { securityGroupId: stack.whitelist.asResource ? app.resource : app.id, destinations: [DESTINATIONS[0]] }));
    };
    const paths = () => {
      const db = new DatabaseSecurityGroup("wl-db", { vpcId: "vpc-1", engine: "redis", sources: [app.resource] });
      add(db);
      if (stack.whitelist.allowTo) (app.tiers as Tiers).connections("app").allowTo("10.0.6.0/24", "tcp:9000-9001");
      admitted.add(app);
      if (stack.whitelist.order === "first") built.whitelistBefore++;
      else built.whitelistAfter++;
    };
    // No other whitelist takes that group (two would both write the drop-all).
    if (stack.whitelist.order === "last") whitelisted.add(app);
    if (stack.whitelist.order === "first") whitelist();
    if (stack.whitelist.order !== "none") paths();
    const order = stack.steps.map((s, i) => ({ s, k: stack.shuffle[i % stack.shuffle.length] + i / 100 })).sort((a, b) => a.k - b.k);
    order.forEach(({ s }: { s: Step }, i) => {
      if (s.kind === "database") {
        const clients = [...new Set(s.clients.map(pick))];
        const sources = [...clients.map((g) => g.resource), ...(s.cidr ? ["10.0.5.0/24"] : []), ...(s.partner ? [{ securityGroupId: "sg-partner", ownerId: "1609982529920000" }] : [])];
        if (sources.length === 0) sources.push("10.0.5.0/24");
        for (const g of clients) {
          if (whitelisted.has(g) && !g.restricted) built.whitelistBefore++;
          if (g.restricted) built.restrictedPaths++;
          admitted.add(g);
        }
        const db = new DatabaseSecurityGroup(`d${i}`, { vpcId: "vpc-1", engine: s.engine, sources });
        add(db);
        groups.push({ resource: db.group, id: db.groupId, restricted: false });
      } else if (s.kind === "whitelist") {
        const g = pick(s.target);
        if (whitelisted.has(g)) return;
        whitelisted.add(g);
        if (admitted.has(g) && !g.restricted) built.whitelistAfter++;
        // A restricted tier writes the drop-all itself: the whitelist leaves it to the tier (the README's advice).
        add(new OutboundWhitelist(`w${i}`, { securityGroupId: s.asResource ? g.resource : g.id, destinations: s.destinations.map((d) => DESTINATIONS[d]), ...(g.restricted ? { denyAll: false } : {}) }));
      } else if (s.kind === "workbench") {
        const g = pick(s.target);
        if (workbenched.has(g)) return;
        workbenched.add(g);
        add(new WorkbenchAccess(`o${i}`, { securityGroupId: g.id, via: s.via, ...(s.admin ? { adminSources: ["203.0.113.9"] } : {}) }));
      } else if (s.kind === "interconnect") {
        const [a, b] = [pick(s.a), pick(s.b)];
        const key = [groups.indexOf(a), groups.indexOf(b)].sort().join("-");
        if (a === b || linked.has(key)) return;
        linked.add(key);
        for (const g of [a, b]) {
          if (whitelisted.has(g) && !g.restricted) built.whitelistBefore++;
          admitted.add(g);
        }
        add(new InterconnectGroup(`x${i}`, { method: "group-authorization", ...(s.icmp ? { protocol: "icmp" as const } : { ports: [21] }), members: [{ name: "a", securityGroupId: a.id }, { name: "b", securityGroupId: b.id }] }));
      } else if (s.kind === "allow-from") {
        const g = pick(s.target);
        const peer = typeof s.peer === "number" ? pick(s.peer) : s.peer;
        const key = `from|${groups.indexOf(g)}|${typeof peer === "string" ? peer : groups.indexOf(peer)}|${s.port}`;
        if (peer === g || verbs.has(key)) return;
        verbs.add(key);
        built.verbs++;
        if (typeof peer !== "string") {
          if (whitelisted.has(peer) && !peer.restricted) built.whitelistBefore++;
          if (peer.restricted) built.restrictedPaths++;
          admitted.add(peer);
        }
        const connections = g.tiers ? g.tiers.connections(g.label as Label) : undefined;
        const verbsOf = connections ?? (built.components.find((c) => (c as DatabaseSecurityGroup).group === g.resource) as DatabaseSecurityGroup).connections;
        verbsOf.allowFrom(typeof peer === "string" ? (peer === "bastion" ? { securityGroupId: "sg-bastion", name: "bastion" } : peer) : peer.resource, s.port);
      } else {
        const g = pick(s.from);
        const peer = typeof s.peer === "number" ? pick(s.peer) : s.peer;
        const key = `to|${groups.indexOf(g)}|${typeof peer === "string" ? peer : groups.indexOf(peer)}|${s.port}`;
        if (peer === g || verbs.has(key) || !g.tiers) return;
        verbs.add(key);
        built.verbs++;
        if (typeof peer !== "string") {
          if (whitelisted.has(g) && !g.restricted) built.whitelistBefore++;
          if (g.restricted) built.restrictedPaths++;
          admitted.add(g);
        }
        g.tiers.connections(g.label as Label).allowTo(typeof peer === "string" ? peer : peer.resource, s.port);
      }
    });
    if (stack.whitelist.order === "last") whitelist();
  };
}

// ---- Brute force over the reference evaluator ----------------------------------------------------

const NOT_PUBLIC = ["0.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4", "::/128", "::1/128", "::ffff:0:0/96", "fc00::/7", "fe80::/10", "ff00::/8"].map((c) => ipaddr.parseCIDR(c));

function inBlock(address: string, block: string): boolean {
  const a = ipaddr.parse(address);
  const [net, bits] = ipaddr.parseCIDR(block);
  return a.kind() === net.kind() && a.match(net, bits);
}

function isPublic(address: string): boolean {
  const a = ipaddr.parse(address);
  return !NOT_PUBLIC.some(([net, bits]) => a.kind() === net.kind() && a.match(net, bits));
}

/** Every address of a small block. */
function addressesOf(block: string): string[] {
  const [net, bits] = ipaddr.parseCIDR(block);
  const bytes = net.toByteArray();
  const size = 2 ** ((net.kind() === "ipv4" ? 32 : 128) - bits);
  return Array.from({ length: size }, (_, i) => {
    const b = [...bytes];
    let carry = i;
    for (let k = b.length - 1; k >= 0 && carry > 0; k--) {
      const v = b[k] + (carry % 256);
      b[k] = v % 256;
      carry = Math.floor(carry / 256) + Math.floor(v / 256);
    }
    return ipaddr.fromByteArray(b).toString();
  });
}

/** A block cut to its first few addresses (a /30, or a /126). */
function small(block: string): string {
  const [net, bits] = ipaddr.parseCIDR(block);
  const max = net.kind() === "ipv4" ? 30 : 126;
  return bits >= max ? `${net.toString()}/${bits}` : `${net.toString()}/${max}`;
}

/** An intent cut to a small space: each block to a few addresses (the internet to documentation blocks), each protocol to a few ports. */
function narrowed(intent: Intent): Intent[] {
  const sel = (s: IntentSelector): IntentSelector[] => {
    if (s === "internet" || s === "anywhere") return ["203.0.113.4/30", "2001:db8:4::/126"];
    if (s === "internet-ipv4") return ["203.0.113.4/30"];
    if (s === "internet-ipv6") return ["2001:db8:4::/126"];
    if (typeof s === "string") return [small(s)];
    return [s];
  };
  const ports = intent.ports === "*" ? ["tcp:20-23", "udp:52-53", "icmp", "icmpv6"] : intent.ports.map((p) => {
    const text = typeof p === "number" ? `tcp:${p}` : String(p);
    const m = /^(tcp|udp):(\d+)(?:-(\d+))?$/.exec(text);
    return m ? `${m[1]}:${m[2]}-${Math.min(Number(m[3] ?? m[2]), Number(m[2]) + 2)}` : text;
  });
  return sel(intent.from).flatMap((from, i) => sel(intent.to).map((to, j) => ({ ...intent, id: `${intent.id}#${i}${j}`, from, to, ports })));
}

/** The members of a group, or what a block or the internet holds: instance ids, and outside addresses no instance holds. */
function endsOf(model: NetworkModel, s: IntentSelector): string[] {
  const instances = model.instances ?? [];
  if (typeof s === "object" && "group" in s) return instances.filter((i) => i.groups.includes(s.group)).map((i) => i.id);
  const block = s as string;
  const held = instances.filter((i) => inBlock(i.privateIp, block));
  return [...held.map((i) => i.id), ...addressesOf(block).filter((a) => !held.some((i) => i.privateIp === a))];
}

/** True when an end (an instance id or an address) lies in a region's selector, as the proof reads `unless`: instances by their address or groups. */
function inSelector(model: NetworkModel, s: IntentSelector, end: string): boolean {
  const inst = (model.instances ?? []).find((i) => i.id === end);
  const address = inst ? inst.privateIp : end;
  if (s === "anywhere") return true;
  if (s === "internet" || s === "internet-ipv4" || s === "internet-ipv6") {
    const family = ipaddr.parse(address).kind();
    return isPublic(address) && (s === "internet" || s === `internet-${family}`);
  }
  if (typeof s === "string") return inBlock(address, s);
  if ("group" in s) return inst !== undefined && inst.groups.includes(s.group);
  throw new Error(`a selector the brute force does not read: ${JSON.stringify(s)}`);
}

type Port = { protocol: RefFlow["protocol"]; port?: number };

function portsOf(ports: Intent["ports"]): Port[] {
  if (ports === "*") throw new Error("narrowed intents name their ports");
  return ports.flatMap((p): Port[] => {
    const text = typeof p === "number" ? `tcp:${p}` : String(p);
    const m = /^(tcp|udp):(\d+)(?:-(\d+))?$/.exec(text);
    if (!m) return [{ protocol: text as RefFlow["protocol"] }];
    const out: Port[] = [];
    for (let q = Number(m[2]); q <= Number(m[3] ?? m[2]); q++) out.push({ protocol: m[1] as "tcp" | "udp", port: q });
    return out;
  });
}

function regionHas(ports: Intent["ports"], f: Port): boolean {
  if (ports === "*") return true;
  return ports.some((p) => {
    const text = typeof p === "number" ? `tcp:${p}` : String(p);
    const m = /^(tcp|udp):(\d+)(?:-(\d+))?$/.exec(text);
    if (!m) return text === f.protocol;
    return m[1] === f.protocol && f.port !== undefined && Number(m[2]) <= f.port && f.port <= Number(m[3] ?? m[2]);
  });
}

/** The verdict brute force gives: every flow of the region, judged by the reference evaluator, flows the `unless` regions hold left out. */
function bruteForce(model: NetworkModel, intent: Intent): IntentResult["status"] {
  const instances = new Map((model.instances ?? []).map((i) => [i.id, i]));
  const family = (end: string) => ipaddr.parse(instances.get(end)?.privateIp ?? end).kind();
  let pairs = 0;
  let holds = true;
  for (const from of endsOf(model, intent.from)) {
    for (const to of endsOf(model, intent.to)) {
      if (!instances.has(from) && !instances.has(to)) continue;
      if (from === to || family(from) !== family(to)) continue;
      pairs++;
      for (const p of portsOf(intent.ports)) {
        if ((p.protocol === "icmp" && family(from) !== "ipv4") || (p.protocol === "icmpv6" && family(from) !== "ipv6")) continue;
        const f: RefFlow = { from, to, protocol: p.protocol, ...(p.port !== undefined ? { port: p.port } : {}) };
        if ((intent.unless ?? []).some((u) => inSelector(model, u.from, from) && inSelector(model, u.to, to) && regionHas(u.ports, p))) continue;
        const v = referenceAllowed(model as unknown as RefNetwork, f);
        if (v.kind !== "decided") throw new Error(`the reference refused ${JSON.stringify(f)}: ${v.reason}`);
        if (v.allowed !== (intent.expect === "allow")) holds = false;
      }
    }
  }
  return pairs === 0 ? "vacuous" : holds ? "proven" : "broken";
}

/** The captured network with members: two instances per group, one IPv4 and one IPv6 (no instance holds both: the reference reads an instance pair in one family). */
function withMembers(model: NetworkModel): NetworkModel {
  const instances = model.groups.flatMap((g, k) => [
    { id: `i-${g.id}-4`, privateIp: `10.9.${k}.5`, groups: [g.id] },
    { id: `i-${g.id}-6`, privateIp: `fd09::${(k + 1).toString(16)}:5`, groups: [g.id] },
  ]);
  return { ...model, instances };
}

/**
 * Groups the program names only by id (a bastion's, another account's) are not in the captured
 * network: as the guard reads them, each stands as a group that lets everything in and out, so the
 * sides the stack writes are the ones judged.
 */
function withOutsideGroups(model: NetworkModel, intents: readonly Intent[]): NetworkModel {
  const known = new Set(model.groups.map((g) => g.id));
  const named = new Set<string>();
  const note = (s: IntentSelector) => typeof s === "object" && "group" in s && named.add(s.group);
  for (const i of intents) for (const r of [i, ...(i.unless ?? [])]) [r.from, r.to].forEach(note);
  for (const g of model.groups) for (const r of g.rules) if (r.sourceSecurityGroupId) named.add(r.sourceSecurityGroupId);
  const open = (["ingress", "egress"] as const).flatMap((type) => [
    { type, ipProtocol: "all" as const, portRange: "-1/-1", cidrIp: "0.0.0.0/0" },
    { type, ipProtocol: "all" as const, portRange: "-1/-1", ipv6CidrIp: "::/0" },
  ]);
  return { ...model, groups: [...model.groups, ...[...named].filter((id) => !known.has(id)).map((id) => ({ id, vpcId: "vpc-1", rules: open }))] };
}

// ---- The properties ------------------------------------------------------------------------------

describe("components composed at random keep every promise", () => {
  cheapStacksDuringSuite();
  const seen = { intents: 0, whitelistAfter: 0, whitelistBefore: 0, restrictedPaths: 0, verbs: 0, narrowed: 0, broken: 0 };

  afterAll(() => {
    if (process.env.SECGROUPS_FUZZ_SEED !== undefined) process.stderr.write(`compose: ${JSON.stringify(seen)}\n`);
    // A generator that stops producing a case would pass silently: every kind is exercised.
    expect(seen.intents).toBeGreaterThan(cfg.numRuns * 10);
    expect(seen.whitelistAfter).toBeGreaterThan(0);
    expect(seen.whitelistBefore).toBeGreaterThan(0);
    expect(seen.restrictedPaths).toBeGreaterThan(0);
    expect(seen.verbs).toBeGreaterThan(0);
    expect(seen.narrowed).toBeGreaterThan(cfg.numRuns * 20);
    expect(seen.broken).toBeGreaterThan(0);
  });

  test("every intent of the stack is proven on the captured network, and brute force agrees with the proof on its narrowed intents", async () => {
    await fc.assert(
      fc.asyncProperty(stackArb, async (stack) => {
        const built: Built = { components: [], whitelistAfter: 0, whitelistBefore: 0, restrictedPaths: 0, verbs: 0 };
        const { network: captured } = await captureStack(program(stack, built));
        const { intents, context } = await stackIntents();
        const network = withOutsideGroups(captured, intents);
        const results = proveIntents(network, intents, context);
        const failed = results.filter((r) => r.status !== "proven").map((r) => `${r.id}: ${r.status} ${r.witness?.reason ?? r.notes?.join("; ") ?? ""}`);
        expect(failed).toEqual([]);
        // Each component's own promises are among the stack's.
        const ids = new Set(intents.map((i) => i.id));
        expect(built.components.flatMap((c) => c.intents.map((i) => i.id)).filter((id) => !ids.has(id))).toEqual([]);
        seen.intents += results.length;
        for (const k of ["whitelistAfter", "whitelistBefore", "restrictedPaths", "verbs"] as const) seen[k] += built[k];

        // Brute force: the network with members, each intent narrowed to a small space.
        const model = withMembers(network);
        // Each narrowed intent, and its opposite (mostly broken: its witness is checked too).
        const small = intents.flatMap(narrowed).flatMap((i) => [i, { ...i, id: `${i.id}!`, expect: i.expect === "allow" ? ("deny" as const) : ("allow" as const) }]);
        const proofs = proveIntents(model, small, context);
        proofs.forEach((r, n) => {
          expect({ id: r.id, status: r.status }).toEqual({ id: r.id, status: bruteForce(model, small[n]) });
          seen.narrowed++;
          if (r.status !== "broken") return;
          seen.broken++;
          const w = r.witness!;
          expect(w.allowed).toBe(small[n].expect === "deny");
          const flow = { from: w.from, to: w.to, protocol: w.protocol as RefFlow["protocol"], ...(w.port !== undefined ? { port: w.port } : {}) };
          expect(evaluateFlow(model, flow).allowed).toBe(w.allowed);
          expect(referenceAllowed(model as unknown as RefNetwork, flow)).toMatchObject({ kind: "decided", allowed: w.allowed });
        });
      }),
      { ...cfg, endOnFailure: true },
    );
  });
});
