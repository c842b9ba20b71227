/**
 * The README's component examples, each under its own name, as one program (run it on mocks
 * with `captureStack`): what the library writes for them is frozen in fixtures/ and snapshotted.
 */
import * as alicloud from "@pulumi/alicloud";
import { DatabaseSecurityGroup, InterconnectGroup, OutboundWhitelist, ThreeTierSecurityGroups, WorkbenchAccess } from "../../lib/components";

export function readmeExamples(): void {
  const vpc = new alicloud.vpc.Network("vpc", { cidrBlock: "10.0.0.0/16" });
  const bastion = new alicloud.ecs.SecurityGroup("bastion", { vpcId: vpc.id, securityGroupName: "bastion" });
  const vswitch = (name: string, cidrBlock: string) => new alicloud.vpc.Switch(name, { vpcId: vpc.id, cidrBlock, zoneId: "cn-hangzhou-h" });
  const [webVswitch, appVswitch, dbVswitch] = [vswitch("web-a", "10.0.1.0/24"), vswitch("app-a", "10.0.2.0/24"), vswitch("db-a", "10.0.3.0/24")];
  const bastionHost = new alicloud.ecs.Instance("bastion-host", { instanceType: "ecs.g7.large", imageId: "img", vswitchId: webVswitch.id, privateIp: "10.0.1.9" });
  new ThreeTierSecurityGroups("corp", {
    vpcId: vpc.id,
    groupType: "enterprise",
    web: { cidrs: [{ cidr: webVswitch.cidrBlock, name: "web-a" }] },
    app: { cidrs: [{ cidr: appVswitch.cidrBlock, name: "app-a" }], ports: ["tcp:8000-8080", "icmp"] },
    db: { cidrs: [{ cidr: dbVswitch.cidrBlock, name: "db-a" }] },
    admin: { sources: [{ cidr: bastionHost.privateIp, name: "bastion" }] },
  });
  new ThreeTierSecurityGroups("corp-literal", {
    vpcId: vpc.id,
    groupType: "enterprise",
    web: { cidrs: [{ cidr: "10.1.1.0/24", name: "web-a" }] },
    app: { cidrs: [{ cidr: "10.1.2.0/24", name: "app-a" }] },
    db: { cidrs: ["10.1.3.0/24"] },
    admin: { sources: ["203.0.113.7"] },
  });
  const restricted = new ThreeTierSecurityGroups("shop", { vpcId: vpc.id, egress: "restricted" });
  new DatabaseSecurityGroup("cache", { vpcId: vpc.id, engine: "redis", sources: [restricted.app] });
  const tiers = new ThreeTierSecurityGroups("store", { vpcId: vpc.id, admin: { sources: ["203.0.113.7", { securityGroupId: bastion.id, name: "bastion" }] } });
  new DatabaseSecurityGroup("sessions", {
    vpcId: vpc.id,
    engine: "redis",
    sources: [{ securityGroupId: tiers.webId, name: "web" }, { securityGroupId: "sg-bp174yoe2ib1sqj5abcd", ownerId: "1609982529920000" }, "10.0.5.0/24"],
  });
  const web = new alicloud.ecs.SecurityGroup("web", { vpcId: vpc.id, securityGroupName: "web" });
  new WorkbenchAccess("ops", { securityGroupId: web.id, os: "linux", adminSources: ["203.0.113.7"] });
  const workers = new alicloud.ecs.SecurityGroup("workers", { vpcId: vpc.id, securityGroupName: "workers" });
  new OutboundWhitelist("egress", {
    securityGroupId: workers.id,
    destinations: [
      { name: "http-site", cidr: "47.96.0.10", ports: [80] },
      { prefixListId: "pl-mirrors", prefixListMaxEntries: 20, ports: [443] },
    ],
  });
  const legacy = new alicloud.ecs.SecurityGroup("legacy", { securityGroupName: "legacy" });
  new WorkbenchAccess("legacy-ops", { securityGroupId: legacy.id, network: "classic", via: "both" });
  new ThreeTierSecurityGroups("lab", { vpcId: vpc.id, web: { ports: [22] }, allowUnsafe: { reason: "honeypot, ticket SEC-42" } });
  const a = new alicloud.ecs.SecurityGroup("a", { vpcId: vpc.id, securityGroupName: "host-a" });
  const b = new alicloud.ecs.SecurityGroup("b", { vpcId: vpc.id, securityGroupName: "host-b" });
  new InterconnectGroup("pair", { method: "single-ip", ports: [8080], members: [
    { name: "a", securityGroupId: a.id, privateIp: "10.0.1.11" },
    { name: "b", securityGroupId: b.id, privateIp: "10.0.1.12" } ] });
  new InterconnectGroup("mesh", { method: "dedicated-group", vpcId: vpc.id, members: [
    { name: "a", securityGroupId: a.id }, { name: "b", securityGroupId: b.id } ] });
  const server = new alicloud.ecs.SecurityGroup("server", { vpcId: vpc.id, securityGroupName: "file-server" });
  new InterconnectGroup("files", { method: "group-authorization", ports: [21], members: [
    { name: "server", securityGroupId: server.id },
    { name: "partner", securityGroupId: "sg-partner", accountId: "1609982529920000" } ] });
}
