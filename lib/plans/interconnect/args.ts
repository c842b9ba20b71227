/**
 * The arguments of InterconnectGroup: its methods, members and traffic, and the names of every
 * key (the planner refuses any other).
 */
import { GroupType } from "../../model/network";
import { keyList } from "../key-list";
import { GroupIdRef } from "../placeholders";
import { PortEntry } from "../ports";
import { UnsafeOptIn } from "../unsafe";

/** Component type name. */
export const INTERCONNECT = "InterconnectGroup";

/**
 * `single-ip`: each member's group admits the other members' private addresses (`/32`).
 * `same-group`: one new basic group all members join as their group.
 * `dedicated-group`: one new basic group made only for the interconnect, joined in addition to the members' own groups.
 * `group-authorization`: each member's group admits the other members' groups (cross-account with the owner's account id).
 */
export type InterconnectMethod = "single-ip" | "same-group" | "dedicated-group" | "group-authorization";
/** The methods. */
export const INTERCONNECT_METHODS: readonly InterconnectMethod[] = ["single-ip", "same-group", "dedicated-group", "group-authorization"];
/** What members may use to reach each other. */
export type InterconnectProtocol = "tcp" | "udp" | "icmp" | "all";

/** One instance to interconnect. */
export interface InterconnectMember {
  /** Unique name, used in child names. */
  name: string;
  /** The member's own group; required for `single-ip` and `group-authorization`, optional for `dedicated-group`, refused for `same-group`. @default none */
  securityGroupId?: GroupIdRef;
  /** The member's private address (one host), literal or known only at deploy time (`instance.privateIp`); required for `single-ip`. @default none */
  privateIp?: string | object;
  /** Numeric id of the account that owns the member's group, when it is another account (its rules are that account's to write). @default the caller's account */
  accountId?: string;
  /** Type of the member's own group. @default "normal" */
  groupType?: GroupType;
  /** Groups the member's instance joins besides `securityGroupId` and the group this component creates. @default 0 */
  otherGroups?: number;
  /** Rules the member's group already holds, counted against its quota of 200. @default 0 */
  existingRules?: number;
}

/** Arguments of {@link planInterconnect} (the component's arguments, minus deploy-time types). */
export interface InterconnectPlanArgs {
  /** The interconnect method. */
  method: InterconnectMethod;
  /** The VPC of the group `same-group` and `dedicated-group` create (unused by the other methods). @default none */
  vpcId?: GroupIdRef;
  /** The instances to interconnect: at least two. */
  members: InterconnectMember[];
  /** Ports members may use to reach each other. @default every port: a deliberate open interconnect for `same-group` and `dedicated-group`; `single-ip` and `group-authorization` need ports, or allowUnsafe to open every port */
  ports?: PortEntry[];
  /** Protocol: of numeric `ports` (`tcp` or `udp`); `icmp` (ping) or `all` without ports. @default "tcp" with ports, "all" without */
  protocol?: InterconnectProtocol;
  /** Most groups one instance may join. @default 5 */
  maxGroupsPerInstance?: number;
  /** Tags added to the group this component creates (`managed-by`, `component` and `role` are always set). @default {} */
  tags?: Record<string, string>;
  /** Opts in to opening every port between members of `single-ip` or `group-authorization`, with the reason. @default none */
  allowUnsafe?: UnsafeOptIn;
}

export const INTERCONNECT_KEYS = keyList<InterconnectPlanArgs>({ method: true, vpcId: true, members: true, ports: true, protocol: true, maxGroupsPerInstance: true, tags: true, allowUnsafe: true });
export const MEMBER_KEYS = keyList<InterconnectMember>({ name: true, securityGroupId: true, privateIp: true, accountId: true, groupType: true, otherGroups: true, existingRules: true });
