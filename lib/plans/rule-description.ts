/**
 * The shape of every rule description a component writes: `<component name> <role>: <what the
 * rule is for>`, cut to the API's limit, then the opt-in note when the rule exists only because
 * the caller opted in (`shop web: clients reach SSH (tcp:22) from 0.0.0.0/0 [UNSAFE, opted in:
 * honeypot]`). Each component says what its rules are for (its `describe` module); this module
 * writes and reads the frame around it.
 */
import { truncate } from "./names";
import { readUnsafeNote, unsafeNote } from "./unsafe";

/** Longest rule description the API accepts. */
export const MAX_RULE_DESCRIPTION = 512;

/** The part before `: `: the component's name and the role of the group or rules (`shop web`). */
export function rulePrefix(name: string, role: string): string {
  return `${name} ${role}`;
}

/** A rule's description: `<prefix>: <why>`, cut to fit with the opt-in note for `unsafeReason` after it. */
export function ruleDescription(prefix: string, why: string, unsafeReason?: string): string {
  const note = unsafeReason !== undefined ? unsafeNote(unsafeReason) : "";
  return truncate(`${prefix}: ${why}`, MAX_RULE_DESCRIPTION - note.length) + note;
}

/** A rule description read back: whose, which role, what it says, and the opt-in reason. */
export interface ReadRule<R extends string, S> {
  /** The component's name. */
  name: string;
  /** The role the prefix names. */
  role: R;
  /** What the rule is for, when the text after the prefix is one of the component's own wordings (not cut short). */
  said?: S;
  /** The reason of the opt-in note, when there is one. */
  unsafe?: string;
}

/**
 * Reads a description {@link ruleDescription} wrote with the prefix of one of `roles`: `readWhy`
 * reads what follows the prefix (`undefined` for text the component never writes). Names and
 * opt-in reasons may hold anything, the roles' and the note's words included, so the reading
 * that makes sense of the whole text wins: the first split from the left whose rest `readWhy`
 * reads; else the first prefix, with nothing said. Given the component's `name`, only that
 * name's prefix is read. Text longer than the API allows was not written by a component, and text
 * cut to fit says no more than whose it is: only the prefix of either is read.
 */
export function readRuleDescription<R extends string, S>(text: string, roles: readonly R[], readWhy: (why: string, role: R) => S | undefined, name?: string): ReadRule<R, S> | undefined {
  // Where the prefix may end: after the given name, else before each ` <role>: `, from the left.
  const splits = (head: string, first = false): { role: R; at: number }[] => {
    const out: { role: R; at: number }[] = [];
    for (const role of roles) {
      const sep = ` ${role}: `;
      if (name !== undefined) {
        if (name !== "" && head.startsWith(`${rulePrefix(name, role)}: `)) out.push({ role, at: name.length });
        continue;
      }
      for (let at = head.indexOf(sep, 1); at >= 0; at = first ? -1 : head.indexOf(sep, at + 1)) out.push({ role, at });
    }
    return out.sort((a, b) => a.at - b.at);
  };
  const read = (head: string, s: { role: R; at: number }, unsafe: string | undefined, said: S | undefined): ReadRule<R, S> => ({
    name: head.slice(0, s.at),
    role: s.role,
    ...(said !== undefined ? { said } : {}),
    ...(unsafe !== undefined ? { unsafe } : {}),
  });
  const noted = readUnsafeNote(text);
  if (text.length <= MAX_RULE_DESCRIPTION) {
    // Every place the opt-in note may start, from the left; then no note at all.
    const heads: { head: string; unsafe?: string }[] = [];
    for (let n = noted; n !== undefined; ) {
      heads.push({ head: n.text, unsafe: n.reason });
      const before = n.text.length;
      n = readUnsafeNote(text, (t) => t.length > before);
    }
    heads.push({ head: text });
    for (const { head, unsafe } of heads) {
      // Cut to fit: what it says is lost (no wording of a component ends with "…").
      if (head.endsWith("…") && text.length === MAX_RULE_DESCRIPTION) continue;
      for (const s of splits(head)) {
        const said = readWhy(head.slice(s.at + s.role.length + 3), s.role);
        if (said !== undefined) return read(head, s, unsafe, said);
      }
    }
  }
  const [first] = splits(text, true);
  return first === undefined ? undefined : read(text, first, noted?.reason, undefined);
}
