/**
 * The explicit opt-in for what a component refuses by default: an admin or database port
 * open to the world, every port open. The reason travels into each affected rule's description.
 */
import { expectKnownKeys, expectObject, refuse } from "./fields";

/** Opts in to an unsafe rule, saying why; the reason is written into the rule's description. */
export interface UnsafeOptIn {
  /** Why the unsafe access is needed (3..200 characters), e.g. "public SFTP drop box, ticket SEC-42". */
  reason: string;
}

/** Reads `allowUnsafe`: the trimmed reason, or `undefined` when the caller did not opt in. */
export function unsafeReason(value: unknown, field = "args.allowUnsafe"): string | undefined {
  const opt = expectObject(field, value, true);
  if (opt === undefined) return undefined;
  expectKnownKeys(field, opt, ["reason"]);
  const reason = opt.reason;
  if (typeof reason !== "string" || reason.trim().length < 3 || reason.trim().length > 200) {
    return refuse("invalid-argument", `${field}.reason`, reason, "must say why the unsafe access is needed, in 3 to 200 characters", `Write the reason, e.g. { reason: "vendor appliance needs it, ticket SEC-42" }; it is recorded in the rule's description.`);
  }
  return reason.trim();
}

const NOTE_HEAD = " [UNSAFE, opted in: ";
const NOTE_TAIL = "]";

/** The description suffix of a rule that exists only because the caller opted in. */
export function unsafeNote(reason: string): string {
  return `${NOTE_HEAD}${reason}${NOTE_TAIL}`;
}

/**
 * A description split into the text before its {@link unsafeNote} and the reason the note
 * gives, or `undefined` when it ends with none. A reason may hold the note's own words, so the
 * first split from the left whose text `fits` is taken (any text by default).
 */
export function readUnsafeNote(description: string, fits: (text: string) => boolean = () => true): { text: string; reason: string } | undefined {
  if (!description.endsWith(NOTE_TAIL)) return undefined;
  for (let at = description.indexOf(NOTE_HEAD); at >= 0; at = description.indexOf(NOTE_HEAD, at + 1)) {
    const reason = description.slice(at + NOTE_HEAD.length, description.length - NOTE_TAIL.length);
    const text = description.slice(0, at);
    if (reason !== "" && at + NOTE_HEAD.length <= description.length - NOTE_TAIL.length && fits(text)) return { text, reason };
  }
  return undefined;
}

/** The advice every refusal of unsafe access ends with. */
export const OPT_IN_ADVICE = `or opt in explicitly with allowUnsafe: { reason: "…" } (the reason is written into the rule's description)`;
