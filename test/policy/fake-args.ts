import type { PolicyResource, PolicyResourceOptions, ResourceValidation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

/** The engine's internals for unknown values (not in its typings). */
const proxy = jest.requireActual("@pulumi/policy/proxy") as {
  unknownCheckingProxy: (props: object) => object;
  unknownStringValue: string;
  unknownArrayValue: string;
};

/** What the engine's `notApplicable` throws. */
export class NotApplicable extends Error {
  constructor(readonly reason?: string) {
    super(reason);
  }
}

const opts: PolicyResourceOptions = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

/** The URN the engine would give a resource. */
export const urn = (type: string, name: string) => `urn:pulumi:dev::app::${type}::${name}`;

/** Props as the engine passes them: reading an unknown value (the sentinel) throws. */
export function engineProps(props: Record<string, unknown>): Record<string, unknown> {
  return proxy.unknownCheckingProxy(props) as Record<string, unknown>;
}

/** The engine's sentinel for a string that is unknown during preview. */
export const UNKNOWN_STRING = proxy.unknownStringValue;
/** The engine's sentinel for an array that is unknown during preview. */
export const UNKNOWN_ARRAY = proxy.unknownArrayValue;

/** Arguments of a resource validation. */
export function resourceArgs(type: string, props: Record<string, unknown>, config: object = {}): ResourceValidationArgs {
  return {
    type,
    props,
    urn: urn(type, "r"),
    name: "r",
    opts,
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string) => {
      throw new NotApplicable(reason);
    },
  };
}

/** Runs a resource policy the way the engine does; returns violations, or the not-applicable reason. */
export async function validateResource(policy: ResourceValidationPolicy, args: ResourceValidationArgs): Promise<{ violations: string[]; notApplicable?: string }> {
  const violations: string[] = [];
  try {
    await (policy.validateResource as ResourceValidation)(args, (message) => violations.push(message));
  } catch (e) {
    if (e instanceof NotApplicable) return { violations, notApplicable: e.reason ?? "" };
    throw e;
  }
  return { violations };
}

/** A stack resource; `deps` maps a property to the names of the resources it was computed from. */
export interface FakeResource {
  type: string;
  name: string;
  props: Record<string, unknown>;
  deps?: Record<string, { type: string; name: string }[]>;
}

/** Arguments of a stack validation. */
export function stackArgs(resources: FakeResource[], config: object = {}): StackValidationArgs {
  const built: PolicyResource[] = resources.map((r) => ({
    type: r.type,
    name: r.name,
    urn: urn(r.type, r.name),
    props: r.props,
    opts,
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  }));
  const byUrn = new Map(built.map((b) => [b.urn, b]));
  resources.forEach((r, i) => {
    for (const [prop, deps] of Object.entries(r.deps ?? {})) built[i].propertyDependencies[prop] = deps.map((d) => byUrn.get(urn(d.type, d.name)) as PolicyResource);
  });
  return {
    resources: built,
    stackTags: new Map(),
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string) => {
      throw new NotApplicable(reason);
    },
  };
}

/** Runs a stack policy the way the engine does. */
export async function validateStack(policy: StackValidationPolicy, args: StackValidationArgs): Promise<{ violations: { message: string; urn?: string }[]; notApplicable?: string }> {
  const violations: { message: string; urn?: string }[] = [];
  try {
    await policy.validateStack(args, (message, u) => violations.push(u === undefined ? { message } : { message, urn: u }));
  } catch (e) {
    if (e instanceof NotApplicable) return { violations, notApplicable: e.reason ?? "" };
    throw e;
  }
  return { violations };
}
