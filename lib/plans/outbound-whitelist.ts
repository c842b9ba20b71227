/**
 * An outbound whitelist (seed 004 case 6): accept egress rules to named destinations at a
 * better priority, and one drop-all egress rule below them.
 */
import { GroupNetwork, GroupType, MAX_GROUPS_PER_INSTANCE } from "../model/network";
import { Peer } from "../model/peer";
import { BEST_PRIORITY, NO_PORTS, WORST_PRIORITY, validateRule } from "../model/rule";
import { checkComponentName, expectNetwork, refuseIpv6InClassic } from "./common";
import { DESTINATION_KEYS, WHITELIST_KEYS } from "./arg-keys";
import { at, expectArray, expectInteger, expectKnownKeys, expectObject, expectOneOf, refuse } from "./fields";
import { GroupIdRef, Placeholders } from "./placeholders";
import { RuleCollector, SecurityGroupPlan } from "./plan";
import { PortEntry } from "./ports";
import { parsePortSpecs, specFields, specText } from "./port-spec";
import { PeerEntries } from "./entries";

/** Component type name. */
export const OUTBOUND_WHITELIST = "OutboundWhitelist";

/** One allowed destination: exactly one of `cidr`, `ipv6Cidr`, `prefixListId`, `securityGroupId`. */
export interface WhitelistDestination {
  /** An IPv4 (or, as a literal, IPv6) block or address; a value known only at deploy time needs a `name`. @default none */
  cidr?: string | object;
  /** An IPv6 block or address; a value known only at deploy time needs a `name`. @default none */
  ipv6Cidr?: string | object;
  /** A prefix list (`pl-…`). @default none */
  prefixListId?: string;
  /** Capacity (`maxEntries`) of the prefix list: it counts that many rules against the group's quota. @default 1 */
  prefixListMaxEntries?: number;
  /** Members of a security group (basic groups only). @default none */
  securityGroupId?: GroupIdRef;
  /** Numeric id of the account owning `securityGroupId`, when it is another account. @default the caller's account */
  ownerId?: string;
  /** Ports allowed to the destination, at least one: numbers (of `protocol`), `"udp:123"`, `"tcp:8000-8080"`, `"icmp"` or `Port` values. */
  ports: PortEntry[];
  /** The protocol of numeric ports: `tcp` or `udp`. @default "tcp" */
  protocol?: "tcp" | "udp";
  /** Short name, used in child names and descriptions (needed for a value known only at deploy time). @default the destination itself */
  name?: string;
}

/** Arguments of {@link planOutboundWhitelist} (the component's arguments, minus deploy-time types). */
export interface OutboundWhitelistPlanArgs {
  /** The group whose outbound traffic is restricted. */
  securityGroupId: GroupIdRef;
  /** Where members may connect to. */
  destinations: WhitelistDestination[];
  /** Priority of the drop-all egress rule. @default 100 (lowest precedence, leaving room for rules in between) */
  denyAllPriority?: number;
  /**
   * Whether to write the drop-all egress rules. `false` writes only the accepts, for a group whose
   * egress another component already restricts (ThreeTier `egress: "restricted"`). @default true
   */
  denyAll?: boolean;
  /** Priority of the accept rules; must beat (be smaller than) `denyAllPriority`. @default 1 */
  allowPriority?: number;
  /** Type of the group (enterprise groups take no security-group destinations). @default "normal" */
  groupType?: GroupType;
  /**
   * The group's network. A classic-network group gets each rule with the nic type its
   * destination needs, and the drop-all on both; it has no IPv6. @default "vpc"
   */
  network?: GroupNetwork;
  /** Rules the group already holds, counted against its quota of 200. @default 0 */
  existingRules?: number;
}

/**
 * Plans the whitelist in the given group; throws {@link ValidationError} naming the argument
 * for anything refused.
 */
export function planOutboundWhitelist(name: string, args: OutboundWhitelistPlanArgs): SecurityGroupPlan {
  checkComponentName(name);
  const a = expectObject("args", args, false)!;
  expectKnownKeys("args", a, WHITELIST_KEYS);
  const ph = new Placeholders();
  const target = ph.input(a.securityGroupId, "args.securityGroupId", "target");
  const groupType = expectOneOf<GroupType>("args.groupType", a.groupType, ["normal", "enterprise"], "normal", "invalid-group-type");
  const network = expectNetwork(a.network, groupType);
  const existingRules = expectInteger("args.existingRules", a.existingRules, 0, 100000, 0);
  const priority = (field: string, value: unknown, fallback: number): number =>
    at(field, () => validateRule({ type: "egress", ipProtocol: "all", cidrIp: "0.0.0.0/0", priority: (value ?? fallback) as number }).priority!);
  const denyAll = priority("args.denyAllPriority", a.denyAllPriority, WORST_PRIORITY);
  if (a.denyAll !== undefined && typeof a.denyAll !== "boolean") refuse("invalid-argument", "args.denyAll", a.denyAll, "must be true or false", "Leave it out (true: the component writes the drop-all) or pass false when another component already restricts the group's egress.");
  const writeDenyAll = a.denyAll !== false;
  const allow = priority("args.allowPriority", a.allowPriority, BEST_PRIORITY);
  if (allow >= denyAll) {
    refuse("invalid-priority", "args.allowPriority", allow, `must beat the drop-all rule's priority ${denyAll} (a smaller number wins; on a tie the drop wins and nothing would pass)`, `Use an allowPriority below ${denyAll}, e.g. ${Math.max(1, denyAll - 1)}, or raise denyAllPriority.`);
  }
  const entries = new PeerEntries(ph);
  const rules = new RuleCollector(`${name} whitelist`, undefined, network, entries);

  const list = expectArray("args.destinations", a.destinations, false)!;
  if (list.length === 0) {
    refuse("invalid-argument", "args.destinations", list, "is empty: the group could reach nothing", `Name at least one destination, e.g. { cidr: "47.96.0.10", ports: [80] }.`);
  }
  const prefixListEntries: Record<string, number> = {};
  list.forEach((raw, i) => {
    const field = `args.destinations[${i}]`;
    const d = expectObject(field, raw, false)!;
    expectKnownKeys(field, d, DESTINATION_KEYS);
    const given = (["cidr", "ipv6Cidr", "prefixListId", "securityGroupId"] as const).filter((k) => d[k] !== undefined);
    if (given.length !== 1) {
      refuse(given.length === 0 ? "missing-source" : "multiple-sources", field, given, given.length === 0 ? "names no destination" : `names ${given.length} destinations (${given.join(", ")}), but one entry takes exactly one`, "Set exactly one of cidr, ipv6Cidr, prefixListId or securityGroupId; write one entry per destination.");
    }
    const protocol = expectOneOf(`${field}.protocol`, d.protocol, ["tcp", "udp"] as const, "tcp");
    if (d.ports === undefined) refuse("invalid-argument", `${field}.ports`, undefined, "is missing: a whitelist entry names the ports it allows", "Pass ports, e.g. ports: [443].");
    const ports = parsePortSpecs(`${field}.ports`, d.ports, [], protocol);
    const peerFields = Object.fromEntries(["cidr", "ipv6Cidr", "securityGroupId", "ownerId", "prefixListId", "name"].filter((k) => d[k] !== undefined).map((k) => [k, d[k]]));
    const entry = entries.parse(field, peerFields, { what: "a whitelist destination", refuseWorld: false }, { groups: groupType !== "enterprise", prefixLists: true, groupLabel: (n) => `dest-${n}` });
    if (network === "classic") refuseIpv6InClassic([entry]);
    const peer = entry.peer;
    const peerField = entry.field;
    if (d.prefixListMaxEntries !== undefined && d.prefixListId === undefined) refuse("invalid-argument", `${field}.prefixListMaxEntries`, d.prefixListMaxEntries, "only applies to a prefix list destination", "Remove it, or name the list with prefixListId.");
    if (peer.kind === "prefix-list") {
      const max = expectInteger(`${field}.prefixListMaxEntries`, d.prefixListMaxEntries, 1, 200, 1);
      prefixListEntries[peer.value] = Math.max(prefixListEntries[peer.value] ?? 1, max);
    }
    for (const port of ports) {
      const what = entry.label;
      rules.add(peerField, { type: "egress", ...specFields(port), policy: "accept", priority: allow, ...peer.toRuleFields() }, `may reach ${what} on ${specText(port)}`);
    }
  });
  if (writeDenyAll) rules.add("args.denyAllPriority", { type: "egress", ipProtocol: "all", portRange: NO_PORTS, policy: "drop", priority: denyAll, cidrIp: "0.0.0.0/0" }, "deny all other outbound traffic (the accepts above win)");
  // A VPC group denies IPv6 egress too, whether or not a destination is IPv6: otherwise an
  // IPv4 whitelist leaves every IPv6 destination open. The classic network has no IPv6.
  if (writeDenyAll && network === "vpc") {
    rules.add("args.denyAllPriority", { type: "egress", ipProtocol: "all", portRange: NO_PORTS, policy: "drop", priority: denyAll, ipv6CidrIp: "::/0" }, "deny all other outbound IPv6 traffic (the accepts above win)");
  }

  return {
    component: OUTBOUND_WHITELIST,
    name,
    groups: [{ label: "", created: false, role: "egress", field: "args.destinations", existingRules, prefixListEntries, ruleNames: rules.ruleNames(), model: { id: target, type: groupType, ...(network === "classic" ? { network } : {}), rules: rules.finish() } }],
    members: [],
    refs: ph.refs(),
    maxGroupsPerInstance: MAX_GROUPS_PER_INSTANCE,
   
    deployTimeCidrs: entries.deployTimeCidrs,
  };
}
