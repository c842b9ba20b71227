/**
 * `checkNetwork`: every least-privilege check over a whole network, as findings.
 */
import { GroupModel, NetworkModel } from "../model/network";
import { GroupAnalysis } from "./group-analysis";
import { CheckOptions, resolveCheckOptions } from "./check-options";
import { consolidateFindings } from "./consolidate";
import { CheckId, Finding } from "./finding";
import { CheckDefinition, Issue } from "./issue";
import { CHECK_DEFINITIONS } from "./registry";
import { analysisOf } from "./shared-analysis";

/**
 * Runs the checks over a network and returns their findings: per group in the model's order,
 * then per instance. Never throws on the network: a rule the API would refuse becomes an
 * `invalid-rule` finding. Throws {@link ValidationError} only for bad `options`.
 *
 * @example checkNetwork({ groups: [{ id: "sg-web", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" }] }] })
 *   // => [{ check: "public-admin-port", severity: "high", groupId: "sg-web", ruleIndex: 0, ... }, { check: "world-open-non-web", ... }]
 */
export function checkNetwork(model: NetworkModel, options: CheckOptions = {}): Finding[] {
  return checkNetworkKeeping(model, options).findings;
}

/**
 * {@link checkNetwork}, keeping the analyses of the groups it made (each group's rules, what each
 * decides and leaves open), for a caller that asks more of the same groups of the same model
 * afterwards (the audit's proposals): not exported from the package.
 */
export function checkNetworkKeeping(model: NetworkModel, options: CheckOptions = {}): { findings: Finding[]; analysisOf: (group: GroupModel) => GroupAnalysis } {
  const resolved = resolveCheckOptions(options);
  const enabled = CHECK_DEFINITIONS.filter((c) => !resolved.checks || resolved.checks.has(c.id));
  const findings: Finding[] = [];
  const stamp = (check: CheckDefinition<CheckId>, groupId: string, issue: Issue): Finding => {
    const f: Finding = { check: check.id, severity: resolved.severities[check.id] ?? check.severity, groupId: issue.groupId ?? groupId, message: issue.message, fix: issue.fix };
    if (issue.ruleIndex !== undefined) f.ruleIndex = issue.ruleIndex;
    if (issue.instanceId !== undefined) f.instanceId = issue.instanceId;
    if (issue.intentId !== undefined) f.intentId = issue.intentId;
    const configRule = issue.configRule ?? check.configRules[0];
    if (configRule !== undefined) f.configRule = configRule;
    return f;
  };

  const network = typeof model === "object" && model !== null ? model : ({ groups: [] } as NetworkModel);

  const groupChecks = enabled.filter((c) => c.group !== undefined);
  if (groupChecks.length > 0) {
    const groups = Array.isArray(network.groups) ? network.groups : [];
    groups.forEach((group, i) => {
      if (typeof group !== "object" || group === null) return;
      const analysis = analysisOf(resolved, network, group);
      const groupId = typeof group.id === "string" && group.id !== "" ? group.id : `groups[${i}]`;
      for (const c of groupChecks) for (const issue of c.group?.(analysis, resolved) ?? []) findings.push(stamp(c, groupId, issue));
    });
  }
  for (const c of enabled) {
    if (c.network) for (const issue of c.network(network, resolved)) findings.push(stamp(c, issue.groupId ?? "", issue));
  }
  return { findings: resolved.consolidate ? consolidateFindings(network, findings, resolved) : findings, analysisOf: (group) => analysisOf(resolved, network, group) };
}
