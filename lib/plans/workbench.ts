/**
 * Remote administration (seed 004 case 2): SSH or RDP from Alibaba Cloud Workbench's ranges
 * and from named admin addresses, written into an existing group.
 */
import { GroupNetwork, GroupType, MAX_GROUPS_PER_INSTANCE } from "../model/network";
import { BEST_PRIORITY } from "../model/rule";
import { OS_ADMIN_PORTS, WORKBENCH_CIDRS } from "../model/services";
import { checkComponentName, expectNetwork, optionalObject, refuseIpv6InClassic } from "./common";
import { WORKBENCH_CIDR_KEYS, WORKBENCH_KEYS } from "./arg-keys";
import { expectInteger, expectKnownKeys, expectObject, expectOneOf, refuse } from "./fields";
import { GroupIdRef, Placeholders } from "./placeholders";
import { RuleCollector, SecurityGroupPlan } from "./plan";
import { PortEntry } from "./ports";
import { parsePortSpecs, specFields, specText } from "./port-spec";
import { PeerEntries, PeerSource } from "./entries";
import { AddressEntry, parseAddress } from "./sources";
import { UnsafeOptIn, unsafeReason } from "./unsafe";

/** Component type name. */
export const WORKBENCH_ACCESS = "WorkbenchAccess";

/** Which Workbench range to admit: `private` (through the instance's private IP), `public` (through its public IP or EIP), both, or none (admin addresses only). */
export type WorkbenchVia = "public" | "private" | "both" | "none";

/** Arguments of {@link planWorkbenchAccess} (the component's arguments, minus deploy-time types). */
export interface WorkbenchAccessPlanArgs {
  /** The group to write the rules into. */
  securityGroupId: GroupIdRef;
  /** `linux` (SSH, 22) or `windows` (RDP, 3389). @default "linux" */
  os?: "linux" | "windows";
  /** Ports, instead of the OS default (e.g. a custom SSH port; numbers are tcp). @default [22] for linux, [3389] for windows */
  ports?: PortEntry[];
  /** Workbench ranges to admit. @default "private" (least exposure: instances need no public IP for Workbench) */
  via?: WorkbenchVia;
  /** Workbench's source ranges. @default { public: "161.117.0.0/16", private: "100.104.0.0/16" } */
  workbenchCidrs?: { public?: string; private?: string };
  /** Administrators' own addresses (each no wider than `maxAdminPrefix`) or a bastion's group (`{ securityGroupId, ownerId?, name? }`). @default [] */
  adminSources?: PeerSource[];
  /** Widest IPv4 admin source accepted, as a prefix length. @default 32 (single addresses) */
  maxAdminPrefix?: number;
  /** Widest IPv6 admin source accepted, as a prefix length. @default 128 (single addresses) */
  maxAdminPrefixIpv6?: number;
  /** Type of the group (both types accept address rules). @default "normal" */
  groupType?: GroupType;
  /**
   * The group's network. A classic-network group gets each rule with the nic type its source
   * needs (Workbench's private range and private admin addresses `intranet`, public ones
   * `internet`). @default "vpc"
   */
  network?: GroupNetwork;
  /** Rules the group already holds, counted against its quota of 200. @default 0 */
  existingRules?: number;
  /** Opts in to an admin source of every address, with the reason. @default none */
  allowUnsafe?: UnsafeOptIn;
}

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
  const via = expectOneOf<WorkbenchVia>("args.via", a.via, ["public", "private", "both", "none"], "private");
  const groupType = expectOneOf<GroupType>("args.groupType", a.groupType, ["normal", "enterprise"], "normal", "invalid-group-type");
  const network = expectNetwork(a.network, groupType);
  const existingRules = expectInteger("args.existingRules", a.existingRules, 0, 100000, 0);
  const ranges = optionalObject("args.workbenchCidrs", a.workbenchCidrs, WORKBENCH_CIDR_KEYS);
  const workbench: { label: string; entry: AddressEntry }[] = [];
  for (const kind of ["public", "private"] as const) {
    if (via !== kind && via !== "both") continue;
    const field = `args.workbenchCidrs.${kind}`;
    const text = ranges[kind] ?? WORKBENCH_CIDRS[kind];
    workbench.push({ label: kind === "public" ? "Workbench through the public IP or EIP" : "Workbench through the private IP", entry: parseAddress(field, text, { what: "Workbench access", refuseWorld: true }) });
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
  const rules = new RuleCollector(`${name} admin`, unsafe, network, entries);
  for (const port of ports) {
    for (const w of workbench) {
      rules.add(w.entry.field, { type: "ingress", ...specFields(port), policy: "accept", priority: BEST_PRIORITY, ...w.entry.peer.toRuleFields() }, `${w.label} (${w.entry.peer}) reaches ${specText(port)}`);
    }
    for (const s of admins) {
      rules.add(s.field, { type: "ingress", ...specFields(port), policy: "accept", priority: BEST_PRIORITY, ...s.peer.toRuleFields() }, `administrator at ${s.label} reaches ${specText(port)}`, s.world);
    }
  }
  return {
    component: WORKBENCH_ACCESS,
    name,
    groups: [{ label: "", created: false, role: "admin", field: "args.securityGroupId", existingRules, ruleNames: rules.ruleNames(), model: { id: target, type: groupType, ...(network === "classic" ? { network } : {}), rules: rules.finish() } }],
    members: [],
    refs: ph.refs(),
    unsafeReason: unsafe,
    maxGroupsPerInstance: MAX_GROUPS_PER_INSTANCE,
   
    deployTimeCidrs: entries.deployTimeCidrs,
  };
}
