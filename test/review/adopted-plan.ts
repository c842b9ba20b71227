/**
 * What an adopted program registers, beside what its import file names. (Its ids need no mapping:
 * planned with `--ids import.json`, the plan holds the cloud's.)
 */
import { ImportEntry } from "../../lib/review/adopt";
import { StackCapture } from "../../lib/testing/capture-network";

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
