/**
 * A plan: the groups a component creates or writes into, with their rules, as plain
 * {@link GroupModel}s keyed by placeholder ids. Components build a plan, guard it, then emit it.
 */
import { nicTypesFor } from "../model/group-network";
import { CidrBlock, parseCidr } from "../model/ip";
import { GroupModel, GroupNetwork, GroupType, InstanceModel, NetworkModel } from "../model/network";
import { RuleArgs, validateRule } from "../model/rule";
import { ruleKey } from "../model/rule-key";
import { opensAllPorts } from "./every-port";
import { at } from "./fields";
import { childName, ruleChildName } from "./names";
import type { Intent } from "../analysis/intents";
import type { DeployTimeCidr } from "./entries";
import { GroupIdRef } from "./placeholders";
import { ruleDescription } from "./rule-description";

/** One group of a plan. */
export interface PlannedGroup {
  /** The group: placeholder id, settings and rules (validated, deduplicated, sorted by key). */
  model: GroupModel;
  /** Label in child names (`shop-<label>-…`); empty for the one existing group of a single-group component. */
  label: string;
  /** True when the component creates the group; false for an existing group it writes rules into. */
  created: boolean;
  /** Role, written into the `role` tag of a created group. */
  role: string;
  /** The argument that shapes the group's rules, named in errors about the group as a whole. */
  field: string;
  /** Rules the group already holds, counted against the quota. @default 0 */
  existingRules?: number;
  /** Capacity (`maxEntries`) of each prefix list the rules reference: a prefix list counts that many rules. @default 1 each */
  prefixListEntries?: Record<string, number>;
  /** Rules whose peer the caller named, by rule key → the name, used in child names. @default {} */
  ruleNames?: Record<string, string>;
  /** The argument each rule comes from (`args.admin.sources`), by rule key, named in messages about one rule. @default {@link field} */
  ruleFields?: Record<string, string>;
}

/** An instance described to a component (an interconnect member), for the groups-per-instance guard. */
export interface PlannedMember {
  /** The member's name. */
  name: string;
  /** The argument that described it, e.g. `args.members[2]`. */
  field: string;
  /** Placeholders of the groups it belongs to once the plan is applied. */
  groups: string[];
  /** Further groups it belongs to that the plan does not know by id. */
  otherGroups: number;
  /** Its private address, when known. @default unknown */
  privateIp?: string;
}

/** Everything a component will create or change, before anything is registered. */
export interface SecurityGroupPlan {
  /** Component type name, e.g. `ThreeTierSecurityGroups`. */
  component: string;
  /** The component's resource name. */
  name: string;
  /** Groups created or written into. */
  groups: PlannedGroup[];
  /** Instances the caller described. @default [] */
  members: PlannedMember[];
  /** Placeholder → the caller's id, for every group passed in. */
  refs: ReadonlyMap<string, GroupIdRef>;
  /** The caller's reason for opting in to unsafe rules, if any. @default none */
  unsafeReason?: string;
  /** Most groups one instance may join. */
  maxGroupsPerInstance: number;
  /** Blocks known only at deploy time, by the stand-in CIDR the plan holds for each. @default none */
  deployTimeCidrs?: ReadonlyMap<string, DeployTimeCidr>;
  /** What the component promises (who may reach what among its groups), proved by the guard on this plan. Selectors name placeholders. @default none */
  intents?: Intent[];
}

/**
 * Collects one group's rules: each is validated as it is added (errors name the caller's
 * argument) and described; {@link RuleCollector.finish} then keeps one rule per
 * {@link ruleKey} (the first, with its description: the contract of `dedupeRules`) and sorts
 * them by key, so plans do not depend on argument order. Each rule is keyed once.
 */
export class RuleCollector {
  private readonly rules = new Map<string, RuleArgs>();
  private readonly names: Record<string, string> = {};
  private readonly fields: Record<string, string> = {};

  /**
   * @param prefix starts every description, e.g. `shop web` (see `rulePrefix`).
   * @param network the group's network: in a `"classic"` group every rule gets the nic type its
   * peer needs (see {@link add}); in a VPC group nic types are left to the provider.
   */
  constructor(
    private readonly prefix: string,
    private readonly unsafeReason?: string,
    private readonly network: GroupNetwork = "vpc",
    private readonly entries?: { nameOf(field: string): string | undefined },
  ) {}

  /**
   * Adds a rule; `why` says why it exists; `unsafe` marks a rule allowed only by the opt-in. In
   * a classic group a CIDR rule without a nic type is written once per nic type its block
   * needs: `intranet` for internal blocks (private ranges, Workbench's 100.104.0.0/16),
   * `internet` for public ones, both for a block holding both (a deny-all).
   */
  add(field: string, rule: RuleArgs, why: string, unsafe = false): void {
    const valid = at(field, () => validateRule(rule));
    // An accept over every port is allowed only by the opt-in, whichever argument asked for it.
    const opted = unsafe || (valid.policy !== "drop" && opensAllPorts(valid));
    valid.description = ruleDescription(this.prefix, why, opted ? this.unsafeReason : undefined);
    const name = this.entries?.nameOf(field);
    for (const r of this.network === "classic" ? classicRules(valid) : [valid]) {
      const key = ruleKey(r);
      if (this.rules.has(key)) continue;
      this.rules.set(key, r);
      // The argument, not its entry: a plan does not depend on the order of its lists.
      this.fields[key] = field.replace(/\[\d+\].*$/, "");
      if (name !== undefined) this.names[key] = name;
    }
  }

  /** The caller's names of the rules' peers, by rule key (for {@link PlannedGroup.ruleNames}). */
  ruleNames(): Record<string, string> {
    return { ...this.names };
  }

  /** The argument (a list, not its entry) each rule came from (the first that asked for it), by rule key (for {@link PlannedGroup.ruleFields}). */
  ruleFields(): Record<string, string> {
    return { ...this.fields };
  }

  /** The rules: identical ones once (the first description kept), sorted by key. */
  finish(): RuleArgs[] {
    return [...this.rules.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, r]) => r);
  }
}

/** A validated rule as a classic group needs it: one copy per nic type its peer's addresses need. */
function classicRules(rule: RuleArgs): RuleArgs[] {
  if (rule.nicType !== undefined) return [rule];
  const cidr = rule.cidrIp ?? rule.ipv6CidrIp;
  if (cidr === undefined) return [{ ...rule, nicType: "intranet" }];
  return nicTypesFor(parseCidr(cidr) as CidrBlock).map((nicType) => ({ ...rule, nicType }));
}

/** Sorts rules by {@link ruleKey}. */
export function sortByKey(rules: RuleArgs[]): RuleArgs[] {
  const keyed = rules.map((r) => [ruleKey(r), r] as const);
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return keyed.map(([, r]) => r);
}

/** The child name of a created group: `<component>-<label>`. */
export function groupResourceName(plan: SecurityGroupPlan, group: PlannedGroup): string {
  return childName(plan.name, group.label);
}

/** The child name of a rule: `<component>-<label>-<rule key>`, a named peer by its name. */
export function ruleResourceName(plan: SecurityGroupPlan, group: PlannedGroup, rule: RuleArgs): string {
  return ruleChildName(plan.name, group.label, rule, group.ruleNames);
}

/**
 * The names a rule had in earlier releases, which named its peers by value (a literal id) or by
 * placeholder (`sg-source-app`): carried as aliases, so upgrading renames without replacing.
 */
export function ruleAliases(plan: SecurityGroupPlan, group: PlannedGroup, rule: RuleArgs): string[] {
  const before = ruleChildName(plan.name, group.label, rule);
  return before === ruleResourceName(plan, group, rule) ? [] : [before];
}

/** Every rule of a plan with its child name (and former names), in plan order. */
export function plannedRules(plan: SecurityGroupPlan): { group: PlannedGroup; rule: RuleArgs; name: string; aliases: string[] }[] {
  return plan.groups.flatMap((group) => group.model.rules.map((rule) => ({ group, rule, name: ruleResourceName(plan, group, rule), aliases: ruleAliases(plan, group, rule) })));
}

/**
 * The plan as a {@link NetworkModel} (placeholder ids), for validation, the checks and the
 * evaluator: its groups, and its members that have an address as instances, each in the groups
 * of the plan it joins. A member's group the plan holds no rules for (another account's) is
 * left out: the model cannot say what it allows, and the evaluator refuses unknown groups.
 */
export function planNetwork(plan: SecurityGroupPlan): NetworkModel {
  const known = new Set(plan.groups.map((g) => g.model.id));
  const instances: InstanceModel[] = plan.members
    .map((m) => ({ m, groups: m.groups.filter((id) => known.has(id)) }))
    .filter(({ m, groups }) => m.privateIp !== undefined && groups.length > 0)
    .map(({ m, groups }) => ({ id: m.name, privateIp: m.privateIp!, groups }));
  return { groups: plan.groups.map((g) => g.model), instances, prefixLists: [] };
}

/** The type of a planned group. */
export function groupTypeOf(group: PlannedGroup): GroupType {
  return group.model.type ?? "normal";
}
