/**
 * `broken-intent` and `unproven-intent`: the intents of the check options proved over the whole
 * network, one projection of `proveIntents` (never a second proof), once per run.
 */
import fc from "fast-check";
import { Intent, proveIntents } from "../../lib/analysis/intents";
import { checkNetwork, reviewNetwork } from "../../lib/checks";
import { ValidationError } from "../../lib/model/errors";
import { NetworkModel } from "../../lib/model/network";
import { fuzzRuns } from "../fuzz/seed";

const NETWORK: NetworkModel = {
  groups: [
    { id: "sg-web", vpcId: "vpc-1", tags: { role: "web" }, rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" }] },
    { id: "sg-db", vpcId: "vpc-1", tags: { role: "db" }, rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", sourceSecurityGroupId: "sg-web" }, { type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", cidrIp: "203.0.113.0/24" }] },
  ],
  instances: [
    { id: "i-web", privateIp: "10.0.1.5", groups: ["sg-web"] },
    { id: "i-db", privateIp: "10.0.2.5", groups: ["sg-db"], tags: { tier: "data" } },
  ],
};

const INTENTS: Intent[] = [
  { id: "web-to-db", from: { group: "sg-web" }, to: { tags: { role: "db" } }, ports: [3306], expect: "allow" },
  { id: "no-internet-to-db", from: "internet", to: { tags: { tier: "data" } }, ports: "*", expect: "deny", because: "the database is private" },
  { id: "nobody-to-nothing", from: "internet", to: { tags: { role: "none" } }, ports: "*", expect: "deny" },
];

describe("the intent checks", () => {
  test("report nothing without intents", () => {
    expect(checkNetwork(NETWORK).filter((f) => f.check === "broken-intent" || f.check === "unproven-intent")).toEqual([]);
  });

  test("a broken intent is a high finding on the receiving group, naming the intent, its witness and each side's deciding rule", () => {
    const findings = checkNetwork(NETWORK, { intents: INTENTS }).filter((f) => f.check === "broken-intent");
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f).toMatchObject({ severity: "high", groupId: "sg-db", intentId: "no-internet-to-db" });
    expect(f.ruleIndex).toBeUndefined();
    expect(f.message).toBe(
      'Intent "no-internet-to-db" (deny internet -> tags tier=data on every protocol and port; because "the database is private") is broken: tcp:3306 from 203.0.113.0 to i-db is allowed: ingress rule 1 of sg-db (accept tcp:3306 from 203.0.113.0/24, priority 1) allows it. Sender: 203.0.113.0, outside the network; receiver: group sg-db, instance i-db. Deciding rules: receiver\'s side: ingress rule 1 of sg-db (accept tcp:3306 from 203.0.113.0/24, priority 1) allows it.',
    );
    expect(f.fix).toContain('{ check: "broken-intent", rule: "no-internet-to-db", reason }');
  });

  test("prove once per run, and say every verdict (vacuous ones too) to onIntentResults", () => {
    const calls: string[][] = [];
    checkNetwork(NETWORK, { intents: INTENTS, onIntentResults: (r) => calls.push(r.map((x) => `${x.id}:${x.status}`)) });
    expect(calls).toEqual([["web-to-db:proven", "no-internet-to-db:broken", "nobody-to-nothing:vacuous"]]);
    // The same verdicts as proveIntents itself: one projection of the one proof.
    expect(proveIntents(NETWORK, INTENTS).map((x) => `${x.id}:${x.status}`)).toEqual(calls[0]);
  });

  test("what only deployment tells leaves an intent unproven (medium), whatever the proof finds", () => {
    const pending = new Map([["web-to-db", "the id of sg-web is known only at deploy time"]]);
    const findings = checkNetwork(NETWORK, { intents: INTENTS, intentContext: { pending } }).filter((f) => f.check === "unproven-intent");
    expect(findings).toEqual([expect.objectContaining({ severity: "medium", intentId: "web-to-db", groupId: "sg-db" })]);
    expect(findings[0].message).toContain("is unproven: the id of sg-web is known only at deploy time.");
  });

  test("exemptions name an intent by its id: acknowledged, not stale; one naming no intent is stale", () => {
    const { findings, stale } = reviewNetwork(NETWORK, {
      checks: { intents: INTENTS },
      exemptions: [
        { check: "broken-intent", rule: "no-internet-to-db", reason: "partners connect directly" },
        { check: "broken-intent", rule: "no-such-intent", reason: "gone" },
      ],
    });
    expect(findings.find((f) => f.check === "broken-intent")?.acknowledged).toEqual({ reason: "partners connect directly", exemption: "exemptions" });
    expect(stale.map((e) => e.rule)).toEqual(["no-such-intent"]);
  });

  test("an intent finding stays its own finding beside a rule's (one finding per problem is per rule)", () => {
    const open: NetworkModel = { groups: [{ id: "sg-db", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", cidrIp: "0.0.0.0/0" }] }] };
    const checks = checkNetwork(open, { intents: [{ id: "private-db", from: "internet", to: { group: "sg-db" }, ports: [3306], expect: "deny" }] }).map((f) => f.check);
    expect(checks).toEqual(expect.arrayContaining(["public-database-port", "broken-intent"]));
  });

  test("invalid intents are refused as options, naming the entry", () => {
    expect(() => checkNetwork(NETWORK, { intents: [{ id: "x", from: "internet", to: { group: "" }, ports: [22], expect: "deny" }] })).toThrow(ValidationError);
    expect(() => checkNetwork(NETWORK, { intents: [{ ...INTENTS[0] }, { ...INTENTS[0] }] })).toThrow(/options\.intents\[1\]\.id .*is used by two intents/);
  });

  test("property: the findings are exactly the proof's broken and unproven intents", () => {
    const selector = fc.constantFrom<Intent["from"]>("internet", "anywhere", "203.0.113.0/25", { group: "sg-web" }, { group: "sg-db" }, { tags: { role: "db" } }, { tags: { tier: "data" } });
    const intent = fc.record({ from: selector, to: selector, port: fc.constantFrom(22, 443, 3306), expect: fc.constantFrom<"allow" | "deny">("allow", "deny"), pending: fc.boolean() });
    fc.assert(
      fc.property(fc.array(intent, { minLength: 1, maxLength: 6 }), (list) => {
        const intents: Intent[] = list.map((x, i) => ({ id: `i${i}`, from: x.from, to: x.to, ports: [x.port], expect: x.expect }));
        const pending = new Map<string, string>(list.flatMap((x, i) => (x.pending ? [[`i${i}`, "unknown"] as [string, string]] : [])));
        const proof = proveIntents(NETWORK, intents);
        const findings = checkNetwork(NETWORK, { intents, intentContext: { pending } });
        const expected = (status: string) => proof.filter((r) => (pending.has(r.id) ? "unproven" : r.status) === status).map((r) => r.id);
        expect(findings.filter((f) => f.check === "broken-intent").map((f) => f.intentId)).toEqual(expected("broken"));
        expect(findings.filter((f) => f.check === "unproven-intent").map((f) => f.intentId)).toEqual(expected("unproven"));
      }),
      fuzzRuns(7101, 60, "intent-checks"),
    );
  });
});
