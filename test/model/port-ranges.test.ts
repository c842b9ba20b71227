import fc from "fast-check";
import {
  ALL_PORTS,
  NO_PORT_RANGES,
  PortRange,
  addRangeInPlace,
  formatRanges,
  intersectRanges,
  isNormalized,
  normalizeRanges,
  rangesContain,
  rangesOfPorts,
  sameRanges,
  splitRanges,
  subtractRanges,
  unionRanges,
} from "../../lib/model/port-ranges";

// A small universe of ports, so that every result can be checked port by port.
const UNIVERSE = 40;
const PORTS = Array.from({ length: UNIVERSE }, (_, k) => k + 1);
const cfg = { seed: 42, numRuns: 1000 };

const arbRange: fc.Arbitrary<PortRange> = fc
  .tuple(fc.integer({ min: 1, max: UNIVERSE }), fc.integer({ min: 1, max: UNIVERSE }))
  .map(([a, b]) => ({ from: Math.min(a, b), to: Math.max(a, b) }));
/** Any list of ranges: unsorted, overlapping, touching, sometimes empty ones (`from > to`). */
const arbLoose: fc.Arbitrary<PortRange[]> = fc.array(
  fc.oneof(arbRange, fc.tuple(fc.integer({ min: 2, max: UNIVERSE }), fc.integer({ min: 1, max: UNIVERSE })).map(([a, b]) => ({ from: a, to: Math.min(b, a - 1) }))),
  { maxLength: 8 },
);
const arbNormal: fc.Arbitrary<PortRange[]> = arbLoose.map(normalizeRanges);
const arbPorts = fc.array(fc.integer({ min: 1, max: UNIVERSE }), { maxLength: 20 });

/** The brute-force set of ports in a list of ranges. */
function members(rs: readonly PortRange[]): Set<number> {
  const out = new Set<number>();
  for (const r of rs) for (let p = r.from; p <= r.to; p++) out.add(p);
  return out;
}

/** True when `rs` holds exactly the ports of the universe that `keep` accepts. */
function holdsExactly(rs: readonly PortRange[], keep: (p: number) => boolean): boolean {
  const m = members(rs);
  return PORTS.every((p) => m.has(p) === keep(p)) && [...m].every((p) => p >= 1 && p <= UNIVERSE);
}

describe("normalizeRanges", () => {
  test.each<[string, PortRange[], PortRange[]]>([
    ["merges overlapping ranges", [{ from: 5, to: 10 }, { from: 8, to: 12 }], [{ from: 5, to: 12 }]],
    ["merges touching ranges", [{ from: 1, to: 5 }, { from: 6, to: 9 }], [{ from: 1, to: 9 }]],
    ["sorts ranges", [{ from: 443, to: 443 }, { from: 80, to: 80 }], [{ from: 80, to: 80 }, { from: 443, to: 443 }]],
    ["drops empty ranges", [{ from: 9, to: 3 }], []],
  ])("%s", (_name, input, expected) => {
    expect(normalizeRanges(input)).toEqual(expected);
  });

  test("keeps its input untouched", () => {
    const input = [{ from: 1, to: 5 }, { from: 3, to: 9 }];
    normalizeRanges(input);
    expect(input).toEqual([{ from: 1, to: 5 }, { from: 3, to: 9 }]);
  });

  test("holds the same ports, normalised, idempotent and independent of order", () => {
    fc.assert(
      fc.property(arbLoose, fc.infiniteStream(fc.nat()), (rs, seeds) => {
        const n = normalizeRanges(rs);
        const m = members(rs);
        const shuffled = rs.map((r) => [seeds.next().value as number, r] as const).sort((a, b) => a[0] - b[0]).map(([, r]) => r);
        return isNormalized(n) && holdsExactly(n, (p) => m.has(p)) && sameRanges(normalizeRanges(n), n) && sameRanges(normalizeRanges(shuffled), n);
      }),
      cfg,
    );
  });
});

describe("isNormalized", () => {
  test.each<[string, PortRange[], boolean]>([
    ["accepts the empty list", [], true],
    ["accepts sorted, separated ranges", [{ from: 1, to: 3 }, { from: 5, to: 9 }], true],
    ["refuses touching ranges", [{ from: 1, to: 4 }, { from: 5, to: 9 }], false],
    ["refuses unsorted ranges", [{ from: 5, to: 9 }, { from: 1, to: 3 }], false],
    ["refuses an empty range", [{ from: 9, to: 3 }], false],
  ])("%s", (_name, input, expected) => {
    expect(isNormalized(input)).toBe(expected);
  });
});

describe("rangesOfPorts", () => {
  test("builds ranges from port numbers in any order", () => {
    expect(rangesOfPorts([443, 80, 81, 82, 80])).toEqual([
      { from: 80, to: 82 },
      { from: 443, to: 443 },
    ]);
  });

  test("holds exactly the given ports, normalised", () => {
    fc.assert(
      fc.property(arbPorts, (ports) => {
        const rs = rangesOfPorts(ports);
        return isNormalized(rs) && holdsExactly(rs, (p) => ports.includes(p));
      }),
      cfg,
    );
  });
});

describe("range algebra", () => {
  test("subtracting a hole splits a range", () => {
    expect(subtractRanges(ALL_PORTS, [{ from: 22, to: 22 }])).toEqual([{ from: 1, to: 21 }, { from: 23, to: 65535 }]);
  });

  test("the empty list is the identity of union and subtraction, and absorbs intersection", () => {
    const web = rangesOfPorts([80, 443]);
    expect(unionRanges(NO_PORT_RANGES, web)).toEqual(web);
    expect(subtractRanges(web, NO_PORT_RANGES)).toEqual(web);
    expect(intersectRanges(web, NO_PORT_RANGES)).toEqual([]);
  });

  test("union, intersection and difference agree with sets of ports and stay normalised", () => {
    fc.assert(
      fc.property(arbNormal, arbNormal, (a, b) => {
        const [ma, mb] = [members(a), members(b)];
        const results: [PortRange[], (p: number) => boolean][] = [
          [unionRanges(a, b), (p) => ma.has(p) || mb.has(p)],
          [intersectRanges(a, b), (p) => ma.has(p) && mb.has(p)],
          [subtractRanges(a, b), (p) => ma.has(p) && !mb.has(p)],
        ];
        return results.every(([r, keep]) => isNormalized(r) && holdsExactly(r, keep));
      }),
      cfg,
    );
  });

  test("union also normalises lists that are not", () => {
    fc.assert(
      fc.property(arbLoose, arbLoose, (a, b) => {
        const [ma, mb] = [members(a), members(b)];
        const u = unionRanges(a, b);
        return isNormalized(u) && holdsExactly(u, (p) => ma.has(p) || mb.has(p));
      }),
      cfg,
    );
  });

  test("results never change their inputs", () => {
    fc.assert(
      fc.property(arbNormal, arbNormal, (a, b) => {
        const [ca, cb] = [a.map((r) => ({ ...r })), b.map((r) => ({ ...r }))];
        unionRanges(a, b);
        intersectRanges(a, b);
        subtractRanges(a, b);
        return sameRanges(a, ca) && sameRanges(b, cb);
      }),
      cfg,
    );
  });

  test("splitting by one range gives the difference outside and the intersection inside", () => {
    fc.assert(
      fc.property(arbNormal, arbRange, fc.boolean(), (a, cut, collect) => {
        const inside: PortRange[] = [];
        const outside = splitRanges(a, cut, collect ? inside : undefined);
        return sameRanges(outside, subtractRanges(a, [cut])) && sameRanges(normalizeRanges(inside), collect ? intersectRanges(a, [cut]) : []);
      }),
      cfg,
    );
  });

  test("rangesContain agrees with the set of ports", () => {
    fc.assert(
      fc.property(arbNormal, (a) => {
        const m = members(a);
        return PORTS.every((p) => rangesContain(a, p) === m.has(p)) && !rangesContain(a, 0) && !rangesContain(a, UNIVERSE + 1);
      }),
      cfg,
    );
  });

  test("sameRanges is equality of the sets of ports", () => {
    fc.assert(
      fc.property(arbNormal, arbNormal, (a, b) => {
        const [ma, mb] = [members(a), members(b)];
        return sameRanges(a, b) === (ma.size === mb.size && [...ma].every((p) => mb.has(p)));
      }),
      cfg,
    );
  });

  test("adding ranges in place equals the union and stays normalised", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: UNIVERSE }), fc.integer({ min: 0, max: 6 })), { maxLength: 12 }), (pieces) => {
        const list: PortRange[] = [];
        let expected: PortRange[] = [];
        for (const [from, len] of pieces) {
          const r = { from, to: from + len };
          addRangeInPlace(list, r);
          expected = unionRanges(expected, [r]);
        }
        expect(isNormalized(list)).toBe(true);
        expect(list).toEqual(expected);
      }),
      cfg,
    );
  });
});

describe("formatRanges", () => {
  test("writes single ports alone and intervals with a dash, joined by commas", () => {
    expect(formatRanges(subtractRanges(ALL_PORTS, rangesOfPorts([80, 443])))).toBe("1-79, 81-442, 444-65535");
    expect(formatRanges([{ from: 22, to: 22 }, { from: 8000, to: 8080 }])).toBe("22, 8000-8080");
  });

  test("writes nothing for the empty list", () => {
    expect(formatRanges(NO_PORT_RANGES)).toBe("");
  });
});
