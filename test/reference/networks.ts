/**
 * fast-check arbitraries for random security-group networks (the library's plain data) and for
 * flows through them, biased to hit rule boundaries: addresses at CIDR edges (first, last, one
 * outside either end), ports at range edges. Every generated network is meant to be valid (the
 * tests filter with the library's `validateNetwork` and count what it refuses).
 *
 * Shapes covered: classic groups (`network: "classic"`, `vpcId: ""`), VPC groups with and without
 * `vpcId`, groups with no network field at all, basic and enterprise groups (never mixed on one
 * instance, and never classic and VPC groups on one instance), inner access Accept / Drop /
 * absent, IPv4 and IPv6 CIDR peers (bare addresses, host bits, other spellings), prefix lists,
 * group peers (in the model, outside it, other accounts), several groups per instance,
 * priorities with ties, accept and drop, every protocol.
 */
import fc from "fast-check";
import * as ipaddr from "ipaddr.js";
import { RefFlow, RefGroup, RefInstance, RefNetwork, RefPrefixList, RefRule } from "./reference-evaluator";

/** IPv4 blocks rules draw from: nested, overlapping, internal and public, straddling, odd forms. */
export const IPV4_BLOCKS = [
  "0.0.0.0/0",
  "10.0.0.0/8",
  "10.0.0.0/16",
  "10.0.1.0/24",
  "10.0.1.5/32",
  "10.0.1.5",
  "10.0.1.4/31",
  "10.159.6.18/12",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  "100.104.0.0/16",
  "161.117.0.0/16",
  "203.0.113.0/24",
  "203.0.113.7/32",
  "198.51.100.0/25",
  "8.0.0.0/7",
  "10.0.0.0/7",
  "0.0.0.0/1",
  "128.0.0.0/1",
];

/** IPv6 blocks rules draw from. */
export const IPV6_BLOCKS = [
  "::/0",
  "2001:db8::/32",
  "2001:db8:1::/48",
  "2001:db8:1::5/128",
  "2001:DB8:1:0:0:0:0:5",
  "2001:db8:1::4/127",
  "2001:DB8::/32",
  "2001:db8:1::5/48",
  "fd00::/8",
  "fc00::/7",
  "2400:3200::/32",
  "2000::/3",
];

/** Private addresses instances draw from. */
export const IPV4_INSTANCE_ADDRESSES = ["10.0.1.5", "10.0.1.6", "10.0.1.4", "10.0.0.255", "10.0.2.0", "10.1.0.9", "172.16.0.1", "192.168.0.1", "10.255.255.255"];
export const IPV6_INSTANCE_ADDRESSES = ["2001:db8:1::5", "2001:db8:1::6", "fd00::1", "2400:3200::1", "2001:db8:2::1"];

/** Outside addresses every flow generator may use besides the edges of the network's blocks. */
const FIXED_OUTSIDE = ["8.8.8.8", "161.117.3.4", "100.104.1.1", "203.0.113.7", "203.0.113.8", "198.51.100.1", "10.0.1.5", "192.168.1.1", "2001:db8:1::5", "2400:3200::1", "fd00::1", "2a00:1450::1"];

const PORT_RANGES = ["22/22", "80/80", "443/443", "1/65535", "8000/8080", "3306/3306", "3389/3389", "1/1", "65535/65535", "1/1024", "1024/65535"];

const ACCOUNTS = ["111", "222"];
const OWNERS = ["111", "222", "333"];

type Realm = "classic" | "vpc";

interface GroupHeader {
  id: string;
  type: "normal" | "enterprise";
  realm: Realm;
  /** The network fields as written on the group. */
  fields: Partial<Pick<RefGroup, "network" | "vpcId" | "innerAccessPolicy">>;
}

const classicFields = fc.constantFrom<Partial<RefGroup>>({ network: "classic" }, { vpcId: "" }, { network: "classic", vpcId: "" });
const vpcFields = fc.constantFrom<Partial<RefGroup>>({}, { network: "vpc" }, { vpcId: "vpc-1" }, { network: "vpc", vpcId: "vpc-1" }, {});

function headerArb(id: string): fc.Arbitrary<GroupHeader> {
  return fc
    .record({
      enterprise: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
      classic: fc.integer({ min: 0, max: 2 }).map((n) => n === 0),
      classicF: classicFields,
      vpcF: vpcFields,
      inner: fc.constantFrom<"Accept" | "Drop" | undefined>(undefined, "Accept", "Drop", "Drop"),
      // The API reports Drop for an enterprise group, and a model read from it carries it.
      enterpriseDrop: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
    })
    .map(({ enterprise, classic, classicF, vpcF, inner, enterpriseDrop }) => {
      const type = enterprise ? "enterprise" : "normal";
      const realm: Realm = !enterprise && classic ? "classic" : "vpc";
      const fields: GroupHeader["fields"] = { ...(realm === "classic" ? classicF : vpcF) };
      if (!enterprise && inner !== undefined) fields.innerAccessPolicy = inner;
      if (enterprise && enterpriseDrop) fields.innerAccessPolicy = "Drop";
      return { id, type, realm, fields };
    });
}

interface RuleCtx {
  header: GroupHeader;
  /** Every group of the network. */
  headers: GroupHeader[];
  prefixLists: RefPrefixList[];
}

function ruleArb(ctx: RuleCtx): fc.Arbitrary<RefRule> {
  const { header } = ctx;
  const peers: fc.WeightedArbitrary<Partial<RefRule> & { kind: string }>[] = [
    { weight: 60, arbitrary: fc.constantFrom(...IPV4_BLOCKS).map((cidrIp) => ({ kind: "cidr", cidrIp })) },
    { weight: 20, arbitrary: fc.constantFrom(...IPV6_BLOCKS).map((ipv6CidrIp) => ({ kind: "ipv6", ipv6CidrIp })) },
  ];
  // A group rule names a basic group of the same network (classic / VPC), or one outside the model.
  const peerGroups = ctx.headers.filter((h) => h.type === "normal" && h.realm === header.realm).map((h) => h.id);
  if (header.type === "normal") {
    peers.push({
      weight: 30,
      arbitrary: fc
        .record({ id: fc.constantFrom(...peerGroups, "sg-outside", ...peerGroups), owner: fc.constantFrom<string | undefined>(undefined, undefined, undefined, ...OWNERS) })
        .map(({ id, owner }) => {
          if (owner === undefined) return { kind: "group", sourceSecurityGroupId: id };
          // Now and then the deprecated owner field, which others' rules may still carry.
          if (id.endsWith("0") && owner === "222") return { kind: "group", sourceSecurityGroupId: id, sourceGroupOwnerAccount: owner };
          return { kind: "group", sourceSecurityGroupId: id, sourceGroupOwnerId: owner };
        }),
    });
  }
  // Prefix lists are for VPC groups only (PROVIDER-RULES.md).
  if (ctx.prefixLists.length > 0 && header.realm === "vpc") {
    peers.push({ weight: 20, arbitrary: fc.constantFrom(...ctx.prefixLists.map((p) => p.id)).map((prefixListId) => ({ kind: "prefix-list", prefixListId })) });
  }
  return fc
    .record({
      type: fc.constantFrom<"ingress" | "egress">("ingress", "egress"),
      peer: fc.oneof(...peers),
      proto: fc.constantFrom("tcp", "tcp", "tcp", "udp", "icmp", "gre", "all", "all"),
      ports: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PORT_RANGES) }, { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 })).map(([a, b]) => `${Math.min(a, b)}/${Math.max(a, b)}`) }),
      writePorts: fc.boolean(),
      policy: fc.constantFrom<"accept" | "drop" | undefined>(undefined, "accept", "drop", "drop"),
      priority: fc.oneof(fc.constantFrom<number | undefined>(undefined, 1, 1, 2, 5, 50, 100), fc.integer({ min: 1, max: 100 })),
      nic: fc.constantFrom<"internet" | "intranet" | undefined>(undefined, undefined, "internet", "intranet"),
    })
    .map(({ type, peer, proto, ports, writePorts, policy, priority, nic }) => {
      const { kind, ...peerFields } = peer;
      let ipProtocol = proto as RefRule["ipProtocol"];
      if (ipProtocol === "icmp" && kind === "ipv6") ipProtocol = "icmpv6";
      const rule: RefRule = { type, ipProtocol, ...peerFields };
      if (ipProtocol === "tcp" || ipProtocol === "udp") rule.portRange = ports;
      else if (writePorts) rule.portRange = "-1/-1";
      if (policy !== undefined) rule.policy = policy;
      if (priority !== undefined) rule.priority = priority;
      // nicType: internet only on a CIDR rule of a classic group; intranet anywhere.
      if (nic === "intranet") rule.nicType = "intranet";
      if (nic === "internet" && header.realm === "classic" && (kind === "cidr" || kind === "ipv6")) rule.nicType = "internet";
      return rule;
    });
}

function prefixListArb(id: string): fc.Arbitrary<RefPrefixList> {
  return fc.oneof(
    fc.uniqueArray(fc.constantFrom(...IPV4_BLOCKS), { minLength: 1, maxLength: 3 }),
    fc.uniqueArray(fc.constantFrom(...IPV6_BLOCKS), { minLength: 1, maxLength: 2 }),
  ).map((cidrs) => ({ id, cidrs }));
}

/** Options of {@link networkArb}. */
export interface NetworkShape {
  /** Most groups. @default 5 */
  maxGroups?: number;
  /** Most rules per group. @default 6 */
  maxRules?: number;
  /**
   * One instance per group, in that group only (what the access matrix's group nodes stand
   * for). @default false
   */
  onePerGroup?: boolean;
  /** Instances get IPv6 addresses too. @default true */
  ipv6Instances?: boolean;
}

function instanceAddress(ipv6: boolean): fc.Arbitrary<string> {
  const v4 = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...IPV4_INSTANCE_ADDRESSES) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 })).map(([c, d]) => `10.0.${c}.${d}`) },
  );
  return ipv6 ? fc.oneof({ weight: 5, arbitrary: v4 }, { weight: 1, arbitrary: fc.constantFrom(...IPV6_INSTANCE_ADDRESSES) }) : v4;
}

/** Random networks (see the file comment). */
export function networkArb(shape: NetworkShape = {}): fc.Arbitrary<RefNetwork> {
  const maxGroups = shape.maxGroups ?? 5;
  const maxRules = shape.maxRules ?? 6;
  const ipv6 = shape.ipv6Instances ?? true;
  return fc
    .record({ ng: fc.integer({ min: 1, max: maxGroups }), npl: fc.integer({ min: 0, max: 2 }) })
    .chain(({ ng, npl }) => {
      const ids = Array.from({ length: ng }, (_, i) => `sg-g${i}`);
      const plIds = Array.from({ length: npl }, (_, i) => `pl-p${i}`);
      return fc.record({
        headers: fc.tuple(...ids.map(headerArb)),
        prefixLists: npl === 0 ? fc.constant([] as RefPrefixList[]) : fc.tuple(...plIds.map(prefixListArb)),
      });
    })
    .chain(({ headers, prefixLists }) => {
      const groups = fc.tuple(
        ...headers.map((header) =>
          fc.array(ruleArb({ header, headers, prefixLists }), { maxLength: maxRules }).map((rules): RefGroup => {
            const g: RefGroup = { id: header.id, ...header.fields, rules };
            if (header.type === "enterprise") g.type = "enterprise";
            else if (header.id.endsWith("1")) g.type = "normal";
            return g;
          }),
        ),
      );
      const instances: fc.Arbitrary<RefInstance[]> = shape.onePerGroup
        ? fc.tuple(...headers.map((h, k) => fc.record({ ip: instanceAddress(ipv6), dual: dualArb(ipv6), account: fc.constantFrom<string | undefined>(undefined, ...ACCOUNTS) }).map(({ ip, dual, account }) => withAccount(withDual({ id: `i-${k}`, privateIp: ip, groups: [h.id] }, dual), account))))
        : fc.array(instanceArb(headers, ipv6), { minLength: 1, maxLength: 5 }).map((list) => list.map((inst, k) => ({ ...inst, id: `i-${k}` })));
      return fc.record({ groups, instances, prefixLists: fc.constant(prefixLists), twins: fc.array(twinArb, { maxLength: 4 }) }).map(({ groups, instances, prefixLists, twins }) => {
        const net: RefNetwork = { groups: addTwins(groups, headers, twins), instances };
        if (prefixLists.length > 0) net.prefixLists = prefixLists;
        return net;
      });
    });
}

/**
 * A twin: a copy of one rule (same direction, protocol and ports) put in the same or another
 * group of the same kind, with another policy and priority and perhaps an overlapping peer, so
 * that flows meet competing rules (ties, priority contests, across groups).
 */
interface Twin {
  fromGroup: number;
  fromRule: number;
  toGroup: number;
  policy: "accept" | "drop" | undefined;
  priority: number | undefined;
  peer: number;
}

const twinArb: fc.Arbitrary<Twin> = fc.record({
  fromGroup: fc.nat(),
  fromRule: fc.nat(),
  toGroup: fc.nat(),
  policy: fc.constantFrom<"accept" | "drop" | undefined>(undefined, "accept", "drop"),
  priority: fc.constantFrom<number | undefined>(undefined, 1, 2, 50, 100),
  peer: fc.nat({ max: 2 * IPV4_BLOCKS.length }),
});

function addTwins(groups: RefGroup[], headers: GroupHeader[], twins: Twin[]): RefGroup[] {
  const out = groups.map((g) => ({ ...g, rules: [...g.rules] }));
  for (const t of twins) {
    const from = t.fromGroup % out.length;
    const source = groups[from].rules;
    if (source.length === 0) continue;
    const rule = source[t.fromRule % source.length];
    const to = t.toGroup % out.length;
    if (headers[to].type !== headers[from].type || headers[to].realm !== headers[from].realm) continue;
    const twin: RefRule = { ...rule };
    delete twin.policy;
    delete twin.priority;
    if (t.policy !== undefined) twin.policy = t.policy;
    if (t.priority !== undefined) twin.priority = t.priority;
    // Half the time, an IPv4 peer becomes another (often overlapping) IPv4 block.
    if (rule.cidrIp !== undefined && t.peer < IPV4_BLOCKS.length) twin.cidrIp = IPV4_BLOCKS[t.peer];
    out[to].rules.push(twin);
  }
  return out;
}

/** Now and then an extra IPv6 address (a dual-stack interface). */
function dualArb(ipv6: boolean): fc.Arbitrary<string | undefined> {
  return ipv6 ? fc.constantFrom<string | undefined>(undefined, undefined, undefined, undefined, ...IPV6_INSTANCE_ADDRESSES) : fc.constant(undefined);
}

function withDual(inst: RefInstance, extra: string | undefined): RefInstance {
  return extra === undefined || familyOf(inst.privateIp) === "ipv6" ? inst : { ...inst, ipv6Addresses: [extra] };
}

/** The address of each family an instance has (privateIp, then its extra IPv6 address). */
export function instanceFamilies(inst: RefInstance): { family: "ipv4" | "ipv6"; addr: string }[] {
  const out = [{ family: familyOf(inst.privateIp), addr: inst.privateIp }];
  const extra = (inst.ipv6Addresses ?? [])[0];
  if (out[0].family === "ipv4" && extra !== undefined) out.push({ family: "ipv6", addr: extra });
  return out;
}

function hasFamily(inst: RefInstance, family: "ipv4" | "ipv6"): boolean {
  return instanceFamilies(inst).some((f) => f.family === family);
}

function withAccount(inst: RefInstance, account: string | undefined): RefInstance {
  return account === undefined ? inst : { ...inst, accountId: account };
}

function instanceArb(headers: GroupHeader[], ipv6: boolean): fc.Arbitrary<RefInstance> {
  return fc
    .record({
      anchor: fc.nat({ max: headers.length - 1 }),
      others: fc.subarray(headers.map((_, i) => i)),
      ip: instanceAddress(ipv6),
      dual: dualArb(ipv6),
      account: fc.constantFrom<string | undefined>(undefined, undefined, ...ACCOUNTS),
    })
    .map(({ anchor, others, ip, dual, account }) => {
      const a = headers[anchor];
      const compatible = others.filter((i) => i !== anchor && headers[i].type === a.type && headers[i].realm === a.realm);
      const groups = [a.id, ...compatible.map((i) => headers[i].id)].slice(0, 5);
      return withAccount(withDual({ id: "i", privateIp: ip, groups }, dual), account);
    });
}

// ---- Flows --------------------------------------------------------------------------------

type Addr = ipaddr.IPv4 | ipaddr.IPv6;

function toBig(addr: Addr): bigint {
  return addr.toByteArray().reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

function fromBig(value: bigint, kind: "ipv4" | "ipv6"): Addr | undefined {
  const len = kind === "ipv4" ? 4 : 16;
  const max = (1n << BigInt(len * 8)) - 1n;
  if (value < 0n || value > max) return undefined;
  const bytes: number[] = [];
  for (let i = len - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes);
}

/** First and last address of a block (or bare address), or undefined. */
const boundsCache = new Map<string, { kind: "ipv4" | "ipv6"; first: bigint; last: bigint } | undefined>();

export function blockBounds(text: string): { kind: "ipv4" | "ipv6"; first: bigint; last: bigint } | undefined {
  if (!boundsCache.has(text)) boundsCache.set(text, blockBoundsUncached(text));
  return boundsCache.get(text);
}

function blockBoundsUncached(text: string): { kind: "ipv4" | "ipv6"; first: bigint; last: bigint } | undefined {
  const cidr = text.includes("/") ? text : `${text}/${ipaddr.IPv4.isValidFourPartDecimal(text) ? 32 : 128}`;
  if (!ipaddr.isValidCIDR(cidr)) return undefined;
  const [addr, bits] = ipaddr.parseCIDR(cidr);
  const kind = addr.kind();
  const width = kind === "ipv4" ? 32 : 128;
  const size = 1n << BigInt(width - bits);
  const first = (toBig(addr) / size) * size;
  return { kind, first, last: first + size - 1n };
}

/** An address (text) from a number, or undefined when out of the family's range. */
const textCache = new Map<string, string | undefined>();

export function addressText(value: bigint, kind: "ipv4" | "ipv6"): string | undefined {
  const key = `${kind}${value}`;
  if (!textCache.has(key)) textCache.set(key, fromBig(value, kind)?.toString());
  return textCache.get(key);
}

const UNUSABLE_RANGES = new Set(["unspecified", "broadcast", "multicast", "loopback", "linkLocal"]);

/** Addresses that never reach a security group as a peer (see the reference's interpretation 3). */
const unusableCache = new Map<string, boolean>();

export function unusable(text: string): boolean {
  let u = unusableCache.get(text);
  if (u === undefined) {
    u = UNUSABLE_RANGES.has(ipaddr.parse(text).range());
    unusableCache.set(text, u);
  }
  return u;
}

/** Outside addresses a flow through `net` may use: the edges of every block the network names, and a few fixed ones. */
export function outsideCandidates(net: RefNetwork): string[] {
  const blocks = new Set<string>();
  for (const g of net.groups) for (const r of g.rules) for (const c of [r.cidrIp, r.ipv6CidrIp]) if (c) blocks.add(c);
  for (const p of net.prefixLists ?? []) for (const c of p.cidrs) blocks.add(c);
  const out = new Set<string>();
  for (const b of blocks) {
    const bounds = blockBounds(b);
    if (!bounds) continue;
    for (const v of [bounds.first, bounds.last, bounds.first - 1n, bounds.last + 1n, (bounds.first + bounds.last) / 2n]) {
      const t = addressText(v, bounds.kind);
      if (t !== undefined && !unusable(t)) out.add(t);
    }
  }
  for (const t of FIXED_OUTSIDE) out.add(t);
  for (const i of net.instances ?? []) for (const f of instanceFamilies(i)) out.add(f.addr);
  return [...out];
}

/** Ports a flow through `net` may use: the edges of every range the network names, and a few fixed ones. */
export function portCandidates(net: RefNetwork): number[] {
  const out = new Set<number>([22, 80, 443, 3389, 1, 65535]);
  for (const g of net.groups)
    for (const r of g.rules) {
      const m = /^(\d+)\/(\d+)$/.exec(r.portRange ?? "");
      if (!m || r.portRange === "-1/-1") continue;
      for (const p of [Number(m[1]) - 1, Number(m[1]), Number(m[2]), Number(m[2]) + 1]) if (p >= 1 && p <= 65535) out.add(p);
    }
  return [...out];
}

const families = new Map<string, "ipv4" | "ipv6">();

function familyOf(text: string): "ipv4" | "ipv6" {
  let f = families.get(text);
  if (f === undefined) {
    f = ipaddr.IPv4.isValidFourPartDecimal(text) ? "ipv4" : "ipv6";
    families.set(text, f);
  }
  return f;
}

/**
 * Flows through `net` (which has at least one instance): instance → another instance,
 * outside address → instance, instance → outside address. With `bad: "sometimes"` (the default)
 * about one in forty, with `"always"` every one, is meant as bad input (different address
 * families, or icmp/icmpv6 of the wrong family; an "always" flow can still come out valid when
 * the network offers no other family).
 */
export function flowArb(net: RefNetwork, options: { bad?: "never" | "sometimes" | "always" } = {}): fc.Arbitrary<RefFlow> {
  const badness = options.bad ?? "sometimes";
  const instances = net.instances ?? [];
  const outside = outsideCandidates(net);
  const ports = portCandidates(net);
  const outsideV4 = outside.filter((t) => familyOf(t) === "ipv4");
  const outsideV6 = outside.filter((t) => familyOf(t) === "ipv6");
  const targeted = badness === "always" ? [] : targetedFlows(net);
  const random = fc
    .record({
      kind: fc.integer({ min: 0, max: 9 }),
      i: fc.nat(),
      j: fc.nat(),
      addr: fc.nat(),
      proto: fc.constantFrom(0, 0, 0, 0, 1, 1, 2, 3),
      port: fc.oneof({ weight: 5, arbitrary: fc.nat().map((n) => ports[n % ports.length]) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 65535 }) }),
      bad: badness === "never" ? fc.constant(false) : badness === "always" ? fc.constant(true) : fc.integer({ min: 0, max: 39 }).map((n) => n === 0),
    })
    .map(({ kind, i, j, addr, proto, port, bad }) => {
      const a = instances[i % instances.length];
      const fams = instanceFamilies(a);
      const family = fams[j % fams.length].family;
      let other: string;
      let otherFamily: "ipv4" | "ipv6";
      const others = instances.filter((x) => x.id !== a.id);
      if (kind < 4 && others.length > 0 && (bad || others.some((x) => hasFamily(x, family)))) {
        const same = others.filter((x) => hasFamily(x, family));
        const pool = bad ? others : same;
        const b = pool[j % pool.length];
        other = b.id;
        otherFamily = hasFamily(b, family) ? family : instanceFamilies(b)[0].family;
      } else {
        const same = family === "ipv4" ? outsideV4 : outsideV6;
        const pool = bad ? outside : same;
        other = pool[addr % pool.length];
        otherFamily = familyOf(other);
      }
      let protocol = (["tcp", "udp", "icmp", "gre"] as const)[proto] as RefFlow["protocol"];
      if (protocol === "icmp") protocol = (otherFamily === "ipv6") !== bad ? "icmpv6" : "icmp";
      const toInstance = instances.some((x) => x.id === other);
      const flow: RefFlow = toInstance || kind >= 7 ? { from: a.id, to: other, protocol } : { from: other, to: a.id, protocol };
      if (protocol === "tcp" || protocol === "udp") flow.port = port;
      return flow;
    });
  if (targeted.length === 0) return random;
  return fc.oneof({ weight: 2, arbitrary: random }, { weight: 3, arbitrary: fc.nat().map((n) => targeted[n % targeted.length]) });
}

/**
 * Flows aimed at the rules: for each instance and each rule of its groups, flows in the rule's
 * direction, on its protocol, at the edges of its port range, from or to the edges of its
 * block (or each prefix-list entry), or a member of the group it names.
 */
export function targetedFlows(net: RefNetwork): RefFlow[] {
  const instances = net.instances ?? [];
  const lists = new Map((net.prefixLists ?? []).map((p) => [p.id, p.cidrs]));
  const out: RefFlow[] = [];
  for (const a of instances)
  for (const { family } of instanceFamilies(a)) {
    for (const g of net.groups) {
      if (!a.groups.includes(g.id)) continue;
      for (const r of g.rules) {
        const peers: string[] = [];
        const blocks = r.cidrIp ? [r.cidrIp] : r.ipv6CidrIp ? [r.ipv6CidrIp] : r.prefixListId ? (lists.get(r.prefixListId) ?? []) : [];
        for (const b of blocks) {
          const bounds = blockBounds(b);
          if (!bounds || bounds.kind !== family) continue;
          for (const v of [bounds.first, bounds.last, (bounds.first + bounds.last) / 2n, bounds.first - 1n, bounds.last + 1n]) {
            const t = addressText(v, bounds.kind);
            if (t !== undefined && !unusable(t)) peers.push(t);
          }
        }
        if (r.sourceSecurityGroupId) for (const b of instances) if (b.id !== a.id && b.groups.includes(r.sourceSecurityGroupId) && hasFamily(b, family)) peers.push(b.id);
        if (peers.length === 0) continue;
        const protocols: RefFlow["protocol"][] = r.ipProtocol === "all" ? ["tcp", "udp", family === "ipv4" ? "icmp" : "icmpv6", "gre"] : [r.ipProtocol];
        const m = /^(\d+)\/(\d+)$/.exec(r.portRange ?? "");
        const ports = m ? [Number(m[1]), Number(m[2]), Number(m[1]) - 1, Number(m[2]) + 1].filter((p) => p >= 1 && p <= 65535) : [22, 443, 1, 65535];
        for (const peer of peers)
          for (const protocol of protocols) {
            if ((protocol === "icmp" && family !== "ipv4") || (protocol === "icmpv6" && family !== "ipv6")) continue;
            const base: RefFlow = r.type === "ingress" ? { from: peer, to: a.id, protocol } : { from: a.id, to: peer, protocol };
            if (protocol === "tcp" || protocol === "udp") for (const port of ports) out.push({ ...base, port });
            else out.push(base);
          }
      }
    }
  }
  return out;
}
