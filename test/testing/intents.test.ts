/**
 * The stack's intents after a program ran: what the capture carries, the matchers
 * (`toSatisfyIntents`), and the policy pack's intents configuration.
 */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { unknown } from "@pulumi/pulumi/output";
import * as fs from "fs";
import * as path from "path";
import { scratchDir } from "../scratch";
import { DatabaseSecurityGroup, ThreeTierSecurityGroups, declareIntents, testing } from "../../lib";
import { runPolicies } from "../../lib/policy";

expect.extend(testing.matchers);

const NO_INTERNET_TO_DB = { id: "no-internet-to-db", from: "internet", to: { tags: { role: "db" } }, ports: "*" as const, expect: "deny" as const, because: "the database is private" };

/** ThreeTier "shop" and a database group admitting its app tier; `breakIt` adds a hand-written drop of MySQL egress on the app tier. */
function program(breakIt: boolean) {
  return () => {
    const shop = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1" });
    new DatabaseSecurityGroup("orders", { vpcId: "vpc-1", engine: "mysql", sources: [shop.app], tags: { role: "db" } });
    if (breakIt) new alicloud.ecs.SecurityGroupRule("app-no-mysql-out", { securityGroupId: shop.app.id, type: "egress", ipProtocol: "tcp", portRange: "3306/3306", cidrIp: "0.0.0.0/0", policy: "drop", priority: 1 });
    declareIntents([NO_INTERNET_TO_DB]);
  };
}

describe("a capture carries the stack's intents and their verdicts", () => {
  test("every component's promises and the program's own, naming the captured groups, each proven", async () => {
    const capture = await testing.captureStack(program(false));
    expect(capture.intents.intents.map((i) => i.id)).toEqual(expect.arrayContaining(["ThreeTierSecurityGroups/shop/app-to-db", "DatabaseSecurityGroup/orders/source-to-db", "no-internet-to-db"]));
    expect(capture.intents.intents.find((i) => i.id === "DatabaseSecurityGroup/orders/source-to-db")).toMatchObject({ from: { group: "sg-shop-app" }, to: { group: "sg-orders-db" } });
    expect(capture.intents.context.components?.shop).toEqual({ type: "ThreeTierSecurityGroups", tiers: { web: ["sg-shop-web"], app: ["sg-shop-app"], db: ["sg-shop-db"] } });
    expect(capture.intents.results.map((r) => [r.id, r.status]).filter(([, s]) => s !== "proven")).toEqual([]);
    expect(capture.network).toSatisfyIntents();
  });
});

describe("what only deployment tells", () => {
  test("a block from an output unknown at preview: the intents about its group are unproven, naming the rule and the block; the others proven", async () => {
    const capture = await testing.captureStack(
      () => {
        const shop = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1" });
        new DatabaseSecurityGroup("orders", { vpcId: "vpc-1", sources: [shop.app, { cidr: pulumi.output(unknown) as unknown as string, name: "office" }] });
      },
      { preview: true },
    );
    const status = Object.fromEntries(capture.intents.results.map((r) => [r.id, r.status]));
    expect(status["ThreeTierSecurityGroups/shop/app-to-db"]).toBe("proven");
    expect(status["DatabaseSecurityGroup/orders/others-to-db"]).toBe("unproven");
    const office = capture.intents.results.find((r) => r.id === "DatabaseSecurityGroup/orders/source-to-db-2");
    expect(office?.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^rule orders-db-in-accept-p1-tcp:3306-from-office of sg-orders-db is known only at deploy time/), 'DatabaseSecurityGroup "orders": the block standing as 198.18.0.0/32 comes from an output known only at deploy time']));
  });
});

describe("toSatisfyIntents", () => {
  test("the stack's own: a failure lists each broken intent with its witness and the deciding rule of each side", async () => {
    const network = await testing.captureNetwork(program(true));
    expect(network).not.toSatisfyIntents();
    let message = "";
    try {
      expect(network).toSatisfyIntents();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("expected every intent to be proven, but 2 of");
    expect(message).toContain("[broken] DatabaseSecurityGroup/orders/source-to-db (allow group sg-shop-app -> group sg-orders-db on tcp:3306)");
    expect(message).toMatch(/witness: tcp:3306 from member of sg-shop-app \(10\.[\d.]+\) to member of sg-orders-db \(10\.[\d.]+\) is denied: egress rule 0 of sg-shop-app \(drop tcp:3306 to 0\.0\.0\.0\/0, priority 1\) denies it\./);
    expect(message).toMatch(/receiver's side: ingress rule 0 of sg-orders-db \(accept tcp:3306 from sg-shop-app, priority 1\) allows it/);
  });

  test("a list or an intents file, in the plain or the union-free form", async () => {
    const network = await testing.captureNetwork(program(false));
    expect(network).toSatisfyIntents([NO_INTERNET_TO_DB]);
    expect(network).toSatisfyIntents([{ id: "web", from: { cidr: "0.0.0.0/0" }, to: { component: "shop", tier: "web" }, portNumbers: [443], expect: "allow" }]);
    expect(network).not.toSatisfyIntents([{ id: "ssh", from: "internet", to: { component: "shop", tier: "web" }, ports: [22], expect: "allow" }]);
    const dir = scratchDir("intents-");
    fs.writeFileSync(path.join(dir, "intents.yaml"), "intents:\n  - { id: app-to-orders, from: { component: shop, tier: app }, to: { component: orders }, ports: [3306], expect: allow }\n");
    expect(network).toSatisfyIntents(path.join(dir, "intents.yaml"));
    // A selector that matches nothing is vacuous, never passed as proven.
    expect(() => expect(network).toSatisfyIntents([{ id: "typo", from: "internet", to: { tags: { role: "dbb" } }, ports: "*", expect: "deny" }])).toThrow(/\[vacuous\] typo .*\n.*no group or instance carries role=dbb/);
  });

  test("refuses a network no capture made without a list, and a file it cannot read", () => {
    expect(() => expect({ groups: [] }).toSatisfyIntents()).toThrow(/has no stack intents to prove/);
    expect(() => expect({ groups: [] }).toSatisfyIntents("no-such-file.yaml")).toThrow(/toSatisfyIntents cannot be read \(got "no-such-file\.yaml"\)/);
  });
});

describe("the policy pack proves the intents of its configuration over the stack", () => {
  test("a broken intent is a mandatory violation with its witness, on the receiving group; components are named by their instance names", async () => {
    const capture = await testing.captureStack(() => {
      new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", db: { sources: ["0.0.0.0/0"] }, allowUnsafe: { reason: "migration" } });
    });
    const intents = [{ id: "no-internet-to-db", from: "internet", to: { component: "shop", tier: "db" }, ports: [3306], expect: "deny" }];
    const run = await runPolicies(capture, { publicDatabasePort: "advisory", brokenIntent: { intents } } as never);
    const v = run.mandatory.find((d) => d.policy === "broken-intent");
    expect(v?.message).toMatch(/Intent "no-internet-to-db" \(deny internet -> component shop tier db on 3306\) is broken: tcp:3306 from \S+ to member of sg-shop-db \(10\.[\d.]+\) is allowed/);
    expect(v?.urn).toMatch(/SecurityGroup::shop-db$/);
    // Without intents in the configuration the policy finds nothing.
    expect((await runPolicies(capture, { publicDatabasePort: "advisory" })).mandatory).toEqual([]);
  });

  test("invalid intents in the configuration are refused, naming the entry", async () => {
    await expect(runPolicies({ resources: [] }, { brokenIntent: { intents: [{ id: "x", from: "internet", to: "nowhere", ports: [22], expect: "deny" }] } } as never)).rejects.toThrow(/options\.intents\[0\]\.to/);
  });
});
