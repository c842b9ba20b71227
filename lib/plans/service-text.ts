/**
 * How a port reads in descriptions: `MySQL (tcp:3306)` for a catalogued service, else `tcp:8080`.
 */
import { SERVICE_CATALOGUE } from "../model/services";

/** `tcp:3306`, or `MySQL (tcp:3306)` for a catalogued port: used in descriptions. */
export function serviceText(port: number, protocol: "tcp" | "udp" = "tcp"): string {
  const known = protocol === "tcp" ? Object.values(SERVICE_CATALOGUE).find((s) => s.protocol === "tcp" && "port" in s && s.port === port) : undefined;
  return known ? `${known.name} (${protocol}:${port})` : `${protocol}:${port}`;
}
