import fc from "fast-check";
import * as ipaddr from "ipaddr.js";
import { parseCidr } from "../../lib/model/ip";

/** What parseCidr accepted before it routed text by shape: ipaddr.js's own four-part tests. */
function reference(text: string): { family: string; prefix: number; first: string } | undefined {
  if (typeof text !== "string" || text.trim() !== text || text === "") return undefined;
  const v4 = ipaddr.IPv4.isValidFourPartDecimal(text) ? [ipaddr.IPv4.parse(text), 32] : ipaddr.IPv4.isValidCIDRFourPartDecimal(text) ? ipaddr.IPv4.parseCIDR(text) : undefined;
  const v6 = v4 ? undefined : text.includes("/") ? (ipaddr.IPv6.isValidCIDR(text) ? ipaddr.IPv6.parseCIDR(text) : undefined) : ipaddr.IPv6.isValid(text) ? [ipaddr.IPv6.parse(text), 128] : undefined;
  const hit = (v4 ?? v6) as [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined;
  if (!hit || (hit[0].kind() === "ipv6" && (hit[0] as ipaddr.IPv6).zoneId !== undefined)) return undefined;
  const bits = hit[0].kind() === "ipv4" ? 32 : 128;
  const value = hit[0].toByteArray().reduce((v, b) => (v << 8n) | BigInt(b), 0n);
  const host = BigInt(bits - hit[1]);
  return { family: hit[0].kind(), prefix: hit[1], first: ((value >> host) << host).toString() };
}

const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom("00", "01", "0x1", "", "a"));
const v4Text = fc.tuple(octet, octet, octet, octet, fc.option(fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.constantFrom("", "08", "1/2")), { nil: undefined })).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}${p === undefined ? "" : `/${p}`}`);
const v6Text = fc.tuple(fc.constantFrom("::", "0::0", "0:0:0:0:0:0:0:0", "2001:db8::", "::ffff:10.0.0.1", "fe80::1%eth0", "2001:db8:::1", "1:2:3:4:5:6:7:8"), fc.option(fc.integer({ min: 0, max: 130 }), { nil: undefined })).map(([a, p]) => (p === undefined ? a : `${a}/${p}`));

describe("parseCidr (shape routing and cache)", () => {
  test("agrees with ipaddr.js's own four-part tests on IPv4-like text", () => {
    fc.assert(
      fc.property(v4Text, (text) => {
        const got = parseCidr(text);
        const want = reference(text);
        expect(got && { family: got.family, prefix: got.prefix, first: got.first.toString() }).toEqual(want);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  test("agrees with ipaddr.js on IPv6-like text and arbitrary strings", () => {
    fc.assert(
      fc.property(fc.oneof(v6Text, fc.string()), (text) => {
        const got = parseCidr(text);
        const want = reference(text);
        expect(got && { family: got.family, prefix: got.prefix, first: got.first.toString() }).toEqual(want);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  test("applies the family filter to cached blocks", () => {
    expect(parseCidr("10.0.0.0/8")?.family).toBe("ipv4");
    expect(parseCidr("10.0.0.0/8", "ipv6")).toBeUndefined();
    expect(parseCidr("::/0", "ipv4")).toBeUndefined();
    expect(parseCidr("::/0", "ipv6")?.text).toBe("::/0");
  });

  test("returns frozen blocks, so the cache cannot be changed through them", () => {
    expect(Object.isFrozen(parseCidr("192.168.0.0/16"))).toBe(true);
  });
});
