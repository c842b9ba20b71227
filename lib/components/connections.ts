/**
 * Both sides of every path, in the spirit of AWS CDK's `Connections`. A group is *connectable*
 * where a source is accepted: pass the group resource itself (`sources: [tiers.app]`). When the
 * library made that group and restricts its egress (ThreeTier `egress: "restricted"`), the
 * receiving component writes its ingress rule and the sender's egress rule to the receiver, so no
 * path the caller asked for is dead on arrival. The egress rule joins the sender's own
 * component: its plan, its guard (quotas) and its children. Given a bare id, or a group the
 * library did not make, only the receiving side is written.
 */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../model/errors";
import type { Intent } from "../analysis/intents";
import { parseCidr } from "../model/ip";
import { RuleArgs } from "../model/rule";
import type { PeerSource } from "../plans/entries";
import { PeerEntries } from "../plans/entries";
import { Placeholders } from "../plans/placeholders";
import { parsePortSpecs, specFields, specText } from "../plans/port-spec";
import type { PortEntry } from "../plans/ports";
import { PlannedGroup, SecurityGroupPlan, guardPlan } from "../plans";
import { RuleCollector } from "../plans/plan";
import { slug } from "../plans/names";
import { IntentCollector, entrySelector, groupSelector } from "../plans/intents";
import { emitPlan } from "./emit";
import { registerPromises } from "./promises";
import { checkOwnership } from "./ownership";

/** What the library knows of a group it made, for the paths that start there. */
export interface GroupConnection {
  /** The component that owns the group, e.g. `ThreeTierSecurityGroups "shop"`. */
  readonly owner: pulumi.ComponentResource;
  /** The owning component's type and name, for messages. */
  readonly component: string;
  readonly componentName: string;
  /** The group's label in the owner's child names (`app`). */
  readonly label: string;
  /** The group's placeholder in the owner's plan (`sg-app`). */
  readonly placeholder: string;
  /** The owner's plan: its group's rules count against the quota. */
  readonly plan: SecurityGroupPlan;
  /** True when outbound traffic is restricted (a drop-all), so a path needs an egress accept. */
  readonly egressRestricted: boolean;
  /** The group's id, as the owner's rules reference it. */
  readonly groupId: pulumi.Input<string>;
}

const CONNECTIONS = new WeakMap<object, GroupConnection>();
/** Egress rules added to a group after its component was constructed, by group. */
const ADDED = new WeakMap<object, RuleArgs[]>();

/** Records a group the library made, so it can be passed where sources are accepted. */
export function registerConnection(group: alicloud.ecs.SecurityGroup, connection: GroupConnection): void {
  CONNECTIONS.set(group, connection);
  CONNECTIONS.set(group.id, connection);
}

/** A sender found among a component's arguments. */
export interface Sender {
  /** The `id` output the arguments now hold in its place. */
  readonly id: object;
  /** The group, when the library made it (then the egress side can be written). */
  readonly connection?: GroupConnection;
}

function isGroupResource(value: unknown): value is alicloud.ecs.SecurityGroup {
  return value instanceof alicloud.ecs.SecurityGroup || (pulumi.CustomResource.isInstance(value) && (value as { __pulumiType?: string }).__pulumiType === "alicloud:ecs/securityGroup:SecurityGroup");
}

function resourceName(value: object): string {
  const name = (value as { __name?: unknown }).__name;
  return typeof name === "string" ? name : "group";
}

/**
 * Replaces every security group resource in a component's arguments (in a list, or as a
 * `securityGroupId`) with the entry form the planners read (`{ securityGroupId: group.id, name }`),
 * and returns the senders it found.
 */
export function resolveGroups<T>(args: T): { args: T; senders: Sender[] } {
  const senders: Sender[] = [];
  const seen = new Set<object>();
  const note = (group: alicloud.ecs.SecurityGroup) => {
    if (seen.has(group)) return;
    seen.add(group);
    senders.push({ id: group.id, connection: senderConnection(group) });
  };
  const walk = (value: unknown): unknown => {
    if (isGroupResource(value)) {
      note(value);
      const c = CONNECTIONS.get(value);
      return { securityGroupId: value.id, name: c ? `${c.componentName}-${c.label}` : resourceName(value) };
    }
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (k === "securityGroupId" && isGroupResource(v)) {
          note(v);
          out[k] = v.id;
        } else out[k] = walk(v);
      }
      return out;
    }
    // Also a group's id output passed directly: the library knows whose it is.
    if (typeof value === "object" && value !== null && senderConnection(value) !== undefined) senders.push({ id: value, connection: senderConnection(value) });
    return value;
  };
  return { args: walk(args) as T, senders };
}

/** One allow-intent path a component declared from a group: the sender's egress is written wherever another component restricts it. */
interface PromisedPath {
  /** The sender group's id as the declaring component was given it (a string, or the id output of a group). */
  readonly sender: unknown;
  /** The receiver: a group's id, or a block. */
  readonly receiver: { groupId?: pulumi.Input<string>; block?: string };
  /** The receiver as child names and descriptions say it (`shop-db`), and its component. */
  readonly peerName: string;
  readonly receiverText: string;
  /** The protocols and ports the path needs. */
  readonly traffic: readonly Pick<RuleArgs, "ipProtocol" | "portRange">[];
  /** The declaring component. */
  readonly owner: pulumi.ComponentResource;
  /** True when the declaring component's planner wrote the path's egress wherever it restricts the sender itself. */
  readonly ownPlanner: boolean;
}

/** Paths declared so far, per deployment, for a restrictor constructed later. */
const PATHS = new WeakMap<object, PromisedPath[]>();
/** Paths wired already, by restrictor and path, so that neither construction order writes one twice. */
const WIRED = new WeakMap<object, Set<PromisedPath>>();

function paths(): PromisedPath[] {
  const key = (pulumi.runtime.getMonitor() as unknown as object | undefined) ?? NO_MONITOR;
  let list = PATHS.get(key);
  if (!list) PATHS.set(key, (list = []));
  return list;
}

/** Rule fields of an intent's port entries. */
function trafficOf(ports: Intent["ports"]): Pick<RuleArgs, "ipProtocol" | "portRange">[] {
  if (ports === "*") return [{ ipProtocol: "all", portRange: "-1/-1" }];
  return parsePortSpecs("ports", [...ports], []).map(specFields);
}

/**
 * After a component is emitted: records the paths its allow-intents declare from a group, and
 * writes each sender's egress accept wherever another component restricts that sender's egress
 * (a restricted tier, an OutboundWhitelist), as a child of the restricting component, guarded with
 * its plan. A restrictor constructed later writes them when it registers ({@link registerWhitelist},
 * {@link registerConnections}). A component never wires its own promises: its planner writes them.
 */
export function wirePromises(owner: pulumi.ComponentResource, plan: SecurityGroupPlan, created: ReadonlyMap<string, alicloud.ecs.SecurityGroup>, ownPlanner = true): void {
  const idOf = (placeholder: string): unknown => created.get(placeholder)?.id ?? plan.refs.get(placeholder);
  for (const intent of plan.intents ?? []) {
    if (intent.expect !== "allow" || typeof intent.from !== "object" || !("group" in intent.from)) continue;
    const sender = idOf(intent.from.group);
    if (sender === undefined) continue;
    let receiver: PromisedPath["receiver"];
    let peerName: string;
    if (typeof intent.to === "object" && "group" in intent.to) {
      const placeholder = intent.to.group;
      const g = plan.groups.find((x) => x.model.id === placeholder);
      if (!g) continue;
      receiver = { groupId: idOf(placeholder) as pulumi.Input<string> };
      peerName = `${plan.name}-${g.label || slug(plan.component)}`;
    } else if (typeof intent.to === "string" && !intent.to.startsWith("internet") && intent.to !== "anywhere") {
      receiver = { block: intent.to };
      peerName = intent.to;
    } else continue;
    const traffic = trafficOf(intent.ports);
    // A component that writes the sender's egress for this path itself (a whitelist, a restricted tier) needs no one else to.
    if (writesEgress(plan, intent.from.group, typeof intent.to === "object" && "group" in intent.to ? { sourceSecurityGroupId: intent.to.group } : { block: intent.to as string }, traffic)) continue;
    const path: PromisedPath = { sender, receiver, peerName, receiverText: `${plan.component} "${plan.name}"`, traffic, owner, ownPlanner };
    paths().push(path);
    const c = senderConnection(sender as object);
    if (c && c.egressRestricted) wirePath(c, path);
  }
}

/** True when the plan's group `sender` holds an egress accept to the peer for every protocol and port of `traffic`. */
function writesEgress(plan: SecurityGroupPlan, sender: string, peer: { sourceSecurityGroupId?: string; block?: string }, traffic: readonly Pick<RuleArgs, "ipProtocol" | "portRange">[]): boolean {
  const g = plan.groups.find((x) => x.model.id === sender);
  if (!g) return false;
  const to = (r: RuleArgs) => (peer.sourceSecurityGroupId !== undefined ? r.sourceSecurityGroupId === peer.sourceSecurityGroupId : (r.cidrIp ?? r.ipv6CidrIp) === peer.block || (r.cidrIp ?? r.ipv6CidrIp) === parseCidrText(peer.block));
  return traffic.every((t) => g.model.rules.some((r) => r.type === "egress" && r.policy !== "drop" && (r.ipProtocol === t.ipProtocol || r.ipProtocol === "all") && (r.portRange ?? "-1/-1") === (t.portRange ?? "-1/-1") && to(r)));
}

function parseCidrText(text: string | undefined): string | undefined {
  return text === undefined ? undefined : parseCidr(text)?.text;
}

/** Writes one path's egress accepts into the restricting component, once. */
function wirePath(c: GroupConnection, path: PromisedPath): void {
  if (path.ownPlanner && c.owner === path.owner) return;
  let done = WIRED.get(c.owner);
  if (!done) WIRED.set(c.owner, (done = new Set()));
  if (done.has(path)) return;
  done.add(path);
  if (path.receiver.groupId !== undefined) {
    addEgress(c, path.peerName, path.receiver.groupId, path.traffic, path.receiverText);
  } else {
    const ph = new Placeholders();
    const entries = new PeerEntries(ph);
    const e = entries.parse("connections", path.receiver.block, { what: "an egress accept", refuseWorld: false });
    const rules = new RuleCollector(`${c.componentName} ${c.label}`, c.plan.unsafeReason, "vpc", entries);
    for (const t of path.traffic) rules.add(e.field, { type: "egress", ...t, policy: "accept", priority: 1, ...e.peer.toRuleFields() }, `may reach ${path.receiverText} (${e.label}) on what it admits from this tier`);
    joinOwner(c, rules, ph.refs(), `connections (from ${path.receiverText})`, entries.deployTimeCidrs);
  }
}

/** Paths declared earlier from a group a restrictor now restricts: wire them. */
function wireEarlierPaths(c: GroupConnection, given: unknown): void {
  const same = (sender: unknown) => sender === given || (given instanceof alicloud.ecs.SecurityGroup && sender === given.id);
  for (const path of paths()) if (same(path.sender)) wirePath(c, path);
}

function addEgress(c: GroupConnection, peerName: string, peerId: pulumi.Input<string>, admitted: readonly Pick<RuleArgs, "ipProtocol" | "portRange">[], receiverText: string): void {
  const peer = `sg-to-${slug(peerName)}`;
  const names = { nameOf: () => slug(peerName) };
  const rules = new RuleCollector(`${c.componentName} ${c.label}`, c.plan.unsafeReason, "vpc", names);
  for (const r of admitted) {
    rules.add("connections", { type: "egress", ipProtocol: r.ipProtocol, portRange: r.portRange, policy: "accept", priority: 1, sourceSecurityGroupId: peer }, `may reach ${receiverText} (${peerName}) on what it admits from this tier`);
  }
  joinOwner(c, rules, new Map([[peer, peerId as object]]), `connections (from ${receiverText})`);
}

/**
 * Adds rules to a group the library made after its component was constructed: they join the
 * owner's plan (every rule the group holds counts against its quota), pass its guard, claim their
 * cloud rules, and are emitted as the owner's children.
 */
function joinOwner(c: GroupConnection, rules: RuleCollector, refs: ReadonlyMap<string, unknown>, field: string, deployTimeCidrs?: SecurityGroupPlan["deployTimeCidrs"], intents?: Intent[]): SecurityGroupPlan {
  const owner = c.plan.groups.find((g) => g.model.id === c.placeholder) as PlannedGroup;
  const previous = ADDED.get(c.owner) ?? [];
  const group: PlannedGroup = { ...owner, created: false, field, existingRules: (owner.existingRules ?? 0) + owner.model.rules.length + previous.length, ruleNames: rules.ruleNames(), model: { id: c.placeholder, type: owner.model.type, rules: rules.finish() } };
  const allRefs = new Map<string, object>([...refs].map(([k, v]) => [k, v as object]));
  allRefs.set(c.placeholder, c.groupId as object);
  let plan: SecurityGroupPlan;
  try {
    plan = guardPlan({ component: c.component, name: c.componentName, groups: [group], members: [], refs: allRefs, unsafeReason: c.plan.unsafeReason, maxGroupsPerInstance: c.plan.maxGroupsPerInstance, deployTimeCidrs, ...(intents ? { intents } : {}) });
  } catch (err) {
    throw err instanceof ValidationError ? err.inComponent(c.component, c.componentName) : err;
  }
  const claim = checkOwnership(plan);
  emitPlan(c.owner, plan, undefined, claim);
  ADDED.set(c.owner, [...previous, ...plan.groups[0].model.rules]);
  registerPromises(plan, new Map());
  return plan;
}

/** Registers the created groups of a component as connectable. */
export function registerConnections(owner: pulumi.ComponentResource, component: string, componentName: string, plan: SecurityGroupPlan, groups: ReadonlyMap<string, alicloud.ecs.SecurityGroup>, egressRestricted: (label: string) => boolean): void {
  for (const g of plan.groups) {
    const resource = groups.get(g.model.id);
    if (!resource) continue;
    const connection: GroupConnection = { owner, component, componentName, label: g.label, placeholder: g.model.id, plan, egressRestricted: egressRestricted(g.label), groupId: resource.id };
    registerConnection(resource, connection);
  }
}

/**
 * The intent verbs of one group the library made (`tiers.connections("app")`): "this group may
 * be reached from X on P" and "this group may reach X on P", each written on both sides where the
 * library owns both: the receiver's ingress, and the sender's egress wherever it is restricted.
 * Rules join the owning component's plan and guard (quotas, world-open) and are refused the same
 * way; a group the library did not make (a bare id, a CIDR) gets only this group's side.
 */
export class Connections {
  /** @internal */
  constructor(
    private readonly connection: GroupConnection,
    private readonly group: alicloud.ecs.SecurityGroup,
  ) {}

  /** Admits `peer` on `ports` (numbers are tcp; `"udp:123"`, `"tcp:8000-8080"`, `"icmp"`…) into this group. */
  allowFrom(peer: PeerSource | alicloud.ecs.SecurityGroup, ...ports: PortEntry[]): void {
    const c = this.connection;
    // Errors name the component, the group and the verb: `ThreeTierSecurityGroups "shop": connections("app").allowFrom.ports[0]`.
    const field = `${this.verbs()}.allowFrom`;
    const specs = this.inOwner(() => parsePortSpecs(`${field}.ports`, ports.length === 0 ? undefined : ports, []));
    const { args: resolved, senders } = resolveGroups({ peer });
    const ph = new Placeholders();
    const entries = new PeerEntries(ph);
    const unsafe = c.plan.unsafeReason;
    let e;
    try {
      e = entries.parse(`${field}.peer`, (resolved as { peer: unknown }).peer, { what: `the ${c.label} group's ${specs.map(specText).join(", ")}`, refuseWorld: true, unsafeReason: unsafe });
    } catch (err) {
      throw err instanceof ValidationError ? err.inComponent(c.component, c.componentName) : err;
    }
    const rules = new RuleCollector(`${c.componentName} ${c.label}`, unsafe, "vpc", entries);
    for (const p of specs) rules.add(e.field, { type: "ingress", ...specFields(p), policy: "accept", priority: 1, ...e.peer.toRuleFields() }, `${e.label} reaches ${specText(p)} (allowFrom)`, e.world);
    const promises = new IntentCollector(c.component, c.componentName);
    promises.allow(`allow-from-to-${c.label}`, entrySelector(e), groupSelector(c.placeholder), specs, `${e.label} reaches the ${c.label} group (allowFrom)`);
    const plan = this.join(rules, ph.refs(), entries, promises.finish());
    // The sender's egress, wherever another component (or this one) restricts it.
    void senders;
    wirePromises(c.owner, plan, new Map(), false);
  }

  /**
   * Lets this group reach `peer` on `ports`: the peer's ingress when the library made it; else this
   * group's egress accept, written by whichever component restricts it (its own component with
   * restricted egress, or an OutboundWhitelist). Where nothing restricts it yet, the path is open and
   * only promised: a whitelist constructed later writes the accept.
   */
  allowTo(peer: alicloud.ecs.SecurityGroup | PeerSource, ...ports: PortEntry[]): void {
    const field = `${this.verbs()}.allowTo`;
    const specs = this.inOwner(() => parsePortSpecs(`${field}.ports`, ports.length === 0 ? undefined : ports, []));
    const target = peer instanceof alicloud.ecs.SecurityGroup ? CONNECTIONS.get(peer) : undefined;
    if (target) {
      // The receiver is the library's: its component admits this group, and wires this side.
      new Connections(target, peer as alicloud.ecs.SecurityGroup).allowFrom(this.group, ...ports);
      return;
    }
    const own = this.connection;
    // Who writes this group's egress: its own component when that restricts it, else its whitelist.
    const c = senderConnection(this.group) ?? own;
    const { args: resolved } = resolveGroups({ peer });
    const ph = new Placeholders();
    const entries = new PeerEntries(ph);
    let e;
    try {
      e = entries.parse(`${field}.peer`, (resolved as { peer: unknown }).peer, { what: "an egress accept", refuseWorld: false });
    } catch (err) {
      throw err instanceof ValidationError ? err.inComponent(own.component, own.componentName) : err;
    }
    if (!c.egressRestricted) {
      // The group's egress is open: nothing to write, the path is promised for a restrictor constructed later.
      const promises = new IntentCollector(own.component, own.componentName);
      promises.allow(`allow-to-from-${own.label}`, groupSelector(own.placeholder), entrySelector(e), specs, `the ${own.label} group reaches ${e.label} (allowTo)`);
      const refs = new Map<string, object>([...ph.refs()].map(([k, v]) => [k, v as object]));
      refs.set(own.placeholder, own.groupId as object);
      const plan: SecurityGroupPlan = { component: own.component, name: own.componentName, groups: [], members: [], refs, unsafeReason: own.plan.unsafeReason, maxGroupsPerInstance: own.plan.maxGroupsPerInstance, deployTimeCidrs: entries.deployTimeCidrs, intents: promises.finish() };
      registerPromises(plan, new Map());
      wirePromises(own.owner, plan, new Map(), false);
      return;
    }
    const rules = new RuleCollector(`${c.componentName} ${c.label}`, c.plan.unsafeReason, "vpc", entries);
    for (const p of specs) rules.add(e.field, { type: "egress", ...specFields(p), policy: "accept", priority: 1, ...e.peer.toRuleFields() }, `may reach ${e.label} on ${specText(p)} (allowTo)`);
    // The promise is this group's component's, whoever writes the accept; its selector names the writer's plan.
    const promises = new IntentCollector(own.component, own.componentName);
    promises.allow(`allow-to-from-${own.label}`, groupSelector(c.placeholder), entrySelector(e), specs, `the ${own.label} group reaches ${e.label} (allowTo)`);
    joinOwner(c, rules, ph.refs(), "connections", entries.deployTimeCidrs, promises.finish());
  }

  /** How messages name this group's verbs: `connections("app")`. */
  private verbs(): string {
    return `connections(${JSON.stringify(this.connection.label)})`;
  }

  /** Runs `fn`, its refusals naming the owning component and instance. */
  private inOwner<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw err instanceof ValidationError ? err.inComponent(this.connection.component, this.connection.componentName) : err;
    }
  }

  /** Guards the rules with the owner's plan (every rule it holds counts) and emits them as its children. */
  private join(rules: RuleCollector, refs: ReadonlyMap<string, unknown>, entries: PeerEntries, intents: Intent[]): SecurityGroupPlan {
    return joinOwner(this.connection, rules, refs, "connections", entries.deployTimeCidrs, intents);
  }
}

/** The intent verbs of a group the library made, or undefined for any other group. */
export function connectionsOf(group: alicloud.ecs.SecurityGroup): Connections | undefined {
  const c = CONNECTIONS.get(group);
  return c ? new Connections(c, group) : undefined;
}

/** Groups whose egress an OutboundWhitelist restricts, by the group resource or id output it was given. */
const WHITELISTED = new WeakMap<object, GroupConnection>();
const NO_MONITOR = {};

/** The connection that writes a sender's egress: its own component's when that restricts it, else its whitelist's. */
function senderConnection(value: object): GroupConnection | undefined {
  const own = CONNECTIONS.get(value);
  if (own?.egressRestricted) return own;
  const idOutput = value instanceof alicloud.ecs.SecurityGroup ? value.id : value;
  return WHITELISTED.get(value) ?? WHITELISTED.get(idOutput) ?? own;
}

/**
 * Records that an OutboundWhitelist restricts a group's egress (when it writes the drop-all):
 * paths from that group, to receivers constructed before or after, get their egress accept
 * written as children of the whitelist, guarded with its plan.
 */
export function registerWhitelist(owner: pulumi.ComponentResource, plan: SecurityGroupPlan, given: unknown, restricts: boolean): void {
  if (!restricts || typeof given !== "object" || given === null) return;
  const g = plan.groups[0];
  const connection: GroupConnection = { owner, component: plan.component, componentName: plan.name, label: g.label, placeholder: g.model.id, plan, egressRestricted: true, groupId: given as pulumi.Input<string> };
  WHITELISTED.set(given, connection);
  const tiers = CONNECTIONS.get(given);
  if (tiers?.egressRestricted) return;
  // Paths other components declared from this group before: wire them now.
  wireEarlierPaths(connection, given);
}
