/**
 * The exposure checks' own findings (unmerged), whole: message, fix and Config rule; and the
 * fields every finding carries, and only those.
 */
import { checkNetwork } from "../../lib/checks/check-network";
import { NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { drop, ingress, run } from "./helpers";

const all = (o: Partial<RuleArgs> = {}) => ingress({ ipProtocol: "all", portRange: "-1/-1", ...o });
const ALL_FIX = "Authorise only the protocols and ports the service listens on (one rule each), or authorise the peer's security group if it needs everything.";

describe("all-ports-open, alone", () => {
  test.each<[string, RuleArgs, string, string]>([
    ["every protocol", all({ cidrIp: "10.0.0.7" }), "ingress accept all from 10.0.0.7/32 (priority 1) opens every protocol and port.", "ecs-security-group-not-open-all-protocol"],
    ["every tcp port", ingress({ portRange: "1/65535", cidrIp: "10.0.0.7" }), "ingress accept tcp:1-65535 from 10.0.0.7/32 (priority 1) opens every tcp port.", "ecs-security-group-not-open-all-port"],
    ["every udp port", ingress({ ipProtocol: "udp", portRange: "1/65535", cidrIp: "10.0.0.7" }), "ingress accept udp:1-65535 from 10.0.0.7/32 (priority 1) opens every udp port.", "ecs-security-group-not-open-all-port"],
  ])("%s from one address: the message, the fix and the Config rule", (_, rule, message, configRule) => {
    expect(run("all-ports-open", [rule])).toEqual([{ check: "all-ports-open", severity: "high", groupId: "sg-test", ruleIndex: 0, message, fix: ALL_FIX, configRule }]);
  });

  test("every port but the first is not every port", () => {
    expect(run("all-ports-open", [ingress({ portRange: "2/65535", cidrIp: "10.0.0.7" })])).toEqual([]);
  });
});

describe("world-open-non-web, alone", () => {
  test("a udp port beyond the web ports: the white-list Config rule, the web ports named", () => {
    expect(run("world-open-non-web", [ingress({ ipProtocol: "udp", portRange: "8080/8080" })])).toEqual([
      {
        check: "world-open-non-web",
        severity: "medium",
        groupId: "sg-test",
        ruleIndex: 0,
        message: "ingress accept udp:8080 from 0.0.0.0/0 (priority 1) opens udp:8080 to every address, beyond the web ports 80, 443.",
        fix: "Open only web ports to everyone; authorise other ports for the addresses or security groups that need them.",
        configRule: "ecs-security-group-white-list-port-check",
      },
    ]);
  });
});

describe("public-database-port and shadowed-rule, whole", () => {
  test("their fixes", () => {
    expect(run("public-database-port", [ingress({ portRange: "3306/3306" })])[0].fix).toBe("Authorise the application tier's security group (or its vSwitch CIDR) instead, and keep a lowest-priority drop rule for the port.");
    expect(run("shadowed-rule", [ingress(), drop()])[0].fix).toBe("Delete it if it is redundant; if it should decide, give it a better priority (a smaller number) than the rules that decide first.");
  });
});

describe("a prefix list's entries are its addresses", () => {
  test("a drop from every address denies a world prefix list's accept", () => {
    const lists = [{ id: "pl-any", cidrs: ["0.0.0.0/0"] }];
    expect(run("public-admin-port", [ingress({ prefixListId: "pl-any" }), drop()], {}, {}, lists)).toEqual([]);
    expect(run("public-admin-port", [ingress({ prefixListId: "pl-any" }), drop({ cidrIp: "0.0.0.0/1" })], {}, {}, lists).map((f) => f.ruleIndex)).toEqual([0]);
  });
});

describe("the fields of each kind of finding", () => {
  const keys = (f: object) => Object.keys(f).sort();

  test("a rule finding, a group finding, an instance finding, an intent finding: only the fields that apply", () => {
    const network = {
      groups: [
        { id: "sg-a", vpcId: "vpc-1", rules: [ingress({ cidrIp: "10.0.0.0/8", portRange: "80/80" })] },
        { id: "sg-a", vpcId: "vpc-1", rules: [] },
      ],
      instances: [{ id: "i-1", privateIp: "x", groups: ["sg-a"] }],
    } as NetworkModel;
    const findings = checkNetwork(network, { intents: [{ id: "deny-all", from: "internet", to: { group: "sg-a" }, ports: [22], expect: "deny" }] });
    const byCheck = (check: string, instance = false) => findings.find((f) => f.check === check && (f.instanceId !== undefined) === instance && (check !== "invalid-rule" || instance || f.ruleIndex === undefined));
    expect(keys(byCheck("broad-intranet-cidr") as object)).toEqual(["check", "fix", "groupId", "message", "ruleIndex", "severity"]);
    expect(keys(byCheck("invalid-rule") as object)).toEqual(["check", "fix", "groupId", "message", "severity"]);
    expect(keys(byCheck("invalid-rule", true) as object)).toEqual(["check", "fix", "groupId", "instanceId", "message", "severity"]);
    expect(keys(byCheck("unproven-intent") as object)).toEqual(["check", "fix", "groupId", "intentId", "message", "severity"]);
  });
});
