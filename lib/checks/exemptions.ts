/**
 * Acknowledged exceptions applied to findings: an exemption marks the findings it names as
 * acknowledged, with its reason; they are never dropped. An exemption that names nothing is
 * stale and reported as such. `invalid-rule` findings are never acknowledged.
 */
import { Exemption, FindingExemption, RuleReference, exemptionNamesRule, exemptionWhere, isFindingExemption, matchingExemption, parseExemptions, validateExemptions } from "../model/exemptions";
import { NetworkModel } from "../model/network";
import { RuleArgs } from "../model/rule";
import { ruleKey } from "../model/rule-key";
import { CheckOptions, resolveCheckOptions } from "./check-options";
import { checkNetwork } from "./check-network";
import { consolidateFindings } from "./consolidate";
import { CHECK_IDS, Finding } from "./finding";

/** How the rules of a network are named outside it (resource names, cloud ids). */
export interface RuleNaming {
  /** The rule resource's logical name. @default none */
  ruleName?(groupId: string, ruleIndex: number): string | undefined;
  /** The rule's cloud id (`sgr-…`). @default none */
  ruleId?(groupId: string, ruleIndex: number): string | undefined;
  /** Other names of a group (its resource name), for group findings. @default none */
  groupNames?(groupId: string): readonly string[];
}

/** Findings with the exemptions applied, and the exemptions that named nothing. */
export interface ExemptionOutcome {
  /** Every finding, acknowledged ones marked with their reason. */
  findings: Finding[];
  /** Finding exemptions that matched no finding. */
  stale: FindingExemption[];
}

/** Reads an exemptions file, refusing entries that name no check (with a did-you-mean). */
export function loadExemptions(content: string, file: string): Exemption[] {
  return parseExemptions(content, file, { knownChecks: CHECK_IDS });
}

/** Validates exemptions given as data (the matchers' option, the pack's configuration). */
export function exemptionsFrom(value: unknown, source: string): Exemption[] {
  return validateExemptions(value, source, { knownChecks: CHECK_IDS });
}

function referenceOf(network: NetworkModel | undefined, naming: RuleNaming, groupId: string, ruleIndex: number): RuleReference {
  const group = (Array.isArray(network?.groups) ? network.groups : []).find((g) => g && g.id === groupId);
  const rule = Array.isArray(group?.rules) ? group.rules[ruleIndex] : undefined;
  let key: string | undefined;
  try {
    if (rule) key = ruleKey(rule as RuleArgs);
  } catch {
    key = undefined;
  }
  return { groupId, key, name: naming.ruleName?.(groupId, ruleIndex), id: naming.ruleId?.(groupId, ruleIndex) };
}

function names(f: Finding, network: NetworkModel | undefined, naming: RuleNaming): (rule: string) => boolean {
  if (f.intentId !== undefined) return (rule) => rule === f.intentId;
  if (f.instanceId !== undefined) return (rule) => rule === f.instanceId;
  if (f.ruleIndex === undefined) {
    const others = naming.groupNames?.(f.groupId) ?? [];
    return (rule) => rule === f.groupId || others.includes(rule);
  }
  const ref = referenceOf(network, naming, f.groupId, f.ruleIndex);
  return (rule) => exemptionNamesRule(rule, ref);
}

/**
 * Marks each finding that an exemption names (same check, same rule) as acknowledged with the
 * exemption's reason, and lists the exemptions that named no finding as stale. Findings of a
 * rule that fails several checks (`alsoFails`) are acknowledged only when every one of those
 * checks is. `diff` exemptions are ignored here.
 *
 * @example applyExemptions(checkNetwork(network, { consolidate: false }), loadExemptions(text, "exemptions.yaml"), network, { ruleName })
 */
export function applyExemptions(findings: readonly Finding[], exemptions: readonly Exemption[], network?: NetworkModel, naming: RuleNaming = {}): ExemptionOutcome {
  const entries = exemptions.filter(isFindingExemption);
  const used = new Set<FindingExemption>();
  const out = findings.map((f) => {
    if (entries.length === 0) return f;
    const named = names(f, network, naming);
    const byCheck = [f.check, ...(f.alsoFails ?? [])].map((check) => matchingExemption(entries, { check }, named));
    for (const e of byCheck) if (e) used.add(e);
    if (byCheck.some((e) => e === undefined)) return f;
    const hits = byCheck as FindingExemption[];
    return { ...f, acknowledged: { reason: [...new Set(hits.map((e) => e.reason))].join("; "), exemption: [...new Set(hits.map(exemptionWhere))].join(", ") } };
  });
  // Entries written as one (a code acknowledgement over a component's rules) are stale only together.
  const usedWhere = new Set([...used].map((e) => e.where));
  return { findings: out, stale: entries.filter((e) => !used.has(e) && !(e.where !== undefined && usedWhere.has(e.where))) };
}

/** Options of {@link reviewNetwork}. */
export interface ReviewOptions {
  /** Options of the checks. @default {} */
  checks?: CheckOptions;
  /** The exemptions to apply. @default none */
  exemptions?: readonly Exemption[];
  /** How rules are named outside the model. @default ids and rule keys only */
  naming?: RuleNaming;
}

/**
 * The checks with exemptions: every check runs, exemptions mark what they accept (per check,
 * before the findings on one rule become one), and the findings are then consolidated so the
 * worst unacknowledged check of a rule leads. Stale exemptions are returned beside.
 */
export function reviewNetwork(network: NetworkModel, options: ReviewOptions = {}): ExemptionOutcome {
  const checkOptions = options.checks ?? {};
  const resolved = resolveCheckOptions(checkOptions);
  const raw = checkNetwork(network, { ...checkOptions, consolidate: false });
  const { findings, stale } = applyExemptions(raw, options.exemptions ?? [], network, options.naming);
  return { findings: resolved.consolidate ? consolidateFindings(network, findings, resolved) : findings, stale };
}
