/**
 * The findings a program acknowledged in code (`acknowledge(resource, check, reason)`), as
 * exemptions naming the rule resources, groups and instances under the acknowledged resource.
 */
import { codeAcknowledgements, urnParts } from "../components/acknowledge";
import { FindingExemption } from "../model/exemptions";
import { RESOURCE_TYPES } from "../model/resource-props";
import { CapturedResource } from "./capture-types";

/** The code acknowledgements of a run, as exemptions naming rule resources, groups and instances. */
export function acknowledgedInCode(resources: readonly CapturedResource[]): FindingExemption[] {
  const acks = codeAcknowledgements();
  if (acks.length === 0) return [];
  const byKey = new Map(resources.map((r) => [`${r.type}::${r.name}`, r]));
  const out: FindingExemption[] = [];
  for (const r of resources) {
    const chain = [`${r.type}::${r.name}`];
    for (let p = r.parent; p !== undefined; ) {
      const { type, name } = urnParts(p);
      chain.push(`${type}::${name}`);
      p = byKey.get(`${type}::${name}`)?.parent;
    }
    const target = r.type === RESOURCE_TYPES.securityGroupRule ? r.name : r.type === RESOURCE_TYPES.securityGroup || r.type === RESOURCE_TYPES.instance || r.type === RESOURCE_TYPES.ecsNetworkInterface ? r.id : undefined;
    if (target === undefined) continue;
    for (const a of acks) {
      if (chain.includes(`${a.type}::${a.name}`)) out.push({ check: a.check, rule: target, reason: a.reason, where: `acknowledge(${a.name}, ${a.check})` });
    }
  }
  // An acknowledgement on a resource that holds no rule is kept, so it is reported as stale.
  for (const a of acks) if (!out.some((e) => e.where === `acknowledge(${a.name}, ${a.check})`)) out.push({ check: a.check, rule: a.name, reason: a.reason, where: `acknowledge(${a.name}, ${a.check})` });
  return out;
}
