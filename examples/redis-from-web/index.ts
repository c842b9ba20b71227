/**
 * A Redis cache reachable only from the web tier (seed 001): the three-tier groups, plus a
 * Redis group whose 6379 admits only the web group and drops 6379 from everywhere else at
 * priority 100.
 *
 *   pulumi stack init dev && pulumi up
 */
import * as alicloud from "@pulumi/alicloud";
// Outside this repository: import { DatabaseSecurityGroup, ThreeTierSecurityGroups } from "alicloud-secgroups";
import { DatabaseSecurityGroup, ThreeTierSecurityGroups } from "../../lib";

const vpc = new alicloud.vpc.Network("shop-vpc", { vpcName: "shop", cidrBlock: "10.0.0.0/16" });
const tiers = new ThreeTierSecurityGroups("shop", { vpcId: vpc.id });
const cache = new DatabaseSecurityGroup("cache", {
  vpcId: vpc.id,
  engine: "redis",
  sources: [{ securityGroupId: tiers.webId, name: "web" }],
});

export const vpcId = vpc.id;
export const webGroupId = tiers.webId;
export const redisGroupId = cache.groupId;
