import { applyExemptions, exemptionsFrom, loadExemptions, reviewNetwork } from "../../lib/checks/exemptions";
import { checkNetwork } from "../../lib/checks/check-network";
import { NetworkModel } from "../../lib/model/network";
import { ingress } from "./helpers";

const network: NetworkModel = {
  groups: [
    {
      id: "sg-vpn",
      vpcId: "vpc-1",
      rules: [
        ingress({ ipProtocol: "udp", portRange: "51820/51820" }), // WireGuard, the program's purpose
        ingress(), // SSH from anywhere
        { type: "ingress", ipProtocol: "tcp", cidrIp: "0.0.0.0/0" } as never, // invalid: no port range
      ],
    },
  ],
};
const names = ["vpn-wireguard", "vpn-ssh", "vpn-broken"];
const naming = { ruleName: (_: string, i: number) => names[i] };

describe("reviewNetwork with exemptions", () => {
  test("acknowledges a finding by resource name, with the reason, and keeps it", () => {
    const exemptions = loadExemptions("- { check: world-open-non-web, rule: vpn-wireguard, reason: the VPN endpoint }", "ex.yaml");
    const { findings, stale } = reviewNetwork(network, { exemptions, naming });
    const wg = findings.find((f) => f.ruleIndex === 0);
    expect(wg?.acknowledged).toEqual({ reason: "the VPN endpoint", exemption: "ex.yaml[0]" });
    expect(findings.find((f) => f.ruleIndex === 1)?.acknowledged).toBeUndefined();
    expect(stale).toEqual([]);
  });

  test("acknowledges by <group id>/<rule key>", () => {
    const exemptions = loadExemptions("- { check: world-open-non-web, rule: sg-vpn/in-accept-p1-udp:51820-from-0.0.0.0/0, reason: vpn }", "ex.yaml");
    expect(reviewNetwork(network, { exemptions }).findings.find((f) => f.ruleIndex === 0)?.acknowledged?.reason).toBe("vpn");
  });

  test("an exemption of one check of a rule leaves the rule's next worst check leading", () => {
    const exemptions = loadExemptions("- { check: public-admin-port, rule: vpn-ssh, reason: honeypot }", "ex.yaml");
    const ssh = reviewNetwork(network, { exemptions, naming }).findings.find((f) => f.ruleIndex === 1);
    expect([ssh?.check, ssh?.severity, ssh?.alsoFails, ssh?.acknowledged]).toEqual(["world-open-non-web", "medium", ["public-admin-port"], undefined]);
  });

  test("a rule is acknowledged when every check it fails is", () => {
    const exemptions = loadExemptions("- { check: public-admin-port, rule: vpn-ssh, reason: honeypot }\n- { check: world-open-non-web, rule: vpn-ssh, reason: honeypot }", "ex.yaml");
    const ssh = reviewNetwork(network, { exemptions, naming }).findings.find((f) => f.ruleIndex === 1);
    expect([ssh?.check, ssh?.acknowledged?.reason]).toEqual(["public-admin-port", "honeypot"]);
  });

  test("reports an exemption that matches nothing as stale", () => {
    const exemptions = loadExemptions("- { check: public-database-port, rule: vpn-ssh, reason: old }\n- { check: world-open-non-web, rule: gone, reason: old }", "ex.yaml");
    expect(reviewNetwork(network, { exemptions, naming }).stale.map((e) => e.where)).toEqual(["ex.yaml[0]", "ex.yaml[1]"]);
  });

  test("never hides an invalid rule", () => {
    const invalid = checkNetwork(network).filter((f) => f.check === "invalid-rule");
    expect(invalid).toHaveLength(1);
    const forged = [{ check: "invalid-rule", rule: "vpn-broken", reason: "forged", where: "code" }];
    const out = applyExemptions(invalid, forged, network, naming);
    expect(out.findings[0].acknowledged).toBeUndefined();
  });

  test("acknowledges group and instance findings by their id", () => {
    const full: NetworkModel = { groups: ["a", "b", "c", "d", "e", "f"].map((id) => ({ id: `sg-${id}`, vpcId: "vpc-1", rules: [] })), instances: [{ id: "i-1", privateIp: "10.0.0.1", groups: ["sg-a", "sg-b", "sg-c", "sg-d", "sg-e", "sg-f"] }] };
    const exemptions = loadExemptions("- { check: group-quota, rule: i-1, reason: the account allows 10 }", "ex.yaml");
    const quota = reviewNetwork(full, { exemptions }).findings.find((f) => f.check === "group-quota");
    expect(quota?.acknowledged?.reason).toBe("the account allows 10");
  });
});

describe("an exemption acknowledges the rule it names, and only that rule", () => {
  // Two groups with the same two world-open VPN ports: every rule fails world-open-non-web only.
  const udp = (port: number) => ingress({ ipProtocol: "udp", portRange: `${port}/${port}` });
  const twoGroups: NetworkModel = {
    groups: [
      { id: "sg-a", vpcId: "vpc-1", rules: [udp(51820), udp(1194)] },
      { id: "sg-b", vpcId: "vpc-1", rules: [udp(51820), udp(1194)] },
    ],
  };
  const ruleNames: Record<string, string[]> = { "sg-a": ["a-wireguard", "a-openvpn"], "sg-b": ["b-wireguard", "b-openvpn"] };
  const ruleIds: Record<string, string[]> = { "sg-a": ["sgr-a0", "sgr-a1"], "sg-b": ["sgr-b0", "sgr-b1"] };
  const naming = { ruleName: (g: string, i: number) => ruleNames[g]?.[i], ruleId: (g: string, i: number) => ruleIds[g]?.[i] };
  const acknowledged = (rule: string) => {
    const exemptions = loadExemptions(`- { check: world-open-non-web, rule: "${rule}", reason: vpn }`, "ex.yaml");
    const { findings, stale } = reviewNetwork(twoGroups, { exemptions, naming });
    expect(findings.map((f) => f.check)).toEqual(Array(4).fill("world-open-non-web"));
    expect(stale).toEqual([]);
    return findings.filter((f) => f.acknowledged).map((f) => `${f.groupId}[${f.ruleIndex}]`);
  };

  test.each([
    ["<group>/<rule key>", "sg-a/in-accept-p1-udp:51820-from-0.0.0.0/0", ["sg-a[0]"]],
    ["the same key in the other group", "sg-b/in-accept-p1-udp:51820-from-0.0.0.0/0", ["sg-b[0]"]],
    ["its resource name", "a-openvpn", ["sg-a[1]"]],
    ["its cloud rule id", "sgr-b1", ["sg-b[1]"]],
  ])("by %s", (_, rule, expected) => {
    expect(acknowledged(rule)).toEqual(expected);
  });

  test("an exemption naming the rule of another check leaves this one unacknowledged and is stale", () => {
    const exemptions = loadExemptions("- { check: public-admin-port, rule: a-wireguard, reason: vpn }", "ex.yaml");
    const { findings, stale } = reviewNetwork(twoGroups, { exemptions, naming });
    expect(findings.some((f) => f.acknowledged)).toBe(false);
    expect(stale.map((e) => e.where)).toEqual(["ex.yaml[0]"]);
  });
});

describe("what an exemption names, and what it leaves alone", () => {
  test("a group finding is acknowledged by its group id or one of the group's names, and by no other group's", () => {
    const unused: NetworkModel = { complete: true, groups: [{ id: "sg-b", vpcId: "vpc-1", rules: [] }, { id: "sg-c", vpcId: "vpc-1", rules: [] }] };
    const acknowledged = (rule: string) => {
      const exemptions = loadExemptions(`- { check: unused-group, rule: ${rule}, reason: kept for the failover }`, "ex.yaml");
      const { findings } = reviewNetwork(unused, { exemptions, naming: { groupNames: (g: string) => (g === "sg-b" ? ["failover-group"] : []) } });
      expect(findings.map((f) => [f.check, f.groupId])).toEqual([["unused-group", "sg-b"], ["unused-group", "sg-c"]]);
      return findings.filter((f) => f.acknowledged).map((f) => f.groupId);
    };
    expect(acknowledged("sg-b")).toEqual(["sg-b"]);
    expect(acknowledged("failover-group")).toEqual(["sg-b"]);
    expect(acknowledged("sg-d")).toEqual([]);
  });

  test("an instance finding is acknowledged by its own instance id only", () => {
    const groups = ["a", "b", "c", "d", "e", "f"].map((id) => `sg-${id}`);
    const full: NetworkModel = { groups: groups.map((id) => ({ id, vpcId: "vpc-1", rules: [] })), instances: [{ id: "i-1", privateIp: "10.0.0.1", groups }, { id: "i-2", privateIp: "10.0.0.2", groups }] };
    const exemptions = loadExemptions("- { check: group-quota, rule: i-1, reason: the account allows 10 }", "ex.yaml");
    const quota = reviewNetwork(full, { exemptions }).findings.filter((f) => f.check === "group-quota");
    expect(quota.map((f) => [f.instanceId, f.acknowledged?.reason])).toEqual([["i-1", "the account allows 10"], ["i-2", undefined]]);
  });

  test("a consolidated finding is acknowledged only when each check it fails is, with every reason and entry", () => {
    const [ssh] = checkNetwork(network).filter((f) => f.ruleIndex === 1);
    expect([ssh.check, ssh.alsoFails]).toEqual(["public-admin-port", ["world-open-non-web"]]);
    const one = loadExemptions("- { check: public-admin-port, rule: vpn-ssh, reason: honeypot }", "ex.yaml");
    expect(applyExemptions([ssh], one, network, naming).findings[0].acknowledged).toBeUndefined();
    const both = loadExemptions("- { check: public-admin-port, rule: vpn-ssh, reason: honeypot }\n- { check: world-open-non-web, rule: vpn-ssh, reason: audited }", "ex.yaml");
    expect(applyExemptions([ssh], both, network, naming).findings[0].acknowledged).toEqual({ reason: "honeypot; audited", exemption: "ex.yaml[0], ex.yaml[1]" });
  });

  test("diff exemptions are neither applied to findings nor reported stale here", () => {
    const entries = [{ diff: "broadening", rule: "vpn-ssh", reason: "migration", where: "ex.yaml[0]" }];
    const out = applyExemptions(checkNetwork(network), entries, network, naming);
    expect(out.findings.some((f) => f.acknowledged)).toBe(false);
    expect(out.stale).toEqual([]);
  });

  test("an exemption of an unknown check is refused, from YAML text and from a parsed value", () => {
    expect(() => loadExemptions("- { check: no-such-check, rule: vpn-ssh, reason: typo }", "ex.yaml")).toThrow(expect.objectContaining({ code: "invalid-exemption" }));
    expect(() => exemptionsFrom([{ check: "no-such-check", rule: "vpn-ssh", reason: "typo" }], "exemptions")).toThrow(expect.objectContaining({ code: "invalid-exemption" }));
    expect(exemptionsFrom([{ check: "public-admin-port", rule: "vpn-ssh", reason: "honeypot" }], "exemptions")).toEqual([expect.objectContaining({ check: "public-admin-port", rule: "vpn-ssh", reason: "honeypot" })]);
  });

  test("a rule key is read from the finding's own group, where the groups' rules differ", () => {
    const udp = (port: number) => ingress({ ipProtocol: "udp", portRange: `${port}/${port}` });
    const differ: NetworkModel = { groups: [{ id: "sg-a", vpcId: "vpc-1", rules: [udp(1194)] }, { id: "sg-b", vpcId: "vpc-1", rules: [udp(51820)] }] };
    const exemptions = loadExemptions('- { check: world-open-non-web, rule: "sg-b/in-accept-p1-udp:51820-from-0.0.0.0/0", reason: vpn }', "ex.yaml");
    const { findings, stale } = reviewNetwork(differ, { exemptions });
    expect(findings.map((f) => [f.groupId, f.acknowledged?.reason])).toEqual([["sg-a", undefined], ["sg-b", "vpn"]]);
    expect(stale).toEqual([]);
  });

  test("entries written as one (the same `where`) are stale only together; separate entries each on their own", () => {
    const entry = (rule: string, where?: string) => ({ check: "world-open-non-web", rule, reason: "vpn", ...(where === undefined ? {} : { where }) });
    const findings = checkNetwork(network, { consolidate: false });
    expect(applyExemptions(findings, [entry("vpn-wireguard", "code: VpnGroup vpn"), entry("vpn-gone", "code: VpnGroup vpn")], network, naming).stale).toEqual([]);
    expect(applyExemptions(findings, [entry("vpn-wireguard", "ex.yaml[0]"), entry("vpn-gone", "ex.yaml[1]")], network, naming).stale).toEqual([entry("vpn-gone", "ex.yaml[1]")]);
    expect(applyExemptions(findings, [entry("vpn-wireguard"), entry("vpn-gone")], network, naming).stale).toEqual([entry("vpn-gone")]);
  });

  test("the checks' options are honoured: only the checks asked for run", () => {
    const { findings } = reviewNetwork(network, { checks: { checks: ["world-open-non-web"] }, naming });
    expect(findings.map((f) => f.check)).toContain("world-open-non-web");
    expect(findings.map((f) => f.check)).not.toContain("public-admin-port");
  });
});
