/**
 * `group-peer-all`: one group admitting another on every protocol and port, as between a VPN
 * host and a Kubernetes node group. `all-ports-open` leaves group peers alone (authorising a
 * group is the documented way to interconnect); this check reports them at medium, because a
 * compromised member of the peer then reaches everything. A group admitting itself (an
 * interconnect's explicit open mesh) is a choice, not a finding.
 */
import { quote } from "../model/errors";
import { describeRule } from "./describe";
import { isAcceptedIngress } from "./group-analysis";
import { analysisOf, groupsOf } from "./shared-analysis";
import { CheckDefinition, Issue, NetworkCheck } from "./issue";

/** Reports accepted ingress rules from another group with protocol `all`, or tcp/udp `1/65535`, that drops leave open. */
const groupPeerAll: NetworkCheck = (network, options) => {
  const out: Issue[] = [];
  for (const group of groupsOf(network)) {
    // Cheap test on the raw rules before reading the group.
    if (!(Array.isArray(group.rules) ? group.rules : []).some((r) => r && typeof r.sourceSecurityGroupId === "string")) continue;
    const analysis = analysisOf(options, network, group);
    for (const rule of analysis.rules) {
      if (!isAcceptedIngress(rule) || rule.peer.kind !== "group") continue;
      if (rule.peer.id === group.id && rule.peer.owner === undefined) continue;
      const every = rule.protocol === "all" || ((rule.protocol === "tcp" || rule.protocol === "udp") && rule.ports.from === 1 && rule.ports.to === 65535);
      if (!every || analysis.openAfterDrops(rule).size === 0) continue;
      out.push({
        groupId: String(group.id),
        ruleIndex: rule.index,
        message: `${describeRule(rule)} lets every member of group ${quote(rule.peer.id)} reach every ${rule.protocol === "all" ? "protocol and port" : `${rule.protocol} port`} of group ${quote(group.id)}.`,
        fix: "Authorise only the ports the peer needs (a VPN host needs the services it forwards to, not every port).",
      });
    }
  }
  return out;
};

/** The `group-peer-all` check. */
export const groupPeerAllCheck: CheckDefinition<"group-peer-all"> = {
  id: "group-peer-all",
  description: "Checks that no group admits another group on every protocol and port (a group admitting itself, an open mesh, is left alone).",
  severity: "medium",
  configRules: [],
  scope: "group",
  options: [],
  network: groupPeerAll,
};
