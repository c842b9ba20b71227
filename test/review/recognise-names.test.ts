/**
 * Peer names and engines are read back from what the components wrote, through their own
 * description readers: an estate a component deployed adopts back into the same arguments,
 * names included, with zero residue and nothing it would write differently, even where one peer
 * is listed in two entries.
 */
import { GroupModel, NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { ComponentName, planComponent } from "../../lib/plans/component-plan";
import { recogniseComponents } from "../../lib/review/recognise";

interface Deployed {
  component: ComponentName;
  name: string;
  args: Record<string, unknown>;
}

/** A deploy-time value, as the planner sees an Output. */
const output = (value: string) => ({ __pulumiOutput: true, value });

/** Plans each component and exports what it deployed: created groups `sg-<name>-<label>`, deploy-time values as `resolve` gives them. */
function deployed(components: readonly Deployed[], resolve: (placeholderOrStandIn: string) => string = (x) => x): NetworkModel {
  const groups = new Map<string, GroupModel>([["sg-workers", { id: "sg-workers", name: "workers", vpcId: "vpc-1", type: "normal", innerAccessPolicy: "Accept", rules: [] }]]);
  for (const c of components) {
    const plan = planComponent(c.component, c.name, c.args as never);
    const real = (id: string) => {
      const created = plan.groups.find((g) => g.created && g.model.id === id);
      if (created) return `sg-${c.name}-${created.label}`;
      const ref = plan.refs.get(id);
      return typeof ref === "string" ? ref : resolve(id);
    };
    for (const g of plan.groups) {
      const id = real(g.model.id);
      const rules: RuleArgs[] = g.model.rules.map((r) => ({
        ...r,
        nicType: r.nicType ?? "intranet",
        ...(r.sourceSecurityGroupId ? { sourceSecurityGroupId: real(r.sourceSecurityGroupId) } : {}),
        ...(r.cidrIp && plan.deployTimeCidrs?.has(r.cidrIp) ? { cidrIp: resolve(r.cidrIp) } : {}),
      }));
      const existing = groups.get(id);
      if (existing) existing.rules.push(...rules);
      else groups.set(id, { ...g.model, id, vpcId: "vpc-1", rules });
    }
  }
  return { groups: [...groups.values()], instances: [], prefixLists: [] };
}

function adoptsBack(model: NetworkModel) {
  const found = recogniseComponents(model);
  expect([...found.residue]).toEqual([]);
  for (const c of found.components) expect({ name: c.name, notes: c.notes, refused: c.refused }).toEqual({ name: c.name, notes: [], refused: [] });
  return Object.fromEntries(found.components.map((c) => [`${c.component} ${c.name}`, c.args]));
}

describe("names read back through the components' readers", () => {
  test("enterprise tiers that share a vSwitch block adopt whole, the shared block named once", () => {
    const args = { vpcId: "vpc-1", groupType: "enterprise", web: { cidrs: ["10.1.1.0/24"] }, app: { cidrs: [{ cidr: "10.1.2.0/24", name: "shared" }] }, db: { cidrs: [{ cidr: "10.1.2.0/24", name: "shared" }] } };
    const found = adoptsBack(deployed([{ component: "ThreeTierSecurityGroups", name: "corp", args }]));
    expect(found).toEqual({
      "ThreeTierSecurityGroups corp": { vpcId: "vpc-1", web: { cidrs: ["10.1.1.0/24"] }, app: { cidrs: [{ cidr: "10.1.2.0/24", name: "shared" }] }, db: { cidrs: [{ cidr: "10.1.2.0/24", name: "shared" }] }, groupType: "enterprise" },
    });
  });

  test("one destination on tcp and on udp stays two whitelist entries, both named", () => {
    const destinations = [
      { cidr: "47.96.0.10", ports: [443], name: "mirror" },
      { cidr: "47.96.0.10", ports: [123], protocol: "udp", name: "mirror" },
    ];
    const found = adoptsBack(deployed([{ component: "OutboundWhitelist", name: "egress", args: { securityGroupId: "sg-workers", destinations } }]));
    expect(found["OutboundWhitelist egress"]).toEqual({
      securityGroupId: "sg-workers",
      destinations: [
        { cidr: "47.96.0.10/32", ports: [443], name: "mirror" },
        { cidr: "47.96.0.10/32", ports: [123], protocol: "udp", name: "mirror" },
      ],
    });
  });

  test("the web tier's default clients also opted in as an app source are kept, not refused", () => {
    const found = adoptsBack(deployed([{ component: "ThreeTierSecurityGroups", name: "lab", args: { vpcId: "vpc-1", app: { sources: ["0.0.0.0/0"] }, allowUnsafe: { reason: "open lab, ticket SEC-7" } } }]));
    expect(found["ThreeTierSecurityGroups lab"]).toEqual({ vpcId: "vpc-1", app: { sources: ["0.0.0.0/0"] }, allowUnsafe: { reason: "open lab, ticket SEC-7" } });
  });

  test("a database group serving its engine on another port keeps its engine", () => {
    const found = adoptsBack(deployed([{ component: "DatabaseSecurityGroup", name: "orders", args: { vpcId: "vpc-1", engine: "postgresql", ports: [5433], sources: ["10.0.2.0/24"] } }]));
    expect(found["DatabaseSecurityGroup orders"]).toEqual({ vpcId: "vpc-1", sources: ["10.0.2.0/24"], engine: "postgresql", ports: [5433] });
  });

  test("every form of entry comes back as it was given: named or not, literal or known only at deploy time", () => {
    const sources = [
      "10.0.5.0/24",
      { cidr: "10.0.6.0/24", name: "reports" },
      { cidr: output("10.0.7.0/24"), name: "batch" },
      { securityGroupId: "sg-bp1app", name: "app" },
      { securityGroupId: output("sg-bp1web"), name: "web" },
      { securityGroupId: "sg-bp1partner", ownerId: "1609982529920000" },
    ];
    const model = deployed([{ component: "DatabaseSecurityGroup", name: "sessions", args: { vpcId: "vpc-1", engine: "redis", sources } }], (x) => (x === "sg-source-web" ? "sg-bp1web" : x.startsWith("198.18.") ? "10.0.7.0/24" : x));
    model.groups.push(...["sg-bp1app", "sg-bp1web"].map((id) => ({ id, name: id, vpcId: "vpc-1", type: "normal" as const, innerAccessPolicy: "Accept" as const, rules: [] })));
    const found = adoptsBack(model);
    const args = found["DatabaseSecurityGroup sessions"];
    expect(args).toMatchObject({ vpcId: "vpc-1", engine: "redis" });
    expect(args.sources).toHaveLength(sources.length);
    expect(args.sources).toEqual(
      expect.arrayContaining([
        "10.0.5.0/24",
        { cidr: "10.0.6.0/24", name: "reports" },
        { cidr: { adoptedCidr: "10.0.7.0/24" }, name: "batch" },
        { securityGroupId: "sg-bp1app", name: "app" },
        { securityGroupId: { adoptedGroupId: "sg-bp1web" }, name: "web" },
        { securityGroupId: "sg-bp1partner", ownerId: "1609982529920000" },
      ]),
    );
  });
});
