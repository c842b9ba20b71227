/**
 * `inner-access-open`: a basic group left at the implicit default `innerAccessPolicy: Accept`,
 * so its members reach each other on every port whatever its rules say (seed 004: switch to
 * isolation where members need not talk). An explicit `Accept` (an interconnect's open mesh,
 * `{ app: "Accept" }`) is a choice, not a finding: only the absent value is reported. It needs
 * the instances: a group with fewer than two members has no traffic inside it.
 */
import { quote } from "../model/errors";
import { CheckDefinition, Issue, NetworkCheck } from "./issue";

/** Reports basic groups with two or more members whose inner access policy was never set. */
const innerAccessOpen: NetworkCheck = (network) => {
  const members = new Map<string, number>();
  for (const instance of Array.isArray(network.instances) ? network.instances : []) {
    if (!instance || !Array.isArray(instance.groups)) continue;
    for (const g of new Set(instance.groups)) members.set(g, (members.get(g) ?? 0) + 1);
  }
  const out: Issue[] = [];
  for (const group of Array.isArray(network.groups) ? network.groups : []) {
    if (!group || typeof group !== "object" || group.type === "enterprise" || group.innerAccessPolicy !== undefined) continue;
    const n = members.get(group.id) ?? 0;
    if (n < 2) continue;
    out.push({
      groupId: String(group.id),
      message: `Group ${quote(group.id)} is left at the default inner access policy Accept: its ${n} members reach each other on every protocol and port, whatever its rules say.`,
      fix: 'Set innerAccessPolicy: "Drop" and admit the group itself on the ports members need; write "Accept" explicitly if members are meant to talk freely.',
    });
  }
  return out;
};

/** The `inner-access-open` check. */
export const innerAccessOpenCheck: CheckDefinition<"inner-access-open"> = {
  id: "inner-access-open",
  description: "Checks that basic groups with several members set their inner access policy rather than leaving the implicit default Accept.",
  severity: "low",
  configRules: [],
  scope: "network",
  options: [],
  network: innerAccessOpen,
};
