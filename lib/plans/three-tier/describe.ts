/**
 * What ThreeTierSecurityGroups writes into descriptions, and each text read back: one function
 * makes a description, the one beside it reads it. The planner writes through the makers; the
 * recogniser reads through the readers, and nowhere else.
 */
import { DATABASE_PORTS, DatabaseEngine } from "../../model/services";
import { ConnectionTarget, connectionWhy, readConnectionWhy } from "../connection-text";
import { groupDescription, readGroupDescription } from "../group-description";
import { isPeerLabel } from "../peer-label";
import { PortSpec, parseSpecListText, parseSpecText, specListText, specText } from "../port-spec";
import { ReadRule, readRuleDescription, ruleDescription, rulePrefix } from "../rule-description";
import { THREE_TIER, TIERS, Tier } from "./args";

/**
 * What a tier's rule is for. `label` is how the rule's peer entry reads (see `peer-label.ts`);
 * the rules between basic tiers name no label (they admit the other tier's group).
 */
export type TierSaid =
  /** web: `clients reach HTTP (tcp:80) from 0.0.0.0/0` */
  | { kind: "clients"; port: PortSpec; label: string }
  /** app: `web tier reaches the app on tcp:8080`, `web tier (web-a) reaches the app on tcp:8080` (enterprise) */
  | { kind: "web-tier"; port: PortSpec; label?: string }
  /** app: `lb (10.0.9.0/24) reaches the app on tcp:8080` */
  | { kind: "app-source"; port: PortSpec; label: string }
  /** db: `app tier reaches MySQL (tcp:3306)`, `app tier (app-a) reaches MySQL (tcp:3306)` (enterprise) */
  | { kind: "app-tier"; port: PortSpec; label?: string }
  /** db: `reports (10.0.5.0/24) reaches MySQL (tcp:3306)` */
  | { kind: "db-source"; port: PortSpec; label: string }
  /** db: `deny MySQL (tcp:3306) from everywhere else (lowest priority: the accepts above win)` */
  | { kind: "deny"; port: PortSpec }
  /** web, app: `may reach the app tier on tcp:8080`, `may reach the app tier (app-a) on tcp:8080` (enterprise) */
  | { kind: "next-tier"; to: "app" | "db"; port: PortSpec; label?: string }
  /** every tier: `restricted egress: deny all other outbound traffic (lowest priority)` */
  | { kind: "deny-egress" }
  /** every tier: `admin access: SSH (tcp:22) from 203.0.113.7/32` */
  | { kind: "admin"; port: PortSpec; label: string }
  /** every tier, restricted: `may reach DatabaseSecurityGroup "cache" (cache-db) on what it admits from this tier` */
  | { kind: "connection"; target: ConnectionTarget };

/** A tier's rule description read back. */
export type TierRule = ReadRule<Tier, TierSaid>;

const DENY_TAIL = " from everywhere else (lowest priority: the accepts above win)";
const DENY_EGRESS = "restricted egress: deny all other outbound traffic (lowest priority)";

/** What a tier's rule is for, in words: the part after `<name> <tier>: `. */
export function tierWhy(said: TierSaid): string {
  const via = (label: string | undefined) => (label !== undefined ? ` (${label})` : "");
  switch (said.kind) {
    case "clients":
      return `clients reach ${specText(said.port)} from ${said.label}`;
    case "web-tier":
      return `web tier${via(said.label)} reaches the app on ${specText(said.port)}`;
    case "app-source":
      return `${said.label} reaches the app on ${specText(said.port)}`;
    case "app-tier":
      return `app tier${via(said.label)} reaches ${specText(said.port)}`;
    case "db-source":
      return `${said.label} reaches ${specText(said.port)}`;
    case "deny":
      return `deny ${specText(said.port)}${DENY_TAIL}`;
    case "next-tier":
      return `may reach the ${said.to} tier${via(said.label)} on ${specText(said.port)}`;
    case "deny-egress":
      return DENY_EGRESS;
    case "admin":
      return `admin access: ${specText(said.port)} from ${said.label}`;
    case "connection":
      return connectionWhy(said.target);
  }
}

/** `text` split at the last `sep` (the port comes last and never holds it), or `undefined`. */
function lastSplit(text: string, sep: string): [string, string] | undefined {
  const at = text.lastIndexOf(sep);
  return at < 0 ? undefined : [text.slice(0, at), text.slice(at + sep.length)];
}

/** `<head><port>` or `<head> (<label>)<sep><port>`: the port and the label, if any. */
function viaLabel(text: string, head: string, sep: string): { port: PortSpec; label?: string } | undefined {
  if (text.startsWith(`${head}${sep}`)) {
    const port = parseSpecText(text.slice(head.length + sep.length));
    if (port) return { port };
  }
  if (!text.startsWith(`${head} (`)) return undefined;
  const parts = lastSplit(text.slice(head.length + 2), `)${sep}`);
  const port = parts && parseSpecText(parts[1]);
  return parts && port && isPeerLabel(parts[0]) ? { port, label: parts[0] } : undefined;
}

/** `<label><sep><port>`. */
function labelled(text: string, sep: string): { port: PortSpec; label: string } | undefined {
  const parts = lastSplit(text, sep);
  const port = parts && parseSpecText(parts[1]);
  return parts && port && isPeerLabel(parts[0]) ? { port, label: parts[0] } : undefined;
}

/** `<head><port> from <label>`. */
function fromLabel(text: string, head: string): { port: PortSpec; label: string } | undefined {
  if (!text.startsWith(head)) return undefined;
  const rest = text.slice(head.length);
  const at = rest.indexOf(" from ");
  const port = at < 0 ? undefined : parseSpecText(rest.slice(0, at));
  const label = rest.slice(at + 6);
  return port && isPeerLabel(label) ? { port, label } : undefined;
}

/** What {@link tierWhy} wrote for a rule of `tier`, or `undefined` for text it never writes. */
export function readTierWhy(text: string, tier: Tier): TierSaid | undefined {
  if (text === DENY_EGRESS) return { kind: "deny-egress" };
  const admin = fromLabel(text, "admin access: ");
  if (admin) return { kind: "admin", ...admin };
  const target = readConnectionWhy(text);
  if (target) return { kind: "connection", target };
  const next = tier === "db" ? undefined : tier === "web" ? "app" : "db";
  const onward = next && viaLabel(text, `may reach the ${next} tier`, " on ");
  if (next && onward) return { kind: "next-tier", to: next, ...onward };
  if (tier === "web") {
    const clients = fromLabel(text, "clients reach ");
    return clients && { kind: "clients", ...clients };
  }
  if (tier === "app") {
    const web = viaLabel(text, "web tier", " reaches the app on ");
    if (web) return { kind: "web-tier", ...web };
    const source = labelled(text, " reaches the app on ");
    return source && { kind: "app-source", ...source };
  }
  if (text.startsWith("deny ") && text.endsWith(DENY_TAIL)) {
    const port = parseSpecText(text.slice(5, text.length - DENY_TAIL.length));
    if (port) return { kind: "deny", port };
  }
  const app = viaLabel(text, "app tier", " reaches ");
  if (app) return { kind: "app-tier", ...app };
  const source = labelled(text, " reaches ");
  return source && { kind: "db-source", ...source };
}

/**
 * Whether a description says who reaches what, in the words of any component of the library
 * (`… reach MySQL (tcp:3306)`, `… reaches member b on …`, `may reach …`) or of a person
 * (`bastion reaches the web servers`): access a group serves, not admin access.
 */
export function saysWhoReaches(description: string): boolean {
  return / reach(es)? /.test(description);
}

/** A tier's rule description: `<name> <tier>: <what it is for>`, with the opt-in note when `unsafe` gives its reason. */
export function describeTierRule(rule: TierRule & { said: TierSaid }): string {
  return ruleDescription(rulePrefix(rule.name, rule.role), tierWhy(rule.said), rule.unsafe);
}

/** A tier's rule description read back (of the component `name` only, when given). */
export function readTierRule(text: string, name?: string): TierRule | undefined {
  return readRuleDescription(text, TIERS, readTierWhy, name);
}

/** What a tier's group description says. */
export interface TierGroupSaid {
  /** The component's name. */
  name: string;
  /** The tier. */
  tier: Tier;
  /** The ports it serves to its clients (web) or the tier in front (app, db). */
  ports: PortSpec[];
  /** The database tier's engine (db only). */
  engine?: DatabaseEngine;
}

const SUMMARY_HEAD: Record<Tier, string> = { web: " web tier: serves ", app: " app tier: admits the web tier on ", db: " database tier (" };
const DB_SUMMARY = "): admits the app tier on ";

/** A tier's group description: `shop database tier (mysql): admits the app tier on MySQL (tcp:3306) (ThreeTierSecurityGroups, managed by alicloud-secgroups)`. */
export function describeTierGroup(group: TierGroupSaid): string {
  const summary = group.tier === "db" ? `${SUMMARY_HEAD.db}${group.engine ?? "mysql"}${DB_SUMMARY}` : SUMMARY_HEAD[group.tier];
  return groupDescription(`${group.name}${summary}${specListText(group.ports)}`, THREE_TIER);
}

/** A tier's group description read back, or `undefined` for any other text (a cut one included). */
export function readTierGroup(description: string): TierGroupSaid | undefined {
  const text = readGroupDescription(description, THREE_TIER);
  if (text === undefined) return undefined;
  for (const tier of TIERS) {
    if (tier === "db") {
      const parts = lastSplit(text, DB_SUMMARY);
      const ports = parts && parseSpecListText(parts[1]);
      const head = parts && lastSplit(parts[0], SUMMARY_HEAD.db);
      const engine = head?.[1] as DatabaseEngine | undefined;
      if (ports && head && head[0] !== "" && engine !== undefined && Object.prototype.hasOwnProperty.call(DATABASE_PORTS, engine)) return { name: head[0], tier, ports, engine };
      continue;
    }
    const parts = lastSplit(text, SUMMARY_HEAD[tier]);
    const ports = parts && parseSpecListText(parts[1]);
    if (ports && parts[0] !== "") return { name: parts[0], tier, ports };
  }
  return undefined;
}
