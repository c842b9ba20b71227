import fc from "fast-check";
import { parseCidr } from "../../lib/model/ip";
import { StdFunctionError, cidrhost, cidrsubnet, evaluateStdFunction, formatVerbs } from "../../lib/offline/std-functions";

describe("std functions, as Terraform evaluates them", () => {
  test.each([
    [["10.0.0.0/16", 8, 1], "10.0.1.0/24"],
    [["172.16.0.0/12", 4, 2], "172.18.0.0/16"],
    [["10.1.2.0/24", 4, 15], "10.1.2.240/28"],
    [["2001:db8::/56", 8, 1], "2001:db8:0:1::/64"],
  ] as const)("cidrsubnet(%j) is %s", ([input, newbits, netnum], expected) => {
    expect(cidrsubnet(input, newbits, netnum)).toBe(expected);
  });

  test("cidrsubnet refuses a prefix longer than the family allows and a netnum that does not fit", () => {
    expect(() => cidrsubnet("10.0.0.0/30", 8, 1)).toThrow(StdFunctionError);
    expect(() => cidrsubnet("10.0.0.0/16", 2, 4)).toThrow(/does not fit in 2 new bits/);
  });

  test("cidrhost counts from the start, or from the end when negative", () => {
    expect(cidrhost("10.0.1.0/24", 5)).toBe("10.0.1.5");
    expect(cidrhost("10.0.1.0/24", -1)).toBe("10.0.1.255");
    expect(() => cidrhost("10.0.1.0/30", 4)).toThrow(/outside/);
  });

  test("every subnet cidrsubnet gives lies inside its block and has the new prefix", () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 24 }), fc.integer({ min: 1, max: 8 }), fc.nat(), (prefix, newbits, n) => {
        const netnum = n % 2 ** newbits;
        const outer = parseCidr(`10.0.0.0/${prefix}`)!;
        const inner = parseCidr(cidrsubnet(`10.0.0.0/${prefix}`, newbits, netnum))!;
        return inner.prefix === prefix + newbits && inner.first >= outer.first && inner.last <= outer.last;
      }),
      { numRuns: 200 },
    );
  });

  test("format knows %s, %d with padding, %q, %v and %%", () => {
    expect(formatVerbs("%s-%03d-%q %v 100%%", ["web", 7, "x", [1]])).toBe('web-007-"x" [1] 100%');
    expect(() => formatVerbs("%s %s", ["one"])).toThrow(/more verbs/);
  });

  test("the functions programs use return { result }", () => {
    const cwd = __dirname;
    expect(evaluateStdFunction("join", { separator: "-", input: ["a", "b"] }, cwd)).toEqual({ result: "a-b" });
    expect(evaluateStdFunction("split", { separator: ",", text: "a,b" }, cwd)).toEqual({ result: ["a", "b"] });
    expect(evaluateStdFunction("replace", { text: "a_b_c", search: "_", replace: "-" }, cwd)).toEqual({ result: "a-b-c" });
    expect(evaluateStdFunction("replace", { text: "web01", search: "/[0-9]+/", replace: "" }, cwd)).toEqual({ result: "web" });
    expect(evaluateStdFunction("substr", { input: "hello", offset: 1, length: 3 }, cwd)).toEqual({ result: "ell" });
    expect(evaluateStdFunction("concat", { input: [[1], [2, 3]] }, cwd)).toEqual({ result: [1, 2, 3] });
    expect(evaluateStdFunction("lookup", { map: { a: 1 }, key: "b", default: 0 }, cwd)).toEqual({ result: 0 });
    expect(evaluateStdFunction("jsonencode", { input: { a: "b" } }, cwd)).toEqual({ result: '{"a":"b"}' });
    expect(evaluateStdFunction("timeadd", { timestamp: "2026-01-01T00:00:00Z", duration: "1h30m" }, cwd)).toEqual({ result: "2026-01-01T01:30:00Z" });
    expect(() => evaluateStdFunction("nosuch", {}, cwd)).toThrow(/not evaluated offline/);
  });
});
