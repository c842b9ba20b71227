/**
 * What DatabaseSecurityGroup writes into descriptions, and each text read back: one function
 * makes a description, the one beside it reads it. The planner writes through the makers; the
 * recogniser reads through the readers, and nowhere else.
 */
import { DATABASE_PORTS, DatabaseEngine } from "../../model/services";
import { groupDescription, readGroupDescription } from "../group-description";
import { isPeerLabel } from "../peer-label";
import { PortSpec, parseSpecListText, parseSpecText, specListText, specText } from "../port-spec";
import { ReadRule, readRuleDescription, ruleDescription, rulePrefix } from "../rule-description";
import { DATABASE_GROUP } from "./args";

/** The role in the prefix of the group's rules (`orders database: …`). */
export const DATABASE_ROLE = "database";

/** What a database group's rule is for. `label` is how the client entry reads (see `peer-label.ts`). */
export type DatabaseSaid =
  /** `app (10.0.2.0/24) reach MySQL (tcp:3306)`, `members of web reach Redis (tcp:6379)` */
  | { kind: "client"; port: PortSpec; label: string }
  /** `deny MySQL (tcp:3306) from everywhere else (lowest priority: the accepts above win)` */
  | { kind: "deny"; port: PortSpec };

/** A database group's rule description read back. */
export type DatabaseRule = ReadRule<typeof DATABASE_ROLE, DatabaseSaid>;

const DENY_TAIL = " from everywhere else (lowest priority: the accepts above win)";
const REACH = " reach ";

/** What a database group's rule is for, in words: the part after `<name> database: `. */
export function databaseWhy(said: DatabaseSaid): string {
  return said.kind === "client" ? `${said.label}${REACH}${specText(said.port)}` : `deny ${specText(said.port)}${DENY_TAIL}`;
}

/** What {@link databaseWhy} wrote, or `undefined` for text it never writes. */
export function readDatabaseWhy(text: string): DatabaseSaid | undefined {
  if (text.startsWith("deny ") && text.endsWith(DENY_TAIL)) {
    const port = parseSpecText(text.slice(5, text.length - DENY_TAIL.length));
    if (port) return { kind: "deny", port };
  }
  const at = text.lastIndexOf(REACH);
  const port = at > 0 ? parseSpecText(text.slice(at + REACH.length)) : undefined;
  return port && isPeerLabel(text.slice(0, at)) ? { kind: "client", port, label: text.slice(0, at) } : undefined;
}

/** A database group's rule description: `<name> database: <what it is for>`, with the opt-in note when `unsafe` gives its reason. */
export function describeDatabaseRule(rule: DatabaseRule & { said: DatabaseSaid }): string {
  return ruleDescription(rulePrefix(rule.name, rule.role), databaseWhy(rule.said), rule.unsafe);
}

/** A database group's rule description read back (of the component `name` only, when given). */
export function readDatabaseRule(text: string, name?: string): DatabaseRule | undefined {
  return readRuleDescription(text, [DATABASE_ROLE] as const, readDatabaseWhy, name);
}

/** What a database group's description says. */
export interface DatabaseGroupSaid {
  /** The component's name. */
  name: string;
  /** The engine. */
  engine: DatabaseEngine;
  /** The ports it serves. */
  ports: PortSpec[];
}

const SUMMARY = " database: admits named clients on ";

/** The group's description: `orders mysql database: admits named clients on MySQL (tcp:3306) (DatabaseSecurityGroup, managed by alicloud-secgroups)`. */
export function describeDatabaseGroup(group: DatabaseGroupSaid): string {
  return groupDescription(`${group.name} ${group.engine}${SUMMARY}${specListText(group.ports)}`, DATABASE_GROUP);
}

/** The group's description read back, or `undefined` for any other text (a cut one included). */
export function readDatabaseGroup(description: string): DatabaseGroupSaid | undefined {
  const text = readGroupDescription(description, DATABASE_GROUP);
  const at = text === undefined ? -1 : text.lastIndexOf(SUMMARY);
  if (text === undefined || at < 0) return undefined;
  const ports = parseSpecListText(text.slice(at + SUMMARY.length));
  const head = text.slice(0, at);
  const space = head.lastIndexOf(" ");
  const engine = head.slice(space + 1) as DatabaseEngine;
  if (!ports || space <= 0 || !Object.prototype.hasOwnProperty.call(DATABASE_PORTS, engine)) return undefined;
  return { name: head.slice(0, space), engine, ports };
}
