/**
 * What the egress rule of a restricted group says when a group passed by reference (a receiver's
 * source) is one the library made: the sender may reach the receiving component's group on what
 * that group admits from it (`may reach DatabaseSecurityGroup "cache" (cache-db) on what it admits
 * from this tier`). The receiving group is named `<component name>-<group label>`.
 */

/** The receiving side of a connection, as its egress rule names it. */
export interface ConnectionTarget {
  /** The receiving component's type name, e.g. `DatabaseSecurityGroup`. */
  component: string;
  /** The receiving component's name. */
  name: string;
  /** The receiving group's label in that component (`db`), or the component's slug for its one existing group. */
  label: string;
}

const HEAD = "may reach ";
const TAIL = ") on what it admits from this tier";
const LABEL = /^[A-Za-z0-9_-]+$/;
const COMPONENT = /^[A-Za-z]+$/;

/** What the sender's egress rule is for (the part after `<name> <label>: `). */
export function connectionWhy(target: ConnectionTarget): string {
  return `${HEAD}${target.component} "${target.name}" (${target.name}-${target.label}${TAIL}`;
}

/** The target a {@link connectionWhy} names, or `undefined` for any other text. */
export function readConnectionWhy(text: string): ConnectionTarget | undefined {
  if (!text.startsWith(HEAD) || !text.endsWith(TAIL)) return undefined;
  const middle = text.slice(HEAD.length, text.length - TAIL.length);
  const space = middle.indexOf(` "`);
  const component = middle.slice(0, space);
  if (space < 0 || !COMPONENT.test(component)) return undefined;
  const rest = middle.slice(space + 2);
  for (let at = rest.indexOf(`" (`); at >= 0; at = rest.indexOf(`" (`, at + 1)) {
    const name = rest.slice(0, at);
    const peerName = rest.slice(at + 3);
    const label = peerName.slice(name.length + 1);
    if (name !== "" && peerName.startsWith(`${name}-`) && LABEL.test(label)) return { component, name, label };
  }
  return undefined;
}
