/**
 * Peer entries as callers write them, in every component that takes addresses or groups:
 * - a string: an IPv4/IPv6 block or address (`"10.0.2.0/24"`, `"203.0.113.7"`);
 * - `{ cidr, name? }` / `{ ipv6Cidr, name? }`: a block, literal or known only at deploy time (a
 *   vSwitch's `cidrBlock`), which then needs a `name`;
 * - `{ securityGroupId, ownerId?, name? }`: the members of a group, this account's or another's;
 * - `{ prefixListId, name? }`: the entries of a prefix list.
 * An entry with a `name` is named (in child names and descriptions) from it, whether its value is
 * a literal or an Output, so switching one for the other renames nothing. The kind of an entry
 * comes from the field that holds it.
 */
import { quote } from "../model/errors";
import { CidrBlock, IpFamily, isAnyAddress, parseCidr } from "../model/ip";
import { Peer } from "../model/peer";
import { at, expectArray, expectKnownKeys, isDeployTime, isRecord, refuse } from "./fields";
import { slug } from "./names";
import { peerLabel } from "./peer-label";
import { GroupIdRef, Placeholders } from "./placeholders";
import { AddressPolicy, parseAddress } from "./sources";

/**
 * One peer as callers write it: an address or block, or one of the object forms (each with an
 * optional `name`; a value known only at deploy time needs one).
 */
export type PeerSource =
  | string
  | GroupResourceRef
  | { cidr: string | object; name?: string }
  | { ipv6Cidr: string | object; name?: string }
  | { securityGroupId: GroupIdRef; ownerId?: string; name?: string }
  | { prefixListId: string; name?: string };

/**
 * A security group resource itself (an `alicloud.ecs.SecurityGroup`, e.g. `tiers.app`), passed
 * where a peer is accepted: the components read it as `{ securityGroupId: group.id, name }`, and
 * wire the sender's egress when the library made the group and restricts it.
 */
export interface GroupResourceRef {
  /** The group's id output. */
  readonly id: object;
  /** The group's URN output. */
  readonly urn: object;
}

/** One parsed entry. */
export interface PeerEntry {
  /** The peer as planned: the literal, or a stand-in for a value known only at deploy time. */
  peer: Peer;
  /** The argument, e.g. `args.web.sources[1]`. */
  field: string;
  /** True when the block is `/0`. */
  world: boolean;
  /** The caller's name for it, when given. */
  name?: string;
  /** How descriptions refer to it (see {@link peerLabel}): the name, else the peer. */
  label: string;
}

/** A block known only at deploy time, and what it must be once known. */
export interface DeployTimeCidr {
  /** The caller's value (an Output or a promise). */
  value: object;
  /** The argument that holds it. */
  field: string;
  /** The family its field says it is. */
  family: IpFamily;
  /** What the block may hold, as for a literal in the same place. */
  policy: AddressPolicy;
}

/** What an argument's entries may be. */
export interface EntryKinds {
  /** Security groups allowed (not in enterprise groups). @default true */
  groups?: boolean;
  /** Prefix lists allowed. @default false */
  prefixLists?: boolean;
  /** Placeholder label of a named group entry: `source-<name>` by default. */
  groupLabel?: (name: string) => string;
}

const ENTRY_KEYS = ["cidr", "ipv6Cidr", "securityGroupId", "ownerId", "prefixListId", "name"];

/** Stand-ins for deploy-time blocks: single hosts of the benchmarking ranges, which no rule of a real plan names. */
function standIn(family: IpFamily, n: number): string {
  return family === "ipv4" ? `198.18.${Math.floor(n / 256) % 256}.${n % 256}/32` : `2001:2::${n.toString(16)}/128`;
}

/**
 * Reads a component's peer entries, remembering the names of named ones (by argument path, for
 * the rule collectors) and the deploy-time blocks to check once known.
 */
export class PeerEntries {
  /** Argument path of a named entry (and of its value field) → the caller's name. */
  private readonly names = new Map<string, string>();
  /** Stand-in CIDR → the deploy-time block it stands for. */
  readonly deployTimeCidrs = new Map<string, DeployTimeCidr>();
  private readonly byName = new Map<string, { field: string; value: unknown }>();
  /** Planned peer value → how it was named first (undefined: by its value), and where. */
  private readonly naming = new Map<string, { field: string; name: string | undefined }>();

  constructor(private readonly ph: Placeholders) {}

  /** Reads one entry; `kinds` says which forms the argument takes. */
  parse(field: string, value: unknown, policy: AddressPolicy, kinds: EntryKinds = {}): PeerEntry {
    const e = this.read(field, value, policy, kinds);
    if (e.name !== undefined) {
      this.names.set(field, e.name);
      this.names.set(e.field, e.name);
    }
    // One peer, one name: a second name (or a name on a peer listed unnamed) would rename the
    // rules of the first, so adding or reordering entries would move rules to new resources.
    const key = e.peer.toString();
    const prior = this.naming.get(key);
    if (prior === undefined) this.naming.set(key, { field, name: e.name });
    else if (prior.name !== e.name) {
      refuse("duplicate-id", e.name !== undefined ? `${field}.name` : field, e.name ?? e.peer.toString(), `names the peer ${e.name === undefined ? "unnamed" : `"${e.name}"`}, which ${prior.field} lists ${prior.name === undefined ? "unnamed" : `as "${prior.name}"`}`, "Give one peer one name in every entry that lists it, or list it once.");
    }
    return e;
  }

  /** The caller's name of the entry at an argument path, if it has one. */
  nameOf(field: string): string | undefined {
    return this.names.get(field);
  }

  private read(field: string, value: unknown, policy: AddressPolicy, kinds: EntryKinds): PeerEntry {
    if (!isRecord(value) || isDeployTime(value)) {
      const e = parseAddress(field, value, policy);
      return { ...e, label: peerLabel({ peer: e.peer.toString() }) };
    }
    const allowGroups = kinds.groups ?? true;
    expectKnownKeys(field, value, ENTRY_KEYS);
    const given = ["cidr", "ipv6Cidr", "securityGroupId", "prefixListId"].filter((k) => value[k] !== undefined);
    if (given.length !== 1) {
      refuse(given.length === 0 ? "missing-source" : "multiple-sources", field, given, given.length === 0 ? "names no peer" : `names ${given.length} peers (${given.join(", ")}), but one entry takes exactly one`, "Set exactly one of cidr, ipv6Cidr, securityGroupId or prefixListId.");
    }
    const kind = given[0];
    if (value.ownerId !== undefined && kind !== "securityGroupId") refuse("owner-without-group", `${field}.ownerId`, value.ownerId, "only applies to a security group", "Remove ownerId, or name the group with securityGroupId.");
    const name = this.name(field, value.name, value[kind]);
    if (kind === "cidr" || kind === "ipv6Cidr") {
      const family: IpFamily = kind === "cidr" ? "ipv4" : "ipv6";
      const f = `${field}.${kind}`;
      if (isDeployTime(value[kind])) {
        if (name === undefined) refuse("invalid-argument", `${field}.name`, value.name, `is needed when ${kind} is known only at deploy time: child names and descriptions are built from it`, `Name the entry, e.g. { ${kind}: webVswitch.cidrBlock, name: "web-a" }.`);
        const text = standIn(family, this.deployTimeCidrs.size);
        this.deployTimeCidrs.set(text, { value: value[kind] as object, field: f, family, policy });
        return { peer: Peer.cidr(text), field: f, world: false, name, label: peerLabel({ name }) };
      }
      const e = parseAddress(f, value[kind], policy);
      if (kind === "ipv6Cidr" && e.peer.kind !== "ipv6") refuse("wrong-ip-family", f, value[kind], "holds an IPv4 block", "Move it to cidr.");
      return { ...e, name, label: peerLabel({ peer: e.peer.toString(), name }) };
    }
    if (kind === "prefixListId") {
      const f = `${field}.prefixListId`;
      if (!kinds.prefixLists) refuse("invalid-argument", f, value.prefixListId, "is not accepted here", "Name addresses or security groups instead.");
      if (isDeployTime(value.prefixListId)) refuse("invalid-argument", f, "<deploy-time value>", "is a prefix list known only at deploy time, which is not yet supported here", "Pass the prefix list's id as a plain string.");
      const peer = at(f, () => Peer.prefixList(value.prefixListId as string));
      return { peer, field: f, world: false, name, label: peerLabel({ peer: peer.toString(), name }) };
    }
    const f = `${field}.securityGroupId`;
    if (!allowGroups) {
      refuse("enterprise-group-reference", f, typeof value.securityGroupId === "string" ? value.securityGroupId : "<group id>", "names a security group, which an enterprise group cannot authorise", "Authorise the peer's vSwitch CIDR blocks instead, or use groupType \"normal\".");
    }
    const ref = value.securityGroupId;
    if (typeof ref !== "string" && name === undefined) {
      refuse("invalid-argument", `${field}.name`, value.name, "is needed when securityGroupId is known only at deploy time: child names are built from it", `Name the entry, e.g. { securityGroupId: app.id, name: "app" }.`);
    }
    const label = (kinds.groupLabel ?? ((n: string) => `source-${n}`))(name ?? "");
    const id = typeof ref === "string" ? this.ph.input(ref, f, label) : this.ph.input(ref as GroupIdRef, f, label);
    const peer = at(`${field}.ownerId`, () => Peer.securityGroup(id, value.ownerId as string | undefined));
    // A placeholder (a group known only at deploy time) never reaches a description: its name does.
    const shown = peerLabel({ group: true, name, ...(typeof ref === "string" ? { peer: peer.toString() } : {}) });
    return { peer, field: f, world: false, name, label: shown };
  }

  /** Reads a list of entries (`undefined` gives `defaults`); `policy.required` refuses an empty one. */
  parseAll(field: string, value: unknown, policy: AddressPolicy, kinds?: EntryKinds, defaults: readonly string[] = []): PeerEntry[] {
    const list = expectArray(field, value, true) ?? [...defaults];
    if (policy.required && list.length === 0) {
      refuse("invalid-argument", field, value, `is empty: name at least one address or group for ${policy.what}`, `Pass entries such as ["203.0.113.7"] or [{ securityGroupId: bastion.id, name: "bastion" }].`);
    }
    return list.map((v, i) => this.parse(`${field}[${i}]`, v, policy, kinds));
  }

  private name(field: string, value: unknown, peer: unknown): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== "string" || slug(value) === "") refuse("invalid-name", `${field}.name`, value, "must be a name with at least one letter or digit", `Name the entry, e.g. "web-a".`);
    const key = slug(value);
    const prior = this.byName.get(key);
    if (prior && prior.value !== peer) refuse("duplicate-id", `${field}.name`, value, `names another peer already (${prior.field})`, "Give each peer its own name.");
    this.byName.set(key, { field, value: peer });
    return key;
  }
}

/**
 * Checks a deploy-time block once its value is known, as a literal in its place would be
 * checked, and returns it canonical; throws the same {@link ValidationError} codes.
 */
export function checkDeployTimeCidr(d: DeployTimeCidr, known: unknown, unsafeReason: string | undefined): string {
  const e = parseAddress(d.field, known, { ...d.policy, unsafeReason: d.policy.unsafeReason ?? unsafeReason });
  if (e.peer.kind !== d.family) {
    refuse("wrong-ip-family", d.field, known, `holds an ${e.peer.kind === "ipv6" ? "IPv6" : "IPv4"} block`, d.family === "ipv4" ? "Move it to ipv6Cidr." : "Move it to cidr.");
  }
  const block = parseCidr(e.peer.value) as CidrBlock;
  if (isAnyAddress(block) && d.policy.refuseWorld && (d.policy.unsafeReason ?? unsafeReason) === undefined) {
    refuse("world-open", d.field, known, `opens ${d.policy.what} to every address`, "Name the addresses that need access.");
  }
  return e.peer.value;
}

/** Quotes a deploy-time field for messages. */
export function deployTimeText(d: DeployTimeCidr): string {
  return `${d.field} (${quote(d.value)})`;
}
