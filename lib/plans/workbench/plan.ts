/**
 * Remote administration (seed 004 case 2): SSH or RDP from Alibaba Cloud Workbench's ranges
 * and from named admin addresses, written into an existing group.
 */
import { GroupType, MAX_GROUPS_PER_INSTANCE } from "../../model/network";
import { BEST_PRIORITY } from "../../model/rule";
import { OS_ADMIN_PORTS, WORKBENCH_CIDRS } from "../../model/services";
import { checkComponentName, expectNetwork, optionalObject, refuseIpv6InClassic } from "../common";
import { expectInteger, expectKnownKeys, expectObject, expectOneOf, refuse } from "../fields";
import { Placeholders } from "../placeholders";
import { RuleCollector, SecurityGroupPlan } from "../plan";
import { isEveryPort, parsePortSpecs, specFields, specText } from "../port-spec";
import { rulePrefix } from "../rule-description";
import { PeerEntries } from "../entries";
import { AddressEntry, parseAddress } from "../sources";
import { unsafeReason } from "../unsafe";
import { WORKBENCH_ACCESS, WORKBENCH_CIDR_KEYS, WORKBENCH_KEYS, WorkbenchAccessPlanArgs, WorkbenchVia } from "./args";
import { WORKBENCH_ROLE, workbenchWhy } from "./describe";
import { IntentCollector, entrySelector, groupSelector } from "../intents";
import type { PeerEntry } from "../entries";

/**
 * Plans the admin rules in the given group; throws {@link ValidationError} naming the argument
 * for anything refused.
 */
export function planWorkbenchAccess(name: string, args: WorkbenchAccessPlanArgs): SecurityGroupPlan {
  checkComponentName(name);
  const a = expectObject("args", args, false)!;
  expectKnownKeys("args", a, WORKBENCH_KEYS);
  const ph = new Placeholders();
  const target = ph.input(a.securityGroupId, "args.securityGroupId", "target");
  const unsafe = unsafeReason(a.allowUnsafe);
  const os = expectOneOf("args.os", a.os, ["linux", "windows"] as const, "linux");
  const ports = parsePortSpecs("args.ports", a.ports, [OS_ADMIN_PORTS[os]]);
  // Every port of a protocol is refused at the entry that asks for it, naming no group id (the
  // target may be known only at deploy time).
  if (unsafe === undefined) {
    const i = ports.findIndex(isEveryPort);
    if (i >= 0) refuse("unsafe-plan", `args.ports[${i}]`, specText(ports[i]), "would let administrators reach every port of the group, not an admin port", `Name the admin ports (22 for SSH, 3389 for RDP), or opt in with allowUnsafe: { reason: "…" }.`);
  }
  const via = expectOneOf<WorkbenchVia>("args.via", a.via, ["public", "private", "both", "none"], "private");
  const groupType = expectOneOf<GroupType>("args.groupType", a.groupType, ["normal", "enterprise"], "normal", "invalid-group-type");
  const network = expectNetwork(a.network, groupType);
  const existingRules = expectInteger("args.existingRules", a.existingRules, 0, 100000, 0);
  const ranges = optionalObject("args.workbenchCidrs", a.workbenchCidrs, WORKBENCH_CIDR_KEYS);
  const workbench: { via: "public" | "private"; entry: AddressEntry }[] = [];
  for (const kind of ["public", "private"] as const) {
    if (via !== kind && via !== "both") continue;
    const field = `args.workbenchCidrs.${kind}`;
    const text = ranges[kind] ?? WORKBENCH_CIDRS[kind];
    workbench.push({ via: kind, entry: parseAddress(field, text, { what: "Workbench access", refuseWorld: true }) });
  }
  const ipv4 = expectInteger("args.maxAdminPrefix", a.maxAdminPrefix, 0, 32, 32);
  const ipv6 = expectInteger("args.maxAdminPrefixIpv6", a.maxAdminPrefixIpv6, 0, 128, 128);
  const entries = new PeerEntries(ph);
  const admins = entries.parseAll(
    "args.adminSources",
    a.adminSources,
    {
      what: "admin access",
      refuseWorld: true,
      unsafeReason: unsafe,
      maxPrefix: { ipv4, ipv6, ipv4Field: "args.maxAdminPrefix", ipv6Field: "args.maxAdminPrefixIpv6" },
    },
    { groups: groupType !== "enterprise", groupLabel: (n) => `admin-${n}` },
  );
  if (workbench.length === 0 && admins.length === 0) {
    refuse("invalid-argument", "args.via", via, `is "none" and no adminSources are given: the component would admit nobody`, `Set via to "private", "public" or "both", or name adminSources.`);
  }

  if (network === "classic") refuseIpv6InClassic([...workbench.map((w) => w.entry), ...admins]);
  const rules = new RuleCollector(rulePrefix(name, WORKBENCH_ROLE), unsafe, network, entries);
  for (const port of ports) {
    for (const w of workbench) {
      rules.add(w.entry.field, { type: "ingress", ...specFields(port), policy: "accept", priority: BEST_PRIORITY, ...w.entry.peer.toRuleFields() }, workbenchWhy({ kind: "workbench", via: w.via, range: w.entry.peer.toString(), port }));
    }
    for (const s of admins) {
      rules.add(s.field, { type: "ingress", ...specFields(port), policy: "accept", priority: BEST_PRIORITY, ...s.peer.toRuleFields() }, workbenchWhy({ kind: "administrator", label: s.label, port }), s.world);
    }
  }
  // Workbench and the named administrators reach the admin ports; nothing else on the internet does.
  const promises = new IntentCollector(WORKBENCH_ACCESS, name);
  for (const w of workbench) promises.allow(`workbench-${w.via}`, entrySelector(w.entry as PeerEntry), groupSelector(target), ports, `Workbench reaches the admin ports through the ${w.via} address`);
  for (const s of admins) promises.allow("admin-source", entrySelector(s), groupSelector(target), ports, `${s.label} administers the group`);
  promises.deny("internet-to-admin", "internet", groupSelector(target), ports, "nothing else on the internet reaches the admin ports");

  return {
    component: WORKBENCH_ACCESS,
    name,
    intents: promises.finish(),
    groups: [{ label: "", created: false, role: "admin", field: "args.securityGroupId", existingRules, ruleNames: rules.ruleNames(), model: { id: target, type: groupType, ...(network === "classic" ? { network } : {}), rules: rules.finish() } }],
    members: [],
    refs: ph.refs(),
    unsafeReason: unsafe,
    maxGroupsPerInstance: MAX_GROUPS_PER_INSTANCE,
   
    deployTimeCidrs: entries.deployTimeCidrs,
  };
}
