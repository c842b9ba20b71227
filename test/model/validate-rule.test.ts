import fc from "fast-check";
import { RuleArgs, ValidationError, validateRule, validateRules } from "../../lib/model";

const base: RuleArgs = { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "203.0.113.7/32" };

function codeOf(rule: unknown): { code: string; field: string } | undefined {
  try {
    validateRule(rule as RuleArgs);
    return undefined;
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return { code: e.code, field: e.field };
  }
}

describe("validateRule", () => {
  describe("normalises what the provider accepts", () => {
    test.each<[string, Partial<RuleArgs> & Record<string, unknown>, Partial<RuleArgs>]>([
      ["fills policy accept and priority 1", {}, { policy: "accept", priority: 1 }],
      ["a bare IPv4 address means one host", { cidrIp: "203.0.113.7" }, { cidrIp: "203.0.113.7/32" }],
      ["host bits are cleared", { cidrIp: "10.159.6.18/12" }, { cidrIp: "10.144.0.0/12" }],
      ["IPv6 is written compressed", { cidrIp: undefined, ipv6CidrIp: "2001:DB8:0:0:0:0:0:1" }, { ipv6CidrIp: "2001:db8::1/128" }],
      ["::/0 in any spelling", { cidrIp: undefined, ipv6CidrIp: "0:0:0:0:0:0:0:0/0" }, { ipv6CidrIp: "::/0" }],
      ["icmp gets -1/-1", { ipProtocol: "icmp", portRange: undefined }, { portRange: "-1/-1" }],
      ["gre keeps -1/-1", { ipProtocol: "gre", portRange: "-1/-1" }, { portRange: "-1/-1" }],
      ["all gets -1/-1", { ipProtocol: "all", portRange: undefined }, { portRange: "-1/-1" }],
      ["icmpv6 with an IPv6 peer", { ipProtocol: "icmpv6", portRange: undefined, cidrIp: undefined, ipv6CidrIp: "::/0" }, { ipProtocol: "icmpv6", portRange: "-1/-1" }],
      ["a range", { portRange: "1/200" }, { portRange: "1/200" }],
      ["the whole range", { portRange: "1/65535" }, { portRange: "1/65535" }],
      ["udp", { ipProtocol: "udp", portRange: "53/53" }, { ipProtocol: "udp" }],
      ["egress", { type: "egress" }, { type: "egress" }],
      ["drop at priority 100", { policy: "drop", priority: 100 }, { policy: "drop", priority: 100 }],
      ["a source group is intranet", { cidrIp: undefined, sourceSecurityGroupId: "sg-bp1hv6wvmegs036" }, { sourceSecurityGroupId: "sg-bp1hv6wvmegs036", nicType: "intranet" }],
      ["a cross-account group", { cidrIp: undefined, sourceSecurityGroupId: "sg-bp174yoe2ib1sqj5", sourceGroupOwnerId: "1609982529920000" }, { sourceGroupOwnerId: "1609982529920000" }],
      ["the deprecated owner account is read", { cidrIp: undefined, sourceSecurityGroupId: "sg-a", sourceGroupOwnerAccount: "1609982529920000" }, { sourceGroupOwnerAccount: "1609982529920000" }],
      ["a prefix list is intranet", { cidrIp: undefined, prefixListId: "pl-bp1ftxljf2s2o4p" }, { prefixListId: "pl-bp1ftxljf2s2o4p", nicType: "intranet" }],
      ["classic internet rules", { nicType: "internet" }, { nicType: "internet" }],
      ["an empty cidrIp is no source", { cidrIp: "", prefixListId: "pl-1" }, { prefixListId: "pl-1" }],
      ["a description up to 512 characters", { description: "x".repeat(512) }, { description: "x".repeat(512) }],
      ["an empty description is none", { description: "" }, { description: undefined }],
    ])("%s", (_name, patch, expected) => {
      const out = validateRule({ ...base, ...patch } as RuleArgs);
      expect(out).toMatchObject(JSON.parse(JSON.stringify(expected)));
      for (const [k, v] of Object.entries(expected)) if (v === undefined) expect(out).not.toHaveProperty(k);
    });
  });

  describe("refuses what the provider rejects or would ignore", () => {
    test.each<[string, Record<string, unknown>, string, string]>([
      ["a direction in capitals", { type: "Ingress" }, "invalid-type", "type"],
      ["an unknown direction", { type: "inbound" }, "invalid-type", "type"],
      ["a protocol in capitals", { ipProtocol: "TCP" }, "invalid-protocol", "ipProtocol"],
      ["an unknown protocol", { ipProtocol: "sctp" }, "invalid-protocol", "ipProtocol"],
      ["200/1 (seed 001)", { portRange: "200/1" }, "invalid-port-range", "portRange"],
      ["port 0", { portRange: "0/22" }, "invalid-port-range", "portRange"],
      ["port 65536", { portRange: "22/65536" }, "invalid-port-range", "portRange"],
      ["a dash range", { portRange: "22-22" }, "invalid-port-range", "portRange"],
      ["one port without a slash", { portRange: "22" }, "invalid-port-range", "portRange"],
      ["-1/-1 for tcp", { portRange: "-1/-1" }, "invalid-port-range", "portRange"],
      ["tcp without a range", { portRange: undefined }, "invalid-port-range", "portRange"],
      ["icmp with a port", { ipProtocol: "icmp", portRange: "22/22" }, "invalid-port-range", "portRange"],
      ["all with a range", { ipProtocol: "all", portRange: "1/65535" }, "invalid-port-range", "portRange"],
      ["priority 0", { priority: 0 }, "invalid-priority", "priority"],
      ["priority 101", { priority: 101 }, "invalid-priority", "priority"],
      ["priority 110, the implicit defaults'", { priority: 110 }, "invalid-priority", "priority"],
      ["a fractional priority", { priority: 1.5 }, "invalid-priority", "priority"],
      ["a priority as text", { priority: "1" }, "invalid-priority", "priority"],
      ["the console word Allow", { policy: "Allow" }, "invalid-policy", "policy"],
      ["Accept in capitals", { policy: "Accept" }, "invalid-policy", "policy"],
      ["an unknown nic type", { nicType: "public" }, "invalid-nic-type", "nicType"],
      ["no source", { cidrIp: undefined }, "missing-source", "cidrIp"],
      ["an empty cidrIp alone", { cidrIp: "" }, "missing-source", "cidrIp"],
      ["two sources", { sourceSecurityGroupId: "sg-a" }, "multiple-sources", "cidrIp+sourceSecurityGroupId"],
      ["IPv6 in cidrIp", { cidrIp: "::/0" }, "wrong-ip-family", "cidrIp"],
      ["IPv4 in ipv6CidrIp", { cidrIp: undefined, ipv6CidrIp: "0.0.0.0/0" }, "wrong-ip-family", "ipv6CidrIp"],
      ["a prefix over 32", { cidrIp: "10.0.0.0/33" }, "invalid-cidr", "cidrIp"],
      ["a short address", { cidrIp: "10.1" }, "invalid-cidr", "cidrIp"],
      ["an address with spaces", { cidrIp: " 10.0.0.1" }, "invalid-cidr", "cidrIp"],
      ["a hostname", { cidrIp: "example.com" }, "invalid-cidr", "cidrIp"],
      ["a group id in account/id form", { cidrIp: undefined, sourceSecurityGroupId: "1609982529920000/sg-a" }, "invalid-security-group-id", "sourceSecurityGroupId"],
      ["a group id without sg-", { cidrIp: undefined, sourceSecurityGroupId: "web" }, "invalid-security-group-id", "sourceSecurityGroupId"],
      ["a prefix list id without pl-", { cidrIp: undefined, prefixListId: "list" }, "invalid-prefix-list-id", "prefixListId"],
      ["an owner without a group", { sourceGroupOwnerId: "123" }, "owner-without-group", "sourceGroupOwnerId"],
      ["an owner account without a group", { sourceGroupOwnerAccount: "123" }, "owner-without-group", "sourceGroupOwnerAccount"],
      ["a non-numeric owner id", { cidrIp: undefined, sourceSecurityGroupId: "sg-a", sourceGroupOwnerId: "acme" }, "invalid-owner", "sourceGroupOwnerId"],
      ["a source group on an internet rule", { cidrIp: undefined, sourceSecurityGroupId: "sg-a", nicType: "internet" }, "nic-type-mismatch", "nicType"],
      ["a prefix list on an internet rule", { cidrIp: undefined, prefixListId: "pl-a", nicType: "internet" }, "nic-type-mismatch", "nicType"],
      ["icmpv6 with an IPv4 peer", { ipProtocol: "icmpv6", portRange: undefined }, "protocol-family-mismatch", "ipProtocol"],
      ["icmp with an IPv6 peer", { ipProtocol: "icmp", portRange: undefined, cidrIp: undefined, ipv6CidrIp: "::/0" }, "protocol-family-mismatch", "ipProtocol"],
      ["a description over 512 characters", { description: "x".repeat(513) }, "invalid-description", "description"],
    ])("refuses %s", (_name, patch, code, field) => {
      expect(codeOf({ ...base, ...patch })).toEqual({ code, field });
    });

    test.each([[null], [undefined], ["rule"], [42], [[base]]])("refuses %p as a rule", (value) => {
      expect(codeOf(value)).toEqual({ code: "invalid-object", field: "rule" });
    });
  });

  test("messages quote the value and say the fix", () => {
    expect(() => validateRule({ ...base, portRange: "200/1" })).toThrow('alicloud-secgroups: portRange starts after it ends (got "200/1"). Write the smaller port first: "1/200".');
    expect(() => validateRule({ ...base, ipProtocol: "TCP" as never })).toThrow(/Write it as "tcp"/);
    expect(() => validateRule({ ...base, cidrIp: undefined, sourceSecurityGroupId: "1609982529920000/sg-a" })).toThrow(/sourceSecurityGroupId to "sg-a" and sourceGroupOwnerId to "1609982529920000"/);
  });

  test("validateRules names the index of the bad rule", () => {
    try {
      validateRules([base, { ...base, priority: 0 }]);
      throw new Error("expected a ValidationError");
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe("rules[1].priority");
      expect((e as ValidationError).message).toMatch(/^alicloud-secgroups: rules\[1\]\.priority /);
    }
  });

  describe("properties", () => {
    const fieldValue = fc.oneof(
      fc.constantFrom("ingress", "egress", "tcp", "udp", "icmp", "icmpv6", "gre", "all", "accept", "drop", "intranet", "internet", "-1/-1", "22/22", "1/65535", "200/1", "0.0.0.0/0", "10.0.0.1", "::/0", "2001:db8::/32", "sg-abc", "pl-abc", "123456", "", "x"),
      fc.integer({ min: -5, max: 120 }),
      fc.string(),
      fc.constant(undefined),
      fc.constant(null),
      fc.boolean(),
    );
    const ruleLike = fc.record(
      {
        type: fieldValue,
        ipProtocol: fieldValue,
        portRange: fc.oneof(fieldValue, fc.tuple(fc.integer({ min: -2, max: 70000 }), fc.integer({ min: -2, max: 70000 })).map(([a, b]) => `${a}/${b}`)),
        nicType: fieldValue,
        policy: fieldValue,
        priority: fieldValue,
        cidrIp: fc.oneof(fieldValue, fc.ipV4(), fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 40 })).map(([a, p]) => `${a}/${p}`)),
        ipv6CidrIp: fc.oneof(fieldValue, fc.ipV6(), fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 130 })).map(([a, p]) => `${a}/${p}`)),
        sourceSecurityGroupId: fieldValue,
        sourceGroupOwnerId: fieldValue,
        sourceGroupOwnerAccount: fieldValue,
        prefixListId: fieldValue,
        description: fieldValue,
      },
      { requiredKeys: [] },
    );
    const anything = fc.oneof(ruleLike, fc.anything());

    test("any value either validates to a rule that re-validates to itself, or throws ValidationError", () => {
      fc.assert(
        fc.property(anything, (value) => {
          let out: RuleArgs;
          try {
            out = validateRule(value as RuleArgs);
          } catch (e) {
            return e instanceof ValidationError;
          }
          expect(validateRule(out)).toEqual(out);
          return true;
        }),
        { seed: 42, numRuns: 3000 },
      );
    });

    test("validation is idempotent on valid rules", () => {
      const valid = fc.record({
        type: fc.constantFrom("ingress", "egress" as const),
        ipProtocol: fc.constantFrom("tcp", "udp" as const),
        from: fc.integer({ min: 1, max: 65535 }),
        len: fc.integer({ min: 0, max: 1000 }),
        cidr: fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })),
        priority: fc.integer({ min: 1, max: 100 }),
        policy: fc.constantFrom("accept", "drop" as const),
      });
      fc.assert(
        fc.property(valid, (v) => {
          const rule: RuleArgs = { type: v.type, ipProtocol: v.ipProtocol, portRange: `${v.from}/${Math.min(65535, v.from + v.len)}`, cidrIp: `${v.cidr[0]}/${v.cidr[1]}`, priority: v.priority, policy: v.policy };
          const once = validateRule(rule);
          expect(validateRule(once)).toEqual(once);
        }),
        { seed: 7, numRuns: 1000 },
      );
    });
  });
});
