import * as fc from "fast-check";
import * as ipaddr from "ipaddr.js";
import { complementRanges, rangeToCidrs } from "../../lib/analysis/cells";

/** The blocks as [first, last] address numbers, read with ipaddr.js. */
function spans(blocks: readonly string[]): [bigint, bigint][] {
  return blocks.map((b) => {
    const [addr, len] = ipaddr.parseCIDR(b);
    const bits = addr.kind() === "ipv4" ? 32 : 128;
    const first = addr.toByteArray().reduce((n, x) => (n << 8n) | BigInt(x), 0n);
    const size = 1n << BigInt(bits - len);
    expect(first % size).toBe(0n);
    return [first, first + size - 1n];
  });
}

/** The smallest cover of lo..hi, one address at a time grown into the largest aligned block (slow, obvious). */
function greedy(bits: number, lo: bigint, hi: bigint): number[] {
  const lengths: number[] = [];
  let cur = lo;
  while (cur <= hi) {
    let size = 0;
    while (size < bits && cur % (1n << BigInt(size + 1)) === 0n && cur + (1n << BigInt(size + 1)) - 1n <= hi) size++;
    lengths.push(bits - size);
    cur += 1n << BigInt(size);
  }
  return lengths;
}

const V4_MAX = 2n ** 32n - 1n;
/** IPv4 addresses, often at or next to a power of two, where blocks change size. */
const v4 = fc.oneof(
  fc.bigInt({ min: 0n, max: V4_MAX }),
  fc.tuple(fc.integer({ min: 0, max: 32 }), fc.constantFrom(-1n, 0n, 1n)).map(([k, d]) => {
    const x = (1n << BigInt(k)) + d;
    return x < 0n ? 0n : x > V4_MAX ? V4_MAX : x;
  }),
  fc.constantFrom(0n, V4_MAX, 2n ** 31n, 2n ** 31n - 1n),
);

describe("rangeToCidrs: the smallest list of CIDR blocks covering exactly a range", () => {
  test("IPv4: the blocks are aligned, in order, touch end to end, cover lo..hi exactly, and are as few as the greedy cover", () => {
    fc.assert(
      fc.property(v4, v4, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const blocks = rangeToCidrs("ipv4", lo, hi);
        const s = spans(blocks);
        expect(s[0][0]).toBe(lo);
        expect(s[s.length - 1][1]).toBe(hi);
        for (let i = 1; i < s.length; i++) expect(s[i][0]).toBe(s[i - 1][1] + 1n);
        expect(blocks.map((x) => Number(x.split("/")[1]))).toEqual(greedy(32, lo, hi));
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  test("known covers", () => {
    expect(rangeToCidrs("ipv4", 0n, V4_MAX)).toEqual(["0.0.0.0/0"]);
    expect(rangeToCidrs("ipv4", 0n, 2n ** 31n - 1n)).toEqual(["0.0.0.0/1"]);
    expect(rangeToCidrs("ipv4", 2n ** 31n, V4_MAX)).toEqual(["128.0.0.0/1"]);
    expect(rangeToCidrs("ipv4", 1n, V4_MAX - 1n)).toHaveLength(62);
    expect(rangeToCidrs("ipv4", V4_MAX, V4_MAX)).toEqual(["255.255.255.255/32"]);
    // 10.0.0.5 .. 10.0.0.20
    expect(rangeToCidrs("ipv4", 167772165n, 167772180n)).toEqual(["10.0.0.5/32", "10.0.0.6/31", "10.0.0.8/29", "10.0.0.16/30", "10.0.0.20/32"]);
    expect(rangeToCidrs("ipv6", 0n, 2n ** 128n - 1n)).toEqual(["::/0"]);
    expect(rangeToCidrs("ipv6", 1n, 2n ** 128n - 1n)).toHaveLength(128);
    expect(() => rangeToCidrs("ipv4", 5n, 4n)).toThrow(RangeError);
    expect(() => rangeToCidrs("ipv4", -1n, 4n)).toThrow("not an ipv4 range: -1..4");
    expect(() => rangeToCidrs("ipv4", 0n, V4_MAX + 1n)).toThrow(RangeError);
  });

  test("the complement of Workbench's ranges is every other IPv4 address, in order", () => {
    const wb = spans(["100.104.0.0/16", "161.117.0.0/16"]);
    const gaps = complementRanges("ipv4", wb);
    expect(gaps).toEqual([[0n, wb[0][0] - 1n], [wb[0][1] + 1n, wb[1][0] - 1n], [wb[1][1] + 1n, V4_MAX]]);
  });
});
