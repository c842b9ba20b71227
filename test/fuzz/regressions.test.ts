/**
 * Counterexamples the fuzzing found, kept as plain tests.
 */
import * as pulumi from "@pulumi/pulumi";
import { evaluateFlow } from "../../lib/analysis";
import { RuleArgs } from "../../lib/model/rule";
import { planComponent, planNetwork } from "../../lib/plans";
import { worldCover } from "../../lib/plans/world-cover";
import { refusal } from "../sources/helpers";


describe("blocks that together cover every address", () => {
  test("refuses a database port open to every IPv6 address through its two halves", () => {
    const error = refusal(() => planComponent("DatabaseSecurityGroup", "shop", { vpcId: "vpc-1", sources: ["::/1", "8000::/1"] }));
    expect([error.code, error.field]).toEqual(["unsafe-plan", "args.sources"]);
    expect(error.message).toContain("would let every IPv6 address reach MySQL (tcp:3306)");
  });

  test("refuses SSH on the web tier open to every IPv4 address through 0.0.0.0/1 and 128.0.0.0/1", () => {
    const error = refusal(() => planComponent("ThreeTierSecurityGroups", "shop", { vpcId: "vpc-1", web: { ports: [22], sources: ["0.0.0.0/1", "128.0.0.0/1"] } }));
    expect([error.code, error.field]).toEqual(["unsafe-plan", "args.web"]);
  });

  test("refuses admin sources that cover every address across the web sources and the admin sources", () => {
    const args = { vpcId: "vpc-1", web: { ports: [22], sources: ["0.0.0.0/1"] }, admin: { sources: ["128.0.0.0/1"], maxPrefix: 1, tiers: ["web" as const] } };
    expect(refusal(() => planComponent("ThreeTierSecurityGroups", "shop", args)).code).toBe("unsafe-plan");
  });

  test("accepts them with the opt-in", () => {
    const plan = planComponent("DatabaseSecurityGroup", "shop", { vpcId: "vpc-1", sources: ["::/1", "8000::/1"], allowUnsafe: { reason: "public replica, ticket SEC-42" } });
    expect(plan.groups[0].model.rules).toHaveLength(4);
  });

  test("accepts halves that leave a gap, and halves a better-priority drop cuts", () => {
    const rule = (cidrIp: string, extra: Partial<RuleArgs> = {}): RuleArgs => ({ type: "ingress", ipProtocol: "tcp", portRange: "22/22", policy: "accept", priority: 1, cidrIp, ...extra });
    expect(worldCover([rule("0.0.0.0/1"), rule("128.0.0.0/2")], [22])).toBeUndefined();
    expect(worldCover([rule("0.0.0.0/1"), rule("128.0.0.0/1"), rule("203.0.113.0/24", { policy: "drop" })], [22])).toBeUndefined();
    expect(worldCover([rule("0.0.0.0/1"), rule("128.0.0.0/1"), rule("203.0.113.0/24", { policy: "drop", priority: 2 })], [22])).toEqual({ protocol: "tcp", port: 22, family: "ipv4", blocks: ["0.0.0.0/1", "128.0.0.0/1"] });
    expect(worldCover([rule("0.0.0.0/1", { ipProtocol: "all", portRange: "-1/-1" }), rule("128.0.0.0/1", { portRange: "1/1000" })], [22, 3306])).toEqual({ protocol: "tcp", port: 22, family: "ipv4", blocks: ["0.0.0.0/1", "128.0.0.0/1"] });
  });
});

describe("planNetwork", () => {
  const plan = () =>
    planComponent("InterconnectGroup", "shop", {
      method: "single-ip",
      ports: [22],
      members: [
        { name: "a", securityGroupId: "sg-a", privateIp: "10.0.0.1" },
        { name: "b", securityGroupId: "sg-0", privateIp: "10.0.0.2", accountId: "1609982529920000" },
      ],
    });

  test("leaves out a member's group of another account, so the evaluator can read the network", () => {
    const network = planNetwork(plan());
    expect(network.instances).toEqual([{ id: "a", privateIp: "10.0.0.1", groups: ["sg-a"] }]);
    expect(() => evaluateFlow(network, { from: "10.0.0.2", to: "a", protocol: "tcp", port: 22 })).not.toThrow();
  });
});

describe("InterconnectGroup single-ip", () => {
  test("writes intranet rules, so members reach each other through a classic group too", () => {
    const p = planComponent("InterconnectGroup", "shop", {
      method: "single-ip",
      ports: [22],
      members: [
        { name: "a", securityGroupId: "sg-a", privateIp: "10.0.0.1", groupType: "enterprise" },
        { name: "b", securityGroupId: "sg-b", privateIp: "10.0.0.2" },
      ],
    });
    expect(p.groups.flatMap((g) => g.model.rules.map((r) => [g.model.id, r.type, r.nicType]))).toEqual([
      ["sg-a", "ingress", "intranet"],
      ["sg-a", "egress", "intranet"],
      ["sg-b", "ingress", "intranet"],
    ]);
    const network = planNetwork(p);
    expect(evaluateFlow(network, { from: "a", to: "b", protocol: "tcp", port: 22 }).allowed).toBe(true);
    expect(evaluateFlow(network, { from: "b", to: "a", protocol: "tcp", port: 22 }).allowed).toBe(true);
  });
});

describe("refusals quote values they can render", () => {
  test("a deploy-time group refused in an enterprise database group is quoted as <group id>, not as an Output's toJSON text", () => {
    const error = refusal(() => planComponent("DatabaseSecurityGroup", "shop", { vpcId: "vpc-1", groupType: "enterprise", sources: [{ securityGroupId: pulumi.output("sg-a"), name: "app" }] }));
    expect(error.code).toBe("enterprise-group-reference");
    expect(error.message).toContain('(got "<group id>")');
  });
});
