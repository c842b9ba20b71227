/**
 * `all-ports-open`: an address-based rule that opens every protocol, or every tcp/udp port.
 * Authorising a security group for all traffic is the documented way to interconnect
 * instances, so group peers are left alone; CIDR blocks and prefix lists are not.
 */
import { describeRule, exposureText } from "./describe";
import { componentPorts, isAcceptedIngress } from "./group-analysis";
import { CheckDefinition, GroupCheck, Issue } from "./issue";
import { NO_PORT_RANGES, sameRanges } from "../model/port-ranges";

/** Reports accepted ingress rules from a CIDR or prefix list with protocol `all` or ports `1/65535`, unless drops deny all of it. */
const allPortsOpen: GroupCheck = (group) => {
  const out: Issue[] = [];
  for (const rule of group.rules) {
    if (!isAcceptedIngress(rule) || rule.peer.kind === "group") continue;
    const everyPort = (rule.protocol === "tcp" || rule.protocol === "udp") && rule.ports.from === 1 && rule.ports.to === 65535;
    if (rule.protocol !== "all" && !everyPort) continue;
    const open = group.openAfterDrops(rule);
    if (open.size === 0) continue;
    const what = rule.protocol === "all" ? "every protocol and port" : `every ${rule.protocol} port`;
    const untouched = rule.components.every((c) => sameRanges(open.get(c) ?? NO_PORT_RANGES, componentPorts(rule, c)));
    const partly = untouched ? "" : ` (drop rules leave open ${exposureText(open)})`;
    out.push({
      ruleIndex: rule.index,
      message: `${describeRule(rule)} opens ${what}${partly}.`,
      fix: "Authorise only the protocols and ports the service listens on (one rule each), or authorise the peer's security group if it needs everything.",
      configRule: rule.protocol === "all" ? "ecs-security-group-not-open-all-protocol" : "ecs-security-group-not-open-all-port",
    });
  }
  return out;
};

/** The `all-ports-open` check. */
export const allPortsOpenCheck: CheckDefinition<"all-ports-open"> = {
  // not-open-all-port flags accepted inbound rules over every port, not-open-all-protocol those
  // with protocol all; both count a better-priority drop as compliant, as this check does.
  id: "all-ports-open",
  description: "Checks that no accepted ingress rule from a CIDR block or prefix list opens every protocol, or every tcp or udp port.",
  severity: "high",
  configRules: ["ecs-security-group-not-open-all-port", "ecs-security-group-not-open-all-protocol"],
  scope: "rule",
  options: [],
  group: allPortsOpen,
};
