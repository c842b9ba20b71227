/**
 * What each component's constructor registers, and with which options: the component under its
 * type with the caller's options (parent, aliases), every child parented to it and named after
 * it, rules replaced delete-first, groups not, the outputs naming the created groups; and
 * acknowledgements in code reaching the capture.
 */
import * as pulumi from "@pulumi/pulumi";
import { DatabaseSecurityGroup, InterconnectGroup, OutboundWhitelist, ThreeTierSecurityGroups, WorkbenchAccess, acknowledge } from "../../lib/components";
import { CapturedResource, captureStack } from "../../lib/testing/capture-network";
import { groupResources, ruleResources } from "./rule-table";

const PREFIX = "urn:pulumi:dev::alicloud-secgroups::";
const type = (component: string) => `alicloud-secgroups:index:${component}`;

/** A program's own component, parent of the library's. */
class App extends pulumi.ComponentResource {
  constructor(name: string) {
    super("acme:index:App", name, {});
  }
}

type Built = { outputs: Record<string, pulumi.Input<unknown> | undefined> };
/** Per component: how to build it, the groups it creates, each output's group, and the group its rules go in when it is given one. */
const builders: [string, (name: string, opts: pulumi.ComponentResourceOptions) => Built, { groups: string[]; outputs: Record<string, string>; ruleGroupInput: string | null }][] = [
  [
    "ThreeTierSecurityGroups",
    (n, o) => {
      const t = new ThreeTierSecurityGroups(n, { vpcId: "vpc-1", admin: { sources: ["203.0.113.7"] }, egress: "restricted" }, o);
      return { outputs: { web: t.webId, app: t.appId, db: t.dbId } };
    },
    { groups: ["shop-app", "shop-db", "shop-web"], outputs: { web: "shop-web", app: "shop-app", db: "shop-db" }, ruleGroupInput: null },
  ],
  [
    "DatabaseSecurityGroup",
    (n, o) => {
      const d = new DatabaseSecurityGroup(n, { vpcId: "vpc-1", engine: "redis", sources: ["10.0.5.0/24"] }, o);
      return { outputs: { db: d.groupId } };
    },
    { groups: ["shop-db"], outputs: { db: "shop-db" }, ruleGroupInput: null },
  ],
  [
    "InterconnectGroup",
    (n, o) => {
      const i = new InterconnectGroup(n, { vpcId: "vpc-1", method: "dedicated-group", members: [{ name: "a" }, { name: "b" }] }, o);
      return { outputs: { group: i.groupId } };
    },
    { groups: ["shop-interconnect"], outputs: { group: "shop-interconnect" }, ruleGroupInput: null },
  ],
  [
    "WorkbenchAccess",
    (n, o) => {
      new WorkbenchAccess(n, { securityGroupId: "sg-ops", via: "both", adminSources: ["203.0.113.7"] }, o);
      return { outputs: {} };
    },
    { groups: [], outputs: {}, ruleGroupInput: "sg-ops" },
  ],
  [
    "OutboundWhitelist",
    (n, o) => {
      new OutboundWhitelist(n, { securityGroupId: "sg-ops", destinations: [{ cidr: "47.96.0.10", ports: [80] }] }, o);
      return { outputs: {} };
    },
    { groups: [], outputs: {}, ruleGroupInput: "sg-ops" },
  ],
];

describe.each(builders)("%s's constructor", (component, build, expected) => {
  const run = (opts: (app: App) => pulumi.ComponentResourceOptions) =>
    captureStack(() => {
      const app = new App("app");
      return build("shop", opts(app)).outputs;
    });

  test("registers the component under its type, with the parent and aliases it was given", async () => {
    const c = await run((app) => ({ parent: app, aliases: [{ name: "storefront" }] }));
    const self = c.resources.filter((r) => r.type === type(component));
    expect(self.map((r) => ({ name: r.name, custom: r.custom, parent: r.parent, aliases: r.aliases }))).toEqual([{ name: "shop", custom: false, parent: `${PREFIX}acme:index:App::app`, aliases: ["storefront"] }]);
  });

  test("parents every child to it, names each after it, replaces rules delete-first and groups in place", async () => {
    const c = await run((app) => ({ parent: app }));
    const urn = `${PREFIX}acme:index:App$${type(component)}::shop`;
    const children = c.resources.filter((r) => r.type !== type(component) && r.type !== "acme:index:App");
    expect(children.length).toBeGreaterThan(0);
    for (const child of children) expect({ name: child.name, parent: child.parent }).toEqual({ name: expect.stringMatching(/^shop(-|$)/), parent: urn });
    expect(groupResources(c).map((g) => g.name).sort()).toEqual(expected.groups);
    for (const g of groupResources(c)) expect(g.deleteBeforeReplace).toBeUndefined();
    const rules = ruleResources(c);
    for (const r of rules) expect(r.deleteBeforeReplace).toBe(true);
    // Each rule is in a group the component created, or in the group it was given.
    const created = new Set(groupResources(c).map((g) => g.id));
    for (const r of rules) expect(expected.ruleGroupInput ?? [...created].find((id) => id === r.inputs.securityGroupId)).toBe(r.inputs.securityGroupId);
  });

  test("its outputs are the ids of the groups it created", async () => {
    const c = await run(() => ({}));
    const ids = Object.fromEntries(groupResources(c).map((g: CapturedResource) => [g.name, g.id]));
    expect(c.outputs).toEqual(Object.fromEntries(Object.entries(expected.outputs).map(([key, group]) => [key, ids[group]])));
  });
});

describe("acknowledge", () => {
  test("an acknowledgement on a component reaches the capture as one exemption per rule it created, with the reason", async () => {
    const c = await captureStack(() => {
      const vpn = new OutboundWhitelist("vpn", { securityGroupId: "sg-ops", destinations: [{ cidr: "47.96.0.10", ports: [80] }] });
      acknowledge(vpn, "world-open-non-web", "the VPN endpoint");
    });
    expect(c.exemptions.map((e) => e.rule).sort()).toEqual(ruleResources(c).map((r) => r.name).sort());
    for (const e of c.exemptions) expect(e).toEqual({ check: "world-open-non-web", rule: e.rule, reason: "the VPN endpoint", where: "acknowledge(vpn, world-open-non-web)" });
  });

  test("an acknowledgement on a rule resource names that rule", async () => {
    const c = await captureStack(() => {
      const w = new WorkbenchAccess("ops", { securityGroupId: "sg-ops" });
      acknowledge(w.rules[0], "public-admin-port", "Workbench only");
    });
    expect(c.exemptions).toEqual([expect.objectContaining({ check: "public-admin-port", rule: "ops-in-accept-p1-tcp:22-from-100.104.0.0/16", reason: "Workbench only" })]);
  });

  test("refuses an unknown check and an empty reason, and never acknowledges an invalid rule", async () => {
    const codes: string[] = [];
    await captureStack(() => {
      const w = new WorkbenchAccess("ops", { securityGroupId: "sg-ops" });
      for (const [check, reason] of [["public-admin-prot", "typo"], ["public-admin-port", " "], ["invalid-rule", "forged"]]) {
        try {
          acknowledge(w, check as never, reason);
        } catch (e) {
          codes.push((e as { code: string }).code);
        }
      }
    });
    expect(codes).toEqual(["invalid-exemption", "invalid-exemption", "invalid-exemption"]);
  });
});

describe("connections of a component's group", () => {
  test("allowTo a block from a restricted tier writes that tier's egress accept, as a child of the tiers", async () => {
    const c = await captureStack(() => {
      const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", egress: "restricted" });
      tiers.connections("app").allowTo("10.0.9.0/24", 6379);
    });
    const egress = ruleResources(c).filter((r) => r.inputs.type === "egress" && r.inputs.cidrIp === "10.0.9.0/24");
    expect(egress.map((r) => ({ name: r.name, portRange: r.inputs.portRange, group: r.inputs.securityGroupId, parent: r.parent, deleteBeforeReplace: r.deleteBeforeReplace }))).toEqual([
      { name: "shop-app-out-accept-p1-tcp:6379-to-10.0.9.0/24", portRange: "6379/6379", group: "sg-shop-app", parent: `${PREFIX}${type("ThreeTierSecurityGroups")}::shop`, deleteBeforeReplace: true },
    ]);
  });

  test("allowFrom a block writes the tier's ingress accept on each port, as a child of the tiers, and the guard still refuses the world", async () => {
    const c = await captureStack(() => {
      const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1" });
      tiers.connections("app").allowFrom("10.0.7.0/24", 9000, "udp:9001");
    });
    const added = ruleResources(c).filter((r) => r.inputs.cidrIp === "10.0.7.0/24");
    expect(added.map((r) => ({ name: r.name, type: r.inputs.type, ipProtocol: r.inputs.ipProtocol, portRange: r.inputs.portRange, group: r.inputs.securityGroupId, parent: r.parent, deleteBeforeReplace: r.deleteBeforeReplace }))).toEqual([
      { name: "shop-app-in-accept-p1-tcp:9000-from-10.0.7.0/24", type: "ingress", ipProtocol: "tcp", portRange: "9000/9000", group: "sg-shop-app", parent: `${PREFIX}${type("ThreeTierSecurityGroups")}::shop`, deleteBeforeReplace: true },
      { name: "shop-app-in-accept-p1-udp:9001-from-10.0.7.0/24", type: "ingress", ipProtocol: "udp", portRange: "9001/9001", group: "sg-shop-app", parent: `${PREFIX}${type("ThreeTierSecurityGroups")}::shop`, deleteBeforeReplace: true },
    ]);
    await expect(
      captureStack(() => {
        const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1" });
        tiers.connections("app").allowFrom("0.0.0.0/0", 9000);
      }),
    ).rejects.toThrow(/ThreeTierSecurityGroups "shop": connections\("app"\)\.allowFrom\.peer/);
  });

  test("allowTo a block from a tier whose egress is open writes nothing: the tier already reaches it", async () => {
    const count = async (allow: boolean) =>
      ruleResources(
        await captureStack(() => {
          const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1" });
          if (allow) tiers.connections("app").allowTo("10.0.9.0/24", 6379);
        }),
      ).length;
    expect(await count(true)).toBe(await count(false));
  });

  test("allowTo refuses a bad port, naming the component and the verb", async () => {
    await expect(
      captureStack(() => {
        const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", egress: "restricted" });
        tiers.connections("app").allowTo("10.0.9.0/24", 70000);
      }),
    ).rejects.toThrow(/ThreeTierSecurityGroups "shop": connections\("app"\)\.allowTo\.ports/);
  });
});
