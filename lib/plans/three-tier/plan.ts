/**
 * The three-tier plan (seed 000, seed 004 cases 1-3): web admits clients on its ports, app
 * admits only web, the database admits only app on its engine's port and drops the rest.
 */
import { MAX_GROUPS_PER_INSTANCE } from "../../model/network";
import { Peer } from "../../model/peer";
import { RuleArgs, WORST_PRIORITY } from "../../model/rule";
import { APP_PORTS, DATABASE_PORTS, DatabaseEngine, WEB_PORTS } from "../../model/services";
import { groupBasics, optionalObject, parseAdmin, parseInnerAccess, parseSubset, AdminPlan } from "../common";
import { expectKnownKeys, expectObject, expectOneOf, refuse } from "../fields";
import { securityGroupName } from "../names";
import { Placeholders } from "../placeholders";
import { PlannedGroup, RuleCollector, SecurityGroupPlan } from "../plan";
import { PortSpec, isSensitive, parsePortSpec, parsePortSpecs, specFields } from "../port-spec";
import { rulePrefix } from "../rule-description";
import { PeerEntries, PeerEntry } from "../entries";
import { groupTags } from "../tags";
import { describeTierGroup, tierWhy } from "./describe";
import type { Intent } from "../../analysis/intents";
import { IntentCollector, entrySelector, groupSelector } from "../intents";
import { ADMIN_KEYS, APP_TIER_KEYS, DB_TIER_KEYS, EgressMode, THREE_TIER, THREE_TIER_KEYS, TIERS, ThreeTierPlanArgs, Tier, WEB_TIER_KEYS } from "./args";

const BASIC_CIDRS = "applies only to enterprise groups: basic tiers admit each other by security group";

function tierCidrs(tier: Tier, value: unknown, enterprise: boolean, entries: PeerEntries): PeerEntry[] {
  const field = `args.${tier}.cidrs`;
  if (!enterprise) {
    if (value !== undefined) refuse("invalid-argument", field, value, BASIC_CIDRS, `Remove ${field}, or set groupType: "enterprise".`);
    return [];
  }
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    refuse("enterprise-group-reference", field, value, `is required with groupType "enterprise": enterprise groups cannot authorise (or be authorised by) security groups, so the tiers admit each other by their vSwitch CIDR blocks`, `Pass the CIDR blocks of the ${tier} tier's vSwitches, e.g. ${tier}: { cidrs: ["10.0.${TIERS.indexOf(tier) + 1}.0/24"] }, or use groupType "normal".`);
  }
  return entries.parseAll(field, value, { what: `the ${tier} tier's vSwitch blocks`, refuseWorld: true, required: true }, { groups: false });
}

function tcp(port: PortSpec, peer: Peer, extra: Partial<RuleArgs> = {}): Omit<RuleArgs, "type"> {
  return { ...specFields(port), policy: "accept", priority: 1, ...peer.toRuleFields(), ...extra };
}

/**
 * Plans the three groups and their rules; throws {@link ValidationError} naming the argument
 * for anything refused. Pure: the component guards and emits the result.
 */
export function planThreeTier(name: string, args: ThreeTierPlanArgs): SecurityGroupPlan {
  const { a, vpcId, groupType, enterprise, unsafe } = groupBasics(name, args, THREE_TIER_KEYS);
  const egress = expectOneOf<EgressMode>("args.egress", a.egress, ["default", "restricted"], "default");
  const web = optionalObject("args.web", a.web, WEB_TIER_KEYS);
  const app = optionalObject("args.app", a.app, APP_TIER_KEYS);
  const db = optionalObject("args.db", a.db, DB_TIER_KEYS);
  if (enterprise && a.innerAccessPolicy !== undefined) {
    refuse("invalid-inner-access-policy", "args.innerAccessPolicy", a.innerAccessPolicy, "does not apply to enterprise groups, whose members are always isolated", `Remove innerAccessPolicy, or use groupType "normal".`);
  }
  const inner = parseInnerAccess("args.innerAccessPolicy", a.innerAccessPolicy, TIERS, "Drop");
  const engine = expectOneOf<DatabaseEngine>("args.db.engine", db.engine, Object.keys(DATABASE_PORTS) as DatabaseEngine[], "mysql");

  const ports: Record<Tier, PortSpec[]> = {
    web: parsePortSpecs("args.web.ports", web.ports, WEB_PORTS),
    app: parsePortSpecs("args.app.ports", app.ports, APP_PORTS),
    db: parsePortSpecs("args.db.ports", db.ports, [DATABASE_PORTS[engine]]),
  };
  const webSensitive = ports.web.some(isSensitive);
  // The default clients are every address: an admin or database port here is the port's fault.
  if (web.sources === undefined && unsafe === undefined) {
    const i = ports.web.findIndex(isSensitive);
    if (i >= 0) {
      const list = Array.isArray(web.ports) ? web.ports : [];
      const at = list.findIndex((p) => { try { return isSensitive(parsePortSpec("p", p)); } catch { return false; } });
      refuse("world-open", at >= 0 ? `args.web.ports[${at}]` : "args.web.ports", at >= 0 ? list[at] : ports.web[i], "is an admin or database port, which the web tier would open to every address (its clients default to 0.0.0.0/0)", `Serve it from another tier, name the clients in web.sources, or opt in with allowUnsafe: { reason: "…" }.`);
    }
  }
  const ph = new Placeholders();
  const entries = new PeerEntries(ph);
  const kinds = { groups: !enterprise };
  const webSources = entries.parseAll("args.web.sources", web.sources, { what: "an admin or database port of the web tier", refuseWorld: webSensitive, unsafeReason: unsafe, required: true }, kinds, ["0.0.0.0/0"]);
  const appSources = entries.parseAll("args.app.sources", app.sources, { what: "the app tier", refuseWorld: true, unsafeReason: unsafe }, kinds);
  const dbSources = entries.parseAll("args.db.sources", db.sources, { what: "the database tier", refuseWorld: true, unsafeReason: unsafe }, kinds);
  const cidrs: Record<Tier, PeerEntry[]> = { web: tierCidrs("web", web.cidrs, enterprise, entries), app: tierCidrs("app", app.cidrs, enterprise, entries), db: tierCidrs("db", db.cidrs, enterprise, entries) };

  let admin: AdminPlan | undefined;
  let adminTiers: Tier[] = [];
  const adm = expectObject("args.admin", a.admin, true);
  if (adm) {
    expectKnownKeys("args.admin", adm, ADMIN_KEYS);
    admin = parseAdmin("args.admin", adm, unsafe, entries, !enterprise);
    adminTiers = parseSubset("args.admin.tiers", adm.tiers, TIERS);
  }

  const all = [...webSources, ...appSources, ...dbSources, ...cidrs.web, ...cidrs.app, ...cidrs.db, ...(admin?.sources ?? [])];
  const usesIpv6 = all.some((e) => e.peer.kind === "ipv6");

  const ids: Record<Tier, string> = { web: ph.created("web", "args.web"), app: ph.created("app", "args.app"), db: ph.created("db", "args.db") };
  const rules: Record<Tier, RuleCollector> = {
    web: new RuleCollector(rulePrefix(name, "web"), unsafe, "vpc", entries),
    app: new RuleCollector(rulePrefix(name, "app"), unsafe, "vpc", entries),
    db: new RuleCollector(rulePrefix(name, "db"), unsafe, "vpc", entries),
  };
  const group = (t: Tier) => Peer.securityGroup(ids[t]);

  // Web: clients on the web ports.
  for (const port of ports.web) {
    for (const s of webSources) {
      const sensitive = isSensitive(port);
      rules.web.add(s.field, { type: "ingress", ...tcp(port, s.peer) }, tierWhy({ kind: "clients", port, label: s.label }), s.world && sensitive);
    }
  }
  // App: the web tier only (plus named extras).
  for (const port of ports.app) {
    if (enterprise) {
      for (const c of cidrs.web) rules.app.add(c.field, { type: "ingress", ...tcp(port, c.peer) }, tierWhy({ kind: "web-tier", port, label: c.label }));
    } else {
      rules.app.add("args.app.ports", { type: "ingress", ...tcp(port, group("web")) }, tierWhy({ kind: "web-tier", port }));
    }
    for (const s of appSources) rules.app.add(s.field, { type: "ingress", ...tcp(port, s.peer) }, tierWhy({ kind: "app-source", port, label: s.label }), s.world);
  }
  // Database: the app tier only (plus named extras), then a lowest-priority drop for the rest.
  for (const port of ports.db) {
    if (enterprise) {
      for (const c of cidrs.app) rules.db.add(c.field, { type: "ingress", ...tcp(port, c.peer) }, tierWhy({ kind: "app-tier", port, label: c.label }));
    } else {
      rules.db.add("args.db.ports", { type: "ingress", ...tcp(port, group("app")) }, tierWhy({ kind: "app-tier", port }));
    }
    for (const s of dbSources) rules.db.add(s.field, { type: "ingress", ...tcp(port, s.peer) }, tierWhy({ kind: "db-source", port, label: s.label }), s.world);
    const denied = usesIpv6 ? [Peer.anyIpv4(), Peer.anyIpv6()] : [Peer.anyIpv4()];
    for (const p of denied) {
      rules.db.add("args.db.ports", { type: "ingress", ...tcp(port, p, { policy: "drop", priority: WORST_PRIORITY }) }, tierWhy({ kind: "deny", port }));
    }
  }
  // Egress: enterprise groups deny outbound by default, so the sender side is written too.
  if (enterprise || egress === "restricted") {
    const next: [Tier, "app" | "db"][] = [["web", "app"], ["app", "db"]];
    for (const [from, to] of next) {
      for (const port of ports[to]) {
        if (enterprise) {
          for (const c of cidrs[to]) rules[from].add(c.field, { type: "egress", ...tcp(port, c.peer) }, tierWhy({ kind: "next-tier", to, port, label: c.label }));
        } else {
          rules[from].add(`args.${to}.ports`, { type: "egress", ...tcp(port, group(to)) }, tierWhy({ kind: "next-tier", to, port }));
        }
      }
    }
  }
  if (egress === "restricted") {
    // Both families, always: a VPC group's IPv4 drop-all leaves every IPv6 destination open.
    for (const t of TIERS) {
      for (const p of [Peer.anyIpv4(), Peer.anyIpv6()]) {
        rules[t].add("args.egress", { type: "egress", ipProtocol: "all", portRange: "-1/-1", policy: "drop", priority: WORST_PRIORITY, ...p.toRuleFields() }, tierWhy({ kind: "deny-egress" }));
      }
    }
  }
  // Admin access from named sources.
  if (admin) {
    for (const t of adminTiers) {
      for (const port of admin.ports) {
        for (const s of admin.sources) rules[t].add(s.field, { type: "ingress", ...tcp(port, s.peer) }, tierWhy({ kind: "admin", port, label: s.label }), s.world);
      }
    }
  }

  const intents = threeTierIntents(name, { ids, ports, enterprise, egress, webSources, appSources, dbSources, cidrs, admin, adminTiers });

  const groups: PlannedGroup[] = TIERS.map((t) => ({
    label: t,
    created: true,
    role: t,
    field: `args.${t}`,
    ruleNames: rules[t].ruleNames(),
    ruleFields: rules[t].ruleFields(),
    model: {
      id: ids[t],
      name: securityGroupName(name, t),
      description: describeTierGroup({ name, tier: t, ports: ports[t], ...(t === "db" ? { engine } : {}) }),
      type: groupType,
      ...(enterprise ? {} : { innerAccessPolicy: inner[t] }),
      vpcId,
      tags: groupTags(THREE_TIER, t, a.tags),
      rules: rules[t].finish(),
    },
  }));
  return { component: THREE_TIER, name, groups, members: [], refs: ph.refs(), unsafeReason: unsafe, maxGroupsPerInstance: MAX_GROUPS_PER_INSTANCE, deployTimeCidrs: entries.deployTimeCidrs, intents };
}

/**
 * What the three tiers promise: each tier's sources reach it on its ports, web reaches app and
 * app reaches the database, nothing on the internet reaches app or the database but what their
 * sources admit, web never reaches the database, and with restricted egress no tier reaches the
 * internet (either family).
 */
function threeTierIntents(name: string, p: { ids: Record<Tier, string>; ports: Record<Tier, PortSpec[]>; enterprise: boolean; egress: EgressMode; webSources: PeerEntry[]; appSources: PeerEntry[]; dbSources: PeerEntry[]; cidrs: Record<Tier, PeerEntry[]>; admin?: AdminPlan; adminTiers: Tier[] }): Intent[] {
  const c = new IntentCollector(THREE_TIER, name);
  const tier = (t: Tier) => groupSelector(p.ids[t]);
  for (const s of p.webSources) c.allow(`clients-to-web`, entrySelector(s), tier("web"), p.ports.web, `the web tier serves ${s.label}`);
  for (const s of p.appSources) c.allow(`sources-to-app`, entrySelector(s), tier("app"), p.ports.app, `the app tier admits ${s.label}`);
  for (const s of p.dbSources) c.allow(`sources-to-db`, entrySelector(s), tier("db"), p.ports.db, `the database tier admits ${s.label}`);
  // The next tier, by group (basic) or by the tier's vSwitch blocks (enterprise).
  const next: [Tier, Tier][] = [["web", "app"], ["app", "db"]];
  for (const [from, to] of next) {
    if (p.enterprise) {
      // Enterprise tiers name each other by their vSwitch blocks: the sender's blocks reach the receiver, and the sender reaches the receiver's blocks.
      for (const e of p.cidrs[from]) c.allow(`${from}-to-${to}`, entrySelector(e), tier(to), p.ports[to], `the ${from} tier reaches the ${to} tier`);
      for (const e of p.cidrs[to]) c.allow(`${from}-to-${to}-blocks`, tier(from), entrySelector(e), p.ports[to], `the ${from} tier reaches the ${to} tier's ${e.label}`);
    } else c.allow(`${from}-to-${to}`, tier(from), tier(to), p.ports[to], `the ${from} tier reaches the ${to} tier`);
  }
  if (p.admin) for (const t of p.adminTiers) for (const s of p.admin.sources) c.allow(`admin-to-${t}`, entrySelector(s), tier(t), p.admin.ports, `administrators reach the ${t} tier from ${s.label}`);
  c.deny("internet-to-app", "internet", tier("app"), "*", "nothing on the internet reaches the app tier but what its sources admit");
  c.deny("internet-to-db", "internet", tier("db"), "*", "nothing on the internet reaches the database tier but what its sources admit");
  const webs = p.enterprise ? p.cidrs.web.map(entrySelector).filter((s): s is NonNullable<typeof s> => s !== undefined) : [tier("web")];
  for (const w of webs) c.deny("web-to-db", w, tier("db"), "*", "the web tier never reaches the database tier");
  if (p.egress === "restricted") for (const t of TIERS) c.deny(`${t}-to-internet`, tier(t), "internet", "*", `with restricted egress the ${t} tier reaches only the tiers it serves`);
  return c.finish();
}
