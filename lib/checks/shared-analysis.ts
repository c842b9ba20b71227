/**
 * What one run of the checks reads once and every check shares: the network validated once
 * (`inspectNetworkOnce`: its valid parts, every problem, where each valid rule stood), one
 * `GroupAnalysis` per group built from it, and the judge's index of the valid parts. The state
 * is keyed by the run's resolved options, a fresh object per `checkNetwork` call, so a model
 * changed between two calls is read anew.
 */
import { NetworkIndex, indexValidNetwork } from "../analysis/rule-index";
import { GroupModel, NetworkInspection, NetworkModel, PrefixListModel, inspectNetworkOnce } from "../model/network";
import { GroupAnalysis } from "./group-analysis";

interface RunState {
  readonly network: NetworkModel;
  readonly prefixLists: Map<string, PrefixListModel>;
  readonly groups: WeakMap<GroupModel, GroupAnalysis>;
  inspection?: NetworkInspection;
  /** Input group → its validated form. */
  valid?: Map<GroupModel, GroupModel>;
  index?: NetworkIndex | null;
}

const RUNS = new WeakMap<object, RunState>();

function stateOf(run: object, network: NetworkModel): RunState {
  let state = RUNS.get(run);
  if (!state || state.network !== network) {
    const prefixLists = new Map<string, PrefixListModel>();
    for (const pl of Array.isArray(network.prefixLists) ? network.prefixLists : []) if (pl && typeof pl.id === "string") prefixLists.set(pl.id, pl);
    state = { network, prefixLists, groups: new WeakMap() };
    RUNS.set(run, state);
  }
  return state;
}

/** The network validated once in the run `run`: its valid parts and every problem (the rule, group and interface quotas relaxed: they have checks of their own). */
export function inspectionOf(run: object, network: NetworkModel): NetworkInspection {
  const state = stateOf(run, network);
  if (!state.inspection) {
    state.inspection = inspectNetworkOnce(network, { maxRules: Infinity, maxGroupsPerInstance: Infinity, maxRulesPerInterface: Infinity });
    state.valid = new Map([...state.inspection.inputs].map(([out, input]) => [input, out]));
  }
  return state.inspection;
}

/** The analysis of one group of `network` in the run `run`, read from the run's one validation. */
export function analysisOf(run: object, network: NetworkModel, group: GroupModel): GroupAnalysis {
  const state = stateOf(run, network);
  let analysis = state.groups.get(group);
  if (!analysis) {
    const inspection = inspectionOf(run, network);
    const valid = state.valid?.get(group);
    const read = valid ? { rules: valid.rules, positions: inspection.positions.get(valid) ?? [], errors: inspection.ruleErrors.get(group) ?? [] } : undefined;
    analysis = new GroupAnalysis(group, state.prefixLists, read);
    state.groups.set(group, analysis);
  }
  return analysis;
}

/**
 * The judge's index of the network's valid parts in the run `run` (rules keep their positions
 * in the input groups), or undefined when the network has no valid part to judge (groups with
 * one id twice, an instance whose groups are unknown).
 */
export function indexOf(run: object, network: NetworkModel): NetworkIndex | undefined {
  const state = stateOf(run, network);
  if (state.index === undefined) {
    const inspection = inspectionOf(run, network);
    try {
      state.index = indexValidNetwork(inspection.model, inspection.positions);
    } catch {
      state.index = null;
    }
  }
  return state.index ?? undefined;
}

/** The network's groups that are objects. */
export function groupsOf(network: NetworkModel): GroupModel[] {
  return (Array.isArray(network.groups) ? network.groups : []).filter((g): g is GroupModel => !!g && typeof g === "object");
}
