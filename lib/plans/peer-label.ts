/**
 * How descriptions name a peer entry: by its value (`203.0.113.7/32`), by the caller's name and
 * its value (`office (203.0.113.7/32)`), or by the name alone for a value known only at deploy
 * time (`web-a`); a security group's entry is `members of …` each way. And that label read
 * back, given the peer of the rule it describes.
 */
import { parseCidr } from "../model/ip";
import { PeerFields } from "../model/peer";

/** A peer entry as its label says it. */
export interface PeerLabel {
  /** The peer as text (`10.0.0.0/16`, `sg-…`, `123456/sg-…`, `pl-…`); absent when it is known only at deploy time. */
  peer?: string;
  /** The caller's name for the entry. */
  name?: string;
  /** True for a security group's entry: its members. */
  group?: boolean;
}

const MEMBERS = "members of ";

/** The label descriptions use for an entry: `office (203.0.113.7/32)`, `members of app`, `pl-…`. */
export function peerLabel(entry: PeerLabel): string {
  const inner = entry.name !== undefined && entry.peer !== undefined ? `${entry.name} (${entry.peer})` : (entry.name ?? entry.peer ?? "");
  return entry.group ? `${MEMBERS}${inner}` : inner;
}

/**
 * Whether a text may be a label: not empty, and without `: `, which no peer, entry name (a slug)
 * or label holds (so a component name holding its own prefix's words is never read as a label).
 */
export function isPeerLabel(text: string): boolean {
  return text !== "" && !text.includes(": ");
}

/** The peer a rule's label names, as labels write it: its canonical value, and whether it is a group. */
export interface LabelContext {
  /** The peer as text. */
  peer: string;
  /** True when the peer is a security group. */
  group: boolean;
}

/** The {@link LabelContext} of a rule's peer fields. */
export function labelContext(rule: PeerFields): LabelContext {
  const block = rule.cidrIp ?? rule.ipv6CidrIp;
  if (block !== undefined) return { peer: parseCidr(block)?.text ?? block, group: false };
  if (rule.prefixListId !== undefined) return { peer: rule.prefixListId, group: false };
  const id = `${rule.sourceSecurityGroupId ?? ""}`;
  return { peer: rule.sourceGroupOwnerId ? `${rule.sourceGroupOwnerId}/${id}` : id, group: true };
}

/**
 * The entry a label names, given the peer of the rule it describes (`context`): the peer's own
 * text is the unnamed entry, `name (peer)` the named one, any other text the name of an entry
 * known only at deploy time. `undefined` when a group's label does not say `members of`, or the
 * label is empty.
 */
export function readPeerLabel(label: string, context: LabelContext): PeerLabel | undefined {
  if (context.group && !label.startsWith(MEMBERS)) return undefined;
  const inner = context.group ? label.slice(MEMBERS.length) : label;
  const group = context.group ? { group: true } : {};
  if (inner === context.peer) return { peer: context.peer, ...group };
  const named = ` (${context.peer})`;
  if (inner.endsWith(named) && inner.length > named.length) return { peer: context.peer, name: inner.slice(0, -named.length), ...group };
  return inner === "" ? undefined : { name: inner, ...group };
}
