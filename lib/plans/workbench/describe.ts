/**
 * What WorkbenchAccess writes into descriptions, and each text read back: one function makes a
 * description, the one beside it reads it. The planner writes through the makers; the recogniser
 * reads through the readers, and nowhere else.
 */
import { isPeerLabel } from "../peer-label";
import { PortSpec, parseSpecText, specText } from "../port-spec";
import { ReadRule, readRuleDescription, ruleDescription, rulePrefix } from "../rule-description";

/** The role in the prefix of the component's rules (`ops admin: …`). */
export const WORKBENCH_ROLE = "admin";

/** What a WorkbenchAccess rule is for. */
export type WorkbenchSaid =
  /** `Workbench through the private IP (100.104.0.0/16) reaches SSH (tcp:22)`: `range` is the block as text. */
  | { kind: "workbench"; via: "public" | "private"; range: string; port: PortSpec }
  /** `administrator at 203.0.113.7/32 reaches SSH (tcp:22)`: `label` is how the admin entry reads (see `peer-label.ts`). */
  | { kind: "administrator"; label: string; port: PortSpec };

/** A WorkbenchAccess rule description read back. */
export type WorkbenchRule = ReadRule<typeof WORKBENCH_ROLE, WorkbenchSaid>;

const VIA: Record<"public" | "private", string> = { public: "Workbench through the public IP or EIP", private: "Workbench through the private IP" };
const ADMINISTRATOR = "administrator at ";
const REACHES = " reaches ";

/** What a rule is for, in words: the part after `<name> admin: `. */
export function workbenchWhy(said: WorkbenchSaid): string {
  if (said.kind === "workbench") return `${VIA[said.via]} (${said.range})${REACHES}${specText(said.port)}`;
  return `${ADMINISTRATOR}${said.label}${REACHES}${specText(said.port)}`;
}

/** What {@link workbenchWhy} wrote, or `undefined` for text it never writes. */
export function readWorkbenchWhy(text: string): WorkbenchSaid | undefined {
  const at = text.lastIndexOf(REACHES);
  const port = at < 0 ? undefined : parseSpecText(text.slice(at + REACHES.length));
  const who = text.slice(0, at);
  if (!port) return undefined;
  for (const via of ["public", "private"] as const) {
    const head = `${VIA[via]} (`;
    if (who.startsWith(head) && who.endsWith(")") && isPeerLabel(who.slice(head.length, -1))) return { kind: "workbench", via, range: who.slice(head.length, -1), port };
  }
  return who.startsWith(ADMINISTRATOR) && isPeerLabel(who.slice(ADMINISTRATOR.length)) ? { kind: "administrator", label: who.slice(ADMINISTRATOR.length), port } : undefined;
}

/** A WorkbenchAccess rule description: `<name> admin: <what it is for>`, with the opt-in note when `unsafe` gives its reason. */
export function describeWorkbenchRule(rule: WorkbenchRule & { said: WorkbenchSaid }): string {
  return ruleDescription(rulePrefix(rule.name, rule.role), workbenchWhy(rule.said), rule.unsafe);
}

/** A WorkbenchAccess rule description read back (of the component `name` only, when given). */
export function readWorkbenchRule(text: string, name?: string): WorkbenchRule | undefined {
  return readRuleDescription(text, [WORKBENCH_ROLE] as const, readWorkbenchWhy, name);
}
