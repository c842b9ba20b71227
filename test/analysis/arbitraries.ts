/**
 * fast-check generators of small networks and flows, shared by the analysis property tests.
 * Small on purpose: few groups, few rules, ports 20..30, so that rules overlap and tie often.
 */
import fc from "fast-check";
import type { Flow, FlowProtocol } from "../../lib/analysis";
import { parseAddress } from "../../lib/model/ip";
import { GroupModel, GroupType, InstanceModel, NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";

export const GROUP_IDS = ["sg-a", "sg-b", "sg-c"];
export const V4_BLOCKS = ["0.0.0.0/0", "10.0.0.0/8", "10.0.1.0/24", "10.0.1.5/32", "203.0.113.0/24", "203.0.113.7/32", "203.0.113.0/25"];
export const V6_BLOCKS = ["::/0", "2001:db8::/32"];
export const OUTSIDE = ["203.0.113.7", "203.0.113.200", "203.0.113.9", "198.51.100.1", "10.0.1.9", "10.0.2.1", "2001:db8::1", "2001:db9::1"];
export const PREFIX_LISTS = [{ id: "pl-1", cidrs: ["203.0.113.0/25", "10.0.1.0/24", "2001:db8::/48"] }];

/** One rule of a group of the given type (enterprise groups never name groups). */
export function ruleArb(type: GroupType): fc.Arbitrary<RuleArgs> {
  const peers: fc.Arbitrary<Partial<RuleArgs>>[] = [
    fc.constantFrom(...V4_BLOCKS).map((cidrIp) => ({ cidrIp })),
    fc.constantFrom(...V6_BLOCKS).map((ipv6CidrIp) => ({ ipv6CidrIp })),
    fc.constantFrom("pl-1", "pl-missing").map((prefixListId) => ({ prefixListId })),
  ];
  if (type === "normal") {
    peers.push(
      fc.record({ sourceSecurityGroupId: fc.constantFrom(...GROUP_IDS), owner: fc.constantFrom(undefined, "1111") }).map(({ sourceSecurityGroupId, owner }) => (owner ? { sourceSecurityGroupId, sourceGroupOwnerId: owner } : { sourceSecurityGroupId })),
    );
  }
  return fc
    .record({
      type: fc.constantFrom("ingress" as const, "egress" as const),
      ipProtocol: fc.constantFrom("tcp" as const, "udp" as const, "icmp" as const, "all" as const),
      from: fc.integer({ min: 20, max: 30 }),
      span: fc.integer({ min: 0, max: 4 }),
      policy: fc.constantFrom(undefined, "accept" as const, "drop" as const),
      priority: fc.constantFrom(undefined, 1, 2, 3, 4),
      peer: fc.oneof(...peers),
    })
    .map(({ type: direction, ipProtocol, from, span, policy, priority, peer }) => {
      // icmp is IPv4 only: move it to all for IPv6 peers.
      const protocol = ipProtocol === "icmp" && peer.ipv6CidrIp !== undefined ? "all" : ipProtocol;
      const rule: RuleArgs = { type: direction, ipProtocol: protocol, ...peer };
      if (protocol === "tcp" || protocol === "udp") rule.portRange = `${from}/${Math.min(from + span, 65535)}`;
      if (policy !== undefined) rule.policy = policy;
      if (priority !== undefined) rule.priority = priority;
      return rule;
    });
}

/** Groups sg-a, sg-b, sg-c of one type, in a VPC, with up to `maxRules` rules each. */
export function groupsArb(maxRules = 5): fc.Arbitrary<GroupModel[]> {
  return fc.constantFrom<GroupType>("normal", "normal", "enterprise").chain((type) =>
    fc.tuple(
      ...GROUP_IDS.map((id) =>
        fc.record({ rules: fc.array(ruleArb(type), { maxLength: maxRules }), inner: fc.constantFrom(undefined, "Accept" as const, "Drop" as const) }).map(({ rules, inner }) => {
          const g: GroupModel = { id, vpcId: "vpc-1", rules };
          if (type === "enterprise") g.type = "enterprise";
          else if (inner !== undefined) g.innerAccessPolicy = inner;
          return g;
        }),
      ),
    ),
  );
}

/** A network of three groups and up to three instances, each in a non-empty set of groups. */
export function networkArb(): fc.Arbitrary<NetworkModel> {
  const inst = (id: string, privateIp: string) =>
    fc.record({ groups: fc.subarray(GROUP_IDS, { minLength: 1 }), accountId: fc.constantFrom(undefined, "1111", "2222") }).map(({ groups, accountId }): InstanceModel => (accountId ? { id, privateIp, groups, accountId } : { id, privateIp, groups }));
  return fc.record({
    groups: groupsArb(),
    instances: fc.tuple(inst("i-1", "10.0.1.5"), inst("i-2", "10.0.1.6"), inst("i-3", "203.0.113.9")).map(([a, b, c]) => [{ ...a, ipv6Addresses: ["2001:db8::15"] }, b, c]),
  }).map(({ groups, instances }) => ({ groups, instances, prefixLists: PREFIX_LISTS }));
}

/** A raw flow between instance ids and outside addresses; pass it through {@link usableFlow}. */
export function flowArb(instanceIds: string[]): fc.Arbitrary<Flow> {
  const end = fc.constantFrom(...instanceIds, ...OUTSIDE);
  return fc.record({ from: end, to: end, protocol: fc.constantFrom<FlowProtocol>("tcp", "tcp", "udp", "icmp", "gre"), port: fc.integer({ min: 18, max: 32 }) }).map((f) => {
    const flow: Flow = { from: f.from, to: f.to, protocol: f.protocol };
    if (f.protocol === "tcp" || f.protocol === "udp") flow.port = f.port;
    return flow;
  });
}

/** The flow made valid for a model (icmpv6 for IPv6 outside ends), or undefined when no group judges it. */
export function usableFlow(model: NetworkModel, flow: Flow): Flow | undefined {
  const byId = new Map((model.instances ?? []).map((i) => [i.id, i]));
  if (!byId.has(flow.from) && !byId.has(flow.to)) return undefined;
  const v6 = [flow.from, flow.to].some((e) => !byId.has(e) && parseAddress(e)?.family === "ipv6");
  const out: Flow = flow.protocol === "icmp" && v6 ? { ...flow, protocol: "icmpv6" } : flow;
  // Both ends need an address of the flow's family (an outside address sets it).
  const family = v6 || out.protocol === "icmpv6" ? "ipv6" : "ipv4";
  const has = (e: string) => {
    const inst = byId.get(e);
    if (!inst) return parseAddress(e)?.family === family;
    return [inst.privateIp, ...(inst.ipv6Addresses ?? [])].some((a) => parseAddress(a)?.family === family);
  };
  if (!has(out.from) || !has(out.to)) return undefined;
  return out;
}

/** A deterministic shuffle driven by a seed (mulberry32). */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
