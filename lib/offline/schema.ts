/**
 * What a provider package declares about a resource's outputs and a data source's result,
 * read from its `.d.ts` files (`readonly name: pulumi.Output<T>` in the class, `readonly name:
 * T` in the `Get…Result` interface). Only the shape of each property is kept, enough to give a
 * typed placeholder: a string, a number, a list, a map.
 */
import * as fs from "fs";
import * as path from "path";

/** The shape of one declared property. */
export type PropertyKind = "string" | "number" | "boolean" | "string[]" | "number[]" | "object[]" | "record" | "object" | "unknown";

/** Declared properties by name. */
export type PropertySchema = ReadonlyMap<string, PropertyKind>;

/** The shape of a TypeScript type as the generated SDKs write it. */
export function kindOf(type: string): PropertyKind {
  const t = type.replace(/\|\s*undefined/g, "").replace(/undefined\s*\|/g, "").trim();
  if (t === "string" || /^"[^"]*"(\s*\|\s*"[^"]*")*$/.test(t)) return "string";
  if (t === "number") return "number";
  if (t === "boolean") return "boolean";
  if (t === "string[]") return "string[]";
  if (t === "number[]") return "number[]";
  if (/\[\]$/.test(t)) return "object[]";
  if (t.startsWith("{")) return "record";
  if (/^outputs\./.test(t)) return "object";
  return "unknown";
}

/** `pkg:module/file:Member` → the package, the `.d.ts` path inside it, and the member. */
export function declarationOf(token: string): { pkg: string; file: string; member: string } | undefined {
  const m = /^([A-Za-z0-9_-]+):([A-Za-z0-9_/.-]+)\/([A-Za-z0-9_]+):([A-Za-z0-9_]+)$/.exec(token);
  if (!m) return undefined;
  const [, pkg, mod, file, member] = m;
  return { pkg, file: mod === "index" ? `${file}.d.ts` : `${mod}/${file}.d.ts`, member };
}

const packageDirs = new Map<string, string | null>();
const schemas = new Map<string, PropertySchema | null>();

function packageDir(pkg: string, searchDirs: readonly string[]): string | undefined {
  const key = `${pkg}\0${searchDirs.join("\0")}`;
  if (!packageDirs.has(key)) {
    let dir: string | null = null;
    for (const from of searchDirs) {
      try {
        dir = path.dirname(require.resolve(`@pulumi/${pkg}/package.json`, { paths: [from] }));
        break;
      } catch {
        // not installed there
      }
    }
    packageDirs.set(key, dir);
  }
  return packageDirs.get(key) ?? undefined;
}

function readDeclarations(token: string, searchDirs: readonly string[], parse: (text: string, member: string) => PropertySchema | undefined): PropertySchema | undefined {
  const decl = declarationOf(token);
  if (!decl) return undefined;
  const dir = packageDir(decl.pkg, searchDirs);
  if (!dir) return undefined;
  const file = path.join(dir, decl.file);
  if (!schemas.has(file + token)) {
    let schema: PropertySchema | null = null;
    try {
      schema = parse(fs.readFileSync(file, "utf8"), decl.member) ?? null;
    } catch {
      schema = null;
    }
    schemas.set(file + token, schema);
  }
  return schemas.get(file + token) ?? undefined;
}

/** The body of `export declare class Name …` or `export interface Name …` (to its closing brace at column 0). */
function bodyOf(text: string, header: RegExp): string | undefined {
  const m = header.exec(text);
  if (!m) return undefined;
  const end = text.indexOf("\n}", m.index);
  return text.slice(m.index, end < 0 ? undefined : end);
}

/** Output properties of a resource type, e.g. `alicloud:vpc/network:Network`; `undefined` when its package is not installed. */
export function resourceSchema(type: string, searchDirs: readonly string[]): PropertySchema | undefined {
  return readDeclarations(type, searchDirs, (text, member) => {
    const body = bodyOf(text, new RegExp(`export declare class ${member}\\b`));
    if (!body) return undefined;
    const out = new Map<string, PropertyKind>();
    for (const m of body.matchAll(/^\s{4}readonly (\w+): pulumi\.Output<(.+)>;$/gm)) out.set(m[1], kindOf(m[2]));
    for (const m of body.matchAll(/^\s{4}readonly (\w+): pulumi\.Output<\{$/gm)) out.set(m[1], "record");
    return out;
  });
}

/** Result properties of a data source, e.g. `alicloud:vpc/getNetworks:getNetworks`. */
export function invokeSchema(token: string, searchDirs: readonly string[]): PropertySchema | undefined {
  return readDeclarations(token, searchDirs, (text, member) => {
    const name = member.charAt(0).toUpperCase() + member.slice(1);
    const body = bodyOf(text, new RegExp(`export interface ${name}Result\\b`));
    if (!body) return undefined;
    const out = new Map<string, PropertyKind>();
    for (const m of body.matchAll(/^\s{4}readonly (\w+)(\?)?: (.+);$/gm)) out.set(m[1], kindOf(m[3]));
    for (const m of body.matchAll(/^\s{4}readonly (\w+)(\?)?: \{$/gm)) out.set(m[1], "record");
    return out;
  });
}
