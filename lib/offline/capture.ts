/**
 * Runs a Pulumi program on the runtime's mocks and captures what it would create: every
 * resource with its inputs, and the security-group {@link NetworkModel} (groups, rules,
 * instances, network interfaces, launch templates, scaling configurations, prefix lists) from
 * any code, not only this library's. No cloud, no CLI, no provider plugin.
 *
 * Offline, what only the cloud knows is answered: `@pulumi/std` functions are evaluated,
 * `@pulumi/random` resources get plausible values, and with `placeholders` data sources and
 * computed outputs get the documented placeholders of `placeholders.ts` and `data-sources.ts`
 * (or the given {@link Answers}). A program never fails silently: a failed data source, an
 * `apply` callback that throws, an error thrown later from a timer, or a program that never
 * finishes registering ends the capture with a {@link CaptureError} naming the cause and what
 * was left waiting. A resource the mocks cannot serve (a dynamic provider's, a remote
 * component) does not fail it: it is planned as opaque (lib/offline/opaque-resources.ts).
 *
 * A run is a sequence of named steps, each in its own module: start the run (run-state.ts),
 * install the mocks (install-mocks.ts: registering resources in mock-resources.ts, answering
 * calls in mock-calls.ts), watch the program (watch-program.ts: declarations, their source
 * locations in source-location.ts, opaque resources in opaque-resources.ts), run it and wait
 * (await-program.ts), resolve its exports (resolve-exports.ts), collect the network and what
 * was assumed (collect-network.ts, collect-assumptions.ts, acknowledged-in-code.ts), finish.
 * The types are in capture-types.ts, the errors in capture-error.ts.
 */
import { NetworkModel } from "../model/network";
import { ValidationError } from "../model/errors";
import { RESOURCE_TYPES } from "../model/resource-props";
import { acknowledgedInCode } from "./acknowledged-in-code";
import { awaitProgram, throwOnFailure } from "./await-program";
import { CaptureContext, CaptureOptions, StackCapture } from "./capture-types";
import { collectAssumptions, collectOpaqueDependencies } from "./collect-assumptions";
import { collectNetwork, sortResources } from "./collect-network";
import { installMocks } from "./install-mocks";
import { captureIntents } from "./intents";
import { opaqueList } from "./opaque-resources";
import { resolveExports } from "./resolve-exports";
import { CaptureRun, startRun } from "./run-state";
import { catchStrayErrors, watchProgram, watchRegistrations } from "./watch-program";

export { CaptureError, registeredBeforeError, programPosition } from "./capture-error";
export type { CapturedResource, Assumption, PendingResource, CaptureFailureCode, StackCapture, CaptureContext, CaptureOptions, RuleOrigins, SourceLocation, OpaqueResource, KnownId } from "./capture-types";

const CONTEXTS = new WeakMap<NetworkModel, CaptureContext>();

/** The rule names and code acknowledgements of a network that {@link captureNetwork} returned. */
export function captureContext(network: NetworkModel): CaptureContext | undefined {
  return typeof network === "object" && network !== null ? CONTEXTS.get(network) : undefined;
}

let running = false;

/**
 * Runs `program` (a function that creates resources, possibly async, possibly returning
 * exports) on `pulumi.runtime.setMocks` and returns every resource and the network model.
 * Rejects with the program's own error if it throws ({@link registeredBeforeError} then reads
 * what it had registered), and with a {@link CaptureError} when a data source fails, an
 * `apply` callback throws, or the program does not finish within `timeoutMs`. One capture at a
 * time: Pulumi's mocks are global to the process, so a second concurrent call is refused.
 *
 * @example const { network } = await captureStack(() => new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1" }));
 */
export async function captureStack(program: () => unknown, options: CaptureOptions = {}): Promise<StackCapture> {
  if (running) {
    throw new ValidationError("concurrent-call", "captureStack", "a second program", "was called while another capture is running: Pulumi's mocks are global to the process, so two programs cannot run on them at once", "Await each captureStack (or captureNetwork) before starting the next; in jest, do not use test.concurrent for them.");
  }
  running = true;
  try {
    return await runCapture(program, options);
  } finally {
    running = false;
  }
}

/** The steps of one capture, in order. */
async function runCapture(program: () => unknown, options: CaptureOptions): Promise<StackCapture> {
  const run = startRun(options);
  await installMocks(run);
  const unwatchRegistrations = watchRegistrations(run);
  const unwatchErrors = catchStrayErrors(run);
  try {
    const started = Date.now();
    const unwatch = watchProgram(run);
    let state;
    try {
      state = await awaitProgram(run, program);
    } finally {
      unwatch();
    }
    throwOnFailure(run, state);
    // Exports wait for what is registered; one that still has not resolved after that is unknown.
    const remaining = Math.min(2000, Math.max(200, run.timeoutMs - (Date.now() - started)));
    const value = state.done && state.ok ? state.value : undefined;
    const outputs = ((await resolveExports(value, remaining)) ?? {}) as Record<string, unknown>;
    return await finish(run, outputs);
  } finally {
    unwatchErrors();
    unwatchRegistrations();
  }
}

/** The last step: the network, what was assumed, what the program acknowledged, in a stable order. */
async function finish(run: CaptureRun, outputs: Record<string, unknown>): Promise<StackCapture> {
  sortResources(run);
  const { network, origins, skipped } = collectNetwork(run);
  const { assumed, assumedResources } = collectAssumptions(run, outputs);
  clearLeakCandidates();
  const exemptions = acknowledgedInCode(run.resources);
  const intents = await captureIntents(network, skipped, run.resources.filter((r) => r.type === RESOURCE_TYPES.securityGroup));
  CONTEXTS.set(network, { origins, exemptions, intents });
  return {
    network,
    origins,
    resources: run.resources,
    outputs: typeof outputs === "object" && outputs !== null ? outputs : { value: outputs },
    calls: run.calls,
    assumed,
    assumedResources,
    exemptions,
    opaque: opaqueList(run),
    dependsOnOpaque: collectOpaqueDependencies(run),
    intents,
  };
}

/** Pulumi reports promises still active at exit as leaks; after a finished capture, the stuck ones are ours to forget. */
function clearLeakCandidates(): void {
  try {
    const store = (require("@pulumi/pulumi/runtime/state") as { getStore(): { leakCandidates?: Set<unknown> } }).getStore();
    store.leakCandidates?.clear();
  } catch {
    // an SDK without a leak detector
  }
}

/**
 * Runs `program` on mocks and returns the {@link NetworkModel} it would create: its security
 * groups and rules, and its instances and network interfaces with their groups.
 *
 * @example
 * const network = await captureNetwork(() => { new WorkbenchAccess("ops", { securityGroupId: "sg-ops" }); });
 * expect(network).toHaveNoFindings();
 */
export async function captureNetwork(program: () => unknown, options: CaptureOptions = {}): Promise<NetworkModel> {
  return (await captureStack(program, options)).network;
}
