/**
 * Recognising ThreeTierSecurityGroups in an export: the planner inverted. Tagged tiers are
 * paired by component name; untagged ones by shape (app admits web by group, the database admits
 * app by group on the ports it drops from everywhere else at the lowest priority). Arguments are
 * read from the tiers' rules; descriptions only through `describe.ts`.
 */
import { GroupModel, NetworkModel } from "../../model/network";
import { RuleArgs, WORST_PRIORITY } from "../../model/rule";
import { peerText, portText } from "../../model/rule-key";
import { ADMIN_PORTS, WEB_PORTS, WORKBENCH_CIDRS } from "../../model/services";
import { Candidate, ComponentRecogniser, RecognitionScope, accept, callerTags, engineOf, entryOf, isArgsObject, isWorld, nameFrom, net, own, portOf, prio, sameSet, taggedAs, uniq, unsafeIn, widestPrefixes } from "../recognition";
import { readUnsafeNote } from "../unsafe";
import { THREE_TIER, Tier } from "./args";
import { readTierGroup, readTierRule, saysWhoReaches } from "./describe";

const byGroup = (r: RuleArgs, id: string) => r.sourceSecurityGroupId === id && !r.sourceGroupOwnerId;
/** What a tier's rule says it is for, whichever component name it carries. */
const saidOf = (r: RuleArgs) => readTierRule(r.description ?? "")?.said;

function candidates(model: NetworkModel, scope: RecognitionScope): Candidate[] {
  const groups = model.groups.filter(scope.free);
  const out: Candidate[] = [];
  const tagged = (role: string) => groups.filter((g) => taggedAs(g).component === THREE_TIER && taggedAs(g).role === role);
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
    const dropped = new Set(d.rules.filter((r) => r.type === "ingress" && !accept(r) && prio(r) === WORST_PRIORITY && r.cidrIp === "0.0.0.0/0").map(portText));
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
    const mine = (tier: Tier) => (description: string) => readTierRule(description, name)?.role === tier;
    const [mw, ma, md] = [own(w, mine("web")), own(a, mine("app")), own(d, mine("db"))];
    const built = type === "enterprise" ? enterpriseTiers(mw, ma, md) : basicTiers(mw, ma, md);
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
      out.push({ component: THREE_TIER, name, args, created: { web: w.id, app: a.id, db: d.id } });
    }
  }
  return out;
}

/**
 * Splits a tier's other ingress accepts into admin access and named sources: by what a tier's
 * description says (admin access, or anything else), then by any description saying who reaches
 * what (another component's, or a person's), else by port.
 */
function adminRule(r: RuleArgs): boolean {
  const description = r.description ?? "";
  const said = readTierRule(description)?.said;
  if (said) return said.kind === "admin";
  if (saysWhoReaches(description)) return false;
  const p = portOf(r);
  return typeof p === "number" && ADMIN_PORTS.includes(p);
}

/** A rule from Workbench's ranges that no tier wrote as admin access or client access: WorkbenchAccess's to claim. */
function workbench(r: RuleArgs): boolean {
  const kind = saidOf(r)?.kind;
  return kind !== "admin" && kind !== "clients" && (r.cidrIp === WORKBENCH_CIDRS.private || r.cidrIp === WORKBENCH_CIDRS.public);
}

interface AdminGuess {
  admin?: Record<string, unknown>;
  tiers: Set<string>;
}

function adminOf(tiers: Record<string, GroupModel>, exclude: (tier: string, r: RuleArgs) => boolean): AdminGuess {
  const found: { tier: string; r: RuleArgs }[] = [];
  // A world-open source is refused (left raw) unless opted in.
  const world = (r: RuleArgs) => isWorld(r) && readUnsafeNote(r.description ?? "") === undefined;
  for (const [tier, g] of Object.entries(tiers)) {
    for (const r of g.rules) if (r.type === "ingress" && accept(r) && prio(r) === 1 && !exclude(tier, r) && !workbench(r) && !world(r) && adminRule(r)) found.push({ tier, r });
  }
  if (found.length === 0) return { tiers: new Set() };
  const sources = uniq(found.map((f) => f.r), peerText).map(entryOf);
  const ports = uniq(found.map((f) => portOf(f.r)));
  const inTiers = uniq(found.map((f) => f.tier));
  const admin: Record<string, unknown> = { sources };
  if (!sameSet(ports, [22])) admin.ports = ports;
  if (inTiers.length < 3) admin.tiers = ["web", "app", "db"].filter((t) => inTiers.includes(t));
  const { v4, v6 } = widestPrefixes(sources);
  if (v4 < 32) admin.maxPrefix = v4;
  if (v6 < 128) admin.maxPrefixIpv6 = v6;
  return { admin, tiers: new Set(found.map((f) => `${f.tier}|${peerText(f.r)}|${portText(f.r)}`)) };
}

function restrictedEgress(groups: readonly GroupModel[]): boolean {
  return groups.every((g) => g.rules.some((r) => r.type === "egress" && !accept(r) && prio(r) === WORST_PRIORITY && r.ipProtocol === "all" && r.cidrIp === "0.0.0.0/0"));
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
    if (!sameSet(appPorts, [8080])) app.ports = appPorts;
    const appSources = extra(a, "app", w.id, appPorts);
    if (appSources.length > 0) app.sources = appSources;
    if (Object.keys(app).length > 0) args.app = app;
    const db: Record<string, unknown> = { ...engineOf(readTierGroup(d.description ?? "")?.engine, dbPorts) };
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
function enterpriseTiers(w: GroupModel, a: GroupModel, d: GroupModel): Record<string, unknown>[] | undefined {
  const egressTo = (g: GroupModel) => g.rules.filter((r) => r.type === "egress" && accept(r) && prio(r) === 1 && (r.cidrIp || r.ipv6CidrIp));
  const appPorts = uniq(egressTo(w).map(portOf));
  const dbPorts = uniq(egressTo(a).map(portOf));
  const appCidrs = uniq(egressTo(w), peerText).map(entryOf);
  const dbCidrs = uniq(egressTo(a), peerText).map(entryOf);
  const fromWebTier = (r: RuleArgs) => {
    const said = saidOf(r);
    return said?.kind === "web-tier" && said.label !== undefined;
  };
  const webCidrs = uniq(a.rules.filter((r) => r.type === "ingress" && accept(r) && fromWebTier(r)), peerText).map(entryOf);
  if (appCidrs.length === 0 || dbCidrs.length === 0 || webCidrs.length === 0) return undefined;
  const args: Record<string, unknown> = {};
  const webRules = w.rules.filter((r) => r.type === "ingress" && accept(r) && prio(r) === 1 && !workbench(r) && saidOf(r)?.kind === "clients");
  const web: Record<string, unknown> = { cidrs: webCidrs };
  const webPorts = uniq(webRules.map(portOf));
  if (webPorts.length > 0 && !sameSet(webPorts, WEB_PORTS)) web.ports = webPorts;
  const webSources = uniq(webRules, peerText).map(entryOf);
  if (webSources.length > 0 && !(webSources.length === 1 && webSources[0].cidr === "0.0.0.0/0")) web.sources = webSources;
  args.web = web;
  args.app = { cidrs: appCidrs, ...(sameSet(appPorts, [8080]) ? {} : { ports: appPorts }) };
  args.db = { cidrs: dbCidrs, ...engineOf(readTierGroup(d.description ?? "")?.engine, dbPorts) };
  const admin = adminOf({ web: w, app: a, db: d }, () => false);
  if (restrictedEgress([w, a, d])) args.egress = "restricted";
  return admin.admin ? [{ ...args, admin: admin.admin }, args] : [args];
}

/** After a refusal left a list at its default (`web.ports` back to 80 and 443), leaves it out, as a person would. */
function dropDefaults(args: Record<string, unknown>): void {
  const tier = (t: string) => (isArgsObject(args[t]) ? (args[t] as Record<string, unknown>) : undefined);
  const web = tier("web");
  if (web && Array.isArray(web.ports) && sameSet(web.ports, WEB_PORTS)) delete web.ports;
  const app = tier("app");
  if (app && Array.isArray(app.ports) && sameSet(app.ports, [8080])) delete app.ports;
  for (const t of ["web", "app", "db"]) if (tier(t) && Object.keys(tier(t)!).length === 0) delete args[t];
}

/** ThreeTierSecurityGroups, recognised. */
export const THREE_TIER_RECOGNISER: ComponentRecogniser = { component: THREE_TIER, candidates, readRule: (d) => readTierRule(d), tidy: dropDefaults };
