/**
 * Attributing observed traffic to the rules that admitted it. Alibaba's VPC flow logs carry no
 * rule id; the evaluator knows which rule decides each request, so it names the rule.
 *
 * The traps, and how each is met:
 * - A log holds both directions of every network interface, and replies pass by connection
 *   tracking, not by a rule. Each record is first told request or reply: TCP flags (SYN without
 *   ACK is a request, SYN-ACK alone a reply), then port pairing (the reverse tuple was seen as a
 *   request, or the source is an address and port that earlier requests were sent to), then the
 *   ports themselves (a well-known port below 1024, or a non-ephemeral port facing an
 *   ephemeral one from 32768 up, is the service; failing all that, the lower port). Only
 *   requests are judged; replies are counted.
 * - `action` reflects network ACLs as well as security groups: an ACCEPT that the evaluator
 *   denies, or a REJECT it allows, is reported as a disagreement, never attributed.
 * - `protocol` is an IANA number: 6 tcp, 17 udp, 1 icmp, 58 icmpv6, 47 gre; any other protocol
 *   is matched only by `all` rules (and the defaults).
 * - A record judges one side only: an inbound record the receiver's ingress rules, an outbound
 *   record the sender's egress rules. A peer address that is an instance of the model is that
 *   instance, so group peers and inner access are judged as Alibaba judges them.
 *
 * Memory is bounded whatever the log's size: per rule a bounded peer summary (exact addresses
 * until there are too many, then coarser blocks), bounded samples, and bounded caches.
 */
import { ValidationError } from "../model/errors";
import { ipv4Value, networkText, parseAddress } from "../model/ip";
import { InstanceModel, NetworkModel } from "../model/network";
import { RuleArgs, RuleType } from "../model/rule";
import { compileNetwork } from "./compile-network";
import { Flow, IANA_PROTOCOLS, Verdict } from "./flow";

/** What attribution reads of one flow-log record (the reader's `FlowLogRecord` is one). */
export interface ObservedFlow {
  /** `eni-id`. */
  readonly eniId: string;
  /** `vm-id`, where logged. */
  readonly vmId?: string;
  /** `srcaddr`. */
  readonly srcaddr: string;
  /** `srcport`. */
  readonly srcport?: number;
  /** `dstaddr`. */
  readonly dstaddr: string;
  /** `dstport`. */
  readonly dstport?: number;
  /** IANA protocol number. */
  readonly protocol: number;
  /** `in` or `out` of the interface. */
  readonly direction: "in" | "out";
  /** `ACCEPT` or `REJECT`. */
  readonly action: "ACCEPT" | "REJECT";
  /** Unix seconds. */
  readonly start: number;
  /** Unix seconds. */
  readonly end: number;
  /** OR of the window's TCP flags, where logged. */
  readonly tcpFlags?: number;
  /** Where it was read, for disagreements. */
  readonly file?: string;
  /** Line in `file`. */
  readonly line?: number;
}

/** What became of one record. */
export type RecordOutcome =
  | "rule"
  | "inner-access"
  | "default"
  | "reply"
  | "disagreement"
  | "unknown-interface"
  | "self"
  | "unjudged";

/** The attribution of one record. */
export interface RecordAttribution {
  /** What became of it. */
  readonly outcome: RecordOutcome;
  /** True when the record was read as a request (false for replies). */
  readonly request: boolean;
  /** The request as the evaluator was asked it, for requests of a known interface. */
  readonly flow?: Flow;
  /** The side the record judges: the receiver's ingress for `in`, the sender's egress for `out`. */
  readonly verdict?: Verdict;
  /** Why it was not judged, for `unjudged`. */
  readonly reason?: string;
}

/** A bounded summary of the peers seen: exact addresses while few, then coarser blocks. */
export interface PeerSummaryEntry {
  /** An address as `/32` or `/128` while exact, else the block it was coarsened to. */
  readonly cidr: string;
  /** Records from this peer (or block). */
  readonly flows: number;
  /** One address seen in it. */
  readonly example: string;
}

/** One observed request, kept as a sample of a rule's traffic (to check proposals on). */
export interface ObservedSample {
  /** The request as asked of the evaluator. */
  readonly flow: Flow;
  /** Records of this request. */
  readonly flows: number;
}

/** How one rule was used over the window. */
export interface RuleUsage {
  /** The group holding the rule. */
  readonly groupId: string;
  /** Its position in the group's rules. */
  readonly ruleIndex: number;
  /** The rule, normalised. */
  readonly rule: RuleArgs;
  /** Records it decided (accepted requests for accept rules, rejected ones for drops). */
  hits: number;
  /** Earliest `start` of those records (Unix seconds). */
  firstSeen?: number;
  /** Latest `end`. */
  lastSeen?: number;
  /** Distinct peer addresses seen (exact while `peersExact`, else a lower bound). */
  distinctPeers: number;
  /** False once the peers were coarsened into blocks. */
  peersExact: boolean;
  /** The peers, most flows first. */
  peers: PeerSummaryEntry[];
  /** Distinct destination ports seen (tcp/udp), at most 64. */
  ports: number[];
  /** The instances whose side it decided, at most 64. */
  instances: string[];
  /** Samples of the requests it decided, at most {@link AttributionOptions.maxSamples}. */
  samples: ObservedSample[];
  /** Records beyond the samples (counted in `hits`, not sampled). */
  unsampled: number;
}

/** A record on which the evaluator and the log disagree, aggregated by request. */
export interface FlowDisagreement {
  /** `accepted-but-denied`: the log accepted what the model denies (rules changed, or the model is incomplete); `rejected-but-allowed`: the log rejected what the model allows (a network ACL, or changed rules). */
  readonly kind: "accepted-but-denied" | "rejected-but-allowed";
  /** The request. */
  readonly flow: Flow;
  /** The side judged. */
  readonly verdict: Verdict;
  /** Records. */
  records: number;
  /** The first such record's file and line. */
  readonly at: string;
}

/** Counts over all records. */
export interface AttributionCounts {
  /** Records read. */
  records: number;
  /** Read as requests. */
  requests: number;
  /** Read as replies (connection tracking: judged by no rule). */
  replies: number;
  /** Of which the reading rested only on which port is lower (no flag, pairing or port class told). */
  guessed: number;
  /** Accepted requests attributed to a rule. */
  attributed: number;
  /** Accepted requests admitted by a group's inner access policy. */
  innerAccess: number;
  /** Requests decided by the default rules (accepted: basic egress; rejected: inbound). */
  defaults: number;
  /** Rejected requests decided by a drop rule. */
  dropped: number;
  /** Records the evaluator and the log disagree on. */
  disagreements: number;
  /** Rejected replies (security groups never reject replies: a network ACL did). */
  rejectedReplies: number;
  /** Records of interfaces the model does not hold. */
  unknownInterface: number;
  /** Records whose peer is the interface itself. */
  self: number;
  /** Records the evaluator could not judge (e.g. icmp between IPv6 addresses, or an interface without IPv6). */
  unjudged: number;
  /** Questions asked of the evaluator (the rest were answered from the cache of decisions). */
  evaluations: number;
}

/** The result of attributing a log. */
export interface FlowAttribution {
  /** Earliest `start` and latest `end` of the records (Unix seconds). */
  window: { start?: number; end?: number };
  /** Counts. */
  counts: AttributionCounts;
  /** Every rule of the model, in model order, with its usage. */
  rules: RuleUsage[];
  /** Accept rules with no hit whose group had traffic in the log: unused over the window. */
  unused: RuleUsage[];
  /** Accept rules with no hit whose group had no traffic at all in the log: the log says nothing about them. */
  uncovered: RuleUsage[];
  /** Accepted requests admitted by each group's inner access policy. */
  innerAccess: { groupId: string; hits: number }[];
  /** Requests decided by the default rules, per instance and side. */
  defaults: { instanceId: string; direction: RuleType; allowed: boolean; hits: number }[];
  /** Disagreements, aggregated by request (at most {@link AttributionOptions.maxDisagreements}; more are counted only). */
  disagreements: FlowDisagreement[];
  /** Interfaces of the log the model does not hold, with their records (at most 1,000 listed). */
  unknownInterfaces: { eniId: string; records: number }[];
  /** Instances of the model that appeared in the log. */
  instancesSeen: string[];
}

/** Options of {@link createFlowAttributor}. */
export interface AttributionOptions {
  /** Distinct peers kept exactly per rule before coarsening. @default 64 */
  maxPeers?: number;
  /** Samples kept per rule. @default 32 */
  maxSamples?: number;
  /** Disagreements listed. @default 1000 */
  maxDisagreements?: number;
  /** Decisions cached (repeated requests are common). @default 100000 */
  cacheSize?: number;
  /** Request tuples and listening endpoints remembered for pairing replies. @default 200000 */
  pairingSize?: number;
}

/** A streaming attributor: add records one by one, then read the result. */
export interface FlowAttributor {
  /** Attributes one record and adds it to the usage. */
  add(record: ObservedFlow): RecordAttribution;
  /** The usage so far (may be called at any time). */
  result(): FlowAttribution;
}

const PROTOCOLS = IANA_PROTOCOLS;
const SYN = 2;
const ACK = 16;
const EPHEMERAL = 32768;
const COARSEN_V4 = [32, 24, 16, 8, 0];
const COARSEN_V6 = [128, 64, 48, 32, 0];

interface PeerState {
  level: number;
  /** By {@link peerKey}. */
  entries: Map<string | number, { cidr: string; flows: number; example: string }>;
  distinct: number;
}

interface UsageState {
  usage: RuleUsage;
  peers: PeerState;
  ports: Set<number>;
  instances: Set<string>;
  samples: Map<string, ObservedSample & { flows: number }>;
}

/** A bounded set: forgets everything once full (cheap, and enough for pairing and caching). */
class BoundedMap<V> {
  private map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(key, value);
  }
}

/** A copy of a string that keeps no larger string alive (a slice of a log chunk would keep the chunk). */
function own(text: string): string {
  return (" " + text).slice(1);
}

function prefixOf(address: string, prefix: number): string {
  const v6 = address.includes(":");
  if (prefix === (v6 ? 128 : 32)) return `${address}/${prefix}`;
  return networkText(address, prefix) as string;
}

/**
 * The key of an address in a summary at a level: the address itself while exact; then its
 * block, as the block's first address for IPv4 (a number: no text per record) or the block's
 * text otherwise. Two addresses share a key exactly when they share the block.
 */
function peerKey(address: string, level: number): string | number {
  if (level === 0) return address;
  const v4 = ipv4Value(address);
  if (v4 >= 0) {
    const size = 2 ** (32 - COARSEN_V4[level]);
    return v4 - (v4 % size);
  }
  return prefixOf(address, (address.includes(":") ? COARSEN_V6 : COARSEN_V4)[level]);
}

function addPeer(state: PeerState, address: string, maxPeers: number): void {
  const key = peerKey(address, state.level);
  const entry = state.entries.get(key);
  if (entry) {
    entry.flows++;
    return;
  }
  const v6 = address.includes(":");
  const example = own(address);
  state.entries.set(state.level === 0 ? example : key, { cidr: state.level === 0 ? `${example}/${v6 ? 128 : 32}` : prefixOf(example, (v6 ? COARSEN_V6 : COARSEN_V4)[state.level]), flows: 1, example });
  if (state.level === 0) state.distinct++;
  while (state.entries.size > maxPeers && state.level < COARSEN_V4.length - 1) {
    state.level++;
    const coarse = new Map<string | number, { cidr: string; flows: number; example: string }>();
    for (const e of state.entries.values()) {
      const c = peerKey(e.example, state.level);
      const to = coarse.get(c);
      if (to) to.flows += e.flows;
      else coarse.set(c, { cidr: prefixOf(e.example, (e.example.includes(":") ? COARSEN_V6 : COARSEN_V4)[state.level]), flows: e.flows, example: e.example });
    }
    state.entries = coarse;
  }
}

/**
 * An address as a key: a canonical dotted IPv4 address as its 32 bits (a small integer, cheaper
 * to hash than text), any other text as itself. Two texts share a key exactly when they are
 * equal, so maps keyed this way answer as maps of the texts would.
 */
function addressKey(address: string, v4 = ipv4Value(address)): string | number {
  return v4 >= 0 ? v4 | 0 : address;
}

function mapInstances(model: NetworkModel): { byId: Map<string, InstanceModel>; byAddress: Map<string | number, InstanceModel[]> } {
  const byId = new Map<string, InstanceModel>();
  // By the canonical text of each address (as addressKey).
  const byAddress = new Map<string | number, InstanceModel[]>();
  for (const inst of model.instances ?? []) {
    byId.set(inst.id, inst);
    for (const a of [inst.privateIp, ...(inst.ipv6Addresses ?? [])]) {
      const block = parseAddress(a);
      if (!block) continue;
      const key = addressKey(block.text.slice(0, block.text.lastIndexOf("/")));
      const list = byAddress.get(key) ?? [];
      list.push(inst);
      byAddress.set(key, list);
    }
  }
  return { byId, byAddress };
}

/**
 * A streaming attributor over one model: `add` each record of a log, then read `result()`.
 * Throws {@link ValidationError} for an invalid model (as {@link compileNetwork} does); never
 * for a record.
 */
export function createFlowAttributor(model: NetworkModel, options: AttributionOptions = {}): FlowAttributor {
  const net = compileNetwork(model);
  const normalised = net.model;
  const maxPeers = options.maxPeers ?? 64;
  const maxSamples = options.maxSamples ?? 32;
  const maxDisagreements = options.maxDisagreements ?? 1000;
  const requests = new BoundedMap<true>(options.pairingSize ?? 200_000);
  // Decisions by instance and side, then protocol and port, then peer: no key is built per record.
  type Judged = {
    flow: Flow;
    verdict?: Verdict;
    error?: string;
    /** The request as a sample's key, built when first sampled. */
    sampleKey?: string;
    /** The usage of the deciding rule, looked up once per question. */
    state?: UsageState;
    /** The defaults' tally this question's records add to, once looked up. */
    tally?: { instanceId: string; direction: RuleType; allowed: boolean; hits: number };
    /** The disagreement this question's records add to, once looked up (null: the list was full; it never shrinks). */
    disagreement?: FlowDisagreement | null;
  };
  const cacheSize = options.cacheSize ?? 100_000;
  // Per instance of the model: whether it was seen, and its decisions of the cache's current
  // generation (older generations were dropped when the cache filled).
  type BySide<V> = [Map<number, Map<string | number, V>>, Map<number, Map<string | number, V>>];
  type Local = {
    readonly instance: InstanceModel;
    seen: boolean;
    generation: number;
    /** Decisions by side (ingress, egress), protocol and port, then peer (as the cache key). */
    sides: BySide<Judged>;
    /** The listed disagreements of this instance, keyed as the decisions (never forgotten). */
    disagreements?: BySide<FlowDisagreement>;
  };
  let generation = 0;
  let cached = 0;
  const pairingSize = options.pairingSize ?? 200_000;
  // Endpoints requests were sent to, by protocol and port: a record from one is a reply.
  let listening = new Map<number, Set<string>>();
  let listeners = 0;
  const listen = (protocol: number, address: string, port: number) => {
    const key = protocol * 65536 + port;
    let set = listening.get(key);
    if (!set) listening.set(key, (set = new Set()));
    if (set.has(address)) return;
    address = own(address);
    if (++listeners > pairingSize) {
      listening = new Map([[key, (set = new Set())]]);
      listeners = 1;
    }
    set.add(address);
  };
  const { byId: instancesById, byAddress } = mapInstances(normalised);
  const byId = new Map<string, Local>();
  for (const [id, instance] of instancesById) byId.set(id, { instance, seen: false, generation, sides: [new Map(), new Map()], disagreements: undefined });
  const groupVpc = new Map(normalised.groups.map((g) => [g.id, g.vpcId]));

  // Each group's rules' usage, by rule position.
  const usages = new Map<string, UsageState[]>();
  const ordered: UsageState[] = [];
  for (const g of normalised.groups) {
    g.rules.forEach((rule, ruleIndex) => {
      const state: UsageState = {
        usage: { groupId: g.id, ruleIndex, rule, hits: 0, distinctPeers: 0, peersExact: true, peers: [], ports: [], instances: [], samples: [], unsampled: 0 },
        peers: { level: 0, entries: new Map(), distinct: 0 },
        ports: new Set(),
        instances: new Set(),
        samples: new Map(),
      };
      if (ruleIndex === 0) usages.set(g.id, []);
      (usages.get(g.id) as UsageState[]).push(state);
      ordered.push(state);
    });
  }
  const counts: AttributionCounts = { records: 0, requests: 0, replies: 0, guessed: 0, attributed: 0, innerAccess: 0, defaults: 0, dropped: 0, disagreements: 0, rejectedReplies: 0, unknownInterface: 0, self: 0, unjudged: 0, evaluations: 0 };
  const window: { start?: number; end?: number } = {};
  const inner = new Map<string, number>();
  const defaults = new Map<string, { instanceId: string; direction: RuleType; allowed: boolean; hits: number }>();
  // In the order first met; each instance indexes its own (Local.disagreements).
  const disagreements: FlowDisagreement[] = [];
  const unknown = new Map<string, number>();
  const seen = new Set<string>();
  const groupsSeen = new Set<string>();

  const peerEndpoint = (address: string, key: string | number, local: InstanceModel): string => {
    const list = byAddress.get(key);
    if (!list) return address;
    if (list.length === 1) return list[0].id;
    const vpcs = new Set(local.groups.map((g) => groupVpc.get(g)));
    return (list.find((i) => i.groups.some((g) => vpcs.has(groupVpc.get(g)))) ?? list[0]).id;
  };

  const REQUEST = { request: true, guess: false };
  const REPLY = { request: false, guess: false };
  /**
   * True when the record is a request; `guess` is set when only the lower port told. Flags
   * first, then the port classes; only where those cannot tell (both ports of one class) are
   * tuples remembered and paired, so the common case costs no lookup.
   */
  const isRequest = (r: ObservedFlow, ported: boolean): { request: boolean; guess: boolean } => {
    const s = r.srcport ?? 0;
    const d = r.dstport ?? 0;
    let byFlags: boolean | undefined;
    if (r.protocol === 6 && r.tcpFlags !== undefined) {
      if ((r.tcpFlags & SYN) !== 0 && (r.tcpFlags & ACK) === 0) byFlags = true;
      else if (r.tcpFlags === (SYN | ACK)) byFlags = false;
    }
    if (ported && byFlags !== false) {
      if ((d < 1024 && s >= 1024) || (s >= EPHEMERAL && d < EPHEMERAL)) {
        if (d >= 1024) listen(r.protocol, r.dstaddr, d);
        return REQUEST;
      }
      if (byFlags === undefined && ((s < 1024 && d >= 1024) || (d >= EPHEMERAL && s < EPHEMERAL))) return REPLY;
    }
    // Both ports of one class (or no ports): pair with what was seen.
    const key = `${r.eniId}|${r.protocol}|${r.srcaddr}|${s}|${r.dstaddr}|${d}`;
    const request = (guess: boolean) => {
      requests.set(own(key), true);
      if (ported && !guess) listen(r.protocol, r.dstaddr, d);
      return guess ? { request: true, guess } : REQUEST;
    };
    if (byFlags === true) return request(false);
    if (byFlags === false) return REPLY;
    if (requests.get(`${r.eniId}|${r.protocol}|${r.dstaddr}|${d}|${r.srcaddr}|${s}`)) return REPLY;
    if (requests.get(key)) return REQUEST;
    if (!ported) return request(false);
    if (listening.get(r.protocol * 65536 + s)?.has(r.srcaddr)) return REPLY;
    if (listening.get(r.protocol * 65536 + d)?.has(r.dstaddr)) return request(false);
    return d <= s ? request(true) : { request: false, guess: true };
  };

  // One side only, without the sentence: the evaluator's own decision for that side.
  const judge = (flow: Flow, side: RuleType, protocolNumber: number): { verdict?: Verdict; error?: string } => {
    counts.evaluations++;
    try {
      // Another IANA protocol: only `all` rules (and the defaults) match it.
      return { verdict: PROTOCOLS[protocolNumber] !== undefined ? net.side(flow, side) : net.side(flow, side, "other") };
    } catch (e) {
      if (e instanceof ValidationError) return { error: e.message };
      throw e;
    }
  };

  const hit = (state: UsageState, r: ObservedFlow, judged: { flow: Flow; sampleKey?: string }, remote: string, instanceId: string) => {
    const flow = judged.flow;
    const u = state.usage;
    u.hits++;
    if (u.firstSeen === undefined || r.start < u.firstSeen) u.firstSeen = r.start;
    if (u.lastSeen === undefined || r.end > u.lastSeen) u.lastSeen = r.end;
    addPeer(state.peers, remote, maxPeers);
    if (flow.port !== undefined && state.ports.size < 64) state.ports.add(flow.port);
    if (state.instances.size < 64) state.instances.add(instanceId);
    // A protocol without its own name was asked as `all`-only: not a sample to ask again.
    if (PROTOCOLS[r.protocol] === undefined) {
      u.unsampled++;
      return;
    }
    const key = (judged.sampleKey ??= `${flow.from}|${flow.to}|${flow.protocol}|${flow.port ?? ""}`);
    const sample = state.samples.get(key);
    if (sample) sample.flows++;
    else if (state.samples.size < maxSamples) state.samples.set(key, { flow, flows: 1 });
    else u.unsampled++;
  };

  const add = (r: ObservedFlow): RecordAttribution => {
    counts.records++;
    if (window.start === undefined || r.start < window.start) window.start = r.start;
    if (window.end === undefined || r.end > window.end) window.end = r.end;
    const at = byId.get(r.eniId) ?? (r.vmId !== undefined ? byId.get(r.vmId) : undefined);
    const ported = r.protocol === 6 || r.protocol === 17;
    const { request, guess } = isRequest(r, ported);
    if (!at) {
      counts.unknownInterface++;
      const n = unknown.get(r.eniId);
      if (n !== undefined) unknown.set(r.eniId, n + 1);
      else if (unknown.size < 1000) unknown.set(own(r.eniId), 1);
      return { outcome: "unknown-interface", request };
    }
    const local = at.instance;
    if (!at.seen) {
      at.seen = true;
      seen.add(local.id);
      for (const g of local.groups) groupsSeen.add(g);
    }
    if (!request) {
      counts.replies++;
      if (guess) counts.guessed++;
      if (r.action === "REJECT") counts.rejectedReplies++;
      return { outcome: "reply", request: false };
    }
    counts.requests++;
    if (guess) counts.guessed++;
    const inbound = r.direction === "in";
    const remoteAddress = inbound ? r.srcaddr : r.dstaddr;
    const v4 = ipv4Value(remoteAddress);
    const remote = peerEndpoint(remoteAddress, addressKey(remoteAddress, v4), local);
    if (remote === local.id) {
      counts.self++;
      return { outcome: "self", request: true };
    }
    const side: RuleType = inbound ? "ingress" : "egress";
    const protocol = PROTOCOLS[r.protocol] ?? "gre";
    const port = protocol === "tcp" || protocol === "udp" ? (r.dstport as number) : undefined;
    if (at.generation !== generation) {
      at.generation = generation;
      at.sides = [new Map(), new Map()];
    }
    const bySide = at.sides[inbound ? 0 : 1];
    const portKey = r.protocol * 65536 + (port ?? 0);
    let byPort = bySide.get(portKey);
    if (!byPort) bySide.set(portKey, (byPort = new Map()));
    // An outside IPv4 peer is cached by its bits, any other peer by its text (instance id or address).
    const cacheKey = remote === remoteAddress ? addressKey(remote, v4) : remote;
    let judged = byPort.get(cacheKey);
    if (!judged) {
      // Strings of a record may be slices of a large chunk of the log: keep copies only.
      const peer = remote === remoteAddress ? own(remote) : remote;
      const flow: Flow = inbound ? { from: peer, to: local.id, protocol } : { from: local.id, to: peer, protocol };
      if (port !== undefined) flow.port = port;
      const answer = judge(flow, side, r.protocol);
      const v = answer.verdict;
      const state = v?.decidedBy === "rule" ? (usages.get(v.groupId as string) as UsageState[])[v.ruleIndex as number] : undefined;
      judged = { flow, verdict: v, error: answer.error, sampleKey: undefined, state, tally: undefined, disagreement: undefined };
      if (++cached > cacheSize) {
        // Full: forget every decision (each instance drops its own when next met).
        generation++;
        at.generation = generation;
        at.sides = [new Map(), new Map()];
        at.sides[inbound ? 0 : 1].set(portKey, (byPort = new Map()));
        cached = 1;
      }
      byPort.set(cacheKey, judged);
    }
    const { flow, verdict } = judged;
    if (!verdict) {
      counts.unjudged++;
      return { outcome: "unjudged", request: true, flow, reason: judged.error };
    }
    const accepted = r.action === "ACCEPT";
    if (verdict.allowed !== accepted) {
      counts.disagreements++;
      let d = judged.disagreement;
      if (d === undefined) {
        // Looked up once per question (its verdict, hence the kind, is the same every time), in
        // the instance's own index of the listed disagreements: at most maxDisagreements entries.
        const listed = (at.disagreements ??= [new Map(), new Map()])[inbound ? 0 : 1];
        let byPeer = listed.get(portKey);
        d = byPeer?.get(cacheKey) ?? null;
        if (d) d.records++;
        else if (disagreements.length < maxDisagreements) {
          const kind = accepted ? "accepted-but-denied" : "rejected-but-allowed";
          disagreements.push((d = { kind, flow, verdict, records: 1, at: `${r.file ?? "<input>"}:${r.line ?? 0}` }));
          if (!byPeer) listed.set(portKey, (byPeer = new Map()));
          byPeer.set(cacheKey, d);
        }
        judged.disagreement = d;
      } else if (d !== null) d.records++;
      return { outcome: "disagreement", request: true, flow, verdict };
    }
    if (verdict.decidedBy === "rule") {
      hit(judged.state as UsageState, r, judged, remoteAddress, local.id);
      if (accepted) counts.attributed++;
      else counts.dropped++;
      return { outcome: "rule", request: true, flow, verdict };
    }
    if (verdict.decidedBy === "inner-access") {
      counts.innerAccess++;
      inner.set(verdict.groupId as string, (inner.get(verdict.groupId as string) ?? 0) + 1);
      return { outcome: "inner-access", request: true, flow, verdict };
    }
    counts.defaults++;
    if (judged.tally) judged.tally.hits++;
    else {
      const dkey = `${local.id}|${side}`;
      let entry = defaults.get(dkey);
      if (entry) entry.hits++;
      else defaults.set(dkey, (entry = { instanceId: local.id, direction: side, allowed: verdict.allowed, hits: 1 }));
      judged.tally = entry;
    }
    return { outcome: "default", request: true, flow, verdict };
  };

  const result = (): FlowAttribution => {
    const rules = ordered.map((s) => {
      const u = s.usage;
      u.distinctPeers = s.peers.distinct;
      u.peersExact = s.peers.level === 0;
      u.peers = [...s.peers.entries.values()].map((e) => ({ ...e })).sort((a, b) => b.flows - a.flows || a.cidr.localeCompare(b.cidr));
      u.ports = [...s.ports].sort((a, b) => a - b);
      u.instances = [...s.instances].sort();
      u.samples = [...s.samples.values()].map((x) => ({ ...x }));
      return u;
    });
    const idle = rules.filter((u) => u.hits === 0 && (u.rule.policy ?? "accept") === "accept");
    return {
      window: { ...window },
      counts: { ...counts },
      rules,
      unused: idle.filter((u) => groupsSeen.has(u.groupId)),
      uncovered: idle.filter((u) => !groupsSeen.has(u.groupId)),
      innerAccess: [...inner].map(([groupId, hits]) => ({ groupId, hits })),
      defaults: [...defaults.values()].map((d) => ({ ...d })),
      disagreements: disagreements.map((d) => ({ ...d })),
      unknownInterfaces: [...unknown].map(([eniId, records]) => ({ eniId, records })),
      instancesSeen: [...seen].sort(),
    };
  };

  return { add, result };
}

/**
 * Attributes every record of a log (any iterable or async iterable, e.g. the flow-log reader)
 * to the rule that decided it, and sums up each rule's usage over the window: hits, peers,
 * first and last seen, and the accept rules nothing used. See {@link createFlowAttributor}.
 * The iterable may give records one by one, or in batches (arrays of records, as
 * `readFlowLogBatches` and `readFlowLogFileBatches` give them): the same records in the same
 * order give the same usage, and batches save an asynchronous step per record.
 *
 * @example
 * const stats = emptyFlowLogStats();
 * const usage = await attributeFlows(model, readFlowLogFileBatches(["flow.csv"], { stats }));
 * usage.unused.map((u) => `${u.groupId} rule ${u.ruleIndex}`);
 */
export async function attributeFlows(model: NetworkModel, records: AsyncIterable<ObservedFlow | readonly ObservedFlow[]> | Iterable<ObservedFlow | readonly ObservedFlow[]>, options: AttributionOptions = {}): Promise<FlowAttribution> {
  const attributor = createFlowAttributor(model, options);
  for await (const r of records as AsyncIterable<ObservedFlow | readonly ObservedFlow[]>) {
    if (Array.isArray(r)) for (const one of r as readonly ObservedFlow[]) attributor.add(one);
    else attributor.add(r as ObservedFlow);
  }
  return attributor.result();
}
