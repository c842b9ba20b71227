/**
 * The checks: what each one looks at, how bad its findings are by default, and which Alibaba
 * Cloud Config managed rules report the same problem. The policy pack and the docs read this.
 */
import { CheckOptions } from "./check-options";
import { CheckId, Severity } from "./finding";

/**
 * Where a check looks: one rule alone, a whole group, the whole network, or the files a network
 * was read from (`input`: what an audit's readers could not read; a program has no such files,
 * so the policy pack's policies for these checks find nothing).
 */
export type CheckScope = "rule" | "group" | "network" | "input";

/** A check's entry in {@link CHECKS}. */
export interface CheckInfo {
  /** Kebab-case id, also the policy name. */
  readonly id: CheckId;
  /** One sentence beginning "Checks that". */
  readonly description: string;
  /** Default severity of its findings. */
  readonly severity: Severity;
  /** Cloud Config managed rules for the same problem (the first is the default on findings). */
  readonly configRules: readonly string[];
  /** What it needs to see. */
  readonly scope: CheckScope;
  /** The options that tune it. */
  readonly options: readonly (keyof CheckOptions)[];
}

/** Every check, in report order. */
export const CHECKS: readonly CheckInfo[] = [
  {
    id: "invalid-rule",
    description: "Checks that every rule, group and instance's set of groups is one the ECS API accepts: a refused rule cannot exist in the cloud.",
    severity: "high",
    configRules: [],
    // The whole stack: a rule is refused or not in its group, and some refusals lie between groups.
    scope: "network",
    options: [],
  },
  {
    // sg-risky-ports-check flags 0.0.0.0/0 rules covering its `ports` (default 22,3389: our admin
    // ports); the -with-protocol variant also takes the protocol, as this check does (tcp, udp, all).
    id: "public-admin-port",
    description: "Checks that no accepted ingress rule opens an admin port (SSH 22 and RDP 3389 by default) to every address (0.0.0.0/0 or ::/0).",
    severity: "high",
    configRules: ["sg-risky-ports-check", "ecs-security-group-risky-ports-check-with-protocol"],
    scope: "rule",
    options: ["adminPorts"],
  },
  {
    // The same Config rules, configured with the database ports as their risky `ports`.
    id: "public-database-port",
    description: "Checks that no accepted ingress rule opens a database port (MySQL, PostgreSQL, SQL Server, Oracle, Redis, MongoDB by default) to every address.",
    severity: "high",
    configRules: ["ecs-security-group-risky-ports-check-with-protocol", "sg-risky-ports-check"],
    scope: "rule",
    options: ["databasePorts"],
  },
  {
    // not-open-all-port flags accepted inbound rules over every port, not-open-all-protocol those
    // with protocol all; both count a better-priority drop as compliant, as this check does.
    id: "all-ports-open",
    description: "Checks that no accepted ingress rule from a CIDR block or prefix list opens every protocol, or every tcp or udp port.",
    severity: "high",
    configRules: ["ecs-security-group-not-open-all-port", "ecs-security-group-not-open-all-protocol"],
    scope: "rule",
    options: [],
  },
  {
    // white-list-port-check: 0.0.0.0/0 rules may open only the listed ports; sg-public-access-check
    // flags 0.0.0.0/0 with -1/-1 (portless protocols), the part of this check without ports.
    id: "world-open-non-web",
    description: "Checks that rules open to every address open only web ports (80 and 443 by default), never icmp, gre or all protocols.",
    severity: "medium",
    configRules: ["ecs-security-group-white-list-port-check", "sg-public-access-check"],
    scope: "rule",
    options: ["webPorts"],
  },
  {
    id: "broad-intranet-cidr",
    description: "Checks that no accepted ingress rule authorises a private IPv4 range broader than /16; authorise the peer's security group instead.",
    severity: "medium",
    configRules: [],
    scope: "rule",
    options: ["minPrivatePrefixLength"],
  },
  {
    id: "classic-intranet-cidr",
    description: "Checks that classic-network groups authorise intranet ingress by security group, never by CIDR block.",
    severity: "medium",
    configRules: [],
    scope: "group",
    options: [],
  },
  {
    id: "rule-quota",
    description: "Checks that no group holds more than 200 rules, inbound and outbound together (the API refuses more).",
    severity: "high",
    configRules: [],
    scope: "group",
    options: ["maxRulesPerGroup"],
  },
  {
    id: "group-quota",
    description: "Checks that no instance joins more than 5 security groups.",
    severity: "high",
    configRules: [],
    scope: "network",
    options: ["maxGroupsPerInstance"],
  },
  {
    id: "shadowed-rule",
    description: "Checks that every rule can take effect, rather than being covered by rules of better priority (or by drops of equal priority).",
    severity: "low",
    configRules: [],
    scope: "group",
    options: [],
  },
  {
    id: "duplicate-rule",
    description: "Checks that no two rule resources are one cloud rule: the API merges them, and deleting either deletes both.",
    severity: "high",
    configRules: [],
    scope: "group",
    options: [],
  },
  {
    id: "rules-per-interface",
    description: "Checks that no network interface carries more than 1,000 rules over all its groups.",
    severity: "high",
    configRules: [],
    scope: "network",
    options: ["maxRulesPerInterface"],
  },
  {
    id: "dead-path",
    description: "Checks that every accept naming a group can be used: the group's members' egress must let that traffic out.",
    severity: "medium",
    configRules: [],
    scope: "network",
    options: [],
  },
  {
    id: "group-peer-all",
    description: "Checks that no group admits another group on every protocol and port (a group admitting itself, an open mesh, is left alone).",
    severity: "medium",
    configRules: [],
    scope: "group",
    options: [],
  },
  {
    // Cloud Config's ecs-running-instance-no-public-ip flags every public IP; this check flags
    // only those whose groups admit nothing from the Internet.
    id: "public-address-internal",
    description: "Checks that an instance with a public address has a group admitting something from the Internet; otherwise it needs no public IP.",
    severity: "medium",
    configRules: ["ecs-running-instance-no-public-ip"],
    scope: "network",
    options: [],
  },
  {
    id: "inner-access-open",
    description: "Checks that basic groups with several members set their inner access policy rather than leaving the implicit default Accept.",
    severity: "low",
    configRules: [],
    scope: "network",
    options: [],
  },
  {
    id: "unused-group",
    description: "Checks that every group of a complete model is used by an instance, another resource, or another group's rule.",
    severity: "low",
    configRules: [],
    scope: "network",
    options: [],
  },
  {
    // Its findings are as severe as what the rule's readable parts could open (high, medium or
    // low); the entry's severity is the worst, which sets the pack's default level.
    id: "unresolved-rule",
    description: "Checks that every rule of an export can be read: a rule left out of the evaluation is as severe as what its readable parts could open (an admin or database port, or every port, to every address or another account is high).",
    severity: "high",
    configRules: [],
    scope: "input",
    options: ["adminPorts", "databasePorts"],
  },
  {
    id: "incomplete-input",
    description: "Checks that every group an export names comes with the file of its rules (DescribeSecurityGroupAttribute); audit --allow-incomplete lowers it to low.",
    severity: "high",
    configRules: [],
    scope: "input",
    options: [],
  },
  {
    id: "conflicting-rule-id",
    description: "Checks that no rule id names two different rules across the files of an export (both are evaluated).",
    severity: "medium",
    configRules: [],
    scope: "input",
    options: [],
  },
];

/** The entry of one check. */
export function checkInfo(id: CheckId): CheckInfo {
  return CHECKS.find((c) => c.id === id) as CheckInfo;
}
