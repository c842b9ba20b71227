/**
 * The library's one error class. Every invalid argument, rule or group throws it before any
 * resource is registered.
 */

import { isDeployTime } from "./deploy-time";
import { cutText, jsonVisible, quoteText, terminalText } from "./escape";

/** Stable machine-readable reasons a value was refused. */
export type ValidationCode =
  | "invalid-object"
  | "invalid-type"
  | "invalid-protocol"
  | "invalid-port-range"
  | "invalid-port"
  | "invalid-policy"
  | "invalid-priority"
  | "invalid-nic-type"
  | "invalid-cidr"
  | "wrong-ip-family"
  | "missing-source"
  | "multiple-sources"
  | "invalid-security-group-id"
  | "invalid-prefix-list-id"
  | "invalid-owner"
  | "owner-without-group"
  | "nic-type-mismatch"
  | "protocol-family-mismatch"
  | "invalid-description"
  | "invalid-group-type"
  | "invalid-inner-access-policy"
  | "invalid-name"
  | "invalid-id"
  | "enterprise-group-reference"
  | "rule-quota-exceeded"
  | "group-reference-quota-exceeded"
  | "group-quota-exceeded"
  | "mixed-group-types"
  | "unknown-group"
  | "unknown-instance"
  | "duplicate-id"
  | "world-open"
  | "source-too-broad"
  | "all-ports"
  | "unsafe-plan"
  | "invalid-argument"
  | "invalid-network"
  | "prefix-list-in-classic"
  | "enterprise-outside-vpc"
  | "cross-vpc-reference"
  | "interface-rule-quota-exceeded"
  | "concurrent-call"
  | "invalid-answers"
  | "invalid-exemption"
  | "invalid-intent"
  | "broken-intent"
  | "duplicate-rule"
  | "invalid-source"
  | "partial-source"
  | "mixed-source";

/**
 * Thrown for every refused value. `code` is stable across releases, `field` names the
 * argument (a dotted path such as `rules[2].portRange` or `args.web.sources[0]`), and `value`
 * is the value that was refused. The message quotes the value and says what to do instead.
 */
export class ValidationError extends Error {
  /** Stable reason, for programs. */
  readonly code: ValidationCode;
  /** The argument that held the bad value. */
  readonly field: string;
  /** The refused value. */
  readonly value: unknown;

  constructor(code: ValidationCode, field: string, value: unknown, problem: string, fix: string) {
    super(`alicloud-secgroups: ${field} ${problem} (got ${quote(value)}). ${fix}`);
    this.name = "ValidationError";
    this.code = code;
    this.field = field;
    this.value = value;
    Object.setPrototypeOf(this, new.target.prototype);
  }

  /**
   * The same error told about one component instance: `alicloud-secgroups: ThreeTierSecurityGroups
   * "shop": args.web.sources[0] …`. The field stays the argument's path.
   */
  inComponent(component: string, name: string): ValidationError {
    const head = "alicloud-secgroups: ";
    const context = `${component} ${quote(name)}: `;
    if (!this.message.startsWith(head) || this.message.startsWith(head + context)) return this;
    const err = new ValidationError(this.code, this.field, this.value, "", "");
    (err as { message: string }).message = head + context + this.message.slice(head.length);
    return err;
  }

  /** The same error re-addressed under a parent field, e.g. `rules[3]` + `.portRange`. */
  withFieldPrefix(prefix: string): ValidationError {
    const field = this.field === "" ? prefix : `${prefix}.${this.field}`;
    const err = new ValidationError(this.code, field, this.value, "", "");
    const oldHead = `alicloud-secgroups: ${this.field} `;
    const tail = this.message.startsWith(oldHead) ? this.message.slice(oldHead.length) : this.message;
    (err as { message: string }).message = `alicloud-secgroups: ${field} ${tail}`;
    return err;
  }
}

/** Longest value (in characters) a message quotes; the rest is left out, and its length said. */
export const QUOTE_MAX = 200;

/**
 * A value an error message names by its kind only, never its content: what was read from a
 * file that is not of the expected format (it may be anything: a key, a credentials file).
 */
export class Withheld {
  /** What it is: `text`, `a list`, `a map`, `a number`… */
  readonly kind: string;

  constructor(value: unknown) {
    this.kind = typeof value === "string" ? "text" : Array.isArray(value) ? "a list" : value === null ? "null" : typeof value === "object" ? "a map" : `a ${typeof value}`;
  }
}

/**
 * The one way a message shows a value: strings quoted, objects as JSON, cut to
 * {@link QUOTE_MAX} characters, line breaks and every control or bidi character escaped
 * (`\n`, `\u001b`, `\u202e`), so a value always stays on the message's one line; never throws.
 */
export function quote(value: unknown): string {
  if (typeof value === "string") return quoteText(value, QUOTE_MAX);
  if (value instanceof Withheld) return `<${value.kind}, not shown>`;
  // A Pulumi Output (or a promise) has no value yet: JSON would print Pulumi's toJSON warning.
  if (isDeployTime(value)) return "<deploy-time value>";
  if (typeof value === "bigint") return `${value}n`;
  if (value === undefined) return "undefined";
  if (typeof value === "function" || typeof value === "symbol") return String(typeof value);
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return terminalText(String(value));
    const { text: kept, cut } = cutText(text, QUOTE_MAX - 3);
    return jsonVisible(cut ? `${kept}...` : text);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * A field path with a key read from data: `parent.key` for a plain key (letters, digits, `_`,
 * `-`), else `parent["key"]` quoted as {@link quote} quotes (cut, line breaks escaped).
 *
 * @example fieldPath("ex.yaml[0]", "until") // => "ex.yaml[0].until"
 */
export function fieldPath(parent: string, key: string): string {
  return /^[A-Za-z_][\w-]{0,63}$/.test(key) ? `${parent}.${key}` : `${parent}[${quote(key)}]`;
}

/**
 * Why a JSON or YAML parser refused a text, without the text: the parser's reason and where
 * (line and column, or position), never the excerpt of the input it quotes. For messages about
 * a file that is not of the expected format, which is named, not shown.
 *
 * @example parseFailure(jsonError) // => "unexpected character"
 */
export function parseFailure(e: unknown): string {
  const err = (typeof e === "object" && e !== null ? e : {}) as { name?: unknown; reason?: unknown; mark?: { line?: unknown; column?: unknown }; message?: unknown };
  if (err.name === "YAMLException" && typeof err.reason === "string") {
    // js-yaml names some offending tags and aliases after a colon or in quotes: keep the reason only.
    const reason = err.reason.replace(/\s*(?:!<|: |")[\s\S]*$/, "");
    const at = typeof err.mark?.line === "number" && typeof err.mark.column === "number" ? ` at line ${err.mark.line + 1}, column ${err.mark.column + 1}` : "";
    return terminalText(cutText(reason, 120).text) + at;
  }
  const message = typeof err.message === "string" ? err.message : String(e);
  if (/^Unexpected end of JSON input/.test(message)) return "unexpected end of the text";
  const at = /^([^"]*?) (in|after) JSON at position (\d+)/.exec(message);
  if (at) return `${at[1].charAt(0).toLowerCase()}${at[1].slice(1)}${at[2] === "after" ? " after the JSON value" : ""} at position ${at[3]}`;
  // V8 quotes the offending token and the start of the text: "Unexpected token 'x', \"…\" is not valid JSON".
  if (/^Unexpected token/.test(message)) return "unexpected character";
  return "not valid JSON";
}
