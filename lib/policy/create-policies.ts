/**
 * The CrossGuard policies: a thin adapter over the checks. Rule-level checks are resource
 * policies on `SecurityGroupRule`; checks that need a whole group or the instances are stack
 * policies over a network read from the stack's resources.
 */
import type { EnforcementLevel, Policies, PolicyConfigSchema, ReportViolation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { CheckOptions, resolveCheckOptions } from "../checks/check-options";
import { checkNetwork } from "../checks/check-network";
import { Finding } from "../checks/finding";
import { CheckInfo } from "../checks/registry";
import { RuleArgs } from "../model/rule";
import { SecGroupsGuardConfig, UNKNOWN_AT_PREVIEW_POLICY, policyExemptions, resolveGuardConfig, unknownAtPreviewLevel } from "./guard-config";
import { RuleNaming, applyExemptions } from "../checks/exemptions";
import { consolidateFindings } from "../checks/consolidate";
import { FindingExemption } from "../model/exemptions";
import { NetworkModel } from "../model/network";
import { StackNetwork, readStack } from "../sources/stack-resources";
import { SECURITY_GROUP_RULE_TYPE, SECURITY_GROUP_TYPE, knownString, readProp, readRule } from "../model/resource-props";
import { IntentProofContext } from "../checks/check-options";

type OptionKey = keyof Omit<CheckOptions, "checks" | "severities" | "consolidate" | "intentContext" | "onIntentResults">;
type JsonSchema = PolicyConfigSchema["properties"][string];

const portList = (what: string): JsonSchema => ({ type: "array", items: { type: "integer", minimum: 1, maximum: 65535 }, description: what });

const OPTION_SCHEMAS: Record<OptionKey, JsonSchema> = {
  adminPorts: portList("Ports that must not be open to every address (tcp, udp or all)."),
  databasePorts: portList("Database ports that must not be open to every address."),
  webPorts: portList("Ports (tcp and udp) that may be open to every address."),
  minPrivatePrefixLength: { type: "integer", minimum: 0, maximum: 32, description: "A private IPv4 source needs at least this prefix length." },
  maxRulesPerGroup: { type: "integer", minimum: 0, description: "Most rules one group may hold." },
  maxGroupsPerInstance: { type: "integer", minimum: 0, description: "Most groups one instance may join." },
  maxRulesPerInterface: { type: "integer", minimum: 0, description: "Most rules one network interface applies, over all its groups." },
  intents: {
    type: "array",
    description: "Access intents proved over the stack's network: the entries of an intents file (schema/intents.schema.json), { id, from, to, ports, expect, because }.",
    items: { type: "object", required: ["id", "from", "to", "ports", "expect"], properties: { id: { type: "string", minLength: 1 }, from: {}, to: {}, ports: {}, expect: { enum: ["allow", "deny"] }, because: { type: "string" } }, additionalProperties: false },
  },
};

interface ConfigArgs {
  getConfig?: <T extends object>() => T;
  notApplicable?: (reason?: string) => never;
}

const EXEMPTIONS_SCHEMA: JsonSchema = {
  type: "array",
  description: "Acknowledged findings of this policy: { check, rule, reason }, rule being a rule resource name, a rule id, <group id>/<rule key>, or a group or instance id.",
  items: {
    type: "object",
    properties: { check: { type: "string" }, rule: { type: "string" }, reason: { type: "string", minLength: 1 } },
    required: ["check", "rule", "reason"],
    additionalProperties: false,
  },
};

function configSchema(info: CheckInfo, options: CheckOptions, exemptions: readonly FindingExemption[]): PolicyConfigSchema {
  const resolved = resolveCheckOptions(options) as unknown as Record<OptionKey, unknown>;
  const properties: Record<string, JsonSchema> = { exemptions: { ...EXEMPTIONS_SCHEMA, default: exemptions.map(({ check, rule, reason }) => ({ check, rule, reason })) } };
  // The defaults shown are the pack's own: the library's, or what createPolicies was given.
  for (const key of info.options as OptionKey[]) properties[key] = { ...OPTION_SCHEMAS[key], default: resolved[key] as JsonSchema["default"] };
  return { properties };
}

function runtimeConfig(args: ConfigArgs): Record<string, unknown> {
  return typeof args.getConfig === "function" ? ((args.getConfig<Record<string, unknown>>() ?? {}) as Record<string, unknown>) : {};
}

/** The check's options: what createPolicies was given, overridden by the engine's policy config. */
function optionsAt(info: CheckInfo, base: CheckOptions, args: ConfigArgs): CheckOptions {
  const runtime = runtimeConfig(args);
  const out: Record<string, unknown> = { ...base };
  for (const key of info.options) if (runtime[key] !== undefined) out[key] = runtime[key];
  return { ...(out as CheckOptions), checks: [info.id] };
}

/** The policy's exemptions: the engine's policy config when it sets them, else what createPolicies was given. */
function exemptionsAt(info: CheckInfo, base: readonly FindingExemption[], args: ConfigArgs): readonly FindingExemption[] {
  const runtime = runtimeConfig(args).exemptions;
  return runtime === undefined ? base : policyExemptions(info, runtime, `policy config ${info.id}.exemptions`);
}

/** Another enabled policy of the same kind (resource or stack): on a rule both fail, the worse one reports. */
export interface SiblingCheck {
  readonly info: CheckInfo;
  readonly options: CheckOptions;
  readonly exemptions: readonly FindingExemption[];
}

/**
 * This policy's findings that are open (no exemption acknowledges them: the configuration is
 * the record of those) and that it leads: a rule failing several checks is reported once, by
 * the policy of its worst open check, naming the others (one finding per problem, as in
 * `checkNetwork`).
 */
function leadFindings(network: NetworkModel, info: CheckInfo, options: CheckOptions, exemptions: readonly FindingExemption[], args: ConfigArgs, siblings: readonly SiblingCheck[], naming: RuleNaming): Finding[] {
  const others = siblings.filter((s) => s.info.id !== info.id);
  const own = optionsAt(info, options, args);
  const merged: CheckOptions = { ...Object.assign({}, ...others.map((s) => s.options)), ...own, checks: [info.id, ...others.map((s) => s.info.id)], consolidate: false };
  const raw = checkNetwork(network, merged);
  const all = [...exemptionsAt(info, exemptions, args), ...others.flatMap((s) => s.exemptions)];
  const { findings } = applyExemptions(raw, all, network, naming);
  return consolidateFindings(network, findings, resolveCheckOptions(merged)).filter((f) => f.check === info.id && !f.acknowledged);
}

function notApplicable(args: ConfigArgs, reason: string): void {
  if (typeof args.notApplicable === "function") args.notApplicable(reason);
}

function violation(f: Finding): string {
  const also = f.alsoFails && f.alsoFails.length > 0 ? ` It also fails ${f.alsoFails.join(", ")}.` : "";
  return `${f.message}${also} ${f.fix}`;
}

function urnOf(stack: StackNetwork, f: Finding): string | undefined {
  if (f.instanceId !== undefined) return stack.instanceUrns.get(f.instanceId);
  if (f.ruleIndex !== undefined) return stack.ruleUrns.get(f.groupId)?.[f.ruleIndex] || undefined;
  return stack.groupUrns.get(f.groupId);
}

function base(info: CheckInfo, enforcementLevel: EnforcementLevel, options: CheckOptions, exemptions: readonly FindingExemption[]) {
  return { name: info.id, description: info.description, enforcementLevel, severity: info.severity, configSchema: configSchema(info, options, exemptions) };
}

/**
 * A resource policy on `SecurityGroupRule` for a rule-level check. It sees one rule at a
 * time, so a drop rule in another resource cannot excuse it: the stack's other rules are
 * judged by `shadowed-rule`.
 */
export function rulePolicy(info: CheckInfo, enforcementLevel: EnforcementLevel, options: CheckOptions = {}, exemptions: readonly FindingExemption[] = [], siblings: readonly SiblingCheck[] = []): ResourceValidationPolicy {
  return {
    ...base(info, enforcementLevel, options, exemptions),
    validateResource: (args, reportViolation: ReportViolation) => {
      if (args.type !== SECURITY_GROUP_RULE_TYPE) return notApplicable(args, `Applies to ${SECURITY_GROUP_RULE_TYPE} resources only.`);
      const { rule, unknown } = readRule(args.props);
      // Unknown during preview: judged on the update, when the values are known (unknown-at-preview says so).
      if (unknown.size > 0) return;
      const groupId = knownString(readProp(args.props, "securityGroupId")) ?? "its security group";
      // Only a classic-network group holds an internet rule; any other rule is judged as in a VPC.
      const nic = (rule as RuleArgs).nicType === "internet" ? { network: "classic" as const } : {};
      const network: NetworkModel = { groups: [{ id: groupId, ...nic, rules: [rule as RuleArgs] }] };
      const id = knownString(readProp(args.props, "id"));
      for (const f of leadFindings(network, info, options, exemptions, args, siblings, { ruleName: () => args.name, ruleId: () => id })) reportViolation(violation(f));
    },
  };
}

/**
 * The library's components in a stack, for intents' `{ component, tier }` selectors: each
 * component resource (`alicloud-secgroups:index:…`) with the groups it parents, by tier (the
 * group's child name after `<component>-`).
 */
export function stackComponents(resources: readonly { type: string; name: string; urn?: string; props: Record<string, unknown>; parent?: { urn?: string } }[]): IntentProofContext {
  const prefix = "alicloud-secgroups:index:";
  const components: Record<string, { type: string; tiers: Record<string, string[]> }> = {};
  const byUrn = new Map<string, { name: string; type: string }>();
  for (const r of resources) if (r.type.startsWith(prefix) && r.urn) byUrn.set(r.urn, { name: r.name, type: r.type.slice(prefix.length) });
  for (const r of resources) {
    if (r.type !== SECURITY_GROUP_TYPE) continue;
    const owner = r.parent?.urn ? byUrn.get(r.parent.urn) : undefined;
    const id = knownString(readProp(r.props, "id"));
    if (!owner || !id) continue;
    const tier = r.name.startsWith(`${owner.name}-`) ? r.name.slice(owner.name.length + 1) : r.name;
    const c = (components[owner.name] ??= { type: owner.type, tiers: {} });
    (c.tiers[tier] ??= []).push(id);
  }
  return Object.keys(components).length > 0 ? { components } : {};
}

/** A stack policy for a check that needs whole groups or the instances. */
export function stackPolicy(info: CheckInfo, enforcementLevel: EnforcementLevel, options: CheckOptions = {}, exemptions: readonly FindingExemption[] = [], siblings: readonly SiblingCheck[] = []): StackValidationPolicy {
  return {
    ...base(info, enforcementLevel, options, exemptions),
    validateStack: (args, reportViolation: ReportViolation) => {
      const stack = readStack(args.resources);
      if (!stack.relevant) return notApplicable(args, "The stack has no Alibaba Cloud security groups, rules, instances or network interfaces.");
      const ruleName = (groupId: string, i: number) => stack.ruleUrns.get(groupId)?.[i]?.split("::").pop() || undefined;
      // Intents name the stack's components by their instance names.
      const withComponents = info.options.includes("intents") ? { ...options, intentContext: stackComponents(args.resources) } : options;
      const findings = leadFindings(stack.network, info, withComponents, exemptions, args, siblings, { ruleName });
      for (const f of findings) {
        // A group outside the stack may well be in a VPC: its network type is not known here.
        if (info.id === "classic-intranet-cidr" && stack.outside.has(f.groupId)) continue;
        reportViolation(violation(f), urnOf(stack, f));
      }
    },
  };
}

/** Fields that decide a rule's verdict; the group holding it and a peer group's id do not (new groups' ids are always unknown at preview). */
const DECIDING_FIELDS: Readonly<Record<string, string>> = {
  type: "direction (type)",
  ipProtocol: "protocol (ipProtocol)",
  portRange: "ports (portRange)",
  policy: "policy",
  cidrIp: "peer (cidrIp)",
  ipv6CidrIp: "peer (ipv6CidrIp)",
  prefixListId: "peer (prefixListId)",
  peer: "peer",
};

/**
 * `unknown-at-preview`: never silent on unknowns. A rule whose peer, ports, protocol or policy
 * is unknown at preview passes every check until deploy; this policy says so, advisory by
 * default (the engine runs the policies again with the resolved values during `up`).
 */
export function unknownAtPreviewPolicy(enforcementLevel: EnforcementLevel = "advisory"): ResourceValidationPolicy {
  return {
    name: UNKNOWN_AT_PREVIEW_POLICY,
    description: "Checks that the fields deciding a security group rule's verdict (peer, ports, protocol, policy) are known at preview, so the other checks can verify it before deploy.",
    enforcementLevel,
    validateResource: (args, reportViolation: ReportViolation) => {
      if (args.type !== SECURITY_GROUP_RULE_TYPE) return notApplicable(args, `Applies to ${SECURITY_GROUP_RULE_TYPE} resources only.`);
      const { unknown } = readRule(args.props);
      const fields = [...unknown].filter((f) => DECIDING_FIELDS[f] !== undefined).map((f) => DECIDING_FIELDS[f]);
      if (fields.length === 0) return;
      const are = fields.length === 1 ? "is" : "are";
      reportViolation(`cannot verify until deploy: the rule's ${fields.join(", ")} ${are} not known at preview, so no check can judge it yet; they run again with the resolved values during pulumi up. Pass known values to verify it at preview.`);
    },
  };
}

/**
 * The pack's policies, one per check (named by check id), with levels and options from
 * `config`; disabled checks are left out.
 *
 * @example new PolicyPack("alicloud-secgroups", { policies: createPolicies({ all: "advisory", publicAdminPort: "mandatory" }) });
 */
export function createPolicies(config: SecGroupsGuardConfig = {}): Policies {
  const policies: Policies = [];
  const unknownLevel = unknownAtPreviewLevel(config);
  const enabled = resolveGuardConfig(config).filter((s) => s.enforcementLevel !== "disabled");
  const ruleSiblings = enabled.filter((s) => s.info.scope === "rule");
  const stackSiblings = enabled.filter((s) => s.info.scope !== "rule");
  for (const { info, enforcementLevel, options, exemptions } of enabled) {
    policies.push(info.scope === "rule" ? rulePolicy(info, enforcementLevel, options, exemptions, ruleSiblings) : stackPolicy(info, enforcementLevel, options, exemptions, stackSiblings));
  }
  if (unknownLevel !== "disabled") policies.push(unknownAtPreviewPolicy(unknownLevel));
  return policies;
}
