/**
 * Address lists as callers write them (`["203.0.113.7", "10.0.0.0/16"]`), parsed through the
 * one IP wrapper, checked against what the argument may hold, and named by argument.
 */
import { isAnyAddress } from "../model/ip";
import { Peer } from "../model/peer";
import { at, expectArray, refuse } from "./fields";
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
  if (typeof text !== "string") {
    refuse("invalid-cidr", field, text, "must be a string", `Write a CIDR block such as "10.0.0.0/16" or one address such as "203.0.113.7".`);
  }
  const peer = at(field, () => Peer.cidr(text));
  const block = peer.block!;
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
