/**
 * Options of the checks: every default is here, and each can be changed.
 */
import type { Intent, IntentContext, IntentResult } from "../analysis/intents";
import { validateIntents } from "../analysis/intents";
import { ValidationError } from "../model/errors";
import { MAX_GROUPS_PER_INSTANCE, MAX_RULES_PER_GROUP } from "../model/network";
import { ADMIN_PORTS, DATABASE_PORT_LIST, WEB_PORTS } from "../model/services";
import { CHECK_IDS, CheckId, Severity } from "./finding";

/** Options of {@link checkNetwork} and of each check. */
export interface CheckOptions {
  /** Ports that must not be open to the world (tcp, udp or all). @default [22, 3389] */
  adminPorts?: readonly number[];
  /** Database ports that must not be open to the world. @default [3306, 5432, 1433, 1521, 6379, 27017] */
  databasePorts?: readonly number[];
  /** Ports (tcp and udp) that may be open to the world. @default [80, 443] */
  webPorts?: readonly number[];
  /** A private (RFC 1918) IPv4 source needs at least this prefix length, or it is too broad. @default 16 */
  minPrivatePrefixLength?: number;
  /** Most rules one group may hold. @default 200 */
  maxRulesPerGroup?: number;
  /** Most groups one instance (network interface) may join. @default 5 */
  maxGroupsPerInstance?: number;
  /** Most rules one network interface applies, over all its groups. @default 1000 */
  maxRulesPerInterface?: number;
  /** Run only these checks. @default every check */
  checks?: readonly CheckId[];
  /** Severity overrides per check. @default each check's severity in `CHECKS` */
  severities?: Partial<Record<CheckId, Severity>>;
  /** One finding per rule (the worst, listing the other checks it fails); `false` gives one per check. @default true */
  consolidate?: boolean;
  /** Access intents to prove over the network (`broken-intent`, `unproven-intent`): the intents file's entries, or code's. @default none: the intent checks find nothing */
  intents?: readonly Intent[];
  /** What the proof of `intents` knows besides the network: components' groups by tier, values known only at deploy time, and intents that depend on them. @default none */
  intentContext?: IntentProofContext;
  /** Receives the verdict on every intent, from the same proof the intent findings come from (once per run, when an intent check runs). @default none */
  onIntentResults?: (results: IntentResult[]) => void;
}

/** What a proof of intents knows besides the network: {@link IntentContext}, and intents that depend on what the plan could not know. */
export interface IntentProofContext extends IntentContext {
  /** Intent id → what it depends on that is known only at deploy time (an id passed as a bare output, a block from an output): the intent is unproven whatever the proof finds. @default none */
  pending?: ReadonlyMap<string, string>;
}

/** Options with every default filled in. */
export interface ResolvedCheckOptions {
  readonly adminPorts: readonly number[];
  readonly databasePorts: readonly number[];
  readonly webPorts: readonly number[];
  readonly minPrivatePrefixLength: number;
  readonly maxRulesPerGroup: number;
  readonly maxGroupsPerInstance: number;
  readonly maxRulesPerInterface: number;
  readonly checks?: ReadonlySet<CheckId>;
  readonly severities: Partial<Record<CheckId, Severity>>;
  readonly consolidate: boolean;
  /** The intents, validated. */
  readonly intents: readonly Intent[];
  /** What their proof knows besides the network. */
  readonly intentContext: IntentProofContext;
  /** Receives the verdicts of the run's one proof. */
  readonly onIntentResults?: (results: IntentResult[]) => void;
}

function ports(field: string, value: unknown, fallback: readonly number[]): readonly number[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || !value.every((p) => Number.isInteger(p) && p >= 1 && p <= 65535)) {
    throw new ValidationError("invalid-argument", `options.${field}`, value, "must be an array of port numbers", "Use whole numbers from 1 to 65535, e.g. [22, 3389].");
  }
  return value;
}

function whole(field: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError("invalid-argument", `options.${field}`, value, `must be a whole number from ${min} to ${max}`, `Use e.g. ${fallback} (the default).`);
  }
  return value;
}

/** Fills the defaults in and refuses values that cannot be meant (a port 0, a negative quota). */
export function resolveCheckOptions(options: CheckOptions = {}): ResolvedCheckOptions {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new ValidationError("invalid-argument", "options", options, "must be an object", "Pass {} or omit the options.");
  }
  if (options.checks !== undefined && !Array.isArray(options.checks)) {
    throw new ValidationError("invalid-argument", "options.checks", options.checks, "must be an array of check ids", `Pass e.g. ["public-admin-port"].`);
  }
  if (options.severities !== undefined && (typeof options.severities !== "object" || options.severities === null || Array.isArray(options.severities))) {
    throw new ValidationError("invalid-argument", "options.severities", options.severities, "must be an object of severities by check id", `Pass e.g. { "shadowed-rule": "medium" }.`);
  }
  for (const id of options.checks ?? []) {
    if (!(CHECK_IDS as readonly string[]).includes(id)) {
      throw new ValidationError("invalid-argument", "options.checks", id, "is not a check", `Use check ids such as ${CHECK_IDS.slice(0, 3).map((c) => JSON.stringify(c)).join(", ")}.`);
    }
  }
  const severities = options.severities ?? {};
  for (const [id, s] of Object.entries(severities)) {
    if (!(CHECK_IDS as readonly string[]).includes(id)) {
      throw new ValidationError("invalid-argument", "options.severities", id, "names no check", "Key severities by check id, e.g. { \"shadowed-rule\": \"medium\" }.");
    }
    if (s !== undefined && s !== "high" && s !== "medium" && s !== "low") {
      throw new ValidationError("invalid-argument", `options.severities.${id}`, s, "is not a severity", `Use "high", "medium" or "low".`);
    }
  }
  if (options.consolidate !== undefined && typeof options.consolidate !== "boolean") {
    throw new ValidationError("invalid-argument", "options.consolidate", options.consolidate, "must be true or false", "Omit it for one finding per rule.");
  }
  if (options.onIntentResults !== undefined && typeof options.onIntentResults !== "function") {
    throw new ValidationError("invalid-argument", "options.onIntentResults", options.onIntentResults, "must be a function", "Pass (results) => { … }, or leave it out.");
  }
  if (options.intentContext !== undefined && (typeof options.intentContext !== "object" || options.intentContext === null || Array.isArray(options.intentContext))) {
    throw new ValidationError("invalid-argument", "options.intentContext", options.intentContext, "must be an object", "Pass { components, unknown }, or leave it out.");
  }
  return {
    adminPorts: ports("adminPorts", options.adminPorts, ADMIN_PORTS),
    databasePorts: ports("databasePorts", options.databasePorts, DATABASE_PORT_LIST),
    webPorts: ports("webPorts", options.webPorts, WEB_PORTS),
    minPrivatePrefixLength: whole("minPrivatePrefixLength", options.minPrivatePrefixLength, 16, 0, 32),
    maxRulesPerGroup: whole("maxRulesPerGroup", options.maxRulesPerGroup, MAX_RULES_PER_GROUP, 0, 1_000_000),
    maxGroupsPerInstance: whole("maxGroupsPerInstance", options.maxGroupsPerInstance, MAX_GROUPS_PER_INSTANCE, 0, 1_000),
    maxRulesPerInterface: whole("maxRulesPerInterface", options.maxRulesPerInterface, 1000, 0, 1_000_000),
    checks: options.checks === undefined ? undefined : new Set(options.checks),
    severities,
    consolidate: options.consolidate !== false,
    intents: options.intents === undefined ? [] : validateIntents(options.intents, "options.intents"),
    intentContext: options.intentContext ?? {},
    ...(options.onIntentResults ? { onIntentResults: options.onIntentResults } : {}),
  };
}
