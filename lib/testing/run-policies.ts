/**
 * Runs the policy pack over a captured program the way the Pulumi engine does: the policies
 * from `createPolicies(config)`, called through `@pulumi/policy`'s own request handlers
 * (`makeAnalyzeRpcFun` for each resource, `makeAnalyzeStackRpcFun` for the stack), with the
 * resources serialised as the engine sends them. So property deserialisation, unknown values
 * (reading one throws inside the pack's proxy) and secrets (unwrapped before a policy sees them)
 * behave as in `pulumi preview`.
 *
 * The handlers are internal to `@pulumi/policy`: the library pins the version it is tested with
 * and a smoke test keeps the two in step; another version is refused with a clear error.
 */
import * as path from "path";
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { createPolicies } from "../policy/create-policies";
import { SecGroupsGuardConfig } from "../policy/guard-config";

/** A value unknown at preview (an output of a resource not created yet), for engine-shaped inputs. */
export const UNKNOWN_AT_PREVIEW: unique symbol = Symbol("unknown at preview");

/** A secret value, as the engine sends one (the policies see the plain value). */
export class SecretValue<T = unknown> {
  constructor(readonly value: T) {}
}

/** Wraps a value as a secret for {@link runPolicies} inputs. */
export function secret<T>(value: T): SecretValue<T> {
  return new SecretValue(value);
}

/** One resource as the engine would send it to the pack. */
export interface PolicyResourceInput {
  /** Type token. */
  type: string;
  /** Logical name. */
  name: string;
  /** Its properties: plain values, {@link UNKNOWN_AT_PREVIEW}, or {@link secret} values. */
  inputs: Record<string, unknown>;
  /** The id, once known (a capture's mock id). @default unknown: not part of the properties */
  id?: string;
  /** URN of its parent. @default none */
  parent?: string;
  /** Property name → names of the resources (in the same input) it was computed from. @default none */
  propertyDependencies?: Record<string, readonly string[]>;
}

/** What {@link runPolicies} reads: a `StackCapture`, or any list of resources. */
export interface PolicyInput {
  /** The resources, in order. */
  resources: readonly PolicyResourceInput[];
}

/** Options of {@link runPolicies}. */
export interface RunPoliciesOptions {
  /** Stack name in URNs. @default "dev" */
  stack?: string;
  /** Project name in URNs. @default "app" */
  project?: string;
  /** The pack's name and version in diagnostics. @default "alicloud-secgroups", "0.0.0" */
  packName?: string;
  packVersion?: string;
}

/** One diagnostic the engine would receive. */
export interface PolicyDiagnostic {
  /** The policy that reported it. */
  policy: string;
  /** Its level: `mandatory` blocks the update. */
  enforcementLevel: EnforcementLevel;
  /** The description and the message, as the engine prints them. */
  message: string;
  /** The resource it is about (the validated resource for resource policies). */
  urn?: string;
  /** `resource` for a resource policy's diagnostic, `stack` for a stack policy's. */
  phase: "resource" | "stack";
}

/** What the engine would be told. */
export interface PolicyRun {
  /** Every diagnostic, resource policies first (in resource order), then stack policies. */
  diagnostics: PolicyDiagnostic[];
  /** The mandatory ones: what would fail `pulumi preview` / `up`. */
  mandatory: PolicyDiagnostic[];
}

/** The @pulumi/policy version the handlers are used with. */
export const PULUMI_POLICY_VERSION = "1.21.0";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];

interface Handlers {
  makeAnalyzeRpcFun(name: string, version: string, level: EnforcementLevel, policies: Policies): Rpc;
  makeAnalyzeStackRpcFun(name: string, version: string, level: EnforcementLevel, policies: Policies): Rpc;
}
type Rpc = (call: { request: unknown }, callback: (err: unknown, response: AnalyzeResponse) => void) => void;
interface AnalyzeResponse {
  getDiagnosticsList(): { getPolicyname(): string; getMessage(): string; getEnforcementlevel(): number; getUrn(): string }[];
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Proto = any;

function load(): { server: Handlers; analyzer: Proto; struct: Proto } {
  const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json"));
  const version = String((require(path.join(policyDir, "package.json")) as { version: string }).version).replace(/^v/, "");
  const server = require(path.join(policyDir, "server")) as Partial<Handlers>;
  if (version !== PULUMI_POLICY_VERSION || typeof server.makeAnalyzeRpcFun !== "function" || typeof server.makeAnalyzeStackRpcFun !== "function") {
    throw new Error(`alicloud-secgroups: testing.runPolicies uses @pulumi/policy's internal request handlers and is tested with version ${PULUMI_POLICY_VERSION}, but ${version} is installed. Install @pulumi/policy@${PULUMI_POLICY_VERSION} for the tests, or test the policies with createPolicies directly.`);
  }
  // The request classes of the @pulumi/pulumi that @pulumi/policy itself loads.
  const from = (id: string) => require(require.resolve(id, { paths: [policyDir] }));
  return { server: server as Handlers, analyzer: from("@pulumi/pulumi/proto/analyzer_pb"), struct: from("google-protobuf/google/protobuf/struct_pb") };
}

/** A property as the engine serialises it: unknowns as the sentinel, secrets in their envelope. */
function serialise(value: unknown): unknown {
  if (value === UNKNOWN_AT_PREVIEW) return UNKNOWN_VALUE;
  if (value instanceof SecretValue) return { [SIG]: SECRET_SIG, value: serialise(value.value) ?? null };
  if (Array.isArray(value)) return value.map((v) => serialise(v) ?? null);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const s = serialise(v);
      if (s !== undefined) out[k] = s;
    }
    return out;
  }
  return value;
}

function call(rpc: Rpc, request: unknown): Promise<AnalyzeResponse> {
  return new Promise((resolve, reject) => rpc({ request }, (err, response) => (err ? reject(err) : resolve(response))));
}

/**
 * Runs the pack (`createPolicies(config)`) over a program's resources through the engine's
 * request handlers and returns what the engine would be told.
 *
 * @example
 * const capture = await testing.captureStack(program);
 * const run = await testing.runPolicies(capture, { all: "mandatory" });
 * expect(run.mandatory).toEqual([]);
 */
export async function runPolicies(input: PolicyInput, config: SecGroupsGuardConfig = {}, options: RunPoliciesOptions = {}): Promise<PolicyRun> {
  const { server, analyzer, struct } = load();
  const policies = createPolicies(config);
  const packName = options.packName ?? "alicloud-secgroups";
  const packVersion = options.packVersion ?? "0.0.0";
  const urnOf = (r: PolicyResourceInput) => `urn:pulumi:${options.stack ?? "dev"}::${options.project ?? "app"}::${r.type}::${r.name}`;
  const resources = Array.isArray(input?.resources) ? input.resources : [];
  const byName = new Map(resources.map((r) => [r.name, r]));
  const propsOf = (r: PolicyResourceInput) => struct.Struct.fromJavaScript(serialise(r.id === undefined ? r.inputs : { ...r.inputs, id: r.id }) as Record<string, unknown>);
  // A capture's parent URNs name the capture's project: point them at the parent's URN here, so the engine finds it.
  const parentOf = (r: PolicyResourceInput): string | undefined => {
    if (!r.parent) return undefined;
    // `urn:pulumi:stack::project::parent$type::name`.
    const parts = r.parent.split("::");
    const type = (parts[2] ?? "").split("$").pop();
    const name = parts.slice(3).join("::");
    const p = resources.find((x) => x.type === type && x.name === name);
    return p ? urnOf(p) : r.parent;
  };
  const optionsOf = (r: PolicyResourceInput) => {
    const o = new analyzer.AnalyzerResourceOptions();
    const parent = parentOf(r);
    if (parent) o.setParent(parent);
    return o;
  };

  const diagnostics: PolicyDiagnostic[] = [];
  const collect = (response: AnalyzeResponse, phase: PolicyDiagnostic["phase"], urn?: string) => {
    for (const d of response.getDiagnosticsList()) {
      const out: PolicyDiagnostic = { policy: d.getPolicyname(), enforcementLevel: LEVELS[d.getEnforcementlevel()] ?? "advisory", message: d.getMessage(), phase };
      const at = d.getUrn() || urn;
      if (at) out.urn = at;
      diagnostics.push(out);
    }
  };

  const analyze = server.makeAnalyzeRpcFun(packName, packVersion, "advisory", policies);
  for (const r of resources) {
    const req = new analyzer.AnalyzeRequest();
    req.setType(r.type);
    req.setName(r.name);
    req.setUrn(urnOf(r));
    req.setProperties(propsOf(r));
    req.setOptions(optionsOf(r));
    collect(await call(analyze, req), "resource", urnOf(r));
  }

  const stackReq = new analyzer.AnalyzeStackRequest();
  stackReq.setResourcesList(
    resources.map((r) => {
      const res = new analyzer.AnalyzerResource();
      res.setType(r.type);
      res.setName(r.name);
      res.setUrn(urnOf(r));
      res.setProperties(propsOf(r));
      res.setOptions(optionsOf(r));
      const parent = parentOf(r);
      if (parent) res.setParent(parent);
      const deps = res.getPropertydependenciesMap();
      for (const [prop, names] of Object.entries(r.propertyDependencies ?? {})) {
        const urns = (names as readonly string[]).map((n) => byName.get(n)).filter((d): d is PolicyResourceInput => d !== undefined).map(urnOf);
        const pd = new analyzer.AnalyzerPropertyDependencies();
        pd.setUrnsList(urns);
        deps.set(prop, pd);
      }
      return res;
    }),
  );
  collect(await call(server.makeAnalyzeStackRpcFun(packName, packVersion, "advisory", policies), stackReq), "stack");
  return { diagnostics, mandatory: diagnostics.filter((d) => d.enforcementLevel === "mandatory") };
}
