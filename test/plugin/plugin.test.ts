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
import { CaptureError, captureStack } from "../../lib/testing";
import { refused, ruleRows } from "../components/rule-table";
import { DeclaredIntentArgs, declaredIntentFromArgs, proveIntents } from "../../lib/analysis/intents";
import { PLUGIN_DIR, ROOT, SCHEMA_FILE, pluginProvider } from "./host";

type Json = Record<string, any>;
let schema: Json;

beforeAll(async () => {
  // Any inference error (a union, a type alias, an unsupported type) rejects here.
  schema = JSON.parse(await pluginProvider().getSchema());
  if (process.env.UPDATE_PLUGIN_SCHEMA) fs.writeFileSync(SCHEMA_FILE, JSON.stringify(schema, null, 2) + "\n");
});

const TOKENS = ["ThreeTierSecurityGroups", "DatabaseSecurityGroup", "InterconnectGroup", "WorkbenchAccess", "OutboundWhitelist", "Connection"].map((c) => `alicloud-secgroups:index:${c}`);

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

test("outputs are ids and intents only (a Connection's: which sides it wrote): no plan, no resource objects", () => {
  const outputs = Object.fromEntries(TOKENS.map((t) => [t.split(":")[2], Object.keys(schema.resources[t].properties).sort()]));
  expect(outputs).toEqual({
    ThreeTierSecurityGroups: ["appId", "dbId", "intents", "ruleIds", "webId"],
    DatabaseSecurityGroup: ["groupId", "intents", "ruleIds"],
    InterconnectGroup: ["groupId", "intents", "ruleIds"],
    WorkbenchAccess: ["intents", "ruleIds"],
    OutboundWhitelist: ["intents", "ruleIds"],
    Connection: ["egress", "ingress"],
  });
  expect(schema.resources[TOKENS[2]].required).toEqual(["intents", "ruleIds"]);
  // Each component's intents output is a list of DeclaredIntent, and takes its caller's as a list of Intent.
  for (const t of TOKENS.slice(0, 5)) {
    expect(schema.resources[t].properties.intents).toMatchObject({ type: "array", items: { $ref: "#/types/alicloud-secgroups:index:DeclaredIntent" } });
    expect(schema.resources[t].inputProperties.intents).toMatchObject({ type: "array", items: { $ref: "#/types/alicloud-secgroups:index:Intent", plain: true }, plain: true });
  }
});

/** The types an input reaches (output-only types, such as DeclaredIntent, are left out). */
function inputTypes(): Set<string> {
  const seen = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== "object" || v === null) return;
    for (const [k, x] of Object.entries(v)) {
      if (k === "$ref" && typeof x === "string" && x.startsWith("#/types/")) {
        const name = x.slice("#/types/".length);
        if (!seen.has(name)) {
          seen.add(name);
          walk(schema.types[name]);
        }
      } else walk(x);
    }
  };
  for (const r of Object.values<Json>(schema.resources)) walk(r.inputProperties);
  return seen;
}

/** Every property of a resource's inputs and of every type an input reaches, with its path. */
function properties(): [string, Json][] {
  const out: [string, Json][] = [];
  const inputs = inputTypes();
  for (const [t, r] of Object.entries<Json>(schema.resources)) for (const [k, p] of Object.entries<Json>(r.inputProperties)) out.push([`${t}.${k}`, p]);
  for (const [t, d] of Object.entries<Json>(schema.types)) if (inputs.has(t)) for (const [k, p] of Object.entries<Json>(d.properties ?? {})) out.push([`${t}.${k}`, p]);
  return out;
}

test("only ids and address blocks take deploy-time values; everything the planner reads is plain", () => {
  const inputs = properties().filter(([, p]) => !p.plain).map(([k]) => k.split(":")[2]).sort();
  expect(inputs).toEqual([
    "Connection.from",
    "Connection.to",
    "DatabaseSecurityGroup.vpcId",
    "InterconnectGroup.vpcId",
    "InterconnectMember.privateIp",
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

test("every argument has a description; port lists are strings, each with its list of numbers beside it", () => {
  for (const [k, p] of properties()) expect([k, typeof p.description === "string" && p.description.length > 10]).toEqual([k, true]);
  const ports = properties().filter(([k]) => /\.ports$/.test(k));
  expect(ports.length).toBeGreaterThan(8);
  for (const [k, p] of ports) expect([k, p.items, p.optional]).toEqual([k, { type: "string", plain: true }, true]);
  const numbers = new Map(properties().filter(([k]) => /\.portNumbers$/.test(k)));
  for (const [k] of ports) expect([k, numbers.get(k.replace(/ports$/, "portNumbers"))?.items]).toEqual([k, { type: "number", plain: true }]);
  expect(numbers.size).toBe(ports.length);
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
    expect(whole.error.message).toMatch(/ThreeTierSecurityGroups "shop": args\.admin must be a plain value .*only vpcId, securityGroupId, cidr, ipv6Cidr, privateIp and a Connection's from and to take values known at deploy time/);
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

/**
 * An output of one construct() as the engine passes it to the next: a new Output, depending on
 * the URNs of the resources the first was computed from (the provider reports them with the
 * component's outputs); its value not known yet at a preview.
 */
async function passed(output: unknown, known = true): Promise<pulumi.Output<unknown>> {
  const o = output as { resources(): Set<pulumi.Resource>; promise(withUnknowns?: boolean): Promise<unknown> };
  const urns = await Promise.all([...o.resources()].map((r) => (r.urn as unknown as { promise(): Promise<string> }).promise()));
  const value = known ? await o.promise() : undefined;
  const OutputImpl = pulumi.Output as unknown as new (...a: unknown[]) => pulumi.Output<unknown>;
  return new OutputImpl(new Set(urns.map((u) => new pulumi.DependencyResource(u))), Promise.resolve(value), Promise.resolve(known), Promise.resolve(false), Promise.resolve([]));
}

describe("the YAML example", () => {
  const type = (ref: string) => schema.types[ref.replace("#/types/", "")];
  const interpolation = (v: unknown) => typeof v === "string" && /^\$\{[\w-]+(\.\w+)?\}$/.test(v);

  /** What is wrong with a YAML value for a schema property: unknown keys, wrong types, enum values, missing required fields. */
  function problems(where: string, value: unknown, spec: Json): string[] {
    if (interpolation(value)) return [];
    const ref = spec.$ref ? type(spec.$ref) : undefined;
    if (ref?.enum) return ref.enum.some((m: Json) => m.value === value) ? [] : [`${where}: ${JSON.stringify(value)} is not one of the enum's values`];
    if (ref) return fields(where, value, ref.properties ?? {}, ref.required ?? []);
    switch (spec.type) {
      case "array":
        return Array.isArray(value) ? value.flatMap((v, i) => problems(`${where}[${i}]`, v, spec.items)) : [`${where} is not a list`];
      case "object":
        return typeof value === "object" && value !== null && !Array.isArray(value) ? Object.entries(value).flatMap(([k, v]) => problems(`${where}.${k}`, v, spec.additionalProperties)) : [`${where} is not a map`];
      case "number":
      case "integer":
      case "boolean":
      case "string":
        return typeof value === (spec.type === "integer" ? "number" : spec.type) ? [] : [`${where} is not a ${spec.type}: ${JSON.stringify(value)}`];
      default:
        return [];
    }
  }
  function fields(where: string, value: unknown, props: Json, required: string[]): string[] {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${where} is not an object`];
    const out = Object.entries(value).flatMap(([k, v]) => (props[k] ? problems(`${where}.${k}`, v, props[k]) : [`${where}.${k} is not an argument`]));
    return [...out, ...required.filter((r) => !(r in value)).map((r) => `${where}.${r} is missing`)];
  }

  test("uses only the schema's resources, arguments, types, enum values and outputs", () => {
    const program = yaml.load(fs.readFileSync(path.join(ROOT, "examples", "three-tier-yaml", "Pulumi.yaml"), "utf8")) as Json;
    expect(program).toMatchObject({ runtime: "yaml", packages: { "alicloud-secgroups": "../../plugin" } });
    const ours = Object.entries<Json>(program.resources).filter(([, r]) => r.type.startsWith("alicloud-secgroups:"));
    expect(ours.map(([, r]) => r.type.split(":")[2])).toEqual(["ThreeTierSecurityGroups", "DatabaseSecurityGroup", "Connection"]);
    for (const [name, r] of ours) expect(fields(name, r.properties, schema.resources[r.type].inputProperties, schema.resources[r.type].requiredInputs ?? [])).toEqual([]);
    // Every output read from one of ours is an output of its type.
    const types = Object.fromEntries(ours.map(([name, r]) => [name, r.type]));
    const reads = [...JSON.stringify([program.resources, program.outputs]).matchAll(/\$\{([\w-]+)\.(\w+)\}/g)].filter(([, name]) => name in types);
    expect(reads.length).toBeGreaterThan(5);
    for (const [, name, prop] of reads) expect([name, prop, prop in schema.resources[types[name]].properties]).toEqual([name, prop, true]);
    // The checks catch what they should.
    expect(problems("x", { sources: [{ securityGroupId: 1 }], portNumbers: ["443"], engine: "maria" }, { $ref: "#/types/alicloud-secgroups:index:DbTier" }).length).toBe(3);
    expect(fields("c", { from: "sg-1", ports: "tcp:1" }, schema.resources["alicloud-secgroups:index:Connection"].inputProperties, ["from", "to"])).toEqual(["c.ports is not a list", "c.to is missing"]);
  });
});

describe("every TypeScript option has its field", () => {
  const props = (ref: string) => Object.keys(ref.includes(":index:") && schema.types[ref] ? schema.types[ref].properties : schema.resources[ref].inputProperties).sort();
  const t = (name: string) => `alicloud-secgroups:index:${name}`;
  test.each([
    ["ThreeTierSecurityGroups", keys.THREE_TIER_KEYS, ["innerAccessPolicyPerTier", "intents"]],
    ["WebTier", keys.WEB_TIER_KEYS, ["portNumbers"]],
    ["AppTier", keys.APP_TIER_KEYS, ["portNumbers"]],
    ["DbTier", keys.DB_TIER_KEYS, ["portNumbers"]],
    ["TierAdmin", keys.ADMIN_KEYS, ["portNumbers"]],
    ["DatabaseSecurityGroup", keys.DATABASE_KEYS, ["portNumbers", "intents"]],
    ["InterconnectGroup", keys.INTERCONNECT_KEYS, ["portNumbers", "intents"]],
    ["InterconnectMember", keys.MEMBER_KEYS, []],
    ["WorkbenchAccess", keys.WORKBENCH_KEYS, ["portNumbers", "intents"]],
    ["WorkbenchCidrs", keys.WORKBENCH_CIDR_KEYS, []],
    ["OutboundWhitelist", keys.WHITELIST_KEYS, ["intents"]],
    ["WhitelistDestination", keys.DESTINATION_KEYS, ["portNumbers"]],
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
  test("its components register what the same program in TypeScript registers, the cache and the connection wired both sides", async () => {
    const provider = pluginProvider();
    await provider.getSchema();
    const program = yaml.load(fs.readFileSync(path.join(ROOT, "examples", "three-tier-yaml", "Pulumi.yaml"), "utf8")) as Json;
    const defaults: Json = Object.fromEntries(Object.entries<Json>(program.config).filter(([, v]) => typeof v === "object").map(([k, v]) => [k, v.default]));
    // pulumi config set egress restricted: each path needs its egress accept.
    defaults.egress = "restricted";
    const states: Record<string, Json> = {};
    // Interpolations as the YAML runtime sends them: config values plain, outputs of other resources as Outputs with their dependencies.
    const resolve = async (v: unknown): Promise<unknown> => {
      if (typeof v === "string") {
        const m = /^\$\{([\w-]+)(?:\.(\w+))?\}$/.exec(v);
        if (!m) return v;
        if (m[2] === undefined) return defaults[m[1]];
        return states[m[1]] ? passed(states[m[1]][m[2]]) : pulumi.output("vpc-1");
      }
      if (Array.isArray(v)) return Promise.all(v.map(resolve));
      return v && typeof v === "object" ? Object.fromEntries(await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await resolve(x)]))) : v;
    };
    const yamlRun = await captureStack(async () => {
      for (const [name, r] of Object.entries<Json>(program.resources)) {
        if (r.type.startsWith("alicloud-secgroups:")) states[name] = (await provider.construct(name, r.type, (await resolve(r.properties)) as Json, {})).state as Json;
      }
      return states["app-to-db-x"];
    });
    const tsRun = await captureStack(() => {
      const tiers = new ThreeTierSecurityGroups("shop", { vpcId: pulumi.output("vpc-1"), groupType: "normal", egress: "restricted", db: { engine: "mysql" }, tags: { app: "shop" } });
      new DatabaseSecurityGroup("cache", { vpcId: pulumi.output("vpc-1"), engine: "redis", sources: [tiers.app] });
      tiers.connections("db").allowFrom(tiers.app, 33060);
    });
    expect(unlocated(yamlRun.resources.filter((r) => r.type !== "alicloud-secgroups:index:Connection"))).toEqual(unlocated(tsRun.resources));
    expect(yamlRun.network.groups.map((g) => `${g.name}: ${g.rules.length}`).sort()).toEqual(["cache-db: 2", "shop-app: 6", "shop-db: 5", "shop-web: 5"]);
    expect(yamlRun.outputs).toEqual({ ingress: true, egress: true });
    expect(yamlRun.resources.map((r) => r.name)).toEqual(expect.arrayContaining(["shop-app-out-accept-p1-tcp:6379-to-cache-db", "shop-app-out-accept-p1-tcp:33060-to-shop-db"]));
  });
});

/** Captured resources without where the program declared them (a provider's construct() and a program's constructor stand on different lines). */
function unlocated<T extends { location?: unknown }>(rs: readonly T[]): Omit<T, "location">[] {
  return rs.map(({ location: _at, ...r }) => r);
}

describe("both sides of a path, when each component is its own construct() call", () => {
  const provider = pluginProvider();
  beforeAll(() => provider.getSchema());
  const T = (c: string) => `alicloud-secgroups:index:${c}`;
  const construct = async (name: string, component: string, inputs: Json) => (await provider.construct(name, T(component), inputs, {})).state as Json;

  const withoutConnections = <R extends { type: string }>(resources: R[]) => resources.filter((r) => r.type !== T("Connection"));

  test.each([true, false])("a source given by id is the library's group: restricted egress gets its accept, as TypeScript writes it for tiers.app (id known: %s)", async (known) => {
    const viaIds = await captureStack(async () => {
      const tiers = await construct("shop", "ThreeTierSecurityGroups", { vpcId: "vpc-1", egress: "restricted" });
      return construct("cache", "DatabaseSecurityGroup", { vpcId: "vpc-1", engine: "redis", sources: [{ securityGroupId: await passed(tiers.appId, known), name: "shop-app" }] });
    });
    expect(viaIds.resources.map((r) => r.name)).toContain("shop-app-out-accept-p1-tcp:6379-to-cache-db");
    if (!known) return;
    const typescript = await captureStack(() => {
      const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", egress: "restricted" });
      new DatabaseSecurityGroup("cache", { vpcId: "vpc-1", engine: "redis", sources: [tiers.app] });
    });
    expect(unlocated(viaIds.resources)).toEqual(unlocated(typescript.resources));
  });

  test("a Connection between two of the library's groups writes the receiver's ingress and the restricted sender's egress, as connections() does", async () => {
    const viaIds = await captureStack(async () => {
      const tiers = await construct("shop", "ThreeTierSecurityGroups", { vpcId: "vpc-1", egress: "restricted" });
      return construct("app-to-db", "Connection", { from: await passed(tiers.appId), to: await passed(tiers.dbId), portNumbers: [33060.0] });
    });
    const ts = await captureStack(() => {
      const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", egress: "restricted" });
      tiers.connections("db").allowFrom(tiers.app, 33060);
    });
    expect(unlocated(withoutConnections(viaIds.resources))).toEqual(unlocated(ts.resources));
    expect(viaIds.resources.map((r) => r.name)).toEqual(expect.arrayContaining(["shop-db-in-accept-p1-tcp:33060-from-shop-app", "shop-app-out-accept-p1-tcp:33060-to-shop-db"]));
    expect(viaIds.outputs).toEqual({ ingress: true, egress: true });
  });

  test("a Connection to a group the library did not make writes the restricted sender's egress only, as allowTo does", async () => {
    const viaIds = await captureStack(async () => {
      const tiers = await construct("shop", "ThreeTierSecurityGroups", { vpcId: "vpc-1", egress: "restricted" });
      return construct("app-to-partner", "Connection", { from: await passed(tiers.appId), to: "sg-partner", toName: "partner", ports: ["tcp:443"] });
    });
    // tiers.connections("app").allowTo({ securityGroupId: "sg-partner", name: "partner" }, "tcp:443") writes this one rule.
    const added = withoutConnections(viaIds.resources).filter((r) => r.name.includes("partner"));
    expect(added.map((r) => [r.name, r.parent?.split("::").pop(), r.inputs.sourceSecurityGroupId])).toEqual([["shop-app-out-accept-p1-tcp:443-to-partner", "shop", "sg-partner"]]);
    expect(viaIds.outputs).toEqual({ ingress: false, egress: true });
  });

  test("a Connection between two groups the library did not make is refused, naming the instance", async () => {
    // construct() fails with the error its ingress output carries.
    const failed = await captureStack(async () => construct("x", "Connection", { from: "sg-a", to: pulumi.output("sg-b"), toName: "b", portNumbers: [443] })).catch((e: CaptureError) => e);
    const error = (failed as CaptureError).thrown as ValidationError;
    expect([error.code, error.field]).toEqual(["invalid-argument", "args.to"]);
    expect(error.message).toMatch(/^alicloud-secgroups: Connection "x": args\.to is not a group this library made, and neither is args\.from/);
    expect(failed).toBeInstanceOf(CaptureError);
    const none = await refused(async () => construct("y", "Connection", { from: "sg-a", to: "sg-b", ports: [] }));
    expect([none.error.field, none.registered]).toEqual(["args.ports", []]);
  });

  test("a whitelist set later on a group that components admit gets their egress accepts, as in TypeScript", async () => {
    const viaIds = await captureStack(async () => {
      const tiers = await construct("shop", "ThreeTierSecurityGroups", { vpcId: "vpc-1" });
      await construct("cache", "DatabaseSecurityGroup", { vpcId: "vpc-1", engine: "redis", sources: [{ securityGroupId: await passed(tiers.appId), name: "shop-app" }] });
      return construct("app-out", "OutboundWhitelist", { securityGroupId: await passed(tiers.appId), destinations: [{ cidr: "47.96.0.10", portNumbers: [443] }] });
    });
    const ts = await captureStack(() => {
      const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1" });
      new DatabaseSecurityGroup("cache", { vpcId: "vpc-1", engine: "redis", sources: [tiers.app] });
      new OutboundWhitelist("app-out", { securityGroupId: tiers.app, destinations: [{ cidr: "47.96.0.10", ports: [443] }] });
    });
    expect(unlocated(viaIds.resources)).toEqual(unlocated(ts.resources));
    expect(viaIds.resources.find((r) => r.name === "app-out-out-accept-p1-tcp:6379-to-cache-db")?.parent).toMatch(/OutboundWhitelist::app-out$/);
  });

  test("portNumbers join the ports; a bad number is refused under the field the caller wrote", async () => {
    const viaNumbers = await captureStack(async () => construct("shop", "ThreeTierSecurityGroups", { vpcId: "vpc-1", web: { ports: ["tcp:443"], portNumbers: [8443.0] }, admin: { sources: [{ cidr: "203.0.113.7" }], portNumbers: [2222] } }));
    expect(ruleRows(viaNumbers).filter((r) => / ingress \| accept .*(443|2222)\//.test(` ${r}`))).toEqual([
      "shop-app | ingress | accept | 1 | tcp | 2222/2222 | 203.0.113.7/32",
      "shop-db | ingress | accept | 1 | tcp | 2222/2222 | 203.0.113.7/32",
      "shop-web | ingress | accept | 1 | tcp | 2222/2222 | 203.0.113.7/32",
      "shop-web | ingress | accept | 1 | tcp | 443/443 | 0.0.0.0/0",
      "shop-web | ingress | accept | 1 | tcp | 8443/8443 | 0.0.0.0/0",
    ]);
    const { error } = await refused(async () => construct("shop", "ThreeTierSecurityGroups", { vpcId: "vpc-1", web: { ports: ["tcp:443"], portNumbers: [8443, 70000] } }));
    expect([error.code, error.field]).toEqual(["invalid-port", "args.web.portNumbers[1]"]);
    expect(error.message).toMatch(/ThreeTierSecurityGroups "shop": args\.web\.portNumbers\[1\] /);
  });

  test("an interconnect member's privateIp may be known only at deploy time, as in TypeScript", async () => {
    const members = () => [{ name: "a", securityGroupId: "sg-a", privateIp: pulumi.output("10.0.1.11") }, { name: "b", securityGroupId: "sg-b", privateIp: "10.0.1.12" }];
    const viaPlugin = await captureStack(async () => construct("ic", "InterconnectGroup", { method: "single-ip", ports: ["tcp:3306"], members: members() }));
    const ts = await captureStack(() => new InterconnectGroup("ic", { method: "single-ip", ports: ["tcp:3306"], members: members() }));
    expect(viaPlugin.resources.length).toBeGreaterThan(1);
    expect(unlocated(viaPlugin.resources)).toEqual(unlocated(ts.resources));
  });
});

describe("intents: the caller's in the arguments, the component's and the caller's in the outputs", () => {
  const provider = pluginProvider();
  beforeAll(() => provider.getSchema());
  const T = (c: string) => `alicloud-secgroups:index:${c}`;
  const construct = async (name: string, component: string, inputs: Json) => (await provider.construct(name, T(component), inputs, {})).state as Json;
  const mine = [
    { id: "no-internet-to-db", from: { internet: true }, to: { component: "shop", tier: "db" }, allPorts: true, expect: "deny", because: "PCI" },
    { id: "web-serves-https", from: { internet: true, family: "ipv4", group: null }, to: { group: "shop-web" }, ports: ["tcp:443"], portNumbers: null, expect: "allow" },
  ];

  test("the output holds the component's own intents, groups named by their ids, then the caller's; all of them prove on the network", async () => {
    const run = await captureStack(async () => construct("shop", "ThreeTierSecurityGroups", { vpcId: "vpc-1", egress: "restricted", intents: mine }));
    const out = run.outputs.intents as Json[];
    const ids = Object.fromEntries(run.resources.filter((r) => r.type === "alicloud:ecs/securityGroup:SecurityGroup").map((r) => [r.name, r.id]));
    expect(out.find((i) => i.id === "ThreeTierSecurityGroups/shop/web-to-db")).toMatchObject({ from: { group: ids["shop-web"] }, to: { group: ids["shop-db"] }, allPorts: true, expect: "deny", declaredBy: 'ThreeTierSecurityGroups "shop"', unless: expect.arrayContaining([{ from: { group: ids["shop-app"] }, to: { group: ids["shop-db"] }, ports: ["tcp:3306"] }]) });
    expect(out.find((i) => i.id === "ThreeTierSecurityGroups/shop/clients-to-web")).toMatchObject({ from: { internet: true, family: "ipv4" }, ports: ["tcp:80", "tcp:443"], expect: "allow" });
    expect(out.slice(-2)).toEqual([
      { id: "no-internet-to-db", from: { internet: true }, to: { component: "shop", tier: "db" }, allPorts: true, expect: "deny", because: "PCI" },
      { id: "web-serves-https", from: { internet: true, family: "ipv4" }, to: { group: "shop-web" }, ports: ["tcp:443"], expect: "allow" },
    ]);
    // What a reader of the output proves: every intent, the component selector read from the tiers' groups.
    const intents = out.map((i, n) => declaredIntentFromArgs(i as DeclaredIntentArgs, `intents[${n}]`));
    const context = { components: { shop: { tiers: { web: [ids["shop-web"]], app: [ids["shop-app"]], db: [ids["shop-db"]] } } } };
    expect(proveIntents(run.network, intents, context).filter((r) => r.status !== "proven")).toEqual([]);
  });

  test("every component has the output; a component that makes no group names the one it writes into", async () => {
    const run = await captureStack(async () => ({
      whitelist: (await construct("out", "OutboundWhitelist", { securityGroupId: "sg-workers", destinations: [{ cidr: "47.96.0.10", portNumbers: [443] }] })).intents,
      workbench: (await construct("ops", "WorkbenchAccess", { securityGroupId: pulumi.output("sg-ops") })).intents,
      database: (await construct("cache", "DatabaseSecurityGroup", { vpcId: "vpc-1", engine: "redis", sources: [{ cidr: "10.0.5.0/24" }] })).intents,
      interconnect: (await construct("mesh", "InterconnectGroup", { method: "dedicated-group", vpcId: "vpc-1", members: [{ name: "a" }, { name: "b" }] })).intents,
    }));
    const out = run.outputs as Record<string, Json[]>;
    expect(out.whitelist.map((i) => [i.id, i.from])).toEqual([["OutboundWhitelist/out/to-destination", { group: "sg-workers" }], ["OutboundWhitelist/out/to-anything-else", { group: "sg-workers" }]]);
    expect(out.workbench.every((i) => i.to.group === "sg-ops")).toBe(true);
    expect(out.database[0]).toMatchObject({ from: { cidr: "10.0.5.0/24" }, to: { group: "sg-cache-db" }, ports: ["tcp:6379"] });
    expect(out.interconnect.length).toBeGreaterThan(0);
  });

  /** The refusal of a construct() with these intents, and how many resources it registered first. */
  async function refusal(intents: unknown, component = "ThreeTierSecurityGroups", base: Json = { vpcId: "vpc-1" }) {
    const { error, registered } = await refused(async () => construct("shop", component, { ...base, intents }));
    return { code: error.code, field: error.field, message: error.message, registered: registered.length };
  }

  test.each([
    ["a selector naming two things", [{ id: "a", from: { internet: true, group: "sg-1" }, to: { group: "sg-2" }, allPorts: true, expect: "deny" }], "invalid-argument", "args.intents[0].from", /names internet and group: a selector is one of them/],
    ["a selector naming nothing", [{ id: "a", from: {}, to: { group: "sg-2" }, allPorts: true, expect: "deny" }], "invalid-argument", "args.intents[0].from", /names nothing/],
    ["a field no intent has", [{ id: "a", from: { anywhere: true }, to: { group: "sg-2" }, allPorts: true, expect: "deny", becuase: "x" }], "invalid-argument", "args.intents[0].becuase", /is not a field of an intent/],
    ["an expectation that is neither", [{ id: "a", from: { anywhere: true }, to: { group: "sg-2" }, allPorts: true, expect: "block" }], "invalid-argument", "args.intents[0].expect", /is not allow or deny/],
    ["a port number out of range, where it was written", [{ id: "a", from: { anywhere: true }, to: { group: "sg-2" }, ports: ["tcp:22"], portNumbers: [443, 70000], expect: "deny" }], "invalid-port", "args.intents[0].portNumbers[1]", /portNumbers\[1\]/],
    ["no port", [{ id: "a", from: { anywhere: true }, to: { group: "sg-2" }, expect: "deny" }], "invalid-argument", "args.intents[0].ports", /names no port/],
    ["every port and a list", [{ id: "a", from: { anywhere: true }, to: { group: "sg-2" }, allPorts: true, ports: ["tcp:22"], expect: "deny" }], "invalid-argument", "args.intents[0].allPorts", /together with ports/],
    ["a family without internet", [{ id: "a", from: { anywhere: true, family: "ipv4" }, to: { group: "sg-2" }, allPorts: true, expect: "deny" }], "invalid-argument", "args.intents[0].from.family", /applies only to internet/],
    ["a tier without a component", [{ id: "a", from: { anywhere: true }, to: { group: "sg-2", tier: "db" }, allPorts: true, expect: "deny" }], "invalid-argument", "args.intents[0].to.tier", /needs a component/],
    ["a block that is not one", [{ id: "a", from: { cidr: "10.0.0.300/32" }, to: { group: "sg-2" }, allPorts: true, expect: "deny" }], "invalid-cidr", "args.intents[0].from.cidr", /is not an address or block/],
    ["two intents with one id", [{ id: "a", from: { anywhere: true }, to: { group: "sg-2" }, allPorts: true, expect: "deny" }, { id: "a", from: { anywhere: true }, to: { group: "sg-3" }, allPorts: true, expect: "deny" }], "duplicate-id", "args.intents[1].id", /already the id of another intent/],
    ["the id of one of the component's own", [{ id: "ThreeTierSecurityGroups/shop/web-to-db", from: { anywhere: true }, to: { group: "sg-2" }, allPorts: true, expect: "deny" }], "duplicate-id", "args.intents[0].id", /already the id/],
    ["a value known only at deploy time", [{ id: "a", from: { anywhere: true }, to: { group: pulumi.output("sg-2") }, allPorts: true, expect: "deny" }], "invalid-argument", "args.intents[0].to.group", /must be a plain value/],
    ["not a list", { id: "a" }, "invalid-object", "args.intents", /must be a list of intents/],
  ])("%s is refused naming the instance and the entry, before anything exists", async (_, intents, code, field, message) => {
    const r = await refusal(intents);
    expect({ code: r.code, field: r.field, registered: r.registered }).toEqual({ code, field, registered: 0 });
    expect(r.message).toMatch(new RegExp(`^alicloud-secgroups: ThreeTierSecurityGroups "shop": ${field.replace(/[.[\]]/g, "\\$&")} `));
    expect(r.message).toMatch(message);
  });

  test("every component takes them, and refuses them the same way", async () => {
    for (const [component, base] of [["OutboundWhitelist", { securityGroupId: "sg-w", destinations: [{ cidr: "47.96.0.10", portNumbers: [443] }] }], ["WorkbenchAccess", { securityGroupId: "sg-ops" }], ["DatabaseSecurityGroup", { vpcId: "vpc-1", sources: [{ cidr: "10.0.5.0/24" }] }], ["InterconnectGroup", { method: "dedicated-group", vpcId: "vpc-1", members: [{ name: "a" }, { name: "b" }] }]] as const) {
      const r = await refusal([{ id: "a", from: { internet: true }, to: { tier: "db" }, allPorts: true, expect: "deny" }], component, base);
      expect([component, r.field, r.registered]).toEqual([component, "args.intents[0].to.tier", 0]);
      expect(r.message).toMatch(new RegExp(`^alicloud-secgroups: ${component} "shop": args\\.intents\\[0\\]\\.to\\.tier needs a component`));
    }
  });
});
