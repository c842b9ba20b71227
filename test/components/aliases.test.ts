/**
 * Renaming a component with `aliases: [{ name: old }]` replaces nothing only if every child's
 * name starts with the component's name: Pulumi then derives each child's alias by swapping that
 * prefix. These tests hold every component to it.
 */
import { DatabaseSecurityGroup, InterconnectGroup, OutboundWhitelist, ThreeTierSecurityGroups, WorkbenchAccess } from "../../lib";
import { captureStack } from "../../lib/testing/capture-network";

const builders: [string, (name: string) => unknown][] = [
  ["ThreeTierSecurityGroups", (n) => new ThreeTierSecurityGroups(n, { vpcId: "vpc-1", admin: { sources: ["203.0.113.7"] }, egress: "restricted" })],
  ["DatabaseSecurityGroup", (n) => new DatabaseSecurityGroup(n, { vpcId: "vpc-1", engine: "redis", sources: ["10.0.5.0/24"] })],
  ["InterconnectGroup", (n) => new InterconnectGroup(n, { vpcId: "vpc-1", method: "dedicated-group", members: [{ name: "a" }, { name: "b" }] })],
  ["WorkbenchAccess", (n) => new WorkbenchAccess(n, { securityGroupId: "sg-ops", via: "both", adminSources: ["203.0.113.7"] })],
  ["OutboundWhitelist", (n) => new OutboundWhitelist(n, { securityGroupId: "sg-ops", destinations: [{ cidr: "47.96.0.10", ports: [80] }] })],
];

async function childNames(build: (name: string) => unknown, name: string): Promise<string[]> {
  const capture = await captureStack(() => {
    build(name);
  });
  return capture.resources.filter((r) => r.name !== name).map((r) => r.name).sort();
}

describe.each(builders)("%s", (_component, build) => {
  test("every child's name starts with the component's name", async () => {
    const names = await childNames(build, "shop");
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n.startsWith("shop-")).toBe(true);
  });

  test("renaming the component renames only that prefix, so an alias on the component covers every child", async () => {
    const before = await childNames(build, "shop");
    const after = await childNames(build, "storefront");
    expect(after.map((n) => `shop${n.slice("storefront".length)}`).sort()).toEqual(before);
  });
});
