/**
 * Sets of protocols and port ranges: what the access matrix says a pair of nodes may exchange.
 * The per-protocol ranges use the model's range algebra (`lib/model/port-ranges.ts`).
 */
import { ALL_PORTS, PortRange, formatRanges, intersectRanges, normalizeRanges, rangesContain, sameRanges, subtractRanges, unionRanges } from "../model/port-ranges";
import { FLOW_PROTOCOLS, FlowProtocol, protocolHasPorts } from "./flow";

/** One protocol of a {@link PortSet}: tcp and udp carry their ranges, other protocols have no ports. */
export interface PortSetEntry {
  /** The protocol. */
  protocol: FlowProtocol;
  /** Sorted, disjoint, non-adjacent, non-empty ranges for tcp and udp; absent for every other protocol. */
  ranges?: PortRange[];
}

/** Protocols and ports, at most one entry per protocol, in {@link FLOW_PROTOCOLS} order. */
export type PortSet = PortSetEntry[];

export { protocolHasPorts };

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

/** The normalised ranges of each protocol of a set; a portless protocol holds every port. */
function rangesByProtocol(set: PortSet): Map<FlowProtocol, readonly PortRange[]> {
  const m = new Map<FlowProtocol, readonly PortRange[]>();
  for (const e of set) m.set(e.protocol, protocolHasPorts(e.protocol) ? normalizeRanges(e.ranges ?? []) : ALL_PORTS);
  return m;
}

/** Applies one range operation protocol by protocol. */
function combine(a: PortSet, b: PortSet, op: (x: readonly PortRange[], y: readonly PortRange[]) => PortRange[]): PortSet {
  const ma = rangesByProtocol(a);
  const mb = rangesByProtocol(b);
  const out: Partial<Record<FlowProtocol, PortRange[]>> = {};
  for (const p of FLOW_PROTOCOLS) out[p] = op(ma.get(p) ?? [], mb.get(p) ?? []);
  return portSetFrom(out);
}

/** Everything in `a` or in `b`. */
export function unionPortSets(a: PortSet, b: PortSet): PortSet {
  return combine(a, b, unionRanges);
}

/** Everything in both `a` and `b`. */
export function intersectPortSets(a: PortSet, b: PortSet): PortSet {
  return combine(a, b, intersectRanges);
}

/** Everything in `a` but not in `b`. */
export function subtractPortSets(a: PortSet, b: PortSet): PortSet {
  return combine(a, b, subtractRanges);
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
      return sameRanges(ranges, ALL_PORTS) ? `${e.protocol} all ports` : `${e.protocol} ${formatRanges(ranges)}`;
    })
    .join("; ");
}
