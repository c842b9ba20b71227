/**
 * `pulumi import --file` names a resource's parent by name alone, and refuses a parent whose
 * name two entries of the file share ("has an ambiguous parent"): every parent adopt writes
 * names exactly one entry.
 */
import * as fs from "fs";
import * as path from "path";
import { NetworkModel } from "../../lib/model/network";
import { adoptNetwork } from "../../lib/review/adopt";

const estates = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "deployed-estates.json"), "utf8")) as { name: string; model: NetworkModel }[];

describe("adopt's import file", () => {
  test.each(estates.map((e) => [e.name, e.model] as const))("%s: every parent names one entry, and components of different types never share a name", (_, model) => {
    const project = adoptNetwork(model);
    const count = new Map<string, number>();
    for (const e of project.imports) count.set(e.name, (count.get(e.name) ?? 0) + 1);
    const parents = [...new Set(project.imports.flatMap((e) => (e.parent ? [e.parent] : [])))];
    expect(parents.filter((p) => count.get(p) !== 1)).toEqual([]);
    const names = project.components.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  test("a three-tier set and a database group both read as \"shop\": the one recognised second is \"shop-2\", its children named after it", () => {
    const model = estates.find((e) => e.name === "readme")?.model as NetworkModel;
    const project = adoptNetwork(model);
    expect(project.components.filter((c) => c.name === "shop" || c.name === "shop-2").map((c) => `${c.component} ${c.name}`)).toEqual(["ThreeTierSecurityGroups shop", "DatabaseSecurityGroup shop-2"]);
    expect(project.imports.filter((e) => e.parent === "shop-2").length).toBeGreaterThan(0);
  });

  test("a group whose name is a component's is named apart", () => {
    const model = estates.find((e) => e.name === "readme")?.model as NetworkModel;
    const lone = { id: "sg-lone", name: "shop", vpcId: model.groups[0].vpcId, rules: [] };
    const project = adoptNetwork({ ...model, groups: [...model.groups, lone] });
    const entry = project.imports.find((e) => e.id === "sg-lone");
    expect(entry?.name).toBe("shop-3");
  });
});
