// The plugin folder as shipped in the tarball, run the way Pulumi's Node.js host runs it: its
// TypeScript sources loaded with ts-node, "alicloud-secgroups" resolved to the installed
// package. Checks that the inferred schema is the shipped schema.json and that construct()
// registers the components' children on Pulumi's mocks.
// Usage: node plugin-check.js [plugin folder] (default: the installed package's).
const path = require("path");
const plugin = path.resolve(process.argv[2] ?? "node_modules/alicloud-secgroups/plugin");
// Everything as the plugin folder resolves it.
const load = (id) => require(require.resolve(id, { paths: [plugin] }));
load("ts-node").register({ transpileOnly: true, project: path.join(plugin, "tsconfig.json") });
const { ComponentProvider } = load("@pulumi/pulumi/provider/experimental");
const { testing } = load("alicloud-secgroups");
const components = require(path.join(plugin, "components.ts"));

async function main() {
  const provider = new ComponentProvider({
    name: "alicloud-secgroups",
    dirname: plugin,
    components: [components.ThreeTierSecurityGroups, components.DatabaseSecurityGroup, components.InterconnectGroup, components.WorkbenchAccess, components.OutboundWhitelist, components.Connection],
  });
  const schema = JSON.parse(await provider.getSchema());
  const shipped = require(path.join(plugin, "schema.json"));
  if (JSON.stringify(schema) !== JSON.stringify(shipped)) throw new Error("the inferred schema differs from the shipped plugin/schema.json");
  console.log(`plugin (${path.relative(process.cwd(), plugin) || "."}): schema of ${Object.keys(schema.resources).length} components, ${Object.keys(schema.types).length} types, as shipped`);
  const { resources, outputs } = await testing.captureStack(async () => (await provider.construct("shop", "alicloud-secgroups:index:ThreeTierSecurityGroups", { vpcId: "vpc-1", web: { ports: ["tcp:443"] } }, {})).state);
  const groups = resources.filter((r) => r.type === "alicloud:ecs/securityGroup:SecurityGroup").length;
  if (groups !== 3 || typeof outputs.webId !== "string" || !Array.isArray(outputs.ruleIds)) throw new Error(`unexpected construct result ${JSON.stringify({ groups, outputs })}`);
  console.log(`plugin: construct() registered ${resources.length} resources, ${outputs.ruleIds.length} rules`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
