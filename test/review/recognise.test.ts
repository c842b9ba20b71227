/** Recognising components in hand-made groups: the shape is enough, what a component refuses stays raw and is said. */
import { NetworkModel } from "../../lib/model/network";
import { declaredNetwork, recogniseComponents } from "../../lib/review/recognise";
import { accessDiff } from "../../lib/review/access-diff";
import { group, handMadeTiers, rule } from "./hand-made";

function handMadeNetwork(): NetworkModel {
  return { groups: handMadeTiers(), instances: [], prefixLists: [] };
}

describe("recognising hand-made groups", () => {
  test("three tiers by their shape; the world-open SSH the component refuses stays a raw rule, flagged", () => {
    const model = handMadeNetwork();
    const found = recogniseComponents(model);
    expect(found.components).toHaveLength(1);
    const [tiers] = found.components;
    expect(tiers).toMatchObject({ component: "ThreeTierSecurityGroups", name: "shop", created: { web: "sg-w", app: "sg-a", db: "sg-d" } });
    expect(tiers.args).toEqual({ vpcId: "vpc-1", db: { engine: "postgresql" }, innerAccessPolicy: "Accept" });
    expect(tiers.refused.join("\n")).toMatch(/world-open|every address/);
    expect([...found.residue]).toEqual([["sg-w", [2]]]);
    // The component rewrites names it gives and descriptions, in place.
    expect(tiers.notes).toContainEqual(expect.stringMatching(/^sg-w: the component rewrites the descriptions of 2 rules, e\.g\. in-accept-p1-tcp:443-from-0\.0\.0\.0\/0: "shop web: clients reach HTTPS/));
    expect(tiers.notes).toContainEqual(expect.stringMatching(/^sg-w: the component sets the tags/));
    expect(accessDiff(model, declaredNetwork(model, found)).summary).toMatchObject({ opened: 0, closed: 0 });
  });

  test("a tier that differs in what forces replacement or changes access is not a component", () => {
    const model = handMadeNetwork();
    // Inner access differs between the tiers and the component cannot keep it: still recognised, per tier.
    model.groups[1].innerAccessPolicy = "Drop";
    expect(recogniseComponents(model).components[0].args.innerAccessPolicy).toEqual({ web: "Accept", app: "Drop", db: "Accept" });
    // Without the lowest-priority drop the database tier is not the component's: every rule stays raw.
    const noDrop = handMadeNetwork();
    noDrop.groups[2].rules.pop();
    const found = recogniseComponents(noDrop);
    expect(found.components).toEqual([]);
    expect([...found.residue.values()].flat()).toHaveLength(5);
  });

  test("a database group admitting a prefix list: the component admits the rest, the prefix-list rule stays raw", () => {
    const model: NetworkModel = {
      groups: [
        group("sg-app", "app", []),
        group("sg-db", "orders", [
          rule({ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", sourceSecurityGroupId: "sg-app" }),
          rule({ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", prefixListId: "pl-ops" }),
          rule({ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", cidrIp: "0.0.0.0/0", policy: "drop", priority: 90 }),
        ]),
      ],
      instances: [],
      prefixLists: [],
    };
    const found = recogniseComponents(model);
    expect(found.components.map((c) => [c.component, c.name, c.args])).toEqual([["DatabaseSecurityGroup", "orders", { vpcId: "vpc-1", sources: [{ securityGroupId: "sg-app" }], innerAccessPolicy: "Accept", denyPriority: 90 }]]);
    expect(found.components[0].refused.join()).toMatch(/prefixListId/);
    expect([...found.residue]).toEqual([["sg-db", [1]]]);
  });

  test("groups another service manages are never adopted into a component", () => {
    const model = handMadeNetwork();
    expect(recogniseComponents(model, new Set(["sg-d"])).components).toEqual([]);
  });
});
