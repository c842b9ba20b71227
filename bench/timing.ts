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

/** One figure of a run, as `--save` writes it and `--compare` reads it. */
export interface Figure {
  /** What was measured; an indented label belongs to the figure before it that is not indented. */
  label: string;
  /** The figure as printed, e.g. `640.0 ms`, `171,168/s`, `1.19x raw`. */
  value: string;
  /** The target. */
  target: string;
  /** Whether it met the target. */
  ok: boolean;
}

/** Every figure printed so far in this run. */
export const figures: Figure[] = [];

/** A saved run's figures, by label, to print beside this run's (`--compare FILE`). */
let saved: Map<string, Figure> | undefined;

/**
 * A figure's key in a run: its label, and for an indented figure (`  peak RSS, whole process`,
 * which several benchmarks print) the label of the figure it belongs to, the last one not
 * indented: `audit 2000 groups, 99986 rules › peak RSS, whole process`.
 */
function keyed(run: readonly Figure[]): string[] {
  let parent = "";
  return run.map((f) => (/^\s/.test(f.label) ? `${parent} › ${f.label.trim()}` : (parent = f.label)));
}

/** Reads a run saved with `--save` (or undefined to stop comparing). */
export function compareWith(run: Figure[] | undefined): void {
  if (!run) {
    saved = undefined;
    return;
  }
  const keys = keyed(run);
  saved = new Map(run.map((f, i) => [keys[i], f]));
}

/** The number in a printed figure (`171,168/s` is 171168). */
export function figureNumber(value: string): number {
  return Number.parseFloat(value.replace(/,/g, ""));
}

/** Formats a figure with its target and verdict, and keeps it for `--save`; with `--compare`, the saved run's figure follows. */
export function line(label: string, value: string, target: string, ok: boolean): string {
  figures.push({ label, value, target, ok });
  const text = `${label.padEnd(58)} ${value.padStart(14)}   target ${target.padEnd(22)} ${ok ? "ok" : "MISSED"}`;
  const before = saved?.get(keyed(figures)[figures.length - 1]);
  if (!before) return text;
  const ratio = figureNumber(value) / figureNumber(before.value);
  return `${text}\n${"".padEnd(58)} ${`was ${before.value}`.padStart(14)}   ${Number.isFinite(ratio) ? `${ratio.toFixed(2)}x the saved run` : ""}`;
}
