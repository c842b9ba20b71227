/**
 * INTENTIONALLY UNSAFE. Raw alicloud resources written by hand, as groups often end up: the
 * least-privilege checks (`checkNetwork`, `testing.matchers`, the CrossGuard pack in
 * `policypack/`) report each problem below. Use it to see what they catch; never deploy it.
 *
 *   npm run plan -- examples/unsafe-legacy
 *   pulumi preview --policy-pack policypack   (where the Pulumi CLI is available)
 */
import * as alicloud from "@pulumi/alicloud";

const vpc = new alicloud.vpc.Network("legacy-vpc", { vpcName: "legacy", cidrBlock: "10.0.0.0/8" });
const legacy = new alicloud.ecs.SecurityGroup("legacy", { vpcId: vpc.id, securityGroupName: "legacy-all-in-one", description: "One group for everything" });

const rule = (name: string, args: Omit<alicloud.ecs.SecurityGroupRuleArgs, "securityGroupId">) =>
  new alicloud.ecs.SecurityGroupRule(name, { securityGroupId: legacy.id, ...args });

// public-admin-port: SSH from anywhere.
rule("ssh-anywhere", { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" });
// public-database-port: a range that contains MySQL (3306), from every IPv6 address.
rule("mysql-range-anywhere", { type: "ingress", ipProtocol: "tcp", portRange: "3000/4000", ipv6CidrIp: "0::0/0" });
// all-ports-open and broad-intranet-cidr: every protocol from a /8 of private space.
rule("everything-from-intranet", { type: "ingress", ipProtocol: "all", cidrIp: "10.0.0.0/8" });
// shadowed-rule: a better-priority drop already denies what this accept allows.
rule("block-redis", { type: "ingress", ipProtocol: "tcp", portRange: "6379/6379", cidrIp: "0.0.0.0/0", policy: "drop", priority: 1 });
rule("redis-anywhere", { type: "ingress", ipProtocol: "tcp", portRange: "6379/6379", cidrIp: "0.0.0.0/0", priority: 5 });

export const groupId = legacy.id;
