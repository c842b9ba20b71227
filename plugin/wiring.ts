/**
 * Both sides of a path, when each component is constructed by its own call: Python, Go, C#
 * and YAML programs construct every component through the provider, and a group passes from
 * one to another only as its id. The id arrives as a new Output, but what it was computed from
 * does not change: the engine passes each input with its dependencies, the URNs of the
 * resources it comes from (a component's `appId` output depends on its `app` group, which the
 * provider reports with the component's outputs). The plugin remembers the groups it made by
 * URN (and by id once known, for a value passed without its dependencies), so an id from
 * another call is recognised as a group this library made, and the library's own verbs
 * (lib/components/connections.ts) write the other side: the sender's egress where it is
 * restricted, the receiver's ingress for a `Connection`.
 *
 * The lookup waits on URNs only, which the engine gives at preview too, so the rules it writes
 * are in the preview. An id passed without dependencies and not known yet (a preview) is taken
 * for a group the library did not make: only the receiving side is written, as in TypeScript for
 * a bare id.
 */
import * as pulumi from "@pulumi/pulumi";
import { EmittedPlan, SecurityGroupPlan, Sender, registerConnections, registerWhitelist, resolveGroups, wireSenders } from "alicloud-secgroups/components";

/** A security group resource the library made (an `alicloud.ecs.SecurityGroup`). */
type Group = EmittedPlan["groups"] extends ReadonlyMap<string, infer G> ? G : never;

/** The groups this process made, by the URN of their resource. */
const BY_URN = new Map<string, Group>();
/** The same groups by id, once the id is known. */
const BY_ID = new Map<string, Group>();
/** URNs not known yet, of groups just made. */
const pending = new Set<Promise<unknown>>();

/** Receivers that admit a group of this library: a whitelist on that group made later wires them. */
const RECEIVERS: { plan: SecurityGroupPlan; created: ReadonlyMap<string, Group>; id: object | string; group: Group }[] = [];

/** The value of an Output once known, or undefined (an unknown value never resolves its apply). */
function valueOf(output: pulumi.Output<unknown>): Promise<unknown> {
  return new Promise((resolve) => {
    // The internal promise resolves unknowns too (to undefined), so a preview never waits forever.
    const internal = (output as unknown as { promise?: (withUnknowns?: boolean) => Promise<unknown> }).promise;
    if (internal) internal.call(output, false).then(resolve, () => resolve(undefined));
    else resolve(undefined);
  });
}

/** Remembers the groups a component made, so ids of them passed to other components are recognised. */
export function rememberGroups(groups: Iterable<Group>): void {
  for (const g of groups) {
    const urn = valueOf(g.urn).then((u) => {
      if (typeof u === "string") BY_URN.set(u, g);
    });
    pending.add(urn);
    void urn.finally(() => pending.delete(urn));
    g.id.apply((id) => {
      if (typeof id === "string" && id !== "") BY_ID.set(id, g);
      return id;
    });
  }
}

/** The URNs an Output was computed from (the resources it depends on). */
async function dependencyUrns(output: object): Promise<string[]> {
  const resources = (output as { resources?: () => Set<pulumi.Resource> }).resources?.();
  const urns = await Promise.all([...(resources ?? [])].map((r) => valueOf(r.urn)));
  return urns.filter((u): u is string => typeof u === "string");
}

/** The group this library made that a value (an id Output, an id) stands for, or undefined. */
export async function libraryGroupOf(value: unknown): Promise<Group | undefined> {
  await Promise.all([...pending]);
  if (typeof value === "string") return BY_ID.get(value);
  if (!pulumi.Output.isInstance(value)) return undefined;
  for (const urn of await dependencyUrns(value)) {
    const g = BY_URN.get(urn);
    if (g) return g;
  }
  const known = await valueOf(value);
  return typeof known === "string" ? BY_ID.get(known) : undefined;
}

/** Every group id in a component's arguments, where peers and targets name groups (`securityGroupId`), once each. */
function groupIds(args: unknown): (object | string)[] {
  const out: (object | string)[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null && !pulumi.Output.isInstance(v) && !pulumi.Resource.isInstance(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (k === "securityGroupId" && (typeof x === "string" || (typeof x === "object" && x !== null)) && !out.includes(x as object | string)) out.push(x as object | string);
        else if (k !== "tags") walk(x);
      }
    }
  };
  walk(args);
  return out;
}

/** How a component joins the wiring. */
export interface WiringOptions {
  /** The component made connectable groups (ThreeTierSecurityGroups, DatabaseSecurityGroup): whether a group's egress is restricted, by label. */
  egressRestricted?: (label: string) => boolean;
  /** The component is an OutboundWhitelist: its target group, and whether it writes the drop-all. */
  whitelist?: { target: unknown; restricts: boolean };
}

/**
 * What the TypeScript constructors do after emitting, for a component constructed by the
 * provider: its groups become connectable (and are remembered by URN); every group of this
 * library its arguments name is a sender whose egress the library writes where restricted; a
 * whitelist marks its group's egress restricted, and wires the receivers that already admit
 * it. Returns when every rule is registered; rejects with the guard's error (a quota) otherwise.
 */
export async function wireComponent(owner: pulumi.ComponentResource, name: string, plan: SecurityGroupPlan, out: EmittedPlan, args: unknown, options: WiringOptions = {}): Promise<void> {
  if (options.egressRestricted) {
    registerConnections(owner, plan.component, name, plan, out.groups, options.egressRestricted);
    rememberGroups(out.groups.values());
  }
  const senders: Sender[] = [];
  for (const id of groupIds(args)) {
    const group = await libraryGroupOf(id);
    if (!group) continue;
    senders.push({ id: id as object, connection: resolveGroups({ group }).senders[0]?.connection });
    RECEIVERS.push({ plan, created: out.groups, id, group });
  }
  wireSenders(plan, out.groups, senders);
  if (options.whitelist) {
    const group = await libraryGroupOf(options.whitelist.target);
    // Keyed by the group's own id output, which the library finds the group by (and writes rules on).
    registerWhitelist(owner, plan, group ? group.id : options.whitelist.target, options.whitelist.restricts);
    if (!group || !options.whitelist.restricts) return;
    // The whitelist now writes the group's egress (unless its own component restricts it already).
    const connection = resolveGroups({ group }).senders[0]?.connection;
    if (connection?.owner !== owner) return;
    for (const r of RECEIVERS) if (r.group === group && r.plan !== plan) wireSenders(r.plan, r.created, [{ id: r.id as object, connection }], false);
  }
}
