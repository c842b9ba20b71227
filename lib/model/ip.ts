/**
 * The library's one wrapper around ipaddr.js. Every IP address and CIDR block the library
 * reads goes through here: nothing else parses addresses.
 */
import * as ipaddr from "ipaddr.js";

/** Address family of a parsed block. */
export type IpFamily = "ipv4" | "ipv6";

/** A parsed CIDR block: its family, canonical text and numeric bounds (both included). */
export interface CidrBlock {
  /** `ipv4` or `ipv6`. */
  readonly family: IpFamily;
  /** Prefix length: 0..32 for IPv4, 0..128 for IPv6. */
  readonly prefix: number;
  /** Canonical text: network address (host bits cleared), compressed for IPv6, with the prefix. */
  readonly text: string;
  /** First address of the block as an integer. */
  readonly first: bigint;
  /** Last address of the block as an integer. */
  readonly last: bigint;
}

function toBigInt(bytes: number[]): bigint {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return value;
}

function bitsOf(family: IpFamily): number {
  return family === "ipv4" ? 32 : 128;
}

function blockFrom(addr: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): CidrBlock {
  const family: IpFamily = addr.kind();
  const bits = bitsOf(family);
  const hostBits = BigInt(bits - prefix);
  const value = toBigInt(addr.toByteArray());
  const first = (value >> hostBits) << hostBits;
  const last = first | ((1n << hostBits) - 1n);
  const network = family === "ipv4" ? bigIntToIpv4(first) : bigIntToIpv6(first);
  return { family, prefix, text: `${network}/${prefix}`, first, last };
}

function bigIntToIpv4(value: bigint): string {
  const octets: number[] = [];
  for (let i = 3; i >= 0; i--) octets.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return new ipaddr.IPv4(octets).toString();
}

function bigIntToIpv6(value: bigint): string {
  const parts: number[] = [];
  for (let i = 7; i >= 0; i--) parts.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  return new ipaddr.IPv6(parts).toRFC5952String();
}

function parseIpv4Block(text: string): CidrBlock | undefined {
  // Run only the check that can succeed: ipaddr.js reports a failed parse by throwing, which is slow.
  if (text.includes(":")) return undefined;
  if (!text.includes("/")) return ipaddr.IPv4.isValidFourPartDecimal(text) ? blockFrom(ipaddr.IPv4.parse(text), 32) : undefined;
  if (ipaddr.IPv4.isValidCIDRFourPartDecimal(text)) {
    const [addr, prefix] = ipaddr.IPv4.parseCIDR(text);
    return blockFrom(addr, prefix);
  }
  return undefined;
}

function parseIpv6Block(text: string): CidrBlock | undefined {
  try {
    if (text.includes("/")) {
      if (!ipaddr.IPv6.isValidCIDR(text)) return undefined;
      const [addr, prefix] = ipaddr.IPv6.parseCIDR(text);
      if (addr.zoneId !== undefined) return undefined;
      return blockFrom(addr, prefix);
    }
    if (!ipaddr.IPv6.isValid(text)) return undefined;
    const addr = ipaddr.IPv6.parse(text);
    if (addr.zoneId !== undefined) return undefined;
    return blockFrom(addr, 128);
  } catch {
    return undefined;
  }
}

/**
 * Parses an IPv4 or IPv6 CIDR block or bare address (a bare address is a one-host block).
 * Host bits may be set (`10.159.6.18/12` is `10.144.0.0/12`). Returns `undefined` when the
 * text is neither; pass `family` to accept only one of them.
 */
export function parseCidr(text: string, family?: IpFamily): CidrBlock | undefined {
  if (typeof text !== "string" || text.trim() !== text || text === "") return undefined;
  if (family !== "ipv6") {
    const v4 = parseIpv4Block(text);
    if (v4) return v4;
  }
  if (family !== "ipv4") return parseIpv6Block(text);
  return undefined;
}

/** Parses a bare IPv4 or IPv6 address (no prefix) into a one-host block. */
export function parseAddress(text: string): CidrBlock | undefined {
  if (typeof text !== "string" || text.includes("/")) return undefined;
  return parseCidr(text);
}

/** The block `0.0.0.0/0` or `::/0` of a family. */
export function anyBlock(family: IpFamily): CidrBlock {
  return parseCidr(family === "ipv4" ? "0.0.0.0/0" : "::/0") as CidrBlock;
}

/** True when the block covers every address of its family (`/0`, in any spelling). */
export function isAnyAddress(block: CidrBlock): boolean {
  return block.prefix === 0;
}

/** True when `inner` lies wholly inside `outer` (same family). */
export function blockContains(outer: CidrBlock, inner: CidrBlock): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

/** True when the two blocks share at least one address. */
export function blocksOverlap(a: CidrBlock, b: CidrBlock): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

const PRIVATE_IPV4 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((c) => parseCidr(c) as CidrBlock);

/** True when the block lies inside RFC 1918 private IPv4 space. */
export function isPrivateIpv4(block: CidrBlock): boolean {
  return PRIVATE_IPV4.some((p) => blockContains(p, block));
}

/** Number of addresses in the block, as a bigint. */
export function blockSize(block: CidrBlock): bigint {
  return block.last - block.first + 1n;
}

/** Renders an integer address of a family back to canonical text. */
export function addressText(family: IpFamily, value: bigint): string {
  return family === "ipv4" ? bigIntToIpv4(value) : bigIntToIpv6(value);
}
