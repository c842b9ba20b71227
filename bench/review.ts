/**
 * The audit and diff benchmark: an ECS API export (as the aliyun CLI writes it) of `groups`
 * groups of `rulesPerGroup` rules, one instance per group, read from JSON text, then audited;
 * and diffed against a copy where 1% of the groups changed. Each measurement runs in a child
 * process so its peak RSS is its own.
 */
import { NetworkModel, RuleArgs } from "../lib";
import { SourceFile } from "../lib/sources/source-network";
import { syntheticNetwork } from "./synthetic";

function permission(r: RuleArgs, i: number, gid: string): Record<string, unknown> {
  const side = r.type === "egress" ? "Dest" : "Source";
  const p: Record<string, unknown> = {
    SecurityGroupRuleId: `sgr-${gid.slice(3)}x${i}`,
    Direction: r.type,
    IpProtocol: r.ipProtocol.toUpperCase(),
    PortRange: r.portRange ?? "-1/-1",
    SourcePortRange: "",
    Policy: r.policy === "drop" ? "Drop" : "Accept",
    // The wire type is not stable: half the rules say "12", half 12.
    Priority: i % 2 === 0 ? String(r.priority ?? 1) : (r.priority ?? 1),
    NicType: "intranet",
    Description: "",
    CreateTime: "2024-05-01T10:00:00Z",
  };
  for (const s of ["Source", "Dest"]) {
    p[`${s}CidrIp`] = "";
    p[`Ipv6${s}CidrIp`] = "";
    p[`${s}GroupId`] = "";
    p[`${s}GroupOwnerAccount`] = "";
    p[`${s}PrefixListId`] = "";
  }
  if (r.cidrIp) p[`${side}CidrIp`] = r.cidrIp.endsWith("/32") ? r.cidrIp.slice(0, -3) : r.cidrIp;
  if (r.ipv6CidrIp) p[`Ipv6${side}CidrIp`] = r.ipv6CidrIp;
  if (r.sourceSecurityGroupId) p[`${side}GroupId`] = r.sourceSecurityGroupId;
  if (r.prefixListId) p[`${side}PrefixListId`] = r.prefixListId;
  return p;
}

/** The export of a synthetic network as aliyun CLI files. */
export function exportFiles(model: NetworkModel): SourceFile[] {
  const files: SourceFile[] = [];
  const region = "cn-hangzhou";
  files.push({
    name: "export/groups.json",
    text: JSON.stringify({ RegionId: region, NextToken: "", SecurityGroups: { SecurityGroup: model.groups.map((g) => ({ SecurityGroupId: g.id, SecurityGroupName: g.id, SecurityGroupType: "normal", VpcId: g.vpcId, ServiceManaged: false })) } }),
  });
  for (const g of model.groups) {
    files.push({ name: `export/${g.id}.json`, text: JSON.stringify({ RegionId: region, SecurityGroupId: g.id, VpcId: g.vpcId, InnerAccessPolicy: g.innerAccessPolicy ?? "Accept", NextToken: "", Permissions: { Permission: g.rules.map((r, i) => permission(r, i, g.id)) } }) });
  }
  files.push({
    name: "export/instances.json",
    text: JSON.stringify({ RegionId: region, NextToken: "", Instances: { Instance: (model.instances ?? []).map((i) => ({ InstanceId: i.id, InstanceName: i.id, RegionId: region, SecurityGroupIds: { SecurityGroupId: i.groups }, VpcAttributes: { PrivateIpAddress: { IpAddress: [i.privateIp] } } })) } }),
  });
  for (const pl of model.prefixLists ?? []) files.push({ name: `export/${pl.id}.json`, text: JSON.stringify({ PrefixListId: pl.id, AddressFamily: "IPv4", Entries: { Entry: pl.cidrs.map((c) => ({ Cidr: c })) } }) });
  return files;
}

/** The synthetic estate, and a copy where every 100th group changed (a world-open SSH rule added, or its first rule removed). */
export function estatePair(groups: number, rulesPerGroup: number): { before: NetworkModel; after: NetworkModel } {
  const before = syntheticNetwork(groups, rulesPerGroup, 13);
  // Two different objects: the evaluator caches per model object.
  const after: NetworkModel = {
    ...before,
    groups: before.groups.map((g, i) => {
      if (i % 100 !== 0) return g;
      return i % 200 === 0 ? { ...g, rules: [...g.rules, { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" }] } : { ...g, rules: g.rules.slice(1) };
    }),
  };
  return { before, after };
}
