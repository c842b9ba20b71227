/**
 * The README's advice for an OutboundWhitelist on a restricted tier (`denyAll: false`), run as
 * the README writes it: the whitelist's destinations pass, and no other destination does, IPv6
 * included.
 */
import * as fs from "fs";
import * as path from "path";
import * as alicloud from "@pulumi/alicloud";
import * as ts from "typescript";
import { evaluateFlow } from "../../lib/analysis/evaluate-flow";
import { proveIntents } from "../../lib/analysis/intents";
import { OutboundWhitelist, ThreeTierSecurityGroups } from "../../lib/components";
import { stackIntents } from "../../lib/components/promises";
import { captureStack } from "../../lib/testing/capture-network";

const README = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");

/** The README's TypeScript example that passes `denyAll: false`. */
function documented(): string {
  const blocks = [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => /denyAll: false/.test(b));
  expect(blocks).toHaveLength(1);
  return blocks[0];
}

describe("the README's denyAll: false on a restricted tier", () => {
  test("the documented composition denies every other destination, IPv6 included", async () => {
    const code = ts.transpileModule(documented(), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
    const c = await captureStack(() => {
      const vpc = { id: "vpc-1" };
      const tiers = new Function("ThreeTierSecurityGroups", "OutboundWhitelist", "vpc", `${code}\nreturn tiers;`)(ThreeTierSecurityGroups, OutboundWhitelist, vpc) as ThreeTierSecurityGroups;
      new alicloud.ecs.Instance("app-1", { securityGroups: [tiers.appId], instanceType: "ecs.g7.large", imageId: "img", vswitchId: "vsw-1", privateIp: "10.0.2.5" });
    });
    const app = c.resources.find((r) => r.name === "app-1")!.id;
    // The instance is dual-stack (the stack reader takes its IPv4 address only).
    const network = { ...c.network, instances: (c.network.instances ?? []).map((i) => (i.id === app ? { ...i, ipv6Addresses: ["fd00:2::5"] } : i)) };
    const out = (to: string, port: number) => evaluateFlow(network, { from: app, to, protocol: "tcp", port }).allowed;
    expect(out("47.96.0.10", 443)).toBe(true);
    expect(out("47.96.0.10", 80)).toBe(false);
    expect(out("203.0.113.9", 443)).toBe(false);
    expect(out("2001:4860:4860::8888", 443)).toBe(false);
    expect(out("2400:3200::1", 53)).toBe(false);
    // The stack's promises hold, and nothing but the whitelisted destination leaves the app tier, in either family.
    const { intents, context } = await stackIntents();
    expect(proveIntents(network, intents, context).filter((r) => r.status !== "proven")).toEqual([]);
    const [v6, v4] = proveIntents(
      network,
      [
        { id: "no-ipv6-out", from: { group: tiers(c) }, to: "internet-ipv6", ports: "*", expect: "deny" },
        { id: "only-the-destination", from: { group: tiers(c) }, to: "internet-ipv4", ports: "*", expect: "deny", declaredBy: "x", unless: [{ from: { group: tiers(c) }, to: "47.96.0.10", ports: [443] }] },
      ],
    );
    expect([v6.status, v4.status]).toEqual(["proven", "proven"]);
  });
});

/** The app tier's group id in a capture. */
function tiers(c: { resources: { type: string; name: string; id: string }[] }): string {
  return c.resources.find((r) => r.type === "alicloud:ecs/securityGroup:SecurityGroup" && r.name === "shop-app")!.id;
}
