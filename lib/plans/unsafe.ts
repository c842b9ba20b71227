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

/** The description suffix of a rule that exists only because the caller opted in. */
export function unsafeNote(reason: string): string {
  return ` [UNSAFE, opted in: ${reason}]`;
}

/** The advice every refusal of unsafe access ends with. */
export const OPT_IN_ADVICE = `or opt in explicitly with allowUnsafe: { reason: "…" } (the reason is written into the rule's description)`;
