/**
 * `invalid-rule`: a rule (or a group, or an instance's set of groups) the ECS API refuses. It
 * cannot exist in the cloud, so it is reported with the validation message instead of stopping
 * the other checks. Every refusal validation knows is reported here (the quotas have checks of
 * their own), so a stack the API would refuse never passes the checks.
 */
import { CheckDefinition, GroupCheck, Issue, NetworkCheck } from "./issue";
import { inspectionOf } from "./shared-analysis";

const FIX = "Correct the rule as the message says, or remove it: the API refuses it as written.";

/** Reports each rule that the API refuses in its group (`validateRuleInGroup`). */
const invalidRule: GroupCheck = (group) =>
  group.invalid.map(({ index, error }) => ({
    ruleIndex: index,
    message: error.message,
    fix: FIX,
  }));

/**
 * Reports what the API refuses about groups as a whole and between groups and instances:
 * group fields, group references across networks, rules naming enterprise groups, instances
 * mixing basic and enterprise groups. Rules alone are {@link invalidRule}'s; quotas belong to
 * `rule-quota`, `group-quota` and `rules-per-interface`.
 */
const invalidNetwork: NetworkCheck = (network, options) => {
  const instanceGroup = new Map<string, string>();
  for (const inst of Array.isArray(network?.instances) ? network.instances : []) {
    if (inst && typeof inst.id === "string" && Array.isArray(inst.groups) && typeof inst.groups[0] === "string") instanceGroup.set(inst.id, inst.groups[0]);
  }
  const out: Issue[] = [];
  for (const p of inspectionOf(options, network).problems) {
    if (p.scope === "rule") continue;
    const issue: Issue = { message: p.error.message, fix: p.ruleIndex !== undefined ? FIX : "Correct it as the message says: the API refuses it as written." };
    const groupId = p.groupId ?? (p.instanceId !== undefined ? instanceGroup.get(p.instanceId) : undefined);
    if (groupId !== undefined) issue.groupId = groupId;
    if (p.ruleIndex !== undefined) issue.ruleIndex = p.ruleIndex;
    if (p.instanceId !== undefined) issue.instanceId = p.instanceId;
    out.push(issue);
  }
  return out;
};

/** The `invalid-rule` check. */
export const invalidRuleCheck: CheckDefinition<"invalid-rule"> = {
  id: "invalid-rule",
  description: "Checks that every rule, group and instance's set of groups is one the ECS API accepts: a refused rule cannot exist in the cloud.",
  severity: "high",
  configRules: [],
  // The whole stack: a rule is refused or not in its group, and some refusals lie between groups.
  scope: "network",
  options: [],
  group: invalidRule,
  network: invalidNetwork,
};
