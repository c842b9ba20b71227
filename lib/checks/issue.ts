/**
 * The shape of one check: a pure function from a group (or the network) to issues. The
 * aggregator, `checkNetwork`, adds the check id, the severity and the default Config rule.
 */
import { NetworkModel } from "../model/network";
import { ResolvedCheckOptions } from "./check-options";
import { GroupAnalysis } from "./group-analysis";

/** A finding as a check reports it, before the aggregator stamps id and severity. */
export interface Issue {
  /** The group; group checks leave it to the aggregator. */
  groupId?: string;
  /** Position of the offending rule in the group's `rules`. */
  ruleIndex?: number;
  /** The offending instance. */
  instanceId?: string;
  /** What is wrong. */
  message: string;
  /** What to do about it. */
  fix: string;
  /** The Config managed rule, where it depends on the finding. */
  configRule?: string;
}

/** A check over one group. */
export type GroupCheck = (group: GroupAnalysis, options: ResolvedCheckOptions) => Issue[];

/** A check over the whole network. */
export type NetworkCheck = (network: NetworkModel, options: ResolvedCheckOptions) => Issue[];
