/** Both sides of every path: a group the library made, passed as a source, gets its egress wired. */
import * as alicloud from "@pulumi/alicloud";
import { evaluateFlow } from "../../lib/analysis";
import { DatabaseSecurityGroup, OutboundWhitelist, ThreeTierSecurityGroups, WorkbenchAccess } from "../../lib/components";
import { captureStack } from "../../lib/testing/capture-network";
import { proveIntents } from "../../lib/analysis/intents";
import { stackIntents } from "../../lib/components/promises";

describe("connectable groups", () => {
  test("a restricted-egress app tier and a Redis group that admits it: the app instance reaches Redis", async () => {
    const c = await captureStack(() => {
      const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", egress: "restricted" });
      const redis = new DatabaseSecurityGroup("cache", { vpcId: "vpc-1", engine: "redis", sources: [tiers.app] });
      new alicloud.ecs.Instance("app-1", { securityGroups: [tiers.appId], instanceType: "ecs.g7.large", imageId: "img", vswitchId: "vsw-1", privateIp: "10.0.2.5" });
      new alicloud.ecs.Instance("redis-1", { securityGroups: [redis.groupId], instanceType: "ecs.g7.large", imageId: "img", vswitchId: "vsw-1", privateIp: "10.0.3.5" });
    });
    const names = c.resources.map((r) => r.name);
    // The receiving side, and the sender's egress, as a child of the tiers' own component.
    expect(names).toContain("cache-db-in-accept-p1-tcp:6379-from-shop-app");
    expect(names).toContain("shop-app-out-accept-p1-tcp:6379-to-cache-db");
    const egress = c.resources.find((r) => r.name === "shop-app-out-accept-p1-tcp:6379-to-cache-db")!;
    expect(egress.parent).toMatch(/ThreeTierSecurityGroups::shop$/);
    expect(egress.inputs).toMatchObject({ type: "egress", ipProtocol: "tcp", portRange: "6379/6379", sourceSecurityGroupId: "sg-cache-db", securityGroupId: "sg-shop-app" });
    const ids = Object.fromEntries(c.resources.filter((r) => r.type === "alicloud:ecs/instance:Instance").map((r) => [r.name, r.id]));
    expect(evaluateFlow(c.network, { from: ids["app-1"], to: ids["redis-1"], protocol: "tcp", port: 6379 }).allowed).toBe(true);
    expect(evaluateFlow(c.network, { from: ids["app-1"], to: ids["redis-1"], protocol: "tcp", port: 6380 }).allowed).toBe(false);
  });

  test("with the tiers' default egress, only the receiving side is written", async () => {
    const c = await captureStack(() => {
      const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1" });
      new DatabaseSecurityGroup("cache", { vpcId: "vpc-1", engine: "redis", sources: [tiers.app] });
    });
    expect(c.resources.map((r) => r.name).filter((n) => n.includes("-to-cache-db"))).toEqual([]);
  });

  test("a bastion's group as an admin source: a group the library did not make is named after its resource", async () => {
    const c = await captureStack(() => {
      const bastion = new alicloud.ecs.SecurityGroup("bastion", { vpcId: "vpc-1" });
      new WorkbenchAccess("ops", { securityGroupId: "sg-ops", via: "none", adminSources: [bastion] });
    });
    const rule = c.resources.find((r) => r.name.startsWith("ops-in-accept"))!;
    expect(rule.name).toBe("ops-in-accept-p1-tcp:22-from-bastion");
    expect(rule.inputs.sourceSecurityGroupId).toBe("sg-bastion");
    expect(String(rule.inputs.description)).not.toContain("sg-admin-");
  });

  test("the added egress counts in the sender's quota", async () => {
    await expect(
      captureStack(() => {
        const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", egress: "restricted", app: { ports: Array.from({ length: 190 }, (_, i) => 8000 + i) } });
        new DatabaseSecurityGroup("cache", { vpcId: "vpc-1", engine: "redis", ports: Array.from({ length: 10 }, (_, i) => 6379 + i), sources: [tiers.app] });
      }),
    ).rejects.toThrow(/rule-quota|over the quota/);
  });
});

describe("allowFrom and allowTo", () => {
  test("tiers.connections(\"app\").allowTo(redis.group, 6379) writes Redis's ingress and the restricted app tier's egress", async () => {
    const c = await captureStack(() => {
      const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", egress: "restricted" });
      const redis = new DatabaseSecurityGroup("cache", { vpcId: "vpc-1", engine: "redis", sources: ["10.0.9.0/24"] });
      tiers.connections("app").allowTo(redis.group, "tcp:6379");
      new alicloud.ecs.Instance("app-1", { securityGroups: [tiers.appId], instanceType: "ecs.g7.large", imageId: "img", vswitchId: "vsw-1", privateIp: "10.0.2.5" });
      new alicloud.ecs.Instance("redis-1", { securityGroups: [redis.groupId], instanceType: "ecs.g7.large", imageId: "img", vswitchId: "vsw-1", privateIp: "10.0.3.5" });
    });
    const names = c.resources.map((r) => r.name);
    expect(names).toContain("cache-db-in-accept-p1-tcp:6379-from-shop-app");
    expect(names).toContain("shop-app-out-accept-p1-tcp:6379-to-cache-db");
    const ids = Object.fromEntries(c.resources.filter((r) => r.type === "alicloud:ecs/instance:Instance").map((r) => [r.name, r.id]));
    expect(evaluateFlow(c.network, { from: ids["app-1"], to: ids["redis-1"], protocol: "tcp", port: 6379 }).allowed).toBe(true);
  });

  test("allowFrom joins the owner's guard: a database port from the world is refused the same way", async () => {
    await expect(
      captureStack(() => {
        const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1" });
        tiers.connections("db").allowFrom("0.0.0.0/0", 3306);
      }),
    ).rejects.toThrow(/ThreeTierSecurityGroups "shop": connections\("db"\)\.allowFrom\.peer opens/);
  });

  test("allowFrom a bastion's group on SSH is one rule, named after the bastion", async () => {
    const c = await captureStack(() => {
      const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1" });
      tiers.connections("web").allowFrom({ securityGroupId: "sg-bastion", name: "bastion" }, 22);
    });
    expect(c.resources.map((r) => r.name)).toContain("shop-web-in-accept-p1-tcp:22-from-bastion");
  });
});

describe("a sender restricted by an OutboundWhitelist", () => {
  const program = (whitelistFirst: boolean) => () => {
    const appSg = new alicloud.ecs.SecurityGroup("app", { vpcId: "vpc-1" });
    const whitelist = () => new OutboundWhitelist("app-out", { securityGroupId: appSg.id, destinations: [{ cidr: "47.96.0.10", ports: [443] }] });
    if (whitelistFirst) whitelist();
    const redis = new DatabaseSecurityGroup("cache", { vpcId: "vpc-1", engine: "redis", sources: [appSg] });
    if (!whitelistFirst) whitelist();
    new alicloud.ecs.Instance("app-1", { securityGroups: [appSg.id], instanceType: "ecs.g7.large", imageId: "img", vswitchId: "vsw-1", privateIp: "10.0.2.5" });
    new alicloud.ecs.Instance("redis-1", { securityGroups: [redis.groupId], instanceType: "ecs.g7.large", imageId: "img", vswitchId: "vsw-1", privateIp: "10.0.3.5" });
  };
  test.each([true, false])("gets its egress accept as a child of the whitelist (whitelist constructed first: %s), so the path is open", async (first) => {
    const c = await captureStack(program(first));
    const egress = c.resources.find((r) => r.name === "app-out-out-accept-p1-tcp:6379-to-cache-db");
    expect(egress?.parent).toMatch(/OutboundWhitelist::app-out$/);
    const ids = Object.fromEntries(c.resources.filter((r) => r.type === "alicloud:ecs/instance:Instance").map((r) => [r.name, r.id]));
    expect(evaluateFlow(c.network, { from: ids["app-1"], to: ids["redis-1"], protocol: "tcp", port: 6379 }).allowed).toBe(true);
  });
});

describe("the object form wires the same path", () => {
  test("{ securityGroupId: tiers.appId, name } is the same connectable as tiers.app", async () => {
    const c = await captureStack(() => {
      const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", egress: "restricted" });
      new DatabaseSecurityGroup("cache", { vpcId: "vpc-1", engine: "redis", sources: [{ securityGroupId: tiers.appId, name: "app" }] });
    });
    expect(c.resources.map((r) => r.name)).toContain("shop-app-out-accept-p1-tcp:6379-to-cache-db");
  });
});

describe("verbs and the stack's promises", () => {
  const ids = (c: { resources: { type: string; name: string; id: string }[] }) => Object.fromEntries(c.resources.filter((r) => r.type === "alicloud:ecs/instance:Instance").map((r) => [r.name, r.id]));

  test.each([true, false])("allowTo a block from a group an OutboundWhitelist restricts: the whitelist writes the accept, whichever comes first (whitelist first: %s)", async (first) => {
    const c = await captureStack(() => {
      const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1" });
      const whitelist = () => new OutboundWhitelist("app-out", { securityGroupId: tiers.app, destinations: [{ cidr: "47.96.0.10", ports: [443] }] });
      if (first) whitelist();
      tiers.connections("app").allowTo("10.0.6.0/24", "tcp:9000");
      if (!first) whitelist();
      new alicloud.ecs.Instance("app-1", { securityGroups: [tiers.appId], instanceType: "ecs.g7.large", imageId: "img", vswitchId: "vsw-1", privateIp: "10.0.2.5" });
    });
    const accept = c.resources.find((r) => r.name === "app-out-out-accept-p1-tcp:9000-to-10.0.6.0/24");
    expect(accept?.parent).toMatch(/OutboundWhitelist::app-out$/);
    expect(evaluateFlow(c.network, { from: ids(c)["app-1"], to: "10.0.6.7", protocol: "tcp", port: 9000 }).allowed).toBe(true);
    expect(evaluateFlow(c.network, { from: ids(c)["app-1"], to: "10.0.6.7", protocol: "tcp", port: 9001 }).allowed).toBe(false);
    const { intents, context } = await stackIntents();
    expect(proveIntents(c.network, intents, context).filter((r) => r.status !== "proven")).toEqual([]);
    expect(intents.map((i) => i.id)).toContain("ThreeTierSecurityGroups/shop/allow-to-from-app");
  });

  test("allowTo from web to the database tier: the tiers' own 'web never reaches db' leaves out what the verb added, and every tier stays named", async () => {
    const c = await captureStack(() => {
      const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", egress: "restricted" });
      tiers.connections("web").allowTo(tiers.db, 5432);
    });
    const { intents, context } = await stackIntents();
    expect(proveIntents(c.network, intents, context).filter((r) => r.status !== "proven")).toEqual([]);
    expect(Object.keys(context.components?.shop.tiers ?? {}).sort()).toEqual(["app", "db", "web"]);
    const [r] = proveIntents(c.network, [{ id: "x", from: { component: "shop", tier: "web" }, to: { component: "shop", tier: "db" }, ports: [5432], expect: "allow" }], context);
    expect(r.status).toBe("proven");
  });
});
