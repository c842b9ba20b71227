/**
 * Turns what a program created on mocks into a {@link PlanReport}: groups with their settings
 * and rules, peers named by label, defaults filled in, everything in a stable order.
 */
import { ValidationError } from "../model/errors";
import { RESOURCE_TYPES } from "../model/resource-props";
import { GroupModel, validateRuleInGroup } from "../model/network";
import { groupNetwork, isClassicGroup } from "../model/group-network";
import { IP_PROTOCOLS, RuleArgs, hasPorts, portInterval } from "../model/rule";
import { StackCapture } from "../offline/capture";
import { AssumedReport, GroupReport, InstanceReport, InvalidRuleReport, PeerReport, PlanReport, REPORT_VERSION, RuleReport, SourceLocation } from "./report";

/** What the report says about where the plan came from. */
export interface ReportSource {
  /** Pulumi project name. */
  project: string;
  /** Stack name. */
  stack: string;
  /** Entry file relative to the project directory, `/`-separated. */
  program: string;
}

/** Code-point order, the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedRecord(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort(compareText)) {
    const v = record[key];
    out[key] = typeof v === "object" && v !== null && !Array.isArray(v) ? sortedRecord(v as Record<string, unknown>) : v;
  }
  return out;
}

/** Labels for groups: the group's name, else its resource name, else its id; made unique. */
function groupLabels(groups: readonly GroupModel[], resourceOf: Map<string, string>): Map<string, string> {
  const first = new Map(groups.map((g) => [g.id, g.name ?? resourceOf.get(g.id) ?? g.id]));
  const uses = new Map<string, number>();
  for (const label of first.values()) uses.set(label, (uses.get(label) ?? 0) + 1);
  const labels = new Map<string, string>();
  for (const [id, label] of first) {
    const alt = resourceOf.get(id) ?? id;
    labels.set(id, (uses.get(label) ?? 0) > 1 && alt !== label ? `${label} (${alt})` : label);
  }
  return labels;
}

function portsText(rule: RuleArgs): string {
  if (!hasPorts(rule.ipProtocol)) return "-";
  const { from, to } = portInterval(rule);
  if (from === to) return `${from}`;
  return from === 1 && to === 65535 ? "1-65535 (all)" : `${from}-${to}`;
}

function peerOf(rule: RuleArgs, groupLabel: Map<string, string>, prefixListLabel: Map<string, string>): PeerReport {
  const internet = rule.nicType === "internet" ? " (internet)" : "";
  if (rule.cidrIp !== undefined) return { kind: "ipv4", value: rule.cidrIp, text: `${rule.cidrIp}${internet}` };
  if (rule.ipv6CidrIp !== undefined) return { kind: "ipv6", value: rule.ipv6CidrIp, text: `${rule.ipv6CidrIp}${internet}` };
  if (rule.prefixListId !== undefined) {
    return { kind: "prefix-list", value: rule.prefixListId, text: `prefix-list ${prefixListLabel.get(rule.prefixListId) ?? rule.prefixListId}` };
  }
  const id = rule.sourceSecurityGroupId as string;
  const label = groupLabel.get(id);
  const owner = rule.sourceGroupOwnerId ?? rule.sourceGroupOwnerAccount;
  const peer: PeerReport = { kind: "security-group", value: id, group: label, ownerId: owner, text: `group ${owner !== undefined ? `${owner}/` : ""}${label ?? id}` };
  return peer;
}

/** Validates a captured rule as the provider would in its group: the rule itself, then what its group forbids. */
function checkRule(raw: RuleArgs, group: GroupModel): RuleArgs {
  return validateRuleInGroup(raw, { groupId: group.id, type: group.type ?? "normal", classic: isClassicGroup(group) });
}

function compareRules(a: RuleReport, b: RuleReport): number {
  const proto = (p: string): number => IP_PROTOCOLS.indexOf(p as (typeof IP_PROTOCOLS)[number]);
  return (
    (a.direction === b.direction ? 0 : a.direction === "ingress" ? -1 : 1) ||
    a.priority - b.priority ||
    (a.policy === b.policy ? 0 : a.policy === "drop" ? -1 : 1) ||
    proto(a.protocol) - proto(b.protocol) ||
    (a.ports?.from ?? 0) - (b.ports?.from ?? 0) ||
    (a.ports?.to ?? 0) - (b.ports?.to ?? 0) ||
    compareText(a.peer.text, b.peer.text) ||
    compareText(a.resource ?? "", b.resource ?? "") ||
    compareText(a.description ?? "", b.description ?? "")
  );
}

/**
 * Builds the report of a captured program: every group (created by the program, or only given
 * rules by it), each rule validated and filled with the provider's defaults, rules the provider
 * would refuse listed apart with the reason. Deterministic: no times, no paths, stable order.
 */
export function buildReport(capture: StackCapture, source: ReportSource): PlanReport {
  const { network, origins, resources } = capture;
  const assumedResources = new Set(capture.assumedResources ?? []);
  const dependsOn = capture.dependsOnOpaque ?? {};
  // Where the program constructed each rule (by resource name) and each group and instance (by id).
  const locationOf = new Map<string, SourceLocation>();
  const locationById = new Map<string, SourceLocation>();
  for (const r of resources) {
    if (!r.location) continue;
    if (r.type === RESOURCE_TYPES.securityGroupRule && !locationOf.has(r.name)) locationOf.set(r.name, r.location);
    if (r.custom !== false && !locationById.has(r.id)) locationById.set(r.id, r.location);
  }
  const groupResource = new Map<string, string>();
  const prefixListLabel = new Map<string, string>();
  const ruleInputs = new Map<string, Record<string, unknown>>();
  for (const r of resources) {
    if (r.type === RESOURCE_TYPES.securityGroup) groupResource.set(r.id, r.name);
    if (r.type === RESOURCE_TYPES.ecsPrefixList || r.type === RESOURCE_TYPES.vpcPrefixList) prefixListLabel.set(r.id, r.name);
    if (r.type === RESOURCE_TYPES.securityGroupRule) ruleInputs.set(r.name, r.inputs);
  }
  const labels = groupLabels(network.groups, groupResource);

  const groups: GroupReport[] = network.groups.map((g) => {
    const resource = groupResource.get(g.id);
    const external = resource === undefined;
    const type = external ? null : (g.type ?? "normal");
    // Keys in the documented order; absent values stay undefined, which JSON leaves out.
    const report: GroupReport = {
      label: labels.get(g.id) ?? g.id,
      id: g.id,
      resource,
      name: g.name,
      description: g.description,
      type,
      vpcId: g.vpcId,
      network: groupNetwork(g),
      innerAccess: type === "normal" ? { policy: g.innerAccessPolicy ?? "Accept", default: g.innerAccessPolicy === undefined } : null,
      tags: sortedRecord(g.tags ?? {}) as Record<string, string>,
      external,
      rules: [],
      invalidRules: [],
    };
    if (resource !== undefined && assumedResources.has(resource)) report.assumed = true;
    if (resource !== undefined && dependsOn[resource]) report.dependsOn = [...dependsOn[resource]];
    const groupLocation = resource !== undefined ? locationById.get(g.id) : undefined;
    if (groupLocation) report.location = groupLocation;

    const names = origins.get(g.id) ?? [];
    g.rules.forEach((raw, i) => {
      const name = names[i];
      let rule: RuleArgs;
      try {
        rule = checkRule(raw, g);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        const inputs = (name !== undefined ? ruleInputs.get(name) : undefined) ?? { ...raw };
        const message = e.message.replace(/^alicloud-secgroups: /, "");
        const invalid: InvalidRuleReport = { resource: name, code: e.code, message, inputs: sortedRecord(inputs) };
        const where = name !== undefined ? locationOf.get(name) : undefined;
        if (where) invalid.location = where;
        report.invalidRules.push(invalid);
        return;
      }
      const row: RuleReport = {
        resource: name,
        direction: rule.type,
        policy: rule.policy ?? "accept",
        priority: rule.priority ?? 1,
        protocol: rule.ipProtocol,
        ports: hasPorts(rule.ipProtocol) ? portInterval(rule) : null,
        portsText: portsText(rule),
        peer: peerOf(rule, labels, prefixListLabel),
        nicType: rule.nicType,
        description: rule.description,
      };
      if (name !== undefined && assumedResources.has(name)) row.assumed = true;
      if (name !== undefined && dependsOn[name]) row.dependsOn = [...dependsOn[name]];
      const where = name !== undefined ? locationOf.get(name) : undefined;
      if (where) row.location = where;
      report.rules.push(row);
    });
    report.rules.sort(compareRules);
    report.invalidRules.sort((a, b) => compareText(a.resource ?? "", b.resource ?? "") || compareText(a.message, b.message));
    return report;
  });
  groups.sort((a, b) => compareText(a.label, b.label) || compareText(a.id, b.id));

  const rules = groups.flatMap((g) => g.rules);
  const typeOf = new Map(resources.map((r) => [r.id, r.type]));
  const instances: InstanceReport[] = (network.instances ?? []).map((i) => {
    const type = typeOf.get(i.id) ?? "";
    const kind: InstanceReport["kind"] = /LaunchTemplate/.test(type) ? "launch-template" : /ScalingConfiguration/.test(type) ? "scaling-configuration" : /NetworkInterface/.test(type) ? "network-interface" : "instance";
    const entry: InstanceReport = { name: i.name ?? i.id, id: i.id, kind, privateIp: i.privateIp, publicIp: i.publicIp ?? false, groups: i.groups.map((g) => labels.get(g) ?? g) };
    const where = locationById.get(i.id);
    if (where) entry.location = where;
    return entry;
  });
  instances.sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
  const assumed: AssumedReport[] = (capture.assumed ?? []).map((a) => {
    const text = JSON.stringify(a.value) ?? "undefined";
    const out: AssumedReport = { kind: a.kind, subject: a.subject, from: a.from, value: text.length > 200 ? `${text.slice(0, 197)}...` : text };
    if (a.resource !== undefined) out.resource = a.resource;
    return out;
  });
  // Resources the mocks cannot serve: planned with their outputs unknown (placeholders), each with why.
  for (const o of capture.opaque ?? []) {
    const text = JSON.stringify(o.outputs);
    const out: AssumedReport = { kind: "opaque-resource", subject: o.type, resource: o.name, from: "placeholder", value: text.length > 200 ? `${text.slice(0, 197)}...` : text, why: o.why };
    if (o.location) out.location = o.location;
    assumed.push(out);
  }
  return {
    version: REPORT_VERSION,
    project: source.project,
    stack: source.stack,
    program: source.program,
    groups,
    instances,
    assumed,
    exports: capture.outputs ?? {},
    totals: {
      groups: groups.length,
      rules: rules.length,
      ingress: rules.filter((r) => r.direction === "ingress").length,
      egress: rules.filter((r) => r.direction === "egress").length,
      invalid: groups.reduce((n, g) => n + g.invalidRules.length, 0),
    },
  };
}
