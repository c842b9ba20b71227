/**
 * What the intent findings say: the intent in words (its selectors, ports, reason and who
 * declared it), the witness flow, who each end is (a component's tier, a group, an instance, an
 * outside address), each side's deciding rule, the fix, and the group the finding sits on.
 */
import { checkNetwork } from "../../lib/checks/check-network";
import { Finding } from "../../lib/checks/finding";
import { intentText, selectorText, witnessFlowText } from "../../lib/checks/intent-proof";
import { Intent } from "../../lib/analysis/intents";
import { Port } from "../../lib/model/port";
import { NetworkModel } from "../../lib/model/network";

const NETWORK: NetworkModel = {
  groups: [
    { id: "sg-web", vpcId: "vpc-1", tags: { role: "web" }, rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" }] },
    { id: "sg-db", vpcId: "vpc-1", tags: { role: "db" }, rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", sourceSecurityGroupId: "sg-web" }] },
  ],
};
const CONTEXT = { components: { shop: { type: "ThreeTierSecurityGroups", tiers: { web: ["sg-web"], db: ["sg-db"] } } } };
const web = { component: "shop", tier: "web" };
const db = { component: "shop", tier: "db" };

const intentFindings = (network: NetworkModel, intents: Intent[], options: object = {}): Finding[] => checkNetwork(network, { intents, intentContext: CONTEXT, ...options }).filter((f) => f.check === "broken-intent" || f.check === "unproven-intent");

describe("broken-intent: the intent, the witness and who each end is", () => {
  test("a component's deny-intent broken by a world-open rule: the tier by its component, the outside sender, the rule that allows it", () => {
    const [f] = intentFindings(NETWORK, [{ id: "a", from: "internet", to: web, ports: [22, "udp:53", Port.tcp(443)], expect: "deny", declaredBy: 'ThreeTierSecurityGroups "shop"', because: "" }]);
    expect(f).toMatchObject({ check: "broken-intent", severity: "high", groupId: "sg-web", intentId: "a" });
    expect(f.message).toBe(
      'Intent "a" (deny internet -> component shop tier web on 22, udp:53, tcp:443; declared by ThreeTierSecurityGroups "shop") is broken: tcp:22 from 1.0.0.0 to member of sg-web (10.0.0.0) is allowed: ingress rule 0 of sg-web (accept tcp:22 from 0.0.0.0/0, priority 1) allows it. Sender: 1.0.0.0, outside the network; receiver: ThreeTierSecurityGroups "shop" web (sg-web). Deciding rules: receiver\'s side: ingress rule 0 of sg-web (accept tcp:22 from 0.0.0.0/0, priority 1) allows it.',
    );
    expect(f.fix).toBe('Close the path (ingress rule 0 of sg-web allows it): narrow or remove the rule that allows it, or add a drop at a better priority; or correct the intent. An accepted exception goes in the exemptions file: { check: "broken-intent", rule: "a", reason }.');
  });

  test("an allow-intent between two tiers denied by the receiver's default: both sides' deciding words, the default named in the fix", () => {
    const [f] = intentFindings(NETWORK, [{ id: "b", from: web, to: db, ports: [5432], expect: "allow" }]);
    expect(f).toMatchObject({ groupId: "sg-db", intentId: "b" });
    expect(f.message).toBe(
      'Intent "b" (allow component shop tier web -> component shop tier db on 5432) is broken: tcp:5432 from member of sg-web (10.0.0.0) to member of sg-db (10.0.0.0) is denied: no ingress rule of member of sg-db\'s group sg-db matches, so the basic default denies inbound traffic. Sender: ThreeTierSecurityGroups "shop" web (sg-web); receiver: ThreeTierSecurityGroups "shop" db (sg-db). Deciding rules: sender\'s side: no egress rule of member of sg-web\'s group sg-web matches, so the basic default allows outbound traffic; receiver\'s side: no ingress rule of member of sg-db\'s group sg-db matches, so the basic default denies inbound traffic.',
    );
    expect(f.fix).toMatch(/^Open the path on the side that denies it \(the ingress default denies it\): an ingress accept for it at a better priority/);
  });

  test("a component without a type is a component; a tier without a name is left out", () => {
    const intents: Intent[] = [{ id: "solo", from: "internet", to: { component: "solo" }, ports: [22], expect: "deny" }];
    const [f] = checkNetwork(NETWORK, { intents, intentContext: { components: { solo: { tiers: { "": ["sg-web"] } } } } }).filter((x) => x.check === "broken-intent");
    expect(f.groupId).toBe("sg-web");
    expect(f.message).toContain('; receiver: component "solo" (sg-web).');
  });

  test("without components, the ends are groups and instances", () => {
    const network = { ...NETWORK, instances: [{ id: "i-db", privateIp: "10.0.2.5", groups: ["sg-db"] }] };
    const [f] = checkNetwork(network, { intents: [{ id: "c", from: { cidr: "10.0.0.0/8" }, to: { group: "sg-db" }, ports: ["icmp"], expect: "allow" }] }).filter((x) => x.check === "broken-intent");
    expect(f.groupId).toBe("sg-db");
    expect(f.message).toMatch(/^Intent "c" \(allow 10\.0\.0\.0\/8 -> group sg-db on icmp\) is broken: icmp from 10\.0\.0\.0 to i-db is denied: .* Sender: 10\.0\.0\.0, outside the network; receiver: group sg-db, instance i-db\./);
  });
});

describe("unproven-intent on a network that cannot be judged", () => {
  const duplicate: NetworkModel = { groups: [NETWORK.groups[0], { id: "sg-web", vpcId: "vpc-1", rules: [] }, { id: "sg-db", vpcId: "vpc-1", tags: { role: "db" }, rules: [] }] };

  test("says why, once, and sits on the group the intent's receivers (else senders) name", () => {
    const findings = intentFindings(duplicate, [
      { id: "to-component", from: web, to: db, ports: [5432], expect: "allow" },
      { id: "to-group", from: { tags: { role: "web" } }, to: { group: "sg-db" }, ports: "*", expect: "allow" },
      { id: "from-tags", from: { tags: { role: "db" } }, to: "internet", ports: [443], expect: "deny" },
      { id: "from-component", from: { component: "shop" }, to: { cidr: "203.0.113.0/24" }, ports: [443], expect: "deny" },
      { id: "no-group", from: { tags: { role: "web", zone: "a" } }, to: "anywhere", ports: [443], expect: "deny" },
    ]);
    expect(findings.map((f) => [f.check, f.severity, f.intentId, f.groupId])).toEqual([
      ["unproven-intent", "medium", "to-component", "sg-db"],
      ["unproven-intent", "medium", "to-group", "sg-db"],
      ["unproven-intent", "medium", "from-tags", "sg-db"],
      ["unproven-intent", "medium", "from-component", "sg-web"],
      ["unproven-intent", "medium", "no-group", ""],
    ]);
    expect(findings[1].message).toBe('Intent "to-group" (allow tags role=web -> group sg-db on every protocol and port) is unproven: the network cannot be judged: groups[1].id is used by two groups (got "sg-web"). Give each group its own id.');
  });
});

describe("the words of intents", () => {
  test("selectors, ports and witness flows", () => {
    expect(selectorText("internet")).toBe("internet");
    expect(selectorText({ cidr: "203.0.113.0/24" })).toBe("203.0.113.0/24");
    expect(selectorText({ group: "sg-db" })).toBe("group sg-db");
    expect(selectorText({ tags: { role: "db", zone: "a" } })).toBe("tags role=db, zone=a");
    expect(selectorText({ component: "shop" })).toBe("component shop");
    expect(selectorText({ component: "shop", tier: "db" })).toBe("component shop tier db");
    expect(intentText({ expect: "deny", from: "anywhere", to: { group: "sg-db" }, ports: "*" })).toBe("deny anywhere -> group sg-db on every protocol and port");
    expect(intentText({ expect: "allow", from: "internet", to: { group: "sg-web" }, ports: [443, "udp:53", Port.tcp(8080)] })).toBe("allow internet -> group sg-web on 443, udp:53, tcp:8080");
    expect(witnessFlowText({ from: "203.0.113.1", to: "i-db", protocol: "tcp", port: 3306, allowed: true, reason: "" })).toBe("tcp:3306 from 203.0.113.1 to i-db");
    expect(witnessFlowText({ from: "203.0.113.1", to: "i-db", protocol: "icmp", allowed: true, reason: "" })).toBe("icmp from 203.0.113.1 to i-db");
  });
});
