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

/** The intents a captured program declared, and their verdicts over its network. */
export interface CapturedIntents {
  /** Every component's intents, then the program's own, their selectors naming the captured groups. */
  intents: Intent[];
  /** Components by name with their groups by tier, and what only deployment tells. */
  context: IntentProofContext;
  /** The verdict on each intent over the captured network, in the order of `intents` (proved when first read). */
  readonly results: IntentResult[];
}

/** The promises declared in the deployment that just ran, over its captured network. */
export async function captureIntents(network: NetworkModel): Promise<CapturedIntents> {
  const { intents, context } = await stackIntents();
  let results: IntentResult[] | undefined;
  return {
    intents,
    context,
    get results(): IntentResult[] {
      return (results ??= proveNetworkIntents(network, intents, context));
    },
  };
}
