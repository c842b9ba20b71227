/**
 * Running the program and waiting for it: until it has settled and everything it declared is
 * registered, stopping early once a failure leaves the rest stuck, and at the latest after the
 * run's timeout. Then {@link throwOnFailure} turns what went wrong into the error the caller sees.
 */
import { CaptureError, attachRegistered, pendingText, refusedMessage, withWaiting } from "./capture-error";
import type { CaptureRun } from "./run-state";

/** How the program ended: still running, returned a value, or threw. */
export type ProgramState = { done: false } | { done: true; ok: true; value: unknown } | { done: true; ok: false; error: unknown };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs `program` and waits until it has settled and its declarations are registered (or stuck, or out of time). */
export async function awaitProgram(run: CaptureRun, program: () => unknown): Promise<ProgramState> {
  let state = { done: false } as ProgramState;
  const started = Date.now();
  Promise.resolve()
    .then(() => program())
    .then(
      (value) => (state = { done: true, ok: true, value }),
      (error) => (state = { done: true, ok: false, error }),
    );
  let last = -1;
  let lastChange = Date.now();
  let idle = 0;
  for (;;) {
    await sleep(idle > 0 ? 1 : 2);
    const now = Date.now();
    if (run.progress !== last) {
      last = run.progress;
      lastChange = now;
    }
    const settled = state as ProgramState;
    const quiet = run.pendingCount() === 0;
    if (settled.done && quiet) {
      if (++idle >= 4) break;
      continue;
    }
    idle = 0;
    // A failure, or a program that threw, leaves the rest stuck: stop once nothing moves.
    if ((run.failures.length > 0 || (settled.done && !settled.ok)) && now - lastChange > 150) break;
    if (now - started > run.timeoutMs) break;
  }
  return state;
}

/**
 * Throws what ended the run, if anything did: a refused or failed data source, the program's
 * own error (as it threw it), the first other failure, or a program that never finished. Each
 * carries the resources registered so far; each message names what was left waiting.
 */
export function throwOnFailure(run: CaptureRun, state: ProgramState): void {
  const pending = run.pending();
  const dataFailure = run.failures.find((f) => f.code === "data-source-failed");
  if (run.refused.length > 0 && !run.options.placeholders && !dataFailure?.message.includes("failed:")) {
    throw attachRegistered(new CaptureError("data-source-failed", withWaiting(refusedMessage(run.refused), pending), pending), run.resources);
  }
  if (dataFailure) throw attachRegistered(new CaptureError("data-source-failed", withWaiting(dataFailure.message, pending), pending, dataFailure.thrown), run.resources);
  // The program's own error, as it threw it (callers read its code and message).
  if (state.done && !state.ok) throw attachRegistered(state.error, run.resources);
  const first = run.failures[0];
  if (first) {
    const where = first.at ? ` at ${first.at}` : "";
    throw attachRegistered(new CaptureError(first.code, withWaiting(`${first.message}${where}`, pending), pending, first.thrown, first.at), run.resources);
  }
  if (!state.done || pending.length > 0) {
    const what = !state.done ? "the program did not finish" : "the program did not finish registering its resources";
    const list = pending.length > 0 ? `; still pending: ${pendingText(pending)}` : "; it is still waiting on something that never completes (a promise that never resolves, or resources that wait on each other)";
    throw attachRegistered(new CaptureError("timeout", `${what} within ${Math.round(run.timeoutMs / 100) / 10} s${list}.`, pending), run.resources);
  }
}
