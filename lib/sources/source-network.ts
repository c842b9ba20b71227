/**
 * What a reader returns: a `NetworkModel` plus, for every group, rule and instance, where it was
 * read (file, JSON path, rule id), and everything the reader could not resolve, with the effect
 * on the result. Shared by every reader in this folder. Pure: no file system.
 */
import type { Intent, IntentContext } from "../analysis/intents";
import { ValidationCode, ValidationError } from "../model/errors";
import { parseCidr } from "../model/ip";
import { isClassicGroup } from "../model/group-network";
import { GroupModel, InstanceModel, NetworkModel, PrefixListModel, networkProblems, validateGroup, validateNetwork } from "../model/network";
import { ValidatedRules } from "../model/validated-rules";
import { RuleArgs } from "../model/rule";
import { ruleTuple } from "../model/valid-rule-key";
import { checkDocument } from "../model/safe-document";
import { trimAsciiSpace } from "../model/ascii-space";

/** The formats the readers recognise. */
export type SourceFormat = "ecs-api" | "pulumi-stack" | "pulumi-preview" | "terraform-state" | "terraform-plan" | "terraform-tfstate" | "plan-json";

/** How a format is named in reports. */
export const FORMAT_NAMES: Record<SourceFormat, string> = {
  "ecs-api": "ECS API export (aliyun CLI)",
  "pulumi-stack": "pulumi stack export",
  "pulumi-preview": "pulumi preview --json",
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
  | "pending-resource"
  | "trimmed-value"
  | "default-value";

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
  /**
   * The rule as far as it could be read (field names of `RuleArgs`, values as the source wrote
   * them), when the rule itself is left out of the evaluation: the `unresolved-rule` check
   * judges what it could open.
   */
  rule?: Record<string, unknown>;
}

/** One rule id naming two different rules (two page files, two resources): both are evaluated. */
export interface RuleIdConflict {
  /** The cloud rule id (`sgr-…`). */
  ruleId: string;
  /** The group of the second rule read. */
  groupId: string;
  /** Its index in the model's group rules, when it was kept. */
  ruleIndex?: number;
  /** Where the second rule was read. */
  origin: Origin;
  /** The first rule read with the id. */
  other: { groupId: string; ruleIndex?: number; origin: Origin };
}

/** A group the source names without its rules (listed by DescribeSecurityGroups, or joined by an instance, with no DescribeSecurityGroupAttribute file). */
export interface IncompleteGroup {
  /** The group. */
  groupId: string;
  /** Where it was named. */
  origin?: Origin;
}

/** A reason a group is in use besides instances and other groups' rules. */
export interface GroupUseReason {
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
  uses: GroupUseReason[];
  /** Groups that belong to another cloud service (`ServiceManaged`): report only, never propose. */
  serviceManaged: Set<string>;
  /** Group ids whose rules the source does not hold (groups referenced or listed but not exported). */
  rulesUnknown: Set<string>;
  /** Groups an export names without the file of their rules: the input is incomplete (`incomplete-input`). */
  incomplete: IncompleteGroup[];
  /** Rule ids that name two different rules (`conflicting-rule-id`). */
  conflicts: RuleIdConflict[];
  /** The region, when the source says. */
  region?: string;
  /**
   * Intents the source declares: in a `pulumi preview --json`, the `intents` outputs of this
   * library's components (their promises and their callers' own), read as the stack's proof
   * reads them (a component's deny-intent leaves out what another's allow-intents cover). Absent
   * for the other formats.
   */
  intents?: Intent[];
  /** What proving {@link SourceNetwork.intents} needs besides the network: the components' groups by tier, and the groups whose ids the source does not know yet (an intent about them is unproven). */
  intentContext?: IntentContext;
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

/** A value for a message: strings cut to 200 characters (an export can hold megabytes in one field). */
export function shown(value: unknown): unknown {
  return typeof value === "string" && value.length > 200 ? `${value.slice(0, 197)}...` : value;
}

/** Throws a {@link ValidationError} naming the file and the JSON path. */
export function sourceError(code: ValidationCode, file: string, path: string, value: unknown, problem: string, fix: string): never {
  throw new ValidationError(code, `${file} ${path}`, shown(value), problem, fix);
}

/**
 * Checks a parsed document before a reader walks it: no deeper than the readers allow (their
 * walks are recursive). Throws {@link ValidationError} (`invalid-source`) naming the file and
 * the JSON path.
 */
export function checkSourceDocument(doc: unknown, file: string): void {
  checkDocument(doc, file, { code: "invalid-source" });
}

/**
 * Reads an enum or number value the same way in every reader: ASCII whitespace around a string
 * is trimmed, and the trim is listed as assumed (`trimmed-value`) with where it was read.
 * Anything else is returned unchanged.
 */
export function trimValue(value: unknown, field: string, origin: Origin | undefined, notes: Omit<Unresolved, "groupId">[]): unknown {
  if (typeof value !== "string") return value;
  const trimmed = trimAsciiSpace(value);
  if (trimmed === value) return value;
  const note: Omit<Unresolved, "groupId"> = { kind: "trimmed-value", subject: field, effect: `${JSON.stringify(shown(value))} read as ${JSON.stringify(shown(trimmed))}: the whitespace around it was trimmed` };
  if (origin) note.origin = origin;
  notes.push(note);
  return trimmed;
}

/** A priority as a number where it is one (`1`, `"1"`, `" 1 "` once trimmed); anything else unchanged, for validation to refuse. */
export function numberValue(value: unknown): unknown {
  if (typeof value === "string" && /^[+-]?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}

/** An object without a prototype, so that any key read from a file (`__proto__` too) is kept as a key. */
export function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Own keys only: `Object.prototype.hasOwnProperty`, safe on objects without a prototype. */
export function hasKey(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
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

/** Options of {@link finishNetwork}. */
export interface FinishOptions {
  /** The format. */
  format: SourceFormat;
  /** The files read. */
  files: string[];
  /** Prefix lists read. */
  prefixLists: PrefixListModel[];
  /** Prefix list id → where it was read, for refusals. @default the first file */
  prefixListOrigins?: Map<string, Origin>;
  /** The region, when known. */
  region?: string;
  /** The model covers everything that uses its groups (an account export). */
  complete?: boolean;
  /** What was left unresolved while reading (rule indexes here are draft indexes and are remapped). */
  unresolved?: Unresolved[];
  /** Reasons of use. */
  uses?: GroupUseReason[];
  /** Managed groups. */
  serviceManaged?: Iterable<string>;
  /** Groups whose rules are unknown. */
  rulesUnknown?: Iterable<string>;
  /** Groups named without the file of their rules. */
  incomplete?: IncompleteGroup[];
}

/** JSON with keys sorted, to compare two drafts of a rule whatever the order of their fields. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function where(o: Origin): string {
  return o.ruleId ?? `${o.file} ${o.path}`;
}

/** The defaults a reader fills in (AUDIT-INPUTS.md §10), listed as assumed for a rule kept in the model. */
function noteDefaults(rule: Record<string, unknown>, classic: boolean, groupId: string, ruleIndex: number, origin: Origin, out: Unresolved[]): void {
  const note = (subject: string, effect: string) => out.push({ kind: "default-value", subject, groupId, ruleIndex, origin, effect });
  if (rule.policy === undefined) note("policy", `the rule ${where(origin)} gives no policy: read as accept, the API's default`);
  if (rule.priority === undefined) note("priority", `the rule ${where(origin)} gives no priority: read as 1, the API's default`);
  // In a VPC every rule is intranet; in a classic group the nic type decides which addresses match.
  const groupPeer = rule.sourceSecurityGroupId !== undefined || rule.prefixListId !== undefined;
  if (classic && rule.nicType === undefined) note("nicType", `the rule ${where(origin)} of a classic-network group gives no nic type: read as ${groupPeer ? "intranet (a group or prefix-list peer)" : "internet (a CIDR peer)"}`);
}

/**
 * Validates drafted groups, rules and instances with the library's own validation and builds
 * the {@link SourceNetwork}. A rule the library refuses (a legacy form, an enterprise group
 * naming a group) is excluded and listed as `invalid-rule` with the reason and the parts that
 * could be read; a group name or description the API would refuse today is dropped from the
 * model (kept in the origin); an instance without a usable address is left out and listed.
 * Unresolved entries that point at a draft rule are re-pointed at the rule's index in the
 * model, or lose it if the rule was excluded. Defaults filled in (policy, priority, a classic
 * group's nic type) are listed as assumed. Two different rules with one rule id are both kept
 * and listed in `conflicts`. Throws {@link ValidationError} (`invalid-source`) naming the file
 * and the JSON path for two groups with one id, or a prefix-list entry that is not a block.
 */
export function finishNetwork(drafts: DraftGroup[], instances: DraftInstance[], options: FinishOptions): SourceNetwork {
  const unresolved: Unresolved[] = [];
  const assumed: Unresolved[] = [];
  const groups: GroupModel[] = [];
  const groupOrigins = new Map<string, Origin>();
  const ruleOrigins = new Map<string, Origin[]>();
  const draftIndex = new Map<string, (number | undefined)[]>();
  const fallback: Origin = { file: options.files[0] ?? "", path: "$" };

  // Prefix lists: a model that cannot be evaluated is refused here, naming the file.
  const listIds = new Map<string, Origin>();
  for (const pl of options.prefixLists) {
    const o = options.prefixListOrigins?.get(pl.id) ?? fallback;
    const first = listIds.get(pl.id);
    if (first) sourceError("invalid-source", o.file, o.path, pl.id, `is the id of another prefix list too (${first.file} ${first.path})`, "Pass each prefix list once.");
    listIds.set(pl.id, o);
    pl.cidrs.forEach((c, j) => {
      if (typeof c !== "string" || !parseCidr(c)) sourceError("invalid-source", o.file, `${o.path}[${j}]`, c, `is not a CIDR block (an entry of prefix list ${pl.id})`, "Pass the prefix list's export unchanged.");
    });
  }

  const firstOfGroup = new Map<string, Origin>();
  for (const d of drafts) {
    const first = firstOfGroup.get(d.group.id);
    if (first) sourceError("invalid-source", d.origin.file, d.origin.path, d.group.id, `is the id of another group too (${first.file} ${first.path})`, "Pass an export in which each group appears once.");
    firstOfGroup.set(d.group.id, d.origin);
  }

  // The rules the groups' validation normalised, which the instances' and the network's validation need not validate again.
  const normalised = new ValidatedRules();

  // The first rule read with each id; its canonical JSON is made only when the id repeats.
  const byRuleId = new Map<string, { groupId: string; draft: number; rule: Record<string, unknown>; content?: string; origin: Origin }>();
  const pendingConflicts: { ruleId: string; groupId: string; draft: number; origin: Origin; other: { groupId: string; draft: number; origin: Origin } }[] = [];

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
    const classic = isClassicGroup({ ...base, rules: d.rules.map((r) => r.rule) });
    const kept: RuleArgs[] = [];
    const origins: Origin[] = [];
    const map: (number | undefined)[] = [];
    const seen = new Map<string, number>();
    // Validate the whole group at once (the usual case: every rule valid); only when that fails,
    // rule by rule, to exclude exactly the rules the library refuses.
    let validated: RuleArgs[] | undefined;
    try {
      validated = normalised.record(() => validateGroup({ ...base, rules: d.rules.map((r) => r.rule as unknown as RuleArgs) }, { maxRules: Infinity, maxReferencedGroups: Infinity }).rules);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
    }
    d.rules.forEach((r, i) => {
      const ruleId = r.origin.ruleId;
      if (ruleId !== undefined) {
        const prior = byRuleId.get(ruleId);
        if (!prior) byRuleId.set(ruleId, { groupId: d.group.id, draft: i, rule: r.rule, origin: r.origin });
        else if (prior.groupId !== d.group.id || (prior.content ??= canonical(prior.rule)) !== canonical(r.rule)) {
          pendingConflicts.push({ ruleId, groupId: d.group.id, draft: i, origin: r.origin, other: { groupId: prior.groupId, draft: prior.draft, origin: prior.origin } });
        }
      }
      try {
        const valid = validated ? validated[i] : normalised.record(() => validateGroup({ ...base, rules: [r.rule as unknown as RuleArgs] }, { maxRules: Infinity, maxReferencedGroups: Infinity }).rules[0]);
        // Identical tuples within a group are one cloud rule (several page files can repeat a rule).
        const key = ruleTuple(valid);
        const prior = seen.get(key);
        if (prior !== undefined) {
          map.push(prior);
          return;
        }
        seen.set(key, kept.length);
        map.push(kept.length);
        noteDefaults(r.rule, classic, d.group.id, kept.length, r.origin, assumed);
        kept.push(valid);
        origins.push(r.origin);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        map.push(undefined);
        unresolved.push({
          kind: "invalid-rule",
          subject: where(r.origin),
          groupId: d.group.id,
          origin: r.origin,
          effect: `excluded from the evaluation: ${e.message.replace(/^alicloud-secgroups: rules\[0\]\./, "").replace(/^alicloud-secgroups: /, "")}`,
          rule: r.rule,
        });
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
      // A trimmed value of a rule that was excluded anyway needs no second word.
      if (u.kind !== "trimmed-value") out.effect = `${u.effect} (the rule itself was excluded as invalid)`;
    } else out.ruleIndex = idx;
    return out;
  });
  const conflicts: RuleIdConflict[] = pendingConflicts.map((c) => {
    const out: RuleIdConflict = { ruleId: c.ruleId, groupId: c.groupId, origin: c.origin, other: { groupId: c.other.groupId, origin: c.other.origin } };
    const idx = draftIndex.get(c.groupId)?.[c.draft];
    if (idx !== undefined) out.ruleIndex = idx;
    const otherIdx = draftIndex.get(c.other.groupId)?.[c.other.draft];
    if (otherIdx !== undefined) out.other.ruleIndex = otherIdx;
    return out;
  });

  const instanceOrigins = new Map<string, Origin>();
  const kept: InstanceModel[] = [];
  // Each group's place in the model, so an instance's groups are found without a search of every group.
  const place = new Map(groups.map((g, i) => [g.id, i]));
  for (const d of instances) {
    const inst = d.instance;
    const mine = [...new Set(inst.groups)].flatMap((id) => place.get(id) ?? []).sort((a, b) => a - b);
    const probe: NetworkModel = { groups: mine.map((i) => groups[i]), instances: [inst] };
    try {
      if (inst.groups.some((g) => !place.has(g))) throw new ValidationError("unknown-group", "groups", inst.groups, "names a group the source does not hold", "");
      normalised.trust(() => validateNetwork(probe, { maxRules: Infinity, maxReferencedGroups: Infinity, maxGroupsPerInstance: Infinity }));
      if (instanceOrigins.has(inst.id)) continue;
      kept.push(inst);
      instanceOrigins.set(inst.id, d.origin);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      unresolved.push({ kind: "instance-address", subject: inst.id, origin: d.origin, effect: `left out of the evaluation: ${e.message.replace(/^alicloud-secgroups: instances\[0\]\./, "").replace(/^alicloud-secgroups: /, "")}` });
    }
  }
  // What the evaluator would refuse between groups and instances (a rule naming an enterprise
  // group, a group of another VPC; an instance mixing group types or over the rules a network
  // interface may carry) cannot exist in the cloud: left out and listed, never thrown later.
  const model: NetworkModel = { groups, instances: kept, prefixLists: options.prefixLists };
  const relaxed = { maxRules: Infinity, maxReferencedGroups: Infinity, maxGroupsPerInstance: Infinity };
  const problemsOf = () => normalised.trust(() => networkProblems(model, relaxed));
  for (let problems = problemsOf(); problems.length > 0; problems = problemsOf()) {
    const rulesOut = new Map<string, Set<number>>();
    const instancesOut = new Set<string>();
    for (const p of problems) {
      const reason = p.error.message.replace(/^alicloud-secgroups: (groups\[\d+\]\.rules\[\d+\]\.|instances\[\d+\]\.|groups\[\d+\]\.)?/, "");
      if (p.groupId !== undefined && p.ruleIndex !== undefined) {
        const set = rulesOut.get(p.groupId) ?? new Set<number>();
        if (!set.has(p.ruleIndex)) {
          const g = groups.find((x) => x.id === p.groupId) as GroupModel;
          const o = (ruleOrigins.get(g.id) as Origin[])[p.ruleIndex];
          unresolved.push({ kind: "invalid-rule", subject: where(o), groupId: g.id, origin: o, effect: `excluded from the evaluation: ${reason}`, rule: { ...g.rules[p.ruleIndex] } });
        }
        rulesOut.set(p.groupId, set.add(p.ruleIndex));
      } else if (p.instanceId !== undefined) {
        if (!instancesOut.has(p.instanceId)) unresolved.push({ kind: "instance-address", subject: p.instanceId, origin: instanceOrigins.get(p.instanceId), effect: `left out of the evaluation: ${reason}` });
        instancesOut.add(p.instanceId);
      } else {
        const o = (p.groupId !== undefined ? groupOrigins.get(p.groupId) : undefined) ?? fallback;
        sourceError("invalid-source", o.file, o.path, p.groupId ?? "", `cannot be evaluated: ${reason}`, "Pass the export unchanged.");
      }
    }
    for (const [groupId, indexes] of rulesOut) {
      const g = groups.find((x) => x.id === groupId) as GroupModel;
      const origins = ruleOrigins.get(groupId) as Origin[];
      for (const i of [...indexes].sort((a, b) => b - a)) {
        g.rules.splice(i, 1);
        origins.splice(i, 1);
        const shift = (u: { groupId: string; ruleIndex?: number }) => {
          if (u.groupId === groupId && u.ruleIndex !== undefined && u.ruleIndex >= i) u.ruleIndex = u.ruleIndex === i ? undefined : u.ruleIndex - 1;
        };
        for (const u of [...remapped, ...assumed]) if (u.groupId !== undefined) shift(u as { groupId: string; ruleIndex?: number });
        for (const c of conflicts) {
          shift(c);
          shift(c.other);
        }
      }
    }
    if (instancesOut.size > 0) {
      model.instances = (model.instances ?? []).filter((inst) => !instancesOut.has(inst.id));
      for (const id of instancesOut) instanceOrigins.delete(id);
    }
    if (rulesOut.size === 0 && instancesOut.size === 0) break;
  }
  if (options.complete) model.complete = true;
  // The rules are handed out frozen, so whoever validates them next (the index, the checks, a
  // proposal's copy of a group) takes the reader's validation instead of repeating it.
  for (const g of groups) normalised.seal(g.rules);
  const out: SourceNetwork = {
    format: options.format,
    files: [...options.files].sort(),
    model,
    groupOrigins,
    ruleOrigins,
    instanceOrigins,
    unresolved: [...remapped, ...unresolved, ...assumed],
    uses: options.uses ?? [],
    serviceManaged: new Set(options.serviceManaged ?? []),
    rulesUnknown: new Set(options.rulesUnknown ?? []),
    incomplete: options.incomplete ?? [],
    conflicts,
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
