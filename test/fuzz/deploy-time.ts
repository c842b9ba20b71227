/**
 * Group and VPC ids known only at deploy time. Generators produce a {@link DeployTime} marker;
 * planners see it as the opaque object it stands for, components as a real `pulumi.Output`.
 */
import * as pulumi from "@pulumi/pulumi";

/** An id known only at deploy time, with the value it resolves to. */
export class DeployTime {
  constructor(readonly value: string) {}

  /** Rendered in counterexamples. */
  toString(): string {
    return `DeployTime(${this.value})`;
  }
}

/** `args` with every {@link DeployTime} replaced by `replace(it)` (a deep copy of arrays and plain objects). */
export function mapDeployTime(args: unknown, replace: (d: DeployTime) => unknown): unknown {
  if (args instanceof DeployTime) return replace(args);
  if (Array.isArray(args)) return args.map((a) => mapDeployTime(a, replace));
  const proto = typeof args === "object" && args !== null ? Object.getPrototypeOf(args) : undefined;
  if (proto === Object.prototype || proto === null) {
    return Object.fromEntries(Object.entries(args as Record<string, unknown>).map(([k, v]) => [k, mapDeployTime(v, replace)]));
  }
  return args;
}

/** `args` as a Pulumi program passes them: deploy-time ids become `pulumi.output`s. */
export function asPulumiArgs(args: unknown): unknown {
  return mapDeployTime(args, (d) => pulumi.output(d.value));
}

/** The value an id resolves to at deploy time: the marker's value, or the id itself. */
export function resolvedId(ref: unknown): unknown {
  return ref instanceof DeployTime ? ref.value : ref;
}
