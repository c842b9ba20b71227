/**
 * Generated estates: components planned from random arguments, exported with cloud ids, then
 * edited by hand (rules added, revoked, re-described). Whatever the estate, the network the
 * adopted program declares (the planners' output for what is recognised, plus the raw rules) is
 * the export: the same rules in every group, field by field but for descriptions, the same
 * access. Untouched estates are recognised whole: every component back, zero residue, no notes.
 */
import fc from "fast-check";
import { GroupModel, NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { ruleKeyIn } from "../../lib/model/rule-key";
import { ComponentName, planComponent } from "../../lib/plans/component-plan";
import { accessDiff } from "../../lib/review/access-diff";
import { declaredNetwork, recogniseComponents } from "../../lib/review/recognise";
import { fuzzRuns } from "../fuzz/seed";

interface Spec {
  component: ComponentName;
  name: string;
  args: Record<string, unknown>;
}

const admin = fc.option(fc.record({ sources: fc.subarray(["203.0.113.7", "198.51.100.9", "2001:db8::7"], { minLength: 1 }) }), { nil: undefined });
const tierArgs = (name: string) =>
  fc.record({
    egress: fc.constantFrom("default", "restricted"),
    admin,
    web: fc.option(fc.record({ ports: fc.subarray([80, 443, 8443], { minLength: 1 }) }), { nil: undefined }),
    app: fc.option(fc.record({ ports: fc.constantFrom([8080], [9000, 9001], ["tcp:8000-8080"]) }), { nil: undefined }),
    db: fc.option(fc.record({ engine: fc.constantFrom("mysql", "postgresql", "redis") }), { nil: undefined }),
    innerAccessPolicy: fc.option(fc.constantFrom("Accept", "Drop"), { nil: undefined }),
  }).map((a) => ({ component: "ThreeTierSecurityGroups" as const, name, args: JSON.parse(JSON.stringify({ vpcId: "vpc-1", ...a })) }));
const databaseArgs = (name: string, tiers: readonly string[]) =>
  fc.record({
    engine: fc.constantFrom("mysql", "sqlserver", "redis"),
    sources: fc.subarray(["10.0.5.0/24", "10.0.6.0/24", ...tiers.map((t) => `group:sg-${t}-app`)], { minLength: 1 }),
    denyPriority: fc.option(fc.integer({ min: 50, max: 100 }), { nil: undefined }),
  }).map((a) => ({ component: "DatabaseSecurityGroup" as const, name, args: JSON.parse(JSON.stringify({ vpcId: "vpc-1", ...a, sources: a.sources.map((s) => (s.startsWith("group:") ? { securityGroupId: s.slice(6) } : s)) })) }));
const workbenchArgs = (name: string, group: string) =>
  fc.record({ via: fc.constantFrom("private", "public", "both"), os: fc.constantFrom("linux", "windows"), adminSources: fc.option(fc.subarray(["203.0.113.7", "198.51.100.9"], { minLength: 1 }), { nil: undefined }) }).map((a) => ({ component: "WorkbenchAccess" as const, name, args: JSON.parse(JSON.stringify({ securityGroupId: group, ...a })) }));
const whitelistArgs = (name: string, group: string) =>
  fc.record({ destinations: fc.subarray([{ cidr: "47.96.0.10", ports: [80] }, { cidr: "100.100.2.136", ports: [53], protocol: "udp" }, { ipv6Cidr: "2001:db8:1::/48", ports: [443] }], { minLength: 1 }), denyAllPriority: fc.option(fc.integer({ min: 90, max: 100 }), { nil: undefined }) }).map((a) => ({ component: "OutboundWhitelist" as const, name, args: JSON.parse(JSON.stringify({ securityGroupId: group, ...a })) }));

const interconnectArgs = (name: string) =>
  fc.record({ method: fc.constantFrom("single-ip", "group-authorization"), ports: fc.constantFrom([8080], [21, 990], ["udp:4789"]) }).map((a) => ({
    component: "InterconnectGroup" as const,
    name,
    args: { ...a, members: [{ name: "a", securityGroupId: "sg-raw-0", ...(a.method === "single-ip" ? { privateIp: "10.0.1.11" } : {}) }, { name: "b", securityGroupId: "sg-raw-1", ...(a.method === "single-ip" ? { privateIp: "10.0.1.12" } : {}) }] },
  }));

const estateArb: fc.Arbitrary<Spec[]> = fc.integer({ min: 0, max: 2 }).chain((tierCount) => {
  const tiers = Array.from({ length: tierCount }, (_, i) => `t${i}`);
  return fc.tuple(
    fc.tuple(...tiers.map((t) => tierArgs(t))),
    fc.option(databaseArgs("cache", tiers), { nil: undefined }),
    fc.option(workbenchArgs("ops", "sg-raw-0"), { nil: undefined }),
    fc.option(whitelistArgs("egress", "sg-raw-1"), { nil: undefined }),
    fc.option(interconnectArgs("pair"), { nil: undefined }),
  ).map(([t, d, w, e, i]) => [...t, ...(d ? [d] : []), ...(w ? [w] : []), ...(e ? [e] : []), ...(i ? [i] : [])]);
});

/** Plans every spec and writes the export: created groups get `sg-<component>-<label>`, placeholders mapped. */
function exportOf(specs: readonly Spec[]): NetworkModel {
  const groups = new Map<string, GroupModel>([
    ["sg-raw-0", { id: "sg-raw-0", name: "raw-0", vpcId: "vpc-1", type: "normal", innerAccessPolicy: "Accept", rules: [] }],
    ["sg-raw-1", { id: "sg-raw-1", name: "raw-1", vpcId: "vpc-1", type: "normal", innerAccessPolicy: "Accept", rules: [] }],
  ]);
  for (const s of specs) {
    const plan = planComponent(s.component, s.name, s.args as never);
    const real = (id: string) => {
      const created = plan.groups.find((g) => g.created && g.model.id === id);
      if (created) return `sg-${s.name}-${created.label}`;
      const ref = plan.refs.get(id);
      return typeof ref === "string" ? ref : id;
    };
    for (const g of plan.groups) {
      const id = real(g.model.id);
      const rules: RuleArgs[] = g.model.rules.map((r) => ({ ...r, nicType: r.nicType ?? "intranet", ...(r.sourceSecurityGroupId ? { sourceSecurityGroupId: real(r.sourceSecurityGroupId) } : {}) }));
      const existing = groups.get(id);
      if (existing) existing.rules.push(...rules);
      else groups.set(id, { ...g.model, id, vpcId: "vpc-1", rules });
    }
  }
  return { groups: [...groups.values()], instances: [], prefixLists: [] };
}

type Edit = { kind: "add"; group: number; rule: RuleArgs } | { kind: "revoke"; group: number; at: number } | { kind: "describe"; group: number; at: number };
const handRule = fc.constantFrom<RuleArgs>(
  { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0", policy: "accept", priority: 1, nicType: "intranet" },
  { type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", cidrIp: "10.9.0.0/16", policy: "accept", priority: 1, nicType: "intranet" },
  { type: "egress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0", policy: "accept", priority: 5, nicType: "intranet" },
  { type: "ingress", ipProtocol: "icmp", portRange: "-1/-1", cidrIp: "10.0.0.0/8", policy: "accept", priority: 1, nicType: "intranet" },
);
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), group: fc.nat(), rule: handRule }),
  fc.record({ kind: fc.constant("revoke" as const), group: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constant("describe" as const), group: fc.nat(), at: fc.nat() }),
);

function edited(model: NetworkModel, edits: readonly Edit[]): NetworkModel {
  const groups = model.groups.map((g) => ({ ...g, rules: [...g.rules] }));
  for (const e of edits) {
    const g = groups[e.group % groups.length];
    if (e.kind === "add") {
      if (!g.rules.some((r) => ruleKeyIn(r, "vpc") === ruleKeyIn(e.rule, "vpc"))) g.rules.push(e.rule);
    } else if (g.rules.length > 0) {
      const at = e.at % g.rules.length;
      if (e.kind === "revoke") g.rules.splice(at, 1);
      else g.rules[at] = { ...g.rules[at], description: "edited in the console" };
    }
  }
  return { ...model, groups };
}

/** A group's rules as a sorted list of every field but the description. */
function rulesOf(g: GroupModel): string[] {
  return g.rules.map((r) => `${ruleKeyIn(r, "vpc")}|${r.nicType ?? "intranet"}`).sort();
}

function accessSettings(g: GroupModel): string {
  return JSON.stringify([g.id, g.type ?? "normal", g.vpcId, g.innerAccessPolicy ?? "Accept"]);
}

describe("generated estates adopt without change", () => {
  test("untouched: every component is recognised, with zero residue and no notes", () => {
    fc.assert(
      fc.property(estateArb, (specs) => {
        const model = exportOf(specs);
        const found = recogniseComponents(model);
        expect(found.components.map((c) => `${c.component} ${c.name}`).sort()).toEqual(specs.map((s) => `${s.component} ${s.name}`).sort());
        expect([...found.residue]).toEqual([]);
        expect(found.components.flatMap((c) => c.notes)).toEqual([]);
      }),
      fuzzRuns(1401, 60, "recognise"),
    );
  });

  test("edited by hand: the declared network is the export, rule by rule, and no access changes", () => {
    fc.assert(
      fc.property(estateArb, fc.array(editArb, { maxLength: 4 }), (specs, edits) => {
        const model = edited(exportOf(specs), edits);
        const found = recogniseComponents(model);
        const claimed = found.components.flatMap((c) => c.rules.map((r) => `${r.groupId}#${r.index}`));
        expect(new Set(claimed).size).toBe(claimed.length);
        const declared = declaredNetwork(model, found);
        expect(declared.groups.map((g) => [g.id, rulesOf(g)])).toEqual(model.groups.map((g) => [g.id, rulesOf(g)]));
        expect(declared.groups.map(accessSettings)).toEqual(model.groups.map(accessSettings));
        expect(accessDiff(model, declared).summary).toMatchObject({ opened: 0, closed: 0 });
      }),
      fuzzRuns(1402, 60, "recognise"),
    );
  });
});
