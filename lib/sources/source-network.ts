/**
 * What a reader returns: a `NetworkModel` plus, for every group, rule and instance, where it was
 * read (file, JSON path, rule id), and everything the reader could not resolve, with the effect
 * on the result. Shared by every reader in this folder. Pure: no file system.
 */
import { ValidationCode, ValidationError } from "../model/errors";
import { GroupModel, InstanceModel, NetworkModel, PrefixListModel, validateGroup, validateNetwork } from "../model/network";
import { RuleArgs } from "../model/rule";

/** The formats the readers recognise. */
export type SourceFormat = "ecs-api" | "pulumi-stack" | "terraform-state" | "terraform-plan" | "terraform-tfstate" | "plan-json";

/** How a format is named in reports. */
export const FORMAT_NAMES: Record<SourceFormat, string> = {
  "ecs-api": "ECS API export (aliyun CLI)",
  "pulumi-stack": "pulumi stack export",
  "terraform-state": "terraform show -json (state)",
  "terraform-plan": "terraform show -json (plan)",
  "terraform-tfstate": "terraform.tfstate (version 4)",
  "plan-json": "alicloud-secgroups plan --json",
};

/** One input file: a name for messages (relative, `/`-separated) and its text. */
export interface SourceFile {
  /** The file's name as reports show it. */
  name: string;
  /** Its content. */
  text: string;
}

/** Where one rule (or group, or instance) was read. */
export interface Origin {
  /** The file. */
  file: string;
  /** JSON path inside it, e.g. `$.Permissions.Permission[3]`. */
  path: string;
  /** The cloud's rule id (`sgr-…`), where the source has it. */
  ruleId?: string;
  /** The resource that owns it: a Pulumi URN, a Terraform address, a plan resource name. */
  resource?: string;
  /** Creation time, where the source has it. */
  createTime?: string;
}

/** Why a reader could not decide something, and what that does to the result. */
export type UnresolvedKind =
  | "prefix-list"
  | "port-list"
  | "source-port-range"
  | "peer-group"
  | "other-account-group"
  | "group-type"
  | "group-rules"
  | "inner-access-policy"
  | "classic-nic-type"
  | "secondary-eni"
  | "unsupported-protocol"
  | "ambiguous-peer"
  | "invalid-rule"
  | "unknown-value"
  | "instance-address"
  | "pending-resource";

/** One thing left unresolved. Never guessed: `effect` says how the result treats it. */
export interface Unresolved {
  /** What kind of gap. */
  kind: UnresolvedKind;
  /** What it is about: a prefix-list id, a port-list id, a group, an instance. */
  subject: string;
  /** The group concerned. */
  groupId?: string;
  /** Index of the rule in the model's group rules, when the rule was kept; absent when it was excluded. */
  ruleIndex?: number;
  /** Where it was read. */
  origin?: Origin;
  /** What the result does about it, e.g. "the accept rule matches no address here: exposure may be under-reported". */
  effect: string;
}

/** A reason a group is in use besides instances and other groups' rules. */
export interface GroupUse {
  /** The group. */
  groupId: string;
  /** `launch-template`, `scaling-configuration`, `network-interface`, `reference` (another group's rule, maybe in another account). */
  kind: "launch-template" | "scaling-configuration" | "network-interface" | "reference";
  /** Who uses it: a resource, an ENI id, `<account>/<group>`. */
  by: string;
  /** Where it was read. */
  origin?: Origin;
}

/** A network read from one source, with provenance. */
export interface SourceNetwork {
  /** The format read. */
  format: SourceFormat;
  /** The files read, sorted. */
  files: string[];
  /** The network, validated and normalised (invalid rules are excluded and listed in `unresolved`). */
  model: NetworkModel;
  /** Group id → where the group was read. */
  groupOrigins: Map<string, Origin>;
  /** Group id → where each of its rules was read, parallel to the group's `rules`. */
  ruleOrigins: Map<string, Origin[]>;
  /** Instance id → where it was read. */
  instanceOrigins: Map<string, Origin>;
  /** Everything left unresolved, in reading order. */
  unresolved: Unresolved[];
  /** Reasons groups are in use besides instances and rules (launch templates, ENIs, references). */
  uses: GroupUse[];
  /** Groups that belong to another cloud service (`ServiceManaged`): report only, never propose. */
  serviceManaged: Set<string>;
  /** Group ids whose rules the source does not hold (groups referenced or listed but not exported). */
  rulesUnknown: Set<string>;
  /** The region, when the source says. */
  region?: string;
}

/** A rule as a reader drafts it, before validation. */
export interface DraftRule {
  /** The rule in `RuleArgs` form (not yet validated). */
  rule: Partial<RuleArgs> & Record<string, unknown>;
  /** Where it was read. */
  origin: Origin;
}

/** A group as a reader drafts it. */
export interface DraftGroup {
  /** The group without rules. */
  group: Omit<GroupModel, "rules">;
  /** Its rules. */
  rules: DraftRule[];
  /** Where the group was read. */
  origin: Origin;
}

/** An instance as a reader drafts it. */
export interface DraftInstance {
  /** The instance. */
  instance: InstanceModel;
  /** Where it was read. */
  origin: Origin;
}

/** Renders a JSON path: `$.a.b[3]`. */
export function jsonPath(...parts: (string | number)[]): string {
  let out = "$";
  for (const p of parts) out += typeof p === "number" ? `[${p}]` : p.startsWith("[") || p.startsWith(".") ? p : `.${p}`;
  return out;
}

/** Throws a {@link ValidationError} naming the file and the JSON path. */
export function sourceError(code: ValidationCode, file: string, path: string, value: unknown, problem: string, fix: string): never {
  throw new ValidationError(code, `${file} ${path}`, value, problem, fix);
}

/** A string field that is set: `""`, `null` and absent are all unset. Numbers are coerced to text. */
export function text(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A plain object, or undefined. */
export function obj(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The array under `parent.a.b` (e.g. `Permissions.Permission`), or undefined when any step is missing. */
export function arrayAt(parent: unknown, ...keys: string[]): unknown[] | undefined {
  let v: unknown = parent;
  for (const k of keys) v = obj(v)?.[k];
  return Array.isArray(v) ? v : undefined;
}

function ruleIndexOf(field: string): number | undefined {
  const m = /^(?:groups\[\d+\]\.)?rules\[(\d+)\]/.exec(field);
  return m ? Number(m[1]) : undefined;
}

/** Options of {@link finishNetwork}. */
export interface FinishOptions {
  /** The format. */
  format: SourceFormat;
  /** The files read. */
  files: string[];
  /** Prefix lists read. */
  prefixLists: PrefixListModel[];
  /** The region, when known. */
  region?: string;
  /** The model covers everything that uses its groups (an account export). */
  complete?: boolean;
  /** What was left unresolved while reading (rule indexes here are draft indexes and are remapped). */
  unresolved?: Unresolved[];
  /** Reasons of use. */
  uses?: GroupUse[];
  /** Managed groups. */
  serviceManaged?: Iterable<string>;
  /** Groups whose rules are unknown. */
  rulesUnknown?: Iterable<string>;
}

/**
 * Validates drafted groups, rules and instances with the library's own validation and builds
 * the {@link SourceNetwork}. A rule the library refuses (a legacy form, an enterprise group
 * naming a group) is excluded and listed as `invalid-rule` with the reason; a group name or
 * description the API would refuse today is dropped from the model (kept in the origin); an
 * instance without a usable address is left out and listed. Unresolved entries that point at a
 * draft rule are re-pointed at the rule's index in the model, or lose it if the rule was excluded.
 */
export function finishNetwork(drafts: DraftGroup[], instances: DraftInstance[], options: FinishOptions): SourceNetwork {
  const unresolved: Unresolved[] = [];
  const groups: GroupModel[] = [];
  const groupOrigins = new Map<string, Origin>();
  const ruleOrigins = new Map<string, Origin[]>();
  const draftIndex = new Map<string, (number | undefined)[]>();
  for (const d of drafts) {
    let base: Omit<GroupModel, "rules"> = { ...d.group };
    for (const field of ["name", "description"] as const) {
      if (base[field] === undefined) continue;
      try {
        validateGroup({ ...base, rules: [] });
      } catch (e) {
        if (e instanceof ValidationError && e.field === field) {
          const { [field]: _dropped, ...rest } = base;
          base = rest;
        }
      }
    }
    const kept: RuleArgs[] = [];
    const origins: Origin[] = [];
    const map: (number | undefined)[] = [];
    const seen = new Map<string, number>();
    // Validate the whole group at once (the usual case: every rule valid); only when that fails,
    // rule by rule, to exclude exactly the rules the library refuses.
    let validated: RuleArgs[] | undefined;
    try {
      validated = validateGroup({ ...base, rules: d.rules.map((r) => r.rule as unknown as RuleArgs) }, { maxRules: Infinity, maxReferencedGroups: Infinity }).rules;
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
    }
    d.rules.forEach((r, i) => {
      try {
        const valid = validated ? validated[i] : validateGroup({ ...base, rules: [r.rule as unknown as RuleArgs] }, { maxRules: Infinity, maxReferencedGroups: Infinity }).rules[0];
        // Identical tuples within a group are one cloud rule (several page files can repeat a rule).
        const { description: _d, ...tuple } = valid;
        const key = JSON.stringify(tuple);
        const prior = seen.get(key);
        if (prior !== undefined) {
          map.push(prior);
          return;
        }
        seen.set(key, kept.length);
        map.push(kept.length);
        kept.push(valid);
        origins.push(r.origin);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        map.push(undefined);
        unresolved.push({ kind: "invalid-rule", subject: r.origin.ruleId ?? `${r.origin.file} ${r.origin.path}`, groupId: d.group.id, origin: r.origin, effect: `excluded from the evaluation: ${e.message.replace(/^alicloud-secgroups: rules\[0\]\./, "").replace(/^alicloud-secgroups: /, "")}` });
      }
    });
    groups.push({ ...base, rules: kept });
    groupOrigins.set(d.group.id, d.origin);
    ruleOrigins.set(d.group.id, origins);
    draftIndex.set(d.group.id, map);
  }
  const remapped = (options.unresolved ?? []).map((u) => {
    if (u.groupId === undefined || u.ruleIndex === undefined) return u;
    const idx = draftIndex.get(u.groupId)?.[u.ruleIndex];
    const out: Unresolved = { ...u };
    if (idx === undefined) {
      delete out.ruleIndex;
      out.effect = `${u.effect} (the rule itself was excluded as invalid)`;
    } else out.ruleIndex = idx;
    return out;
  });

  const instanceOrigins = new Map<string, Origin>();
  const kept: InstanceModel[] = [];
  const groupIds = new Set(groups.map((g) => g.id));
  for (const d of instances) {
    const inst = d.instance;
    const probe: NetworkModel = { groups: groups.filter((g) => inst.groups.includes(g.id)), instances: [inst] };
    try {
      if (inst.groups.some((g) => !groupIds.has(g))) throw new ValidationError("unknown-group", "groups", inst.groups, "names a group the source does not hold", "");
      validateNetwork(probe, { maxRules: Infinity, maxReferencedGroups: Infinity, maxGroupsPerInstance: Infinity });
      if (instanceOrigins.has(inst.id)) continue;
      kept.push(inst);
      instanceOrigins.set(inst.id, d.origin);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      unresolved.push({ kind: "instance-address", subject: inst.id, origin: d.origin, effect: `left out of the evaluation: ${e.message.replace(/^alicloud-secgroups: instances\[0\]\./, "").replace(/^alicloud-secgroups: /, "")}` });
    }
  }
  // A rule naming an enterprise group of the model (without an owner) is refused by the platform.
  const enterprise = new Set(groups.filter((g) => g.type === "enterprise").map((g) => g.id));
  if (enterprise.size > 0) {
    for (const g of groups) {
      const origins = ruleOrigins.get(g.id) as Origin[];
      for (let i = g.rules.length - 1; i >= 0; i--) {
        const r = g.rules[i];
        if (r.sourceSecurityGroupId && enterprise.has(r.sourceSecurityGroupId) && !r.sourceGroupOwnerId && !r.sourceGroupOwnerAccount) {
          unresolved.push({ kind: "invalid-rule", subject: origins[i].ruleId ?? `${origins[i].file} ${origins[i].path}`, groupId: g.id, origin: origins[i], effect: `excluded from the evaluation: names enterprise group ${r.sourceSecurityGroupId}, which no rule may authorise` });
          g.rules.splice(i, 1);
          origins.splice(i, 1);
          for (const u of remapped) if (u.groupId === g.id && u.ruleIndex !== undefined && u.ruleIndex >= i) u.ruleIndex = u.ruleIndex === i ? undefined : u.ruleIndex - 1;
        }
      }
    }
  }
  const model: NetworkModel = { groups, instances: kept, prefixLists: options.prefixLists };
  if (options.complete) model.complete = true;
  const out: SourceNetwork = {
    format: options.format,
    files: [...options.files].sort(),
    model,
    groupOrigins,
    ruleOrigins,
    instanceOrigins,
    unresolved: [...remapped, ...unresolved],
    uses: options.uses ?? [],
    serviceManaged: new Set(options.serviceManaged ?? []),
    rulesUnknown: new Set(options.rulesUnknown ?? []),
  };
  if (options.region !== undefined) out.region = options.region;
  return out;
}

/**
 * Notes every prefix-list peer the source does not resolve and every group peer that is not in
 * the source (another account's, or not exported), with the effect on the result. Call after
 * {@link finishNetwork}.
 */
export function noteUnresolvedPeers(net: SourceNetwork): void {
  const lists = new Set((net.model.prefixLists ?? []).map((p) => p.id));
  const groups = new Set(net.model.groups.map((g) => g.id));
  for (const g of net.model.groups) {
    const origins = net.ruleOrigins.get(g.id) ?? [];
    g.rules.forEach((r, i) => {
      const accept = (r.policy ?? "accept") === "accept";
      if (r.prefixListId && !lists.has(r.prefixListId)) {
        net.unresolved.push({
          kind: "prefix-list",
          subject: r.prefixListId,
          groupId: g.id,
          ruleIndex: i,
          origin: origins[i],
          effect: accept ? "its entries are not in the source, so this accept rule matches no address here: exposure may be under-reported" : "its entries are not in the source, so this drop rule denies nothing here: access may be over-reported",
        });
      }
      const peer = r.sourceSecurityGroupId;
      if (peer && !groups.has(peer)) {
        const owner = r.sourceGroupOwnerId ?? r.sourceGroupOwnerAccount;
        net.unresolved.push({
          kind: owner ? "other-account-group" : "peer-group",
          subject: owner ? `${owner}/${peer}` : peer,
          groupId: g.id,
          ruleIndex: i,
          origin: origins[i],
          effect: `${owner ? `a group of account ${owner}` : "a group not in the source"}: its members are unknown, so the rule matches no instance here${accept ? " (access from its members is not shown)" : ""}`,
        });
      }
    });
  }
}
