/**
 * `group-quota`: an instance in more security groups than it may join (5, as seeds 001 and 002
 * advise; current documentation allows 10 on some accounts, hence the option).
 */
import { quote } from "../model/errors";
import { CheckDefinition, Issue, NetworkCheck } from "./issue";

/** Reports each instance whose distinct groups number more than the quota. */
const groupQuota: NetworkCheck = (network, options) => {
  const max = options.maxGroupsPerInstance;
  const out: Issue[] = [];
  for (const instance of Array.isArray(network.instances) ? network.instances : []) {
    if (!instance || !Array.isArray(instance.groups)) continue;
    const groups = [...new Set(instance.groups)].map((g) => (typeof g === "string" ? g : quote(g)));
    if (groups.length <= max) continue;
    out.push({
      // The first group it could not join.
      groupId: groups[max],
      instanceId: typeof instance.id === "string" ? instance.id : quote(instance.id),
      message: `Instance ${quote(instance.id)} joins ${groups.length} security groups (${groups.join(", ")}), more than the ${max} one network interface may join.`,
      fix: "Merge roles into fewer groups (one group per role, shared by the instances that play it), or raise the limit if your account's quota allows.",
    });
  }
  return out;
};

/** The `group-quota` check. */
export const groupQuotaCheck: CheckDefinition<"group-quota"> = {
  id: "group-quota",
  description: "Checks that no instance joins more than 5 security groups.",
  severity: "high",
  configRules: [],
  scope: "network",
  options: ["maxGroupsPerInstance"],
  network: groupQuota,
};
