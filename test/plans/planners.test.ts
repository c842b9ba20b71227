import { childName } from "../../lib/plans/names";
import * as fs from "fs";
import * as path from "path";
import { ruleKey } from "../../lib/model/rule-key";
import { guardPlan, planDatabaseGroup, planInterconnect, planNetwork, planOutboundWhitelist, plannedRules, planThreeTier, planWorkbenchAccess, PLAN_VPC_ID } from "../../lib/plans";

describe("lib/plans", () => {
  const dir = path.join(__dirname, "..", "..", "lib", "plans");
  test.each(fs.readdirSync(dir).filter((f) => f.endsWith(".ts")))("%s imports nothing from @pulumi/* or the Pulumi floors", (file) => {
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    expect(text).not.toMatch(/from\s+["']@pulumi\//);
    expect(text).not.toMatch(/from\s+["']\.\.\/(components|testing|policy|cli)/);
  });
});

describe("planThreeTier", () => {
  test("plans three groups keyed by placeholder ids, rules sorted by key", () => {
    const plan = guardPlan(planThreeTier("shop", { vpcId: "vpc-1" }));
    expect(plan.groups.map((g) => [g.model.id, g.label, g.created, g.model.innerAccessPolicy, g.model.vpcId])).toEqual([
      ["sg-web", "web", true, "Drop", "vpc-1"],
      ["sg-app", "app", true, "Drop", "vpc-1"],
      ["sg-db", "db", true, "Drop", "vpc-1"],
    ]);
    expect(plan.groups.map((g) => g.model.rules.map(ruleKey))).toEqual([
      ["in-accept-p1-tcp:443-from-0.0.0.0/0", "in-accept-p1-tcp:80-from-0.0.0.0/0"],
      ["in-accept-p1-tcp:8080-from-sg-web"],
      ["in-accept-p1-tcp:3306-from-sg-app", "in-drop-p100-tcp:3306-from-0.0.0.0/0"],
    ]);
    expect(plan.refs.size).toBe(0);
  });

  test("records a stand-in VPC id while the real one is unknown", () => {
    expect(planThreeTier("shop", { vpcId: { pending: true } }).groups[0].model.vpcId).toBe(PLAN_VPC_ID);
  });

  test("describes every rule, and names it from the component, the tier and the key", () => {
    const plan = planThreeTier("shop", { vpcId: "vpc-1", egress: "restricted", admin: { sources: ["203.0.113.7"] } });
    for (const { rule, name, group } of plannedRules(plan)) {
      expect(rule.description).toMatch(/^shop (web|app|db): .{10,}/);
      expect(name).toBe(childName("shop", group.label, ruleKey(rule)));
    }
  });

  test("drops ::/0 too once any address is IPv6", () => {
    const plan = planThreeTier("shop", { vpcId: "vpc-1", web: { sources: ["0.0.0.0/0", "::/0"] }, egress: "restricted" });
    const keys = plan.groups.flatMap((g) => g.model.rules.map(ruleKey));
    expect(keys).toEqual(expect.arrayContaining(["in-drop-p100-tcp:3306-from-::/0", "out-drop-p100-all-to-::/0"]));
  });
});

describe("planNetwork", () => {
  test("lists the plan's groups and the members that have an address as instances", () => {
    const plan = planInterconnect("ic", {
      method: "dedicated-group",
      vpcId: "vpc-1",
      members: [
        { name: "a", securityGroupId: "sg-a", privateIp: "10.0.1.11" },
        { name: "b", securityGroupId: "sg-b" },
      ],
    });
    const network = planNetwork(guardPlan(plan));
    expect(network.groups.map((g) => g.id)).toEqual(["sg-interconnect", "sg-a", "sg-b"]);
    expect(network.instances).toEqual([{ id: "a", privateIp: "10.0.1.11", groups: ["sg-a", "sg-interconnect"] }]);
  });
});

describe("the other planners", () => {
  test("planDatabaseGroup, planWorkbenchAccess and planOutboundWhitelist plan one group each", () => {
    const plans = [
      planDatabaseGroup("db", { vpcId: "vpc-1", sources: ["10.0.0.5"] }),
      planWorkbenchAccess("wb", { securityGroupId: "sg-web" }),
      planOutboundWhitelist("wl", { securityGroupId: "sg-web", destinations: [{ cidr: "47.96.0.10", ports: [80] }] }),
    ].map((p) => guardPlan(p));
    expect(plans.map((p) => [p.component, p.groups.length, p.groups[0].created, p.groups[0].model.rules.length])).toEqual([
      ["DatabaseSecurityGroup", 1, true, 2],
      ["WorkbenchAccess", 1, false, 1],
      ["OutboundWhitelist", 1, false, 3],
    ]);
  });
});
