/**
 * Resolving a program's exports (or its async main's return value) into plain data: outputs and
 * promises awaited, resources named, cycles written `[Circular]`, and what never resolves within
 * the budget, or is unknown, written `<unknown>`.
 */
import * as pulumi from "@pulumi/pulumi";

/** The program's exports, resolved: cycles become `[Circular]`, values that never resolve `<unknown>`. */
export async function resolveExports(value: unknown, budgetMs: number): Promise<unknown> {
  // One deadline for all exports; it keeps the process alive while exports are awaited and is cleared after.
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<{ unknown: true }>((resolve) => (timer = setTimeout(() => resolve({ unknown: true }), budgetMs)));
  const unknown = { unknown: true as const };
  const resolve = async (v: unknown, path: Set<unknown>): Promise<unknown> => {
    if (pulumi.Output.isInstance(v)) {
      const out = v as pulumi.Output<unknown> & { isKnown?: Promise<boolean> };
      const settled = await Promise.race([
        new Promise<{ value: unknown }>((r) => out.apply((x) => r({ value: x }))),
        out.isKnown ? out.isKnown.then((k) => (k ? deadline : unknown)) : deadline,
        deadline,
      ]).catch(() => unknown);
      return "value" in settled ? resolve(settled.value, path) : "<unknown>";
    }
    if (v instanceof Promise) {
      const settled = await Promise.race([v.then((x) => ({ value: x as unknown })), deadline]).catch(() => unknown);
      return "value" in settled ? resolve(settled.value, path) : "<unknown>";
    }
    if (pulumi.Resource.isInstance(v)) return `<${(v as { constructor: { name: string } }).constructor.name}>`;
    if (pulumi.isUnknown(v)) return "<unknown>";
    if (typeof v !== "object" || v === null) return typeof v === "function" || typeof v === "symbol" ? `<${typeof v}>` : v;
    if (path.has(v)) return "[Circular]";
    const inner = new Set(path).add(v);
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (const x of v) out.push(await resolve(x, inner));
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = await resolve(x, inner);
    return out;
  };
  try {
    return await resolve(value, new Set());
  } finally {
    clearTimeout(timer);
  }
}
