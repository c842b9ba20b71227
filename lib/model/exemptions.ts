/**
 * Acknowledged exceptions, one format for every entry point (the `--exemptions FILE` of the
 * commands, the matchers' option, the policy pack's `exemptions` configuration):
 *
 * - `{ check, rule, reason }` acknowledges a finding of `check` on `rule`;
 * - `{ diff, rule, reason }` accepts a broadening that `diff` reports on `rule`.
 *
 * `rule` names a rule resource (a program's logical name), a rule id (`sgr-…`, as exports
 * show them), or a group id and a rule key (`sg-web/in-accept-p1-tcp:22-from-0.0.0.0/0`).
 * Group and instance findings are acknowledged with the group or instance id as `rule`.
 * `reason` is required: it is shown wherever the finding is shown. Which entry acknowledges a
 * finding or accepts a region is decided here, once ({@link matchingExemption}), for the checks,
 * the audit and the diff. Pure: no Pulumi here.
 */
import { editDistance } from "./edit-distance";
import { ValidationError, Withheld, fieldPath, quote } from "./errors";
import { readYamlDocument } from "./safe-document";

/** Acknowledges the findings of one check on one rule (or group, or instance). */
export interface FindingExemption {
  /** The check id, e.g. `world-open-non-web`. */
  readonly check: string;
  /** A rule resource name, a rule id `sgr-…`, `<group id>/<rule key>`, or a group or instance id. */
  readonly rule: string;
  /** Why the finding is accepted; shown in every report. */
  readonly reason: string;
  /** Where the entry was written (`exemptions.yaml[2]`), for messages about it. @default "exemptions" (an entry given in code) */
  readonly where?: string;
}

/** Accepts a broadening that `diff` reports on one rule. */
export interface DiffExemption {
  /** What is accepted: `broadening` (any opened region the rule decides), or the id of the group or instance the region must reach. */
  readonly diff: string;
  /** The rule, as in {@link FindingExemption.rule}. */
  readonly rule: string;
  /** Why it is accepted. */
  readonly reason: string;
  /** Where the entry was written. @default "exemptions" (an entry given in code) */
  readonly where?: string;
}

/** One entry of an exemptions list. */
export type Exemption = FindingExemption | DiffExemption;

/** Options of {@link parseExemptions} and {@link validateExemptions}. */
export interface ExemptionOptions {
  /** The check ids an entry may name; others are refused with a suggestion. @default any name */
  readonly knownChecks?: readonly string[];
}

/** How a rule can be named by an exemption. */
export interface RuleReference {
  /** The group holding the rule. */
  readonly groupId: string;
  /** The rule's key ({@link ruleKey}), when it can be computed. */
  readonly key?: string;
  /** The rule resource's logical name, when known. */
  readonly name?: string;
  /** The rule's cloud id (`sgr-…`), when known. */
  readonly id?: string;
}

/** Checks whose findings can never be acknowledged: a rule the API refuses cannot exist. */
export const UNACKNOWLEDGEABLE_CHECKS: readonly string[] = ["invalid-rule"];

const FINDING_KEYS = ["check", "rule", "reason"];
const DIFF_KEYS = ["diff", "rule", "reason"];

/** True for a finding exemption (as opposed to a diff one). */
export function isFindingExemption(e: Exemption): e is FindingExemption {
  return (e as FindingExemption).check !== undefined;
}

/** True for a diff exemption (an accepted broadening). */
export function isDiffExemption(e: Exemption): e is DiffExemption {
  return (e as DiffExemption).diff !== undefined;
}

/** Where an entry was written, as reports name it: `exemptions.yaml[2]`, or `exemptions` for an entry given in code. */
export function exemptionWhere(e: Exemption): string {
  return e.where ?? "exemptions";
}

/** What an exemption is matched against: a finding of one check, or an opened region reaching a group or instance. */
export type ExemptionTarget = { readonly check: string } | { readonly diff: string };

/**
 * The entry that acknowledges a finding, or accepts an opened region, on the rule (or group, or
 * instance) that `names` names (its names as a list, or a test of an entry's `rule`): the first
 * entry whose `rule` names it and
 * - for a finding of `check`: whose `check` is that check (or `*`); a check whose findings can
 *   never be acknowledged (`invalid-rule`) matches no entry;
 * - for a region reaching `diff` (the id of the group or instance it reaches): whose `diff` is
 *   `broadening`, `*`, or that id.
 *
 * @example matchingExemption(entries, { check: "public-admin-port" }, ["sgr-bp1...", "sg-web/in-accept-p1-tcp:22-from-0.0.0.0/0"])
 */
export function matchingExemption<E extends Exemption>(entries: readonly E[], target: ExemptionTarget, names: readonly string[] | ((rule: string) => boolean)): E | undefined {
  const named = typeof names === "function" ? names : (rule: string) => names.includes(rule);
  if ("check" in target) {
    if (UNACKNOWLEDGEABLE_CHECKS.includes(target.check)) return undefined;
    return entries.find((e) => isFindingExemption(e) && (e.check === target.check || e.check === "*") && named(e.rule));
  }
  return entries.find((e) => isDiffExemption(e) && (e.diff === "broadening" || e.diff === "*" || e.diff === target.diff) && named(e.rule));
}

/** True when an exemption's `rule` names this rule: its resource name, its id, or `<group id>/<rule key>`. */
export function exemptionNamesRule(rule: string, ref: RuleReference): boolean {
  if (ref.name !== undefined && rule === ref.name) return true;
  if (ref.id !== undefined && rule === ref.id) return true;
  return ref.key !== undefined && rule === `${ref.groupId}/${ref.key}`;
}


function text(where: string, entry: unknown, key: string, value: unknown, example: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new ValidationError("invalid-exemption", `${where}.${key}`, value, "must be a non-empty string", `Write e.g. ${key}: ${example}. Entry: ${quote(entry)}.`);
  }
  return value.trim();
}

function entry(raw: unknown, where: string, options: ExemptionOptions): Exemption {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ValidationError("invalid-exemption", where, raw, "is not an entry", "Write { check, rule, reason } to acknowledge a finding, or { diff, rule, reason } to accept a broadening.");
  }
  const r = raw as Record<string, unknown>;
  const isCheck = "check" in r;
  const isDiff = "diff" in r;
  if (isCheck === isDiff) {
    throw new ValidationError("invalid-exemption", where, raw, isCheck ? "has both check and diff" : "has neither check nor diff", "Write { check, rule, reason } to acknowledge a finding, or { diff, rule, reason } to accept a broadening: one entry each.");
  }
  const allowed = isCheck ? FINDING_KEYS : DIFF_KEYS;
  for (const k of Object.keys(r)) {
    if (!allowed.includes(k)) throw new ValidationError("invalid-exemption", fieldPath(where, k), r[k], "is not a field of an exemption", `An entry takes ${allowed.join(", ")}.`);
  }
  const rule = text(where, raw, "rule", r.rule, `web-ssh (a rule resource), sgr-bp1... (a rule id) or sg-web/in-accept-p1-tcp:22-from-0.0.0.0/0`);
  const reason = text(where, raw, "reason", r.reason, `"bastion host, ticket SEC-42"`);
  if (isDiff) return { diff: text(where, raw, "diff", r.diff, "world-open"), rule, reason, where };
  const check = text(where, raw, "check", r.check, "world-open-non-web");
  if (UNACKNOWLEDGEABLE_CHECKS.includes(check)) {
    throw new ValidationError("invalid-exemption", `${where}.check`, check, "cannot be acknowledged", "A rule the ECS API refuses cannot be deployed: fix the rule instead.");
  }
  const known = options.knownChecks;
  if (known && !known.includes(check)) {
    const near = [...known].sort((a, b) => editDistance(check, a) - editDistance(check, b))[0];
    const hint = near !== undefined && editDistance(check, near) <= 3 ? `Did you mean ${JSON.stringify(near)}?` : `Use a check id such as ${known.slice(1, 4).map((c) => JSON.stringify(c)).join(", ")}.`;
    throw new ValidationError("invalid-exemption", `${where}.check`, check, "is not a check", hint);
  }
  return { check, rule, reason, where };
}

/**
 * Validates an exemptions list given as data (a matcher option, a policy's `exemptions`
 * configuration): an array of entries, or `{ exemptions: [...] }`. `source` names where it
 * came from in messages (`policy config public-admin-port`).
 */
export function validateExemptions(value: unknown, source: string, options: ExemptionOptions = {}): Exemption[] {
  let list = value;
  if (typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && "exemptions" in value) {
    list = (value as { exemptions: unknown }).exemptions;
  }
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    // Said by its kind, never shown: a file named by mistake may be anything (credentials, say).
    throw new ValidationError("invalid-exemption", source, new Withheld(value), "is not a list of exemptions", "Write a list of { check, rule, reason } entries (YAML or JSON).");
  }
  return list.map((raw, i) => entry(raw, `${source}[${i}]`, options));
}

/**
 * Reads an exemptions file (YAML, or JSON, which is YAML too): a list of `{ check, rule,
 * reason }` and `{ diff, rule, reason }` entries. Throws {@link ValidationError}
 * (`invalid-exemption`) naming the file and the entry (or the line) for anything else,
 * anchors and aliases included.
 *
 * @example parseExemptions("- { check: world-open-non-web, rule: vpn-wireguard, reason: the VPN endpoint }", "exemptions.yaml")
 *   // => [{ check: "world-open-non-web", rule: "vpn-wireguard", reason: "the VPN endpoint", where: "exemptions.yaml[0]" }]
 */
export function parseExemptions(content: string, file: string, options: ExemptionOptions = {}): Exemption[] {
  // Anchors, aliases and runaway nesting are refused while parsing (lib/model/safe-document.ts).
  const data = readYamlDocument(content, file, { code: "invalid-exemption", fix: "Write a list of { check, rule, reason } entries." });
  return validateExemptions(data, file, options);
}
