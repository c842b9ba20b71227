/**
 * Interconnecting instances (seed 000), by any of its four methods: authorise single
 * addresses, share one group, join a group made only for the interconnect, or authorise each
 * other's groups (same or another account).
 */
import { GroupModel, GroupType, MAX_GROUPS_PER_INSTANCE } from "../../model/network";
import { Peer } from "../../model/peer";
import { IpProtocol, NO_PORTS, RuleArgs } from "../../model/rule";
import { checkComponentName, planVpcId } from "../common";
import { at, expectArray, expectInteger, expectKnownKeys, expectObject, expectOneOf, isDeployTime, refuse } from "../fields";
import { PeerEntries } from "../entries";
import { securityGroupName, slug } from "../names";
import { Placeholders } from "../placeholders";
import { PlannedGroup, PlannedMember, RuleCollector, SecurityGroupPlan } from "../plan";
import { PortSpec, parsePortSpecs, specFields } from "../port-spec";
import { rulePrefix } from "../rule-description";
import { groupTags } from "../tags";
import { OPT_IN_ADVICE, unsafeReason } from "../unsafe";
import { INTERCONNECT, INTERCONNECT_KEYS, INTERCONNECT_METHODS, InterconnectMethod, InterconnectPlanArgs, InterconnectProtocol, MEMBER_KEYS } from "./args";
import { GroupTraffic, MemberShown, MemberTraffic, describeInterconnectGroup, interconnectWhy } from "./describe";
import type { Intent } from "../../analysis/intents";
import { IntentCollector, groupSelector } from "../intents";

interface Member {
  name: string;
  field: string;
  group?: string;
  ip?: Peer;
  /** How descriptions show the address: the literal, or the member's name for a deploy-time one. */
  shown?: string;
  accountId?: string;
  groupType: GroupType;
  otherGroups: number;
  existingRules: number;
}

interface Traffic {
  protocol: IpProtocol;
  ports: PortSpec[];
  all: boolean;
  /** What the group description says members may use. */
  said: GroupTraffic;
}

function parseTraffic(a: Record<string, unknown>, method: InterconnectMethod, unsafe: string | undefined): Traffic {
  const protocol = expectOneOf<InterconnectProtocol>("args.protocol", a.protocol, ["tcp", "udp", "icmp", "all"], a.ports === undefined ? "all" : "tcp");
  if (protocol === "icmp" || protocol === "all") {
    if (a.ports !== undefined) refuse("invalid-argument", "args.ports", a.ports, `does not apply to protocol ${JSON.stringify(protocol)}, which has no ports`, `Remove ports, or use protocol "tcp" or "udp".`);
    const all = protocol === "all";
    if (all && (method === "single-ip" || method === "group-authorization") && unsafe === undefined) {
      refuse("all-ports", "args.ports", a.ports, `is missing: method ${JSON.stringify(method)} would then open every protocol and port between members`, `Name the ports members use, e.g. ports: [3306], ${OPT_IN_ADVICE}.`);
    }
    return { protocol, ports: [], all, said: all ? { all: true } : { ports: [{ protocol: "icmp", from: -1, to: -1 }] } };
  }
  const ports = parsePortSpecs("args.ports", a.ports, [], protocol);
  return { protocol, ports, all: false, said: { ports } };
}

function trafficRules(t: Traffic): Pick<RuleArgs, "ipProtocol" | "portRange">[] {
  if (t.ports.length === 0) return [{ ipProtocol: t.protocol, portRange: NO_PORTS }];
  return t.ports.map(specFields);
}

function parseMembers(a: Record<string, unknown>, method: InterconnectMethod, ph: Placeholders, entries: PeerEntries): Member[] {
  const list = expectArray("args.members", a.members, false)!;
  if (list.length < 2) refuse("invalid-argument", "args.members", list.length, "must name at least two members to interconnect", "Pass two or more members.");
  const names = new Map<string, string>();
  return list.map((raw, i) => {
    const field = `args.members[${i}]`;
    const m = expectObject(field, raw, false)!;
    expectKnownKeys(field, m, MEMBER_KEYS);
    if (typeof m.name !== "string" || slug(m.name) === "") {
      refuse("invalid-name", `${field}.name`, m.name, "must be a name with at least one letter or digit", `Name the member, e.g. "web-1".`);
    }
    const prior = names.get(slug(m.name));
    if (prior !== undefined) refuse("duplicate-id", `${field}.name`, m.name, `names the same member as ${prior}`, "Give each member its own name.");
    names.set(slug(m.name), `${field}.name`);
    const groupType = expectOneOf<GroupType>(`${field}.groupType`, m.groupType, ["normal", "enterprise"], "normal", "invalid-group-type");
    const otherGroups = expectInteger(`${field}.otherGroups`, m.otherGroups, 0, 100, 0);
    const existingRules = expectInteger(`${field}.existingRules`, m.existingRules, 0, 100000, 0);
    let accountId: string | undefined;
    if (m.accountId !== undefined) {
      if (method === "same-group" || method === "dedicated-group") {
        refuse("invalid-argument", `${field}.accountId`, m.accountId, `does not apply to method ${JSON.stringify(method)}: instances of another account cannot join this account's group`, `Use method "group-authorization" for members of another account.`);
      }
      if (typeof m.accountId !== "string" || !/^[0-9]{1,32}$/.test(m.accountId)) {
        refuse("invalid-owner", `${field}.accountId`, m.accountId, "is not a numeric Alibaba Cloud account id", "Pass the numeric id of the account that owns the member's group.");
      }
      accountId = m.accountId;
    }
    let group: string | undefined;
    const needsGroup = method === "single-ip" || method === "group-authorization";
    if (m.securityGroupId === undefined) {
      if (needsGroup) refuse("invalid-security-group-id", `${field}.securityGroupId`, undefined, `is missing: method ${JSON.stringify(method)} writes rules into each member's group`, "Pass the member's security group id.");
    } else if (method === "same-group") {
      refuse("invalid-argument", `${field}.securityGroupId`, "<group id>", `does not apply to method "same-group", whose members take the new group as their group`, `Remove it, or use method "dedicated-group" to keep the members' own groups and add one for the interconnect.`);
    } else {
      group = ph.input(m.securityGroupId, `${field}.securityGroupId`, `member-${m.name}`);
    }
    if (method === "group-authorization" && groupType === "enterprise") {
      refuse("enterprise-group-reference", `${field}.groupType`, groupType, "is an enterprise group, which can neither authorise nor be authorised by security groups", `Use method "single-ip" (address rules) for enterprise groups.`);
    }
    let ip: Peer | undefined;
    let shown: string | undefined;
    if (isDeployTime(m.privateIp)) {
      // Known only at deploy time (an instance's privateIp): checked once known as a literal would be; named after the member.
      const e = entries.parse(`${field}.privateIp`, { cidr: m.privateIp, name: m.name }, { what: "an interconnect member's address", refuseWorld: true, maxPrefix: { ipv4: 32, ipv6: 128, ipv4Field: `${field}.privateIp`, ipv6Field: `${field}.privateIp` } });
      ip = e.peer;
      shown = e.label;
    } else if (m.privateIp !== undefined) {
      ip = at(`${field}.privateIp`, () => Peer.cidr(m.privateIp as string));
      const block = ip.block!;
      if (block.prefix < (block.family === "ipv4" ? 32 : 128)) {
        refuse("source-too-broad", `${field}.privateIp`, m.privateIp, `is a /${block.prefix} block, but an interconnect authorises single addresses (/${block.family === "ipv4" ? 32 : 128})`, "Give the member's own private address, e.g. \"10.0.1.11\".");
      }
    } else if (method === "single-ip") {
      refuse("invalid-argument", `${field}.privateIp`, undefined, `is missing: method "single-ip" authorises each member's private address`, "Pass the member's private address, e.g. \"10.0.1.11\".");
    }
    return { name: m.name, field, group, ip, shown: shown ?? ip?.toString(), accountId, groupType, otherGroups, existingRules };
  });
}

/**
 * Plans the interconnect: the new group (`same-group`, `dedicated-group`) or the rules in each
 * member's group (`single-ip`, `group-authorization`); throws {@link ValidationError} naming
 * the argument for anything refused.
 */
export function planInterconnect(name: string, args: InterconnectPlanArgs): SecurityGroupPlan {
  checkComponentName(name);
  const a = expectObject("args", args, false)!;
  expectKnownKeys("args", a, INTERCONNECT_KEYS);
  if (a.method === undefined) refuse("invalid-argument", "args.method", undefined, "is missing", `Choose one of ${INTERCONNECT_METHODS.map((m) => JSON.stringify(m)).join(", ")}.`);
  const method = expectOneOf<InterconnectMethod>("args.method", a.method, INTERCONNECT_METHODS, "single-ip");
  const unsafe = unsafeReason(a.allowUnsafe);
  const traffic = parseTraffic(a, method, unsafe);
  const maxGroupsPerInstance = expectInteger("args.maxGroupsPerInstance", a.maxGroupsPerInstance, 1, 100, MAX_GROUPS_PER_INSTANCE);
  const ph = new Placeholders();
  const createsGroup = method === "same-group" || method === "dedicated-group";
  const vpcId = createsGroup ? planVpcId(a.vpcId) : undefined;
  const shared = createsGroup ? ph.created("interconnect", "args.members") : undefined;
  const entries = new PeerEntries(ph);
  const members = parseMembers(a, method, ph, entries);

  const groups: PlannedGroup[] = [];
  const byId = new Map<string, PlannedGroup>();
  const collectors = new Map<string, RuleCollector>();
  const external = (m: Member): PlannedGroup => {
    let g = byId.get(m.group!);
    if (!g) {
      const model: GroupModel = { id: m.group!, type: m.groupType, rules: [] };
      g = { model, label: m.group!, created: false, role: "member", field: m.field, existingRules: m.existingRules };
      byId.set(m.group!, g);
      groups.push(g);
      collectors.set(m.group!, new RuleCollector(rulePrefix(name, method), unsafe, "vpc", entries));
    } else {
      if ((g.model.type ?? "normal") !== m.groupType) {
        refuse("mixed-group-types", `${m.field}.groupType`, m.groupType, `disagrees with another member of group ${JSON.stringify(m.group)}`, "Give the same groupType for members that share a group.");
      }
      g.existingRules = Math.max(g.existingRules ?? 0, m.existingRules);
    }
    return g;
  };
  const own = (m: Member) => m.accountId === undefined;

  if (createsGroup) {
    const open = traffic.all;
    const rules = new RuleCollector(rulePrefix(name, method), unsafe);
    if (!open) {
      for (const t of trafficRules(traffic)) {
        rules.add("args.ports", { type: "ingress", ...t, policy: "accept", priority: 1, sourceSecurityGroupId: shared! }, interconnectWhy({ kind: "shared", traffic: memberTraffic(t, traffic) }));
      }
    }
    for (const m of members) if (m.group !== undefined) external(m);
    groups.unshift({
      label: "interconnect",
      created: true,
      role: "interconnect",
      field: "args.members",
      model: {
        id: shared!,
        name: securityGroupName(name, "interconnect"),
        description: describeInterconnectGroup({ name, method, members: members.map((m) => m.name), traffic: traffic.said }),
        type: "normal",
        // Accept: members reach each other on everything, ahead of any rule. With ports, Drop
        // isolates them and a self-referencing accept reopens just those ports.
        innerAccessPolicy: open ? "Accept" : "Drop",
        vpcId,
        tags: groupTags(INTERCONNECT, "interconnect", a.tags),
        rules: rules.finish(),
      },
    });
  } else {
    const ownGroups = new Set(members.filter(own).map((m) => m.group));
    if (new Set(members.map((m) => m.group)).size < 2 || ownGroups.size === 0) {
      refuse("invalid-argument", "args.members", members.map((m) => m.name), "leave nothing to interconnect: it needs at least two different groups, one of them in this account", "Members that share a group already reach each other when its inner access policy is Accept.");
    }
    if (a.tags !== undefined) refuse("invalid-argument", "args.tags", a.tags, `does not apply to method ${JSON.stringify(method)}, which creates no group (rules carry no tags)`, "Remove tags.");
    for (const r of members) {
      if (!own(r)) continue;
      const target = external(r);
      for (const s of members) {
        if (s === r) continue;
        if (method === "group-authorization" && s.group === r.group) continue;
        const peer = method === "single-ip" ? s.ip! : Peer.securityGroup(s.group!, s.accountId);
        // Private addresses are intranet peers. A member's group may be a classic one, where a
        // CIDR rule without a nic type is an internet rule and would not admit them.
        const nic = method === "single-ip" ? { nicType: "intranet" as const } : {};
        const shown: MemberShown = method === "single-ip" ? { address: s.shown! } : { group: peer.toString() };
        for (const t of trafficRules(traffic)) {
          collectors.get(target.model.id)!.add(`${s.field}.${method === "single-ip" ? "privateIp" : "securityGroupId"}`, { type: "ingress", ...t, policy: "accept", priority: 1, ...peer.toRuleFields(), ...nic }, interconnectWhy({ kind: "member", sender: s.name, shown, receiver: r.name, traffic: memberTraffic(t, traffic) }), traffic.all);
        }
      }
    }
    // An enterprise sender denies egress by default: write its side of each single-ip flow too.
    if (method === "single-ip") {
      for (const s of members) {
        if (!own(s) || s.groupType !== "enterprise") continue;
        const source = external(s);
        for (const r of members) {
          if (r === s) continue;
          for (const t of trafficRules(traffic)) {
            collectors.get(source.model.id)!.add(`${r.field}.privateIp`, { type: "egress", ...t, policy: "accept", priority: 1, ...r.ip!.toRuleFields(), nicType: "intranet" }, interconnectWhy({ kind: "member-egress", sender: s.name, receiver: r.name, shown: { address: r.shown! }, traffic: memberTraffic(t, traffic) }), traffic.all);
          }
        }
      }
    }
    for (const g of groups) {
      const c = collectors.get(g.model.id)!;
      g.model.rules = c.finish();
      g.ruleNames = c.ruleNames();
    }
  }

  const planned: PlannedMember[] = members.map((m) => ({
    name: m.name,
    field: m.field,
    groups: [...(m.group !== undefined ? [m.group] : []), ...(shared !== undefined ? [shared] : [])],
    otherGroups: m.otherGroups,
    ...(m.ip !== undefined ? { privateIp: m.ip.block!.text.split("/")[0] } : {}),
  }));
  return { component: INTERCONNECT, name, groups, members: planned, refs: ph.refs(), unsafeReason: unsafe, maxGroupsPerInstance, deployTimeCidrs: entries.deployTimeCidrs, intents: interconnectIntents(name, method, members, traffic, shared) };
}

/** What the interconnect promises: members reach each other on its traffic. */
function interconnectIntents(name: string, method: InterconnectMethod, members: readonly Member[], traffic: Traffic, shared: string | undefined): Intent[] {
  const promises = new IntentCollector(INTERCONNECT, name);
  const ports: PortSpec[] | "*" = traffic.all ? "*" : traffic.ports.length > 0 ? traffic.ports : [{ protocol: traffic.protocol as PortSpec["protocol"], from: -1, to: -1 }];
  if (shared !== undefined) {
    promises.allow("members", groupSelector(shared), groupSelector(shared), ports, "members of the interconnect group reach each other");
    return promises.finish();
  }
  for (const r of members) {
    if (r.accountId !== undefined || r.group === undefined) continue;
    for (const s of members) {
      if (s === r || (method === "group-authorization" && s.group === r.group)) continue;
      const from = method === "single-ip" ? (s.ip ? s.ip.value : undefined) : s.group !== undefined ? groupSelector(s.group) : undefined;
      promises.allow(`${s.name}-to-${r.name}`, from, groupSelector(r.group), ports, `${s.name} reaches ${r.name}`);
    }
  }
  return promises.finish();
}

/** What one rule lets members use, for its description: everything, ping, or the port or range of its entry. */
function memberTraffic(t: Pick<RuleArgs, "ipProtocol" | "portRange">, traffic: Traffic): MemberTraffic {
  if (traffic.all) return { all: true };
  if (t.ipProtocol === "icmp") return { protocol: "icmp" };
  const [from, to] = t.portRange!.split("/").map(Number);
  return to !== from ? { protocol: t.ipProtocol, port: from, to } : { protocol: t.ipProtocol, port: from };
}
