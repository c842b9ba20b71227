/**
 * Jest matchers over a {@link NetworkModel}: assert behaviour ("the internet cannot reach the
 * database", "no public admin port") rather than counting rules.
 *
 * @example
 * expect.extend(testing.matchers);
 * const network = await testing.captureNetwork(() => new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1" }));
 * expect(network).toHaveNoFindings();
 * expect(network).toDeny({ from: "198.51.100.7", to: "db-1", protocol: "tcp", port: 3306 });
 */
import * as fs from "fs";
import * as path from "path";
import { Flow, evaluateFlow } from "../analysis";
import { Intent, IntentArgs, IntentResult, intentFromArgs, validateIntents } from "../analysis/intents";
import { parseIntentsFile } from "../analysis/intents-file";
import { CHECK_IDS, CheckId, CheckOptions, Finding } from "../checks";
import { intentText, proveNetworkIntents, witnessSides } from "../checks/intent-proof";
import { exemptionsFrom, reviewNetwork } from "../checks/exemptions";
import { ValidationError } from "../model/errors";
import { Exemption, FindingExemption } from "../model/exemptions";
import { NetworkModel } from "../model/network";
import { captureContext } from "./capture-network";

/** What jest passes a matcher as `this` (the part we use). */
interface MatcherContext {
  isNot?: boolean;
  utils?: unknown;
}

/** A matcher's answer. */
interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/** An exemption as the matchers take it: `{ check, rule, reason }`, a finding exemption of a known check. */
export type ExemptionEntry = Omit<FindingExemption, "check" | "where"> & { readonly check: CheckId };

/** Filters for {@link matchers.toHaveFinding}. */
export interface FindingFilter {
  /** Only findings on this group. */
  groupId?: string;
  /** Only findings of this severity. */
  severity?: Finding["severity"];
  /** Only findings on this rule index. */
  ruleIndex?: number;
  /** Only acknowledged findings (`true`), or only open ones (`false`). @default false: acknowledged findings do not count */
  acknowledged?: boolean;
}

/** Options of the finding matchers: the checks' options, and exemptions. */
export interface FindingMatcherOptions extends CheckOptions {
  /** Acknowledged findings (the `--exemptions` file's entries); added to those the program made in code. @default none */
  exemptions?: readonly ExemptionEntry[];
}

/** Options of {@link matchers.toHaveNoFindings}. */
export interface NoFindingsOptions extends FindingMatcherOptions {
  /** Ignore findings below this severity. @default "low" (every finding counts) */
  minSeverity?: Finding["severity"];
}

const RANK: Record<Finding["severity"], number> = { low: 0, medium: 1, high: 2 };

function describeFindings(findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const also = f.alsoFails && f.alsoFails.length > 0 ? ` (also fails ${f.alsoFails.join(", ")})` : "";
      const ack = f.acknowledged ? ` [acknowledged: ${f.acknowledged.reason}]` : "";
      return `  - [${f.severity}] ${f.check}${also} on ${f.groupId}${f.ruleIndex === undefined ? "" : ` rule ${f.ruleIndex}`}: ${f.message}${ack}`;
    })
    .join("\n");
}

/** The findings of a network with the exemptions applied (code acknowledgements of a capture, then the option's). */
function review(network: NetworkModel, options: FindingMatcherOptions, consolidate: boolean): Finding[] {
  const { exemptions, ...checks } = options;
  const context = captureContext(network);
  const given: Exemption[] = exemptionsFrom(exemptions ?? [], "matcher options.exemptions");
  const ruleName = (groupId: string, i: number) => context?.origins.get(groupId)?.[i];
  return reviewNetwork(network, { checks: { ...checks, consolidate }, exemptions: [...(context?.exemptions ?? []), ...given], naming: { ruleName } }).findings;
}

function describeFlow(flow: Flow): string {
  return `${flow.from} -> ${flow.to} ${flow.protocol}${flow.port === undefined ? "" : `/${flow.port}`}`;
}

/** The intents a matcher is given: a list (plain or union-free form), or an intents file's path (relative to the working directory). */
function intentsGiven(value: readonly (Intent | IntentArgs)[] | string): Intent[] {
  if (typeof value === "string") {
    let text: string;
    try {
      text = fs.readFileSync(path.resolve(value), "utf8");
    } catch {
      throw new ValidationError("invalid-intent", "toSatisfyIntents", value, "cannot be read", "Pass the path of an intents file (YAML or JSON), relative to the working directory, or the list itself.");
    }
    return parseIntentsFile(text, value);
  }
  if (!Array.isArray(value)) throw new ValidationError("invalid-object", "toSatisfyIntents", value, "is not a list of intents or a file", `Pass [{ id, from, to, ports, expect }] or "intents.yaml".`);
  const flag = (sel: unknown) => typeof sel === "object" && sel !== null && ("internet" in sel || "anywhere" in sel);
  const isArgs = (i: unknown) => typeof i === "object" && i !== null && ("allPorts" in i || "portNumbers" in i || (i as { ports?: unknown }).ports === undefined || flag((i as { from?: unknown }).from) || flag((i as { to?: unknown }).to));
  return validateIntents(value.map((i, n) => (isArgs(i) ? intentFromArgs(i as IntentArgs, `intents[${n}]`) : i)));
}

/** Each intent that is not proven, with its witness and the deciding rule of each side. */
function describeIntents(network: NetworkModel, results: readonly IntentResult[], intents: readonly Intent[], context: Parameters<typeof witnessSides>[2]): string {
  const byId = new Map(intents.map((i) => [i.id, i]));
  return results
    .map((r) => {
      const i = byId.get(r.id);
      const lines = [`  - [${r.status}] ${r.id}${i ? ` (${intentText(i)})` : ""}${r.because ? `: ${r.because}` : ""}`];
      if (r.witness) {
        lines.push(`      witness: ${r.witness.reason}`);
        const sides = witnessSides(network, r.witness, context);
        if (sides.egress) lines.push(`      sender's side: ${sides.egress}`);
        if (sides.ingress) lines.push(`      receiver's side: ${sides.ingress}`);
      }
      for (const n of r.notes ?? []) lines.push(`      ${n}`);
      return lines.join("\n");
    })
    .join("\n");
}

/** The matchers; register them with `expect.extend(testing.matchers)`. */
export const matchers = {
  /** Passes when `checkNetwork` reports nothing open (at or above `minSeverity`); acknowledged findings do not count. */
  toHaveNoFindings(this: MatcherContext, received: NetworkModel, options: NoFindingsOptions = {}): MatcherResult {
    const { minSeverity, ...rest } = options;
    const min = RANK[minSeverity ?? "low"];
    const all = review(received, rest, true).filter((f) => RANK[f.severity] >= min);
    const open = all.filter((f) => !f.acknowledged);
    const acked = all.length - open.length;
    const note = acked > 0 ? ` (${acked} acknowledged)` : "";
    return {
      pass: open.length === 0,
      message: () => (open.length === 0 ? `expected findings, but the network has none${note}:\n${describeFindings(all)}` : `expected no findings, but got ${open.length}${note}:\n${describeFindings(open)}`),
    };
  },

  /**
   * Passes when a rule, group or instance fails the check (also when the check is not the
   * worst its rule fails); acknowledged findings count only with `{ acknowledged: true }`.
   * An unknown check name throws, so a typo cannot pass under `.not`.
   */
  toHaveFinding(this: MatcherContext, received: NetworkModel, check: CheckId, filter: FindingFilter = {}, options: FindingMatcherOptions = {}): MatcherResult {
    if (!(CHECK_IDS as readonly string[]).includes(check)) {
      throw new ValidationError("invalid-argument", "toHaveFinding check", check, "is not a check", `Use one of ${CHECK_IDS.map((c) => JSON.stringify(c)).join(", ")}.`);
    }
    const all = review(received, options, false);
    const wantAck = filter.acknowledged ?? false;
    const hits = all.filter((f) => f.check === check && !!f.acknowledged === wantAck && (filter.groupId === undefined || f.groupId === filter.groupId) && (filter.severity === undefined || f.severity === filter.severity) && (filter.ruleIndex === undefined || f.ruleIndex === filter.ruleIndex));
    return {
      pass: hits.length > 0,
      message: () =>
        hits.length > 0
          ? `expected no ${check} finding, but got:\n${describeFindings(hits)}`
          : `expected a ${check} finding${Object.keys(filter).length ? ` matching ${JSON.stringify(filter)}` : ""}, but got ${all.length === 0 ? "none" : `only:\n${describeFindings(all)}`}`,
    };
  },

  /**
   * Passes when every intent is proven over the network: the stack's own (every component's and
   * `declareIntents`, when the network came from `captureNetwork`), or the intents given (a list,
   * or an intents file's path). A broken, unproven or vacuous intent fails it, each listed with its
   * witness flow and the rule that decided each side.
   */
  toSatisfyIntents(this: MatcherContext, received: NetworkModel, intents?: readonly (Intent | IntentArgs)[] | string): MatcherResult {
    const captured = captureContext(received)?.intents;
    if (intents === undefined && !captured) {
      throw new ValidationError("invalid-argument", "toSatisfyIntents", "a network captureNetwork did not return", "has no stack intents to prove", `Capture the program with testing.captureNetwork (or captureStack), or pass the intents: toSatisfyIntents([{ id, from, to, ports, expect }]) or toSatisfyIntents("intents.yaml").`);
    }
    const list = intents === undefined ? (captured?.intents ?? []) : intentsGiven(intents);
    const context = captured?.context ?? {};
    const results = intents === undefined && captured ? captured.results : proveNetworkIntents(received, list, context);
    const failing = results.filter((r) => r.status !== "proven");
    return {
      pass: failing.length === 0,
      message: () =>
        failing.length === 0
          ? `expected some intent not to hold, but all ${results.length} are proven`
          : `expected every intent to be proven, but ${failing.length} of ${results.length} ${failing.length === 1 ? "is" : "are"} not:\n${describeIntents(received, failing, list, context)}`,
    };
  },

  /** Passes when `evaluateFlow` allows the flow. */
  toAllow(this: MatcherContext, received: NetworkModel, flow: Flow): MatcherResult {
    const d = evaluateFlow(received, flow);
    return { pass: d.allowed, message: () => `expected ${describeFlow(flow)} to be ${d.allowed ? "denied" : "allowed"}, but it is ${d.allowed ? "allowed" : "denied"}: ${d.reason}` };
  },

  /** Passes when `evaluateFlow` denies the flow. */
  toDeny(this: MatcherContext, received: NetworkModel, flow: Flow): MatcherResult {
    const d = evaluateFlow(received, flow);
    return { pass: !d.allowed, message: () => `expected ${describeFlow(flow)} to be ${d.allowed ? "denied" : "allowed"}, but it is ${d.allowed ? "allowed" : "denied"}: ${d.reason}` };
  },
};

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** The network has no least-privilege findings (acknowledged ones aside). */
      toHaveNoFindings(options?: NoFindingsOptions): R;
      /** The network has a finding of this check. */
      toHaveFinding(check: CheckId, filter?: FindingFilter, options?: FindingMatcherOptions): R;
      /** The network allows this flow. */
      toAllow(flow: Flow): R;
      /** The network denies this flow. */
      toDeny(flow: Flow): R;
      /** Every intent is proven: the stack's own (a captured network), or these (a list, or an intents file's path). */
      toSatisfyIntents(intents?: readonly (Intent | IntentArgs)[] | string): R;
    }
  }
}
