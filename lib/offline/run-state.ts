/**
 * The state of one capture, shared by its steps: what the program declared and registered, the
 * calls it made, what was assumed, and what failed. {@link startRun} makes it and sets the
 * runtime's configuration; the steps fill it in.
 */
import * as pulumi from "@pulumi/pulumi";
import { clearCodeAcknowledgements } from "../components/acknowledge";
import { programPosition } from "./capture-error";
import { Assumption, CaptureFailureCode, CaptureOptions, CapturedResource, KnownId, OpaqueResource, PendingResource, SourceLocation } from "./capture-types";
import { Needles, compare } from "./value-search";

/** Something that ended the run: a failed data source, an `apply` that threw, a stray error. */
export interface Failure {
  code: CaptureFailureCode;
  message: string;
  thrown?: unknown;
  /** Where in the program (`file:line:column`), when known. */
  at?: string;
}

/** A resource the program declared (its constructor ran), registered or not yet. */
export interface Declared {
  type: string;
  name: string;
  /** The stack at declaration, formatted (and source-mapped) only if the resource is listed as pending. */
  trace?: Error;
}

/** What the monitor is told about a registration and the mocks are not. */
export interface Registration {
  /** URN of the parent, when there is one. */
  parent?: string;
  deleteBeforeReplace: boolean;
  /** Former names, from `aliases`. */
  aliases: string[];
}

/** One capture's state. */
export class CaptureRun {
  /** Project name the program sees. */
  readonly project: string;
  /** Stack name the program sees. */
  readonly stack: string;
  /** The program's directory. */
  readonly programDir: string;
  /** Where provider packages are looked up: the program's directory, then this package's. */
  readonly searchDirs: string[];
  /** Longest wait for the program, in milliseconds. */
  readonly timeoutMs: number;
  /** The options the run was started with. */
  readonly options: CaptureOptions;
  /** The configured `alicloud:region`, when set. */
  readonly region?: string;

  /** Every resource registered, in registration order (sorted when the run finishes). */
  readonly resources: CapturedResource[] = [];
  /** Data-source tokens, in call order. */
  readonly calls: string[] = [];
  /** Data sources refused (no placeholder allowed, or a std function that failed). */
  readonly refused: string[] = [];
  /** Placeholder outputs the mocks gave, by value. */
  readonly assumedOutputs = new Map<string, Assumption>();
  /** The same values, indexed for the search of every `apply`. */
  readonly assumedNeedles = new Needles();
  /** Data sources and outputs answered (answers file, placeholders, empty results). */
  readonly dataAnswers: Assumption[] = [];
  /** Values given to `@pulumi/random` resources. */
  readonly randomValues: Assumption[] = [];
  /** Ids given so far (each unique). */
  readonly usedIds = new Set<string>();
  /** Strings that came from an assumed value: a resource whose inputs hold one is assumed. */
  readonly taintedStrings = new Set<string>();
  /** Public addresses the model reads although the program did not set them, by resource. */
  readonly publicAddresses = new Map<CapturedResource, Record<string, string>>();
  /** Placeholder outputs an `apply` callback read. */
  readonly readByApply = new Set<string>();

  /**
   * The declarations of each `type::name` not registered yet, and their total (read on every tick
   * of the wait). A registration forgets them: a trace holds its frames, and through them the
   * resource, which a large program must be able to let go once it has registered.
   */
  private readonly waiting = new Map<string, Declared[]>();
  private waitingTotal = 0;
  /** `type::name` of each registered resource. */
  readonly registeredKeys = new Set<string>();
  /** `type::name` of each resource read (`.get`) rather than created. */
  readonly readKeys = new Set<string>();
  /** Registration options, by `type::name`. */
  readonly registrations = new Map<string, Registration>();
  /** Where each resource was constructed, by `type::name`. */
  readonly locations = new Map<string, SourceLocation>();
  /** Resources the mocks cannot serve, by `type::name`, with the outputs they declared. */
  readonly opaque = new Map<string, OpaqueResource & { declared: string[] }>();
  /** The opaque resource each placeholder output of one comes from, by value. */
  readonly opaqueValues = new Map<string, string>();
  /** Real ids from an import file, by `type::name`. */
  readonly knownIds: Map<string, KnownId[]>;
  /** Counts every registration, call and callback: the wait stops once it stands still. */
  progress = 0;
  /** What failed, in order. */
  readonly failures: Failure[] = [];
  private readonly seenErrors = new WeakSet<object>();

  constructor(options: CaptureOptions) {
    this.options = options;
    this.project = options.project ?? "alicloud-secgroups";
    this.stack = options.stack ?? "dev";
    this.programDir = options.programDir ?? process.cwd();
    this.searchDirs = [this.programDir, __dirname];
    this.timeoutMs = options.timeoutMs ?? 10000;
    this.knownIds = knownIdIndex(options.ids);
    const config: Record<string, string> = {};
    for (const [k, v] of Object.entries(options.config ?? {})) config[k.includes(":") ? k : `${this.project}:${k}`] = v;
    pulumi.runtime.setAllConfig(config);
    this.region = config["alicloud:region"];
  }

  /** Records a placeholder output the mocks gave. */
  assumeOutput(value: string, assumption: Assumption): void {
    this.assumedOutputs.set(value, assumption);
    this.assumedNeedles.add(value);
  }

  /** Records a failure once per thrown object. */
  fail(code: CaptureFailureCode, message: string, thrown?: unknown, at?: string): void {
    if (typeof thrown === "object" && thrown !== null) {
      if (this.seenErrors.has(thrown)) return;
      this.seenErrors.add(thrown);
    }
    this.failures.push({ code, message, thrown, at });
  }

  /** Records a declaration (the resource's constructor ran): pending until it registers. */
  declare(declared: Declared): void {
    const key = `${declared.type}::${declared.name}`;
    if (this.registeredKeys.has(key)) return;
    const list = this.waiting.get(key);
    if (list) list.push(declared);
    else this.waiting.set(key, [declared]);
    this.waitingTotal++;
  }

  /** Records a registration on the mocks: whatever was declared under its key is no longer pending. */
  register(key: string): void {
    this.registeredKeys.add(key);
    const list = this.waiting.get(key);
    if (list === undefined) return;
    this.waiting.delete(key);
    this.waitingTotal -= list.length;
  }

  /** How many declared resources are not registered yet. */
  pendingCount(): number {
    return this.waitingTotal;
  }

  /** The declared resources not registered yet, with where the program declared each, sorted by name. */
  pending(): PendingResource[] {
    return [...this.waiting.values()]
      .flat()
      .map((d) => {
        const p: PendingResource = { type: d.type, name: d.name };
        const at = programPosition(d.trace?.stack, this.programDir);
        if (at !== undefined) p.at = at.replace(/:\d+$/, "");
        return p;
      })
      .sort((a, b) => compare(a.name, b.name) || compare(a.type, b.type));
  }
}

/** The real ids an import file gives, by `type::name`. */
export function knownIdIndex(ids: readonly KnownId[] | undefined): Map<string, KnownId[]> {
  const out = new Map<string, KnownId[]>();
  for (const e of ids ?? []) {
    const key = `${e.type}::${e.name}`;
    out.set(key, [...(out.get(key) ?? []), e]);
  }
  return out;
}

/** Starts a run: reads the options, sets the runtime's configuration, forgets earlier code acknowledgements. */
export function startRun(options: CaptureOptions): CaptureRun {
  const run = new CaptureRun(options);
  clearCodeAcknowledgements();
  return run;
}
