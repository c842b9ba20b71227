/**
 * Interconnecting instances, by each of seed 000's four methods:
 * 1. single-ip: two groups admit each other's instance address (/32) on 8080;
 * 2. same-group: three cluster nodes share one basic group (members reach each other);
 * 3. dedicated-group: the same two instances also join a group made only for the interconnect;
 * 4. group-authorization: a file server's and a client's groups admit each other, and a
 *    partner account's group, on FTP (21) (seed 004 case 5, same and cross account).
 *
 * Instances join groups through their own resources, e.g.
 *   new alicloud.ecs.Instance("a", { securityGroups: [appA.id, mesh.groupId!], privateIp: "10.0.1.11", ... });
 *
 *   pulumi stack init dev && pulumi up
 */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
// Outside this repository: import { InterconnectGroup } from "alicloud-secgroups";
import { InterconnectGroup } from "../../lib";

const config = new pulumi.Config();
const partnerGroupId = config.get("partnerGroupId") ?? "sg-bp174yoe2ib1sqj5abcd";
const partnerAccountId = config.get("partnerAccountId") ?? "1609982529920000";

const vpc = new alicloud.vpc.Network("net-vpc", { vpcName: "net", cidrBlock: "10.0.0.0/16" });
const group = (name: string, description: string) => new alicloud.ecs.SecurityGroup(name, { vpcId: vpc.id, securityGroupName: name, description, innerAccessPolicy: "Drop" });
const appA = group("app-a", "Application server A");
const appB = group("app-b", "Application server B");
const fileServer = group("file-server", "FTP file server");
const fileClient = group("file-client", "FTP client");

// 1. Authorise single addresses.
const pair = new InterconnectGroup("pair", {
  method: "single-ip",
  ports: [8080],
  members: [
    { name: "a", securityGroupId: appA.id, privateIp: "10.0.1.11" },
    { name: "b", securityGroupId: appB.id, privateIp: "10.0.1.12" },
  ],
});

// 2. One group for all members (an open interconnect: every port, by design).
const cluster = new InterconnectGroup("cluster", {
  method: "same-group",
  vpcId: vpc.id,
  members: [{ name: "node-1" }, { name: "node-2" }, { name: "node-3" }],
});

// 3. A group made only for the interconnect, joined besides the members' own groups.
const mesh = new InterconnectGroup("mesh", {
  method: "dedicated-group",
  vpcId: vpc.id,
  members: [
    { name: "a", securityGroupId: appA.id },
    { name: "b", securityGroupId: appB.id },
  ],
});

// 4. Authorise groups, across accounts too.
const files = new InterconnectGroup("files", {
  method: "group-authorization",
  ports: [21],
  members: [
    { name: "server", securityGroupId: fileServer.id },
    { name: "client", securityGroupId: fileClient.id },
    { name: "partner", securityGroupId: partnerGroupId, accountId: partnerAccountId },
  ],
});

export const vpcId = vpc.id;
export const singleIpRules = pair.rules.length;
export const clusterGroupId = cluster.groupId;
export const meshGroupId = mesh.groupId;
export const fileRules = files.rules.length;
