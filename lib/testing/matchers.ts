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
import { Flow, evaluateFlow } from "../analysis";
import { CheckOptions, Finding, checkNetwork } from "../checks";
import { NetworkModel } from "../model/network";

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

/** Filters for {@link matchers.toHaveFinding}. */
export interface FindingFilter {
  /** Only findings on this group. */
  groupId?: string;
  /** Only findings of this severity. */
  severity?: Finding["severity"];
  /** Only findings on this rule index. */
  ruleIndex?: number;
}

/** Options of {@link matchers.toHaveNoFindings}. */
export interface NoFindingsOptions extends CheckOptions {
  /** Ignore findings below this severity. @default "low" (every finding counts) */
  minSeverity?: Finding["severity"];
}

const RANK: Record<Finding["severity"], number> = { low: 0, medium: 1, high: 2 };

function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `  - [${f.severity}] ${f.check} on ${f.groupId}${f.ruleIndex === undefined ? "" : ` rule ${f.ruleIndex}`}: ${f.message}`).join("\n");
}

function describeFlow(flow: Flow): string {
  return `${flow.from} -> ${flow.to} ${flow.protocol}${flow.port === undefined ? "" : `/${flow.port}`}`;
}

/** The matchers; register them with `expect.extend(testing.matchers)`. */
export const matchers = {
  /** Passes when `checkNetwork` reports nothing (at or above `minSeverity`). */
  toHaveNoFindings(this: MatcherContext, received: NetworkModel, options: NoFindingsOptions = {}): MatcherResult {
    const min = RANK[options.minSeverity ?? "low"];
    const findings = checkNetwork(received, options).filter((f) => RANK[f.severity] >= min);
    return {
      pass: findings.length === 0,
      message: () => (findings.length === 0 ? "expected findings, but the network has none" : `expected no findings, but got ${findings.length}:\n${describeFindings(findings)}`),
    };
  },

  /** Passes when `checkNetwork` reports the check (optionally on one group, rule or severity). */
  toHaveFinding(this: MatcherContext, received: NetworkModel, check: string, filter: FindingFilter = {}, options: CheckOptions = {}): MatcherResult {
    const all = checkNetwork(received, options);
    const hits = all.filter((f) => f.check === check && (filter.groupId === undefined || f.groupId === filter.groupId) && (filter.severity === undefined || f.severity === filter.severity) && (filter.ruleIndex === undefined || f.ruleIndex === filter.ruleIndex));
    return {
      pass: hits.length > 0,
      message: () =>
        hits.length > 0
          ? `expected no ${check} finding, but got:\n${describeFindings(hits)}`
          : `expected a ${check} finding${Object.keys(filter).length ? ` matching ${JSON.stringify(filter)}` : ""}, but got ${all.length === 0 ? "none" : `only:\n${describeFindings(all)}`}`,
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
      /** The network has no least-privilege findings. */
      toHaveNoFindings(options?: NoFindingsOptions): R;
      /** The network has a finding of this check. */
      toHaveFinding(check: string, filter?: FindingFilter, options?: CheckOptions): R;
      /** The network allows this flow. */
      toAllow(flow: Flow): R;
      /** The network denies this flow. */
      toDeny(flow: Flow): R;
    }
  }
}
