/**
 * Port ranges: sets of tcp/udp ports written as sorted, disjoint, non-adjacent intervals, and
 * the set algebra over them, the arithmetic behind coverage, exposure and the access matrix.
 * Pure. Results are fresh arrays, but may share range objects with the inputs: ranges are
 * values, never changed once made.
 */

/** An integer port interval, both ends included. */
export interface PortRange {
  /** First port. */
  readonly from: number;
  /** Last port (≥ `from`). */
  readonly to: number;
}

/** Lowest port. */
export const MIN_PORT = 1;
/** Highest port. */
export const MAX_PORT = 65535;
/** Every port, `1..65535` (also stands for "the whole protocol" where a protocol has no ports). */
export const ALL_PORTS: readonly PortRange[] = Object.freeze([Object.freeze({ from: MIN_PORT, to: MAX_PORT })]);
/** No port at all: the empty list. */
export const NO_PORT_RANGES: readonly PortRange[] = Object.freeze([]);

/** True when the ranges are normalised: each non-empty, sorted, neither overlapping nor touching the next. */
export function isNormalized(ranges: readonly PortRange[]): boolean {
  for (let i = 0; i < ranges.length; i++) {
    if (ranges[i].from > ranges[i].to) return false;
    if (i > 0 && ranges[i - 1].to + 1 >= ranges[i].from) return false;
  }
  return true;
}

/** Sorts ranges and merges the ones that overlap or touch (`1-5` and `6-9` become `1-9`); drops empty ones (`from > to`). */
export function normalizeRanges(ranges: readonly PortRange[]): PortRange[] {
  const sorted = ranges.filter((r) => r.from <= r.to).sort((a, b) => a.from - b.from || a.to - b.to);
  // Fresh ranges of our own until returned, so merging may widen them in place.
  const out: { from: number; to: number }[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && r.from <= last.to + 1) {
      if (r.to > last.to) last.to = r.to;
    } else {
      out.push({ from: r.from, to: r.to });
    }
  }
  return out;
}

/** The normalised ranges of the given port numbers (any order, duplicates allowed). */
export function rangesOfPorts(ports: readonly number[]): PortRange[] {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const out: PortRange[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && last.to + 1 === p) out[out.length - 1] = { from: last.from, to: p };
    else out.push({ from: p, to: p });
  }
  return out;
}

/** First index at or after `start` in normalised `ranges` whose range ends at or after `port`: binary search. */
function firstEndingAtOrAfter(ranges: readonly PortRange[], port: number, start = 0): number {
  let lo = start;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].to < port) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when a port lies in the (normalised) ranges; binary search. */
export function rangesContain(ranges: readonly PortRange[], port: number): boolean {
  const i = firstEndingAtOrAfter(ranges, port);
  return i < ranges.length && ranges[i].from <= port;
}

/** True when the two (normalised) lists hold the same ports. */
export function sameRanges(a: readonly PortRange[], b: readonly PortRange[]): boolean {
  return a.length === b.length && a.every((r, i) => r.from === b[i].from && r.to === b[i].to);
}

/** Ports in `a` or in `b`: a linear merge when both are normalised, else normalises both. */
export function unionRanges(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  if (!isNormalized(a) || !isNormalized(b)) return normalizeRanges([...a, ...b]);
  const out: PortRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const r = j >= b.length || (i < a.length && a[i].from <= b[j].from) ? a[i++] : b[j++];
    const last = out[out.length - 1];
    if (last !== undefined && r.from <= last.to + 1) {
      if (r.to > last.to) out[out.length - 1] = { from: last.from, to: r.to };
    } else {
      out.push(r);
    }
  }
  return out;
}

/** Ports in both `a` and `b` (both normalised). */
export function intersectRanges(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  const out: PortRange[] = [];
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

/** Ports in `a` but not in `b` (both normalised). Binary search into `b`: fast when `a` is short and `b` long. */
export function subtractRanges(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  if (a.length === 0 || b.length === 0) return a.slice();
  const out: PortRange[] = [];
  let j = 0;
  for (const r of a) {
    let from = r.from;
    j = firstEndingAtOrAfter(b, from, j);
    for (let k = j; k < b.length && b[k].from <= r.to; k++) {
      if (b[k].from > from) out.push({ from, to: b[k].from - 1 });
      from = b[k].to + 1;
      if (from > r.to) break;
    }
    if (from <= r.to) out.push(from === r.from ? r : { from, to: r.to });
  }
  return out;
}

/**
 * Ports of normalised `ranges` outside `cut`, as a new list; when `inside` is given, the ports
 * inside `cut` are appended to it. One pass: subtraction and intersection with one range at once.
 */
export function splitRanges(ranges: readonly PortRange[], cut: PortRange, inside?: PortRange[]): PortRange[] {
  const outside: PortRange[] = [];
  for (const r of ranges) {
    if (r.to < cut.from || r.from > cut.to) {
      outside.push(r);
      continue;
    }
    if (r.from < cut.from) outside.push({ from: r.from, to: cut.from - 1 });
    if (inside) inside.push({ from: Math.max(r.from, cut.from), to: Math.min(r.to, cut.to) });
    if (r.to > cut.to) outside.push({ from: cut.to + 1, to: r.to });
  }
  return outside;
}

/** Adds one range to a normalised list the caller owns, changing the list in place (it stays normalised). */
export function addRangeInPlace(ranges: PortRange[], range: PortRange): void {
  // The ranges that touch or overlap `range` are contiguous in the sorted list: merge them in one splice.
  const start = firstEndingAtOrAfter(ranges, range.from - 1);
  let end = start;
  let from = range.from;
  let to = range.to;
  while (end < ranges.length && ranges[end].from <= range.to + 1) {
    from = Math.min(from, ranges[end].from);
    to = Math.max(to, ranges[end].to);
    end++;
  }
  if (end - start === 1 && ranges[start].from === from && ranges[start].to === to) return;
  ranges.splice(start, end - start, { from, to });
}

/**
 * Renders ranges for people: ports joined with `, `, intervals with `-`.
 *
 * @example formatRanges([{ from: 22, to: 22 }, { from: 8000, to: 8080 }]) // => "22, 8000-8080"
 */
export function formatRanges(ranges: readonly PortRange[]): string {
  return ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(", ");
}
