/**
 * The components as other languages see them: the same public names, with argument shapes
 * Pulumi's schema inference accepts (interfaces, enums, plain arrays, no unions). Each class
 * converts its arguments to the TypeScript component's, plans and guards them with the same
 * planner, and registers the same children with the same names and parents as the TypeScript
 * constructor. Outputs are ids only.
 *
 * Fields the planner must know when the program runs are plain in the schema; only `vpcId`,
 * `securityGroupId`, `cidr`, `ipv6Cidr`, `privateIp` and a Connection's `from` and `to` take
 * values known at deploy time (Outputs). Ports are strings (`ports`: "tcp:443") or tcp port
 * numbers (`portNumbers`: 443): the schema has no union, so each list has its own field. A
 * group id passed from one component to another is recognised as the library's group
 * (wiring.ts), so both sides of the path are written, as TypeScript does for `tiers.app`.
 * Declarations come before the classes: the analyzer reads descriptions in file order. Nested
 * types carry no `Args` suffix: the SDK generators add one (Python `WebTierArgs`, Go
 * `WebTierArgs`, C# `Inputs.WebTierArgs`).
 */
import * as pulumi from "@pulumi/pulumi";
import { Intent as LibraryIntent, SecurityGroupPlan, ValidationError } from "alicloud-secgroups";
import { intentToArgs } from "alicloud-secgroups/analysis";
import { Connections, componentType, connectionsOf, emitPlan, resolveGroups } from "alicloud-secgroups/components";
import { planFromSchema, toPlanArgs } from "./convert";
import { libraryGroupOf, wireComponent } from "./wiring";

/** A database engine, for its default port. */
export enum DatabaseEngine {
  /** MySQL, tcp 3306. */
  Mysql = "mysql",
  /** PostgreSQL, tcp 5432. */
  Postgresql = "postgresql",
  /** SQL Server, tcp 1433. */
  Sqlserver = "sqlserver",
  /** Oracle, tcp 1521. */
  Oracle = "oracle",
  /** Redis, tcp 6379. */
  Redis = "redis",
  /** MongoDB, tcp 27017. */
  Mongodb = "mongodb",
}

/** The type of a security group. */
export enum GroupType {
  /** A basic group: authorises other groups, at most 2,000 instances. */
  Normal = "normal",
  /** An enterprise group: members always isolated, outbound denied by default, no group authorisation. */
  Enterprise = "enterprise",
}

/** Whether members of one basic group reach each other. */
export enum InnerAccessPolicy {
  /** Members reach each other on every port. */
  Accept = "Accept",
  /** Members are isolated from each other. */
  Drop = "Drop",
}

/** Outbound traffic of the three tiers. */
export enum EgressMode {
  /** The group type's own egress (basic groups: everything allowed). */
  Default = "default",
  /** Each tier reaches only the next tier; all other outbound traffic is dropped at priority 100. */
  Restricted = "restricted",
}

/** A tier of ThreeTierSecurityGroups. */
export enum Tier {
  /** The web tier. */
  Web = "web",
  /** The application tier. */
  App = "app",
  /** The database tier. */
  Db = "db",
}

/** How InterconnectGroup connects its members. */
export enum InterconnectMethod {
  /** Each member's group admits the other members' private addresses (/32). */
  SingleIp = "single-ip",
  /** One new basic group all members join as their group. */
  SameGroup = "same-group",
  /** One new basic group made only for the interconnect, joined besides the members' own groups. */
  DedicatedGroup = "dedicated-group",
  /** Each member's group admits the other members' groups (across accounts with accountId). */
  GroupAuthorization = "group-authorization",
}

/** What interconnected members may use to reach each other. */
export enum InterconnectProtocol {
  /** TCP on the given ports. */
  Tcp = "tcp",
  /** UDP on the given ports. */
  Udp = "udp",
  /** ICMP (ping), without ports. */
  Icmp = "icmp",
  /** Every protocol and port. */
  All = "all",
}

/** The operating system of the instances WorkbenchAccess admits administrators to. */
export enum OperatingSystem {
  /** SSH, tcp 22. */
  Linux = "linux",
  /** RDP, tcp 3389. */
  Windows = "windows",
}

/** Which Workbench range to admit. */
export enum WorkbenchVia {
  /** 161.117.0.0/16: connections through the instance's public IP or EIP. */
  Public = "public",
  /** 100.104.0.0/16: connections through the instance's private IP (no public IP needed). */
  Private = "private",
  /** Both ranges. */
  Both = "both",
  /** Neither: only adminSources. */
  None = "none",
}

/** The network of an existing group. */
export enum GroupNetwork {
  /** A VPC group. */
  Vpc = "vpc",
  /** A classic-network group: each rule gets the nic type its peer needs; no IPv6, no prefix lists. */
  Classic = "classic",
}

/** The protocol of port numbers. */
export enum PortProtocol {
  /** TCP. */
  Tcp = "tcp",
  /** UDP. */
  Udp = "udp",
}

/** What must hold for every flow of an intent's region. */
export enum IntentExpectation {
  /** Every flow of the region passes. */
  Allow = "allow",
  /** No flow of the region passes. */
  Deny = "deny",
}

/** An address family. */
export enum AddressFamily {
  /** IPv4. */
  Ipv4 = "ipv4",
  /** IPv6. */
  Ipv6 = "ipv6",
}

/**
 * Who an intent is about: set exactly one of internet (with family), anywhere, cidr, group, tags
 * or component (with tier).
 */
export interface IntentSelector {
  /** Every public address, IPv4 and IPv6 (one family with family). */
  internet?: boolean;
  /** With internet: one family only. Default: both. */
  family?: AddressFamily;
  /** Every address. */
  anywhere?: boolean;
  /** An address or block ("203.0.113.0/24", "2001:db8::/32"). */
  cidr?: string;
  /** A security group, by id (sg-…) or name. */
  group?: string;
  /** The groups and instances carrying all these tags. */
  tags?: Record<string, string>;
  /** A component instance's groups, by the instance's name ("shop"). */
  component?: string;
  /** With component: one of its groups by tier ("web", "app", "db") or role. */
  tier?: string;
}

/**
 * Who may reach what, proved over the whole network by the commands (audit and diff of a
 * pulumi preview): a region (from, to, ports) and what must hold for every flow of it.
 */
export interface Intent {
  /** Unique among the stack's intents, e.g. "no-internet-to-db". */
  id: string;
  /** The senders. */
  from: IntentSelector;
  /** The receivers. */
  to: IntentSelector;
  /** Ports as strings ("tcp:443", "tcp:8000-8080", "udp:53", "icmp"). At least one here or in portNumbers, unless allPorts. */
  ports?: string[];
  /** The same as ports, as tcp port numbers (443): for languages and files where a port is a number. Joined after ports. Default: none. */
  portNumbers?: number[];
  /** Every protocol and port, instead of ports. Default: false. */
  allPorts?: boolean;
  /** allow (every flow of the region passes) or deny (none does). */
  expect: IntentExpectation;
  /** Why, shown in reports. */
  because?: string;
}

/** A region a component's deny-intent does not speak for (another promise of the stack covers it). */
export interface IntentRegion {
  /** The senders. */
  from: IntentSelector;
  /** The receivers. */
  to: IntentSelector;
  /** Ports as strings ("tcp:443", "icmp"). */
  ports?: string[];
  /** The same as ports, as tcp port numbers. */
  portNumbers?: number[];
  /** Every protocol and port. */
  allPorts?: boolean;
}

/**
 * An intent as a component holds it: its own promises (declaredBy names the component, unless the
 * regions its own allow-intents cover) and the caller's intents, groups named by their ids.
 */
export interface DeclaredIntent {
  /** Unique among the stack's intents. */
  id: string;
  /** The senders. */
  from: IntentSelector;
  /** The receivers. */
  to: IntentSelector;
  /** Ports as strings ("tcp:443", "udp:53", "icmp"). */
  ports?: string[];
  /** The same as ports, as tcp port numbers. */
  portNumbers?: number[];
  /** Every protocol and port. */
  allPorts?: boolean;
  /** allow (every flow of the region passes) or deny (none does). */
  expect: IntentExpectation;
  /** Why it was declared, shown in reports. */
  because?: string;
  /** The component that declared it (ThreeTierSecurityGroups "shop"); absent for the caller's own. */
  declaredBy?: string;
  /** For a component's deny-intent: the regions its allow-intents cover, which it does not speak for. */
  unless?: IntentRegion[];
}

/**
 * One peer: set exactly one of cidr, ipv6Cidr, securityGroupId or prefixListId. A cidr,
 * ipv6Cidr or securityGroupId known only at deploy time (an Output) needs a name.
 */
export interface Peer {
  /** An IPv4 block or one address ("10.0.2.0/24", "203.0.113.7"), e.g. a vSwitch's cidrBlock. */
  cidr?: pulumi.Input<string>;
  /** An IPv6 block or one address. */
  ipv6Cidr?: pulumi.Input<string>;
  /** The members of a security group (sg-…), this account's or, with ownerId, another's. */
  securityGroupId?: pulumi.Input<string>;
  /** Numeric id of the Alibaba Cloud account that owns securityGroupId, when it is another account. */
  ownerId?: string;
  /** The entries of a prefix list (pl-…), where the argument takes prefix lists. */
  prefixListId?: string;
  /** Short name used in child names and descriptions; required when the peer is known only at deploy time. Renaming it renames rules. */
  name?: string;
}

/** Opts in to something a component refuses by default, saying why. */
export interface UnsafeOptIn {
  /** Why the unsafe access is needed (3 to 200 characters), e.g. "honeypot, ticket SEC-42"; written into each affected rule's description. */
  reason: string;
}

/** The web tier. */
export interface WebTier {
  /** Ports the web tier serves: "tcp:443", "tcp:8000-8080", "udp:443", "icmp", "icmpv6" or "gre". Default (with portNumbers left out too): ["tcp:80", "tcp:443"]. */
  ports?: string[];
  /** The same as ports, as tcp port numbers (443, 8443): for languages and files where a port is a number. Joined after ports. Default: none. */
  portNumbers?: number[];
  /** Who may reach them: addresses, blocks or a group (an SLB's). Default: [{ cidr: "0.0.0.0/0" }] (an admin or database port here needs allowUnsafe). */
  sources?: Peer[];
  /** The web tier's vSwitch CIDR blocks ({ cidr }); required with groupType "enterprise", refused otherwise. */
  cidrs?: Peer[];
}

/** The application tier. */
export interface AppTier {
  /** Ports the app tier serves to the web tier ("tcp:8080", "udp:123", "tcp:8000-8080", "icmp"). Default (with portNumbers left out too): ["tcp:8080"]. */
  ports?: string[];
  /** The same as ports, as tcp port numbers (443, 8443): for languages and files where a port is a number. Joined after ports. Default: none. */
  portNumbers?: number[];
  /** Further peers allowed in on those ports (an internal load balancer's vSwitch or group); never 0.0.0.0/0 without allowUnsafe. Default: none. */
  sources?: Peer[];
  /** The app tier's vSwitch CIDR blocks ({ cidr }); required with groupType "enterprise", refused otherwise. */
  cidrs?: Peer[];
}

/** The database tier. */
export interface DbTier {
  /** Engine, for its default port. Default: mysql (tcp 3306). */
  engine?: DatabaseEngine;
  /** Ports the database serves to the app tier ("tcp:3306"). Default (with portNumbers left out too): the engine's port. */
  ports?: string[];
  /** The same as ports, as tcp port numbers (443, 8443): for languages and files where a port is a number. Joined after ports. Default: none. */
  portNumbers?: number[];
  /** Further peers allowed in on those ports; never 0.0.0.0/0 without allowUnsafe. Default: none. */
  sources?: Peer[];
  /** The database tier's vSwitch CIDR blocks ({ cidr }); required with groupType "enterprise", refused otherwise. */
  cidrs?: Peer[];
}

/** SSH/RDP from named sources. */
export interface TierAdmin {
  /** The administrators' addresses or blocks (each no wider than maxPrefix / maxPrefixIpv6), or a bastion's group. At least one. */
  sources: Peer[];
  /** Ports: "tcp:22" for SSH, "tcp:3389" for RDP. Default (with portNumbers left out too): ["tcp:22"]. */
  ports?: string[];
  /** The same as ports, as tcp port numbers (443, 8443): for languages and files where a port is a number. Joined after ports. Default: none. */
  portNumbers?: number[];
  /** Widest IPv4 source accepted, as a prefix length (0..32). Default: 32 (single addresses). */
  maxPrefix?: number;
  /** Widest IPv6 source accepted, as a prefix length (0..128). Default: 128 (single addresses). */
  maxPrefixIpv6?: number;
  /** Tiers that admit admin access. Default: every tier. */
  tiers?: Tier[];
}

/** An inner access policy per tier; a tier left out gets Drop. */
export interface TierInnerAccessPolicies {
  /** The web tier's policy. Default: Drop. */
  web?: InnerAccessPolicy;
  /** The app tier's policy. Default: Drop. */
  app?: InnerAccessPolicy;
  /** The database tier's policy. Default: Drop. */
  db?: InnerAccessPolicy;
}

/** Arguments of ThreeTierSecurityGroups. */
export interface ThreeTierSecurityGroupsArgs {
  /** The VPC of the three groups. */
  vpcId: pulumi.Input<string>;
  /** The web tier. Default: tcp 80 and 443 from 0.0.0.0/0. */
  web?: WebTier;
  /** The application tier. Default: tcp 8080 from the web group. */
  app?: AppTier;
  /** The database tier. Default: mysql, tcp 3306 from the app group, and a drop of that port from 0.0.0.0/0 at priority 100. */
  db?: DbTier;
  /** SSH/RDP access from named sources. Default: none. */
  admin?: TierAdmin;
  /** normal (basic) or enterprise groups. With enterprise, pass each tier's vSwitch blocks in web.cidrs, app.cidrs and db.cidrs. Default: normal. */
  groupType?: GroupType;
  /** Whether members of a tier reach each other, the same for every tier (basic groups only). Default: Drop. */
  innerAccessPolicy?: InnerAccessPolicy;
  /** Whether members of a tier reach each other, per tier (basic groups only); instead of innerAccessPolicy. */
  innerAccessPolicyPerTier?: TierInnerAccessPolicies;
  /** Outbound traffic. Default: default (basic groups allow all outbound). */
  egress?: EgressMode;
  /** Tags added to every group (managed-by, component and role are always set). */
  tags?: Record<string, string>;
  /** Opts in to unsafe rules (an admin or database port open to every address), with the reason. */
  allowUnsafe?: UnsafeOptIn;
  /** Your own intents (who may reach what), checked here and proved with the component's own over the whole network by audit and diff of a preview. Default: none. */
  intents?: Intent[];
}

/** Arguments of DatabaseSecurityGroup. */
export interface DatabaseSecurityGroupArgs {
  /** The VPC of the group. */
  vpcId: pulumi.Input<string>;
  /** Engine, for its default port. Default: mysql (tcp 3306). */
  engine?: DatabaseEngine;
  /** Ports the database serves ("tcp:5432", "tcp:5432-5433"). Default (with portNumbers left out too): the engine's port. */
  ports?: string[];
  /** The same as ports, as tcp port numbers (443, 8443): for languages and files where a port is a number. Joined after ports. Default: none. */
  portNumbers?: number[];
  /** Who may connect: addresses and blocks (never 0.0.0.0/0 without allowUnsafe) or security groups (another account's with ownerId). At least one. */
  sources: Peer[];
  /** normal (basic) or enterprise (then sources must be addresses). Default: normal. */
  groupType?: GroupType;
  /** Whether database instances in the group reach each other (basic groups only). Default: Drop. */
  innerAccessPolicy?: InnerAccessPolicy;
  /** Priority of the drop rule for everyone else, 2..100 (the accepts use 1). Default: 100. */
  denyPriority?: number;
  /** Tags added to the group (managed-by, component and role are always set). */
  tags?: Record<string, string>;
  /** Opts in to a database port open to every address, with the reason. */
  allowUnsafe?: UnsafeOptIn;
  /** Your own intents (who may reach what), checked here and proved with the component's own over the whole network by audit and diff of a preview. Default: none. */
  intents?: Intent[];
}

/** One instance to interconnect. */
export interface InterconnectMember {
  /** Unique name, used in child names. */
  name: string;
  /** The member's own group: required for single-ip and group-authorization, optional for dedicated-group, refused for same-group. */
  securityGroupId?: pulumi.Input<string>;
  /** The member's private address (one host), literal or known only at deploy time (an instance's privateIp); required for single-ip. */
  privateIp?: pulumi.Input<string>;
  /** Numeric id of the account that owns the member's group, when it is another account (its rules are that account's to write). */
  accountId?: string;
  /** Type of the member's own group. Default: normal. */
  groupType?: GroupType;
  /** Groups the member's instance joins besides securityGroupId and the group this component creates. Default: 0. */
  otherGroups?: number;
  /** Rules the member's group already holds, counted against its quota of 200. Default: 0. */
  existingRules?: number;
}

/** Arguments of InterconnectGroup. */
export interface InterconnectGroupArgs {
  /** The interconnect method. */
  method: InterconnectMethod;
  /** The VPC of the group same-group and dedicated-group create (required for them, unused by the other methods). */
  vpcId?: pulumi.Input<string>;
  /** The instances to interconnect: at least two. */
  members: InterconnectMember[];
  /** Ports members may use to reach each other ("tcp:3306", "udp:53"). Default (with portNumbers left out too): every port, a deliberate open interconnect for same-group and dedicated-group; single-ip and group-authorization need ports, or allowUnsafe to open every port. */
  ports?: string[];
  /** The same as ports, as port numbers (3306) of the protocol: for languages and files where a port is a number. Joined after ports. Default: none. */
  portNumbers?: number[];
  /** Protocol: tcp or udp with ports; icmp (ping) or all without ports. Default: tcp with ports, all without. */
  protocol?: InterconnectProtocol;
  /** Most groups one instance may join. Default: 5. */
  maxGroupsPerInstance?: number;
  /** Tags added to the group this component creates (managed-by, component and role are always set). */
  tags?: Record<string, string>;
  /** Opts in to opening every port between members of single-ip or group-authorization, with the reason. */
  allowUnsafe?: UnsafeOptIn;
  /** Your own intents (who may reach what), checked here and proved with the component's own over the whole network by audit and diff of a preview. Default: none. */
  intents?: Intent[];
}

/** Workbench's source ranges. */
export interface WorkbenchCidrs {
  /** The range of connections through a public IP or EIP. Default: 161.117.0.0/16. */
  public?: string;
  /** The range of connections through the private IP. Default: 100.104.0.0/16. */
  private?: string;
}

/** Arguments of WorkbenchAccess. */
export interface WorkbenchAccessArgs {
  /** The group to write the rules into. */
  securityGroupId: pulumi.Input<string>;
  /** linux (SSH, 22) or windows (RDP, 3389). Default: linux. */
  os?: OperatingSystem;
  /** Ports, instead of the OS default (e.g. a custom SSH port "tcp:2222"). Default (with portNumbers left out too): ["tcp:22"] for linux, ["tcp:3389"] for windows. */
  ports?: string[];
  /** The same as ports, as tcp port numbers (443, 8443): for languages and files where a port is a number. Joined after ports. Default: none. */
  portNumbers?: number[];
  /** Workbench ranges to admit. Default: private (instances need no public IP for Workbench). */
  via?: WorkbenchVia;
  /** Workbench's source ranges. Default: public 161.117.0.0/16, private 100.104.0.0/16. */
  workbenchCidrs?: WorkbenchCidrs;
  /** Administrators' own addresses (each no wider than maxAdminPrefix / maxAdminPrefixIpv6) or a bastion's group. Default: none. */
  adminSources?: Peer[];
  /** Widest IPv4 admin source accepted, as a prefix length (0..32). Default: 32 (single addresses). */
  maxAdminPrefix?: number;
  /** Widest IPv6 admin source accepted, as a prefix length (0..128). Default: 128 (single addresses). */
  maxAdminPrefixIpv6?: number;
  /** Type of the group (both types accept address rules). Default: normal. */
  groupType?: GroupType;
  /** The group's network: a classic-network group gets each rule with the nic type its source needs. Default: vpc. */
  network?: GroupNetwork;
  /** Rules the group already holds, counted against its quota of 200. Default: 0. */
  existingRules?: number;
  /** Opts in to an admin source of every address, with the reason. */
  allowUnsafe?: UnsafeOptIn;
  /** Your own intents (who may reach what), checked here and proved with the component's own over the whole network by audit and diff of a preview. Default: none. */
  intents?: Intent[];
}

/** One allowed destination: exactly one of cidr, ipv6Cidr, prefixListId or securityGroupId. */
export interface WhitelistDestination {
  /** An IPv4 block or address; a value known only at deploy time needs a name. */
  cidr?: pulumi.Input<string>;
  /** An IPv6 block or address; a value known only at deploy time needs a name. */
  ipv6Cidr?: pulumi.Input<string>;
  /** A prefix list (pl-…). */
  prefixListId?: string;
  /** Capacity (maxEntries) of the prefix list: it counts that many rules against the group's quota. Default: 1. */
  prefixListMaxEntries?: number;
  /** Members of a security group (basic groups only). */
  securityGroupId?: pulumi.Input<string>;
  /** Numeric id of the account owning securityGroupId, when it is another account. */
  ownerId?: string;
  /** Ports allowed to the destination: "tcp:443", "udp:123", "tcp:8000-8080", "icmp". At least one here or in portNumbers. */
  ports?: string[];
  /** The same as ports, as port numbers (443) of the protocol: for languages and files where a port is a number. Joined after ports. Default: none. */
  portNumbers?: number[];
  /** The protocol of portNumbers: tcp or udp. Default: tcp. */
  protocol?: PortProtocol;
  /** Short name, used in child names and descriptions (needed for a value known only at deploy time). Default: the destination itself. */
  name?: string;
}

/** Arguments of OutboundWhitelist. */
export interface OutboundWhitelistArgs {
  /** The group whose outbound traffic is restricted. */
  securityGroupId: pulumi.Input<string>;
  /** Where members may connect to. */
  destinations: WhitelistDestination[];
  /** Priority of the drop-all egress rules. Default: 100 (lowest precedence, leaving room for rules in between). */
  denyAllPriority?: number;
  /** Whether to write the drop-all egress rules; false writes only the accepts, for a group whose egress another component already restricts. Default: true. */
  denyAll?: boolean;
  /** Priority of the accept rules; must beat (be smaller than) denyAllPriority. Default: 1. */
  allowPriority?: number;
  /** Type of the group (enterprise groups take no security-group destinations). Default: normal. */
  groupType?: GroupType;
  /** The group's network: a classic-network group gets each rule with the nic type its destination needs, and has no IPv6. Default: vpc. */
  network?: GroupNetwork;
  /** Rules the group already holds, counted against its quota of 200. Default: 0. */
  existingRules?: number;
  /** Your own intents (who may reach what), checked here and proved with the component's own over the whole network by audit and diff of a preview. Default: none. */
  intents?: Intent[];
}

/** Arguments of Connection: members of one group may reach members of another on ports. */
export interface ConnectionArgs {
  /** The sending group's id (sg-…): a component's output (appId, groupId) for a group this library made, or any other group. */
  from: pulumi.Input<string>;
  /** The receiving group's id (sg-…): a component's output for a group this library made, or any other group. */
  to: pulumi.Input<string>;
  /** Ports the receiver admits from the sender: "tcp:6379", "udp:53", "tcp:8000-8080", "icmp". At least one here or in portNumbers. */
  ports?: string[];
  /** The same as ports, as tcp port numbers (6379): for languages and files where a port is a number. Joined after ports. Default: none. */
  portNumbers?: number[];
  /** Short name of the sending group in child names and descriptions, when it is not a group this library made (required then when its id is known only at deploy time). Default: the id. */
  fromName?: string;
  /** Short name of the receiving group in child names and descriptions, when it is not a group this library made (required then when its id is known only at deploy time). Default: the id. */
  toName?: string;
}

function ruleIdsOf(rules: { id: pulumi.Output<string> }[]): pulumi.Output<string[]> {
  return pulumi.all(rules.map((r) => r.id));
}

/**
 * The ids of a component's rules, once every rule it wires into other components is registered
 * too: `outputs` fail with the wiring's error (a quota), which fails the construction; `state`,
 * for registerOutputs, never fails (the construction reports the error once).
 */
function ruleIdsAfter(wired: Promise<void>, rules: { id: pulumi.Output<string> }[]): { outputs: pulumi.Output<string[]>; state: pulumi.Output<string[]> } {
  return {
    outputs: pulumi.output(wired.then(() => true)).apply(() => ruleIdsOf(rules)),
    state: pulumi.output(wired.then(() => true, () => false)).apply((ok) => (ok ? ruleIdsOf(rules) : pulumi.output([] as string[]))),
  };
}

/**
 * A component's intents as its `intents` output: its own promises, every placeholder replaced by
 * the id of the group it stands for (the created group's, or the one the caller passed) and every
 * block known only at deploy time by its value, then the caller's intents as given.
 */
function intentsOutput(plan: SecurityGroupPlan, groups: ReadonlyMap<string, { id: pulumi.Output<string> }>, user: readonly LibraryIntent[]): pulumi.Output<DeclaredIntent[]> {
  const ids = new Map<string, unknown>(plan.refs);
  for (const [placeholder, group] of groups) ids.set(placeholder, group.id);
  const blocks = new Map<string, unknown>([...(plan.deployTimeCidrs ?? [])].map(([standIn, d]) => [standIn, d.value]));
  const resolve = (s: Record<string, unknown>): Record<string, unknown> => {
    if (typeof s.group === "string" && ids.has(s.group)) return { ...s, group: ids.get(s.group) };
    if (typeof s.cidr === "string" && blocks.has(s.cidr)) return { ...s, cidr: blocks.get(s.cidr) };
    return s;
  };
  const own = (plan.intents ?? []).map((i) => {
    const a = intentToArgs(i) as unknown as Record<string, unknown> & { unless?: Record<string, unknown>[] };
    const out: Record<string, unknown> = { ...a, from: resolve(a.from as Record<string, unknown>), to: resolve(a.to as Record<string, unknown>) };
    if (a.unless) out.unless = a.unless.map((u) => ({ ...u, from: resolve(u.from as Record<string, unknown>), to: resolve(u.to as Record<string, unknown>) }));
    return out;
  });
  return pulumi.output([...own, ...user.map((i) => intentToArgs(i))]) as unknown as pulumi.Output<DeclaredIntent[]>;
}

/**
 * Three security groups for a three-tier application. By default web admits tcp 80 and 443
 * from anywhere, app admits only the web group on 8080, the database admits only the app group
 * on its engine's port and drops that port from everywhere else at priority 100, and each tier
 * isolates its own members. Refuses unsafe arguments (an admin port open to the world) before
 * anything is created. Passed to other components (appId as a source, a Connection), its
 * groups are the library's: with egress restricted, their egress is written too.
 */
export class ThreeTierSecurityGroups extends pulumi.ComponentResource {
  /** Id of the web tier's group. */
  readonly webId: pulumi.Output<string>;
  /** Id of the application tier's group. */
  readonly appId: pulumi.Output<string>;
  /** Id of the database tier's group. */
  readonly dbId: pulumi.Output<string>;
  /** Ids of every rule the component created. */
  readonly ruleIds: pulumi.Output<string[]>;
  /** What the component promises (its own intents, groups named by their ids) and the caller's intents: what audit and diff of a preview prove. */
  readonly intents: pulumi.Output<DeclaredIntent[]>;

  constructor(name: string, args: ThreeTierSecurityGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
    const { args: a, plan, intents } = planFromSchema("ThreeTierSecurityGroups", name, args);
    super(componentType("ThreeTierSecurityGroups"), name, {}, opts);
    const out = emitPlan(this, plan, a.vpcId as pulumi.Input<string>);
    const wired = wireComponent(this, name, plan, out, { egressRestricted: () => a.egress === "restricted" });
    this.webId = out.groups.get("sg-web")!.id;
    this.appId = out.groups.get("sg-app")!.id;
    this.dbId = out.groups.get("sg-db")!.id;
    const ruleIds = ruleIdsAfter(wired, out.rules);
    this.ruleIds = ruleIds.outputs;
    this.intents = intentsOutput(plan, out.groups, intents);
    this.registerOutputs({ webId: this.webId, appId: this.appId, dbId: this.dbId, ruleIds: ruleIds.state, intents: this.intents });
  }
}

/**
 * A group for database instances: the engine's port admits only the named sources, and a drop
 * rule at denyPriority (100) denies the port to everyone else. Members are isolated. A source
 * that is a group of this library (another component's id output) with restricted egress gets
 * its egress to the database written too.
 */
export class DatabaseSecurityGroup extends pulumi.ComponentResource {
  /** Id of the database's group. */
  readonly groupId: pulumi.Output<string>;
  /** Ids of every rule the component created. */
  readonly ruleIds: pulumi.Output<string[]>;
  /** What the component promises (its own intents, groups named by their ids) and the caller's intents: what audit and diff of a preview prove. */
  readonly intents: pulumi.Output<DeclaredIntent[]>;

  constructor(name: string, args: DatabaseSecurityGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    const { args: a, plan, intents } = planFromSchema("DatabaseSecurityGroup", name, args);
    super(componentType("DatabaseSecurityGroup"), name, {}, opts);
    const out = emitPlan(this, plan, a.vpcId as pulumi.Input<string>);
    const wired = wireComponent(this, name, plan, out, { egressRestricted: () => false });
    this.groupId = out.groups.get("sg-db")!.id;
    const ruleIds = ruleIdsAfter(wired, out.rules);
    this.ruleIds = ruleIds.outputs;
    this.intents = intentsOutput(plan, out.groups, intents);
    this.registerOutputs({ groupId: this.groupId, ruleIds: ruleIds.state, intents: this.intents });
  }
}

/**
 * Interconnects instances by one of four methods: single-ip, same-group, dedicated-group or
 * group-authorization. same-group and dedicated-group create one basic group (groupId).
 */
export class InterconnectGroup extends pulumi.ComponentResource {
  /** Id of the group same-group and dedicated-group create; absent for the other methods. */
  readonly groupId?: pulumi.Output<string>;
  /** Ids of every rule the component created. */
  readonly ruleIds: pulumi.Output<string[]>;
  /** What the component promises (its own intents, groups named by their ids) and the caller's intents: what audit and diff of a preview prove. */
  readonly intents: pulumi.Output<DeclaredIntent[]>;

  constructor(name: string, args: InterconnectGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    const { args: a, plan, intents } = planFromSchema("InterconnectGroup", name, args);
    super(componentType("InterconnectGroup"), name, {}, opts);
    const out = emitPlan(this, plan, a.vpcId as pulumi.Input<string> | undefined);
    const wired = wireComponent(this, name, plan, out);
    this.groupId = out.groups.get("sg-interconnect")?.id;
    const ruleIds = ruleIdsAfter(wired, out.rules);
    this.ruleIds = ruleIds.outputs;
    this.intents = intentsOutput(plan, out.groups, intents);
    this.registerOutputs({ groupId: this.groupId, ruleIds: ruleIds.state, intents: this.intents });
  }
}

/**
 * Admits remote administration into an existing group: SSH (linux) or RDP (windows) from
 * Workbench's private range 100.104.0.0/16 by default, and from adminSources.
 */
export class WorkbenchAccess extends pulumi.ComponentResource {
  /** Ids of every rule the component created. */
  readonly ruleIds: pulumi.Output<string[]>;
  /** What the component promises (its own intents, groups named by their ids) and the caller's intents: what audit and diff of a preview prove. */
  readonly intents: pulumi.Output<DeclaredIntent[]>;

  constructor(name: string, args: WorkbenchAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    const { args: a, plan, intents } = planFromSchema("WorkbenchAccess", name, args);
    super(componentType("WorkbenchAccess"), name, {}, opts);
    const out = emitPlan(this, plan);
    const wired = wireComponent(this, name, plan, out);
    const ruleIds = ruleIdsAfter(wired, out.rules);
    this.ruleIds = ruleIds.outputs;
    this.intents = intentsOutput(plan, out.groups, intents);
    this.registerOutputs({ ruleIds: ruleIds.state, intents: this.intents });
  }
}

/**
 * Turns a group's outbound traffic into a whitelist: one accept egress rule per destination and
 * port at allowPriority (1), and drop-all egress rules to 0.0.0.0/0 and ::/0 at denyAllPriority
 * (100). On a group of this library, paths to the components that admit it (before or after)
 * get their egress accepts here.
 */
export class OutboundWhitelist extends pulumi.ComponentResource {
  /** Ids of every rule the component created. */
  readonly ruleIds: pulumi.Output<string[]>;
  /** What the component promises (its own intents, groups named by their ids) and the caller's intents: what audit and diff of a preview prove. */
  readonly intents: pulumi.Output<DeclaredIntent[]>;

  constructor(name: string, args: OutboundWhitelistArgs, opts?: pulumi.ComponentResourceOptions) {
    const { args: a, plan, intents } = planFromSchema("OutboundWhitelist", name, args);
    super(componentType("OutboundWhitelist"), name, {}, opts);
    const out = emitPlan(this, plan);
    const wired = wireComponent(this, name, plan, out, { whitelist: { target: a.securityGroupId, restricts: a.denyAll !== false } });
    const ruleIds = ruleIdsAfter(wired, out.rules);
    this.ruleIds = ruleIds.outputs;
    this.intents = intentsOutput(plan, out.groups, intents);
    this.registerOutputs({ ruleIds: ruleIds.state, intents: this.intents });
  }
}

/** Refuses a Connection's arguments, naming the instance. */
function refuseConnection(name: string, field: string, value: unknown, problem: string, fix: string): never {
  throw new ValidationError("invalid-argument", field, value, problem, fix).inComponent("Connection", name);
}

/**
 * "Members of from may reach members of to on ports", written on both sides where the library
 * made the groups (ids from other components' outputs): the receiver's ingress rule, and the
 * sender's egress rule where its egress is restricted (egress "restricted" tiers, or an
 * OutboundWhitelist). The rules are the owning components' own, as with the TypeScript
 * `connections()` verbs: children of those components, guarded with their quotas, refused the
 * same way. A group the library did not make gets no rule: only the sides the library owns are
 * written, and a Connection between two groups it did not make is refused.
 */
export class Connection extends pulumi.ComponentResource {
  /** True when the receiving group's ingress rule was written (to is a group this library made). */
  readonly ingress: pulumi.Output<boolean>;
  /** True when the sending group's egress rule was written (from is a group this library made, whose egress is restricted). */
  readonly egress: pulumi.Output<boolean>;

  constructor(name: string, args: ConnectionArgs, opts?: pulumi.ComponentResourceOptions) {
    const a = toPlanArgs("Connection", name, args);
    for (const key of Object.keys(a)) {
      if (!["from", "to", "ports", "fromName", "toName"].includes(key)) refuseConnection(name, `args.${key}`, key, "is not an argument of Connection", "Use from, to, ports, portNumbers, fromName and toName.");
    }
    for (const key of ["from", "to"] as const) {
      if (a[key] === undefined) refuseConnection(name, `args.${key}`, undefined, "is missing", `Pass the ${key === "from" ? "sending" : "receiving"} group's id, e.g. a component's appId or groupId.`);
    }
    const ports = a.ports as unknown[] | undefined;
    if (!Array.isArray(ports) || ports.length === 0) refuseConnection(name, "args.ports", ports, "names no port: the connection would admit nothing", 'Name the ports, e.g. ports: ["tcp:6379"] or portNumbers: [6379].');
    super(componentType("Connection"), name, {}, opts);
    // What was written, or why nothing could be: a refusal fails the construction through ingress.
    // (The refusal stays outside the Output's value: an Output copies an error into a plain object.)
    let refusal: unknown;
    const sides: Promise<{ ingress: boolean; egress: boolean }> = (async () => {
      const [from, to] = await Promise.all([libraryGroupOf(a.from), libraryGroupOf(a.to)]);
      // The connection that writes the sender's egress: its own component's when that restricts it, else its whitelist's.
      const sender = from ? resolveGroups({ from }).senders[0]?.connection : undefined;
      const egress = sender?.egressRestricted === true;
      if (to) {
        const peer = from ?? { securityGroupId: a.from, ...(a.fromName !== undefined ? { name: a.fromName } : {}) };
        (connectionsOf(to) as Connections).allowFrom(peer as never, ...(ports as never[]));
        return { ingress: true, egress };
      }
      if (!from || !sender) {
        refuseConnection(name, "args.to", "<a group id>", "is not a group this library made, and neither is args.from: a Connection writes only the sides of groups this library made", "Pass the id output of a component (webId, appId, dbId, groupId) as from or to, or admit the sender with the receiving component's sources.");
      }
      if (egress) new Connections(sender, from).allowTo({ securityGroupId: a.to, ...(a.toName !== undefined ? { name: a.toName } : {}) } as never, ...(ports as never[]));
      return { ingress: false, egress };
    })().catch((e: unknown) => {
      refusal = e;
      return { ingress: false, egress: false };
    });
    const outcome = pulumi.output(sides);
    this.ingress = outcome.apply((s) => {
      if (refusal !== undefined) throw refusal;
      return s.ingress;
    });
    this.egress = outcome.apply((s) => s.egress);
    // The state never fails: the construction reports a refusal once, through ingress.
    this.registerOutputs({ ingress: outcome.apply((s) => s.ingress), egress: this.egress });
  }
}
