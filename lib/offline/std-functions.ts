/**
 * The `@pulumi/std` functions, evaluated for real: they are invokes (`std:index:format`), so on
 * mocks they would otherwise return nothing, yet programs build names and CIDR blocks from
 * them. Semantics follow Terraform's functions of the same names.
 */
import * as fs from "fs";
import * as path from "path";
import { addressText, parseCidr } from "../model/ip";

/** A std function that cannot be evaluated with these arguments. */
export class StdFunctionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StdFunctionError";
  }
}

type Fn = (args: Record<string, unknown>, cwd: string) => unknown;

function text(v: unknown, name: string): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new StdFunctionError(`${name} must be a string (got ${v === undefined ? "nothing" : JSON.stringify(v)})`);
}

function num(v: unknown, name: string): number {
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isFinite(n)) throw new StdFunctionError(`${name} must be a number (got ${JSON.stringify(v)})`);
  return n;
}

function list(v: unknown, name: string): unknown[] {
  if (!Array.isArray(v)) throw new StdFunctionError(`${name} must be a list (got ${JSON.stringify(v)})`);
  return v;
}

function map(v: unknown, name: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new StdFunctionError(`${name} must be a map (got ${JSON.stringify(v)})`);
  return v as Record<string, unknown>;
}

/** Terraform's `format`: `%s`, `%d`, `%v`, `%q`, `%f`, `%x`, widths, zero padding, `%%`. */
export function formatVerbs(format: string, args: readonly unknown[]): string {
  let i = 0;
  return format.replace(/%([-0+ #]*)(\d+)?(?:\.(\d+))?([sdvqftxXbeEgGo%])/g, (_, flags: string, width: string | undefined, precision: string | undefined, verb: string) => {
    if (verb === "%") return "%";
    if (i >= args.length) throw new StdFunctionError(`format ${JSON.stringify(format)} has more verbs than the ${args.length} argument(s)`);
    const arg = args[i++];
    let out: string;
    switch (verb) {
      case "d":
        out = String(Math.trunc(num(arg, "a %d argument")));
        break;
      case "f":
        out = num(arg, "a %f argument").toFixed(precision === undefined ? 6 : Number(precision));
        break;
      case "x":
      case "X":
        out = typeof arg === "number" ? arg.toString(16) : Buffer.from(text(arg, "a %x argument")).toString("hex");
        if (verb === "X") out = out.toUpperCase();
        break;
      case "q":
        out = JSON.stringify(text(arg, "a %q argument"));
        break;
      case "v":
      case "s":
        out = typeof arg === "object" && arg !== null ? JSON.stringify(arg) : String(arg);
        if (precision !== undefined) out = out.slice(0, Number(precision));
        break;
      default:
        out = String(arg);
    }
    const w = width === undefined ? 0 : Number(width);
    if (out.length < w) out = flags.includes("-") ? out.padEnd(w) : flags.includes("0") && /[dfxX]/.test(verb) ? out.replace(/^(-?)/, (m) => m).padStart(w, "0") : out.padStart(w);
    return out;
  });
}

function block(input: unknown) {
  const b = parseCidr(text(input, "input"));
  if (!b || !/\//.test(String(input))) throw new StdFunctionError(`${JSON.stringify(input)} is not a CIDR block`);
  return b;
}

/** Terraform's `cidrsubnet(prefix, newbits, netnum)`, IPv4 and IPv6. */
export function cidrsubnet(input: string, newbits: number, netnum: number): string {
  const b = block(input);
  const bits = b.family === "ipv4" ? 32 : 128;
  const prefix = b.prefix + newbits;
  if (!Number.isInteger(newbits) || newbits < 0 || prefix > bits) throw new StdFunctionError(`cannot extend the prefix /${b.prefix} of ${input} by ${newbits} bits: the result would be longer than /${bits}`);
  if (!Number.isInteger(netnum) || netnum < 0 || BigInt(netnum) >= 1n << BigInt(newbits)) throw new StdFunctionError(`netnum ${netnum} does not fit in ${newbits} new bits of ${input}`);
  const first = b.first + (BigInt(netnum) << BigInt(bits - prefix));
  return `${addressText(b.family, first)}/${prefix}`;
}

/** Terraform's `cidrhost(prefix, hostnum)`; a negative number counts from the end. */
export function cidrhost(input: string, host: number): string {
  const b = block(input);
  const size = b.last - b.first + 1n;
  const n = host < 0 ? size + BigInt(host) : BigInt(host);
  if (!Number.isInteger(host) || n < 0n || n >= size) throw new StdFunctionError(`host number ${host} is outside ${input}, which holds ${size} addresses`);
  return addressText(b.family, b.first + n);
}

function regexOf(search: string): RegExp | undefined {
  const m = /^\/(.*)\/$/s.exec(search);
  return m ? new RegExp(m[1], "g") : undefined;
}

function durationMs(d: string): number {
  let total = 0;
  const re = /(-?\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  let matched = "";
  for (const m of d.matchAll(re)) {
    const unit = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1e3, m: 6e4, h: 3.6e6 }[m[2] as "ns"];
    total += Number(m[1]) * unit;
    matched += m[0];
  }
  if (matched !== d.replace(/^\+/, "")) throw new StdFunctionError(`${JSON.stringify(d)} is not a duration such as "1h30m"`);
  return total;
}

const FUNCTIONS: Record<string, Fn> = {
  format: (a) => formatVerbs(text(a.input, "input"), Array.isArray(a.args) ? a.args : []),
  join: (a) => list(a.input, "input").map((v) => text(v, "each element")).join(text(a.separator ?? "", "separator")),
  split: (a) => text(a.text, "text").split(text(a.separator, "separator")),
  cidrsubnet: (a) => cidrsubnet(text(a.input, "input"), num(a.newbits, "newbits"), num(a.netnum, "netnum")),
  cidrhost: (a) => cidrhost(text(a.input, "input"), num(a.host, "host")),
  cidrnetmask: (a) => {
    const b = block(a.input);
    if (b.family !== "ipv4") throw new StdFunctionError("cidrnetmask takes an IPv4 block");
    return addressText("ipv4", ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - b.prefix)) - 1n));
  },
  cidrsubnets: (a) => {
    const input = text(a.input, "input");
    const b = block(input);
    let next = b.first;
    const bits = b.family === "ipv4" ? 32 : 128;
    return list(a.newbits, "newbits").map((nb) => {
      const prefix = b.prefix + num(nb, "newbits");
      const size = 1n << BigInt(bits - prefix);
      next = ((next + size - 1n) / size) * size;
      const out = `${addressText(b.family, next)}/${prefix}`;
      next += size;
      return out;
    });
  },
  jsonencode: (a) => JSON.stringify(a.input ?? null),
  jsondecode: (a) => JSON.parse(text(a.input, "input")),
  replace: (a) => {
    const t = text(a.text, "text");
    const search = text(a.search, "search");
    const re = regexOf(search);
    return re ? t.replace(re, text(a.replace, "replace").replace(/\$\{?(\d+)\}?/g, "$$$1")) : t.split(search).join(text(a.replace, "replace"));
  },
  substr: (a) => {
    const t = [...text(a.input, "input")];
    let offset = num(a.offset, "offset");
    let length = num(a.length, "length");
    if (offset < 0) offset = t.length + offset;
    if (length < 0) length = t.length - offset;
    return t.slice(offset, offset + length).join("");
  },
  concat: (a) => list(a.input, "input").flatMap((l) => list(l, "each element")),
  lookup: (a) => {
    const m = map(a.map, "map");
    const key = text(a.key, "key");
    if (key in m) return m[key];
    if (a.default !== undefined) return a.default;
    throw new StdFunctionError(`key ${JSON.stringify(key)} is not in the map and no default is given`);
  },
  toset: (a) => [...new Set(list(a.input, "input").map((v) => JSON.stringify(v)))].map((v) => JSON.parse(v)),
  distinct: (a) => [...new Set(list(a.input, "input").map((v) => JSON.stringify(v)))].map((v) => JSON.parse(v)),
  timeadd: (a) => {
    const t = Date.parse(text(a.timestamp, "timestamp"));
    if (Number.isNaN(t)) throw new StdFunctionError(`${JSON.stringify(a.timestamp)} is not an RFC 3339 timestamp`);
    return new Date(t + durationMs(text(a.duration, "duration"))).toISOString().replace(/\.000Z$/, "Z");
  },
  timestamp: () => "2026-01-01T00:00:00Z",
  file: (a, cwd) => {
    const file = path.resolve(cwd, text(a.input, "input"));
    try {
      return fs.readFileSync(file, "utf8");
    } catch {
      throw new StdFunctionError(`cannot read file ${JSON.stringify(a.input)}`);
    }
  },
  filebase64: (a, cwd) => Buffer.from(FUNCTIONS.file(a, cwd) as string).toString("base64"),
  element: (a) => {
    const l = list(a.input, "input");
    if (l.length === 0) throw new StdFunctionError("element of an empty list");
    const i = num(a.index, "index");
    return l[((i % l.length) + l.length) % l.length];
  },
  length: (a) => (typeof a.input === "string" ? [...a.input].length : Array.isArray(a.input) ? a.input.length : Object.keys(map(a.input, "input")).length),
  lower: (a) => text(a.input, "input").toLowerCase(),
  upper: (a) => text(a.input, "input").toUpperCase(),
  title: (a) => text(a.input, "input").replace(/\b\p{L}/gu, (c) => c.toUpperCase()),
  trimspace: (a) => text(a.input, "input").trim(),
  trim: (a) => {
    const cut = [...text(a.cutset, "cutset")];
    let t = text(a.input, "input");
    while (t !== "" && cut.includes(t[0])) t = t.slice(1);
    while (t !== "" && cut.includes(t[t.length - 1])) t = t.slice(0, -1);
    return t;
  },
  trimprefix: (a) => {
    const t = text(a.input, "input");
    const p = text(a.prefix, "prefix");
    return t.startsWith(p) ? t.slice(p.length) : t;
  },
  trimsuffix: (a) => {
    const t = text(a.input, "input");
    const s = text(a.suffix, "suffix");
    return s !== "" && t.endsWith(s) ? t.slice(0, -s.length) : t;
  },
  chomp: (a) => text(a.input, "input").replace(/(\r?\n)+$/, ""),
  startswith: (a) => text(a.input, "input").startsWith(text(a.prefix, "prefix")),
  endswith: (a) => text(a.input, "input").endsWith(text(a.suffix, "suffix")),
  tostring: (a) => (a.input === null || a.input === undefined ? undefined : text(a.input, "input")),
  tonumber: (a) => (a.input === null || a.input === undefined ? undefined : num(a.input, "input")),
  tolist: (a) => list(a.input, "input"),
  base64encode: (a) => Buffer.from(text(a.input, "input")).toString("base64"),
  base64decode: (a) => Buffer.from(text(a.input, "input"), "base64").toString("utf8"),
  min: (a) => Math.min(...list(a.input, "input").map((v) => num(v, "each element"))),
  max: (a) => Math.max(...list(a.input, "input").map((v) => num(v, "each element"))),
  sum: (a) => list(a.input, "input").reduce((s: number, v) => s + num(v, "each element"), 0),
  abs: (a) => Math.abs(num(a.input, "input")),
  ceil: (a) => Math.ceil(num(a.input, "input")),
  floor: (a) => Math.floor(num(a.input, "input")),
  range: (a) => {
    const start = a.start === undefined ? 0 : num(a.start, "start");
    const limit = num(a.limit, "limit");
    const step = a.step === undefined ? 1 : num(a.step, "step");
    if (step === 0) throw new StdFunctionError("range step must not be 0");
    const out: number[] = [];
    for (let i = start; step > 0 ? i < limit : i > limit; i += step) {
      out.push(i);
      if (out.length > 1024) throw new StdFunctionError("range is longer than 1024 elements");
    }
    return out;
  },
  flatten: (a) => {
    const flat = (l: unknown[]): unknown[] => l.flatMap((v) => (Array.isArray(v) ? flat(v) : [v]));
    return flat(list(a.input, "input"));
  },
  reverse: (a) => [...list(a.input, "input")].reverse(),
  sort: (a) => list(a.input, "input").map((v) => text(v, "each element")).sort(),
  keys: (a) => Object.keys(map(a.input, "input")).sort(),
  values: (a) => {
    const m = map(a.input, "input");
    return Object.keys(m).sort().map((k) => m[k]);
  },
  merge: (a) => Object.assign({}, ...list(a.input, "input").map((m) => map(m, "each element"))),
  zipmap: (a) => {
    const keys = list(a.keys, "keys");
    const values = list(a.values, "values");
    return Object.fromEntries(keys.map((k, i) => [text(k, "each key"), values[i]]));
  },
  coalesce: (a) => list(a.input, "input").find((v) => v !== null && v !== undefined && v !== ""),
  compact: (a) => list(a.input, "input").filter((v) => v !== null && v !== undefined && v !== ""),
  contains: (a) => list(a.input, "input").some((v) => JSON.stringify(v) === JSON.stringify(a.element)),
  index: (a) => list(a.input, "input").findIndex((v) => JSON.stringify(v) === JSON.stringify(a.element)),
  slice: (a) => list(a.list ?? a.input, "list").slice(num(a.from ?? a.startIndex, "from"), num(a.to ?? a.endIndex, "to")),
  regex: (a) => {
    const m = new RegExp(text(a.pattern, "pattern")).exec(text(a.string, "string"));
    if (!m) throw new StdFunctionError(`pattern ${JSON.stringify(a.pattern)} does not match ${JSON.stringify(a.string)}`);
    return m.length > 1 ? m.slice(1) : m[0];
  },
  uuid: () => "00000000-0000-4000-8000-000000000000",
  md5: (a) => require("crypto").createHash("md5").update(text(a.input, "input")).digest("hex"),
  sha1: (a) => require("crypto").createHash("sha1").update(text(a.input, "input")).digest("hex"),
  sha256: (a) => require("crypto").createHash("sha256").update(text(a.input, "input")).digest("hex"),
};

/** The std function name of an invoke token (`std:index:format` → `format`), or `undefined`. */
export function stdFunctionName(token: string): string | undefined {
  const m = /^std:index:([A-Za-z0-9]+)$/.exec(token);
  return m ? m[1] : undefined;
}

/** True when this std function is evaluated offline. */
export function isEvaluatedStdFunction(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name);
}

/**
 * Evaluates `std:index:<name>` on its arguments and returns `{ result }`; throws
 * {@link StdFunctionError} for arguments the function refuses (as Terraform would).
 */
export function evaluateStdFunction(name: string, args: Record<string, unknown>, cwd: string): Record<string, unknown> {
  const fn = FUNCTIONS[name];
  if (!fn) throw new StdFunctionError(`std.${name} is not evaluated offline`);
  const result = fn(args, cwd);
  return result === undefined ? {} : { result };
}
