/**
 * What a check reports: one finding per offending rule, group or instance.
 */

/** How bad a finding is. `high` findings block a plan by default. */
export type Severity = "high" | "medium" | "low";

/** Identifiers of the checks, in report order; also the policy names of the CrossGuard pack. */
export const CHECK_IDS = [
  "invalid-rule",
  "public-admin-port",
  "public-database-port",
  "all-ports-open",
  "world-open-non-web",
  "broad-intranet-cidr",
  "classic-intranet-cidr",
  "rule-quota",
  "group-quota",
  "shadowed-rule",
] as const;

/** One check's identifier. */
export type CheckId = (typeof CHECK_IDS)[number];

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
  /** What is wrong, naming the rule by its meaning (`ingress accept tcp:22 from 0.0.0.0/0, priority 1`). */
  message: string;
  /** What to do about it. */
  fix: string;
  /** The Alibaba Cloud Config managed rule that reports the same problem, where one does. */
  configRule?: string;
}

/** True when any finding is `high`. */
export function hasHighFindings(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "high");
}

/** One line for a finding: `[high] public-admin-port sg-1 rules[0]: message Fix: fix`. */
export function formatFinding(finding: Finding): string {
  const where = finding.instanceId !== undefined ? `instance ${finding.instanceId}` : finding.ruleIndex !== undefined ? `${finding.groupId} rules[${finding.ruleIndex}]` : finding.groupId;
  const rule = finding.configRule ? ` (Cloud Config: ${finding.configRule})` : "";
  return `[${finding.severity}] ${finding.check} ${where}: ${finding.message} Fix: ${finding.fix}${rule}`;
}
