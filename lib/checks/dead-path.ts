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
import { GroupModel, InstanceModel, NetworkModel } from "../model/network";
import { RuleArgs, hasPorts, portInterval } from "../model/rule";
import { CidrBlock, blockContains, parseAddress, parseCidr } from "../model/ip";
import { describeRule } from "./describe";
import { AnalysedRule, isAcceptedIngress } from "./group-analysis";
import { analysisOf, groupsOf } from "./shared-analysis";
import { Issue, NetworkCheck } from "./issue";

/**
 * Ports at which the sender's egress verdict can change inside `from..to`: the ends of its
 * egress rules, and the range's own. The verdict itself always comes from the evaluator; the
 * rules given here only choose where to ask (more points never change the answer).
 */
function samplePorts(egress: readonly RuleArgs[], protocol: "tcp" | "udp", from: number, to: number): number[] {
  const points = new Set<number>([from, to]);
  for (const r of egress) {
    if (!hasPorts(r.ipProtocol)) continue;
    if (r.ipProtocol !== protocol) continue;
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
export const deadPath: NetworkCheck = (network: NetworkModel, options) => {
  const instances = (Array.isArray(network.instances) ? network.instances : []).filter((i): i is InstanceModel => !!i && Array.isArray(i.groups) && typeof i.privateIp === "string" && i.privateIp !== "");
  if (instances.length < 2) return [];
  const groups = new Map(groupsOf(network).map((g) => [g.id, g]));
  // The sender's egress side, asked of the evaluator on the part of the model it reads: the
  // sender's groups with their egress rules, the receivers' groups as shells (type, network,
  // inner access policy: who shares what), the sender and its receivers, the prefix lists.
  // Compiled once per sender.
  const evaluators = new Map<InstanceModel, ReturnType<typeof compileNetwork> | null>();
  const evaluatorOf = (a: InstanceModel, receivers: ReadonlySet<InstanceModel>) => {
    if (!evaluators.has(a)) {
      const own = new Set(a.groups);
      const named = a.groups.flatMap((g) => (groups.get(g)?.rules ?? []).map((r) => r?.sourceSecurityGroupId).filter((id): id is string => typeof id === "string"));
      const ids = new Set([...a.groups, ...[...receivers].flatMap((b) => b.groups), ...named]);
      const sub: NetworkModel = {
        groups: [...ids].map((id) => groups.get(id)).filter((g): g is NonNullable<typeof g> => g !== undefined).map((g) => ({ ...g, rules: own.has(g.id) ? (Array.isArray(g.rules) ? g.rules : []).filter((r) => r && r.type === "egress") : [] })),
        instances: [a, ...[...receivers].filter((b) => b !== a)],
        prefixLists: network.prefixLists,
      };
      try {
        evaluators.set(a, compileNetwork(sub));
      } catch {
        evaluators.set(a, null);
      }
    }
    return evaluators.get(a) as ReturnType<typeof compileNetwork> | null;
  };
  const members = new Map<string, InstanceModel[]>();
  for (const i of instances) for (const g of new Set(i.groups)) members.set(g, [...(members.get(g) ?? []), i]);
  const membersOf = (id: string) => members.get(id) ?? [];
  // A sender in basic groups only, none holding an egress drop that overlaps the rule's protocol
  // and ports, can send all of it: basic groups allow outbound by default and only a drop denies
  // (SEMANTICS.md 5-6). Only the others are asked of the evaluator.
  const restricted = (i: InstanceModel, rule: AnalysedRule) =>
    i.groups.some((g) => {
      const group = groups.get(g);
      if (!group || group.type === "enterprise") return true;
      return (Array.isArray(group.rules) ? group.rules : []).some((x) => {
        if (!x || x.type !== "egress" || x.policy !== "drop") return false;
        if (x.ipProtocol !== "all" && rule.protocol !== "all" && x.ipProtocol !== rule.protocol) return false;
        if (!hasPorts(x.ipProtocol) || !hasPorts(rule.protocol)) return true;
        const p = portInterval(x);
        return !(p.to < rule.ports.from || p.from > rule.ports.to);
      });
    });
  // Each sender's egress rules, their peers read once.
  const egressCache = new Map<InstanceModel, { rule: RuleArgs; group?: string; block?: CidrBlock }[]>();
  const egressOf = (a: InstanceModel) => {
    let list = egressCache.get(a);
    if (!list) {
      list = a.groups.flatMap((g) => (groups.get(g)?.rules ?? []).filter((r) => r && r.type === "egress")).map((rule) => {
        if (typeof rule.sourceSecurityGroupId === "string") return { rule, group: rule.sourceSecurityGroupId };
        const cidr = rule.cidrIp ?? rule.ipv6CidrIp;
        return { rule, block: typeof cidr === "string" ? parseCidr(cidr) : undefined };
      });
      egressCache.set(a, list);
    }
    return list;
  };
  const addresses = new Map<InstanceModel, CidrBlock | undefined>();
  const addressOf = (b: InstanceModel) => {
    if (!addresses.has(b)) addresses.set(b, parseAddress(b.privateIp));
    return addresses.get(b);
  };
  const verdicts = new Map<string, Decision>();
  // First the candidate rules and, per sender, the receivers it is asked about.
  type Candidate = { group: GroupModel; rule: AnalysedRule; pairs: (readonly [InstanceModel, InstanceModel])[] };
  const candidates: Candidate[] = [];
  const receiversOf = new Map<InstanceModel, Set<InstanceModel>>();
  for (const group of groups.values()) {
    const receivers = membersOf(group.id);
    if (receivers.length === 0) continue;
    if (!(Array.isArray(group.rules) ? group.rules : []).some((r) => r && typeof r.sourceSecurityGroupId === "string")) continue;
    const analysis = analysisOf(options, network, group);
    for (const rule of analysis.rules) {
      if (!isAcceptedIngress(rule) || rule.peer.kind !== "group" || rule.peer.owner !== undefined || !groups.has(rule.peer.id)) continue;
      const pairs = membersOf(rule.peer.id).flatMap((a) => receivers.filter((b) => b.id !== a.id).map((b) => [a, b] as const));
      if (pairs.length === 0 || pairs.some(([a]) => !restricted(a, rule))) continue;
      if (analysis.shadowing(rule)) continue; // shadowed-rule's finding: the rule itself never decides
      candidates.push({ group, rule, pairs });
      for (const [a, b] of pairs) {
        const set = receiversOf.get(a) ?? new Set<InstanceModel>();
        set.add(b);
        receiversOf.set(a, set);
      }
    }
  }
  const out: Issue[] = [];
  for (const { group, rule, pairs } of candidates) {
    const peer = (rule.peer as { id: string }).id;
    let dead = true;
    for (const [a, b] of pairs) {
      const compiled = evaluatorOf(a, receiversOf.get(a) as Set<InstanceModel>);
      if (!compiled) {
        dead = false;
        break;
      }
      // Egress rules that may match the receiver: only their ends can change the verdict.
      const to = addressOf(b);
      const egress = egressOf(a)
        .filter((e) => (e.group !== undefined ? b.groups.includes(e.group) : !e.block || !to || e.block.family !== to.family || blockContains(e.block, to)))
        .map((e) => e.rule);
      const decide = (protocol: FlowProtocol, port?: number): Decision => {
        const key = `${a.id}\u0000${b.id}\u0000${protocol}\u0000${port ?? ""}`;
        let d = verdicts.get(key);
        if (!d) verdicts.set(key, (d = compiled.evaluate(port === undefined ? { from: a.id, to: b.id, protocol } : { from: a.id, to: b.id, protocol, port })));
        return d;
      };
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
  return out;
};
