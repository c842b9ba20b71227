/**
 * Runs a Pulumi program on the runtime's mocks and captures what it would create: every
 * resource with its inputs, and the security-group {@link NetworkModel} (groups, rules,
 * instances, network interfaces, prefix lists) from any code, not only this library's.
 * No cloud, no CLI, no provider plugin.
 */
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { NetworkModel } from "../model/network";
import { RESOURCE_TYPES } from "../model/resource-props";
import { readStack } from "../model/stack-resources";
import { Exemption, FindingExemption } from "../model/exemptions";
import { clearCodeAcknowledgements, codeAcknowledgements, urnParts } from "../components/acknowledge";

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
}

/** Everything a program would create, as seen on mocks. */
export interface StackCapture {
  /** The security-group model of the program. */
  network: NetworkModel;
  /** Each rule's resource name, by group id and rule index. */
  origins: RuleOrigins;
  /** Every resource, in registration order. */
  resources: CapturedResource[];
  /** The program's exports (or return value), resolved. */
  outputs: Record<string, unknown>;
  /** Tokens of the data-source functions the program invoked. */
  calls: string[];
  /** Findings the program acknowledged in code (`acknowledge(resource, check, reason)`), as exemptions. */
  exemptions: FindingExemption[];
}

/** What a capture knows about the network it returned, for the matchers. */
export interface CaptureContext {
  /** Each rule's resource name. */
  origins: RuleOrigins;
  /** The program's code acknowledgements. */
  exemptions: readonly Exemption[];
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
   * Answers the program's data-source calls (`get…` functions). Return the outputs, or
   * `undefined` to refuse the call. @default every call is refused with an error
   */
  onCall?: (token: string, inputs: Record<string, unknown>) => Record<string, unknown> | undefined;
  /** Called with each resource as it is registered. @default none */
  onResource?: (resource: CapturedResource) => void;
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

/** Wraps the mock monitor to see what the mocks are not told: each registration's parent and options. */
function watchRegistrations(): Map<string, { parent?: string; deleteBeforeReplace: boolean }> {
  const seen = new Map<string, { parent?: string; deleteBeforeReplace: boolean }>();
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource?: (req: RegisterRequest, cb: unknown) => unknown } | undefined;
  const original = monitor?.registerResource;
  if (monitor && typeof original === "function") {
    monitor.registerResource = (req: RegisterRequest, cb: unknown) => {
      seen.set(`${req.getType()}::${req.getName()}`, { parent: req.getParent() || undefined, deleteBeforeReplace: req.getDeletebeforereplace() });
      return original.call(monitor, req, cb);
    };
  }
  return seen;
}

const ID_PREFIX: Record<string, string> = {
  [RESOURCE_TYPES.securityGroup]: "sg-",
  [RESOURCE_TYPES.securityGroupRule]: "sgr-",
  [RESOURCE_TYPES.instance]: "i-",
  [RESOURCE_TYPES.ecsNetworkInterface]: "eni-",
  [RESOURCE_TYPES.ecsPrefixList]: "pl-",
  [RESOURCE_TYPES.vpcPrefixList]: "pl-",
  "alicloud:vpc/network:Network": "vpc-",
  "alicloud:vpc/switch:Switch": "vsw-",
};

function slug(name: string): string {
  const s = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return s === "" ? "x" : s.slice(0, 100);
}

/** A stable private address for an instance the program gave none: 10.x.y.z from its name. */
function addressFor(name: string): string {
  const h = createHash("sha256").update(name).digest();
  return `10.${h[0]}.${h[1]}.${(h[2] % 253) + 1}`;
}

async function resolveDeep(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    return new Promise((resolve) => (value as pulumi.Output<unknown>).apply((v) => resolve(resolveDeep(v))));
  }
  if (value instanceof Promise) return resolveDeep(await value);
  if (pulumi.Resource.isInstance(value)) return `<${(value as { constructor: { name: string } }).constructor.name}>`;
  if (Array.isArray(value)) return Promise.all(value.map(resolveDeep));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await resolveDeep(v);
    return out;
  }
  return value;
}

function refusedMessage(tokens: string[]): string {
  const list = [...new Set(tokens)].join(", ");
  return `alicloud-secgroups: the program called data source ${list}, which a plan on mocks cannot answer. Pass the value in as configuration, or answer it with the onCall option.`;
}

async function settle(): Promise<void> {
  const wait = (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
  if (typeof wait === "function") await wait();
  // Let apply callbacks that register more resources run, then drain again.
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setImmediate(r));
    if (typeof wait === "function") await wait();
  }
}

/**
 * Runs `program` (a function that creates resources, possibly async, possibly returning
 * exports) on `pulumi.runtime.setMocks` and returns every resource and the network model.
 * Rejects with the program's own error if it throws; {@link registeredBeforeError} then reads
 * what it had registered.
 *
 * @example const { network } = await captureStack(() => new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1" }));
 */
export async function captureStack(program: () => unknown, options: CaptureOptions = {}): Promise<StackCapture> {
  const project = options.project ?? "alicloud-secgroups";
  const stack = options.stack ?? "dev";
  const resources: CapturedResource[] = [];
  const calls: string[] = [];
  const refused: string[] = [];
  const usedIds = new Set<string>();
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.config ?? {})) config[k.includes(":") ? k : `${project}:${k}`] = v;
  pulumi.runtime.setAllConfig(config);
  clearCodeAcknowledgements();

  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
        const prefix = ID_PREFIX[args.type] ?? "";
        let id = prefix ? `${prefix}${slug(args.name)}` : `${args.name}-id`;
        for (let n = 2; usedIds.has(id); n++) id = `${prefix ? prefix + slug(args.name) : args.name}-${n}`;
        usedIds.add(id);
        const state: Record<string, unknown> = { ...args.inputs };
        if (args.type === RESOURCE_TYPES.instance && !state.privateIp) state.privateIp = addressFor(args.name);
        if (args.type === RESOURCE_TYPES.ecsNetworkInterface && !state.primaryIpAddress) state.primaryIpAddress = addressFor(args.name);
        const opts = registrations.get(`${args.type}::${args.name}`);
        const resource: CapturedResource = { type: args.type, name: args.name, id, inputs: state, custom: args.custom !== false };
        if (opts?.parent) resource.parent = opts.parent;
        if (opts?.deleteBeforeReplace) resource.deleteBeforeReplace = true;
        resources.push(resource);
        options.onResource?.(resource);
        return { id, state };
      },
      call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        calls.push(args.token);
        const answer = options.onCall?.(args.token, args.inputs);
        if (answer === undefined) {
          refused.push(args.token);
          throw new Error(refusedMessage([args.token]));
        }
        return answer;
      },
    },
    project,
    stack,
    options.preview ?? false,
  );
  const registrations = watchRegistrations();

  let returned: unknown;
  try {
    returned = await program();
    await settle();
  } catch (e) {
    await settle().catch(() => undefined);
    // Pulumi drops a mock's error message on the way back; name the refused call instead.
    if (refused.length > 0) throw attachRegistered(new Error(refusedMessage(refused)), resources);
    throw attachRegistered(e, resources);
  }
  if (refused.length > 0) throw new Error(refusedMessage(refused));
  const outputs = ((await resolveDeep(returned)) ?? {}) as Record<string, unknown>;
  await settle();

  // Registration order depends on when inputs resolve: sort so the capture is deterministic.
  resources.sort((a, b) => (a.type === b.type ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.type < b.type ? -1 : 1));
  const urnOf = (type: string, name: string) => `urn:pulumi:${stack}::${project}::${type}::${name}`;
  const read = readStack(resources.map((r) => ({ type: r.type, name: r.name, urn: urnOf(r.type, r.name), props: { ...r.inputs, id: r.id } })), { absentIsUnknown: false });
  const network = read.network;
  const origins: RuleOrigins = new Map([...read.ruleUrns].map(([group, urns]) => [group, urns.map((u) => u.split("::").pop())]));
  const exemptions = acknowledgedInCode(resources);
  CONTEXTS.set(network, { origins, exemptions });
  return { network, origins, resources, outputs: typeof outputs === "object" ? outputs : { value: outputs }, calls, exemptions };
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
