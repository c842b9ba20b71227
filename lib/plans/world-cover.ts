/**
 * Exposure to every address through several blocks: `0.0.0.0/1` and `128.0.0.0/1` together
 * open a port to the whole Internet as surely as `0.0.0.0/0`, though no single rule says so.
 */
import { CidrBlock, IpFamily, parseCidr } from "../model/ip";
import { RuleArgs, portInterval } from "../model/rule";
import { sideAllows } from "../analysis/decision";

/** An admin or database port that one group's ingress rules let every address of a family reach. */
export interface WorldCover {
  /** `tcp` or `udp`. */
  protocol: "tcp" | "udp";
  /** The port. */
  port: number;
  /** The address family every address of which gets through. */
  family: IpFamily;
  /** The accepted blocks that open it, canonical. */
  blocks: string[];
}

const MAX_ADDRESS: Record<IpFamily, bigint> = { ipv4: (1n << 32n) - 1n, ipv6: (1n << 128n) - 1n };

/**
 * The first of `ports` that a group's validated rules let every IPv4 or every IPv6 address reach
 * over tcp or udp, with Alibaba's decision ({@link sideAllows}: best priority wins, drop wins
 * ties, nothing matching is denied inbound), or `undefined`. Only CIDR rules match outside addresses; nic types are read as in a
 * VPC (one rule for every peer). Addresses between two block edges match the same rules, so one
 * address per stretch decides for all of it.
 */
export function worldCover(rules: readonly RuleArgs[], ports: readonly number[]): WorldCover | undefined {
  const ingress: { block: CidrBlock; protocol: string; from: number; to: number; drop: boolean; priority: number; policy: "accept" | "drop" }[] = [];
  for (const r of rules) {
    const text = r.cidrIp ?? r.ipv6CidrIp;
    const block = r.type === "ingress" && text !== undefined ? parseCidr(text) : undefined;
    if (block) ingress.push({ block, protocol: r.ipProtocol, ...portInterval(r), drop: r.policy === "drop", priority: r.priority ?? 1, policy: r.policy ?? "accept" });
  }
  if (!ingress.some((r) => !r.drop)) return undefined;
  for (const family of ["ipv4", "ipv6"] as const) {
    for (const protocol of ["tcp", "udp"] as const) {
      for (const port of ports) {
        const matching = ingress.filter((r) => r.block.family === family && (r.protocol === protocol || r.protocol === "all") && port >= r.from && port <= r.to);
        if (!matching.some((m) => !m.drop)) continue;
        const edges = new Set<bigint>([0n]);
        for (const m of matching) {
          edges.add(m.block.first);
          if (m.block.last < MAX_ADDRESS[family]) edges.add(m.block.last + 1n);
        }
        const allowed = (address: bigint): boolean => sideAllows(matching.filter((m) => address >= m.block.first && address <= m.block.last), "ingress", "normal");
        if ([...edges].every(allowed)) {
          const blocks = matching.filter((m) => !m.drop).map((m) => m.block.text);
          return { protocol, port, family, blocks: [...new Set(blocks)] };
        }
      }
    }
  }
  return undefined;
}
