/**
 * The plan report: what a program's security groups would look like, as plain data. The text
 * and JSON renderers read only this, so `--json` and the text carry the same content. The
 * shape is versioned: fields are only ever added; a removal or a change of meaning bumps
 * {@link REPORT_VERSION}.
 */
import { PeerKind } from "../model/peer";
import type { IntentsReport } from "./intents-section";

/**
 * Where the program constructed a resource or component: its file relative to the project
 * directory (`/`-separated, never absolute), 1-based line and column. SARIF and annotations
 * read it.
 */
export interface SourceLocation {
  /** The file, relative to the project directory, e.g. `index.ts`. */
  uri: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

/** Version of the report's JSON shape. */
export const REPORT_VERSION = 1;

/** The whole plan of one program. */
export interface PlanReport {
  /** Shape version, {@link REPORT_VERSION}. */
  version: typeof REPORT_VERSION;
  /** Pulumi project name (`Pulumi.yaml` `name`, else the directory's name). */
  project: string;
  /** Stack name the program saw. */
  stack: string;
  /** The program's entry file, relative to the project directory, with `/` separators. */
  program: string;
  /** Every security group, sorted by label, then id. */
  groups: GroupReport[];
  /** Counts over all groups. */
  totals: PlanTotals;
  /** Instances, network interfaces, launch templates and scaling configurations, and the groups each joins, sorted by name. */
  instances: InstanceReport[];
  /** Everything the plan assumed rather than measured: data-source answers, computed outputs, random values, resources the mocks cannot serve. */
  assumed: AssumedReport[];
  /** The program's exports, resolved (cycles read `[Circular]`, values that never resolve `<unknown>`). */
  exports: Record<string, unknown>;
  /** Least-privilege findings, when a findings analysis ran (acknowledged ones included). */
  findings?: FindingReport[];
  /** Exemptions that acknowledged nothing, when there are any. */
  staleExemptions?: StaleExemptionReport[];
  /** Who can reach what, when an access analysis ran. */
  access?: AccessReport;
  /** The intents proved (the stack's promises and `--intents FILE`) and each one's verdict, when there are any. */
  intents?: IntentsReport;
}

/** One security group and its rules. */
export interface GroupReport {
  /** How the report names the group: its `securityGroupName`, else its resource name, else its id. */
  label: string;
  /** The group's id on the mocks (`sg-` and its resource name), or the literal id rules attach to. */
  id: string;
  /** Logical resource name; absent for a group the program only adds rules to. */
  resource?: string;
  /** `securityGroupName`, when set. */
  name?: string;
  /** Group description, when set. */
  description?: string;
  /** `normal` (basic) or `enterprise` (advanced); `normal` when not set; `null` for an external group. */
  type: "normal" | "enterprise" | null;
  /** The VPC id, when known. */
  vpcId?: string;
  /** `vpc` unless the group says it is classic (a created group without a `vpcId`). */
  network: "vpc" | "classic";
  /** Traffic between members: the policy, and whether the program left it to the default; `null` for enterprise groups (always isolated) and external groups (unknown). */
  innerAccess: { policy: "Accept" | "Drop"; default: boolean } | null;
  /** Tags, keys sorted. */
  tags: Record<string, string>;
  /** True when the program adds rules to this group but does not create it. */
  external: boolean;
  /** True when the group's settings hold an assumed value (a VPC id from a placeholder lookup, say). */
  assumed?: boolean;
  /** Opaque resources whose outputs the group's settings hold (see {@link AssumedReport}), when any. */
  dependsOn?: string[];
  /** Where the program constructed the group, when known. */
  location?: SourceLocation;
  /** Its rules in evaluation order: ingress first, then by priority, drop before accept, protocol, ports, peer. */
  rules: RuleReport[];
  /** Rules the provider would refuse, in resource-name order. */
  invalidRules: InvalidRuleReport[];
}

/** A rule's peer: the source of an ingress rule, the destination of an egress rule. */
export interface PeerReport {
  /** `ipv4`, `ipv6`, `security-group` or `prefix-list`. */
  kind: PeerKind;
  /** The CIDR block (canonical), group id or prefix-list id. */
  value: string;
  /** The peer group's label, when the plan holds that group. */
  group?: string;
  /** Account owning the peer group, for cross-account rules. */
  ownerId?: string;
  /** How the text report shows the peer, e.g. `0.0.0.0/0`, `group web`, `group 1234/sg-x`. */
  text: string;
}

/** What joins security groups: an instance, a network interface, or what launches instances. */
export interface InstanceReport {
  /** Logical resource name (with the instance a network interface is attached to). */
  name: string;
  /** Its id on the mocks. */
  id: string;
  /** `instance`, `network-interface`, `launch-template` or `scaling-configuration`. */
  kind: "instance" | "network-interface" | "launch-template" | "scaling-configuration";
  /** Its private address (a placeholder on the mocks when the program sets none). */
  privateIp: string;
  /** Its public address, `true` when it has one not known offline, `false` when it has none. */
  publicIp: string | boolean;
  /** Labels of its groups, in the program's order. */
  groups: string[];
  /** Where the program constructed it, when known. */
  location?: SourceLocation;
}

/**
 * A value the plan assumed, or a resource it could not run: an `opaque-resource` is one the
 * mocks cannot serve (a dynamic provider's, a remote component), planned with its outputs
 * unknown: each declared output reads a placeholder, and what is built from one depends on it.
 */
export interface AssumedReport {
  /** `data-source`, `output`, `random` or `opaque-resource`. */
  kind: "data-source" | "output" | "random" | "opaque-resource";
  /** The data-source token, `<resource type>.<property>`, or an opaque resource's type. */
  subject: string;
  /** The resource, for outputs, random values and opaque resources. */
  resource?: string;
  /** `placeholder` (documented default), `answers` (the answers file), `empty` (an empty result). */
  from: "placeholder" | "answers" | "empty";
  /** The value, as JSON text (long values cut at 200 characters); an opaque resource's placeholder outputs. */
  value: string;
  /** Why an opaque resource could not be run on mocks. */
  why?: string;
  /** Where the program constructed an opaque resource, when known. */
  location?: SourceLocation;
}

/** One valid rule, with the provider's defaults filled in. */
export interface RuleReport {
  /** Logical name of the `SecurityGroupRule` resource. */
  resource?: string;
  /** `ingress` or `egress`. */
  direction: "ingress" | "egress";
  /** `accept` or `drop`. */
  policy: "accept" | "drop";
  /** 1..100, smaller wins. */
  priority: number;
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `gre` or `all`. */
  protocol: string;
  /** The port interval of tcp/udp rules; `null` for protocols without ports. */
  ports: { from: number; to: number } | null;
  /** How the text report shows the ports: `443`, `8000-8080`, `1-65535 (all)`, or `-`. */
  portsText: string;
  /** The peer. */
  peer: PeerReport;
  /** `intranet` or `internet`; `internet` only happens in the classic network. */
  nicType?: "intranet" | "internet";
  /** The rule's description, when set. */
  description?: string;
  /** True when the rule was built from an assumed value (a placeholder address, an answered data source). */
  assumed?: boolean;
  /** Opaque resources whose outputs the rule was built from (a CIDR from a dynamic resource's address, say), when any. */
  dependsOn?: string[];
  /** Where the program constructed the rule, when known. */
  location?: SourceLocation;
}

/** A rule the provider would refuse, with the library's reason. */
export interface InvalidRuleReport {
  /** Logical name of the `SecurityGroupRule` resource. */
  resource?: string;
  /** The `ValidationError` code, e.g. `invalid-port-range`. */
  code: string;
  /** The reason and the fix. */
  message: string;
  /** The rule's inputs as the program passed them. */
  inputs: Record<string, unknown>;
  /** Where the program constructed the rule, when known. */
  location?: SourceLocation;
}

/** Counts over the whole plan. */
export interface PlanTotals {
  /** Security groups. */
  groups: number;
  /** Valid rules. */
  rules: number;
  /** Valid ingress rules. */
  ingress: number;
  /** Valid egress rules. */
  egress: number;
  /** Rules the provider would refuse. */
  invalid: number;
}

/** One least-privilege finding, as a findings analysis reports it. */
export interface FindingReport {
  /** The check's id, e.g. `public-admin-port`. */
  check: string;
  /** How serious it is. */
  severity: "high" | "medium" | "low";
  /** Label of the group concerned, if any. */
  group?: string;
  /** Resource name of the rule concerned, if any. */
  rule?: string;
  /** The instance concerned (its resource name and id), if any. */
  instance?: string;
  /** The intent concerned (`broken-intent`, `unproven-intent`), by its id. */
  intent?: string;
  /** What is wrong and how to fix it. */
  message: string;
  /** How to fix it (the end of `message`), when the check says. */
  fix?: string;
  /** Other checks the same rule fails (the finding is the worst of them). */
  alsoFails?: string[];
  /** Set when an exemption accepts the finding. */
  acknowledged?: { reason: string; exemption: string };
  /** Where the program constructed the rule, instance or group the finding is about, when known. */
  location?: SourceLocation;
}

/** An exemption that matched no finding. */
export interface StaleExemptionReport {
  /** The check it names. */
  check: string;
  /** The rule it names. */
  rule: string;
  /** Its reason. */
  reason: string;
  /** Where it was written (`exemptions.yaml[2]`). */
  where: string;
}

/** What can reach what, as an access analysis reports it. */
export interface AccessReport {
  /** Allowed flows, one entry per source and destination pair. */
  matrix: AccessEntry[];
  /** The same as a Mermaid `flowchart`, written by `--diagram FILE`. */
  diagram?: string;
  /** Why the access could not be computed at all, if so. */
  error?: string;
  /** Groups and instances left out of the matrix because they break a platform rule, each with the reason. */
  omitted?: { what: string; reason: string }[];
}

/** One source reaching one destination. */
export interface AccessEntry {
  /** Label of the source: a group, or a CIDR block. */
  from: string;
  /** Label of the destination. */
  to: string;
  /** What is allowed, e.g. `tcp:443`, `all`. */
  allowed: string[];
}
