/**
 * The checks, in report order: one line per check, each check's definition (its id, what it
 * looks at, how bad its findings are by default, which Alibaba Cloud Config managed rules report
 * the same problem, its options and the function that runs it) in its own file. Adding a check
 * is a new file exporting a {@link CheckDefinition} and one line here. The policy pack and the
 * docs read {@link CHECKS}.
 */
import { allPortsOpenCheck } from "./all-ports-open";
import { brokenIntentCheck } from "./broken-intent";
import { broadIntranetCidrCheck } from "./broad-intranet-cidr";
import { classicIntranetCidrCheck } from "./classic-intranet-cidr";
import { conflictingRuleIdCheck } from "./conflicting-rule-id";
import { deadPathCheck } from "./dead-path";
import { duplicateRuleCheck } from "./duplicate-rule";
import { groupPeerAllCheck } from "./group-peer-all";
import { groupQuotaCheck } from "./group-quota";
import { incompleteInputCheck } from "./incomplete-input";
import { innerAccessOpenCheck } from "./inner-access-open";
import { invalidRuleCheck } from "./invalid-rule";
import type { CheckDefinition, CheckInfo, CheckScope } from "./issue";
import { publicAddressInternalCheck } from "./public-address-internal";
import { publicAdminPortCheck } from "./public-admin-port";
import { publicDatabasePortCheck } from "./public-database-port";
import { ruleQuotaCheck } from "./rule-quota";
import { rulesPerInterfaceCheck } from "./rules-per-interface";
import { shadowedRuleCheck } from "./shadowed-rule";
import { unprovenIntentCheck } from "./unproven-intent";
import { unresolvedRuleCheck } from "./unresolved-rule";
import { unusedGroupCheck } from "./unused-group";
import { worldOpenNonWebCheck } from "./world-open-non-web";

export type { CheckDefinition, CheckInfo, CheckScope };

/** Every check, in report order. */
export const CHECK_DEFINITIONS = [
  invalidRuleCheck,
  publicAdminPortCheck,
  publicDatabasePortCheck,
  allPortsOpenCheck,
  worldOpenNonWebCheck,
  broadIntranetCidrCheck,
  classicIntranetCidrCheck,
  ruleQuotaCheck,
  groupQuotaCheck,
  shadowedRuleCheck,
  duplicateRuleCheck,
  rulesPerInterfaceCheck,
  deadPathCheck,
  groupPeerAllCheck,
  publicAddressInternalCheck,
  innerAccessOpenCheck,
  unusedGroupCheck,
  unresolvedRuleCheck,
  incompleteInputCheck,
  conflictingRuleIdCheck,
  brokenIntentCheck,
  unprovenIntentCheck,
] as const;

/** One check's identifier. */
export type CheckId = (typeof CHECK_DEFINITIONS)[number]["id"];

/** Identifiers of the checks, in report order; also the policy names of the CrossGuard pack. */
export const CHECK_IDS: readonly CheckId[] = CHECK_DEFINITIONS.map((c) => c.id);

/** Every check's entry, in report order. */
export const CHECKS: readonly CheckInfo[] = CHECK_DEFINITIONS;

/** The entry of one check. */
export function checkInfo(id: CheckId): CheckInfo {
  return CHECKS.find((c) => c.id === id) as CheckInfo;
}
