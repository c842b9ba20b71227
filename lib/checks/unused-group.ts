/**
 * `unused-group`: a group that nothing uses (seed 001: delete undesired groups). A use is an
 * instance or network interface in the group, any other resource naming it (launch templates,
 * scaling configurations, node pools, container groups, load balancers, databases…: the
 * provider's types that take `securityGroupId` or `securityGroupIds`, `lib/model/group-users.ts`),
 * or another group's rule authorising it. It runs only on a model declared complete
 * (`NetworkModel.complete`): a platform stack's groups are used from other stacks.
 */
import { quote } from "../model/errors";
import { CheckDefinition, Issue, NetworkCheck } from "./issue";

/** Reports the groups of a complete model that no instance, resource or other group's rule names. */
const unusedGroup: NetworkCheck = (network) => {
  if (network.complete !== true) return [];
  const used = new Set<string>();
  for (const i of Array.isArray(network.instances) ? network.instances : []) for (const g of i?.groups ?? []) used.add(g);
  for (const u of Array.isArray(network.groupUses) ? network.groupUses : []) for (const g of u?.groups ?? []) used.add(g);
  const groups = (Array.isArray(network.groups) ? network.groups : []).filter((g) => g && typeof g === "object");
  for (const g of groups) for (const r of Array.isArray(g.rules) ? g.rules : []) if (r && typeof r.sourceSecurityGroupId === "string" && r.sourceSecurityGroupId !== g.id) used.add(r.sourceSecurityGroupId);
  const out: Issue[] = [];
  for (const g of groups) {
    if (used.has(g.id)) continue;
    out.push({
      groupId: String(g.id),
      message: `Group ${quote(g.id)}${g.name ? ` (${g.name})` : ""} is used by nothing: no instance, network interface or other resource joins it, and no other group's rule names it.`,
      fix: "Delete it if it is not wanted; otherwise attach it where it belongs.",
    });
  }
  return out;
};

/** The `unused-group` check. */
export const unusedGroupCheck: CheckDefinition<"unused-group"> = {
  id: "unused-group",
  description: "Checks that every group of a complete model is used by an instance, another resource, or another group's rule.",
  severity: "low",
  configRules: [],
  scope: "network",
  options: [],
  network: unusedGroup,
};
