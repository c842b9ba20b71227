/**
 * Reading the plan of an adopted program back in the export's terms: the mocks give each group
 * an id of their own, which the import file's group entries (name → cloud id) map back.
 */
import { NetworkModel } from "../../lib/model/network";
import { ImportEntry } from "../../lib/review/adopt";
import { StackCapture } from "../../lib/testing/capture-network";

const GROUP = "alicloud:ecs/securityGroup:SecurityGroup";

/** The planned network with every group id (and group peer) in the export's ids, and the export's instances and prefix lists. */
export function inExportIds(capture: StackCapture, imports: readonly ImportEntry[], exported: NetworkModel): NetworkModel {
  const byName = new Map(imports.filter((e) => e.type === GROUP).map((e) => [e.name, e.id as string]));
  const real = new Map(capture.resources.filter((r) => r.type === GROUP).map((r) => [r.id, byName.get(r.name) as string]));
  const id = (x: string) => real.get(x) ?? x;
  return {
    groups: capture.network.groups.map((g) => ({ ...g, id: id(g.id), rules: g.rules.map((r) => (r.sourceSecurityGroupId ? { ...r, sourceSecurityGroupId: id(r.sourceSecurityGroupId) } : r)) })),
    instances: exported.instances,
    prefixLists: exported.prefixLists,
  };
}

/** Type, name and parent of every group, rule and component the program registered, sorted. */
export function registeredNames(capture: StackCapture): string[] {
  return capture.resources
    .filter((r) => r.type.startsWith("alicloud:ecs/securityGroup") || r.type.startsWith("alicloud-secgroups:"))
    .map((r) => JSON.stringify([r.type, r.name, r.parent?.split("::").pop() ?? null]))
    .sort();
}

/** Type, name and parent of every import entry, sorted as {@link registeredNames}. */
export function importedNames(imports: readonly ImportEntry[]): string[] {
  return imports.map((e) => JSON.stringify([e.type, e.name, e.parent ?? null])).sort();
}
