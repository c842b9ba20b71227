/**
 * The arguments of WorkbenchAccess, and the names of every key (the planner refuses any other).
 */
import { GroupNetwork, GroupType } from "../../model/network";
import { PeerSource } from "../entries";
import { keyList } from "../key-list";
import { GroupIdRef } from "../placeholders";
import { PortEntry } from "../ports";
import { UnsafeOptIn } from "../unsafe";

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

export const WORKBENCH_KEYS = keyList<WorkbenchAccessPlanArgs>({ securityGroupId: true, os: true, ports: true, via: true, workbenchCidrs: true, adminSources: true, maxAdminPrefix: true, maxAdminPrefixIpv6: true, groupType: true, network: true, existingRules: true, allowUnsafe: true });
export const WORKBENCH_CIDR_KEYS: readonly string[] = ["public", "private"];
