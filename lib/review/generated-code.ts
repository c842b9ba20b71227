/**
 * Text read from a source (names, descriptions, tags, ids, notes quoting the cloud) reaches the
 * code, JSON and YAML that adoption writes only through this module:
 *
 * - {@link stringLiteral}, the one escaping function: a double-quoted string that is at once a
 *   TypeScript string literal, a JSON string and a YAML double-quoted scalar, with every character
 *   that could end a line or mislead a reader written as an escape;
 * - {@link commentText}, the one sanitiser for text in a `//` comment: no line terminator, no
 *   `*\/`, nothing invisible;
 * - built on them: {@link jsonText} (JSON files), {@link yamlString} (YAML scalars) and
 *   {@link identifier} (variable names, plain ASCII, never a reserved word).
 *
 * The trap: `JSON.stringify` leaves U+2028 and U+2029 as they are, and TypeScript's scanner ends
 * a string literal (and a `//` comment) at them, as at `\n`, `\r` and, for readers, U+0085. A
 * text holding one would become code.
 */
import { ValidationError } from "../model/errors";

/**
 * The characters written as escapes: C0 and C1 controls and DEL, line and paragraph separators,
 * format characters (bidirectional overrides and isolates, zero-width characters, the BOM),
 * every space but U+0020, and lone surrogates.
 */
const ESCAPED = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/u;
const SHORT: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** `\uXXXX` for each UTF-16 unit of a character (a valid escape in TypeScript, JSON and YAML). */
function unitEscapes(ch: string): string {
  let out = "";
  for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, "0")}`;
  return out;
}

/**
 * The one escaping function: `text` as a double-quoted literal. `"` and `\` are escaped, and so is
 * every control, separator, format character, space other than U+0020 and lone surrogate, so the
 * literal is one line of printable text that means exactly `text` in TypeScript, JSON and YAML.
 *
 * @example stringLiteral("from web\u2028x") // "\"from web\\u2028x\""
 */
export function stringLiteral(text: string): string {
  if (typeof text !== "string") throw new ValidationError("invalid-argument", "text", text, "is not a string", "Pass the text as a string.");
  let out = '"';
  // for…of walks code points; a lone surrogate comes alone.
  for (const ch of text) out += SHORT[ch] ?? (ESCAPED.test(ch) ? unitEscapes(ch) : ch);
  return `${out}"`;
}

/**
 * The one sanitiser of comment text: every character {@link stringLiteral} would escape is
 * written as its visible escape (so no line terminator, `\n`, `\r`, U+2028, U+2029, U+0085,
 * remains, and nothing invisible), and `*\/` and `/*` are broken apart, so the text cannot end or
 * open a comment whatever comment it is put in.
 */
export function commentText(text: string): string {
  let out = "";
  for (const ch of String(text)) out += ESCAPED.test(ch) ? unitEscapes(ch) : ch;
  return out.replace(/\*\//g, "* /").replace(/\/\*/g, "/ *");
}

/** True for a plain ASCII identifier (`[A-Za-z_$][A-Za-z0-9_$]*`), which needs no quotes as a property name. */
export function isPlainIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

/**
 * Words a generated variable never takes: the language's reserved and strict-mode words, names
 * a CommonJS module or TypeScript reserves at the top level, globals the program may need, and
 * the modules the generated program imports.
 */
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await async of as from get set type declare namespace module abstract readonly keyof infer is asserts satisfies accessor override unique symbol any unknown never object string number boolean bigint " +
    "arguments eval undefined NaN Infinity globalThis require exports __dirname __filename process console global Object Array String Number Boolean Symbol BigInt Promise Error Function JSON Math Date RegExp Map Set WeakMap WeakSet Proxy Reflect " +
    "alicloud pulumi"
  ).split(" "),
);

/**
 * A variable name for `name`, unique in `used` (which it joins): runs of characters that cannot
 * be in a plain ASCII identifier are dropped and the next letter upper-cased (`web-1` → `web1`,
 * `shop web` → `shopWeb`), a leading digit gets `_`, a reserved word gets a trailing `_`, a
 * taken name a number. The result is plain ASCII, so no escape can spell a keyword.
 */
export function identifier(name: string, used: Set<string>, fallback = "component"): string {
  const base = String(name).replace(/[^A-Za-z0-9_$]+([A-Za-z0-9_$])?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : "")).replace(/^[0-9]/, "_$&") || fallback;
  let v = RESERVED.has(base) ? `${base}_` : base;
  for (let k = 2; used.has(v); k++) v = `${base}${k}`;
  used.add(v);
  return v;
}

/** `object.name`, or `object["name"]` when `name` is not a plain identifier. */
export function member(object: string, name: string): string {
  return isPlainIdentifier(name) ? `${object}.${name}` : `${object}[${stringLiteral(name)}]`;
}

/** A property name in an object literal: bare when plain, quoted otherwise; `__proto__` computed, so it is a property and not the prototype. */
export function propertyName(key: string): string {
  if (key === "__proto__") return `[${stringLiteral(key)}]`;
  return isPlainIdentifier(key) ? key : stringLiteral(key);
}

/**
 * JSON text laid out as `JSON.stringify(value, null, indent)` lays it out (`indent` 0: on one
 * line), every string and key written by {@link stringLiteral}. Plain data only: `undefined`
 * properties are left out, and a value JSON cannot hold (a function, a non-finite number) is
 * refused.
 */
export function jsonText(value: unknown, indent = 2): string {
  const open = (depth: number) => (indent > 0 ? `\n${" ".repeat(indent * (depth + 1))}` : "");
  const close = (depth: number) => (indent > 0 ? `\n${" ".repeat(indent * depth)}` : "");
  const colon = indent > 0 ? ": " : ":";
  const write = (v: unknown, depth: number, field: string): string => {
    if (v === null) return "null";
    if (typeof v === "string") return stringLiteral(v);
    if (typeof v === "boolean") return String(v);
    if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new ValidationError("invalid-argument", field, v, "is not a number JSON can hold", "Pass a finite number.");
      return JSON.stringify(v);
    }
    if (Array.isArray(v)) {
      if (v.length === 0) return "[]";
      return `[${v.map((x, i) => `${open(depth)}${x === undefined ? "null" : write(x, depth + 1, `${field}[${i}]`)}`).join(",")}${close(depth)}]`;
    }
    if (typeof v === "object") {
      const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
      if (entries.length === 0) return "{}";
      return `{${entries.map(([k, x]) => `${open(depth)}${stringLiteral(k)}${colon}${write(x, depth + 1, `${field}.${k}`)}`).join(",")}${close(depth)}}`;
    }
    throw new ValidationError("invalid-argument", field, typeof v, "is not plain data", "Pass strings, numbers, booleans, null, arrays and objects.");
  };
  return write(value, 0, "value");
}

/**
 * A YAML scalar holding exactly `text`: always double-quoted by {@link stringLiteral} (a JSON string
 * is a YAML double-quoted scalar), so `: `, `#`, a line break or a leading `-` never adds a key,
 * a comment or an item.
 */
export function yamlString(text: string): string {
  return stringLiteral(text);
}
