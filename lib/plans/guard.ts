/**
 * The one gate between planning and emitting: every plan passes through {@link guardPlan}
 * before a component registers a single resource. Platform limits, provider rules and the
 * secure-by-default backstop are enforced here, on plain data.
 */
import { ValidationError } from "../model/errors";
import { checkNetwork } from "../checks/check-network";
import { isClassicGroup } from "../model/group-network";
import { Intent, IntentRegion, proveOnIndex } from "../analysis/intents";
import { indexValidNetwork } from "../analysis/rule-index";
import { RuleArgs, validateRule } from "../model/rule";
import { MAX_GROUPS_PER_INSTANCE, MAX_REFERENCED_GROUPS, MAX_RULES_PER_GROUP, NetworkModel, validateNetwork } from "../model/network";
import { opensAllPorts } from "./every-port";
import { ADMIN_PORTS, DATABASE_PORT_LIST } from "../model/services";
import { serviceText } from "./common";
import { atField, refuse } from "./fields";
import { PlannedGroup, SecurityGroupPlan, planNetwork } from "./plan";
import { worldCover } from "./world-cover";

/** Limits the guard enforces. */
export interface GuardOptions {
  /** Rules per group, inbound and outbound together. @default 200 */
  maxRulesPerGroup?: number;
  /** Other groups a basic group's rules may reference. @default 20 */
  maxReferencedGroups?: number;
}

/** How many rules a group would hold: planned rules (a prefix list counts at its capacity) plus existing ones. */
export function ruleCount(group: PlannedGroup): { planned: number; existing: number; total: number } {
  const planned = group.model.rules.reduce((n, r) => n + (r.prefixListId ? (group.prefixListEntries?.[r.prefixListId] ?? 1) : 1), 0);
  const existing = group.existingRules ?? 0;
  return { planned, existing, total: planned + existing };
}

/** How a refusal names a group: its id when the program gave one, never a placeholder standing for an id known only at deploy time. */
function groupText(plan: SecurityGroupPlan, g: PlannedGroup): string {
  const ref = plan.refs.get(g.model.id);
  if (ref === undefined || typeof ref === "string") return `group ${JSON.stringify(typeof ref === "string" ? ref : g.model.id)}`;
  return g.label !== "" ? `the ${g.label} group` : "the group";
}

/** Re-addresses a model error about `groups[i]…` / `instances[j]…` at the caller's argument. */
function addressed(err: unknown, plan: SecurityGroupPlan, instanceMembers: string[]): unknown {
  if (!(err instanceof ValidationError)) return err;
  const g = /^groups\[(\d+)\]/.exec(err.field);
  if (g) return atField(err, plan.groups[Number(g[1])].field);
  const m = /^instances\[(\d+)\]/.exec(err.field);
  if (m) {
    const member = plan.members.find((x) => x.name === instanceMembers[Number(m[1])]);
    if (member) return atField(err, member.field);
  }
  return err;
}

/** Refuses what is not a plan (as the planners make them) or not guard options, before reading either. */
function checkPlanShape(plan: unknown, options: unknown): void {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObject(options)) refuse("invalid-object", "options", options, "must be an object", "Pass { maxRulesPerGroup, maxReferencedGroups }, or nothing.");
  for (const k of ["maxRulesPerGroup", "maxReferencedGroups"] as const) {
    const v = options[k];
    if (v !== undefined && !(typeof v === "number" && Number.isInteger(v) && v >= 0)) refuse("invalid-argument", `options.${k}`, v, "must be a whole number of at least 0", "Pass a limit, or leave it out for the default.");
  }
  const ok =
    isObject(plan) &&
    Array.isArray(plan.groups) &&
    plan.groups.every((g) => isObject(g) && isObject(g.model) && typeof g.model.id === "string" && Array.isArray(g.model.rules) && typeof g.field === "string") &&
    Array.isArray(plan.members) &&
    plan.members.every((m) => isObject(m) && Array.isArray(m.groups) && typeof m.name === "string") &&
    (plan.refs === undefined || plan.refs instanceof Map);
  if (!ok) refuse("invalid-object", "plan", plan, "is not a security group plan", "Pass what a planner (planThreeTier, planWorkbenchAccess, …) returned.");
}

/**
 * Validates a plan against the platform and the library's defaults, and returns it normalised.
 * Refuses, naming the argument, the group and the count: a group over its rule quota (existing
 * rules and prefix-list capacity included), a basic group referencing more than 20 groups, a
 * security group named by or in an enterprise group, an instance in more groups than allowed or
 * in both basic and enterprise groups, and (a backstop behind the planners' own checks) any
 * accept rule that opens every port, or an admin or database port to every address (by one
 * rule, or by several whose blocks together cover every address), without the caller's unsafe
 * opt-in.
 */
export function guardPlan(plan: SecurityGroupPlan, options: GuardOptions = {}): SecurityGroupPlan {
  checkPlanShape(plan, options);
  const maxRules = options.maxRulesPerGroup ?? MAX_RULES_PER_GROUP;
  const maxReferencedGroups = options.maxReferencedGroups ?? MAX_REFERENCED_GROUPS;
  const maxGroups = plan.maxGroupsPerInstance ?? MAX_GROUPS_PER_INSTANCE;

  for (const g of plan.groups) {
    const count = ruleCount(g);
    if (count.total > maxRules) {
      const parts = count.existing > 0 ? ` (${count.planned} planned + ${count.existing} existing)` : "";
      refuse("rule-quota-exceeded", g.field, count.total, `would give group ${JSON.stringify(g.model.id)} ${count.total} rules${parts}, over the quota of ${maxRules} per group`, "Split the group by role, or authorise a security group or a prefix list instead of many addresses.");
    }
  }

  const types = new Map(plan.groups.map((g) => [g.model.id, g.model.type ?? "normal"]));
  for (const m of plan.members) {
    const total = m.groups.length + m.otherGroups;
    if (total > maxGroups) {
      const parts = m.otherGroups > 0 ? ` (${m.otherGroups} it already joins + ${m.groups.length} from this component)` : "";
      refuse("group-quota-exceeded", m.field, total, `would put member ${JSON.stringify(m.name)} in ${total} security groups${parts}, over the limit of ${maxGroups} per instance`, "Merge roles into fewer groups, or raise maxGroupsPerInstance if your account's quota allows.");
    }
    const kinds = new Set(m.groups.map((id) => types.get(id) ?? "normal"));
    if (kinds.size > 1) {
      refuse("mixed-group-types", m.field, m.groups, `would put member ${JSON.stringify(m.name)} in both basic and enterprise groups`, "An instance's groups are all basic or all enterprise: use groups of one type.");
    }
  }

  // validateNetwork validates every group (provider rules, the 20 referenced groups, enterprise
  // groups naming groups) and the whole (no rule naming an enterprise group of the plan).
  const network = planNetwork(plan);
  const instanceMembers = (network.instances ?? []).map((i) => i.id);
  let validated;
  try {
    validated = validateNetwork(network, { maxRules: Number.MAX_SAFE_INTEGER, maxReferencedGroups, maxGroupsPerInstance: Number.MAX_SAFE_INTEGER });
  } catch (e) {
    throw addressed(e, plan, instanceMembers);
  }
  // An existing VPC group keeps its rules as planned (no nic type: the provider fills intranet),
  // so programs written for earlier releases keep every input; created and classic groups take
  // the normalised rules, nic types included.
  const groups = plan.groups.map((g, i) => ({ ...g, model: g.created || isClassicGroup(g.model) ? validated.groups[i] : { ...validated.groups[i], rules: g.model.rules } }));
  const normalised: SecurityGroupPlan = { ...plan, groups };

  if (plan.unsafeReason === undefined) {
    for (const g of groups) {
      for (const r of g.model.rules) {
        if (r.policy !== "drop" && opensAllPorts(r)) {
          refuse("unsafe-plan", g.field, r, `would let ${groupText(plan, g)} ${r.type === "ingress" ? "accept" : "send"} traffic on every port`, "Name the ports, or opt in with allowUnsafe: { reason: \"…\" }.");
        }
      }
    }
    // The same least-privilege checks users run in tests and in the policy pack: a component
    // never plans what they would report as high severity, unless the caller opted in.
    const byId = new Map(groups.map((g) => [g.model.id, g]));
    const high = checkNetwork({ ...validated, groups: groups.map((g) => g.model) }).find((f) => f.severity === "high");
    if (high) {
      const g = byId.get(high.groupId);
      const rule = high.ruleIndex === undefined ? undefined : g?.model.rules[high.ruleIndex];
      refuse("unsafe-plan", g?.field ?? "args", rule ?? high.groupId, `would be reported by the ${high.check} check: ${high.message}`, `${high.fix} Or opt in with allowUnsafe: { reason: "…" }.`);
    }
    // The checks judge one rule at a time; blocks that only together cover every address
    // (0.0.0.0/1 and 128.0.0.0/1) open a port to the world just the same.
    for (const g of groups) {
      const cover = worldCover(g.model.rules, [...ADMIN_PORTS, ...DATABASE_PORT_LIST]);
      if (cover) {
        const every = cover.family === "ipv4" ? "IPv4" : "IPv6";
        refuse("unsafe-plan", g.field, cover.blocks, `would let every ${every} address reach ${serviceText(cover.port, cover.protocol)} in ${groupText(plan, g)}: its sources ${cover.blocks.join(", ")} together cover them all`, `Name the addresses that need access, or opt in with allowUnsafe: { reason: "…" }.`);
      }
    }
  }
  proveOwnIntents(normalised, validated);
  return normalised;
}

/** Rules that let everything in and out, in both families, as validation normalises them. */
const OPEN_RULES: readonly RuleArgs[] = (["ingress", "egress"] as const).flatMap((t) => [
  validateRule({ type: t, ipProtocol: "all", portRange: "-1/-1", cidrIp: "0.0.0.0/0" }),
  validateRule({ type: t, ipProtocol: "all", portRange: "-1/-1", ipv6CidrIp: "::/0" }),
]);

/**
 * Proves a plan's own intents on the plan: its groups and its members. A group it names but does
 * not plan (a source, a destination) is another party whose rules the plan cannot know: it stands
 * as a group that lets everything in and out, so only the sides this component writes are judged.
 * A component that breaks its own promise is a bug of this library, never the caller's: the error
 * says so. The network is the one the guard just validated, and the intents its planners made, so
 * neither is read again.
 */
function proveOwnIntents(plan: SecurityGroupPlan, validated: NetworkModel): void {
  if (!plan.intents || plan.intents.length === 0) return;
  const known = new Set(validated.groups.map((g) => g.id));
  const type = plan.groups[0]?.model.type ?? "normal";
  const shells = [...plan.refs.keys()].filter((id) => !known.has(id)).map((id) => ({ id, type, rules: OPEN_RULES as RuleArgs[] }));
  const network: NetworkModel = { ...validated, groups: [...validated.groups, ...shells] };
  // Plans of one shape (the same arguments under another name) keep their promises alike: proved once.
  const key = proofKey(network, plan.intents);
  if (KEPT.has(key)) return;
  const broken = proveOnIndex(indexValidNetwork(network), plan.intents).find((r) => r.status === "broken");
  if (broken) {
    refuse("broken-intent", "args", broken.id, `would break what the component promises (${broken.expect} ${broken.because ?? ""}): ${broken.witness?.reason ?? "no witness"}`, "This is a bug of alicloud-secgroups, not of your arguments: please report it with them.");
  }
  if (KEPT.size >= 1000) KEPT.clear();
  KEPT.add(key);
}

/** Shapes of plans whose promises were proved kept (see {@link proofKey}). */
const KEPT = new Set<string>();

/**
 * What a plan's proof depends on, as text: the network as validated (every field of its groups,
 * rules and members but the groups' names and the descriptions, which decide nothing, and with
 * each VPC id numbered, since only which groups share a VPC decides anything) and each
 * intent's region and expectation (not its id or wording, which only a refusal shows).
 */
function proofKey(network: NetworkModel, intents: readonly Intent[]): string {
  // A VPC decides nothing by its id, only by which groups share it: ids are numbered in order of first appearance.
  const vpcs = new Map<string, string>();
  const vpc = (id: string | undefined) => {
    if (id === undefined || id === "") return id;
    let k = vpcs.get(id);
    if (k === undefined) vpcs.set(id, (k = `#${vpcs.size}`));
    return k;
  };
  const groups = network.groups.map(({ name: _name, description: _description, rules, vpcId, ...g }) => ({ ...g, vpcId: vpc(vpcId), classic: isClassicGroup({ ...g, vpcId, rules }), rules: rules.map(({ description: _d, ...r }) => r) }));
  const region = (r: IntentRegion) => [r.from, r.to, r.ports === "*" ? "*" : r.ports.map((p) => (typeof p === "object" ? p.toString() : p))];
  return JSON.stringify([groups, network.instances ?? [], network.prefixLists ?? [], intents.map((i) => [...region(i), i.expect, (i.unless ?? []).map(region)])]);
}
