/**
 * What OutboundWhitelist writes into descriptions, and each text read back: one function makes a
 * description, the one beside it reads it. The planner writes through the makers; the recogniser
 * reads through the readers, and nowhere else.
 */
import { isPeerLabel } from "../peer-label";
import { PortSpec, parseSpecText, specText } from "../port-spec";
import { ReadRule, readRuleDescription, ruleDescription, rulePrefix } from "../rule-description";

/** The role in the prefix of the component's rules (`egress whitelist: …`). */
export const WHITELIST_ROLE = "whitelist";

/** What a whitelist rule is for. */
export type WhitelistSaid =
  /** `may reach mirror (47.96.0.10/32) on HTTPS (tcp:443)`: `label` is how the destination entry reads (see `peer-label.ts`). */
  | { kind: "destination"; label: string; port: PortSpec }
  /** `deny all other outbound traffic (the accepts above win)`, or its IPv6 twin. */
  | { kind: "deny-all"; ipv6: boolean };

/** A whitelist rule description read back. */
export type WhitelistRule = ReadRule<typeof WHITELIST_ROLE, WhitelistSaid>;

const DENY = "deny all other outbound traffic (the accepts above win)";
const DENY_IPV6 = "deny all other outbound IPv6 traffic (the accepts above win)";
const HEAD = "may reach ";
const ON = " on ";

/** What a whitelist rule is for, in words: the part after `<name> whitelist: `. */
export function whitelistWhy(said: WhitelistSaid): string {
  if (said.kind === "deny-all") return said.ipv6 ? DENY_IPV6 : DENY;
  return `${HEAD}${said.label}${ON}${specText(said.port)}`;
}

/** What {@link whitelistWhy} wrote, or `undefined` for text it never writes. */
export function readWhitelistWhy(text: string): WhitelistSaid | undefined {
  if (text === DENY || text === DENY_IPV6) return { kind: "deny-all", ipv6: text === DENY_IPV6 };
  const at = text.lastIndexOf(ON);
  const port = text.startsWith(HEAD) && at > HEAD.length ? parseSpecText(text.slice(at + ON.length)) : undefined;
  return port && isPeerLabel(text.slice(HEAD.length, at)) ? { kind: "destination", label: text.slice(HEAD.length, at), port } : undefined;
}

/** A whitelist rule description: `<name> whitelist: <what it is for>`. */
export function describeWhitelistRule(rule: WhitelistRule & { said: WhitelistSaid }): string {
  return ruleDescription(rulePrefix(rule.name, rule.role), whitelistWhy(rule.said), rule.unsafe);
}

/** A whitelist rule description read back (of the component `name` only, when given). */
export function readWhitelistRule(text: string, name?: string): WhitelistRule | undefined {
  return readRuleDescription(text, [WHITELIST_ROLE] as const, readWhitelistWhy, name);
}
