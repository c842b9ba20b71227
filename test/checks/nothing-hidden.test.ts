import { checkNetwork } from "../../lib/checks/check-network";
import { groupNetwork, readGroupNetwork } from "../../lib/model/group-network";
import { GroupModel, NetworkModel, inspectNetworkOnce } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { drop, ingress } from "./helpers";

const net = (group: Omit<GroupModel, "id">): NetworkModel => ({ groups: [{ id: "sg-old", ...group }] });

describe("a group that states no network is read from its rules", () => {
  const internetSsh = ingress({ nicType: "internet" });

  test("an internet rule means classic; a stated network or vpcId wins; nothing said is VPC", () => {
    expect(readGroupNetwork({ rules: [ingress({ portRange: "80/80" }), internetSsh] } as GroupModel)).toEqual({ network: "classic", by: "rule", ruleIndex: 1 });
    expect(groupNetwork({ vpcId: "vpc-1", rules: [internetSsh] } as GroupModel)).toBe("vpc");
    expect(groupNetwork({ network: "vpc", rules: [internetSsh] } as GroupModel)).toBe("vpc");
    expect(groupNetwork({ rules: [ingress(), ingress({ nicType: "intranet" })] } as GroupModel)).toBe("vpc");
    expect(readGroupNetwork({ vpcId: "" } as GroupModel)).toEqual({ network: "classic", by: "vpcId" });
  });

  test("checkNetwork reports the world-open SSH as public-admin-port, saying why the group is classic", () => {
    const findings = checkNetwork(net({ rules: [internetSsh] }));
    expect(findings.map((f) => [f.check, f.ruleIndex, f.alsoFails])).toEqual([["public-admin-port", 0, ["world-open-non-web"]]]);
    expect(findings[0].message).toMatch(/\(sg-old read as classic: rule 0 is an internet rule\.\)$/);
  });

  test("validation keeps the reading when the internet rule is refused for another reason", () => {
    const model = net({ rules: [{ ...internetSsh, portRange: "22/x" }, ingress({ sourceSecurityGroupId: "sg-old", portRange: "80/80" })] });
    const valid = inspectNetworkOnce(model).model;
    expect(valid.groups[0].rules).toHaveLength(1);
    expect(groupNetwork(valid.groups[0])).toBe("classic");
    expect(checkNetwork(model).find((f) => f.check === "invalid-rule")?.message).toMatch(/read as classic/);
  });
});

describe("a refused rule is never the only trace of what it opens", () => {
  const vpc = (rules: RuleArgs[]): NetworkModel => ({ groups: [{ id: "sg-test", vpcId: "vpc-1", rules }] });

  test("an internet world-open SSH rule in a VPC group: invalid-rule, also failing public-admin-port and world-open-non-web", () => {
    const findings = checkNetwork(vpc([ingress({ nicType: "internet" })]));
    expect(findings.map((f) => [f.check, f.alsoFails])).toEqual([["invalid-rule", ["public-admin-port", "world-open-non-web"]]]);
    expect(findings[0].message).toMatch(/If the API took it \(as ingress accept tcp:22 from 0\.0\.0\.0\/0 \(priority 1\)\), it would fail public-admin-port and world-open-non-web\.$/);
  });

  test("a world-open database port with priority 0 and every port of an upper-case TCP rule are named too", () => {
    const [db, all] = checkNetwork(vpc([ingress({ portRange: "3306/3306", priority: 0 }), ingress({ ipProtocol: "TCP" as "tcp", portRange: "1/65535" })]));
    expect(db.alsoFails).toEqual(["public-database-port", "world-open-non-web"]);
    expect(all.alsoFails).toEqual(["public-admin-port", "public-database-port", "all-ports-open", "world-open-non-web"]);
  });

  test("without merging, the message still names the exposure", () => {
    const findings = checkNetwork(vpc([ingress({ nicType: "internet" })]), { consolidate: false });
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toMatch(/it would fail public-admin-port/);
  });

  test("the group's drops count: a drop of the port at the same priority leaves nothing to name", () => {
    const [f] = checkNetwork(vpc([ingress({ nicType: "internet" }), drop()]));
    expect(f.check).toBe("invalid-rule");
    expect(f.alsoFails).toBeUndefined();
  });

  test("only the checks the run enables are listed", () => {
    const [f] = checkNetwork(vpc([ingress({ nicType: "internet" })]), { checks: ["invalid-rule", "world-open-non-web"] });
    expect(f.alsoFails).toEqual(["world-open-non-web"]);
  });
});
