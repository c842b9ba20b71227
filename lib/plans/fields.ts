/**
 * Addressing errors at the caller's arguments: the model names its own properties
 * (`cidrIp`, `priority`), a component names what the caller wrote (`args.web.sources[1]`).
 */
import { isDeployTime } from "../model/deploy-time";
import { editDistance } from "../model/edit-distance";
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

/** The closest of `words` to `word`, when it is close enough to be a likely typo. */
export function didYouMean(word: string, words: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const w of words) {
    const a = word.toLowerCase();
    const b = w.toLowerCase();
    // A word cut short (`owner` for `ownerId`) or run on counts as one edit.
    const n = a === b ? 0 : a.length >= 3 && (b.startsWith(a) || a.startsWith(b)) ? 1 : editDistance(a, b);
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

export { isDeployTime };
