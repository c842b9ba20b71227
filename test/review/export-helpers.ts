/**
 * Small ECS API exports written in a test: one DescribeSecurityGroupAttribute file per group,
 * permissions given by what they mean (test/sources/helpers.ts prints every other field).
 */
import { SourceFile } from "../../lib/sources";
import { attribute, jsonFile, permission } from "../sources/helpers";

/** One permission (ingress unless said). */
export interface Permission {
  id: string;
  protocol: string;
  ports: string;
  from?: string;
  fromGroup?: string;
  direction?: "ingress" | "egress";
  toGroup?: string;
  nicType?: string;
  priority?: number;
  policy?: string;
}

/** The attribute file of one group. `vpcId: ""` is a classic group. */
export function groupFile(id: string, permissions: Permission[], vpcId = "vpc-bp1example000000001", innerAccessPolicy = "Accept"): SourceFile {
  const perms = permissions.map((p) =>
    permission({
      SecurityGroupRuleId: p.id, Direction: p.direction ?? "ingress", IpProtocol: p.protocol, PortRange: p.ports, Priority: p.priority ?? 1, Policy: p.policy ?? "Accept",
      NicType: p.nicType ?? "intranet", SourceCidrIp: p.from ?? "", SourceGroupId: p.fromGroup ?? "", DestGroupId: p.toGroup ?? "", CreateTime: "2025-01-01T00:00:00Z",
    }),
  );
  return jsonFile(`${id}.json`, attribute(id, perms, { SecurityGroupName: id, VpcId: vpcId, InnerAccessPolicy: innerAccessPolicy }));
}
