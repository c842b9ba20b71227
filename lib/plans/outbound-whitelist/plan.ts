/**
 * An outbound whitelist (seed 004 case 6): accept egress rules to named destinations at a
 * better priority, and one drop-all egress rule below them.
 */
import { GroupType, MAX_GROUPS_PER_INSTANCE } from "../../model/network";
import { BEST_PRIORITY, NO_PORTS, WORST_PRIORITY, validateRule } from "../../model/rule";
import { checkComponentName, expectNetwork, refuseIpv6InClassic } from "../common";
import { at, expectArray, expectInteger, expectKnownKeys, expectObject, expectOneOf, refuse } from "../fields";
import { Placeholders } from "../placeholders";
import { RuleCollector, SecurityGroupPlan } from "../plan";
import { parsePortSpecs, specFields } from "../port-spec";
import { rulePrefix } from "../rule-description";
import { PeerEntries } from "../entries";
import { OUTBOUND_WHITELIST, OutboundWhitelistPlanArgs, WHITELIST_KEYS, DESTINATION_KEYS } from "./args";
import { WHITELIST_ROLE, whitelistWhy } from "./describe";
import { IntentCollector, entrySelector, groupSelector } from "../intents";

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
  const rules = new RuleCollector(rulePrefix(name, WHITELIST_ROLE), undefined, network, entries);

  const list = expectArray("args.destinations", a.destinations, false)!;
  if (list.length === 0) {
    refuse("invalid-argument", "args.destinations", list, "is empty: the group could reach nothing", `Name at least one destination, e.g. { cidr: "47.96.0.10", ports: [80] }.`);
  }
  const prefixListEntries: Record<string, number> = {};
  const promises = new IntentCollector(OUTBOUND_WHITELIST, name);
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
      rules.add(peerField, { type: "egress", ...specFields(port), policy: "accept", priority: allow, ...peer.toRuleFields() }, whitelistWhy({ kind: "destination", label: entry.label, port }));
    }
    promises.allow("to-destination", groupSelector(target), entrySelector(entry), ports, `the group reaches ${entry.label}`);
  });
  // With the drop-all, the group reaches nothing else (either family).
  if (writeDenyAll) promises.deny("to-anything-else", groupSelector(target), "anywhere", "*", "the group reaches only its whitelisted destinations");
  if (writeDenyAll) rules.add("args.denyAllPriority", { type: "egress", ipProtocol: "all", portRange: NO_PORTS, policy: "drop", priority: denyAll, cidrIp: "0.0.0.0/0" }, whitelistWhy({ kind: "deny-all", ipv6: false }));
  // A VPC group denies IPv6 egress too, whether or not a destination is IPv6: otherwise an
  // IPv4 whitelist leaves every IPv6 destination open. The classic network has no IPv6.
  if (writeDenyAll && network === "vpc") {
    rules.add("args.denyAllPriority", { type: "egress", ipProtocol: "all", portRange: NO_PORTS, policy: "drop", priority: denyAll, ipv6CidrIp: "::/0" }, whitelistWhy({ kind: "deny-all", ipv6: true }));
  }

  return {
    component: OUTBOUND_WHITELIST,
    name,
    intents: promises.finish(),
    groups: [{ label: "", created: false, role: "egress", field: "args.destinations", existingRules, prefixListEntries, ruleNames: rules.ruleNames(), model: { id: target, type: groupType, ...(network === "classic" ? { network } : {}), rules: rules.finish() } }],
    members: [],
    refs: ph.refs(),
    maxGroupsPerInstance: MAX_GROUPS_PER_INSTANCE,
   
    deployTimeCidrs: entries.deployTimeCidrs,
  };
}
