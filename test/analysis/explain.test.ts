import { explainSide } from "../../lib/analysis/explain";
import { evaluateFlow } from "../../lib/analysis/evaluate-flow";
import { NetworkModel } from "../../lib/model/network";

describe("explainSide: one side's verdict in words", () => {
  // Two members of a basic group whose inner access is Accept, and a drop of tcp 22 from the group itself.
  const model: NetworkModel = {
    groups: [{ id: "sg-web", vpcId: "vpc-1", innerAccessPolicy: "Accept", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", policy: "drop", priority: 1, sourceSecurityGroupId: "sg-web" }] }],
    instances: [{ id: "i-1", privateIp: "10.0.0.1", groups: ["sg-web"] }, { id: "i-2", privateIp: "10.0.0.2", groups: ["sg-web"] }],
    prefixLists: [],
  };

  test("a side that inner access decided says so, never that no rule matched and the default allowed it", () => {
    const d = evaluateFlow(model, { from: "i-1", to: "i-2", protocol: "tcp", port: 22 });
    expect(d.allowed).toBe(true);
    expect(d.ingress?.decidedBy).toBe("inner-access");
    const text = explainSide(d.ingress!, ["sg-web"]);
    expect(text).toBe("both are members of basic group sg-web, whose innerAccessPolicy Accept allows it whatever its rules say");
    expect(text).not.toMatch(/default/);
  });

  test("a rule's side names the rule; a default's names the groups", () => {
    const closed: NetworkModel = { ...model, groups: [{ ...model.groups[0], innerAccessPolicy: "Drop" }] };
    const d = evaluateFlow(closed, { from: "i-1", to: "i-2", protocol: "tcp", port: 22 });
    expect(explainSide(d.ingress!, ["sg-web"])).toBe("ingress rule 0 of sg-web (drop tcp:22 from sg-web, priority 1) denies it");
    const other = evaluateFlow(closed, { from: "i-1", to: "i-2", protocol: "tcp", port: 80 });
    expect(explainSide(other.ingress!, ["sg-web"], "members of sg-web are isolated (innerAccessPolicy Drop)")).toBe("no ingress rule of i-2's group sg-web matches, so the basic default denies inbound traffic; members of sg-web are isolated (innerAccessPolicy Drop)");
  });
});
