/**
 * The stack's promises after a program ran on the mocks: every component's intents and the
 * program's own (`declareIntents`), naming the captured network's groups, and their verdicts over
 * that network (the same proof the checks make, `proveNetworkIntents`), proved when first read.
 */
import type { Intent, IntentResult } from "../analysis/intents";
import type { IntentProofContext } from "../checks/check-options";
import { proveNetworkIntents } from "../checks/intent-proof";
import { stackIntents } from "../components/promises";
import { NetworkModel } from "../model/network";
import { knownString, readProp } from "../model/resource-props";

/** The intents a captured program declared, and their verdicts over its network. */
export interface CapturedIntents {
  /** Every component's intents, then the program's own, their selectors naming the captured groups. */
  intents: Intent[];
  /** Components by name with their groups by tier, and what only deployment tells. */
  context: IntentProofContext;
  /** The verdict on each intent over the captured network, in the order of `intents` (proved when first read). */
  readonly results: IntentResult[];
}

/** A rule the capture could not read (a value unknown at preview): its resource and why. */
export interface UnreadRule {
  readonly resource: { readonly name?: string; readonly props: Record<string, unknown> };
  readonly reason: string;
}

/**
 * The promises declared in the deployment that just ran, over its captured network. A group with
 * a rule the capture could not read (`unread`: its values are known only at deploy time; its group
 * by its id, else by the group resource it is named after, of `groups`) leaves every intent about
 * it unproven, saying which rule; a rule whose group is not known, every intent.
 */
export async function captureIntents(network: NetworkModel, unread: readonly UnreadRule[] = [], groups: readonly { name: string; id: string }[] = []): Promise<CapturedIntents> {
  const { intents, context: declared } = await stackIntents();
  const unknown = new Map(declared.unknown ?? []);
  const pending = new Map(declared.pending ?? []);
  // A component's rule is named after its group (`<component>-<label>-<rule key>`): the longest group name it starts with.
  const byName = (rule: string | undefined) =>
    rule === undefined
      ? undefined
      : groups
          .filter((g) => rule.startsWith(`${g.name}-`))
          .sort((a, b) => b.name.length - a.name.length)[0]?.id;
  for (const u of unread) {
    const groupId = knownString(readProp(u.resource.props, "securityGroupId")) ?? byName(u.resource.name);
    const note = `rule ${u.resource.name ?? "(unnamed)"}${groupId ? ` of ${groupId}` : ""} is known only at deploy time (${u.reason})`;
    if (groupId) {
      if (!unknown.has(groupId)) unknown.set(groupId, note);
    } else for (const i of intents) if (!pending.has(i.id)) pending.set(i.id, note);
  }
  const context: IntentProofContext = { ...declared, ...(unknown.size > 0 ? { unknown } : {}), ...(pending.size > 0 ? { pending } : {}) };
  let results: IntentResult[] | undefined;
  return {
    intents,
    context,
    get results(): IntentResult[] {
      return (results ??= proveNetworkIntents(network, intents, context));
    },
  };
}
