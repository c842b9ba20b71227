import * as fc from "fast-check";
import * as rule from "../../lib/model/rule";
import { networkProblems, validateGroup, validateNetwork } from "../../lib/model/network";
import { ruleKeyIn } from "../../lib/model/rule-key";
import { ValidatedRules, knownNormalIn } from "../../lib/model/validated-rules";
import { GroupModel, NetworkModel } from "../../lib/model/network";
import { ruleArb } from "../analysis/arbitraries";

/** A VPC group of two rules; every test validates copies of them, never the objects themselves. */
const group: GroupModel = {
  id: "sg-1",
  vpcId: "vpc-1",
  rules: [
    { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "203.0.113.7" },
    { type: "ingress", ipProtocol: "tcp", portRange: "443/443", prefixListId: "pl-1" },
  ],
};

describe("ValidatedRules: a reader's rules validated once, not again", () => {
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

describe("ValidatedRules.seal: a reader's rules frozen, and trusted by every later validation", () => {
  test("sealed rules are frozen, and a validation outside any session takes them in a group of their kind without validating them", () => {
    const normal = new ValidatedRules();
    const valid = normal.record(() => validateGroup(group)).rules;
    normal.seal(valid);
    expect(valid.every((r) => Object.isFrozen(r))).toBe(true);
    expect(() => {
      (valid[0] as { portRange?: string }).portRange = "1/65535";
    }).toThrow(TypeError);
    const network: NetworkModel = { groups: [{ ...group, rules: valid }], prefixLists: [{ id: "pl-1", cidrs: ["10.0.0.0/8"] }] };
    const spy = jest.spyOn(rule, "validateRule");
    try {
      const out = validateNetwork(network);
      expect(spy).not.toHaveBeenCalled();
      // The same answer as validating copies of them, which nobody sealed.
      expect(out).toEqual(validateNetwork({ ...network, groups: [{ ...group, rules: valid.map((r) => ({ ...r })) }] }));
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });

  test("a sealed rule in a group of another kind is validated again, and refused where that kind refuses it", () => {
    const normal = new ValidatedRules();
    const valid = normal.record(() => validateGroup(group)).rules;
    normal.seal(valid);
    expect(networkProblems({ groups: [{ id: "sg-1", network: "classic", rules: valid }] }).map((p) => p.error.code)).toEqual(["prefix-list-in-classic"]);
    expect(networkProblems({ groups: [{ id: "sg-1", type: "enterprise", vpcId: "vpc-1", rules: valid }], prefixLists: [{ id: "pl-1", cidrs: ["10.0.0.0/8"] }] })).toEqual([]);
  });

  test("a rule sealed but never recorded (the reader did not normalise it) is frozen and still validated", () => {
    const raw: rule.RuleArgs = { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "203.0.113.7" };
    new ValidatedRules().seal([raw]);
    expect(Object.isFrozen(raw)).toBe(true);
    expect(knownNormalIn(raw)).toBeUndefined();
    const spy = jest.spyOn(rule, "validateRule");
    try {
      validateGroup({ id: "sg-1", vpcId: "vpc-1", rules: [raw] });
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  test("a sealed rule's key is the key of the same rule validated again, in either network", () => {
    fc.assert(
      fc.property(ruleArb("normal"), (r) => {
        const g: GroupModel = r.prefixListId !== undefined ? { id: "sg-1", vpcId: "vpc-1", rules: [r] } : { id: "sg-1", network: "classic", rules: [r] };
        const normal = new ValidatedRules();
        const [valid] = normal.record(() => validateGroup(g)).rules;
        normal.seal([valid]);
        expect(knownNormalIn(valid)).toBeDefined();
        const spy = jest.spyOn(rule, "validateRule");
        try {
          const keys = (["vpc", "classic", undefined] as const).map((network) => ruleKeyIn(valid, network));
          expect(spy).not.toHaveBeenCalled();
          expect(keys).toEqual((["vpc", "classic", undefined] as const).map((network) => ruleKeyIn({ ...valid }, network)));
        } finally {
          spy.mockRestore();
        }
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });
});

/** validateNetwork of the same network outside any trust, with the spy counting the rules it validates (every one). */
function validateNetworkUntracked(network: NetworkModel, spy: jest.SpyInstance): NetworkModel {
  const calls = spy.mock.calls.length;
  const out = validateNetwork(network);
  expect(spy.mock.calls.length - calls).toBe(2);
  return out;
}
