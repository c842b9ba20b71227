/**
 * What a capture returns and takes: the resources a program registered on the mocks, what the
 * plan assumed rather than measured, and the options of a run. Types only.
 */
import { Exemption, FindingExemption } from "../model/exemptions";
import { NetworkModel } from "../model/network";
import { Answers } from "./answers";
import type { CapturedIntents } from "./intents";

/** Each modelled rule's resource name, by group id and rule index. */
export type RuleOrigins = Map<string, (string | undefined)[]>;

/**
 * Where the program constructed a resource or component: the first frame of the program's own
 * code (outside this package and outside `@pulumi/*`), as written (a TypeScript file's own line
 * under ts-node). `uri` is relative to the program's directory, `/`-separated, never absolute.
 */
export interface SourceLocation {
  /** The file, relative to the program's directory, e.g. `index.ts` or `lib/network.ts`. */
  uri: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

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
  /** Where the program constructed it, when a frame of the program's own code was on the stack. */
  location?: SourceLocation;
  /** True for a resource the mocks cannot serve (see {@link OpaqueResource}): its outputs are placeholders. */
  opaque?: boolean;
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

/**
 * A resource the mocks cannot serve: a dynamic provider's (`pulumi.dynamic.Resource`, whose own
 * code runs only at deployment) or a component a provider plugin implements (`remote`, whose
 * children exist only at deployment). It is planned as an opaque resource: its outputs are not
 * known offline, and each output the program declared reads a placeholder; whatever is built
 * from one is listed as depending on it.
 */
export interface OpaqueResource {
  /** Type token, e.g. `pulumi-nodejs:dynamic:Resource`. */
  type: string;
  /** Logical name. */
  name: string;
  /** Why the mocks cannot serve it. */
  why: string;
  /** The placeholder each declared output reads, by output name. */
  outputs: Record<string, string>;
  /** Where the program constructed it, when known. */
  location?: SourceLocation;
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
  /** Resources the mocks cannot serve, planned as opaque, sorted by name. */
  opaque: OpaqueResource[];
  /** For each resource whose inputs hold an output of an opaque resource: the opaque resources' names, sorted. */
  dependsOnOpaque: Record<string, string[]>;
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

/** One entry of a `pulumi import --file` file: a resource and the real id to give it. */
export interface KnownId {
  /** Type token. */
  type: string;
  /** Logical name. */
  name: string;
  /** The cloud object's id. */
  id: string;
  /** The name of its parent (a component), when the file names one. */
  parent?: string;
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
  /**
   * Find where the program constructed each resource (file and line, in the plan's report and in
   * errors, and for a resource left pending). Off, a large program plans faster and in less
   * memory: each resource's stack is neither captured nor parsed. @default true
   */
  locations?: boolean;
  /** Answers for data sources and computed outputs, winning over the placeholders. @default none */
  answers?: Answers;
  /**
   * Real ids for the resources they name (by type and name, and parent when given), as an
   * import file lists them: the mocks give each its id instead of a made-up one, so the
   * capture reads in the cloud's ids. @default none: every id is made up from the resource name
   */
  ids?: readonly KnownId[];
  /** Longest wait, in milliseconds, for the program to finish registering its resources and exports. @default 10000 */
  timeoutMs?: number;
  /** Directory of the program's files: error positions and source locations are shown relative to it, provider packages resolve from it. @default process.cwd() */
  programDir?: string;
}
