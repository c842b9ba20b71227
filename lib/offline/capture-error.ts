/**
 * How a capture fails: {@link CaptureError} names the cause and what was left waiting; the
 * program's own error keeps what it had registered; positions are the program's files.
 */
import * as path from "path";
import { CaptureFailureCode, CapturedResource, PendingResource } from "./capture-types";
import { fileOf, stackFrames } from "./source-location";

/** A program that failed on mocks, with the cause named and what was left waiting. */
export class CaptureError extends Error {
  /** Stable reason. */
  readonly code: CaptureFailureCode;
  /** Resources declared but never registered (waiting on the cause, or on each other). */
  readonly pending: PendingResource[];
  /** What the program threw, when it threw. */
  readonly thrown: unknown;
  /** Where it was thrown in the program (`file:line:column`), when known. */
  readonly at?: string;

  constructor(code: CaptureFailureCode, message: string, pending: PendingResource[], thrown?: unknown, at?: string) {
    super(message.startsWith("alicloud-secgroups") ? message : `alicloud-secgroups: ${message}`);
    this.name = "CaptureError";
    this.code = code;
    this.pending = pending;
    this.thrown = thrown;
    if (at !== undefined) this.at = at;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

const REGISTERED = Symbol("alicloud-secgroups:registered");

/**
 * The resources a rejected {@link captureStack} program had registered before it failed, or
 * `undefined` when `error` did not come from one. An empty list means it registered nothing.
 */
export function registeredBeforeError(error: unknown): CapturedResource[] | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  return (error as { [REGISTERED]?: CapturedResource[] })[REGISTERED];
}

/** Attaches what the program had registered to its error (read back by {@link registeredBeforeError}). */
export function attachRegistered(error: unknown, resources: readonly CapturedResource[]): unknown {
  if (typeof error === "object" && error !== null && Object.isExtensible(error)) {
    Object.defineProperty(error, REGISTERED, { value: [...resources], enumerable: false, configurable: true });
  }
  return error;
}

/** A `file:line:column` inside `dir` (not in node_modules) from a stack trace, relative to `dir`. */
export function programPosition(stack: string | undefined, dir: string): string | undefined {
  for (const frame of stackFrames(stack)) {
    const file = fileOf(frame.where);
    if (file === undefined || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    const rel = path.relative(dir, file);
    if (rel.startsWith("..") || path.isAbsolute(rel)) continue;
    return `${rel.split(path.sep).join("/")}:${frame.line}:${frame.column}`;
  }
  return undefined;
}

/** An error as one line: its class (unless plain `Error`) and message, without the library's prefix. */
export function errorText(e: unknown): string {
  if (typeof e === "object" && e !== null && typeof (e as Error).message === "string") {
    const err = e as Error;
    const name = err.name && err.name !== "Error" ? `${err.name}: ` : "";
    return `${name}${err.message.replace(/^alicloud-secgroups: /, "")}`;
  }
  return String(e);
}

/** The pending resources as a list for a message (the first 12, then a count). */
export function pendingText(pending: readonly PendingResource[]): string {
  const shown = pending.slice(0, 12).map((p) => `${p.name} (${p.type}${p.at ? `, ${p.at}` : ""})`);
  return shown.join(", ") + (pending.length > shown.length ? `, and ${pending.length - shown.length} more` : "");
}

/** `message`, then what was left waiting on it. */
export function withWaiting(message: string, pending: readonly PendingResource[]): string {
  const base = message.replace(/\.$/, "");
  if (pending.length === 0) return `${base}.`;
  return `${base}. Left waiting on it: ${pendingText(pending)}.`;
}

/** The refusal of data sources a plan without placeholders cannot answer. */
export function refusedMessage(tokens: string[]): string {
  const list = [...new Set(tokens)].join(", ");
  return `alicloud-secgroups: the program called data source ${list}, which a plan on mocks cannot answer. Pass the value in as configuration, or answer it with the onCall option.`;
}
