/**
 * Interconnects in an export: made by hand, without the library's descriptions, they are
 * recognised by their shape (groups that admit each other) and verified by the planner, members
 * named after their groups; a dedicated group's members find their own groups in the instances.
 */
import { GroupModel, NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { recogniseComponents } from "../../lib/review/recognise";

const admit = (peer: Partial<RuleArgs>, port = 8080): RuleArgs => ({ type: "ingress", ipProtocol: "tcp", portRange: `${port}/${port}`, policy: "accept", priority: 1, nicType: "intranet", ...peer });
const group = (id: string, name: string, rules: RuleArgs[]): GroupModel => ({ id, name, vpcId: "vpc-1", type: "normal", innerAccessPolicy: "Accept", rules });
const network = (groups: GroupModel[]): NetworkModel => ({ groups, instances: [], prefixLists: [] });

describe("interconnects in an export", () => {
  test("two groups admitting each other's /32 on 8080 are a single-ip pair, members named after their groups", () => {
    const found = recogniseComponents(network([group("sg-app1", "app-1", [admit({ cidrIp: "10.0.1.12/32" })]), group("sg-app2", "app-2", [admit({ cidrIp: "10.0.1.11/32" })])]));
    expect(found.components.map((c) => `${c.component} ${c.name}`)).toEqual(["InterconnectGroup app-1-app-2"]);
    const [c] = found.components;
    expect(c.args).toEqual({
      method: "single-ip",
      ports: [8080],
      members: [
        { name: "app-1", securityGroupId: { adoptedGroupId: "sg-app1" }, privateIp: "10.0.1.11" },
        { name: "app-2", securityGroupId: { adoptedGroupId: "sg-app2" }, privateIp: "10.0.1.12" },
      ],
    });
    expect(c.intoGroups).toEqual(["sg-app1", "sg-app2"]);
    expect(c.rules.map((r) => r.groupId).sort()).toEqual(["sg-app1", "sg-app2"]);
    expect([...found.residue]).toEqual([]);
    // Only the descriptions differ, and update in place.
    expect(c.notes.every((n) => n.includes("the component describes"))).toBe(true);
  });

  test("two groups admitting each other's group on the same port are a group-authorization pair", () => {
    const found = recogniseComponents(network([group("sg-a", "left", [admit({ sourceSecurityGroupId: "sg-b" }, 5432)]), group("sg-b", "right", [admit({ sourceSecurityGroupId: "sg-a" }, 5432)])]));
    expect(found.components.map((c) => [c.component, c.name, c.args.method, c.args.ports])).toEqual([["InterconnectGroup", "left-right", "group-authorization", [5432]]]);
    expect([...found.residue]).toEqual([]);
  });

  test("a dedicated group's members take their own groups from the export's instances", () => {
    const mesh: GroupModel = {
      ...group("sg-mesh", "mesh-interconnect", []),
      description: "mesh: dedicated-group interconnect of a, b; members reach each other on every protocol and port (InterconnectGroup, managed by alicloud-secgroups)",
      tags: { component: "InterconnectGroup", role: "interconnect" },
    };
    const model: NetworkModel = {
      ...network([mesh, group("sg-a", "host-a", []), group("sg-b", "host-b", [])]),
      instances: [
        { id: "i-a", name: "a", privateIp: "10.0.1.11", groups: ["sg-a", "sg-mesh"] },
        { id: "i-b", name: "b", privateIp: "10.0.1.12", groups: ["sg-b", "sg-mesh"] },
      ],
    };
    const found = recogniseComponents(model);
    expect(found.components.map((c) => [c.component, c.name, c.created])).toEqual([["InterconnectGroup", "mesh", { interconnect: "sg-mesh" }]]);
    expect(found.components[0].args).toEqual({
      vpcId: "vpc-1",
      method: "dedicated-group",
      members: [
        { name: "a", securityGroupId: { adoptedGroupId: "sg-a" } },
        { name: "b", securityGroupId: { adoptedGroupId: "sg-b" } },
      ],
    });
  });

  test("a one-way admission, or a public address, is no interconnect", () => {
    const oneWay = recogniseComponents(network([group("sg-a", "left", [admit({ cidrIp: "10.0.1.12/32" })]), group("sg-b", "right", [])]));
    expect(oneWay.components).toEqual([]);
    const publicIps = recogniseComponents(network([group("sg-a", "left", [admit({ cidrIp: "203.0.113.12/32" })]), group("sg-b", "right", [admit({ cidrIp: "203.0.113.11/32" })])]));
    expect(publicIps.components).toEqual([]);
  });
});
