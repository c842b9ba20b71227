/**
 * `unresolved-rule`: a rule left out of the evaluation (a priority 0, a port range `1/-1`, a
 * protocol the model has no word for, a port list…). It is as severe as what its readable parts
 * could open: an unreadable part could be anything, so a world-open rule whose ports cannot be
 * read could open SSH, and is `high`. Pure; the audit gives it what the readers listed.
 */
import { NetworkModel } from "../model/network";
import { ResolvedCheckOptions } from "./check-options";
import { Finding, Severity } from "./finding";
import { UnreadRule, describeParts, inputFinding, ruleReach } from "./input-gaps";
import { CheckDefinition } from "./issue";

/** The `unresolved-rule` check: no function to run over a network; the audit calls its finding builder. */
export const unresolvedRuleCheck: CheckDefinition<"unresolved-rule"> = {
  // Its findings are as severe as what the rule's readable parts could open (high, medium or
  // low); the entry's severity is the worst, which sets the pack's default level.
  id: "unresolved-rule",
  description: "Checks that every rule of an export can be read: a rule left out of the evaluation is as severe as what its readable parts could open (an admin or database port, or every port, to every address or another account is high).",
  severity: "high",
  configRules: [],
  scope: "input",
  options: ["adminPorts", "databasePorts"],
};

/**
 * The finding of a rule left out of the evaluation, as severe as what its readable parts could
 * open: an admin or database port, or every port, to every address or another account is
 * `high`; anything else to every address `medium`; the rest `low`.
 */
export function unresolvedRuleFinding(rule: UnreadRule, network: NetworkModel | undefined, options: ResolvedCheckOptions): Finding {
  const watched = [...options.adminPorts, ...options.databasePorts];
  const reach = ruleReach(rule.parts, network, watched);
  const opens = reach.admits && (reach.world || reach.otherAccount) && reach.ports.length > 0;
  const severity: Severity = opens ? "high" : reach.admits && reach.world ? "medium" : "low";
  const to = reach.world ? "every address" : "a group of another account";
  const could = opens ? `: as far as it can be read, it could open ${reach.ports.includes("every port") ? "every port" : `port ${reach.ports.join(", ")}`} to ${to}` : reach.admits && reach.world ? ": as far as it can be read, it could admit every address" : "";
  return inputFinding(
    unresolvedRuleCheck,
    options,
    rule.groupId,
    `rule ${rule.where} (${describeParts(rule.parts)}) is left out of the evaluation: ${rule.reason.replace(/[.\s]+$/, "")}${could}.`,
    "Correct the rule so it can be read (or export it again unchanged); until then what it allows is unknown. Acknowledge it with a reason if it is known to be harmless.",
    severity,
  );
}
