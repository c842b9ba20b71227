/**
 * The judge on one port and one peer (`judgeAt`), as the guard's world cover asks it (a side's
 * rules of every protocol, unfiltered) and as stand-in members meet CIDR rules.
 */
import { judgeAt, sideOfRules } from "../../lib/analysis/judge";
import { PeerPoint, peerMatches } from "../../lib/analysis/rule-index";
import { everyAddressReaches } from "../../lib/analysis/world-reach";
import { RuleArgs } from "../../lib/model/rule";

const rule = (cidrIp: string, extra: Partial<RuleArgs> = {}): RuleArgs => ({ type: "ingress", ipProtocol: "tcp", portRange: "22/22", policy: "accept", priority: 1, cidrIp, ...extra });
const outside = (v4: number): PeerPoint => ({ family: "ipv4", v4, v6: 0n, internal: false });

describe("judgeAt", () => {
  test("a rule of another protocol never decides, though it comes first and covers the port and the peer", () => {
    const side = sideOfRules([rule("0.0.0.0/0", { ipProtocol: "udp", policy: "drop" }), rule("0.0.0.0/0")], "ingress");
    expect(side.rules.map((r) => r.protocol)).toEqual(["udp", "tcp"]);
    const d = judgeAt(side.rules, "tcp", 22, outside(0xcb007107), side.fallback);
    expect(d).toMatchObject({ kind: "rule", allowed: true, ruleIndex: 1 });
    expect(judgeAt(side.rules, "udp", 22, outside(0xcb007107), side.fallback)).toMatchObject({ kind: "rule", allowed: false, ruleIndex: 0 });
    expect(everyAddressReaches(side.rules, side.fallback, "ipv4", "tcp", 22)).toBe(true);
    expect(everyAddressReaches(side.rules, side.fallback, "ipv4", "udp", 22)).toBe(false);
  });

  test("outside the rules' ports, or their peers, the fallback decides", () => {
    const side = sideOfRules([rule("203.0.113.0/24")], "ingress");
    expect(judgeAt(side.rules, "tcp", 23, outside(0xcb007107), side.fallback)).toBe(side.fallback);
    expect(judgeAt(side.rules, "tcp", 22, outside(0xcb007207), side.fallback)).toBe(side.fallback);
    expect(judgeAt(side.rules, "tcp", 22, outside(0xcb007107), side.fallback)).toMatchObject({ kind: "rule", ruleIndex: 0 });
  });
});

describe("a stand-in member (its address unknown) meets CIDR rules", () => {
  const anonymous: PeerPoint = { family: "ipv4", v4: 0, v6: 0n, internal: true, anonymous: true };
  test("only a block of every address of its family matches it, not one that holds 0.0.0.0", () => {
    const [half, all, v6] = sideOfRules([rule("0.0.0.0/1"), rule("0.0.0.0/0", { priority: 2 }), rule("", { cidrIp: undefined, ipv6CidrIp: "::/0", priority: 3 })], "ingress").rules;
    expect(peerMatches(half.peer, anonymous)).toBe(false);
    expect(peerMatches(all.peer, anonymous)).toBe(true);
    expect(peerMatches(v6.peer, anonymous)).toBe(false);
    expect(peerMatches(half.peer, outside(0))).toBe(true);
  });
});
