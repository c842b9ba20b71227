/**
 * How an organisation configures the pack, awsguard style:
 * `{ all: level, publicAdminPort: level | { enforcementLevel, adminPorts } }`. Keys are the
 * camelCase forms of the policy names (`public-admin-port` → `publicAdminPort`).
 */
import type { EnforcementLevel, PolicyPackConfig } from "@pulumi/policy";
import { ValidationError } from "../model/errors";
import { CheckOptions, resolveCheckOptions } from "../checks/check-options";
import { CheckId } from "../checks/finding";
import { CHECKS, CheckInfo } from "../checks/registry";
import { exemptionsFrom } from "../checks/exemptions";
import { FindingExemption, isFindingExemption } from "../model/exemptions";

/** A check's enforcement level, or its level and options. */
export type CheckSetting<TOptions extends object = Record<never, never>> = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel; exemptions?: readonly PolicyExemption[] } & TOptions);

/** An acknowledged finding of this policy's check: `{ check, rule, reason }`, as in an exemptions file (`check` is the policy's own). */
export type PolicyExemption = Omit<FindingExemption, "where">;

/** Configuration of the pack: a level for all checks, and per check a level or `{ enforcementLevel, ...options }`. */
export interface SecGroupsGuardConfig {
  /** Level of every check not set on its own. @default by severity: high checks "mandatory", the others "advisory" */
  all?: EnforcementLevel;
  /** `invalid-rule`. */
  invalidRule?: CheckSetting;
  /** `public-admin-port`. */
  publicAdminPort?: CheckSetting<Pick<CheckOptions, "adminPorts">>;
  /** `public-database-port`. */
  publicDatabasePort?: CheckSetting<Pick<CheckOptions, "databasePorts">>;
  /** `all-ports-open`. */
  allPortsOpen?: CheckSetting;
  /** `world-open-non-web`. */
  worldOpenNonWeb?: CheckSetting<Pick<CheckOptions, "webPorts">>;
  /** `broad-intranet-cidr`. */
  broadIntranetCidr?: CheckSetting<Pick<CheckOptions, "minPrivatePrefixLength">>;
  /** `classic-intranet-cidr`. */
  classicIntranetCidr?: CheckSetting;
  /** `rule-quota`. */
  ruleQuota?: CheckSetting<Pick<CheckOptions, "maxRulesPerGroup">>;
  /** `group-quota`. */
  groupQuota?: CheckSetting<Pick<CheckOptions, "maxGroupsPerInstance">>;
  /** `shadowed-rule`. */
  shadowedRule?: CheckSetting;
  /** `duplicate-rule`. */
  duplicateRule?: CheckSetting;
  /** `rules-per-interface`. */
  rulesPerInterface?: CheckSetting<Pick<CheckOptions, "maxRulesPerInterface">>;
  /** `dead-path`. */
  deadPath?: CheckSetting;
  /** `group-peer-all`. */
  groupPeerAll?: CheckSetting;
  /** `public-address-internal`. */
  publicAddressInternal?: CheckSetting;
  /** `inner-access-open`. */
  innerAccessOpen?: CheckSetting;
  /** `unused-group`. */
  unusedGroup?: CheckSetting;
  /** `unresolved-rule` (an audit's exports; a program's rules are read or unknown at preview). */
  unresolvedRule?: CheckSetting<Pick<CheckOptions, "adminPorts" | "databasePorts">>;
  /** `incomplete-input` (an audit's exports). */
  incompleteInput?: CheckSetting;
  /** `conflicting-rule-id` (an audit's exports). */
  conflictingRuleId?: CheckSetting;
  /** `broken-intent`: the intents (the intents file's entries) proved over the stack's network; a broken one is a violation with its witness flow. */
  brokenIntent?: CheckSetting<Pick<CheckOptions, "intents">>;
  /** `unproven-intent`: the same intents, where the stack's values cannot prove them (unknown at preview). */
  unprovenIntent?: CheckSetting<Pick<CheckOptions, "intents">>;
  /**
   * `unknown-at-preview`: a rule whose peer, ports, protocol or policy is unknown at preview
   * cannot be verified until deploy (the engine checks it again with resolved values during
   * `up`). `"mandatory"` fails a preview-only CI gate on it. Not set by `all`. @default "advisory"
   */
  unknownAtPreview?: EnforcementLevel;
}

/** Name of the pack's own policy for rules that cannot be verified at preview. */
export const UNKNOWN_AT_PREVIEW_POLICY = "unknown-at-preview";

/** One check with its level and options decided. */
export interface ResolvedCheckSetting {
  readonly info: CheckInfo;
  readonly enforcementLevel: EnforcementLevel;
  /** Only the options this check reads. */
  readonly options: CheckOptions;
  /** Acknowledged findings of this check. */
  readonly exemptions: readonly FindingExemption[];
}

/**
 * Reads a policy's `exemptions` (its configuration, or what createPolicies was given): entries
 * of this policy's check only, since the pack's configuration is keyed by policy.
 */
export function policyExemptions(info: CheckInfo, value: unknown, field: string): FindingExemption[] {
  const list = exemptionsFrom(value, field);
  return list.map((e, i) => {
    if (!isFindingExemption(e)) throw new ValidationError("invalid-exemption", `${field}[${i}]`, e, "is a diff exemption", "The policy pack takes { check, rule, reason } entries.");
    if (e.check !== info.id) throw new ValidationError("invalid-exemption", `${field}[${i}].check`, e.check, `is not this policy's check (${info.id})`, `Put it under the ${e.check} policy's exemptions.`);
    return e;
  });
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** The camelCase config key of a check: `public-admin-port` → `publicAdminPort`. */
export function checkKey(id: CheckId): string {
  return id.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The level a check gets when nothing sets it: high severity blocks, the rest advise. */
export function defaultEnforcementLevel(info: CheckInfo): EnforcementLevel {
  return info.severity === "high" ? "mandatory" : "advisory";
}

function level(field: string, value: unknown): EnforcementLevel {
  if (typeof value === "string" && (LEVELS as readonly string[]).includes(value)) return value as EnforcementLevel;
  throw new ValidationError("invalid-argument", field, value, "is not an enforcement level", `Use one of ${LEVELS.map((l) => JSON.stringify(l)).join(", ")}.`);
}

/**
 * Decides each check's level and options from a config, refusing unknown keys, unknown
 * levels and options that belong to another check.
 */
export function resolveGuardConfig(config: SecGroupsGuardConfig = {}): ResolvedCheckSetting[] {
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new ValidationError("invalid-argument", "config", config, "must be an object", `Pass e.g. { all: "advisory", publicAdminPort: "mandatory" }.`);
  }
  const byKey = new Map(CHECKS.map((c) => [checkKey(c.id), c]));
  for (const key of Object.keys(config)) {
    if (key === "all" || key === "unknownAtPreview" || byKey.has(key)) continue;
    const asKebab = CHECKS.find((c) => c.id === key);
    const fix = asKebab ? `Write it in camelCase: ${JSON.stringify(checkKey(asKebab.id))}.` : `Use "all" or one of ${[...byKey.keys()].map((k) => JSON.stringify(k)).join(", ")}.`;
    throw new ValidationError("invalid-argument", `config.${key}`, key, "names no check", fix);
  }
  const all = config.all === undefined ? undefined : level("config.all", config.all);
  return CHECKS.map((info) => {
    const key = checkKey(info.id);
    const setting = (config as Record<string, unknown>)[key];
    let enforcementLevel = all ?? defaultEnforcementLevel(info);
    const options: Record<string, unknown> = {};
    let exemptions: FindingExemption[] = [];
    if (typeof setting === "string") enforcementLevel = level(`config.${key}`, setting);
    else if (typeof setting === "object" && setting !== null && !Array.isArray(setting)) {
      for (const [k, v] of Object.entries(setting)) {
        if (k === "enforcementLevel") {
          if (v !== undefined) enforcementLevel = level(`config.${key}.enforcementLevel`, v);
        } else if (k === "exemptions") exemptions = policyExemptions(info, v, `config.${key}.exemptions`);
        else if ((info.options as readonly string[]).includes(k)) options[k] = v;
        else {
          const fix = info.options.length > 0 ? `This check takes enforcementLevel, exemptions and ${info.options.join(", ")}.` : "This check takes only enforcementLevel and exemptions.";
          throw new ValidationError("invalid-argument", `config.${key}.${k}`, v, `is not an option of ${info.id}`, fix);
        }
      }
    } else if (setting !== undefined) {
      throw new ValidationError("invalid-argument", `config.${key}`, setting, "must be an enforcement level or an object", `Pass e.g. "mandatory" or { enforcementLevel: "mandatory" }.`);
    }
    resolveCheckOptions(options as CheckOptions);
    return { info, enforcementLevel, options: options as CheckOptions, exemptions };
  });
}

/** The level of the `unknown-at-preview` policy. */
export function unknownAtPreviewLevel(config: SecGroupsGuardConfig = {}): EnforcementLevel {
  return config.unknownAtPreview === undefined ? "advisory" : level("config.unknownAtPreview", config.unknownAtPreview);
}

/**
 * The same configuration keyed by policy name, as the Pulumi engine reads it
 * (`pulumi preview --policy-pack-config <file>` or the `PolicyPack` constructor's third argument).
 */
export function policyPackConfig(config: SecGroupsGuardConfig = {}): PolicyPackConfig {
  const out: PolicyPackConfig = {};
  out[UNKNOWN_AT_PREVIEW_POLICY] = { enforcementLevel: unknownAtPreviewLevel(config) };
  for (const s of resolveGuardConfig(config)) {
    const entry: Record<string, unknown> = { enforcementLevel: s.enforcementLevel, ...s.options };
    if (s.exemptions.length > 0) entry.exemptions = s.exemptions.map(({ check, rule, reason }) => ({ check, rule, reason }));
    out[s.info.id] = entry as PolicyPackConfig[string];
  }
  return out;
}
