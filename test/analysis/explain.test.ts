import { explainSide } from "../../lib/analysis/explain";
import { evaluateFlow } from "../../lib/analysis/evaluate-flow";
import { NetworkModel } from "../../lib/model/network";

describe("explainSide: one side's verdict in words", () => {
  // Two members of a basic group whose inner access is Accept, and a drop of tcp 22 from the group itself.
  const model: NetworkModel = {
    groups: [{ id: "sg-web", vpcId: "vpc-1", innerAccessPolicy: "Accept", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", policy: "drop", priority: 1, sourceSecurityGroupId: "sg-web" }] }],
    instances: [{ id: "i-1", privateIp: "10.0.0.1", groups: ["sg-web"] }, { id: "i-2", privateIp: "10.0.0.2", groups: ["sg-web"] }],
    prefixLists: [],
  };

  test("a side that inner access decided says so, never that no rule matched and the default allowed it", () => {
    const d = evaluateFlow(model, { from: "i-1", to: "i-2", protocol: "tcp", port: 22 });
    expect(d.allowed).toBe(true);
    expect(d.ingress?.decidedBy).toBe("inner-access");
    const text = explainSide(d.ingress!, ["sg-web"]);
    expect(text).toBe("both are members of basic group sg-web, whose innerAccessPolicy Accept allows it whatever its rules say");
    expect(text).not.toMatch(/default/);
  });

  test("a rule's side names the rule; a default's names the groups", () => {
    const closed: NetworkModel = { ...model, groups: [{ ...model.groups[0], innerAccessPolicy: "Drop" }] };
    const d = evaluateFlow(closed, { from: "i-1", to: "i-2", protocol: "tcp", port: 22 });
    expect(explainSide(d.ingress!, ["sg-web"])).toBe("ingress rule 0 of sg-web (drop tcp:22 from sg-web, priority 1) denies it");
    const other = evaluateFlow(closed, { from: "i-1", to: "i-2", protocol: "tcp", port: 80 });
    expect(explainSide(other.ingress!, ["sg-web"], "members of sg-web are isolated (innerAccessPolicy Drop)")).toBe("no ingress rule of i-2's group sg-web matches, so the basic default denies inbound traffic; members of sg-web are isolated (innerAccessPolicy Drop)");
  });

  test("words are made once per rule and per interface, and made again when anything they read differs", () => {
    const closed: NetworkModel = { ...model, groups: [{ ...model.groups[0], innerAccessPolicy: "Drop" }] };
    const d = evaluateFlow(closed, { from: "i-1", to: "i-2", protocol: "tcp", port: 22 });
    const v = d.ingress!;
    expect(explainSide(v, ["sg-web"])).toBe(explainSide(v, ["sg-web"]));
    // The same rule object, another port or peer, another verdict: the words follow.
    const rule = v.rule!;
    expect(explainSide({ ...v, rule: { ...rule } }, ["sg-web"])).toBe("ingress rule 0 of sg-web (drop tcp:22 from sg-web, priority 1) denies it");
    const changed = { ...rule };
    expect(explainSide({ ...v, rule: changed }, ["sg-web"])).toContain("tcp:22 from sg-web");
    changed.portRange = "23/23";
    changed.sourceSecurityGroupId = "sg-app";
    expect(explainSide({ ...v, rule: changed }, ["sg-web"])).toBe("ingress rule 0 of sg-web (drop tcp:23 from sg-app, priority 1) denies it");
    expect(explainSide({ ...v, rule: changed, priority: 5 }, ["sg-web"])).toBe("ingress rule 0 of sg-web (drop tcp:23 from sg-app, priority 5) denies it");
    expect(explainSide({ ...v, rule: changed, ruleIndex: 3, allowed: true, policy: "accept" }, ["sg-web"])).toBe("ingress rule 3 of sg-web (accept tcp:23 from sg-app, priority 1) allows it");
    // A default's words read the interface's groups (by content, not by list object), its type and the isolation.
    const other = evaluateFlow(closed, { from: "i-1", to: "i-2", protocol: "tcp", port: 80 }).ingress!;
    const groups = ["sg-web"];
    expect(explainSide(other, groups)).toBe("no ingress rule of i-2's group sg-web matches, so the basic default denies inbound traffic");
    groups.push("sg-app");
    expect(explainSide(other, groups)).toBe("no ingress rule of i-2's groups sg-web, sg-app matches, so the basic default denies inbound traffic");
    expect(explainSide({ ...other, groupType: "enterprise" }, groups)).toContain("so the enterprise default denies");
    expect(explainSide(other, groups, "members of sg-web are isolated (innerAccessPolicy Drop)")).toMatch(/; members of sg-web are isolated/);
    expect(explainSide({ ...other, instanceId: "i-9", direction: "egress", allowed: true }, groups)).toBe("no egress rule of i-9's groups sg-web, sg-app matches, so the basic default allows outbound traffic");
  });

  test("every field the words read, changed alone, gives the words a fresh reading gives", () => {
    const closed: NetworkModel = { ...model, groups: [{ ...model.groups[0], innerAccessPolicy: "Drop" }] };
    const v = evaluateFlow(closed, { from: "i-1", to: "i-2", protocol: "tcp", port: 22 }).ingress!;
    // The same rule object, read once (its words kept), then changed one field at a time: each
    // answer must be the one a copy (never seen, so read afresh) gets.
    const rule = { ...v.rule! };
    const fresh = (verdict: typeof v) => explainSide({ ...verdict, rule: { ...verdict.rule! } }, ["sg-web"]);
    const ruleChanges: Partial<typeof rule>[] = [
      { ipProtocol: "udp" },
      { portRange: "23/23" },
      { sourceSecurityGroupId: undefined, cidrIp: "10.0.0.0/8" },
      { sourceSecurityGroupId: undefined, ipv6CidrIp: "2001:db8::/32" },
      { sourceSecurityGroupId: undefined, prefixListId: "pl-1" },
      { sourceSecurityGroupId: "sg-app" },
      { sourceGroupOwnerId: "1234" },
      { sourceGroupOwnerAccount: "acct" },
    ];
    for (const change of ruleChanges) {
      const held = { ...v, rule };
      explainSide(held, ["sg-web"]);
      const saved = { ...rule };
      Object.assign(rule, change);
      expect(explainSide(held, ["sg-web"])).toBe(fresh(held));
      for (const k of Object.keys(rule) as (keyof typeof rule)[]) delete rule[k];
      Object.assign(rule, saved);
    }
    const verdictChanges: Partial<typeof v>[] = [{ direction: "egress" }, { ruleIndex: 7 }, { groupId: "sg-other" }, { policy: "accept", allowed: true }, { policy: "accept" }, { allowed: true }, { priority: 9 }];
    for (const change of verdictChanges) {
      explainSide({ ...v, rule }, ["sg-web"]);
      expect(explainSide({ ...v, ...change, rule }, ["sg-web"])).toBe(fresh({ ...v, ...change, rule }));
    }
    // A default's words: the list of groups held and changed in place, and each other field alone.
    const other = evaluateFlow(closed, { from: "i-1", to: "i-2", protocol: "tcp", port: 80 }).ingress!;
    const groups = ["sg-web"];
    const afresh = (verdict: typeof other, isolation?: string) => explainSide(verdict, [...groups], isolation);
    explainSide(other, groups);
    groups[0] = "sg-app";
    expect(explainSide(other, groups)).toBe(afresh(other));
    groups.push("sg-db");
    expect(explainSide(other, groups)).toBe(afresh(other));
    const defaultChanges: Partial<typeof other>[] = [{ direction: "egress" }, { instanceId: "i-9" }, { groupType: "enterprise" }, { allowed: true }];
    for (const change of defaultChanges) {
      explainSide(other, groups);
      expect(explainSide({ ...other, ...change }, groups)).toBe(afresh({ ...other, ...change }));
    }
    explainSide(other, groups, "members of sg-app are isolated (innerAccessPolicy Drop)");
    expect(explainSide(other, groups, "members of sg-db are isolated (innerAccessPolicy Drop)")).toBe(afresh(other, "members of sg-db are isolated (innerAccessPolicy Drop)"));
    expect(explainSide(other, groups)).toBe(afresh(other));
  });
});
