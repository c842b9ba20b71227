/**
 * How a port reads in descriptions: `MySQL (tcp:3306)` for a catalogued service, else `tcp:8080`.
 */
import { SERVICES } from "../model/services";

/** `tcp:3306`, or `MySQL (tcp:3306)` for a catalogued port: used in descriptions. */
export function serviceText(port: number, protocol: "tcp" | "udp" = "tcp"): string {
  const known = protocol === "tcp" ? Object.values(SERVICES).find((s) => s.port.protocol === "tcp" && s.port.from === port && s.port.to === port) : undefined;
  return known ? `${known.name} (${protocol}:${port})` : `${protocol}:${port}`;
}
