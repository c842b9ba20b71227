/**
 * Restricting outbound traffic to named sites (seed 004 case 6): members may reach
 * 47.96.0.10 on HTTP and 121.199.0.10 on HTTPS (priority 1); everything else outbound is
 * dropped (priority 2, as in the seed's table).
 *
 *   pulumi stack init dev && pulumi up
 */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
// Outside this repository: import { OutboundWhitelist } from "alicloud-secgroups";
import { OutboundWhitelist } from "../../lib";

const config = new pulumi.Config();
const httpSite = config.get("httpSite") ?? "47.96.0.10";
const httpsSite = config.get("httpsSite") ?? "121.199.0.10";

const vpc = new alicloud.vpc.Network("batch-vpc", { vpcName: "batch", cidrBlock: "10.0.0.0/16" });
const workers = new alicloud.ecs.SecurityGroup("workers", { vpcId: vpc.id, securityGroupName: "workers", description: "Batch workers that may reach only whitelisted sites", innerAccessPolicy: "Drop" });

new OutboundWhitelist("workers-egress", {
  securityGroupId: workers.id,
  denyAllPriority: 2,
  destinations: [
    { name: "http-site", cidr: httpSite, ports: [80] },
    { name: "https-site", cidr: httpsSite, ports: [443] },
  ],
});

export const vpcId = vpc.id;
export const workersGroupId = workers.id;
