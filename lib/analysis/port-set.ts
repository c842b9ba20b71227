/**
 * Sets of protocols and port ranges, with interval arithmetic: what the access matrix says a
 * pair of nodes may exchange. Ranges are integer intervals, both ends included.
 */
import { FLOW_PROTOCOLS, FlowProtocol } from "./flow";

/** An integer port interval, both ends included. */
export interface PortRange {
  /** First port. */
  from: number;
  /** Last port (≥ `from`). */
  to: number;
}

/** One protocol of a {@link PortSet}: tcp and udp carry their ranges, other protocols have no ports. */
export interface PortSetEntry {
  /** The protocol. */
  protocol: FlowProtocol;
  /** Sorted, disjoint, non-adjacent, non-empty ranges for tcp and udp; absent for every other protocol. */
  ranges?: PortRange[];
}

/** Protocols and ports, at most one entry per protocol, in {@link FLOW_PROTOCOLS} order. */
export type PortSet = PortSetEntry[];

/** Lowest port. */
export const MIN_PORT = 1;
/** Highest port. */
export const MAX_PORT = 65535;
/** Every port: `1..65535`. */
export const ALL_PORTS: readonly PortRange[] = Object.freeze([Object.freeze({ from: MIN_PORT, to: MAX_PORT })]);

/** Sorts ranges and merges the ones that overlap or touch (`1-5` and `6-9` become `1-9`). */
export function normalizeRanges(ranges: readonly PortRange[]): PortRange[] {
  const sorted = ranges.filter((r) => r.from <= r.to).sort((a, b) => a.from - b.from || a.to - b.to);
  const out: PortRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to + 1) {
      if (r.to > last.to) last.to = r.to;
    } else {
      out.push({ from: r.from, to: r.to });
    }
  }
  return out;
}

/** Ports in `a` or in `b`. */
export function unionRanges(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  if (a.length === 0) return normalizeRanges(b);
  if (b.length === 0) return normalizeRanges(a);
  return normalizeRanges([...a, ...b]);
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

/** Ports in `a` but not in `b` (both normalised). */
export function subtractRanges(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  const out: PortRange[] = [];
  let j = 0;
  for (const r of a) {
    let from = r.from;
    while (j < b.length && b[j].to < from) j++;
    let k = j;
    while (k < b.length && b[k].from <= r.to) {
      if (b[k].from > from) out.push({ from, to: b[k].from - 1 });
      from = Math.max(from, b[k].to + 1);
      if (b[k].to > r.to) break;
      k++;
    }
    if (from <= r.to) out.push({ from, to: r.to });
  }
  return out;
}

/** True when a port lies in the (normalised) ranges; binary search. */
export function rangesContain(ranges: readonly PortRange[], port: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (port < ranges[mid].from) hi = mid - 1;
    else if (port > ranges[mid].to) lo = mid + 1;
    else return true;
  }
  return false;
}

/** True for the protocols whose flows carry a port. */
export function protocolHasPorts(protocol: FlowProtocol): boolean {
  return protocol === "tcp" || protocol === "udp";
}

function entryMap(set: PortSet): Map<FlowProtocol, PortRange[]> {
  const m = new Map<FlowProtocol, PortRange[]>();
  for (const e of set) m.set(e.protocol, protocolHasPorts(e.protocol) ? normalizeRanges(e.ranges ?? []) : [...ALL_PORTS]);
  return m;
}

/** Builds a normalised port set from per-protocol ranges, dropping empty protocols. */
export function portSetFrom(byProtocol: Partial<Record<FlowProtocol, readonly PortRange[]>>): PortSet {
  const out: PortSet = [];
  for (const protocol of FLOW_PROTOCOLS) {
    const ranges = normalizeRanges(byProtocol[protocol] ?? []);
    if (ranges.length === 0) continue;
    out.push(protocolHasPorts(protocol) ? { protocol, ranges } : { protocol });
  }
  return out;
}

/** Everything in `a` or in `b`. */
export function unionPortSets(a: PortSet, b: PortSet): PortSet {
  const ma = entryMap(a);
  const mb = entryMap(b);
  const out: Partial<Record<FlowProtocol, PortRange[]>> = {};
  for (const p of FLOW_PROTOCOLS) out[p] = unionRanges(ma.get(p) ?? [], mb.get(p) ?? []);
  return portSetFrom(out);
}

/** Everything in both `a` and `b`. */
export function intersectPortSets(a: PortSet, b: PortSet): PortSet {
  const ma = entryMap(a);
  const mb = entryMap(b);
  const out: Partial<Record<FlowProtocol, PortRange[]>> = {};
  for (const p of FLOW_PROTOCOLS) out[p] = intersectRanges(ma.get(p) ?? [], mb.get(p) ?? []);
  return portSetFrom(out);
}

/** Everything in `a` but not in `b`. */
export function subtractPortSets(a: PortSet, b: PortSet): PortSet {
  const ma = entryMap(a);
  const mb = entryMap(b);
  const out: Partial<Record<FlowProtocol, PortRange[]>> = {};
  for (const p of FLOW_PROTOCOLS) out[p] = subtractRanges(ma.get(p) ?? [], mb.get(p) ?? []);
  return portSetFrom(out);
}

/** True when the set holds the protocol (and, for tcp/udp, the port). */
export function portSetAllows(set: PortSet, protocol: FlowProtocol, port?: number): boolean {
  const entry = set.find((e) => e.protocol === protocol);
  if (!entry) return false;
  if (!protocolHasPorts(protocol)) return true;
  return port !== undefined && rangesContain(entry.ranges ?? [], port);
}

/**
 * Renders a port set for people: protocols separated by `; `, ports by `, `, ranges with `-`.
 *
 * @example formatPortSet([{ protocol: "tcp", ranges: [{ from: 80, to: 80 }, { from: 443, to: 443 }] }, { protocol: "icmp" }])
 *   // => "tcp 80, 443; icmp"
 */
export function formatPortSet(set: PortSet): string {
  if (set.length === 0) return "nothing";
  return set
    .map((e) => {
      if (!protocolHasPorts(e.protocol)) return e.protocol;
      const ranges = normalizeRanges(e.ranges ?? []);
      if (ranges.length === 1 && ranges[0].from === MIN_PORT && ranges[0].to === MAX_PORT) return `${e.protocol} all ports`;
      return `${e.protocol} ${ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(", ")}`;
    })
    .join("; ");
}
