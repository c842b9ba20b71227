/**
 * A value known only at deploy time: a Pulumi `Output` or a promise, recognised by shape (the
 * core imports nothing from Pulumi).
 */
export function isDeployTime(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.__pulumiOutput === true || typeof v.apply === "function" || typeof v.then === "function";
}
