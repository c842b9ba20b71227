import { checkNetwork } from "../../lib/checks/check-network";
import { CheckOptions } from "../../lib/checks/check-options";
import { CheckId, Finding } from "../../lib/checks/finding";
import { GroupModel, NetworkModel, PrefixListModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";

/** An ingress accept rule, tcp 22 from 0.0.0.0/0 unless overridden. */
export function ingress(overrides: Partial<RuleArgs> = {}): RuleArgs {
  const peerless = ["cidrIp", "ipv6CidrIp", "sourceSecurityGroupId", "prefixListId"].some((f) => f in overrides);
  return { type: "ingress", ipProtocol: "tcp", portRange: "22/22", ...(peerless ? {} : { cidrIp: "0.0.0.0/0" }), ...overrides };
}

/** The same, as an egress rule. */
export function egress(overrides: Partial<RuleArgs> = {}): RuleArgs {
  return ingress({ type: "egress", ...overrides });
}

/** A drop rule (ingress unless overridden). */
export function drop(overrides: Partial<RuleArgs> = {}): RuleArgs {
  return ingress({ policy: "drop", ...overrides });
}

/** Runs one check over one VPC group (`sg-test`) holding `rules`. */
export function run(check: CheckId, rules: RuleArgs[], options: CheckOptions = {}, group: Partial<GroupModel> = {}, prefixLists: PrefixListModel[] = []): Finding[] {
  const network: NetworkModel = { groups: [{ id: "sg-test", vpcId: "vpc-test", ...group, rules }], prefixLists };
  return checkNetwork(network, { ...options, checks: [check] });
}

/** The rule indexes a check flags. */
export function flagged(check: CheckId, rules: RuleArgs[], options: CheckOptions = {}, group: Partial<GroupModel> = {}, prefixLists: PrefixListModel[] = []): number[] {
  return run(check, rules, options, group, prefixLists).map((f) => f.ruleIndex as number);
}
