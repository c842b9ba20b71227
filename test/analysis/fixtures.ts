/**
 * Small builders for analysis tests: VPC groups, instances, rules.
 */
import { GroupModel, InstanceModel, NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";

/** A VPC group (every rule applies to Internet and internal peers alike). */
export function vpcGroup(id: string, rules: RuleArgs[], extra: Partial<GroupModel> = {}): GroupModel {
  return { id, vpcId: "vpc-1", rules, ...extra };
}

/** An instance in some groups. */
export function instance(id: string, privateIp: string, groups: string[], accountId?: string): InstanceModel {
  return accountId === undefined ? { id, privateIp, groups } : { id, privateIp, groups, accountId };
}

/** Ingress rule on tcp ports. */
export function tcpIn(ports: string, peer: Partial<RuleArgs>, extra: Partial<RuleArgs> = {}): RuleArgs {
  return { type: "ingress", ipProtocol: "tcp", portRange: ports, ...peer, ...extra };
}

/** Egress rule on tcp ports. */
export function tcpOut(ports: string, peer: Partial<RuleArgs>, extra: Partial<RuleArgs> = {}): RuleArgs {
  return { type: "egress", ipProtocol: "tcp", portRange: ports, ...peer, ...extra };
}

/**
 * The three-tier network of seed 000/004: web open on 80/443 to the world, app on 8080 to web,
 * the database on 3306 to app only (with the seed's lowest-priority drop of 3306 from anywhere).
 * Tiers isolate their own members, as seed 004 advises when they need not talk.
 */
export function threeTier(): NetworkModel {
  return {
    groups: [
      vpcGroup("sg-web", [tcpIn("80/80", { cidrIp: "0.0.0.0/0" }), tcpIn("443/443", { cidrIp: "0.0.0.0/0" })], { innerAccessPolicy: "Drop" }),
      vpcGroup("sg-app", [tcpIn("8080/8080", { sourceSecurityGroupId: "sg-web" })], { innerAccessPolicy: "Drop" }),
      vpcGroup("sg-db", [tcpIn("3306/3306", { sourceSecurityGroupId: "sg-app" }), tcpIn("3306/3306", { cidrIp: "0.0.0.0/0" }, { policy: "drop", priority: 100 })], { innerAccessPolicy: "Drop" }),
    ],
    instances: [instance("i-web", "10.0.1.10", ["sg-web"]), instance("i-app", "10.0.2.10", ["sg-app"]), instance("i-db", "10.0.3.10", ["sg-db"])],
  };
}
