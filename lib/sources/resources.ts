/**
 * Shared by the Pulumi and Terraform readers: resources in the Pulumi provider's words (type
 * tokens, camelCase properties) read into a {@link SourceNetwork} with `readStack`, keeping the
 * file and JSON path of every resource.
 */
import { GroupModel } from "../model/network";
import { ResourceSnapshot, SECURITY_GROUP_RULE_TYPE, SECURITY_GROUP_TYPE } from "../model/resource-props";
import { readStack } from "./stack-resources";
import { DraftGroup, DraftInstance, GroupUseReason, Origin, SourceFormat, SourceNetwork, Unresolved, finishNetwork, noteUnresolvedPeers, numberValue, text, trimValue } from "./source-network";

/** The enum and number properties of a rule and of a group, read alike in every reader. */
const RULE_ENUMS = ["type", "ipProtocol", "policy", "nicType", "portRange", "priority"];
const GROUP_ENUMS = ["innerAccessPolicy", "securityGroupType"];

/**
 * Trims ASCII whitespace around the enum and number properties of rules and groups (each trim
 * listed as assumed, with the resource), and reads a numeric priority given as text as a number.
 */
function trimProperties(l: LocatedResource, notes: Unresolved[]): void {
  const fields = l.resource.type === SECURITY_GROUP_RULE_TYPE ? RULE_ENUMS : l.resource.type === SECURITY_GROUP_TYPE ? GROUP_ENUMS : [];
  const props = l.resource.props;
  for (const f of fields) {
    if (!Object.prototype.hasOwnProperty.call(props, f)) continue;
    let v = trimValue(props[f], f, l.origin, notes);
    if (f === "priority") v = numberValue(v);
    props[f] = v;
  }
}

/** Type tokens of resources that make network interfaces from a group (reasons of use). */
export const LAUNCH_TEMPLATE_TYPES = ["alicloud:ecs/launchTemplate:LaunchTemplate", "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate"];
/** Type tokens of scaling configurations. */
export const SCALING_CONFIGURATION_TYPES = ["alicloud:ess/scalingConfiguration:ScalingConfiguration"];

/** A resource and where it was read. */
export interface LocatedResource {
  /** The resource in Pulumi's words. */
  resource: ResourceSnapshot;
  /** Where it was read. */
  origin: Origin;
  /** The cloud rule id, for rules. */
  ruleId?: string;
}

/** Reads located resources into a network; see the module comment. */
export function readResources(located: LocatedResource[], format: SourceFormat, files: string[], extra: Unresolved[] = []): SourceNetwork {
  const byUrn = new Map<string, LocatedResource>();
  const trimmed: Unresolved[] = [];
  located.forEach((l, i) => {
    l.resource.urn ??= `resource-${i}`;
    // The first of two resources with one URN keeps it (a stack never has two).
    if (!byUrn.has(l.resource.urn)) byUrn.set(l.resource.urn, l);
    trimProperties(l, trimmed);
  });
  const stack = readStack(
    located.map((l) => l.resource),
    { absentIsUnknown: false },
  );
  const unresolved: Unresolved[] = [...extra, ...trimmed];
  const drafts: DraftGroup[] = stack.network.groups.map((g) => {
    const groupUrn = stack.groupUrns.get(g.id);
    const gl = groupUrn ? byUrn.get(groupUrn) : undefined;
    const { rules, ...group } = g;
    // The stack reader has decided its network (lib/model/group-network.ts).
    const base: Omit<GroupModel, "rules"> = { ...group };
    const urns = stack.ruleUrns.get(g.id) ?? [];
    return {
      group: base,
      origin: gl?.origin ?? { file: files[0] ?? "", path: "$" },
      rules: rules.map((r, i) => {
        const l = byUrn.get(urns[i]);
        const origin: Origin = l ? { ...l.origin } : { file: files[0] ?? "", path: "$" };
        const ruleId = text(l?.resource.props.securityGroupRuleId);
        if (ruleId) origin.ruleId = ruleId;
        return { rule: r as unknown as DraftGroup["rules"][number]["rule"], origin };
      }),
    };
  });
  const rulesUnknown = [...stack.outside];
  for (const id of stack.outside) {
    unresolved.push({ kind: "group-rules", subject: id, groupId: id, effect: "a group outside the source (rules attach to it, but it is not created here): its other rules and its type are unknown; evaluated with the rules shown only" });
  }
  // Every rule left out is named, with the parts that could be read (for unresolved-rule).
  for (const s of stack.skipped) {
    const l = s.resource.urn ? byUrn.get(s.resource.urn) : undefined;
    const origin: Origin = l ? { ...l.origin } : { file: files[0] ?? "", path: "$" };
    const ruleId = text(s.resource.props.securityGroupRuleId);
    if (ruleId) origin.ruleId = ruleId;
    const entry: Unresolved = { kind: "unknown-value", subject: ruleId ?? origin.resource ?? `${origin.file} ${origin.path}`, origin, effect: `left out of the evaluation: ${s.reason}`, rule: { ...s.rule } };
    const groupId = text(s.resource.props.securityGroupId);
    if (groupId) entry.groupId = groupId;
    unresolved.push(entry);
  }
  const instances: DraftInstance[] = stack.network.instances?.map((inst) => {
    const urn = stack.instanceUrns.get(inst.id);
    const l = urn ? byUrn.get(urn) : undefined;
    const out = { ...inst };
    const name = text(l?.resource.props.instanceName) ?? text(l?.resource.props.networkInterfaceName);
    if (name) out.name = name;
    const publicIp = text(l?.resource.props.publicIp);
    if (publicIp) out.publicIp = publicIp;
    return { instance: out, origin: l?.origin ?? { file: files[0] ?? "", path: "$" } };
  }) ?? [];
  const uses: GroupUseReason[] = [];
  for (const l of located) {
    const t = l.resource.type;
    const kind = LAUNCH_TEMPLATE_TYPES.includes(t) ? "launch-template" : SCALING_CONFIGURATION_TYPES.includes(t) ? "scaling-configuration" : undefined;
    if (!kind) continue;
    const p = l.resource.props;
    const ids = [p.securityGroupId, ...(Array.isArray(p.securityGroupIds) ? p.securityGroupIds : [])].map(text).filter((x): x is string => x !== undefined);
    for (const id of ids) uses.push({ groupId: id, kind, by: l.origin.resource ?? l.resource.urn ?? t, origin: l.origin });
  }
  const prefixListOrigins = new Map<string, Origin>();
  for (const [id, urn] of stack.prefixListUrns) {
    const l = byUrn.get(urn);
    if (l) prefixListOrigins.set(id, l.origin);
  }
  const net = finishNetwork(drafts, instances, { format, files, prefixLists: stack.network.prefixLists ?? [], prefixListOrigins, unresolved, uses, rulesUnknown });
  noteUnresolvedPeers(net);
  return net;
}

/** True for a resource that is a security group. */
export function isGroupResource(r: ResourceSnapshot): boolean {
  return r.type === SECURITY_GROUP_TYPE;
}
