/**
 * `accessDiff`: what a change does to effective access, not to rule tuples. Both sides are
 * evaluated with the evaluator's own decision procedure (priorities, drop wins ties, defaults
 * at 110, several groups per interface, inner access), and every region whose verdict differs
 * is reported: opened (denied before, allowed after) or closed, as peer × protocol × ports,
 * per instance and per group (a member in that group only), with one example flow and what
 * decided it before and after.
 */
import { FLOW_PROTOCOLS, FlowProtocol } from "../analysis/flow";
import { FailOn, Severity, reachesFailOn } from "../checks/finding";
import { Decider } from "../analysis/judge";
import { RegionChange, RegionEnd, endText, regionDiff, sideRegionDiff, sideRegions } from "../analysis/region-diff";
import { NetworkIndex, networkIndex, networkIndexOfChange, networkIndexOfVersion } from "../analysis/rule-index";
import { DiffExemption, Exemption, isDiffExemption, matchingExemption } from "../model/exemptions";
import { isAnyAddress, parseCidr } from "../model/ip";
import { NetworkModel } from "../model/network";
import { ruleKey } from "../model/rule-key";
import { RuleArgs, RuleType } from "../model/rule";
import { ADMIN_PORTS, DATABASE_PORT_LIST } from "../model/services";
import { Origin, SourceNetwork, Unresolved } from "../sources/source-network";

/** Version of the diff report's JSON shape. */
export const DIFF_REPORT_VERSION = 1;

/** One side of a diff: a plain model, or a network read from a source (with provenance). */
export type DiffSide = NetworkModel | SourceNetwork;

/** Severity of an opened region (CLI.md): the findings' severities. */
export type DiffSeverity = Severity;

/** Options of {@link accessDiff}. */
export interface AccessDiffOptions {
  /** Accepted broadenings (and findings, ignored here). @default [] */
  exemptions?: readonly Exemption[];
  /** Admin ports, which make an opened region high. @default [22, 3389] */
  adminPorts?: readonly number[];
  /** Database ports, which make an opened region high. @default [3306, 5432, 1433, 1521, 6379, 27017] */
  databasePorts?: readonly number[];
  /** A private IPv4 peer broader than this prefix makes an opened region medium. @default 16 */
  minPrivatePrefixLength?: number;
  /**
   * The only groups whose definition may differ between the sides, where the caller knows it
   * (a change it made to those groups alone: no other group, instance or prefix list differs).
   * The diff then compares just those groups and the pairs that hold one of them, and finds the
   * same regions as the whole diff. When `after` is a copy of `before` holding its very objects
   * but for those groups' rules (as a proposal changes a group), its index is made from
   * `before`'s, only those groups validated and compiled again. @default every group and
   * instance is compared
   */
  changedGroups?: readonly string[];
}

export type { RegionEnd };

/** What decided a region on one side of the diff. */
export interface RegionDecision {
  /** Whether the region was allowed on that side. */
  allowed: boolean;
  /** `rule`, `default` (the implicit rules at 110), `inner-access`, or `absent` (the interface does not exist on that side). */
  by: "rule" | "default" | "inner-access" | "absent";
  /** The side of the flow that decided: the sender's egress or the receiver's ingress. */
  direction?: RuleType;
  /** The group of the rule or inner access policy. */
  groupId?: string;
  /** Index of the rule in the group. */
  ruleIndex?: number;
  /** The rule's key (`in-accept-p1-tcp:22-from-0.0.0.0/0`). */
  rule?: string;
  /** Where the rule was read, when the side came from a source. */
  origin?: Origin;
}

/** One region whose verdict differs between the sides: the engine's {@link RegionChange}, each side's decision named for a report. */
export interface DiffRegion extends Omit<RegionChange, "before" | "after"> {
  /** What decided it before. */
  before: RegionDecision;
  /** What decides it after. */
  after: RegionDecision;
  /** Severity, for opened regions. */
  severity?: DiffSeverity;
  /** Why it is accepted, when an exemption accepts it. */
  accepted?: { rule: string; reason: string };
}

/** A rule that was added or removed. */
export interface RuleChange {
  /** The group. */
  groupId: string;
  /** `added` or `removed`. */
  change: "added" | "removed";
  /** The rule's key. */
  rule: string;
  /** Where it was read. */
  origin?: Origin;
  /** False when no region changed because of it: the rule changed, access did not. */
  effective: boolean;
}

/** The result of {@link accessDiff}. */
export interface AccessDiff {
  /** Every region whose verdict differs, opened first, then by scope, receiver, sender, protocol, ports. */
  regions: DiffRegion[];
  /** Added and removed rules (descriptions excluded: they change in place). */
  ruleChanges: RuleChange[];
  /** Counts. */
  summary: { opened: number; closed: number; accepted: number; high: number; medium: number; low: number; rulesChanged: number; rulesWithoutAccessChange: number };
  /** Exemptions that accepted a region, and `diff` entries that matched none (stale). */
  exemptions: { accepted: DiffExemption[]; stale: DiffExemption[] };
  /** What each side left unresolved (from its source). */
  unresolved: { before: Unresolved[]; after: Unresolved[] };
}

interface Side {
  index: NetworkIndex;
  source?: SourceNetwork;
  /** The caller's model (the index holds validated copies of its rules, in its order): a rule's key is cached per object, so reports share them. */
  input: NetworkModel;
  /** The report's words for each decider met, made once per side (a proof's regions share a few deciders). */
  decisions: Map<Decider | undefined, RegionDecision>;
}

function modelOf(s: DiffSide): { model: NetworkModel; source?: SourceNetwork } {
  const source = (s as SourceNetwork | null)?.model !== undefined && (s as SourceNetwork).ruleOrigins !== undefined ? (s as SourceNetwork) : undefined;
  return source ? { model: source.model, source } : { model: s as NetworkModel };
}

/** A side of the diff: its index (`networkIndex` of its model unless one made for a change is given), its source and the caller's model. */
function sideOf(s: DiffSide, index?: NetworkIndex): Side {
  const { model, source } = modelOf(s);
  return { index: index ?? networkIndex(model), source, input: model, decisions: new Map() };
}

const KEYS = new WeakMap<RuleArgs, string>();

/** {@link ruleKey}, once per rule object (reports name the same rules many times). */
export function cachedRuleKey(rule: RuleArgs): string {
  let k = KEYS.get(rule);
  if (k === undefined) {
    k = ruleKey(rule);
    KEYS.set(rule, k);
  }
  return k;
}

/** What decided a region on one side, as the report names it: one object per decider and side, shared by the regions it decided. */
function decision(side: Side, d: Decider | undefined): RegionDecision {
  let out = side.decisions.get(d);
  if (out === undefined) side.decisions.set(d, (out = decisionOf(side, d)));
  return out;
}

function decisionOf(side: Side, d: Decider | undefined): RegionDecision {
  if (!d) return { allowed: false, by: "absent" };
  const out: RegionDecision = { allowed: d.allowed, by: d.kind };
  if (d.direction) out.direction = d.direction;
  if (d.groupId !== undefined) out.groupId = d.groupId;
  if (d.kind === "rule" && d.groupId !== undefined && d.ruleIndex !== undefined) {
    out.ruleIndex = d.ruleIndex;
    // The same rule as the caller's object when it is one (an index exists only for a model
    // validation refused nothing of, and validation keeps the order), so its key is cached.
    const g = side.index.groups.get(d.groupId);
    const input = g !== undefined ? side.input.groups[g.index] : undefined;
    const rule = ((input?.id === d.groupId ? input.rules[d.ruleIndex] : undefined) ?? g?.group.rules[d.ruleIndex]) as RuleArgs;
    out.rule = cachedRuleKey(rule);
    const origin = side.source?.ruleOrigins.get(d.groupId)?.[d.ruleIndex];
    if (origin) out.origin = origin;
  }
  return out;
}

/** The names an exemption's `rule` may use for a rule: its rule id, its resource (and a URN's last part), `<group>/<key>`. */
export function ruleNames(d: RegionDecision): string[] {
  if (d.by !== "rule" || d.groupId === undefined || d.rule === undefined) return [];
  const names = [`${d.groupId}/${d.rule}`];
  if (d.origin?.ruleId) names.push(d.origin.ruleId);
  if (d.origin?.resource) {
    names.push(d.origin.resource);
    const last = d.origin.resource.split("::").pop();
    if (last) names.push(last);
  }
  return names;
}

function severityOf(r: DiffRegion, side: Side, options: Required<Pick<AccessDiffOptions, "adminPorts" | "databasePorts" | "minPrivatePrefixLength">>): DiffSeverity {
  const rule = r.after.by === "rule" && r.after.groupId !== undefined && r.after.ruleIndex !== undefined ? side.index.groups.get(r.after.groupId)?.group.rules[r.after.ruleIndex] : undefined;
  const outside = r.from.kind === "addresses" || r.to.kind === "addresses";
  let world = false;
  let broadPrivate = false;
  if (outside) {
    if (r.after.by === "default") world = true;
    const cidr = rule?.cidrIp ?? rule?.ipv6CidrIp;
    if (cidr) {
      const b = parseCidr(cidr);
      if (b && isAnyAddress(b)) world = true;
      if (b && b.family === "ipv4" && b.prefix < options.minPrivatePrefixLength && b.prefix > 0) broadPrivate = true;
    }
    if (rule?.prefixListId) {
      const entries = side.index.prefixLists.get(rule.prefixListId) ?? [];
      if (entries.some(isAnyAddress)) world = true;
      if (entries.some((e) => e.family === "ipv4" && e.prefix > 0 && e.prefix < options.minPrivatePrefixLength)) broadPrivate = true;
    }
  }
  const sensitive = [...options.adminPorts, ...options.databasePorts];
  const ports = r.ports;
  const hitsSensitive = ports !== null && sensitive.some((p) => ports.from <= p && p <= ports.to);
  const crossAccount = rule?.sourceGroupOwnerId !== undefined || rule?.sourceGroupOwnerAccount !== undefined;
  if (world || hitsSensitive || crossAccount) return "high";
  if (broadPrivate || (ports !== null && ports.from === 1 && ports.to === 65535)) return "medium";
  return "low";
}

/** A region of the engine as the report shows it: each decider named by its rule key and provenance. */
function toRegion(r: RegionChange, before: Side, after: Side): DiffRegion {
  // Field by field, in the engine's order: an object rest pattern takes V8's slow generic copy,
  // and a proposal's proof names hundreds of thousands of regions.
  return {
    change: r.change,
    scope: r.scope,
    from: r.from,
    to: r.to,
    protocol: r.protocol,
    ports: r.ports,
    example: r.example,
    before: decision(before, r.before),
    after: decision(after, r.after),
  };
}

/**
 * Compares the effective access of two networks. Either side may be a plain model or a network
 * read from a source (whose provenance then names each deciding rule). Only interfaces whose
 * groups changed are compared, so the cost follows the change, not the estate: an instance
 * whose groups and address are the same on both sides, and whose groups' rules are the same,
 * has the same access.
 *
 * @example accessDiff(before, after).regions.filter((r) => r.change === "opened")
 */
export function accessDiff(beforeInput: DiffSide, afterInput: DiffSide, options: AccessDiffOptions = {}): AccessDiff {
  const before = sideOf(beforeInput);
  // The after side's index made from the before side's: for the groups the caller names, or,
  // where it names none and the sides are two versions of one estate that differ in some groups'
  // rules only, for those groups, found; the diff then compares just them.
  const base = before.input;
  const model = modelOf(afterInput).model;
  const named = options.changedGroups;
  const version = named ? { index: networkIndexOfChange(base, model, named), changed: named } : networkIndexOfVersion(base, model);
  const after = sideOf(afterInput, version?.index);
  const changed = version?.changed;
  const resolved = {
    adminPorts: options.adminPorts ?? ADMIN_PORTS,
    databasePorts: options.databasePorts ?? DATABASE_PORT_LIST,
    minPrivatePrefixLength: options.minPrivatePrefixLength ?? 16,
  };
  const found = regionDiff(before.index, after.index, changed ? new Set(changed) : undefined);
  const dirtyGroups = found.changedGroups;
  const regions: DiffRegion[] = found.regions.map((r) => toRegion(r, before, after));

  // Severity, exemptions.
  const diffEntries = (options.exemptions ?? []).filter(isDiffExemption);
  const used = new Set<DiffExemption>();
  for (const r of regions) {
    if (r.change !== "opened") continue;
    r.severity = severityOf(r, after, resolved);
    const names = ruleNames(r.after);
    const target = r.to.kind === "addresses" ? (r.from as { id: string }).id : r.to.id;
    const entry = matchingExemption(diffEntries, { diff: target }, names);
    if (entry) {
      r.accepted = { rule: entry.rule, reason: entry.reason };
      used.add(entry);
    }
  }
  const scopeOrder = (r: DiffRegion) => (r.scope === "instance" ? 0 : 1);
  const rank = (r: DiffRegion) => `${r.change === "opened" ? 0 : 1}|${scopeOrder(r)}|${endText(r.to)}|${endText(r.from)}|${FLOW_PROTOCOLS.indexOf(r.protocol)}|${String(r.ports?.from ?? 0).padStart(5, "0")}`;
  const keyed = regions.map((r) => [rank(r), r] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const sorted = keyed.map(([, r]) => r);

  // Rules added and removed, and whether any region changed because of them.
  const deciders = new Set<string>();
  for (const r of sorted) {
    if (r.before.rule) deciders.add(`before|${r.before.groupId}|${r.before.ruleIndex}`);
    if (r.after.rule) deciders.add(`after|${r.after.groupId}|${r.after.ruleIndex}`);
  }
  const ruleChanges: RuleChange[] = [];
  for (const g of dirtyGroups) {
    const keysOf = (side: Side) => (side.index.groups.get(g)?.group.rules ?? []).map(cachedRuleKey);
    const kb = keysOf(before);
    const ka = keysOf(after);
    const sb = new Set(kb);
    const sa = new Set(ka);
    kb.forEach((k, i) => {
      if (sa.has(k)) return;
      const c: RuleChange = { groupId: g, change: "removed", rule: k, effective: deciders.has(`before|${g}|${i}`) };
      const o = before.source?.ruleOrigins.get(g)?.[i];
      if (o) c.origin = o;
      ruleChanges.push(c);
    });
    ka.forEach((k, i) => {
      if (sb.has(k)) return;
      const c: RuleChange = { groupId: g, change: "added", rule: k, effective: deciders.has(`after|${g}|${i}`) };
      const o = after.source?.ruleOrigins.get(g)?.[i];
      if (o) c.origin = o;
      ruleChanges.push(c);
    });
  }
  const opened = sorted.filter((r) => r.change === "opened");
  const live = opened.filter((r) => !r.accepted);
  return {
    regions: sorted,
    ruleChanges,
    summary: {
      opened: opened.length,
      closed: sorted.length - opened.length,
      accepted: opened.length - live.length,
      high: live.filter((r) => r.severity === "high").length,
      medium: live.filter((r) => r.severity === "medium").length,
      low: live.filter((r) => r.severity === "low").length,
      rulesChanged: ruleChanges.length,
      rulesWithoutAccessChange: ruleChanges.filter((c) => !c.effective).length,
    },
    exemptions: { accepted: diffEntries.filter((e) => used.has(e)), stale: diffEntries.filter((e) => !used.has(e)) },
    unresolved: { before: before.source?.unresolved ?? [], after: after.source?.unresolved ?? [] },
  };
}

/** True when the diff reaches the `--fail-on` level: any opened region (`broadening`), or one of that severity or worse; accepted regions never count. */
export function diffFails(diff: AccessDiff, failOn: FailOn): boolean {
  return diff.regions.some((r) => r.change === "opened" && !r.accepted && reachesFailOn(r.severity ?? "low", failOn));
}

/** An allowed region of one side: what reaches (ingress) or leaves (egress) an interface, and the deciding rule. */
export interface AllowedRegion {
  /** The peer: outside addresses, or members of a group. */
  peer: RegionEnd;
  /** Protocol; `all` for inner access (every protocol and port). */
  protocol: FlowProtocol | "all";
  /** Ports (tcp/udp), else `null`. */
  ports: { from: number; to: number } | null;
  /** What allows it. */
  by: RegionDecision;
}

/**
 * What one side of a member of these groups allows, without the full matrix: outside addresses
 * (cut only at the blocks its rules name), members of each group its rules name, and fellow
 * members (inner access). Only this side is judged: between instances the other side's rules
 * count too.
 */
export function sideAccess(input: DiffSide, groupIds: readonly string[], direction: RuleType): AllowedRegion[] {
  const side = sideOf(input);
  return sideRegions(side.index, groupIds, direction).map((r) => ({ peer: r.peer, protocol: r.protocol, ports: r.ports, by: decision(side, r.decider) }));
}

/** Options of {@link sideDiff}. */
export interface SideDiffOptions {
  /** Which regions to build (the rest are only counted through `dropped`): a caller that needs a few saves rendering the others. @default all */
  keep?: (change: "opened" | "closed", before: Decider, after: Decider, peer: "addresses" | "group-member") => boolean;
  /** Told of each region not kept. */
  dropped?: (change: "opened" | "closed") => void;
}

/**
 * The diff of one side of a member in these groups only: opened and closed regions of its
 * ingress (or egress) against outside addresses and against members of every group its rules
 * name, on both sides. Exact for that side; between two instances a flow also needs the other
 * end's side, so a flow-level diff can only be smaller. Cheap: it never visits other groups, so
 * a proposal that changes one group's ingress is proved without comparing the whole estate.
 */
export function sideDiff(beforeInput: DiffSide, afterInput: DiffSide, groupIds: readonly string[], direction: RuleType, options: SideDiffOptions = {}): DiffRegion[] {
  const before = sideOf(beforeInput);
  const after = sideOf(afterInput);
  return sideRegionDiff(before.index, after.index, groupIds, direction, options).map((r) => toRegion(r, before, after));
}
