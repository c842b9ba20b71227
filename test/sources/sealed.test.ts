import * as rule from "../../lib/model/rule";
import { accessMatrix } from "../../lib/analysis";
import { checkNetwork } from "../../lib/checks";
import { NetworkModel } from "../../lib/model";
import { readOneNetwork, readSource } from "../../lib/sources";
import { fixtureFiles } from "./helpers";

/** A deep copy of a model, whose rules no reader sealed. */
function unsealed(model: NetworkModel): NetworkModel {
  return JSON.parse(JSON.stringify(model)) as NetworkModel;
}

describe("a reader hands out its rules sealed: frozen, and not validated again", () => {
  const sources = [
    { name: "the ECS API export", read: () => readOneNetwork("ecs", fixtureFiles("ecs")) },
    { name: "a stack export", read: () => readSource(fixtureFiles("stack.json"))[0] },
    { name: "a Terraform state", read: () => readSource(fixtureFiles("terraform.tfstate"))[0] },
    { name: "terraform show -json", read: () => readSource(fixtureFiles("show.json"))[0] },
    { name: "a plan report", read: () => readSource(fixtureFiles("plan-three-tier.json"))[0] },
    { name: "a preview", read: () => readSource(fixtureFiles("preview/yaml-world-open-ssh.json"))[0] },
  ];

  test.each(sources)("$name: every rule is frozen", ({ read }) => {
    const net = read();
    const rules = net.model.groups.flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((r) => Object.isFrozen(r))).toBe(true);
  });

  test.each(sources)("$name: the checks and the matrix validate no rule again, and answer as on a copy no one sealed", ({ read }) => {
    const net = read();
    const copy = unsealed(net.model);
    const spy = jest.spyOn(rule, "validateRule");
    try {
      const findings = checkNetwork(net.model);
      const matrix = accessMatrix(net.model);
      expect(spy).not.toHaveBeenCalled();
      expect(checkNetwork(copy)).toEqual(findings);
      expect(accessMatrix(copy).flows).toEqual(matrix.flows);
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});
