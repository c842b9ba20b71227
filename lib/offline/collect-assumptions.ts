/**
 * Collecting what a run assumed rather than measured, and what it affects: data-source answers,
 * the placeholder outputs the program used (in a resource's inputs, an export, an `apply`, a std
 * call), random values, the resources built from any of them, and the resources built from an
 * opaque resource's outputs.
 */
import { Assumption } from "./capture-types";
import type { CaptureRun } from "./run-state";
import { Needles, compare } from "./value-search";

/** One entry per data source and answer, sorted by token. */
function dedupeAssumptions(list: readonly Assumption[]): Assumption[] {
  const seen = new Map<string, Assumption>();
  for (const a of list) seen.set(`${a.subject}\0${JSON.stringify(a.value)}`, a);
  return [...seen.values()].sort((a, b) => compare(a.subject, b.subject) || compare(JSON.stringify(a.value), JSON.stringify(b.value)));
}

/** What was assumed and used, and the resources whose inputs hold an assumed value, both sorted. */
export function collectAssumptions(run: CaptureRun, outputs: unknown): { assumed: Assumption[]; assumedResources: string[] } {
  // An output placeholder is listed when some resource input, an export or a std call holds it.
  const needles = run.assumedNeedles;
  const usedOutputs = new Set<string>();
  const assumedResources = new Set<string>();
  const tainted = new Needles([...run.taintedStrings, ...run.assumedOutputs.keys()].filter((s) => s.length >= 6));
  for (const r of run.resources) {
    const hit = needles.first(r.inputs);
    if (hit !== undefined) usedOutputs.add(hit);
    if (tainted.first(r.inputs) !== undefined) assumedResources.add(r.name);
  }
  const exportHit = needles.first(outputs);
  if (exportHit !== undefined) usedOutputs.add(exportHit);
  for (const v of run.readByApply) usedOutputs.add(v);
  const assumed: Assumption[] = [
    ...dedupeAssumptions(run.dataAnswers),
    ...[...usedOutputs].map((v) => run.assumedOutputs.get(v) as Assumption).sort((a, b) => compare(`${a.resource}.${a.subject}`, `${b.resource}.${b.subject}`)),
    ...run.randomValues.sort((a, b) => compare(a.resource ?? "", b.resource ?? "")),
  ];
  return { assumed, assumedResources: [...assumedResources].sort(compare) };
}

/** For each resource whose inputs hold an opaque resource's output (or a value computed from one): those opaque resources. */
export function collectOpaqueDependencies(run: CaptureRun): Record<string, string[]> {
  if (run.opaqueValues.size === 0) return {};
  const needles = new Needles(run.opaqueValues.keys());
  const out: Record<string, string[]> = {};
  for (const r of run.resources) {
    const hits = needles.all(r.inputs);
    const from = [...new Set([...hits].map((v) => run.opaqueValues.get(v) as string))].filter((n) => n !== r.name).sort(compare);
    if (from.length > 0) out[r.name] = from;
  }
  return out;
}
