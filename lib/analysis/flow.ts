/**
 * A flow (one request from a sender to a receiver) and the evaluator's answer about it.
 */
import { IpFamily } from "../model/ip";
import { GroupType } from "../model/network";
import { RuleArgs, RulePolicy, RuleType, hasPorts } from "../model/rule";

/** Protocol of one flow: a rule's protocols minus `all` (a packet has one protocol). */
export type FlowProtocol = "tcp" | "udp" | "icmp" | "icmpv6" | "gre";

/** Every flow protocol, in the order results list them. */
export const FLOW_PROTOCOLS: readonly FlowProtocol[] = ["tcp", "udp", "icmp", "icmpv6", "gre"];

/** The flow protocols a packet of one address family can carry: icmp is IPv4's, icmpv6 IPv6's. */
export const FAMILY_PROTOCOLS: Readonly<Record<IpFamily, readonly FlowProtocol[]>> = {
  ipv4: ["tcp", "udp", "icmp", "gre"],
  ipv6: ["tcp", "udp", "icmpv6", "gre"],
};

/** The flow protocols by IANA protocol number (what flow logs record). Any other number is a protocol only `all` rules match. */
export const IANA_PROTOCOLS: Readonly<Record<number, FlowProtocol>> = { 6: "tcp", 17: "udp", 1: "icmp", 58: "icmpv6", 47: "gre" };

/** True for the protocols whose flows carry a port (tcp and udp, {@link hasPorts}). The others are judged as one segment, 1..65535. */
export function protocolHasPorts(protocol: FlowProtocol | "other"): boolean {
  return protocol !== "other" && hasPorts(protocol);
}

/**
 * One request. `from` and `to` are each an instance id of the model or an IP address literal,
 * which stands for a host outside the model (pass an instance's id, not its address, to ask
 * about that instance). Replies are never judged: groups are stateful.
 */
export interface Flow {
  /** Sender: an instance id, or an outside IPv4/IPv6 address. */
  from: string;
  /** Receiver: an instance id, or an outside IPv4/IPv6 address. */
  to: string;
  /** `tcp`, `udp`, `icmp`, `icmpv6` or `gre`. */
  protocol: FlowProtocol;
  /** Destination port, 1..65535: required for tcp and udp, absent for every other protocol. */
  port?: number;
}

/** What decided one side: a custom rule, the implicit default rules, or the group's inner access policy. */
export type DecidedBy = "rule" | "default" | "inner-access";

/** The answer of one side of a flow: the sender's egress or the receiver's ingress. */
export interface Verdict {
  /** `egress` (the sender's side) or `ingress` (the receiver's side). */
  direction: RuleType;
  /** Whether this side lets the flow through. */
  allowed: boolean;
  /** What decided it. */
  decidedBy: DecidedBy;
  /** The instance whose groups were consulted. */
  instanceId: string;
  /** The group holding the deciding rule, or the shared group whose inner access policy decided. */
  groupId?: string;
  /** Index of the deciding rule in its group's `rules`. */
  ruleIndex?: number;
  /** The deciding rule, normalised. */
  rule?: RuleArgs;
  /** Priority of the deciding rule, or 110 for the default rules; absent for inner access. */
  priority?: number;
  /** Policy of the deciding rule (or of the default rule, or `accept` for inner access). */
  policy: RulePolicy;
  /** Type of the instance's groups, which picks the default for egress. */
  groupType: GroupType;
}

/** The evaluator's answer about a flow. */
export interface Decision {
  /** Whether the request reaches the receiver. */
  allowed: boolean;
  /** One readable sentence saying why. */
  reason: string;
  /** The sender's side, when the sender is an instance of the model. */
  egress?: Verdict;
  /** The receiver's side, when the receiver is an instance of the model. */
  ingress?: Verdict;
}
