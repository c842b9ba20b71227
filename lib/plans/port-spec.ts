/**
 * Port entries as callers write them, in every component: a number (a tcp port), a string in
 * the form the library prints (`"tcp:443"`, `"tcp:8000-8080"`, `"udp:123"`, `"icmp"`,
 * `"icmpv6"`, `"gre"`), or a `Port` value. A range is one rule, never one rule per port.
 */
import { PortProtocol, PortSpec, parsePortSpec } from "../model/port-forms";
import { formatRanges } from "../model/port-ranges";
import { NO_PORTS, formatPortRange, hasPorts } from "../model/rule";
import { ADMIN_PORTS, DATABASE_PORT_LIST } from "../model/services";
import { expectArray, refuse } from "./fields";
import { parseServiceText, serviceText } from "./service-text";

export type { PortProtocol, PortSpec } from "../model/port-forms";
export { parsePortSpec };

const PROTOCOL_ORDER: readonly PortProtocol[] = ["tcp", "udp", "icmp", "icmpv6", "gre"];


/**
 * Reads a list of port entries (`undefined` gives `defaults`): at least one, duplicates once,
 * sorted by protocol then port.
 */
export function parsePortSpecs(field: string, value: unknown, defaults: readonly (number | string)[], defaultProtocol: "tcp" | "udp" = "tcp"): PortSpec[] {
  const list = expectArray(field, value, true);
  if (list !== undefined && list.length === 0) {
    refuse("invalid-argument", field, value, "is empty: name at least one port", defaults.length > 0 ? `Name ports such as [${defaults.map((d) => JSON.stringify(d)).join(", ")}], or leave ${field} out for that default.` : `Name ports such as [443] or ["udp:123"].`);
  }
  const specs = (list ?? defaults).map((p, i) => parsePortSpec(list ? `${field}[${i}]` : field, p, defaultProtocol));
  const seen = new Map<string, PortSpec>();
  for (const s of specs) seen.set(`${s.protocol}|${s.from}|${s.to}`, s);
  return [...seen.values()].sort((a, b) => PROTOCOL_ORDER.indexOf(a.protocol) - PROTOCOL_ORDER.indexOf(b.protocol) || a.from - b.from || a.to - b.to);
}

/** The rule fields of a port entry: `{ ipProtocol, portRange }`. */
export function specFields(spec: PortSpec): { ipProtocol: PortProtocol; portRange: string } {
  return { ipProtocol: spec.protocol, portRange: hasPorts(spec.protocol) ? formatPortRange(spec.from, spec.to) : NO_PORTS };
}

/** How descriptions name the protocols without ports. */
const NO_PORT_TEXT = new Map<string, PortProtocol>([["ICMP", "icmp"], ["ICMPv6", "icmpv6"], ["GRE", "gre"]]);

/** `MySQL (tcp:3306)`, `tcp:8000-8080`, `udp:123`, `ICMP`: for descriptions. */
export function specText(spec: PortSpec): string {
  if (!hasPorts(spec.protocol)) return [...NO_PORT_TEXT].find(([, p]) => p === spec.protocol)![0];
  if (spec.from === spec.to) return serviceText(spec.from, spec.protocol);
  return `${spec.protocol}:${formatRanges([{ from: spec.from, to: spec.to }])}`;
}

/** The port entry a {@link specText} names, or `undefined` for any other text. */
export function parseSpecText(text: string): PortSpec | undefined {
  const noPorts = NO_PORT_TEXT.get(text);
  if (noPorts !== undefined) return { protocol: noPorts, from: -1, to: -1 };
  const range = /^(tcp|udp):(\d{1,5})-(\d{1,5})$/.exec(text);
  const one = range ? undefined : parseServiceText(text);
  const spec: PortSpec | undefined = range
    ? { protocol: range[1] as PortProtocol, from: Number(range[2]), to: Number(range[3]) }
    : one && (one.protocol === "tcp" || one.protocol === "udp")
      ? { protocol: one.protocol, from: one.port, to: one.port }
      : undefined;
  return spec && spec.from >= 1 && spec.from <= spec.to && spec.to <= 65535 && specText(spec) === text ? spec : undefined;
}

/** Port entries as descriptions list them: `HTTP (tcp:80), HTTPS (tcp:443)`. */
export function specListText(specs: readonly PortSpec[]): string {
  return specs.map(specText).join(", ");
}

/** The port entries a {@link specListText} lists (at least one), or `undefined` for any other text. */
export function parseSpecListText(text: string): PortSpec[] | undefined {
  const specs = text.split(", ").map(parseSpecText);
  return specs.every((s) => s !== undefined) ? (specs as PortSpec[]) : undefined;
}

/** True when a tcp/udp entry covers any of `ports`. */
export function specTouches(spec: PortSpec, ports: readonly number[]): boolean {
  return hasPorts(spec.protocol) && ports.some((p) => spec.from <= p && p <= spec.to);
}

/** True when an entry covers an admin (SSH, RDP) or a database port. */
export function isSensitive(spec: PortSpec): boolean {
  return specTouches(spec, ADMIN_PORTS) || specTouches(spec, DATABASE_PORT_LIST);
}

/** True for every port of tcp or udp (1..65535): the guard's "every port". */
export function isEveryPort(spec: PortSpec): boolean {
  return hasPorts(spec.protocol) && spec.from === 1 && spec.to === 65535;
}
