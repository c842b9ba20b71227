/**
 * Small ECS API exports written in a test: one DescribeSecurityGroupAttribute file per group,
 * with the fields the API prints.
 */
import { SourceFile } from "../../lib/sources";

/** One permission as `DescribeSecurityGroupAttribute` prints it (ingress unless said). */
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

function permission(p: Permission): Record<string, unknown> {
  return {
    SecurityGroupRuleId: p.id, Direction: p.direction ?? "ingress", IpProtocol: p.protocol, PortRange: p.ports, SourcePortRange: "",
    Policy: p.policy ?? "Accept", Priority: p.priority ?? 1, NicType: p.nicType ?? "intranet", SourceCidrIp: p.from ?? "", Ipv6SourceCidrIp: "",
    SourceGroupId: p.fromGroup ?? "", SourceGroupName: "", SourceGroupOwnerAccount: "", SourcePrefixListId: "", SourcePrefixListName: "",
    DestCidrIp: "", Ipv6DestCidrIp: "", DestGroupId: p.toGroup ?? "", DestGroupName: "", DestGroupOwnerAccount: "", DestPrefixListId: "",
    DestPrefixListName: "", Description: "", CreateTime: "2025-01-01T00:00:00Z",
  };
}

/** The attribute file of one group. `vpcId: ""` is a classic group. */
export function groupFile(id: string, permissions: Permission[], vpcId = "vpc-bp1example000000001", innerAccessPolicy = "Accept"): SourceFile {
  const body = { RequestId: "00000000-0000-0000-0000-000000000000", RegionId: "cn-hangzhou", SecurityGroupId: id, SecurityGroupName: id, Description: "", VpcId: vpcId, InnerAccessPolicy: innerAccessPolicy, NextToken: "", Permissions: { Permission: permissions.map(permission) } };
  return { name: `${id}.json`, text: `${JSON.stringify(body, null, 2)}\n` };
}
