/**
 * A recognised component is what its planner writes, and nothing else: groups of another VPC or
 * type are not a component's; a drop the cloud lacks is added only with tightening, and said; a
 * group passed by reference claims the sender's egress its tier writes; the promises name the
 * export's groups; the declared network is the planners' output plus the raw rules.
 */
import * as fs from "fs";
import * as path from "path";
import { GroupModel, NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { accessDiff } from "../../lib/review/access-diff";
import { declaredNetwork, recogniseComponents } from "../../lib/review/recognise";

const rule = (r: Partial<RuleArgs> & Pick<RuleArgs, "type" | "ipProtocol">): RuleArgs => ({ policy: "accept", priority: 1, nicType: "intranet", ...r });
const group = (id: string, name: string, rules: RuleArgs[], vpcId = "vpc-1"): GroupModel => ({ id, name, vpcId, type: "normal", innerAccessPolicy: "Accept", rules });

/** Three tiers by their shape, with group ids and VPC of the caller's choosing. */
function tiers(prefix: string, name: string, vpcId = "vpc-1"): GroupModel[] {
  return [
    group(`${prefix}-w`, `${name}-web`, [rule({ type: "ingress", ipProtocol: "tcp", portRange: "80/80", cidrIp: "0.0.0.0/0" }), rule({ type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" })], vpcId),
    group(`${prefix}-a`, `${name}-app`, [rule({ type: "ingress", ipProtocol: "tcp", portRange: "8080/8080", sourceSecurityGroupId: `${prefix}-w` })], vpcId),
    group(`${prefix}-d`, `${name}-db`, [rule({ type: "ingress", ipProtocol: "tcp", portRange: "5432/5432", sourceSecurityGroupId: `${prefix}-a` }), rule({ type: "ingress", ipProtocol: "tcp", portRange: "5432/5432", cidrIp: "0.0.0.0/0", policy: "drop", priority: 100 })], vpcId),
  ];
}

const net = (groups: GroupModel[]): NetworkModel => ({ groups, instances: [], prefixLists: [] });

const ESTATES = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "deployed-estates.json"), "utf8")) as { name: string; model: NetworkModel }[];
const estate = (name: string) => ESTATES.find((e) => e.name === name)!.model;

describe("recogniseComponents verifies each component by its planner", () => {
  test("tiers by their shape: arguments with the VPC first; two sets of one name get distinct names; the declared network changes no access", () => {
    const model = net([...tiers("sg-1", "shop"), ...tiers("sg-2", "shop", "vpc-2"), group("sg-raw", "raw", [rule({ type: "ingress", ipProtocol: "tcp", portRange: "9000/9000", cidrIp: "10.0.0.0/8" })])]);
    const three = recogniseComponents(net([...tiers("sg-1", "shop"), ...tiers("sg-2", "shop", "vpc-2"), ...tiers("sg-3", "shop", "vpc-3")]));
    expect(three.components.map((c) => c.name)).toEqual(["shop", "shop-2", "shop-3"]);
    const found = recogniseComponents(model);
    expect(found.components.map((c) => [c.component, c.name, c.created])).toEqual([
      ["ThreeTierSecurityGroups", "shop", { web: "sg-1-w", app: "sg-1-a", db: "sg-1-d" }],
      ["ThreeTierSecurityGroups", "shop-2", { web: "sg-2-w", app: "sg-2-a", db: "sg-2-d" }],
    ]);
    expect(found.components.map((c) => c.args)).toEqual([
      { vpcId: "vpc-1", db: { engine: "postgresql" }, innerAccessPolicy: "Accept" },
      { vpcId: "vpc-2", db: { engine: "postgresql" }, innerAccessPolicy: "Accept" },
    ]);
    expect(found.components.map((c) => Object.keys(c.args)[0])).toEqual(["vpcId", "vpcId"]);
    expect([...found.residue]).toEqual([["sg-raw", [0]]]);
    // Each rule claimed once, by the group that holds it.
    const claimed = found.components.flatMap((c) => c.rules.map((r) => `${r.groupId}#${r.index}`));
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.sort()).toEqual(["sg-1-a#0", "sg-1-d#0", "sg-1-d#1", "sg-1-w#0", "sg-1-w#1", "sg-2-a#0", "sg-2-d#0", "sg-2-d#1", "sg-2-w#0", "sg-2-w#1"]);
    // The groups the component creates take its settings (name, description, tags); the rest stay as exported.
    const declared = declaredNetwork(model, found);
    const web = declared.groups.find((g) => g.id === "sg-1-w")!;
    expect(web).toMatchObject({ id: "sg-1-w", name: "shop-web", vpcId: "vpc-1", type: "normal", tags: { "managed-by": "alicloud-secgroups", component: "ThreeTierSecurityGroups", role: "web" } });
    expect(web.description).toMatch(/^shop web tier: serves HTTP \(tcp:80\), HTTPS \(tcp:443\)/);
    expect(web.rules.map((r) => r.description)).toEqual(["shop web: clients reach HTTPS (tcp:443) from 0.0.0.0/0", "shop web: clients reach HTTP (tcp:80) from 0.0.0.0/0"]);
    expect(declared.groups.find((g) => g.id === "sg-2-a")?.rules[0].sourceSecurityGroupId).toBe("sg-2-w");
    expect(declared.groups.find((g) => g.id === "sg-raw")).toEqual(model.groups[6]);
    expect(accessDiff(model, declared).summary).toMatchObject({ opened: 0, closed: 0 });
    // What the component would write differently is said, the group's old name quoted.
    const renamed = net(tiers("sg-1", "shop"));
    renamed.groups[2].name = "DB \u2028tier";
    expect(recogniseComponents(renamed).components[0].notes).toContain('sg-1-d: the component names the group "shop-db" (the cloud: "DB \\u2028tier")');
  });

  test("a tier in another VPC, of another type, or with a rule the component would not write is not the component's: its rules stay raw", () => {
    const otherVpc = net(tiers("sg-1", "shop"));
    otherVpc.groups[2] = { ...otherVpc.groups[2], vpcId: "vpc-9" };
    const enterprise = net(tiers("sg-1", "shop"));
    enterprise.groups[2] = { ...enterprise.groups[2], type: "enterprise" };
    for (const model of [otherVpc, enterprise]) {
      const found = recogniseComponents(model);
      expect(found.components.filter((c) => c.component === "ThreeTierSecurityGroups")).toEqual([]);
      expect(found.components.flatMap((c) => Object.values(c.created))).not.toContain("sg-1-w");
    }
  });

  test("a restricted tier of an earlier release (no IPv6 drop): with tightening, recognised with the drops it adds said; without, raw; its promises name the export's groups", () => {
    const model = estate("named-1");
    const tight = recogniseComponents(model, new Set(), { tighten: true });
    const lab = tight.components.find((c) => c.component === "ThreeTierSecurityGroups")!;
    expect(lab.name).toBe("lab");
    expect(lab.args.egress).toBe("restricted");
    expect(lab.adds).toEqual(["sg-n1c0-web: out-drop-p100-all-to-::/0", "sg-n1c0-app: out-drop-p100-all-to-::/0", "sg-n1c0-db: out-drop-p100-all-to-::/0"]);
    expect(lab.notes).toContain("the component adds 3 drops the cloud does not hold yet, closing what its promises require: sg-n1c0-web: out-drop-p100-all-to-::/0; sg-n1c0-app: out-drop-p100-all-to-::/0; sg-n1c0-db: out-drop-p100-all-to-::/0");
    expect([...tight.residue]).toEqual([]);
    const ids = new Set(model.groups.map((g) => g.id));
    const groupsNamed = (sel: unknown) => (typeof sel === "object" && sel !== null && "group" in sel ? [(sel as { group: string }).group] : []);
    for (const c of tight.components) {
      expect(c.intents?.length).toBeGreaterThan(0);
      for (const i of c.intents ?? []) for (const g of [...groupsNamed(i.from), ...groupsNamed(i.to), ...(i.unless ?? []).flatMap((u) => [...groupsNamed(u.from), ...groupsNamed(u.to)])]) expect(ids.has(g) || g === "sg-partner").toBe(true);
    }
    expect(lab.intents?.find((i) => i.id === "ThreeTierSecurityGroups/lab/web-to-app")).toMatchObject({ from: { group: "sg-n1c0-web" }, to: { group: "sg-n1c0-app" } });
    // Tightening adds drops only: without the web tier's egress accept to the app tier, the tier is not the component's.
    const missingAccept = structuredClone(model);
    const web = missingAccept.groups.find((g) => g.id === "sg-n1c0-web")!;
    web.rules = web.rules.filter((r) => !(r.type === "egress" && r.policy !== "drop"));
    const withoutAccept = recogniseComponents(missingAccept, new Set(), { tighten: true });
    expect(withoutAccept.components.some((c) => c.component === "ThreeTierSecurityGroups")).toBe(false);
    expect(withoutAccept.components.flatMap((c) => c.adds ?? []).every((a) => /: out-drop-/.test(a))).toBe(true);
    expect(withoutAccept.residue.get("sg-n1c0-web")).toEqual([0, 1]);
    const loose = recogniseComponents(model);
    expect(loose.components.some((c) => c.component === "ThreeTierSecurityGroups")).toBe(false);
    expect(loose.components.every((c) => c.adds === undefined)).toBe(true);
    expect([...loose.residue]).toEqual([
      ["sg-n1c0-web", [0, 1, 2]],
      ["sg-n1c0-app", [0, 1, 2]],
      ["sg-n1c0-db", [2]],
    ]);
  });

  test("a database admitting a restricted tier by reference claims the tier's egress to it for the tier; entries are plain strings where unnamed, the group's id first", () => {
    const model = estate("readme");
    const found = recogniseComponents(model, new Set(), { tighten: true });
    const shop = found.components.find((c) => c.component === "ThreeTierSecurityGroups" && c.name === "shop")!;
    const cache = found.components.find((c) => c.component === "DatabaseSecurityGroup" && c.name === "cache")!;
    expect(cache.args).toMatchObject({ engine: "redis" });
    expect(JSON.stringify(cache.args.sources)).toMatch(/"adoptedGroupId":"sg-shop-app"/);
    const egress = shop.rules.filter((r) => r.groupId === "sg-shop-app" && r.planned.type === "egress" && r.planned.sourceSecurityGroupId === "sg-cache-db");
    expect(egress).toHaveLength(1);
    expect(egress[0].name).toBe("shop-app-out-accept-p1-tcp:6379-to-cache-db");
    expect(egress[0].planned.description).toBe('shop app: may reach DatabaseSecurityGroup "cache" (cache-db) on what it admits from this tier');
    expect(shop.notes.filter((n) => n.startsWith("sg-shop-app: the component describes out-"))).toEqual([]);
    expect(egress[0].planned).toMatchObject({ ipProtocol: "tcp", portRange: "6379/6379", policy: "accept", priority: 1 });
    expect(model.groups.find((g) => g.id === "sg-shop-app")!.rules[egress[0].index]).toMatchObject({ type: "egress", sourceSecurityGroupId: "sg-cache-db", portRange: "6379/6379" });
    // Every rule of the estate claimed once.
    const claimed = found.components.flatMap((c) => c.rules.map((r) => `${r.groupId}#${r.index}`));
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.length).toBe(model.groups.reduce((n, g) => n + g.rules.length, 0));
    for (const c of found.components) expect(Object.keys(c.args)[0]).toBe(c.args.securityGroupId !== undefined ? "securityGroupId" : c.args.vpcId !== undefined ? "vpcId" : Object.keys(c.args)[0]);
    expect(found.components.find((c) => c.component === "OutboundWhitelist")!.args).toMatchObject({ securityGroupId: "sg-workers" });
    expect(accessDiff(model, declaredNetwork(model, found)).summary).toMatchObject({ opened: 0 });
  });

  test("the tier's egress to a database that admits it by reference: described in other words, said; missing, the database passes the tier's id instead, said", () => {
    const model = estate("readme");
    const app = model.groups.find((g) => g.id === "sg-shop-app")!;
    const at = app.rules.findIndex((r) => r.type === "egress" && r.sourceSecurityGroupId === "sg-cache-db");
    const reworded = structuredClone(model);
    reworded.groups.find((g) => g.id === "sg-shop-app")!.rules[at].description = "old words";
    const shop = recogniseComponents(reworded, new Set(), { tighten: true }).components.find((c) => c.name === "shop")!;
    expect(shop.notes).toContain('sg-shop-app: the component describes out-accept-p1-tcp:6379-to-sg-cache-db as "shop app: may reach DatabaseSecurityGroup \\"cache\\" (cache-db) on what it admits from this tier"');
    expect(shop.rules.some((r) => r.groupId === "sg-shop-app" && r.index === at)).toBe(true);
    const missing = structuredClone(model);
    missing.groups.find((g) => g.id === "sg-shop-app")!.rules.splice(at, 1);
    const found = recogniseComponents(missing, new Set(), { tighten: true });
    const cache = found.components.find((c) => c.name === "cache")!;
    expect(cache.args.sources).toEqual([{ securityGroupId: "sg-shop-app", name: "shop-app" }]);
    expect(cache.notes).toContain("sg-shop-app: passed by its id, so the library writes no egress rule for it; the component describes its rules with the id");
    expect([...found.residue]).toEqual([]);
  });
});
