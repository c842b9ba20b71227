/**
 * Sets of addresses as sorted, disjoint ranges per family, and the named ones intents speak of:
 * `internet` (every public address), `anywhere`, and the private space a group's stand-in
 * member is taken to hold. Pure.
 */
import { CidrBlock, IpFamily, parseCidr } from "../model/ip";
import { MAX_ADDRESS } from "./cells";

/** Sorted, disjoint, non-adjacent address ranges, both ends included. */
export type AddressRanges = readonly (readonly [bigint, bigint])[];

/** Addresses of both families. */
export interface AddressSet {
  readonly ipv4: AddressRanges;
  readonly ipv6: AddressRanges;
}

const blocks = (texts: readonly string[]): CidrBlock[] => texts.map((t) => parseCidr(t) as CidrBlock);

/** Sorts and merges ranges that overlap or touch. */
export function normalizeAddressRanges(ranges: readonly (readonly [bigint, bigint])[]): [bigint, bigint][] {
  const sorted = [...ranges].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1n) {
      if (hi > last[1]) last[1] = hi;
    } else out.push([lo, hi]);
  }
  return out;
}

/** The ranges of some blocks, by family. */
export function addressSetOf(list: readonly CidrBlock[]): AddressSet {
  return {
    ipv4: normalizeAddressRanges(list.filter((b) => b.family === "ipv4").map((b) => [b.first, b.last] as const)),
    ipv6: normalizeAddressRanges(list.filter((b) => b.family === "ipv6").map((b) => [b.first, b.last] as const)),
  };
}

/** What `a` holds and `b` does not. */
export function subtractAddressRanges(a: AddressRanges, b: AddressRanges): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  let j = 0;
  for (const [lo0, hi] of a) {
    let lo = lo0;
    while (j < b.length && b[j][1] < lo) j++;
    let k = j;
    while (lo <= hi) {
      if (k >= b.length || b[k][0] > hi) {
        out.push([lo, hi]);
        break;
      }
      if (b[k][0] > lo) out.push([lo, b[k][0] - 1n]);
      lo = b[k][1] + 1n;
      k++;
    }
  }
  return out;
}

/** What both hold. */
export function intersectAddressRanges(a: AddressRanges, b: AddressRanges): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = a[i][0] > b[j][0] ? a[i][0] : b[j][0];
    const hi = a[i][1] < b[j][1] ? a[i][1] : b[j][1];
    if (lo <= hi) out.push([lo, hi]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

/** Every address of both families. */
export const ANYWHERE: AddressSet = { ipv4: [[0n, MAX_ADDRESS.ipv4]], ipv6: [[0n, MAX_ADDRESS.ipv6]] };

/**
 * Addresses that are not on the Internet: private (RFC 1918, IPv6 unique-local), shared
 * (100.64.0.0/10), loopback, link-local and multicast, and the addresses no host holds ("this
 * network" 0.0.0.0/8, the reserved 240.0.0.0/4 with the broadcast address, IPv6's unspecified
 * address and IPv4-mapped space).
 */
const NOT_PUBLIC = addressSetOf(blocks(["0.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4", "::/128", "::1/128", "::ffff:0:0/96", "fc00::/7", "fe80::/10", "ff00::/8"]));

/** Every public IPv4 and IPv6 address: `anywhere` without the private, shared, loopback, link-local and multicast ranges. */
export const INTERNET_ADDRESSES: AddressSet = {
  ipv4: subtractAddressRanges(ANYWHERE.ipv4, NOT_PUBLIC.ipv4),
  ipv6: subtractAddressRanges(ANYWHERE.ipv6, NOT_PUBLIC.ipv6),
};

/** Every public IPv4 address. */
export const INTERNET_IPV4: AddressSet = { ipv4: INTERNET_ADDRESSES.ipv4, ipv6: [] };
/** Every public IPv6 address. */
export const INTERNET_IPV6: AddressSet = { ipv4: [], ipv6: INTERNET_ADDRESSES.ipv6 };

/** The private space a group's stand-in member holds when nothing narrower is known: RFC 1918 and IPv6 unique-local. */
export const PRIVATE_ADDRESSES: AddressSet = addressSetOf(blocks(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"]));

/** The ranges of one family. */
export function rangesOf(set: AddressSet, family: IpFamily): AddressRanges {
  return family === "ipv4" ? set.ipv4 : set.ipv6;
}

/** True when the set holds no address. */
export function isEmptyAddressSet(set: AddressSet): boolean {
  return set.ipv4.length === 0 && set.ipv6.length === 0;
}
