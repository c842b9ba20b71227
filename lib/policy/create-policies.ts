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
import { SecGroupsGuardConfig, resolveGuardConfig } from "./guard-config";
import { StackNetwork, readStack } from "../model/stack-resources";
import { SECURITY_GROUP_RULE_TYPE, knownString, readProp, readRule } from "../model/resource-props";

type OptionKey = keyof Omit<CheckOptions, "checks" | "severities" | "consolidate">;
type JsonSchema = PolicyConfigSchema["properties"][string];

const portList = (what: string): JsonSchema => ({ type: "array", items: { type: "integer", minimum: 1, maximum: 65535 }, description: what });

const OPTION_SCHEMAS: Record<OptionKey, JsonSchema> = {
  adminPorts: portList("Ports that must not be open to every address (tcp, udp or all)."),
  databasePorts: portList("Database ports that must not be open to every address."),
  webPorts: portList("Ports (tcp and udp) that may be open to every address."),
  minPrivatePrefixLength: { type: "integer", minimum: 0, maximum: 32, description: "A private IPv4 source needs at least this prefix length." },
  maxRulesPerGroup: { type: "integer", minimum: 0, description: "Most rules one group may hold." },
  maxGroupsPerInstance: { type: "integer", minimum: 0, description: "Most groups one instance may join." },
};

interface ConfigArgs {
  getConfig?: <T extends object>() => T;
  notApplicable?: (reason?: string) => never;
}

function configSchema(info: CheckInfo, options: CheckOptions): PolicyConfigSchema | undefined {
  if (info.options.length === 0) return undefined;
  const resolved = resolveCheckOptions(options) as unknown as Record<OptionKey, unknown>;
  const properties: Record<string, JsonSchema> = {};
  // The defaults shown are the pack's own: the library's, or what createPolicies was given.
  for (const key of info.options as OptionKey[]) properties[key] = { ...OPTION_SCHEMAS[key], default: resolved[key] as JsonSchema["default"] };
  return { properties };
}

/** The check's options: what createPolicies was given, overridden by the engine's policy config. */
function optionsAt(info: CheckInfo, base: CheckOptions, args: ConfigArgs): CheckOptions {
  let runtime: Record<string, unknown> = {};
  if (typeof args.getConfig === "function") runtime = (args.getConfig<Record<string, unknown>>() ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...base };
  for (const key of info.options) if (runtime[key] !== undefined) out[key] = runtime[key];
  return { ...(out as CheckOptions), checks: [info.id] };
}

function notApplicable(args: ConfigArgs, reason: string): void {
  if (typeof args.notApplicable === "function") args.notApplicable(reason);
}

function violation(f: Finding): string {
  return `${f.message} ${f.fix}`;
}

function urnOf(stack: StackNetwork, f: Finding): string | undefined {
  if (f.instanceId !== undefined) return stack.instanceUrns.get(f.instanceId);
  if (f.ruleIndex !== undefined) return stack.ruleUrns.get(f.groupId)?.[f.ruleIndex] || undefined;
  return stack.groupUrns.get(f.groupId);
}

function base(info: CheckInfo, enforcementLevel: EnforcementLevel, options: CheckOptions) {
  const policy = { name: info.id, description: info.description, enforcementLevel, severity: info.severity, configSchema: configSchema(info, options) };
  if (!policy.configSchema) delete policy.configSchema;
  return policy;
}

/**
 * A resource policy on `SecurityGroupRule` for a rule-level check. It sees one rule at a
 * time, so a drop rule in another resource cannot excuse it: the stack's other rules are
 * judged by `shadowed-rule`.
 */
export function rulePolicy(info: CheckInfo, enforcementLevel: EnforcementLevel, options: CheckOptions = {}): ResourceValidationPolicy {
  return {
    ...base(info, enforcementLevel, options),
    validateResource: (args, reportViolation: ReportViolation) => {
      if (args.type !== SECURITY_GROUP_RULE_TYPE) return notApplicable(args, `Applies to ${SECURITY_GROUP_RULE_TYPE} resources only.`);
      const { rule, unknown } = readRule(args.props);
      // Unknown during preview: judged on the update, when the values are known.
      if (unknown.size > 0) return;
      const groupId = knownString(readProp(args.props, "securityGroupId")) ?? "its security group";
      const findings = checkNetwork({ groups: [{ id: groupId, rules: [rule as RuleArgs] }] }, optionsAt(info, options, args));
      for (const f of findings) reportViolation(violation(f));
    },
  };
}

/** A stack policy for a check that needs whole groups or the instances. */
export function stackPolicy(info: CheckInfo, enforcementLevel: EnforcementLevel, options: CheckOptions = {}): StackValidationPolicy {
  return {
    ...base(info, enforcementLevel, options),
    validateStack: (args, reportViolation: ReportViolation) => {
      const stack = readStack(args.resources);
      if (!stack.relevant) return notApplicable(args, "The stack has no Alibaba Cloud security groups, rules, instances or network interfaces.");
      for (const f of checkNetwork(stack.network, optionsAt(info, options, args))) {
        // A group outside the stack may well be in a VPC: its network type is not known here.
        if (info.id === "classic-intranet-cidr" && stack.outside.has(f.groupId)) continue;
        reportViolation(violation(f), urnOf(stack, f));
      }
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
  for (const { info, enforcementLevel, options } of resolveGuardConfig(config)) {
    if (enforcementLevel === "disabled") continue;
    policies.push(info.scope === "rule" ? rulePolicy(info, enforcementLevel, options) : stackPolicy(info, enforcementLevel, options));
  }
  return policies;
}
