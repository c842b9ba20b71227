/**
 * Reading a group's network from its rules, and a refused rule as the API would take it, over
 * input that is not what it claims: never a throw, never a guess from a value that is not
 * exactly an internet rule.
 */
import { checkNetwork } from "../../lib/checks/check-network";
import { ruleIfTaken } from "../../lib/checks/invalid-rule";
import { groupNetwork } from "../../lib/model/group-network";
import { GroupModel, NetworkModel } from "../../lib/model/network";
import { ingress } from "../checks/helpers";

const throwing = () => new Proxy({}, { get: () => { throw new Error("boom"); }, ownKeys: () => { throw new Error("boom"); }, getOwnPropertyDescriptor: () => { throw new Error("boom"); } });

describe("the network read from rules", () => {
  test("only an object whose nicType is exactly \"internet\" counts; nothing throws", () => {
    for (const rules of [null, "internet", 7, [null, 1, "x", ["internet"], { nicType: "Internet" }, { nicType: ["internet"] }], { 0: { nicType: "internet" }, length: 1 }, [throwing()]]) {
      expect(groupNetwork({ rules } as unknown as GroupModel)).toBe("vpc");
    }
  });

  test("checkNetwork over a group of junk rules and an internet rule reads it as classic, reports the junk and never throws", () => {
    const model = { groups: [{ id: "sg-x", rules: [null, "internet", { nicType: ["internet"] }, ingress({ nicType: "internet" })] }] } as unknown as NetworkModel;
    const findings = checkNetwork(model);
    expect(findings.filter((f) => f.check === "invalid-rule").map((f) => f.ruleIndex)).toEqual([0, 1, 2]);
    expect(findings.find((f) => f.ruleIndex === 3)).toMatchObject({ check: "public-admin-port", message: expect.stringMatching(/read as classic: rule 3 is an internet rule/) });
  });
});

describe("a refused rule as the API would take it", () => {
  const ctx = { groupId: "sg-test", type: "normal" as const, classic: false };

  test("no reading for two peers, an unreadable block or port range, something that is not a rule", () => {
    expect(ruleIfTaken(ingress({ sourceSecurityGroupId: "sg-a", cidrIp: "0.0.0.0/0" }), ctx)).toBeUndefined();
    expect(ruleIfTaken(ingress({ cidrIp: "0.0.0.0/x" }), ctx)).toBeUndefined();
    expect(ruleIfTaken(ingress({ portRange: "22/x" }), ctx)).toBeUndefined();
    for (const raw of [null, "rule", 1, [ingress()], throwing()]) expect(ruleIfTaken(raw, ctx)).toBeUndefined();
  });

  test("a refused field with a default is left to it, a reversed range read in order", () => {
    expect(ruleIfTaken(ingress({ portRange: "65535/1", priority: 0, nicType: "INTERNET" as "internet" }), ctx)).toMatchObject({ portRange: "1/65535", priority: 1, nicType: "intranet" });
  });
});
