import { attributeFlows, createFlowAttributor, ObservedFlow } from "../../lib/analysis/attribute-flows";
import { NetworkModel } from "../../lib/model/network";
import { emptyFlowLogStats, readFlowLog } from "../../lib/sources/flow-logs";

const model: NetworkModel = {
  groups: [
    {
      id: "sg-web",
      vpcId: "vpc-1",
      rules: [
        { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" },
        { type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" },
        { type: "ingress", ipProtocol: "all", cidrIp: "10.0.0.0/8", priority: 50 },
        { type: "ingress", ipProtocol: "tcp", portRange: "8080/8080", cidrIp: "198.51.100.0/24" },
      ],
    },
    { id: "sg-db", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", sourceSecurityGroupId: "sg-web" }] },
    { id: "sg-idle", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "80/80", cidrIp: "0.0.0.0/0" }] },
  ],
  instances: [
    { id: "eni-web", privateIp: "10.0.1.10", groups: ["sg-web"] },
    { id: "i-db", privateIp: "10.0.3.10", groups: ["sg-db"] },
  ],
};

const rec = (r: Partial<ObservedFlow>): ObservedFlow => ({ eniId: "eni-web", srcaddr: "203.0.113.7", srcport: 51234, dstaddr: "10.0.1.10", dstport: 22, protocol: 6, direction: "in", action: "ACCEPT", start: 1700000000, end: 1700000060, ...r });

describe("attributeFlows", () => {
  test("attributes an accepted request to the rule that admitted it, and its reply to none", async () => {
    const a = createFlowAttributor(model);
    const req = a.add(rec({ tcpFlags: 2 }));
    expect(req).toMatchObject({ outcome: "rule", request: true, verdict: { groupId: "sg-web", ruleIndex: 0 } });
    // The reply leaves from port 22 to the client's ephemeral port: connection tracking, no rule.
    expect(a.add(rec({ direction: "out", srcaddr: "10.0.1.10", srcport: 22, dstaddr: "203.0.113.7", dstport: 51234 }))).toMatchObject({ outcome: "reply", request: false });
    const r = a.result();
    expect(r.counts).toMatchObject({ records: 2, requests: 1, replies: 1, attributed: 1, disagreements: 0 });
    expect(r.rules[0]).toMatchObject({ hits: 1, distinctPeers: 1, peers: [{ cidr: "203.0.113.7/32", flows: 1 }], ports: [22], instances: ["eni-web"], firstSeen: 1700000000, lastSeen: 1700000060 });
  });

  test("tells replies apart by the reverse tuple, by listening ports, and by port class", () => {
    const a = createFlowAttributor(model);
    // Outbound request from web to an API on 8443 (both ports of one class: the SYN tells the request, the reverse tuple the reply).
    expect(a.add(rec({ direction: "out", srcaddr: "10.0.1.10", srcport: 10000, dstaddr: "198.51.100.5", dstport: 8443, tcpFlags: 2 }))).toMatchObject({ outcome: "default", request: true });
    expect(a.add(rec({ srcaddr: "198.51.100.5", srcport: 8443, dstport: 10000, tcpFlags: 16 }))).toMatchObject({ outcome: "reply" });
    // Another connection to the same listening endpoint: its reply is known by the endpoint.
    expect(a.add(rec({ srcaddr: "198.51.100.5", srcport: 8443, dstport: 10001 }))).toMatchObject({ outcome: "reply" });
    // Both ports high and nothing seen: the lower port is taken for the service, and counted as a guess.
    expect(a.add(rec({ srcaddr: "198.51.100.6", srcport: 9000, dstport: 12000 }))).toMatchObject({ outcome: "reply" });
    // A well-known source port facing a high one is a reply (here of an HTTPS request the log did not hold).
    expect(a.add(rec({ srcaddr: "93.184.216.34", srcport: 443, dstport: 45678 }))).toMatchObject({ outcome: "reply" });
    // The same ports read as a request: admitted by the 443 rule.
    expect(a.add(rec({ srcaddr: "93.184.216.34", srcport: 45678, dstport: 443 }))).toMatchObject({ outcome: "rule", verdict: { ruleIndex: 1 } });
    expect(a.result().counts.guessed).toBe(1);
  });

  test("an ACCEPT the evaluator denies is a disagreement, never attributed; a REJECT it allows too (a network ACL)", () => {
    const a = createFlowAttributor(model);
    expect(a.add(rec({ dstport: 3389 }))).toMatchObject({ outcome: "disagreement" });
    expect(a.add(rec({ dstport: 3389, line: 9, file: "x.csv" }))).toMatchObject({ outcome: "disagreement" });
    expect(a.add(rec({ action: "REJECT", dstport: 443 }))).toMatchObject({ outcome: "disagreement" });
    const r = a.result();
    expect(r.disagreements.map((d) => [d.kind, d.flow.port, d.records])).toEqual([["accepted-but-denied", 3389, 2], ["rejected-but-allowed", 443, 1]]);
    expect(r.rules.every((u) => u.hits === 0)).toBe(true);
  });

  test("a peer address of an instance is that instance: group peers are judged", () => {
    const a = createFlowAttributor(model);
    const out = a.add(rec({ eniId: "eni-x", vmId: "i-db", srcaddr: "10.0.1.10", srcport: 40000, dstaddr: "10.0.3.10", dstport: 3306 }));
    expect(out).toMatchObject({ outcome: "rule", flow: { from: "eni-web", to: "i-db", port: 3306 }, verdict: { groupId: "sg-db", ruleIndex: 0 } });
  });

  test("protocols without a name meet only `all` rules; unknown interfaces are counted", () => {
    const a = createFlowAttributor(model);
    expect(a.add(rec({ protocol: 50, srcport: undefined, dstport: undefined, srcaddr: "10.9.9.9" }))).toMatchObject({ outcome: "rule", verdict: { groupId: "sg-web", ruleIndex: 2 } });
    expect(a.add(rec({ protocol: 50, srcport: undefined, dstport: undefined }))).toMatchObject({ outcome: "disagreement" });
    expect(a.add(rec({ eniId: "eni-gone" }))).toMatchObject({ outcome: "unknown-interface" });
    expect(a.result().unknownInterfaces).toEqual([{ eniId: "eni-gone", records: 1 }]);
  });

  test("unused rules are those of groups with traffic; a group without any is uncovered", async () => {
    const r = await attributeFlows(model, [rec({})]);
    expect(r.unused.map((u) => `${u.groupId}#${u.ruleIndex}`)).toEqual(["sg-web#1", "sg-web#2", "sg-web#3"]);
    expect(r.uncovered.map((u) => `${u.groupId}#${u.ruleIndex}`)).toEqual(["sg-db#0", "sg-idle#0"]);
    expect(r.instancesSeen).toEqual(["eni-web"]);
  });

  test("keeps peers bounded: exact addresses until too many, then blocks", async () => {
    const records = Array.from({ length: 50 }, (_, i) => rec({ srcaddr: `198.51.100.${i + 1}`, dstport: 8080 }));
    const r = await attributeFlows({ ...model, groups: model.groups.map((g) => ({ ...g })) }, records, { maxPeers: 8 });
    expect(r.rules[3]).toMatchObject({ hits: 50, peersExact: false });
    expect(r.rules[3].peers.map((p) => p.cidr)).toEqual(["198.51.100.0/24"]);
    const exact = await attributeFlows({ ...model, groups: model.groups.map((g) => ({ ...g })) }, records);
    expect(exact.rules[3]).toMatchObject({ distinctPeers: 50, peersExact: true });
  });

  test("reads and attributes a CSV log end to end", async () => {
    const stats = emptyFlowLogStats();
    const csv = "eni-id,srcaddr,srcport,dstaddr,dstport,protocol,direction,start,end,log-status,action\n" + "eni-web,203.0.113.7,51000,10.0.1.10,22,6,in,1700000000,1700000100,OK,ACCEPT\n" + "eni-web,203.0.113.8,51000,10.0.1.10,22,6,in,1700000000,1700086400,OK,ACCEPT\n" + "eni-web,bad,51000,10.0.1.10,22,6,in,1700000000,1700000100,OK,ACCEPT\n";
    const r = await attributeFlows(model, readFlowLog([csv], { file: "f.csv", stats }));
    expect(stats.badLines).toEqual([{ file: "f.csv", line: 4, reason: expect.stringContaining("srcaddr") }]);
    expect(r.window).toEqual({ start: 1700000000, end: 1700086400 });
    expect(r.rules[0].peers.map((p) => p.cidr)).toEqual(["203.0.113.7/32", "203.0.113.8/32"]);
  });
});

describe("attributeFlows tells requests from replies", () => {
  test("IANA protocol 58 is icmpv6: judged by an icmpv6 rule, not as an unnamed protocol", () => {
    const v6: NetworkModel = {
      groups: [{ id: "sg-v6", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "icmpv6", ipv6CidrIp: "2001:db8::/32" }] }],
      instances: [{ id: "eni-v6", privateIp: "10.0.9.10", ipv6Addresses: ["2001:db8:1::10"], groups: ["sg-v6"] }],
    };
    const a = createFlowAttributor(v6);
    const out = a.add(rec({ eniId: "eni-v6", protocol: 58, srcaddr: "2001:db8::7", dstaddr: "2001:db8:1::10", srcport: undefined, dstport: undefined }));
    expect(out).toMatchObject({ outcome: "rule", request: true, flow: { from: "2001:db8::7", to: "eni-v6", protocol: "icmpv6" }, verdict: { groupId: "sg-v6", ruleIndex: 0 } });
    expect(a.result().rules[0]).toMatchObject({ hits: 1, unsampled: 0 });
  });

  test("ephemeral ports start at 32768: a port from 32768 up facing a lower one is the client, 32767 is not", () => {
    const a = createFlowAttributor(model);
    const from198 = (srcport: number, dstport: number) => rec({ srcaddr: "198.51.100.5", srcport, dstport });
    // 32768 -> 8080: a request to 8080, told by the port classes (no guess).
    expect(a.add(from198(32768, 8080))).toMatchObject({ outcome: "rule", request: true, verdict: { ruleIndex: 3 } });
    expect(a.result().counts.guessed).toBe(0);
    // 8080 -> 32768 from another peer: a reply, told by the port classes (no guess).
    expect(a.add(rec({ srcaddr: "198.51.100.9", srcport: 8080, dstport: 32768 }))).toMatchObject({ outcome: "reply", request: false });
    expect(a.result().counts.guessed).toBe(0);
    // 32767 -> 8081: both ports of one class, nothing seen before: only the lower port tells, a guess.
    expect(a.add(rec({ srcaddr: "198.51.100.10", srcport: 32767, dstport: 8081 }))).toMatchObject({ request: true });
    expect(a.result().counts).toMatchObject({ requests: 2, replies: 1, guessed: 1 });
  });

  test("a SYN-ACK is a reply, whatever its ports say", () => {
    const a = createFlowAttributor(model);
    const SYN_ACK = 2 | 16;
    // Ports of one class, the lower one the destination: without the flags it would be read as a request to 5000.
    expect(a.add(rec({ srcaddr: "198.51.100.5", srcport: 6000, dstport: 5000, tcpFlags: SYN_ACK }))).toMatchObject({ outcome: "reply", request: false });
    // An ephemeral source facing a well-known port: without the flags a request to 443.
    expect(a.add(rec({ srcaddr: "198.51.100.6", srcport: 40000, dstport: 443, tcpFlags: SYN_ACK }))).toMatchObject({ outcome: "reply", request: false });
    // A SYN alone is a request.
    expect(a.add(rec({ srcaddr: "198.51.100.7", srcport: 40000, dstport: 443, tcpFlags: 2 }))).toMatchObject({ outcome: "rule", request: true });
    expect(a.result().counts).toMatchObject({ records: 3, requests: 1, replies: 2, guessed: 0 });
  });
});
