/**
 * The intents of the plugin's components, read from `pulumi preview --json`: a Python, Go, C# or
 * YAML program's promises and its own intents reach audit and diff through the preview, and
 * prove over the network the preview holds.
 */
import * as fs from "fs";
import * as path from "path";
import { scratchDir } from "../scratch";
import { proveIntents } from "../../lib/analysis/intents";
import { runReviewCommand } from "../../lib/cli/review-commands";
import { readOneNetwork } from "../../lib/sources";
import { COMPUTED_SENTINEL } from "../../lib/sources/pulumi-preview";
import { jsonFile } from "./helpers";
import { PluginCall, constructAll, previewOf } from "./preview-intents";

type Json = Record<string, any>;

const SHOP: PluginCall = {
  component: "ThreeTierSecurityGroups",
  name: "shop",
  inputs: {
    vpcId: "vpc-1",
    egress: "restricted",
    intents: [
      { id: "no-internet-to-db", from: { internet: true }, to: { component: "shop", tier: "db" }, allPorts: true, expect: "deny", because: "PCI" },
      { id: "db-on-the-internet", from: { internet: true, family: "ipv4" }, to: { component: "shop", tier: "db" }, portNumbers: [3306], expect: "allow" },
    ],
  },
};
const OPS: PluginCall = { component: "WorkbenchAccess", name: "ops", inputs: { securityGroupId: "sg-shop-app", via: "public" } };
const CACHE: PluginCall = { component: "DatabaseSecurityGroup", name: "cache", inputs: { vpcId: "vpc-1", engine: "redis", sources: [{ cidr: "10.0.5.0/24" }], intents: [{ id: "cache-off-the-internet", from: { internet: true }, to: { group: "cache-db" }, allPorts: true, expect: "deny" }] } };

async function read(calls: PluginCall[], created: string[] = []) {
  const built = await constructAll(calls);
  const doc = previewOf(built, new Set(created));
  return { net: readOneNetwork("preview.json", [jsonFile("preview.json", doc)]), doc };
}

describe("intents in a preview of a deployed stack", () => {
  test("each component's promises, groups named by their ids, and the caller's: proven or broken over the network read", async () => {
    const { net } = await read([SHOP, OPS]);
    const ids = net.intents!.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining(["ThreeTierSecurityGroups/shop/web-to-db", "ThreeTierSecurityGroups/shop/app-to-internet", "no-internet-to-db", "db-on-the-internet", "WorkbenchAccess/ops/workbench-public"]));
    expect(net.intents!.find((i) => i.id === "ThreeTierSecurityGroups/shop/web-to-db")).toMatchObject({ from: { group: "sg-shop-web" }, to: { group: "sg-shop-db" }, declaredBy: 'ThreeTierSecurityGroups "shop"' });
    // The component selector reads the tiers from the component's groups.
    expect(net.intentContext?.components?.shop).toEqual({ type: "ThreeTierSecurityGroups", tiers: { web: ["sg-shop-web"], app: ["sg-shop-app"], db: ["sg-shop-db"] } });
    const results = proveIntents(net.model, net.intents!, net.intentContext);
    expect(results.filter((r) => r.status !== "proven").map((r) => [r.id, r.status])).toEqual([["db-on-the-internet", "broken"]]);
    expect(results.find((r) => r.id === "db-on-the-internet")?.witness?.reason).toMatch(/^tcp:3306 from 1\.0\.0\.0 to member of sg-shop-db \(10\.0\.0\.0\) is denied/);
  });

  test("a component's deny leaves out what another component allows, as the stack's proof reads them: Workbench into the app tier", async () => {
    const { net } = await read([SHOP, OPS]);
    const deny = net.intents!.find((i) => i.id === "ThreeTierSecurityGroups/shop/internet-to-app")!;
    expect(deny.unless).toEqual(expect.arrayContaining([{ from: "161.117.0.0/16", to: { group: "sg-shop-app" }, ports: ["tcp:22"] }]));
    expect(proveIntents(net.model, [deny], net.intentContext)[0].status).toBe("proven");
    expect(proveIntents(net.model, [{ ...deny, unless: deny.unless!.filter((u) => u.from !== "161.117.0.0/16") }], net.intentContext)[0].status).toBe("broken");
  });

  test("a preview without the library's components holds no intents", async () => {
    const { net } = await read([]);
    expect(net.intents).toBeUndefined();
  });
});

describe("intents in a preview of new components", () => {
  test("a new component's step holds its inputs only: the caller's intents are read, its own promises are listed as not in the preview", async () => {
    const { net } = await read([SHOP, CACHE], ["cache"]);
    expect(net.intents!.map((i) => i.id)).toContain("cache-off-the-internet");
    expect(net.intents!.some((i) => i.id.startsWith("DatabaseSecurityGroup/cache/"))).toBe(false);
    expect(net.unresolved).toContainEqual(expect.objectContaining({ kind: "unknown-value", subject: "urn:pulumi:prod::shop::alicloud-secgroups:index:DatabaseSecurityGroup::cache", effect: expect.stringMatching(/^its own promises are in its intents output, which this step does not carry .*; its caller's intents \(args\.intents\) are$/) }));
    // The new group is named by its resource (its id is not known yet); the caller named it so.
    const [r] = proveIntents(net.model, net.intents!.filter((i) => i.id === "cache-off-the-internet"), net.intentContext);
    expect(r.status).toBe("proven");
  });

  test("an output holding a group id not known yet: the intent is unproven, saying why; the whole output not known: listed, nothing read", async () => {
    const doc = previewOf(await constructAll([SHOP]));
    const shop = doc.steps.find((s: Json) => s.urn.endsWith("ThreeTierSecurityGroups::shop"));
    const intents = shop.oldState.outputs.intents as Json[];
    intents.find((i) => i.id === "ThreeTierSecurityGroups/shop/web-to-db")!.from.group = COMPUTED_SENTINEL;
    const net = readOneNetwork("preview.json", [jsonFile("preview.json", doc)]);
    const [r] = proveIntents(net.model, net.intents!.filter((i) => i.id === "ThreeTierSecurityGroups/shop/web-to-db"), net.intentContext);
    expect(r).toMatchObject({ status: "unproven", notes: [expect.stringMatching(/ThreeTierSecurityGroups::shop": a group or block of its intents is known only once it is deployed/)] });
    shop.oldState.outputs.intents = COMPUTED_SENTINEL;
    const none = readOneNetwork("preview.json", [jsonFile("preview.json", doc)]);
    expect(none.intents).toEqual([]);
    expect(none.unresolved).toContainEqual(expect.objectContaining({ kind: "unknown-value", effect: "its intents are not known at preview (written as unknown or secret): they are not proved here" }));
  });
});

describe("audit and diff of a preview prove the intents it carries", () => {
  test("audit: the program's promises and the caller's own, as declared (not re-recognised), the broken one a high finding", async () => {
    const { doc } = await read([SHOP, OPS]);
    const dir = scratchDir("preview-audit-");
    fs.writeFileSync(path.join(dir, "preview.json"), JSON.stringify(doc));
    const r = (await runReviewCommand(["audit", "preview.json", "--json"], dir)) as { exitCode: number; stdout: string };
    const report = JSON.parse(r.stdout);
    const byId = Object.fromEntries(report.intents.intents.map((i: { id: string }) => [i.id, i]));
    expect(byId["db-on-the-internet"]).toMatchObject({ status: "broken", source: "program" });
    expect(byId["ThreeTierSecurityGroups/shop/web-to-db"]).toMatchObject({ status: "proven", source: "program", declaredBy: 'ThreeTierSecurityGroups "shop"' });
    expect(report.findings.some((f: { check: string; intentId?: string }) => f.check === "broken-intent" && f.intentId === "db-on-the-internet")).toBe(true);
    expect(r.exitCode).toBe(1);
    const d = (await runReviewCommand(["diff", "preview.json", "preview.json", "--json"], dir)) as { exitCode: number; stdout: string };
    const diff = JSON.parse(d.stdout);
    expect(diff.intents.after.intents.find((i: { id: string }) => i.id === "no-internet-to-db")).toMatchObject({ status: "proven", source: "program" });
    expect(diff.intents.broken).toEqual([]);
    expect(d.exitCode).toBe(0);
  });
});
