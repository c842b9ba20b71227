/**
 * Following assumed values through a program: whether a value (deep) holds one of a set of
 * strings, and every string a value holds. Cycles are followed once.
 */

/** The first of `needles` that a string inside `value` (deep) contains, or `undefined`. */
export function containsAny(value: unknown, needles: readonly string[], seen = new Set<unknown>()): string | undefined {
  if (typeof value === "string") return needles.find((n) => value.includes(n));
  if (typeof value !== "object" || value === null || seen.has(value)) return undefined;
  seen.add(value);
  for (const v of Array.isArray(value) ? value : Object.values(value)) {
    const hit = containsAny(v, needles, seen);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** Every one of `needles` that a string inside `value` (deep) contains. */
export function containsWhich(value: unknown, needles: readonly string[], seen = new Set<unknown>(), into = new Set<string>()): Set<string> {
  if (typeof value === "string") {
    for (const n of needles) if (value.includes(n)) into.add(n);
    return into;
  }
  if (typeof value !== "object" || value === null || seen.has(value)) return into;
  seen.add(value);
  for (const v of Array.isArray(value) ? value : Object.values(value)) containsWhich(v, needles, seen, into);
  return into;
}

/** Adds every string of at least 6 characters inside `value` (deep) to `into`. */
export function collectStrings(value: unknown, into: Set<string>): void {
  if (typeof value === "string") {
    if (value.length >= 6) into.add(value);
  } else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, into));
  else if (typeof value === "object" && value !== null) Object.values(value).forEach((v) => collectStrings(v, into));
}

/** Code-point order, the same on every machine and locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
