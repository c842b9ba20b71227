/**
 * `broad-intranet-cidr`: internal access authorised by a wide private block (seed 001: prefer
 * authorising the peer's security group for intranet access).
 */
import { describeRule } from "./describe";
import { isAcceptedIngress, sourceBlocks } from "./group-analysis";
import { CheckDefinition, GroupCheck, Issue } from "./issue";
import { isPrivateIpv4 } from "../model/ip";

/** Reports accepted ingress rules whose IPv4 source lies in RFC 1918 space with a prefix shorter than the threshold. */
const broadIntranetCidr: GroupCheck = (group, options) => {
  const out: Issue[] = [];
  for (const rule of group.rules) {
    if (!isAcceptedIngress(rule)) continue;
    const broad = sourceBlocks(rule).filter((b) => b.family === "ipv4" && b.prefix < options.minPrivatePrefixLength && isPrivateIpv4(b));
    if (broad.length === 0 || group.openAfterDrops(rule).size === 0) continue;
    out.push({
      ruleIndex: rule.index,
      message: `${describeRule(rule)} authorises ${broad.map((b) => b.text).join(", ")}, private space broader than /${options.minPrivatePrefixLength}.`,
      fix: "Authorise the peer's security group instead, or narrow the block to the vSwitch that needs access.",
    });
  }
  return out;
};

/** The `broad-intranet-cidr` check. */
export const broadIntranetCidrCheck: CheckDefinition<"broad-intranet-cidr"> = {
  id: "broad-intranet-cidr",
  description: "Checks that no accepted ingress rule authorises a private IPv4 range broader than /16; authorise the peer's security group instead.",
  severity: "medium",
  configRules: [],
  scope: "rule",
  options: ["minPrivatePrefixLength"],
  group: broadIntranetCidr,
};
