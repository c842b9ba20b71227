import * as pulumi from "@pulumi/pulumi";
import * as alicloud from "@pulumi/alicloud";
import { DatabaseSecurityGroup, OutboundWhitelist, OutboundWhitelistArgs, ThreeTierSecurityGroups } from "../../lib/components";
import { captureStack } from "../../lib/testing/capture-network";
import { refused, ruleNames, ruleResources, ruleRows } from "./rule-table";

const capture = (args: OutboundWhitelistArgs) => captureStack(() => void new OutboundWhitelist("egress", args));
const seedDestinations = [
  { cidr: "47.96.0.10", ports: [80] },
  { cidr: "121.199.0.10", ports: [443] },
];

describe("OutboundWhitelist", () => {
  test("reproduces seed 004 case 6: allows at priority 1, drops everything else at priority 2", async () => {
    const c = await capture({ securityGroupId: "sg-workers", destinations: seedDestinations, denyAllPriority: 2 });
    expect(ruleResources(c).map((r) => ({ name: r.name, inputs: r.inputs }))).toEqual([
      {
        name: "egress-out-accept-p1-tcp:443-to-121.199.0.10/32",
        inputs: { securityGroupId: "sg-workers", type: "egress", ipProtocol: "tcp", portRange: "443/443", policy: "accept", priority: 1, cidrIp: "121.199.0.10/32", description: "egress whitelist: may reach 121.199.0.10/32 on HTTPS (tcp:443)" },
      },
      {
        name: "egress-out-accept-p1-tcp:80-to-47.96.0.10/32",
        inputs: { securityGroupId: "sg-workers", type: "egress", ipProtocol: "tcp", portRange: "80/80", policy: "accept", priority: 1, cidrIp: "47.96.0.10/32", description: "egress whitelist: may reach 47.96.0.10/32 on HTTP (tcp:80)" },
      },
      {
        name: "egress-out-drop-p2-all-to-0.0.0.0/0",
        inputs: { securityGroupId: "sg-workers", type: "egress", ipProtocol: "all", portRange: "-1/-1", policy: "drop", priority: 2, cidrIp: "0.0.0.0/0", description: "egress whitelist: deny all other outbound traffic (the accepts above win)" },
      },
      {
        // A VPC group denies IPv6 egress too, though every destination is IPv4.
        name: "egress-out-drop-p2-all-to-:_:/0",
        inputs: { securityGroupId: "sg-workers", type: "egress", ipProtocol: "all", portRange: "-1/-1", policy: "drop", priority: 2, ipv6CidrIp: "::/0", description: "egress whitelist: deny all other outbound IPv6 traffic (the accepts above win)" },
      },
    ]);
    for (const r of ruleResources(c)) expect(r.deleteBeforeReplace).toBe(true);
  });

  test("drops at priority 100 by default, leaving room for rules in between", async () => {
    const c = await capture({ securityGroupId: "sg-workers", destinations: seedDestinations });
    expect(ruleRows(c)).toContain("sg-workers | egress | drop | 100 | all | -1/-1 | 0.0.0.0/0");
  });

  test("drops ::/0 too when a destination is IPv6, and takes prefix lists and groups", async () => {
    const c = await capture({
      securityGroupId: "sg-workers",
      destinations: [
        { cidr: "2001:db8::/64", ports: [443] },
        { prefixListId: "pl-mirrors", ports: [80, 443] },
        { securityGroupId: pulumi.output("sg-api-real"), name: "api", ports: [8443] },
        { securityGroupId: "sg-partner", ownerId: "1609982529920000", protocol: "udp", ports: [514] },
      ],
    });
    expect(ruleRows(c)).toEqual([
      "sg-workers | egress | accept | 1 | tcp | 443/443 | 2001:db8::/64",
      "sg-workers | egress | accept | 1 | tcp | 443/443 | pl-mirrors",
      "sg-workers | egress | accept | 1 | tcp | 80/80 | pl-mirrors",
      "sg-workers | egress | accept | 1 | tcp | 8443/8443 | sg-api-real",
      "sg-workers | egress | accept | 1 | udp | 514/514 | 1609982529920000/sg-partner",
      "sg-workers | egress | drop | 100 | all | -1/-1 | 0.0.0.0/0",
      "sg-workers | egress | drop | 100 | all | -1/-1 | ::/0",
    ]);
    expect(ruleNames(c)).toContain("egress-out-accept-p1-tcp:8443-to-api");
  });

  test("emits a destination listed twice once, and keeps names when destinations are reordered", async () => {
    const a = await capture({ securityGroupId: "sg-workers", destinations: seedDestinations });
    const b = await capture({ securityGroupId: "sg-workers", destinations: [seedDestinations[1], seedDestinations[0], { cidr: "47.96.0.10/32", ports: [80, 80] }] });
    expect(ruleNames(b)).toEqual(ruleNames(a));
    expect(ruleNames(a)).toHaveLength(4);
  });

  test.each<[string, Record<string, unknown>, string, string]>([
    ["allows that do not beat the drop", { denyAllPriority: 5, allowPriority: 5 }, "invalid-priority", "args.allowPriority"],
    ["a drop priority outside 1..100", { denyAllPriority: 101 }, "invalid-priority", "args.denyAllPriority"],
    ["a whitelist over the rule quota", { destinations: [{ cidr: "10.0.0.0/16", ports: Array.from({ length: 150 }, (_, i) => 1000 + i) }], existingRules: 50 }, "rule-quota-exceeded", "args.destinations"],
    ["a prefix list whose capacity exceeds the quota", { destinations: [{ prefixListId: "pl-big", prefixListMaxEntries: 200, ports: [443] }] }, "rule-quota-exceeded", "args.destinations"],
    ["an entry with two destinations", { destinations: [{ cidr: "10.0.0.1", prefixListId: "pl-x", ports: [80] }] }, "multiple-sources", "args.destinations[0]"],
    ["an entry without ports", { destinations: [{ cidr: "10.0.0.1" }] }, "invalid-argument", "args.destinations[0].ports"],
    ["no destinations", { destinations: [] }, "invalid-argument", "args.destinations"],
    ["a group destination on an enterprise group", { groupType: "enterprise", destinations: [{ securityGroupId: "sg-api", ports: [443] }] }, "enterprise-group-reference", "args.destinations[0].securityGroupId"],
    ["a malformed destination", { destinations: [{ cidr: "47.96.0.300", ports: [80] }] }, "invalid-cidr", "args.destinations[0].cidr"],
  ])("refuses %s, registering nothing", async (_, extra, code, field) => {
    const { error, registered } = await refused(() => new OutboundWhitelist("egress", { securityGroupId: "sg-workers", destinations: seedDestinations, ...extra } as OutboundWhitelistArgs));
    expect([error.code, error.field]).toEqual([code, field]);
    expect(registered).toEqual([]);
  });

  test("names the group and the count when over quota", async () => {
    const { error } = await refused(() => new OutboundWhitelist("egress", { securityGroupId: "sg-workers", existingRules: 199, destinations: seedDestinations }));
    expect(error.message).toContain('would give group "sg-workers" 203 rules (4 planned + 199 existing), over the quota of 200 per group');
    expect(error.value).toBe(203);
  });

  // The arguments below type-check (npm run typecheck) only because securityGroupId takes a group resource.
  test("takes the group resource itself (tiers.app): its rules are that group's, and paths from it get their egress accept (the tier's own promise to reach its database among them)", async () => {
    const c = await captureStack(() => {
      const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1" });
      const args: OutboundWhitelistArgs = { securityGroupId: tiers.app, destinations: [{ cidr: "47.96.0.10", ports: [443] }] };
      new OutboundWhitelist("app-out", args);
      new DatabaseSecurityGroup("cache", { vpcId: "vpc-1", engine: "redis", sources: [tiers.app] });
    });
    const app = c.resources.find((r) => r.name === "shop-app")!;
    const mine = ruleResources(c).filter((r) => r.parent?.endsWith("OutboundWhitelist::app-out"));
    expect(mine.map((r) => r.name).sort()).toEqual(["app-out-out-accept-p1-tcp:3306-to-shop-db", "app-out-out-accept-p1-tcp:443-to-47.96.0.10/32", "app-out-out-accept-p1-tcp:6379-to-cache-db", "app-out-out-drop-p100-all-to-0.0.0.0/0", "app-out-out-drop-p100-all-to-:_:/0"]);
    for (const r of mine) expect(r.inputs.securityGroupId).toBe(app.id);
  });

  test("takes any group resource, the library's or not", async () => {
    const c = await captureStack(() => {
      const workers = new alicloud.ecs.SecurityGroup("workers", { vpcId: "vpc-1" });
      new OutboundWhitelist("egress", { securityGroupId: workers, destinations: seedDestinations });
    });
    const workers = c.resources.find((r) => r.name === "workers")!;
    expect(new Set(ruleResources(c).map((r) => r.inputs.securityGroupId))).toEqual(new Set([workers.id]));
  });
});
