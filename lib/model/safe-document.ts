/**
 * Reading a document the package did not write (an export, an exemptions file, an answers
 * file) without trusting its shape: every reader goes through here before it walks the data.
 *
 * - JSON is parsed by `JSON.parse` (iterative in V8), then its depth is checked by an iterative
 *   walk, so the readers' recursive walks never meet a document deeper than
 *   {@link MAX_DOCUMENT_DEPTH}.
 * - YAML is parsed by js-yaml with the core schema (JSON's values: no dates, no binary, no merge
 *   keys) and **without anchors or aliases**: the first anchor stops the parser, so a "billion
 *   laughs" file is refused after reading its first few lines, in bounded memory, and no
 *   document can refer to itself. Nesting is bounded the same way.
 *
 * Every refusal is a {@link ValidationError} whose field names the file, and the JSON path or
 * the line.
 */
import * as yaml from "js-yaml";
import { ValidationCode, ValidationError } from "./errors";

/** The deepest nesting of objects and arrays a document may have. */
export const MAX_DOCUMENT_DEPTH = 256;

/** Options of the document readers. */
export interface DocumentOptions {
  /** The error code of a refusal, e.g. `invalid-source`, `invalid-exemption`. */
  readonly code: ValidationCode;
  /** What to do instead, appended to a refusal of the document's text. @default "Pass the file unchanged." */
  readonly fix?: string;
}

interface Frame {
  value: unknown;
  depth: number;
  key: string | number;
  parent?: Frame;
}

function step(key: string | number): string {
  if (typeof key === "number") return `[${key}]`;
  if (/^[A-Za-z_$][\w$-]{0,39}$/.test(key)) return `.${key}`;
  return `[${JSON.stringify(key.length > 40 ? `${key.slice(0, 37)}...` : key)}]`;
}

/** `$.a.b[3]`, cut after the first steps when it is long (a deep path is hundreds of steps). */
function pathOf(frame: Frame): string {
  const keys: (string | number)[] = [];
  for (let f: Frame | undefined = frame; f && f.parent; f = f.parent) keys.push(f.key);
  keys.reverse();
  const shown = keys.length > 12 ? [...keys.slice(0, 10).map(step), `…(${keys.length} levels)`] : keys.map(step);
  return `$${shown.join("")}`;
}

/**
 * Checks a parsed document before anything walks it recursively: no deeper than
 * {@link MAX_DOCUMENT_DEPTH}, and (for documents from YAML) no object reached twice. Iterative,
 * so it cannot overflow the stack itself. Throws {@link ValidationError} naming the file and the
 * JSON path.
 */
export function checkDocument(value: unknown, file: string, options: DocumentOptions & { readonly refuseShared?: boolean }): void {
  const seen = options.refuseShared ? new Set<object>() : undefined;
  const stack: Frame[] = [{ value, depth: 0, key: "$" }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const v = frame.value;
    if (typeof v !== "object" || v === null) continue;
    if (frame.depth >= MAX_DOCUMENT_DEPTH) {
      throw new ValidationError(options.code, `${file} ${pathOf(frame)}`, `${MAX_DOCUMENT_DEPTH}+ levels`, `nests objects and arrays deeper than ${MAX_DOCUMENT_DEPTH} levels, which no export needs`, "Pass the file as the tool that made it wrote it.");
    }
    if (seen) {
      if (seen.has(v)) throw new ValidationError(options.code, `${file} ${pathOf(frame)}`, "a repeated node", "repeats a node (a YAML alias), which is refused", "Write each value out in full.");
      seen.add(v);
    }
    // Only objects and arrays are walked further: a frame for each string or number of an export
    // (millions) would be made only to be dropped.
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        const x: unknown = v[i];
        if (typeof x === "object" && x !== null) stack.push({ value: x, depth: frame.depth + 1, key: i, parent: frame });
      }
    } else {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const x = (v as Record<string, unknown>)[keys[i]];
        if (typeof x === "object" && x !== null) stack.push({ value: x, depth: frame.depth + 1, key: keys[i], parent: frame });
      }
    }
  }
}

/**
 * Parses JSON text and checks its shape ({@link checkDocument}). Throws {@link ValidationError}
 * naming the file for text that is not JSON or a document too deep.
 */
export function readJsonDocument(text: string, file: string, options: DocumentOptions): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    throw new ValidationError(options.code, file, text.slice(0, 40), `is not JSON (${m.slice(0, 200)})`, options.fix ?? "Pass the file unchanged.");
  }
  checkDocument(parsed, file, options);
  return parsed;
}

class AnchorFound extends Error {
  constructor(readonly anchor: string, readonly line: number) {
    super("anchor");
  }
}

function lineOf(text: string, position: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < position; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/**
 * Parses YAML (or JSON, which is YAML) with the core schema, refusing anchors and aliases
 * before the document is built, and checks its shape ({@link checkDocument}). Throws
 * {@link ValidationError} naming the file (and the line) for anything else.
 */
export function readYamlDocument(text: string, file: string, options: DocumentOptions): unknown {
  let doc: unknown;
  try {
    doc = yaml.load(text, {
      filename: file,
      schema: yaml.CORE_SCHEMA,
      // js-yaml 4.3 bounds nesting itself; the same bound as JSON documents.
      maxDepth: MAX_DOCUMENT_DEPTH,
      // The state's `anchor` is set once a node's `&name` is read: at the node's own close for a
      // scalar or an empty node, at its first child's open for a collection. Either way the
      // parser stops before any alias of it can be read outside it.
      listener: (_event: "open" | "close", state: yaml.State) => {
        const s = state as yaml.State & { anchor?: string | null };
        if (typeof s.anchor === "string") {
          const at = text.lastIndexOf(`&${s.anchor}`, s.position);
          throw new AnchorFound(s.anchor, lineOf(text, at < 0 ? s.position : at));
        }
      },
    } as yaml.LoadOptions);
  } catch (e) {
    if (e instanceof AnchorFound) {
      throw new ValidationError(options.code, `${file} line ${e.line}`, `&${e.anchor.length > 40 ? `${e.anchor.slice(0, 37)}...` : e.anchor}`, "defines a YAML anchor; anchors and aliases are refused (a few lines of aliases can expand without bound)", "Write each value out in full.");
    }
    // js-yaml's first line names the line and column: "unexpected end of the stream ... (2:1)".
    const reason = e instanceof Error ? e.message.split("\n")[0].slice(0, 200) : String(e);
    throw new ValidationError(options.code, file, reason, "is not YAML or JSON", options.fix ?? "Pass the file unchanged.");
  }
  checkDocument(doc, file, { ...options, refuseShared: true });
  return doc;
}
