/**
 * Remote administration (seed 004 case 2): Linux servers take SSH (22), Windows servers RDP
 * (3389), each from Alibaba Cloud Workbench (161.117.0.0/16 through a public IP or EIP,
 * 100.104.0.0/16 through the private IP) and from one administrator's address.
 *
 *   pulumi stack init dev
 *   pulumi config set adminIp 203.0.113.7
 *   pulumi up
 */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
// Outside this repository: import { WorkbenchAccess } from "alicloud-secgroups";
import { WorkbenchAccess } from "../../lib";

const config = new pulumi.Config();
const adminIp = config.get("adminIp") ?? "192.168.0.10";

const vpc = new alicloud.vpc.Network("ops-vpc", { vpcName: "ops", cidrBlock: "192.168.0.0/16" });
const linux = new alicloud.ecs.SecurityGroup("linux-servers", { vpcId: vpc.id, securityGroupName: "linux-servers", description: "Linux servers administered over SSH", innerAccessPolicy: "Drop" });
const windows = new alicloud.ecs.SecurityGroup("windows-servers", { vpcId: vpc.id, securityGroupName: "windows-servers", description: "Windows servers administered over RDP", innerAccessPolicy: "Drop" });

new WorkbenchAccess("linux-admin", { securityGroupId: linux.id, os: "linux", via: "both", adminSources: [adminIp] });
new WorkbenchAccess("windows-admin", { securityGroupId: windows.id, os: "windows", via: "both", adminSources: [adminIp] });

export const vpcId = vpc.id;
export const linuxGroupId = linux.id;
export const windowsGroupId = windows.id;
