/**
 * `broken-intent`: an access intent given in the options (`CheckOptions.intents`: the intents
 * file's entries, a stack's promises) that the network breaks: one flow of an allow-intent's
 * region is denied, or one of a deny-intent's passes. The finding names the intent's id and why
 * it was declared, who declared it, the components on each side, the witness flow (concrete
 * addresses, protocol, port) and the rule that decided each side, in `evaluateFlow`'s words. An
 * exemption names the intent by its id: `{ check: "broken-intent", rule: "<intent id>", reason }`.
 */
import { IntentWitness } from "../analysis/intents";
import { intentFindingGroup, intentHeader, intentResultsOf, witnessSides } from "./intent-proof";
import { CheckDefinition, Issue, NetworkCheck } from "./issue";

function brokenFix(w: IntentWitness, expect: "allow" | "deny", id: string): string {
  const exempt = `An accepted exception goes in the exemptions file: { check: "broken-intent", rule: ${JSON.stringify(id)}, reason }.`;
  if (expect === "allow") {
    const deny = [w.egress, w.ingress].find((v) => v && !v.allowed);
    const where = deny?.decidedBy === "rule" && deny.groupId !== undefined ? ` (${deny.direction} rule ${deny.ruleIndex} of ${deny.groupId} denies it)` : deny ? ` (the ${deny.direction} default denies it)` : "";
    return `Open the path on the side that denies it${where}: an ${deny?.direction ?? "ingress"} accept for it at a better priority than what decides it now, or pass the sender's group where the receiver's component accepts sources so the library writes both sides; or correct the intent. ${exempt}`;
  }
  const allow = [w.ingress, w.egress].find((v) => v && v.allowed && v.decidedBy === "rule");
  const where = allow ? ` (${allow.direction} rule ${allow.ruleIndex} of ${allow.groupId} allows it)` : "";
  return `Close the path${where}: narrow or remove the rule that allows it, or add a drop at a better priority; or correct the intent. ${exempt}`;
}

const brokenIntent: NetworkCheck = (network, options) => {
  const results = intentResultsOf(options, network);
  if (results.length === 0) return [];
  const byId = new Map(options.intents.map((i) => [i.id, i]));
  const out: Issue[] = [];
  for (const r of results) {
    if (r.status !== "broken" || !r.witness) continue;
    const w = r.witness;
    const sides = witnessSides(network, w, options.intentContext);
    const told = [sides.egress ? `sender's side: ${sides.egress}` : undefined, sides.ingress ? `receiver's side: ${sides.ingress}` : undefined].filter((x) => x !== undefined);
    out.push({
      groupId: intentFindingGroup(network, w, byId.get(r.id), options.intentContext),
      intentId: r.id,
      message: `${intentHeader(byId.get(r.id), r)} is broken: ${w.reason} Sender: ${sides.sender}; receiver: ${sides.receiver}.${told.length > 0 ? ` Deciding rules: ${told.join("; ")}.` : ""}`,
      fix: brokenFix(w, r.expect, r.id),
    });
  }
  return out;
};

/** The `broken-intent` check. */
export const brokenIntentCheck: CheckDefinition<"broken-intent"> = {
  id: "broken-intent",
  description: "Checks that every access intent given (the intents file, a stack's promises) holds over the whole network: an allow-intent's every flow passes, a deny-intent's none does.",
  severity: "high",
  configRules: [],
  scope: "network",
  options: ["intents"],
  network: brokenIntent,
};

