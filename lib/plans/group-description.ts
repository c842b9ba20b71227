/**
 * The frame of every description a component gives a group it creates: what the group is for,
 * then `(<component>, managed by alicloud-secgroups)`, cut to the API's limit. Each component
 * says what its groups are for (its `describe` module); this module writes and reads the frame.
 */
import { truncate } from "./names";
import { MANAGED_BY } from "./tags";

/** Longest group description the API accepts. */
export const MAX_GROUP_DESCRIPTION = 256;

/** A created group's description: `text (<component>, managed by alicloud-secgroups)`, cut to fit. */
export function groupDescription(text: string, component: string): string {
  return truncate(`${text} (${component}, managed by ${MANAGED_BY})`, MAX_GROUP_DESCRIPTION);
}

/** The text {@link groupDescription} framed for `component`, or `undefined` for any other description (a cut one included). */
export function readGroupDescription(description: string, component: string): string | undefined {
  const tail = ` (${component}, managed by ${MANAGED_BY})`;
  return description.endsWith(tail) && description.length <= MAX_GROUP_DESCRIPTION ? description.slice(0, -tail.length) : undefined;
}
