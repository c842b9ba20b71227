/**
 * What every component must do with any arguments: produce a network that is valid, safe from
 * the Internet and clean under the checks (unless the caller opted in), or refuse with a
 * ValidationError. Shared by the planner fuzz, the component fuzz and the change-safety tests.
 */
import { isClassicGroup } from "../../lib/model/group-network";
import { parsePortSpec } from "../../lib/plans/port-spec";
import { ruleKeyIn } from "../../lib/model/rule-key";
import { evaluateFlow } from "../../lib/analysis";
import { checkNetwork } from "../../lib/checks/check-network";
import { ValidationError } from "../../lib/model/errors";
import { CidrBlock, blockContains, isPrivateIpv4, parseCidr } from "../../lib/model/ip";
import { NetworkModel, validateGroup, validateNetwork } from "../../lib/model/network";
import { validateRule } from "../../lib/model/rule";
import { ruleKey } from "../../lib/model/rule-key";
import { ADMIN_PORTS, DATABASE_PORT_LIST } from "../../lib/model/services";
import { ComponentName, MANAGED_BY, SecurityGroupPlan, planComponent, planNetwork, plannedRules } from "../../lib/plans";

/** Ports nobody on the Internet may reach without the opt-in. */
export const SENSITIVE_PORTS: readonly number[] = [...ADMIN_PORTS, ...DATABASE_PORT_LIST];

/** The outside IPv4 address asked about first. */
export const OUTSIDE_IPV4 = "198.51.100.7";
/** The outside IPv6 address asked about first. */
export const OUTSIDE_IPV6 = "2001:db8:ffff::7";
/**
 * Outside addresses spread over the whole space (the first is the one asked about first). A
 * port reachable from all of them is reachable from the Internet, however the blocks that open
 * it are cut (one `/0`, or two halves).
 */
const SPREAD_IPV4 = [OUTSIDE_IPV4, "1.2.3.4", "45.67.89.10", "98.76.54.32", "126.1.2.3", "150.1.2.3", "172.217.1.1", "203.0.113.250", "223.254.1.1", "8.8.8.8", "64.0.0.1", "180.0.0.1"];
const SPREAD_IPV6 = [OUTSIDE_IPV6, "2400:cb00::1", "2a00:1450::1", "2600:1f00::1", "3000::1", "2001:4860::8888", "8000::1", "c000::1", "e000::1", "1000::1"];

/** A plan, or the error a component refused its arguments with. */
export type Outcome = { plan: SecurityGroupPlan; error?: undefined } | { error: ValidationError; plan?: undefined };

/** Plans and guards like the component's constructor; anything but a ValidationError escapes (and fails the property). */
export function outcomeOf(component: ComponentName, name: unknown, args: unknown): Outcome {
  try {
    return { plan: planComponent(component, name as string, args as never) };
  } catch (e) {
    if (e instanceof ValidationError) return { error: e };
    throw e;
  }
}

/** Fails with `message()` unless `ok`. Plain on purpose: jest's expect costs a stack trace per call, and the fuzz makes hundreds of thousands of checks. */
export function check(ok: boolean, message: () => string): void {
  if (!ok) throw new Error(message());
}

/** JSON of a value with keys sorted, `undefined` properties left out: equal texts, equal flat values. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v) => (typeof v === "object" && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}

/** A refusal names the argument, keeps a stable code and starts with the library's name. */
export function expectWellFormedError(error: ValidationError): void {
  check(/^alicloud-secgroups: \S/.test(error.message) && typeof error.code === "string" && typeof error.field === "string" && error.field !== "", () => `malformed refusal: ${error.code} ${error.field} ${error.message}`);
  // A component breaking its own promise is never a refusal of the caller's arguments: it is a bug.
  check(error.code !== "broken-intent", () => `a component broke its own promise: ${error.message}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The reason a component accepts for unsafe rules, read from the arguments alone (OutboundWhitelist takes none). */
export function optInReason(component: ComponentName, args: unknown): string | undefined {
  if (component === "OutboundWhitelist" || !isRecord(args) || !isRecord(args.allowUnsafe)) return undefined;
  const reason = args.allowUnsafe.reason;
  return typeof reason === "string" && reason.trim().length >= 3 && reason.trim().length <= 200 ? reason.trim() : undefined;
}

/** Every block narrower than the world that the caller wrote anywhere in the arguments. */
export function namedBlocks(args: unknown): CidrBlock[] {
  const out: CidrBlock[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      const b = parseCidr(v);
      if (b && b.prefix > 0) out.push(b);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (isRecord(v)) Object.values(v).forEach(walk);
  };
  walk(args);
  return out;
}

/** The plan's network, its groups judged as the library models them, with one dual-stack probe instance in each of its groups. */
export function probeNetwork(plan: SecurityGroupPlan): { network: NetworkModel; probes: { id: string; group: string }[] } {
  const base = planNetwork(plan);
  const groups = base.groups;
  const probes = groups.map((g, i) => ({ id: `probe-${i}`, group: g.id }));
  const instances = [...(base.instances ?? []), ...probes.map((p, i) => ({ id: p.id, privateIp: `10.254.${i}.1`, ipv6Addresses: [`fd00:254:${i}::1`], groups: [p.group] }))];
  return { network: { ...base, groups, instances }, probes };
}

/** (a) Every rule passes validateRule unchanged, every group validateGroup, the whole validateNetwork; identical rules appear once; child names are unique. */
export function expectValidPlan(plan: SecurityGroupPlan): void {
  const network = planNetwork(plan);
  for (const g of network.groups) {
    validateGroup(g);
    const keys = new Set<string>();
    const network = isClassicGroup(g) ? "classic" : "vpc";
    for (const r of g.rules) {
      const again = validateRule(r);
      check(canonical(again) === canonical(r), () => `rule of ${g.id} is not normalised: ${canonical(r)} validates to ${canonical(again)}`);
      check(typeof r.description === "string" && r.description.length > 0, () => `rule of ${g.id} has no description: ${canonical(r)}`);
      keys.add(ruleKeyIn(r, network));
    }
    check(keys.size === g.rules.length, () => `group ${g.id} holds identical rules: ${g.rules.map((r) => ruleKeyIn(r, network)).join(", ")}`);
  }
  validateNetwork(network, { maxGroupsPerInstance: plan.maxGroupsPerInstance });
  const names = plannedRules(plan).map((r) => r.name);
  check(new Set(names).size === names.length, () => `child names repeat: ${names.join(", ")}`);
  for (const g of plan.groups.filter((x) => x.created)) {
    check(g.model.tags?.["managed-by"] === MANAGED_BY && g.model.tags?.component === plan.component, () => `group ${g.model.id} lacks its tags: ${canonical(g.model.tags)}`);
  }
}

/**
 * (b) From the Internet, no admin or database port of any group is reachable: from the first
 * outside address only when a block the caller named (narrower than the world) holds it, and
 * never from every outside address. With the opt-in, whatever a world rule (/0) opens records
 * the reason.
 */
export function expectClosedToInternet(plan: SecurityGroupPlan, named: CidrBlock[], reason: string | undefined): void {
  const { network, probes } = probeNetwork(plan);
  const ipv6 = network.groups.some((g) => g.rules.some((r) => r.ipv6CidrIp !== undefined));
  const families = ipv6 ? [SPREAD_IPV4, SPREAD_IPV6] : [SPREAD_IPV4];
  for (const probe of probes) {
    for (const port of SENSITIVE_PORTS) {
      for (const protocol of ["tcp", "udp"] as const) {
        for (const spread of families) {
          const first = evaluateFlow(network, { from: spread[0], to: probe.id, protocol, port });
          if (!first.allowed) continue;
          const where = () => `${protocol}:${port} reaches group ${probe.group}: ${first.reason}`;
          if (reason === undefined) {
            check(!spread.every((from) => evaluateFlow(network, { from, to: probe.id, protocol, port }).allowed), () => `from every outside address, ${where()}`);
            const addr = parseCidr(spread[0]) as CidrBlock;
            check(named.some((b) => blockContains(b, addr)), () => `from an address no argument names, ${where()}`);
          } else {
            const rule = first.ingress?.rule;
            const world = rule !== undefined && parseCidr((rule.cidrIp ?? rule.ipv6CidrIp) as string)?.prefix === 0;
            check(!world || (rule.description ?? "").includes(`[UNSAFE, opted in: ${reason}]`), () => `opted in, but the rule does not record it: ${where()} ${canonical(rule)}`);
          }
        }
      }
    }
  }
}

/** (c) checkNetwork reports nothing high; with the opt-in, every high finding is about a rule that records the reason. */
export function expectNoHighFindings(network: NetworkModel, reason: string | undefined, ignore: readonly string[] = []): void {
  for (const f of checkNetwork(network)) {
    if (f.severity !== "high" || ignore.includes(f.check)) continue;
    check(reason !== undefined, () => `high finding without the opt-in: ${canonical(f)}`);
    const rule = f.ruleIndex === undefined ? undefined : network.groups.find((g) => g.id === f.groupId)?.rules[f.ruleIndex];
    check((rule?.description ?? "").includes(`[UNSAFE, opted in: ${reason}]`), () => `high finding on a rule that does not record the opt-in: ${canonical(f)} ${canonical(rule)}`);
  }
}

/** The requests an interconnect's arguments ask members to make of each other. */
function interconnectTraffic(args: Record<string, unknown>): { protocol: "tcp" | "udp" | "icmp" | "icmpv6" | "gre"; port?: number }[] {
  const ports = Array.isArray(args.ports) ? args.ports : undefined;
  const protocol = (args.protocol ?? (ports ? "tcp" : "all")) as string;
  if (protocol === "icmp") return [{ protocol: "icmp" }];
  if (protocol === "all") return [{ protocol: "tcp", port: 22 }, { protocol: "udp", port: 53 }];
  // Each entry as the library reads it: its first and last port (a range is one rule).
  return (ports ?? []).flatMap((entry) => {
    const spec = parsePortSpec("ports", entry, protocol as "tcp" | "udp");
    if (spec.from === -1) return [{ protocol: spec.protocol }];
    return [...new Set([spec.from, spec.to])].map((port) => ({ protocol: spec.protocol, port }));
  });
}

/**
 * (d) An interconnect works: on the plan's own network (a member's existing group read as the
 * plan knows it: a VPC group unless it says classic), every member with an address reaches every
 * other of its address family on the ports asked for, and another account's member reaches ours from its private address.
 */
export function expectMembersConnected(plan: SecurityGroupPlan, args: unknown): void {
  if (!isRecord(args)) return;
  const network = planNetwork(plan);
  const instances = network.instances ?? [];
  const traffic = interconnectTraffic(args).filter((t) => (t.protocol !== "icmp" || instances.every((i) => !i.privateIp.includes(":"))) && (t.protocol !== "icmpv6" || instances.every((i) => i.privateIp.includes(":"))));
  // Another account's member is an outside address to the model: only a private one is read as an intranet peer.
  const foreign = args.method === "single-ip" ? plan.members.filter((m) => m.privateIp !== undefined && isPrivateIpv4(parseCidr(m.privateIp) as CidrBlock) && !instances.some((i) => i.id === m.name)) : [];
  for (const to of instances) {
    const senders = [...instances.filter((i) => i !== to).map((i) => i.id), ...foreign.map((m) => m.privateIp as string)];
    for (const from of senders) {
      // Two members of different address families exchange no packets: nothing to connect.
      const fromIp = instances.find((i) => i.id === from)?.privateIp ?? from;
      if (fromIp.includes(":") !== to.privateIp.includes(":")) continue;
      for (const t of traffic) {
        const d = evaluateFlow(network, { from, to: to.id, ...t });
        check(d.allowed, () => `interconnect member ${from} cannot reach ${to.id}: ${d.reason}`);
      }
    }
  }
}

/** Everything a component promises about one set of arguments, on the pure path. */
export function expectSafeOutcome(component: ComponentName, name: unknown, args: unknown): Outcome {
  const out = outcomeOf(component, name, args);
  if (out.error) {
    expectWellFormedError(out.error);
    return out;
  }
  const reason = optInReason(component, args);
  check(out.plan.unsafeReason === reason, () => `the plan records the opt-in ${canonical(out.plan.unsafeReason)}, the arguments say ${canonical(reason)}`);
  expectValidPlan(out.plan);
  expectClosedToInternet(out.plan, namedBlocks(args), reason);
  expectNoHighFindings(planNetwork(out.plan), reason);
  if (component === "InterconnectGroup") expectMembersConnected(out.plan, args);
  return out;
}
