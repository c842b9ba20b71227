/** Timing helpers: median of repeated runs after a warm-up, in milliseconds. */

/** Milliseconds since an arbitrary origin, with sub-millisecond precision. */
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Runs `fn` once to warm up, then `runs` times; returns the median duration in ms. */
export async function medianMs(fn: () => unknown, runs = 3): Promise<number> {
  return (await timed(fn, runs)).median;
}

/** The first (cold) run's duration and the median of `runs` more, in ms. */
export async function timed(fn: () => unknown, runs = 3): Promise<{ first: number; median: number }> {
  const t0 = now();
  await fn();
  const first = now() - t0;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    await fn();
    times.push(now() - t0);
  }
  times.sort((a, b) => a - b);
  return { first, median: times[Math.floor(times.length / 2)] };
}

/** Formats a figure with its target and verdict. */
export function line(label: string, value: string, target: string, ok: boolean): string {
  return `${label.padEnd(58)} ${value.padStart(14)}   target ${target.padEnd(22)} ${ok ? "ok" : "MISSED"}`;
}
