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

/** Needles at least this long are indexed by their first characters; shorter ones are searched one by one. */
const PREFIX = 6;

/**
 * A growing set of strings to look for inside values, found in time proportional to the text
 * searched rather than to the number of needles (a large program holds thousands of placeholders).
 * Among several needles in one string, the first added wins, as {@link containsAny} picks the
 * first of its list.
 */
export class Needles {
  private readonly order = new Map<string, number>();
  private readonly byPrefix = new Map<string, string[]>();
  private readonly short: string[] = [];

  constructor(needles: Iterable<string> = []) {
    for (const n of needles) this.add(n);
  }

  /** How many needles. */
  get size(): number {
    return this.order.size;
  }

  /** Adds a needle (once). */
  add(needle: string): void {
    if (this.order.has(needle)) return;
    this.order.set(needle, this.order.size);
    if (needle.length < PREFIX) {
      this.short.push(needle);
      return;
    }
    const key = needle.slice(0, PREFIX);
    const list = this.byPrefix.get(key);
    if (list) list.push(needle);
    else this.byPrefix.set(key, [needle]);
  }

  /** Every needle inside one string. */
  private inText(text: string, into: Set<string>): void {
    for (const n of this.short) if (text.includes(n)) into.add(n);
    if (this.byPrefix.size === 0) return;
    for (let i = 0; i + PREFIX <= text.length; i++) {
      const list = this.byPrefix.get(text.slice(i, i + PREFIX));
      if (list) for (const n of list) if (text.startsWith(n, i)) into.add(n);
    }
  }

  /** The needle found in the first string inside `value` (deep) that holds one (the first added, if several), or `undefined`. */
  first(value: unknown, seen = new Set<unknown>()): string | undefined {
    if (this.order.size === 0) return undefined;
    if (typeof value === "string") {
      const hits = new Set<string>();
      this.inText(value, hits);
      let best: string | undefined;
      for (const h of hits) if (best === undefined || (this.order.get(h) as number) < (this.order.get(best) as number)) best = h;
      return best;
    }
    if (typeof value !== "object" || value === null || seen.has(value)) return undefined;
    seen.add(value);
    for (const v of Array.isArray(value) ? value : Object.values(value)) {
      const hit = this.first(v, seen);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  /** Every needle inside `value` (deep). */
  all(value: unknown, seen = new Set<unknown>(), into = new Set<string>()): Set<string> {
    if (this.order.size === 0) return into;
    if (typeof value === "string") {
      this.inText(value, into);
      return into;
    }
    if (typeof value !== "object" || value === null || seen.has(value)) return into;
    seen.add(value);
    for (const v of Array.isArray(value) ? value : Object.values(value)) this.all(v, seen, into);
    return into;
  }
}
