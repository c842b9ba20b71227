/**
 * The generated program names every group it declares by its variable, never by its literal id,
 * and adopt's proof says when a program does not own the export, and why.
 */
import * as alicloud from "@pulumi/alicloud";
import * as fs from "fs";
import * as path from "path";
import { verifyAdoption } from "../../lib/cli/adopt";
import { DatabaseSecurityGroup, ThreeTierSecurityGroups } from "../../lib/components";
import { NetworkModel } from "../../lib/model/network";
import { AdoptedProject, adoptNetwork } from "../../lib/review/adopt";
import { captureStack } from "../../lib/testing/capture-network";

/** An estate the library made: databases admitting a hand-made group by reference, and a restricted tier by its literal id. */
function estate(): void {
  const app = new alicloud.ecs.SecurityGroup("app", { vpcId: "vpc-1", securityGroupName: "app" });
  new alicloud.ecs.SecurityGroupRule("app-from-lb", { securityGroupId: app.id, type: "ingress", ipProtocol: "tcp", portRange: "8080/8080", cidrIp: "10.0.0.0/24", nicType: "intranet" });
  new DatabaseSecurityGroup("orders", { vpcId: "vpc-1", engine: "mysql", sources: [{ securityGroupId: app.id, name: "app" }] });
  new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", egress: "restricted" });
  // The tier's id given as text: the library wrote the database's ingress only, no egress on the tier.
  new DatabaseSecurityGroup("sessions", { vpcId: "vpc-1", engine: "redis", sources: [{ securityGroupId: "sg-shop-app" }] });
}

describe("adopted groups are referenced by variable", () => {
  let exported: NetworkModel;
  let adopted: AdoptedProject;
  let dir: string;
  beforeAll(async () => {
    const capture = await captureStack(estate);
    exported = { groups: capture.network.groups, instances: [], prefixLists: [] };
    adopted = adoptNetwork(exported, { project: "by-variable" });
    dir = fs.mkdtempSync(path.join(__dirname, ".adopt-variable-"));
    for (const [file, text] of Object.entries(adopted.files)) fs.writeFileSync(path.join(dir, file), text);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("no group the program declares appears as a literal id where a group is expected; a DatabaseSecurityGroup source names its variable", () => {
    const program = adopted.files["index.ts"];
    expect(adopted.components.map((c) => `${c.component} ${c.name}`)).toEqual(expect.arrayContaining(["DatabaseSecurityGroup orders", "DatabaseSecurityGroup sessions", "ThreeTierSecurityGroups shop"]));
    for (const g of exported.groups) expect(program).not.toMatch(new RegExp(`(securityGroupId|sourceSecurityGroupId): ${JSON.stringify(g.id).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    expect(program).toContain(`sources: [{ securityGroupId: app.id, name: "app" }]`);
    // The tier made by a component is passed as a plain value, so the library writes no egress the cloud lacks.
    expect(program).toContain(`sources: [{ securityGroupId: idOnly(shop.app), name: "sg-shop-app" }]`);
    expect(program).toContain("const idOnly = (group: alicloud.ecs.SecurityGroup) => group.id.apply((id) => id);");
  });

  test("the program still owns exactly the export", async () => {
    expect(await verifyAdoption(dir, dir, exported)).toMatchObject({ owned: true, line: "the program owns exactly the export: 0 regions opened, 0 closed" });
  });

  test("a program edited to open a rule to the world is not proved: the proof says what it opens and which rules differ", async () => {
    const index = path.join(dir, "index.ts");
    const original = fs.readFileSync(index, "utf8");
    try {
      fs.writeFileSync(index, original.replace(`cidrIp: "10.0.0.0/24"`, `cidrIp: "0.0.0.0/0"`));
      const proof = await verifyAdoption(dir, dir, exported);
      expect(proof.owned).toBe(false);
      expect(proof.opened).toBeGreaterThan(0);
      expect(proof.rulesAdded).toEqual([expect.stringContaining("in-accept-p1-tcp:8080-from-0.0.0.0/0")]);
      expect(proof.rulesRemoved).toEqual([expect.stringContaining("in-accept-p1-tcp:8080-from-10.0.0.0/24")]);
      expect(proof.line).toMatch(/^the program does not own exactly the export: [1-9]\d* regions? opened, \d+ closed; rules differ: \+ sg-app in-accept-p1-tcp:8080-from-0\.0\.0\.0\/0; - sg-app in-accept-p1-tcp:8080-from-10\.0\.0\.0\/24$/);
    } finally {
      fs.writeFileSync(index, original);
    }
  });
});
