/**
 * The intent findings by the way each verdict came about: an allow-intent denied by a rule or by
 * a default (which side, named in the fix), a deny-intent passed by a rule or by no rule, and an
 * intent left unproven by what only deployment tells (the plan's values said, the fix for a
 * bare id). Each test builds its network inside the test.
 */
import { checkNetwork } from "../../lib/checks/check-network";
import { Intent } from "../../lib/analysis/intents";
import { NetworkModel } from "../../lib/model/network";

const exempt = (id: string) => `An accepted exception goes in the exemptions file: { check: "broken-intent", rule: "${id}", reason }.`;

function estate(): NetworkModel {
  return {
    groups: [
      { id: "sg-web", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" }] },
      {
        id: "sg-db",
        vpcId: "vpc-1",
        rules: [
          { type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", sourceSecurityGroupId: "sg-web" },
          { type: "ingress", ipProtocol: "tcp", portRange: "5432/5432", sourceSecurityGroupId: "sg-web", policy: "drop" },
          { type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", cidrIp: "203.0.113.0/24" },
        ],
      },
      { id: "sg-ent", vpcId: "vpc-1", type: "enterprise", rules: [] },
    ],
    instances: [
      { id: "i-web", privateIp: "10.0.1.5", groups: ["sg-web"] },
      { id: "i-db", privateIp: "10.0.2.5", groups: ["sg-db"] },
      { id: "i-ent", privateIp: "10.0.3.5", groups: ["sg-ent"] },
    ],
  };
}

const findings = (intents: Intent[], pending?: Map<string, string>) => checkNetwork(estate(), { intents, checks: ["broken-intent", "unproven-intent"], ...(pending ? { intentContext: { pending } } : {}) });

describe("broken-intent", () => {
  test("an allow-intent a receiver's drop denies: the rule in the message and in the fix", () => {
    expect(findings([{ id: "pg", from: { group: "sg-web" }, to: { group: "sg-db" }, ports: [5432], expect: "allow" }])).toEqual([
      {
        check: "broken-intent",
        severity: "high",
        groupId: "sg-db",
        intentId: "pg",
        message:
          "Intent \"pg\" (allow group sg-web -> group sg-db on 5432) is broken: tcp:5432 from i-web to i-db is denied: ingress rule 1 of sg-db (drop tcp:5432 from sg-web, priority 1) denies it. Sender: group sg-web, instance i-web; receiver: group sg-db, instance i-db. Deciding rules: sender's side: no egress rule of i-web's group sg-web matches, so the basic default allows outbound traffic; receiver's side: ingress rule 1 of sg-db (drop tcp:5432 from sg-web, priority 1) denies it.",
        fix: `Open the path on the side that denies it (ingress rule 1 of sg-db denies it): an ingress accept for it at a better priority than what decides it now, or pass the sender's group where the receiver's component accepts sources so the library writes both sides; or correct the intent. ${exempt("pg")}`,
      },
    ]);
  });

  test("an allow-intent an enterprise sender's default denies: the sender's side is the one to open, an egress accept", () => {
    const [f] = findings([{ id: "ent", from: { group: "sg-ent" }, to: { group: "sg-db" }, ports: [3306], expect: "allow" }]);
    expect(f.fix).toBe(
      `Open the path on the side that denies it (the egress default denies it): an egress accept for it at a better priority than what decides it now, or pass the sender's group where the receiver's component accepts sources so the library writes both sides; or correct the intent. ${exempt("ent")}`,
    );
    expect(f.message).toContain("Deciding rules: sender's side: no egress rule of i-ent's group sg-ent matches, so the enterprise default denies outbound traffic; receiver's side:");
  });

  test("a deny-intent a receiver's accept passes: the rule that allows it in the fix", () => {
    const [f] = findings([{ id: "nodb", from: "internet", to: { group: "sg-db" }, ports: [3306], expect: "deny" }]);
    expect(f.fix).toBe(`Close the path (ingress rule 2 of sg-db allows it): narrow or remove the rule that allows it, or add a drop at a better priority; or correct the intent. ${exempt("nodb")}`);
  });

  test("a deny-intent that defaults pass (members of one group, inner access Accept) names no rule", () => {
    const network = estate();
    network.instances = [...(network.instances ?? []), { id: "i-web-2", privateIp: "10.0.1.6", groups: ["sg-web"] }];
    const [f] = checkNetwork(network, { intents: [{ id: "mesh", from: { group: "sg-web" }, to: { group: "sg-web" }, ports: [22], expect: "deny" }], checks: ["broken-intent"] });
    expect(f.fix).toBe(`Close the path: narrow or remove the rule that allows it, or add a drop at a better priority; or correct the intent. ${exempt("mesh")}`);
    expect(f.message).toContain("whose innerAccessPolicy Accept lets members reach each other");
  });

  test("kept intents and unproven ones are no broken-intent finding", () => {
    expect(checkNetwork(estate(), { intents: [{ id: "ok", from: { group: "sg-web" }, to: { group: "sg-db" }, ports: [3306], expect: "allow" }], checks: ["broken-intent"] })).toEqual([]);
    const pending = new Map([["nodb", "the block is known only at deploy time"]]);
    expect(checkNetwork(estate(), { intents: [{ id: "nodb", from: "internet", to: { group: "sg-db" }, ports: [3306], expect: "deny" }], checks: ["broken-intent"], intentContext: { pending } })).toEqual([]);
  });
});

describe("unproven-intent", () => {
  test("a broken intent that depends on a bare id: what the plan's values would do, and the fix to pass the resource", () => {
    const pending = new Map([["nodb", "sg-db's id is passed as a bare output: Pass the resource"]]);
    expect(findings([{ id: "nodb", from: "internet", to: { group: "sg-db" }, ports: [3306], expect: "deny" }], pending)).toEqual([
      {
        check: "unproven-intent",
        severity: "medium",
        groupId: "sg-db",
        intentId: "nodb",
        message:
          'Intent "nodb" (deny internet -> group sg-db on 3306) is unproven: sg-db\'s id is passed as a bare output: Pass the resource. On the values the network was read with, tcp:3306 from 203.0.113.0 to i-db is allowed: ingress rule 2 of sg-db (accept tcp:3306 from 203.0.113.0/24, priority 1) allows it.',
        fix: "Pass the group resource, not its id, where the component takes the group: the library then knows which group it is (and writes both sides of the path); then plan again.",
      },
    ]);
  });

  test("a bare id among other notes still asks for the resource, each note said", () => {
    const network: NetworkModel = { groups: [{ id: "sg-web", vpcId: "vpc-1", rules: [] }, { id: "sg-web", vpcId: "vpc-1", rules: [] }] };
    const pending = new Map([["x", "sg-web's id is a bare output: pass the resource"]]);
    const [f] = checkNetwork(network, { checks: ["unproven-intent"], intents: [{ id: "x", from: "internet", to: { group: "sg-web" }, ports: [22], expect: "deny" }], intentContext: { pending } });
    expect(f.message).toBe('Intent "x" (deny internet -> group sg-web on 22) is unproven: the network cannot be judged: groups[1].id is used by two groups (got "sg-web"). Give each group its own id; sg-web\'s id is a bare output: pass the resource.');
    expect(f.fix).toMatch(/^Pass the group resource, not its id/);
  });

  test("a kept intent that depends on a deploy-time value: no witness to tell, the fix to settle the value", () => {
    const pending = new Map([["ok", "the block of sg-web is known only at deploy time"]]);
    expect(findings([{ id: "ok", from: { group: "sg-web" }, to: { group: "sg-db" }, ports: [3306], expect: "allow" }], pending)).toEqual([
      {
        check: "unproven-intent",
        severity: "medium",
        groupId: "sg-db",
        intentId: "ok",
        message: 'Intent "ok" (allow group sg-web -> group sg-db on 3306) is unproven: the block of sg-web is known only at deploy time.',
        fix: "Settle what was unknown (give the value in code, or answer it with --answers), then plan again; or audit the deployed stack, where every value is known.",
      },
    ]);
  });
});
