/**
 * The plugin's schema is a public contract: inferred in-process from the facades' TypeScript
 * types exactly as Pulumi's Node.js host infers it, compared with the committed
 * plugin/schema.json. A change to it is a change of the API every other language sees:
 * review the diff, then refresh the file with `UPDATE_PLUGIN_SCHEMA=1 npx jest test/plugin`.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import * as pulumi from "@pulumi/pulumi";
import { DatabaseSecurityGroup, InterconnectGroup, OutboundWhitelist, ThreeTierSecurityGroups, WorkbenchAccess } from "../../lib/components";
import { ValidationError } from "../../lib/model/errors";
import * as keys from "../../lib/plans/arg-keys";
import { plainCopy, toPlanArgs } from "../../plugin/convert";
import { captureStack } from "../../lib/testing";
import { refused } from "../components/rule-table";
import { PLUGIN_DIR, ROOT, SCHEMA_FILE, pluginProvider } from "./host";

type Json = Record<string, any>;
let schema: Json;

beforeAll(async () => {
  // Any inference error (a union, a type alias, an unsupported type) rejects here.
  schema = JSON.parse(await pluginProvider().getSchema());
  if (process.env.UPDATE_PLUGIN_SCHEMA) fs.writeFileSync(SCHEMA_FILE, JSON.stringify(schema, null, 2) + "\n");
});

const TOKENS = ["ThreeTierSecurityGroups", "DatabaseSecurityGroup", "InterconnectGroup", "WorkbenchAccess", "OutboundWhitelist"].map((c) => `alicloud-secgroups:index:${c}`);

test("matches the committed schema (plugin/schema.json)", () => {
  expect(schema).toEqual(JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")));
});

test("serves every component under alicloud-secgroups:index:<ClassName>, at the library's version", () => {
  expect(schema.name).toBe("alicloud-secgroups");
  expect(Object.keys(schema.resources).sort()).toEqual([...TOKENS].sort());
  const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const plugin = JSON.parse(fs.readFileSync(path.join(PLUGIN_DIR, "package.json"), "utf8"));
  expect(schema.version).toBe(root.version);
  expect(plugin.version).toBe(root.version);
  // The plugin runs the library of its own version.
  expect(plugin.dependencies["alicloud-secgroups"]).toBe(root.version);
  expect(plugin.dependencies.typescript).toMatch(/^\^5\./);
});

test("outputs are ids only: no plan, no resource objects", () => {
  const outputs = Object.fromEntries(TOKENS.map((t) => [t.split(":")[2], Object.keys(schema.resources[t].properties).sort()]));
  expect(outputs).toEqual({
    ThreeTierSecurityGroups: ["appId", "dbId", "ruleIds", "webId"],
    DatabaseSecurityGroup: ["groupId", "ruleIds"],
    InterconnectGroup: ["groupId", "ruleIds"],
    WorkbenchAccess: ["ruleIds"],
    OutboundWhitelist: ["ruleIds"],
  });
  expect(schema.resources[TOKENS[2]].required).toEqual(["ruleIds"]);
});

/** Every property of a resource's inputs and of every type, with its path. */
function properties(): [string, Json][] {
  const out: [string, Json][] = [];
  for (const [t, r] of Object.entries<Json>(schema.resources)) for (const [k, p] of Object.entries<Json>(r.inputProperties)) out.push([`${t}.${k}`, p]);
  for (const [t, d] of Object.entries<Json>(schema.types)) for (const [k, p] of Object.entries<Json>(d.properties ?? {})) out.push([`${t}.${k}`, p]);
  return out;
}

test("only ids and address blocks take deploy-time values; everything the planner reads is plain", () => {
  const inputs = properties().filter(([, p]) => !p.plain).map(([k]) => k.split(":")[2]).sort();
  expect(inputs).toEqual([
    "DatabaseSecurityGroup.vpcId",
    "InterconnectGroup.vpcId",
    "InterconnectMember.securityGroupId",
    "OutboundWhitelist.securityGroupId",
    "Peer.cidr",
    "Peer.ipv6Cidr",
    "Peer.securityGroupId",
    "ThreeTierSecurityGroups.vpcId",
    "WhitelistDestination.cidr",
    "WhitelistDestination.ipv6Cidr",
    "WhitelistDestination.securityGroupId",
    "WorkbenchAccess.securityGroupId",
  ]);
});

test("every argument has a description, and port lists are strings", () => {
  for (const [k, p] of properties()) expect([k, typeof p.description === "string" && p.description.length > 10]).toEqual([k, true]);
  for (const [k, p] of properties().filter(([k]) => /\.ports$/.test(k))) expect([k, p.items]).toEqual([k, { type: "string", plain: true }]);
});

test("choices are enums with the TypeScript values", () => {
  const values = (name: string) => schema.types[`alicloud-secgroups:index:${name}`].enum.map((e: Json) => e.value);
  expect(values("DatabaseEngine")).toEqual(["mysql", "postgresql", "sqlserver", "oracle", "redis", "mongodb"]);
  expect(values("InterconnectMethod")).toEqual(["single-ip", "same-group", "dedicated-group", "group-authorization"]);
  expect(values("OperatingSystem")).toEqual(["linux", "windows"]);
  expect(values("EgressMode")).toEqual(["default", "restricted"]);
  expect(values("GroupType")).toEqual(["normal", "enterprise"]);
});

describe("construct(), with inputs as other languages send them", () => {
  const provider = pluginProvider();
  beforeAll(() => provider.getSchema());

  /** What the provider's construct() registers, and the component's outputs. */
  const viaProvider = (component: string, inputs: () => Json) =>
    captureStack(async () => (await provider.construct("shop", `alicloud-secgroups:index:${component}`, inputs(), {})).state);

  const CASES: { component: string; inputs: () => Json; typescript: () => unknown }[] = [
    {
      component: "ThreeTierSecurityGroups",
      inputs: () => ({
        vpcId: pulumi.output("vpc-1"),
        web: { ports: ["tcp:443", 8443, "tcp:8000-8080"], sources: [{ cidr: "0.0.0.0/0" }, { ipv6Cidr: "::/0" }] },
        app: { sources: [{ securityGroupId: pulumi.output("sg-lb"), name: "lb" }] },
        db: { engine: "postgresql", ports: null },
        admin: { sources: [{ cidr: pulumi.secret("203.0.113.7"), name: "ops" }], maxPrefix: 32.0, tiers: ["web", "app"] },
        innerAccessPolicyPerTier: { app: "Accept" },
        egress: "restricted",
        tags: { team: "shop" },
      }),
      typescript: () =>
        new ThreeTierSecurityGroups("shop", {
          vpcId: pulumi.output("vpc-1"),
          web: { ports: ["tcp:443", 8443, "tcp:8000-8080"], sources: ["0.0.0.0/0", "::/0"] },
          app: { sources: [{ securityGroupId: pulumi.output("sg-lb"), name: "lb" }] },
          db: { engine: "postgresql" },
          admin: { sources: [{ cidr: pulumi.secret("203.0.113.7"), name: "ops" }], maxPrefix: 32, tiers: ["web", "app"] },
          innerAccessPolicy: { app: "Accept" },
          egress: "restricted",
          tags: { team: "shop" },
        }),
    },
    {
      component: "DatabaseSecurityGroup",
      inputs: () => ({
        vpcId: pulumi.secret("vpc-1"),
        engine: "redis",
        sources: [{ cidr: "10.0.5.0/24" }, { securityGroupId: pulumi.output("sg-app"), name: "app" }, { securityGroupId: "sg-bp174yoe2ib1sqj5abcd", ownerId: "1609982529920000" }],
        denyPriority: 90.0,
      }),
      typescript: () =>
        new DatabaseSecurityGroup("shop", {
          vpcId: pulumi.secret("vpc-1"),
          engine: "redis",
          sources: ["10.0.5.0/24", { securityGroupId: pulumi.output("sg-app"), name: "app" }, { securityGroupId: "sg-bp174yoe2ib1sqj5abcd", ownerId: "1609982529920000" }],
          denyPriority: 90,
        }),
    },
    {
      component: "InterconnectGroup",
      inputs: () => ({
        method: "group-authorization",
        ports: ["tcp:21", "tcp:50000-50100"],
        members: [{ name: "server", securityGroupId: pulumi.output("sg-server") }, { name: "partner", securityGroupId: "sg-partner", accountId: "1609982529920000" }],
      }),
      typescript: () =>
        new InterconnectGroup("shop", {
          method: "group-authorization",
          ports: ["tcp:21", "tcp:50000-50100"],
          members: [{ name: "server", securityGroupId: pulumi.output("sg-server") }, { name: "partner", securityGroupId: "sg-partner", accountId: "1609982529920000" }],
        }),
    },
    {
      component: "WorkbenchAccess",
      inputs: () => ({ securityGroupId: pulumi.output("sg-web"), os: "windows", via: "both", adminSources: [{ cidr: "203.0.113.7" }], workbenchCidrs: { public: "161.117.0.0/16" } }),
      typescript: () => new WorkbenchAccess("shop", { securityGroupId: pulumi.output("sg-web"), os: "windows", via: "both", adminSources: ["203.0.113.7"], workbenchCidrs: { public: "161.117.0.0/16" } }),
    },
    {
      component: "OutboundWhitelist",
      inputs: () => ({
        securityGroupId: "sg-workers",
        destinations: [
          { name: "http-site", cidr: "47.96.0.10", ports: [80.0] },
          { prefixListId: "pl-mirrors", prefixListMaxEntries: 20, ports: ["tcp:443"] },
          { name: "ntp", cidr: pulumi.output("203.0.113.0/24"), ports: ["udp:123"] },
        ],
      }),
      typescript: () =>
        new OutboundWhitelist("shop", {
          securityGroupId: "sg-workers",
          destinations: [
            { name: "http-site", cidr: "47.96.0.10", ports: [80] },
            { prefixListId: "pl-mirrors", prefixListMaxEntries: 20, ports: ["tcp:443"] },
            { name: "ntp", cidr: pulumi.output("203.0.113.0/24"), ports: ["udp:123"] },
          ],
        }),
    },
  ];

  test.each(CASES.map((c) => [c.component, c] as const))("%s registers what the TypeScript constructor registers", async (_, c) => {
    const plugin = await viaProvider(c.component, c.inputs);
    const typescript = await captureStack(c.typescript);
    expect(plugin.resources.length).toBeGreaterThan(2);
    // Where each was constructed differs (the plugin's construct() against the test's `new`); everything else is the same.
    const unlocated = (rs: typeof plugin.resources) => rs.map(({ location: _at, ...r }) => r);
    expect(unlocated(plugin.resources)).toEqual(unlocated(typescript.resources));
    // The outputs are the ids of what was registered.
    const ruleIds = typescript.resources.filter((r) => r.type === "alicloud:ecs/securityGroupRule:SecurityGroupRule").map((r) => r.id).sort();
    expect([...(plugin.outputs.ruleIds as string[])].sort()).toEqual(ruleIds);
  });

  test("outputs carry the groups' ids", async () => {
    const { outputs, resources } = await viaProvider("ThreeTierSecurityGroups", () => ({ vpcId: "vpc-1" }));
    const id = (name: string) => resources.find((r) => r.name === name)!.id;
    expect(outputs).toMatchObject({ webId: id("shop-web"), appId: id("shop-app"), dbId: id("shop-db") });
  });

  /** The error construct() fails with, and how many resources it registered first. */
  async function constructError(component: string, inputs: () => Json): Promise<{ error: ValidationError; registered: number }> {
    const { error, registered } = await refused(async () => (await provider.construct("shop", `alicloud-secgroups:index:${component}`, inputs(), {})).state);
    return { error, registered: registered.length };
  }

  test("a plain field that arrives as an Output (a secret inside it, or a dependency) is refused by name, before anything exists", async () => {
    const whole = await constructError("ThreeTierSecurityGroups", () => ({ vpcId: "vpc-1", admin: pulumi.secret({ sources: [{ cidr: "203.0.113.7" }] }) }));
    expect(whole).toMatchObject({ error: { code: "invalid-argument", field: "args.admin" }, registered: 0 });
    expect(whole.error.message).toMatch(/ThreeTierSecurityGroups "shop": args\.admin must be a plain value .*only vpcId, securityGroupId, cidr, ipv6Cidr take values known at deploy time/);
    const nested = await constructError("ThreeTierSecurityGroups", () => ({ vpcId: "vpc-1", admin: { sources: [{ cidr: "203.0.113.7" }], maxPrefix: pulumi.output(32) } }));
    expect(nested.error).toMatchObject({ code: "invalid-argument", field: "args.admin.maxPrefix" });
    const name = await constructError("DatabaseSecurityGroup", () => ({ vpcId: "vpc-1", sources: [{ securityGroupId: pulumi.output("sg-app"), name: pulumi.output("app") }] }));
    expect(name.error).toMatchObject({ code: "invalid-argument", field: "args.sources[0].name" });
    const port = await constructError("WorkbenchAccess", () => ({ securityGroupId: "sg-web", ports: [pulumi.output("tcp:22")] }));
    expect(port.error).toMatchObject({ code: "invalid-argument", field: "args.ports[0]" });
    const tag = await constructError("InterconnectGroup", () => ({ method: "dedicated-group", vpcId: "vpc-1", tags: { cidr: pulumi.output("x") }, members: [{ name: "a" }, { name: "b" }] }));
    expect(tag.error).toMatchObject({ code: "invalid-argument", field: "args.tags.cidr" });
  });

  test("numbers arrive as floats: a port or prefix that is not whole is refused with the TypeScript code and field", async () => {
    const pairs: [string, () => Json, () => unknown][] = [
      ["ThreeTierSecurityGroups", () => ({ vpcId: "vpc-1", web: { ports: [443.5] } }), () => new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", web: { ports: [443.5] } })],
      ["ThreeTierSecurityGroups", () => ({ vpcId: "vpc-1", admin: { sources: [{ cidr: "198.51.100.0/28" }], maxPrefix: 28.5 } }), () => new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", admin: { sources: ["198.51.100.0/28"], maxPrefix: 28.5 } })],
      ["OutboundWhitelist", () => ({ securityGroupId: "sg-w", destinations: [{ cidr: "47.96.0.10", ports: [80.25] }] }), () => new OutboundWhitelist("shop", { securityGroupId: "sg-w", destinations: [{ cidr: "47.96.0.10", ports: [80.25] }] })],
      ["DatabaseSecurityGroup", () => ({ vpcId: "vpc-1", sources: [{ cidr: "10.0.5.0/24" }], denyPriority: 99.5 }), () => new DatabaseSecurityGroup("shop", { vpcId: "vpc-1", sources: ["10.0.5.0/24"], denyPriority: 99.5 })],
    ];
    for (const [component, inputs, typescript] of pairs) {
      const plugin = await constructError(component, inputs);
      const ts = await refused(typescript);
      expect({ code: plugin.error.code, field: plugin.error.field, message: plugin.error.message, registered: plugin.registered }).toEqual({ code: ts.error.code, field: ts.error.field, message: ts.error.message, registered: 0 });
    }
  });

  test("innerAccessPolicy and innerAccessPolicyPerTier together are refused", async () => {
    const { error } = await constructError("ThreeTierSecurityGroups", () => ({ vpcId: "vpc-1", innerAccessPolicy: "Drop", innerAccessPolicyPerTier: { app: "Accept" } }));
    expect(error).toMatchObject({ code: "invalid-argument", field: "args.innerAccessPolicyPerTier" });
  });
});

describe("the Python and YAML examples", () => {
  const EXAMPLES = path.join(ROOT, "examples");
  const type = (ref: string) => schema.types[ref.replace("#/types/", "")];

  /** Refuses any key of `value` that the schema property set `props` does not have, deeply. */
  function unknownKeys(where: string, value: Json, props: Json): string[] {
    const out: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      const p = props[k];
      if (!p) {
        out.push(`${where}.${k}`);
        continue;
      }
      const item = p.type === "array" ? p.items : p;
      const ref = item.$ref ? type(item.$ref) : undefined;
      if (ref?.properties) for (const [i, e] of (Array.isArray(v) ? v : [v]).entries()) out.push(...unknownKeys(`${where}.${k}[${i}]`, e, ref.properties));
      if (ref?.enum && !(Array.isArray(v) ? v : [v]).every((e) => ref.enum.some((m: Json) => m.value === e || /^\$\{/.test(String(e))))) out.push(`${where}.${k}=${v}`);
    }
    return out;
  }

  test("the YAML program uses only the schema's resources, arguments, enum values and outputs", () => {
    const program = yaml.load(fs.readFileSync(path.join(EXAMPLES, "three-tier-yaml", "Pulumi.yaml"), "utf8")) as Json;
    expect(program).toMatchObject({ runtime: "yaml", packages: { "alicloud-secgroups": "../../plugin" } });
    const ours = Object.entries<Json>(program.resources).filter(([, r]) => r.type.startsWith("alicloud-secgroups:"));
    expect(ours.map(([, r]) => r.type)).toEqual(["alicloud-secgroups:index:ThreeTierSecurityGroups"]);
    for (const [name, r] of ours) expect(unknownKeys(name, r.properties, schema.resources[r.type].inputProperties)).toEqual([]);
    const outputs = JSON.stringify(program.outputs).match(/\$\{shop\.(\w+)\}/g)!.map((m) => m.slice(7, -1));
    for (const o of outputs) expect(Object.keys(schema.resources["alicloud-secgroups:index:ThreeTierSecurityGroups"].properties)).toContain(o);
  });

  test("the Python program uses only the schema's names (snake_case arguments, Args types, enum members)", () => {
    const source = fs.readFileSync(path.join(EXAMPLES, "three-tier-python", "__main__.py"), "utf8");
    const names = new Set<string>();
    for (const r of Object.values<Json>(schema.resources)) for (const k of [...Object.keys(r.inputProperties), ...Object.keys(r.properties)]) names.add(k);
    for (const t of Object.values<Json>(schema.types)) for (const k of Object.keys(t.properties ?? {})) names.add(k);
    const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    const classes = [...source.matchAll(/secgroups\.(\w+)\(/g)].map((m) => m[1]);
    expect(classes.length).toBeGreaterThan(3);
    for (const c of classes) expect([c, c === "ThreeTierSecurityGroups" || `alicloud-secgroups:index:${c.replace(/Args$/, "")}` in schema.types]).toEqual([c, true]);
    for (const [, e, member] of source.matchAll(/secgroups\.(\w+)\.([A-Z_]+)\b/g)) {
      expect(schema.types[`alicloud-secgroups:index:${e}`].enum.map((m: Json) => m.name.toUpperCase())).toContain(member);
    }
    const call = source.slice(source.indexOf("secgroups.ThreeTierSecurityGroups("));
    for (const [, kw] of call.matchAll(/\b([a-z][a-z_]*)=/g)) expect([kw, names.has(camel(kw))]).toEqual([kw, true]);
    for (const [, attr] of source.matchAll(/tiers\.(\w+)/g)) expect([attr, names.has(camel(attr))]).toEqual([attr, true]);
  });
});

describe("every TypeScript option has its field", () => {
  const props = (ref: string) => Object.keys(ref.includes(":index:") && schema.types[ref] ? schema.types[ref].properties : schema.resources[ref].inputProperties).sort();
  const t = (name: string) => `alicloud-secgroups:index:${name}`;
  test.each([
    ["ThreeTierSecurityGroups", keys.THREE_TIER_KEYS, ["innerAccessPolicyPerTier"]],
    ["WebTier", keys.WEB_TIER_KEYS, []],
    ["AppTier", keys.APP_TIER_KEYS, []],
    ["DbTier", keys.DB_TIER_KEYS, []],
    ["TierAdmin", keys.ADMIN_KEYS, []],
    ["DatabaseSecurityGroup", keys.DATABASE_KEYS, []],
    ["InterconnectGroup", keys.INTERCONNECT_KEYS, []],
    ["InterconnectMember", keys.MEMBER_KEYS, []],
    ["WorkbenchAccess", keys.WORKBENCH_KEYS, []],
    ["WorkbenchCidrs", keys.WORKBENCH_CIDR_KEYS, []],
    ["OutboundWhitelist", keys.WHITELIST_KEYS, []],
    ["WhitelistDestination", keys.DESTINATION_KEYS, []],
    ["Peer", ["cidr", "ipv6Cidr", "securityGroupId", "ownerId", "prefixListId", "name"], []],
  ] as const)("%s", (name, tsKeys, extra) => {
    expect(props(t(name))).toEqual([...tsKeys, ...extra].sort());
  });
});

describe("deploy-time values in the arguments", () => {
  test("an unknown where an Input is allowed becomes an unknown Output; anywhere else it is refused", () => {
    const copy = plainCopy("args", { vpcId: pulumi.unknown, web: { sources: [{ cidr: pulumi.unknown, name: "a" }] } }, false) as Json;
    expect(pulumi.Output.isInstance(copy.vpcId) && pulumi.Output.isInstance(copy.web.sources[0].cidr)).toBe(true);
    expect(() => plainCopy("args", { egress: pulumi.unknown }, false)).toThrow(expect.objectContaining({ code: "invalid-argument", field: "args.egress" }));
    expect(() => toPlanArgs("WorkbenchAccess", "ops", pulumi.output({ securityGroupId: "sg-1" }))).toThrow(/WorkbenchAccess "ops": args must be a plain value/);
  });

  test("options left out (null) are dropped, as another language leaves them", () => {
    expect(toPlanArgs("DatabaseSecurityGroup", "db", { vpcId: "vpc-1", engine: null, sources: [{ cidr: "10.0.5.0/24", name: null }] })).toEqual({ vpcId: "vpc-1", sources: [{ cidr: "10.0.5.0/24" }] });
  });
});

describe("the YAML example, constructed", () => {
  test("its component registers what examples/three-tier registers with the same configuration", async () => {
    const provider = pluginProvider();
    await provider.getSchema();
    const program = yaml.load(fs.readFileSync(path.join(ROOT, "examples", "three-tier-yaml", "Pulumi.yaml"), "utf8")) as Json;
    const defaults: Json = Object.fromEntries(Object.entries<Json>(program.config).filter(([, v]) => typeof v === "object").map(([k, v]) => [k, v.default]));
    // Interpolations as the YAML runtime sends them: config values plain, resource outputs as Outputs.
    const resolve = (v: unknown): unknown => {
      if (typeof v === "string") {
        const m = /^\$\{([\w-]+)(?:\.(\w+))?\}$/.exec(v);
        if (!m) return v;
        return m[2] === undefined ? defaults[m[1]] : pulumi.output("vpc-1");
      }
      if (Array.isArray(v)) return v.map(resolve);
      return v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)])) : v;
    };
    const yamlRun = await captureStack(async () => (await provider.construct("shop", program.resources.shop.type, resolve(program.resources.shop.properties) as Json, {})).state);
    const tsRun = await captureStack(() => new ThreeTierSecurityGroups("shop", { vpcId: pulumi.output("vpc-1"), groupType: "normal", egress: "default", db: { engine: "mysql" }, tags: { app: "shop" } }));
    const unlocated = (rs: typeof tsRun.resources) => rs.map(({ location: _at, ...r }) => r);
    expect(unlocated(yamlRun.resources)).toEqual(unlocated(tsRun.resources));
    expect(yamlRun.network.groups.map((g) => `${g.name}: ${g.rules.length}`).sort()).toEqual(["shop-app: 1", "shop-db: 2", "shop-web: 2"]);
  });
});
