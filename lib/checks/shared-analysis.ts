/**
 * One `GroupAnalysis` per group within one run of the checks (the group checks, the stack-wide
 * checks and the consolidation of findings): reading and validating a group's rules is the
 * checks' main cost. The cache is keyed by the run's resolved options, a fresh object per
 * `checkNetwork` call, so a model changed between two calls is read anew.
 */
import { GroupModel, NetworkModel, PrefixListModel } from "../model/network";
import { GroupAnalysis } from "./group-analysis";

const CACHE = new WeakMap<object, { network: NetworkModel; prefixLists: Map<string, PrefixListModel>; groups: WeakMap<GroupModel, GroupAnalysis> }>();

/** The analysis of one group of `network` in the run `run` (its prefix lists read once). */
export function analysisOf(run: object, network: NetworkModel, group: GroupModel): GroupAnalysis {
  let entry = CACHE.get(run);
  if (!entry || entry.network !== network) {
    const prefixLists = new Map<string, PrefixListModel>();
    for (const pl of Array.isArray(network.prefixLists) ? network.prefixLists : []) if (pl && typeof pl.id === "string") prefixLists.set(pl.id, pl);
    entry = { network, prefixLists, groups: new WeakMap() };
    CACHE.set(run, entry);
  }
  let analysis = entry.groups.get(group);
  if (!analysis) {
    analysis = new GroupAnalysis(group, entry.prefixLists);
    entry.groups.set(group, analysis);
  }
  return analysis;
}

/** The network's groups that are objects. */
export function groupsOf(network: NetworkModel): GroupModel[] {
  return (Array.isArray(network.groups) ? network.groups : []).filter((g): g is GroupModel => !!g && typeof g === "object");
}
