/**
 * The program `adoptNetwork` writes, run as it is (compiled by TypeScript, its imports replaced
 * by recorders): it declares every exported group and every rule no component writes with the
 * exported values, calls the components recognised with their arguments, and its import file
 * binds each resource it declares to the cloud object, by the provider's id. Fast: no Pulumi
 * engine, no plan (the end-to-end adoption tests do that).
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import * as ts from "typescript";
import { NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { AdoptOptions, AdoptedProject, ImportEntry, adoptNetwork, ruleImportId, tightenNetwork } from "../../lib/review/adopt";
import { group, handMadeTiers, rule } from "./hand-made";


/** Three tiers by their shape (the world-open SSH refused, kept raw), and raw groups of every kind of peer. */
function exported(): NetworkModel {
  return {
    groups: [
      ...handMadeTiers(),
      group(
        "sg-k1",
        "workers",
        [
          rule({ type: "egress", ipProtocol: "tcp", portRange: "443/443", ipv6CidrIp: "2001:db8::/32", description: "line\u2028two */ \"quoted\"" }),
          rule({ type: "ingress", ipProtocol: "tcp", portRange: "9000/9000", prefixListId: "pl-ops", priority: 5 }),
          rule({ type: "ingress", ipProtocol: "tcp", portRange: "9000/9000", sourceSecurityGroupId: "sg-w" }),
          rule({ type: "ingress", ipProtocol: "tcp", portRange: "9001/9001", sourceSecurityGroupId: "sg-partner", sourceGroupOwnerId: "1609982529920000" }),
        ],
        { description: 'the "workers"\nsecond line', tags: { team: "ops", "cost-center": "42" } },
      ),
      group("sg-k2", "workers", [rule({ type: "ingress", ipProtocol: "udp", portRange: "53/53", cidrIp: "10.0.0.0/8" }), rule({ type: "ingress", ipProtocol: "udp", portRange: "53/53", cidrIp: "10.0.0.0/8", priority: 2 })], { innerAccessPolicy: "Drop" }),
      { id: "sg-classic", rules: [rule({ type: "ingress", ipProtocol: "icmp", portRange: "-1/-1", cidrIp: "0.0.0.0/0", nicType: "internet" })] },
      group("sg-enterprise", "", [], { type: "enterprise", innerAccessPolicy: "Drop" }),
    ],
    instances: [],
    prefixLists: [],
  };
}

interface Made {
  kind: string;
  name: string;
  args: Record<string, unknown>;
  opts: Record<string, unknown>;
}

/** A resource's output as the recorder writes it: the name of the resource it is the id of. */
interface Ref {
  idOf: string;
}

/** Compiles `index.ts` (no syntax error allowed) and runs it with recorders for the provider, Pulumi and the library. */
function run(project: AdoptedProject, library = "alicloud-secgroups"): Made[] {
  const source = project.files["index.ts"];
  const out = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 }, reportDiagnostics: true });
  expect(out.diagnostics ?? []).toEqual([]);
  const made: Made[] = [];
  // `apply` is how the program passes a group's id as a plain value (idOnly): the recorder says so.
  const ref = (idOf: string): Ref & { apply: (f: (x: unknown) => unknown) => unknown } => ({ idOf, apply: (f) => f({ valueOf: idOf }) });
  const resource = (kind: string) =>
    class {
      id: Ref;
      constructor(name: string, args: Record<string, unknown>, opts: Record<string, unknown>) {
        made.push({ kind, name, args, opts });
        this.id = ref(name);
      }
    };
  const component = (kind: string) =>
    class {
      [k: string]: unknown;
      constructor(name: string, args: Record<string, unknown>, opts: Record<string, unknown>) {
        made.push({ kind, name, args, opts });
        for (const label of ["web", "app", "db"]) this[label] = { id: ref(`${name}-${label}`) };
        this.group = { id: ref(`${name}-group`) };
      }
    };
  const modules: Record<string, unknown> = {
    "@pulumi/alicloud": { ecs: { SecurityGroup: resource("SecurityGroup"), SecurityGroupRule: resource("SecurityGroupRule") } },
    "@pulumi/pulumi": { output: (v: unknown) => ({ output: v }) },
    [library]: Object.fromEntries(["ThreeTierSecurityGroups", "DatabaseSecurityGroup", "InterconnectGroup", "WorkbenchAccess", "OutboundWhitelist"].map((c) => [c, component(c)])),
  };
  const require = (m: string) => {
    if (!(m in modules)) throw new Error(`the program imports ${m}`);
    return modules[m];
  };
  new Function("require", "exports", "module", out.outputText)(require, {}, { exports: {} });
  return made;
}

/** Import entries by name. */
function entries(project: AdoptedProject): Map<string, ImportEntry> {
  const parsed = JSON.parse(project.files["import.json"]) as { resources: ImportEntry[] };
  expect(parsed.resources).toEqual(project.imports);
  const byName = new Map(parsed.resources.map((e) => [e.name, e]));
  expect(byName.size).toBe(parsed.resources.length);
  return byName;
}

/** A recorded rule back in the export's terms: its group and peer groups as the cloud ids their resources import. */
function asExported(args: Record<string, unknown>, imports: Map<string, ImportEntry>): { groupId: string; rule: RuleArgs } {
  const id = (v: unknown) => (typeof v === "object" && v !== null && "idOf" in v ? (imports.get((v as Ref).idOf)?.id ?? `<no import for ${(v as Ref).idOf}>`) : v);
  const { securityGroupId, ...rest } = args;
  const r = { ...rest } as Record<string, unknown>;
  if (r.sourceSecurityGroupId !== undefined) r.sourceSecurityGroupId = id(r.sourceSecurityGroupId);
  return { groupId: id(securityGroupId) as string, rule: r as unknown as RuleArgs };
}

describe("the adopted program, run", () => {
  test("declares each group no component creates with the exported settings, protected, named after it (a taken name numbered, a nameless group by its id, an empty name by its position)", () => {
    const model = exported();
    const project = adoptNetwork(model, { project: "shop" });
    const made = run(project);
    const imports = entries(project);
    const groups = made.filter((m) => m.kind === "SecurityGroup");
    expect(groups.map((g) => [g.name, imports.get(g.name)?.id])).toEqual([
      ["workers", "sg-k1"],
      ["workers-2", "sg-k2"],
      ["sg-classic", "sg-classic"],
      ["group-7", "sg-enterprise"],
    ]);
    expect(groups.map((g) => g.args)).toEqual([
      { vpcId: "vpc-1", securityGroupName: "workers", description: 'the "workers"\nsecond line', securityGroupType: "normal", innerAccessPolicy: "Accept", tags: { team: "ops", "cost-center": "42" } },
      { vpcId: "vpc-1", securityGroupName: "workers", securityGroupType: "normal", innerAccessPolicy: "Drop" },
      { securityGroupType: "normal" },
      { vpcId: "vpc-1", securityGroupType: "enterprise" },
    ]);
    expect(groups.every((g) => JSON.stringify(g.opts) === JSON.stringify({ protect: true }))).toBe(true);
    expect(project.groups).toEqual({ "shop-web": "sg-w", "shop-app": "sg-a", "shop-db": "sg-d", workers: "sg-k1", "workers-2": "sg-k2", "sg-classic": "sg-classic", "group-7": "sg-enterprise" });
  });

  test("declares every rule no component writes with the exported values (peers by the adopted resources, other ids literal), replaced delete-first, and binds it by the provider's id", () => {
    const model = exported();
    const project = adoptNetwork(model, { project: "shop" });
    const made = run(project);
    const imports = entries(project);
    const rules = made.filter((m) => m.kind === "SecurityGroupRule");
    const residue = [...model.groups.flatMap((g) => g.rules.map((r) => ({ groupId: g.id, rule: r })))].filter(({ groupId, rule: r }) => !(groupId === "sg-w" && r.portRange !== "22/22") && groupId !== "sg-a" && groupId !== "sg-d");
    expect(rules.map((r) => asExported(r.args, imports))).toEqual(residue);
    expect(rules.every((r) => JSON.stringify(r.opts) === JSON.stringify({ protect: true, deleteBeforeReplace: true }))).toBe(true);
    for (const r of rules) {
      const { groupId, rule: exportedRule } = asExported(r.args, imports);
      expect(imports.get(r.name)).toEqual({ type: "alicloud:ecs/securityGroupRule:SecurityGroupRule", name: r.name, id: ruleImportId(groupId, exportedRule) });
    }
    expect(rules.map((r) => r.name)).toEqual([
      "shop-web-in-accept-p1-tcp:22-from-0.0.0.0/0",
      "workers-out-accept-p1-tcp:443-to-2001:db8:_:/32",
      "workers-in-accept-p5-tcp:9000-from-pl-ops",
      "workers-in-accept-p1-tcp:9000-from-sg-w",
      "workers-in-accept-p1-tcp:9001-from-1609982529920000/sg-partner",
      "workers-2-in-accept-p1-udp:53-from-10.0.0.0/8",
      "workers-2-in-accept-p2-udp:53-from-10.0.0.0/8",
      "sg-classic-in-accept-p1-icmp-from-0.0.0.0/0-internet",
    ]);
    // A peer group the program declares is its resource; one it does not, the literal id.
    expect(rules[3].args.sourceSecurityGroupId).toMatchObject({ idOf: "shop-web" });
    expect(rules[4].args.sourceSecurityGroupId).toBe("sg-partner");
    expect(project.residue).toEqual({ "sg-w": 1, "sg-k1": 4, "sg-k2": 2, "sg-classic": 1 });
  });

  test("calls each recognised component with its arguments, says what it rewrites and refuses in comments that end where they should, and parents what it writes in the import file", () => {
    const model = exported();
    const project = adoptNetwork(model, { project: "shop" });
    const made = run(project);
    const imports = entries(project);
    const components = made.filter((m) => m.kind === "ThreeTierSecurityGroups");
    expect(components).toEqual([{ kind: "ThreeTierSecurityGroups", name: "shop", args: { vpcId: "vpc-1", db: { engine: "postgresql" }, innerAccessPolicy: "Accept" }, opts: { protect: true } }]);
    expect(project.components.map((c) => c.name)).toEqual(["shop"]);
    // Components first in the import file, then the groups and rules they own, named as the component names them.
    expect(project.imports[0]).toEqual({ type: "alicloud-secgroups:index:ThreeTierSecurityGroups", name: "shop", component: true });
    for (const [name, id] of [
      ["shop-web", "sg-w"],
      ["shop-app", "sg-a"],
      ["shop-db", "sg-d"],
    ]) expect(imports.get(name)).toEqual({ type: "alicloud:ecs/securityGroup:SecurityGroup", name, id, parent: "shop" });
    expect(imports.get("shop-db-in-drop-p100-tcp:5432-from-0.0.0.0/0")).toEqual({ type: "alicloud:ecs/securityGroupRule:SecurityGroupRule", name: "shop-db-in-drop-p100-tcp:5432-from-0.0.0.0/0", id: "sg-d:ingress:tcp:5432/5432:intranet:0.0.0.0/0:drop:100", parent: "shop" });
    // Every exported group and rule is bound once.
    const exportedRules = model.groups.flatMap((g) => g.rules.map((r) => ruleImportId(g.id, r)));
    expect(project.imports.filter((e) => e.type.endsWith("SecurityGroupRule")).map((e) => e.id).sort()).toEqual(exportedRules.sort());
    expect(project.imports.filter((e) => e.type.endsWith(":SecurityGroup")).map((e) => e.id)).toEqual(model.groups.map((g) => g.id));
    const lines = project.files["index.ts"].split("\n");
    expect(lines.filter((l) => l.startsWith("// kept raw, refused by the component: "))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith("// note: ")).length).toBe(project.components[0].notes.length);
    expect(lines).toContain('import { ThreeTierSecurityGroups } from "alicloud-secgroups";');
    expect(lines.some((l) => l.startsWith("import * as pulumi"))).toBe(false);
    expect(lines.some((l) => l.includes("idOnly"))).toBe(false);
  });

  test("writes the project files: Pulumi.yaml with the project's name, package.json depending on the library only when a component is called, tsconfig.json", () => {
    const model = exported();
    const project = adoptNetwork(model, { project: 'shop: "eu"' });
    expect(Object.keys(project.files).sort()).toEqual(["Pulumi.yaml", "import.json", "index.ts", "package.json", "tsconfig.json"]);
    expect(yaml.load(project.files["Pulumi.yaml"])).toEqual({ name: 'shop: "eu"', runtime: "nodejs", description: "Security groups adopted from an export by alicloud-secgroups." });
    expect(JSON.parse(project.files["package.json"])).toEqual({ name: 'shop: "eu"', private: true, main: "index.ts", dependencies: { "@pulumi/alicloud": "^3.108.0", "@pulumi/pulumi": "^3.248.0", "alicloud-secgroups": "^0.1.0" }, devDependencies: { typescript: "^5.9.3" } });
    expect(JSON.parse(project.files["tsconfig.json"])).toEqual({ compilerOptions: { strict: true, target: "es2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true }, files: ["index.ts"] });
    expect(adoptNetwork(model).files["Pulumi.yaml"]).toMatch(/^name: "adopted-security-groups"\n/);
    // A library given by path is not a dependency; without components, neither is the library.
    const local = adoptNetwork(model, { library: "../lib" });
    expect(JSON.parse(local.files["package.json"]).dependencies).toEqual({ "@pulumi/alicloud": "^3.108.0", "@pulumi/pulumi": "^3.248.0" });
    expect(run(local, "../lib").some((m) => m.kind === "ThreeTierSecurityGroups")).toBe(true);
    const raw = adoptNetwork(model, { components: false });
    expect(JSON.parse(raw.files["package.json"]).dependencies).toEqual({ "@pulumi/alicloud": "^3.108.0", "@pulumi/pulumi": "^3.248.0" });
  });

  test("components: false and groups another service manages: raw resources, every rule declared as exported", () => {
    const model = exported();
    for (const options of [{ components: false }, { serviceManaged: new Set(["sg-d"]) }] as AdoptOptions[]) {
      const project = adoptNetwork(model, options);
      const made = run(project);
      const imports = entries(project);
      expect(made.filter((m) => m.kind === "ThreeTierSecurityGroups")).toEqual([]);
      expect(project.files["index.ts"]).not.toMatch(/from "alicloud-secgroups"/);
      expect(made.filter((m) => m.kind === "SecurityGroup").map((m) => m.name)).toEqual(["shop-web", "shop-app", "shop-db", "workers", "workers-2", "sg-classic", "group-7"]);
      const rules = made.filter((m) => m.kind === "SecurityGroupRule").map((m) => asExported(m.args, imports));
      expect(rules).toEqual(model.groups.flatMap((g) => g.rules.map((r) => ({ groupId: g.id, rule: r }))));
      expect(project.imports.every((e) => e.parent === undefined && e.component === undefined)).toBe(true);
    }
  });

  test("with a tightened network declared, the program declares it and the import file still binds every exported rule", () => {
    const model = exported();
    const added = rule({ type: "ingress", ipProtocol: "udp", portRange: "53/53", cidrIp: "10.1.0.0/16" });
    const declare = tightenNetwork(model, [
      { groupId: "sg-k2", revokeIndex: 1, add: [added, added] },
      { groupId: "sg-k2", revokeIndex: 0, add: [{ ...added }] },
    ]);
    expect(declare.groups.find((g) => g.id === "sg-k2")?.rules).toEqual([added]);
    expect(declare.groups.filter((g) => g.id !== "sg-k2")).toEqual(model.groups.filter((g) => g.id !== "sg-k2"));
    const project = adoptNetwork(model, { declare });
    const imports = entries(project);
    const rules = run(project)
      .filter((m) => m.kind === "SecurityGroupRule")
      .map((m) => asExported(m.args, imports));
    expect(rules.filter((r) => r.groupId === "sg-k2")).toEqual([{ groupId: "sg-k2", rule: added }]);
    expect(project.residue["sg-k2"]).toBe(1);
    expect(project.imports.filter((e) => e.id?.startsWith("sg-k2:")).map((e) => e.id)).toEqual(["sg-k2:ingress:udp:53/53:intranet:10.0.0.0/8:accept:1", "sg-k2:ingress:udp:53/53:intranet:10.0.0.0/8:accept:2"]);
  });

  test("ruleImportId: the peer as a CIDR, an IPv6 CIDR with `_` for `:`, a prefix list or a group; defaults filled in", () => {
    expect(ruleImportId("sg-1", { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" })).toBe("sg-1:ingress:tcp:22/22:intranet:0.0.0.0/0:accept:1");
    expect(ruleImportId("sg-1", { type: "egress", ipProtocol: "all", ipv6CidrIp: "2001:db8::/32", policy: "drop", priority: 100, nicType: "internet" })).toBe("sg-1:egress:all:-1/-1:internet:2001_db8__/32:drop:100");
    expect(ruleImportId("sg-1", { type: "ingress", ipProtocol: "tcp", portRange: "80/80", prefixListId: "pl-1" })).toBe("sg-1:ingress:tcp:80/80:intranet:pl-1:accept:1");
    expect(ruleImportId("sg-1", { type: "ingress", ipProtocol: "tcp", portRange: "80/80", sourceSecurityGroupId: "sg-2" })).toBe("sg-1:ingress:tcp:80/80:intranet:sg-2:accept:1");
  });

  const estates = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "deployed-estates.json"), "utf8")) as { name: string; model: NetworkModel }[];
  // The README's examples, declared as exported so recognised with tightening (their restricted tiers, an earlier release's, add their IPv6 drop); a generated estate whose groups pass by value; names of other scripts.
  test.each([
    ["readme", true],
    ["generated-3", false],
    ["named-0", false],
  ])("an estate the components deployed (%s): every component called with the arguments recognised, groups passed by their resources or ids, deploy-time blocks as outputs, nothing raw", (name, tighten) => {
    const model = estates.find((e) => e.name === name)!.model;
    const project = adoptNetwork(model, tighten ? { declare: model } : {});
    const made = run(project);
    const imports = entries(project);
    expect(project.residue).toEqual({});
    expect(made.filter((m) => m.kind === "SecurityGroupRule")).toEqual([]);
    const source = project.files["index.ts"];
    if (name === "readme") {
      expect(source).toMatch(/^import \* as pulumi from "@pulumi\/pulumi";$/m);
      expect(source).toMatch(/pulumi\.output\("/);
    } else expect(source).not.toMatch(/import \* as pulumi|pulumi\.output/);
    if (name === "generated-3") expect(source).toMatch(/^const idOnly = \(group: alicloud\.ecs\.SecurityGroup\) => group\.id\.apply\(\(id\) => id\);$/m);
    else expect(source).not.toMatch(/idOnly/);
    // What the program passes, in the export's terms: a resource (or its id as a value) is the group it imports, an output the block it holds.
    const exported = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(exported);
      if (typeof v !== "object" || v === null) return v;
      if ("idOf" in v) return imports.get((v as Ref).idOf)?.id ?? `<no import for ${(v as Ref).idOf}>`;
      if ("valueOf" in v && typeof (v as { valueOf: unknown }).valueOf === "string") return imports.get((v as { valueOf: string }).valueOf)?.id;
      if ("output" in v) return (v as { output: unknown }).output;
      const o = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, exported(x)]));
      // A group the arguments named by its literal id is passed by its resource and named by the id (as the cloud's descriptions name it).
      if (typeof (v as { securityGroupId?: unknown }).securityGroupId === "object" && o.name === o.securityGroupId) delete o.name;
      return o;
    };
    const recognised = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(recognised);
      if (typeof v !== "object" || v === null) return v;
      if ("adoptedGroupId" in v) return (v as { adoptedGroupId: string }).adoptedGroupId;
      if ("adoptedCidr" in v) return (v as { adoptedCidr: string }).adoptedCidr;
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, recognised(x)]));
    };
    const called = made.filter((m) => m.kind !== "SecurityGroup");
    expect(called.map((m) => [m.kind, m.name])).toEqual(project.components.map((c) => [c.component, c.name]));
    called.forEach((m, i) => {
      const c = project.components[i];
      expect(exported(m.args)).toEqual(recognised(c.into !== undefined ? { ...c.args, securityGroupId: c.into } : c.args));
      expect(m.opts).toEqual({ protect: true });
    });
    // Every group and rule of the export is bound once, the rules under the component that writes them.
    expect(project.imports.filter((e) => e.type.endsWith(":SecurityGroup")).map((e) => e.id).sort()).toEqual(model.groups.map((g) => g.id).sort());
    expect(project.imports.filter((e) => e.type.endsWith("SecurityGroupRule")).map((e) => e.id).sort()).toEqual(model.groups.flatMap((g) => g.rules.map((r) => ruleImportId(g.id, r))).sort());
    expect(project.imports.filter((e) => e.type.endsWith("SecurityGroupRule")).every((e) => project.components.some((c) => c.name === e.parent))).toBe(true);
  });
});
