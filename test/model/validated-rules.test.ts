import * as rule from "../../lib/model/rule";
import { networkProblems, validateGroup, validateNetwork } from "../../lib/model/network";
import { ValidatedRules } from "../../lib/model/validated-rules";
import { GroupModel, NetworkModel } from "../../lib/model/network";

describe("ValidatedRules: a reader's rules validated once, not again", () => {
  const group: GroupModel = {
    id: "sg-1",
    vpcId: "vpc-1",
    rules: [
      { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "203.0.113.7" },
      { type: "ingress", ipProtocol: "tcp", portRange: "443/443", prefixListId: "pl-1" },
    ],
  };

  test("rules recorded in a group are taken as valid in a group of the same type and network: the same answer, without validating them", () => {
    const normal = new ValidatedRules();
    const valid = normal.record(() => validateGroup(group)).rules;
    const network: NetworkModel = { groups: [{ ...group, rules: valid }], instances: [{ id: "i-1", privateIp: "10.0.0.5", groups: ["sg-1"] }], prefixLists: [{ id: "pl-1", cidrs: ["10.0.0.0/8"] }] };
    const spy = jest.spyOn(rule, "validateRule");
    try {
      expect(normal.trust(() => validateNetwork(network))).toEqual(validateNetworkUntracked(network, spy));
      spy.mockClear();
      expect(normal.trust(() => networkProblems(network))).toEqual([]);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  test("a recorded rule met in a group of another network is validated again, and refused where that network refuses it", () => {
    const normal = new ValidatedRules();
    const valid = normal.record(() => validateGroup(group)).rules;
    // A prefix list is for VPC groups: in a classic group the recorded rule is refused all the same.
    const classic: NetworkModel = { groups: [{ id: "sg-1", network: "classic", rules: valid }] };
    expect(normal.trust(() => networkProblems(classic)).map((p) => p.error.code)).toEqual(["prefix-list-in-classic"]);
    // And outside trust, nothing is taken as valid.
    expect(networkProblems(classic).map((p) => p.error.code)).toEqual(["prefix-list-in-classic"]);
  });

  test("a validation inside another leaves the outer one as it was: trust holds after a nested recording", () => {
    const normal = new ValidatedRules();
    const valid = normal.record(() => validateGroup(group)).rules;
    const network: NetworkModel = { groups: [{ ...group, rules: valid }], prefixLists: [{ id: "pl-1", cidrs: ["10.0.0.0/8"] }] };
    const spy = jest.spyOn(rule, "validateRule");
    try {
      const problems = normal.trust(() => {
        new ValidatedRules().record(() => validateGroup({ id: "sg-2", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "80/80", cidrIp: "0.0.0.0/0" }] }));
        spy.mockClear();
        return networkProblems(network);
      });
      expect(problems).toEqual([]);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  test("a rule not recorded (another object, or recorded by no one) is validated as usual", () => {
    const normal = new ValidatedRules();
    normal.record(() => validateGroup(group));
    const bad: NetworkModel = { groups: [{ id: "sg-1", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "not-an-address" }] }] };
    expect(normal.trust(() => networkProblems(bad)).map((p) => p.error.code)).toEqual(["invalid-cidr"]);
    // Recording and trusting end with their call.
    const spy = jest.spyOn(rule, "validateRule");
    try {
      validateGroup(group);
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });
});

/** validateNetwork of the same network outside any trust, with the spy counting the rules it validates (every one). */
function validateNetworkUntracked(network: NetworkModel, spy: jest.SpyInstance): NetworkModel {
  const calls = spy.mock.calls.length;
  const out = validateNetwork(network);
  expect(spy.mock.calls.length - calls).toBe(2);
  return out;
}
