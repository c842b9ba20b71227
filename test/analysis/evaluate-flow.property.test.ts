import { fuzzRuns } from "../fuzz/seed";
import fc from "fast-check";
import { compileNetwork, evaluateFlow } from "../../lib/analysis";
import type { Flow } from "../../lib/analysis";
import { parseAddress } from "../../lib/model/ip";
import { NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { flowArb, networkArb, ruleArb, shuffle, usableFlow } from "./arbitraries";

const cfg = fuzzRuns(42, 400, "evaluator");
const IDS = ["i-1", "i-2", "i-3"];
const flows = fc.array(flowArb(IDS), { minLength: 1, maxLength: 8 });

function withRule(model: NetworkModel, groupIndex: number, rule: RuleArgs): NetworkModel {
  return { ...model, groups: model.groups.map((g, i) => (i === groupIndex ? { ...g, rules: [...g.rules, rule] } : g)) };
}

function usable(model: NetworkModel, raw: Flow[]): Flow[] {
  return raw.map((f) => usableFlow(model, f)).filter((f): f is Flow => f !== undefined);
}

describe("evaluateFlow properties", () => {
  test("adding a drop never allows more", () => {
    fc.assert(
      fc.property(networkArb(), fc.integer({ min: 0, max: 2 }), ruleArb("enterprise"), fc.constantFrom(1, 2, 3, 4), flows, (model, gi, rule, priority, raw) => {
        const after = withRule(model, gi, { ...rule, policy: "drop", priority });
        for (const flow of usable(model, raw)) {
          if (evaluateFlow(after, flow).allowed) expect(evaluateFlow(model, flow).allowed).toBe(true);
        }
      }),
      cfg,
    );
  });

  test("a best-priority drop matching the request on the receiver's side always wins, unless a shared Accept group opens it", () => {
    fc.assert(
      fc.property(networkArb(), flows, (model, raw) => {
        for (const flow of usable(model, raw)) {
          const receiver = model.instances?.find((i) => i.id === flow.to);
          if (!receiver || flow.from === flow.to) continue;
          const sender = model.instances?.find((i) => i.id === flow.from);
          const family = parseAddress(sender ? sender.privateIp : flow.from)?.family;
          const drop: RuleArgs = family === "ipv6" ? { type: "ingress", ipProtocol: "all", ipv6CidrIp: "::/0", policy: "drop", priority: 1 } : { type: "ingress", ipProtocol: "all", cidrIp: "0.0.0.0/0", policy: "drop", priority: 1 };
          const gi = model.groups.findIndex((g) => g.id === receiver.groups[0]);
          const d = evaluateFlow(withRule(model, gi, drop), flow);
          if (d.ingress?.decidedBy === "inner-access") continue;
          expect(d.allowed).toBe(false);
          expect(d.ingress).toMatchObject({ decidedBy: "rule", policy: "drop", priority: 1 });
        }
      }),
      cfg,
    );
  });

  test("removing an accept rule never allows more", () => {
    fc.assert(
      fc.property(networkArb(), fc.nat(), flows, (model, pick, raw) => {
        const accepts = model.groups.flatMap((g, gi) => g.rules.flatMap((r, ri) => (r.policy === "drop" ? [] : [[gi, ri] as const])));
        if (accepts.length === 0) return;
        const [gi, ri] = accepts[pick % accepts.length];
        const after: NetworkModel = { ...model, groups: model.groups.map((g, i) => (i === gi ? { ...g, rules: g.rules.filter((_, j) => j !== ri) } : g)) };
        for (const flow of usable(model, raw)) {
          if (evaluateFlow(after, flow).allowed) expect(evaluateFlow(model, flow).allowed).toBe(true);
        }
      }),
      cfg,
    );
  });

  test("the order of rules, groups and instances never changes a decision", () => {
    fc.assert(
      fc.property(networkArb(), fc.integer(), flows, (model, seed, raw) => {
        const shuffled: NetworkModel = {
          ...model,
          groups: shuffle(model.groups, seed).map((g, i) => ({ ...g, rules: shuffle(g.rules, seed + i + 1) })),
          instances: shuffle(model.instances ?? [], seed + 7).map((inst, i) => ({ ...inst, groups: shuffle(inst.groups, seed + 11 + i) })),
        };
        for (const flow of usable(model, raw)) {
          const a = evaluateFlow(model, flow);
          const b = evaluateFlow(shuffled, flow);
          expect(b.allowed).toBe(a.allowed);
          expect(b.ingress?.decidedBy).toBe(a.ingress?.decidedBy);
          expect(b.egress?.decidedBy).toBe(a.egress?.decidedBy);
        }
      }),
      cfg,
    );
  });

  test("never throws anything but a ValidationError for generated flows", () => {
    fc.assert(
      fc.property(networkArb(), flows, (model, raw) => {
        for (const flow of raw) {
          try {
            evaluateFlow(model, flow);
          } catch (e) {
            expect((e as Error).name).toBe("ValidationError");
          }
        }
      }),
      cfg,
    );
  });

  test("one side alone is the verdict the whole evaluation gives for that side, and fails as it fails", () => {
    fc.assert(
      fc.property(networkArb(), flows, (model, raw) => {
        const net = compileNetwork(model);
        for (const flow of raw) {
          let whole: ReturnType<typeof net.evaluate> | Error;
          try {
            whole = net.evaluate(flow);
          } catch (e) {
            whole = e as Error;
          }
          for (const direction of ["egress", "ingress"] as const) {
            if (whole instanceof Error) expect(() => net.side(flow, direction)).toThrow(whole.message);
            else expect(net.side(flow, direction)).toEqual(whole[direction]);
          }
        }
      }),
      cfg,
    );
  });
});
