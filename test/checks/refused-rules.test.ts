/**
 * What a user of checkNetwork sees of a rule, group or instance the ECS API refuses: an
 * `invalid-rule` finding with the validation message, and for a refused rule what it would
 * open if the API took it (its reading), named in the message and listed in `alsoFails`.
 */
import { checkNetwork } from "../../lib/checks/check-network";
import { NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { ingress } from "./helpers";

const FIX = "Correct the rule as the message says, or remove it: the API refuses it as written.";
const vpc = (rules: unknown[], group: object = {}): NetworkModel => ({ groups: [{ id: "sg-test", vpcId: "vpc-1", rules: rules as RuleArgs[], ...group }] });
const only = (rule: unknown, group: object = {}) => {
  const findings = checkNetwork(vpc([rule], group));
  expect(findings).toHaveLength(1);
  expect(findings[0]).toMatchObject({ check: "invalid-rule", severity: "high", groupId: "sg-test", ruleIndex: 0, fix: FIX });
  return findings[0];
};

describe("a refused rule is judged as the API would read it if it took it", () => {
  test("a reversed port range is read in order", () => {
    const f = only(ingress({ portRange: "200/1" }));
    expect(f.message).toBe('alicloud-secgroups: rules[0].portRange starts after it ends (got "200/1"). Write the smaller port first: "1/200". If the API took it (as ingress accept tcp:1-200 from 0.0.0.0/0 (priority 1)), it would fail public-admin-port and world-open-non-web.');
    expect(f.alsoFails).toEqual(["public-admin-port", "world-open-non-web"]);
  });

  test("a reversed range of longer numbers is read in order too", () => {
    const f = only(ingress({ portRange: "3400/3000" }));
    expect(f.message).toMatch(/\(as ingress accept tcp:3000-3400 from 0\.0\.0\.0\/0 \(priority 1\)\), it would fail public-admin-port, public-database-port and world-open-non-web\.$/);
  });

  test("what the group's valid rules fail is not put on a refused rule", () => {
    const findings = checkNetwork(vpc([ingress(), ingress({ portRange: "200/100", cidrIp: "203.0.113.7" })]));
    expect(findings.map((f) => [f.check, f.ruleIndex, f.alsoFails])).toEqual([
      ["invalid-rule", 1, undefined],
      ["public-admin-port", 0, ["world-open-non-web"]],
    ]);
  });

  test("a port range on a portless protocol is dropped; one check is named alone", () => {
    const f = only(ingress({ ipProtocol: "icmp", portRange: "22/22" }));
    expect(f.message).toMatch(/\. If the API took it \(as ingress accept icmp from 0\.0\.0\.0\/0 \(priority 1\)\), it would fail world-open-non-web\.$/);
    expect(f.alsoFails).toEqual(["world-open-non-web"]);
  });

  test("several refused fields at once: each spelling read in lower case, each defaulted field left to its default", () => {
    const rule = { ...ingress({ portRange: "3306/3306" }), type: "INGRESS", policy: "Accept", ipProtocol: "TCP", nicType: "Intranet", priority: 0, description: 5, sourceGroupOwnerId: "123" };
    const f = only(rule);
    expect(f.message).toMatch(/ If the API took it \(as ingress accept tcp:3306 from 0\.0\.0\.0\/0 \(priority 1\)\), it would fail public-database-port and world-open-non-web\.$/);
    expect(f.alsoFails).toEqual(["public-database-port", "world-open-non-web"]);
  });

  test("four checks are named as a list, worst first", () => {
    const f = only(ingress({ portRange: "1/65535", nicType: "internet" }));
    expect(f.message).toMatch(/, it would fail public-admin-port, public-database-port, all-ports-open and world-open-non-web\.$/);
    expect(f.alsoFails).toEqual(["public-admin-port", "public-database-port", "all-ports-open", "world-open-non-web"]);
  });

  test("a private block is judged too (broad-intranet-cidr)", () => {
    const f = only(ingress({ portRange: "10/5", cidrIp: "10.0.0.0/8" }));
    expect(f.message).toMatch(/\(as ingress accept tcp:5-10 from 10\.0\.0\.0\/8 \(priority 1\)\), it would fail broad-intranet-cidr\.$/);
    expect(f.alsoFails).toEqual(["broad-intranet-cidr"]);
  });

  test.each<[string, unknown]>([
    ["an unreadable tcp port range", ingress({ portRange: "22/x" })],
    ["an unreadable udp port range", ingress({ ipProtocol: "udp", portRange: "x" })],
    ["no peer", ingress({ cidrIp: "" })],
    ["two peers", ingress({ cidrIp: "0.0.0.0/0", ipv6CidrIp: "::/0" })],
    ["something that is not a rule", null],
    ["a list", [ingress()]],
  ])("no reading, nothing named: %s", (_, rule) => {
    const f = only(rule);
    expect(f.message).not.toContain("If the API took it");
    expect(f.alsoFails).toBeUndefined();
  });

  test("a reading that opens nothing the exposure checks judge names nothing", () => {
    const f = only(ingress({ portRange: "200/100", cidrIp: "203.0.113.7" }));
    expect(f.message).not.toContain("If the API took it");
    expect(f.alsoFails).toBeUndefined();
  });

  test("a prefix list the group's valid rules describe is known to the reading", () => {
    const lists = [{ id: "pl-any", cidrs: ["0.0.0.0/0"] }];
    const refused = ingress({ prefixListId: "pl-any", portRange: "22/1" });
    const withList = checkNetwork({ ...vpc([ingress({ prefixListId: "pl-any", portRange: "80/80" }), refused]), prefixLists: lists });
    expect(withList.find((f) => f.ruleIndex === 1)?.alsoFails).toEqual(["public-admin-port", "world-open-non-web"]);
    // A list only the refused rule names stays unknown.
    expect(checkNetwork({ ...vpc([refused]), prefixLists: lists })[0].alsoFails).toBeUndefined();
  });

  test("a group without an id is found by position, and its refused rule still named", () => {
    const [f] = checkNetwork({ groups: [{ vpcId: "vpc-1", rules: [ingress({ nicType: "internet" })] }] } as unknown as NetworkModel);
    expect(f).toMatchObject({ check: "invalid-rule", groupId: "groups[0]", alsoFails: ["public-admin-port", "world-open-non-web"] });
  });

  test("alsoFails follows the run's severities, then the registry's order", () => {
    const [f] = checkNetwork(vpc([ingress({ nicType: "internet" })]), { severities: { "public-admin-port": "low" } });
    expect(f.alsoFails).toEqual(["world-open-non-web", "public-admin-port"]);
    const [g] = checkNetwork(vpc([ingress({ nicType: "internet", portRange: "1/65535" })]), { severities: { "world-open-non-web": "high", "public-admin-port": "medium" } });
    expect(g.alsoFails).toEqual(["public-database-port", "all-ports-open", "world-open-non-web", "public-admin-port"]);
  });
});

describe("refusals between groups and instances", () => {
  const network = {
    groups: [
      { id: "sg-a", vpcId: "vpc-1", rules: [ingress({ sourceSecurityGroupId: "sg-e" })] },
      { id: "sg-e", vpcId: "vpc-1", type: "enterprise", rules: [] },
      { id: "sg-c", vpcId: "vpc-2", rules: [ingress({ sourceSecurityGroupId: "sg-a" })] },
      { id: "sg-a", vpcId: "vpc-1", rules: [] },
    ],
    instances: [
      { id: "i-1", privateIp: "10.0.0.1", groups: ["sg-c", "sg-e"] },
      { id: "i-2", privateIp: "x", groups: ["sg-a"] },
      { id: "i-3", privateIp: "10.0.0.3", groups: [] },
      { id: "i-4", privateIp: "10.0.0.4", groups: [7] },
    ],
  } as unknown as NetworkModel;
  const groupFix = "Correct it as the message says: the API refuses it as written.";

  test("each is an invalid-rule finding on the group concerned (an instance's: its first group), with the rule or the instance", () => {
    const findings = checkNetwork(network, { checks: ["invalid-rule"] });
    expect(findings.map((f) => [f.groupId, f.ruleIndex, f.instanceId, f.fix === FIX ? "rule fix" : f.fix === groupFix ? "fix" : f.fix])).toEqual([
      ["sg-a", undefined, undefined, "fix"],
      ["sg-a", 0, undefined, "rule fix"],
      ["sg-c", 0, undefined, "rule fix"],
      ["sg-c", undefined, "i-1", "fix"],
      ["sg-a", undefined, "i-2", "fix"],
      ["", undefined, "i-3", "fix"],
      ["", undefined, "i-4", "fix"],
    ]);
    expect(findings.every((f) => f.check === "invalid-rule" && f.severity === "high")).toBe(true);
    expect(findings[0].message).toBe('alicloud-secgroups: groups[3].id is used by two groups (got "sg-a"). Give each group its own id.');
    expect(findings[3].message).toMatch(/instances\[0\]\.groups of instance "i-1" mix basic and enterprise groups/);
  });
});
