import { AccessMatrix, accessMatrix, formatPortSet, lookupAccess } from "../../lib/analysis";
import { ValidationError } from "../../lib/model/errors";
import { NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { instance, tcpIn, tcpOut, threeTier, vpcGroup } from "./fixtures";

/** The matrix as readable lines. */
function lines(m: AccessMatrix): string[] {
  return m.flows.map((f) => `${f.from} -> ${f.to}: ${formatPortSet(f.allowed)}`);
}

const EVERYTHING = "tcp all ports; udp all ports; icmp; gre";

describe("accessMatrix", () => {
  describe("the three-tier model", () => {
    const m = accessMatrix(threeTier());
    const into = (to: string) => m.flows.filter((f) => f.to === to).map((f) => `${f.from}: ${formatPortSet(f.allowed)}`);

    test("has a node per group and the Internet", () => {
      expect(m.nodes).toEqual(["sg-web", "sg-app", "sg-db", "internet"]);
    });
    test("the Internet reaches web on 80 and 443 only", () => {
      expect(formatPortSet(lookupAccess(m, "internet", "sg-web"))).toBe("tcp 80, 443");
    });
    test("web reaches app on 8080 only", () => {
      expect(formatPortSet(lookupAccess(m, "sg-web", "sg-app"))).toBe("tcp 8080");
    });
    test("app reaches the database port only", () => {
      expect(formatPortSet(lookupAccess(m, "sg-app", "sg-db"))).toBe("tcp 3306");
    });
    test("nothing else reaches the database", () => {
      expect(into("sg-db")).toEqual(["sg-app: tcp 3306"]);
    });
    test("only web reaches app", () => {
      expect(into("sg-app")).toEqual(["sg-web: tcp 8080"]);
    });
    test("web is open on 80 and 443 to everyone, its own members and the other tiers included (/0 covers them)", () => {
      expect(into("sg-web")).toEqual(["sg-web: tcp 80, 443", "sg-app: tcp 80, 443", "sg-db: tcp 80, 443", "internet: tcp 80, 443"]);
    });
    test("every tier may send anything out (basic egress default)", () => {
      expect(formatPortSet(lookupAccess(m, "sg-db", "internet"))).toBe(EVERYTHING);
    });
  });

  test("prints the three-tier example of the documentation", () => {
    const model = threeTier();
    model.groups[0].rules.push(tcpIn("22/22", { cidrIp: "203.0.113.7" }));
    const m = accessMatrix(model);
    expect(lines(m)).toEqual([
      "sg-web -> sg-web: tcp 80, 443",
      "sg-web -> sg-app: tcp 8080",
      `sg-web -> internet: ${EVERYTHING}`,
      "sg-app -> sg-web: tcp 80, 443",
      "sg-app -> sg-db: tcp 3306",
      `sg-app -> internet: ${EVERYTHING}`,
      "sg-db -> sg-web: tcp 80, 443",
      `sg-db -> internet: ${EVERYTHING}`,
      "internet -> sg-web: tcp 80, 443",
      "203.0.113.7/32 -> sg-web: tcp 22, 80, 443",
    ]);
    expect(formatPortSet(lookupAccess(m, "203.0.113.7/32", "sg-db"))).toBe("nothing");
  });

  describe("nodes and rows", () => {
    const web: NetworkModel = {
      groups: [vpcGroup("sg-web", [tcpIn("80/80", { cidrIp: "0.0.0.0/0" }), tcpIn("443/443", { cidrIp: "0.0.0.0/0" }), tcpIn("22/22", { cidrIp: "203.0.113.7" })])],
    };

    test("an address named by a rule is its own node and row, with everything it gets", () => {
      const m = accessMatrix(web);
      expect(m.nodes).toEqual(["sg-web", "internet", "203.0.113.7/32"]);
      expect(lines(m)).toEqual([`sg-web -> sg-web: ${EVERYTHING}`, `sg-web -> internet: ${EVERYTHING}`, "internet -> sg-web: tcp 80, 443", "203.0.113.7/32 -> sg-web: tcp 22, 80, 443"]);
      expect(m.enclosing).toEqual({ "203.0.113.7/32": "internet" });
    });

    test("is deterministic", () => {
      expect(accessMatrix(web)).toEqual(accessMatrix(web));
    });

    test("rule order does not change the matrix", () => {
      const reversed: NetworkModel = { groups: [vpcGroup("sg-web", [...web.groups[0].rules].reverse())] };
      expect(accessMatrix(reversed)).toEqual(accessMatrix(web));
    });

    test("CIDR nodes come in address order, IPv4 first, inside their enclosing blocks", () => {
      const m = accessMatrix({
        groups: [vpcGroup("sg-a", [tcpIn("22/22", { cidrIp: "10.1.0.0/16" }), tcpIn("22/22", { ipv6CidrIp: "2001:db8::/32" }), tcpIn("22/22", { cidrIp: "10.0.0.0/8" }), tcpIn("22/22", { cidrIp: "9.9.9.9" })])],
      });
      expect(m.nodes).toEqual(["sg-a", "internet", "internet-ipv6", "9.9.9.9/32", "10.0.0.0/8", "10.1.0.0/16", "2001:db8::/32"]);
      expect(m.enclosing).toEqual({ "9.9.9.9/32": "internet", "10.0.0.0/8": "internet", "10.1.0.0/16": "10.0.0.0/8", "2001:db8::/32": "internet-ipv6" });
    });

    test("a block not named by a group's rules gets what its enclosing node gets", () => {
      const m = accessMatrix({
        groups: [vpcGroup("sg-a", [tcpIn("80/80", { cidrIp: "0.0.0.0/0" }), tcpIn("22/22", { cidrIp: "10.0.0.0/8" })]), vpcGroup("sg-b", [tcpIn("443/443", { cidrIp: "0.0.0.0/0" })])],
      });
      expect(m.flows.some((f) => f.from === "10.0.0.0/8" && f.to === "sg-b")).toBe(false);
      expect(formatPortSet(lookupAccess(m, "10.0.0.0/8", "sg-b"))).toBe("tcp 443");
      expect(formatPortSet(lookupAccess(m, "10.0.0.0/8", "sg-a"))).toBe("tcp 22, 80");
    });

    test("a block denied what its enclosing node gets has an explicit empty row", () => {
      const m = accessMatrix({
        groups: [vpcGroup("sg-a", [tcpIn("80/80", { cidrIp: "0.0.0.0/0" }, { priority: 2 }), tcpIn("1/65535", { cidrIp: "10.0.0.0/8" }, { policy: "drop", priority: 2 }), tcpIn("1/65535", { cidrIp: "10.1.0.0/16" })])],
      });
      expect(lines(m).filter((l) => !l.startsWith("sg-a"))).toEqual(["internet -> sg-a: tcp 80", "10.0.0.0/8 -> sg-a: nothing", "10.1.0.0/16 -> sg-a: tcp all ports"]);
      expect(lookupAccess(m, "10.0.0.0/8", "sg-a")).toEqual([]);
    });

    test("each rule decides only the ports no better rule decided", () => {
      const m = accessMatrix({
        groups: [vpcGroup("sg-a", [tcpIn("1/18", { cidrIp: "0.0.0.0/0" }, { policy: "drop", priority: 1 }), tcpIn("20/25", { cidrIp: "0.0.0.0/0" }, { priority: 2 }), tcpIn("1/65535", { cidrIp: "0.0.0.0/0" }, { priority: 3 }), tcpIn("100/200", { cidrIp: "0.0.0.0/0" }, { policy: "drop", priority: 3 })])],
      });
      expect(formatPortSet(lookupAccess(m, "internet", "sg-a"))).toBe("tcp 19-99, 201-65535");
    });

    test("a drop at the same priority beats a more specific accept", () => {
      const m = accessMatrix({ groups: [vpcGroup("sg-a", [tcpIn("22/22", { cidrIp: "203.0.113.7/32" }), tcpIn("22/22", { cidrIp: "0.0.0.0/0" }, { policy: "drop" })])] });
      expect(lookupAccess(m, "203.0.113.7/32", "sg-a")).toEqual([]);
    });

    test("an outbound whitelist shows only the allowed destinations (seed 004 case 6)", () => {
      const m = accessMatrix({
        groups: [
          vpcGroup("sg-out", [
            { type: "egress", ipProtocol: "all", cidrIp: "0.0.0.0/0", policy: "drop", priority: 2 },
            tcpOut("80/80", { cidrIp: "47.96.10.20" }, { priority: 1 }),
            tcpOut("443/443", { cidrIp: "121.199.10.20" }, { priority: 1 }),
          ]),
        ],
      });
      expect(lines(m).filter((l) => l.startsWith("sg-out -> "))).toEqual(["sg-out -> sg-out: " + EVERYTHING, "sg-out -> 47.96.10.20/32: tcp 80", "sg-out -> 121.199.10.20/32: tcp 443"]);
    });

    test("outside nodes are not paired with each other", () => {
      const m = accessMatrix(web);
      expect(m.flows.filter((f) => !f.from.startsWith("sg-") && !f.to.startsWith("sg-"))).toEqual([]);
    });
  });

  describe("group nodes", () => {
    const rules: RuleArgs[] = [tcpIn("5432/5432", { cidrIp: "10.0.1.0/24" }), tcpIn("6379/6379", { cidrIp: "0.0.0.0/0" })];
    const model = (instances: NetworkModel["instances"]): NetworkModel => ({ groups: [vpcGroup("sg-db", rules), vpcGroup("sg-app", [])], instances });

    test("take their address from the model's instances", () => {
      const m = accessMatrix(model([instance("i-app", "10.0.1.7", ["sg-app"])]));
      expect(formatPortSet(lookupAccess(m, "sg-app", "sg-db"))).toBe("tcp 5432, 6379");
    });
    test("without instances are an unknown private address that only /0 rules match", () => {
      const m = accessMatrix(model([]));
      expect(formatPortSet(lookupAccess(m, "sg-app", "sg-db"))).toBe("tcp 6379");
    });
    test("take their address from options.groupAddresses first", () => {
      const m = accessMatrix(model([instance("i-app", "10.0.1.7", ["sg-app"])]), { groupAddresses: { "sg-app": ["10.0.2.0/24"] } });
      expect(formatPortSet(lookupAccess(m, "sg-app", "sg-db"))).toBe("tcp 6379");
    });
    test("with addresses under different rules get the union", () => {
      const m = accessMatrix(model([]), { groupAddresses: { "sg-app": ["10.0.2.0/24", "10.0.1.0/25"] } });
      expect(formatPortSet(lookupAccess(m, "sg-app", "sg-db"))).toBe("tcp 5432, 6379");
    });
    test("of an enterprise group isolate their members", () => {
      const m = accessMatrix({ groups: [vpcGroup("sg-e", [], { type: "enterprise" })] });
      expect(m.flows).toEqual([]);
    });
    test("of a basic Accept group reach each other on everything, whatever the rules", () => {
      const m = accessMatrix({ groups: [vpcGroup("sg-g", [{ type: "ingress", ipProtocol: "all", sourceSecurityGroupId: "sg-g", policy: "drop" }])] });
      expect(formatPortSet(lookupAccess(m, "sg-g", "sg-g"))).toBe(EVERYTHING);
    });
    test("of a basic Drop group reach each other only where rules reopen it", () => {
      const m = accessMatrix({ groups: [vpcGroup("sg-g", [tcpIn("22/22", { sourceSecurityGroupId: "sg-g" })], { innerAccessPolicy: "Drop" })] });
      expect(formatPortSet(lookupAccess(m, "sg-g", "sg-g"))).toBe("tcp 22");
    });
    test("carry their members' account for cross-account rules", () => {
      const cross = (account: string): NetworkModel => ({
        groups: [vpcGroup("sg-b", [tcpIn("21/21", { sourceSecurityGroupId: "sg-a", sourceGroupOwnerId: "1111" })]), vpcGroup("sg-a", [])],
        instances: [instance("i-a", "10.0.0.1", ["sg-a"], account)],
      });
      expect(formatPortSet(lookupAccess(accessMatrix(cross("1111")), "sg-a", "sg-b"))).toBe("tcp 21");
      expect(lookupAccess(accessMatrix(cross("2222")), "sg-a", "sg-b")).toEqual([]);
    });
  });

  describe("families and prefix lists", () => {
    test("IPv6 rules show on the IPv6 Internet, with icmpv6", () => {
      const m = accessMatrix({ groups: [vpcGroup("sg-a", [{ type: "ingress", ipProtocol: "all", ipv6CidrIp: "::/0" }])] });
      expect(formatPortSet(lookupAccess(m, "internet-ipv6", "sg-a"))).toBe("tcp all ports; udp all ports; icmpv6; gre");
      expect(lookupAccess(m, "internet", "sg-a")).toEqual([]);
    });
    test("prefix-list entries are nodes", () => {
      const m = accessMatrix({
        groups: [vpcGroup("sg-a", [tcpIn("443/443", { prefixListId: "pl-1" })])],
        prefixLists: [{ id: "pl-1", cidrs: ["198.51.100.0/24", "192.0.2.0/24"] }],
      });
      expect(m.nodes).toEqual(["sg-a", "internet", "192.0.2.0/24", "198.51.100.0/24"]);
      expect(formatPortSet(lookupAccess(m, "198.51.100.0/24", "sg-a"))).toBe("tcp 443");
      expect(lookupAccess(m, "internet", "sg-a")).toEqual([]);
    });
  });

  describe("validation", () => {
    test.each<[string, Record<string, unknown>, string, string]>([
      ["a bad CIDR in groupAddresses", { "sg-a": ["10.0.0.0/33"] }, "invalid-cidr", "options.groupAddresses.sg-a[0]"],
      ["groupAddresses that are not a list", { "sg-a": "10.0.0.0/8" }, "invalid-object", "options.groupAddresses.sg-a"],
    ])("refuses %s", (_name, groupAddresses, code, field) => {
      let err: unknown;
      try {
        accessMatrix({ groups: [vpcGroup("sg-a", [])] }, { groupAddresses: groupAddresses as Record<string, string[]> });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ValidationError);
      expect(err).toMatchObject({ code, field });
    });
    test("refuses a group named like a node", () => {
      expect(() => accessMatrix({ groups: [{ id: "internet", vpcId: "vpc-1", rules: [] }] })).toThrow(expect.objectContaining({ code: "duplicate-id" }));
    });
  });
});
