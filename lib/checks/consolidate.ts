/**
 * One finding per problem: the findings several checks make about one rule become one
 * finding, the worst, naming everything the rule opens (`admin tcp:22, database tcp:3306,
 * every other port`) and listing the other checks it also fails. A world-open SSH rule is
 * `public-admin-port` (also failing `world-open-non-web`), not a high and a medium.
 *
 * Acknowledged findings stay visible: a rule's finding is acknowledged only when every check
 * it fails is; otherwise the worst unacknowledged check leads.
 *
 * Nothing hides behind a refusal: an `invalid-rule` finding lists in `alsoFails` what the rule
 * would open if the API took it. Findings on a group whose network was read from its rules say
 * so.
 */
import { GroupModel, NetworkModel } from "../model/network";
import { analysisOf } from "./shared-analysis";
import { PortRange, subtractRanges } from "../model/port-ranges";
import { networkReadingText, readGroupNetwork } from "../model/group-network";
import { ResolvedCheckOptions } from "./check-options";
import { describeRule, exposureText } from "./describe";
import { worldOpenPorts } from "./exposure";
import { CheckId, Finding, Severity, severityRank } from "./finding";
import { AnalysedRule, Component, GroupAnalysis } from "./group-analysis";
import { exposuresIfTaken } from "./invalid-rule";
import { CHECKS } from "./registry";
import { worldOpenWebPorts } from "./world-open-non-web";


/** Checks whose findings say what a rule opens; their wording is merged. */
const EXPOSURE_CHECKS: readonly CheckId[] = ["public-admin-port", "public-database-port", "all-ports-open", "world-open-non-web", "broad-intranet-cidr"];

function order(id: CheckId): number {
  const i = CHECKS.findIndex((c) => c.id === id);
  return i < 0 ? CHECKS.length : i;
}

/** Worst first: unacknowledged before acknowledged, then severity, then the registry's order. */
function worse(a: Finding, b: Finding): number {
  if (!a.acknowledged !== !b.acknowledged) return a.acknowledged ? 1 : -1;
  return severityRank(a.severity) - severityRank(b.severity) || order(a.check) - order(b.check);
}

function minus(open: ReadonlyMap<Component, readonly PortRange[]>, taken: readonly ReadonlyMap<Component, readonly PortRange[]>[]): Map<Component, readonly PortRange[]> {
  const out = new Map<Component, readonly PortRange[]>();
  for (const [c, ports] of open) {
    let left = ports;
    for (const t of taken) left = subtractRanges(left, t.get(c) ?? []);
    if (left.length > 0) out.set(c, left);
  }
  return out;
}

const EXPOSURES = new WeakMap<GroupAnalysis, Map<readonly number[], Map<AnalysedRule, ReadonlyMap<Component, readonly PortRange[]>>>>();

/** What each rule of a group opens to the world on `ports`, computed once per group and port list. */
function exposureOf(analysis: GroupAnalysis, ports: readonly number[], rule: AnalysedRule): ReadonlyMap<Component, readonly PortRange[]> | undefined {
  let byPorts = EXPOSURES.get(analysis);
  if (!byPorts) EXPOSURES.set(analysis, (byPorts = new Map()));
  let byRule = byPorts.get(ports);
  if (!byRule) byPorts.set(ports, (byRule = new Map(worldOpenPorts(analysis, ports).map((e) => [e.rule, e.open]))));
  return byRule.get(rule);
}

/** `ingress accept tcp:1-65535 from 0.0.0.0/0 (priority 1) opens admin tcp:22, database tcp:3306, every other port.` */
function mergedMessage(analysis: GroupAnalysis, index: number, checks: ReadonlySet<CheckId>, options: ResolvedCheckOptions): string | undefined {
  const rule = analysis.rules.find((r) => r.index === index);
  if (!rule) return undefined;
  const parts: string[] = [];
  const taken: ReadonlyMap<Component, readonly PortRange[]>[] = [];
  if (checks.has("public-admin-port")) {
    const hit = exposureOf(analysis, options.adminPorts, rule);
    if (hit) {
      parts.push(`admin ${exposureText(hit)}`);
      taken.push(hit);
    }
  }
  if (checks.has("public-database-port")) {
    const hit = exposureOf(analysis, options.databasePorts, rule);
    if (hit) {
      parts.push(`database ${exposureText(hit)}`);
      taken.push(hit);
    }
  }
  if (checks.has("all-ports-open")) {
    const what = rule.protocol === "all" ? "protocol and port" : "port";
    parts.push(parts.length > 0 ? `every other ${what}` : `every ${what}`);
  } else if (checks.has("world-open-non-web") || checks.has("broad-intranet-cidr")) {
    // Web ports open to the world are not a finding: leave them out of what is named.
    if (checks.has("world-open-non-web")) taken.push(worldOpenWebPorts(rule, options.webPorts));
    const rest = minus(analysis.openAfterDrops(rule), taken);
    if (rest.size > 0) parts.push(parts.length > 0 ? `other ports ${exposureText(rest)}` : exposureText(rest));
  }
  if (parts.length === 0) return undefined;
  return `${describeRule(rule)} opens ${parts.join(", ")}.`;
}

/**
 * Merges the findings on each rule into one: the worst (unacknowledged first), with the
 * others in `alsoFails`. Findings on groups and instances are kept as they are, and so is the
 * order of first appearance.
 */
export function consolidateFindings(network: NetworkModel, findings: readonly Finding[], options: ResolvedCheckOptions): Finding[] {
  return withNetworkReadings(network, withTakenExposures(network, mergeFindings(network, findings, options), options));
}

/** The network's groups by the id their findings carry (`groups[n]` for one without an id), the first of an id. */
function groupsById(network: NetworkModel): Map<string, GroupModel> {
  const groups = typeof network === "object" && network !== null && Array.isArray(network.groups) ? network.groups : [];
  const byId = new Map<string, GroupModel>();
  groups.forEach((g, n) => {
    if (!g || typeof g !== "object") return;
    const id = g.id ? g.id : `groups[${n}]`;
    if (!byId.has(id)) byId.set(id, g);
  });
  return byId;
}

/**
 * A refused rule's finding lists in `alsoFails` the exposure checks the rule would fail if the
 * API took it (`exposuresIfTaken`), worst first: a world-open admin port in a rule the API
 * refuses is never reported as a refusal alone. Only the checks the run enables are listed.
 */
function withTakenExposures(network: NetworkModel, findings: Finding[], options: ResolvedCheckOptions): Finding[] {
  if (!findings.some((f) => f.check === "invalid-rule" && f.ruleIndex !== undefined && f.instanceId === undefined)) return findings;
  const byId = groupsById(network);
  const severity = (id: CheckId): Severity => options.severities[id] ?? CHECKS.find((c) => c.id === id)?.severity ?? "medium";
  return findings.map((f) => {
    if (f.check !== "invalid-rule" || f.ruleIndex === undefined || f.instanceId !== undefined) return f;
    const g = byId.get(f.groupId);
    if (!g) return f;
    const analysis = analysisOf(options, network, g);
    if (!analysis.invalid.some((x) => x.index === f.ruleIndex)) return f;
    const taken = exposuresIfTaken(analysis, f.ruleIndex, options)
      .map((e) => e.check)
      .filter((c) => !options.checks || options.checks.has(c));
    const also = [...new Set([...(f.alsoFails ?? []), ...taken])].filter((c) => c !== f.check);
    if (also.length === (f.alsoFails ?? []).length) return f;
    also.sort((a, b) => severityRank(severity(a)) - severityRank(severity(b)) || order(a) - order(b));
    return { ...f, alsoFails: also };
  });
}

/**
 * The findings on a group whose network was read from its rules (it states none, and an
 * internet rule says classic) say so: `(sg-old read as classic: rule 0 is an internet rule.)`.
 */
function withNetworkReadings(network: NetworkModel, findings: Finding[]): Finding[] {
  const byId = groupsById(network);
  const notes = new Map<string, string | undefined>();
  const noteOf = (groupId: string): string | undefined => {
    if (!notes.has(groupId)) {
      const g = byId.get(groupId);
      notes.set(groupId, g ? networkReadingText(readGroupNetwork(g)) : undefined);
    }
    return notes.get(groupId);
  };
  return findings.map((f) => {
    if (f.instanceId !== undefined) return f;
    const note = noteOf(f.groupId);
    return note === undefined ? f : { ...f, message: `${f.message} (${f.groupId} ${note}.)` };
  });
}

function mergeFindings(network: NetworkModel, findings: readonly Finding[], options: ResolvedCheckOptions): Finding[] {
  const byRule = new Map<string, Finding[]>();
  const slots: (Finding | string)[] = [];
  for (const f of findings) {
    if (f.ruleIndex === undefined || f.instanceId !== undefined) {
      slots.push(f);
      continue;
    }
    const key = `${f.groupId}\u0000${f.ruleIndex}`;
    const list = byRule.get(key);
    if (list) list.push(f);
    else {
      byRule.set(key, [f]);
      slots.push(key);
    }
  }
  if ([...byRule.values()].every((l) => l.length === 1)) return [...findings];

  const byId = groupsById(network);
  const analysisFor = (groupId: string): GroupAnalysis | undefined => {
    const g = byId.get(groupId);
    return g === undefined ? undefined : analysisOf(options, network, g);
  };

  return slots.map((slot) => {
    if (typeof slot !== "string") return slot;
    const list = byRule.get(slot) as Finding[];
    if (list.length === 1) return list[0];
    const sorted = [...list].sort(worse);
    const lead = sorted[0];
    const merged: Finding = { ...lead, alsoFails: sorted.slice(1).map((f) => f.check) };
    const checks = new Set(list.map((f) => f.check));
    if (list.some((f) => EXPOSURE_CHECKS.includes(f.check))) {
      const analysis = analysisFor(lead.groupId);
      const message = analysis && mergedMessage(analysis, lead.ruleIndex as number, checks, options);
      if (message) merged.message = message;
    }
    if (lead.acknowledged) {
      // Every check is acknowledged: say each reason once.
      const reasons = [...new Set(sorted.map((f) => f.acknowledged?.reason ?? ""))].filter((r) => r !== "");
      const where = [...new Set(sorted.map((f) => f.acknowledged?.exemption ?? ""))].filter((r) => r !== "");
      merged.acknowledged = { reason: reasons.join("; "), exemption: where.join(", ") };
    }
    return merged;
  });
}
