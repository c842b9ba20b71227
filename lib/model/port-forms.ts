/**
 * Port entries as callers write them, in every component, intent and check option: a number (a
 * tcp port), a string in the form the library prints (`"tcp:443"`, `"tcp:8000-8080"`,
 * `"udp:123"`, `"icmp"`, `"icmpv6"`, `"gre"`), or a `Port` value. One reader for all of them.
 */
import { isDeployTime } from "./deploy-time";
import { ValidationCode, ValidationError } from "./errors";
import { Port } from "./port";

function fail(code: ValidationCode, field: string, value: unknown, problem: string, fix: string): never {
  throw new ValidationError(code, field, value, problem, fix);
}

/** A protocol a port entry may name (every protocol but `all`). */
export type PortProtocol = "tcp" | "udp" | "icmp" | "icmpv6" | "gre";

/** One parsed port entry: a protocol and, for tcp and udp, an interval (both ends included). */
export interface PortSpec {
  readonly protocol: PortProtocol;
  /** First port; -1 for protocols without ports. */
  readonly from: number;
  /** Last port; -1 for protocols without ports. */
  readonly to: number;
}

const FORMS = `a port number (tcp), "tcp:443", "tcp:8000-8080", "udp:123", "icmp", "icmpv6", "gre" or a Port value`;

function checked(field: string, protocol: "tcp" | "udp", from: number, to: number, value: unknown): PortSpec {
  for (const p of [from, to]) {
    if (!Number.isInteger(p) || p < 1 || p > 65535) fail("invalid-port", field, value, "holds a port outside 1..65535", "Use ports from 1 to 65535.");
  }
  if (from > to) fail("invalid-port-range", field, value, "starts after it ends", `Write the smaller port first: "${protocol}:${to}-${from}".`);
  return { protocol, from, to };
}

/**
 * Reads one port entry. A number is a port of `defaultProtocol` (tcp unless the argument names
 * another). Refuses `all` and every other form, saying which forms are accepted.
 */
export function parsePortSpec(field: string, value: unknown, defaultProtocol: "tcp" | "udp" = "tcp"): PortSpec {
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < 1 || value > 65535) fail("invalid-port", field, value, "is not a port number", "Use a whole number from 1 to 65535.");
    return { protocol: defaultProtocol, from: value, to: value };
  }
  if (value instanceof Port) {
    if (value.protocol === "all") fail("all-ports", field, "all", "is every protocol and port, which a port entry does not open", "Name the protocols and ports the service uses.");
    return value.from === -1 ? { protocol: value.protocol as PortProtocol, from: -1, to: -1 } : { protocol: value.protocol as PortProtocol, from: value.from, to: value.to };
  }
  if (typeof value === "string") {
    const text = value.trim();
    const m = /^(tcp|udp):(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
    if (m) return checked(field, m[1] as "tcp" | "udp", Number(m[2]), Number(m[3] ?? m[2]), value);
    if (text === "icmp" || text === "icmpv6" || text === "gre") return { protocol: text, from: -1, to: -1 };
    const lower = text.toLowerCase();
    if (lower !== text && (/^(tcp|udp):/.test(lower) || ["icmp", "icmpv6", "gre"].includes(lower))) {
      fail("invalid-port", field, value, "is not a port entry (protocols are lower case)", `Write it as ${JSON.stringify(lower)}.`);
    }
    if (/^\d{1,5}$/.test(text)) fail("invalid-port", field, value, "is a port number written as a string", `Write ${Number(text)} (a tcp port) or "${defaultProtocol}:${Number(text)}".`);
    if (/^\d{1,5}-\d{1,5}$/.test(text)) fail("invalid-port", field, value, "is a range without its protocol", `Write "${defaultProtocol}:${text}".`);
    if (/^\d{1,5}\/\d{1,5}$/.test(text)) fail("invalid-port", field, value, "uses the provider's from/to form, which components do not take", `Write "${defaultProtocol}:${text.replace("/", "-")}".`);
    if (lower === "all" || lower === "-1/-1") fail("all-ports", field, value, "is every protocol and port, which a port entry does not open", "Name the protocols and ports the service uses.");
  }
  if (isDeployTime(value)) fail("invalid-port", field, "<deploy-time value>", "is a value known only at deploy time; ports must be known when the program runs", `Pass ${FORMS}.`);
  return fail("invalid-port", field, value, "is not a port entry", `Use ${FORMS}.`);
}

