import * as fs from "fs";
import * as path from "path";
import { ValidationError } from "../../lib/model/errors";
import type { SourceFile } from "../../lib/sources";

export const FIXTURES = path.join(__dirname, "fixtures");

/** The files of a fixture directory (or one file), named relative to the fixtures folder. */
export function fixtureFiles(...names: string[]): SourceFile[] {
  const out: SourceFile[] = [];
  for (const name of names) {
    const full = path.join(FIXTURES, name);
    if (fs.statSync(full).isDirectory()) {
      for (const f of fs.readdirSync(full).sort()) out.push({ name: `${name}/${f}`, text: fs.readFileSync(path.join(full, f), "utf8") });
    } else out.push({ name, text: fs.readFileSync(full, "utf8") });
  }
  return out;
}

/** A file from a JSON value. */
export function jsonFile(name: string, value: unknown): SourceFile {
  return { name, text: JSON.stringify(value, null, 2) };
}

/** A raw Permission with every field "" except those given (the API prints every field). */
export function permission(fields: Record<string, unknown>): Record<string, unknown> {
  const blank = [
    "SecurityGroupRuleId", "Direction", "IpProtocol", "PortRange", "SourcePortRange", "Policy", "NicType", "SourceCidrIp", "Ipv6SourceCidrIp", "SourceGroupId",
    "SourceGroupName", "SourceGroupOwnerAccount", "SourcePrefixListId", "SourcePrefixListName", "DestCidrIp", "Ipv6DestCidrIp", "DestGroupId", "DestGroupName",
    "DestGroupOwnerAccount", "DestPrefixListId", "DestPrefixListName", "Description", "CreateTime",
  ];
  return { ...Object.fromEntries(blank.map((k) => [k, ""])), Priority: 1, Policy: "Accept", NicType: "intranet", ...fields };
}

/** A DescribeSecurityGroupAttribute reply. */
export function attribute(id: string, permissions: Record<string, unknown>[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { RequestId: "R", RegionId: "cn-hangzhou", SecurityGroupId: id, SecurityGroupName: "", Description: "", VpcId: "vpc-1", InnerAccessPolicy: "Accept", NextToken: "", Permissions: { Permission: permissions }, ...extra };
}

/** The ValidationError a call throws; fails the test when it throws nothing. */
export function refusal(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("expected a ValidationError");
}

/** The documented ECS export (fixtures/ecs) with these DescribeNetworkInterfaces entries added to its ENI file. */
export function ecsExportWithEnis(enis: Record<string, unknown>[]): SourceFile[] {
  return fixtureFiles("ecs").map((f) => {
    if (!f.name.endsWith("enis.json")) return f;
    const doc = JSON.parse(f.text) as { NetworkInterfaceSets: { NetworkInterfaceSet: unknown[] } };
    doc.NetworkInterfaceSets.NetworkInterfaceSet.push(...enis);
    return { name: f.name, text: JSON.stringify(doc) };
  });
}

/** A DescribeNetworkInterfaces entry: a secondary ENI in these groups (attached to `InstanceId` when given). */
export function eni(id: string, status: string | undefined, groups: string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const e: Record<string, unknown> = { NetworkInterfaceId: id, InstanceId: "", Type: "Secondary", VpcId: "vpc-bp1example000000001", PrivateIpAddress: "10.0.2.40", SecurityGroupIds: { SecurityGroupId: groups }, ...extra };
  if (status !== undefined) e.Status = status;
  return e;
}
