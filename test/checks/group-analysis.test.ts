/**
 * A group as every check reads it (`GroupAnalysis`): the valid rules at their positions, each
 * refused rule with its refusal (never a throw), each rule's peer, ports, nic type and
 * protocols, and which rules never take effect.
 */
import { GroupAnalysis, componentPorts, fromAnywhere, sourceBlocks } from "../../lib/checks/group-analysis";
import { GroupModel, PrefixListModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { drop, ingress } from "./helpers";

const lists = new Map<string, PrefixListModel>([
  ["pl-1", { id: "pl-1", cidrs: ["10.0.0.0/8", "not a block"], maxEntries: 5 }],
  ["pl-any", { id: "pl-any", cidrs: ["0.0.0.0/0"], maxEntries: 0 }],
]);

describe("GroupAnalysis", () => {
  const throwing = {
    get type(): string {
      throw new Error("boom");
    },
  };
  // Read in each test: a mutation run credits only what runs inside a test.
  const read = () =>
    new GroupAnalysis(
      { id: "sg-test", vpcId: "vpc-1", rules: [ingress({ portRange: "2/1" }), throwing as unknown as RuleArgs, ingress({ sourceSecurityGroupId: "sg-p", sourceGroupOwnerAccount: "acct" }), ingress({ prefixListId: "pl-1" }), ingress({ prefixListId: "pl-2" }), ingress({ prefixListId: "pl-any", ipProtocol: "icmp", portRange: "-1/-1" })] },
      lists,
    );

  test("refused rules are listed with their refusal at their position; one that throws on reading is an invalid object", () => {
    const g = read();
    expect(g.invalid.map((i) => [i.index, i.error.code, i.error.field])).toEqual([
      [0, "invalid-port-range", "rules[0].portRange"],
      [1, "invalid-object", "rules[1]"],
    ]);
    expect(g.invalid[1].error.message).toBe("alicloud-secgroups: rules[1] could not be read (boom) (got [object Object]). Pass a rule object.");
    expect(g.rules.map((r) => r.index)).toEqual([2, 3, 4, 5]);
  });

  test("each peer as read: a group with its owner, a prefix list with its readable entries and capacity (or its length), an unknown list without entries", () => {
    const g = read();
    const peers = g.rules.map((r) => r.peer);
    expect(peers[0]).toEqual({ kind: "group", id: "sg-p", owner: "acct" });
    expect(peers[1]).toMatchObject({ kind: "prefix-list", id: "pl-1", maxEntries: 5 });
    expect(sourceBlocks(g.rules[1]).map((b) => b.text)).toEqual(["10.0.0.0/8"]);
    expect(peers[2]).toEqual({ kind: "prefix-list", id: "pl-2", entries: undefined, maxEntries: undefined });
    expect(sourceBlocks(g.rules[2])).toEqual([]);
    expect(peers[3]).toMatchObject({ kind: "prefix-list", id: "pl-any", maxEntries: 1 });
    expect(sourceBlocks(g.rules[0])).toEqual([]);
    expect(g.rules.map(fromAnywhere)).toEqual([false, false, false, true]);
  });

  test("ports, protocols, policy and priority as read", () => {
    const g = read();
    expect(g.rules.map((r) => [r.protocol, r.ports, r.components, r.policy, r.priority, r.nicType, r.direction])).toEqual([
      ["tcp", { from: 22, to: 22 }, ["tcp"], "accept", 1, "intranet", "ingress"],
      ["tcp", { from: 22, to: 22 }, ["tcp"], "accept", 1, "intranet", "ingress"],
      ["tcp", { from: 22, to: 22 }, ["tcp"], "accept", 1, "intranet", "ingress"],
      ["icmp", { from: 1, to: 65535 }, ["icmp"], "accept", 1, "intranet", "ingress"],
    ]);
    expect(componentPorts(g.rules[0], "tcp")).toEqual([{ from: 22, to: 22 }]);
    expect(componentPorts(g.rules[0], "icmp")).toEqual([{ from: 1, to: 65535 }]);
    expect(componentPorts(g.rules[3], "tcp")).toEqual([{ from: 1, to: 65535 }]);
  });

  test("a group id that is not text is named as given in refusals; rules that are not a list are none", () => {
    const odd = new GroupAnalysis({ id: 123, vpcId: "vpc-1", rules: [ingress({ nicType: "internet" })] } as unknown as GroupModel);
    expect(odd.invalid[0].error.message).toContain('but group "123" is in a VPC');
    const none = new GroupAnalysis({ id: "sg-n", vpcId: "vpc-1", rules: "x" } as unknown as GroupModel);
    expect([none.rules.length, none.invalid.length]).toEqual([0, 0]);
  });

  test("a udp rule's udp ports are its own; an enterprise group refuses a group peer", () => {
    const udp = new GroupAnalysis({ id: "sg-u", vpcId: "vpc-1", rules: [ingress({ ipProtocol: "udp", portRange: "53/53" })] });
    expect(componentPorts(udp.rules[0], "udp")).toEqual([{ from: 53, to: 53 }]);
    const ent = new GroupAnalysis({ id: "sg-e", vpcId: "vpc-1", type: "enterprise", rules: [ingress({ sourceSecurityGroupId: "sg-x" }), ingress()] });
    expect(ent.invalid.map((i) => [i.index, i.error.field])).toEqual([[0, "rules[0].sourceSecurityGroupId"]]);
    expect(ent.rules.map((r) => r.index)).toEqual([1]);
  });

  test("in a classic group, a CIDR rule defaults to internet and only an internet /0 is every address", () => {
    const c = new GroupAnalysis({ id: "sg-c", network: "classic", rules: [ingress(), ingress({ nicType: "intranet" }), ingress({ sourceSecurityGroupId: "sg-x" })] } as GroupModel);
    expect(c.classic).toBe(true);
    expect(c.rules.map((r) => [r.nicType, fromAnywhere(r), r.classic])).toEqual([
      ["internet", true, true],
      ["intranet", false, true],
      ["intranet", false, true],
    ]);
  });

  test("shadowing: none, by one rule (the best-priority one), or by several together", () => {
    const s = new GroupAnalysis({ id: "sg-s", vpcId: "vpc-1", rules: [ingress({ cidrIp: "0.0.0.0/1" }), ingress({ cidrIp: "128.0.0.0/1" }), ingress({ priority: 2 }), drop({ priority: 3 }), ingress({ priority: 5, portRange: "80/80" })] });
    expect(s.rules.map((r) => s.shadowing(r)).map((x) => (x === undefined ? "takes effect" : x.by ? x.by.index : "together"))).toEqual(["takes effect", "takes effect", "together", 2, "takes effect"]);
  });
});
