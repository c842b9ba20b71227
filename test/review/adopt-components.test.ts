/**
 * The README's component examples, deployed (on mocks) and exported, adopt back into the same
 * components with zero residue; the generated program registers exactly what the import file
 * names (types, names, parents), and its groups and rules equal the export field by field,
 * descriptions included, so the first `up` after the import changes nothing.
 */
import * as fs from "fs";
import * as path from "path";
import { verifyAdoption } from "../../lib/cli/adopt";
import { ownPackagesLoader } from "../../lib/cli/load-program";
import { planProject, readIds } from "../../lib/cli/plan";
import { GroupModel, NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { accessDiff } from "../../lib/review/access-diff";
import { AdoptedProject, adoptNetwork } from "../../lib/review/adopt";
import { recogniseComponents } from "../../lib/review/recognise";
import { StackCapture, captureStack } from "../../lib/testing/capture-network";
import { importedNames, registeredNames } from "./adopted-plan";
import { readmeExamples } from "./readme-examples";

const TYPED = path.join(__dirname, "adopted", "readme-components.ts");

/** The capture as an export: the cloud's view of every group and rule (the mocks' ids stand for the cloud's). */
function exportOf(capture: StackCapture): NetworkModel {
  return { groups: capture.network.groups, instances: [], prefixLists: [] };
}

/** A rule's every field, as text, with its group's id mapped. */
function ruleText(r: RuleArgs, id: (x: string) => string): string {
  const { sourceSecurityGroupId, ...rest } = r;
  return JSON.stringify(Object.entries({ ...rest, ...(sourceSecurityGroupId ? { sourceSecurityGroupId: id(sourceSecurityGroupId) } : {}), nicType: r.nicType ?? "intranet" }).sort());
}

function groupText(g: GroupModel, id: (x: string) => string): string {
  const { rules, tags, ...rest } = g;
  return JSON.stringify({ ...Object.fromEntries(Object.entries({ ...rest, type: g.type ?? "normal" }).sort()), id: id(g.id), tags: Object.entries(tags ?? {}).sort(), rules: rules.map((r) => ruleText(r, id)).sort() });
}

describe("the README's components adopt back into themselves", () => {
  let exported: NetworkModel;
  let adopted: AdoptedProject;
  let dir: string;
  beforeAll(async () => {
    exported = exportOf(await captureStack(readmeExamples));
    dir = fs.mkdtempSync(path.join(__dirname, ".adopt-components-"));
    adopted = adoptNetwork(exported, { project: "readme" });
    for (const [file, text] of Object.entries(adopted.files)) fs.writeFileSync(path.join(dir, file), text);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("every component is recognised, with zero residue and nothing it would write differently", () => {
    const found = recogniseComponents(exported);
    expect(found.components.map((c) => `${c.component} ${c.name}`).sort()).toEqual(
      [
        "DatabaseSecurityGroup cache",
        "DatabaseSecurityGroup sessions",
        "InterconnectGroup files",
        "InterconnectGroup mesh",
        "InterconnectGroup pair",
        "OutboundWhitelist egress",
        "ThreeTierSecurityGroups corp",
        "ThreeTierSecurityGroups corp-literal",
        "ThreeTierSecurityGroups lab",
        "ThreeTierSecurityGroups shop",
        "ThreeTierSecurityGroups store",
        "WorkbenchAccess legacy-ops",
        "WorkbenchAccess ops",
      ].sort(),
    );
    expect([...found.residue]).toEqual([]);
    for (const c of found.components) {
      expect({ name: c.name, notes: c.notes, refused: c.refused }).toEqual({ name: c.name, notes: [], refused: [] });
    }
    // The arguments read back are the examples' own.
    const args = Object.fromEntries(found.components.map((c) => [c.name, c.args]));
    expect(args.shop).toEqual({ vpcId: expect.any(String), egress: "restricted" });
    expect(args.cache).toMatchObject({ engine: "redis", sources: [{ securityGroupId: { adoptedGroupId: expect.any(String) }, name: "shop-app" }] });
    expect(args.lab).toMatchObject({ web: { ports: [22] }, allowUnsafe: { reason: "honeypot, ticket SEC-42" } });
    expect(args["legacy-ops"]).toMatchObject({ network: "classic", via: "both" });
    const ref = { adoptedGroupId: expect.any(String) };
    expect(args.pair).toEqual({ method: "single-ip", ports: [8080], members: [
      { name: expect.any(String), securityGroupId: ref, privateIp: expect.any(String) },
      { name: expect.any(String), securityGroupId: ref, privateIp: expect.any(String) } ] });
    expect((args.pair.members as { name: string; privateIp: string }[]).map((m) => `${m.name}=${m.privateIp}`).sort()).toEqual(["a=10.0.1.11", "b=10.0.1.12"]);
    expect(args.mesh).toEqual({ vpcId: expect.any(String), method: "dedicated-group", members: [{ name: "a" }, { name: "b" }] });
    expect(args.files).toMatchObject({ method: "group-authorization", ports: [21] });
    expect(args.files.members).toEqual(expect.arrayContaining([{ name: "server", securityGroupId: ref }, { name: "partner", securityGroupId: "sg-partner", accountId: "1609982529920000" }]));
  });

  test("the generated program registers what the import file names, and equals the export field by field", async () => {
    const { capture } = await planProject({ dir, cwd: dir, loader: ownPackagesLoader, ids: readIds("import.json", dir) });
    expect(importedNames(adopted.imports)).toEqual(registeredNames(capture));
    // Each parent is a component entry earlier in the file, as pulumi import reads it.
    adopted.imports.forEach((e, i) => {
      if (e.parent !== undefined) expect(adopted.imports.slice(0, i).filter((x) => x.component === true).map((x) => x.name)).toContain(e.parent);
    });
    // With the import file's ids the plan holds the cloud's ids: it equals the export as it is.
    expect(capture.network.groups.map((g) => groupText(g, (x) => x)).sort()).toEqual(exported.groups.map((g) => groupText(g, (x) => x)).sort());
    const diff = accessDiff(exported, { ...capture.network, instances: exported.instances, prefixLists: exported.prefixLists });
    expect(diff.summary).toMatchObject({ opened: 0, closed: 0 });
    expect((await verifyAdoption(dir, dir, exported)).line).toBe("the program owns exactly the export: 0 regions opened, 0 closed");
  });

  test("the generated program is the one the type check compiles", () => {
    // `npm run typecheck` compiles this file against the package and the provider SDK, as a user
    // would (it imports "alicloud-secgroups"); UPDATE_ADOPTED=1 rewrites it.
    const text = adoptNetwork(exported, { project: "readme" }).files["index.ts"];
    if (process.env.UPDATE_ADOPTED === "1") fs.writeFileSync(TYPED, text);
    expect(fs.readFileSync(TYPED, "utf8")).toBe(text);
  });
});
