/**
 * The plugin folder as Pulumi's Node.js host serves it, with the library resolved to this
 * repository's sources instead of an installed copy: a temporary folder holding the plugin's
 * package.json (its entry pointing at plugin/index.ts) and a tsconfig.json that extends the
 * plugin's, mapping "alicloud-secgroups" to lib/index.ts. The facades' argument interfaces live
 * in plugin/, so the inferred schema is the one an installed plugin infers.
 */
import * as fs from "fs";
import * as path from "path";
import { scratchDir } from "../scratch";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { Connection, DatabaseSecurityGroup, InterconnectGroup, OutboundWhitelist, ThreeTierSecurityGroups, WorkbenchAccess } from "../../plugin/components";

export const ROOT = path.resolve(__dirname, "../..");
export const PLUGIN_DIR = path.join(ROOT, "plugin");
export const SCHEMA_FILE = path.join(PLUGIN_DIR, "schema.json");
export const COMPONENTS = [ThreeTierSecurityGroups, DatabaseSecurityGroup, InterconnectGroup, WorkbenchAccess, OutboundWhitelist, Connection];

let shared: ComponentProvider | undefined;

/** A provider over the plugin's sources, as `componentProviderHost` in plugin/index.ts makes it (one per test file: it caches the inferred schema). */
export function pluginProvider(): ComponentProvider {
  if (shared) return shared;
  const dir = scratchDir("secgroups-plugin-");
  const pkg = JSON.parse(fs.readFileSync(path.join(PLUGIN_DIR, "package.json"), "utf8"));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ ...pkg, main: path.join(PLUGIN_DIR, "index.ts") }));
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      extends: path.join(PLUGIN_DIR, "tsconfig.json"),
      compilerOptions: { baseUrl: ROOT, paths: { "alicloud-secgroups": ["lib/index.ts"], "alicloud-secgroups/*": ["lib/*"] } },
      files: [path.join(PLUGIN_DIR, "index.ts")],
    }),
  );
  shared = new ComponentProvider({ name: "alicloud-secgroups", components: COMPONENTS, dirname: dir });
  return shared;
}
