import { drop, egress, flagged, ingress, run } from "./helpers";
import { RuleArgs } from "../../lib/model/rule";

describe("public-database-port", () => {
  test.each([3306, 5432, 1433, 1521, 6379, 27017])("flags tcp %i from 0.0.0.0/0", (port) => {
    expect(flagged("public-database-port", [ingress({ portRange: `${port}/${port}` })])).toEqual([0]);
  });

  test.each<[string, RuleArgs]>([
    ["a range 3000/4000 containing 3306", ingress({ portRange: "3000/4000" })],
    ["redis from ::/0", ingress({ portRange: "6379/6379", ipv6CidrIp: "::/0" })],
    ["redis from 0:0:0:0:0:0:0:0/0", ingress({ portRange: "6379/6379", ipv6CidrIp: "0:0:0:0:0:0:0:0/0" })],
    ["udp 1433 from anywhere", ingress({ ipProtocol: "udp", portRange: "1433/1433" })],
    ["all protocols from anywhere", ingress({ ipProtocol: "all", portRange: "-1/-1" })],
  ])("flags %s", (_, rule) => {
    expect(flagged("public-database-port", [rule])).toEqual([0]);
  });

  test.each<[string, RuleArgs]>([
    ["MySQL from the app tier's group", ingress({ portRange: "3306/3306", sourceSecurityGroupId: "sg-app" })],
    ["MySQL from the app vSwitch", ingress({ portRange: "3306/3306", cidrIp: "10.0.2.0/24" })],
    ["a drop of MySQL from anywhere", drop({ portRange: "3306/3306" })],
    ["egress to MySQL anywhere", egress({ portRange: "3306/3306" })],
    ["SSH from anywhere", ingress()],
    ["MySQL from a prefix list", ingress({ portRange: "3306/3306", prefixListId: "pl-apps" })],
  ])("leaves alone %s", (_, rule) => {
    expect(flagged("public-database-port", [rule])).toEqual([]);
  });

  test("the seed's database layout (allow the app group, lowest-priority deny from anywhere) passes", () => {
    const rules = [ingress({ portRange: "3306/3306", sourceSecurityGroupId: "sg-app", priority: 1 }), drop({ portRange: "3306/3306", priority: 100 })];
    expect(flagged("public-database-port", rules)).toEqual([]);
  });

  test("a better-priority drop of the database port excuses an accept of a wider range", () => {
    expect(flagged("public-database-port", [ingress({ portRange: "3000/4000", priority: 2 }), drop({ portRange: "3306/3306", priority: 1 })])).toEqual([]);
  });

  test("takes its ports from the options", () => {
    expect(flagged("public-database-port", [ingress({ portRange: "3306/3306" }), ingress({ portRange: "9042/9042" })], { databasePorts: [9042] })).toEqual([1]);
  });

  test("reports high severity and the protocol-aware Config rule", () => {
    const [f] = run("public-database-port", [ingress({ portRange: "5432/5432" })]);
    expect(f).toMatchObject({ severity: "high", ruleIndex: 0, configRule: "ecs-security-group-risky-ports-check-with-protocol" });
    expect(f.message).toBe("ingress accept tcp:5432 from 0.0.0.0/0 (priority 1) opens database port tcp:5432 to every address.");
  });
});
