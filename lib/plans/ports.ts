/**
 * Port lists as callers write them (`[80, 443]`), checked and named by argument.
 */
import type { Port } from "../model/port";
import { ADMIN_PORTS, DATABASE_PORT_LIST } from "../model/services";

/**
 * One port entry: a number (a tcp port, or a port of the protocol the argument names), a string
 * in the form the library prints (`"tcp:443"`, `"tcp:8000-8080"`, `"udp:123"`, `"icmp"`,
 * `"icmpv6"`, `"gre"`), or a {@link Port} value.
 */
export type PortEntry = number | string | Port;
import { expectArray, refuse } from "./fields";

/** Reads a list of tcp/udp ports: whole numbers 1..65535, at least one; returns them sorted without duplicates (`undefined` gives `defaults`). */
export function parsePorts(field: string, value: unknown, defaults: readonly number[]): number[] {
  const list = expectArray(field, value, true);
  if (list === undefined) return [...defaults];
  if (list.length === 0) {
    refuse("invalid-argument", field, value, "is empty", `Name at least one port, or leave ${field} out for the default ${JSON.stringify(defaults)}.`);
  }
  const out: number[] = [];
  list.forEach((p, i) => {
    if (typeof p !== "number" || !Number.isInteger(p) || p < 1 || p > 65535) {
      refuse("invalid-port", `${field}[${i}]`, p, "is not a port number", "Use a whole number from 1 to 65535.");
    }
    if (!out.includes(p)) out.push(p);
  });
  return out.sort((a, b) => a - b);
}

/** True for SSH and RDP. */
export function isAdminPort(port: number): boolean {
  return ADMIN_PORTS.includes(port);
}

/** True for the default port of any database engine in the catalogue. */
export function isDatabasePort(port: number): boolean {
  return DATABASE_PORT_LIST.includes(port);
}

/** The port of the provider's `from/to` form. */
export function portRange(port: number): string {
  return `${port}/${port}`;
}
