/**
 * Pieces every planner shares: the component name, inner access policies, admin access,
 * service names for descriptions.
 */
import { GroupNetwork, GroupType, InnerAccessPolicy } from "../model/network";
import { OS_ADMIN_PORTS } from "../model/services";
import { expectArray, expectInteger, expectKnownKeys, expectObject, expectOneOf, isRecord, refuse } from "./fields";
import { PortSpec, parsePortSpecs } from "./port-spec";
import { PeerEntries, PeerEntry } from "./entries";
import { unsafeReason } from "./unsafe";

/** VPC id of created groups in a plan when the caller's VPC id is known only at deploy time. */
export const PLAN_VPC_ID = "vpc-planned";

/** Refuses a component name that cannot name children. */
export function checkComponentName(name: unknown): string {
  if (typeof name !== "string" || name.trim() === "" || name.trim() !== name) {
    refuse("invalid-name", "name", name, "must be a non-empty name without surrounding spaces", `Name the component, e.g. "shop".`);
  }
  return name;
}

/** The VPC id a plan records for its created groups: the caller's, or a stand-in while it is unknown. */
export function planVpcId(vpcId: unknown): string {
  if (vpcId === undefined || vpcId === null || vpcId === "") {
    refuse("invalid-argument", "args.vpcId", vpcId, "is missing", "Pass the id of the VPC the groups belong to, e.g. vpc.id.");
  }
  return typeof vpcId === "string" ? vpcId : PLAN_VPC_ID;
}

/**
 * Reads the network of an existing group a component writes into: `"vpc"` (the default: a group
 * known only by its id is a VPC group) or `"classic"`. An enterprise group exists only in a VPC.
 */
export function expectNetwork(value: unknown, groupType: GroupType): GroupNetwork {
  const network = expectOneOf<GroupNetwork>("args.network", value, ["vpc", "classic"], "vpc", "invalid-network");
  if (network === "classic" && groupType === "enterprise") {
    refuse("enterprise-outside-vpc", "args.network", network, `is "classic", but groupType is "enterprise", and enterprise groups exist only in VPCs`, `Use network "vpc", or groupType "normal" for a classic-network group.`);
  }
  return network;
}

/** Refuses IPv6 blocks for a classic-network group, which has no IPv6. */
export function refuseIpv6InClassic(entries: readonly { peer: { kind: string; value: string }; field: string }[]): void {
  const v6 = entries.find((e) => e.peer.kind === "ipv6");
  if (v6) refuse("invalid-network", v6.field, v6.peer.value, "is an IPv6 block, but the group is in the classic network, which has no IPv6", "Name IPv4 addresses, or move the instances to a VPC group.");
}

export { serviceText } from "./service-text";

/** Reads an inner access policy: one for every group, or one per key of `keys`; missing ones get `fallback`. */
export function parseInnerAccess<K extends string>(field: string, value: unknown, keys: readonly K[], fallback: InnerAccessPolicy): Record<K, InnerAccessPolicy> {
  const out = {} as Record<K, InnerAccessPolicy>;
  const one = (f: string, v: unknown): InnerAccessPolicy => {
    if (v === undefined) return fallback;
    if (v === "Accept" || v === "Drop") return v;
    const near = typeof v === "string" ? (["Accept", "Drop"] as const).find((x) => x.toLowerCase() === v.toLowerCase()) : undefined;
    return refuse("invalid-inner-access-policy", f, v, "is not an inner access policy", near ? `Write it as "${near}" (capitalised).` : `Use "Accept" (members reach each other) or "Drop" (members are isolated).`);
  };
  if (isRecord(value)) {
    for (const k of Object.keys(value)) {
      if (!(keys as readonly string[]).includes(k)) refuse("invalid-argument", `${field}.${k}`, k, "is not a group of this component", `Use one of ${keys.map((x) => JSON.stringify(x)).join(", ")}.`);
    }
    for (const k of keys) out[k] = one(`${field}.${k}`, value[k]);
  } else {
    for (const k of keys) out[k] = one(field, value);
  }
  return out;
}

/** Admin access as read by {@link parseAdmin}. */
export interface AdminPlan {
  /** Ports. */
  ports: PortSpec[];
  /** Parsed sources. */
  sources: PeerEntry[];
}

/** Reads SSH/RDP access from named sources: never `/0` without the opt-in, never wider than the stated limit. */
export function parseAdmin(field: string, adm: Record<string, unknown>, unsafe: string | undefined, entries: PeerEntries, groups: boolean): AdminPlan {
  const ipv4 = expectInteger(`${field}.maxPrefix`, adm.maxPrefix, 0, 32, 32);
  const ipv6 = expectInteger(`${field}.maxPrefixIpv6`, adm.maxPrefixIpv6, 0, 128, 128);
  const ports = parsePortSpecs(`${field}.ports`, adm.ports, [OS_ADMIN_PORTS.linux]);
  if (adm.sources === undefined) {
    refuse("invalid-argument", `${field}.sources`, undefined, "is missing: admin access needs the addresses it comes from", `Pass the administrators' addresses, e.g. sources: ["203.0.113.7"].`);
  }
  const sources = entries.parseAll(`${field}.sources`, adm.sources, {
    what: "admin access",
    refuseWorld: true,
    unsafeReason: unsafe,
    required: true,
    maxPrefix: { ipv4, ipv6, ipv4Field: `${field}.maxPrefix`, ipv6Field: `${field}.maxPrefixIpv6` },
  }, { groups });
  return { ports, sources };
}

/** Reads an optional list of names drawn from `allowed`; `undefined` gives all of them. */
export function parseSubset<T extends string>(field: string, value: unknown, allowed: readonly T[]): T[] {
  const list = expectArray(field, value, true);
  if (list === undefined) return [...allowed];
  if (list.length === 0) refuse("invalid-argument", field, value, "is empty", `Name at least one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, or leave ${field} out for all.`);
  return list.map((v, i) => {
    if (typeof v === "string" && (allowed as readonly string[]).includes(v)) return v as T;
    return refuse("invalid-argument", `${field}[${i}]`, v, "is not an accepted value", `Use one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}.`);
  });
}

/** Reads an optional object argument, refusing other values. */
export function optionalObject(field: string, value: unknown, keys?: readonly string[]): Record<string, unknown> {
  const o = expectObject(field, value, true) ?? {};
  if (keys) expectKnownKeys(field, o, keys);
  return o;
}

/** What every planner that creates groups reads first, in this order. */
export interface GroupBasics {
  /** The arguments, known to be an object. */
  a: Record<string, unknown>;
  /** The VPC placeholder. */
  vpcId: string;
  /** `normal` or `enterprise`. */
  groupType: GroupType;
  /** True for enterprise groups. */
  enterprise: boolean;
  /** The caller's reason for an unsafe opt-in, if any. */
  unsafe: string | undefined;
}

/** Reads the component name, the arguments object, `vpcId`, `groupType` and `allowUnsafe`. */
export function groupBasics(name: string, args: unknown, keys: readonly string[]): GroupBasics {
  checkComponentName(name);
  const a = expectObject("args", args, false)!;
  expectKnownKeys("args", a, keys);
  const vpcId = planVpcId(a.vpcId);
  const groupType = expectOneOf<GroupType>("args.groupType", a.groupType, ["normal", "enterprise"], "normal", "invalid-group-type");
  return { a, vpcId, groupType, enterprise: groupType === "enterprise", unsafe: unsafeReason(a.allowUnsafe) };
}

