import { Intent, intentFromArgs, proveIntents, stackPromises, validateIntents } from "../../lib/analysis/intents";
import { ValidationError } from "../../lib/model/errors";
import { NetworkModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";

const ingress = (r: Partial<RuleArgs>): RuleArgs => ({ type: "ingress", ipProtocol: "tcp", ...r }) as RuleArgs;
const egress = (r: Partial<RuleArgs>): RuleArgs => ({ type: "egress", ipProtocol: "tcp", ...r }) as RuleArgs;

/** A web tier open on 443 to the world, an app tier the web reaches on 8080, a db tier the app reaches on 3306 (no instances: stand-ins). */
function tiers(extra: { db?: RuleArgs[]; app?: RuleArgs[]; web?: RuleArgs[] } = {}): NetworkModel {
  return {
    groups: [
      { id: "sg-web", vpcId: "vpc-1", innerAccessPolicy: "Drop", tags: { role: "web" }, rules: [ingress({ portRange: "443/443", cidrIp: "0.0.0.0/0" }), ...(extra.web ?? [])] },
      { id: "sg-app", vpcId: "vpc-1", innerAccessPolicy: "Drop", tags: { role: "app" }, rules: [ingress({ portRange: "8080/8080", sourceSecurityGroupId: "sg-web" }), ...(extra.app ?? [])] },
      {
        id: "sg-db",
        name: "shop-db",
        vpcId: "vpc-1",
        innerAccessPolicy: "Drop",
        tags: { role: "db" },
        rules: [ingress({ portRange: "3306/3306", sourceSecurityGroupId: "sg-app" }), ingress({ portRange: "3306/3306", cidrIp: "0.0.0.0/0", policy: "drop", priority: 100 }), ...(extra.db ?? [])],
      },
    ],
  };
}

function one(model: NetworkModel, intent: Omit<Intent, "id">) {
  return proveIntents(model, [{ id: "x", ...intent }])[0];
}

describe("intents: what allow and deny mean over a region", () => {
  test("nothing from the internet reaches role=db: proven on every port and protocol", () => {
    expect(one(tiers(), { from: "internet", to: { tags: { role: "db" } }, ports: "*", expect: "deny" })).toMatchObject({ status: "proven" });
  });

  test("a raw world-open 3306 on the db breaks it, with a witness flow and the deciding rule in evaluateFlow's words", () => {
    const r = one(tiers({ db: [ingress({ portRange: "3306/3306", cidrIp: "0.0.0.0/0", priority: 1 })] }), { from: "internet", to: { tags: { role: "db" } }, ports: "*", expect: "deny" });
    expect(r.status).toBe("broken");
    expect(r.witness).toMatchObject({ protocol: "tcp", port: 3306, allowed: true, to: expect.stringMatching(/^member of sg-db \(/) });
    expect(r.witness?.reason).toMatch(/^tcp:3306 from 1\.0\.0\.0 to member of sg-db \(10\.0\.0\.0\) is allowed: ingress rule 2 of sg-db \(accept tcp:3306 from 0\.0\.0\.0\/0, priority 1\) allows it\.$/);
    expect(r.witness?.ingress).toMatchObject({ decidedBy: "rule", groupId: "sg-db", ruleIndex: 2, policy: "accept" });
  });

  test("internet is every public address of both families: a web tier open to 0.0.0.0/0 does not serve IPv6", () => {
    const r = one(tiers(), { from: "internet", to: { group: "sg-web" }, ports: [443], expect: "allow" });
    expect(r.status).toBe("broken");
    expect(r.witness).toMatchObject({ from: expect.stringContaining(":"), allowed: false });
    expect(one(tiers(), { from: "internet-ipv4", to: { group: "sg-web" }, ports: [443], expect: "allow" }).status).toBe("proven");
  });

  test("allow holds only when every port named passes: 80 is not open on the web tier", () => {
    const r = one(tiers(), { from: "internet-ipv4", to: { group: "sg-web" }, ports: [80, 443], expect: "allow" });
    expect(r).toMatchObject({ status: "broken", witness: { port: 80, allowed: false } });
  });

  test("web reaches app on 8080 and app reaches db on 3306 (both sides: basic egress allows)", () => {
    expect(one(tiers(), { from: { group: "sg-web" }, to: { group: "sg-app" }, ports: [8080], expect: "allow" }).status).toBe("proven");
    expect(one(tiers(), { from: { group: "sg-app" }, to: { group: "sg-db" }, ports: [3306], expect: "allow" }).status).toBe("proven");
    expect(one(tiers(), { from: { group: "sg-web" }, to: { group: "sg-db" }, ports: [3306], expect: "deny" }).status).toBe("proven");
  });

  test("a restricted sender: a drop-all egress breaks the allow, with the sender's side in the witness", () => {
    const model = tiers({ app: [egress({ ipProtocol: "all", portRange: "-1/-1", cidrIp: "0.0.0.0/0", policy: "drop", priority: 100 })] });
    const r = one(model, { from: { group: "sg-app" }, to: { group: "sg-db" }, ports: [3306], expect: "allow" });
    expect(r).toMatchObject({ status: "broken", witness: { allowed: false, egress: { decidedBy: "rule", groupId: "sg-app", policy: "drop" } } });
    expect(r.witness?.reason).toMatch(/is denied: egress rule 1 of sg-app \(drop all to 0\.0\.0\.0\/0, priority 100\) denies it\.$/);
  });

  test("restricted egress of IPv4 only still lets IPv6 out: the deny to the internet is broken over IPv6", () => {
    const model = tiers({ app: [egress({ ipProtocol: "all", portRange: "-1/-1", cidrIp: "0.0.0.0/0", policy: "drop", priority: 100 })] });
    const r = one(model, { from: { group: "sg-app" }, to: "internet", ports: [443], expect: "deny" });
    expect(r).toMatchObject({ status: "broken", witness: { to: expect.stringContaining(":"), allowed: true, egress: { decidedBy: "default" } } });
    const both = tiers({ app: [egress({ ipProtocol: "all", portRange: "-1/-1", cidrIp: "0.0.0.0/0", policy: "drop", priority: 100 }), egress({ ipProtocol: "all", portRange: "-1/-1", ipv6CidrIp: "::/0", policy: "drop", priority: 100 })] });
    expect(one(both, { from: { group: "sg-app" }, to: "internet", ports: "*", expect: "deny" }).status).toBe("proven");
  });

  test("groups are found by id, name or tags; a selector that matches nothing makes the intent vacuous", () => {
    expect(one(tiers(), { from: { group: "sg-app" }, to: { group: "shop-db" }, ports: [3306], expect: "allow" }).status).toBe("proven");
    const r = one(tiers(), { from: "internet", to: { group: "sg-missing" }, ports: "*", expect: "deny" });
    expect(r).toMatchObject({ status: "vacuous", notes: [expect.stringContaining("sg-missing")] });
    expect(one(tiers(), { from: "internet", to: { tags: { role: "cache" } }, ports: "*", expect: "deny" }).status).toBe("vacuous");
  });

  test("a group with instances stands for them, each with all its groups; without, for one member at any private address", () => {
    const model: NetworkModel = { ...tiers(), instances: [{ id: "i-db", privateIp: "10.0.3.10", groups: ["sg-db"] }] };
    const r = one({ ...model, groups: model.groups.map((g) => (g.id === "sg-db" ? { ...g, rules: [ingress({ portRange: "3306/3306", cidrIp: "10.0.0.0/8" })] } : g)) }, { from: { group: "sg-app" }, to: { group: "sg-db" }, ports: [3306], expect: "allow" });
    // The app's stand-in may be at any private address: 192.168.0.0 is outside 10.0.0.0/8.
    expect(r).toMatchObject({ status: "broken", witness: { from: "member of sg-app (172.16.0.0)", to: "i-db" } });
  });

  test("two members of one basic group with inner access Accept reach each other on everything", () => {
    const model: NetworkModel = { groups: [{ id: "sg-mesh", vpcId: "vpc-1", rules: [] }] };
    expect(one(model, { from: { group: "sg-mesh" }, to: { group: "sg-mesh" }, ports: "*", expect: "allow" }).status).toBe("proven");
    const r = one(model, { from: { group: "sg-mesh" }, to: { group: "sg-mesh" }, ports: [22], expect: "deny" });
    expect(r).toMatchObject({ status: "broken", witness: { allowed: true } });
    expect(r.witness?.reason).toContain("innerAccessPolicy Accept");
  });

  test("an address block stands for its hosts and for the instances inside it", () => {
    const model: NetworkModel = { ...tiers(), instances: [{ id: "i-app", privateIp: "10.0.2.5", groups: ["sg-app"] }, { id: "i-db", privateIp: "10.0.3.10", groups: ["sg-db"] }] };
    expect(one(model, { from: "10.0.2.0/24", to: { group: "sg-db" }, ports: [3306], expect: "allow" })).toMatchObject({ status: "broken", witness: { from: "10.0.2.0" } });
    expect(one(model, { from: "10.0.2.5", to: { group: "sg-db" }, ports: [3306], expect: "allow" }).status).toBe("proven");
  });

  test("unless: a component's deny leaves out what another component's allow covers, exactly", () => {
    const model = tiers({ web: [ingress({ portRange: "22/22", cidrIp: "100.104.0.0/16" })] });
    const base = { from: "anywhere" as const, to: { group: "sg-web" }, ports: [22], expect: "deny" as const };
    expect(one(model, base).status).toBe("broken");
    expect(one(model, { ...base, unless: [{ from: "100.104.0.0/16", to: { group: "sg-web" }, ports: [22] }] }).status).toBe("proven");
    // A narrower exception leaves the rest of the rule's block a violation.
    expect(one(model, { ...base, unless: [{ from: "100.104.0.0/17", to: { group: "sg-web" }, ports: [22] }] })).toMatchObject({ status: "broken", witness: { from: "100.104.128.0" } });
  });

  test("values known only at deploy time make an intent about them unproven", () => {
    const r = proveIntents(tiers(), [{ id: "x", from: "internet", to: { group: "sg-db" }, ports: "*", expect: "deny" }], { unknown: new Map([["sg-db", "the db tier's vpcId is an output"]]) })[0];
    expect(r).toMatchObject({ status: "unproven", notes: ["the db tier's vpcId is an output"] });
  });

  test("component selectors read the context's tiers", () => {
    const context = { components: { shop: { type: "ThreeTierSecurityGroups", tiers: { web: ["sg-web"], app: ["sg-app"], db: ["sg-db"] } } } };
    expect(proveIntents(tiers(), [{ id: "x", from: { component: "shop", tier: "app" }, to: { component: "shop", tier: "db" }, ports: [3306], expect: "allow" }], context)[0].status).toBe("proven");
    expect(proveIntents(tiers(), [{ id: "x", from: "internet", to: { component: "shop", tier: "cache" }, ports: "*", expect: "deny" }], context)[0]).toMatchObject({ status: "vacuous", notes: [expect.stringContaining("no tier \"cache\"")] });
  });
});

describe("intents proved together", () => {
  test("two deny-intents whose exceptions cut a stand-in member differently are each judged on their own pieces", () => {
    // sg-b admits SSH from 10.1.0.0/16 only; sg-a has no member, so its stand-in holds every private address.
    const model: NetworkModel = { groups: [{ id: "sg-a", vpcId: "vpc-1", rules: [] }, { id: "sg-b", vpcId: "vpc-1", innerAccessPolicy: "Drop", rules: [ingress({ portRange: "22/22", cidrIp: "10.1.0.0/16" })] }] };
    const deny = (id: string, except: string): Intent => ({ id, from: { group: "sg-a" }, to: { group: "sg-b" }, ports: "*", expect: "deny", declaredBy: "X", unless: [{ from: except, to: { group: "sg-b" }, ports: "*" }] });
    // Leaving out 10.1.0.0/16 leaves nothing that passes; leaving out 10.2.0.0/16 leaves 10.1.0.0/16, which reaches SSH.
    const [first, second] = proveIntents(model, [deny("a", "10.1.0.0/16"), deny("b", "10.2.0.0/16")]);
    expect(first.status).toBe("proven");
    expect(second).toMatchObject({ status: "broken", witness: { port: 22, from: "member of sg-a (10.1.0.0)" } });
    expect(proveIntents(model, [deny("b", "10.2.0.0/16")])[0].status).toBe("broken");
  });

  test("a deny-intent over every address is kept by a side that drops everything, and broken by a shared open group", () => {
    const dropAll = [egress({ ipProtocol: "all", portRange: "-1/-1", cidrIp: "0.0.0.0/0", policy: "drop", priority: 100 }), egress({ ipProtocol: "all", portRange: "-1/-1", ipv6CidrIp: "::/0", policy: "drop", priority: 100 })];
    const instances = Array.from({ length: 50 }, (_, i) => ({ id: `i-${i}`, privateIp: `10.0.0.${i + 1}`, groups: [i === 0 ? "sg-out" : "sg-other"] }));
    const model = (inner: "Accept" | "Drop"): NetworkModel => ({
      groups: [
        { id: "sg-out", vpcId: "vpc-1", innerAccessPolicy: inner, rules: [...dropAll, egress({ portRange: "443/443", cidrIp: "47.96.0.10" })] },
        { id: "sg-other", vpcId: "vpc-1", innerAccessPolicy: inner, rules: [ingress({ ipProtocol: "all", portRange: "-1/-1", cidrIp: "0.0.0.0/0" })] },
      ],
      instances: inner === "Accept" ? [...instances, { id: "i-both", privateIp: "10.0.1.1", groups: ["sg-out", "sg-other"] }] : instances,
    });
    const mail = { from: { group: "sg-out" }, to: "anywhere" as const, ports: [25], expect: "deny" as const };
    // 49 instances and every other IPv4 address; no IPv6 (the sender has none).
    expect(one(model("Drop"), mail)).toMatchObject({ status: "proven", pairs: 50 });
    // i-0 and i-both share sg-out, open inside: they reach each other whatever the drops say.
    expect(one(model("Accept"), mail)).toMatchObject({ status: "broken", witness: { protocol: "tcp", port: 25, allowed: true } });
    expect(one(model("Drop"), { ...mail, ports: [443] })).toMatchObject({ status: "broken", witness: { to: "47.96.0.10", port: 443 } });
  });

  test("a group whose id is known only at deploy time (not in the network yet) makes an intent about it unproven, not vacuous", () => {
    const r = proveIntents(tiers(), [{ id: "x", from: "internet", to: { group: "(unknown) shop-db" }, ports: "*", expect: "deny" }], { unknown: new Map([["(unknown) shop-db", "the id of the shop-db group is known only at deploy time"]]) })[0];
    expect(r).toMatchObject({ status: "unproven", notes: ["the id of the shop-db group is known only at deploy time"] });
    expect(proveIntents(tiers(), [{ id: "x", from: "internet", to: { group: "sg-nothing" }, ports: "*", expect: "deny" }])[0].status).toBe("vacuous");
  });
});

describe("stackPromises", () => {
  const allowTo = { id: "shop/allow-to", from: { group: "sg-web" }, to: { group: "sg-db" }, ports: [5432], expect: "allow" as const, declaredBy: 'ThreeTierSecurityGroups "shop"' };
  const webToDb = { id: "shop/web-to-db", from: { group: "sg-web" }, to: { group: "sg-db" }, ports: "*" as const, expect: "deny" as const, declaredBy: 'ThreeTierSecurityGroups "shop"' };
  const user = { id: "mine", from: { group: "sg-web" }, to: { group: "sg-db" }, ports: "*" as const, expect: "deny" as const };

  test("a component's deny leaves out what a later declaration allows, its own verbs' included; a user's intent is never narrowed", () => {
    const [deny, , mine] = stackPromises([[webToDb], [allowTo], [user]]);
    expect(deny.unless).toEqual([{ from: { group: "sg-web" }, to: { group: "sg-db" }, ports: [5432] }]);
    expect(mine).toBe(user);
    const model = tiers({ web: [egress({ portRange: "5432/5432", sourceSecurityGroupId: "sg-db" })], db: [ingress({ portRange: "5432/5432", sourceSecurityGroupId: "sg-web" })] });
    expect(proveIntents(model, stackPromises([[webToDb], [allowTo], [user]])).map((r) => [r.id, r.status])).toEqual([["shop/web-to-db", "proven"], ["shop/allow-to", "proven"], ["mine", "broken"]]);
  });

  test("a world-open allow leaves out its whole block", () => {
    const clients = { id: "c", from: "internet-ipv4", to: { group: "sg-web" }, ports: [443], expect: "allow" as const, declaredBy: "A" };
    const deny = { id: "d", from: "anywhere", to: { group: "sg-web" }, ports: "*" as const, expect: "deny" as const, declaredBy: "B" };
    expect(stackPromises([[clients], [deny]])[1].unless).toEqual([{ from: "0.0.0.0/0", to: { group: "sg-web" }, ports: [443] }]);
  });
});

describe("intents: validation", () => {
  test.each([
    [[{ id: "a", from: "internet", to: { group: "sg-db" }, ports: "*", expect: "block" }], "intents[0].expect"],
    [[{ id: "a", from: "internet", to: { group: "sg-db" }, ports: ["tcp:70000"], expect: "deny" }], "intents[0].ports[0]"],
    [[{ id: "a", from: "the internet", to: { group: "sg-db" }, ports: "*", expect: "deny" }], "intents[0].from"],
    [[{ id: "a", from: "internet", to: { group: "sg-db", tags: { a: "b" } }, ports: "*", expect: "deny" }], "intents[0].to"],
    [[{ id: "a", from: "internet", to: { tier: "db" }, ports: "*", expect: "deny" }], "intents[0].to.tier"],
    [[{ id: "a", from: "internet", to: { group: "sg-db" }, ports: "*", expect: "deny", becuase: "x" }], "intents[0].becuase"],
    [[{ id: "a", from: "internet", to: { group: "sg-db" }, ports: "*", expect: "deny" }, { id: "a", from: "internet", to: { group: "sg-app" }, ports: "*", expect: "deny" }], "intents[1].id"],
  ])("refuses %j naming %s", (value, field) => {
    try {
      validateIntents(value);
      throw new Error("accepted");
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).field).toBe(field);
    }
  });

  test("a region object several deny-intents share is read once: each holds the one region read from it, and a bad one is named where it first stands", () => {
    const shared = { from: { group: "sg-app" }, to: { group: "sg-db" }, ports: [3306] };
    const deny = (id: string, unless: unknown[]) => ({ id, from: "internet", to: { group: "sg-db" }, ports: "*", expect: "deny", declaredBy: "X", unless });
    const [a, b, c] = validateIntents([deny("a", [shared]), deny("b", [{ ...shared }, shared]), deny("c", [])]);
    expect(a.unless).toEqual([{ from: { group: "sg-app" }, to: { group: "sg-db" }, ports: [3306] }]);
    expect(b.unless?.[1]).toBe(a.unless?.[0]);
    expect(b.unless?.[0]).toEqual(a.unless?.[0]);
    expect(c.unless).toEqual([]);
    // Read once: what the object says later is not read again (the intents hold what was checked).
    expect(b.unless?.[1].ports).toEqual([3306]);
    const bad = { from: "the internet", to: { group: "sg-db" }, ports: "*" };
    try {
      validateIntents([deny("a", []), deny("b", [bad]), deny("c", [bad])]);
      throw new Error("accepted");
    } catch (e) {
      expect((e as ValidationError).field).toBe("intents[1].unless[0].from");
    }
    // An extra field in a shared region is refused where it first stands, whatever came before.
    expect(() => validateIntents([deny("a", [{ ...shared, extra: 1 }])])).toThrow(/intents\[0\]\.unless\[0\]\.extra/);
  });

  test("the union-free form reads as the intent it says", () => {
    expect(intentFromArgs({ id: "a", from: { internet: true }, to: { tags: { role: "db" } }, allPorts: true, expect: "deny", because: "PCI" })).toEqual({ id: "a", from: "internet", to: { tags: { role: "db" } }, ports: "*", expect: "deny", because: "PCI" });
    expect(intentFromArgs({ id: "b", from: { group: "sg-app" }, to: { cidr: "203.0.113.0/24" }, ports: ["udp:53"], portNumbers: [443], expect: "allow" })).toEqual({ id: "b", from: { group: "sg-app" }, to: "203.0.113.0/24", ports: ["udp:53", 443], expect: "allow" });
  });
});
