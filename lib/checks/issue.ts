/**
 * The shape of one check: its definition (id, what it looks at, how bad its findings are, the
 * Cloud Config rules for the same problem, its options) and a pure function from a group (or
 * the network) to issues. Each check file exports one {@link CheckDefinition}; the registry
 * lists them. The aggregator, `checkNetwork`, adds the check id, the severity and the default
 * Config rule to each issue.
 */
import { NetworkModel } from "../model/network";
import { CheckOptions, ResolvedCheckOptions } from "./check-options";
import type { CheckId, Severity } from "./finding";
import { GroupAnalysis } from "./group-analysis";

/** A finding as a check reports it, before the aggregator stamps id and severity. */
export interface Issue {
  /** The group; group checks leave it to the aggregator. */
  groupId?: string;
  /** Position of the offending rule in the group's `rules`. */
  ruleIndex?: number;
  /** The offending instance. */
  instanceId?: string;
  /** The intent a finding is about (`broken-intent`, `unproven-intent`). */
  intentId?: string;
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

/**
 * Where a check looks: one rule alone, a whole group, the whole network, or the files a network
 * was read from (`input`: what an audit's readers could not read; a program has no such files,
 * so the policy pack's policies for these checks find nothing).
 */
export type CheckScope = "rule" | "group" | "network" | "input";

/** A check's entry in `CHECKS`: what the policy pack and the docs read. */
export interface CheckInfo<Id extends string = CheckId> {
  /** Kebab-case id, also the policy name. */
  readonly id: Id;
  /** One sentence beginning "Checks that". */
  readonly description: string;
  /** Default severity of its findings. */
  readonly severity: Severity;
  /** Cloud Config managed rules for the same problem (the first is the default on findings). */
  readonly configRules: readonly string[];
  /** What it needs to see. */
  readonly scope: CheckScope;
  /** The options that tune it. */
  readonly options: readonly (keyof CheckOptions)[];
}

/**
 * One check, whole: its entry and the function that runs it. `checkNetwork` runs `group` over
 * each group (rule and group checks) and `network` over the whole network; a check may have
 * both. `input` checks have neither: the audit builds their findings from what the readers
 * listed (each check's file exports its finding builder beside its definition).
 */
export interface CheckDefinition<Id extends string = string> extends CheckInfo<Id> {
  /** The check over one group. @default none */
  readonly group?: GroupCheck;
  /** The check over the whole network. @default none */
  readonly network?: NetworkCheck;
}
