/**
 * Where the library and SEMANTICS.md (as the reference evaluator reads it) part ways: the
 * smallest case of each, with the reference's answer held as a plain test and the library's as
 * `test.failing`. A failing test passes while the library differs; once the library follows the
 * document it fails, and the marker goes (the cases below now agree and stay as plain tests).
 */
import { evaluateFlow } from "../../lib/analysis";
import { checkNetwork } from "../../lib/checks";
import { readGroupNetwork } from "../../lib/model/group-network";
import { NetworkModel, validateNetwork } from "../../lib/model/network";
import { RefFlow, RefNetwork, referenceAllowed } from "./reference-evaluator";

/**
 * SEMANTICS.md ("Worth knowing"): "A group is a VPC group unless it says it is classic ... or
 * where its own rules say so: only classic groups carry `nicType: "internet"` rules, so a group
 * of unknown network with an internet rule is read as classic". A model group with neither
 * `network` nor `vpcId` and one internet rule: its CIDR rule admits public addresses only.
 */
const unknownNetworkWithInternetRule: RefNetwork = {
  groups: [{ id: "sg-old", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0", nicType: "internet" }] }],
  instances: [{ id: "i-old", privateIp: "10.0.1.10", groups: ["sg-old"] }],
};
const fromPublic: RefFlow = { from: "198.51.100.1", to: "i-old", protocol: "tcp", port: 22 };
const fromInternal: RefFlow = { from: "10.0.9.9", to: "i-old", protocol: "tcp", port: 22 };

describe("a group of unknown network with an internet rule is read as classic", () => {
  test("reference: its internet rule admits a public address and not an internal one", () => {
    const allowed = (flow: RefFlow) => {
      const v = referenceAllowed(unknownNetworkWithInternetRule, flow);
      return v.kind === "decided" && v.allowed;
    };
    expect([allowed(fromPublic), allowed(fromInternal)]).toEqual([true, false]);
  });

  test("library: evaluateFlow reads it as classic (a public address admitted, an internal one not)", () => {
    const model = structuredClone(unknownNetworkWithInternetRule) as unknown as NetworkModel;
    expect([evaluateFlow(model, fromPublic).allowed, evaluateFlow(model, fromInternal).allowed]).toEqual([true, false]);
  });

  test("library: validation and the checks read it as classic too (the rule is valid, its world-open SSH reported)", () => {
    const model = structuredClone(unknownNetworkWithInternetRule) as unknown as NetworkModel;
    expect(readGroupNetwork(model.groups[0])).toEqual({ network: "classic", by: "rule", ruleIndex: 0 });
    expect(() => validateNetwork(model)).not.toThrow();
    expect(checkNetwork(model).map((f) => f.check)).toEqual(["public-admin-port"]);
  });
});
