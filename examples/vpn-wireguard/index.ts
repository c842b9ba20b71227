/**
 * A WireGuard VPN host: UDP 51820 open to every address is what the host is for. The checks
 * report it (world-open-non-web); `acknowledge` records why it is accepted, next to the rule, so
 * `plan` and the matchers show it as acknowledged with the reason instead of as an open problem.
 * Administration goes through Workbench's private range, never the Internet.
 *
 *   npm run plan -- examples/vpn-wireguard
 *   pulumi stack init dev && pulumi up
 */
import * as alicloud from "@pulumi/alicloud";
// Outside this repository: import { WorkbenchAccess, acknowledge } from "alicloud-secgroups";
import { WorkbenchAccess, acknowledge } from "../../lib";

const vpc = new alicloud.vpc.Network("vpn-vpc", { vpcName: "vpn", cidrBlock: "10.8.0.0/16" });
const vpn = new alicloud.ecs.SecurityGroup("vpn", { vpcId: vpc.id, securityGroupName: "vpn", description: "WireGuard VPN endpoint", innerAccessPolicy: "Drop" });

const wireguard = new alicloud.ecs.SecurityGroupRule("vpn-wireguard", {
  securityGroupId: vpn.id,
  type: "ingress",
  ipProtocol: "udp",
  portRange: "51820/51820",
  cidrIp: "0.0.0.0/0",
  description: "WireGuard clients connect from anywhere",
});
acknowledge(wireguard, "world-open-non-web", "WireGuard endpoint: clients connect from any address by design");

new WorkbenchAccess("vpn-admin", { securityGroupId: vpn.id, os: "linux", via: "private" });

export const vpcId = vpc.id;
export const vpnGroupId = vpn.id;
