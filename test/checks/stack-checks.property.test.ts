import fc from "fast-check";
import { evaluateFlow } from "../../lib/analysis";
import { checkNetwork } from "../../lib/checks/check-network";
import { NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";

/** Two groups: sg-b admits sg-a on a few ports; sg-a's egress is a random mix of accepts and drops over the same few ports. */
const deadPathArb = (): fc.Arbitrary<NetworkModel> => {
  const range = fc.tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 4 })).map(([from, len]) => `${from}/${Math.min(10, from + len)}`);
  const egress: fc.Arbitrary<RuleArgs> = fc.record({
    ipProtocol: fc.constantFrom("tcp", "udp", "all") as fc.Arbitrary<"tcp" | "udp" | "all">,
    portRange: range,
    policy: fc.constantFrom("accept", "drop") as fc.Arbitrary<"accept" | "drop">,
    priority: fc.integer({ min: 1, max: 3 }),
    peer: fc.constantFrom<Partial<RuleArgs>>({ cidrIp: "0.0.0.0/0" }, { cidrIp: "10.0.0.2/32" }, { cidrIp: "192.168.0.0/16" }, { sourceSecurityGroupId: "sg-b" }, { sourceSecurityGroupId: "sg-c" }),
  }).map(({ ipProtocol, portRange, policy, priority, peer }) => ({ type: "egress", ipProtocol, portRange: ipProtocol === "all" ? "-1/-1" : portRange, policy, priority, ...peer }) as RuleArgs);
  return fc.tuple(fc.array(egress, { maxLength: 6 }), range, fc.boolean()).map(([rules, admitted, tail]) => ({
    groups: [
      { id: "sg-a", vpcId: "vpc-1", innerAccessPolicy: "Drop", rules: tail ? [...rules, { type: "egress", ipProtocol: "all", cidrIp: "0.0.0.0/0", policy: "drop", priority: 100 } as RuleArgs] : rules },
      { id: "sg-b", vpcId: "vpc-1", innerAccessPolicy: "Drop", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: admitted, sourceSecurityGroupId: "sg-a" }] },
      { id: "sg-c", vpcId: "vpc-1", innerAccessPolicy: "Drop", rules: [] },
    ],
    instances: [
      { id: "i-a", privateIp: "10.0.0.1", groups: ["sg-a"] },
      { id: "i-b", privateIp: "10.0.0.2", groups: ["sg-b"] },
    ],
  }));
};

describe("dead-path against the evaluator", () => {
  test("reports the path exactly when the evaluator lets no port of the rule through from the sender to the receiver", () => {
    let dead = 0;
    fc.assert(
      fc.property(deadPathArb(), (network) => {
        const [from, to] = (network.groups[1].rules[0].portRange as string).split("/").map(Number);
        const ports = Array.from({ length: to - from + 1 }, (_, i) => from + i);
        const noneAllowed = ports.every((port) => !evaluateFlow(network, { from: "i-a", to: "i-b", protocol: "tcp", port }).allowed);
        const reported = checkNetwork(network, { checks: ["dead-path"] }).length > 0;
        if (reported) dead++;
        expect(reported).toBe(noneAllowed);
      }),
      { seed: 7, numRuns: 400 },
    );
    expect(dead).toBeGreaterThan(20);
  });
});
