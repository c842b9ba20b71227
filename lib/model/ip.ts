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
  if (addr.kind() === "ipv4") return ipv4Block((addr as ipaddr.IPv4).octets, prefix);
  const family: IpFamily = addr.kind();
  const bits = bitsOf(family);
  const hostBits = BigInt(bits - prefix);
  const value = toBigInt(addr.toByteArray());
  const first = (value >> hostBits) << hostBits;
  const last = first | ((1n << hostBits) - 1n);
  const network = family === "ipv4" ? bigIntToIpv4(first) : bigIntToIpv6(first);
  return { family, prefix, text: `${network}/${prefix}`, first, last };
}

/** IPv4 blocks in plain numbers (32 bits fit a double exactly): one BigInt per bound, not per byte. */
function ipv4Block(octets: readonly number[], prefix: number): CidrBlock {
  const value = octets[0] * 16777216 + octets[1] * 65536 + octets[2] * 256 + octets[3];
  const size = 2 ** (32 - prefix);
  const first = value - (value % size);
  const network = new ipaddr.IPv4([Math.floor(first / 16777216) % 256, Math.floor(first / 65536) % 256, Math.floor(first / 256) % 256, first % 256]).toString();
  return { family: "ipv4", prefix, text: `${network}/${prefix}`, first: BigInt(first), last: BigInt(first + size - 1) };
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
  // ipaddr.js validates by catching its own exceptions, which is slow: route by shape first.
  if (text.includes(":")) return undefined;
  if (!text.includes("/")) return ipaddr.IPv4.isValidFourPartDecimal(text) ? blockFrom(ipaddr.IPv4.parse(text), 32) : undefined;
  // Same test as ipaddr.IPv4.isValidCIDRFourPartDecimal, with one parse instead of three.
  const slash = text.indexOf("/");
  if (!FOUR_PART_DECIMAL.test(text.slice(0, slash)) || !/^\d+$/.test(text.slice(slash + 1))) return undefined;
  try {
    const [addr, prefix] = ipaddr.IPv4.parseCIDR(text);
    return blockFrom(addr, prefix);
  } catch {
    return undefined;
  }
}

const FOUR_PART_DECIMAL = /^(0|[1-9]\d*)(\.(0|[1-9]\d*)){3}$/;

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
  // A text is at most one family (only IPv6 contains ":"), so one cached parse serves both filters.
  let block = PARSED.get(text);
  if (block === undefined) {
    block = parseIpv4Block(text) ?? parseIpv6Block(text) ?? null;
    if (PARSED.size >= PARSED_LIMIT) PARSED.clear();
    PARSED.set(text, block);
    // Validated rules carry the canonical text: parsing it again is then a lookup.
    if (block) PARSED.set(block.text, Object.freeze(block));
  }
  return block && (family === undefined || block.family === family) ? block : undefined;
}

/** Parsed texts (null: not a block). Rule sets repeat the same blocks, and parsing is slow; a quarter million entries stay well under 100 MB. */
const PARSED = new Map<string, CidrBlock | null>();
const PARSED_LIMIT = 250_000;

/** Parses a bare IPv4 or IPv6 address (no prefix) into a one-host block. */
export function parseAddress(text: string): CidrBlock | undefined {
  if (typeof text !== "string" || text.includes("/")) return undefined;
  return parseCidr(text);
}

/**
 * A bare IPv4 address in canonical dotted form (four decimal parts 0..255, no leading zeros,
 * nothing else) as its 32 bits, or -1 for any other text. Exactly the bare IPv4 texts
 * {@link parseAddress} accepts, read without building a block (large logs read one address per
 * field).
 */
export function ipv4Value(text: string): number {
  const n = text.length;
  if (n < 7 || n > 15) return -1;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= n; i++) {
    const c = i === n ? 46 : text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || octet > 255 || parts === 4) return -1;
      value = value * 256 + octet;
      parts++;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return -1; // no leading zeros
      octet = octet * 10 + (c - 48);
      digits++;
    } else return -1;
  }
  return parts === 4 ? value : -1;
}

/**
 * The family of a bare address, or undefined when the text is none: the check of
 * {@link parseAddress} without building a block, fast for dotted IPv4.
 */
export function addressFamily(text: string): IpFamily | undefined {
  if (typeof text !== "string") return undefined;
  const n = text.length;
  if (n >= 7 && n <= 15 && !text.includes(":")) return ipv4Value(text) >= 0 ? "ipv4" : undefined;
  return parseAddress(text)?.family;
}

/**
 * The canonical text of the block of `prefix` bits holding a bare address
 * (`networkText("203.0.113.7", 24)` is `"203.0.113.0/24"`), or undefined when the text is no
 * address. IPv4 is computed without the parse cache, for summaries of many addresses.
 */
export function networkText(address: string, prefix: number): string | undefined {
  if (addressFamily(address) === "ipv4" && Number.isInteger(prefix) && prefix >= 0 && prefix <= 32) {
    const o = address.split(".").map(Number);
    const value = o[0] * 16777216 + o[1] * 65536 + o[2] * 256 + o[3];
    const size = 2 ** (32 - prefix);
    const first = value - (value % size);
    return `${Math.floor(first / 16777216) % 256}.${Math.floor(first / 65536) % 256}.${Math.floor(first / 256) % 256}.${first % 256}/${prefix}`;
  }
  const block = parseAddress(address);
  if (!block || !Number.isInteger(prefix) || prefix < 0 || prefix > 128) return undefined;
  return parseCidr(`${address}/${prefix}`)?.text;
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
