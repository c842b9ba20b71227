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
import { EmittedPlan, SecurityGroupPlan, registerConnections, registerPromises, registerWhitelist, wirePromises } from "alicloud-secgroups/components";

/** What a plan's placeholder stands for. */
type GroupIdRef = SecurityGroupPlan["refs"] extends ReadonlyMap<string, infer R> ? R : never;

/** A security group resource the library made (an `alicloud.ecs.SecurityGroup`). */
type Group = EmittedPlan["groups"] extends ReadonlyMap<string, infer G> ? G : never;

/** The groups this process made, by the URN of their resource. */
const BY_URN = new Map<string, Group>();
/** The same groups by id, once the id is known. */
const BY_ID = new Map<string, Group>();
/** URNs not known yet, of groups just made. */
const pending = new Set<Promise<unknown>>();

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

/** How a component joins the wiring. */
export interface WiringOptions {
  /** The component made connectable groups (ThreeTierSecurityGroups, DatabaseSecurityGroup): whether a group's egress is restricted, by label. */
  egressRestricted?: (label: string) => boolean;
  /** The component is an OutboundWhitelist: its target group, and whether it writes the drop-all. */
  whitelist?: { target: unknown; restricts: boolean };
}

/**
 * What the TypeScript constructors do after emitting, for a component constructed by the
 * provider: its groups become connectable (and are remembered by URN); its promises are
 * registered; every id in its plan that stands for a group of this library (an id output of
 * another call) is taken as that group's own id, so each allow-intent from such a group is a path
 * whose egress accept the library writes wherever the group's egress is restricted, whichever
 * component was constructed first; a whitelist marks its group's egress restricted. Returns when
 * every rule is registered; rejects with the guard's error (a quota) otherwise.
 */
export async function wireComponent(owner: pulumi.ComponentResource, name: string, plan: SecurityGroupPlan, out: EmittedPlan, options: WiringOptions = {}): Promise<void> {
  if (options.egressRestricted) {
    registerConnections(owner, plan.component, name, plan, out.groups, options.egressRestricted);
    rememberGroups(out.groups.values());
  }
  // Keyed by each group's own id output, which the library finds a group by (and writes rules on).
  const refs = new Map(plan.refs);
  for (const [placeholder, value] of plan.refs) {
    const group = await libraryGroupOf(value);
    if (group) refs.set(placeholder, group.id as GroupIdRef);
  }
  if (options.whitelist) {
    const group = await libraryGroupOf(options.whitelist.target);
    registerWhitelist(owner, plan, group ? group.id : options.whitelist.target, options.whitelist.restricts);
  }
  registerPromises(plan, out.groups);
  wirePromises(owner, { ...plan, refs }, out.groups);
}
