/**
 * What a check reports: one finding per offending rule, group or instance.
 */

/** The severities, worst first: the one order every gate (`--fail-on`) and every worst-first list follows. */
export const SEVERITIES = ["high", "medium", "low"] as const;

/** How bad a finding is. `high` findings block a plan by default. */
export type Severity = (typeof SEVERITIES)[number];

/** `--fail-on` levels: a severity (fail on that or worse), `broadening` (a diff fails on any opened region), or `none`. */
export const FAIL_ON_LEVELS = ["high", "medium", "low", "broadening", "none"] as const;

/** A `--fail-on` level. */
export type FailOn = (typeof FAIL_ON_LEVELS)[number];

/** Position of a severity in {@link SEVERITIES}: 0 for `high`, the worst. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/**
 * True when something of `severity` reaches the `--fail-on` level: the level is a severity and
 * `severity` is as bad or worse; `broadening` is reached by every severity; `none` by none.
 */
export function reachesFailOn(severity: Severity, failOn: FailOn): boolean {
  if (failOn === "none") return false;
  if (failOn === "broadening") return true;
  return severityRank(severity) <= severityRank(failOn);
}

/** The findings that fail a report at `failOn`: those not acknowledged whose severity reaches the level. */
export function failingFindings<F extends Pick<Finding, "severity" | "acknowledged">>(findings: readonly F[], failOn: FailOn): F[] {
  return findings.filter((f) => !f.acknowledged && reachesFailOn(f.severity, failOn));
}

// The ids come from the registry, one line per check (lib/checks/registry.ts).
export { CHECK_IDS } from "./registry";
export type { CheckId } from "./registry";
import type { CheckId } from "./registry";

/** One problem found in a network. */
export interface Finding {
  /** The check that found it. */
  check: CheckId;
  /** How bad it is (the check's default unless overridden in the options). */
  severity: Severity;
  /** The group holding the rule, the group over its quota, or the group an instance cannot join. */
  groupId: string;
  /** Position of the offending rule in the group's `rules`, for rule findings. */
  ruleIndex?: number;
  /** The instance, for instance findings. */
  instanceId?: string;
  /** The intent, for intent findings (`broken-intent`, `unproven-intent`); an exemption names it by this id. */
  intentId?: string;
  /** What is wrong, naming the rule by its meaning (`ingress accept tcp:22 from 0.0.0.0/0, priority 1`). */
  message: string;
  /** What to do about it. */
  fix: string;
  /** The Alibaba Cloud Config managed rule that reports the same problem, where one does. */
  configRule?: string;
  /** The other checks the same rule fails, worst first (one finding per rule: the worst). */
  alsoFails?: CheckId[];
  /** Set when an exemption accepts the finding: it is still reported, with the reason. */
  acknowledged?: Acknowledgement;
}

/** Why a finding is accepted, and which exemption said so. */
export interface Acknowledgement {
  /** The exemption's reason. */
  reason: string;
  /** Where the exemption was written (`exemptions.yaml[2]`, `code`, `policy config ...`). */
  exemption: string;
}

/** True when any finding that is not acknowledged is `high`. */
export function hasHighFindings(findings: readonly Finding[]): boolean {
  return failingFindings(findings, "high").length > 0;
}

/** One line for a finding: `[high] public-admin-port sg-1 rules[0]: message Fix: fix`. */
export function formatFinding(finding: Finding): string {
  const where = finding.intentId !== undefined ? `intent ${finding.intentId}` : finding.instanceId !== undefined ? `instance ${finding.instanceId}` : finding.ruleIndex !== undefined ? `${finding.groupId} rules[${finding.ruleIndex}]` : finding.groupId;
  const rule = finding.configRule ? ` (Cloud Config: ${finding.configRule})` : "";
  const also = finding.alsoFails && finding.alsoFails.length > 0 ? ` Also fails: ${finding.alsoFails.join(", ")}.` : "";
  const ack = finding.acknowledged ? ` [acknowledged: ${finding.acknowledged.reason}]` : "";
  return `[${finding.severity}] ${finding.check} ${where}: ${finding.message}${also} Fix: ${finding.fix}${rule}${ack}`;
}
