/**
 * What the library wrote before stays recognisable: estates deployed by earlier releases
 * (fixtures/deployed-estates.json, frozen, never regenerated: the README's component examples,
 * generated estates, and components with names of spaces, punctuation and other scripts) adopt
 * back into the components that wrote them, with the arguments (peer names included) read back
 * as recorded, every rule claimed and nothing refused.
 */
import * as fs from "fs";
import * as path from "path";
import { NetworkModel } from "../../lib/model/network";
import { recogniseComponents } from "../../lib/review/recognise";

interface DeployedEstate {
  name: string;
  /** Each component recognised in it, with the arguments read back, by type then name. */
  components: { component: string; name: string; args: Record<string, unknown> }[];
  model: NetworkModel;
}

const ESTATES: DeployedEstate[] = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "deployed-estates.json"), "utf8"));

describe("estates deployed by earlier releases", () => {
  test("the fixture holds the README's examples and named estates", () => {
    expect(ESTATES.map((e) => e.name)).toEqual(expect.arrayContaining(["readme", "named-0", "named-1"]));
  });

  // Restricted tiers of earlier releases dropped IPv4 egress only; this release's tiers drop IPv6
  // too. Adopting them as components adds that drop, which only closes: with tightening.
  const restricted = (e: DeployedEstate) => e.components.some((c) => c.component === "ThreeTierSecurityGroups" && c.args.egress === "restricted");

  test.each(ESTATES.map((e) => [e.name, e] as const))("%s: every component is recognised, with zero residue and nothing refused (with tightening where a tier's IPv6 drop is added)", (_, estate) => {
    const found = recogniseComponents(estate.model, new Set(), { tighten: restricted(estate) });
    const key = (c: { component: string; name: string }) => `${c.component} ${c.name}`;
    const got = [...found.components].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((c) => ({ component: c.component, name: c.name, args: c.args }));
    expect(got).toEqual(estate.components);
    expect([...found.residue]).toEqual([]);
    expect(found.components.flatMap((c) => c.refused)).toEqual([]);
    // The only thing tightening lets in: each restricted tier's IPv6 drop-all.
    for (const a of found.components.flatMap((c) => c.adds ?? [])) expect(a).toMatch(/: out-drop-p100-all-to-::\/0$/);
  });

  test("without tightening, a restricted tier of an earlier release stays raw rules: adopting it would add a drop", () => {
    const estate = ESTATES.find(restricted) as DeployedEstate;
    const found = recogniseComponents(estate.model);
    expect(found.components.some((c) => c.component === "ThreeTierSecurityGroups" && c.args.egress === "restricted")).toBe(false);
    expect(found.residue.size).toBeGreaterThan(0);
  });
});
