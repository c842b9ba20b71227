/**
 * `audit`: the plan report for groups that already exist. Groups, rules (with where each was
 * read), instances, findings, who can reach each group (without the full matrix), unused
 * groups with every reason for use, drift between code (a stack export or a Terraform state)
 * and the cloud (an API export), and for each high finding a least-privilege replacement
 * proved by the access diff.
 */
import { accessMatrix } from "../analysis/access-matrix";
import { networkIndex } from "../analysis/rule-index";
import { CheckOptions, ResolvedCheckOptions, resolveCheckOptions } from "../checks/check-options";
import { checkNetworkKeeping } from "../checks/check-network";
import { CheckId, FailOn, Finding, Severity, failingFindings } from "../checks/finding";
import { GroupAnalysis, fromAnywhere, sourceBlocks } from "../checks/group-analysis";
import { conflictingRuleIdFinding, incompleteInputFinding, inputCheckEnabled, unresolvedRuleFinding } from "../checks/input-gaps";
import { isClassicGroup, networkReadingText, readGroupNetwork } from "../model/group-network";
import { CidrBlock, isAnyAddress } from "../model/ip";
import { GroupModel, validateGroup } from "../model/network";
import { PortRange, formatRanges, intersectRanges, normalizeRanges, rangesOfPorts, subtractRanges } from "../model/port-ranges";
import { RuleArgs, portInterval } from "../model/rule";
import { peerText, portText, ruleKeyIn } from "../model/rule-key";
import { Exemption, FindingExemption, exemptionWhere, isFindingExemption, matchingExemption } from "../model/exemptions";
import { WORKBENCH_CIDRS } from "../model/services";
import { ValidatedRules } from "../model/validated-rules";
import { ValidationError } from "../model/errors";
import { GroupUseReason, Origin, SourceNetwork, Unresolved } from "../sources/source-network";
import { AllowedRegion, DiffRegion, cachedRuleKey, sideAccess, sideDiff } from "./access-diff";
import { holesLeft, proofPhrase, regionsPhrase, withoutPeer, workbenchBlocks, workbenchRules } from "./advice";

/** Version of the audit report's JSON shape. */
export const AUDIT_REPORT_VERSION = 1;

/** Options of {@link audit}. */
export interface AuditOptions {
  /** Acknowledged findings (`check` entries). @default [] */
  exemptions?: readonly Exemption[];
  /** Options of the checks. @default the checks' defaults */
  checks?: CheckOptions;
  /** Also compute the full pairwise matrix (costly on large estates). @default false */
  matrix?: boolean;
  /** Workbench source ranges, proposed for the admin ports only (`checks.adminPorts`). @default WORKBENCH_CIDRS (seed 004) */
  workbench?: readonly string[];
  /** Accept groups named without their rule files: `incomplete-input` is low instead of high. @default false */
  allowIncomplete?: boolean;
}

/** One rule as the audit lists it. */
export interface AuditRule {
  /** Index in the group's rules. */
  index: number;
  /** The rule's key. */
  key: string;
  /** The rule. */
  rule: RuleArgs;
  /** Where it was read. */
  origin?: Origin;
}

/** One group. */
export interface AuditGroup {
  /** Group id. */
  id: string;
  /** Name, where known. */
  name?: string;
  /** `normal`, `enterprise`. */
  type: "normal" | "enterprise";
  /** `vpc` or `classic`. */
  network: "vpc" | "classic";
  /** Why, when the group states no network and its rules say it (`read as classic: rule 3 is an internet rule`). */
  networkReading?: string;
  /** The VPC, where known. */
  vpcId?: string;
  /** Inner access policy of a basic group. */
  innerAccessPolicy?: "Accept" | "Drop";
  /** True when another cloud service manages the group (report only, no proposals). */
  serviceManaged: boolean;
  /** True when the sources do not hold the group's rules. */
  rulesUnknown: boolean;
  /** Its rules. */
  rules: AuditRule[];
  /** Instances (and network interfaces) in it. */
  members: string[];
  /** Who can reach a member (the member's ingress side). */
  reachableFrom: AllowedRegion[];
}

/** Why a group is in use. */
export interface GroupUsage {
  /** The group. */
  groupId: string;
  /** Every reason found: members, ENIs, launch templates, scaling configurations, other groups' rules, references. */
  reasons: { kind: GroupUseReason["kind"] | "instance" | "rule"; by: string }[];
  /** `used`; `unused` (the sources cover the account); `possibly-unused` (they may not). */
  status: "used" | "unused" | "possibly-unused";
}

/** A finding with where its rule was read, and whether it is acknowledged. */
export interface AuditFinding extends Finding {
  /** Where the rule was read. */
  origin?: Origin;
  /** The exemption that acknowledges it. */
  acknowledged?: { reason: string; exemption: string };
}

/** A least-privilege replacement of one rule. */
export interface Proposal {
  /** The check whose finding it answers. */
  check: string;
  /** The group. */
  groupId: string;
  /** The rule to revoke (after the new rules exist). */
  revoke: AuditRule;
  /** The rules to add first. */
  add: RuleArgs[];
  /** What the files do not say and the owner must give (never invented). */
  needs: string[];
  /** The evidence behind the new rules. */
  basis: string;
  /**
   * The proof: the diff of the group's ingress side with all its proposals applied holds
   * closures only and keeps the flows rules declare; `closes` lists what this proposal's revoked
   * rule decided (each region `from` its sender `to` its receiver), `opens` what the change
   * opens (empty when valid), `summary` both in one line in the direction they act ("closes
   * tcp:22 from 0.0.0.0/0 but Workbench's ranges (…) to members of sg-web; opens nothing").
   * Before it is shown, every proposal is checked: the rules it adds open nothing and carry no
   * finding of the severity it fixes (a rule that would is left out, and `needs` says so).
   */
  proof: { opened: number; closed: number; closes: DiffRegion[]; opens: DiffRegion[]; summary: string; keepsDeclaredPeers: boolean; valid: boolean };
}

/** Drift between code and cloud. */
export interface Drift {
  /** The code source (a stack export or a state). */
  code: { format: string; files: string[] };
  /** Rules in the cloud that no code owns (in groups the code manages). */
  cloudOnly: (AuditRule & { groupId: string })[];
  /** Rules in code that the cloud does not hold. */
  codeOnly: (AuditRule & { groupId: string })[];
  /** Groups in code that the cloud export does not hold. */
  groupsOnlyInCode: string[];
}

/** The audit report. */
export interface AuditReport {
  /** Shape version. */
  version: typeof AUDIT_REPORT_VERSION;
  /** Always `audit`. */
  report: "audit";
  /** The sources read, the first being the one audited. */
  sources: { format: string; files: string[] }[];
  /** Region, when known. */
  region?: string;
  /** Counts; `leftOut` is what the sources held that the evaluation does not (rules that could not be read, groups without their rule files, instances without a usable address), `assumed` the values filled in or trimmed. */
  totals: { groups: number; rules: number; instances: number; findings: Record<Severity, number>; unused: number; proposals: number; leftOut: { rules: number; groups: number; instances: number }; assumed: number };
  /** Groups, by id. */
  groups: AuditGroup[];
  /** Instances. */
  instances: { id: string; name?: string; privateIp: string; groups: string[]; publicIp?: string | boolean; origin?: Origin }[];
  /** Findings of the checks, with provenance. */
  findings: AuditFinding[];
  /** Use of every group. */
  usage: GroupUsage[];
  /** Drift, when code and cloud are both given. */
  drift: Drift[];
  /** Replacements for high findings. */
  proposals: Proposal[];
  /** What the sources left unresolved. */
  unresolved: Unresolved[];
  /** Stale `check` exemptions. */
  staleExemptions: FindingExemption[];
  /** The full matrix, on request. */
  matrix?: { from: string; to: string; allowed: string[] }[];
}

function auditRules(net: SourceNetwork, g: GroupModel): AuditRule[] {
  const origins = net.ruleOrigins.get(g.id) ?? [];
  return g.rules.map((rule, index) => {
    const r: AuditRule = { index, key: cachedRuleKey(rule), rule };
    if (origins[index]) r.origin = origins[index];
    return r;
  });
}

function findingNames(f: Finding, net: SourceNetwork, groupById: Map<string, GroupModel>): string[] {
  if (f.intentId !== undefined) return [f.intentId];
  if (f.ruleIndex === undefined) return [f.groupId];
  const rule = groupById.get(f.groupId)?.rules[f.ruleIndex];
  const o = net.ruleOrigins.get(f.groupId)?.[f.ruleIndex];
  const names = rule ? [`${f.groupId}/${cachedRuleKey(rule)}`] : [];
  if (o?.ruleId) names.push(o.ruleId);
  if (o?.resource) names.push(o.resource, o.resource.split("::").pop() as string);
  return names;
}

/** The merged ports of tcp/udp rules (rules of every port left out: they imply nothing). */
function impliedPorts(rules: readonly RuleArgs[]): Map<"tcp" | "udp", PortRange[]> {
  const out = new Map<"tcp" | "udp", PortRange[]>();
  for (const r of rules) {
    if (r.ipProtocol !== "tcp" && r.ipProtocol !== "udp") continue;
    const { from, to } = portInterval(r);
    if (from === 1 && to === 65535) continue;
    out.set(r.ipProtocol, [...(out.get(r.ipProtocol) ?? []), { from, to }]);
  }
  for (const [p, list] of out) out.set(p, normalizeRanges(list));
  return out;
}

/** `tcp:22, 3389; udp:22` */
function portsPhrase(byProtocol: ReadonlyMap<string, readonly PortRange[]>): string {
  return [...byProtocol].filter(([, r]) => r.length > 0).map(([p, r]) => `${p}:${formatRanges(r)}`).join("; ");
}

/** The checks a proposal answers: a finding led by, or also failing, one of them. */
const PROPOSING: readonly CheckId[] = ["public-admin-port", "public-database-port", "all-ports-open"];

/** What {@link propose} reads besides the finding. */
interface ProposeContext {
  readonly workbench: readonly CidrBlock[];
  readonly checks: ResolvedCheckOptions;
  readonly egressNaming: Map<string, { groupId: string; rule: RuleArgs }[]>;
  readonly rulesOf: (g: GroupModel) => AuditRule[];
  readonly groupById: Map<string, GroupModel>;
  readonly analysisOf: (g: GroupModel) => GroupAnalysis;
  /** The keys of a group's rules as the group's network sees them (made once for a group's findings in a row). */
  readonly keysIn: (g: GroupModel) => ReadonlySet<string>;
}

/**
 * Builds the replacement of the rule behind one high finding, or undefined when no check it
 * fails has one. The rule's open ports (after the group's drops) are taken apart:
 * - open to every address, the admin ports get Workbench's ranges (and a question for the
 *   administrators' addresses), never another port;
 * - open to every address, the database ports get the groups whose egress rules name the group
 *   on them, or a question for the clients;
 * - every other port keeps the rule's peer only where the group's other accept rules or the
 *   egress rules naming it imply the port; with none implied, "which ports does this group
 *   serve?" is asked, never a recipe for one port stretched over all of them.
 * Every added rule lies inside the revoked one (its ports, its peer or a part of it).
 */
function propose(f: Finding, ctx: ProposeContext): (Omit<Proposal, "proof"> & { severity: Severity }) | undefined {
  if (f.ruleIndex === undefined) return undefined;
  const checks = new Set<CheckId>([f.check, ...(f.alsoFails ?? [])]);
  if (!PROPOSING.some((c) => checks.has(c))) return undefined;
  const group = ctx.groupById.get(f.groupId);
  const rule = group?.rules[f.ruleIndex];
  if (!group || !rule || rule.type !== "ingress" || (rule.policy ?? "accept") !== "accept") return undefined;
  const analysed = ctx.analysisOf(group).rules.find((r) => r.index === f.ruleIndex);
  if (!analysed) return undefined;
  const revoke = ctx.rulesOf(group)[f.ruleIndex];
  const classic = isClassicGroup(group);
  const open = ctx.analysisOf(group).openAfterDrops(analysed);
  const world = fromAnywhere(analysed);
  const worldV4 = world && sourceBlocks(analysed).some((b) => b.family === "ipv4" && isAnyAddress(b));
  const base = withoutPeer(rule);
  const add: RuleArgs[] = [];
  const needs: string[] = [];
  const basis: string[] = [];
  const rest = new Map<"tcp" | "udp", readonly PortRange[]>([
    ["tcp", open.get("tcp") ?? []],
    ["udp", open.get("udp") ?? []],
  ]);
  const take = (ports: readonly PortRange[]) => {
    const hit = new Map<"tcp" | "udp", readonly PortRange[]>();
    for (const [p, left] of rest) {
      const h = intersectRanges(left, ports);
      if (h.length > 0) hit.set(p, h);
      rest.set(p, subtractRanges(left, ports));
    }
    return hit;
  };

  if (world) {
    const admin = take(rangesOfPorts(ctx.checks.adminPorts));
    if (admin.size > 0) {
      const wb = worldV4 ? workbenchRules(rule, admin.get("tcp") ?? [], ctx.checks.adminPorts, ctx.workbench, classic) : [];
      add.push(...wb);
      basis.push(wb.length > 0 ? `Alibaba's guidance for the admin ports (${portsPhrase(admin)}): Workbench connects from ${[...new Set(wb.map((r) => r.cidrIp))].join(" and ")} (seed 004), on those ports only` : "no Workbench range applies (Workbench connects over tcp from IPv4 ranges)");
      needs.push(`the addresses your administrators connect from (a bastion host, a VPN range) for ${portsPhrase(admin)}; add one rule each`);
    }
    const database = take(rangesOfPorts(ctx.checks.databasePorts));
    if (database.size > 0) {
      const enterprise = group.type === "enterprise";
      const served = new Map<"tcp" | "udp", PortRange[]>();
      const clients = new Set<string>();
      if (!enterprise) {
        for (const e of ctx.egressNaming.get(group.id) ?? []) {
          if (e.groupId === group.id) continue;
          for (const [p, ports] of database) {
            if (e.rule.ipProtocol !== p && e.rule.ipProtocol !== "all") continue;
            const hit = intersectRanges(ports, [portInterval(e.rule)]);
            for (const h of hit) add.push({ ...base, ipProtocol: p, portRange: `${h.from}/${h.to}`, sourceSecurityGroupId: e.groupId, nicType: "intranet", description: `database clients: ${e.groupId}` });
            if (hit.length > 0) {
              clients.add(e.groupId);
              served.set(p, normalizeRanges([...(served.get(p) ?? []), ...hit]));
            }
          }
        }
      }
      const unserved = new Map([...database].map(([p, ports]) => [p, subtractRanges(ports, served.get(p) ?? [])] as const));
      if (clients.size > 0) basis.push(`the groups whose egress rules name ${group.id} on ${portsPhrase(served)}: ${[...clients].sort().join(", ")}`);
      else basis.push("no group in the files names this group as a destination on these ports");
      if ([...unserved.values()].some((r) => r.length > 0)) {
        needs.push(`which groups${enterprise ? " (as CIDR blocks: an enterprise group cannot name groups)" : ""} or addresses are the database's clients on ${portsPhrase(unserved)}; until then, revoking the rule drops world access`);
      }
    }
  }

  const left = new Map([...rest].filter(([, r]) => r.length > 0));
  const portless = [...open.keys()].filter((c) => c !== "tcp" && c !== "udp");
  if (left.size > 0 || portless.length > 0) {
    const others = group.rules.filter((r, i) => i !== f.ruleIndex && r.type === "ingress" && (r.policy ?? "accept") === "accept");
    const implied = impliedPorts([...others, ...(ctx.egressNaming.get(group.id) ?? []).map((e) => e.rule)]);
    const kept = new Map<"tcp" | "udp", PortRange[]>();
    for (const [p, ports] of left) {
      const keep = intersectRanges(ports, implied.get(p) ?? []);
      if (keep.length > 0) kept.set(p, keep);
      for (const k of keep) add.push({ ...base, ipProtocol: p, portRange: `${k.from}/${k.to}`, ...peerOf(rule) } as RuleArgs);
    }
    const what = [portsPhrase(left), ...portless].filter((x) => x !== "").join("; ");
    if (kept.size > 0) basis.push(`the ports of the group's other accept rules and of the egress rules that name it: ${portsPhrase(kept)}`);
    else {
      basis.push("no other rule implies a port");
      needs.push(`which ports does this group serve? The rule opened ${what} to ${peerText(rule)}, and neither the group's other rules nor the rules naming it imply any of them; add one rule per port it serves`);
    }
  }
  return { check: f.check, severity: f.severity, groupId: group.id, revoke, add: dedupe(add, group, ctx), needs, basis: basis.join("; ") };
}

/** `tcp:22 from 161.117.0.0/16`: an added rule, for what a proposal says it left out. */
function ruleText(r: RuleArgs): string {
  return `${portText(r)} from ${peerText(r)}`;
}

/** The peer fields of a rule (and its owner, for a group), and its nic type where the peer needs one. */
function peerOf(rule: RuleArgs): Partial<RuleArgs> {
  const out: Partial<RuleArgs> = {};
  for (const k of ["cidrIp", "ipv6CidrIp", "sourceSecurityGroupId", "prefixListId", "sourceGroupOwnerId", "sourceGroupOwnerAccount"] as const) if (rule[k] !== undefined) out[k] = rule[k];
  return out;
}

/** The rules not already in the group, each once (authorising an existing rule is a no-op). */
function dedupe(rules: RuleArgs[], group: GroupModel, ctx: ProposeContext): RuleArgs[] {
  const network = isClassicGroup(group) ? "classic" : "vpc";
  const seen = new Set(ctx.keysIn(group));
  return normalAdded(rules, group).filter((r) => {
    const k = ruleKeyIn(r, network);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The rules a proposal adds in normal form, validated once in their group and sealed, so that
 * their keys, the proof's index and the checks of what they leave take them as valid instead of
 * validating each again. When the group refuses one, they are left as they are, to be refused
 * where they are used.
 */
function normalAdded(rules: readonly RuleArgs[], group: GroupModel): readonly RuleArgs[] {
  const normal = new ValidatedRules();
  let out: RuleArgs[];
  try {
    out = normal.record(() => validateGroup({ ...group, rules: [...rules] }, { maxRules: Infinity, maxReferencedGroups: Infinity }).rules);
  } catch (e) {
    if (e instanceof ValidationError) return rules;
    throw e;
  }
  normal.seal(out);
  return out;
}

function drift(cloud: SourceNetwork, code: SourceNetwork): Drift {
  const cloudGroups = new Map(cloud.model.groups.map((g) => [g.id, g]));
  const cloudOnly: (AuditRule & { groupId: string })[] = [];
  const codeOnly: (AuditRule & { groupId: string })[] = [];
  const groupsOnlyInCode: string[] = [];
  for (const g of code.model.groups) {
    if (code.rulesUnknown.has(g.id)) continue;
    const cg = cloudGroups.get(g.id);
    if (!cg) {
      groupsOnlyInCode.push(g.id);
      continue;
    }
    const codeRules = auditRules(code, g);
    const cloudRules = auditRules(cloud, cg);
    const codeIds = new Set(codeRules.map((r) => r.origin?.ruleId).filter((x): x is string => x !== undefined));
    const codeKeys = new Set(codeRules.map((r) => r.key));
    const cloudIds = new Set(cloudRules.map((r) => r.origin?.ruleId).filter((x): x is string => x !== undefined));
    const cloudKeys = new Set(cloudRules.map((r) => r.key));
    for (const r of cloudRules) if (!(r.origin?.ruleId && codeIds.has(r.origin.ruleId)) && !codeKeys.has(r.key)) cloudOnly.push({ groupId: g.id, ...r });
    for (const r of codeRules) if (!(r.origin?.ruleId && cloudIds.has(r.origin.ruleId)) && !cloudKeys.has(r.key)) codeOnly.push({ groupId: g.id, ...r });
  }
  return { code: { format: code.format, files: code.files }, cloudOnly, codeOnly, groupsOnlyInCode };
}

function whereText(o: Origin | undefined, fallback: string): string {
  if (!o) return fallback;
  const at = o.file === "" ? o.path : `${o.file} ${o.path}`;
  return o.ruleId ? `${o.ruleId} (${at})` : at;
}

/** The names an exemption may give a finding on something read from `origin`: rule id, resource, its short name. */
function originNames(o: Origin | undefined): string[] {
  if (!o) return [];
  const names: string[] = [];
  if (o.ruleId) names.push(o.ruleId);
  if (o.resource) names.push(o.resource, o.resource.split("::").pop() as string);
  return names;
}

/** The findings of the input checks (`unresolved-rule`, `incomplete-input`, `conflicting-rule-id`) on what the source's readers listed. */
function inputFindings(source: SourceNetwork, options: AuditOptions): { finding: AuditFinding; names: string[] }[] {
  const resolved = resolveCheckOptions(options.checks ?? {});
  const out: { finding: AuditFinding; names: string[] }[] = [];
  const add = (f: Finding, origin: Origin | undefined, names: string[]) => {
    const finding: AuditFinding = { ...f };
    if (origin) finding.origin = origin;
    out.push({ finding, names });
  };
  if (inputCheckEnabled("unresolved-rule", resolved)) {
    for (const u of source.unresolved) {
      if (u.rule === undefined) continue;
      const reason = u.effect.replace(/^(excluded from|left out of) the evaluation: /, "");
      const f = unresolvedRuleFinding({ groupId: u.groupId ?? "", parts: u.rule, reason, where: whereText(u.origin, u.subject) }, source.model, resolved);
      add(f, u.origin, [...originNames(u.origin), u.subject, ...(u.groupId ? [u.groupId] : [])]);
    }
  }
  if (inputCheckEnabled("incomplete-input", resolved)) {
    for (const g of source.incomplete) add(incompleteInputFinding({ groupId: g.groupId, where: whereText(g.origin, g.groupId) }, resolved, options.allowIncomplete === true), g.origin, [g.groupId]);
  }
  if (inputCheckEnabled("conflicting-rule-id", resolved)) {
    for (const c of source.conflicts) {
      const clash = { ruleId: c.ruleId, groupId: c.groupId, where: whereText({ ...c.origin, ruleId: undefined }, c.ruleId), otherWhere: whereText({ ...c.other.origin, ruleId: undefined }, c.ruleId), otherGroupId: c.other.groupId };
      const f = conflictingRuleIdFinding(c.ruleIndex === undefined ? clash : { ...clash, ruleIndex: c.ruleIndex }, resolved);
      add(f, c.origin, [c.ruleId, c.groupId]);
    }
  }
  return out;
}

/**
 * Audits the networks read from the sources. The first ECS API export is the one audited (it
 * is the cloud); without one, the first source. With an API export and code (a stack export or
 * a Terraform state), drift is reported between them. What the audited source's readers could
 * not read is judged by the input checks (`unresolved-rule`, `incomplete-input`,
 * `conflicting-rule-id`) and gates like any finding.
 */
export function audit(sources: readonly SourceNetwork[], options: AuditOptions = {}): AuditReport {
  if (sources.length === 0) throw new Error("audit needs at least one source");
  const primary = sources.find((s) => s.format === "ecs-api") ?? sources[0];
  const model = primary.model;
  const index = networkIndex(model);
  const exemptions = (options.exemptions ?? []).filter(isFindingExemption);
  const groupById = new Map(model.groups.map((g) => [g.id, g]));
  const used = new Set<FindingExemption>();

  // Findings, with provenance and acknowledgements.
  const acknowledge = (out: AuditFinding, names: readonly (string | undefined)[]): AuditFinding => {
    const e = exemptions.length === 0 ? undefined : matchingExemption(exemptions, { check: out.check }, (rule) => names.includes(rule));
    if (e) {
      out.acknowledged = { reason: e.reason, exemption: exemptionWhere(e) };
      used.add(e);
    }
    return out;
  };
  // The checks' analyses of the groups are the proposals' too (the same model and prefix lists).
  // Kept until the proposals are drafted, then let go: the proofs never read them (at 2,000
  // groups they are 150 MB of the 600 MB the audit holds by then).
  let checked: ReturnType<typeof checkNetworkKeeping> | undefined = checkNetworkKeeping(model, options.checks);
  const findings: AuditFinding[] = checked.findings.map((f) => {
    const out: AuditFinding = { ...f };
    if (f.ruleIndex !== undefined) {
      const o = primary.ruleOrigins.get(f.groupId)?.[f.ruleIndex];
      if (o) out.origin = o;
    }
    return acknowledge(out, findingNames(f, primary, groupById));
  });
  // What the readers could not read weighs in the gate like any finding (lib/checks/input-gaps.ts).
  for (const { finding, names } of inputFindings(primary, options)) findings.push(acknowledge(finding, names));

  // Members and uses.
  const members = new Map<string, string[]>();
  for (const i of model.instances ?? []) for (const g of new Set(i.groups)) members.set(g, [...(members.get(g) ?? []), i.id]);
  const egressNaming = new Map<string, { groupId: string; rule: RuleArgs }[]>();
  const namedBy = new Map<string, Set<string>>();
  for (const g of model.groups) {
    for (const r of g.rules) {
      const peer = r.sourceSecurityGroupId;
      if (!peer) continue;
      if (peer !== g.id) namedBy.set(peer, (namedBy.get(peer) ?? new Set()).add(g.id));
      if (r.type === "egress" && (r.policy ?? "accept") === "accept") egressNaming.set(peer, [...(egressNaming.get(peer) ?? []), { groupId: g.id, rule: r }]);
    }
  }
  const allUses = sources.flatMap((s) => s.uses);
  const complete = model.complete === true;
  const usage: GroupUsage[] = model.groups.map((g) => {
    const reasons: GroupUsage["reasons"] = [];
    for (const m of members.get(g.id) ?? []) reasons.push({ kind: "instance", by: m });
    for (const u of allUses) if (u.groupId === g.id && !reasons.some((r) => r.kind === u.kind && r.by === u.by) && !(u.kind === "network-interface" && (members.get(g.id) ?? []).includes(u.by))) reasons.push({ kind: u.kind, by: u.by });
    for (const by of [...(namedBy.get(g.id) ?? [])].sort()) reasons.push({ kind: "rule", by });
    return { groupId: g.id, reasons, status: reasons.length > 0 ? "used" : complete ? "unused" : "possibly-unused" };
  });

  const ruleCache = new Map<string, AuditRule[]>();
  const rulesOf = (g: GroupModel): AuditRule[] => {
    let r = ruleCache.get(g.id);
    if (!r) {
      r = auditRules(primary, g);
      ruleCache.set(g.id, r);
    }
    return r;
  };
  // Groups with who can reach them.
  const groups: AuditGroup[] = model.groups.map((g) => {
    const ig = index.groups.get(g.id);
    const out: AuditGroup = {
      id: g.id,
      type: g.type ?? "normal",
      network: ig && !ig.vpc ? "classic" : "vpc",
      serviceManaged: primary.serviceManaged.has(g.id),
      rulesUnknown: primary.rulesUnknown.has(g.id),
      rules: rulesOf(g),
      members: (members.get(g.id) ?? []).sort(),
      reachableFrom: sideAccess(primary, [g.id], "ingress"),
    };
    const reading = networkReadingText(readGroupNetwork(g));
    if (reading) out.networkReading = reading;
    if (g.name) out.name = g.name;
    if (g.vpcId) out.vpcId = g.vpcId;
    if (g.innerAccessPolicy && out.type === "normal") out.innerAccessPolicy = g.innerAccessPolicy;
    return out;
  });

  // Proposals for high findings. Each group's proposals are applied together and proved by the
  // diff of the group's ingress side (where they act); each lists what its own revoked rule closes.
  // Before it is shown, every added rule is checked: one that would open anything, or still carry a
  // finding of the severity its proposal fixes, is left out, and the proposal says so.
  const checkOptions = resolveCheckOptions(options.checks ?? {});
  const workbenchCidrs = options.workbench ?? [WORKBENCH_CIDRS.public, WORKBENCH_CIDRS.private];
  let lastKeys: { group: GroupModel; keys: ReadonlySet<string> } | undefined;
  const ctx: ProposeContext = {
    workbench: workbenchBlocks(workbenchCidrs),
    checks: checkOptions,
    egressNaming,
    rulesOf,
    groupById,
    analysisOf: (g) => (checked as NonNullable<typeof checked>).analysisOf(g),
    keysIn: (g) => {
      // The findings come group by group: the last group's keys are the ones asked again.
      if (lastKeys?.group !== g) {
        const network = isClassicGroup(g) ? "classic" : "vpc";
        lastKeys = { group: g, keys: new Set(g.rules.map((r) => ruleKeyIn(r, network))) };
      }
      return lastKeys.keys;
    },
  };
  const drafts = new Map<string, (Omit<Proposal, "proof"> & { severity: Severity })[]>();
  for (const f of findings) {
    if (f.severity !== "high" || f.acknowledged || primary.serviceManaged.has(f.groupId)) continue;
    const p = propose(f, ctx);
    if (!p) continue;
    const list = drafts.get(p.groupId) ?? [];
    if (list.some((x) => x.revoke.index === p.revoke.index)) continue;
    drafts.set(p.groupId, [...list, p]);
  }
  checked = undefined;
  const proposals: Proposal[] = [];
  for (const [groupId, list] of drafts) {
    const revoked = new Set(list.map((p) => p.revoke.index));
    // The side of one group needs only that group (and the prefix lists): no index of the whole estate per proposal.
    const group = groupById.get(groupId) as GroupModel;
    const keptRules = group.rules.filter((_, i) => !revoked.has(i));
    const changedGroup = (): { changed: GroupModel; owner: { p: number; r: RuleArgs }[] } => {
      const owner = list.flatMap((p, k) => p.add.map((r) => ({ p: k, r })));
      return { changed: { ...group, rules: [...keptRules, ...owner.map((o) => o.r)] }, owner };
    };
    const diff = (changed: GroupModel) =>
      sideDiff(model, { groups: [changed], prefixLists: model.prefixLists }, [groupId], "ingress", {
        keep: (change, b, _a, peer) => change === "opened" || peer === "group-member" || (b.kind === "rule" && b.groupId === groupId && b.ruleIndex !== undefined && revoked.has(b.ruleIndex)),
      });
    let { changed, owner } = changedGroup();
    let regions = diff(changed);
    for (let round = 0; round < 3; round++) {
      // An added rule that opens a region, or keeps a finding of its proposal's severity, is left out.
      const out = new Map<number, string>();
      for (const r of regions) {
        if (r.change !== "opened" || r.after.groupId !== groupId || r.after.ruleIndex === undefined || r.after.ruleIndex < keptRules.length) continue;
        out.set(r.after.ruleIndex, `it would open ${regionsPhrase([r], workbenchCidrs)}`);
      }
      const bySeverity = new Map<Severity, Set<number>>();
      owner.forEach((o, k) => {
        const s = list[o.p].severity;
        bySeverity.set(s, (bySeverity.get(s) ?? new Set()).add(keptRules.length + k));
      });
      for (const [severity, added] of bySeverity) {
        for (const h of holesLeft(changed, model.prefixLists, added, severity, options.checks)) {
          const at = h.ruleIndex as number;
          if (list[owner[at - keptRules.length].p].severity !== severity || out.has(at)) continue;
          out.set(at, `it would still fail ${h.check} (${h.severity})`);
        }
      }
      if (out.size === 0) break;
      for (const [at, why] of out) {
        const o = owner[at - keptRules.length];
        const p = list[o.p];
        p.add = p.add.filter((r) => r !== o.r);
        p.needs.push(`a replacement for ${ruleText(o.r)}, left out: ${why}`);
      }
      ({ changed, owner } = changedGroup());
      regions = diff(changed);
    }
    const opened = regions.filter((r) => r.change === "opened");
    // Flows a rule declares between groups (the receiver's ingress naming the sender) must stay open.
    const declaring = group.rules.filter((x) => x.type === "ingress" && x.sourceSecurityGroupId !== undefined && (x.policy ?? "accept") === "accept").map((x) => ({ peer: x.sourceSecurityGroupId, protocol: x.ipProtocol, ...portInterval(x) }));
    const declared = (r: DiffRegion) =>
      r.from.kind === "group-member" &&
      r.from.id !== groupId &&
      declaring.some((x) => x.peer === (r.from as { id: string }).id && (x.protocol === "all" || x.protocol === r.protocol) && (r.ports === null || (x.from <= r.ports.to && r.ports.from <= x.to)));
    const cut = regions.some((r) => r.change === "closed" && declared(r));
    for (const { severity: _s, ...p } of list) {
      const closes = regions.filter((r) => r.change === "closed" && r.before.groupId === groupId && r.before.ruleIndex === p.revoke.index);
      proposals.push({ ...p, proof: { opened: opened.length, closed: closes.length, closes, opens: opened, summary: proofPhrase(closes, opened, workbenchCidrs), keepsDeclaredPeers: !cut, valid: opened.length === 0 && !cut } });
    }
  }

  const driftReports = primary.format === "ecs-api" ? sources.filter((s) => s !== primary && s.format !== "ecs-api" && s.format !== "plan-json").map((s) => drift(primary, s)) : [];

  const report: AuditReport = {
    version: AUDIT_REPORT_VERSION,
    report: "audit",
    sources: [primary, ...sources.filter((s) => s !== primary)].map((s) => ({ format: s.format, files: s.files })),
    totals: {
      groups: model.groups.length,
      rules: model.groups.reduce((n, g) => n + g.rules.length, 0),
      instances: (model.instances ?? []).length,
      findings: { high: findings.filter((f) => f.severity === "high" && !f.acknowledged).length, medium: findings.filter((f) => f.severity === "medium" && !f.acknowledged).length, low: findings.filter((f) => f.severity === "low" && !f.acknowledged).length },
      unused: usage.filter((u) => u.status !== "used").length,
      proposals: proposals.length,
      leftOut: {
        rules: primary.unresolved.filter((u) => u.rule !== undefined).length,
        groups: primary.incomplete.length,
        instances: primary.unresolved.filter((u) => u.kind === "instance-address" || u.kind === "secondary-eni").length,
      },
      assumed: primary.unresolved.filter((u) => u.kind === "trimmed-value" || u.kind === "default-value").length,
    },
    groups,
    instances: (model.instances ?? []).map((i) => {
      const o: AuditReport["instances"][number] = { id: i.id, privateIp: i.privateIp, groups: i.groups };
      if (i.name) o.name = i.name;
      if (i.publicIp !== undefined) o.publicIp = i.publicIp;
      const origin = primary.instanceOrigins.get(i.id);
      if (origin) o.origin = origin;
      return o;
    }),
    findings,
    usage,
    drift: driftReports,
    proposals,
    unresolved: sources.flatMap((s) => s.unresolved),
    staleExemptions: exemptions.filter((e) => !used.has(e)),
  };
  if (primary.region) report.region = primary.region;
  if (options.matrix) {
    const m = accessMatrix(model);
    report.matrix = m.flows.map((f) => ({ from: f.from, to: f.to, allowed: f.allowed.map((e) => (!e.ranges ? e.protocol : `${e.protocol}:${e.ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(",")}`)) }));
  }
  return report;
}

/** True when an unacknowledged finding reaches the level (`--fail-on`; a diff's `broadening` is not an audit level). */
export function auditFails(report: AuditReport, failOn: Exclude<FailOn, "broadening">): boolean {
  return failingFindings(report.findings, failOn).length > 0;
}
