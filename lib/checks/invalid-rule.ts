/**
 * `invalid-rule`: a rule the ECS API refuses. It cannot exist in the cloud, so it is reported
 * with the validation message instead of stopping the other checks.
 */
import { GroupCheck } from "./issue";

/** Reports each rule that `validateRule` (or the group's network type) refuses. */
export const invalidRule: GroupCheck = (group) =>
  group.invalid.map(({ index, error }) => ({
    ruleIndex: index,
    message: error.message,
    fix: "Correct the rule as the message says, or remove it: the API refuses it as written.",
  }));
