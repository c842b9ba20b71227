/**
 * Wording shared by the checks: rules named by their meaning, exposures as `tcp:22, udp:3389`.
 */
import { peerText, portText } from "../model/rule-key";
import { AnalysedRule, Component } from "./group-analysis";
import { ALL_PORTS, PortRange, formatRanges, sameRanges } from "../model/port-ranges";

/**
 * `ingress accept tcp:22 from 0.0.0.0/0 (priority 1)`, with the nic type where it tells rules
 * apart: an `internet` rule, or an `intranet` CIDR rule of a classic group.
 */
export function describeRule(rule: AnalysedRule): string {
  const via = rule.direction === "ingress" ? "from" : "to";
  const declared = rule.rule.nicType;
  const nic = declared === "internet" || (declared === "intranet" && rule.classic && rule.peer.kind === "cidr") ? `, ${declared}` : "";
  return `${rule.direction} ${rule.policy} ${portText(rule.rule)} ${via} ${peerText(rule.rule)} (priority ${rule.priority}${nic})`;
}

const COMPONENT_NAMES: Record<Component, string> = {
  tcp: "tcp",
  udp: "udp",
  icmp: "icmp",
  icmpv6: "icmpv6",
  gre: "gre",
  other: "every other IP protocol",
};

/** `tcp:22, 3389; udp:53; icmp`: the ports left open per protocol. */
export function exposureText(open: ReadonlyMap<Component, readonly PortRange[]>): string {
  const parts: string[] = [];
  for (const [c, ports] of open) {
    if (ports.length === 0) continue;
    if (c === "tcp" || c === "udp") parts.push(sameRanges(ports, ALL_PORTS) ? `every ${c} port` : `${c}:${formatRanges(ports)}`);
    else parts.push(COMPONENT_NAMES[c]);
  }
  return parts.join("; ");
}
