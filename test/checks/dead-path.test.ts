/**
 * `dead-path` as a user of checkNetwork sees it: an accept from a group whose members' egress
 * lets none of it out to the receiving members, and only that.
 */
import { checkNetwork } from "../../lib/checks/check-network";
import { GroupModel, InstanceModel, NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";

const group = (id: string, rules: RuleArgs[] = [], extra: Partial<GroupModel> = {}): GroupModel => ({ id, vpcId: "vpc-1", innerAccessPolicy: "Drop", rules, ...extra });
const host = (id: string, privateIp: string, groups: string[]): InstanceModel => ({ id, privateIp, groups });
const fromApp = (o: Partial<RuleArgs> = {}): RuleArgs => ({ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", sourceSecurityGroupId: "sg-app", ...o });
const denyAll: RuleArgs = { type: "egress", ipProtocol: "all", portRange: "-1/-1", cidrIp: "0.0.0.0/0", policy: "drop", priority: 100 };
const out = (o: Partial<RuleArgs>): RuleArgs => ({ type: "egress", ipProtocol: "tcp", portRange: "3306/3306", cidrIp: "10.0.2.5/32", priority: 1, ...o });
const HOSTS = [host("i-app", "10.0.1.5", ["sg-app"]), host("i-db", "10.0.2.5", ["sg-db"])];

const dead = (appEgress: RuleArgs[], dbRules: RuleArgs[] = [fromApp()], instances: InstanceModel[] = HOSTS, extra: GroupModel[] = []) =>
  checkNetwork({ groups: [group("sg-app", [denyAll, ...appEgress]), group("sg-db", dbRules), ...extra], instances } as NetworkModel, { checks: ["dead-path"] });

describe("dead-path", () => {
  test("names the rule, the sender's group and the receiver's, and how to open the path", () => {
    expect(dead([])).toEqual([
      {
        check: "dead-path",
        severity: "medium",
        groupId: "sg-db",
        ruleIndex: 0,
        message: 'ingress accept tcp:3306 from sg-app (priority 1) admits members of group "sg-app", but their egress denies all of it to the members of "sg-db": nothing can use this path.',
        fix: 'Allow the traffic in "sg-app"\'s egress (an accept to "sg-db" on the same ports), or delete the rule if the path is not wanted.',
      },
    ]);
  });

  test("an egress accept to the receiver on part of the rule's ports opens the path; one to another address, or to other ports, does not", () => {
    const range = [fromApp({ portRange: "3000/4000" })];
    expect(dead([out({ portRange: "3500/3500" })], range)).toEqual([]);
    expect(dead([out({ portRange: "4000/4100" })], range)).toEqual([]);
    expect(dead([out({ portRange: "4001/4100" })], range)).toHaveLength(1);
    expect(dead([out({ portRange: "3000/4000", cidrIp: "10.0.9.9/32" })], range)).toHaveLength(1);
  });

  test("a rule over every protocol is usable when the egress lets any of tcp, udp, icmp or gre out", () => {
    const all = [fromApp({ ipProtocol: "all", portRange: "-1/-1" })];
    expect(dead([], all)).toHaveLength(1);
    expect(dead([out({ ipProtocol: "gre", portRange: "-1/-1" })], all)).toEqual([]);
    expect(dead([out({ portRange: "443/443" })], all)).toEqual([]);
    expect(dead([out({ ipProtocol: "icmp", portRange: "-1/-1" })], all)).toEqual([]);
    expect(dead([out({ ipProtocol: "udp", portRange: "53/53" })], all)).toEqual([]);
  });

  test("one receiving member the sender can reach is enough", () => {
    const two = [...HOSTS, host("i-db2", "10.0.2.6", ["sg-db"])];
    expect(dead([out({ cidrIp: "10.0.2.6/32" })], [fromApp()], two)).toEqual([]);
    expect(dead([out({ cidrIp: "10.0.2.7/32" })], [fromApp()], two)).toHaveLength(1);
  });

  test("a udp rule needs a udp egress", () => {
    expect(dead([out({ portRange: "53/53" })], [fromApp({ ipProtocol: "udp", portRange: "53/53" })])).toHaveLength(1);
    expect(dead([out({ ipProtocol: "udp", portRange: "53/53" })], [fromApp({ ipProtocol: "udp", portRange: "53/53" })])).toEqual([]);
    expect(dead([out({ ipProtocol: "udp", portRange: "54/54" })], [fromApp({ ipProtocol: "udp", portRange: "53/53" })])).toHaveLength(1);
  });

  test("icmpv6 is never called dead (the members may have no IPv6 addresses)", () => {
    expect(dead([], [fromApp({ ipProtocol: "icmpv6", portRange: "-1/-1" })])).toEqual([]);
  });

  test("members sharing a group whose inner access is Accept can always reach each other", () => {
    const both = [host("i-app", "10.0.1.5", ["sg-app", "sg-mesh"]), host("i-db", "10.0.2.5", ["sg-db", "sg-mesh"])];
    expect(dead([], [fromApp()], both, [group("sg-mesh", [], { innerAccessPolicy: "Accept" })])).toEqual([]);
    expect(dead([], [fromApp()], both, [group("sg-mesh", [], { innerAccessPolicy: "Drop" })])).toHaveLength(1);
  });

  test("nothing is reported for a peer of another account, a group outside the model, a shadowed rule, or a member in both groups alone", () => {
    expect(dead([], [fromApp({ sourceGroupOwnerId: "1234567890" })])).toEqual([]);
    expect(dead([], [fromApp({ sourceSecurityGroupId: "sg-elsewhere" })])).toEqual([]);
    expect(dead([], [fromApp({ priority: 1, policy: "drop" }), fromApp({ priority: 2 })])).toEqual([]);
    expect(dead([], [fromApp({ policy: "drop" })])).toEqual([]);
    expect(dead([], [fromApp()], [host("i-both", "10.0.1.5", ["sg-app", "sg-db"]), host("i-other", "10.0.3.5", ["sg-other"])], [group("sg-other")])).toEqual([]);
    // A second receiver gives the member in both groups someone to send to.
    expect(dead([], [fromApp()], [host("i-both", "10.0.1.5", ["sg-app", "sg-db"]), host("i-db", "10.0.2.5", ["sg-db"])])).toHaveLength(1);
  });

  test("a receiving group without members, or a network of one instance, reports nothing", () => {
    expect(dead([], [fromApp()], [host("i-app", "10.0.1.5", ["sg-app"]), host("i-x", "10.0.3.5", ["sg-app"])])).toEqual([]);
    expect(dead([], [fromApp()], [host("i-db", "10.0.2.5", ["sg-db"])])).toEqual([]);
  });

  test("a network that cannot be judged reports nothing", () => {
    const network = { groups: [group("sg-app", [denyAll]), group("sg-db", [fromApp()]), group("sg-db")], instances: HOSTS } as NetworkModel;
    expect(checkNetwork(network, { checks: ["dead-path"] })).toEqual([]);
  });
});
