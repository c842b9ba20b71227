import * as pulumi from "@pulumi/pulumi";
import { DatabaseSecurityGroup, DatabaseSecurityGroupArgs } from "../../lib/components";
import { captureStack } from "../../lib/testing/capture-network";
import { groupResources, refused, ruleNames, ruleResources, ruleRows } from "./rule-table";

const capture = (args: DatabaseSecurityGroupArgs, name = "orders") =>
  captureStack(() => {
    const db = new DatabaseSecurityGroup(name, args);
    return { groupId: db.groupId };
  });

describe("DatabaseSecurityGroup", () => {
  test("admits only the named clients on the engine's port and drops it from everywhere else at priority 100", async () => {
    const c = await capture({ vpcId: "vpc-1", engine: "redis", sources: [{ securityGroupId: "sg-web", name: "web" }, "10.0.5.0/24"] });
    expect(ruleResources(c).map((r) => ({ name: r.name, inputs: r.inputs }))).toEqual([
      {
        name: "orders-db-in-accept-p1-tcp:6379-from-10.0.5.0/24",
        inputs: { securityGroupId: "sg-orders-db", type: "ingress", ipProtocol: "tcp", portRange: "6379/6379", policy: "accept", priority: 1, cidrIp: "10.0.5.0/24", nicType: "intranet", description: "orders database: 10.0.5.0/24 reach Redis (tcp:6379)" },
      },
      {
        name: "orders-db-in-accept-p1-tcp:6379-from-web",
        inputs: { securityGroupId: "sg-orders-db", type: "ingress", ipProtocol: "tcp", portRange: "6379/6379", policy: "accept", priority: 1, sourceSecurityGroupId: "sg-web", nicType: "intranet", description: "orders database: members of web (sg-web) reach Redis (tcp:6379)" },
      },
      {
        name: "orders-db-in-drop-p100-tcp:6379-from-0.0.0.0/0",
        inputs: { securityGroupId: "sg-orders-db", type: "ingress", ipProtocol: "tcp", portRange: "6379/6379", policy: "drop", priority: 100, cidrIp: "0.0.0.0/0", nicType: "intranet", description: "orders database: deny Redis (tcp:6379) from everywhere else (lowest priority: the accepts above win)" },
      },
    ]);
    expect(groupResources(c)[0].inputs).toEqual({
      vpcId: "vpc-1",
      securityGroupName: "orders-db",
      securityGroupType: "normal",
      innerAccessPolicy: "Drop",
      description: "orders redis database: admits named clients on Redis (tcp:6379) (DatabaseSecurityGroup, managed by alicloud-secgroups)",
      tags: { "managed-by": "alicloud-secgroups", component: "DatabaseSecurityGroup", role: "database" },
    });
  });

  test("authorises another account's group with sourceGroupOwnerId, never the deprecated owner account", async () => {
    const c = await capture({ vpcId: "vpc-1", engine: "redis", sources: [{ securityGroupId: "sg-bp174yoe2ib1sqj5abcd", ownerId: "1609982529920000" }] });
    const accept = ruleResources(c).find((r) => r.inputs.policy === "accept")!;
    expect(accept.inputs).toMatchObject({ sourceSecurityGroupId: "sg-bp174yoe2ib1sqj5abcd", sourceGroupOwnerId: "1609982529920000" });
    expect(accept.inputs).not.toHaveProperty("sourceGroupOwnerAccount");
    expect(accept.name).toBe("orders-db-in-accept-p1-tcp:6379-from-1609982529920000/sg-bp174yoe2ib1sqj5abcd");
  });

  test("names a group known only at deploy time after its name, and maps it back to the real id", async () => {
    const c = await capture({ vpcId: "vpc-1", sources: [{ securityGroupId: pulumi.output("sg-real-app"), name: "app" }] });
    const accept = ruleResources(c).find((r) => r.inputs.policy === "accept")!;
    expect(accept.name).toBe("orders-db-in-accept-p1-tcp:3306-from-app");
    expect(accept.inputs.sourceSecurityGroupId).toBe("sg-real-app");
  });

  test("drops IPv6 too when a client is IPv6", async () => {
    const c = await capture({ vpcId: "vpc-1", engine: "postgresql", sources: ["2001:db8::10"] });
    expect(ruleRows(c)).toEqual([
      "orders-db | ingress | accept | 1 | tcp | 5432/5432 | 2001:db8::10/128",
      "orders-db | ingress | drop | 100 | tcp | 5432/5432 | 0.0.0.0/0",
      "orders-db | ingress | drop | 100 | tcp | 5432/5432 | ::/0",
    ]);
    expect(ruleNames(c)).toContain("orders-db-in-drop-p100-tcp:5432-from-:_:/0");
  });

  test.each<[string, Record<string, unknown>, string, string]>([
    ["a client of 0.0.0.0/0", { sources: ["0.0.0.0/0"] }, "world-open", "args.sources[0]"],
    ["no clients", { sources: [] }, "invalid-argument", "args.sources"],
    ["a group client on an enterprise group", { groupType: "enterprise", sources: [{ securityGroupId: "sg-app" }] }, "enterprise-group-reference", "args.sources[0].securityGroupId"],
    ["an unnamed group known only at deploy time", { sources: [{ securityGroupId: pulumi.output("sg-x") }] }, "invalid-argument", "args.sources[0].name"],
    ["a non-numeric owner", { sources: [{ securityGroupId: "sg-app", ownerId: "acme" }] }, "invalid-owner", "args.sources[0].ownerId"],
    ["the console's account/group notation", { sources: [{ securityGroupId: "1609982529920000/sg-app" }] }, "invalid-security-group-id", "args.sources[0].securityGroupId"],
    ["a drop rule that ties with the accepts", { sources: ["10.0.0.5"], denyPriority: 1 }, "invalid-argument", "args.denyPriority"],
  ])("refuses %s, registering nothing", async (_, extra, code, field) => {
    const { error, registered } = await refused(() => new DatabaseSecurityGroup("orders", { vpcId: "vpc-1", ...extra } as DatabaseSecurityGroupArgs));
    expect([error.code, error.field]).toEqual([code, field]);
    expect(registered).toEqual([]);
  });
});
