import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { attributeFlows, ObservedFlow } from "../../lib/analysis/attribute-flows";
import { renderAudit } from "../../lib/cli/audit";
import { runCli } from "../../lib/cli/run-cli";
import { NetworkModel } from "../../lib/model/network";
import { RuleArgs, portInterval } from "../../lib/model/rule";
import { holesLeft } from "../../lib/review/advice";
import { Proposal, audit } from "../../lib/review/audit";
import { proposeNarrowing } from "../../lib/review/narrow";
import { readSource } from "../../lib/sources";
import { SourceNetwork, finishNetwork } from "../../lib/sources/source-network";
import { Permission, groupFile } from "./export-helpers";

const SG = "sg-bp1any000000000001";
const WORKBENCH = ["161.117.0.0/16", "100.104.0.0/16"];

/** The audit of an ECS API export holding one group with these permissions (and more files). */
function auditExport(permissions: Permission[], more: Parameters<typeof groupFile>[] = [], inner = "Accept") {
  return audit(readSource([groupFile(SG, permissions, undefined, inner), ...more.map((m) => groupFile(...m))]));
}

const width = (r: RuleArgs) => (r.ipProtocol === "tcp" || r.ipProtocol === "udp" ? portInterval(r).to - portInterval(r).from + 1 : Infinity);
const line = (r: RuleArgs) => `${r.ipProtocol} ${r.portRange} ${r.cidrIp ?? r.sourceSecurityGroupId}`;

describe("advice never keeps a hole open", () => {
  test("a world-open tcp 1-65535 rule: Workbench on 22 and 3389 only, and a question for the other ports", () => {
    const r = auditExport([{ id: "sgr-all", protocol: "TCP", ports: "1/65535", from: "0.0.0.0/0" }]);
    expect(r.proposals).toHaveLength(1);
    const p = r.proposals[0];
    expect(p.add.map(line)).toEqual(["tcp 22/22 161.117.0.0/16", "tcp 22/22 100.104.0.0/16", "tcp 3389/3389 161.117.0.0/16", "tcp 3389/3389 100.104.0.0/16"]);
    expect(p.needs).toEqual(expect.arrayContaining([expect.stringMatching(/^which ports does this group serve\?/), expect.stringMatching(/database's clients on tcp:1433, 1521, 3306, 5432, 6379, 27017/)]));
    expect(p.proof).toMatchObject({ opened: 0, valid: true });
  });

  test("an all-protocols rule gets no all-protocols recipe: Workbench's tcp admin ports only", () => {
    const p = auditExport([{ id: "sgr-all", protocol: "ALL", ports: "-1/-1", from: "0.0.0.0/0" }]).proposals[0];
    expect(p.add.every((a) => a.ipProtocol === "tcp" && width(a) === 1 && WORKBENCH.includes(a.cidrIp as string))).toBe(true);
    expect(p.add).toHaveLength(4);
    expect(p.needs.some((n) => /^which ports does this group serve\? The rule opened tcp:.*; icmp; gre; other/.test(n))).toBe(true);
  });

  test("a range holding admin and database ports: Workbench on 22, the clients on 3306, the rest asked", () => {
    const app = "sg-bp1app000000000001";
    const r = auditExport([{ id: "sgr-range", protocol: "TCP", ports: "22/3306", from: "0.0.0.0/0" }], [[app, [{ id: "sgr-app", direction: "egress", protocol: "TCP", ports: "3306/3306", toGroup: SG }]]]);
    const p = r.proposals[0];
    expect(p.add.map(line)).toEqual(["tcp 22/22 161.117.0.0/16", "tcp 22/22 100.104.0.0/16", `tcp 3306/3306 ${app}`]);
    expect(p.needs.some((n) => /clients on tcp:1433, 1521;/.test(n))).toBe(true);
    expect(p.needs.some((n) => /^which ports does this group serve\? The rule opened tcp:23-1432, 1434-1520, 1522-3305 to 0\.0\.0\.0\/0/.test(n))).toBe(true);
  });

  test("ports other rules imply keep the rule's peer, one rule each; nothing wider than one port goes to anything but observed or implied ports", () => {
    const lb = "sg-bp1lb0000000000001";
    const r = auditExport([{ id: "sgr-all", protocol: "TCP", ports: "1/65535", from: "0.0.0.0/0" }, { id: "sgr-8443", protocol: "TCP", ports: "8443/8443", fromGroup: lb }], [[lb, [{ id: "sgr-lb", direction: "egress", protocol: "TCP", ports: "8080/8081", toGroup: SG }]]]);
    const p = r.proposals[0];
    const wide = p.add.filter((a) => width(a) > 1);
    expect(wide.map(line)).toEqual(["tcp 8080/8081 0.0.0.0/0"]);
    expect(p.add.filter((a) => WORKBENCH.includes(a.cidrIp as string)).every((a) => ["22/22", "3389/3389"].includes(a.portRange as string))).toBe(true);
    expect(p.needs.some((n) => n.startsWith("which ports"))).toBe(false);
  });

  test("configured admin ports are the only ports Workbench's ranges get", () => {
    const model: NetworkModel = { groups: [{ id: "sg-x", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "2000/2300", cidrIp: "0.0.0.0/0" }] }] };
    const p = audit([plain(model)], { checks: { adminPorts: [2222] } }).proposals[0];
    expect(p.add.map(line)).toEqual(["tcp 2222/2222 161.117.0.0/16", "tcp 2222/2222 100.104.0.0/16"]);
  });

  test("a classic group's internet rule never reached Workbench's private range: only the public one is proposed", () => {
    const p = audit(readSource([groupFile(SG, [{ id: "sgr-ssh", protocol: "TCP", ports: "22/22", from: "0.0.0.0/0", nicType: "internet" }], "")])).proposals[0];
    expect(p.add.map((a) => [a.cidrIp, a.nicType])).toEqual([["161.117.0.0/16", "internet"]]);
    expect(p.proof).toMatchObject({ opened: 0, valid: true });
  });

  test("the check every proposal passes: a Workbench rule over every port still fails all-ports-open", () => {
    const group = { id: "sg-x", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "1/65535", cidrIp: "161.117.0.0/16" } as RuleArgs] };
    expect(holesLeft(group, [], new Set([0]), "high").map((f) => f.check)).toEqual(["all-ports-open"]);
    expect(holesLeft({ ...group, rules: [{ ...group.rules[0], portRange: "22/22" }] }, [], new Set([0]), "high")).toEqual([]);
  });
});

function plain(model: NetworkModel): SourceNetwork {
  return finishNetwork(
    model.groups.map(({ rules, ...group }) => ({ group, origin: { file: "m", path: "$" }, rules: rules.map((rule, i) => ({ rule: rule as never, origin: { file: "m", path: `$.rules[${i}]` } })) })),
    (model.instances ?? []).map((instance) => ({ instance, origin: { file: "m", path: "$" } })),
    { format: "plan-json", files: ["m"], prefixLists: model.prefixLists ?? [], complete: model.complete },
  );
}

describe("proofs read in the direction they act", () => {
  const peer = "sg-bp1peer00000000001";
  const report = () => auditExport([{ id: "sgr-ssh", protocol: "TCP", ports: "22/22", from: "0.0.0.0/0" }, { id: "sgr-peer", protocol: "TCP", ports: "8080/8080", fromGroup: peer }], [[peer, []]], "Drop");
  const expected = `closes tcp:22 from 0.0.0.0/0 but Workbench's ranges (100.104.0.0/16, 161.117.0.0/16) to members of ${SG}; tcp:22 from members of ${SG} to members of ${SG}; tcp:22 from members of ${peer} to members of ${SG}; opens nothing`;

  test("JSON: the summary, and each region from its sender to its receiver", () => {
    const p: Proposal = JSON.parse(JSON.stringify(report())).proposals[0];
    expect(p.proof.summary).toBe(expected);
    expect(p.proof.opens).toEqual([]);
    expect(p.proof.closes.map((r) => [r.from.kind, r.to])).toEqual([
      ["addresses", { kind: "group-member", id: SG }],
      ["group-member", { kind: "group-member", id: SG }],
      ["group-member", { kind: "group-member", id: SG }],
    ]);
  });

  test("text and Markdown print the same line; no sender is named without its receiver", () => {
    const r = report();
    for (const md of [false, true]) {
      const proof = renderAudit(r, md).split("\n").find((l) => l.includes("proof:")) as string;
      expect(proof).toContain(md ? expected.replace(/^closes/, "closes") : expected);
      expect(proof.match(/from members? of [\w-]+(?! to)(?=[;,)]|$)/g)).toBeNull();
    }
  });
});

describe("flow-log evidence agrees with the checks", () => {
  const T0 = 1764547200;
  const web = (): NetworkModel => ({
    groups: [{ id: "sg-web", vpcId: "vpc-1", rules: [
      { type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" },
      { type: "ingress", ipProtocol: "tcp", portRange: "80/80", cidrIp: "0.0.0.0/0" },
      { type: "ingress", ipProtocol: "tcp", portRange: "9000/9000", cidrIp: "0.0.0.0/0" },
    ] }],
    instances: [{ id: "eni-web", privateIp: "172.16.1.10", groups: ["sg-web"] }],
  });
  const rec = (srcaddr: string, dstport: number, t: number): ObservedFlow => ({ eniId: "eni-web", srcaddr, srcport: 50000 + (t % 1000), dstaddr: "172.16.1.10", dstport, protocol: 6, direction: "in", action: "ACCEPT", start: t, end: t + 60 });
  /** A day of HTTPS from one /16. */
  const day = () => Array.from({ length: 50 }, (_, k) => rec(`198.51.${k % 2}.${1 + k}`, 443, T0 + k * 1700));

  test("a day of logs neither narrows world-open 443 nor removes world-open 80 of a web server; the reasons say why", async () => {
    const m = web();
    const { proposals, skipped } = proposeNarrowing(m, await attributeFlows(m, day()));
    expect(proposals.map((p) => [p.kind, p.ruleIndex])).toEqual([["remove-unused", 2]]);
    expect(skipped.map((s) => s.ruleIndex)).toEqual([0, 1]);
    expect(skipped.every((s) => /web port open to every address .*world-open-non-web holds to be right/.test(s.reason))).toBe(true);
  });

  test("asked (narrowPublic), the web ports are narrowed and removed like any other", async () => {
    const m = web();
    const { proposals } = proposeNarrowing(m, await attributeFlows(m, day()), { narrowPublic: true });
    expect(proposals.map((p) => [p.kind, p.ruleIndex])).toEqual([["narrow-peer", 0], ["remove-unused", 1], ["remove-unused", 2]]);
  });

  test("a removal says how long the logs cover and what that coverage means", async () => {
    const m = web();
    const removal = proposeNarrowing(m, await attributeFlows(m, day()), { coverage: { records: 50, skipData: 0 } }).proposals[0];
    expect(removal.evidence.covers).toMatch(/^the logs cover 1\.0 days \(100 % of the log read as records\): "unused" means no flow in that window, and a rule used less often/);
    expect(removal.summary).toContain(removal.evidence.covers);
  });

  test("a world-open rule over every port is narrowed to the observed ports and addresses; Workbench keeps 22 and 3389 only; the web ports stay open", async () => {
    const m: NetworkModel = { groups: [{ id: "sg-web", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "1/65535", cidrIp: "0.0.0.0/0" }] }], instances: web().instances };
    const flows = [...Array.from({ length: 20 }, (_, k) => rec(k % 2 ? "203.0.113.7" : "198.51.100.20", 8080, T0 + k * 600)), rec("203.0.113.7", 22, T0 + 99)];
    const { proposals } = proposeNarrowing(m, await attributeFlows(m, flows));
    const p = proposals.find((x) => x.kind === "narrow-peer")!;
    expect(p.added.map(line).sort()).toEqual([
      "tcp 22/22 100.104.0.0/16", "tcp 22/22 161.117.0.0/16", "tcp 22/22 198.51.100.20/32", "tcp 22/22 203.0.113.7/32",
      "tcp 3389/3389 100.104.0.0/16", "tcp 3389/3389 161.117.0.0/16",
      "tcp 443/443 0.0.0.0/0", "tcp 80/80 0.0.0.0/0",
      "tcp 8080/8080 198.51.100.20/32", "tcp 8080/8080 203.0.113.7/32",
    ]);
    expect(p.observed.stillAdmitted).toBe(1);
  });

  describe("audit --flow-logs --narrow-public", () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "sg-advice-"));
      const file = groupFile("sg-bp1web000000000009", [
        { id: "sgr-443", protocol: "TCP", ports: "443/443", from: "0.0.0.0/0" },
        { id: "sgr-80", protocol: "TCP", ports: "80/80", from: "0.0.0.0/0" },
      ]);
      fs.mkdirSync(path.join(dir, "export"));
      fs.writeFileSync(path.join(dir, "export", file.name), file.text);
      const instances = { Instances: { Instance: [{ InstanceId: "i-web", VpcAttributes: { PrivateIpAddress: { IpAddress: ["172.16.1.10"] } }, SecurityGroupIds: { SecurityGroupId: ["sg-bp1web000000000009"] }, NetworkInterfaces: { NetworkInterface: [{ NetworkInterfaceId: "eni-web", PrimaryIpAddress: "172.16.1.10" }] } }] } };
      fs.writeFileSync(path.join(dir, "export", "instances.json"), JSON.stringify(instances));
      fs.writeFileSync(path.join(dir, "flow.jsonl"), day().map((f) => JSON.stringify({ "vm-id": "i-web", "eni-id": f.eniId, srcaddr: f.srcaddr, srcport: f.srcport, dstaddr: f.dstaddr, dstport: f.dstport, protocol: 6, direction: "in", action: "ACCEPT", start: f.start, end: f.end, "log-status": "OK" })).join("\n"));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const run = async (argv: string[]) => {
      let stdout = "";
      let stderr = "";
      const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir });
      return { code, stdout, stderr };
    };

    test("without the option the web ports are left open, and said why; with it they are narrowed", async () => {
      const plainRun = JSON.parse((await run(["audit", "export", "--flow-logs", "flow.jsonl", "--json", "--fail-on", "none"])).stdout);
      expect(plainRun.flowLogs.proposals).toEqual([]);
      expect(plainRun.flowLogs.skipped.map((s: { reason: string }) => s.reason)).toEqual([expect.stringMatching(/not narrowed \(pass --narrow-public/), expect.stringMatching(/not removed \(pass --narrow-public/)]);
      const asked = JSON.parse((await run(["audit", "export", "--flow-logs", "flow.jsonl", "--narrow-public", "--json", "--fail-on", "none"])).stdout);
      expect(asked.flowLogs.proposals.map((p: { kind: string }) => p.kind)).toEqual(["narrow-peer", "remove-unused"]);
      expect(asked.flowLogs.proposals[0].summary).toMatch(/closes: tcp:443 from 0\.0\.0\.0\/0 except .* to members of sg-bp1web000000000009.*; opens: nothing/);
    });

    test("--narrow-public without flow logs is wrong usage", async () => {
      const r = await run(["audit", "export", "--narrow-public"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--narrow-public narrows from flow logs/);
      expect((await run(["audit", "--help"])).stdout).toContain("--narrow-public");
    });
  });
});

describe("nothing hidden in the audit", () => {
  test("a group with no network and an internet rule is listed as classic, saying why, and its world-open SSH gets Workbench's public range", () => {
    const model: NetworkModel = { groups: [{ id: "sg-old", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0", nicType: "internet" }] }] };
    const r = audit([plain(model)]);
    expect(r.groups[0]).toMatchObject({ network: "classic", networkReading: "read as classic: rule 0 is an internet rule" });
    expect(r.findings.map((f) => f.check)).toEqual(["public-admin-port"]);
    expect(r.proposals[0].add.map((a) => a.cidrIp)).toEqual(["161.117.0.0/16"]);
    expect(renderAudit(r, false)).toContain("classic network (read as classic: rule 0 is an internet rule)");
  });
});
