import * as ruleModule from "../../lib/model/rule";
import { NetworkModel } from "../../lib/model/network";
import { knownNormalIn } from "../../lib/model/validated-rules";
import { audit, auditFails } from "../../lib/review/audit";
import { readSource } from "../../lib/sources";
import { SourceNetwork, finishNetwork } from "../../lib/sources/source-network";
import { ecsExportWithEnis, eni, fixtureFiles } from "../sources/helpers";

/** A plain model as a source without files. */
function source(model: NetworkModel): SourceNetwork {
  return finishNetwork(
    model.groups.map(({ rules, ...group }) => ({ group, origin: { file: "m", path: "$" }, rules: rules.map((rule, i) => ({ rule: rule as never, origin: { file: "m", path: `$.rules[${i}]` } })) })),
    (model.instances ?? []).map((instance) => ({ instance, origin: { file: "m", path: "$" } })),
    { format: "plan-json", files: ["m"], prefixLists: model.prefixLists ?? [], complete: model.complete },
  );
}

describe("audit of the documented ECS export and a stack export", () => {
  const nets = [...readSource(fixtureFiles("ecs")), ...readSource(fixtureFiles("stack.json"))];
  // Audited in each test, not once when the file loads: mutation testing activates a mutant
  // only while a test runs, so a report made at load would hide every change in audit().
  let report: ReturnType<typeof audit>;
  beforeEach(() => {
    report = audit(nets);
  });

  test("audits the cloud export, with provenance on every finding", () => {
    expect(report.sources.map((s) => s.format)).toEqual(["ecs-api", "pulumi-stack"]);
    // The idle group is listed without its rules file: incomplete input, high.
    expect(report.totals).toMatchObject({ groups: 3, instances: 3, findings: { high: 2 }, leftOut: { groups: 1 } });
    expect(report.findings[0]).toMatchObject({ check: "public-admin-port", origin: { ruleId: "sgr-bp1web00000000002", file: "ecs/sg-bp1web000000000001.json" } });
    expect(report.findings.filter((f) => f.severity === "high").map((f) => [f.check, f.groupId])).toContainEqual(["incomplete-input", "sg-bp1idle00000000001"]);
    expect(auditFails(report, "high")).toBe(true);
  });

  test("says who can reach each group without the matrix", () => {
    const db = report.groups.find((g) => g.id === "sg-bp1db0000000000001");
    expect(db?.reachableFrom.map((r) => [r.protocol, r.ports, r.peer])).toEqual([
      ["tcp", { from: 3306, to: 3306 }, { kind: "addresses", family: "ipv4", cidrs: ["192.168.10.0/24", "192.168.11.5/32"] }],
      ["tcp", { from: 6379, to: 6379 }, { kind: "group-member", id: "sg-bp1partner00000001" }],
      ["tcp", { from: 3306, to: 3306 }, { kind: "group-member", id: "sg-bp1web000000000001" }],
    ]);
    expect(report.matrix).toBeUndefined();
  });

  test("counts every reason a group is used, and calls a group unused only in an account export", () => {
    const web = report.usage.find((u) => u.groupId === "sg-bp1web000000000001");
    expect(web?.reasons.map((r) => r.kind)).toEqual(["instance", "instance", "launch-template", "rule"]);
    expect(report.usage.find((u) => u.groupId === "sg-bp1idle00000000001")?.status).toBe("unused");
    const partial = audit(readSource(fixtureFiles("ecs").filter((f) => !f.name.endsWith("instances.json"))));
    expect(partial.usage.find((u) => u.groupId === "sg-bp1idle00000000001")?.status).toBe("possibly-unused");
  });

  test("counts unused and possibly-unused groups in the totals", () => {
    expect(report.usage.filter((u) => u.status !== "used").map((u) => u.groupId)).toEqual(["sg-bp1idle00000000001"]);
    expect(report.totals.unused).toBe(1);
    const partial = audit(readSource(fixtureFiles("ecs").filter((f) => !f.name.endsWith("instances.json"))));
    expect(Object.fromEntries(partial.usage.map((u) => [u.groupId, u.status]))).toEqual({
      "sg-bp1web000000000001": "used",
      "sg-bp1db0000000000001": "used",
      "sg-bp1idle00000000001": "possibly-unused",
    });
    expect(partial.totals.unused).toBe(1);
  });

  test("a group whose only member is an ENI is used, even a detached ENI that is not evaluated; an ENI of a member instance is not counted twice", () => {
    const IDLE = "sg-bp1idle00000000001";
    const detached = audit(readSource(ecsExportWithEnis([eni("eni-bp1detached000001", "Available", [IDLE])])));
    expect(detached.usage.find((u) => u.groupId === IDLE)).toEqual({ groupId: IDLE, reasons: [{ kind: "network-interface", by: "eni-bp1detached000001" }], status: "used" });
    expect(detached.totals).toMatchObject({ unused: 0, instances: 3 });
    const attached = audit(readSource(ecsExportWithEnis([eni("eni-bp1inuse000000001", "InUse", [IDLE], { InstanceId: "i-bp1web0000000000001", PrivateIpAddress: "10.0.2.42" })])));
    expect(attached.usage.find((u) => u.groupId === IDLE)).toEqual({ groupId: IDLE, reasons: [{ kind: "instance", by: "eni-bp1inuse000000001" }], status: "used" });
    expect(attached.totals).toMatchObject({ unused: 0, instances: 4 });
  });

  test("reports drift: the console's world-open SSH rule is in the cloud and in no code", () => {
    expect(report.drift).toHaveLength(1);
    expect(report.drift[0].cloudOnly.map((r) => r.origin?.ruleId)).toEqual(["sgr-bp1web00000000002", "sgr-bp1web00000000003"]);
    expect(report.drift[0].codeOnly).toEqual([]);
  });

  test("proposes Workbench plus named admin sources for world-open SSH, asking for the addresses, proved by closures only", () => {
    const p = report.proposals[0];
    expect(p).toMatchObject({ check: "public-admin-port", groupId: "sg-bp1web000000000001", revoke: { origin: { ruleId: "sgr-bp1web00000000002" } } });
    expect(p.add.map((r) => r.cidrIp)).toEqual(["161.117.0.0/16", "100.104.0.0/16"]);
    expect(p.needs[0]).toMatch(/administrators/);
    expect(p.proof).toMatchObject({ opened: 0, valid: true });
    expect(p.proof.closes[0].from).toMatchObject({ except: ["100.104.0.0/16", "161.117.0.0/16"] });
  });

  test("an acknowledged finding gets no proposal and does not fail the gate; stale entries are reported", () => {
    const r = audit(nets, { allowIncomplete: true, exemptions: [{ check: "public-admin-port", rule: "sgr-bp1web00000000002", reason: "vendor migration until June" }, { check: "public-admin-port", rule: "sgr-none", reason: "old" }] });
    expect(r.findings[0].acknowledged).toMatchObject({ reason: "vendor migration until June" });
    expect(r.proposals).toEqual([]);
    expect(auditFails(r, "high")).toBe(false);
    expect(r.staleExemptions.map((e) => e.rule)).toEqual(["sgr-none"]);
  });
});

describe("audit proposals", () => {
  const db = (extra: NetworkModel["groups"] = []): NetworkModel => ({
    groups: [
      { id: "sg-db", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", cidrIp: "0.0.0.0/0" }] },
      { id: "sg-app", vpcId: "vpc-1", rules: [{ type: "egress", ipProtocol: "tcp", portRange: "3306/3306", sourceSecurityGroupId: "sg-db" }] },
      ...extra,
    ],
    instances: [
      { id: "i-db", privateIp: "10.0.3.1", groups: ["sg-db"] },
      { id: "i-app", privateIp: "10.0.2.1", groups: ["sg-app"] },
    ],
  });

  test("a world-open database port is replaced by the groups whose egress names it, keeping their access", () => {
    const r = audit([source(db())]);
    const p = r.proposals.find((x) => x.check === "public-database-port");
    expect(p?.add).toEqual([{ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", policy: "accept", priority: 1, nicType: "intranet", sourceSecurityGroupId: "sg-app", description: "database clients: sg-app" }]);
    expect(p?.proof).toMatchObject({ opened: 0, keepsDeclaredPeers: true, valid: true });
  });

  test("without client groups in the files, the proposal is a drop that asks who the clients are", () => {
    const model = db();
    model.groups[1].rules = [];
    const p = audit([source(model)]).proposals.find((x) => x.check === "public-database-port");
    expect(p?.add).toEqual([]);
    expect(p?.needs[0]).toMatch(/clients/);
    expect(p?.proof).toMatchObject({ opened: 0, keepsDeclaredPeers: true, valid: true });
  });

  test("an all-ports rule is narrowed to the ports the group's other rules and its peers imply", () => {
    const model: NetworkModel = {
      groups: [
        { id: "sg-web", vpcId: "vpc-1", rules: [
          { type: "ingress", ipProtocol: "tcp", portRange: "1/65535", cidrIp: "10.0.0.0/16" },
          { type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" },
        ] },
        { id: "sg-lb", vpcId: "vpc-1", rules: [{ type: "egress", ipProtocol: "tcp", portRange: "8080/8081", sourceSecurityGroupId: "sg-web" }] },
      ],
    };
    const p = audit([source(model)]).proposals.find((x) => x.check === "all-ports-open");
    expect(p?.add.map((a) => `${a.ipProtocol} ${a.portRange} ${a.cidrIp}`)).toEqual(["tcp 443/443 10.0.0.0/16", "tcp 8080/8081 10.0.0.0/16"]);
    expect(p?.proof).toMatchObject({ opened: 0, valid: true });
  });

  test("the rules a proposal adds are sealed in normal form: frozen, and validated once however often its proof and checks read them", () => {
    // 21 client groups: more groups than one group may name (20), which the proposal names all the same.
    const clients = Array.from({ length: 21 }, (_, i) => `sg-app${String(i).padStart(2, "0")}`);
    const model = db(clients.map((id) => ({ id, vpcId: "vpc-1", rules: [{ type: "egress" as const, ipProtocol: "tcp" as const, portRange: "3306/3306", sourceSecurityGroupId: "sg-db" }] })));
    const src = source(model);
    const spy = jest.spyOn(ruleModule, "validateRule");
    try {
      const p = audit([src]).proposals.find((x) => x.check === "public-database-port");
      expect(p?.add.map((a) => a.sourceSecurityGroupId)).toEqual(["sg-app", ...clients]);
      expect(p?.add[0]).toEqual({ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", policy: "accept", priority: 1, sourceSecurityGroupId: "sg-app", nicType: "intranet", description: "database clients: sg-app" });
      for (const a of p?.add ?? []) {
        expect(Object.isFrozen(a)).toBe(true);
        expect(knownNormalIn(a)).toBe("normal|false");
      }
      // Each added rule validated once: in its group, before its key, its proof and its checks.
      const added = spy.mock.calls.filter(([r]) => String((r as ruleModule.RuleArgs).description).startsWith("database clients: "));
      expect(added).toHaveLength(22);
      expect(p?.proof).toMatchObject({ opened: 0, keepsDeclaredPeers: true, valid: true });
    } finally {
      spy.mockRestore();
    }
  });

  test("the full matrix only on request", () => {
    expect(audit([source(db())], { matrix: true }).matrix?.length).toBeGreaterThan(0);
  });
});

describe("audit drift between the cloud and the code", () => {
  type R = { rule: RuleArgsLike; id?: string };
  type RuleArgsLike = { type: "ingress"; ipProtocol: "tcp"; portRange: string; cidrIp: string; policy: "accept"; priority: number };
  const rule = (port: number, cidrIp: string): RuleArgsLike => ({ type: "ingress", ipProtocol: "tcp", portRange: `${port}/${port}`, cidrIp, policy: "accept", priority: 1 });
  /** A network read from `file` in `format`: each rule with its cloud id when it has one. */
  function read(format: "ecs-api" | "pulumi-stack", file: string, groups: Record<string, R[]>, rulesUnknown: string[] = []): SourceNetwork {
    return finishNetwork(
      Object.entries(groups).map(([id, rules]) => ({
        group: { id, vpcId: "vpc-1" },
        origin: { file, path: "$" },
        rules: rules.map((r, i) => ({ rule: r.rule as never, origin: { file, path: `$.rules[${i}]`, ...(r.id ? { ruleId: r.id } : {}) } })),
      })),
      [],
      { format, files: [file], prefixLists: [], rulesUnknown },
    );
  }

  test("matches rules by cloud id or by key; lists the rest on each side, and the groups only in code", () => {
    const cloud = read("ecs-api", "cloud.json", {
      "sg-a": [{ rule: rule(22, "10.0.0.0/8"), id: "sgr-ssh" }, { rule: rule(443, "0.0.0.0/0"), id: "sgr-web" }, { rule: rule(3306, "10.0.0.0/24"), id: "sgr-db" }],
    });
    const code = read("pulumi-stack", "stack.json", {
      // The same cloud id with another block: the code owns that rule (a change, not drift).
      "sg-a": [{ rule: rule(22, "10.0.0.0/16"), id: "sgr-ssh" }, { rule: rule(443, "0.0.0.0/0") }, { rule: rule(8080, "10.0.1.0/24") }],
      "sg-b": [{ rule: rule(80, "10.0.0.0/8") }],
    });
    const [drift] = audit([cloud, code]).drift;
    expect(drift.code).toEqual({ format: "pulumi-stack", files: ["stack.json"] });
    expect(drift.cloudOnly.map((r) => [r.groupId, r.origin?.ruleId, r.key])).toEqual([["sg-a", "sgr-db", "in-accept-p1-tcp:3306-from-10.0.0.0/24"]]);
    expect(drift.codeOnly.map((r) => [r.groupId, r.key, r.origin?.file])).toEqual([["sg-a", "in-accept-p1-tcp:8080-from-10.0.1.0/24", "stack.json"]]);
    expect(drift.groupsOnlyInCode).toEqual(["sg-b"]);
  });

  test("a group whose rules the code could not read is left out of the drift", () => {
    const cloud = read("ecs-api", "cloud.json", { "sg-a": [{ rule: rule(3306, "10.0.0.0/24"), id: "sgr-db" }] });
    const code = read("pulumi-stack", "stack.json", { "sg-a": [] }, ["sg-a"]);
    const [drift] = audit([cloud, code]).drift;
    expect([drift.cloudOnly, drift.codeOnly, drift.groupsOnlyInCode]).toEqual([[], [], []]);
  });
});
