import * as pulumi from "@pulumi/pulumi";
import { ThreeTierSecurityGroups, ThreeTierSecurityGroupsArgs } from "../../lib/components";
import { captureStack } from "../../lib/testing/capture-network";
import { groupResources, refused, ruleNames, ruleResources, ruleRows, ENTERPRISE_THREE_TIER_RULES } from "./rule-table";

const TYPE = "alicloud-secgroups:index:ThreeTierSecurityGroups";
const capture = (args: ThreeTierSecurityGroupsArgs, name = "shop") =>
  captureStack(() => {
    const t = new ThreeTierSecurityGroups(name, args);
    return { webId: t.webId, appId: t.appId, dbId: t.dbId };
  });

describe("ThreeTierSecurityGroups", () => {
  test("creates three basic groups that isolate their members, tagged and described", async () => {
    const c = await capture({ vpcId: "vpc-1" });
    expect(groupResources(c).map((g) => ({ name: g.name, inputs: g.inputs }))).toEqual(
      (["app", "db", "web"] as const).map((t) => ({
        name: `shop-${t}`,
        inputs: {
          vpcId: "vpc-1",
          securityGroupName: `shop-${t}`,
          securityGroupType: "normal",
          innerAccessPolicy: "Drop",
          description: expect.stringContaining(`shop ${t === "db" ? "database" : t} tier`),
          tags: { "managed-by": "alicloud-secgroups", component: "ThreeTierSecurityGroups", role: t },
        },
      })),
    );
  });

  test("writes exactly the three-tier plan by default: web 80/443 from anywhere, app 8080 from web, MySQL 3306 from app, 3306 dropped at priority 100", async () => {
    const c = await capture({ vpcId: "vpc-1" });
    expect(ruleResources(c).map((r) => ({ name: r.name, inputs: r.inputs }))).toEqual([
      {
        name: "shop-app-in-accept-p1-tcp:8080-from-sg-web",
        inputs: { securityGroupId: "sg-shop-app", type: "ingress", ipProtocol: "tcp", portRange: "8080/8080", policy: "accept", priority: 1, sourceSecurityGroupId: "sg-shop-web", nicType: "intranet", description: "shop app: web tier reaches the app on tcp:8080" },
      },
      {
        name: "shop-db-in-accept-p1-tcp:3306-from-sg-app",
        inputs: { securityGroupId: "sg-shop-db", type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", policy: "accept", priority: 1, sourceSecurityGroupId: "sg-shop-app", nicType: "intranet", description: "shop db: app tier reaches MySQL (tcp:3306)" },
      },
      {
        name: "shop-db-in-drop-p100-tcp:3306-from-0.0.0.0/0",
        inputs: { securityGroupId: "sg-shop-db", type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", policy: "drop", priority: 100, cidrIp: "0.0.0.0/0", nicType: "intranet", description: "shop db: deny MySQL (tcp:3306) from everywhere else (lowest priority: the accepts above win)" },
      },
      {
        name: "shop-web-in-accept-p1-tcp:443-from-0.0.0.0/0",
        inputs: { securityGroupId: "sg-shop-web", type: "ingress", ipProtocol: "tcp", portRange: "443/443", policy: "accept", priority: 1, cidrIp: "0.0.0.0/0", nicType: "intranet", description: "shop web: clients reach HTTPS (tcp:443) from 0.0.0.0/0" },
      },
      {
        name: "shop-web-in-accept-p1-tcp:80-from-0.0.0.0/0",
        inputs: { securityGroupId: "sg-shop-web", type: "ingress", ipProtocol: "tcp", portRange: "80/80", policy: "accept", priority: 1, cidrIp: "0.0.0.0/0", nicType: "intranet", description: "shop web: clients reach HTTP (tcp:80) from 0.0.0.0/0" },
      },
    ]);
  });

  test("parents every child to the component, replaces rules delete-first and registers its outputs", async () => {
    const c = await capture({ vpcId: "vpc-1" });
    const component = c.resources.find((r) => r.type === TYPE)!;
    expect(component).toMatchObject({ name: "shop", custom: false });
    const children = c.resources.filter((r) => r.type !== TYPE);
    expect(children).toHaveLength(8);
    for (const child of children) expect(child.parent).toBe(`urn:pulumi:dev::alicloud-secgroups::${TYPE}::shop`);
    for (const rule of ruleResources(c)) expect(rule.deleteBeforeReplace).toBe(true);
    for (const group of groupResources(c)) expect(group.deleteBeforeReplace).toBeUndefined();
    expect(c.outputs).toEqual({ webId: "sg-shop-web", appId: "sg-shop-app", dbId: "sg-shop-db" });
  });

  test("takes the VPC id as an Output", async () => {
    const c = await capture({ vpcId: pulumi.output("vpc-later") });
    expect(groupResources(c).map((g) => g.inputs.vpcId)).toEqual(["vpc-later", "vpc-later", "vpc-later"]);
  });

  test("uses the engine's port for the database tier", async () => {
    const c = await capture({ vpcId: "vpc-1", db: { engine: "postgresql" } });
    expect(ruleRows(c).filter((r) => r.startsWith("shop-db"))).toEqual([
      "shop-db | ingress | accept | 1 | tcp | 5432/5432 | shop-app",
      "shop-db | ingress | drop | 100 | tcp | 5432/5432 | 0.0.0.0/0",
    ]);
  });

  test("admits SSH from named single addresses on every tier", async () => {
    const c = await capture({ vpcId: "vpc-1", admin: { sources: ["203.0.113.7"] } });
    expect(ruleRows(c).filter((r) => r.includes("tcp | 22/22"))).toEqual([
      "shop-app | ingress | accept | 1 | tcp | 22/22 | 203.0.113.7/32",
      "shop-db | ingress | accept | 1 | tcp | 22/22 | 203.0.113.7/32",
      "shop-web | ingress | accept | 1 | tcp | 22/22 | 203.0.113.7/32",
    ]);
  });

  test("admits RDP from a block when the caller states the wider limit, on the chosen tiers only", async () => {
    const c = await capture({ vpcId: "vpc-1", admin: { sources: ["198.51.100.0/28"], ports: [3389], maxPrefix: 28, tiers: ["app"] } });
    expect(ruleRows(c).filter((r) => r.includes("3389"))).toEqual(["shop-app | ingress | accept | 1 | tcp | 3389/3389 | 198.51.100.0/28"]);
  });

  test("restricted egress: each tier reaches only the next tier's ports, the rest is dropped at priority 100", async () => {
    const c = await capture({ vpcId: "vpc-1", egress: "restricted" });
    expect(ruleRows(c).filter((r) => r.includes("| egress |"))).toEqual([
      "shop-app | egress | accept | 1 | tcp | 3306/3306 | shop-db",
      "shop-app | egress | drop | 100 | all | -1/-1 | 0.0.0.0/0",
      "shop-app | egress | drop | 100 | all | -1/-1 | ::/0",
      "shop-db | egress | drop | 100 | all | -1/-1 | 0.0.0.0/0",
      "shop-db | egress | drop | 100 | all | -1/-1 | ::/0",
      "shop-web | egress | accept | 1 | tcp | 8080/8080 | shop-app",
      "shop-web | egress | drop | 100 | all | -1/-1 | 0.0.0.0/0",
      "shop-web | egress | drop | 100 | all | -1/-1 | ::/0",
    ]);
  });

  test("enterprise groups: the tiers admit each other by vSwitch block, with egress on the sender", async () => {
    const c = await capture({ vpcId: "vpc-1", groupType: "enterprise", web: { cidrs: ["10.0.1.0/24"] }, app: { cidrs: ["10.0.2.0/24"] }, db: { cidrs: ["10.0.3.0/24"] } });
    expect(groupResources(c).map((g) => [g.name, g.inputs.securityGroupType, g.inputs.innerAccessPolicy])).toEqual([
      ["shop-app", "enterprise", undefined],
      ["shop-db", "enterprise", undefined],
      ["shop-web", "enterprise", undefined],
    ]);
    expect(ruleRows(c)).toEqual(ENTERPRISE_THREE_TIER_RULES);
  });

  test("sets the inner access policy per tier when asked", async () => {
    const c = await capture({ vpcId: "vpc-1", innerAccessPolicy: { app: "Accept" } });
    expect(groupResources(c).map((g) => [g.name, g.inputs.innerAccessPolicy])).toEqual([
      ["shop-app", "Accept"],
      ["shop-db", "Drop"],
      ["shop-web", "Drop"],
    ]);
  });

  test("adds the caller's tags; managed-by, component and role stay the library's", async () => {
    const c = await capture({ vpcId: "vpc-1", tags: { team: "payments", role: "ignored" } });
    expect(groupResources(c)[0].inputs.tags).toEqual({ team: "payments", "managed-by": "alicloud-secgroups", component: "ThreeTierSecurityGroups", role: "app" });
  });

  test("emits identical rules once", async () => {
    const c = await capture({ vpcId: "vpc-1", web: { ports: [443, 443], sources: ["198.51.100.7", "198.51.100.7/32", "198.51.100.7/32"] } });
    expect(ruleRows(c).filter((r) => r.startsWith("shop-web"))).toEqual(["shop-web | ingress | accept | 1 | tcp | 443/443 | 198.51.100.7/32"]);
  });

  test("keeps child names when list arguments are reordered", async () => {
    const a = await capture({ vpcId: "vpc-1", web: { ports: [80, 443, 8443], sources: ["198.51.100.0/24", "203.0.113.0/24"] }, admin: { sources: ["192.0.2.1", "192.0.2.2"] } });
    const b = await capture({ vpcId: "vpc-1", web: { ports: [8443, 80, 443], sources: ["203.0.113.0/24", "198.51.100.0/24"] }, admin: { sources: ["192.0.2.2", "192.0.2.1"] } });
    expect(ruleNames(b)).toEqual(ruleNames(a));
  });

  test("adding one source adds rules and renames none", async () => {
    const a = await capture({ vpcId: "vpc-1", web: { sources: ["198.51.100.0/24"] } });
    const b = await capture({ vpcId: "vpc-1", web: { sources: ["203.0.113.0/24", "198.51.100.0/24"] } });
    const before = new Set(ruleNames(a));
    const after = new Set(ruleNames(b));
    for (const n of before) expect(after.has(n)).toBe(true);
    expect([...after].filter((n) => !before.has(n))).toEqual(["shop-web-in-accept-p1-tcp:443-from-203.0.113.0/24", "shop-web-in-accept-p1-tcp:80-from-203.0.113.0/24"]);
  });

  test("opens an admin port to the world only with a reason, which the rule's description carries", async () => {
    const c = await capture({ vpcId: "vpc-1", web: { ports: [22] }, allowUnsafe: { reason: "honeypot, ticket SEC-42" } });
    const rule = ruleResources(c).find((r) => r.name === "shop-web-in-accept-p1-tcp:22-from-0.0.0.0/0")!;
    expect(rule.inputs.description).toBe("shop web: clients reach SSH (tcp:22) from 0.0.0.0/0 [UNSAFE, opted in: honeypot, ticket SEC-42]");
  });

  test.each<[string, Record<string, unknown>, string, string]>([
    ["an app source of 0.0.0.0/0", { app: { sources: ["0.0.0.0/0"] } }, "world-open", "args.app.sources[0]"],
    ["a database source of ::/0", { db: { sources: ["10.0.9.0/24", "::/0"] } }, "world-open", "args.db.sources[1]"],
    ["an admin source of 0.0.0.0/0", { admin: { sources: ["0.0.0.0/0"] } }, "world-open", "args.admin.sources[0]"],
    ["an admin /0 even with allowUnsafe while maxPrefix is 32", { admin: { sources: ["0.0.0.0/0"] }, allowUnsafe: { reason: "lab only" } }, "source-too-broad", "args.admin.sources[0]"],
    ["an admin block wider than /32", { admin: { sources: ["203.0.113.7", "203.0.113.0/24"] } }, "source-too-broad", "args.admin.sources[1]"],
    ["an admin block wider than the stated limit", { admin: { sources: ["203.0.113.0/24"], maxPrefix: 25 } }, "source-too-broad", "args.admin.sources[0]"],
    ["an IPv6 admin block wider than /128", { admin: { sources: ["2001:db8::/64"] } }, "source-too-broad", "args.admin.sources[0]"],
    ["admin access without sources", { admin: { sources: [] } }, "invalid-argument", "args.admin.sources"],
    ["an admin port on the web tier open to the world", { web: { ports: [443, 22] } }, "world-open", "args.web.ports[1]"],
    ["a database port on the web tier open to the world", { web: { ports: [3306], sources: ["::/0"] } }, "world-open", "args.web.sources[0]"],
    ["a malformed web source", { web: { sources: ["198.51.100.7", "10.0.0.300"] } }, "invalid-cidr", "args.web.sources[1]"],
    ["port 0", { web: { ports: [0] } }, "invalid-port", "args.web.ports[0]"],
    ["an empty port list", { app: { ports: [] } }, "invalid-argument", "args.app.ports"],
    ["enterprise groups without vSwitch blocks", { groupType: "enterprise" }, "enterprise-group-reference", "args.web.cidrs"],
    ["enterprise groups without the app tier's blocks", { groupType: "enterprise", web: { cidrs: ["10.0.1.0/24"] } }, "enterprise-group-reference", "args.app.cidrs"],
    ["vSwitch blocks on basic groups", { web: { cidrs: ["10.0.1.0/24"] } }, "invalid-argument", "args.web.cidrs"],
    ["an inner access policy on enterprise groups", { groupType: "enterprise", innerAccessPolicy: "Drop", web: { cidrs: ["10.0.1.0/24"] }, app: { cidrs: ["10.0.2.0/24"] }, db: { cidrs: ["10.0.3.0/24"] } }, "invalid-inner-access-policy", "args.innerAccessPolicy"],
    ["a lower-case inner access policy", { innerAccessPolicy: { db: "drop" } }, "invalid-inner-access-policy", "args.innerAccessPolicy.db"],
    ["an unknown group type", { groupType: "advanced" }, "invalid-group-type", "args.groupType"],
    ["an unknown engine", { db: { engine: "mariadb" } }, "invalid-argument", "args.db.engine"],
    ["an unknown egress mode", { egress: "none" }, "invalid-argument", "args.egress"],
    ["an unsafe opt-in without a reason", { allowUnsafe: { reason: " " } }, "invalid-argument", "args.allowUnsafe.reason"],
    ["a missing VPC id", { vpcId: undefined }, "invalid-argument", "args.vpcId"],
    ["a reserved tag key", { tags: { "aliyun:owner": "me" } }, "invalid-argument", "args.tags.aliyun:owner"],
  ])("refuses %s, registering nothing", async (_, extra, code, field) => {
    const { error, registered } = await refused(() => new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", ...extra } as ThreeTierSecurityGroupsArgs));
    expect(error.code).toBe(code);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(/^alicloud-secgroups: /);
    expect(registered).toEqual([]);
  });

  test("refuses with a message that says what to do", async () => {
    const { error } = await refused(() => new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", groupType: "enterprise" }));
    expect(error.message).toContain("enterprise groups cannot authorise (or be authorised by) security groups");
    expect(error.message).toContain('web: { cidrs: ["10.0.1.0/24"] }');
  });
});
