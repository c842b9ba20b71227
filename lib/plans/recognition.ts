/**
 * What every component's recogniser shares: the candidate it proposes (its arguments, guessed
 * from an export's groups and rules, for the component's own planner to verify), the result
 * once verified, and the helpers that read rules back into argument entries. Descriptions are
 * read only through the components' `describe` modules.
 */
import type { Intent } from "../analysis/intents";
import { isClassicGroup } from "../model/group-network";
import { parseCidr } from "../model/ip";
import { GroupModel, NetworkModel } from "../model/network";
import { PeerFields } from "../model/peer";
import { RuleArgs, hasPorts, portInterval } from "../model/rule";
import { DATABASE_PORTS, DatabaseEngine } from "../model/services";
import { portText } from "../model/rule-key";
import type { ComponentName } from "./component-plan";
import { isRecord } from "./fields";
import { slug } from "./names";
import { ReadRule } from "./rule-description";
import { readGroupTags } from "./tags";
import { readUnsafeNote } from "./unsafe";

/** A rule of the export, by its group and position. */
export interface RuleRef {
  /** The group's id. */
  groupId: string;
  /** Position in the group's rules. */
  index: number;
}

/** A component recognised in the export, verified by its planner. */
export interface RecognisedComponent {
  /** The component type name. */
  component: ComponentName;
  /** Its resource name. */
  name: string;
  /**
   * The planner arguments, plain data: group ids are the exported ids. A group entry the
   * program should pass by reference (its description was written from a deploy-time id) is
   * `{ securityGroupId: { adoptedGroupId: "sg-…" }, name }`.
   */
  args: Record<string, unknown>;
  /** Label of each group the component creates (`web`, `db`…) → the exported group it is. */
  created: Record<string, string>;
  /** The existing group the component writes into (WorkbenchAccess, OutboundWhitelist). */
  into?: string;
  /**
   * The existing groups the component writes into when they are several (an InterconnectGroup's
   * members' groups). Its arguments pass them, as `{ adoptedGroupId }` where the program
   * references the adopted group.
   */
  intoGroups?: string[];
  /** The exported rules the component writes, each with its child name and the rule as the component writes it (exported ids). */
  rules: (RuleRef & { name: string; planned: RuleArgs })[];
  /** The settings the component gives each group it creates (no rules), by exported id. */
  groups: Record<string, Omit<GroupModel, "rules">>;
  /** What the component writes differently from the cloud, updated in place on the first `up`. */
  notes: string[];
  /** Rules of its groups the component refused, kept raw, and why. */
  refused: string[];
  /**
   * Drops the component writes that the cloud does not hold yet (a release that closes more:
   * restricted tiers deny IPv6 egress too): recognised only when adopting with tightening, and
   * created by the first `up`. @default none
   */
  adds?: string[];
  /** What the component promises (its planner's intents), its selectors naming the export's groups and blocks: `audit` and `diff` prove them on the export. @default none */
  intents?: Intent[];
}

/** A recogniser's guess, before its planner verifies it. */
export type Candidate = Pick<RecognisedComponent, "component" | "name" | "args" | "created" | "into" | "intoGroups">;

/** What a recogniser may look at: groups no component has taken, and the rules no component has claimed. */
export interface RecognitionScope {
  /** True for a group no earlier component created and no other service manages. */
  free(group: GroupModel): boolean;
  /** The rules of a group no earlier component claimed (none of a group another service manages). */
  unclaimed(group: GroupModel): RuleArgs[];
}

/** A rule description read back by a component's reader: what it says carries the peer entry's `label`, when it names one. */
export type DescribedRule = ReadRule<string, object>;

/** The peer entry's label in what a rule says, if it names one. */
export function labelOf(said: object): string | undefined {
  const label = (said as { label?: unknown }).label;
  return typeof label === "string" ? label : undefined;
}

/** One component's recogniser. */
export interface ComponentRecogniser {
  /** The component it proposes. */
  component: ComponentName;
  /** Its guesses in an export, best first. */
  candidates(model: NetworkModel, scope: RecognitionScope): Candidate[];
  /** Reads one of the component's rule descriptions (the reader of its `describe` module). */
  readRule(description: string): DescribedRule | undefined;
  /** Tidies recognised arguments as a person would write them (defaults left out). @default none */
  tidy?(args: Record<string, unknown>): void;
  /** Names the rules of a recognised component again once the references between components are wired. @default none */
  rename?(component: RecognisedComponent): void;
}

/** A deploy-time group id in recognised arguments: the program passes the adopted group's id output. */
export interface AdoptedGroupRef {
  adoptedGroupId: string;
}

/**
 * A block the component was given at deploy time (another resource's output, such as a
 * vSwitch's `cidrBlock`): its descriptions name the entry only, so the program passes the
 * block as an output too (`pulumi.output("10.0.1.0/24")`), and they stay as the cloud has them.
 */
export interface AdoptedCidr {
  adoptedCidr: string;
}

/** True for {@link AdoptedCidr}. */
export function isAdoptedCidr(value: unknown): value is AdoptedCidr {
  return typeof value === "object" && value !== null && typeof (value as AdoptedCidr).adoptedCidr === "string";
}

/** True for {@link AdoptedGroupRef}. */
export function isAdoptedGroupRef(value: unknown): value is AdoptedGroupRef {
  return typeof value === "object" && value !== null && typeof (value as AdoptedGroupRef).adoptedGroupId === "string";
}

/** An object of the arguments, not a marker of an adopted group or block. */
export function isArgsObject(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && !isAdoptedGroupRef(v) && !isAdoptedCidr(v);
}

/** Deploy-time stand-ins in the planner's arguments: a group id the program passes by reference. */
export function toPlannerArgs(args: Record<string, unknown>): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (isAdoptedGroupRef(v)) return { __pulumiOutput: true, adoptedGroupId: v.adoptedGroupId };
    if (isAdoptedCidr(v)) return { __pulumiOutput: true, adoptedCidr: v.adoptedCidr };
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(args) as Record<string, unknown>;
}

/** The network a group's rules are read in. */
export function net(g: GroupModel): "classic" | "vpc" {
  return isClassicGroup(g) ? "classic" : "vpc";
}

/** The entry a rule's peer is written as in a component's arguments. */
export function entryOf(r: RuleArgs): Record<string, unknown> {
  if (r.cidrIp !== undefined) return { cidr: r.cidrIp };
  if (r.ipv6CidrIp !== undefined) return { ipv6Cidr: r.ipv6CidrIp };
  if (r.prefixListId !== undefined) return { prefixListId: r.prefixListId };
  return r.sourceGroupOwnerId ? { securityGroupId: r.sourceSecurityGroupId, ownerId: r.sourceGroupOwnerId } : { securityGroupId: r.sourceSecurityGroupId };
}

/** The keys of a peer entry that name its peer. */
const PEER_KEYS = ["cidr", "ipv6Cidr", "securityGroupId", "prefixListId"] as const;

/** One key per peer, the same for an entry and for a rule admitting that peer: the canonical block, `owner/sg-…`, `sg-…` or `pl-…`. */
function peerKey(kind: string, value: string, owner: unknown): string {
  if (kind === "cidr" || kind === "ipv6Cidr") return `block:${parseCidr(value)?.text ?? value}`;
  if (kind === "securityGroupId") return `group:${typeof owner === "string" && owner !== "" ? `${owner}/` : ""}${value}`;
  return `list:${value}`;
}

/** The {@link peerKey} of a rule's peer. */
export function rulePeerKey(r: PeerFields): string {
  if (r.cidrIp !== undefined) return peerKey("cidr", r.cidrIp, undefined);
  if (r.ipv6CidrIp !== undefined) return peerKey("ipv6Cidr", r.ipv6CidrIp, undefined);
  if (r.prefixListId !== undefined) return peerKey("prefixListId", r.prefixListId, undefined);
  return peerKey("securityGroupId", `${r.sourceSecurityGroupId}`, r.sourceGroupOwnerId);
}

/**
 * The peer entries of recognised arguments (in lists, or `{ securityGroupId }` objects) with the
 * key of their peer; the arguments' own group or VPC and an interconnect's members (named by
 * their recogniser) are not entries.
 */
export function peerEntries(args: Record<string, unknown>): { entry: Record<string, unknown>; key: string }[] {
  const out: { entry: Record<string, unknown>; key: string }[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === "object" && v !== null) {
      const o = v as Record<string, unknown>;
      const kind = PEER_KEYS.find((k) => typeof o[k] === "string");
      if (kind && o !== args && !("destinations" in o)) {
        out.push({ entry: o, key: peerKey(kind, o[kind] as string, o.ownerId) });
        return;
      }
      Object.values(o).forEach(visit);
    }
  };
  for (const [k, v] of Object.entries(args)) if (k !== "securityGroupId" && k !== "vpcId" && k !== "members") visit(v);
  return out;
}

/** A rule's ports as a component's port entry: a number for one tcp port, else `tcp:8000-8080`, `icmp`. */
export function portOf(r: RuleArgs): number | string {
  if (r.ipProtocol === "tcp" && hasPorts(r.ipProtocol)) {
    const { from, to } = portInterval(r);
    if (from === to) return from;
  }
  return portText(r);
}

/** The values once each, in order, by `key`. */
export function uniq<T>(values: readonly T[], key: (v: T) => string = String): T[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = key(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** True for a rule of every IPv4 or every IPv6 address. */
export const isWorld = (r: RuleArgs) => r.cidrIp === "0.0.0.0/0" || r.ipv6CidrIp === "::/0";
/** True for an accept. */
export const accept = (r: RuleArgs) => (r.policy ?? "accept") === "accept";
/** A rule's priority (1 when unset). */
export const prio = (r: RuleArgs) => r.priority ?? 1;
/** True when two lists hold the same values. */
export const sameSet = (a: readonly (number | string)[], b: readonly (number | string)[]) => a.length === b.length && a.every((x) => b.includes(x));

/** The component a created group's tags name, and its role there. */
export function taggedAs(g: GroupModel): { component?: string; role?: string } {
  const { component, role } = readGroupTags(g.tags);
  return { component, role };
}

/** The caller's tags of a created group (the component's own three left out), or undefined if none. */
export function callerTags(g: GroupModel): Record<string, string> | undefined {
  const { caller } = readGroupTags(g.tags);
  return Object.keys(caller).length === 0 ? undefined : caller;
}

/** The opt-in reason written into the descriptions of a group's rules, if any. */
export function unsafeIn(groups: readonly GroupModel[]): { reason: string } | undefined {
  for (const g of groups) {
    for (const r of g.rules) {
      const noted = readUnsafeNote(r.description ?? "");
      if (noted) return { reason: noted.reason };
    }
  }
  return undefined;
}

/** The component name the descriptions of a component's rules say (`egress whitelist: …` → `egress`), if they agree. */
export function nameSaid(rules: readonly RuleArgs[], read: (description: string) => { name: string } | undefined): string | undefined {
  const said = uniq(rules.map((r) => read(r.description ?? "")?.name ?? ""));
  return said.length === 1 && slug(said[0]) !== "" ? said[0] : undefined;
}

/**
 * A group as one component wrote it: where some rules' descriptions are the component's (`shop
 * web: …`, read with the component's `name`), the rules other components wrote into the group
 * (Workbench access, a whitelist) are left to them. A hand-made group keeps every rule.
 */
export function own(g: GroupModel, mine: (description: string) => boolean): GroupModel {
  const rules = g.rules.filter((r) => mine(r.description ?? ""));
  return rules.length === 0 ? g : { ...g, rules };
}

/** The component name a created group's name suggests: `shop-web` with label `web` → `shop`. */
export function nameFrom(g: GroupModel, label: string, fallback: string): string {
  const n = g.name ?? "";
  const suffix = `-${label}`;
  if (n.endsWith(suffix) && slug(n.slice(0, -suffix.length)) !== "") return n.slice(0, -suffix.length);
  return slug(n) !== "" ? slug(n) : fallback;
}

/** The shortest prefix among address entries, per family (32 and 128 when there is none): what `maxPrefix` must allow. */
export function widestPrefixes(entries: readonly Record<string, unknown>[]): { v4: number; v6: number } {
  const prefixes = entries.map((e) => (typeof e.cidr === "string" || typeof e.ipv6Cidr === "string" ? parseCidr((e.cidr ?? e.ipv6Cidr) as string) : undefined)).filter((b) => b !== undefined);
  return { v4: Math.min(32, ...prefixes.filter((b) => b.family === "ipv4").map((b) => b.prefix)), v6: Math.min(128, ...prefixes.filter((b) => b.family === "ipv6").map((b) => b.prefix)) };
}

/** The engine a database group's description (`said`) or its ports say, and its ports unless they are that engine's default. */
export function engineOf(said: DatabaseEngine | undefined, ports: (number | string)[]): { engine?: DatabaseEngine; ports?: (number | string)[] } {
  const byPort = (Object.keys(DATABASE_PORTS) as DatabaseEngine[]).find((e) => ports.length === 1 && ports[0] === DATABASE_PORTS[e]);
  const engine = said ?? byPort ?? "mysql";
  const defaults = ports.length === 1 && ports[0] === DATABASE_PORTS[engine];
  return { ...(engine === "mysql" ? {} : { engine }), ...(defaults ? {} : { ports }) };
}
