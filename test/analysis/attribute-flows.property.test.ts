import fc from "fast-check";
import { fuzzRuns } from "../fuzz/seed";
import { createFlowAttributor, ObservedFlow } from "../../lib/analysis/attribute-flows";
import { evaluateFlow } from "../../lib/analysis";
import type { Flow, Verdict } from "../../lib/analysis";
import { parseAddress } from "../../lib/model/ip";
import { InstanceModel, NetworkModel } from "../../lib/model/network";
import { flowArb, networkArb, usableFlow } from "./arbitraries";

const cfg = fuzzRuns(14, 300, "attribution");
const IDS = ["i-1", "i-2", "i-3"];
const NUMBERS: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, gre: 47 };

function addressOf(model: NetworkModel, end: string, v6: boolean): string {
  const inst = model.instances?.find((i) => i.id === end);
  if (!inst) return end;
  return [inst.privateIp, ...(inst.ipv6Addresses ?? [])].find((a) => (parseAddress(a)?.family === "ipv6") === v6) as string;
}

/** The records the two ends' interfaces log for one request, each with the action its side took. */
function recordsOf(model: NetworkModel, flow: Flow, flags: boolean): { record: ObservedFlow; side: "ingress" | "egress" }[] {
  const byId = new Map((model.instances ?? []).map((i): [string, InstanceModel] => [i.id, i]));
  const v6 = flow.protocol === "icmpv6" || [flow.from, flow.to].some((e) => !byId.has(e) && parseAddress(e)?.family === "ipv6");
  const d = evaluateFlow(model, flow);
  const base = {
    srcaddr: addressOf(model, flow.from, v6),
    dstaddr: addressOf(model, flow.to, v6),
    protocol: NUMBERS[flow.protocol],
    start: 1700000000,
    end: 1700000060,
    ...(flow.port !== undefined ? { srcport: 40000 + flow.port, dstport: flow.port } : {}),
    ...(flags && flow.protocol === "tcp" ? { tcpFlags: 2 } : {}),
  };
  const out: { record: ObservedFlow; side: "ingress" | "egress" }[] = [];
  if (byId.has(flow.from)) out.push({ side: "egress", record: { ...base, eniId: flow.from, direction: "out", action: d.egress?.allowed ? "ACCEPT" : "REJECT" } });
  if (byId.has(flow.to)) out.push({ side: "ingress", record: { ...base, eniId: flow.to, direction: "in", action: d.ingress?.allowed ? "ACCEPT" : "REJECT" } });
  return out;
}

const named = (v: Verdict | undefined) => v && { decidedBy: v.decidedBy, allowed: v.allowed, groupId: v.groupId, ruleIndex: v.ruleIndex };

describe("flow attribution properties", () => {
  test("the attributed rule is the one evaluateFlow names, on both sides of every request", () => {
    fc.assert(
      fc.property(networkArb(), flowArb(IDS), fc.boolean(), (model, raw, flags) => {
        const flow = usableFlow(model, raw);
        if (!flow || flow.from === flow.to) return;
        // An outside address that is an instance's address is that instance in a log.
        const addresses = new Set((model.instances ?? []).flatMap((i) => [i.privateIp, ...(i.ipv6Addresses ?? [])]));
        if ([flow.from, flow.to].some((e) => addresses.has(e))) return;
        const d = evaluateFlow(model, flow);
        for (const { record, side } of recordsOf(model, flow, flags)) {
          const a = createFlowAttributor(model).add(record);
          const expected = side === "ingress" ? d.ingress : d.egress;
          expect(a.request).toBe(true);
          expect(named(a.verdict)).toEqual(named(expected));
          expect(a.outcome).toBe(expected?.decidedBy === "rule" ? "rule" : expected?.decidedBy);
        }
      }),
      cfg,
    );
  });

  test("a log that says the opposite of the model is a disagreement, and its reply is never judged", () => {
    fc.assert(
      fc.property(networkArb(), flowArb(IDS), (model, raw) => {
        const flow = usableFlow(model, raw);
        if (!flow || flow.from === flow.to || flow.protocol !== "tcp") return;
        const addresses = new Set((model.instances ?? []).map((i) => i.privateIp));
        if ([flow.from, flow.to].some((e) => addresses.has(e))) return;
        for (const { record } of recordsOf(model, flow, true)) {
          const a = createFlowAttributor(model);
          const flipped: ObservedFlow = { ...record, action: record.action === "ACCEPT" ? "REJECT" : "ACCEPT" };
          expect(a.add(flipped).outcome).toBe("disagreement");
          const reply: ObservedFlow = { ...record, direction: record.direction === "in" ? "out" : "in", srcaddr: record.dstaddr, dstaddr: record.srcaddr, srcport: record.dstport, dstport: record.srcport, tcpFlags: 16 };
          expect(a.add(reply)).toMatchObject({ outcome: "reply", request: false });
          expect(a.result().rules.every((u) => u.hits === 0)).toBe(true);
        }
      }),
      cfg,
    );
  });
});
