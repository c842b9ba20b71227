/**
 * Exposure to every address through several blocks: `0.0.0.0/1` and `128.0.0.0/1` together
 * open a port to the whole Internet as surely as `0.0.0.0/0`, though no single rule says so.
 */
import { sideOfRules } from "../analysis/judge";
import { everyAddressReaches } from "../analysis/world-reach";
import { IpFamily } from "../model/ip";
import { RuleArgs } from "../model/rule";

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

/**
 * The first of `ports` that a group's validated rules let every IPv4 or every IPv6 address reach
 * over tcp or udp, as the judge decides (best priority wins, drop wins ties, nothing matching is
 * denied inbound), or `undefined`. Only CIDR rules match outside addresses; nic types are read as
 * in a VPC (one rule for every peer).
 */
export function worldCover(rules: readonly RuleArgs[], ports: readonly number[]): WorldCover | undefined {
  const side = sideOfRules(rules.filter((r) => (r.cidrIp ?? r.ipv6CidrIp) !== undefined), "ingress");
  const ingress = side.rules;
  if (!ingress.some((r) => !r.drop)) return undefined;
  const fallback = side.fallback;
  for (const family of ["ipv4", "ipv6"] as const) {
    const mine = ingress.filter((r) => r.peer.kind === "cidr" && r.peer.block.family === family);
    for (const protocol of ["tcp", "udp"] as const) {
      for (const port of ports) {
        const accepts = mine.filter((r) => !r.drop && (r.protocol === protocol || r.protocol === "all") && r.from <= port && port <= r.to);
        if (accepts.length === 0) continue;
        if (everyAddressReaches(mine, fallback, family, protocol, port)) {
          const blocks = accepts.map((r) => (r.peer.kind === "cidr" ? r.peer.block.text : ""));
          return { protocol, port, family, blocks: [...new Set(blocks)] };
        }
      }
    }
  }
  return undefined;
}
