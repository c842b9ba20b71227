/**
 * Recognising the library's components in existing groups, for adoption. A recogniser reads a
 * group (or three) and proposes the component's arguments; the proposal counts only if the
 * component's own planner, given those arguments, writes rules the cloud already holds, field
 * by field (every field that forces replacement: type, protocol, ports, peer, owner, policy,
 * priority, nic type) and groups whose type, VPC and inner access are the exported ones. So a
 * recognised component can never open, close or replace anything: the planner is the judge,
 * the recogniser only guesses. What a component would write differently from the cloud (a
 * description, a group's name or tags) is said in its notes, and updates in place.
 *
 * The names of peers (`{ cidr, name }`) shape descriptions and child names. They are read back
 * from the exported descriptions: the planner is run once with a marker as every peer's name,
 * and the text around each marker in its descriptions locates the name in the cloud's.
 *
 * Pure: plain data in, plain data out. The rules a component refuses (an unjustified world-open
 * admin port, a host-bits block) are left out of its arguments, and stay raw rules with the
 * refusal said.
 */
import { ValidationError } from "../model/errors";
import { isClassicGroup } from "../model/group-network";
import { isPrivateIpv4, parseCidr } from "../model/ip";
import { GroupModel, NetworkModel } from "../model/network";
import { RuleArgs, WORST_PRIORITY, hasPorts, portInterval } from "../model/rule";
import { peerText, portText, ruleKey, ruleKeyIn } from "../model/rule-key";
import { ADMIN_PORTS, APP_PORTS, DATABASE_PORTS, DatabaseEngine, OS_ADMIN_PORTS, WEB_PORTS, WORKBENCH_CIDRS } from "../model/services";
import { ComponentName, planComponent } from "../plans/component-plan";
import { PlannedGroup, SecurityGroupPlan, ruleResourceName } from "../plans/plan";
import { ruleChildName, slug } from "../plans/names";
import { checkDeployTimeCidr } from "../plans/entries";
import { isRecord } from "../plans/fields";
import { jsonText, stringLiteral } from "./generated-code";

/** A rule of the export, by its group and position. */
export interface RuleRef {
  /** The group's id. */
  groupId: string;
  /** Position in the group's rules. */
  index: number;
}

/** A component recognised in the export, verified by its planner. */
export interface RecognisedComponent {
  /** The component type name. */
  component: ComponentName;
  /** Its resource name. */
  name: string;
  /**
   * The planner arguments, plain data: group ids are the exported ids. A group entry the
   * program should pass by reference (its description was written from a deploy-time id) is
   * `{ securityGroupId: { adoptedGroupId: "sg-…" }, name }`.
   */
  args: Record<string, unknown>;
  /** Label of each group the component creates (`web`, `db`…) → the exported group it is. */
  created: Record<string, string>;
  /** The existing group the component writes into (WorkbenchAccess, OutboundWhitelist). */
  into?: string;
  /**
   * The existing groups the component writes into when they are several (an InterconnectGroup's
   * members' groups). Its arguments pass them, as `{ adoptedGroupId }` where the program
   * references the adopted group.
   */
  intoGroups?: string[];
  /** The exported rules the component writes, each with its child name and the rule as the component writes it (exported ids). */
  rules: (RuleRef & { name: string; planned: RuleArgs })[];
  /** The settings the component gives each group it creates (no rules), by exported id. */
  groups: Record<string, Omit<GroupModel, "rules">>;
  /** What the component writes differently from the cloud, updated in place on the first `up`. */
  notes: string[];
  /** Rules of its groups the component refused, kept raw, and why. */
  refused: string[];
}

/** Components found, and the rules left to raw resources. */
export interface Recognition {
  components: RecognisedComponent[];
  /** Rules no component writes, by group id → positions. */
  residue: Map<string, number[]>;
}

/** A deploy-time group id in recognised arguments: the program passes the adopted group's id output. */
export interface AdoptedGroupRef {
  adoptedGroupId: string;
}

/**
 * A block the component was given at deploy time (another resource's output, such as a
 * vSwitch's `cidrBlock`): its descriptions name the entry only, so the program passes the
 * block as an output too (`pulumi.output("10.0.1.0/24")`), and they stay as the cloud has them.
 */
export interface AdoptedCidr {
  adoptedCidr: string;
}

/** True for {@link AdoptedCidr}. */
export function isAdoptedCidr(value: unknown): value is AdoptedCidr {
  return typeof value === "object" && value !== null && typeof (value as AdoptedCidr).adoptedCidr === "string";
}

/** True for {@link AdoptedGroupRef}. */
export function isAdoptedGroupRef(value: unknown): value is AdoptedGroupRef {
  return typeof value === "object" && value !== null && typeof (value as AdoptedGroupRef).adoptedGroupId === "string";
}

const ROLE_TAG = "role";
const COMPONENT_TAG = "component";
const FIXED_TAGS = ["managed-by", COMPONENT_TAG, ROLE_TAG];
const WORST = WORST_PRIORITY;

/** A recogniser's guess, before its planner verifies it. */
type Candidate = Pick<RecognisedComponent, "component" | "name" | "args" | "created" | "into" | "intoGroups">;

type Verified = { ok: true; result: RecognisedComponent } | { ok: false; why: string };

/** The network a group's rules are read in. */
function net(g: GroupModel): "classic" | "vpc" {
  return isClassicGroup(g) ? "classic" : "vpc";
}

/** The entry a rule's peer is written as in a component's arguments. */
function entryOf(r: RuleArgs): Record<string, unknown> {
  if (r.cidrIp !== undefined) return { cidr: r.cidrIp };
  if (r.ipv6CidrIp !== undefined) return { ipv6Cidr: r.ipv6CidrIp };
  if (r.prefixListId !== undefined) return { prefixListId: r.prefixListId };
  return r.sourceGroupOwnerId ? { securityGroupId: r.sourceSecurityGroupId, ownerId: r.sourceGroupOwnerId } : { securityGroupId: r.sourceSecurityGroupId };
}

/** A rule's ports as a component's port entry: a number for one tcp port, else `tcp:8000-8080`, `icmp`. */
function portOf(r: RuleArgs): number | string {
  if (r.ipProtocol === "tcp" && hasPorts(r.ipProtocol)) {
    const { from, to } = portInterval(r);
    if (from === to) return from;
  }
  return portText(r);
}

function uniq<T>(values: readonly T[], key: (v: T) => string = String): T[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = key(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const isWorld = (r: RuleArgs) => r.cidrIp === "0.0.0.0/0" || r.ipv6CidrIp === "::/0";
const accept = (r: RuleArgs) => (r.policy ?? "accept") === "accept";
const prio = (r: RuleArgs) => r.priority ?? 1;
const sameSet = (a: readonly (number | string)[], b: readonly (number | string)[]) => a.length === b.length && a.every((x) => b.includes(x));

/** The caller's tags of a created group (the component's own three left out), or undefined if none. */
function callerTags(g: GroupModel): Record<string, string> | undefined {
  const extra = Object.entries(g.tags ?? {}).filter(([k]) => !FIXED_TAGS.includes(k));
  return extra.length === 0 ? undefined : Object.fromEntries(extra);
}

/** The opt-in reason written into the descriptions of a group's rules, if any. */
function unsafeIn(groups: readonly GroupModel[]): { reason: string } | undefined {
  for (const g of groups) {
    for (const r of g.rules) {
      const m = / \[UNSAFE, opted in: (.+)\]$/.exec(r.description ?? "");
      if (m) return { reason: m[1] };
    }
  }
  return undefined;
}

/** The component name the descriptions of a component's rules start with (`egress whitelist: …` → `egress`), if they agree. */
function nameSaid(rules: readonly RuleArgs[], role: string): string | undefined {
  const said = uniq(rules.map((r) => new RegExp(`^(.+?) ${role}: `).exec(r.description ?? "")?.[1] ?? ""));
  return said.length === 1 && slug(said[0]) !== "" ? said[0] : undefined;
}

/**
 * A group as one component wrote it: where some rules' descriptions start with the component's
 * prefix (`shop web: `), the rules other components wrote into the group (Workbench access,
 * a whitelist) are left to them. A hand-made group keeps every rule.
 */
function own(g: GroupModel, prefix: string): GroupModel {
  const mine = g.rules.filter((r) => (r.description ?? "").startsWith(`${prefix}: `));
  return mine.length === 0 ? g : { ...g, rules: mine };
}

/** The component name a created group's name suggests: `shop-web` with label `web` → `shop`. */
function nameFrom(g: GroupModel, label: string, fallback: string): string {
  const n = g.name ?? "";
  const suffix = `-${label}`;
  if (n.endsWith(suffix) && slug(n.slice(0, -suffix.length)) !== "") return n.slice(0, -suffix.length);
  return slug(n) !== "" ? slug(n) : fallback;
}

// ---------------------------------------------------------------- ThreeTierSecurityGroups

const byGroup = (r: RuleArgs, id: string) => r.sourceSecurityGroupId === id && !r.sourceGroupOwnerId;

function threeTierCandidates(model: NetworkModel, free: (g: GroupModel) => boolean): Candidate[] {
  const groups = model.groups.filter(free);
  const out: Candidate[] = [];
  const tagged = (role: string) => groups.filter((g) => g.tags?.[COMPONENT_TAG] === "ThreeTierSecurityGroups" && g.tags?.[ROLE_TAG] === role);
  const triples: [GroupModel, GroupModel, GroupModel][] = [];
  // Tagged tiers first: the library's own groups, paired by component name.
  for (const w of tagged("web")) {
    const name = nameFrom(w, "web", "tiers");
    const a = tagged("app").find((g) => nameFrom(g, "app", "") === name);
    const d = tagged("db").find((g) => nameFrom(g, "db", "") === name);
    if (a && d) triples.push([w, a, d]);
  }
  // Then the shape: app admits web by group, the database admits app by group on the ports it
  // drops from everywhere else at the lowest priority (the component always writes that drop),
  // one VPC and type.
  const byId = new Map(groups.map((g) => [g.id, g]));
  const seen = new Set<string>();
  const groupRules = (g: GroupModel, except: string) => g.rules.filter((r) => r.type === "ingress" && accept(r) && prio(r) === 1 && r.sourceSecurityGroupId && !r.sourceGroupOwnerId && r.sourceSecurityGroupId !== except);
  for (const d of groups) {
    const dropped = new Set(d.rules.filter((r) => r.type === "ingress" && !accept(r) && prio(r) === WORST && r.cidrIp === "0.0.0.0/0").map(portText));
    if (dropped.size === 0) continue;
    for (const ar of groupRules(d, d.id).filter((r) => dropped.has(portText(r)))) {
      const a = byId.get(ar.sourceSecurityGroupId as string);
      if (!a || a === d) continue;
      for (const wr of groupRules(a, d.id)) {
        const w = byId.get(wr.sourceSecurityGroupId as string);
        const key = `${w?.id}|${a.id}|${d.id}`;
        if (!w || w === a || seen.has(key)) continue;
        seen.add(key);
        triples.push([w, a, d]);
      }
    }
  }
  for (const [w, a, d] of triples) {
    if (w.vpcId !== a.vpcId || a.vpcId !== d.vpcId || !w.vpcId || net(w) !== "vpc") continue;
    const type = w.type ?? "normal";
    if ((a.type ?? "normal") !== type || (d.type ?? "normal") !== type) continue;
    const name = nameFrom(w, "web", "tiers");
    const [mw, ma, md] = [own(w, `${name} web`), own(a, `${name} app`), own(d, `${name} db`)];
    const built = type === "enterprise" ? enterpriseTiers(name, mw, ma, md) : basicTiers(mw, ma, md);
    if (!built) continue;
    for (const args of built) {
      args.vpcId = w.vpcId;
      if (type === "enterprise") args.groupType = "enterprise";
      else {
        const inner = { web: w.innerAccessPolicy ?? "Drop", app: a.innerAccessPolicy ?? "Drop", db: d.innerAccessPolicy ?? "Drop" };
        if (new Set(Object.values(inner)).size === 1) {
          if (inner.web !== "Drop") args.innerAccessPolicy = inner.web;
        } else args.innerAccessPolicy = inner;
      }
      const tags = callerTags(w);
      if (tags) args.tags = tags;
      const unsafe = unsafeIn([w, a, d]);
      if (unsafe) args.allowUnsafe = unsafe;
      out.push({ component: "ThreeTierSecurityGroups", name, args, created: { web: w.id, app: a.id, db: d.id } });
    }
  }
  return out;
}

/** The engine a database tier's ports and description say, and whether its ports are that engine's default. */
function engineOf(d: GroupModel, ports: (number | string)[]): { engine?: DatabaseEngine; ports?: (number | string)[] } {
  const said = /\((mysql|postgresql|sqlserver|oracle|redis|mongodb)\)/.exec(d.description ?? "")?.[1] as DatabaseEngine | undefined;
  const byPort = (Object.keys(DATABASE_PORTS) as DatabaseEngine[]).find((e) => ports.length === 1 && ports[0] === DATABASE_PORTS[e]);
  const engine = said ?? byPort ?? "mysql";
  const defaults = ports.length === 1 && ports[0] === DATABASE_PORTS[engine];
  return { ...(engine === "mysql" ? {} : { engine }), ...(defaults ? {} : { ports }) };
}

/** Splits a tier's other ingress accepts into admin access and named sources, by port and description. */
function adminRule(r: RuleArgs): boolean {
  if (/: admin access: /.test(r.description ?? "")) return true;
  if (/: (clients reach|web tier|app tier)/.test(r.description ?? "") || / reach(es)? /.test(r.description ?? "")) return false;
  const p = portOf(r);
  return typeof p === "number" && ADMIN_PORTS.includes(p);
}

/** A rule from Workbench's ranges that no tier wrote as admin access: WorkbenchAccess's to claim. */
function workbench(r: RuleArgs): boolean {
  return !/: (admin access|clients reach)/.test(r.description ?? "") && (r.cidrIp === WORKBENCH_CIDRS.private || r.cidrIp === WORKBENCH_CIDRS.public);
}

/** The shortest prefix among address entries, per family (32 and 128 when there is none): what `maxPrefix` must allow. */
function widestPrefixes(entries: readonly Record<string, unknown>[]): { v4: number; v6: number } {
  const prefixes = entries.map((e) => (typeof e.cidr === "string" || typeof e.ipv6Cidr === "string" ? parseCidr((e.cidr ?? e.ipv6Cidr) as string) : undefined)).filter((b) => b !== undefined);
  return { v4: Math.min(32, ...prefixes.filter((b) => b.family === "ipv4").map((b) => b.prefix)), v6: Math.min(128, ...prefixes.filter((b) => b.family === "ipv6").map((b) => b.prefix)) };
}

interface AdminGuess {
  admin?: Record<string, unknown>;
  tiers: Set<string>;
}

function adminOf(tiers: Record<string, GroupModel>, exclude: (tier: string, r: RuleArgs) => boolean): AdminGuess {
  const found: { tier: string; r: RuleArgs }[] = [];
  // A world-open source is refused (left raw) unless opted in.
  const world = (r: RuleArgs) => isWorld(r) && !/\[UNSAFE, opted in: /.test(r.description ?? "");
  for (const [tier, g] of Object.entries(tiers)) {
    for (const r of g.rules) if (r.type === "ingress" && accept(r) && prio(r) === 1 && !exclude(tier, r) && !workbench(r) && !world(r) && adminRule(r)) found.push({ tier, r });
  }
  if (found.length === 0) return { tiers: new Set() };
  const sources = uniq(found.map((f) => f.r), peerText).map(entryOf);
  const ports = uniq(found.map((f) => portOf(f.r)));
  const inTiers = uniq(found.map((f) => f.tier));
  const admin: Record<string, unknown> = { sources };
  if (!sameSet(ports, [OS_ADMIN_PORTS.linux])) admin.ports = ports;
  if (inTiers.length < 3) admin.tiers = ["web", "app", "db"].filter((t) => inTiers.includes(t));
  const { v4, v6 } = widestPrefixes(sources);
  if (v4 < 32) admin.maxPrefix = v4;
  if (v6 < 128) admin.maxPrefixIpv6 = v6;
  return { admin, tiers: new Set(found.map((f) => `${f.tier}|${peerText(f.r)}|${portText(f.r)}`)) };
}

function restrictedEgress(groups: readonly GroupModel[]): boolean {
  return groups.every((g) => g.rules.some((r) => r.type === "egress" && !accept(r) && prio(r) === WORST && r.ipProtocol === "all" && r.cidrIp === "0.0.0.0/0"));
}

/** Candidate arguments for basic tiers: the full reading first, then without admin, then bare. */
function basicTiers(w: GroupModel, a: GroupModel, d: GroupModel): Record<string, unknown>[] | undefined {
  const ing = (g: GroupModel) => g.rules.filter((r) => r.type === "ingress" && accept(r) && prio(r) === 1);
  const appPorts = uniq(ing(a).filter((r) => byGroup(r, w.id)).map(portOf));
  const dbPorts = uniq(ing(d).filter((r) => byGroup(r, a.id)).map(portOf));
  if (appPorts.length === 0 || dbPorts.length === 0) return undefined;
  const inTier = (tier: string, r: RuleArgs) => (tier === "app" && byGroup(r, w.id)) || (tier === "db" && byGroup(r, a.id));
  const admin = adminOf({ web: w, app: a, db: d }, inTier);
  const build = (withAdmin: boolean): Record<string, unknown> => {
    const isAdmin = (tier: string, r: RuleArgs) => withAdmin && admin.tiers.has(`${tier}|${peerText(r)}|${portText(r)}`);
    const webRules = ing(w).filter((r) => !isAdmin("web", r) && !workbench(r));
    const webPorts = uniq(webRules.map(portOf));
    const webSources = uniq(webRules, peerText).map(entryOf);
    const extra = (g: GroupModel, tier: string, own: string, ports: (number | string)[]) => uniq(ing(g).filter((r) => !byGroup(r, own) && !isAdmin(tier, r) && ports.includes(portOf(r))), peerText).map(entryOf);
    const args: Record<string, unknown> = {};
    const web: Record<string, unknown> = {};
    if (webPorts.length > 0 && !sameSet(webPorts, WEB_PORTS)) web.ports = webPorts;
    if (webSources.length > 0 && !(webSources.length === 1 && webSources[0].cidr === "0.0.0.0/0")) web.sources = webSources;
    if (Object.keys(web).length > 0) args.web = web;
    const app: Record<string, unknown> = {};
    if (!sameSet(appPorts, APP_PORTS)) app.ports = appPorts;
    const appSources = extra(a, "app", w.id, appPorts);
    if (appSources.length > 0) app.sources = appSources;
    if (Object.keys(app).length > 0) args.app = app;
    const db: Record<string, unknown> = { ...engineOf(d, dbPorts) };
    const dbSources = extra(d, "db", a.id, dbPorts);
    if (dbSources.length > 0) db.sources = dbSources;
    if (Object.keys(db).length > 0) args.db = db;
    if (withAdmin && admin.admin) args.admin = admin.admin;
    if (restrictedEgress([w, a, d])) args.egress = "restricted";
    return args;
  };
  return admin.admin ? [build(true), build(false)] : [build(false)];
}

/** Candidate arguments for enterprise tiers: the vSwitch blocks are read from the CIDR rules between tiers. */
function enterpriseTiers(name: string, w: GroupModel, a: GroupModel, d: GroupModel): Record<string, unknown>[] | undefined {
  const egressTo = (g: GroupModel) => g.rules.filter((r) => r.type === "egress" && accept(r) && prio(r) === 1 && (r.cidrIp || r.ipv6CidrIp));
  const appPorts = uniq(egressTo(w).map(portOf));
  const dbPorts = uniq(egressTo(a).map(portOf));
  const appCidrs = uniq(egressTo(w), peerText).map(entryOf);
  const dbCidrs = uniq(egressTo(a), peerText).map(entryOf);
  const webCidrs = uniq(a.rules.filter((r) => r.type === "ingress" && accept(r) && /: web tier \(/.test(r.description ?? "")), peerText).map(entryOf);
  if (appCidrs.length === 0 || dbCidrs.length === 0 || webCidrs.length === 0) return undefined;
  void name;
  const args: Record<string, unknown> = {};
  const webRules = w.rules.filter((r) => r.type === "ingress" && accept(r) && prio(r) === 1 && !workbench(r) && /: clients reach /.test(r.description ?? ""));
  const web: Record<string, unknown> = { cidrs: webCidrs };
  const webPorts = uniq(webRules.map(portOf));
  if (webPorts.length > 0 && !sameSet(webPorts, WEB_PORTS)) web.ports = webPorts;
  const webSources = uniq(webRules, peerText).map(entryOf);
  if (webSources.length > 0 && !(webSources.length === 1 && webSources[0].cidr === "0.0.0.0/0")) web.sources = webSources;
  args.web = web;
  args.app = { cidrs: appCidrs, ...(sameSet(appPorts, APP_PORTS) ? {} : { ports: appPorts }) };
  args.db = { cidrs: dbCidrs, ...engineOf(d, dbPorts) };
  const admin = adminOf({ web: w, app: a, db: d }, () => false);
  if (restrictedEgress([w, a, d])) args.egress = "restricted";
  return admin.admin ? [{ ...args, admin: admin.admin }, args] : [args];
}

// ---------------------------------------------------------------- DatabaseSecurityGroup

function databaseCandidates(model: NetworkModel, free: (g: GroupModel) => boolean): Candidate[] {
  const out: Candidate[] = [];
  for (const whole of model.groups.filter(free)) {
    if (net(whole) !== "vpc" || !whole.vpcId) continue;
    const name = nameFrom(whole, "db", "database");
    const g = own(whole, `${name} database`);
    const drops = g.rules.filter((r) => r.type === "ingress" && !accept(r) && r.cidrIp === "0.0.0.0/0" && prio(r) > 1);
    if (drops.length === 0) continue;
    const denyPriority = prio(drops[0]);
    const ports = uniq(drops.filter((r) => prio(r) === denyPriority).map(portOf));
    const accepts = g.rules.filter((r) => r.type === "ingress" && accept(r) && prio(r) === 1 && ports.includes(portOf(r)));
    if (accepts.length === 0) continue;
    const args: Record<string, unknown> = { vpcId: g.vpcId, sources: uniq(accepts, peerText).map(entryOf) };
    const eng = engineOf(g, ports);
    if (eng.engine) args.engine = eng.engine;
    if (eng.ports) args.ports = eng.ports;
    if ((g.type ?? "normal") === "enterprise") args.groupType = "enterprise";
    else if (g.innerAccessPolicy && g.innerAccessPolicy !== "Drop") args.innerAccessPolicy = g.innerAccessPolicy;
    if (denyPriority !== WORST) args.denyPriority = denyPriority;
    const tags = callerTags(g);
    if (tags) args.tags = tags;
    const unsafe = unsafeIn([g]);
    if (unsafe) args.allowUnsafe = unsafe;
    out.push({ component: "DatabaseSecurityGroup", name, args, created: { db: g.id } });
  }
  return out;
}

// ---------------------------------------------------------------- InterconnectGroup

const INTERCONNECT_DESCRIPTION = /^(.+?): (same-group|dedicated-group) interconnect of (.+?); members reach each other on .+ \(InterconnectGroup, managed by alicloud-secgroups\)$/;
/** `pair single-ip: member a (10.0.1.11/32) reaches member b on …`, `files group-authorization: member partner (group 1609982529920000/sg-partner) reaches member server on …`. */
const MEMBER_RULE = /^(.+?) (single-ip|group-authorization): member (.+?) \((.+?)\) reaches member (.+?) on /;
/** The egress side an enterprise sender of `single-ip` gets: `pair single-ip: member a may reach member b (…) on …`. */
const MEMBER_EGRESS = /^(.+?) single-ip: member (.+?) may reach member /;

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
function sharedGroupCandidates(model: NetworkModel, free: (g: GroupModel) => boolean): Candidate[] {
  const out: Candidate[] = [];
  for (const g of model.groups.filter(free)) {
    const said = INTERCONNECT_DESCRIPTION.exec(g.description ?? "");
    const tagged = g.tags?.[COMPONENT_TAG] === "InterconnectGroup" && g.tags?.[ROLE_TAG] === "interconnect";
    if ((!said && !tagged) || net(g) !== "vpc" || !g.vpcId || (g.type ?? "normal") !== "normal") continue;
    const name = said?.[1] ?? nameFrom(g, "interconnect", "interconnect");
    const inside = (model.instances ?? []).filter((i) => i.groups.includes(g.id));
    const method = said?.[2] ?? (inside.length > 0 && inside.every((i) => i.groups.length === 1) ? "same-group" : "dedicated-group");
    const names = said ? said[3].split(", ") : uniq(inside.map((i) => i.name ?? i.id));
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
      const self = own(g, `${name} ${method}`).rules.filter((r) => memberIngress(r) && r.sourceSecurityGroupId === g.id && !r.sourceGroupOwnerId);
      const traffic = trafficOf(self);
      if (!traffic || traffic.protocol === "all") continue;
      Object.assign(args, traffic);
    }
    const tags = callerTags(g);
    if (tags) args.tags = tags;
    const unsafe = unsafeIn([g]);
    if (unsafe) args.allowUnsafe = unsafe;
    out.push({ component: "InterconnectGroup", name, args, created: { interconnect: g.id } });
  }
  return out;
}

interface MemberRule {
  g: GroupModel;
  r: RuleArgs;
  sender: string;
  shown: string;
  receiver: string;
}

/**
 * `single-ip` / `group-authorization` as the library describes them: each rule names its
 * sender and receiver, so the receiver is the group that holds it and the sender is its peer.
 * A member only ever seen as a sender is in another account (its group gets no rules): under
 * `group-authorization` its group and account are the rule's peer; under `single-ip` neither is
 * in the export, so it is left out (its rules stay raw).
 */
function describedMemberCandidates(model: NetworkModel, unclaimed: (g: GroupModel) => RuleArgs[]): Candidate[] {
  const found = new Map<string, MemberRule[]>();
  for (const g of model.groups) {
    for (const r of unclaimed(g)) {
      const m = MEMBER_RULE.exec(r.description ?? "");
      if (!m || !memberIngress(r)) continue;
      const key = `${m[2]}|${m[1]}`;
      found.set(key, [...(found.get(key) ?? []), { g, r, sender: m[3], shown: m[4], receiver: m[5] }]);
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
        const literal = sent.some((x) => x.shown === `group ${g.id}`) && !sent.some((x) => x.shown === `group sg-${slug(`member-${n}`)}`);
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
    out.push({ component: "InterconnectGroup", name, args, created: {}, intoGroups: uniq(rules.map((x) => x.g.id)) });
  }
  return out;
}

/**
 * Hand-made `single-ip` and `group-authorization`: groups that admit each other (each the
 * others' private `/32` addresses, or each the others' groups) on the same ports, members named
 * after their groups. Pairs are grown into meshes; the largest come first.
 */
function handMadeMemberCandidates(model: NetworkModel, unclaimed: (g: GroupModel) => RuleArgs[]): Candidate[] {
  const plain = (r: RuleArgs) => memberIngress(r) && !MEMBER_RULE.test(r.description ?? "") && !MEMBER_EGRESS.test(r.description ?? "");
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
    for (const r of unclaimed(g).filter(plain)) {
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
    out.push({ component: "InterconnectGroup", name: meshName(names), args, created: {}, intoGroups: mesh.members.map((m) => m.g) });
  }
  return out;
}

/**
 * A member's group passed by its id rather than by reference (see wireReferences) is labelled
 * by the id in child names: the rules are named again from the arguments as they now are.
 */
function renameMemberRules(c: RecognisedComponent): void {
  const plan = planComponent(c.component, c.name, toPlannerArgs(c.args) as never);
  const names = plan.groups.flatMap((pg) => pg.model.rules.map((r) => ruleResourceName(plan, pg, r)));
  if (names.length === c.rules.length) c.rules.forEach((r, i) => (r.name = names[i]));
}

function interconnectCandidates(model: NetworkModel, free: (g: GroupModel) => boolean, unclaimed: (g: GroupModel) => RuleArgs[]): Candidate[] {
  return [...sharedGroupCandidates(model, free), ...describedMemberCandidates(model, unclaimed), ...handMadeMemberCandidates(model, unclaimed)];
}

// ---------------------------------------------------------------- OutboundWhitelist

function whitelistCandidates(model: NetworkModel, unclaimed: (g: GroupModel) => RuleArgs[]): Candidate[] {
  const out: Candidate[] = [];
  for (const g of model.groups) {
    const rules = unclaimed(g);
    const classic = net(g) === "classic";
    const deny = rules.find((r) => r.type === "egress" && !accept(r) && r.ipProtocol === "all" && r.cidrIp === "0.0.0.0/0");
    if (!deny) continue;
    const denyAll = prio(deny);
    const allows = rules.filter((r) => r.type === "egress" && accept(r) && prio(r) < denyAll && (r.ipProtocol === "tcp" || r.ipProtocol === "udp"));
    if (allows.length === 0) continue;
    const allowPriority = prio(allows[0]);
    const destinations = uniq(allows.filter((r) => prio(r) === allowPriority), (r) => `${peerText(r)}|${r.ipProtocol}`).map((first) => {
      const same = allows.filter((r) => prio(r) === allowPriority && peerText(r) === peerText(first) && r.ipProtocol === first.ipProtocol);
      const ports = uniq(same.map((r) => (first.ipProtocol === "udp" ? portText(r).replace(/^udp:/, "") : portOf(r)))).map((p) => (typeof p === "string" && /^\d+$/.test(p) ? Number(p) : p));
      const peer = entryOf(first);
      return { ...peer, ports, ...(first.ipProtocol === "udp" ? { protocol: "udp" } : {}) };
    });
    const args: Record<string, unknown> = { securityGroupId: g.id, destinations };
    if (denyAll !== WORST) args.denyAllPriority = denyAll;
    if (allowPriority !== 1) args.allowPriority = allowPriority;
    if ((g.type ?? "normal") === "enterprise") args.groupType = "enterprise";
    if (classic) args.network = "classic";
    const mine = rules.filter((r) => r.type === "egress" && prio(r) >= allowPriority);
    out.push({ component: "OutboundWhitelist", name: nameSaid(mine, "whitelist") ?? `${nameFrom(g, "", "group")}-egress`, args, created: {}, into: g.id });
  }
  return out;
}

// ---------------------------------------------------------------- WorkbenchAccess

function workbenchCandidates(model: NetworkModel, unclaimed: (g: GroupModel) => RuleArgs[]): Candidate[] {
  const out: Candidate[] = [];
  for (const g of model.groups) {
    const rules = unclaimed(g).filter((r) => r.type === "ingress" && accept(r) && prio(r) === 1);
    const from = (cidr: string) => rules.filter((r) => r.cidrIp === cidr);
    const priv = from(WORKBENCH_CIDRS.private);
    const pub = from(WORKBENCH_CIDRS.public);
    if (priv.length === 0 && pub.length === 0) continue;
    const via = priv.length > 0 && pub.length > 0 ? "both" : priv.length > 0 ? "private" : "public";
    const ports = uniq([...priv, ...pub].map(portOf));
    const base: Record<string, unknown> = { securityGroupId: g.id };
    if (sameSet(ports, [OS_ADMIN_PORTS.windows])) base.os = "windows";
    else if (!sameSet(ports, [OS_ADMIN_PORTS.linux])) base.ports = ports;
    if (via !== "private") base.via = via;
    if ((g.type ?? "normal") === "enterprise") base.groupType = "enterprise";
    if (net(g) === "classic") base.network = "classic";
    const unsafe = unsafeIn([g]);
    if (unsafe) base.allowUnsafe = unsafe;
    const admins = uniq(rules.filter((r) => ports.includes(portOf(r)) && r.cidrIp !== WORKBENCH_CIDRS.private && r.cidrIp !== WORKBENCH_CIDRS.public && !isWorld(r) && (/: administrator at /.test(r.description ?? "") || !r.description)), peerText).map(entryOf);
    const name = nameSaid([...priv, ...pub], "admin") ?? `${nameFrom(g, "", "group")}-workbench`;
    if (admins.length > 0) {
      const { v4, v6 } = widestPrefixes(admins);
      out.push({ component: "WorkbenchAccess", name, args: { ...base, adminSources: admins, ...(v4 < 32 ? { maxAdminPrefix: v4 } : {}), ...(v6 < 128 ? { maxAdminPrefixIpv6: v6 } : {}) }, created: {}, into: g.id });
    }
    out.push({ component: "WorkbenchAccess", name, args: base, created: {}, into: g.id });
  }
  return out;
}

// ---------------------------------------------------------------- verification

const MARK = (k: number) => `adoptpeer${k}q`;

/** Gives every peer entry (in lists, or `securityGroupId` entries) a marker name, one per peer. */
function markEntries(args: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const marks = new Map<string, Record<string, unknown>>();
  const byPeer = new Map<string, string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === "object" && v !== null) {
      const o = v as Record<string, unknown>;
      const peer = ["cidr", "ipv6Cidr", "securityGroupId", "prefixListId"].find((k) => typeof o[k] === "string");
      if (peer && o !== args && !("destinations" in o)) {
        const key = `${peer}=${o[peer]}|${o.ownerId ?? ""}`;
        let mark = byPeer.get(key);
        if (mark === undefined) {
          mark = MARK(byPeer.size);
          byPeer.set(key, mark);
        }
        o.name = mark;
        marks.set(mark, o);
        return;
      }
      Object.values(o).forEach(visit);
    }
  };
  // Interconnect members are named by their recogniser, not read back as peers.
  for (const [k, v] of Object.entries(args)) if (k !== "securityGroupId" && k !== "vpcId" && k !== "members") visit(v);
  return marks;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Reads the name an entry had from a cloud description, given the planner's description with a
 * marker as the name: the same text unnamed, or the marker's place holding the name (as a
 * literal, `name (peer)`, or from a deploy-time id, `members of name`).
 */
function readName(planned: string, cloud: string, mark: string): { name?: string; deployTime?: boolean } | undefined {
  const unnamed = planned.replace(new RegExp(`${mark} \\(([^)]*)\\)`, "g"), "$1");
  if (unnamed === cloud) return {};
  const pattern = (text: string) => new RegExp(`^${escape(text).split(mark).join("(.+?)")}$`);
  const named = pattern(planned).exec(cloud);
  if (named) return { name: named[1] };
  const deployTime = pattern(planned.replace(new RegExp(`${mark} \\([^)]*\\)`, "g"), mark)).exec(cloud);
  if (deployTime) return { name: deployTime[1], deployTime: true };
  return undefined;
}

/**
 * Leaves a refused argument out: the list element it is in (`args.sources[1].prefixListId` drops
 * `sources[1]`), or the key itself when it is in no list (`args.db.ports`).
 */
function dropAt(args: Record<string, unknown>, field: string): boolean {
  const path = field.replace(/^args\.?/, "").match(/[^.[\]]+/g) ?? [];
  const lastIndex = path.map((p) => /^\d+$/.test(p)).lastIndexOf(true);
  const upTo = lastIndex >= 0 ? path.slice(0, lastIndex + 1) : path;
  if (upTo.length === 0) return false;
  let at: unknown = args;
  for (const p of upTo.slice(0, -1)) {
    if (typeof at !== "object" || at === null) return false;
    at = (at as Record<string, unknown>)[p];
  }
  const last = upTo[upTo.length - 1];
  if (Array.isArray(at) && /^\d+$/.test(last) && Number(last) < at.length) {
    at.splice(Number(last), 1);
    return true;
  }
  if (!Array.isArray(at) && typeof at === "object" && at !== null && last in (at as object)) {
    delete (at as Record<string, unknown>)[last];
    return true;
  }
  return false;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Deploy-time stand-ins in the planner's arguments: a group id the program passes by reference. */
function toPlannerArgs(args: Record<string, unknown>): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (isAdoptedGroupRef(v)) return { __pulumiOutput: true, adoptedGroupId: v.adoptedGroupId };
    if (isAdoptedCidr(v)) return { __pulumiOutput: true, adoptedCidr: v.adoptedCidr };
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(args) as Record<string, unknown>;
}

/**
 * Plans a candidate and matches every planned rule with a rule of the export that is not yet
 * claimed. `strict` (the final pass) requires equal descriptions to call them unchanged; the
 * first pass reads names and ignores descriptions.
 */
function verify(model: NetworkModel, cand: Candidate, claimed: Set<string>, refused: string[]): Verified & { plan?: ReturnType<typeof planComponent> } {
  let plan: ReturnType<typeof planComponent> | undefined;
  for (let attempt = 0; attempt < 8 && plan === undefined; attempt++) {
    try {
      plan = planComponent(cand.component, cand.name, toPlannerArgs(cand.args) as never);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      // Leave out what the component refuses (its rules stay raw), and try again.
      if (e.field === "args" || !dropAt(cand.args, e.field)) return { ok: false, why: e.message };
      refused.push(e.message);
    }
  }
  if (plan === undefined) return { ok: false, why: "refused" };
  const byId = new Map(model.groups.map((g) => [g.id, g]));
  const realOf = (placeholder: string | undefined): string | undefined => {
    if (placeholder === undefined) return undefined;
    const created = plan!.groups.find((g) => g.created && g.model.id === placeholder);
    if (created) return cand.created[created.label];
    const ref = plan!.refs.get(placeholder);
    if (typeof ref === "string") return ref;
    if (isAdoptedGroupRef(ref)) return ref.adoptedGroupId;
    return placeholder;
  };
  // A deploy-time block: the plan holds a stand-in; the rule holds the block, checked as the component checks it.
  const blockOf = (r: RuleArgs): Partial<RuleArgs> => {
    const text = r.cidrIp ?? r.ipv6CidrIp;
    const d = text === undefined ? undefined : plan!.deployTimeCidrs?.get(text);
    if (d === undefined || !isAdoptedCidr(d.value)) return {};
    const block = checkDeployTimeCidr(d, d.value.adoptedCidr, plan!.unsafeReason);
    return r.cidrIp !== undefined ? { cidrIp: block } : { ipv6CidrIp: block };
  };
  const rules: (RuleRef & { name: string; planned: RuleArgs })[] = [];
  const described = new Map<string, string[]>();
  const settings: Record<string, Omit<GroupModel, "rules">> = {};
  const notes: string[] = [];
  const taken = new Set<string>();
  for (const pg of plan.groups) {
    const realId = realOf(pg.model.id) as string;
    const g = byId.get(realId);
    if (!g) return { ok: false, why: `${realId} is not in the export` };
    if (pg.created) {
      const m = pg.model;
      const { rules: _r, ...rest } = m;
      void _r;
      settings[g.id] = { ...rest, id: g.id, ...(m.vpcId !== undefined ? { vpcId: realOf(m.vpcId) === m.vpcId ? m.vpcId : (realOf(m.vpcId) as string) } : {}) };
      if ((m.type ?? "normal") !== (g.type ?? "normal")) return { ok: false, why: `${g.id} is ${g.type ?? "normal"}, the component would create ${m.type ?? "normal"}` };
      if (realOf(m.vpcId) !== g.vpcId && m.vpcId !== g.vpcId) return { ok: false, why: `${g.id} is in ${g.vpcId}` };
      if ((m.type ?? "normal") === "normal" && (m.innerAccessPolicy ?? "Accept") !== (g.innerAccessPolicy ?? "Accept")) return { ok: false, why: `${g.id} has inner access ${g.innerAccessPolicy}` };
      if (m.name !== g.name) notes.push(`${g.id}: the component names the group ${stringLiteral(m.name ?? "")} (the cloud: ${stringLiteral(g.name ?? "")})`);
      if ((m.description ?? "") !== (g.description ?? "")) notes.push(`${g.id}: the component writes the group's description as ${stringLiteral(m.description ?? "")}`);
      const tagText = (t?: Record<string, string>) => JSON.stringify(Object.entries(t ?? {}).sort());
      if (tagText(m.tags) !== tagText(g.tags)) notes.push(`${g.id}: the component sets the tags ${jsonText(m.tags ?? {}, 0)}`);
    }
    const network = net(g);
    for (const r of pg.model.rules) {
      const resolved: RuleArgs = { ...r, ...(r.sourceSecurityGroupId ? { sourceSecurityGroupId: realOf(r.sourceSecurityGroupId) } : {}), ...blockOf(r) };
      const key = ruleKeyIn(resolved, network);
      const index = g.rules.findIndex((x, i) => !claimed.has(`${g.id}#${i}`) && !taken.has(`${g.id}#${i}`) && ruleKeyIn(x, network) === key && (x.nicType ?? "intranet") === (resolved.nicType ?? "intranet"));
      if (index < 0) return { ok: false, why: `the component would write ${key} into ${g.id}, which the cloud does not hold` };
      taken.add(`${g.id}#${index}`);
      const cloud = g.rules[index].description ?? "";
      if ((r.description ?? "") !== cloud) described.set(g.id, [...(described.get(g.id) ?? []), `${key}: ${stringLiteral(r.description ?? "")} (the cloud: ${stringLiteral(cloud)})`]);
      rules.push({ groupId: g.id, index, name: ruleResourceName(plan, pg, r), planned: resolved });
    }
  }
  for (const [id, list] of described) notes.push(list.length === 1 ? `${id}: the component describes ${list[0]}` : `${id}: the component rewrites the descriptions of ${list.length} rules, e.g. ${list[0]}`);
  return { ok: true, plan, result: { component: cand.component, name: cand.name, args: cand.args, created: cand.created, ...(cand.into ? { into: cand.into } : {}), ...(cand.intoGroups ? { intoGroups: cand.intoGroups } : {}), rules, groups: settings, notes, refused: [...refused] } };
}

/**
 * Writes unnamed address entries as the plain strings a person would write (`"203.0.113.7/32"`
 * for `{ cidr: "203.0.113.7/32" }`: the planner reads both alike), and puts the group's id or
 * VPC first.
 */
function simplifyEntries(args: Record<string, unknown>): void {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map((x) => (isArgsObject(x) && Object.keys(x).length === 1 && (typeof x.cidr === "string" || typeof x.ipv6Cidr === "string") ? (x.cidr ?? x.ipv6Cidr) : walk(x)));
    if (isArgsObject(v)) for (const [k, x] of Object.entries(v)) v[k] = walk(x);
    return v;
  };
  walk(args);
  const order = Object.entries(args).sort(([a], [b]) => Number(b === "vpcId" || b === "securityGroupId") - Number(a === "vpcId" || a === "securityGroupId"));
  for (const k of Object.keys(args)) delete args[k];
  for (const [k, v] of order) args[k] = v;
}

/** After a refusal left a list at its default (`web.ports` back to 80 and 443), leaves it out, as a person would. */
function dropDefaults(c: Candidate): void {
  if (c.component !== "ThreeTierSecurityGroups") return;
  const tier = (t: string) => (isArgsObject(c.args[t]) ? (c.args[t] as Record<string, unknown>) : undefined);
  const web = tier("web");
  if (web && Array.isArray(web.ports) && sameSet(web.ports, WEB_PORTS)) delete web.ports;
  const app = tier("app");
  if (app && Array.isArray(app.ports) && sameSet(app.ports, APP_PORTS)) delete app.ports;
  for (const t of ["web", "app", "db"]) if (tier(t) && Object.keys(tier(t)!).length === 0) delete c.args[t];
}

/** An object of the arguments, not a marker of an adopted group or block. */
function isArgsObject(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && !isAdoptedGroupRef(v) && !isAdoptedCidr(v);
}

/** Verifies a candidate: a first pass with marker names reads the peers' names, the second is the result. */
function recogniseOne(model: NetworkModel, cand: Candidate, claimed: Set<string>, adoptedIds: ReadonlySet<string>): RecognisedComponent | undefined {
  const marked = clone(cand);
  const marks = markEntries(marked.args);
  const refused: string[] = [];
  const first = verify(model, marked, claimed, refused);
  if (!first.ok || !first.plan) return undefined;
  // Read each marker's name from the cloud's descriptions of the rules it planned.
  const names = new Map<string, { name?: string; deployTime?: boolean }>();
  const byId = new Map(model.groups.map((g) => [g.id, g]));
  const planned = first.plan.groups.flatMap((pg) => pg.model.rules);
  first.result.rules.forEach((ref, i) => {
    const desc = planned[i]?.description ?? "";
    const cloud = byId.get(ref.groupId)?.rules[ref.index].description ?? "";
    for (const mark of marks.keys()) {
      if (names.has(mark) || !desc.includes(mark)) continue;
      const read = readName(desc, cloud, mark);
      if (read) names.set(mark, read);
    }
  });
  const final = clone(marked);
  const entries = markEntries(final.args);
  for (const [mark, entry] of entries) {
    const read = names.get(mark);
    delete entry.name;
    if (read?.name !== undefined && slug(read.name) !== "") entry.name = read.name;
    if (read?.deployTime && typeof entry.securityGroupId === "string" && adoptedIds.has(entry.securityGroupId)) entry.securityGroupId = { adoptedGroupId: entry.securityGroupId };
    for (const k of ["cidr", "ipv6Cidr"]) if (read?.deployTime && read.name !== undefined && typeof entry[k] === "string") entry[k] = { adoptedCidr: entry[k] };
  }
  simplifyEntries(final.args);
  dropDefaults(final);
  // What the first pass refused is already left out of `marked`.
  const second = verify(model, final, claimed, refused);
  if (!second.ok) {
    // A name read wrongly must not lose the component: fall back to unnamed entries.
    const bare = clone(marked);
    for (const entry of markEntries(bare.args).values()) delete entry.name;
    const third = verify(model, bare, claimed, refused);
    return third.ok ? third.result : undefined;
  }
  return second.result;
}

/**
 * Finds the components in an export: three tiers, database groups, interconnects, outbound
 * whitelists and Workbench access, in that order, each claiming the rules it writes (one cloud rule, one
 * resource). Every result is verified by the component's planner.
 */
export function recogniseComponents(model: NetworkModel, serviceManaged: ReadonlySet<string> = new Set()): Recognition {
  const claimed = new Set<string>();
  const createdBy = new Set<string>();
  const components: RecognisedComponent[] = [];
  const names = new Set<string>();
  const adoptedIds = new Set(model.groups.map((g) => g.id));
  const free = (g: GroupModel) => !createdBy.has(g.id) && !serviceManaged.has(g.id);
  const unclaimed = (g: GroupModel) => (serviceManaged.has(g.id) ? [] : g.rules.filter((_, i) => !claimed.has(`${g.id}#${i}`)));
  const take = (cands: () => Candidate[]) => {
    for (const c of cands()) {
      if (Object.values(c.created).some((id) => createdBy.has(id))) continue;
      let name = c.name;
      for (let k = 2; names.has(`${c.component}/${name}`); k++) name = `${c.name}-${k}`;
      const found = recogniseOne(model, { ...c, name }, claimed, adoptedIds);
      if (!found) continue;
      names.add(`${c.component}/${name}`);
      for (const id of Object.values(found.created)) createdBy.add(id);
      for (const r of found.rules) claimed.add(`${r.groupId}#${r.index}`);
      components.push(found);
    }
  };
  take(() => threeTierCandidates(model, free));
  take(() => databaseCandidates(model, free));
  take(() => interconnectCandidates(model, free, unclaimed));
  take(() => whitelistCandidates(model, unclaimed));
  take(() => workbenchCandidates(model, unclaimed));
  for (const c of components) wireReferences(model, c, components, claimed);
  for (const c of components) if (c.component === "InterconnectGroup") renameMemberRules(c);
  const residue = new Map<string, number[]>();
  for (const g of model.groups) {
    const left = g.rules.map((_, i) => i).filter((i) => !claimed.has(`${g.id}#${i}`));
    if (left.length > 0) residue.set(g.id, left);
  }
  return { components, residue };
}

/** The entries of recognised arguments that pass a group by reference. */
function referenceEntries(args: unknown): Record<string, unknown>[] {
  if (Array.isArray(args)) return args.flatMap(referenceEntries);
  if (typeof args !== "object" || args === null) return [];
  const o = args as Record<string, unknown>;
  if (isAdoptedGroupRef(o.securityGroupId)) return [o];
  return Object.values(o).flatMap(referenceEntries);
}

/**
 * A group passed by reference tells the library who sends: when the sender is a restricted
 * tier the library made, it writes the sender's egress accept too, as a child of the sender's
 * component (see the components' connections). Those egress rules must be in the cloud: they
 * are claimed for the sender's component. Where they are not, or where a whitelist owns the
 * sender's egress, the entry passes the id as a literal instead (only its description changes).
 */
function wireReferences(model: NetworkModel, receiver: RecognisedComponent, all: readonly RecognisedComponent[], claimed: Set<string>): void {
  for (const entry of referenceEntries(receiver.args)) {
    const sid = (entry.securityGroupId as AdoptedGroupRef).adoptedGroupId;
    const plan = planComponent(receiver.component, receiver.name, toPlannerArgs(receiver.args) as never);
    const admitted = admittedFrom(plan, sid);
    // Only a group the component admits is a sender the library would write egress for.
    if (admitted.length === 0) continue;
    const owner = all.find((o) => Object.values(o.created).includes(sid));
    const whitelisted = all.some((o) => o.component === "OutboundWhitelist" && o.into === sid);
    const restricted = owner?.component === "ThreeTierSecurityGroups" && owner.args.egress === "restricted";
    if (!whitelisted && (!restricted || claimSenderSide(model, receiver, plan, admitted, owner!, sid, claimed))) continue;
    entry.securityGroupId = sid;
    receiver.notes.push(`${sid}: passed by its id, so the library writes no egress rule for it; the component describes its rules with the id`);
  }
}

/** Each planned group of a component with the rules admitting members of the group `sid`, passed by reference (groups admitting none left out). */
function admittedFrom(plan: SecurityGroupPlan, sid: string): { pg: PlannedGroup; rules: RuleArgs[] }[] {
  const placeholders = new Set([...plan.refs].filter(([, v]) => isAdoptedGroupRef(v) && v.adoptedGroupId === sid).map(([p]) => p));
  return plan.groups
    .map((pg) => ({ pg, rules: pg.model.rules.filter((r) => r.type === "ingress" && r.policy !== "drop" && r.sourceSecurityGroupId !== undefined && placeholders.has(r.sourceSecurityGroupId)) }))
    .filter((a) => a.rules.length > 0);
}

function claimSenderSide(model: NetworkModel, receiver: RecognisedComponent, plan: SecurityGroupPlan, admittedBy: { pg: PlannedGroup; rules: RuleArgs[] }[], owner: RecognisedComponent, sid: string, claimed: Set<string>): boolean {
  const sender = model.groups.find((g) => g.id === sid) as GroupModel;
  const label = Object.entries(owner.created).find(([, id]) => id === sid)?.[0] as string;
  const found: (RuleRef & { name: string; planned: RuleArgs })[] = [];
  for (const { pg, rules: admitted } of admittedBy) {
    const ref = plan.refs.get(pg.model.id);
    const target = pg.created ? receiver.created[pg.label] : (receiver.into ?? (isAdoptedGroupRef(ref) ? ref.adoptedGroupId : (ref as string | undefined)));
    const peerName = `${receiver.name}-${pg.label || slug(receiver.component)}`;
    for (const r of admitted) {
      const written: RuleArgs = { type: "egress", ipProtocol: r.ipProtocol, portRange: r.portRange, policy: "accept", priority: 1, sourceSecurityGroupId: `sg-to-${slug(peerName)}` };
      const key = ruleKeyIn({ ...written, sourceSecurityGroupId: target }, "vpc");
      const index = sender.rules.findIndex((x, i) => !claimed.has(`${sid}#${i}`) && !found.some((f) => f.index === i) && ruleKeyIn(x, "vpc") === key);
      if (index < 0) return false;
      const said = `${owner.name} ${label}: may reach ${receiver.component} "${receiver.name}" (${peerName}) on what it admits from this tier`;
      found.push({ groupId: sid, index, name: ruleChildName(owner.name, label, written, { [ruleKey(written)]: slug(peerName) }), planned: { ...written, sourceSecurityGroupId: target, description: said } });
      if ((sender.rules[index].description ?? "") !== said) owner.notes.push(`${sid}: the component describes ${key} as ${stringLiteral(said)}`);
    }
  }
  for (const f of found) {
    claimed.add(`${f.groupId}#${f.index}`);
    owner.rules.push(f);
  }
  return true;
}

/**
 * The network the adopted program declares: each group as the components that write it plan it
 * (their settings for the groups they create, their rules) plus its raw rules. Built from the
 * planners' output, not from the matching, so comparing it with the export checks the matching.
 */
export function declaredNetwork(model: NetworkModel, recognition: Recognition): NetworkModel {
  return {
    ...model,
    groups: model.groups.map((g) => {
      const settings = recognition.components.map((c) => c.groups[g.id]).find((x) => x !== undefined);
      const planned = recognition.components.flatMap((c) => c.rules.filter((r) => r.groupId === g.id).map((r) => r.planned));
      const raw = (recognition.residue.get(g.id) ?? []).map((i) => g.rules[i]);
      return { ...g, ...(settings ?? {}), id: g.id, rules: [...planned, ...raw] };
    }),
  };
}
