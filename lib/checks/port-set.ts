/**
 * Sets of ports as sorted, disjoint, non-adjacent intervals: the arithmetic behind coverage
 * and exposure. Pure and allocation-light; sets are never mutated once returned.
 */

/** A port interval, both ends included. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/** Sorted, disjoint, non-adjacent spans. */
export type PortSet = readonly Span[];

/** The empty set. */
export const NO_PORT: PortSet = Object.freeze([]);
/** Every port, 1..65535 (also stands for "the whole protocol" where a protocol has no ports). */
export const EVERY_PORT: PortSet = Object.freeze([Object.freeze({ from: 1, to: 65535 })]);

/** The set of one interval. */
export function spanSet(from: number, to: number): PortSet {
  return from === 1 && to === 65535 ? EVERY_PORT : [{ from, to }];
}

/** The set of the given port numbers (any order, duplicates allowed). */
export function portSetOf(ports: readonly number[]): PortSet {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const out: Span[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && last.to + 1 === p) out[out.length - 1] = { from: last.from, to: p };
    else out.push({ from: p, to: p });
  }
  return out;
}

/** First index in `set` whose span ends at or after `port`. */
function firstEndingAtOrAfter(set: PortSet, port: number): number {
  let lo = 0;
  let hi = set.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (set[mid].to < port) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Ports in `a` and not in `b`. */
export function subtract(a: PortSet, b: PortSet): PortSet {
  if (a.length === 0 || b.length === 0) return a;
  const out: Span[] = [];
  for (const s of a) {
    let from = s.from;
    for (let i = firstEndingAtOrAfter(b, from); i < b.length && b[i].from <= s.to; i++) {
      if (b[i].from > from) out.push({ from, to: b[i].from - 1 });
      from = b[i].to + 1;
      if (from > s.to) break;
    }
    if (from <= s.to) out.push(from === s.from ? s : { from, to: s.to });
  }
  return out;
}

/** Ports in both. */
export function intersect(a: PortSet, b: PortSet): PortSet {
  if (a.length === 0 || b.length === 0) return NO_PORT;
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const from = Math.max(a[i].from, b[j].from);
    const to = Math.min(a[i].to, b[j].to);
    if (from <= to) out.push({ from, to });
    if (a[i].to < b[j].to) i++;
    else j++;
  }
  return out;
}

/** Ports in either. */
export function union(a: PortSet, b: PortSet): PortSet {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const all = [...a, ...b].sort((x, y) => x.from - y.from);
  const out: Span[] = [];
  for (const s of all) {
    const last = out[out.length - 1];
    if (last && s.from <= last.to + 1) {
      if (s.to > last.to) out[out.length - 1] = { from: last.from, to: s.to };
    } else out.push(s);
  }
  return out;
}

/** Adds one span to a set the caller owns, changing it in place. */
export function addSpanInPlace(set: Span[], span: Span): void {
  // Spans that touch or overlap `span` are contiguous in the sorted set: merge them in one splice.
  const start = firstEndingAtOrAfter(set, span.from - 1);
  let end = start;
  let from = span.from;
  let to = span.to;
  while (end < set.length && set[end].from <= span.to + 1) {
    from = Math.min(from, set[end].from);
    to = Math.max(to, set[end].to);
    end++;
  }
  if (end - start === 1 && set[start].from === from && set[start].to === to) return;
  set.splice(start, end - start, { from, to });
}

/** True when the two sets hold the same ports. */
export function samePorts(a: PortSet, b: PortSet): boolean {
  return a.length === b.length && a.every((s, i) => s.from === b[i].from && s.to === b[i].to);
}

/** `22`, `8000-8080`, joined with commas. */
export function portSetText(set: PortSet): string {
  return set.map((s) => (s.from === s.to ? `${s.from}` : `${s.from}-${s.to}`)).join(", ");
}
