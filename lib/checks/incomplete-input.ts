/**
 * `incomplete-input`: a group an export names (DescribeSecurityGroups, an instance) whose rules
 * no file holds: what it allows is unknown. Pure; the audit gives it what the readers listed.
 */
import { ResolvedCheckOptions } from "./check-options";
import { Finding } from "./finding";
import { GroupWithoutRules, inputFinding } from "./input-gaps";
import { CheckDefinition } from "./issue";

/** The `incomplete-input` check: no function to run over a network; the audit calls its finding builder. */
export const incompleteInputCheck: CheckDefinition<"incomplete-input"> = {
  id: "incomplete-input",
  description: "Checks that every group an export names comes with the file of its rules (DescribeSecurityGroupAttribute); audit --allow-incomplete lowers it to low.",
  severity: "high",
  configRules: [],
  scope: "input",
  options: [],
};

/** The finding of a group named without its rules: `high`, or `low` when the gap is accepted (`--allow-incomplete`). */
export function incompleteInputFinding(group: GroupWithoutRules, options: ResolvedCheckOptions, allowIncomplete = false): Finding {
  const f = inputFinding(
    incompleteInputCheck,
    options,
    group.groupId,
    `group ${group.groupId} is named (${group.where}) but no file holds its rules: what it allows is unknown, and it is evaluated with the defaults only.`,
    `Export its rules too (aliyun ecs DescribeSecurityGroupAttribute --SecurityGroupId ${group.groupId} > ${group.groupId}.json) and pass the file, or accept the gap with --allow-incomplete.`,
  );
  return allowIncomplete ? { ...f, severity: "low" } : f;
}
