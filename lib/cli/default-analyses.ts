/**
 * The plan's default report sections: least-privilege findings (`checkNetwork`) and who can
 * reach what (`accessMatrix`), with a Mermaid diagram of the allowed flows.
 */
import { AccessFlow, INTERNET, INTERNET_IPV6, PortSet, accessMatrix } from "../analysis";
import { reviewNetwork } from "../checks/exemptions";
import { exemptionWhere } from "../model/exemptions";
import { ValidationError } from "../model/errors";
import { mermaidLabel, quoteText } from "../model/escape";
import { GroupModel, InstanceModel, NetworkModel } from "../model/network";
import { validateRule } from "../model/rule";
import type { AnalysisInput, FindingsSection } from "./analyses";
import { AccessEntry, AccessReport, FindingReport } from "./report";
import { nameRules } from "./intents-section";

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

function instanceName(i: InstanceModel): string {
  return i.name !== undefined && i.name !== i.id ? `${i.name} (${i.id})` : i.id;
}

/**
 * A `duplicate-rule` message with each rule it lists (`rules[0] and rules[1]`) named as the
 * report knows it (`name(0)`: a resource name, a cloud rule id), so every owner of the one cloud
 * rule is named, not only the one the finding is on. Other messages are returned as they are.
 */
export function nameDuplicateRules(check: string, message: string, name: (index: number) => string | undefined): string {
  if (check !== "duplicate-rule") return message;
  return message.replace(/^((?:rules\[\d+\](?:, | and ))*rules\[\d+\])(?= of group )/, (list) => list.replace(/rules\[(\d+)\]/g, (m, n: string) => name(Number(n)) ?? m));
}

/**
 * Least-privilege findings of the captured network, one per rule, with the exemptions applied;
 * instances named by their resource. Refusals between groups and instances (an instance mixing
 * basic and enterprise groups) are the checks' `invalid-rule` findings.
 */
export function planFindings(input: AnalysisInput): FindingsSection {
  const names = new Map((input.network.instances ?? []).map((i) => [i.id, i]));
  const ruleName = (groupId: string, index: number) => input.origins.get(groupId)?.[index];
  const intents = input.intents && input.intents.length > 0 ? { intents: input.intents, ...(input.intentContext ? { intentContext: input.intentContext } : {}), ...(input.onIntentResults ? { onIntentResults: input.onIntentResults } : {}) } : {};
  const { findings, stale } = reviewNetwork(input.network, { exemptions: input.exemptions ?? [], naming: { ruleName }, checks: intents });
  const reports = findings.map((f) => {
    const inst = f.instanceId !== undefined ? names.get(f.instanceId) : undefined;
    const found = inst && inst.name !== undefined && inst.name !== inst.id ? f.message.replace(JSON.stringify(inst.id), `${JSON.stringify(inst.id)} (${inst.name})`) : f.message;
    const named = f.intentId !== undefined ? nameRules(found, ruleName) : found;
    const message = nameDuplicateRules(f.check, named, (i) => {
      const name = ruleName(f.groupId, i);
      return name === undefined ? undefined : `rule ${quoteText(name)}`;
    });
    const out: FindingReport = { check: f.check, severity: f.severity, ...(f.groupId !== "" || f.intentId === undefined ? { group: input.groupLabel(f.groupId) } : {}), message: `${message} ${f.fix}`.trim() };
    if (f.intentId !== undefined) out.intent = f.intentId;
    if (f.fix !== "") out.fix = f.fix;
    const rule = f.ruleIndex === undefined ? undefined : ruleName(f.groupId, f.ruleIndex);
    if (rule) out.rule = rule;
    if (inst) out.instance = instanceName(inst);
    if (f.alsoFails && f.alsoFails.length > 0) out.alsoFails = [...f.alsoFails];
    if (f.acknowledged) out.acknowledged = { ...f.acknowledged };
    return out;
  });
  return { findings: reports, staleExemptions: stale.map((e) => ({ check: e.check, rule: e.rule, reason: e.reason, where: exemptionWhere(e) })) };
}

function nodeLabel(input: AnalysisInput, node: string): string {
  if (node === INTERNET) return "internet";
  if (node === INTERNET_IPV6) return "internet (IPv6)";
  return input.network.groups.some((g) => g.id === node) ? input.groupLabel(node) : node;
}

/**
 * The Mermaid flowchart of the matrix: node ids are the renderer's (`n0`, `n1`), never a name;
 * every label goes through {@link mermaidLabel}, so a name stays in its quotes on its node's
 * line, one line per node and per edge.
 */
export function accessDiagram(entries: readonly AccessEntry[]): string {
  const ids = new Map<string, string>();
  const id = (label: string) => {
    if (!ids.has(label)) ids.set(label, `n${ids.size}`);
    return ids.get(label) as string;
  };
  const lines = ["flowchart LR"];
  const edges = entries.map((e) => `  ${id(e.from)} -->|${mermaidLabel(e.allowed.join(", "))}| ${id(e.to)}`);
  for (const [label, n] of ids) lines.push(`  ${n}[${mermaidLabel(label)}]`);
  return [...lines, ...edges].join("\n") + "\n";
}

/** The index in `network` a validation error's field points at (`groups[2]…`, `instances[0]…`). */
function culprit(e: ValidationError): { kind: "groups" | "instances"; index: number; rule?: number } | undefined {
  const m = /^(groups|instances)\[(\d+)\](?:\.rules\[(\d+)\])?/.exec(e.field);
  if (!m) return undefined;
  const out: { kind: "groups" | "instances"; index: number; rule?: number } = { kind: m[1] as "groups" | "instances", index: Number(m[2]) };
  if (m[3] !== undefined) out.rule = Number(m[3]);
  return out;
}

/**
 * The matrix of what can be computed: a group or instance that breaks a platform rule is left
 * out (and listed), never the whole section.
 */
function matrixOf(input: AnalysisInput, network: NetworkModel): { flows: AccessFlow[]; omitted: { what: string; reason: string }[]; error?: string } {
  const omitted: { what: string; reason: string }[] = [];
  let current = network;
  for (let attempt = 0; attempt <= network.groups.length + (network.instances ?? []).length; attempt++) {
    try {
      return { flows: accessMatrix(current).flows, omitted };
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      const at = culprit(e);
      const reason = e.message.replace(/^alicloud-secgroups: /, "");
      if (!at) return { flows: [], omitted, error: reason };
      if (at.kind === "groups" && at.rule !== undefined) {
        // One rule breaks a platform rule: leave that rule out, not its group.
        const g = current.groups[at.index];
        const name = input.origins.get(g.id)?.[input.network.groups.find((x) => x.id === g.id)?.rules.indexOf(g.rules[at.rule]) ?? -1];
        omitted.push({ what: `rule ${name ?? `rules[${at.rule}]`} of group ${input.groupLabel(g.id)}`, reason });
        current = { ...current, groups: current.groups.map((x, k) => (k === at.index ? { ...x, rules: x.rules.filter((_, j) => j !== at.rule) } : x)) };
      } else if (at.kind === "groups") {
        const g = current.groups[at.index];
        omitted.push({ what: `group ${input.groupLabel(g.id)}`, reason });
        const groups = current.groups.filter((_, k) => k !== at.index);
        const known = new Set(groups.map((x) => x.id));
        current = { ...current, groups: groups.map((x) => ({ ...x, rules: x.rules.filter((r) => r.sourceSecurityGroupId === undefined || r.sourceSecurityGroupId !== g.id) })), instances: (current.instances ?? []).filter((i) => i.groups.every((id) => known.has(id))) };
      } else {
        const i = (current.instances ?? [])[at.index];
        omitted.push({ what: `instance ${instanceName(i)}`, reason });
        current = { ...current, instances: (current.instances ?? []).filter((_, k) => k !== at.index) };
      }
    }
  }
  return { flows: [], omitted, error: "too many groups and instances break a platform rule" };
}

/** Who can reach what in the captured network, and the Mermaid diagram of it. */
export function planAccess(input: AnalysisInput): AccessReport {
  const { flows, omitted, error } = matrixOf(input, deployable(input.network));
  if (error !== undefined) return { matrix: [], error, ...(omitted.length > 0 ? { omitted } : {}) };
  // A group's members reaching each other are listed where a rule of the group names the group
  // itself (a dedicated interconnect group); elsewhere it is the inner access policy, left out.
  const namesItself = new Set(input.network.groups.filter((g) => g.rules.some((r) => r.sourceSecurityGroupId === g.id)).map((g) => g.id));
  const matrix: AccessEntry[] = flows
    .filter((f) => f.allowed.length > 0 && (f.from !== f.to || namesItself.has(f.from)))
    .map((f) => ({ from: nodeLabel(input, f.from), to: nodeLabel(input, f.to), allowed: portSetTokens(f.allowed) }));
  const out: AccessReport = { matrix, diagram: accessDiagram(matrix) };
  if (omitted.length > 0) out.omitted = omitted;
  return out;
}
