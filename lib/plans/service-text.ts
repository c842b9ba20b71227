/**
 * How a port reads in descriptions: `MySQL (tcp:3306)` for a catalogued service, else `tcp:8080`;
 * and that text read back.
 */
import { SERVICES } from "../model/services";

/** `tcp:3306`, or `MySQL (tcp:3306)` for a catalogued port: used in descriptions. */
export function serviceText(port: number, protocol: string = "tcp"): string {
  const known = protocol === "tcp" ? Object.values(SERVICES).find((s) => s.port.protocol === "tcp" && s.port.from === port && s.port.to === port) : undefined;
  return known ? `${known.name} (${protocol}:${port})` : `${protocol}:${port}`;
}

/** The port and protocol a {@link serviceText} names (`MySQL (tcp:3306)` → 3306 over tcp), or `undefined` for any other text. */
export function parseServiceText(text: string): { port: number; protocol: string } | undefined {
  const m = /^(?:.+ \()?([a-z0-9]+):(-?\d{1,5})\)?$/.exec(text);
  if (!m) return undefined;
  const read = { port: Number(m[2]), protocol: m[1] };
  return serviceText(read.port, read.protocol) === text ? read : undefined;
}
