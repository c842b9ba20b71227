/**
 * What `world-open-non-web` holds to be right, as the evidence-based narrowing asks it: the web
 * ports a rule opens to every address, whether that is all it opens, and whether a group serves
 * the web.
 */
import { GroupAnalysis } from "../../lib/checks/group-analysis";
import { onlyWorldOpenWeb, servesWeb, worldOpenWebPorts } from "../../lib/checks/world-open-non-web";
import { GroupModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";
import { drop, egress, ingress } from "./helpers";

const WEB = [80, 443];
const analysed = (rule: RuleArgs, group: Partial<GroupModel> = {}) => new GroupAnalysis({ id: "sg-test", vpcId: "vpc-1", ...group, rules: [rule] } as GroupModel);
const webOf = (rule: RuleArgs, group: Partial<GroupModel> = {}) => Object.fromEntries(worldOpenWebPorts(analysed(rule, group).rules[0], WEB));

describe("the web ports open to every address", () => {
  test("per protocol: the rule's own, both for an all rule, none for a portless one", () => {
    expect(webOf(ingress({ portRange: "1/65535" }))).toEqual({ tcp: [{ from: 80, to: 80 }, { from: 443, to: 443 }] });
    expect(webOf(ingress({ ipProtocol: "udp", portRange: "443/500", ipv6CidrIp: "::/0" }))).toEqual({ udp: [{ from: 443, to: 443 }] });
    expect(webOf(ingress({ ipProtocol: "all", portRange: "-1/-1" }))).toEqual({ tcp: [{ from: 80, to: 80 }, { from: 443, to: 443 }], udp: [{ from: 80, to: 80 }, { from: 443, to: 443 }] });
    expect(webOf(ingress({ ipProtocol: "icmp", portRange: "-1/-1" }))).toEqual({});
    expect(webOf(ingress({ portRange: "81/442" }))).toEqual({});
  });

  test("none for a rule not open to every address, a drop, an egress rule, or a classic intranet rule", () => {
    expect(webOf(ingress({ portRange: "80/80", cidrIp: "10.0.0.0/8" }))).toEqual({});
    expect(webOf(drop({ portRange: "80/80" }))).toEqual({});
    expect(webOf(egress({ portRange: "80/80" }))).toEqual({});
    expect(webOf(ingress({ portRange: "80/80", nicType: "intranet" }), { vpcId: undefined, network: "classic" })).toEqual({});
    expect(webOf(ingress({ portRange: "80/80", nicType: "internet" }), { vpcId: undefined, network: "classic" })).toEqual({ tcp: [{ from: 80, to: 80 }] });
  });

  test("a rule is wholly right only when every port it opens is a web port open to every address", () => {
    const only = (rule: RuleArgs) => onlyWorldOpenWeb(analysed(rule).rules[0], WEB);
    expect(only(ingress({ portRange: "80/80" }))).toBe(true);
    expect(only(ingress({ ipProtocol: "udp", portRange: "443/443" }))).toBe(true);
    expect(only(ingress({ portRange: "80/81" }))).toBe(false);
    expect(only(ingress({ portRange: "80/80", cidrIp: "10.0.0.0/8" }))).toBe(false);
    expect(only(ingress({ ipProtocol: "all", portRange: "-1/-1" }))).toBe(false);
    expect(only(ingress({ ipProtocol: "icmp", portRange: "-1/-1" }))).toBe(false);
  });

  test("a group serves the web when one of its rules opens a web port to every address", () => {
    const group = (rules: RuleArgs[]) => new GroupAnalysis({ id: "sg-test", vpcId: "vpc-1", rules });
    expect(servesWeb(group([ingress(), ingress({ portRange: "443/443" })]), WEB)).toBe(true);
    expect(servesWeb(group([ingress(), ingress({ portRange: "443/443", cidrIp: "10.0.0.0/8" })]), WEB)).toBe(false);
    expect(servesWeb(group([]), WEB)).toBe(false);
  });
});
