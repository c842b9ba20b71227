/**
 * The findings of the input checks (`unresolved-rule`, `incomplete-input`, `conflicting-rule-id`)
 * as an audit reports them: the severity follows what a rule's readable parts could open, taking
 * every unreadable part at its worst, and the message says the rule as far as it was read.
 */
import { resolveCheckOptions } from "../../lib/checks/check-options";
import { conflictingRuleIdFinding, describeParts, incompleteInputFinding, inputCheckEnabled, unresolvedRuleFinding } from "../../lib/checks/input-gaps";
import { NetworkModel } from "../../lib/model/network";

const defaults = resolveCheckOptions({});

/** The finding of a rule left out of the evaluation, read from `parts` in group sg-1. */
function unresolved(parts: Record<string, unknown>, network?: NetworkModel, options = defaults) {
  return unresolvedRuleFinding({ groupId: "sg-1", parts, reason: "priority 0 is out of range. ", where: "sgr-1" }, network, options);
}

const world = (o: Record<string, unknown> = {}) => ({ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0", ...o });

describe("unresolved-rule: as severe as what the readable parts could open", () => {
  test("a world-open range over admin and database ports is high, naming the watched ports it holds in the options' order", () => {
    const f = unresolved(world({ portRange: "20/3400", priority: 0 }));
    expect(f).toEqual({
      check: "unresolved-rule",
      severity: "high",
      groupId: "sg-1",
      message: "rule sgr-1 (ingress accept tcp 20/3400 from 0.0.0.0/0, priority 0) is left out of the evaluation: priority 0 is out of range: as far as it can be read, it could open port 22, 3389, 3306, 1433, 1521 to every address.",
      fix: "Correct the rule so it can be read (or export it again unchanged); until then what it allows is unknown. Acknowledge it with a reason if it is known to be harmless.",
    });
  });

  test.each<[string, Record<string, unknown>, string]>([
    ["a range ending on a watched port", world({ portRange: "1/22" }), "port 22"],
    ["a range starting on one", world({ portRange: "27017/30000" }), "port 27017"],
    ["every port", world({ portRange: "1/65535" }), "every port"],
    ["protocol all", world({ ipProtocol: "all", portRange: "-1/-1" }), "every port"],
    ["a protocol spelt in another case, with spaces", world({ ipProtocol: " UDP\t", portRange: "3389/3389" }), "port 3389"],
    ["a protocol the model has no word for", world({ ipProtocol: "sctp" }), "every port"],
    ["a protocol number", world({ ipProtocol: 6 }), "every port"],
    ["an unreadable port range", world({ portRange: "1/-1" }), "every port"],
    ["a port range from 0", world({ portRange: "0/21" }), "every port"],
    ["a port range past 65535", world({ portRange: "23/65536" }), "every port"],
    ["a reversed port range", world({ portRange: "30/20" }), "every port"],
    ["a port list", world({ portRange: ["22"] }), "every port"],
    ["no peer at all", world({ cidrIp: undefined }), "port 22"],
    ["an unreadable block", world({ cidrIp: "10.0.0.0/40", portRange: "3306/3306" }), "port 3306"],
    ["the IPv6 world", world({ cidrIp: undefined, ipv6CidrIp: "::/0", portRange: "6379/6379" }), "port 6379"],
  ])("high: %s from every address", (_, parts, ports) => {
    const f = unresolved(parts);
    expect(f.severity).toBe("high");
    expect(f.message).toMatch(new RegExp(`: as far as it can be read, it could open ${ports} to every address\\.$`));
  });

  test("a range to 65535 that does not start at 1 is not every port", () => {
    expect(unresolved(world({ portRange: "2/65535" })).message).toMatch(/it could open port 22, 3389, 3306, 5432, 1433, 1521, 6379, 27017 to every address\.$/);
    expect(Object.keys(unresolved(world()))).not.toContain("configRule");
  });

  test("a watched port named twice in the options is named once", () => {
    const f = unresolved(world(), undefined, resolveCheckOptions({ adminPorts: [22], databasePorts: [22] }));
    expect(f.message).toMatch(/it could open port 22 to every address\.$/);
  });

  test("a group of another account (by id or by account name) on a watched port is high", () => {
    const byId = unresolved(world({ cidrIp: undefined, sourceSecurityGroupId: "sg-x", sourceGroupOwnerId: "123", portRange: "3306/3306" }));
    expect(byId.severity).toBe("high");
    expect(byId.message).toBe("rule sgr-1 (ingress accept tcp 3306/3306 from sg-x of account 123) is left out of the evaluation: priority 0 is out of range: as far as it can be read, it could open port 3306 to a group of another account.");
    const byName = unresolved(world({ cidrIp: undefined, sourceSecurityGroupId: "sg-x", sourceGroupOwnerAccount: "partner" }));
    expect(byName.severity).toBe("high");
    expect(byName.message).toContain("(ingress accept tcp 22/22 from sg-x of account partner)");
  });

  test("every address on no watched port, or a portless protocol, is medium: it could admit every address", () => {
    for (const parts of [world({ portRange: "8080/8080" }), world({ portRange: "23/1432" }), world({ ipProtocol: "icmp", portRange: "-1/-1" })]) {
      const f = unresolved(parts);
      expect(f.severity).toBe("medium");
      expect(f.message).toMatch(/: priority 0 is out of range: as far as it can be read, it could admit every address\.$/);
    }
  });

  test.each<[string, Record<string, unknown>]>([
    ["an egress rule (in any case)", world({ type: " Egress" })],
    ["a drop", world({ policy: "DROP" })],
    ["a private block", world({ cidrIp: "10.0.0.0/8" })],
    ["a group of this account", world({ cidrIp: undefined, sourceSecurityGroupId: "sg-x" })],
    ["a group of another account on no watched port", world({ cidrIp: undefined, sourceSecurityGroupId: "sg-x", sourceGroupOwnerId: "123", portRange: "8080/8080" })],
  ])("low: %s", (_, parts) => {
    const f = unresolved(parts);
    expect(f.severity).toBe("low");
    expect(f.message).toMatch(/is left out of the evaluation: priority 0 is out of range\.$/);
  });

  test("a prefix list is every address when it holds the world, is not described, or holds an unreadable entry", () => {
    const net: NetworkModel = { groups: [], prefixLists: [{ id: "pl-office", cidrs: ["203.0.113.0/24"] }, { id: "pl-any", cidrs: ["203.0.113.0/24", "::/0"] }, { id: "pl-odd", cidrs: ["not a block"] }, { id: "pl-none" } as never] };
    const severity = (id: string, network: NetworkModel | undefined) => unresolved(world({ cidrIp: undefined, prefixListId: id }), network).severity;
    expect(severity("pl-office", net)).toBe("low");
    expect(severity("pl-any", net)).toBe("high");
    expect(severity("pl-odd", net)).toBe("high");
    expect(severity("pl-none", net)).toBe("high");
    expect(severity("pl-unknown", net)).toBe("high");
    expect(severity("pl-office", undefined)).toBe("high");
  });

  test("one readable private peer does not hide a world one beside it", () => {
    expect(unresolved(world({ cidrIp: "10.0.0.0/8", ipv6CidrIp: "::/0" })).severity).toBe("high");
    expect(unresolved(world({ cidrIp: "", ipv6CidrIp: "2001:db8::/32" })).severity).toBe("low");
  });

  test("a severity given in the options wins", () => {
    const f = unresolved(world(), undefined, resolveCheckOptions({ severities: { "unresolved-rule": "low" } }));
    expect(f.severity).toBe("low");
  });
});

describe("describeParts: the rule as far as it was read", () => {
  test.each<[string, Record<string, unknown>, string]>([
    ["every part", { type: "ingress", policy: "drop", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0", priority: 5 }, "ingress drop tcp 22/22 from 0.0.0.0/0, priority 5"],
    ["an egress rule to a prefix list", { type: "egress", ipProtocol: "udp", portRange: "53/53", prefixListId: "pl-1" }, "egress accept udp 53/53 to pl-1"],
    ["nothing", {}, "? accept ? ? from ?"],
    ["empty and null parts", { type: "", ipProtocol: null, cidrIp: "" }, "? accept ? ? from ?"],
    ["odd text quoted", { type: "in gress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" }, '"in gress" accept tcp 22/22 from 0.0.0.0/0'],
    ["numbers, booleans, lists and objects", { type: true, ipProtocol: 6, portRange: [22], ipv6CidrIp: { a: 1 } }, "true accept 6 a list from a object"],
    ["the owner by id before the owner account", { sourceSecurityGroupId: "sg-x", sourceGroupOwnerId: "1", sourceGroupOwnerAccount: "2" }, "? accept ? ? from sg-x of account 1"],
  ])("%s", (_, parts, text) => {
    expect(describeParts(parts)).toBe(text);
  });

  test("long text is cut at 57 characters, and a value of exactly 60 plain characters is kept", () => {
    expect(describeParts({ cidrIp: "x".repeat(70) })).toBe(`? accept ? ? from "${"x".repeat(57)}..."`);
    expect(describeParts({ cidrIp: "x".repeat(60) })).toBe(`? accept ? ? from ${"x".repeat(60)}`);
    expect(describeParts({ cidrIp: "x ".repeat(30) })).toBe(`? accept ? ? from ${JSON.stringify("x ".repeat(30))}`);
    expect(describeParts({ cidrIp: "x".repeat(61) })).toBe(`? accept ? ? from "${"x".repeat(57)}..."`);
  });
});

describe("incomplete-input and conflicting-rule-id", () => {
  test("a group named without its rules is high, or low when the gap is accepted", () => {
    const f = incompleteInputFinding({ groupId: "sg-2", where: "instances.json $.Instances[0]" }, defaults);
    expect(f).toEqual({
      check: "incomplete-input",
      severity: "high",
      groupId: "sg-2",
      message: "group sg-2 is named (instances.json $.Instances[0]) but no file holds its rules: what it allows is unknown, and it is evaluated with the defaults only.",
      fix: "Export its rules too (aliyun ecs DescribeSecurityGroupAttribute --SecurityGroupId sg-2 > sg-2.json) and pass the file, or accept the gap with --allow-incomplete.",
    });
    expect(incompleteInputFinding({ groupId: "sg-2", where: "x" }, defaults, true).severity).toBe("low");
    expect(incompleteInputFinding({ groupId: "sg-2", where: "x" }, resolveCheckOptions({ severities: { "incomplete-input": "medium" } })).severity).toBe("medium");
  });

  test("one rule id naming two rules is medium, names the other group when it differs, and the rule when it is in the model", () => {
    const clash = { ruleId: "sgr-9", groupId: "sg-2", where: "b.json $.x", otherWhere: "a.json $.y", otherGroupId: "sg-1" };
    const f = conflictingRuleIdFinding(clash, defaults);
    expect(f).toMatchObject({ check: "conflicting-rule-id", severity: "medium", groupId: "sg-2" });
    expect(f.ruleIndex).toBeUndefined();
    expect(f.message).toBe("rule id sgr-9 names two different rules: a.json $.y (group sg-1) and b.json $.x; both are evaluated.");
    const same = conflictingRuleIdFinding({ ...clash, otherGroupId: "sg-2", ruleIndex: 3 }, defaults);
    expect(same.ruleIndex).toBe(3);
    expect(same.message).toBe("rule id sgr-9 names two different rules: a.json $.y and b.json $.x; both are evaluated.");
  });

  test("an input check runs unless the options name other checks", () => {
    expect(inputCheckEnabled("unresolved-rule", defaults)).toBe(true);
    expect(inputCheckEnabled("unresolved-rule", resolveCheckOptions({ checks: ["unresolved-rule"] }))).toBe(true);
    expect(inputCheckEnabled("unresolved-rule", resolveCheckOptions({ checks: ["incomplete-input"] }))).toBe(false);
  });
});
