/**
 * The plugin's entry: the Node.js language host runs this file, which serves the components to
 * Pulumi programs in any language (`pulumi package add`, then the generated SDK). The schema is
 * inferred from the argument interfaces in components.ts; tokens are
 * `alicloud-secgroups:index:<ClassName>`.
 */
import { componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { Connection, DatabaseSecurityGroup, InterconnectGroup, OutboundWhitelist, ThreeTierSecurityGroups, WorkbenchAccess } from "./components";

// This folder: its package.json and tsconfig.json drive the schema inference.
declare const __dirname: string;

componentProviderHost({
  name: "alicloud-secgroups",
  dirname: __dirname,
  components: [ThreeTierSecurityGroups, DatabaseSecurityGroup, InterconnectGroup, WorkbenchAccess, OutboundWhitelist, Connection],
});
