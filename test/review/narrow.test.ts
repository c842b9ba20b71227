import { attributeFlows, ObservedFlow } from "../../lib/analysis/attribute-flows";
import { evaluateFlow } from "../../lib/analysis";
import { NetworkModel } from "../../lib/model/network";
import { proposeNarrowing } from "../../lib/review/narrow";

const DAY = 86400;
const T0 = 1700000000;

const model = (): NetworkModel => ({
  groups: [
    {
      id: "sg-web",
      vpcId: "vpc-1",
      rules: [
        { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0", description: "ssh" },
        { type: "ingress", ipProtocol: "tcp", portRange: "8080/8080", cidrIp: "10.0.0.0/8" },
        { type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" },
        { type: "ingress", ipProtocol: "tcp", portRange: "9000/9000", cidrIp: "0.0.0.0/0" },
      ],
    },
  ],
  instances: [{ id: "eni-web", privateIp: "172.16.1.10", groups: ["sg-web"] }],
});

const rec = (srcaddr: string, dstport: number, day: number): ObservedFlow => ({ eniId: "eni-web", srcaddr, srcport: 50000, dstaddr: "172.16.1.10", dstport, protocol: 6, direction: "in", action: "ACCEPT", start: T0 + day * DAY, end: T0 + day * DAY + 60 });

function traffic(days: number): ObservedFlow[] {
  const out: ObservedFlow[] = [];
  for (let d = 0; d <= days; d++) {
    for (let k = 0; k < 10; k++) {
      out.push(rec(k % 2 === 0 ? "203.0.113.7" : "198.51.100.20", 22, d));
      out.push(rec(`10.1.2.${1 + ((d * 10 + k) % 200)}`, 8080, d));
      out.push(rec(`${1 + ((d * 7 + k * 13) % 220)}.${k}.${d % 250}.9`, 443, d));
    }
  }
  return out;
}

describe("proposeNarrowing", () => {
  test("a world-open SSH rule used by two addresses becomes their /32s plus Workbench; a /8 used by one /24 becomes that /24", async () => {
    const m = model();
    const usage = await attributeFlows(m, traffic(20));
    const { proposals, skipped } = proposeNarrowing(m, usage);
    const ssh = proposals.find((p) => p.ruleIndex === 0);
    expect(ssh).toMatchObject({ kind: "narrow-peer", groupId: "sg-web", grade: "strong", evidence: { flows: 210, peers: 2, basis: ["flow-logs", "workbench-guidance"] } });
    expect(ssh?.added.map((r) => r.cidrIp)).toEqual(["198.51.100.20/32", "203.0.113.7/32", "161.117.0.0/16", "100.104.0.0/16"]);
    expect(ssh?.added.every((r) => r.portRange === "22/22" && r.description === "ssh" && r.priority === 1)).toBe(true);
    expect(ssh?.observed).toEqual({ checkedFlows: 210, admittedFlows: 210, stillAdmitted: 1, unsampledFlows: 0 });
    expect(ssh?.summary).toMatch(/^narrows ingress tcp:22 from 0.0.0.0\/0 in sg-web \(rule 0\) to 198.51.100.20\/32, 203.0.113.7\/32 and Workbench .*observed flows still admitted: 100 %; evidence strong: 210 flows from 2 peers over 20.0 days$/);
    const intranet = proposals.find((p) => p.ruleIndex === 1);
    expect(intranet?.added.map((r) => r.cidrIp)).toEqual(["10.1.2.0/24"]);
    expect(intranet?.evidence.basis).toEqual(["flow-logs"]);
    // The web port is open to the world on a group serving the web: no narrowing, and said why.
    expect(proposals.some((p) => p.ruleIndex === 2)).toBe(false);
    expect(skipped.map((s) => s.ruleIndex)).toEqual([2]);
    expect(skipped[0].reason).toMatch(/web port open to every address .* world-open-non-web holds to be right: not narrowed \(pass --narrow-public/);
    // The unused 9000 rule is proposed for removal.
    expect(proposals.find((p) => p.ruleIndex === 3)).toMatchObject({ kind: "remove-unused", added: [], grade: "strong" });
  });

  test("the changed model admits the observed peers and closes the rest, as the evaluator says", async () => {
    const m = model();
    const usage = await attributeFlows(m, traffic(3));
    const ssh = proposeNarrowing(m, usage).proposals.find((p) => p.ruleIndex === 0)!;
    const after: NetworkModel = { ...m, groups: [{ ...m.groups[0], rules: [...m.groups[0].rules.filter((_, i) => i !== 0), ...ssh.added] }] };
    const ask = (from: string) => evaluateFlow(after, { from, to: "eni-web", protocol: "tcp", port: 22 }).allowed;
    expect([ask("203.0.113.7"), ask("198.51.100.20"), ask("161.117.8.8"), ask("100.104.1.1"), ask("192.0.2.1")]).toEqual([true, true, true, true, false]);
  });

  test("grades by evidence: few flows or a short window weigh less, a log that skipped records lowers the grade", async () => {
    const m = model();
    const short = proposeNarrowing(m, await attributeFlows(m, traffic(0))).proposals.find((p) => p.ruleIndex === 0)!;
    expect(short.grade).toBe("weak");
    const week = proposeNarrowing(m, await attributeFlows(m, traffic(7))).proposals.find((p) => p.ruleIndex === 0)!;
    expect(week.grade).toBe("moderate");
    const skipped = proposeNarrowing(m, await attributeFlows(m, traffic(20)), { coverage: { records: 900, skipData: 100 } }).proposals.find((p) => p.ruleIndex === 0)!;
    expect(skipped.grade).toBe("moderate");
    expect(skipped.summary).toMatch(/the log skipped records/);
  });

  test("calls the access diff with the model before and after, and quotes what it closes", async () => {
    const m = model();
    const calls: [NetworkModel, NetworkModel][] = [];
    const { proposals } = proposeNarrowing(m, await attributeFlows(m, traffic(2)), {
      removeUnused: false,
      accessDiff: (before, after) => {
        calls.push([before, after]);
        return { closes: "tcp:22 from the rest of 0.0.0.0/0", regions: 3 };
      },
    });
    expect(calls).toHaveLength(proposals.length);
    expect(calls[0][0].groups[0].rules).toHaveLength(4);
    expect(calls[0][1].groups[0].rules).toHaveLength(7);
    expect(proposals[0].accessDiff).toEqual({ closes: "tcp:22 from the rest of 0.0.0.0/0", regions: 3 });
    expect(proposals[0].summary).toMatch(/; closes: tcp:22 from the rest of 0.0.0.0\/0; observed flows still admitted: 100 %/);
  });
});
