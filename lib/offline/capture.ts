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
 * was left waiting.
 */
import { Exemption, FindingExemption } from "../model/exemptions";
import { clearCodeAcknowledgements, codeAcknowledgements, urnParts } from "../components/acknowledge";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { ValidationError } from "../model/errors";
import { NetworkModel } from "../model/network";
import { RESOURCE_TYPES, ResourceSnapshot } from "../model/resource-props";
import { readStack } from "../model/stack-resources";
import { Answers, dataSourceAnswer, outputAnswer } from "./answers";
import { CapturedIntents, captureIntents } from "./intents";
import { emptyResult, placeholderResult } from "./data-sources";
import { idSlug, placeholderFor, privateAddressFor, publicAddressFor } from "./placeholders";
import { randomOutputs } from "./random-resources";
import { invokeSchema, resourceSchema } from "./schema";
import { StdFunctionError, evaluateStdFunction, isEvaluatedStdFunction, stdFunctionName } from "./std-functions";

/** Each modelled rule's resource name, by group id and rule index. */
export type RuleOrigins = Map<string, (string | undefined)[]>;

/** One resource the program registered. */
export interface CapturedResource {
  /** Type token. */
  type: string;
  /** Logical name. */
  name: string;
  /** The id the mocks gave it. */
  id: string;
  /** Its inputs, resolved. */
  inputs: Record<string, unknown>;
  /** False for component resources. */
  custom?: boolean;
  /** URN of its parent, when it has one. */
  parent?: string;
  /** Whether it was registered with `deleteBeforeReplace`. */
  deleteBeforeReplace?: boolean;
  /** True for an existing resource the program reads (`SecurityGroup.get(name, id)`) rather than creates. */
  read?: boolean;
  /** Former names it carries as aliases (`aliases: [{ name }]`), when any. */
  aliases?: string[];
}

/** A value the plan did not measure but assumed: a data source's answer, a computed output, a random value. */
export interface Assumption {
  /** `data-source` (a `get…` call), `output` (a computed output read by the program), `random` (a `@pulumi/random` value). */
  kind: "data-source" | "output" | "random";
  /** The data-source token, or `<resource type>.<property>`. */
  subject: string;
  /** The resource the output belongs to (outputs and random values). */
  resource?: string;
  /** `placeholder` (the documented default), `answers` (the answers file), `empty` (an empty result). */
  from: "placeholder" | "answers" | "empty";
  /** The assumed value (the whole result of a data source). */
  value: unknown;
}

/** A resource the program declared that never finished registering. */
export interface PendingResource {
  /** Type token. */
  type: string;
  /** Logical name. */
  name: string;
  /** Where the program declared it (`file:line`, relative to the program directory), when known. */
  at?: string;
}

/** Why a capture failed. */
export type CaptureFailureCode = "data-source-failed" | "apply-failed" | "uncaught-error" | "program-failed" | "timeout";

/** A program that failed on mocks, with the cause named and what was left waiting. */
export class CaptureError extends Error {
  /** Stable reason. */
  readonly code: CaptureFailureCode;
  /** Resources declared but never registered (waiting on the cause, or on each other). */
  readonly pending: PendingResource[];
  /** What the program threw, when it threw. */
  readonly thrown: unknown;
  /** Where it was thrown in the program (`file:line:column`), when known. */
  readonly at?: string;

  constructor(code: CaptureFailureCode, message: string, pending: PendingResource[], thrown?: unknown, at?: string) {
    super(message.startsWith("alicloud-secgroups") ? message : `alicloud-secgroups: ${message}`);
    this.name = "CaptureError";
    this.code = code;
    this.pending = pending;
    this.thrown = thrown;
    if (at !== undefined) this.at = at;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** Everything a program would create, as seen on mocks. */
export interface StackCapture {
  /** The security-group model of the program. */
  network: NetworkModel;
  /** Each rule's resource name, by group id and rule index. */
  origins: RuleOrigins;
  /** Every resource, in a stable order (type, then name). */
  resources: CapturedResource[];
  /** The program's exports (or return value), resolved; cycles read `[Circular]`, unknown values `<unknown>`. */
  outputs: Record<string, unknown>;
  /** Tokens of the data-source functions the program invoked, in call order. */
  calls: string[];
  /** What the plan assumed, in a stable order: data-source answers, computed outputs and random values the program used. */
  assumed: Assumption[];
  /** Resource names whose inputs hold an assumed value (a rule built from a placeholder address is assumed). */
  assumedResources: string[];
  /** Findings the program acknowledged in code (`acknowledge(resource, check, reason)`), as exemptions. */
  exemptions: FindingExemption[];
  /** The stack's promises (every component's intents and `declareIntents`), and each one's verdict over `network`. */
  intents: CapturedIntents;
}

/** What a capture knows about the network it returned, for the matchers. */
export interface CaptureContext {
  /** Each rule's resource name. */
  origins: RuleOrigins;
  /** The program's code acknowledgements. */
  exemptions: readonly Exemption[];
  /** The stack's promises and their verdicts. @default none (a network the capture did not make) */
  intents?: CapturedIntents;
}

const CONTEXTS = new WeakMap<NetworkModel, CaptureContext>();

/** The rule names and code acknowledgements of a network that {@link captureNetwork} returned. */
export function captureContext(network: NetworkModel): CaptureContext | undefined {
  return typeof network === "object" && network !== null ? CONTEXTS.get(network) : undefined;
}

/** The code acknowledgements of a run, as exemptions naming rule resources, groups and instances. */
function acknowledgedInCode(resources: readonly CapturedResource[]): FindingExemption[] {
  const acks = codeAcknowledgements();
  if (acks.length === 0) return [];
  const byKey = new Map(resources.map((r) => [`${r.type}::${r.name}`, r]));
  const out: FindingExemption[] = [];
  for (const r of resources) {
    const chain = [`${r.type}::${r.name}`];
    for (let p = r.parent; p !== undefined; ) {
      const { type, name } = urnParts(p);
      chain.push(`${type}::${name}`);
      p = byKey.get(`${type}::${name}`)?.parent;
    }
    const target = r.type === RESOURCE_TYPES.securityGroupRule ? r.name : r.type === RESOURCE_TYPES.securityGroup || r.type === RESOURCE_TYPES.instance || r.type === RESOURCE_TYPES.ecsNetworkInterface ? r.id : undefined;
    if (target === undefined) continue;
    for (const a of acks) {
      if (chain.includes(`${a.type}::${a.name}`)) out.push({ check: a.check, rule: target, reason: a.reason, where: `acknowledge(${a.name}, ${a.check})` });
    }
  }
  // An acknowledgement on a resource that holds no rule is kept, so it is reported as stale.
  for (const a of acks) if (!out.some((e) => e.where === `acknowledge(${a.name}, ${a.check})`)) out.push({ check: a.check, rule: a.name, reason: a.reason, where: `acknowledge(${a.name}, ${a.check})` });
  return out;
}

/** Options of {@link captureStack} and {@link captureNetwork}. */
export interface CaptureOptions {
  /** Project name the program sees. @default "alicloud-secgroups" */
  project?: string;
  /** Stack name the program sees. @default "dev" */
  stack?: string;
  /** Run as a preview, where unknown values stay unknown. @default false */
  preview?: boolean;
  /** Stack configuration, keyed `project:key` or bare `key` (taken as the project's). @default {} */
  config?: Record<string, string>;
  /**
   * Answers the program's data-source calls (`get…` functions) first. Return the outputs, or
   * `undefined` to leave the call to `answers` and the placeholders. @default none
   */
  onCall?: (token: string, inputs: Record<string, unknown>) => Record<string, unknown> | undefined;
  /** Called with each resource as it is registered. @default none */
  onResource?: (resource: CapturedResource) => void;
  /**
   * Answer data sources and computed outputs offline: documented placeholders for common
   * lookups, an empty result for the rest, typed placeholders for outputs the program did not
   * set (as the plan command does). @default false: an unanswered data source is refused with
   * an error, and computed outputs stay absent
   */
  placeholders?: boolean;
  /** Answers for data sources and computed outputs, winning over the placeholders. @default none */
  answers?: Answers;
  /** Longest wait, in milliseconds, for the program to finish registering its resources and exports. @default 10000 */
  timeoutMs?: number;
  /** Directory of the program's files: error positions are shown relative to it, provider packages resolve from it. @default process.cwd() */
  programDir?: string;
}

const REGISTERED = Symbol("alicloud-secgroups:registered");

/**
 * The resources a rejected {@link captureStack} program had registered before it failed, or
 * `undefined` when `error` did not come from one. An empty list means it registered nothing.
 */
export function registeredBeforeError(error: unknown): CapturedResource[] | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  return (error as { [REGISTERED]?: CapturedResource[] })[REGISTERED];
}

function attachRegistered(error: unknown, resources: CapturedResource[]): unknown {
  if (typeof error === "object" && error !== null && Object.isExtensible(error)) {
    Object.defineProperty(error, REGISTERED, { value: [...resources], enumerable: false, configurable: true });
  }
  return error;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDeletebeforereplace(): boolean;
}

const ID_PREFIX: Record<string, string> = {
  "alicloud:ecs/securityGroup:SecurityGroup": "sg-",
  "alicloud:ecs/securityGroupRule:SecurityGroupRule": "sgr-",
  "alicloud:ecs/instance:Instance": "i-",
  "alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface": "eni-",
  "alicloud:vpc/networkInterface:NetworkInterface": "eni-",
  "alicloud:ecs/ecsPrefixList:EcsPrefixList": "pl-",
  "alicloud:vpc/prefixList:PrefixList": "pl-",
  "alicloud:vpc/network:Network": "vpc-",
  "alicloud:vpc/switch:Switch": "vsw-",
  "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate": "lt-",
  "alicloud:ecs/launchTemplate:LaunchTemplate": "lt-",
  "alicloud:ess/scalingConfiguration:ScalingConfiguration": "asc-",
  "alicloud:ess/eciScalingConfiguration:EciScalingConfiguration": "asc-",
  "alicloud:ess/scalingGroup:ScalingGroup": "asg-",
  "alicloud:ecs/eipAddress:EipAddress": "eip-",
  "alicloud:ecs/eip:Eip": "eip-",
  "alicloud:vpc/natGateway:NatGateway": "ngw-",
  "alicloud:ecs/keyPair:KeyPair": "kp-",
  "alicloud:ecs/ecsKeyPair:EcsKeyPair": "kp-",
};

/** Inputs whose absence is meaningful and must not be filled (a group without a VPC is classic). */
const NEVER_FILLED = new Set(["id", "urn", "vpcId", "securityGroupType", "innerAccessPolicy", "innerAccess", "nicType", "policy", "priority", "description", "tags"]);

/** A `file:line:column` inside `dir` (not in node_modules) from a stack trace, relative to `dir`. */
export function programPosition(stack: string | undefined, dir: string): string | undefined {
  if (!stack) return undefined;
  for (const line of stack.split("\n").slice(1)) {
    const m = /^at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/.exec(line.trim());
    if (!m) continue;
    const file = m[1].replace(/^file:\/\//, "");
    if (!path.isAbsolute(file) || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    const rel = path.relative(dir, file);
    if (rel.startsWith("..") || path.isAbsolute(rel)) continue;
    return `${rel.split(path.sep).join("/")}:${m[2]}:${m[3]}`;
  }
  return undefined;
}

function errorText(e: unknown): string {
  if (typeof e === "object" && e !== null && typeof (e as Error).message === "string") {
    const err = e as Error;
    const name = err.name && err.name !== "Error" ? `${err.name}: ` : "";
    return `${name}${err.message.replace(/^alicloud-secgroups: /, "")}`;
  }
  return String(e);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}



/** The copies of @pulumi/pulumi the program may use: this package's, and the program's own if it has one. */
function pulumiCopies(dirs: readonly string[]): { resource: Record<string, unknown>; debuggable: Record<string, unknown>; Output: { prototype: Record<string, unknown> } }[] {
  const out = [{ resource: require("@pulumi/pulumi/runtime/resource") as Record<string, unknown>, debuggable: require("@pulumi/pulumi/runtime/debuggable") as Record<string, unknown>, Output: pulumi.Output as unknown as { prototype: Record<string, unknown> } }];
  const ours = require.resolve("@pulumi/pulumi/runtime/resource");
  for (const dir of dirs) {
    try {
      const theirs = require.resolve("@pulumi/pulumi/runtime/resource", { paths: [dir] });
      if (theirs === ours) continue;
      const root = path.dirname(path.dirname(theirs));
      out.push({ resource: require(theirs), debuggable: require(path.join(root, "runtime", "debuggable")), Output: require(path.join(root, "output")).Output });
    } catch {
      // the program has no copy of its own
    }
  }
  return out;
}

let running = false;

/** A promise that never settles (a failed value everything downstream waits on, forever). */
function never(): Promise<never> {
  return new Promise<never>(() => undefined);
}

interface Tracked {
  type: string;
  name: string;
  trace?: Error;
}

/** Where in `value` (deep) a string contains one of `needles`. */
function containsAny(value: unknown, needles: readonly string[], seen = new Set<unknown>()): string | undefined {
  if (typeof value === "string") return needles.find((n) => value.includes(n));
  if (typeof value !== "object" || value === null || seen.has(value)) return undefined;
  seen.add(value);
  for (const v of Array.isArray(value) ? value : Object.values(value)) {
    const hit = containsAny(v, needles, seen);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

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

async function runCapture(program: () => unknown, options: CaptureOptions): Promise<StackCapture> {
  const project = options.project ?? "alicloud-secgroups";
  const stack = options.stack ?? "dev";
  const programDir = options.programDir ?? process.cwd();
  const searchDirs = [programDir, __dirname];
  const timeoutMs = options.timeoutMs ?? 10000;
  const resources: CapturedResource[] = [];
  const calls: string[] = [];
  const refused: string[] = [];
  const assumedOutputs = new Map<string, Assumption>();
  const dataAnswers: Assumption[] = [];
  const randomValues: Assumption[] = [];
  const usedIds = new Set<string>();
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.config ?? {})) config[k.includes(":") ? k : `${project}:${k}`] = v;
  pulumi.runtime.setAllConfig(config);
  clearCodeAcknowledgements();
  const region = config["alicloud:region"];

  // What the run is doing: declared resources not yet registered, calls in flight, failures.
  const declared = new Map<object, Tracked>();
  const registeredKeys = new Set<string>();
  const readKeys = new Set<string>();
  let progress = 0;
  const failures: { code: CaptureFailureCode; message: string; thrown?: unknown; at?: string }[] = [];
  const seenErrors = new WeakSet<object>();
  const fail = (code: CaptureFailureCode, message: string, thrown?: unknown, at?: string) => {
    if (typeof thrown === "object" && thrown !== null) {
      if (seenErrors.has(thrown)) return;
      seenErrors.add(thrown);
    }
    failures.push({ code, message, thrown, at });
  };
  const taintedStrings = new Set<string>();
  const publicAddresses = new Map<CapturedResource, Record<string, string>>();
  const readByApply = new Set<string>();

  const registrations = new Map<string, { parent?: string; deleteBeforeReplace: boolean; aliases: string[] }>();
  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
        progress++;
        registeredKeys.add(`${args.type}::${args.name}`);
        const prefix = ID_PREFIX[args.type] ?? "";
        // A resource read or imported by id (`SecurityGroup.get("web", "sg-123")`) keeps that id.
        let id = typeof args.id === "string" && args.id !== "" ? args.id : prefix ? `${prefix}${idSlug(args.name)}` : `${args.name}-id`;
        for (let n = 2; usedIds.has(id); n++) id = `${prefix ? prefix + idSlug(args.name) : args.name}-${n}`;
        usedIds.add(id);
        const inputs: Record<string, unknown> = { ...args.inputs };
        if (args.type === "alicloud:ecs/instance:Instance" && !inputs.privateIp) inputs.privateIp = privateAddressFor(args.name);
        if (args.type === "alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface" && !inputs.primaryIpAddress) inputs.primaryIpAddress = privateAddressFor(args.name);
        if (args.type === "alicloud:vpc/networkInterface:NetworkInterface" && !inputs.privateIp) inputs.privateIp = privateAddressFor(args.name);
        const state: Record<string, unknown> = { ...inputs };
        const random = randomOutputs(args.type, args.name, inputs);
        if (random) {
          for (const [k, v] of Object.entries(random)) {
            state[k] = v;
            if (typeof v === "string" || typeof v === "number") taintedStrings.add(String(v));
          }
          randomValues.push({ kind: "random", subject: args.type, resource: args.name, from: "placeholder", value: random });
        }
        // Answered outputs of any type (a StackReference's `outputs`, say), declared or not.
        for (const [k, v] of Object.entries(options.answers?.outputs ?? {})) {
          if (!k.startsWith(`${args.type}.`)) continue;
          const prop = k.slice(args.type.length + 1);
          if (state[prop] !== undefined && prop !== "outputs") continue;
          state[prop] = v;
          collectStrings(v, taintedStrings);
          dataAnswers.push({ kind: "output", subject: k, resource: args.name, from: "answers", value: v });
        }
        if (args.custom !== false && (options.placeholders || options.answers?.outputs)) {
          const key = `${args.type}::${args.name}`;
          for (const [prop, kind] of resourceSchema(args.type, searchDirs) ?? []) {
            if (state[prop] !== undefined || NEVER_FILLED.has(prop)) continue;
            const answered = outputAnswer(options.answers, args.type, prop);
            let value: unknown;
            if (answered) value = answered.value;
            else if (!options.placeholders) continue;
            else if (args.type === "alicloud:ecs/instance:Instance" && prop === "publicIp") value = Number(inputs.internetMaxBandwidthOut) > 0 ? publicAddressFor(key) : "";
            else value = placeholderFor(kind, prop, key, args.name);
            if (value === undefined) continue;
            state[prop] = value;
            if (typeof value === "string" && value.length >= 6 && value !== args.name) assumedOutputs.set(value, { kind: "output", subject: `${args.type}.${prop}`, resource: args.name, from: answered ? "answers" : "placeholder", value });
          }
        }
        const opts = registrations.get(`${args.type}::${args.name}`);
        const resource: CapturedResource = { type: args.type, name: args.name, id, inputs, custom: args.custom !== false };
        if (opts?.parent) resource.parent = opts.parent;
        if (opts?.deleteBeforeReplace) resource.deleteBeforeReplace = true;
        if (opts && opts.aliases.length > 0) resource.aliases = [...new Set(opts.aliases)];
        if (readKeys.has(`${args.type}::${args.name}`)) resource.read = true;
        // Public addresses the model reads although the program did not set them: an EIP's, an instance's.
        if (typeof state.ipAddress === "string" && /[eE]ip/.test(args.type)) publicAddresses.set(resource, { ipAddress: state.ipAddress });
        if (typeof state.publicIp === "string" && state.publicIp !== "" && inputs.publicIp === undefined) publicAddresses.set(resource, { publicIp: state.publicIp });
        resources.push(resource);
        options.onResource?.(resource);
        return { id, state };
      },
      call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> | Promise<Record<string, unknown>> {
        progress++;
        calls.push(args.token);
        const inputs = args.inputs as Record<string, unknown>;
        const given = options.onCall?.(args.token, inputs);
        if (given !== undefined) return given;
        const answered = dataSourceAnswer(options.answers, args.token, inputs);
        if (answered !== undefined) {
          dataAnswers.push({ kind: "data-source", subject: args.token, from: "answers", value: answered });
          return answered;
        }
        const std = stdFunctionName(args.token);
        if (std !== undefined && !isEvaluatedStdFunction(std)) {
          // A std function this plan does not evaluate: an empty result, listed as assumed.
          const result = emptyResult(invokeSchema(args.token, searchDirs));
          dataAnswers.push({ kind: "data-source", subject: args.token, from: "empty", value: result });
          return result;
        }
        if (std !== undefined) {
          try {
            const result = evaluateStdFunction(std, inputs, programDir);
            // A result computed from an assumed value is assumed too.
            const hit = containsAny(inputs, [...taintedStrings, ...assumedOutputs.keys()]);
            if (hit !== undefined && typeof result.result === "string") taintedStrings.add(result.result);
            if (hit !== undefined && Array.isArray(result.result)) for (const r of result.result) if (typeof r === "string") taintedStrings.add(r);
            return result;
          } catch (e) {
            const reason = e instanceof StdFunctionError ? e.message : errorText(e);
            fail("data-source-failed", `data source ${args.token} (std.${std}) failed: ${reason}`);
            refused.push(args.token);
            // Never settles: what waits on it stays pending and is listed, with no stray rejections.
            return never();
          }
        }
        if (!options.placeholders) {
          refused.push(args.token);
          fail("data-source-failed", refusedMessage([args.token]));
          return never();
        }
        const placeholder = placeholderResult(args.token, inputs, { region });
        const result = placeholder ?? emptyResult(invokeSchema(args.token, searchDirs));
        dataAnswers.push({ kind: "data-source", subject: args.token, from: placeholder ? "placeholder" : "empty", value: result });
        collectStrings(result, taintedStrings);
        return result;
      },
    },
    project,
    stack,
    options.preview ?? false,
  );

  // Wrap the mock monitor to see what the mocks are not told: each registration's parent and options.
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource?: (req: RegisterRequest, cb: unknown) => unknown } | undefined;
  const originalRegister = monitor?.registerResource;
  if (monitor && typeof originalRegister === "function") {
    monitor.registerResource = (req: RegisterRequest, cb: unknown) => {
      // Aliases by name arrive as alias specs (or, from older SDKs, as URNs ending in the name).
      type Alias = { getSpec?: () => { getName?: () => string } | undefined; getUrn?: () => string };
      const specs = (req as unknown as { getAliasesList?: () => Alias[] }).getAliasesList?.() ?? [];
      const urns = (req as unknown as { getAliasurnsList?: () => string[] }).getAliasurnsList?.() ?? [];
      const named = (u: string) => u.slice(u.lastIndexOf("::") + 2);
      const aliases = [...specs.map((a) => a.getSpec?.()?.getName?.() || named(a.getUrn?.() ?? "")), ...urns.map(named)].filter((n) => n !== "");
      registrations.set(`${req.getType()}::${req.getName()}`, { parent: req.getParent() || undefined, deleteBeforeReplace: req.getDeletebeforereplace(), aliases });
      return originalRegister.call(monitor, req, cb);
    };
  }

  // Watch declarations (to list what is left waiting) and apply callbacks (to name where one threw).
  const copies = pulumiCopies([programDir]);
  const restore: (() => void)[] = [];
  for (const copy of copies) {
    for (const fn of ["registerResource", "readResource"] as const) {
      const original = copy.resource[fn] as (...a: unknown[]) => unknown;
      if (typeof original !== "function") continue;
      copy.resource[fn] = function (this: unknown, res: object, _parent: unknown, t: string, name: string, ...rest: unknown[]) {
        progress++;
        if (fn === "readResource") readKeys.add(`${t}::${name}`);
        // The trace is formatted (and source-mapped) only if the resource is ever listed as pending.
        declared.set(res, { type: t, name, trace: new Error() });
        return original.call(this, res, _parent, t, name, ...rest);
      };
      restore.push(() => (copy.resource[fn] = original));
    }
    // A registration that fails (its inputs rejected) ends in a promise nobody awaits: handle it here, naming the resource.
    const originalDebuggable = copy.debuggable.debuggablePromise as (p: Promise<unknown>, ctx: unknown) => Promise<unknown>;
    if (typeof originalDebuggable === "function") {
      copy.debuggable.debuggablePromise = (p: Promise<unknown>, ctx: unknown) => {
        const result = originalDebuggable(p, ctx);
        const label = typeof ctx === "string" ? /^resource:(.*)\[(.*)\]$/.exec(ctx) : null;
        if (label && result && typeof result.catch === "function") {
          result.catch((e: unknown) => fail("uncaught-error", `resource ${label[1]} (${label[2]}) could not be registered: ${errorText(e)}`, e, programPosition((e as Error)?.stack, programDir)));
        }
        return result;
      };
      restore.push(() => (copy.debuggable.debuggablePromise = originalDebuggable));
    }
    const proto = copy.Output.prototype;
    const originalApply = proto.apply as (func: (v: unknown) => unknown, ...rest: unknown[]) => unknown;
    proto.apply = function (this: unknown, func: (v: unknown) => unknown, ...rest: unknown[]) {
      const wrapped = (v: unknown) => {
        progress++;
        if (assumedOutputs.size > 0) {
          const hit = containsAny(v, [...assumedOutputs.keys()]);
          if (hit !== undefined) readByApply.add(hit);
        }
        // The failure is recorded and the output never settles: what waits on it stays pending and
        // is listed, and no rejection escapes unhandled.
        const onError = (e: unknown): Promise<never> => {
          fail("apply-failed", `an apply callback threw ${errorText(e)}`, e, programPosition((e as Error)?.stack, programDir));
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
  const onRejection = (reason: unknown) => {
    if (!failures.some((f) => f.thrown === reason)) fail("uncaught-error", `an unhandled promise rejection: ${errorText(reason)}`, reason, programPosition((reason as Error)?.stack, programDir));
  };
  const onException = (error: unknown) => fail("uncaught-error", `an error thrown outside the program's main flow (a timer or callback): ${errorText(error)}`, error, programPosition((error as Error)?.stack, programDir));
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);

  const pendingList = (): PendingResource[] =>
    [...declared.values()]
      .filter((d) => !registeredKeys.has(`${d.type}::${d.name}`))
      .map((d) => {
        const p: PendingResource = { type: d.type, name: d.name };
        const at = programPosition(d.trace?.stack, programDir);
        if (at !== undefined) p.at = at.replace(/:\d+$/, "");
        return p;
      })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  const pendingCount = () => [...declared.values()].filter((d) => !registeredKeys.has(`${d.type}::${d.name}`)).length;

  const started = Date.now();
  type ProgramState = { done: false } | { done: true; ok: true; value: unknown } | { done: true; ok: false; error: unknown };
  let programState = { done: false } as ProgramState;
  try {
    try {
      Promise.resolve()
        .then(() => program())
        .then(
          (value) => (programState = { done: true, ok: true, value }),
          (error) => (programState = { done: true, ok: false, error }),
        );
      // Wait until the program has settled and everything it declared is registered; stop early
      // once a failure leaves the rest stuck, and at the latest after timeoutMs.
      let last = -1;
      let lastChange = Date.now();
      let idle = 0;
      for (;;) {
        await sleep(idle > 0 ? 1 : 2);
        const now = Date.now();
        if (progress !== last) {
          last = progress;
          lastChange = now;
        }
        const quiet = pendingCount() === 0;
        if (programState.done && quiet) {
          if (++idle >= 4) break;
          continue;
        }
        idle = 0;
        // A failure, or a program that threw, leaves the rest stuck: stop once nothing moves.
        if ((failures.length > 0 || (programState.done && !programState.ok)) && now - lastChange > 150) break;
        if (now - started > timeoutMs) break;
      }
    } finally {
      for (const r of restore) r();
    }

    const pending = pendingList();
    const state = programState as ProgramState;
    const dataFailure = failures.find((f) => f.code === "data-source-failed");
    if (refused.length > 0 && !options.placeholders && !dataFailure?.message.includes("failed:")) {
      throw attachRegistered(new CaptureError("data-source-failed", withWaiting(refusedMessage(refused), pending), pending), resources);
    }
    if (dataFailure) throw attachRegistered(new CaptureError("data-source-failed", withWaiting(dataFailure.message, pending), pending, dataFailure.thrown), resources);
    if (state.done && !state.ok) {
      // The program's own error, as it threw it (callers read its code and message).
      throw attachRegistered(state.error, resources);
    }
    const first = failures[0];
    if (first) {
      const where = first.at ? ` at ${first.at}` : "";
      throw attachRegistered(new CaptureError(first.code, withWaiting(`${first.message}${where}`, pending), pending, first.thrown, first.at), resources);
    }
    if (!state.done || pending.length > 0) {
      const what = !state.done ? "the program did not finish" : "the program did not finish registering its resources";
      const list = pending.length > 0 ? `; still pending: ${pendingText(pending)}` : "; it is still waiting on something that never completes (a promise that never resolves, or resources that wait on each other)";
      throw attachRegistered(new CaptureError("timeout", `${what} within ${Math.round(timeoutMs / 100) / 10} s${list}.`, pending), resources);
    }

    // Exports wait for what is registered; one that still has not resolved after that is unknown.
    const remaining = Math.min(2000, Math.max(200, timeoutMs - (Date.now() - started)));
    const outputs = ((await resolveExports(state.value, remaining)) ?? {}) as Record<string, unknown>;

    // Registration order depends on when inputs resolve: sort so the capture is deterministic.
    resources.sort((a, b) => (a.type === b.type ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.type < b.type ? -1 : 1));
    const urnOf = (type: string, name: string) => `urn:pulumi:${stack}::${project}::${type}::${name}`;
    // A group the program only reads exists already: its settings are not the program's, so it is read as outside the program.
    const snapshots: ResourceSnapshot[] = resources.filter((r) => !(r.read && r.type === "alicloud:ecs/securityGroup:SecurityGroup")).map((r) => {
      const props: Record<string, unknown> = { ...r.inputs, id: r.id };
      Object.assign(props, publicAddresses.get(r) ?? {});
      // The instances a template or scaling configuration launches get a private address on the mocks.
      if (/LaunchTemplate|ScalingConfiguration/.test(r.type) && props.privateIp === undefined && props.privateIpAddress === undefined) props.privateIp = privateAddressFor(r.name);
      return { type: r.type, name: r.name, urn: urnOf(r.type, r.name), props };
    });
    const read = readStack(snapshots, { absentIsUnknown: false });
    const origins: RuleOrigins = new Map([...read.ruleUrns].map(([group, urns]) => [group, urns.map((u) => u.split("::").pop())]));

    // What was assumed and used: an output placeholder is listed when some resource input, an export or a std call holds it.
    const needles = [...assumedOutputs.keys()];
    const usedOutputs = new Set<string>();
    const assumedResources = new Set<string>();
    const tainted = [...taintedStrings, ...needles].filter((s) => s.length >= 6);
    for (const r of resources) {
      const hit = containsAny(r.inputs, needles);
      if (hit !== undefined) usedOutputs.add(hit);
      if (containsAny(r.inputs, tainted) !== undefined) assumedResources.add(r.name);
    }
    const exportHit = containsAny(outputs, needles);
    if (exportHit !== undefined) usedOutputs.add(exportHit);
    for (const v of readByApply) usedOutputs.add(v);
    const assumed: Assumption[] = [
      ...dedupeAssumptions(dataAnswers),
      ...[...usedOutputs].map((v) => assumedOutputs.get(v) as Assumption).sort((a, b) => compare(`${a.resource}.${a.subject}`, `${b.resource}.${b.subject}`)),
      ...randomValues.sort((a, b) => compare(a.resource ?? "", b.resource ?? "")),
    ];
    clearLeakCandidates();
    const exemptions = acknowledgedInCode(resources);
    const intents = await captureIntents(read.network, read.skipped, resources.filter((r) => r.type === RESOURCE_TYPES.securityGroup));
    CONTEXTS.set(read.network, { origins, exemptions, intents });
    return { network: read.network, origins, resources, outputs: typeof outputs === "object" && outputs !== null ? outputs : { value: outputs }, calls, assumed, assumedResources: [...assumedResources].sort(compare), exemptions, intents };
  } finally {
    process.off("unhandledRejection", onRejection);
    process.off("uncaughtException", onException);
    if (monitor && originalRegister) monitor.registerResource = originalRegister;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function collectStrings(value: unknown, into: Set<string>): void {
  if (typeof value === "string") {
    if (value.length >= 6) into.add(value);
  } else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, into));
  else if (typeof value === "object" && value !== null) Object.values(value).forEach((v) => collectStrings(v, into));
}

/** One entry per data source and answer, sorted by token. */
function dedupeAssumptions(list: readonly Assumption[]): Assumption[] {
  const seen = new Map<string, Assumption>();
  for (const a of list) seen.set(`${a.subject}\0${JSON.stringify(a.value)}`, a);
  return [...seen.values()].sort((a, b) => compare(a.subject, b.subject) || compare(JSON.stringify(a.value), JSON.stringify(b.value)));
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

function pendingText(pending: readonly PendingResource[]): string {
  const shown = pending.slice(0, 12).map((p) => `${p.name} (${p.type}${p.at ? `, ${p.at}` : ""})`);
  return shown.join(", ") + (pending.length > shown.length ? `, and ${pending.length - shown.length} more` : "");
}

function withWaiting(message: string, pending: readonly PendingResource[]): string {
  const base = message.replace(/\.$/, "");
  if (pending.length === 0) return `${base}.`;
  return `${base}. Left waiting on it: ${pendingText(pending)}.`;
}

function refusedMessage(tokens: string[]): string {
  const list = [...new Set(tokens)].join(", ");
  return `alicloud-secgroups: the program called data source ${list}, which a plan on mocks cannot answer. Pass the value in as configuration, or answer it with the onCall option.`;
}

/** The program's exports, resolved: cycles become `[Circular]`, values that never resolve `<unknown>`. */
async function resolveExports(value: unknown, budgetMs: number): Promise<unknown> {
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
