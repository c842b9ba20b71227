/**
 * `classic-intranet-cidr`: in the classic network, intranet addresses change and are shared
 * with other tenants' address plans, so intranet access is authorised by security group only
 * (seed 001, "Do not use CIDR or IP authorization for intranet security group rules of classic
 * networks").
 */
import { quote } from "../model/errors";
import { describeRule } from "./describe";
import { isAcceptedIngress } from "./group-analysis";
import { CheckDefinition, GroupCheck, Issue } from "./issue";

/** Reports, in groups without a VPC, accepted intranet ingress rules authorised by a CIDR block. */
const classicIntranetCidr: GroupCheck = (group) => {
  if (!group.classic) return [];
  const out: Issue[] = [];
  for (const rule of group.rules) {
    if (!isAcceptedIngress(rule) || rule.nicType !== "intranet" || rule.peer.kind !== "cidr") continue;
    if (group.openAfterDrops(rule).size === 0) continue;
    out.push({
      ruleIndex: rule.index,
      message: `${describeRule(rule)} authorises intranet access by CIDR in classic-network group ${quote(group.group.id)}.`,
      fix: "Authorise the peer's security group (sourceSecurityGroupId) instead; classic intranet addresses change.",
    });
  }
  return out;
};

/** The `classic-intranet-cidr` check. */
export const classicIntranetCidrCheck: CheckDefinition<"classic-intranet-cidr"> = {
  id: "classic-intranet-cidr",
  description: "Checks that classic-network groups authorise intranet ingress by security group, never by CIDR block.",
  severity: "medium",
  configRules: [],
  scope: "group",
  options: [],
  group: classicIntranetCidr,
};
