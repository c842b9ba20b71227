/**
 * Recognising InterconnectGroup in an export: the planner inverted, for each method. The group
 * `same-group` and `dedicated-group` create is known by its description or tags; member rules by
 * their descriptions (`single-ip` and `group-authorization`), or, made by hand, by their shape
 * (groups that admit each other). Descriptions are read only through `describe.ts`.
 */
import { GroupModel, NetworkModel } from "../../model/network";
import { isPrivateIpv4, parseCidr } from "../../model/ip";
import { RuleArgs } from "../../model/rule";
import { portText } from "../../model/rule-key";
import { planComponent } from "../component-plan";
import { slug } from "../names";
import { ruleResourceName } from "../plan";
import { Candidate, ComponentRecogniser, RecognisedComponent, RecognitionScope, accept, callerTags, nameFrom, net, own, portOf, prio, taggedAs, toPlannerArgs, uniq, unsafeIn } from "../recognition";
import { INTERCONNECT } from "./args";
import { MemberShown, readInterconnectGroup, readInterconnectRule } from "./describe";

type MemberMethod = "single-ip" | "group-authorization";

/** The ports and protocol of an interconnect's rules, as the planner takes them; undefined when no arguments write them. */
function trafficOf(rules: readonly RuleArgs[]): { ports?: (number | string)[]; protocol?: string } | undefined {
  const protocols = uniq(rules.map((r) => r.ipProtocol));
  if (protocols.length === 0) return undefined;
  if (protocols.includes("all")) return protocols.length === 1 ? { protocol: "all" } : undefined;
  if (protocols.length === 1 && protocols[0] === "icmp") return { protocol: "icmp" };
  if (protocols.every((p) => p === "udp" || p === "icmp")) {
    const ports = uniq(rules.map((r) => (r.ipProtocol === "udp" ? portText(r).replace(/^udp:/, "") : "icmp"))).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    return { protocol: "udp", ports };
  }
  return { ports: uniq(rules.map(portOf)) };
}

const memberIngress = (r: RuleArgs) => r.type === "ingress" && accept(r) && prio(r) === 1 && (r.nicType ?? "intranet") === "intranet";

/** A private IPv4 address as an interconnect member's (`10.0.1.11/32` → `10.0.1.11`), else undefined. */
function privateHost(cidr: string | undefined): string | undefined {
  const block = cidr === undefined ? undefined : parseCidr(cidr);
  if (!block || block.family !== "ipv4" || block.prefix !== 32 || !isPrivateIpv4(block)) return undefined;
  return cidr!.replace(/\/32$/, "");
}

/** Member names after their groups, one each. */
function memberNames(groups: readonly GroupModel[]): string[] {
  const used = new Set<string>();
  return groups.map((g) => {
    const base = slug(g.name ?? "") || slug(g.id);
    let n = base;
    for (let k = 2; used.has(n); k++) n = `${base}-${k}`;
    used.add(n);
    return n;
  });
}

/** The name of a hand-made interconnect: its members' names, or `interconnect` for a long list. */
function meshName(names: readonly string[]): string {
  const joined = names.join("-");
  return names.length <= 3 && joined.length <= 48 ? joined : "interconnect";
}

/**
 * `same-group` / `dedicated-group`: a group the library made for an interconnect (its tags or
 * its description say so), with the members its description names. Members' own groups come
 * from the export's instances (an instance in the interconnect group, by the member's name, with
 * exactly one other group); without instances they are left out, which the planner allows.
 */
function sharedGroupCandidates(model: NetworkModel, scope: RecognitionScope): Candidate[] {
  const out: Candidate[] = [];
  for (const g of model.groups.filter(scope.free)) {
    const said = readInterconnectGroup(g.description ?? "");
    const tags = taggedAs(g);
    const tagged = tags.component === INTERCONNECT && tags.role === "interconnect";
    if ((!said && !tagged) || net(g) !== "vpc" || !g.vpcId || (g.type ?? "normal") !== "normal") continue;
    const name = said?.name ?? nameFrom(g, "interconnect", "interconnect");
    const inside = (model.instances ?? []).filter((i) => i.groups.includes(g.id));
    const method = said?.method ?? (inside.length > 0 && inside.every((i) => i.groups.length === 1) ? "same-group" : "dedicated-group");
    const names = said ? said.members : uniq(inside.map((i) => i.name ?? i.id));
    if (names.length < 2) continue;
    const members = names.map((n) => {
      const m: Record<string, unknown> = { name: n };
      const inst = inside.filter((i) => i.name === n || slug(i.name ?? i.id) === slug(n));
      const others = inst.length === 1 ? inst[0].groups.filter((id) => id !== g.id) : [];
      if (method === "dedicated-group" && others.length === 1 && model.groups.some((x) => x.id === others[0])) m.securityGroupId = { adoptedGroupId: others[0] };
      return m;
    });
    const args: Record<string, unknown> = { method, vpcId: g.vpcId, members };
    if ((g.innerAccessPolicy ?? "Accept") !== "Accept") {
      // Drop isolates the members; the group's rules admitting itself reopen the ports.
      const self = own(g, (description) => readInterconnectRule(description, name)?.role === method).rules.filter((r) => memberIngress(r) && r.sourceSecurityGroupId === g.id && !r.sourceGroupOwnerId);
      const traffic = trafficOf(self);
      if (!traffic || traffic.protocol === "all") continue;
      Object.assign(args, traffic);
    }
    const caller = callerTags(g);
    if (caller) args.tags = caller;
    const unsafe = unsafeIn([g]);
    if (unsafe) args.allowUnsafe = unsafe;
    out.push({ component: INTERCONNECT, name, args, created: { interconnect: g.id } });
  }
  return out;
}

interface MemberRule {
  g: GroupModel;
  r: RuleArgs;
  sender: string;
  shown: MemberShown;
  receiver: string;
}

/** What a member rule's description says, when the library wrote it for `single-ip` or `group-authorization`. */
function memberRuleOf(r: RuleArgs): { name: string; method: MemberMethod; said: { sender: string; shown: MemberShown; receiver: string } } | undefined {
  const read = readInterconnectRule(r.description ?? "");
  if (read?.said?.kind !== "member" || (read.role !== "single-ip" && read.role !== "group-authorization")) return undefined;
  return { name: read.name, method: read.role, said: read.said };
}

/** True for a rule the library described as a member rule, or (`single-ip`) as an enterprise sender's egress side. */
function describedMemberRule(r: RuleArgs): boolean {
  const read = readInterconnectRule(r.description ?? "");
  return memberRuleOf(r) !== undefined || (read?.said?.kind === "member-egress" && read.role === "single-ip");
}

/**
 * `single-ip` / `group-authorization` as the library describes them: each rule names its
 * sender and receiver, so the receiver is the group that holds it and the sender is its peer.
 * A member only ever seen as a sender is in another account (its group gets no rules): under
 * `group-authorization` its group and account are the rule's peer; under `single-ip` neither is
 * in the export, so it is left out (its rules stay raw).
 */
function describedMemberCandidates(model: NetworkModel, scope: RecognitionScope): Candidate[] {
  const found = new Map<string, MemberRule[]>();
  for (const g of model.groups) {
    for (const r of scope.unclaimed(g)) {
      const m = memberRuleOf(r);
      if (!m || !memberIngress(r)) continue;
      const key = `${m.method}|${m.name}`;
      found.set(key, [...(found.get(key) ?? []), { g, r, ...m.said }]);
    }
  }
  const out: Candidate[] = [];
  for (const [key, rules] of found) {
    const [method, name] = [key.slice(0, key.indexOf("|")) as MemberMethod, key.slice(key.indexOf("|") + 1)];
    const groupOf = new Map<string, GroupModel>();
    let consistent = true;
    for (const x of rules) {
      const prior = groupOf.get(x.receiver);
      if (prior && prior !== x.g) consistent = false;
      groupOf.set(x.receiver, x.g);
    }
    if (!consistent) continue;
    const order = uniq(rules.flatMap((x) => [x.receiver, x.sender]));
    const members: Record<string, unknown>[] = [];
    for (const n of order) {
      const g = groupOf.get(n);
      const sent = rules.filter((x) => x.sender === n);
      if (method === "single-ip") {
        const ips = uniq(sent.map((x) => x.r.cidrIp ?? x.r.ipv6CidrIp ?? ""));
        const inst = g ? (model.instances ?? []).filter((i) => i.groups.includes(g.id)) : [];
        const ip = ips.length === 1 && ips[0] !== "" ? ips[0].replace(/\/32$/, "").replace(/\/128$/, "") : ips.length === 0 && inst.length === 1 ? inst[0].privateIp : undefined;
        if (!g || ip === undefined) continue;
        members.push({ name: n, securityGroupId: { adoptedGroupId: g.id }, privateIp: ip, ...((g.type ?? "normal") === "enterprise" ? { groupType: "enterprise" } : {}) });
      } else if (g) {
        // A deploy-time id is described by its placeholder (`group sg-member-a`), a literal by itself.
        const showsGroup = (id: string) => sent.some((x) => "group" in x.shown && x.shown.group === id);
        const literal = showsGroup(g.id) && !showsGroup(`sg-${slug(`member-${n}`)}`);
        members.push({ name: n, securityGroupId: literal ? g.id : { adoptedGroupId: g.id } });
      } else {
        const peers = uniq(sent.map((x) => `${x.r.sourceSecurityGroupId ?? ""}|${x.r.sourceGroupOwnerId ?? ""}`));
        const [id, owner] = peers.length === 1 ? peers[0].split("|") : ["", ""];
        if (!id) continue;
        members.push({ name: n, securityGroupId: owner === "" && model.groups.some((x) => x.id === id) ? { adoptedGroupId: id } : id, ...(owner !== "" ? { accountId: owner } : {}) });
      }
    }
    const traffic = trafficOf(rules.map((x) => x.r));
    if (members.length < 2 || !traffic) continue;
    const args: Record<string, unknown> = { method, ...traffic, members };
    const unsafe = unsafeIn(uniq(rules.map((x) => x.g), (g) => g.id));
    if (unsafe) args.allowUnsafe = unsafe;
    out.push({ component: INTERCONNECT, name, args, created: {}, intoGroups: uniq(rules.map((x) => x.g.id)) });
  }
  return out;
}

/**
 * Hand-made `single-ip` and `group-authorization`: groups that admit each other (each the
 * others' private `/32` addresses, or each the others' groups) on the same ports, members named
 * after their groups. Pairs are grown into meshes; the largest come first.
 */
function handMadeMemberCandidates(model: NetworkModel, scope: RecognitionScope): Candidate[] {
  const plain = (r: RuleArgs) => memberIngress(r) && !describedMemberRule(r);
  const byIp = new Map<string, Map<string, Set<string>>>();
  const byGroup = new Map<string, Map<string, Set<string>>>();
  const rulesOf = new Map<string, RuleArgs[]>();
  const add = (into: Map<string, Map<string, Set<string>>>, g: string, peer: string, r: RuleArgs) => {
    const peers = into.get(g) ?? new Map<string, Set<string>>();
    peers.set(peer, (peers.get(peer) ?? new Set()).add(portText(r)));
    into.set(g, peers);
    rulesOf.set(`${g}|${peer}`, [...(rulesOf.get(`${g}|${peer}`) ?? []), r]);
  };
  const ids = new Set(model.groups.map((g) => g.id));
  for (const g of model.groups) {
    for (const r of scope.unclaimed(g).filter(plain)) {
      const ip = privateHost(r.cidrIp);
      if (ip !== undefined) add(byIp, g.id, ip, r);
      else if (r.sourceSecurityGroupId && !r.sourceGroupOwnerId && r.sourceSecurityGroupId !== g.id && ids.has(r.sourceSecurityGroupId) && (g.type ?? "normal") === "normal") add(byGroup, g.id, r.sourceSecurityGroupId, r);
    }
  }
  const common = (sets: (Set<string> | undefined)[]) => {
    if (sets.some((s) => s === undefined)) return [];
    return [...sets[0]!].filter((p) => sets.every((s) => s!.has(p)));
  };
  const groupById = new Map(model.groups.map((g) => [g.id, g]));
  // An address some instance of the export has must be that member's group's.
  const fits = (g: string, ip: string) => (model.instances ?? []).every((i) => i.privateIp !== ip || i.groups.includes(g));
  const meshes: { method: MemberMethod; members: { g: string; ip?: string }[]; ports: string[] }[] = [];
  const seen = new Set<string>();
  const keep = (method: MemberMethod, members: { g: string; ip?: string }[], ports: string[]) => {
    const key = `${method}|${members.map((m) => `${m.g}=${m.ip ?? ""}`).sort().join(",")}|${[...ports].sort().join(",")}`;
    if (seen.has(key)) return;
    seen.add(key);
    meshes.push({ method, members, ports });
  };
  const order = model.groups.map((g) => g.id);
  // single-ip: group A admits B's address q and B admits A's address p, on the same ports.
  for (const [i, a] of order.entries()) {
    for (const b of order.slice(i + 1)) {
      for (const [p, pa] of byIp.get(a) ?? []) {
        for (const [q, qb] of byIp.get(b) ?? []) {
          if (p === q || !fits(a, q) || !fits(b, p)) continue;
          let ports = common([pa, qb]);
          if (ports.length === 0) continue;
          const members = [{ g: a, ip: q }, { g: b, ip: p }];
          for (const c of order) {
            if (members.some((m) => m.g === c)) continue;
            const admitted = byIp.get(c);
            for (const [r] of byIp.get(a) ?? []) {
              if (members.some((m) => m.ip === r) || !fits(c, r)) continue;
              const next = common([...members.map((m) => byIp.get(m.g)?.get(r)), ...members.map((m) => admitted?.get(m.ip!))]).filter((x) => ports.includes(x));
              if (next.length === 0) continue;
              members.push({ g: c, ip: r });
              ports = next;
              break;
            }
          }
          keep("single-ip", members, ports);
        }
      }
    }
  }
  // group-authorization: A admits B's group and B admits A's.
  for (const [i, a] of order.entries()) {
    for (const b of order.slice(i + 1)) {
      let ports = common([byGroup.get(a)?.get(b), byGroup.get(b)?.get(a)]);
      if (ports.length === 0) continue;
      const members: { g: string }[] = [{ g: a }, { g: b }];
      for (const c of order) {
        if (members.some((m) => m.g === c)) continue;
        const next = common([...members.map((m) => byGroup.get(m.g)?.get(c)), ...members.map((m) => byGroup.get(c)?.get(m.g))]).filter((x) => ports.includes(x));
        if (next.length === 0) continue;
        members.push({ g: c });
        ports = next;
      }
      keep("group-authorization", members, ports);
    }
  }
  meshes.sort((x, y) => y.members.length - x.members.length);
  const out: Candidate[] = [];
  for (const mesh of meshes) {
    const groups = mesh.members.map((m) => groupById.get(m.g) as GroupModel);
    const names = memberNames(groups);
    const rules = mesh.members.flatMap((m) => mesh.members.filter((o) => o !== m).flatMap((o) => rulesOf.get(`${m.g}|${mesh.method === "single-ip" ? o.ip : o.g}`) ?? [])).filter((r) => mesh.ports.includes(portText(r)));
    const traffic = trafficOf(rules);
    if (!traffic) continue;
    const members = mesh.members.map((m, k) => ({ name: names[k], securityGroupId: { adoptedGroupId: m.g }, ...(m.ip !== undefined ? { privateIp: m.ip } : {}), ...((groups[k].type ?? "normal") === "enterprise" ? { groupType: "enterprise" } : {}) }));
    const args: Record<string, unknown> = { method: mesh.method, ...traffic, members };
    const unsafe = unsafeIn(groups);
    if (unsafe) args.allowUnsafe = unsafe;
    out.push({ component: INTERCONNECT, name: meshName(names), args, created: {}, intoGroups: mesh.members.map((m) => m.g) });
  }
  return out;
}

function candidates(model: NetworkModel, scope: RecognitionScope): Candidate[] {
  return [...sharedGroupCandidates(model, scope), ...describedMemberCandidates(model, scope), ...handMadeMemberCandidates(model, scope)];
}

/**
 * A member's group passed by its id rather than by reference (see the wiring of references) is
 * labelled by the id in child names: the rules are named again from the arguments as they now are.
 */
function renameMemberRules(c: RecognisedComponent): void {
  const plan = planComponent(c.component, c.name, toPlannerArgs(c.args) as never);
  const names = plan.groups.flatMap((pg) => pg.model.rules.map((r) => ruleResourceName(plan, pg, r)));
  if (names.length === c.rules.length) c.rules.forEach((r, i) => (r.name = names[i]));
}

/** InterconnectGroup, recognised. */
export const INTERCONNECT_RECOGNISER: ComponentRecogniser = { component: INTERCONNECT, candidates, readRule: (d) => readInterconnectRule(d), rename: renameMemberRules };
