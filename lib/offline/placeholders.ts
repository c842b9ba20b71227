/**
 * The documented placeholders of an offline plan. A program that reads a value only the cloud
 * knows (an EIP's address, a VPC's IPv6 block, the zones of a region) gets a typed, plausible
 * stand-in so it runs; every stand-in the plan uses is listed in the report as assumed.
 *
 * - Addresses: public ones in 203.0.113.0/24 (TEST-NET-3), private ones in 10.0.0.0/8, IPv6
 *   in 2001:db8::/32 (the documentation prefix), each derived from the resource name.
 * - CIDR blocks: `10.<n>.0.0/16`; IPv6 blocks `2001:db8:<n>::/56`.
 * - Ids: `<kind>-<resource name>`; names: the resource name; times: `2026-01-01T00:00:00Z`.
 * - Numbers 0, booleans false, lists of strings one placeholder, other lists empty, maps empty.
 */
import { createHash } from "crypto";
import { slug } from "../plans/names";
import { PropertyKind } from "./schema";

/** A byte of the hash of `text`, for stable placeholder numbers. */
function hashByte(text: string, i = 0): number {
  return createHash("sha256").update(text).digest()[i];
}

/** The slug of a name ({@link slug}), safe inside ids: never empty, at most 100 characters. */
export function idSlug(name: string): string {
  const s = slug(name);
  return s === "" ? "x" : s.slice(0, 100);
}

/** A stable private address for `name`: `10.x.y.z`. */
export function privateAddressFor(name: string): string {
  return `10.${hashByte(name, 0)}.${hashByte(name, 1)}.${(hashByte(name, 2) % 253) + 1}`;
}

/** A stable public address for `name`, in 203.0.113.0/24 (reserved for documentation). */
export function publicAddressFor(name: string): string {
  return `203.0.113.${(hashByte(name, 3) % 253) + 1}`;
}

const IPV6_BLOCK = /ipv6.*(cidr|block)|(cidr|block).*ipv6/i;
const BLOCK = /cidr|block$|Block$/;
const IPV6_ADDRESS = /ipv6.*(address|ip)s?$/i;
const ADDRESS = /(^ip$|Ip$|IpAddress$|[aA]ddress$|^address$|publicIp|privateIp)/;
const PUBLIC = /public|eip|internet|^ipAddress$/i;

/** A placeholder for one string property of a resource; `key` makes it unique to the resource. */
export function stringPlaceholder(prop: string, key: string, resourceName: string): string {
  const n = hashByte(`${key}.${prop}`);
  if (IPV6_BLOCK.test(prop)) return `2001:db8:${(0x1000 + n).toString(16)}::/56`;
  if (BLOCK.test(prop)) return `10.${n}.0.0/16`;
  if (IPV6_ADDRESS.test(prop)) return `2001:db8::${(0x1000 + n).toString(16)}`;
  if (ADDRESS.test(prop)) return PUBLIC.test(prop) ? publicAddressFor(`${key}.${prop}`) : privateAddressFor(`${key}.${prop}`);
  if (/Id$/.test(prop)) return `${idSlug(prop.slice(0, -2))}-${idSlug(resourceName)}`;
  if (/[nN]ame$/.test(prop)) return resourceName;
  if (/[tT]ime$/.test(prop)) return "2026-01-01T00:00:00Z";
  return `${idSlug(resourceName)}-${idSlug(prop)}`;
}

/** A placeholder for a property of the given shape, or `undefined` for shapes that get none (objects). */
export function placeholderFor(kind: PropertyKind, prop: string, key: string, resourceName: string): unknown {
  switch (kind) {
    case "string":
      return stringPlaceholder(prop, key, resourceName);
    case "number":
      return 0;
    case "boolean":
      return false;
    case "string[]":
      return [stringPlaceholder(prop.replace(/s$/, ""), key, resourceName)];
    case "number[]":
    case "object[]":
      return [];
    case "record":
      return {};
    default:
      // Shape unknown (no declaration): only names that say what they hold.
      return IPV6_BLOCK.test(prop) || BLOCK.test(prop) || ADDRESS.test(prop) || IPV6_ADDRESS.test(prop) ? stringPlaceholder(prop, key, resourceName) : undefined;
  }
}
