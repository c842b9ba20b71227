/**
 * The forms a real program uses, on mocks: vSwitch blocks as Outputs in enterprise tiers, a
 * bastion's group as the admin source, port ranges and portless protocols between tiers.
 */
import * as alicloud from "@pulumi/alicloud";
import { ThreeTierSecurityGroups } from "../../lib/components";
import { ValidationError } from "../../lib/model/errors";
import { captureStack } from "../../lib/testing/capture-network";
import { matchers } from "../../lib/testing";

expect.extend(matchers);

describe("a real program's tiers", () => {
  test("enterprise tiers take the vSwitches' cidrBlock Outputs by name, and write the blocks once known", async () => {
    const c = await captureStack(() => {
      const vpc = new alicloud.vpc.Network("vpc", { cidrBlock: "10.0.0.0/16" });
      const vsw = (n: string, cidr: string) => new alicloud.vpc.Switch(n, { vpcId: vpc.id, cidrBlock: cidr, zoneId: "cn-hangzhou-h" });
      const web = vsw("web", "10.0.1.0/24");
      const app = vsw("app", "10.0.2.0/24");
      const db = vsw("db", "10.0.3.0/24");
      new ThreeTierSecurityGroups("shop", {
        vpcId: vpc.id,
        groupType: "enterprise",
        web: { cidrs: [{ cidr: web.cidrBlock, name: "web-a" }] },
        app: { cidrs: [{ cidr: app.cidrBlock, name: "app-a" }], ports: ["tcp:8000-8080", "udp:123", "icmp"] },
        db: { cidrs: [{ cidr: db.cidrBlock, name: "db-a" }] },
      });
    });
    const rules = c.resources.filter((r) => r.type === "alicloud:ecs/securityGroupRule:SecurityGroupRule");
    const appIn = rules.filter((r) => r.name.startsWith("shop-app-in-"));
    expect(appIn.map((r) => r.name).sort()).toEqual(["shop-app-in-accept-p1-icmp-from-web-a", "shop-app-in-accept-p1-tcp:8000-8080-from-web-a", "shop-app-in-accept-p1-udp:123-from-web-a"]);
    expect(appIn.every((r) => r.inputs.cidrIp === "10.0.1.0/24")).toBe(true);
    expect(rules.every((r) => !String(r.inputs.description).includes("198.18."))).toBe(true);
    // The app tier's instances are reached from the web vSwitch on the range, as one rule.
    const network = c.network;
    const appGroup = network.groups.find((g) => g.rules.some((r) => r.portRange === "8000/8080" && r.type === "ingress"))!;
    const withMembers = { ...network, instances: [{ id: "i-app", privateIp: "10.0.2.5", groups: [appGroup.id] }] };
    expect(withMembers).toAllow({ from: "10.0.1.9", to: "i-app", protocol: "tcp", port: 8042 });
    expect(withMembers).toAllow({ from: "10.0.1.9", to: "i-app", protocol: "udp", port: 123 });
    expect(withMembers).toAllow({ from: "10.0.1.9", to: "i-app", protocol: "icmp" });
    expect(withMembers).toDeny({ from: "10.0.9.9", to: "i-app", protocol: "tcp", port: 8042 });
  });

  test("a deploy-time vSwitch block that turns out world-open is refused once known, before any rule is created", async () => {
    let error: unknown;
    try {
      await captureStack(() => {
        const vsw = new alicloud.vpc.Switch("web", { vpcId: "vpc-1", cidrBlock: "0.0.0.0/0", zoneId: "cn-hangzhou-h" });
        new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", groupType: "enterprise", web: { cidrs: [{ cidr: vsw.cidrBlock, name: "web-a" }] }, app: { cidrs: ["10.0.2.0/24"] }, db: { cidrs: ["10.0.3.0/24"] } });
      });
    } catch (e) {
      error = e;
    }
    const text = String((error as { message?: string })?.message ?? error);
    expect(text).toContain("args.web.cidrs[0].cidr");
    expect(text).toContain("to every address");
    void ValidationError;
  });

  test("a bastion's group as the tiers' admin source", async () => {
    const c = await captureStack(() => {
      const bastion = new alicloud.ecs.SecurityGroup("bastion", { vpcId: "vpc-1" });
      new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", admin: { sources: [bastion], tiers: ["app"] } });
    });
    const ssh = c.resources.find((r) => r.name === "shop-app-in-accept-p1-tcp:22-from-bastion")!;
    expect(ssh.inputs).toMatchObject({ sourceSecurityGroupId: "sg-bastion", portRange: "22/22" });
  });
});
