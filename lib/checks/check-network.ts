/**
 * `checkNetwork`: every least-privilege check over a whole network, as findings.
 */
import { NetworkModel, PrefixListModel } from "../model/network";
import { allPortsOpen } from "./all-ports-open";
import { broadIntranetCidr } from "./broad-intranet-cidr";
import { CheckOptions, resolveCheckOptions } from "./check-options";
import { classicIntranetCidr } from "./classic-intranet-cidr";
import { consolidateFindings } from "./consolidate";
import { CheckId, Finding } from "./finding";
import { GroupAnalysis } from "./group-analysis";
import { groupQuota } from "./group-quota";
import { invalidNetwork, invalidRule } from "./invalid-rule";
import { GroupCheck, Issue, NetworkCheck } from "./issue";
import { publicAdminPort } from "./public-admin-port";
import { publicDatabasePort } from "./public-database-port";
import { CHECKS } from "./registry";
import { ruleQuota } from "./rule-quota";
import { shadowedRule } from "./shadowed-rule";
import { STACK_CHECKS } from "./stack-checks";
import { analysisOf } from "./shared-analysis";
import { worldOpenNonWeb } from "./world-open-non-web";

const GROUP_CHECKS: Partial<Record<CheckId, GroupCheck>> = {
  "invalid-rule": invalidRule,
  "public-admin-port": publicAdminPort,
  "public-database-port": publicDatabasePort,
  "all-ports-open": allPortsOpen,
  "world-open-non-web": worldOpenNonWeb,
  "broad-intranet-cidr": broadIntranetCidr,
  "classic-intranet-cidr": classicIntranetCidr,
  "rule-quota": ruleQuota,
  "shadowed-rule": shadowedRule,
};

const NETWORK_CHECKS: Partial<Record<CheckId, NetworkCheck>> = {
  "invalid-rule": invalidNetwork,
  "group-quota": groupQuota,
  ...STACK_CHECKS,
};

/**
 * Runs the checks over a network and returns their findings: per group in the model's order,
 * then per instance. Never throws on the network: a rule the API would refuse becomes an
 * `invalid-rule` finding. Throws {@link ValidationError} only for bad `options`.
 *
 * @example checkNetwork({ groups: [{ id: "sg-web", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" }] }] })
 *   // => [{ check: "public-admin-port", severity: "high", groupId: "sg-web", ruleIndex: 0, ... }, { check: "world-open-non-web", ... }]
 */
export function checkNetwork(model: NetworkModel, options: CheckOptions = {}): Finding[] {
  const resolved = resolveCheckOptions(options);
  const enabled = CHECKS.filter((c) => !resolved.checks || resolved.checks.has(c.id));
  const findings: Finding[] = [];
  const stamp = (id: CheckId, groupId: string, issue: Issue): Finding => {
    const info = CHECKS.find((c) => c.id === id);
    const f: Finding = { check: id, severity: resolved.severities[id] ?? info?.severity ?? "medium", groupId: issue.groupId ?? groupId, message: issue.message, fix: issue.fix };
    if (issue.ruleIndex !== undefined) f.ruleIndex = issue.ruleIndex;
    if (issue.instanceId !== undefined) f.instanceId = issue.instanceId;
    const configRule = issue.configRule ?? info?.configRules[0];
    if (configRule !== undefined) f.configRule = configRule;
    return f;
  };

  const network = typeof model === "object" && model !== null ? model : ({ groups: [] } as NetworkModel);
  const prefixLists = new Map<string, PrefixListModel>();
  for (const pl of Array.isArray(network.prefixLists) ? network.prefixLists : []) if (pl && typeof pl.id === "string") prefixLists.set(pl.id, pl);

  const groupChecks = enabled.filter((c) => GROUP_CHECKS[c.id]);
  if (groupChecks.length > 0) {
    const groups = Array.isArray(network.groups) ? network.groups : [];
    groups.forEach((group, i) => {
      if (typeof group !== "object" || group === null) return;
      const analysis = analysisOf(resolved, network, group);
      const groupId = typeof group.id === "string" && group.id !== "" ? group.id : `groups[${i}]`;
      for (const c of groupChecks) for (const issue of (GROUP_CHECKS[c.id] as GroupCheck)(analysis, resolved)) findings.push(stamp(c.id, groupId, issue));
    });
  }
  for (const c of enabled) {
    const check = NETWORK_CHECKS[c.id];
    if (check) for (const issue of check(network, resolved)) findings.push(stamp(c.id, issue.groupId ?? "", issue));
  }
  return resolved.consolidate ? consolidateFindings(network, findings, resolved) : findings;
}
