/**
 * Watching a program while it runs on the mocks, in every copy of `@pulumi/pulumi` it may use
 * (this package's, and the program's own): each declaration (to list what is left waiting, and
 * where the program constructed it), registrations that fail, `apply` callbacks that throw, what
 * the monitor is told and the mocks are not (parent, options, aliases), and errors thrown
 * outside the program's main flow. Each hook is undone when the run ends.
 */
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { errorText, programPosition } from "./capture-error";
import { never } from "./mock-calls";
import { noteOpaque, serializeNothing } from "./opaque-resources";
import type { CaptureRun } from "./run-state";
import { StackFrame, locationFromFrames, locationFromStack } from "./source-location";

/** The parts of one copy of `@pulumi/pulumi` a capture hooks into. */
interface PulumiCopy {
  resource: Record<string, unknown>;
  debuggable: Record<string, unknown>;
  closure?: Record<string, unknown>;
  Output: { prototype: Record<string, unknown> };
  /** The `Resource` class, whose `callsites` finds where each resource was constructed. */
  Resource?: Record<string, unknown>;
}

function optionalRequire(file: string): Record<string, unknown> | undefined {
  try {
    return require(file) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The copies of @pulumi/pulumi the program may use: this package's, and the program's own if it has one. */
function pulumiCopies(dirs: readonly string[]): PulumiCopy[] {
  const ownRoot = path.dirname(path.dirname(require.resolve("@pulumi/pulumi/runtime/resource")));
  const out: PulumiCopy[] = [
    {
      resource: require("@pulumi/pulumi/runtime/resource") as Record<string, unknown>,
      debuggable: require("@pulumi/pulumi/runtime/debuggable") as Record<string, unknown>,
      closure: optionalRequire(path.join(ownRoot, "runtime", "closure", "serializeClosure")),
      Output: pulumi.Output as unknown as { prototype: Record<string, unknown> },
      Resource: pulumi.Resource as unknown as Record<string, unknown>,
    },
  ];
  const ours = require.resolve("@pulumi/pulumi/runtime/resource");
  for (const dir of dirs) {
    try {
      const theirs = require.resolve("@pulumi/pulumi/runtime/resource", { paths: [dir] });
      if (theirs === ours) continue;
      const root = path.dirname(path.dirname(theirs));
      out.push({ resource: require(theirs), debuggable: require(path.join(root, "runtime", "debuggable")), closure: optionalRequire(path.join(root, "runtime", "closure", "serializeClosure")), Output: require(path.join(root, "output")).Output, Resource: require(path.join(root, "resource")).Resource });
    } catch {
      // the program has no copy of its own
    }
  }
  return out;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDeletebeforereplace(): boolean;
}

/** Wraps the mock monitor to see what the mocks are not told: each registration's parent and options. Returns the undo. */
export function watchRegistrations(run: CaptureRun): () => void {
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource?: (req: RegisterRequest, cb: unknown) => unknown } | undefined;
  const originalRegister = monitor?.registerResource;
  if (!monitor || typeof originalRegister !== "function") return () => undefined;
  monitor.registerResource = (req: RegisterRequest, cb: unknown) => {
    // Aliases by name arrive as alias specs (or, from older SDKs, as URNs ending in the name).
    type Alias = { getSpec?: () => { getName?: () => string } | undefined; getUrn?: () => string };
    const specs = (req as unknown as { getAliasesList?: () => Alias[] }).getAliasesList?.() ?? [];
    const urns = (req as unknown as { getAliasurnsList?: () => string[] }).getAliasurnsList?.() ?? [];
    const named = (u: string) => u.slice(u.lastIndexOf("::") + 2);
    const aliases = [...specs.map((a) => a.getSpec?.()?.getName?.() || named(a.getUrn?.() ?? "")), ...urns.map(named)].filter((n) => n !== "");
    run.registrations.set(`${req.getType()}::${req.getName()}`, { parent: req.getParent() || undefined, deleteBeforeReplace: req.getDeletebeforereplace(), aliases });
    return originalRegister.call(monitor, req, cb);
  };
  return () => {
    monitor.registerResource = originalRegister;
  };
}

/**
 * Hooks into each copy of the SDK for the run: declarations and their source locations, opaque
 * resources, failed registrations, no closure serialization, and `apply` callbacks. Returns the undo.
 */
export function watchProgram(run: CaptureRun): () => void {
  const restore: (() => void)[] = [];
  for (const copy of pulumiCopies([run.programDir])) {
    watchDeclarations(run, copy, restore);
    watchFailedRegistrations(run, copy, restore);
    serializeNoCode(copy, restore);
    watchApplies(run, copy, restore);
  }
  return () => {
    for (const r of restore) r();
  };
}

/**
 * Each declaration: counted (the wait stops once nothing moves), remembered with its stack (to
 * list it if it never registers), located in the program, and checked for what the mocks cannot serve.
 * The SDK passes `(res, parent, type, name, custom, remote, newDependency, props, opts,
 * sourcePosition, stackTrace)` to `registerResource` and `(res, parent, type, name, props, opts,
 * sourcePosition, stackTrace)` to `readResource`.
 */
function watchDeclarations(run: CaptureRun, copy: PulumiCopy, restore: (() => void)[]): void {
  const located = run.options.locations !== false;
  // Without locations the SDK's own stack capture for each resource (a whole stack, formatted and parsed) is skipped too.
  const sdk = copy.Resource;
  if (!located && sdk && typeof sdk.callsites === "function") {
    const original = sdk.callsites;
    sdk.callsites = () => [];
    restore.push(() => (sdk.callsites = original));
  }
  for (const fn of ["registerResource", "readResource"] as const) {
    const original = copy.resource[fn] as (...a: unknown[]) => unknown;
    if (typeof original !== "function") continue;
    copy.resource[fn] = function (this: unknown, ...args: unknown[]) {
      const [, , t, name] = args as [object, unknown, string, string];
      run.progress++;
      const key = `${t}::${name}`;
      if (fn === "readResource") run.readKeys.add(key);
      // The trace is formatted (and source-mapped) only if the resource is ever listed as pending.
      const trace = located ? new Error() : undefined;
      run.declare({ type: t, name, ...(trace ? { trace } : {}) });
      const frames = args[fn === "registerResource" ? 10 : 7];
      // The SDK's frames skip the constructors of a resource class, and with them a program's own `new pulumi.ComponentResource(`: then the whole stack is read.
      const location = trace && ((Array.isArray(frames) ? locationFromFrames(frames as (StackFrame | undefined)[], run.programDir) : undefined) ?? locationFromStack(trace.stack, run.programDir));
      if (location) run.locations.set(key, location);
      if (fn === "registerResource") noteOpaque(run, t, name, args[5] === true, args[7], location);
      return original.apply(this, args);
    };
    restore.push(() => (copy.resource[fn] = original));
  }
}

/**
 * A registration that fails (its inputs rejected) ends in a promise nobody awaits: handled here,
 * naming the resource. Pulumi also wraps every promise it tracks for its leak report at process
 * exit (a stack trace, an entry in a set, two more promises), which a capture never prints: during
 * a capture promises are passed through as they are, which is most of the cost of a large
 * program on mocks.
 */
function watchFailedRegistrations(run: CaptureRun, copy: PulumiCopy, restore: (() => void)[]): void {
  const original = copy.debuggable.debuggablePromise as (p: Promise<unknown>, ctx: unknown) => Promise<unknown>;
  if (typeof original !== "function") return;
  copy.debuggable.debuggablePromise = (p: Promise<unknown>, ctx: unknown) => {
    const label = typeof ctx === "string" && ctx.startsWith("resource:") ? /^resource:(.*)\[(.*)\]$/.exec(ctx) : null;
    if (label && p && typeof p.catch === "function") {
      p.catch((e: unknown) => run.fail("uncaught-error", `resource ${label[1]} (${label[2]}) could not be registered: ${errorText(e)}`, e, programPosition((e as Error)?.stack, run.programDir)));
    }
    return p;
  };
  restore.push(() => (copy.debuggable.debuggablePromise = original));
}

/** A plan deploys nothing, so it serializes no code (a dynamic provider's, a callback's): see opaque-resources.ts. */
function serializeNoCode(copy: PulumiCopy, restore: (() => void)[]): void {
  const closure = copy.closure;
  const original = closure?.serializeFunction;
  if (!closure || typeof original !== "function") return;
  closure.serializeFunction = serializeNothing;
  restore.push(() => (closure.serializeFunction = original));
}

/** `apply` callbacks: counted, checked for placeholder outputs they read, and a throw recorded with where it was thrown. */
function watchApplies(run: CaptureRun, copy: PulumiCopy, restore: (() => void)[]): void {
  const proto = copy.Output.prototype;
  const originalApply = proto.apply as (func: (v: unknown) => unknown, ...rest: unknown[]) => unknown;
  proto.apply = function (this: unknown, func: (v: unknown) => unknown, ...rest: unknown[]) {
    const wrapped = (v: unknown) => {
      run.progress++;
      if (run.assumedNeedles.size > 0) {
        const hit = run.assumedNeedles.first(v);
        if (hit !== undefined) run.readByApply.add(hit);
      }
      // The failure is recorded and the output never settles: what waits on it stays pending and
      // is listed, and no rejection escapes unhandled.
      const onError = (e: unknown): Promise<never> => {
        run.fail("apply-failed", `an apply callback threw ${errorText(e)}`, e, programPosition((e as Error)?.stack, run.programDir));
        return never();
      };
      try {
        const r = func(v);
        return r instanceof Promise ? r.catch(onError) : r;
      } catch (e) {
        return onError(e);
      }
    };
    return originalApply.call(this, typeof func === "function" ? wrapped : func, ...rest);
  };
  restore.push(() => (proto.apply = originalApply));
}

/** Errors thrown outside the program's main flow (a timer, an unawaited promise) fail the run. Returns the undo. */
export function catchStrayErrors(run: CaptureRun): () => void {
  const onRejection = (reason: unknown) => {
    if (!run.failures.some((f) => f.thrown === reason)) run.fail("uncaught-error", `an unhandled promise rejection: ${errorText(reason)}`, reason, programPosition((reason as Error)?.stack, run.programDir));
  };
  const onException = (error: unknown) => run.fail("uncaught-error", `an error thrown outside the program's main flow (a timer or callback): ${errorText(error)}`, error, programPosition((error as Error)?.stack, run.programDir));
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  return () => {
    process.off("unhandledRejection", onRejection);
    process.off("uncaughtException", onException);
  };
}
