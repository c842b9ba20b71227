/**
 * The stack-wide checks: what goes wrong between resources (several resources owning one rule,
 * a path one side opens and the other closes, instances and their groups), each in its own
 * file. `checkNetwork` runs them after the group checks.
 */
import { deadPath } from "./dead-path";
import { duplicateRule } from "./duplicate-rule";
import { CheckId } from "./finding";
import { groupPeerAll } from "./group-peer-all";
import { innerAccessOpen } from "./inner-access-open";
import { NetworkCheck } from "./issue";
import { publicAddressInternal } from "./public-address-internal";
import { rulesPerInterface } from "./rules-per-interface";
import { unusedGroup } from "./unused-group";

/** The stack-wide checks by id. */
export const STACK_CHECKS: Partial<Record<CheckId, NetworkCheck>> = {
  "duplicate-rule": duplicateRule,
  "rules-per-interface": rulesPerInterface,
  "dead-path": deadPath,
  "group-peer-all": groupPeerAll,
  "public-address-internal": publicAddressInternal,
  "inner-access-open": innerAccessOpen,
  "unused-group": unusedGroup,
};
