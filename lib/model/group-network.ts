/**
 * Which network a security group is in, and what nic type each of its rules has there: the one
 * place that decides it. Validation, the evaluator, the matrix, the checks, the guard and the
 * reports all call these functions.
 *
 * A group is a VPC group unless it says it is classic. Unknown means VPC: an existing group
 * known only by its id, a group outside the program, a hand-written model group without a
 * network field, a `vpcId` that is still unknown. Classic only where the group says so:
 * `network: "classic"`, or a literal `vpcId: ""` (how the ECS API prints a classic group), or
 * where its own rules say so: only classic groups carry `nicType: "internet"` rules, so a group
 * that states no network (neither `network` nor `vpcId`) and holds an internet rule is read as
 * classic, and reports say why ({@link networkReadingText}).
 */
import { ValidationError, quote } from "./errors";
import { CidrBlock, blockContains, blocksOverlap, isPrivateIpv4, parseCidr } from "./ip";
import type { GroupModel, GroupNetwork } from "./network";
import type { NicType, RuleArgs } from "./rule";

/** The fields of a group that say which network it is in: its own fields, and its rules when it states none. */
export type NetworkFields = Pick<GroupModel, "network" | "vpcId"> & { readonly rules?: unknown };

const NETWORKS: readonly GroupNetwork[] = ["vpc", "classic"];

/** How a group's network was read, and from what. */
export interface NetworkReading {
  /** The network. */
  readonly network: GroupNetwork;
  /**
   * What said it: `network` (the field), `vpcId` (a VPC id, or `""` for classic), `rule` (the
   * group states nothing and one of its rules is an internet rule, which only classic groups
   * carry), or `default` (nothing says: a VPC group).
   */
  readonly by: "network" | "vpcId" | "rule" | "default";
  /** For `rule`: the position of the first internet rule in the group's `rules`. */
  readonly ruleIndex?: number;
}

/** The position of the first rule with `nicType: "internet"`, read without trusting the input (any value, never throws). */
function firstInternetRule(rules: unknown): number | undefined {
  try {
    if (!Array.isArray(rules)) return undefined;
    for (let i = 0; i < rules.length; i++) {
      const r: unknown = rules[i];
      if (typeof r === "object" && r !== null && !Array.isArray(r) && (r as { nicType?: unknown }).nicType === "internet") return i;
    }
  } catch {
    // A rule that cannot be read says nothing (validation refuses it).
  }
  return undefined;
}

/**
 * Which network a group is in, and what said so: the `network` field; else a `vpcId` (`""` is
 * classic, any other value a VPC); else, for a group that states neither, its rules (an
 * internet rule means classic); else VPC. Never throws; {@link checkGroupNetwork} refuses
 * contradictions.
 *
 * @example readGroupNetwork({ rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0", nicType: "internet" }] })
 *   // => { network: "classic", by: "rule", ruleIndex: 0 }
 */
export function readGroupNetwork(group: NetworkFields): NetworkReading {
  if (group.network === "classic" || group.network === "vpc") return { network: group.network, by: "network" };
  if (group.vpcId !== undefined) return { network: group.vpcId === "" ? "classic" : "vpc", by: "vpcId" };
  if (group.network === undefined) {
    const ruleIndex = firstInternetRule(group.rules);
    if (ruleIndex !== undefined) return { network: "classic", by: "rule", ruleIndex };
  }
  return { network: "vpc", by: "default" };
}

/**
 * What a report says about a network read from a group's rules
 * (`read as classic: rule 3 is an internet rule`); undefined when the group stated its network
 * or nothing said (a VPC group by default).
 */
export function networkReadingText(reading: NetworkReading): string | undefined {
  return reading.by === "rule" ? `read as classic: rule ${reading.ruleIndex} is an internet rule` : undefined;
}

/**
 * The network of a group (see {@link readGroupNetwork}): `classic` where `network` is
 * `"classic"`, `vpcId` is `""`, or the group states neither and holds an internet rule;
 * otherwise `vpc`. Never throws; {@link checkGroupNetwork} refuses contradictions.
 */
export function groupNetwork(group: NetworkFields): GroupNetwork {
  return readGroupNetwork(group).network;
}

/**
 * The network of a group a program creates, from the `vpcId` it is given: the classic network
 * when it has none (absent, null or empty: the provider then creates a classic-network group),
 * otherwise a VPC (an id, or a value known only at deploy time). The group's model then says so
 * as {@link groupNetwork} reads it.
 */
export function createdGroupNetwork(vpcId: unknown): GroupNetwork {
  return vpcId === undefined || vpcId === null || vpcId === "" ? "classic" : "vpc";
}

/** True for a classic-network group (see {@link groupNetwork}). */
export function isClassicGroup(group: NetworkFields): boolean {
  return groupNetwork(group) === "classic";
}

/**
 * Refuses a network field that is not `"vpc"` or `"classic"`, and a group that says both
 * (`network: "vpc"` with `vpcId: ""`, or `network: "classic"` with a VPC id).
 */
export function checkGroupNetwork(group: NetworkFields, field = "network"): void {
  const network = group.network as unknown;
  if (network !== undefined && !NETWORKS.includes(network as GroupNetwork)) {
    const near = typeof network === "string" ? NETWORKS.find((n) => n === network.toLowerCase()) : undefined;
    throw new ValidationError("invalid-network", field, network, "is not a network", near ? `Write it as ${JSON.stringify(near)} (lower case).` : `Use "vpc" (the default) or "classic".`);
  }
  const vpcId = group.vpcId as unknown;
  if (vpcId !== undefined && typeof vpcId !== "string") {
    throw new ValidationError("invalid-network", "vpcId", vpcId, "must be a string", `Give the VPC's id ("vpc-…"), or "" for a classic-network group.`);
  }
  if (network === "vpc" && vpcId === "") {
    throw new ValidationError("invalid-network", field, network, `contradicts vpcId "" (a classic-network group)`, `Drop one: network "vpc" with the VPC's id, or network "classic".`);
  }
  if (network === "classic" && typeof vpcId === "string" && vpcId !== "") {
    throw new ValidationError("invalid-network", field, network, `contradicts vpcId ${quote(vpcId)} (a VPC group)`, `A classic-network group has no VPC: remove vpcId, or use network "vpc".`);
  }
}

/**
 * The nic type a validated rule has in its group. In a VPC group every rule is `intranet`
 * (one rule governs Internet and internal traffic alike). In a classic group a rule says so,
 * or defaults as the API does: `internet` for a CIDR peer, `intranet` for a group or prefix list.
 */
export function effectiveNicType(rule: Pick<RuleArgs, "nicType" | "cidrIp" | "ipv6CidrIp">, classic: boolean): NicType {
  if (!classic) return "intranet";
  if (rule.nicType !== undefined) return rule.nicType;
  return rule.cidrIp !== undefined || rule.ipv6CidrIp !== undefined ? "internet" : "intranet";
}

/** The internal address space: RFC 1918, the shared space 100.64.0.0/10 and IPv6 unique-local (see {@link isInternalBlock}). */
export const INTERNAL_BLOCKS: readonly CidrBlock[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"].map((c) => parseCidr(c) as CidrBlock);

/**
 * True when every address of the block is internal, the side a classic group's `intranet` rules
 * match: RFC 1918, the shared address space 100.64.0.0/10 (Alibaba's own services and
 * Workbench's private side, 100.104.0.0/16) and IPv6 unique-local. Everything else is public
 * (`internet` rules).
 */
export function isInternalBlock(block: CidrBlock): boolean {
  return (block.family === "ipv4" && isPrivateIpv4(block)) || INTERNAL_BLOCKS.some((b) => blockContains(b, block));
}

/** The IPv4 internal blocks as bounds in plain numbers (the private ones are among them). */
const INTERNAL_V4: readonly (readonly [number, number])[] = INTERNAL_BLOCKS.filter((b) => b.family === "ipv4").map((b) => [Number(b.first), Number(b.last)]);

/** {@link isInternalBlock} of one IPv4 address given as its 32 bits, without building a block. */
export function isInternalIpv4(value: number): boolean {
  for (const [lo, hi] of INTERNAL_V4) if (lo <= value && value <= hi) return true;
  return false;
}

/**
 * The nic types a classic group's rule needs for its peer block to match all of it: `intranet`
 * for internal blocks, `internet` for public ones, both for a block that holds both (0.0.0.0/0,
 * a deny-all).
 */
export function nicTypesFor(block: CidrBlock): NicType[] {
  if (isInternalBlock(block)) return ["intranet"];
  return INTERNAL_BLOCKS.some((b) => blocksOverlap(b, block)) ? ["internet", "intranet"] : ["internet"];
}
