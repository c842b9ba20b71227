/**
 * Proposals from evidence: rules narrowed to the peers flow logs saw, and rules nothing used
 * removed. Each proposal is plain data (the rule removed, the rules added), graded by its
 * evidence, checked with the evaluator on the changed model (the observed flows it still
 * admits), and proved by an access diff that the caller passes in.
 */
import { compileNetwork } from "../analysis/compile-network";
import { networkIndexOfChange } from "../analysis/rule-index";
import type { FlowAttribution, RuleUsage } from "../analysis/attribute-flows";
import { AnalysedRule, GroupAnalysis } from "../checks/group-analysis";
import { onlyWorldOpenWeb, worldOpenWebPorts } from "../checks/world-open-non-web";
import { ValidationError } from "../model/errors";
import { CidrBlock, blockContains, isAnyAddress, isPrivateIpv4, parseCidr } from "../model/ip";
import { NetworkModel } from "../model/network";
import { PortRange, formatRanges, intersectRanges, rangesOfPorts, subtractRanges } from "../model/port-ranges";
import { RuleArgs, portInterval } from "../model/rule";
import { peerText, portText, ruleKey } from "../model/rule-key";
import { ADMIN_PORTS, DATABASE_PORT_LIST, WEB_PORTS, WORKBENCH_CIDRS } from "../model/services";
import { holesLeft, isWideRule, workbenchRules } from "./advice";

/** `tcp:22, 3389; udp:53` */
function portsPhrase(byProtocol: ReadonlyMap<string, readonly PortRange[]>): string {
  return [...byProtocol].filter(([, r]) => r.length > 0).map(([p, r]) => `${p}:${formatRanges(r)}`).join("; ");
}

/** Each rule once (by meaning), in first-seen order. */
function dedupeAdded(rules: RuleArgs[]): RuleArgs[] {
  const seen = new Set<string>();
  return rules.filter((r) => {
    const k = ruleKey(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

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

/** What a proposal needs of an access diff: one line saying what the change closes, and one what it opens, each in the direction it acts. */
export interface ProposalDiff {
  /** What the change closes, in one line (e.g. "tcp:22 from 0.0.0.0/0 except 203.0.113.7/32 … to members of sg-web"). */
  readonly closes?: string;
  /** What the change opens, in one line ("nothing" for a narrowing). */
  readonly opens?: string;
}

/**
 * The access diff that proves a proposal: called with the model before and after the change,
 * its result is attached to the proposal, and its `closes` line quoted in the summary.
 * `changes.changedGroups` names the one group the change touches (nothing else differs), in the
 * shape of `accessDiff`'s options: handed on to `accessDiff`, the proposal is proved on that
 * group's pairs only.
 */
export type AccessDiffFunction<D extends ProposalDiff = ProposalDiff> = (before: NetworkModel, after: NetworkModel, changes: { readonly changedGroups: readonly string[] }) => D;

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
  /**
   * Also narrow (or remove) world-open web ports of a group that serves the web: the ports
   * `world-open-non-web` holds to be right ({@link worldOpenWebPorts}). Without it such a rule
   * is skipped, and a rule that opens web ports and more keeps its web ports open to every
   * address. @default false
   */
  narrowPublic?: boolean;
  /** Admin ports: the only ports Workbench's blocks are kept for. @default [22, 3389] */
  adminPorts?: readonly number[];
  /** Database ports: a range holding one is narrowed to the ports observed ({@link isWideRule}). @default [3306, 5432, 1433, 1521, 6379, 27017] */
  databasePorts?: readonly number[];
  /** Web ports that may be open to every address. @default [80, 443] */
  webPorts?: readonly number[];
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
    /** For a removal: what "unused" rests on, how long the logs cover and what that coverage means. */
    covers?: string;
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

/** The few blocks covering the observed peers, strictly inside the rule's block; `spread` when they spread too wide, `not-narrower` when the blocks that hold them are the rule's own or wider. */
function narrowBlocks(usage: RuleUsage, ruleBlock: CidrBlock, hostLimit: number, blockLimit: number): CidrBlock[] | "spread" | "not-narrower" {
  const peers = usage.peers.map((p) => parseCidr(p.cidr) as CidrBlock).filter((b) => b.family === ruleBlock.family);
  if (peers.length === 0) return "spread";
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
  if (!chosen) return "spread";
  if (chosen.some((b) => !blockContains(ruleBlock, b) || b.prefix <= ruleBlock.prefix)) return "not-narrower";
  return chosen.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
}

/** The rule's tcp/udp ports (every port for `all`), per protocol. */
function rulePorts(rule: RuleArgs): Map<"tcp" | "udp", PortRange[]> {
  const out = new Map<"tcp" | "udp", PortRange[]>();
  for (const p of ["tcp", "udp"] as const) if (rule.ipProtocol === p || rule.ipProtocol === "all") out.set(p, [portInterval(rule)]);
  return out;
}

/** Most distinct ports the attribution keeps per rule: with as many, the list may be cut. */
const PORTS_KEPT = 64;

function withRules(model: NetworkModel, groupId: string, ruleIndex: number, added: RuleArgs[]): NetworkModel {
  return {
    ...model,
    groups: model.groups.map((g) => (g.id === groupId ? { ...g, rules: [...g.rules.filter((_, i) => i !== ruleIndex), ...added] } : g)),
  };
}

function check(before: NetworkModel, after: NetworkModel, usage: RuleUsage): ObservedCheck {
  // Made from the index of the model as it is: only the changed group is validated and compiled again.
  networkIndexOfChange(before, after, [usage.groupId]);
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
 * inside the old block; a world-open rule over an admin port also keeps the Workbench blocks,
 * on the admin ports only. A rule too wide to keep ({@link isWideRule}: every protocol, every
 * port, a range over an admin or database port) is narrowed to the ports observed as well.
 * World-open web ports of a group that serves the web (what `world-open-non-web` holds to be
 * right) are left open, neither narrowed nor removed, unless `narrowPublic`. Accept rules with
 * no hit whose group had traffic are proposed for removal, saying how long the logs cover.
 * Every proposal is checked before it is made (narrower rules that would still carry a high
 * finding are skipped), checked on the changed model with the evaluator (the rule's sampled
 * observed flows, asked again), graded by its evidence (flows and the window's length, lowered
 * when the log skipped records or had bad lines: {@link gradeLowering}), and proved by
 * `options.accessDiff` when given. Rule fields other than the peer (and, for a wide rule, the
 * ports) are kept as they were, so each new rule decides exactly as the old one did for its
 * peers.
 *
 * Each proposal is against `model` as it is (proposals are independent). Never invents an
 * address: every added block holds observed traffic, is Workbench's, or is the rule's own (its
 * web ports kept). Group and prefix-list peers are not narrowed. Throws
 * {@link ValidationError} for an invalid model.
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
  const adminPorts = options.adminPorts ?? ADMIN_PORTS;
  const databasePorts = options.databasePorts ?? DATABASE_PORT_LIST;
  const webPorts = options.webPorts ?? WEB_PORTS;
  const holesOf = (usage: RuleUsage, added: RuleArgs[]) => {
    const g = before.groups.find((x) => x.id === usage.groupId);
    if (!g) return [];
    const kept = g.rules.filter((_, i) => i !== usage.ruleIndex);
    const changed = { ...g, rules: [...kept, ...added] };
    return holesLeft(changed, before.prefixLists, new Set(added.map((_, k) => kept.length + k)), "high", { adminPorts, databasePorts, webPorts });
  };
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
      observed = check(before, after, usage);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      skipped.push({ groupId: usage.groupId, ruleIndex: usage.ruleIndex, reason: `the changed group would be refused: ${e.message}` });
      return;
    }
    const diff = options.accessDiff?.(before, after, { changedGroups: [usage.groupId] });
    const grade = gradeOf(usage.hits, days, kind === "remove-unused", lowering.steps);
    const closes = `${diff?.closes !== undefined ? `closes: ${diff.closes}; ` : ""}${diff?.opens !== undefined ? `opens: ${diff.opens}; ` : ""}`;
    const seen = kind === "remove-unused" ? `no flow over ${days.toFixed(1)} days` : `${usage.hits} flows from ${usage.peersExact ? "" : "at least "}${usage.distinctPeers} peers over ${days.toFixed(1)} days`;
    const read = cov !== undefined ? ` (${percent(1 - lowering.share)} of the log read as records)` : "";
    const covers = kind === "remove-unused" ? `the logs cover ${days.toFixed(1)} days${read}: "unused" means no flow in that window, and a rule used less often, such as a monthly job or a failover path, looks unused` : undefined;
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
      summary: `${what}; ${closes}observed flows still admitted: ${percent(observed.stillAdmitted)}${sampled}; evidence ${grade}: ${seen}${gaps}${covers !== undefined ? `; ${covers}` : ""}`,
    };
    if (covers !== undefined) proposal.evidence.covers = covers;
    if (cov !== undefined) proposal.evidence.coverage = { records: cov.records, skipData: cov.skipData, bad: cov.bad ?? 0, unreadShare: lowering.share, lowered: lowering.steps };
    if (diff !== undefined) proposal.accessDiff = diff;
    proposals.push(proposal);
  };

  const analyses = new Map<string, GroupAnalysis | undefined>();
  const prefixLists = new Map((before.prefixLists ?? []).map((p) => [p.id, p]));
  const analysed = (groupId: string, index: number): AnalysedRule | undefined => {
    if (!analyses.has(groupId)) {
      const g = before.groups.find((x) => x.id === groupId);
      analyses.set(groupId, g ? new GroupAnalysis(g, prefixLists) : undefined);
    }
    return analyses.get(groupId)?.rules.find((r) => r.index === index);
  };
  const classicGroup = (groupId: string) => analyses.get(groupId)?.classic ?? false;
  /** The web ports a rule keeps open to every address unless asked (`narrowPublic`): what `world-open-non-web` holds to be right. */
  const publicWeb = (usage: RuleUsage) => {
    const ar = analysed(usage.groupId, usage.ruleIndex);
    return options.narrowPublic || !ar ? new Map<"tcp" | "udp", readonly PortRange[]>() : worldOpenWebPorts(ar, webPorts);
  };
  const onlyPublicWeb = (usage: RuleUsage) => {
    const ar = analysed(usage.groupId, usage.ruleIndex);
    return !options.narrowPublic && ar !== undefined && onlyWorldOpenWeb(ar, webPorts);
  };
  const webReason = (usage: RuleUsage, doing: string) =>
    `${portText(usage.rule)} from ${peerText(usage.rule)} is a web port open to every address in a group that serves the web, which world-open-non-web holds to be right: not ${doing} (pass --narrow-public, or narrowPublic, to ${doing === "removed" ? "remove" : "narrow"} it)`;

  for (const usage of attribution.rules) {
    const rule = usage.rule;
    if ((rule.policy ?? "accept") !== "accept" || usage.hits === 0) continue;
    const field = rule.cidrIp !== undefined ? "cidrIp" : rule.ipv6CidrIp !== undefined ? "ipv6CidrIp" : undefined;
    if (!field) continue;
    const ruleBlock = parseCidr(rule[field] as string) as CidrBlock;
    if (ruleBlock.prefix === (ruleBlock.family === "ipv4" ? 32 : 128)) continue;
    if (onlyPublicWeb(usage)) {
      skipped.push({ groupId: usage.groupId, ruleIndex: usage.ruleIndex, reason: webReason(usage, "narrowed") });
      continue;
    }
    const blocks = narrowBlocks(usage, ruleBlock, hostLimit, blockLimit);
    if (typeof blocks === "string") {
      const peers = `the ${usage.peersExact ? usage.distinctPeers : "many"} observed peers`;
      const why = blocks === "spread" ? `${peers} spread over more than ${blockLimit} blocks inside ${ruleBlock.text}` : `${peers} lie in no block narrower than ${ruleBlock.text} (peers are narrowed to blocks of /24, /16 or /8, or /64, /48 or /32, and private ones never to single addresses)`;
      skipped.push({ groupId: usage.groupId, ruleIndex: usage.ruleIndex, reason: `${why}: needs the owner's input` });
      continue;
    }
    // The ports: a rule too wide to keep (every protocol, every port, a range over admin or
    // database ports) is narrowed to the ports observed; the web ports a group serves to every
    // address stay open to it.
    const wide = isWideRule(rule, adminPorts, databasePorts);
    const web = publicWeb(usage);
    let ports = rulePorts(rule);
    const portless: RuleArgs[] = [];
    if (wide) {
      if (usage.ports.length >= PORTS_KEPT) {
        skipped.push({ groupId: usage.groupId, ruleIndex: usage.ruleIndex, reason: `${portText(rule)} is too wide to keep, and the flows used ${PORTS_KEPT} or more ports: which ports does this group serve? (needs the owner's input)` });
        continue;
      }
      const seen = rangesOfPorts(usage.ports);
      ports = new Map([...ports].map(([p, r]) => [p, intersectRanges(r, seen)] as const));
      if (rule.ipProtocol === "all") {
        const protocols = new Set(usage.samples.map((x) => x.flow.protocol).filter((p) => p !== "tcp" && p !== "udp"));
        for (const p of [...protocols].sort()) portless.push({ ...rule, ipProtocol: p as RuleArgs["ipProtocol"], portRange: "-1/-1" });
      }
    }
    for (const [p, r] of web) ports.set(p, subtractRanges(ports.get(p) ?? [], r));
    const portRules = (peer: Partial<RuleArgs>): RuleArgs[] => {
      if (!wide && web.size === 0) return [{ ...rule, ...peer } as RuleArgs];
      const out: RuleArgs[] = [];
      for (const [p, ranges] of ports) for (const r of ranges) out.push({ ...rule, ipProtocol: p, portRange: `${r.from}/${r.to}`, ...peer } as RuleArgs);
      return [...out, ...portless.map((x) => ({ ...x, ...peer }) as RuleArgs)];
    };
    const basis = ["flow-logs"];
    const classic = classicGroup(usage.groupId);
    const admin = ruleBlock.family === "ipv4" && isAnyAddress(ruleBlock) ? workbenchRules(rule, rulePorts(rule).get("tcp") ?? [], adminPorts, workbench, classic, rule.description) : [];
    // Observed peers inside Workbench's blocks need no rule of their own when Workbench's rules cover every port the rule keeps.
    const adminOnly = admin.length > 0 && !wide && web.size === 0 && subtractRanges(rulePorts(rule).get("tcp") ?? [], rangesOfPorts(adminPorts)).length === 0;
    const kept = adminOnly ? blocks.filter((b) => !workbench.some((w) => blockContains(w, b))) : blocks;
    if (admin.length > 0) basis.push("workbench-guidance");
    const added = dedupeAdded([
      ...kept.flatMap((b) => portRules({ [field]: b.text })),
      ...[...web].flatMap(([p, ranges]) => ranges.map((r) => ({ ...rule, ipProtocol: p, portRange: `${r.from}/${r.to}` }) as RuleArgs)),
      ...admin,
    ]);
    if (added.length === 0) {
      skipped.push({ groupId: usage.groupId, ruleIndex: usage.ruleIndex, reason: `no port the flows used lies in ${portText(rule)}: which ports does this group serve? (needs the owner's input)` });
      continue;
    }
    const via = rule.type === "ingress" ? "from" : "to";
    const wbText = admin.length > 0 ? `Workbench (${[...new Set(admin.map((r) => r.cidrIp))].join(", ")})${wide || web.size > 0 || !adminOnly ? ` on ${portsPhrase(new Map([["tcp", intersectRanges(rulePorts(rule).get("tcp") ?? [], rangesOfPorts(adminPorts))]]))}` : ""}` : "";
    const portsNote = wide ? ` on the ports observed (${portsPhrase(ports)}${portless.length > 0 ? `${portsPhrase(ports) ? "; " : ""}${portless.map((r) => r.ipProtocol).join(", ")}` : ""})` : web.size > 0 ? ` on ${portsPhrase(ports)}` : "";
    const webNote = web.size > 0 ? `, keeping ${portsPhrase(web)} open to ${peerText(rule)} (a group serving the web)` : "";
    const what = `narrows ${rule.type} ${portText(rule)} ${via} ${peerText(rule)} in ${usage.groupId} (rule ${usage.ruleIndex}) to ${kept.map((b) => b.text).join(", ")}${portsNote}${wbText ? `${kept.length > 0 ? " and " : ""}${wbText}` : ""}${webNote}`;
    // Checked before it is shown: the narrower rules keep no high finding (on the same ports: each lies inside the rule).
    const holes = holesOf(usage, added);
    if (holes.length > 0) {
      skipped.push({ groupId: usage.groupId, ruleIndex: usage.ruleIndex, reason: `the narrower rules would still fail ${[...new Set(holes.map((h) => h.check))].join(", ")}: needs the owner's input` });
      continue;
    }
    finish(usage, "narrow-peer", added, basis, what);
  }
  if (options.removeUnused !== false) {
    for (const usage of attribution.unused) {
      if (onlyPublicWeb(usage)) {
        skipped.push({ groupId: usage.groupId, ruleIndex: usage.ruleIndex, reason: webReason(usage, "removed") });
        continue;
      }
      const via = usage.rule.type === "ingress" ? "from" : "to";
      finish(usage, "remove-unused", [], ["flow-logs"], `removes unused ${usage.rule.type} ${portText(usage.rule)} ${via} ${peerText(usage.rule)} in ${usage.groupId} (rule ${usage.ruleIndex})`);
    }
  }
  return { proposals, skipped };
}
