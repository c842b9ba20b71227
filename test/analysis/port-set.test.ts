import fc from "fast-check";
import {
  PortRange,
  PortSet,
  formatPortSet,
  intersectPortSets,
  intersectRanges,
  normalizeRanges,
  portSetAllows,
  rangesContain,
  subtractPortSets,
  subtractRanges,
  unionPortSets,
  unionRanges,
} from "../../lib/analysis";

const UNIVERSE = 40;
const range = fc.tuple(fc.integer({ min: 1, max: UNIVERSE }), fc.integer({ min: 1, max: UNIVERSE })).map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) }));
const ranges = fc.array(range, { maxLength: 6 }).map(normalizeRanges);

function members(rs: readonly PortRange[]): boolean[] {
  const out = new Array<boolean>(UNIVERSE + 2).fill(false);
  for (const r of rs) for (let p = r.from; p <= r.to; p++) out[p] = true;
  return out;
}

function isNormal(rs: readonly PortRange[]): boolean {
  return rs.every((r, i) => r.from <= r.to && (i === 0 || rs[i - 1].to + 1 < r.from));
}

describe("port ranges", () => {
  test.each<[string, PortRange[], PortRange[]]>([
    ["merges overlapping ranges", [{ from: 5, to: 10 }, { from: 8, to: 12 }], [{ from: 5, to: 12 }]],
    ["merges touching ranges", [{ from: 1, to: 5 }, { from: 6, to: 9 }], [{ from: 1, to: 9 }]],
    ["sorts ranges", [{ from: 443, to: 443 }, { from: 80, to: 80 }], [{ from: 80, to: 80 }, { from: 443, to: 443 }]],
    ["drops empty ranges", [{ from: 9, to: 3 }], []],
  ])("normalizeRanges %s", (_name, input, expected) => {
    expect(normalizeRanges(input)).toEqual(expected);
  });

  test("subtracting a hole splits a range", () => {
    expect(subtractRanges([{ from: 1, to: 65535 }], [{ from: 22, to: 22 }])).toEqual([{ from: 1, to: 21 }, { from: 23, to: 65535 }]);
  });

  test("normalising keeps the inputs untouched", () => {
    const input = [{ from: 1, to: 5 }, { from: 3, to: 9 }];
    normalizeRanges(input);
    expect(input).toEqual([{ from: 1, to: 5 }, { from: 3, to: 9 }]);
  });

  const cfg = { seed: 42, numRuns: 1000 };
  test("union, intersection and difference agree with sets of ports", () => {
    fc.assert(
      fc.property(ranges, ranges, (a, b) => {
        const ma = members(a);
        const mb = members(b);
        const u = unionRanges(a, b);
        const i = intersectRanges(a, b);
        const d = subtractRanges(a, b);
        const ports = Array.from({ length: UNIVERSE }, (_, k) => k + 1);
        return (
          [u, i, d].every(isNormal) &&
          ports.every((p) => members(u)[p] === (ma[p] || mb[p]) && members(i)[p] === (ma[p] && mb[p]) && members(d)[p] === (ma[p] && !mb[p]) && rangesContain(a, p) === ma[p])
        );
      }),
      cfg,
    );
  });
});

describe("port sets", () => {
  const web: PortSet = [{ protocol: "tcp", ranges: [{ from: 80, to: 80 }, { from: 443, to: 443 }] }, { protocol: "icmp" }];
  const ssh: PortSet = [{ protocol: "tcp", ranges: [{ from: 22, to: 22 }, { from: 80, to: 80 }] }, { protocol: "udp", ranges: [{ from: 53, to: 53 }] }];

  test.each<[string, PortSet, string]>([
    ["lists ports of a protocol with commas and protocols with semicolons", web, "tcp 80, 443; icmp"],
    ["writes ranges with a dash", [{ protocol: "udp", ranges: [{ from: 8000, to: 8080 }] }], "udp 8000-8080"],
    ["calls the full range all ports", [{ protocol: "tcp", ranges: [{ from: 1, to: 65535 }] }, { protocol: "gre" }], "tcp all ports; gre"],
    ["says nothing for the empty set", [], "nothing"],
  ])("formatPortSet %s", (_name, set, text) => {
    expect(formatPortSet(set)).toBe(text);
  });

  test("union keeps protocol order and merges ports", () => {
    expect(unionPortSets(web, ssh)).toEqual([{ protocol: "tcp", ranges: [{ from: 22, to: 22 }, { from: 80, to: 80 }, { from: 443, to: 443 }] }, { protocol: "udp", ranges: [{ from: 53, to: 53 }] }, { protocol: "icmp" }]);
  });
  test("intersection keeps what both hold", () => {
    expect(intersectPortSets(web, ssh)).toEqual([{ protocol: "tcp", ranges: [{ from: 80, to: 80 }] }]);
  });
  test("difference removes ports and whole portless protocols", () => {
    expect(subtractPortSets(web, [{ protocol: "tcp", ranges: [{ from: 80, to: 80 }] }, { protocol: "icmp" }])).toEqual([{ protocol: "tcp", ranges: [{ from: 443, to: 443 }] }]);
  });
  test.each<[string, Parameters<typeof portSetAllows>[1], number | undefined, boolean]>([
    ["a listed port", "tcp", 443, true],
    ["an unlisted port", "tcp", 22, false],
    ["a portless protocol", "icmp", undefined, true],
    ["an absent protocol", "udp", 53, false],
  ])("portSetAllows %s", (_name, protocol, port, allowed) => {
    expect(portSetAllows(web, protocol, port)).toBe(allowed);
  });
});
