/**
 * Tags on every group a component creates: who manages it, which component, which role.
 */
import { expectObject, refuse } from "./fields";

/** Value of the `managed-by` tag. */
export const MANAGED_BY = "alicloud-secgroups";
/** Most tags one resource may carry. */
export const MAX_TAGS = 20;

/**
 * The tags of a created group: the caller's `tags`, then `managed-by`, `component` and `role`
 * (these three always win, so inventory and checks can rely on them).
 */
export function groupTags(component: string, role: string, extra: unknown, field = "args.tags"): Record<string, string> {
  const caller = expectObject(field, extra, true) ?? {};
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(caller)) {
    if (key.length < 1 || key.length > 128 || /^(aliyun|acs:)/i.test(key) || /^https?:\/\//i.test(key)) {
      refuse("invalid-argument", `${field}.${key}`, key, "is not a tag key Alibaba Cloud accepts (1..128 characters, not starting with aliyun, acs:, http:// or https://)", "Rename the tag key.");
    }
    if (typeof value !== "string" || value.length > 128 || /^(aliyun|acs:)/i.test(value) || /^https?:\/\//i.test(value)) {
      refuse("invalid-argument", `${field}.${key}`, value, "is not a tag value Alibaba Cloud accepts (a string of at most 128 characters, not starting with aliyun, acs:, http:// or https://)", "Change the tag value.");
    }
    tags[key] = value;
  }
  Object.assign(tags, { "managed-by": MANAGED_BY, component, role });
  if (Object.keys(tags).length > MAX_TAGS) {
    refuse("invalid-argument", field, Object.keys(caller).length, `holds too many tags: with managed-by, component and role a group may carry at most ${MAX_TAGS}`, `Pass at most ${MAX_TAGS - 3} tags.`);
  }
  return tags;
}

/** The tags {@link groupTags} sets on every group, which always win over the caller's. */
const OWN_TAGS = ["managed-by", "component", "role"];

/**
 * What a group's tags say, as {@link groupTags} writes them: the component and the role (when
 * tagged), and the caller's own tags (every other one).
 */
export function readGroupTags(tags: Readonly<Record<string, string>> | undefined): { component?: string; role?: string; caller: Record<string, string> } {
  const all = tags ?? {};
  const own = (key: string) => (Object.prototype.hasOwnProperty.call(all, key) && typeof all[key] === "string" ? all[key] : undefined);
  const [component, role] = [own("component"), own("role")];
  const caller = Object.fromEntries(Object.entries(all).filter(([k]) => !OWN_TAGS.includes(k)));
  return { ...(component !== undefined ? { component } : {}), ...(role !== undefined ? { role } : {}), caller };
}
