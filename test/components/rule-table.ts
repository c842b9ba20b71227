/**
 * Reading captured stacks as tables: one line per rule, in the seed documents' terms.
 */
import { ValidationError } from "../../lib/model/errors";
import { RESOURCE_TYPES } from "../../lib/model/resource-props";
import { CapturedResource, StackCapture, captureStack, registeredBeforeError } from "../../lib/testing/capture-network";

/** Rule resources of a capture. */
export function ruleResources(capture: StackCapture): CapturedResource[] {
  return capture.resources.filter((r) => r.type === RESOURCE_TYPES.securityGroupRule);
}

/** Group resources of a capture. */
export function groupResources(capture: StackCapture): CapturedResource[] {
  return capture.resources.filter((r) => r.type === RESOURCE_TYPES.securityGroup);
}

/** `group | direction | policy | priority | protocol | ports | peer` per rule, sorted; groups by resource name. */
export function ruleRows(capture: StackCapture): string[] {
  const names = new Map(groupResources(capture).map((g) => [g.id, g.name]));
  const group = (id: unknown) => (typeof id === "string" ? (names.get(id) ?? id) : String(id));
  return ruleResources(capture)
    .map(({ inputs: r }) => {
      const peer = r.cidrIp ?? r.ipv6CidrIp ?? r.prefixListId ?? (r.sourceGroupOwnerId ? `${r.sourceGroupOwnerId}/${group(r.sourceSecurityGroupId)}` : group(r.sourceSecurityGroupId));
      return [group(r.securityGroupId), r.type, r.policy, r.priority, r.ipProtocol, r.portRange, peer].join(" | ");
    })
    .sort();
}

/** Names of the rule resources, as a sorted list. */
export function ruleNames(capture: StackCapture): string[] {
  return ruleResources(capture)
    .map((r) => r.name)
    .sort();
}

/** Runs a program expected to be refused; returns the error and what it registered. */
export async function refused(program: () => unknown): Promise<{ error: ValidationError; registered: CapturedResource[] }> {
  let error: unknown;
  try {
    await captureStack(program);
  } catch (e) {
    error = e;
  }
  if (!(error instanceof ValidationError)) throw new Error(`expected a ValidationError, got ${String(error)}`);
  return { error, registered: registeredBeforeError(error) ?? [] };
}

/** ThreeTierSecurityGroups "shop" with enterprise groups on vSwitches 10.0.1-3.0/24: CIDR rules on both sides. */
export const ENTERPRISE_THREE_TIER_RULES = [
  "shop-app | egress | accept | 1 | tcp | 3306/3306 | 10.0.3.0/24",
  "shop-app | ingress | accept | 1 | tcp | 8080/8080 | 10.0.1.0/24",
  "shop-db | ingress | accept | 1 | tcp | 3306/3306 | 10.0.2.0/24",
  "shop-db | ingress | drop | 100 | tcp | 3306/3306 | 0.0.0.0/0",
  "shop-web | egress | accept | 1 | tcp | 8080/8080 | 10.0.2.0/24",
  "shop-web | ingress | accept | 1 | tcp | 443/443 | 0.0.0.0/0",
  "shop-web | ingress | accept | 1 | tcp | 80/80 | 0.0.0.0/0",
];
