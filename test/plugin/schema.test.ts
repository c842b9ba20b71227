/**
 * The plugin's schema is a public contract: inferred in-process from the facades' TypeScript
 * types exactly as Pulumi's Node.js host infers it, compared with the committed
 * plugin/schema.json. A change to it is a change of the API every other language sees:
 * review the diff, then refresh the file with `UPDATE_PLUGIN_SCHEMA=1 npx jest test/plugin`.
 */
import * as fs from "fs";
import * as path from "path";
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
    "InterconnectMemberArgs.securityGroupId",
    "OutboundWhitelist.securityGroupId",
    "PeerArgs.cidr",
    "PeerArgs.ipv6Cidr",
    "PeerArgs.securityGroupId",
    "ThreeTierSecurityGroups.vpcId",
    "WhitelistDestinationArgs.cidr",
    "WhitelistDestinationArgs.ipv6Cidr",
    "WhitelistDestinationArgs.securityGroupId",
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
