import fc from "fast-check";
import { blockContains, blocksOverlap, isAnyAddress, isPrivateIpv4, parseAddress, parseCidr } from "../../lib/model";
import { addressFamily, ipv4Value, networkText } from "../../lib/model/ip";
import { isInternalBlock, isInternalIpv4 } from "../../lib/model/group-network";

describe("parseCidr", () => {
  test.each([
    ["10.0.0.1", "10.0.0.1/32"],
    ["10.159.6.18/12", "10.144.0.0/12"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["::", "::/128"],
    ["0::0/0", "::/0"],
    ["0:0:0:0:0:0:0:0/0", "::/0"],
    ["2001:DB8::1/32", "2001:db8::/32"],
    ["::ffff:10.0.0.1", "::ffff:a00:1/128"],
  ])("%s is %s", (text, canonical) => {
    expect(parseCidr(text)?.text).toBe(canonical);
  });

  test.each([["10.1"], ["010.0.0.1"], ["10.0.0.0/33"], ["::/129"], ["fe80::1%eth0"], [" 10.0.0.1"], [""], ["10.0.0.0/"], ["example.com"]])("refuses %p", (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  test("a family can be required", () => {
    expect(parseCidr("::/0", "ipv4")).toBeUndefined();
    expect(parseCidr("0.0.0.0/0", "ipv6")).toBeUndefined();
  });

  test("parseAddress refuses blocks", () => {
    expect(parseAddress("10.0.0.0/8")).toBeUndefined();
    expect(parseAddress("10.0.0.8")?.prefix).toBe(32);
  });

  test("anywhere, private space and containment", () => {
    expect(isAnyAddress(parseCidr("0::/0")!)).toBe(true);
    expect(isPrivateIpv4(parseCidr("172.16.5.0/24")!)).toBe(true);
    expect(isPrivateIpv4(parseCidr("172.32.0.0/16")!)).toBe(false);
    expect(isPrivateIpv4(parseCidr("10.0.0.0/7")!)).toBe(false);
    expect(blockContains(parseCidr("10.0.0.0/8")!, parseCidr("10.2.3.4")!)).toBe(true);
    expect(blockContains(parseCidr("0.0.0.0/0")!, parseCidr("::1")!)).toBe(false);
    expect(blocksOverlap(parseCidr("10.0.0.0/8")!, parseCidr("10.0.0.0/16")!)).toBe(true);
  });

  test("a block contains every address it was written with, and canonical text re-parses to itself", () => {
    fc.assert(
      fc.property(fc.oneof(fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })), fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 }))), ([addr, prefix]) => {
        const block = parseCidr(`${addr}/${prefix}`);
        expect(block).toBeDefined();
        expect(blockContains(block!, parseAddress(addr)!)).toBe(true);
        expect(parseCidr(block!.text)).toEqual(block);
      }),
      { seed: 5, numRuns: 1000 },
    );
  });
});

describe("addressFamily", () => {
  test("agrees with parseAddress on dotted texts, addresses or not", () => {
    const texts = fc.array(fc.constantFrom("0", "1", "9", "25", "255", "256", "01", ".", "", ":", "a"), { maxLength: 9 }).map((xs) => xs.join("."));
    fc.assert(fc.property(fc.oneof(texts, fc.ipV4(), fc.ipV6()), (t) => expect(addressFamily(t)).toBe(parseAddress(t)?.family)), { seed: 3, numRuns: 300 });
  });
});

describe("ipv4Value and isInternalIpv4", () => {
  const texts = fc.array(fc.constantFrom("0", "1", "9", "10", "100", "127", "172", "192", "168", "255", "256", "01", ".", "", ":", "a"), { maxLength: 9 }).map((xs) => xs.join("."));
  test("read exactly the bare IPv4 texts parseAddress reads, as the same number", () => {
    fc.assert(
      fc.property(fc.oneof(texts, fc.ipV4(), fc.ipV6()), (t) => {
        const block = parseAddress(t);
        expect(ipv4Value(t)).toBe(block?.family === "ipv4" ? Number(block.first) : -1);
      }),
      { seed: 5, numRuns: 500 },
    );
  });

  test("say internal exactly where isInternalBlock does, at the edges of every internal block too", () => {
    const edges = ["9.255.255.255", "10.0.0.0", "10.255.255.255", "11.0.0.0", "100.63.255.255", "100.64.0.0", "100.127.255.255", "100.128.0.0", "172.15.255.255", "172.16.0.0", "172.31.255.255", "172.32.0.0", "192.167.255.255", "192.168.0.0", "192.168.255.255", "192.169.0.0"];
    const check = (t: string) => expect(isInternalIpv4(ipv4Value(t))).toBe(isInternalBlock(parseCidr(t) as NonNullable<ReturnType<typeof parseCidr>>));
    edges.forEach(check);
    fc.assert(fc.property(fc.ipV4(), check), { seed: 7, numRuns: 500 });
  });
});

describe("networkText", () => {
  test("is the canonical block of the address, as parseCidr writes it", () => {
    fc.assert(fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), fc.integer({ min: 0, max: 128 }), (a, p) => {
      const prefix = a.includes(":") ? p : p % 33;
      expect(networkText(a, prefix)).toBe(parseCidr(`${a}/${prefix}`)?.text);
    }), { seed: 4, numRuns: 300 });
  });
});
