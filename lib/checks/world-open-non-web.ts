/**
 * `world-open-non-web`: a rule open to every address that opens more than web ports.
 *
 * Web ports open to every address are not a finding: a group with such a rule serves the web
 * ({@link worldOpenWebPorts}, {@link servesWeb}). Evidence that would narrow them (flow logs,
 * `lib/review/narrow.ts`) asks the same functions, so the check and the advice agree.
 */
import { describeRule, exposureText } from "./describe";
import { AnalysedRule, Component, GroupAnalysis, fromAnywhere, isAcceptedIngress } from "./group-analysis";
import { CheckDefinition, GroupCheck, Issue } from "./issue";
import { PortRange, intersectRanges, rangesOfPorts, subtractRanges } from "../model/port-ranges";

/**
 * The web ports (per `tcp` and `udp`) an accepted ingress rule opens to every address: what
 * `world-open-non-web` holds to be right. Empty for a rule that is not open to every address
 * (in a classic group, an internet rule) or opens no web port. An `all` rule opens the web
 * ports of both.
 *
 * @example
 * // rule: ingress accept tcp 1/65535 from 0.0.0.0/0
 * worldOpenWebPorts(rule, [80, 443]); // => Map { "tcp" => [{ from: 80, to: 80 }, { from: 443, to: 443 }] }
 */
export function worldOpenWebPorts(rule: AnalysedRule, webPorts: readonly number[]): Map<"tcp" | "udp", readonly PortRange[]> {
  const out = new Map<"tcp" | "udp", readonly PortRange[]>();
  if (!isAcceptedIngress(rule) || !fromAnywhere(rule)) return out;
  const web = rangesOfPorts(webPorts);
  for (const c of ["tcp", "udp"] as const) {
    if (rule.protocol !== c && rule.protocol !== "all") continue;
    const hit = intersectRanges([rule.ports], web);
    if (hit.length > 0) out.set(c, hit);
  }
  return out;
}

/** True when every port a rule opens is a web port open to every address ({@link worldOpenWebPorts}): the check holds the whole rule to be right. */
export function onlyWorldOpenWeb(rule: AnalysedRule, webPorts: readonly number[]): boolean {
  if (rule.protocol !== "tcp" && rule.protocol !== "udp") return false;
  const web = worldOpenWebPorts(rule, webPorts).get(rule.protocol) ?? [];
  return subtractRanges([rule.ports], web).length === 0;
}

/** True when the group serves the web: one of its rules opens a web port to every address, which `world-open-non-web` holds to be right. */
export function servesWeb(group: GroupAnalysis, webPorts: readonly number[]): boolean {
  return group.rules.some((r) => worldOpenWebPorts(r, webPorts).size > 0);
}

/**
 * Reports accepted ingress rules from anywhere that still open a tcp/udp port outside the web
 * allow-list, or any portless protocol (icmp, icmpv6, gre, all).
 */
const worldOpenNonWeb: GroupCheck = (group, options) => {
  const out: Issue[] = [];
  for (const rule of group.rules) {
    if (!isAcceptedIngress(rule) || !fromAnywhere(rule)) continue;
    const web = worldOpenWebPorts(rule, options.webPorts);
    const beyond = new Map<Component, readonly PortRange[]>();
    for (const [c, left] of group.openAfterDrops(rule)) {
      const rest = c === "tcp" || c === "udp" ? subtractRanges(left, web.get(c) ?? []) : left;
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
