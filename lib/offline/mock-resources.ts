/**
 * Registering a resource on the mocks: the id it gets (a real one from an import file, the one
 * it is read with, or one made from its name), the outputs only the cloud knows (placeholders,
 * answers, random values), and the {@link CapturedResource} the capture keeps.
 */
import * as pulumi from "@pulumi/pulumi";
import { outputAnswer } from "./answers";
import { CapturedResource } from "./capture-types";
import { idSlug, placeholderFor, privateAddressFor, publicAddressFor, stringPlaceholder } from "./placeholders";
import { randomOutputs } from "./random-resources";
import type { CaptureRun } from "./run-state";
import { resourceSchema } from "./schema";
import { collectStrings } from "./value-search";

/** The prefix of the ids the mocks make up, by type (`sg-web`); other types get `<name>-id`. */
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

/** The real id of a resource, when the import file names it (by parent too, when two entries share a type and name). */
function knownId(run: CaptureRun, type: string, name: string): string | undefined {
  const entries = run.knownIds.get(`${type}::${name}`);
  if (!entries || entries.length === 0) return undefined;
  if (entries.length === 1) return entries[0].id;
  const parentUrn = run.registrations.get(`${type}::${name}`)?.parent;
  const parent = parentUrn ? parentUrn.slice(parentUrn.lastIndexOf("::") + 2) : undefined;
  return (entries.find((e) => e.parent === parent) ?? entries.find((e) => e.parent === undefined))?.id;
}

/**
 * The id a resource gets: the one it is read with (`SecurityGroup.get("web", "sg-123")`), else
 * its real id from the import file, else one made up from its name (`sg-web`), unique in the run.
 */
function idFor(run: CaptureRun, args: pulumi.runtime.MockResourceArgs): string {
  const given = typeof args.id === "string" && args.id !== "" ? args.id : undefined;
  const real = given === undefined ? knownId(run, args.type, args.name) : undefined;
  if (real !== undefined) {
    run.usedIds.add(real);
    return real;
  }
  const prefix = ID_PREFIX[args.type] ?? "";
  let id = given ?? (prefix ? `${prefix}${idSlug(args.name)}` : `${args.name}-id`);
  for (let n = 2; run.usedIds.has(id); n++) id = `${prefix ? prefix + idSlug(args.name) : args.name}-${n}`;
  run.usedIds.add(id);
  return id;
}

/**
 * The mocks' `newResource`: gives the resource its id and the outputs only the cloud knows,
 * records it, and returns what the program reads back.
 */
export function registerOnMocks(run: CaptureRun, args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
  const { options } = run;
  const key = `${args.type}::${args.name}`;
  run.progress++;
  run.register(key);
  const id = idFor(run, args);
  const inputs: Record<string, unknown> = { ...args.inputs };
  if (args.type === "alicloud:ecs/instance:Instance" && !inputs.privateIp) inputs.privateIp = privateAddressFor(args.name);
  if (args.type === "alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface" && !inputs.primaryIpAddress) inputs.primaryIpAddress = privateAddressFor(args.name);
  if (args.type === "alicloud:vpc/networkInterface:NetworkInterface" && !inputs.privateIp) inputs.privateIp = privateAddressFor(args.name);
  const state: Record<string, unknown> = { ...inputs };
  const random = randomOutputs(args.type, args.name, inputs);
  if (random) {
    for (const [k, v] of Object.entries(random)) {
      state[k] = v;
      if (typeof v === "string" || typeof v === "number") run.taintedStrings.add(String(v));
    }
    run.randomValues.push({ kind: "random", subject: args.type, resource: args.name, from: "placeholder", value: random });
  }
  // Answered outputs of any type (a StackReference's `outputs`, say), declared or not.
  for (const [k, v] of Object.entries(options.answers?.outputs ?? {})) {
    if (!k.startsWith(`${args.type}.`)) continue;
    const prop = k.slice(args.type.length + 1);
    if (state[prop] !== undefined && prop !== "outputs") continue;
    state[prop] = v;
    collectStrings(v, run.taintedStrings);
    run.dataAnswers.push({ kind: "output", subject: k, resource: args.name, from: "answers", value: v });
  }
  const opaque = run.opaque.get(key);
  if (opaque) fillOpaqueOutputs(run, opaque, key, args.name, state);
  else if (args.custom !== false && (options.placeholders || options.answers?.outputs)) fillComputedOutputs(run, args, key, inputs, state);
  const opts = run.registrations.get(key);
  const resource: CapturedResource = { type: args.type, name: args.name, id, inputs, custom: args.custom !== false };
  if (opts?.parent) resource.parent = opts.parent;
  if (opts?.deleteBeforeReplace) resource.deleteBeforeReplace = true;
  if (opts && opts.aliases.length > 0) resource.aliases = [...new Set(opts.aliases)];
  if (run.readKeys.has(key)) resource.read = true;
  const location = run.locations.get(key);
  if (location) resource.location = location;
  if (opaque) resource.opaque = true;
  // Public addresses the model reads although the program did not set them: an EIP's, an instance's.
  if (typeof state.ipAddress === "string" && /[eE]ip/.test(args.type)) run.publicAddresses.set(resource, { ipAddress: state.ipAddress });
  if (typeof state.publicIp === "string" && state.publicIp !== "" && inputs.publicIp === undefined) run.publicAddresses.set(resource, { publicIp: state.publicIp });
  run.resources.push(resource);
  options.onResource?.(resource);
  return { id, state };
}

/** Outputs the provider declares and the program did not set: the answers file's, else typed placeholders. */
function fillComputedOutputs(run: CaptureRun, args: pulumi.runtime.MockResourceArgs, key: string, inputs: Record<string, unknown>, state: Record<string, unknown>): void {
  const { options } = run;
  for (const [prop, kind] of resourceSchema(args.type, run.searchDirs) ?? []) {
    if (state[prop] !== undefined || NEVER_FILLED.has(prop)) continue;
    const answered = outputAnswer(options.answers, args.type, prop);
    let value: unknown;
    if (answered) value = answered.value;
    else if (!options.placeholders) continue;
    else if (args.type === "alicloud:ecs/instance:Instance" && prop === "publicIp") value = Number(inputs.internetMaxBandwidthOut) > 0 ? publicAddressFor(key) : "";
    else value = placeholderFor(kind, prop, key, args.name);
    if (value === undefined) continue;
    state[prop] = value;
    if (typeof value === "string" && value.length >= 6 && value !== args.name) run.assumeOutput(value, { kind: "output", subject: `${args.type}.${prop}`, resource: args.name, from: answered ? "answers" : "placeholder", value });
  }
}

/**
 * The outputs an opaque resource declared (see lib/offline/opaque-resources.ts): each reads a
 * placeholder by its name, as a string; what the program builds from one depends on the resource.
 */
function fillOpaqueOutputs(run: CaptureRun, opaque: { declared: string[]; outputs: Record<string, string> }, key: string, name: string, state: Record<string, unknown>): void {
  for (const prop of opaque.declared) {
    if (state[prop] !== undefined) continue;
    // Names written by hand (`appCidr`, `intranetIP`) say their shape in any case.
    const shape = prop.replace(/Cidr/g, "cidr").replace(/IP$/, "Ip");
    const value = stringPlaceholder(shape, key, name);
    state[prop] = value;
    opaque.outputs[prop] = value;
    if (value.length >= 6 && value !== name) {
      run.opaqueValues.set(value, name);
      run.taintedStrings.add(value);
    }
  }
}
