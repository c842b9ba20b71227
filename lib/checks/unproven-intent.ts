/**
 * `unproven-intent`: an access intent given in the options that the network read cannot prove:
 * it depends on what only deployment tells (a group id or a block known only at deploy time, an
 * id passed as a bare output where the resource would say which group it is). The finding says
 * what was unknown, and what the plan's values would do.
 */
import { intentFindingGroup, intentHeader, intentResultsOf } from "./intent-proof";
import { CheckDefinition, Issue, NetworkCheck } from "./issue";

const unprovenIntent: NetworkCheck = (network, options) => {
  const results = intentResultsOf(options, network);
  if (results.length === 0) return [];
  const byId = new Map(options.intents.map((i) => [i.id, i]));
  const out: Issue[] = [];
  for (const r of results) {
    if (r.status !== "unproven") continue;
    const onValues = r.witness ? ` On the values the network was read with, ${r.witness.reason.replace(/^./, (c) => c.toLowerCase())}` : "";
    const bare = (r.notes ?? []).some((n) => /pass the resource/i.test(n));
    out.push({
      groupId: intentFindingGroup(network, r.witness, byId.get(r.id), options.intentContext),
      intentId: r.id,
      message: `${intentHeader(byId.get(r.id), r)} is unproven: ${(r.notes ?? ["it depends on values known only at deploy time"]).join("; ")}.${onValues}`,
      fix: bare ? "Pass the group resource, not its id, where the component takes the group: the library then knows which group it is (and writes both sides of the path); then plan again." : "Settle what was unknown (give the value in code, or answer it with --answers), then plan again; or audit the deployed stack, where every value is known.",
    });
  }
  return out;
};

/** The `unproven-intent` check. */
export const unprovenIntentCheck: CheckDefinition<"unproven-intent"> = {
  id: "unproven-intent",
  description: "Checks that every access intent given can be proved on the network read: none depends on a value known only at deploy time.",
  severity: "medium",
  configRules: [],
  scope: "network",
  options: ["intents"],
  network: unprovenIntent,
};
