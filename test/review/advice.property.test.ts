/**
 * Every proposal the audit shows, over random estates and the review tests' corpus: applied to
 * the network (with the other proposals of its group, as the proof applies them), it opens
 * nothing, closes what its proof claims (each claimed region's example flow allowed before and
 * denied after, as the evaluator says), and its rules carry no finding of the severity it fixes.
 * Workbench's ranges only ever get an admin port, and no added rule wider than one port goes to
 * ports no other rule implies.
 */
import fc from "fast-check";
import { evaluateFlow } from "../../lib/analysis";
import { checkNetwork } from "../../lib/checks/check-network";
import { GroupModel, NetworkModel } from "../../lib/model/network";
import { RuleArgs, portInterval } from "../../lib/model/rule";
import { accessDiff } from "../../lib/review/access-diff";
import { AuditReport, Proposal, audit } from "../../lib/review/audit";
import { readSource } from "../../lib/sources";
import { SourceNetwork, finishNetwork } from "../../lib/sources/source-network";
import { fuzzRuns } from "../fuzz/seed";
import { fixtureFiles } from "../sources/helpers";
import { groupFile } from "./export-helpers";

const WORKBENCH = new Set(["161.117.0.0/16", "100.104.0.0/16"]);
const ADMIN = new Set(["22/22", "3389/3389"]);
const IDS = ["sg-a", "sg-b", "sg-c"];
const PROBE = "i-probe-0";

function plain(model: NetworkModel): SourceNetwork {
  return finishNetwork(
    model.groups.map(({ rules, ...group }) => ({ group, origin: { file: "m", path: "$" }, rules: rules.map((rule, i) => ({ rule: rule as never, origin: { file: "m", path: `$.rules[${i}]` } })) })),
    (model.instances ?? []).map((instance) => ({ instance, origin: { file: "m", path: "$" } })),
    { format: "plan-json", files: ["m"], prefixLists: model.prefixLists ?? [], complete: model.complete },
  );
}

/** Rules that meet the admin, database and web ports, wide ranges, every peer kind, drops and ties. */
function ruleArb(classic: boolean, enterprise: boolean): fc.Arbitrary<RuleArgs> {
  const peers: fc.Arbitrary<Partial<RuleArgs>>[] = [fc.constantFrom("0.0.0.0/0", "0.0.0.0/0", "10.0.0.0/8", "203.0.113.0/24", "161.117.0.0/16").map((cidrIp) => ({ cidrIp }))];
  if (!classic) peers.push(fc.constantFrom("::/0", "2001:db8::/32").map((ipv6CidrIp) => ({ ipv6CidrIp })), fc.constantFrom("pl-world", "pl-1").map((prefixListId) => ({ prefixListId })));
  if (!enterprise) peers.push(fc.constantFrom(...IDS).map((sourceSecurityGroupId) => ({ sourceSecurityGroupId })));
  return fc
    .record({
      type: fc.constantFrom("ingress" as const, "ingress" as const, "egress" as const),
      ipProtocol: fc.constantFrom("tcp" as const, "tcp" as const, "udp" as const, "all" as const, "icmp" as const),
      ports: fc.constantFrom("22/22", "3306/3306", "443/443", "80/80", "1/65535", "20/3400", "8080/8081", "3389/3389", "21/23"),
      policy: fc.constantFrom("accept" as const, "accept" as const, "accept" as const, "drop" as const),
      priority: fc.constantFrom(1, 1, 2, 3),
      nicType: fc.constantFrom(undefined, "internet" as const, "intranet" as const),
      peer: fc.oneof(...peers),
    })
    .map(({ type, ipProtocol, ports, policy, priority, nicType, peer }) => {
      const protocol = ipProtocol === "icmp" && peer.ipv6CidrIp !== undefined ? "all" : ipProtocol;
      const rule: RuleArgs = { type, ipProtocol: protocol, policy, priority, ...peer };
      if (protocol === "tcp" || protocol === "udp") rule.portRange = ports;
      if (classic && peer.cidrIp !== undefined && nicType !== undefined) rule.nicType = nicType;
      return rule;
    });
}

const estateArb: fc.Arbitrary<NetworkModel> = fc
  .record({ classic: fc.boolean(), enterprise: fc.boolean(), inner: fc.constantFrom<"Accept" | "Drop">("Accept", "Drop") })
  .chain(({ classic, enterprise, inner }) => {
    const ent = enterprise && !classic;
    return fc.tuple(...IDS.map(() => fc.array(ruleArb(classic, ent), { maxLength: 5 }))).map((lists) => {
      const groups: GroupModel[] = IDS.map((id, i) => {
        const g: GroupModel = { id, vpcId: classic ? "" : "vpc-1", rules: lists[i] };
        if (ent) g.type = "enterprise";
        else g.innerAccessPolicy = inner;
        return g;
      });
      return { groups, prefixLists: [{ id: "pl-world", cidrs: ["0.0.0.0/0"] }, { id: "pl-1", cidrs: ["203.0.113.0/25", "10.0.1.0/24"] }] };
    });
  });

/** The union of intervals covers [from, to]. */
function covered(from: number, to: number, intervals: { from: number; to: number }[]): boolean {
  let at = from;
  for (const i of [...intervals].sort((a, b) => a.from - b.from)) {
    if (i.from > at) break;
    at = Math.max(at, i.to + 1);
    if (at > to) return true;
  }
  return at > to;
}

/** The model with every proposal of `groupId` applied: revoked rules gone, added rules appended. */
function applied(model: NetworkModel, groupId: string, proposals: Proposal[]): { model: NetworkModel; added: Map<number, Proposal> } {
  const g = model.groups.find((x) => x.id === groupId) as GroupModel;
  const revoked = new Set(proposals.map((p) => p.revoke.index));
  const kept = g.rules.filter((_, i) => !revoked.has(i));
  const added = new Map<number, Proposal>();
  const rules = [...kept];
  for (const p of proposals) for (const r of p.add) added.set(rules.push(r) - 1, p);
  return { model: { ...model, groups: model.groups.map((x) => (x.id === groupId ? { ...g, rules } : x)) }, added };
}

/** Checks every proposal of the report against the model it was made from; returns how many were checked. */
function checkProposals(model: NetworkModel, report: AuditReport): number {
  const byGroup = new Map<string, Proposal[]>();
  for (const p of report.proposals) byGroup.set(p.groupId, [...(byGroup.get(p.groupId) ?? []), p]);
  for (const [groupId, proposals] of byGroup) {
    const group = model.groups.find((g) => g.id === groupId) as GroupModel;
    const after = applied(model, groupId, proposals);
    // Opens nothing, anywhere in the network.
    expect(accessDiff(model, after.model).summary.opened).toBe(0);
    for (const p of proposals) {
      expect(p.proof.opened).toBe(0);
      expect(p.proof.summary).toMatch(/; opens nothing$/);
    }
    // No rule it adds carries a finding of the severity it fixes (every added rule lies in the revoked one's ports).
    const holes = checkNetwork(after.model, { consolidate: false }).filter((f) => f.groupId === groupId && f.ruleIndex !== undefined && after.added.has(f.ruleIndex) && f.severity === "high");
    expect(holes.map((f) => `${f.check} ${JSON.stringify(after.model.groups.find((g) => g.id === groupId)?.rules[f.ruleIndex as number])}`)).toEqual([]);
    // Closes what it claims: a stand-in member of the group, asked from each claimed region's example address.
    const probe = (m: NetworkModel) => ({ ...m, instances: [{ id: PROBE, privateIp: "192.168.254.254", ipv6Addresses: ["fd00::fe"], groups: [groupId] }] });
    for (const p of proposals) {
      for (const r of p.proof.closes) {
        expect(r.to).toEqual({ kind: "group-member", id: groupId });
        if (r.from.kind !== "addresses" || r.example.from === "192.168.254.254" || r.example.from === "fd00::fe") continue;
        const flow = { from: r.example.from, to: PROBE, protocol: r.example.protocol, ...(r.example.port !== undefined ? { port: r.example.port } : {}) };
        expect([evaluateFlow(probe(model), flow).allowed, evaluateFlow(probe(after.model), flow).allowed]).toEqual([true, false]);
      }
      // Workbench's ranges on admin ports only; nothing wider than one port but implied ports.
      const implied = [
        ...group.rules.filter((r, i) => i !== p.revoke.index && r.type === "ingress" && (r.policy ?? "accept") === "accept"),
        ...model.groups.flatMap((g) => g.rules.filter((r) => r.type === "egress" && r.sourceSecurityGroupId === groupId)),
      ].filter((r) => r.ipProtocol === "tcp" || r.ipProtocol === "udp");
      for (const a of p.add) {
        if (a.cidrIp !== undefined && WORKBENCH.has(a.cidrIp) && !(p.revoke.rule.cidrIp !== undefined && WORKBENCH.has(p.revoke.rule.cidrIp))) {
          expect([a.ipProtocol, ADMIN.has(a.portRange as string)]).toEqual(["tcp", true]);
        }
        expect(a.ipProtocol === "tcp" || a.ipProtocol === "udp").toBe(true);
        const { from, to } = portInterval(a);
        if (to > from && a.sourceSecurityGroupId === undefined) {
          expect(covered(from, to, implied.filter((r) => r.ipProtocol === a.ipProtocol).map((r) => portInterval(r)).filter((i) => !(i.from === 1 && i.to === 65535)))).toBe(true);
        }
      }
    }
  }
  return report.proposals.length;
}

describe("advice never widens and never keeps a hole", () => {
  test("over random estates", () => {
    let checked = 0;
    fc.assert(
      fc.property(estateArb, (model) => {
        const report = audit([plain(model)]);
        checked += checkProposals(plain(model).model, report);
      }),
      fuzzRuns(20261, 60, "advice"),
    );
    expect(checked).toBeGreaterThan(20);
  });

  test("over the review tests' corpus", () => {
    const corpus: NetworkModel[] = [
      // audit.test.ts
      {
        groups: [
          { id: "sg-db", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", cidrIp: "0.0.0.0/0" }] },
          { id: "sg-app", vpcId: "vpc-1", rules: [{ type: "egress", ipProtocol: "tcp", portRange: "3306/3306", sourceSecurityGroupId: "sg-db" }] },
        ],
        instances: [{ id: "i-db", privateIp: "10.0.3.1", groups: ["sg-db"] }, { id: "i-app", privateIp: "10.0.2.1", groups: ["sg-app"] }],
      },
      {
        groups: [
          { id: "sg-web", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "1/65535", cidrIp: "10.0.0.0/16" }, { type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" }] },
          { id: "sg-lb", vpcId: "vpc-1", rules: [{ type: "egress", ipProtocol: "tcp", portRange: "8080/8081", sourceSecurityGroupId: "sg-web" }] },
        ],
      },
      // narrow.test.ts, and the seen cases of advice.test.ts
      { groups: [{ id: "sg-web", vpcId: "vpc-1", rules: [
        { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0", description: "ssh" },
        { type: "ingress", ipProtocol: "tcp", portRange: "8080/8080", cidrIp: "10.0.0.0/8" },
        { type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" },
        { type: "ingress", ipProtocol: "tcp", portRange: "9000/9000", cidrIp: "0.0.0.0/0" },
      ] }], instances: [{ id: "eni-web", privateIp: "172.16.1.10", groups: ["sg-web"] }] },
      ...["1/65535", "22/3306", "21/23"].map((portRange): NetworkModel => ({ groups: [{ id: "sg-x", vpcId: "vpc-1", innerAccessPolicy: "Drop", rules: [{ type: "ingress", ipProtocol: "tcp", portRange, cidrIp: "0.0.0.0/0" }, { type: "ingress", ipProtocol: "tcp", portRange: "8080/8080", sourceSecurityGroupId: "sg-y" }] }, { id: "sg-y", vpcId: "vpc-1", rules: [] }] })),
      { groups: [{ id: "sg-x", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "all", cidrIp: "0.0.0.0/0" }] }] },
      { groups: [{ id: "sg-old", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "1/65535", cidrIp: "0.0.0.0/0", nicType: "internet" }] }] },
    ];
    let checked = 0;
    for (const model of corpus) checked += checkProposals(plain(model).model, audit([plain(model)]));
    // The documented ECS export (audit.test.ts, the CLI tests) and an export written in a test.
    for (const files of [fixtureFiles("ecs"), [groupFile("sg-bp1any000000000001", [{ id: "sgr-1", protocol: "TCP", ports: "1/65535", from: "0.0.0.0/0" }])]]) {
      const [net] = readSource(files);
      checked += checkProposals(net.model, audit([net]));
    }
    expect(checked).toBeGreaterThanOrEqual(corpus.length + 1);
  });
});
