/**
 * Proposals from evidence: rules narrowed to the peers flow logs saw, and rules nothing used
 * removed. Each proposal is plain data (the rule removed, the rules added), graded by its
 * evidence, checked with the evaluator on the changed model (the observed flows it still
 * admits), and proved by an access diff that the caller passes in.
 */
import { compileNetwork } from "../analysis/compile-network";
import type { FlowAttribution, RuleUsage } from "../analysis/attribute-flows";
import { ValidationError } from "../model/errors";
import { CidrBlock, blockContains, isAnyAddress, isPrivateIpv4, parseCidr } from "../model/ip";
import { NetworkModel } from "../model/network";
import { RuleArgs, portInterval } from "../model/rule";
import { peerText, portText } from "../model/rule-key";
import { ADMIN_PORTS, WORKBENCH_CIDRS } from "../model/services";

/** How much the evidence behind a proposal weighs. */
export type EvidenceGrade = "strong" | "moderate" | "weak";

/** How complete a log is, as the flow-log reader counts it (its stats are one). */
export interface LogCoverage {
  /** Records read (log-status OK, well formed). */
  readonly records: number;
  /** SKIPDATA records: capture windows whose records were partly skipped. */
  readonly skipData: number;
  /** Lines that could not be read as records (malformed, over-long). @default 0 */
  readonly bad?: number;
}

/** What a log's gaps do to the grades: its unread entries, their share, and the steps every grade is lowered by. */
export interface GradeLowering {
  /** SKIPDATA records and bad lines. */
  unread: number;
  /** `unread / (records + unread)`; 0 for an empty log. */
  share: number;
  /** 0 below 1 %, 1 from 1 %, 2 from 25 %. */
  steps: 0 | 1 | 2;
}

/**
 * How much a log's gaps lower the grades of the proposals drawn from it. Every SKIPDATA record
 * (a window whose records were partly skipped) and every bad line (an entry that could not be
 * read) is an entry the evidence misses; when they are 1 % or more of the log's entries
 * (records + SKIPDATA + bad; NODATA windows had no traffic and count for nothing), every grade
 * is lowered one step, at 25 % or more two steps (`strong` becomes `weak`).
 *
 * @example
 * gradeLowering({ records: 900, skipData: 50, bad: 50 }); // => { unread: 100, share: 0.1, steps: 1 }
 */
export function gradeLowering(coverage: LogCoverage | undefined): GradeLowering {
  if (coverage === undefined) return { unread: 0, share: 0, steps: 0 };
  for (const k of ["records", "skipData", "bad"] as const) {
    const v = coverage[k];
    if (v === undefined && k === "bad") continue;
    if (!Number.isSafeInteger(v) || (v as number) < 0) throw new ValidationError("invalid-argument", `options.coverage.${k}`, v, "is not a count", "Pass the flow-log reader's stats (emptyFlowLogStats(), filled by the read).");
  }
  const unread = coverage.skipData + (coverage.bad ?? 0);
  const total = coverage.records + unread;
  const share = total > 0 ? unread / total : 0;
  return { unread, share, steps: share >= 0.25 ? 2 : share >= 0.01 ? 1 : 0 };
}

/** What a proposal needs of an access diff: one line saying what the change closes. */
export interface ProposalDiff {
  /** What the change closes, in one line (e.g. "tcp:22 from 0.0.0.0/0 except 203.0.113.7/32 … to sg-web"). */
  readonly closes?: string;
}

/**
 * The access diff that proves a proposal: called with the model before and after the change,
 * its result is attached to the proposal, and its `closes` line quoted in the summary.
 */
export type AccessDiffFunction<D extends ProposalDiff = ProposalDiff> = (before: NetworkModel, after: NetworkModel) => D;

/** Options of {@link proposeNarrowing}. */
export interface NarrowOptions<D extends ProposalDiff = ProposalDiff> {
  /** The access diff to prove each proposal with. @default none (proposals carry no diff) */
  accessDiff?: AccessDiffFunction<D>;
  /** Blocks a world-open SSH or RDP rule keeps besides the observed peers (Alibaba's guidance for Workbench). @default WORKBENCH_CIDRS (161.117.0.0/16 and 100.104.0.0/16) */
  workbench?: readonly string[];
  /** Most single addresses a rule is narrowed to; with more peers, blocks. @default 4 */
  hostLimit?: number;
  /** Most blocks a rule is narrowed to; more, and no narrowing is proposed. @default 4 */
  blockLimit?: number;
  /** How complete the log is: records read, SKIPDATA records and bad lines (the reader's stats). An unread share ({@link gradeLowering}) of 1 % or more lowers each grade one step, 25 % or more two. @default complete */
  coverage?: LogCoverage;
  /** Also propose removing accept rules nothing used over the window. @default true */
  removeUnused?: boolean;
}

/** How the observed flows fare on the changed model. */
export interface ObservedCheck {
  /** Sampled records asked again on the changed model. */
  checkedFlows: number;
  /** Of which still admitted by the rule's side. */
  admittedFlows: number;
  /** `admittedFlows / checkedFlows` (1 when nothing was checked). */
  stillAdmitted: number;
  /** Records of the rule beyond the samples (not asked again). */
  unsampledFlows: number;
}

/** One proposed change to one rule. */
export interface NarrowingProposal<D extends ProposalDiff = ProposalDiff> {
  /** `narrow-peer`: the rule replaced by narrower ones; `remove-unused`: the rule removed. */
  kind: "narrow-peer" | "remove-unused";
  /** The group holding the rule. */
  groupId: string;
  /** The rule's position in the group. */
  ruleIndex: number;
  /** The rule removed. */
  removed: RuleArgs;
  /** The rules added (empty for a removal). Add these before revoking the removed rule. */
  added: RuleArgs[];
  /** The weight of the evidence. */
  grade: EvidenceGrade;
  /** The evidence. */
  evidence: {
    /** Records the rule decided over the window. */
    flows: number;
    /** Distinct peers (exact when `peersExact`). */
    peers: number;
    /** Whether the peers are exact addresses or coarsened blocks. */
    peersExact: boolean;
    /** The window observed (Unix seconds). */
    window: { start?: number; end?: number };
    /** Its length in days. */
    days: number;
    /** What the proposal rests on: `flow-logs`, and `workbench-guidance` where Workbench blocks were kept. */
    basis: string[];
    /** The log's gaps and the steps they lowered the grade by, when `options.coverage` was given. */
    coverage?: { records: number; skipData: number; bad: number; unreadShare: number; lowered: number };
  };
  /** The observed flows on the changed model. */
  observed: ObservedCheck;
  /** The access diff of the change, when a diff function was given. */
  accessDiff?: D;
  /** One line: what changes, what it closes, and the observed flows still admitted. */
  summary: string;
}

/** A rule the evidence points at but no proposal could be made for, and why. */
export interface SkippedProposal {
  /** The group. */
  groupId: string;
  /** The rule's position. */
  ruleIndex: number;
  /** Why. */
  reason: string;
}

const DAY = 86400;

function gradeOf(flows: number, days: number, removal: boolean, lowered: number): EvidenceGrade {
  const steps: EvidenceGrade[] = ["strong", "moderate", "weak"];
  const g = removal ? (days >= 14 ? 0 : days >= 1 ? 1 : 2) : flows >= 100 && days >= 14 ? 0 : flows >= 10 && days >= 1 ? 1 : 2;
  return steps[Math.min(2, g + lowered)];
}

function coarsen(block: CidrBlock, prefix: number): CidrBlock {
  if (block.prefix <= prefix) return block;
  const addr = block.text.slice(0, block.text.lastIndexOf("/"));
  return parseCidr(`${addr}/${prefix}`) as CidrBlock;
}

/** The few blocks covering the observed peers, strictly inside the rule's block; undefined when they spread too wide. */
function narrowBlocks(usage: RuleUsage, ruleBlock: CidrBlock, hostLimit: number, blockLimit: number): CidrBlock[] | undefined {
  const peers = usage.peers.map((p) => parseCidr(p.cidr) as CidrBlock).filter((b) => b.family === ruleBlock.family);
  if (peers.length === 0) return undefined;
  const v4 = ruleBlock.family === "ipv4";
  const privateRule = v4 && ruleBlock.prefix > 0 && isPrivateIpv4(ruleBlock);
  let chosen: CidrBlock[] | undefined;
  if (usage.peersExact && !privateRule && peers.length <= hostLimit) chosen = peers;
  else {
    for (const prefix of v4 ? [24, 16, 8] : [64, 48, 32]) {
      const set = new Map<string, CidrBlock>();
      for (const p of peers) {
        const c = coarsen(p, prefix);
        set.set(c.text, c);
      }
      if (set.size <= blockLimit) {
        chosen = [...set.values()];
        break;
      }
    }
  }
  if (!chosen) return undefined;
  if (chosen.some((b) => !blockContains(ruleBlock, b) || b.prefix <= ruleBlock.prefix)) return undefined;
  return chosen.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
}

function isAdminRule(rule: RuleArgs): boolean {
  if (rule.ipProtocol !== "tcp" && rule.ipProtocol !== "all") return false;
  const { from, to } = portInterval(rule);
  return ADMIN_PORTS.some((p) => p >= from && p <= to);
}

function withRules(model: NetworkModel, groupId: string, ruleIndex: number, added: RuleArgs[]): NetworkModel {
  return {
    ...model,
    groups: model.groups.map((g) => (g.id === groupId ? { ...g, rules: [...g.rules.filter((_, i) => i !== ruleIndex), ...added] } : g)),
  };
}

function check(after: NetworkModel, usage: RuleUsage): ObservedCheck {
  const net = compileNetwork(after);
  let checkedFlows = 0;
  let admittedFlows = 0;
  for (const s of usage.samples) {
    checkedFlows += s.flows;
    const d = net.evaluate(s.flow);
    const side = usage.rule.type === "ingress" ? d.ingress : d.egress;
    if (side?.allowed) admittedFlows += s.flows;
  }
  return { checkedFlows, admittedFlows, stillAdmitted: checkedFlows === 0 ? 1 : admittedFlows / checkedFlows, unsampledFlows: usage.unsampled };
}

function percent(x: number): string {
  const p = Math.floor(x * 1000) / 10;
  return `${p % 1 === 0 ? p.toFixed(0) : p.toFixed(1)} %`;
}

/**
 * Proposes, from a flow attribution over `model` ({@link attributeFlows}), narrower rules:
 * an accept rule whose CIDR peer is wider than the traffic it admitted becomes one rule per
 * observed address (at most `hostLimit`, outside the private ranges) or per observed block
 * (`/24`, else `/16`, `/8`; IPv6 `/64`, `/48`, `/32`; at most `blockLimit`), each strictly
 * inside the old block; a world-open SSH or RDP rule also keeps the Workbench blocks. Accept
 * rules with no hit whose group had traffic are proposed for removal. Every proposal is
 * checked on the changed model with the evaluator (the rule's sampled observed flows, asked
 * again), graded by its evidence (flows and the window's length, lowered when the log skipped
 * records or had bad lines: {@link gradeLowering}), and proved by `options.accessDiff` when given. Rule fields other than the peer are
 * kept as they were, so each new rule decides exactly as the old one did for its peers.
 *
 * Each proposal is against `model` as it is (proposals are independent). Never invents an
 * address: every added block holds observed traffic or is Workbench's. Group and prefix-list
 * peers are not narrowed. Throws {@link ValidationError} for an invalid model.
 */
export function proposeNarrowing<D extends ProposalDiff = ProposalDiff>(model: NetworkModel, attribution: FlowAttribution, options: NarrowOptions<D> = {}): { proposals: NarrowingProposal<D>[]; skipped: SkippedProposal[] } {
  const before = compileNetwork(model).model;
  const hostLimit = options.hostLimit ?? 4;
  const blockLimit = options.blockLimit ?? 4;
  const workbench = (options.workbench ?? [WORKBENCH_CIDRS.public, WORKBENCH_CIDRS.private]).map((c, i) => {
    const b = parseCidr(c, "ipv4");
    if (!b) throw new ValidationError("invalid-cidr", `options.workbench[${i}]`, c, "is not an IPv4 CIDR block", "Give Workbench's source blocks, e.g. \"161.117.0.0/16\".");
    return b;
  });
  const { start, end } = attribution.window;
  const days = start !== undefined && end !== undefined ? (end - start) / DAY : 0;
  const cov = options.coverage;
  const lowering = gradeLowering(cov);
  const gaps = lowering.steps > 0 ? ` (the log skipped records or had bad lines: ${percent(lowering.share)} unread, grade lowered ${lowering.steps === 1 ? "one step" : "two steps"})` : "";
  const proposals: NarrowingProposal<D>[] = [];
  const skipped: SkippedProposal[] = [];

  const finish = (usage: RuleUsage, kind: NarrowingProposal["kind"], added: RuleArgs[], basis: string[], what: string) => {
    const after = withRules(before, usage.groupId, usage.ruleIndex, added);
    let observed: ObservedCheck;
    try {
      observed = check(after, usage);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      skipped.push({ groupId: usage.groupId, ruleIndex: usage.ruleIndex, reason: `the changed group would be refused: ${e.message}` });
      return;
    }
    const diff = options.accessDiff?.(before, after);
    const grade = gradeOf(usage.hits, days, kind === "remove-unused", lowering.steps);
    const closes = diff?.closes !== undefined ? `closes: ${diff.closes}; ` : "";
    const seen = kind === "remove-unused" ? `no flow over ${days.toFixed(1)} days` : `${usage.hits} flows from ${usage.peersExact ? "" : "at least "}${usage.distinctPeers} peers over ${days.toFixed(1)} days`;
    const sampled = observed.unsampledFlows > 0 ? `, ${observed.checkedFlows} of ${observed.checkedFlows + observed.unsampledFlows} sampled` : kind === "remove-unused" ? " (no observed flow used the rule)" : "";
    const proposal: NarrowingProposal<D> = {
      kind,
      groupId: usage.groupId,
      ruleIndex: usage.ruleIndex,
      removed: usage.rule,
      added,
      grade,
      evidence: { flows: usage.hits, peers: usage.distinctPeers, peersExact: usage.peersExact, window: { start, end }, days, basis },
      observed,
      summary: `${what}; ${closes}observed flows still admitted: ${percent(observed.stillAdmitted)}${sampled}; evidence ${grade}: ${seen}${gaps}`,
    };
    if (cov !== undefined) proposal.evidence.coverage = { records: cov.records, skipData: cov.skipData, bad: cov.bad ?? 0, unreadShare: lowering.share, lowered: lowering.steps };
    if (diff !== undefined) proposal.accessDiff = diff;
    proposals.push(proposal);
  };

  for (const usage of attribution.rules) {
    const rule = usage.rule;
    if ((rule.policy ?? "accept") !== "accept" || usage.hits === 0) continue;
    const field = rule.cidrIp !== undefined ? "cidrIp" : rule.ipv6CidrIp !== undefined ? "ipv6CidrIp" : undefined;
    if (!field) continue;
    const ruleBlock = parseCidr(rule[field] as string) as CidrBlock;
    if (ruleBlock.prefix === (ruleBlock.family === "ipv4" ? 32 : 128)) continue;
    const blocks = narrowBlocks(usage, ruleBlock, hostLimit, blockLimit);
    if (!blocks) {
      skipped.push({ groupId: usage.groupId, ruleIndex: usage.ruleIndex, reason: `the ${usage.peersExact ? usage.distinctPeers : "many"} observed peers spread over more than ${blockLimit} blocks inside ${ruleBlock.text}: needs the owner's input` });
      continue;
    }
    const basis = ["flow-logs"];
    let kept = blocks;
    const extra: CidrBlock[] = [];
    if (ruleBlock.family === "ipv4" && isAnyAddress(ruleBlock) && isAdminRule(rule)) {
      basis.push("workbench-guidance");
      kept = blocks.filter((b) => !workbench.some((w) => blockContains(w, b)));
      extra.push(...workbench);
    }
    const added = [...kept, ...extra].map((b) => ({ ...rule, [field]: b.text }) as RuleArgs);
    const via = rule.type === "ingress" ? "from" : "to";
    const what = `narrows ${rule.type} ${portText(rule)} ${via} ${peerText(rule)} in ${usage.groupId} (rule ${usage.ruleIndex}) to ${kept.map((b) => b.text).join(", ")}${extra.length > 0 ? `${kept.length > 0 ? " and " : ""}Workbench (${extra.map((b) => b.text).join(", ")})` : ""}`;
    finish(usage, "narrow-peer", added, basis, what);
  }
  if (options.removeUnused !== false) {
    for (const usage of attribution.unused) {
      const via = usage.rule.type === "ingress" ? "from" : "to";
      finish(usage, "remove-unused", [], ["flow-logs"], `removes unused ${usage.rule.type} ${portText(usage.rule)} ${via} ${peerText(usage.rule)} in ${usage.groupId} (rule ${usage.ruleIndex})`);
    }
  }
  return { proposals, skipped };
}
