/**
 * Address lists as callers write them (`["203.0.113.7", "10.0.0.0/16"]`), parsed through the
 * one IP wrapper, checked against what the argument may hold, and named by argument.
 */
import { isAnyAddress, parseCidr } from "../model/ip";
import { Peer } from "../model/peer";
import { at, expectArray, isDeployTime, refuse } from "./fields";
import { OPT_IN_ADVICE } from "./unsafe";

/** What a list of addresses may hold. */
export interface AddressPolicy {
  /** What the addresses are, for messages: "an admin source". */
  what: string;
  /** True when `0.0.0.0/0` / `::/0` needs the unsafe opt-in. */
  refuseWorld: boolean;
  /** The caller's unsafe opt-in reason, if any. @default none */
  unsafeReason?: string;
  /** Widest block accepted, as the smallest prefix length per family (32 / 128: single addresses), and the arguments that set them. @default no limit */
  maxPrefix?: { ipv4: number; ipv6: number; ipv4Field: string; ipv6Field: string };
  /** At least one entry. @default false */
  required?: boolean;
}

/** One parsed address block and the argument it came from. */
export interface AddressEntry {
  /** The peer (an IPv4 or IPv6 block). */
  peer: Peer;
  /** The argument, e.g. `args.admin.sources[1]`. */
  field: string;
  /** True when the block is `/0` (allowed only through the unsafe opt-in or a policy that permits it). */
  world: boolean;
}

/** Reads a list of IPv4/IPv6 blocks or addresses under `policy`; `undefined` gives `defaults`. */
export function parseAddresses(field: string, value: unknown, policy: AddressPolicy, defaults: readonly string[] = []): AddressEntry[] {
  const list = expectArray(field, value, true) ?? [...defaults];
  if (policy.required && list.length === 0) {
    refuse("invalid-argument", field, value, `is empty: name at least one address for ${policy.what}`, `Pass addresses such as ["203.0.113.7"].`);
  }
  return list.map((text, i) => parseAddress(`${field}[${i}]`, text, policy));
}

/** Reads one IPv4/IPv6 block or address under `policy`. */
export function parseAddress(field: string, text: unknown, policy: AddressPolicy): AddressEntry {
  if (isDeployTime(text)) {
    refuse("invalid-cidr", field, "<deploy-time value>", "is a value known only at deploy time without a name: child names and descriptions need one", `Write it as { cidr: value, name: "web-a" } (or { ipv6Cidr: value, name }), e.g. { cidr: webVswitch.cidrBlock, name: "web-a" }.`);
  }
  if (typeof text !== "string") {
    refuse("invalid-cidr", field, text, "must be a string", `Write a CIDR block such as "10.0.0.0/16" or one address such as "203.0.113.7".`);
  }
  const trimmed = text.trim();
  if (/^sg-/.test(trimmed)) refuse("invalid-cidr", field, text, "is a security group id, not an address", `Write it as { securityGroupId: ${JSON.stringify(trimmed)} } (with ownerId for another account's group).`);
  if (/^\d+\/sg-/.test(trimmed)) {
    const [owner, id] = trimmed.split("/");
    refuse("invalid-cidr", field, text, "uses the console's account/group notation, not an address", `Write it as { securityGroupId: ${JSON.stringify(id)}, ownerId: ${JSON.stringify(owner)} }.`);
  }
  if (/^pl-/.test(trimmed)) refuse("invalid-cidr", field, text, "is a prefix list id, not an address", `Write it as { prefixListId: ${JSON.stringify(trimmed)} }.`);
  const peer = at(field, () => Peer.cidr(text));
  const block = peer.block!;
  // Host bits: the caller meant the network, or the one host; say both rather than guess.
  const slash = trimmed.indexOf("/");
  if (slash > 0) {
    const host = parseCidr(trimmed.slice(0, slash));
    if (host && host.first !== block.first) {
      const single = `${trimmed.slice(0, slash)}/${block.family === "ipv4" ? 32 : 128}`;
      refuse("invalid-cidr", field, text, "has host bits set, so it is ambiguous", `Write the network ${JSON.stringify(block.text)} or the one host ${JSON.stringify(single)}.`);
    }
  }
  const world = isAnyAddress(block);
  if (world && policy.refuseWorld && policy.unsafeReason === undefined) {
    refuse("world-open", field, text, `opens ${policy.what} to every address`, `Name the addresses that need access, ${OPT_IN_ADVICE}.`);
  }
  const limit = policy.maxPrefix;
  if (limit) {
    const max = block.family === "ipv4" ? limit.ipv4 : limit.ipv6;
    if (block.prefix < max) {
      refuse("source-too-broad", field, text, `is a /${block.prefix} block, wider than the /${max} allowed for ${policy.what}`, `Name single addresses (e.g. "203.0.113.7"), or set ${block.family === "ipv4" ? limit.ipv4Field : limit.ipv6Field} to ${block.prefix} to accept blocks this wide.`);
    }
  }
  return { peer, field, world };
}
