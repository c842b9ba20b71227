/**
 * The plan's default report sections: least-privilege findings (`checkNetwork`) and who can
 * reach what (`accessMatrix`), with a Mermaid diagram of the allowed flows.
 */
import { AccessFlow, INTERNET, INTERNET_IPV6, PortSet, accessMatrix } from "../analysis";
import { reviewNetwork } from "../checks/exemptions";
import { ValidationError } from "../model/errors";
import { GroupModel, NetworkModel } from "../model/network";
import { validateRule } from "../model/rule";
import type { AnalysisInput, FindingsSection } from "./analyses";
import { AccessEntry, AccessReport, FindingReport } from "./report";

/** Rule texts of a port set: `tcp:80`, `tcp:8000-8080`, `icmp`. */
export function portSetTokens(set: PortSet): string[] {
  return set.flatMap((e) => (e.ranges === undefined ? [e.protocol] : e.ranges.map((r) => (r.from === 1 && r.to === 65535 ? `${e.protocol}:all` : r.from === r.to ? `${e.protocol}:${r.from}` : `${e.protocol}:${r.from}-${r.to}`))));
}

/** The network without what the provider would refuse (listed elsewhere in the report). */
function deployable(network: NetworkModel): NetworkModel {
  const groups: GroupModel[] = network.groups.map((g) => ({
    ...g,
    rules: g.rules.filter((r) => {
      try {
        validateRule(r);
        return true;
      } catch {
        return false;
      }
    }),
  }));
  const known = new Set(groups.map((g) => g.id));
  const instances = (network.instances ?? []).filter((i) => i.privateIp !== "" && i.groups.every((id) => known.has(id)));
  return { ...network, groups, instances };
}

/** Least-privilege findings of the captured network, one per rule, with the exemptions applied. */
export function planFindings(input: AnalysisInput): FindingsSection {
  const ruleName = (groupId: string, index: number) => input.origins.get(groupId)?.[index];
  const { findings, stale } = reviewNetwork(input.network, { exemptions: input.exemptions ?? [], naming: { ruleName } });
  const reports = findings.map((f) => {
    const out: FindingReport = { check: f.check, severity: f.severity, group: input.groupLabel(f.groupId), message: `${f.message} ${f.fix}`.trim() };
    const rule = f.ruleIndex === undefined ? undefined : ruleName(f.groupId, f.ruleIndex);
    if (rule) out.rule = rule;
    if (f.alsoFails && f.alsoFails.length > 0) out.alsoFails = [...f.alsoFails];
    if (f.acknowledged) out.acknowledged = { ...f.acknowledged };
    return out;
  });
  return { findings: reports, staleExemptions: stale.map((e) => ({ check: e.check, rule: e.rule, reason: e.reason, where: e.where })) };
}

function nodeLabel(input: AnalysisInput, node: string): string {
  if (node === INTERNET) return "internet";
  if (node === INTERNET_IPV6) return "internet (IPv6)";
  return input.network.groups.some((g) => g.id === node) ? input.groupLabel(node) : node;
}

function mermaid(entries: readonly AccessEntry[]): string {
  const ids = new Map<string, string>();
  const id = (label: string) => {
    if (!ids.has(label)) ids.set(label, `n${ids.size}`);
    return ids.get(label) as string;
  };
  const lines = ["flowchart LR"];
  const edges = entries.map((e) => `  ${id(e.from)} -->|"${e.allowed.join(", ")}"| ${id(e.to)}`);
  for (const [label, n] of ids) lines.push(`  ${n}["${label.replace(/"/g, "'")}"]`);
  return [...lines, ...edges].join("\n") + "\n";
}

/** Who can reach what in the captured network, and the Mermaid diagram of it. */
export function planAccess(input: AnalysisInput): AccessReport {
  let flows: AccessFlow[];
  try {
    flows = accessMatrix(deployable(input.network)).flows;
  } catch (e) {
    if (e instanceof ValidationError) return { matrix: [], error: e.message };
    throw e;
  }
  const matrix: AccessEntry[] = flows
    .filter((f) => f.allowed.length > 0 && f.from !== f.to)
    .map((f) => ({ from: nodeLabel(input, f.from), to: nodeLabel(input, f.to), allowed: portSetTokens(f.allowed) }));
  return { matrix, diagram: mermaid(matrix) };
}
