/**
 * `compileNetwork`: validates a network once and answers many flow questions quickly.
 */
import { ValidationError } from "../model/errors";
import { CidrBlock, IpFamily, parseAddress } from "../model/ip";
import { NetworkModel } from "../model/network";
import { peerText, portText } from "../model/rule-key";
import { RuleType } from "../model/rule";
import { Decision, FLOW_PROTOCOLS, Flow, FlowProtocol, Verdict } from "./flow";
import { CompiledRule, DEFAULT_PRIORITY, IndexedGroup, IndexedInstance, NetworkIndex, PeerPoint, defaultAllows, isInternalBlock, networkIndex, nicMatches, peerMatches, pointOf } from "./rule-index";

/** A network compiled for repeated questions. */
export interface CompiledNetwork {
  /** The validated, normalised model the answers are about. */
  readonly model: NetworkModel;
  /** Decides one flow; see {@link evaluateFlow}. */
  evaluate(flow: Flow): Decision;
}

interface Endpoint {
  readonly text: string;
  readonly point: PeerPoint;
  readonly instance?: IndexedInstance;
}

const compiled = new WeakMap<NetworkModel, CompiledNetwork>();

/**
 * Validates a network once (every rule through `validateRule`) and indexes it, so that each
 * `evaluate(flow)` only scans the rules of the two interfaces' groups for that protocol, in
 * decision order, and stops at the first match. The result is cached per model object: treat
 * the model as immutable, and compile again after changing it.
 *
 * @example
 * const net = compileNetwork(model);
 * net.evaluate({ from: "203.0.113.7", to: "i-web", protocol: "tcp", port: 22 }).allowed; // => true
 */
export function compileNetwork(model: NetworkModel): CompiledNetwork {
  const cached = compiled.get(model);
  if (cached) return cached;
  const index = networkIndex(model);
  const tables = new Map<string, readonly CompiledRule[]>();
  const net: CompiledNetwork = {
    model: index.model,
    evaluate: (flow) => decide(index, tables, flow),
  };
  compiled.set(model, net);
  return net;
}

function sideTable(index: NetworkIndex, tables: Map<string, readonly CompiledRule[]>, inst: IndexedInstance, direction: RuleType, protocol: FlowProtocol): readonly CompiledRule[] {
  const key = `${direction}|${protocol}|${inst.groupsKey}`;
  let table = tables.get(key);
  if (!table) {
    const rules: CompiledRule[] = [];
    for (const gid of new Set(inst.groupIds)) {
      const g = index.groups.get(gid) as IndexedGroup;
      for (const r of g[direction]) if (r.protocol === protocol || r.protocol === "all") rules.push(r);
    }
    table = rules.sort((a, b) => a.order - b.order);
    tables.set(key, table);
  }
  return table;
}

function judgeSide(index: NetworkIndex, tables: Map<string, readonly CompiledRule[]>, inst: IndexedInstance, direction: RuleType, protocol: FlowProtocol, port: number, peer: PeerPoint): Verdict {
  for (const r of sideTable(index, tables, inst, direction, protocol)) {
    if (port < r.from || port > r.to) continue;
    if (!nicMatches(r, peer.internal) || !peerMatches(r.peer, peer)) continue;
    return {
      direction,
      allowed: !r.drop,
      decidedBy: "rule",
      instanceId: inst.instance.id,
      groupId: r.groupId,
      ruleIndex: r.ruleIndex,
      rule: r.rule,
      priority: r.priority,
      policy: r.drop ? "drop" : "accept",
      groupType: inst.type,
    };
  }
  const allowed = defaultAllows(direction, inst.type);
  return { direction, allowed, decidedBy: "default", instanceId: inst.instance.id, priority: DEFAULT_PRIORITY, policy: allowed ? "accept" : "drop", groupType: inst.type };
}

function validateFlow(index: NetworkIndex, flow: Flow): { from: Endpoint; to: Endpoint; protocol: FlowProtocol; port?: number } {
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
  const from = endpoint(index, "flow.from", f.from);
  const to = endpoint(index, "flow.to", f.to);
  if (!from.instance && !to.instance) {
    throw new ValidationError("invalid-argument", "flow", { from: f.from, to: f.to }, "joins two outside addresses, which no security group of the model judges", "Make the sender or the receiver one of the model's instance ids.");
  }
  // A flow joins two ends of one address family; icmp is IPv4's and icmpv6 IPv6's. An outside
  // address fixes the family; between two instances it is the protocol's, else IPv4 where both
  // have it, else IPv6.
  const outside = [from, to].find((e) => !e.instance);
  const both = (family: IpFamily) => [from, to].every((e) => (e.instance ? e.instance.points[family] !== undefined : e.point.family === family));
  const family: IpFamily = outside ? outside.point.family : p === "icmp" ? "ipv4" : p === "icmpv6" ? "ipv6" : both("ipv4") ? "ipv4" : both("ipv6") ? "ipv6" : "ipv4";
  if ((p === "icmp" && family === "ipv6") || (p === "icmpv6" && family === "ipv4")) {
    throw new ValidationError("protocol-family-mismatch", "flow.protocol", p, `does not fit the ${family === "ipv6" ? "IPv6" : "IPv4"} address ${outside?.text} in ${outside === from ? "flow.from" : "flow.to"}`, p === "icmp" ? `Use "icmpv6" for an IPv6 address.` : `Use "icmp" for an IPv4 address.`);
  }
  const at = (e: Endpoint, field: string): Endpoint => {
    if (!e.instance) return e;
    const point = e.instance.points[family];
    if (point) return { ...e, point };
    const has = e.instance.instance.privateIp;
    throw new ValidationError("protocol-family-mismatch", field, e.text, `has no ${family === "ipv6" ? "IPv6" : "IPv4"} address (only ${has}), so no ${p} packet of this flow reaches or leaves it`, family === "ipv6" ? "Give the instance its IPv6 address in ipv6Addresses, or ask about an IPv4 flow." : "Ask about an IPv6 flow, or give the instance an IPv4 privateIp.");
  };
  return { from: at(from, "flow.from"), to: at(to, "flow.to"), protocol: p, port: port as number | undefined };
}

function endpoint(index: NetworkIndex, field: string, value: unknown): Endpoint {
  if (typeof value === "string") {
    const inst = index.instances.get(value);
    if (inst) return { text: value, point: inst.point, instance: inst };
    const block: CidrBlock | undefined = parseAddress(value);
    if (block) return { text: value, point: pointOf(block, isInternalBlock(block)) };
  }
  const known = [...index.instances.keys()].slice(0, 3).map((id) => JSON.stringify(id));
  const example = known.length > 0 ? `one of the model's instance ids (${known.join(", ")}${index.instances.size > 3 ? ", …" : ""})` : "an instance id of the model";
  throw new ValidationError("unknown-instance", field, value, "is neither an instance of the model nor an IP address", `Use ${example} or an address such as "203.0.113.7" (no prefix length).`);
}

function decide(index: NetworkIndex, tables: Map<string, readonly CompiledRule[]>, flow: Flow): Decision {
  const { from, to, protocol, port } = validateFlow(index, flow);
  const label = `${port === undefined ? protocol : `${protocol}:${port}`} from ${from.text} to ${to.text}`;
  if (from.instance && from.instance === to.instance) {
    return { allowed: true, reason: `${label} is allowed: an instance's traffic to itself never leaves it, so no security group judges it.` };
  }
  let isolation: string | undefined;
  if (from.instance && to.instance) {
    const shared = from.instance.groupIds.filter((g) => to.instance?.groups.has(g));
    const open = shared.find((g) => index.groups.get(g)?.inner === "Accept");
    if (open !== undefined) {
      const side = (direction: RuleType, inst: IndexedInstance): Verdict => ({ direction, allowed: true, decidedBy: "inner-access", instanceId: inst.instance.id, groupId: open, policy: "accept", groupType: "normal" });
      return {
        allowed: true,
        reason: `${label} is allowed: both are members of basic group ${open}, whose innerAccessPolicy Accept lets members reach each other on every protocol and port, whatever its rules say.`,
        egress: side("egress", from.instance),
        ingress: side("ingress", to.instance),
      };
    }
    if (shared.length > 0) {
      const g = index.groups.get(shared[0]) as IndexedGroup;
      isolation = g.type === "enterprise" ? `members of enterprise group ${g.id} are isolated from each other` : `members of ${g.id} are isolated (innerAccessPolicy Drop)`;
    }
  }
  const p = port ?? 1;
  const egress = from.instance ? judgeSide(index, tables, from.instance, "egress", protocol, p, to.point) : undefined;
  const ingress = to.instance ? judgeSide(index, tables, to.instance, "ingress", protocol, p, from.point) : undefined;
  const allowed = (egress?.allowed ?? true) && (ingress?.allowed ?? true);
  const told = [egress, ingress].filter((v): v is Verdict => v !== undefined && (allowed || !v.allowed));
  const reason = `${label} is ${allowed ? "allowed" : "denied"}: ${told.map((v) => explain(v, (v.direction === "egress" ? from.instance : to.instance) as IndexedInstance, isolation)).join("; ")}.`;
  const decision: Decision = { allowed, reason };
  if (egress) decision.egress = egress;
  if (ingress) decision.ingress = ingress;
  return decision;
}

function explain(v: Verdict, inst: IndexedInstance, isolation: string | undefined): string {
  if (v.decidedBy === "rule" && v.rule) {
    const r = v.rule;
    const via = v.direction === "ingress" ? "from" : "to";
    return `${v.direction} rule ${v.ruleIndex} of ${v.groupId} (${v.policy} ${portText(r)} ${via} ${peerText(r)}, priority ${v.priority}) ${v.allowed ? "allows" : "denies"} it`;
  }
  const ids = [...new Set(inst.groupIds)];
  const groups = `${ids.length > 1 ? "groups" : "group"} ${ids.join(", ")}`;
  const kind = v.groupType === "enterprise" ? "enterprise" : "basic";
  const word = v.direction === "egress" ? "outbound" : "inbound";
  const tail = !v.allowed && isolation ? `; ${isolation}` : "";
  return `no ${v.direction} rule of ${v.instanceId}'s ${groups} matches, so the ${kind} default ${v.allowed ? "allows" : "denies"} ${word} traffic${tail}`;
}
