/**
 * An interconnect over a port range says the whole range in its rules' descriptions (it said the
 * first port), and the description reads back to the same range.
 */
import { planComponent } from "../../lib/plans";
import { interconnectWhy, readInterconnectWhy } from "../../lib/plans/interconnect/describe";

const descriptions = (plan: { groups: { model: { rules: { description?: string; portRange?: string }[] } }[] }) => plan.groups.flatMap((g) => g.model.rules.map((r) => [r.portRange, r.description]));

describe("an interconnect over a port range", () => {
  test.each(["dedicated-group", "group-authorization"] as const)("%s: each rule names tcp:30000-30100, not its first port", (method) => {
    const plan = planComponent("InterconnectGroup", "mesh", { method, ...(method === "dedicated-group" ? { vpcId: "vpc-1" } : {}), ports: ["tcp:30000-30100"], members: [{ name: "a", securityGroupId: "sg-a" }, { name: "b", securityGroupId: "sg-b" }] });
    const rules = descriptions(plan as never);
    expect(rules.length).toBeGreaterThan(0);
    for (const [range, text] of rules) {
      expect(range).toBe("30000/30100");
      expect(text).toMatch(/ on tcp:30000-30100$/);
    }
  });

  test("a single port still reads as its service, and both read back", () => {
    for (const traffic of [{ protocol: "tcp", port: 30000, to: 30100 }, { protocol: "udp", port: 5000, to: 5001 }, { protocol: "tcp", port: 3306 }, { protocol: "tcp", port: 8080 }, { protocol: "icmp" }, { all: true as const }]) {
      const text = interconnectWhy({ kind: "shared", traffic });
      expect(readInterconnectWhy(text)).toEqual({ kind: "shared", traffic });
    }
    expect(interconnectWhy({ kind: "shared", traffic: { protocol: "tcp", port: 3306 } })).toBe("interconnect members reach each other on MySQL (tcp:3306)");
  });
});
