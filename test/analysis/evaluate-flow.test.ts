import { compileNetwork, evaluateFlow } from "../../lib/analysis";
import type { Flow } from "../../lib/analysis";
import { ValidationError } from "../../lib/model/errors";
import { NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { instance, tcpIn, tcpOut, threeTier, vpcGroup } from "./fixtures";

const tcp = (from: string, to: string, port: number): Flow => ({ from, to, protocol: "tcp", port });

/** A model with one instance `i-x` (10.0.0.10) in one VPC group of these rules, and a neighbour `i-y` in its own open group. */
function single(rules: RuleArgs[], extra: Parameters<typeof vpcGroup>[2] = {}): NetworkModel {
  return {
    groups: [vpcGroup("sg-x", rules, extra), vpcGroup("sg-y", [{ type: "ingress", ipProtocol: "all", cidrIp: "0.0.0.0/0" }])],
    // Dual-stack: each instance also has an IPv6 address.
    instances: [{ ...instance("i-x", "10.0.0.10", ["sg-x"]), ipv6Addresses: ["2001:db8:ffff::10"] }, { ...instance("i-y", "10.0.9.9", ["sg-y"]), ipv6Addresses: ["2001:db8:ffff::99"] }],
  };
}

type Row = [string, NetworkModel, Flow, boolean];

describe("evaluateFlow", () => {
  describe("seed 004 case 1: a website open to everyone on 80 and 443", () => {
    const web = single([tcpIn("80/80", { cidrIp: "0.0.0.0/0" }), tcpIn("443/443", { cidrIp: "0.0.0.0/0" })]);
    test.each<[string, Flow, boolean]>([
      ["admits tcp 80 from anywhere", tcp("198.51.100.1", "i-x", 80), true],
      ["admits tcp 443 from anywhere", tcp("203.0.113.99", "i-x", 443), true],
      ["admits tcp 443 from a private address too (one VPC rule covers both)", tcp("10.9.9.9", "i-x", 443), true],
      ["refuses tcp 22", tcp("198.51.100.1", "i-x", 22), false],
      ["refuses tcp 8080", tcp("198.51.100.1", "i-x", 8080), false],
      ["refuses udp 80", { from: "198.51.100.1", to: "i-x", protocol: "udp", port: 80 }, false],
      ["refuses ping", { from: "198.51.100.1", to: "i-x", protocol: "icmp" }, false],
    ])("%s", (_name, flow, allowed) => {
      expect(evaluateFlow(web, flow).allowed).toBe(allowed);
    });
  });

  describe("seed 004 case 2: SSH from one admin address", () => {
    const ssh = single([tcpIn("22/22", { cidrIp: "203.0.113.7" })]);
    test.each<[string, Flow, boolean]>([
      ["admits the admin address", tcp("203.0.113.7", "i-x", 22), true],
      ["refuses its neighbour", tcp("203.0.113.8", "i-x", 22), false],
      ["refuses another instance", tcp("i-y", "i-x", 22), false],
      ["refuses the admin on another port", tcp("203.0.113.7", "i-x", 23), false],
    ])("%s", (_name, flow, allowed) => {
      expect(evaluateFlow(ssh, flow).allowed).toBe(allowed);
    });
  });

  describe("seed 004 case 3: a database only for the app group, with a lowest-priority drop", () => {
    const model: NetworkModel = {
      groups: [
        vpcGroup("sg-app", []),
        vpcGroup("sg-web", []),
        vpcGroup("sg-db", [tcpIn("3306/3306", { sourceSecurityGroupId: "sg-app" }), tcpIn("3306/3306", { cidrIp: "0.0.0.0/0" }, { policy: "drop", priority: 100 })]),
      ],
      instances: [instance("i-app", "10.0.2.10", ["sg-app"]), instance("i-web", "10.0.1.10", ["sg-web"]), instance("i-db", "10.0.3.10", ["sg-db"])],
    };
    test("admits the app group: its priority 1 accept beats the priority 100 drop", () => {
      const d = evaluateFlow(model, tcp("i-app", "i-db", 3306));
      expect(d.allowed).toBe(true);
      expect(d.ingress).toMatchObject({ decidedBy: "rule", groupId: "sg-db", ruleIndex: 0, priority: 1, policy: "accept" });
      expect(d.egress).toMatchObject({ decidedBy: "default", allowed: true, priority: 110 });
    });
    test.each<[string, Flow]>([
      ["another group", tcp("i-web", "i-db", 3306)],
      ["the Internet", tcp("198.51.100.1", "i-db", 3306)],
      ["a private address", tcp("10.0.2.99", "i-db", 3306)],
    ])("refuses %s with the drop rule", (_name, flow) => {
      const d = evaluateFlow(model, flow);
      expect(d.allowed).toBe(false);
      expect(d.ingress).toMatchObject({ decidedBy: "rule", groupId: "sg-db", ruleIndex: 1, priority: 100, policy: "drop" });
      expect(d.reason).toContain("ingress rule 1 of sg-db (drop tcp:3306 from 0.0.0.0/0, priority 100) denies it");
    });
    test("refuses the app group on another port by default", () => {
      expect(evaluateFlow(model, tcp("i-app", "i-db", 22)).ingress).toMatchObject({ decidedBy: "default", allowed: false });
    });
  });

  describe("seed 004 case 6: an outbound whitelist (priority 2 drop-all, priority 1 allows)", () => {
    const model: NetworkModel = {
      groups: [
        vpcGroup("sg-out", [
          { type: "egress", ipProtocol: "all", cidrIp: "0.0.0.0/0", policy: "drop", priority: 2 },
          tcpOut("80/80", { cidrIp: "47.96.10.20" }, { priority: 1 }),
          tcpOut("443/443", { cidrIp: "121.199.10.20" }, { priority: 1 }),
        ]),
        vpcGroup("sg-y", [{ type: "ingress", ipProtocol: "all", cidrIp: "0.0.0.0/0" }]),
      ],
      instances: [instance("i-x", "10.0.0.10", ["sg-out"]), instance("i-y", "10.0.9.9", ["sg-y"])],
    };
    test.each<[string, Flow, boolean]>([
      ["allows HTTP to the first site", tcp("i-x", "47.96.10.20", 80), true],
      ["allows HTTPS to the second site", tcp("i-x", "121.199.10.20", 443), true],
      ["denies HTTPS to the first site", tcp("i-x", "47.96.10.20", 443), false],
      ["denies any other site", tcp("i-x", "93.184.216.34", 443), false],
      ["denies DNS", { from: "i-x", to: "8.8.8.8", protocol: "udp", port: 53 }, false],
      ["denies another instance, whatever its ingress says", tcp("i-x", "i-y", 80), false],
    ])("%s", (_name, flow, allowed) => {
      expect(evaluateFlow(model, flow).allowed).toBe(allowed);
    });
    test("names the drop-all rule when it decides", () => {
      expect(evaluateFlow(model, tcp("i-x", "93.184.216.34", 443)).egress).toMatchObject({ groupId: "sg-out", ruleIndex: 0, priority: 2, policy: "drop" });
    });
  });

  describe("priority and ties", () => {
    test.each<Row>([
      ["drop wins a tie with accept", single([tcpIn("22/22", { cidrIp: "0.0.0.0/0" }, { priority: 5 }), tcpIn("22/22", { cidrIp: "0.0.0.0/0" }, { priority: 5, policy: "drop" })]), tcp("198.51.100.1", "i-x", 22), false],
      ["drop wins a tie whatever the order", single([tcpIn("22/22", { cidrIp: "0.0.0.0/0" }, { priority: 5, policy: "drop" }), tcpIn("22/22", { cidrIp: "0.0.0.0/0" }, { priority: 5 })]), tcp("198.51.100.1", "i-x", 22), false],
      ["a /32 accept does not beat a /0 drop of the same priority", single([tcpIn("22/22", { cidrIp: "203.0.113.7/32" }), tcpIn("22/22", { cidrIp: "0.0.0.0/0" }, { policy: "drop" })]), tcp("203.0.113.7", "i-x", 22), false],
      ["a better-priority accept beats a drop", single([tcpIn("22/22", { cidrIp: "203.0.113.7/32" }, { priority: 1 }), tcpIn("22/22", { cidrIp: "0.0.0.0/0" }, { policy: "drop", priority: 2 })]), tcp("203.0.113.7", "i-x", 22), true],
      ["a better-priority drop beats an accept", single([tcpIn("22/22", { cidrIp: "203.0.113.7/32" }, { priority: 2 }), tcpIn("1/65535", { cidrIp: "0.0.0.0/0" }, { policy: "drop", priority: 1 })]), tcp("203.0.113.7", "i-x", 22), false],
      ["a missing priority is 1", single([tcpIn("22/22", { cidrIp: "203.0.113.7/32" }), tcpIn("22/22", { cidrIp: "0.0.0.0/0" }, { policy: "drop", priority: 2 })]), tcp("203.0.113.7", "i-x", 22), true],
      ["a drop that does not match the port does not count", single([tcpIn("22/22", { cidrIp: "0.0.0.0/0" }, { priority: 50 }), tcpIn("23/30", { cidrIp: "0.0.0.0/0" }, { policy: "drop" })]), tcp("198.51.100.1", "i-x", 22), true],
      ["an `all` rule matches every protocol", single([{ type: "ingress", ipProtocol: "all", cidrIp: "0.0.0.0/0" }]), { from: "198.51.100.1", to: "i-x", protocol: "gre" }, true],
      ["port ranges include both ends", single([tcpIn("8000/8080", { cidrIp: "0.0.0.0/0" })]), tcp("198.51.100.1", "i-x", 8080), true],
    ])("%s", (_name, model, flow, allowed) => {
      expect(evaluateFlow(model, flow).allowed).toBe(allowed);
    });

    test("many overlapping ranges: the best-priority rule covering the port decides, at every edge", () => {
      // Rule i opens 100+i..200+i at priority 100-i (so higher i is judged first); rule 150 is a
      // priority-1 drop of 250..260. More rules overlap each port than the evaluator lists per port range.
      const rules = Array.from({ length: 150 }, (_, i) => tcpIn(`${100 + i}/${200 + i}`, { cidrIp: "0.0.0.0/0" }, { priority: 100 - (i % 100) }));
      rules.push(tcpIn("250/260", { cidrIp: "0.0.0.0/0" }, { priority: 1, policy: "drop" }));
      const net = compileNetwork(single(rules));
      const covering = (port: number) => rules.map((r, i) => ({ r, i })).filter(({ r }) => Number(r.portRange?.split("/")[0]) <= port && port <= Number(r.portRange?.split("/")[1]));
      for (const port of [99, 100, 101, 149, 150, 199, 200, 201, 249, 250, 255, 260, 261, 300, 349, 350]) {
        const best = covering(port).sort((a, b) => (a.r.priority ?? 1) - (b.r.priority ?? 1) || (a.r.policy === "drop" ? -1 : 0) - (b.r.policy === "drop" ? -1 : 0) || a.i - b.i)[0];
        const v = net.evaluate(tcp("198.51.100.1", "i-x", port)).ingress;
        expect([port, v?.decidedBy, v?.ruleIndex]).toEqual([port, best ? "rule" : "default", best?.i]);
      }
    });
  });

  describe("an instance in two groups pools their rules", () => {
    const model: NetworkModel = {
      groups: [
        vpcGroup("sg-a", [tcpIn("80/80", { cidrIp: "0.0.0.0/0" }), tcpIn("443/443", { cidrIp: "0.0.0.0/0" }, { priority: 1 })]),
        vpcGroup("sg-b", [tcpIn("80/80", { cidrIp: "0.0.0.0/0" }, { policy: "drop" }), tcpIn("443/443", { cidrIp: "0.0.0.0/0" }, { policy: "drop", priority: 50 }), tcpIn("22/22", { cidrIp: "203.0.113.7" })]),
      ],
      instances: [instance("i-ab", "10.0.0.10", ["sg-a", "sg-b"])],
    };
    test.each<[string, Flow, boolean]>([
      ["a drop in one group ties with an accept in the other, and wins", tcp("198.51.100.1", "i-ab", 80), false],
      ["an accept in one group beats a worse drop in the other", tcp("198.51.100.1", "i-ab", 443), true],
      ["a rule of either group opens a port", tcp("203.0.113.7", "i-ab", 22), true],
    ])("%s", (_name, flow, allowed) => {
      expect(evaluateFlow(model, flow).allowed).toBe(allowed);
    });
    test("names the deciding rule's group", () => {
      expect(evaluateFlow(model, tcp("198.51.100.1", "i-ab", 80)).ingress).toMatchObject({ groupId: "sg-b", ruleIndex: 0 });
    });
  });

  describe("traffic inside a group", () => {
    const pair = (g: Parameters<typeof vpcGroup>[2], rules: RuleArgs[] = []): NetworkModel => ({
      groups: [vpcGroup("sg-g", rules, g)],
      instances: [instance("i-1", "10.0.0.1", ["sg-g"]), instance("i-2", "10.0.0.2", ["sg-g"])],
    });
    const dropAll: RuleArgs[] = [
      { type: "ingress", ipProtocol: "all", cidrIp: "0.0.0.0/0", policy: "drop" },
      { type: "egress", ipProtocol: "all", cidrIp: "0.0.0.0/0", policy: "drop" },
      { type: "ingress", ipProtocol: "all", sourceSecurityGroupId: "sg-g", policy: "drop" },
    ];
    test.each<Row>([
      ["Accept (the default) lets members talk on any port", pair({}), tcp("i-1", "i-2", 5432), true],
      ["Accept lets members ping", pair({ innerAccessPolicy: "Accept" }), { from: "i-1", to: "i-2", protocol: "icmp" }, true],
      ["Accept wins over the group's own drop rules", pair({ innerAccessPolicy: "Accept" }, dropAll), tcp("i-1", "i-2", 22), true],
      ["Drop isolates members", pair({ innerAccessPolicy: "Drop" }), tcp("i-1", "i-2", 22), false],
      ["Drop is reopened by an accept naming the group itself", pair({ innerAccessPolicy: "Drop" }, [tcpIn("22/22", { sourceSecurityGroupId: "sg-g" })]), tcp("i-1", "i-2", 22), true],
      ["Drop reopened on one port stays closed on others", pair({ innerAccessPolicy: "Drop" }, [tcpIn("22/22", { sourceSecurityGroupId: "sg-g" })]), tcp("i-1", "i-2", 80), false],
      ["Drop is reopened by a matching CIDR accept", pair({ innerAccessPolicy: "Drop" }, [tcpIn("22/22", { cidrIp: "10.0.0.0/24" })]), tcp("i-1", "i-2", 22), true],
    ])("%s", (_name, model, flow, allowed) => {
      expect(evaluateFlow(model, flow).allowed).toBe(allowed);
    });

    test("inner access is named on both sides", () => {
      const d = evaluateFlow(pair({}, dropAll), tcp("i-1", "i-2", 22));
      expect(d.egress).toMatchObject({ decidedBy: "inner-access", groupId: "sg-g", allowed: true });
      expect(d.ingress).toMatchObject({ decidedBy: "inner-access", groupId: "sg-g", allowed: true });
      expect(d.reason).toContain("innerAccessPolicy Accept");
    });

    test("isolation is explained", () => {
      expect(evaluateFlow(pair({ innerAccessPolicy: "Drop" }), tcp("i-1", "i-2", 22)).reason).toContain("members of sg-g are isolated (innerAccessPolicy Drop)");
    });

    test("any shared Accept group suffices", () => {
      const model: NetworkModel = {
        groups: [vpcGroup("sg-closed", [], { innerAccessPolicy: "Drop" }), vpcGroup("sg-open", [])],
        instances: [instance("i-1", "10.0.0.1", ["sg-closed", "sg-open"]), instance("i-2", "10.0.0.2", ["sg-open", "sg-closed"])],
      };
      expect(evaluateFlow(model, tcp("i-1", "i-2", 22))).toMatchObject({ allowed: true, ingress: { decidedBy: "inner-access", groupId: "sg-open" } });
    });

    test("instances that share no group are isolated unless rules allow", () => {
      expect(evaluateFlow(single([]), tcp("i-y", "i-x", 22)).allowed).toBe(false);
    });
  });

  describe("enterprise groups", () => {
    const ent = (rules: RuleArgs[]): NetworkModel => ({
      groups: [vpcGroup("sg-e", rules, { type: "enterprise" })],
      instances: [instance("i-1", "10.0.0.1", ["sg-e"]), instance("i-2", "10.0.0.2", ["sg-e"])],
    });
    const both: RuleArgs[] = [tcpIn("22/22", { cidrIp: "10.0.0.0/24" }), tcpOut("22/22", { cidrIp: "10.0.0.0/24" })];
    test.each<Row>([
      ["isolate their members", ent([]), tcp("i-1", "i-2", 22), false],
      ["isolate members even with an ingress accept alone (egress is denied by default)", ent([tcpIn("22/22", { cidrIp: "10.0.0.0/24" })]), tcp("i-1", "i-2", 22), false],
      ["let members talk with CIDR rules on both sides", ent(both), tcp("i-1", "i-2", 22), true],
      ["deny outbound traffic by default", ent([]), tcp("i-1", "198.51.100.1", 443), false],
      ["judge only the request: an inbound request passes with no egress rule", ent([tcpIn("443/443", { cidrIp: "0.0.0.0/0" })]), tcp("198.51.100.1", "i-1", 443), true],
    ])("%s", (_name, model, flow, allowed) => {
      expect(evaluateFlow(model, flow).allowed).toBe(allowed);
    });
    test("the egress default is explained", () => {
      const d = evaluateFlow(ent([]), tcp("i-1", "198.51.100.1", 443));
      expect(d.egress).toMatchObject({ decidedBy: "default", allowed: false, groupType: "enterprise", priority: 110, policy: "drop" });
      expect(d.reason).toContain("enterprise default denies outbound traffic");
    });
  });

  describe("basic defaults", () => {
    test.each<Row>([
      ["basic groups allow outbound traffic by default", single([]), tcp("i-x", "198.51.100.1", 443), true],
      ["basic groups deny inbound traffic by default", single([]), tcp("198.51.100.1", "i-x", 443), false],
    ])("%s", (_name, model, flow, allowed) => {
      expect(evaluateFlow(model, flow).allowed).toBe(allowed);
    });
  });

  describe("group peers and accounts", () => {
    const model: NetworkModel = {
      groups: [
        vpcGroup("sg-b", [tcpIn("21/21", { sourceSecurityGroupId: "sg-a", sourceGroupOwnerId: "1111" }), tcpIn("22/22", { sourceSecurityGroupId: "sg-a" }), tcpIn("23/23", { sourceSecurityGroupId: "sg-a", sourceGroupOwnerAccount: "alice@example.com" })]),
        vpcGroup("sg-a", []),
      ],
      instances: [
        instance("i-b", "10.0.0.1", ["sg-b"], "2222"),
        instance("i-a1", "10.0.1.1", ["sg-a"], "1111"),
        instance("i-a2", "10.0.1.2", ["sg-a"], "3333"),
        instance("i-a3", "10.0.1.3", ["sg-a"]),
        instance("i-alice", "10.0.1.4", ["sg-a"], "alice@example.com"),
      ],
    };
    test.each<[string, Flow, boolean]>([
      ["a cross-account rule admits members in the owner account", tcp("i-a1", "i-b", 21), true],
      ["a cross-account rule refuses members of another account", tcp("i-a2", "i-b", 21), false],
      ["a member without an account is taken to be in the owner account", tcp("i-a3", "i-b", 21), true],
      ["a rule without an owner admits every member", tcp("i-a2", "i-b", 22), true],
      ["the deprecated owner account field is compared the same way", tcp("i-alice", "i-b", 23), true],
      ["a group rule never matches an outside address", tcp("10.0.1.1", "i-b", 22), false],
    ])("%s", (_name, flow, allowed) => {
      expect(evaluateFlow(model, flow).allowed).toBe(allowed);
    });
  });

  describe("prefix lists", () => {
    const model: NetworkModel = {
      groups: [vpcGroup("sg-x", [tcpIn("443/443", { prefixListId: "pl-partners" }), tcpIn("22/22", { prefixListId: "pl-missing" })])],
      instances: [{ ...instance("i-x", "10.0.0.10", ["sg-x"]), ipv6Addresses: ["2001:db8:ffff::10"] }],
      prefixLists: [{ id: "pl-partners", cidrs: ["198.51.100.0/24", "2001:db8:1::/48"] }],
    };
    test.each<[string, Flow, boolean]>([
      ["match an address in an entry", tcp("198.51.100.77", "i-x", 443), true],
      ["match an IPv6 address in an entry", tcp("2001:db8:1::5", "i-x", 443), true],
      ["do not match an address outside every entry", tcp("198.51.101.1", "i-x", 443), false],
      ["match nothing when the list is not in the model", tcp("198.51.100.77", "i-x", 22), false],
    ])("%s", (_name, flow, allowed) => {
      expect(evaluateFlow(model, flow).allowed).toBe(allowed);
    });
  });

  describe("address families never cross", () => {
    const model = single([tcpIn("80/80", { ipv6CidrIp: "::/0" }), tcpIn("1/65535", { ipv6CidrIp: "::/0" }, { policy: "drop", priority: 1 }), tcpIn("443/443", { cidrIp: "0.0.0.0/0" })]);
    const v6only = single([tcpIn("80/80", { ipv6CidrIp: "::/0" })]);
    test.each<[string, NetworkModel, Flow, boolean]>([
      ["an IPv6 accept does not admit an IPv4 peer", v6only, tcp("198.51.100.1", "i-x", 80), false],
      ["an IPv6 accept admits an IPv6 peer", v6only, tcp("2001:db8::1", "i-x", 80), true],
      ["an IPv6 drop does not deny an IPv4 peer", model, tcp("198.51.100.1", "i-x", 443), true],
      ["an IPv4 accept does not admit an IPv6 peer", model, tcp("2001:db8::1", "i-x", 443), false],
    ])("%s", (_name, m, flow, allowed) => {
      expect(evaluateFlow(m, flow).allowed).toBe(allowed);
    });
  });

  describe("the network a group is in", () => {
    const rules = [tcpIn("22/22", { cidrIp: "100.104.0.0/16" })];
    test.each<[string, Partial<NetworkModel["groups"][number]>, boolean]>([
      ["a group without a network field is a VPC group", {}, true],
      ["an unknown VPC id is a VPC group", { vpcId: "vpc-pending" }, true],
      ['network "vpc" is a VPC group', { network: "vpc" }, true],
      ['network "classic" is a classic group', { network: "classic" }, false],
      ['vpcId "" (as the API prints a classic group) is a classic group', { vpcId: "" }, false],
    ])("%s", (_name, fields, allowed) => {
      // In a VPC one rule governs every peer; in a classic group a CIDR rule without a nic type
      // is an internet rule, which a private Workbench address does not match.
      const model: NetworkModel = { groups: [{ id: "sg-ops", ...fields, rules }], instances: [instance("i-ops", "10.0.0.5", ["sg-ops"])] };
      expect(evaluateFlow(model, tcp("100.104.1.1", "i-ops", 22)).allowed).toBe(allowed);
    });
  });

  describe("classic network nic types", () => {
    const classic: NetworkModel = {
      groups: [
        {
          id: "sg-c",
          network: "classic",
          rules: [tcpIn("22/22", { cidrIp: "0.0.0.0/0" }, { nicType: "internet" }), tcpIn("80/80", { cidrIp: "0.0.0.0/0" }), tcpIn("3306/3306", { cidrIp: "10.0.0.0/8" }, { nicType: "intranet" }), tcpIn("8080/8080", { sourceSecurityGroupId: "sg-d" })],
        },
        { id: "sg-d", network: "classic", rules: [] },
      ],
      instances: [instance("i-c", "10.0.0.10", ["sg-c"]), instance("i-d", "10.0.0.11", ["sg-d"])],
    };
    test.each<[string, Flow, boolean]>([
      ["an internet rule admits a public peer", tcp("198.51.100.1", "i-c", 22), true],
      ["an internet rule does not admit a private peer", tcp("10.1.2.3", "i-c", 22), false],
      ["an internet rule does not admit another instance", tcp("i-d", "i-c", 22), false],
      ["a CIDR rule without a nic type is an internet rule", tcp("198.51.100.1", "i-c", 80), true],
      ["an intranet rule admits a private peer", tcp("10.1.2.3", "i-c", 3306), true],
      ["an intranet rule admits another instance", tcp("i-d", "i-c", 3306), true],
      ["a group rule admits its members over the intranet", tcp("i-d", "i-c", 8080), true],
    ])("%s", (_name, flow, allowed) => {
      expect(evaluateFlow(classic, flow).allowed).toBe(allowed);
    });
  });

  describe("the three-tier model", () => {
    const model = threeTier();
    test.each<[string, Flow, boolean]>([
      ["the Internet reaches web on 80", tcp("198.51.100.1", "i-web", 80), true],
      ["the Internet reaches web on 443", tcp("198.51.100.1", "i-web", 443), true],
      ["the Internet does not reach web on 22", tcp("198.51.100.1", "i-web", 22), false],
      ["web reaches app on 8080", tcp("i-web", "i-app", 8080), true],
      ["web does not reach app on 80", tcp("i-web", "i-app", 80), false],
      ["app reaches the database on 3306", tcp("i-app", "i-db", 3306), true],
      ["web does not reach the database", tcp("i-web", "i-db", 3306), false],
      ["the Internet does not reach the database", tcp("198.51.100.1", "i-db", 3306), false],
      ["the Internet does not reach app", tcp("198.51.100.1", "i-app", 8080), false],
    ])("%s", (_name, flow, allowed) => {
      expect(evaluateFlow(model, flow).allowed).toBe(allowed);
    });
  });

  describe("reasons", () => {
    test("say which rule allowed, in one sentence", () => {
      const d = evaluateFlow(threeTier(), tcp("198.51.100.1", "i-web", 443));
      expect(d.reason).toBe("tcp:443 from 198.51.100.1 to i-web is allowed: ingress rule 1 of sg-web (accept tcp:443 from 0.0.0.0/0, priority 1) allows it.");
    });
    test("name both sides of an allowed flow between instances", () => {
      expect(evaluateFlow(threeTier(), tcp("i-web", "i-app", 8080)).reason).toBe(
        "tcp:8080 from i-web to i-app is allowed: no egress rule of i-web's group sg-web matches, so the basic default allows outbound traffic; ingress rule 0 of sg-app (accept tcp:8080 from sg-web, priority 1) allows it.",
      );
    });
    test("name only the denying side of a denied flow", () => {
      expect(evaluateFlow(threeTier(), tcp("i-web", "i-app", 80)).reason).toBe("tcp:80 from i-web to i-app is denied: no ingress rule of i-app's group sg-app matches, so the basic default denies inbound traffic.");
    });
    test("omit the port for protocols without ports", () => {
      expect(evaluateFlow(threeTier(), { from: "i-web", to: "198.51.100.1", protocol: "icmp" }).reason).toMatch(/^icmp from i-web to 198\.51\.100\.1 is allowed: /);
    });
  });

  describe("endpoints", () => {
    test("an instance reaches itself without any group judging", () => {
      expect(evaluateFlow(threeTier(), tcp("i-db", "i-db", 1))).toEqual({ allowed: true, reason: expect.stringContaining("never leaves it") });
    });
    test("an IP literal is an outside host, even at an instance's address", () => {
      const d = evaluateFlow(threeTier(), tcp("10.0.2.10", "i-db", 3306));
      expect(d.allowed).toBe(false);
      expect(d.egress).toBeUndefined();
    });
    test("a flow to an outside address judges only the sender's egress", () => {
      const d = evaluateFlow(threeTier(), tcp("i-db", "198.51.100.1", 443));
      expect(d.ingress).toBeUndefined();
      expect(d.egress).toMatchObject({ instanceId: "i-db", allowed: true });
    });
  });

  describe("validation", () => {
    const model = threeTier();
    function refusal(flow: unknown): { code: string; field: string } {
      try {
        evaluateFlow(model, flow as Flow);
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        const err = e as ValidationError;
        expect(err.message).toMatch(/^alicloud-secgroups: /);
        return { code: err.code, field: err.field };
      }
      throw new Error("expected a ValidationError");
    }
    test.each<[string, unknown, string, string]>([
      ["an unknown sender", tcp("i-nope", "i-db", 1), "unknown-instance", "flow.from"],
      ["an unknown receiver", tcp("i-db", "i-nope", 1), "unknown-instance", "flow.to"],
      ["a CIDR block as an endpoint", tcp("10.0.0.0/8", "i-db", 1), "unknown-instance", "flow.from"],
      ["a missing tcp port", { from: "i-web", to: "i-db", protocol: "tcp" }, "invalid-port", "flow.port"],
      ["a missing udp port", { from: "i-web", to: "i-db", protocol: "udp" }, "invalid-port", "flow.port"],
      ["port 0", tcp("i-web", "i-db", 0), "invalid-port", "flow.port"],
      ["port 65536", tcp("i-web", "i-db", 65536), "invalid-port", "flow.port"],
      ["a fractional port", tcp("i-web", "i-db", 22.5), "invalid-port", "flow.port"],
      ["a port given as text", { from: "i-web", to: "i-db", protocol: "tcp", port: "22" }, "invalid-port", "flow.port"],
      ["a port for icmp", { from: "i-web", to: "i-db", protocol: "icmp", port: 8 }, "invalid-port", "flow.port"],
      ["protocol all", { from: "i-web", to: "i-db", protocol: "all" }, "invalid-protocol", "flow.protocol"],
      ["an upper-case protocol", { from: "i-web", to: "i-db", protocol: "TCP", port: 1 }, "invalid-protocol", "flow.protocol"],
      ["two outside addresses", tcp("198.51.100.1", "198.51.100.2", 1), "invalid-argument", "flow"],
      ["icmpv6 from an IPv4 address", { from: "198.51.100.1", to: "i-db", protocol: "icmpv6" }, "protocol-family-mismatch", "flow.protocol"],
      ["icmp to an IPv6 address", { from: "i-db", to: "2001:db8::1", protocol: "icmp" }, "protocol-family-mismatch", "flow.protocol"],
      ["no flow at all", null, "invalid-object", "flow"],
    ])("refuses %s", (_name, flow, code, field) => {
      expect(refusal(flow)).toEqual({ code, field });
    });

    test("refuses a model whose instance names an unknown group", () => {
      const bad: NetworkModel = { groups: [vpcGroup("sg-a", [])], instances: [instance("i-1", "10.0.0.1", ["sg-a", "sg-b"])] };
      expect(() => evaluateFlow(bad, tcp("i-1", "198.51.100.1", 1))).toThrow(expect.objectContaining({ code: "unknown-group", field: "instances[0].groups[1]" }));
    });

    test("refuses a model with an invalid rule, naming it", () => {
      const bad: NetworkModel = { groups: [vpcGroup("sg-a", [tcpIn("22", { cidrIp: "0.0.0.0/0" })])], instances: [instance("i-1", "10.0.0.1", ["sg-a"])] };
      expect(() => evaluateFlow(bad, tcp("i-1", "198.51.100.1", 1))).toThrow(expect.objectContaining({ code: "invalid-port-range", field: "groups[0].rules[0].portRange" }));
    });

    test("reads networks beyond the construction quotas (more than 5 groups on an instance)", () => {
      const ids = ["sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"];
      const m: NetworkModel = { groups: ids.map((id) => vpcGroup(id, [])), instances: [instance("i-1", "10.0.0.1", ids)] };
      expect(evaluateFlow(m, tcp("i-1", "198.51.100.1", 1)).allowed).toBe(true);
    });
  });
});

describe("compileNetwork", () => {
  test("is built once per model object", () => {
    const model = threeTier();
    expect(compileNetwork(model)).toBe(compileNetwork(model));
  });
  test("answers as evaluateFlow does", () => {
    const model = threeTier();
    const flow = tcp("i-app", "i-db", 3306);
    expect(compileNetwork(model).evaluate(flow)).toEqual(evaluateFlow(model, flow));
  });
  test("exposes the normalised model", () => {
    expect(compileNetwork(threeTier()).model.groups[0].rules[0]).toMatchObject({ policy: "accept", priority: 1, nicType: "intranet" });
  });
});
