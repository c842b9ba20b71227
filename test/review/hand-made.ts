/** Hand-made groups for the recognition and adoption tests: rules and groups with the fields an export gives. */
import { GroupModel } from "../../lib/model/network";
import { RuleArgs } from "../../lib/model/rule";

/** A rule as an export gives it: accept, priority 1, intranet, unless said. */
export const rule = (r: Partial<RuleArgs> & Pick<RuleArgs, "type" | "ipProtocol">): RuleArgs => ({ policy: "accept", priority: 1, nicType: "intranet", ...r });

/** A basic group of vpc-1 with inner access Accept, named when a name is given. */
export const group = (id: string, name: string | undefined, rules: RuleArgs[], more: Partial<GroupModel> = {}): GroupModel => ({ id, ...(name !== undefined ? { name } : {}), vpcId: "vpc-1", type: "normal", innerAccessPolicy: "Accept", rules, ...more });

/** Three tiers made by hand in the component's shape, with a world-open SSH rule the component refuses. */
export function handMadeTiers(): GroupModel[] {
  return [
    group("sg-w", "shop-web", [
      rule({ type: "ingress", ipProtocol: "tcp", portRange: "80/80", cidrIp: "0.0.0.0/0", description: "http" }),
      rule({ type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" }),
      rule({ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0", description: "ssh for everyone" }),
    ]),
    group("sg-a", "shop-app", [rule({ type: "ingress", ipProtocol: "tcp", portRange: "8080/8080", sourceSecurityGroupId: "sg-w" })]),
    group("sg-d", "shop-db", [
      rule({ type: "ingress", ipProtocol: "tcp", portRange: "5432/5432", sourceSecurityGroupId: "sg-a" }),
      rule({ type: "ingress", ipProtocol: "tcp", portRange: "5432/5432", cidrIp: "0.0.0.0/0", policy: "drop", priority: 100 }),
    ]),
  ];
}
