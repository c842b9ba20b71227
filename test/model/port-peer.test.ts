import { Peer, Port, SERVICES, ValidationError, WORKBENCH_CIDRS, validateRule } from "../../lib/model";

function code(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (e instanceof ValidationError) return e.code;
    throw e;
  }
}

describe("Port", () => {
  test.each([
    [Port.tcp(22), "tcp:22", "22/22"],
    [Port.tcpRange(8000, 8080), "tcp:8000-8080", "8000/8080"],
    [Port.udp(53), "udp:53", "53/53"],
    [Port.udpRange(10000, 20000), "udp:10000-20000", "10000/20000"],
    [Port.allTcp(), "tcp:1-65535", "1/65535"],
    [Port.icmp(), "icmp", "-1/-1"],
    [Port.icmpv6(), "icmpv6", "-1/-1"],
    [Port.gre(), "gre", "-1/-1"],
    [Port.allTraffic(), "all", "-1/-1"],
  ])("%s renders as %s and portRange %s", (port, text, range) => {
    expect(String(port)).toBe(text);
    expect(port.portRange).toBe(range);
  });

  test("well-known constants", () => {
    expect([Port.SSH, Port.RDP, Port.HTTP, Port.HTTPS, Port.MYSQL, Port.POSTGRESQL, Port.SQL_SERVER, Port.ORACLE, Port.REDIS, Port.MONGODB, Port.FTP].map(String)).toEqual(["tcp:22", "tcp:3389", "tcp:80", "tcp:443", "tcp:3306", "tcp:5432", "tcp:1433", "tcp:1521", "tcp:6379", "tcp:27017", "tcp:21"]);
  });

  test("all ports is flagged", () => {
    expect(Port.allTcp().isAllPorts).toBe(true);
    expect(Port.allTraffic().isAllPorts).toBe(true);
    expect(Port.tcp(22).isAllPorts).toBe(false);
  });

  test.each([[() => Port.tcp(0)], [() => Port.tcp(65536)], [() => Port.tcp(22.5)], [() => Port.udp(NaN)]])("refuses a bad port %#", (fn) => {
    expect(code(fn)).toBe("invalid-port");
  });

  test("refuses a reversed range", () => {
    expect(code(() => Port.tcpRange(200, 1))).toBe("invalid-port-range");
  });

  test("every port's rule fields validate", () => {
    for (const p of [Port.tcp(22), Port.udpRange(1, 2), Port.icmp(), Port.gre(), Port.allTraffic()]) {
      expect(() => validateRule({ type: "ingress", ...p.toRuleFields(), cidrIp: "10.0.0.0/8" })).not.toThrow();
    }
  });
});

describe("Peer", () => {
  test.each([
    [Peer.ipv4("10.0.0.5"), "10.0.0.5/32", { cidrIp: "10.0.0.5/32" }],
    [Peer.ipv4("10.1.2.3/8"), "10.0.0.0/8", { cidrIp: "10.0.0.0/8" }],
    [Peer.ipv6("2001:db8::1"), "2001:db8::1/128", { ipv6CidrIp: "2001:db8::1/128" }],
    [Peer.cidr("::/0"), "::/0", { ipv6CidrIp: "::/0" }],
    [Peer.anyIpv4(), "0.0.0.0/0", { cidrIp: "0.0.0.0/0" }],
    [Peer.anyIpv6(), "::/0", { ipv6CidrIp: "::/0" }],
    [Peer.securityGroup("sg-web"), "sg-web", { sourceSecurityGroupId: "sg-web" }],
    [Peer.securityGroup("sg-b", "1609982529920000"), "1609982529920000/sg-b", { sourceSecurityGroupId: "sg-b", sourceGroupOwnerId: "1609982529920000" }],
    [Peer.prefixList("pl-a"), "pl-a", { prefixListId: "pl-a" }],
  ])("%s", (peer, text, fields) => {
    expect(String(peer)).toBe(text);
    expect(peer.toRuleFields()).toEqual(fields);
  });

  test("anywhere is recognised in any spelling", () => {
    expect(Peer.ipv6("0:0:0:0:0:0:0:0/0").isAnyAddress).toBe(true);
    expect(Peer.ipv4("1.2.3.4/0").isAnyAddress).toBe(true);
    expect(Peer.ipv4("10.0.0.0/8").isAnyAddress).toBe(false);
    expect(Peer.securityGroup("sg-a").isAnyAddress).toBe(false);
  });

  test.each<[() => unknown, string]>([
    [() => Peer.ipv4("::/0"), "invalid-cidr"],
    [() => Peer.ipv6("10.0.0.0/8"), "invalid-cidr"],
    [() => Peer.ipv4("10.0.0.0/33"), "invalid-cidr"],
    [() => Peer.securityGroup("web"), "invalid-security-group-id"],
    [() => Peer.securityGroup("sg-a", "acme"), "invalid-owner"],
    [() => Peer.prefixList("list"), "invalid-prefix-list-id"],
  ])("refuses bad input %#", (fn, expected) => {
    expect(code(fn)).toBe(expected);
  });
});

describe("catalogue", () => {
  test("services carry their port and source", () => {
    expect(SERVICES.SSH.port).toBe(Port.SSH);
    expect(SERVICES.ICMP.port.protocol).toBe("icmp");
    for (const s of Object.values(SERVICES)) expect(s.source.length).toBeGreaterThan(0);
  });

  test("Workbench ranges are the documented ones", () => {
    expect(WORKBENCH_CIDRS).toEqual({ public: "161.117.0.0/16", private: "100.104.0.0/16" });
  });
});
