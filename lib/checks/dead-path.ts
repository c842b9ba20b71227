/**
 * `dead-path`: an accept from group A that A's members can never use, because A's egress
 * denies that traffic (an enterprise group's default, or a drop-all egress whitelist that
 * forgot the path). The receiver believes the path is open; nothing can pass. It needs members
 * of both groups in the model and asks the evaluator, so it never says what the evaluator
 * contradicts; without members, or on a model the evaluator refuses, it reports nothing.
 */
import { compileNetwork } from "../analysis/compile-network";
import { Decision, FlowProtocol } from "../analysis/flow";
import { quote } from "../model/errors";
import { InstanceModel, NetworkModel } from "../model/network";
import { RuleArgs, portInterval } from "../model/rule";
import { describeRule } from "./describe";
import { AnalysedRule, GroupAnalysis, isAcceptedIngress } from "./group-analysis";
import { Issue, NetworkCheck } from "./issue";

/** Ports at which the sender's egress verdict can change inside `from..to`: the ends of its egress rules, and the range's own. */
function samplePorts(egress: readonly RuleArgs[], protocol: "tcp" | "udp", from: number, to: number): number[] {
  const points = new Set<number>([from, to]);
  for (const r of egress) {
    if (r.ipProtocol !== protocol && r.ipProtocol !== "all") continue;
    const p = portInterval(r);
    if (!Number.isInteger(p.from) || !Number.isInteger(p.to)) continue;
    for (const x of [p.from - 1, p.from, p.to, p.to + 1]) if (x >= from && x <= to) points.add(x);
  }
  return [...points].sort((a, b) => a - b);
}

function usable(decide: (protocol: FlowProtocol, port?: number) => Decision, rule: AnalysedRule, egress: readonly RuleArgs[]): boolean {
  const passes = (d: Decision) => d.allowed || d.egress === undefined || d.egress.allowed;
  const protocols: ("tcp" | "udp" | "icmp" | "gre")[] = rule.protocol === "all" ? ["tcp", "udp", "icmp", "gre"] : rule.protocol === "icmpv6" ? [] : [rule.protocol];
  for (const p of protocols) {
    if (p === "tcp" || p === "udp") {
      const range = rule.protocol === "all" ? { from: 1, to: 65535 } : rule.ports;
      if (samplePorts(egress, p, range.from, range.to).some((port) => passes(decide(p, port)))) return true;
    } else if (passes(decide(p))) return true;
  }
  return rule.protocol === "icmpv6";
}

/** Reports accepted ingress rules naming a group of the model whose members' egress denies all the rule admits, to every member of the receiving group. */
export const deadPath: NetworkCheck = (network: NetworkModel) => {
  const instances = (Array.isArray(network.instances) ? network.instances : []).filter((i): i is InstanceModel => !!i && Array.isArray(i.groups) && typeof i.privateIp === "string" && i.privateIp !== "");
  if (instances.length < 2) return [];
  let net: ReturnType<typeof compileNetwork>;
  try {
    net = compileNetwork(network);
  } catch {
    return [];
  }
  const groups = new Map((Array.isArray(network.groups) ? network.groups : []).filter((g) => g && typeof g === "object").map((g) => [g.id, g]));
  const membersOf = (id: string) => instances.filter((i) => i.groups.includes(id));
  const out: Issue[] = [];
  for (const group of groups.values()) {
    const receivers = membersOf(group.id);
    if (receivers.length === 0) continue;
    const analysis = new GroupAnalysis(group);
    for (const rule of analysis.rules) {
      if (!isAcceptedIngress(rule) || rule.peer.kind !== "group" || rule.peer.owner !== undefined || !groups.has(rule.peer.id)) continue;
      if (analysis.shadowing(rule)) continue; // shadowed-rule's finding: the rule itself never decides
      const peer = rule.peer.id;
      const pairs = membersOf(peer).flatMap((a) => receivers.filter((b) => b.id !== a.id).map((b) => [a, b] as const));
      if (pairs.length === 0) continue;
      let dead = true;
      for (const [a, b] of pairs) {
        const egress = a.groups.flatMap((g) => (groups.get(g)?.rules ?? []).filter((r) => r && r.type === "egress"));
        const decide = (protocol: FlowProtocol, port?: number): Decision => net.evaluate(port === undefined ? { from: a.id, to: b.id, protocol } : { from: a.id, to: b.id, protocol, port });
        try {
          if (usable(decide, rule, egress)) {
            dead = false;
            break;
          }
        } catch {
          dead = false;
          break;
        }
      }
      if (!dead) continue;
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
