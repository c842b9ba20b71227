/**
 * `invalid-rule`: a rule (or a group, or an instance's set of groups) the ECS API refuses. It
 * cannot exist in the cloud, so it is reported with the validation message instead of stopping
 * the other checks. Every refusal validation knows is reported here (the quotas have checks of
 * their own), so a stack the API would refuse never passes the checks.
 *
 * A refused rule hides nothing: what it would open if the API took it (the refused field left
 * to its default) is judged by the exposure checks, named in the message and, once findings
 * are merged, listed in `alsoFails` ({@link exposuresIfTaken}).
 */
import { ValidationError } from "../model/errors";
import { GroupModel, GroupType, PrefixListModel, validateRuleInGroup } from "../model/network";
import { RuleArgs } from "../model/rule";
import { allPortsOpenCheck } from "./all-ports-open";
import { broadIntranetCidrCheck } from "./broad-intranet-cidr";
import { ResolvedCheckOptions } from "./check-options";
import { describeRule } from "./describe";
import { CheckId } from "./finding";
import { AnalysedRule, GroupAnalysis } from "./group-analysis";
import { CheckDefinition, GroupCheck, Issue, NetworkCheck } from "./issue";
import { publicAdminPortCheck } from "./public-admin-port";
import { publicDatabasePortCheck } from "./public-database-port";
import { inspectionOf } from "./shared-analysis";
import { worldOpenNonWebCheck } from "./world-open-non-web";

const FIX = "Correct the rule as the message says, or remove it: the API refuses it as written.";

/** The checks that say what a rule opens, in the registry's order. */
const exposureChecks = (): readonly [CheckId, GroupCheck][] => [publicAdminPortCheck, publicDatabasePortCheck, allPortsOpenCheck, worldOpenNonWebCheck, broadIntranetCidrCheck].map((c) => [c.id, c.group as GroupCheck]);

/** Fields a refused rule may leave to its default, as if the API had ignored them. */
const DEFAULTED = new Set(["nicType", "priority", "description", "sourceGroupOwnerId", "sourceGroupOwnerAccount"]);
/** Fields whose refused value may be a spelling of an accepted one (`TCP`, `Accept`). */
const SPELLED = new Set(["type", "ipProtocol", "policy", "nicType"]);

/**
 * The rule as the API would hold it if it took it: each refused field that has a default
 * (nic type, priority, description, an owner without a group) left to it, an accepted value
 * spelt in another case read as that value, a reversed port range read in order, a port range
 * on a portless protocol dropped. Undefined when the refusal leaves no reading (no peer, two
 * peers, an unreadable block or port range). Never throws.
 */
export function ruleIfTaken(raw: unknown, context: { groupId: string; type: GroupType; classic: boolean }): RuleArgs | undefined {
  try {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
    let rule: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
    for (let step = 0; step < 8; step++) {
      let error: ValidationError;
      try {
        return validateRuleInGroup(rule as unknown as RuleArgs, context);
      } catch (e) {
        if (!(e instanceof ValidationError)) return undefined;
        error = e;
      }
      const field = error.field;
      const value = rule[field];
      if (SPELLED.has(field) && typeof value === "string" && value.toLowerCase() !== value) {
        rule = { ...rule, [field]: value.toLowerCase() };
      } else if (DEFAULTED.has(field)) {
        const { [field]: _left, ...rest } = rule;
        rule = rest;
      } else if (field === "portRange" && error.code === "invalid-port-range") {
        const m = typeof value === "string" ? /^(\d{1,5})\/(\d{1,5})$/.exec(value) : null;
        if (m && Number(m[1]) > Number(m[2])) rule = { ...rule, portRange: `${m[2]}/${m[1]}` };
        else if (rule.ipProtocol !== "tcp" && rule.ipProtocol !== "udp" && value !== undefined) {
          const { portRange: _left, ...rest } = rule;
          rule = rest;
        } else return undefined;
      } else return undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** What a refused rule would open if the API took it: each exposure check it would fail, with that check's issue. */
export interface TakenExposure {
  /** The check. */
  readonly check: CheckId;
  /** The check's issue about the rule as taken (its message names the rule as taken). */
  readonly issue: Issue;
}

interface Taken {
  /** The rule as taken, read in its group. */
  readonly rule?: AnalysedRule;
  readonly exposures: readonly TakenExposure[];
}

const TAKEN = new WeakMap<GroupAnalysis, Map<number, Taken>>();

function takenOf(group: GroupAnalysis, index: number, options: ResolvedCheckOptions): Taken {
  let byIndex = TAKEN.get(group);
  if (!byIndex) TAKEN.set(group, (byIndex = new Map()));
  const known = byIndex.get(index);
  if (known) return known;
  const g = group.group as GroupModel;
  const raw: unknown = Array.isArray(g.rules) ? g.rules[index] : undefined;
  const type: GroupType = g.type === "enterprise" ? "enterprise" : "normal";
  const groupId = typeof g.id === "string" ? g.id : "";
  const rule = ruleIfTaken(raw, { groupId, type, classic: group.classic });
  const exposures: TakenExposure[] = [];
  let analysed: AnalysedRule | undefined;
  if (rule) {
    // The prefix lists the group's valid rules describe (a list only the refused rule names stays unknown).
    const lists = new Map<string, PrefixListModel>();
    for (const r of group.rules) if (r.peer.kind === "prefix-list" && r.peer.entries) lists.set(r.peer.id, { id: r.peer.id, cidrs: r.peer.entries.map((b) => b.text) });
    const rules = [...group.rules.map((r) => r.rule), rule];
    const at = rules.length - 1;
    // The group's network as the group was read, whatever the changed rules would say.
    const hypothetical = new GroupAnalysis({ ...g, id: groupId, network: group.classic ? "classic" : "vpc", rules }, lists);
    analysed = hypothetical.rules.find((r) => r.index === at);
    if (analysed) {
      for (const [check, run] of exposureChecks()) {
        if (exposures.some((e) => e.check === check)) continue;
        const issue = run(hypothetical, options).find((i) => i.ruleIndex === at);
        if (issue) exposures.push({ check, issue: { ...issue, ruleIndex: index } });
      }
    }
  }
  const out: Taken = analysed ? { rule: analysed, exposures } : { exposures };
  byIndex.set(index, out);
  return out;
}

/**
 * The exposure checks (`public-admin-port`, `public-database-port`, `all-ports-open`,
 * `world-open-non-web`, `broad-intranet-cidr`) a refused rule of the group would fail if the
 * API took it ({@link ruleIfTaken}), judged with the group's valid rules (its drops count).
 * Empty for a rule with no reading or nothing exposed. Computed once per group and rule.
 */
export function exposuresIfTaken(group: GroupAnalysis, index: number, options: ResolvedCheckOptions): readonly TakenExposure[] {
  return takenOf(group, index, options).exposures;
}

/** ` If the API took it (as ingress accept tcp:22 from 0.0.0.0/0 (priority 1)), it would fail public-admin-port and world-open-non-web.` */
function takenText(group: GroupAnalysis, index: number, options: ResolvedCheckOptions): string {
  const { rule, exposures } = takenOf(group, index, options);
  if (!rule || exposures.length === 0) return "";
  const names = exposures.map((e) => e.check);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return ` If the API took it (as ${describeRule(rule)}), it would fail ${list}.`;
}

/** Reports each rule that the API refuses in its group (`validateRuleInGroup`), with what it would open if taken. */
export const invalidRule: GroupCheck = (group, options) =>
  group.invalid.map(({ index, error }) => ({
    ruleIndex: index,
    message: `${error.message}${takenText(group, index, options)}`,
    fix: FIX,
  }));

/**
 * Reports what the API refuses about groups as a whole and between groups and instances:
 * group fields, group references across networks, rules naming enterprise groups, instances
 * mixing basic and enterprise groups. Rules alone are {@link invalidRule}'s; quotas belong to
 * `rule-quota`, `group-quota` and `rules-per-interface`.
 */
const invalidNetwork: NetworkCheck = (network, options) => {
  const instanceGroup = new Map<string, string>();
  for (const inst of Array.isArray(network?.instances) ? network.instances : []) {
    if (inst && typeof inst.id === "string" && Array.isArray(inst.groups) && typeof inst.groups[0] === "string") instanceGroup.set(inst.id, inst.groups[0]);
  }
  const out: Issue[] = [];
  for (const p of inspectionOf(options, network).problems) {
    if (p.scope === "rule") continue;
    const issue: Issue = { message: p.error.message, fix: p.ruleIndex !== undefined ? FIX : "Correct it as the message says: the API refuses it as written." };
    const groupId = p.groupId ?? (p.instanceId !== undefined ? instanceGroup.get(p.instanceId) : undefined);
    if (groupId !== undefined) issue.groupId = groupId;
    if (p.ruleIndex !== undefined) issue.ruleIndex = p.ruleIndex;
    if (p.instanceId !== undefined) issue.instanceId = p.instanceId;
    out.push(issue);
  }
  return out;
};

/** The `invalid-rule` check. */
export const invalidRuleCheck: CheckDefinition<"invalid-rule"> = {
  id: "invalid-rule",
  description: "Checks that every rule, group and instance's set of groups is one the ECS API accepts: a refused rule cannot exist in the cloud.",
  severity: "high",
  configRules: [],
  // The whole stack: a rule is refused or not in its group, and some refusals lie between groups.
  scope: "network",
  options: [],
  group: invalidRule,
  network: invalidNetwork,
};
