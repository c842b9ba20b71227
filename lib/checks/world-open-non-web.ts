/**
 * `world-open-non-web`: a rule open to every address that opens more than web ports.
 */
import { describeRule, exposureText } from "./describe";
import { Component, fromAnywhere, isAcceptedIngress } from "./group-analysis";
import { CheckDefinition, GroupCheck, Issue } from "./issue";
import { PortRange, rangesOfPorts, subtractRanges } from "../model/port-ranges";

/**
 * Reports accepted ingress rules from anywhere that still open a tcp/udp port outside the web
 * allow-list, or any portless protocol (icmp, icmpv6, gre, all).
 */
const worldOpenNonWeb: GroupCheck = (group, options) => {
  const web = rangesOfPorts(options.webPorts);
  const out: Issue[] = [];
  for (const rule of group.rules) {
    if (!isAcceptedIngress(rule) || !fromAnywhere(rule)) continue;
    const beyond = new Map<Component, readonly PortRange[]>();
    for (const [c, left] of group.openAfterDrops(rule)) {
      const rest = c === "tcp" || c === "udp" ? subtractRanges(left, web) : left;
      if (rest.length > 0) beyond.set(c, rest);
    }
    if (beyond.size === 0) continue;
    const portless = rule.protocol !== "tcp" && rule.protocol !== "udp";
    out.push({
      ruleIndex: rule.index,
      message: `${describeRule(rule)} opens ${exposureText(beyond)} to every address, beyond the web ports ${options.webPorts.join(", ")}.`,
      fix: "Open only web ports to everyone; authorise other ports for the addresses or security groups that need them.",
      configRule: portless ? "sg-public-access-check" : "ecs-security-group-white-list-port-check",
    });
  }
  return out;
};

/** The `world-open-non-web` check. */
export const worldOpenNonWebCheck: CheckDefinition<"world-open-non-web"> = {
  // white-list-port-check: 0.0.0.0/0 rules may open only the listed ports; sg-public-access-check
  // flags 0.0.0.0/0 with -1/-1 (portless protocols), the part of this check without ports.
  id: "world-open-non-web",
  description: "Checks that rules open to every address open only web ports (80 and 443 by default), never icmp, gre or all protocols.",
  severity: "medium",
  configRules: ["ecs-security-group-white-list-port-check", "sg-public-access-check"],
  scope: "rule",
  options: ["webPorts"],
  group: worldOpenNonWeb,
};
