/**
 * Deterministic synthetic networks for the benchmarks: many groups, each with a realistic mix
 * of CIDR, group, prefix-list, drop and egress rules. No randomness between runs.
 */
import { GroupModel, InstanceModel, IpProtocol, NetworkModel, RuleArgs } from "../lib";

/** A small deterministic pseudo-random generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `groups` groups of `rulesPerGroup` rules, with one instance per group. */
export function syntheticNetwork(groups: number, rulesPerGroup: number, seed = 1): NetworkModel {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const out: GroupModel[] = [];
  const instances: InstanceModel[] = [];
  for (let g = 0; g < groups; g++) {
    const rules: RuleArgs[] = [];
    for (let r = 0; r < rulesPerGroup; r++) {
      const kind = rand();
      const from = 1 + Math.floor(rand() * 60000);
      const to = Math.min(65535, from + Math.floor(rand() * (rand() < 0.8 ? 1 : 2000)));
      const type = rand() < 0.8 ? "ingress" : "egress";
      const policy = rand() < 0.85 ? "accept" : "drop";
      const priority = 1 + Math.floor(rand() * 100);
      const ipProtocol = pick(["tcp", "tcp", "tcp", "udp", "icmp", "all"] as const);
      const portRange = ipProtocol === "tcp" || ipProtocol === "udp" ? `${from}/${to}` : "-1/-1";
      // Plain literals of one shape, as rules arrive from Pulumi (deserialised inputs); spreading
      // and overriding would make dictionary-mode objects no real program produces.
      const rule = (peer: Partial<RuleArgs>, protocol: IpProtocol = ipProtocol): RuleArgs => ({
        type,
        ipProtocol: protocol,
        portRange,
        policy,
        priority,
        cidrIp: peer.cidrIp,
        ipv6CidrIp: peer.ipv6CidrIp,
        sourceSecurityGroupId: peer.sourceSecurityGroupId,
        prefixListId: peer.prefixListId,
      });
      if (kind < 0.6) {
        const prefix = pick([8, 16, 24, 32, 0]);
        const addr = `${10 + Math.floor(rand() * 200)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`;
        rules.push(rule({ cidrIp: `${addr}/${prefix}` }));
      } else if (kind < 0.9) {
        rules.push(rule({ sourceSecurityGroupId: `sg-g${Math.floor(rand() * groups)}` }));
      } else if (kind < 0.95) {
        rules.push(rule({ ipv6CidrIp: `2001:db8:${Math.floor(rand() * 65535).toString(16)}::/48` }, ipProtocol === "icmp" ? "icmpv6" : ipProtocol));
      } else {
        rules.push(rule({ prefixListId: `pl-${Math.floor(rand() * 10)}` }));
      }
    }
    out.push({ id: `sg-g${g}`, vpcId: "vpc-bench", innerAccessPolicy: rand() < 0.5 ? "Accept" : "Drop", rules });
    instances.push({ id: `i-${g}`, privateIp: `172.16.${Math.floor(g / 250)}.${(g % 250) + 1}`, groups: [`sg-g${g}`] });
  }
  const prefixLists = Array.from({ length: 10 }, (_, i) => ({ id: `pl-${i}`, cidrs: [`192.168.${i}.0/24`, `100.64.${i}.0/24`] }));
  return { groups: out, instances, prefixLists };
}
