/**
 * `compileNetwork`: validates a network once and answers many flow questions quickly.
 */
import { ValidationError } from "../model/errors";
import { isInternalIpv4 } from "../model/group-network";
import { CidrBlock, IpFamily, ipv4Value, parseAddress } from "../model/ip";
import { NetworkModel } from "../model/network";
import { RuleType } from "../model/rule";
import { Decision, FLOW_PROTOCOLS, Flow, FlowProtocol, Verdict } from "./flow";
import { explainFlow, explainInnerAccess, explainSelf, isolationText, verdictOf } from "./explain";
import { Decider, JudgedProtocol, innerAccessDecider, judgeAt, sharedOpenGroup, sideOf } from "./judge";
import { pieceOf } from "./cells";
import { CompiledRule, IndexedGroup, IndexedInstance, NetworkIndex, PeerPoint, isInternalBlock, networkIndex, pointOf } from "./rule-index";

/** A network compiled for repeated questions. */
export interface CompiledNetwork {
  /** The validated, normalised model the answers are about. */
  readonly model: NetworkModel;
  /** Decides one flow; see {@link evaluateFlow}. */
  evaluate(flow: Flow): Decision;
  /**
   * One side of a flow without the sentence: the verdict `evaluate(flow)` gives as its
   * `egress` or `ingress` (undefined where `evaluate` gives none), judged by the same procedure
   * and validated the same way (throws what `evaluate` throws), but only that side is judged.
   * For callers that ask many questions and read one side, as flow-log attribution does.
   * With `as: "other"` the packet is judged as one of an IP protocol other than the five flow
   * protocols (ESP, SCTP…), which only `all` rules and the defaults match; give the flow a
   * protocol without ports (`gre`) for the addresses to be read.
   */
  side(flow: Flow, direction: RuleType, as?: "other"): Verdict | undefined;
}

interface Endpoint {
  readonly text: string;
  readonly point: PeerPoint;
  readonly instance?: IndexedInstance;
}

/**
 * The rules one interface's side meets for one protocol, in decision order, and the same rules
 * cut by port: the port range is split at every rule's bounds, and each piece lists (once
 * asked) the rules covering all of it, so a question scans only the rules of its port.
 */
interface SideTable {
  readonly rules: readonly CompiledRule[];
  /** Sorted first ports of the pieces; piece i runs from cuts[i] to cuts[i + 1] - 1. */
  readonly cuts: readonly number[];
  /** The rules of each piece, in decision order, built when first asked. */
  readonly pieces: (readonly CompiledRule[] | undefined)[];
  /** The side's default rules. */
  readonly fallback: Decider;
}

/** What one compiled network keeps between questions. */
interface Tables {
  /** Side tables by direction, protocol and set of groups (instances sharing groups share them). */
  readonly byGroups: Map<string, SideTable>;
  /** The same, per instance: slot {@link slotOf}. */
  readonly byInstance: Map<IndexedInstance, (SideTable | undefined)[]>;
  /** Outside endpoints other than dotted IPv4 by address text (bounded), so a repeated peer is parsed once. */
  readonly outside: Map<string, Endpoint>;
}

const OUTSIDE_CACHE = 50_000;
const PIECE_RULES = 64;

const compiled = new WeakMap<NetworkModel, CompiledNetwork>();

/**
 * Validates a network once (every rule through `validateRule`) and indexes it, so that each
 * `evaluate(flow)` only scans the rules of the two interfaces' groups for that protocol and
 * port, in decision order, and stops at the first match. The result is cached per model
 * object: treat the model as immutable, and compile again after changing it.
 *
 * @example
 * const net = compileNetwork(model);
 * net.evaluate({ from: "203.0.113.7", to: "i-web", protocol: "tcp", port: 22 }).allowed; // => true
 */
export function compileNetwork(model: NetworkModel): CompiledNetwork {
  const cached = compiled.get(model);
  if (cached) return cached;
  const index = networkIndex(model);
  const tables: Tables = { byGroups: new Map(), byInstance: new Map(), outside: new Map() };
  const net: CompiledNetwork = {
    model: index.model,
    evaluate: (flow) => decide(index, tables, flow),
    side: (flow, direction, as) => decideSide(index, tables, flow, direction, as),
  };
  compiled.set(model, net);
  return net;
}

const JUDGED: readonly JudgedProtocol[] = [...FLOW_PROTOCOLS, "other"];

function slotOf(direction: RuleType, protocol: JudgedProtocol): number {
  return (direction === "ingress" ? 0 : JUDGED.length) + JUDGED.indexOf(protocol);
}

function buildSideTable(index: NetworkIndex, inst: IndexedInstance, direction: RuleType, protocol: JudgedProtocol): SideTable {
  const side = sideOf(index, inst.groupIds, direction);
  const rules = side.rules.filter((r) => r.protocol === protocol || r.protocol === "all");
  const bounds = new Set<number>([1]);
  for (const r of rules) {
    bounds.add(r.from);
    if (r.to < 65535) bounds.add(r.to + 1);
  }
  const cuts = [...bounds].sort((a, b) => a - b);
  return { rules, cuts, pieces: new Array(cuts.length), fallback: side.fallback };
}

function sideTable(index: NetworkIndex, tables: Tables, inst: IndexedInstance, direction: RuleType, protocol: JudgedProtocol): SideTable {
  let slots = tables.byInstance.get(inst);
  if (!slots) tables.byInstance.set(inst, (slots = new Array(2 * JUDGED.length)));
  const slot = slotOf(direction, protocol);
  let table = slots[slot];
  if (!table) {
    const key = `${direction}|${protocol}|${inst.groupsKey}`;
    table = tables.byGroups.get(key);
    if (!table) tables.byGroups.set(key, (table = buildSideTable(index, inst, direction, protocol)));
    slots[slot] = table;
  }
  return table;
}

/** The rules of a table that cover a port, in decision order. */
function rulesAt(table: SideTable, port: number): readonly CompiledRule[] {
  const cuts = table.cuts;
  const lo = pieceOf(cuts, port);
  let piece = table.pieces[lo];
  if (!piece) {
    // A rule covers a piece wholly or not at all: the pieces are cut at every rule's bounds.
    // A piece that many rules cover is the whole table (the port is checked anyway), so the
    // pieces hold at most PIECE_RULES rules each, however many rules overlap.
    const first = cuts[lo];
    piece = table.rules.filter((r) => r.from <= first && first <= r.to);
    if (piece.length > PIECE_RULES) piece = table.rules;
    table.pieces[lo] = piece;
  }
  return piece;
}

/** One side's verdict on one flow: the judge on the flow's port and peer, over the rules of that port. */
function judgeSide(index: NetworkIndex, tables: Tables, inst: IndexedInstance, direction: RuleType, protocol: JudgedProtocol, port: number, peer: PeerPoint): Verdict {
  const table = sideTable(index, tables, inst, direction, protocol);
  const d = judgeAt(rulesAt(table, port), protocol, port, peer, table.fallback);
  return verdictOf(d, direction, inst.instance.id, inst.type);
}

/** The first group the sender shares with the receiver whose inner access policy is Accept: it lets them reach each other whatever the rules say. */
function openSharedGroup(index: NetworkIndex, from: IndexedInstance, to: IndexedInstance): string | undefined {
  return sharedOpenGroup(index, from.groupIds, to.groups);
}

function innerAccessVerdict(direction: RuleType, inst: IndexedInstance, open: string): Verdict {
  return verdictOf(innerAccessDecider(open), direction, inst.instance.id, "normal");
}

function validateFlow(index: NetworkIndex, tables: Tables, flow: Flow): { from: Endpoint; to: Endpoint; protocol: FlowProtocol; port?: number } {
  if (typeof flow !== "object" || flow === null || Array.isArray(flow)) {
    throw new ValidationError("invalid-object", "flow", flow, "must be an object", `Pass { from, to, protocol, port }, e.g. { from: "203.0.113.7", to: "i-web", protocol: "tcp", port: 22 }.`);
  }
  const f = flow as unknown as Record<string, unknown>;
  const protocol = f.protocol;
  if (typeof protocol !== "string" || !(FLOW_PROTOCOLS as readonly string[]).includes(protocol)) {
    const near = typeof protocol === "string" ? FLOW_PROTOCOLS.find((p) => p === protocol.toLowerCase()) : undefined;
    const fix = near ? `Write it as ${JSON.stringify(near)} (lower case).` : protocol === "all" ? "A request has one protocol: ask once per protocol (tcp, udp, icmp, icmpv6, gre)." : "Use one of tcp, udp, icmp, icmpv6, gre.";
    throw new ValidationError("invalid-protocol", "flow.protocol", protocol, "is not a flow protocol", fix);
  }
  const p = protocol as FlowProtocol;
  const port = f.port;
  if (p === "tcp" || p === "udp") {
    if (port === undefined) throw new ValidationError("invalid-port", "flow.port", port, `is required for ${p}`, "Give the destination port, a whole number from 1 to 65535.");
    if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new ValidationError("invalid-port", "flow.port", port, "is not a port number", "Use a whole number from 1 to 65535.");
    }
  } else if (port !== undefined) {
    throw new ValidationError("invalid-port", "flow.port", port, `does not apply to ${p}, which has no ports`, "Leave port out.");
  }
  const from = endpoint(index, tables, "flow.from", f.from);
  const to = endpoint(index, tables, "flow.to", f.to);
  if (!from.instance && !to.instance) {
    throw new ValidationError("invalid-argument", "flow", { from: f.from, to: f.to }, "joins two outside addresses, which no security group of the model judges", "Make the sender or the receiver one of the model's instance ids.");
  }
  // A flow joins two ends of one address family; icmp is IPv4's and icmpv6 IPv6's. An outside
  // address fixes the family; between two instances it is the protocol's, else IPv4 where both
  // have it, else IPv6.
  const outside = !from.instance ? from : !to.instance ? to : undefined;
  const both = (family: IpFamily) => (from.instance as IndexedInstance).points[family] !== undefined && (to.instance as IndexedInstance).points[family] !== undefined;
  const family: IpFamily = outside ? outside.point.family : p === "icmp" ? "ipv4" : p === "icmpv6" ? "ipv6" : both("ipv4") ? "ipv4" : both("ipv6") ? "ipv6" : "ipv4";
  if ((p === "icmp" && family === "ipv6") || (p === "icmpv6" && family === "ipv4")) {
    throw new ValidationError("protocol-family-mismatch", "flow.protocol", p, `does not fit the ${family === "ipv6" ? "IPv6" : "IPv4"} address ${outside?.text} in ${outside === from ? "flow.from" : "flow.to"}`, p === "icmp" ? `Use "icmpv6" for an IPv6 address.` : `Use "icmp" for an IPv4 address.`);
  }
  return { from: at(from, "flow.from", family, p), to: at(to, "flow.to", family, p), protocol: p, port: port as number | undefined };
}

/** An end of a flow at the flow's address family: an instance's address of that family. */
function at(e: Endpoint, field: string, family: IpFamily, p: FlowProtocol): Endpoint {
  if (!e.instance) return e;
  const point = e.instance.points[family];
  if (point) return point === e.point ? e : { ...e, point };
  const has = e.instance.instance.privateIp;
  throw new ValidationError("protocol-family-mismatch", field, e.text, `has no ${family === "ipv6" ? "IPv6" : "IPv4"} address (only ${has}), so no ${p} packet of this flow reaches or leaves it`, family === "ipv6" ? "Give the instance its IPv6 address in ipv6Addresses, or ask about an IPv4 flow." : "Ask about an IPv6 flow, or give the instance an IPv4 privateIp.");
}

function endpoint(index: NetworkIndex, tables: Tables, field: string, value: unknown): Endpoint {
  if (typeof value === "string") {
    const inst = index.instances.get(value);
    if (inst) return { text: value, point: inst.point, instance: inst };
    // Canonical dotted IPv4, the common case of a log, is read in place; other texts are parsed once.
    const v4 = ipv4Value(value);
    if (v4 >= 0) return { text: value, point: { family: "ipv4", v4, v6: 0n, internal: isInternalIpv4(v4), instance: undefined } };
    const seen = tables.outside.get(value);
    if (seen) return seen;
    const block: CidrBlock | undefined = parseAddress(value);
    if (block) {
      const e: Endpoint = { text: value, point: pointOf(block, isInternalBlock(block)) };
      if (tables.outside.size >= OUTSIDE_CACHE) tables.outside.clear();
      tables.outside.set(value, e);
      return e;
    }
  }
  const known = [...index.instances.keys()].slice(0, 3).map((id) => JSON.stringify(id));
  const example = known.length > 0 ? `one of the model's instance ids (${known.join(", ")}${index.instances.size > 3 ? ", …" : ""})` : "an instance id of the model";
  throw new ValidationError("unknown-instance", field, value, "is neither an instance of the model nor an IP address", `Use ${example} or an address such as "203.0.113.7" (no prefix length).`);
}

/** What one flow meets, once validated: the shared open group that lets it through, or the verdict of each side asked for. */
interface Judged {
  readonly from: Endpoint;
  readonly to: Endpoint;
  /** The protocol judged, and the port asked (for {@link labelOf}). */
  readonly protocol: JudgedProtocol;
  readonly port?: number;
  /** The flow never leaves the instance (its own address). */
  readonly self?: boolean;
  /** The shared basic group whose inner access policy Accept decided. */
  readonly open?: string;
  readonly egress?: Verdict;
  readonly ingress?: Verdict;
}

/**
 * The steps of one flow, for `evaluate` (both sides) and `side` (one): validate; an instance's
 * traffic to itself is never judged; a shared Accept group decides the pair; else each side is
 * judged on its own.
 */
function judgeFlow(index: NetworkIndex, tables: Tables, flow: Flow, only?: RuleType, as?: "other"): Judged {
  const { from, to, protocol: asked, port } = validateFlow(index, tables, flow);
  const protocol: JudgedProtocol = as ?? asked;
  if (from.instance && from.instance === to.instance) return { from, to, protocol, port, self: true };
  if (from.instance && to.instance) {
    const open = openSharedGroup(index, from.instance, to.instance);
    if (open !== undefined) {
      return { from, to, protocol, port, open, egress: innerAccessVerdict("egress", from.instance, open), ingress: innerAccessVerdict("ingress", to.instance, open) };
    }
  }
  const p = port ?? 1;
  const egress = from.instance && only !== "ingress" ? judgeSide(index, tables, from.instance, "egress", protocol, p, to.point) : undefined;
  const ingress = to.instance && only !== "egress" ? judgeSide(index, tables, to.instance, "ingress", protocol, p, from.point) : undefined;
  return { from, to, protocol, port, egress, ingress };
}

/** How a sentence names the flow: `tcp:22 from 203.0.113.7 to i-web` (made only for a sentence: {@link decideSide} makes none). */
function labelOf(j: Judged): string {
  return `${j.port === undefined ? j.protocol : `${j.protocol}:${j.port}`} from ${j.from.text} to ${j.to.text}`;
}

function decide(index: NetworkIndex, tables: Tables, flow: Flow): Decision {
  const j = judgeFlow(index, tables, flow);
  const { from, to } = j;
  const label = labelOf(j);
  if (j.self) return { allowed: true, reason: explainSelf(label) };
  if (j.open !== undefined) return { allowed: true, reason: explainInnerAccess(label, j.open), egress: j.egress, ingress: j.ingress };
  let isolation: string | undefined;
  const shared = from.instance && to.instance ? from.instance.groupIds.find((g) => to.instance?.groups.has(g)) : undefined;
  if (shared !== undefined) {
    const g = index.groups.get(shared) as IndexedGroup;
    isolation = isolationText(g.id, g.type);
  }
  const { egress, ingress } = j;
  const { allowed, reason } = explainFlow(
    label,
    egress && from.instance ? { verdict: egress, groupIds: from.instance.groupIds } : undefined,
    ingress && to.instance ? { verdict: ingress, groupIds: to.instance.groupIds } : undefined,
    isolation,
  );
  const decision: Decision = { allowed, reason };
  if (egress) decision.egress = egress;
  if (ingress) decision.ingress = ingress;
  return decision;
}

/** {@link decide} for one side, without the sentence: the same steps ({@link judgeFlow}). */
function decideSide(index: NetworkIndex, tables: Tables, flow: Flow, direction: RuleType, as?: "other"): Verdict | undefined {
  const j = judgeFlow(index, tables, flow, direction, as);
  return direction === "egress" ? j.egress : j.ingress;
}
