/**
 * Names derived from meaning: child resource names from the component name, the group's
 * label and the rule key; security group names the API accepts.
 */
import { RuleArgs, validateRule } from "../model/rule";
import { peerText, ruleKey } from "../model/rule-key";

/** Lower-case letters, digits and single hyphens: `"Order DB"` → `"order-db"`; empty when nothing is left. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * Joins name parts with `-`, skipping empty ones. A canonical IPv6 block can hold `::`, the
 * separator of Pulumi URNs; it becomes `:_:` (never part of an address) so tools that split
 * URNs keep working and distinct blocks keep distinct names.
 */
export function childName(...parts: string[]): string {
  return parts
    .filter((p) => p !== "")
    .join("-")
    .replace(/::/g, ":_:");
}

/**
 * The child name of a rule: `<component>-<label>-<rule key>`, e.g.
 * `shop-app-in-accept-p1-tcp:8080-from-sg-web`. A peer the caller named (`ruleNames`: rule key →
 * name) is named from its name (`…-from-app`), whether its value is a literal or an Output.
 */
export function ruleChildName(componentName: string, label: string, rule: RuleArgs, ruleNames: Readonly<Record<string, string>> = {}): string {
  const key = ruleKey(rule);
  const peer = peerText(validateRule(rule));
  const name = ruleNames[key];
  if (name === undefined) return childName(componentName, label, key);
  const nic = key.endsWith("-internet") ? "-internet" : "";
  const head = key.slice(0, key.length - peer.length - nic.length);
  return childName(componentName, label, `${head}${name}${nic}`);
}

const GROUP_NAME = /^[\p{L}][\p{L}\p{N}:_.-]*$/u;

/**
 * A `securityGroupName` the API accepts (2..128 characters, starting with a letter; letters,
 * digits, `:`, `_`, `.`, `-`), derived from the component name and the group's label.
 */
export function securityGroupName(componentName: string, label: string): string {
  let text = childName(componentName, label).replace(/[^\p{L}\p{N}:_.-]+/gu, "-");
  if (!GROUP_NAME.test(text)) text = `sg-${text}`;
  if (text.length < 2) text = `${text}-sg`;
  return text.slice(0, 128);
}

/** Cuts a text to `max` characters, ending with `…` when cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
