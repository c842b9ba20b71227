/**
 * Rules validated once by a reader, not again (not part of the public surface: the model's
 * barrel does not export it). See {@link ValidatedRules}.
 */
import type { RuleArgs } from "./rule";

/** The rules a validation is recording as normalised, or trusting as such (see {@link ValidatedRules}). */
export const session: { recording?: Map<RuleArgs, string>; trusting?: ReadonlyMap<RuleArgs, string> } = {};

/**
 * For a reader that validates the same rules several times (each group, then each
 * instance with its groups, then the whole network): the rules one validation normalised, each
 * with its group's type and network, are taken as valid by a later validation that meets them in
 * a group of the same type and network, instead of being validated again. Only for rule objects
 * the caller has held unchanged and shown to no one since they were recorded; any other rule,
 * or a recorded one in another kind of group, is validated as usual, so the answer is the same.
 */
export class ValidatedRules {
  private readonly normal = new Map<RuleArgs, string>();

  /** Runs a validation, recording every rule it normalises. */
  record<T>(run: () => T): T {
    return this.within({ recording: this.normal }, run);
  }

  /** Runs a validation that trusts the rules recorded. */
  trust<T>(run: () => T): T {
    return this.within({ trusting: this.normal }, run);
  }

  private within<T>(state: typeof session, run: () => T): T {
    const before = { ...session };
    session.recording = state.recording;
    session.trusting = state.trusting;
    try {
      return run();
    } finally {
      session.recording = before.recording;
      session.trusting = before.trusting;
    }
  }
}
