/**
 * Rules validated once by a reader, not again (not part of the public surface: the model's
 * barrel does not export it). See {@link ValidatedRules}.
 */
import type { RuleArgs } from "./rule";

/** The rules a validation is recording as normalised, or trusting as such (see {@link ValidatedRules}). */
export const session: { recording?: Map<RuleArgs, string>; trusting?: ReadonlyMap<RuleArgs, string> } = {};

/**
 * Rules normalised and then frozen ({@link ValidatedRules.seal}): a reader's, and the rules an
 * audit proposes. Each is kept with its kind of group. A frozen object cannot change, so any
 * later validation, by anyone, that meets one in a group of the same kind takes it as valid: the
 * index and the checks of a network read from a source, and a proposal's copy of a group holding
 * its rules, do not validate them again.
 */
const sealed = new WeakMap<RuleArgs, string>();

/** The kind of group (`type|classic`) a rule is known to be normalised in, while trusted or sealed; undefined when it must be validated. */
export function knownNormalIn(rule: RuleArgs): string | undefined {
  return session.trusting?.get(rule) ?? sealed.get(rule);
}

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

  /**
   * Freezes `rules` (those of the reader's finished model) and trusts the recorded ones among
   * them from now on, in any validation. Only for rules the reader hands out as they are: after
   * this, no one can change them, so none can validate differently.
   */
  seal(rules: Iterable<RuleArgs>): void {
    for (const r of rules) {
      Object.freeze(r);
      const kind = this.normal.get(r);
      if (kind !== undefined) sealed.set(r, kind);
    }
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
