/**
 * A three-tier web application (seed 000; seed 004 cases 1-3): a VPC with one vSwitch per
 * tier, and three security groups. Web admits HTTP/HTTPS from anywhere, app admits only the
 * web group on 8080, the database admits only the app group on MySQL 3306 and drops 3306 from
 * everywhere else; each tier isolates its own members.
 *
 *   pulumi stack init dev
 *   pulumi config set adminIp 203.0.113.7        # optional: SSH from one address
 *   pulumi config set groupType enterprise       # optional: enterprise groups, CIDR rules
 *   pulumi up
 */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
// Outside this repository: import { ThreeTierSecurityGroups } from "alicloud-secgroups";
import { ThreeTierSecurityGroups } from "../../lib";

const config = new pulumi.Config();
const zoneId = config.get("zoneId") ?? "cn-hangzhou-h";
const groupType = (config.get("groupType") ?? "normal") as "normal" | "enterprise";
const egress = (config.get("egress") ?? "default") as "default" | "restricted";
const adminIp = config.get("adminIp");
const blocks = { vpc: "10.0.0.0/16", web: "10.0.1.0/24", app: "10.0.2.0/24", db: "10.0.3.0/24" };

const vpc = new alicloud.vpc.Network("shop-vpc", { vpcName: "shop", cidrBlock: blocks.vpc });
const vswitch = (tier: "web" | "app" | "db") => new alicloud.vpc.Switch(`shop-${tier}-vsw`, { vpcId: vpc.id, zoneId, cidrBlock: blocks[tier], vswitchName: `shop-${tier}` });
const vswitches = { web: vswitch("web"), app: vswitch("app"), db: vswitch("db") };

// Enterprise groups cannot authorise each other by group: the tiers then admit each other by
// their vSwitch blocks, on both sides.
const enterprise = groupType === "enterprise";
const tiers = new ThreeTierSecurityGroups("shop", {
  vpcId: vpc.id,
  groupType,
  egress,
  web: enterprise ? { cidrs: [blocks.web] } : undefined,
  app: enterprise ? { cidrs: [blocks.app] } : undefined,
  db: { engine: "mysql", ...(enterprise ? { cidrs: [blocks.db] } : {}) },
  admin: adminIp ? { sources: [adminIp] } : undefined,
  tags: { app: "shop" },
});

export const vpcId = vpc.id;
export const vswitchIds = { web: vswitches.web.id, app: vswitches.app.id, db: vswitches.db.id };
export const webGroupId = tiers.webId;
export const appGroupId = tiers.appId;
export const dbGroupId = tiers.dbId;
