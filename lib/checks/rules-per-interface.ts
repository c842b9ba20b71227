/**
 * `rules-per-interface`: more rules on one network interface, over all its groups, than the
 * platform applies (1,000; PROVIDER-RULES.md). Counted as `rule-quota` counts a group's: a
 * prefix-list rule at the list's capacity, identical rules once.
 */
import { quote } from "../model/errors";
import { ruleKey } from "../model/rule-key";
import { analysisOf, groupsOf } from "./shared-analysis";
import { CheckDefinition, Issue, NetworkCheck } from "./issue";

/** Reports each instance whose groups hold more rules together than `maxRulesPerInterface`. */
const rulesPerInterface: NetworkCheck = (network, options) => {
  const instances = Array.isArray(network.instances) ? network.instances : [];
  if (instances.length === 0) return [];
  // An upper bound first (every rule once, prefix lists at their capacity): most networks stop here.
  const capacity = new Map((Array.isArray(network.prefixLists) ? network.prefixLists : []).filter((p) => p && typeof p.id === "string").map((p) => [p.id, Math.max(1, p.maxEntries ?? p.cidrs?.length ?? 1)]));
  const bound = new Map<string, number>();
  for (const g of groupsOf(network)) {
    const rules = Array.isArray(g.rules) ? g.rules : [];
    bound.set(g.id, (bound.get(g.id) ?? 0) + rules.reduce((n, r) => n + (r && typeof r.prefixListId === "string" ? capacity.get(r.prefixListId) ?? 1 : 1), 0));
  }
  const over = (groups: readonly string[]) => [...new Set(groups)].reduce((n, g) => n + (bound.get(g) ?? 0), 0) > options.maxRulesPerInterface;
  if (!instances.some((i) => i && Array.isArray(i.groups) && over(i.groups))) return [];
  const counts = new Map<string, number>();
  for (const group of groupsOf(network)) {
    if (counts.has(group.id)) continue;
    const seen = new Set<string>();
    let n = 0;
    for (const r of analysisOf(options, network, group).rules) {
      const key = ruleKey(r.rule);
      if (seen.has(key)) continue;
      seen.add(key);
      n += r.peer.kind === "prefix-list" ? Math.max(1, r.peer.maxEntries ?? 1) : 1;
    }
    counts.set(group.id, n);
  }
  const out: Issue[] = [];
  for (const instance of instances) {
    if (!instance || !Array.isArray(instance.groups)) continue;
    const groups = [...new Set(instance.groups)];
    const total = groups.reduce((sum, g) => sum + (counts.get(g) ?? 0), 0);
    if (total <= options.maxRulesPerInterface) continue;
    const biggest = [...groups].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0))[0];
    out.push({
      groupId: biggest,
      instanceId: String(instance.id),
      message: `Instance ${quote(instance.id)} carries ${total} rules over its groups (${groups.map((g) => `${g}: ${counts.get(g) ?? 0}`).join(", ")}), more than the ${options.maxRulesPerInterface} one network interface applies.`,
      fix: "Move the instance to fewer groups, or fold many CIDR rules into prefix lists or security-group rules.",
    });
  }
  return out;
};

/** The `rules-per-interface` check. */
export const rulesPerInterfaceCheck: CheckDefinition<"rules-per-interface"> = {
  id: "rules-per-interface",
  description: "Checks that no network interface carries more than 1,000 rules over all its groups.",
  severity: "high",
  configRules: [],
  scope: "network",
  options: ["maxRulesPerInterface"],
  network: rulesPerInterface,
};
