import fc from "fast-check";
import { EVERY_PORT, PortSet, Span, addSpanInPlace, intersect, portSetOf, portSetText, subtract, union } from "../../lib/checks/port-set";

const MAX = 40;
const members = (s: PortSet) => new Set(s.flatMap((x) => Array.from({ length: x.to - x.from + 1 }, (_, i) => x.from + i)));
const asSet = (ports: number[]) => portSetOf(ports);
const arbPorts = fc.array(fc.integer({ min: 1, max: MAX }), { maxLength: 20 });
const wellFormed = (s: PortSet) => s.every((x, i) => x.from <= x.to && (i === 0 || s[i - 1].to + 1 < x.from));

describe("port sets", () => {
  test("build from port numbers in any order", () => {
    expect(portSetOf([443, 80, 81, 82, 80])).toEqual([
      { from: 80, to: 82 },
      { from: 443, to: 443 },
    ]);
  });

  test("render as ranges", () => {
    expect(portSetText(subtract(EVERY_PORT, portSetOf([80, 443])))).toBe("1-79, 81-442, 444-65535");
  });

  test("subtract, intersect and union agree with sets of numbers, and stay well formed", () => {
    fc.assert(
      fc.property(arbPorts, arbPorts, (a, b) => {
        const A = asSet(a);
        const B = asSet(b);
        const [ma, mb] = [members(A), members(B)];
        for (const [result, keep] of [
          [subtract(A, B), (p: number) => ma.has(p) && !mb.has(p)],
          [intersect(A, B), (p: number) => ma.has(p) && mb.has(p)],
          [union(A, B), (p: number) => ma.has(p) || mb.has(p)],
        ] as const) {
          expect(wellFormed(result)).toBe(true);
          const m = members(result);
          for (let p = 1; p <= MAX; p++) expect(m.has(p)).toBe(keep(p));
        }
      }),
      { seed: 42, numRuns: 1000 },
    );
  });

  test("adding spans in place equals the union", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: MAX }), fc.integer({ min: 0, max: 6 })), { maxLength: 12 }), (spans) => {
        const set: Span[] = [];
        let expected: PortSet = [];
        for (const [from, len] of spans) {
          const s = { from, to: from + len };
          addSpanInPlace(set, s);
          expected = union(expected, [s]);
        }
        expect(set).toEqual(expected);
      }),
      { seed: 42, numRuns: 1000 },
    );
  });
});
