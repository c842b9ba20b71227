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
import { RuleArgs } from "../model/rule";
import type { PeerSource } from "../plans/entries";
import { PeerEntries } from "../plans/entries";
import { Placeholders } from "../plans/placeholders";
import { parsePortSpecs, specFields, specText } from "../plans/port-spec";
import type { PortEntry } from "../plans/ports";
import { PlannedGroup, SecurityGroupPlan, guardPlan } from "../plans";
import { RuleCollector } from "../plans/plan";
import { slug } from "../plans/names";
import { emitPlan } from "./emit";
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

/**
 * After a receiving component is emitted: for each sender whose egress is restricted, writes the
 * sender's egress accept to the receiving group on what the receiver admits from it, as a child
 * of the sender's own component, guarded with its plan (the quota counts every rule it holds).
 */
export function wireSenders(receiver: SecurityGroupPlan, created: ReadonlyMap<string, alicloud.ecs.SecurityGroup>, senders: readonly Sender[], remember = true): void {
  // Remembered, so that a whitelist set on a sender later wires what this receiver admits from it.
  if (remember && senders.length > 0) receivers().push({ receiver, created, senders });
  for (const s of senders) {
    const c = s.connection;
    if (!c || !c.egressRestricted) continue;
    const placeholders = [...receiver.refs].filter(([, v]) => v === s.id).map(([p]) => p);
    for (const group of receiver.groups) {
      const admitted = group.model.rules.filter((r) => r.type === "ingress" && r.policy !== "drop" && r.sourceSecurityGroupId !== undefined && placeholders.includes(r.sourceSecurityGroupId));
      if (admitted.length === 0) continue;
      const target = created.get(group.model.id)?.id ?? receiver.refs.get(group.model.id);
      if (target === undefined) continue;
      addEgress(c, `${receiver.name}-${group.label || slug(receiver.component)}`, target as pulumi.Input<string>, admitted, `${receiver.component} "${receiver.name}"`);
    }
  }
}

function addEgress(c: GroupConnection, peerName: string, peerId: pulumi.Input<string>, admitted: readonly RuleArgs[], receiverText: string): void {
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
function joinOwner(c: GroupConnection, rules: RuleCollector, refs: ReadonlyMap<string, unknown>, field: string, deployTimeCidrs?: SecurityGroupPlan["deployTimeCidrs"]): SecurityGroupPlan {
  const owner = c.plan.groups.find((g) => g.model.id === c.placeholder) as PlannedGroup;
  const previous = ADDED.get(c.owner) ?? [];
  const group: PlannedGroup = { ...owner, created: false, field, existingRules: (owner.existingRules ?? 0) + owner.model.rules.length + previous.length, ruleNames: rules.ruleNames(), model: { id: c.placeholder, type: owner.model.type, rules: rules.finish() } };
  const allRefs = new Map<string, object>([...refs].map(([k, v]) => [k, v as object]));
  allRefs.set(c.placeholder, c.groupId as object);
  let plan: SecurityGroupPlan;
  try {
    plan = guardPlan({ component: c.component, name: c.componentName, groups: [group], members: [], refs: allRefs, unsafeReason: c.plan.unsafeReason, maxGroupsPerInstance: c.plan.maxGroupsPerInstance, deployTimeCidrs });
  } catch (err) {
    throw err instanceof ValidationError ? err.inComponent(c.component, c.componentName) : err;
  }
  const claim = checkOwnership(plan);
  emitPlan(c.owner, plan, undefined, claim);
  ADDED.set(c.owner, [...previous, ...plan.groups[0].model.rules]);
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
    const plan = this.join(rules, ph.refs(), entries);
    wireSenders(plan, new Map(), senders);
  }

  /** Lets this group reach `peer` on `ports`: the peer's ingress when the library made it, this group's egress when restricted. */
  allowTo(peer: alicloud.ecs.SecurityGroup | PeerSource, ...ports: PortEntry[]): void {
    const field = `${this.verbs()}.allowTo`;
    const specs = this.inOwner(() => parsePortSpecs(`${field}.ports`, ports.length === 0 ? undefined : ports, []));
    const target = peer instanceof alicloud.ecs.SecurityGroup ? CONNECTIONS.get(peer) : undefined;
    if (target) {
      // The receiver is the library's: its component admits this group, and wires this side.
      new Connections(target, peer as alicloud.ecs.SecurityGroup).allowFrom(this.group, ...ports);
      return;
    }
    const c = this.connection;
    if (!c.egressRestricted) return;
    const { args: resolved } = resolveGroups({ peer });
    const ph = new Placeholders();
    const entries = new PeerEntries(ph);
    let e;
    try {
      e = entries.parse(`${field}.peer`, (resolved as { peer: unknown }).peer, { what: "an egress accept", refuseWorld: false });
    } catch (err) {
      throw err instanceof ValidationError ? err.inComponent(c.component, c.componentName) : err;
    }
    const rules = new RuleCollector(`${c.componentName} ${c.label}`, c.plan.unsafeReason, "vpc", entries);
    for (const p of specs) rules.add(e.field, { type: "egress", ...specFields(p), policy: "accept", priority: 1, ...e.peer.toRuleFields() }, `may reach ${e.label} on ${specText(p)} (allowTo)`);
    this.join(rules, ph.refs(), entries);
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
  private join(rules: RuleCollector, refs: ReadonlyMap<string, unknown>, entries: PeerEntries): SecurityGroupPlan {
    return joinOwner(this.connection, rules, refs, "connections", entries.deployTimeCidrs);
  }
}

/** The intent verbs of a group the library made, or undefined for any other group. */
export function connectionsOf(group: alicloud.ecs.SecurityGroup): Connections | undefined {
  const c = CONNECTIONS.get(group);
  return c ? new Connections(c, group) : undefined;
}

/** Groups whose egress an OutboundWhitelist restricts, by the group resource or id output it was given. */
const WHITELISTED = new WeakMap<object, GroupConnection>();
/** Receivers that admitted a group object, per deployment, for a whitelist constructed later. */
const RECEIVERS = new WeakMap<object, { receiver: SecurityGroupPlan; created: ReadonlyMap<string, alicloud.ecs.SecurityGroup>; senders: readonly Sender[] }[]>();
const NO_MONITOR = {};

function receivers(): { receiver: SecurityGroupPlan; created: ReadonlyMap<string, alicloud.ecs.SecurityGroup>; senders: readonly Sender[] }[] {
  const key = (pulumi.runtime.getMonitor() as unknown as object | undefined) ?? NO_MONITOR;
  let list = RECEIVERS.get(key);
  if (!list) RECEIVERS.set(key, (list = []));
  return list;
}

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
  // Receivers already constructed that admit this group: wire their paths now.
  for (const r of receivers()) {
    const mine = r.senders.filter((s) => s.id === given).map((s) => ({ ...s, connection }));
    if (mine.length > 0) wireSenders(r.receiver, r.created, mine, false);
  }
}
