/**
 * The library's one error class. Every invalid argument, rule or group throws it before any
 * resource is registered.
 */

import { isDeployTime } from "./deploy-time";

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
    const context = `${component} ${JSON.stringify(name)}: `;
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

/** Renders any value for an error message: strings quoted, objects as JSON, never throwing. */
export function quote(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  // A Pulumi Output (or a promise) has no value yet: JSON would print Pulumi's toJSON warning.
  if (isDeployTime(value)) return "<deploy-time value>";
  if (typeof value === "bigint") return `${value}n`;
  if (value === undefined) return "undefined";
  if (typeof value === "function" || typeof value === "symbol") return String(typeof value);
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
