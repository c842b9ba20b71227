/**
 * One group's rules, validated and read once, for every check: which rules are invalid, which
 * never take effect (shadowed), and what each accepted ingress rule still opens after the
 * group's drop rules have denied what they cover. The last two are the judge's answers
 * (`analysis/rule-regions.ts`): rules of every peer kind are compared by the addresses they
 * match, as Alibaba does (SEMANTICS.md, "One decision procedure").
 */
import { ValidationError, quote } from "../model/errors";
import { effectiveNicType, isClassicGroup } from "../model/group-network";
import { CidrBlock, isAnyAddress, parseCidr } from "../model/ip";
import { GroupModel, GroupType, PrefixListModel, validateRuleInGroup } from "../model/network";
import { IpProtocol, NicType, PortInterval, RuleArgs, RulePolicy, RuleType } from "../model/rule";
import { Component, RuleRegions, ruleComponents } from "../analysis/rule-regions";
import { CompiledRule, compileRule } from "../analysis/rule-index";
import { ALL_PORTS, PortRange } from "../model/port-ranges";

/**
 * A protocol as coverage sees it. `all` is every component, including `other`: IP protocols
 * (ESP, SCTP…) that only an `all` rule names.
 */
export type { Component };

/** A rule's peer, parsed. */
export type AnalysedPeer =
  | { readonly kind: "cidr"; readonly block: CidrBlock }
  | { readonly kind: "group"; readonly id: string; readonly owner?: string }
  /** `entries` is undefined when the network does not describe the list. */
  | { readonly kind: "prefix-list"; readonly id: string; readonly entries?: readonly CidrBlock[]; readonly maxEntries?: number };

/** A valid rule with its fields read once. */
export interface AnalysedRule {
  /** Position in the group's `rules`. */
  readonly index: number;
  /** The validated, normalised rule. */
  readonly rule: RuleArgs;
  readonly direction: RuleType;
  readonly policy: RulePolicy;
  readonly priority: number;
  readonly protocol: IpProtocol;
  /** tcp/udp ports; 1..65535 for every other protocol. */
  readonly ports: PortInterval;
  /** The nic type the rule applies to (VPC groups: always intranet; classic CIDR rules default to internet). */
  readonly nicType: NicType;
  /** True when its group is in the classic network. */
  readonly classic: boolean;
  readonly peer: AnalysedPeer;
  /** The protocols it matches, for its address family. */
  readonly components: readonly Component[];
  /** The rule in the judge's form. */
  readonly compiled: CompiledRule;
}

/** A rule the API would refuse, with the reason. */
export interface InvalidRule {
  readonly index: number;
  readonly error: ValidationError;
}

/** A group as validation read it once: its valid rules (normalised), where each stood in the group's rules, and each refused rule's refusal. */
export interface GroupReading {
  readonly rules: readonly RuleArgs[];
  readonly positions: readonly number[];
  readonly errors: readonly InvalidRule[];
}

/** Why a rule never takes effect. */
export interface Shadowing {
  /** One rule that alone covers it, when there is one (the best-priority such rule). */
  readonly by?: AnalysedRule;
}

/** The ports a rule matches for one of its components. */
export function componentPorts(rule: AnalysedRule, component: Component): readonly PortRange[] {
  if ((component === "tcp" || component === "udp") && (rule.protocol === "tcp" || rule.protocol === "udp")) return [rule.ports];
  return ALL_PORTS;
}

/** True for an `accept` `ingress` rule: the only kind that exposes anything. */
export function isAcceptedIngress(rule: AnalysedRule): boolean {
  return rule.direction === "ingress" && rule.policy === "accept";
}

/** The address blocks a rule's peer stands for: its CIDR, or the known entries of its prefix list. */
export function sourceBlocks(rule: AnalysedRule): readonly CidrBlock[] {
  if (rule.peer.kind === "cidr") return [rule.peer.block];
  if (rule.peer.kind === "prefix-list") return rule.peer.entries ?? [];
  return [];
}

/**
 * True when the peer is every address: `/0` in any spelling, or a prefix list holding one. In a
 * classic group only an `internet` rule reaches public addresses: an intranet `/0` is internal.
 */
export function fromAnywhere(rule: AnalysedRule): boolean {
  if (rule.classic && rule.nicType !== "internet") return false;
  return sourceBlocks(rule).some(isAnyAddress);
}


/** Reads, validates and indexes one group. Never throws: invalid rules are listed in `invalid`. */
export class GroupAnalysis {
  /** The valid rules, in the group's order. */
  readonly rules: readonly AnalysedRule[];
  /** The rules the API would refuse. */
  readonly invalid: readonly InvalidRule[];
  /** True for a classic-network group ({@link isClassicGroup}). */
  readonly classic: boolean;

  /** The judge's answers about each rule's region, built when first asked. */
  private regions?: RuleRegions;
  private readonly byCompiled = new Map<CompiledRule, AnalysedRule>();

  constructor(
    /** The group as given. */
    readonly group: GroupModel,
    prefixLists: ReadonlyMap<string, PrefixListModel> = new Map(),
    /** The group already validated (by `inspectNetworkOnce`): its valid rules, where each stood, and each refused rule's refusal. */
    read?: GroupReading,
  ) {
    this.classic = isClassicGroup(group);
    const type: GroupType = group.type === "enterprise" ? "enterprise" : "normal";
    const context = { groupId: typeof group.id === "string" ? group.id : quote(group.id), type, classic: this.classic };
    const rules: AnalysedRule[] = [];
    const invalid: InvalidRule[] = [];
    const keep = (rule: RuleArgs, index: number) => {
      const analysed = analyse(rule, index, this.classic, prefixLists, context.groupId);
      this.byCompiled.set(analysed.compiled, analysed);
      rules.push(analysed);
    };
    if (read) {
      read.rules.forEach((rule, k) => keep(rule, read.positions[k]));
      for (const e of read.errors) invalid.push(e);
      invalid.sort((a, b) => a.index - b.index);
    } else {
      const list: readonly unknown[] = Array.isArray(group.rules) ? group.rules : [];
      list.forEach((raw, index) => {
        let rule: RuleArgs;
        try {
          rule = validateRuleInGroup(raw as RuleArgs, context);
        } catch (e) {
          const error = e instanceof ValidationError ? e : new ValidationError("invalid-object", "", raw, `could not be read (${e instanceof Error ? e.message : quote(e)})`, "Pass a rule object.");
          invalid.push({ index, error: error.withFieldPrefix(`rules[${index}]`) });
          return;
        }
        keep(rule, index);
      });
    }
    this.rules = rules;
    this.invalid = invalid;
  }

  /**
   * What an accepted ingress rule still opens, per protocol component, once drop rules of the
   * group with a better or equal priority (drop wins ties) have denied what they cover: a port
   * is still open when some address of the rule's peer reaches it. Other rules open nothing.
   */
  openAfterDrops(rule: AnalysedRule): ReadonlyMap<Component, readonly PortRange[]> {
    return this.judged().openAfterDrops(rule.compiled);
  }

  /**
   * Whether a rule can never take effect: every (peer, protocol, port) it matches is decided
   * first by rules of strictly better priority, or (for an accept) by drops of equal priority.
   */
  shadowing(rule: AnalysedRule): Shadowing | undefined {
    const regions = this.judged();
    if (regions.decides(rule.compiled)) return undefined;
    const cover = regions.coveringRule(rule.compiled);
    const by = cover ? this.byCompiled.get(cover) : undefined;
    return by ? { by } : {};
  }

  private judged(): RuleRegions {
    if (!this.regions) this.regions = new RuleRegions(this.rules.map((r) => r.compiled), this.classic);
    return this.regions;
  }
}

const NO_LISTS: ReadonlyMap<string, readonly CidrBlock[]> = new Map();

function analyse(rule: RuleArgs, index: number, classic: boolean, prefixLists: ReadonlyMap<string, PrefixListModel>, groupId: string): AnalysedRule {
  let peer: AnalysedPeer;
  let compiled: CompiledRule | undefined;
  if (rule.cidrIp !== undefined || rule.ipv6CidrIp !== undefined) {
    compiled = compileRule(rule, groupId, index, !classic, index, NO_LISTS);
    peer = { kind: "cidr", block: (compiled.peer as { block: CidrBlock }).block };
  } else if (rule.sourceSecurityGroupId !== undefined) {
    peer = { kind: "group", id: rule.sourceSecurityGroupId, owner: rule.sourceGroupOwnerId ?? rule.sourceGroupOwnerAccount };
  } else {
    const id = rule.prefixListId as string;
    const list = prefixLists.get(id);
    const cidrs = list && Array.isArray(list.cidrs) ? list.cidrs : undefined;
    const entries = cidrs?.map((c) => parseCidr(c)).filter((b): b is CidrBlock => b !== undefined);
    const max = list?.maxEntries;
    peer = { kind: "prefix-list", id, entries, maxEntries: typeof max === "number" && Number.isInteger(max) && max > 0 ? max : cidrs?.length };
  }
  const protocol = rule.ipProtocol;
  const nicType: NicType = effectiveNicType(rule, classic);
  if (compiled === undefined) {
    const lists = peer.kind === "prefix-list" && peer.entries !== undefined ? new Map<string, readonly CidrBlock[]>([[peer.id, peer.entries]]) : NO_LISTS;
    compiled = compileRule(rule, groupId, index, !classic, index, lists);
  }
  return {
    index,
    rule,
    direction: rule.type,
    policy: rule.policy ?? "accept",
    priority: compiled.priority,
    protocol,
    ports: { from: compiled.from, to: compiled.to },
    nicType,
    classic,
    peer,
    components: ruleComponents(compiled),
    compiled,
  };
}

