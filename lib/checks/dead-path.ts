/**
 * `dead-path`: an accept from group A that A's members can never use, because A's egress
 * denies that traffic (an enterprise group's default, or a drop-all egress whitelist that
 * forgot the path). The receiver believes the path is open; nothing can pass. It needs members
 * of both groups in the model and asks the judge about the sender's egress over the rule's whole
 * region, so it never says what the evaluator contradicts; without members, or on a model whose
 * parts cannot be judged, it reports nothing.
 */
import { FlowProtocol } from "../analysis/flow";
import { judge, ruleMatchesPeer, sharedOpenGroup, sideOf } from "../analysis/judge";
import { IndexedInstance, NetworkIndex } from "../analysis/rule-index";
import { quote } from "../model/errors";
import { NetworkModel } from "../model/network";
import { describeRule } from "./describe";
import { AnalysedRule, isAcceptedIngress } from "./group-analysis";
import { CheckDefinition, Issue, NetworkCheck } from "./issue";
import { analysisOf, groupsOf, indexOf } from "./shared-analysis";

/** The protocols of the rule a sender could use: `all` is every protocol between two IPv4 members. */
function protocolsOf(rule: AnalysedRule): FlowProtocol[] {
  if (rule.protocol === "all") return ["tcp", "udp", "icmp", "gre"];
  return [rule.protocol];
}

/** True when member `a` can send some of what the rule admits to member `b`: its egress allows part of the rule's region, or a shared Accept group opens everything. */
function usable(index: NetworkIndex, rule: AnalysedRule, a: IndexedInstance, b: IndexedInstance): boolean {
  if (sharedOpenGroup(index, a.groupIds, b.groups) !== undefined) return true;
  // icmpv6 between members needs IPv6 addresses the model may not give: never called dead.
  if (rule.protocol === "icmpv6") return true;
  const side = sideOf(index, a.groupIds, "egress");
  const to = b.points.ipv4 ?? b.point;
  const within = [{ from: rule.ports.from, to: rule.ports.to }];
  return protocolsOf(rule).some((protocol) => judge(side.rules, protocol, (r) => ruleMatchesPeer(r, to), side.fallback, protocol === "tcp" || protocol === "udp" ? within : undefined).some((s) => s.decider.allowed));
}

/** Reports accepted ingress rules naming a group of the model whose members' egress denies all the rule admits, to every member of the receiving group. */
const deadPath: NetworkCheck = (network: NetworkModel, options) => {
  const index = indexOf(options, network);
  if (!index || index.instances.size < 2) return [];
  const members = new Map<string, IndexedInstance[]>();
  for (const i of index.instances.values()) for (const g of new Set(i.groupIds)) members.set(g, [...(members.get(g) ?? []), i]);
  const out: Issue[] = [];
  for (const group of groupsOf(network)) {
    const receivers = members.get(group.id) ?? [];
    if (receivers.length === 0 || !index.groups.has(group.id)) continue;
    const analysis = analysisOf(options, network, group);
    for (const rule of analysis.rules) {
      if (!isAcceptedIngress(rule) || rule.peer.kind !== "group" || rule.peer.owner !== undefined || !index.groups.has(rule.peer.id)) continue;
      const senders = members.get(rule.peer.id) ?? [];
      const pairs = senders.flatMap((a) => receivers.filter((b) => b !== a).map((b) => [a, b] as const));
      if (pairs.length === 0) continue;
      if (analysis.shadowing(rule)) continue; // shadowed-rule's finding: the rule itself never decides
      if (pairs.some(([a, b]) => usable(index, rule, a, b))) continue;
      const peer = rule.peer.id;
      out.push({
        groupId: String(group.id),
        ruleIndex: rule.index,
        message: `${describeRule(rule)} admits members of group ${quote(peer)}, but their egress denies all of it to the members of ${quote(group.id)}: nothing can use this path.`,
        fix: `Allow the traffic in ${quote(peer)}'s egress (an accept to ${quote(group.id)} on the same ports), or delete the rule if the path is not wanted.`,
      });
    }
  }
  return out;
};

/** The `dead-path` check. */
export const deadPathCheck: CheckDefinition<"dead-path"> = {
  id: "dead-path",
  description: "Checks that every accept naming a group can be used: the group's members' egress must let that traffic out.",
  severity: "medium",
  configRules: [],
  scope: "network",
  options: [],
  network: deadPath,
};
