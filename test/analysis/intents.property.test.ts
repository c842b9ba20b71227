/**
 * The intents' proof is exhaustive: on networks small enough to enumerate (every address of
 * small blocks, every port of a narrow range, every protocol named), it agrees with brute force
 * over the independent reference evaluator (test/reference), and every witness is a flow the
 * library's evaluateFlow judges as the witness says, against the intent.
 */
import fc from "fast-check";
import { evaluateFlow } from "../../lib/analysis/evaluate-flow";
import { Intent, IntentSelector, proveIntents } from "../../lib/analysis/intents";
import { GroupModel, InstanceModel, NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { fuzzRuns } from "../fuzz/seed";
import { RefNetwork, referenceAllowed } from "../reference/reference-evaluator";

const cfg = fuzzRuns(2112, Number(process.env.SECGROUPS_INTENT_RUNS ?? 150), "intents");

// Outside addresses live in 203.0.113.0/29 (8 addresses); instances in 10.0.0.0/29.
const OUTSIDE = ["203.0.113.0/29", "203.0.113.0/30", "203.0.113.4/31", "203.0.113.6/32", "203.0.113.3/32"];
const INSIDE = ["10.0.0.0/29", "10.0.0.0/30", "10.0.0.5/32"];
const GROUPS = ["sg-a", "sg-b", "sg-c"];
const PORT_LO = 20;
const PORT_HI = 27;

const ruleArb: fc.Arbitrary<RuleArgs> = fc
  .record({
    type: fc.constantFrom("ingress" as const, "egress" as const),
    protocol: fc.constantFrom("tcp" as const, "udp" as const, "icmp" as const, "all" as const),
    from: fc.integer({ min: PORT_LO - 1, max: PORT_HI + 1 }),
    span: fc.integer({ min: 0, max: 4 }),
    peer: fc.oneof(fc.constantFrom(...OUTSIDE, ...INSIDE, "0.0.0.0/0").map((c) => ({ cidrIp: c })), fc.constantFrom(...GROUPS).map((g) => ({ sourceSecurityGroupId: g }))),
    policy: fc.constantFrom("accept" as const, "drop" as const),
    priority: fc.integer({ min: 1, max: 3 }),
  })
  .map((r) => ({
    type: r.type,
    ipProtocol: r.protocol,
    portRange: r.protocol === "tcp" || r.protocol === "udp" ? `${r.from}/${Math.min(65535, r.from + r.span)}` : "-1/-1",
    policy: r.policy,
    priority: r.priority,
    ...r.peer,
  }));

const networkArb: fc.Arbitrary<NetworkModel> = fc
  .record({
    rules: fc.tuple(...GROUPS.map(() => fc.array(ruleArb, { maxLength: 5 }))),
    inner: fc.tuple(...GROUPS.map(() => fc.constantFrom("Accept" as const, "Drop" as const))),
    membership: fc.array(fc.subarray(GROUPS, { minLength: 1, maxLength: 2 }), { minLength: 3, maxLength: 4 }),
  })
  .map(({ rules, inner, membership }) => {
    const groups: GroupModel[] = GROUPS.map((id, i) => ({ id, vpcId: "vpc-1", innerAccessPolicy: inner[i], rules: rules[i] }));
    // Every group has a member, so every region can be enumerated.
    const members = membership.map((m, i) => (i < GROUPS.length ? [...new Set([GROUPS[i], ...m])] : m));
    const instances: InstanceModel[] = members.map((gs, i) => ({ id: `i-${i}`, privateIp: `10.0.0.${i + 1}`, groups: gs }));
    return { groups, instances };
  });

const selectorArb: fc.Arbitrary<IntentSelector> = fc.oneof(fc.constantFrom(...GROUPS).map((g) => ({ group: g })), fc.constantFrom("203.0.113.0/29", "203.0.113.4/30", "10.0.0.0/30"));

const intentArb: fc.Arbitrary<Intent> = fc.record({
  id: fc.constant("i"),
  from: selectorArb,
  to: selectorArb,
  ports: fc.constantFrom(["tcp:20-27"], ["udp:20-23"], ["icmp"], ["tcp:22", "udp:25"], ["tcp:21-24", "icmp"]),
  expect: fc.constantFrom("allow" as const, "deny" as const),
});

function addressesOf(cidr: string): string[] {
  const [base, len] = cidr.split("/");
  const parts = base.split(".").map(Number);
  const first = ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
  const size = 2 ** (32 - Number(len));
  return Array.from({ length: size }, (_, i) => {
    const v = first + i;
    return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  });
}

/** The ends a selector stands for, enumerated: instance ids, and outside addresses not held by an instance. */
function ends(model: NetworkModel, s: IntentSelector): string[] {
  const instances = model.instances ?? [];
  if (typeof s === "string") {
    const addrs = addressesOf(s);
    const held = instances.filter((i) => addrs.includes(i.privateIp));
    return [...held.map((i) => i.id), ...addrs.filter((a) => !held.some((i) => i.privateIp === a))];
  }
  const g = (s as { group: string }).group;
  return instances.filter((i) => i.groups.includes(g)).map((i) => i.id);
}

function bruteForce(model: NetworkModel, intent: Intent): "proven" | "broken" | "vacuous" {
  const flows: { from: string; to: string; protocol: "tcp" | "udp" | "icmp"; port?: number }[] = [];
  const ports = intent.ports as string[];
  const isInstance = (e: string) => (model.instances ?? []).some((i) => i.id === e);
  for (const from of ends(model, intent.from)) {
    for (const to of ends(model, intent.to)) {
      if (!isInstance(from) && !isInstance(to)) continue;
      if (from === to) continue;
      for (const p of ports) {
        if (p === "icmp") flows.push({ from, to, protocol: "icmp" });
        else {
          const [protocol, range] = p.split(":");
          const [lo, hi] = range.split("-").map(Number);
          for (let port = lo; port <= (hi ?? lo); port++) flows.push({ from, to, protocol: protocol as "tcp" | "udp", port });
        }
      }
    }
  }
  if (flows.length === 0) return "vacuous";
  const verdicts = flows.map((f) => {
    const v = referenceAllowed(model as unknown as RefNetwork, f);
    if (v.kind !== "decided") throw new Error(`reference refused ${JSON.stringify(f)}`);
    return v.allowed;
  });
  const holds = intent.expect === "allow" ? verdicts.every((a) => a) : verdicts.every((a) => !a);
  return holds ? "proven" : "broken";
}

describe("intents: the proof against brute force", () => {
  let compared = 0;
  afterAll(() => {
    // The property compares many intents; a generator that stops producing them would pass silently.
    expect(compared).toBeGreaterThan(cfg.numRuns * 2);
  });

  test("proven, broken or vacuous exactly when every flow of the region says so, and every witness is a real flow against the intent", () => {
    fc.assert(
      fc.property(networkArb, fc.array(intentArb, { minLength: 1, maxLength: 4 }), (model, raw) => {
        const intents = raw.map((i, n) => ({ ...i, id: `i${n}` }));
        const results = proveIntents(model, intents);
        results.forEach((r, n) => {
          compared++;
          expect({ id: r.id, status: r.status }).toEqual({ id: r.id, status: bruteForce(model, intents[n]) });
          if (r.status !== "broken") return;
          const w = r.witness!;
          expect(w.allowed).toBe(intents[n].expect === "deny");
          const name = (text: string) => text.replace(/ \(.*\)$/, "");
          const flow = { from: name(w.from), to: name(w.to), protocol: w.protocol as "tcp" | "udp" | "icmp", ...(w.port !== undefined ? { port: w.port } : {}) };
          const d = evaluateFlow(model, flow);
          expect(d.allowed).toBe(w.allowed);
          expect(w.reason).toBe(d.reason);
        });
      }),
      cfg,
    );
  });
});
