/**
 * Exposure to every address: what an accepted rule from `0.0.0.0/0` or `::/0` still opens on
 * given ports once better-or-equal priority drops of its group have denied what they cover.
 */
import { AnalysedRule, Component, GroupAnalysis, fromAnywhere, isAcceptedIngress } from "./group-analysis";
import { PortRange, intersectRanges, rangesOfPorts } from "../model/port-ranges";

/** An accepted ingress rule and what it exposes. */
export interface Exposure {
  readonly rule: AnalysedRule;
  /** Ports still open per protocol component, never empty. */
  readonly open: ReadonlyMap<Component, readonly PortRange[]>;
}

/** Rules open to every address that still open one of `ports` over tcp or udp. */
export function worldOpenPorts(group: GroupAnalysis, ports: readonly number[]): Exposure[] {
  const wanted = rangesOfPorts(ports);
  const out: Exposure[] = [];
  for (const rule of group.rules) {
    if (!isAcceptedIngress(rule) || !fromAnywhere(rule)) continue;
    const open = new Map<Component, readonly PortRange[]>();
    for (const [c, left] of group.openAfterDrops(rule)) {
      if (c !== "tcp" && c !== "udp") continue;
      const hit = intersectRanges(left, wanted);
      if (hit.length > 0) open.set(c, hit);
    }
    if (open.size > 0) out.push({ rule, open });
  }
  return out;
}
