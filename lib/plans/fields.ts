/**
 * Addressing errors at the caller's arguments: the model names its own properties
 * (`cidrIp`, `priority`), a component names what the caller wrote (`args.web.sources[1]`).
 */
import { ValidationCode, ValidationError } from "../model/errors";

/** The same error re-addressed at `field`, keeping its code, value and advice; other errors pass through. */
export function atField(err: unknown, field: string): unknown {
  if (!(err instanceof ValidationError)) return err;
  const oldHead = `alicloud-secgroups: ${err.field} `;
  const tail = err.message.startsWith(oldHead) ? err.message.slice(oldHead.length) : err.message;
  const out = new ValidationError(err.code, field, err.value, "", "");
  (out as { message: string }).message = `alicloud-secgroups: ${field} ${tail}`;
  return out;
}

/** Runs `fn`, re-addressing any {@link ValidationError} it throws at `field`. */
export function at<T>(field: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw atField(e, field);
  }
}

/** Throws a {@link ValidationError}: the argument, the value, what is wrong and what to do. */
export function refuse(code: ValidationCode, field: string, value: unknown, problem: string, fix: string): never {
  throw new ValidationError(code, field, value, problem, fix);
}

/** True for a plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Refuses anything but a plain object (or `undefined` when optional). */
export function expectObject(field: string, value: unknown, optional: boolean): Record<string, unknown> | undefined {
  if (value === undefined && optional) return undefined;
  if (isRecord(value)) return value;
  return refuse("invalid-argument", field, value, "must be an object", optional ? `Pass an object or leave ${field} out.` : `Pass an object for ${field}.`);
}

/** Refuses anything but an array (or `undefined` when optional). */
export function expectArray(field: string, value: unknown, optional: boolean): unknown[] | undefined {
  if (value === undefined && optional) return undefined;
  if (Array.isArray(value)) return value;
  return refuse("invalid-argument", field, value, "must be an array", optional ? `Pass an array or leave ${field} out.` : `Pass an array for ${field}.`);
}

/** Refuses a value outside `allowed`; `undefined` gives `fallback`. */
export function expectOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[], fallback: T, code: ValidationCode = "invalid-argument"): T {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  const near = typeof value === "string" ? allowed.find((a) => a.toLowerCase() === value.toLowerCase()) : undefined;
  return refuse(code, field, value, "is not an accepted value", near ? `Write it as ${JSON.stringify(near)} (values are case-sensitive).` : `Use one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}.`);
}

/** Refuses anything but a whole number in `min..max`; `undefined` gives `fallback`. */
export function expectInteger(field: string, value: unknown, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
  return refuse("invalid-argument", field, value, `must be a whole number from ${min} to ${max}`, `Pass a number between ${min} and ${max}, or leave ${field} out for ${fallback}.`);
}

/** Edit distance between two short words (insertions, deletions, substitutions, swaps). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest of `words` to `word`, when it is close enough to be a likely typo. */
export function didYouMean(word: string, words: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const w of words) {
    const a = word.toLowerCase();
    const b = w.toLowerCase();
    // A word cut short (`owner` for `ownerId`) or run on counts as one edit.
    const n = a === b ? 0 : a.length >= 3 && (b.startsWith(a) || a.startsWith(b)) ? 1 : distance(a, b);
    if (n < bestDistance) {
      best = w;
      bestDistance = n;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

/**
 * Refuses keys of `value` that are not in `keys`: a misspelt option (`egres: "restricted"`) would
 * otherwise be ignored silently, leaving the default in force.
 */
export function expectKnownKeys(field: string, value: Record<string, unknown>, keys: readonly string[]): void {
  for (const k of Object.keys(value)) {
    if (keys.includes(k)) continue;
    const near = didYouMean(k, keys);
    refuse("invalid-argument", `${field}.${k}`, k, "is not an argument of this component", near ? `Did you mean ${JSON.stringify(near)}? ` + `The arguments here are ${keys.map((x) => JSON.stringify(x)).join(", ")}.` : `The arguments here are ${keys.map((x) => JSON.stringify(x)).join(", ")}.`);
  }
}

/**
 * True for a Pulumi `Output` or a promise: a value known only at deploy time. Recognised by
 * shape (the core imports nothing from Pulumi).
 */
export function isDeployTime(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.__pulumiOutput === true || typeof v.apply === "function" || typeof v.then === "function";
}

/** Refuses a deploy-time value where a plain value is needed to plan, saying so. */
export function expectPlain(field: string, value: unknown, what: string): void {
  if (isDeployTime(value)) {
    refuse("invalid-argument", field, "<deploy-time value>", `is a value known only at deploy time (a Pulumi Output), but ${what} must be known when the program runs`, "Pass a plain value here (from configuration, for example), not a resource's output.");
  }
}
