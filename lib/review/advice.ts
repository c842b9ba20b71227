/**
 * What every proposal of the review shares, so that advice never widens and never keeps a
 * hole: Workbench's ranges only on the admin ports, a test for rules too wide to keep, the
 * findings a changed group would still carry on the rules a proposal adds, and a proof that
 * reads in the direction it acts ("closes tcp:22 from 0.0.0.0/0 but Workbench's ranges
 * (100.104.0.0/16, 161.117.0.0/16) to members of sg-web; opens nothing").
 */
import { checkNetwork } from "../checks/check-network";
import { CheckOptions, resolveCheckOptions } from "../checks/check-options";
import { CHECK_DEFINITIONS } from "../checks/registry";
import { Finding, Severity } from "../checks/finding";
import { effectiveNicType, nicTypesFor } from "../model/group-network";
import { CidrBlock, parseCidr } from "../model/ip";
import { GroupModel, PrefixListModel } from "../model/network";
import { PortRange, formatRanges, intersectRanges, normalizeRanges, rangesOfPorts } from "../model/port-ranges";
import { RuleArgs, portInterval } from "../model/rule";
import type { DiffRegion, RegionEnd } from "./access-diff";

/** A rule without its peer and description: what a replacement keeps of the rule it replaces. */
export function withoutPeer(rule: RuleArgs): RuleArgs {
  const { cidrIp: _a, ipv6CidrIp: _b, sourceSecurityGroupId: _c, prefixListId: _d, sourceGroupOwnerId: _e, sourceGroupOwnerAccount: _f, description: _g, ...rest } = rule;
  return rest;
}

/**
 * The rules that keep Workbench's access to the admin ports a rule opens over tcp: for each
 * admin port range in `tcpOpen` (the rule's open tcp ports) and each Workbench block, one rule
 * with the rule's other fields (policy, priority) and `description`. Never another port: Workbench's public
 * range is shared by every Workbench user. In a classic group only the blocks the rule's nic
 * type reaches are kept (an internet rule never reached Workbench's private range, so adding it
 * would open it). Empty for a rule that is not tcp or `all`.
 */
export function workbenchRules(rule: RuleArgs, tcpOpen: readonly PortRange[], adminPorts: readonly number[], workbench: readonly CidrBlock[], classic: boolean, description: string | undefined = "Workbench (seed 004)"): RuleArgs[] {
  if (rule.ipProtocol !== "tcp" && rule.ipProtocol !== "all") return [];
  const ports = intersectRanges(tcpOpen, rangesOfPorts(adminPorts));
  const nic = effectiveNicType(rule, classic);
  const blocks = workbench.filter((b) => b.family === "ipv4" && (!classic || nicTypesFor(b).includes(nic)));
  const out: RuleArgs[] = [];
  for (const p of ports) {
    for (const b of blocks) {
      const r: RuleArgs = { ...withoutPeer(rule), ipProtocol: "tcp", portRange: `${p.from}/${p.to}`, cidrIp: b.text };
      if (description !== undefined) r.description = description;
      if (classic) r.nicType = nic;
      out.push(r);
    }
  }
  return out;
}

/** Workbench's blocks, parsed; a value that is not an IPv4 block is left out. */
export function workbenchBlocks(cidrs: readonly string[]): CidrBlock[] {
  return cidrs.map((c) => parseCidr(c, "ipv4")).filter((b): b is CidrBlock => b !== undefined);
}

/**
 * True for a rule too wide to keep as one piece: every protocol, every port of tcp or udp, or a
 * range of more than one port that holds an admin or database port or spans 1,000 ports or
 * more. Evidence narrows such a rule to ports (the ones observed or implied), never stretches
 * one port's recipe over all of them.
 */
export function isWideRule(rule: RuleArgs, adminPorts: readonly number[], databasePorts: readonly number[]): boolean {
  if (rule.ipProtocol === "all") return true;
  if (rule.ipProtocol !== "tcp" && rule.ipProtocol !== "udp") return false;
  const { from, to } = portInterval(rule);
  if (to === from) return false;
  if (to - from + 1 >= 1000) return true;
  return [...adminPorts, ...databasePorts].some((p) => from <= p && p <= to);
}

const RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

/**
 * The findings of `severity` or worse that a changed group still carries on the rules a
 * proposal added (its rules from `addedFrom` on): a proposal with any keeps a hole open, on
 * the same ports as the rule it replaces (every added rule lies inside it). Every check runs,
 * one finding per check (not merged), over the group alone with the prefix lists.
 */
export function holesLeft(group: GroupModel, prefixLists: readonly PrefixListModel[] | undefined, added: ReadonlySet<number>, severity: Severity, checks: CheckOptions = {}): Finding[] {
  // One group's rules: the whole network's intents are no question of it.
  const { intents: _i, intentContext: _c, onIntentResults: _r, ...rest } = checks;
  // A check gives its findings one severity (its own, or the one the options set): only the checks of this severity or worse can keep a hole.
  const resolved = resolveCheckOptions(rest);
  const asked = CHECK_DEFINITIONS.filter((c) => (!resolved.checks || resolved.checks.has(c.id)) && RANK[resolved.severities[c.id] ?? c.severity] >= RANK[severity]).map((c) => c.id);
  const findings = checkNetwork({ groups: [group], prefixLists: prefixLists ? [...prefixLists] : [] }, { ...rest, checks: asked, consolidate: false });
  return findings.filter((f) => f.groupId === group.id && f.ruleIndex !== undefined && added.has(f.ruleIndex) && RANK[f.severity] >= RANK[severity]);
}

/** `members of sg-web`, `i-web`, `0.0.0.0/0 but Workbench's ranges (100.104.0.0/16, 161.117.0.0/16)`. */
export function endPhrase(e: RegionEnd, workbench: readonly string[] = []): string {
  if (e.kind === "instance") return e.id;
  if (e.kind === "group-member") return `members of ${e.id}`;
  const all = e.cidrs.length <= 4 ? e.cidrs.join(", ") : `${e.cidrs.slice(0, 3).join(", ")} and ${e.cidrs.length - 3} more blocks`;
  const except = e.except ?? [];
  if (except.length === 0) return all;
  const wb = new Set(workbench);
  const isWorkbench = except.length === wb.size && except.every((x) => wb.has(x));
  if (isWorkbench) return `${all} but Workbench's ranges (${except.join(", ")})`;
  return except.length <= 4 ? `${all} except ${except.join(", ")}` : `${all} except ${except.slice(0, 3).join(", ")} and ${except.length - 3} more blocks`;
}

function portsPhrase(ranges: readonly PortRange[]): string {
  return ranges.length <= 6 ? formatRanges(ranges) : `${formatRanges(ranges.slice(0, 5))} and ${ranges.length - 5} more ranges`;
}

/**
 * Regions as one line in the direction they act, the ports of one sender and receiver
 * together: `tcp:22 from 0.0.0.0/0 but Workbench's ranges (…) to members of sg-web;
 * tcp:1-21, 23-65535 from 10.0.0.0/8 to members of sg-web`. At most `max` senders and
 * receivers; the rest counted.
 */
export function regionsPhrase(regions: readonly DiffRegion[], workbench: readonly string[] = [], max = 3): string {
  const byEnds = new Map<string, { from: string; to: string; ports: Map<string, PortRange[]>; portless: Set<string> }>();
  for (const r of regions) {
    const from = endPhrase(r.from, workbench);
    const to = endPhrase(r.to, workbench);
    const key = `${from}\u0000${to}`;
    let entry = byEnds.get(key);
    if (!entry) byEnds.set(key, (entry = { from, to, ports: new Map(), portless: new Set() }));
    if (r.ports) entry.ports.set(r.protocol, [...(entry.ports.get(r.protocol) ?? []), r.ports]);
    else entry.portless.add(r.protocol);
  }
  const parts = [...byEnds.values()].map((e) => {
    const what = [...[...e.ports].map(([p, ranges]) => `${p}:${portsPhrase(normalizeRanges(ranges))}`), ...e.portless];
    return `${what.join("; ")} from ${e.from} to ${e.to}`;
  });
  const shown = parts.slice(0, max).join("; ");
  return parts.length > max ? `${shown}; and ${parts.length - max} more` : shown;
}

/**
 * A proof in the direction it acts: `closes tcp:22 from 0.0.0.0/0 but Workbench's ranges (…)
 * to members of sg-web; opens nothing`, or what it opens (`OPENS tcp:22 from … to …: not
 * safe`).
 */
export function proofPhrase(closes: readonly DiffRegion[], opens: readonly DiffRegion[], workbench: readonly string[] = []): string {
  const closed = closes.length > 0 ? `closes ${regionsPhrase(closes, workbench)}` : "closes nothing alone";
  const opened = opens.length > 0 ? `OPENS ${regionsPhrase(opens, workbench)}: not safe` : "opens nothing";
  return `${closed}; ${opened}`;
}
