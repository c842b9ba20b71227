/**
 * Promise rejections nobody handles while a program runs: an `apply` callback that throws
 * rejects an output no one awaits. Pulumi's own host reports these as the program's errors;
 * without a listener Node would crash with a bare stack trace instead.
 */

/** The part of `process` this needs. */
export interface RejectionSource {
  on(event: "unhandledRejection", listener: (reason: unknown) => void): unknown;
  off(event: "unhandledRejection", listener: (reason: unknown) => void): unknown;
}

/**
 * Runs `fn` and rejects with the first rejection left unhandled meanwhile (waiting one turn
 * of the event loop after `fn` settles, when Node reports them).
 */
export async function catchingLateErrors<T>(fn: () => Promise<T>, source: RejectionSource = process): Promise<T> {
  const late: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    late.push(reason);
  };
  source.on("unhandledRejection", onRejection);
  try {
    const result = await fn();
    await new Promise((resolve) => setImmediate(resolve));
    if (late.length > 0) throw late[0];
    return result;
  } finally {
    source.off("unhandledRejection", onRejection);
  }
}
