/**
 * `rules-per-interface`: more rules on one network interface, over all its groups, than the
 * platform applies (1,000; PROVIDER-RULES.md). Counted as `rule-quota` counts a group's: a
 * prefix-list rule at the list's capacity, identical rules once.
 */
import { quote } from "../model/errors";
import { ruleKey } from "../model/rule-key";
import { GroupAnalysis } from "./group-analysis";
import { Issue, NetworkCheck } from "./issue";

/** Reports each instance whose groups hold more rules together than `maxRulesPerInterface`. */
export const rulesPerInterface: NetworkCheck = (network, options) => {
  const counts = new Map<string, number>();
  for (const group of Array.isArray(network.groups) ? network.groups : []) {
    if (!group || typeof group !== "object" || counts.has(group.id)) continue;
    const seen = new Set<string>();
    let n = 0;
    for (const r of new GroupAnalysis(group).rules) {
      const key = ruleKey(r.rule);
      if (seen.has(key)) continue;
      seen.add(key);
      n += r.peer.kind === "prefix-list" ? Math.max(1, r.peer.maxEntries ?? 1) : 1;
    }
    counts.set(group.id, n);
  }
  const out: Issue[] = [];
  for (const instance of Array.isArray(network.instances) ? network.instances : []) {
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
