/**
 * fast-check arbitraries for random security-group networks (the library's plain data) and for
 * flows through them, biased to hit rule boundaries: addresses at CIDR edges (first, last, one
 * outside either end), ports at range edges. Every generated network is meant to be valid (the
 * tests filter with the library's `validateNetwork` and count what it refuses).
 *
 * Shapes covered: classic groups (`network: "classic"`, `vpcId: ""`), VPC groups with and without
 * `vpcId`, groups with no network field at all, up to three VPCs in one network (a group names
 * only groups of its own VPC or of an unknown one, as validation requires; instances of different
 * VPCs meet through address rules, and draw their addresses from their VPC's blocks), basic and
 * enterprise groups (never mixed on one instance, and never classic and VPC groups, or groups of
 * two VPCs, on one instance), inner access Accept / Drop / absent, IPv4 and IPv6 CIDR peers (bare
 * addresses, host bits, other spellings), prefix lists, group peers (in the model, outside it,
 * other accounts), icmp and icmpv6 towards group and prefix-list peers, networks of up to
 * {@link LARGE_NETWORK_GROUPS} groups, instances in up to {@link MAX_GROUPS_PER_INSTANCE} groups
 * (often sharing one with another instance), priorities with ties, accept and drop, every
 * protocol. Flows include an instance to itself, and members of one group to each other.
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
  // The instance blocks of the second and third VPC (see VPC_ADDRESS_PREFIXES).
  "172.16.0.0/16",
  "172.16.1.0/24",
  "192.168.0.0/22",
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
  "2001:db8:2::/48",
  "2001:db8:3::/48",
];

/** Private addresses instances draw from. */
export const IPV4_INSTANCE_ADDRESSES = ["10.0.1.5", "10.0.1.6", "10.0.1.4", "10.0.0.255", "10.0.2.0", "10.1.0.9", "172.16.0.1", "192.168.0.1", "10.255.255.255"];
export const IPV6_INSTANCE_ADDRESSES = ["2001:db8:1::5", "2001:db8:1::6", "fd00::1", "2400:3200::1", "2001:db8:2::1"];

/** Outside addresses every flow generator may use besides the edges of the network's blocks. */
const FIXED_OUTSIDE = ["8.8.8.8", "161.117.3.4", "100.104.1.1", "203.0.113.7", "203.0.113.8", "198.51.100.1", "10.0.1.5", "192.168.1.1", "2001:db8:1::5", "2400:3200::1", "fd00::1", "2a00:1450::1"];

const PORT_RANGES = ["22/22", "80/80", "443/443", "1/65535", "8000/8080", "3306/3306", "3389/3389", "1/1", "65535/65535", "1/1024", "1024/65535"];

/** The VPCs a network's groups may be in (one to three of them per network). */
export const VPC_IDS = ["vpc-1", "vpc-2", "vpc-3"];
/** Where each VPC's instances take their addresses, besides the shared lists above: IPv4 `a.b.c.d` with c 0..3, IPv6 `…::x`. */
const VPC_ADDRESS_PREFIXES: Record<string, { v4: string; v6: string }> = {
  "vpc-1": { v4: "10.0", v6: "2001:db8:1::" },
  "vpc-2": { v4: "172.16", v6: "2001:db8:2::" },
  "vpc-3": { v4: "192.168", v6: "2001:db8:3::" },
};

/** Most groups one instance may join: the validator's default limit (MAX_GROUPS_PER_INSTANCE). */
export const MAX_GROUPS_PER_INSTANCE = 5;
/** The size of a large network. */
export const LARGE_NETWORK_GROUPS = 20;

const ACCOUNTS = ["111", "222"];
const OWNERS = ["111", "222", "333"];

type Realm = "classic" | "vpc";

interface GroupHeader {
  id: string;
  type: "normal" | "enterprise";
  realm: Realm;
  /** The group's VPC where it names one; undefined for an unknown VPC and for classic groups. */
  vpc?: string;
  /** The network fields as written on the group. */
  fields: Partial<Pick<RefGroup, "network" | "vpcId" | "innerAccessPolicy">>;
}

const classicFields = fc.constantFrom<Partial<RefGroup>>({ network: "classic" }, { vpcId: "" }, { network: "classic", vpcId: "" });

/** The fields of a VPC group: its VPC written as `vpcId` (perhaps with `network: "vpc"`), or no VPC at all (unknown). */
function vpcFieldsArb(vpcs: string[]): fc.Arbitrary<{ vpc?: string; fields: Partial<RefGroup> }> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom<Partial<RefGroup>>({}, { network: "vpc" }).map((fields) => ({ fields })) },
    {
      weight: 3,
      arbitrary: fc.record({ vpc: fc.constantFrom(...vpcs), network: fc.boolean() }).map(({ vpc, network }) => ({ vpc, fields: network ? { network: "vpc" as const, vpcId: vpc } : { vpcId: vpc } })),
    },
  );
}

function headerArb(id: string, vpcs: string[]): fc.Arbitrary<GroupHeader> {
  return fc
    .record({
      enterprise: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
      classic: fc.integer({ min: 0, max: 2 }).map((n) => n === 0),
      classicF: classicFields,
      vpcF: vpcFieldsArb(vpcs),
      inner: fc.constantFrom<"Accept" | "Drop" | undefined>(undefined, "Accept", "Drop", "Drop"),
      // The API reports Drop for an enterprise group, and a model read from it carries it.
      enterpriseDrop: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
    })
    .map(({ enterprise, classic, classicF, vpcF, inner, enterpriseDrop }) => {
      const type = enterprise ? "enterprise" : "normal";
      const realm: Realm = !enterprise && classic ? "classic" : "vpc";
      const fields: GroupHeader["fields"] = { ...(realm === "classic" ? classicF : vpcF.fields) };
      if (!enterprise && inner !== undefined) fields.innerAccessPolicy = inner;
      if (enterprise && enterpriseDrop) fields.innerAccessPolicy = "Drop";
      const header: GroupHeader = { id, type, realm, fields };
      if (realm === "vpc" && vpcF.vpc !== undefined) header.vpc = vpcF.vpc;
      return header;
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
  // A group rule names a basic group of the same network (classic, or a VPC: its own or an
  // unknown one), or one outside the model.
  const peerGroups = ctx.headers.filter((h) => h.type === "normal" && sameNetwork(h, header)).map((h) => h.id);
  // Now and then one of the first three groups, which instances join most (see instanceArb).
  const favourites = peerGroups.filter((id) => ctx.headers.findIndex((h) => h.id === id) < 3);
  const peerGroup = favourites.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...peerGroups, "sg-outside", ...peerGroups) }, { weight: 2, arbitrary: fc.constantFrom(...favourites) }) : fc.constantFrom(...peerGroups, "sg-outside", ...peerGroups);
  if (header.type === "normal") {
    peers.push({
      weight: 30,
      arbitrary: fc
        .record({ id: peerGroup, owner: fc.constantFrom<string | undefined>(undefined, undefined, undefined, ...OWNERS) })
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
      proto: fc.constantFrom("tcp", "tcp", "tcp", "udp", "icmp", "icmp", "gre", "all", "all"),
      // Group and prefix-list peers meet icmp more often (icmp / icmpv6 towards members and lists).
      icmpAgain: fc.integer({ min: 0, max: 3 }),
      v6: fc.integer({ min: 0, max: 9 }),
      ports: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PORT_RANGES) }, { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 1, max: 65535 })).map(([a, b]) => `${Math.min(a, b)}/${Math.max(a, b)}`) }),
      writePorts: fc.boolean(),
      policy: fc.constantFrom<"accept" | "drop" | undefined>(undefined, "accept", "drop", "drop"),
      priority: fc.oneof(fc.constantFrom<number | undefined>(undefined, 1, 1, 2, 5, 50, 100), fc.integer({ min: 1, max: 100 })),
      nic: fc.constantFrom<"internet" | "intranet" | undefined>(undefined, undefined, "internet", "intranet"),
    })
    .map(({ type, peer, proto, icmpAgain, v6, ports, writePorts, policy, priority, nic }) => {
      const { kind, ...peerFields } = peer;
      let ipProtocol = proto as RefRule["ipProtocol"];
      if ((kind === "group" || kind === "prefix-list") && icmpAgain === 0) ipProtocol = "icmp";
      // icmp of the peer's family: icmpv6 for an IPv6 block; for a group, either (its members
      // may have both); for a prefix list, its entries' family, now and then the other one.
      if (ipProtocol === "icmp") {
        const listV6 = kind === "prefix-list" && ctx.prefixLists.some((p) => p.id === peerFields.prefixListId && p.cidrs.some((c) => c.includes(":")));
        if (kind === "ipv6" || (kind === "group" && v6 < 5) || (kind === "prefix-list" && listV6 !== v6 < 2)) ipProtocol = "icmpv6";
      }
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

/** Whether a group may name another in a rule, and an instance hold both: one network, and never two different VPCs. */
function sameNetwork(a: GroupHeader, b: GroupHeader): boolean {
  return a.realm === b.realm && (a.vpc === undefined || b.vpc === undefined || a.vpc === b.vpc);
}

function prefixListArb(id: string): fc.Arbitrary<RefPrefixList> {
  return fc.oneof(
    fc.uniqueArray(fc.constantFrom(...IPV4_BLOCKS), { minLength: 1, maxLength: 3 }),
    fc.uniqueArray(fc.constantFrom(...IPV6_BLOCKS), { minLength: 1, maxLength: 2 }),
  ).map((cidrs) => ({ id, cidrs }));
}

/** Options of {@link networkArb}. */
export interface NetworkShape {
  /** Most groups of an ordinary network. @default 5 */
  maxGroups?: number;
  /** Most rules per group. @default 6 */
  maxRules?: number;
  /**
   * Groups of a large network, which one network in five is (0: never). Its instances are more
   * (up to 8), and often in {@link MAX_GROUPS_PER_INSTANCE} groups. @default LARGE_NETWORK_GROUPS
   */
  largeGroups?: number;
  /**
   * One instance per group, in that group only (what the access matrix's group nodes stand
   * for). @default false
   */
  onePerGroup?: boolean;
  /** Instances get IPv6 addresses too. @default true */
  ipv6Instances?: boolean;
}

/** An instance's address: from the shared lists, or (mostly, when its VPC is known) from its VPC's blocks. */
function instanceAddress(ipv6: boolean, vpc: string | undefined): fc.Arbitrary<string> {
  const own = vpc === undefined ? undefined : VPC_ADDRESS_PREFIXES[vpc];
  const v4 = fc.oneof(
    { weight: own ? 2 : 4, arbitrary: fc.constantFrom(...IPV4_INSTANCE_ADDRESSES) },
    { weight: own ? 4 : 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 })).map(([c, d]) => `${own?.v4 ?? "10.0"}.${c}.${d}`) },
  );
  return ipv6 ? fc.oneof({ weight: 5, arbitrary: v4 }, { weight: 1, arbitrary: ipv6Address(own) }) : v4;
}

function ipv6Address(own: { v6: string } | undefined): fc.Arbitrary<string> {
  const shared = fc.constantFrom(...IPV6_INSTANCE_ADDRESSES);
  if (!own) return shared;
  return fc.oneof(shared, fc.integer({ min: 1, max: 0xffff }).map((n) => `${own.v6}${n.toString(16)}`));
}

/** Random networks (see the file comment). */
export function networkArb(shape: NetworkShape = {}): fc.Arbitrary<RefNetwork> {
  const maxGroups = shape.maxGroups ?? 5;
  const maxRules = shape.maxRules ?? 6;
  const large = shape.largeGroups ?? LARGE_NETWORK_GROUPS;
  const ipv6 = shape.ipv6Instances ?? true;
  const groupCount = large > 0 ? fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: maxGroups }) }, { weight: 1, arbitrary: fc.constant(large) }) : fc.integer({ min: 1, max: maxGroups });
  return fc
    .record({ ng: groupCount, npl: fc.integer({ min: 0, max: 2 }), nvpc: fc.constantFrom(1, 1, 2, 2, 3) })
    .chain(({ ng, npl, nvpc }) => {
      const ids = Array.from({ length: ng }, (_, i) => `sg-g${i}`);
      const plIds = Array.from({ length: npl }, (_, i) => `pl-p${i}`);
      const vpcs = VPC_IDS.slice(0, nvpc);
      return fc.record({
        headers: fc.tuple(...ids.map((id) => headerArb(id, vpcs))),
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
        ? fc.tuple(...headers.map((h, k) => fc.record({ ip: instanceAddress(ipv6, h.vpc), dual: dualArb(ipv6, h.vpc), account: fc.constantFrom<string | undefined>(undefined, ...ACCOUNTS) }).map(({ ip, dual, account }) => withAccount(withDual({ id: `i-${k}`, privateIp: ip, groups: [h.id] }, dual), account))))
        : fc.array(instanceArb(headers, ipv6), { minLength: 1, maxLength: headers.length >= large && large > 0 ? 8 : 5 }).map((list) => list.map((inst, k) => ({ ...inst, id: `i-${k}` })));
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
    if (headers[to].type !== headers[from].type || !sameNetwork(headers[to], headers[from])) continue;
    // A group peer must be of the new holder's VPC too.
    const peer = headers.find((h) => h.id === rule.sourceSecurityGroupId);
    if (peer && !sameNetwork(peer, headers[to])) continue;
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
function dualArb(ipv6: boolean, vpc: string | undefined): fc.Arbitrary<string | undefined> {
  if (!ipv6) return fc.constant(undefined);
  const own = vpc === undefined ? undefined : VPC_ADDRESS_PREFIXES[vpc];
  return fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 5, arbitrary: ipv6Address(own) });
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

/**
 * An instance: an anchor group (often one of the first three, so that instances of a large
 * network share groups too) and up to {@link MAX_GROUPS_PER_INSTANCE} groups in all, of the
 * anchor's type and network, never of two VPCs; its address from its VPC's blocks.
 */
function instanceArb(headers: GroupHeader[], ipv6: boolean): fc.Arbitrary<RefInstance> {
  const n = headers.length;
  return fc
    .record({
      anchor: fc.oneof(fc.nat({ max: Math.min(2, n - 1) }), fc.nat({ max: n - 1 })),
      others: fc.shuffledSubarray(headers.map((_, i) => i)),
      size: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: MAX_GROUPS_PER_INSTANCE }) }, { weight: 2, arbitrary: fc.constant(MAX_GROUPS_PER_INSTANCE) }),
    })
    .chain(({ anchor, others, size }) => {
      const a = headers[anchor];
      let vpc = a.vpc;
      const groups = [a.id];
      for (const i of others) {
        const h = headers[i];
        if (groups.length >= size) break;
        if (i === anchor || h.type !== a.type || !sameNetwork(h, a) || (vpc !== undefined && h.vpc !== undefined && h.vpc !== vpc)) continue;
        vpc ??= h.vpc;
        groups.push(h.id);
      }
      return fc
        .record({ ip: instanceAddress(ipv6, vpc), dual: dualArb(ipv6, vpc), account: fc.constantFrom<string | undefined>(undefined, undefined, ...ACCOUNTS) })
        .map(({ ip, dual, account }) => withAccount(withDual({ id: "i", privateIp: ip, groups }, dual), account));
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
 * outside address → instance, instance → outside address, instance → itself. With
 * `bad: "sometimes"` (the default) about one in forty, with `"always"` every one, is meant as bad
 * input (different address families, or icmp/icmpv6 of the wrong family; an "always" flow can
 * still come out valid when the network offers no other family).
 */
export function flowArb(net: RefNetwork, options: { bad?: "never" | "sometimes" | "always" } = {}): fc.Arbitrary<RefFlow> {
  const badness = options.bad ?? "sometimes";
  const instances = net.instances ?? [];
  const outside = outsideCandidates(net);
  const ports = portCandidates(net);
  const outsideV4 = outside.filter((t) => familyOf(t) === "ipv4");
  const outsideV6 = outside.filter((t) => familyOf(t) === "ipv6");
  const targeted = badness === "always" ? [] : targetedAims(net);
  const random = fc
    .record({
      kind: fc.integer({ min: 0, max: 9 }),
      self: fc.integer({ min: 0, max: 24 }).map((n) => n === 0),
      i: fc.nat(),
      j: fc.nat(),
      addr: fc.nat(),
      proto: fc.constantFrom(0, 0, 0, 0, 1, 1, 2, 3),
      port: fc.oneof({ weight: 5, arbitrary: fc.nat().map((n) => ports[n % ports.length]) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 65535 }) }),
      bad: badness === "never" ? fc.constant(false) : badness === "always" ? fc.constant(true) : fc.integer({ min: 0, max: 39 }).map((n) => n === 0),
    })
    .map(({ kind, self, i, j, addr, proto, port, bad }) => {
      const a = instances[i % instances.length];
      const fams = instanceFamilies(a);
      const family = fams[j % fams.length].family;
      if (self) {
        // An instance to itself (bad: icmp of the family it lacks, where it lacks one).
        const protocol = (["tcp", "udp", "icmp", "gre"] as const)[proto];
        const flow: RefFlow = { from: a.id, to: a.id, protocol: protocol === "icmp" && (family === "ipv6") !== bad ? "icmpv6" : protocol };
        if (protocol === "tcp" || protocol === "udp") flow.port = port;
        return flow;
      }
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
  // Aims of each kind (outside peers, instance peers of a rule, pairs of instances) in equal
  // shares where they exist, an instance to itself less often.
  const shares = { outside: 3, members: 3, pair: 3, self: 1 } as const;
  const pools = (Object.keys(shares) as Aim["kind"][])
    .map((kind) => ({ weight: shares[kind], aims: targeted.filter((aim) => aim.kind === kind).map((aim) => aim.flows) }))
    .filter((p) => p.aims.length > 0)
    .map(({ weight, aims }) => ({ weight, arbitrary: fc.tuple(fc.nat(), fc.nat()).map(([i, j]) => aims[i % aims.length][j % aims[i % aims.length].length]) }));
  return fc.oneof({ weight: 2, arbitrary: random }, { weight: 3, arbitrary: fc.oneof(...pools) });
}

/**
 * Flows aimed at the rules: for each instance and each rule of its groups, flows in the rule's
 * direction, on its protocol, at the edges of its port range, from or to the edges of its
 * block (or each prefix-list entry), or another instance the rule's peer holds (a member of the
 * group it names, an instance whose address its block holds); and flows from each instance to
 * itself and to every other instance.
 */
export function targetedFlows(net: RefNetwork): RefFlow[] {
  return targetedAims(net).flatMap((aim) => aim.flows);
}

/** Flows aimed at one rule's outside peers, at one rule's instance peers, between one pair of instances, or from one to itself. */
export interface Aim {
  kind: "outside" | "members" | "pair" | "self";
  flows: RefFlow[];
}

/**
 * {@link targetedFlows} in aims: one list per rule, kind of peer (outside addresses, other
 * instances) and protocol, and per pair of instances, so that picking an aim first gives every
 * rule, kind of peer and protocol its share of flows however many addresses a block has.
 */
export function targetedAims(net: RefNetwork): Aim[] {
  const instances = net.instances ?? [];
  const lists = new Map((net.prefixLists ?? []).map((p) => [p.id, p.cidrs]));
  const aims: Aim[] = [];
  for (const a of instances)
  for (const { family } of instanceFamilies(a)) {
    for (const g of net.groups) {
      if (!a.groups.includes(g.id)) continue;
      for (const r of g.rules) {
        const outside: string[] = [];
        const members: string[] = [];
        const blocks = r.cidrIp ? [r.cidrIp] : r.ipv6CidrIp ? [r.ipv6CidrIp] : r.prefixListId ? (lists.get(r.prefixListId) ?? []) : [];
        for (const b of blocks) {
          const bounds = blockBounds(b);
          if (!bounds || bounds.kind !== family) continue;
          for (const v of [bounds.first, bounds.last, (bounds.first + bounds.last) / 2n, bounds.first - 1n, bounds.last + 1n]) {
            const t = addressText(v, bounds.kind);
            if (t !== undefined && !unusable(t)) outside.push(t);
          }
        }
        if (r.sourceSecurityGroupId) for (const b of instances) if (b.id !== a.id && b.groups.includes(r.sourceSecurityGroupId) && hasFamily(b, family)) members.push(b.id);
        // Other instances (of any group, network or VPC) whose address of this family the block holds.
        for (const b of instances) {
          const addr = b.id === a.id ? undefined : instanceFamilies(b).find((f) => f.family === family)?.addr;
          if (addr !== undefined && blocks.some((block) => contains(block, addr))) members.push(b.id);
        }
        const protocols: RefFlow["protocol"][] = r.ipProtocol === "all" ? ["tcp", "udp", family === "ipv4" ? "icmp" : "icmpv6", "gre"] : [r.ipProtocol];
        const m = /^(\d+)\/(\d+)$/.exec(r.portRange ?? "");
        const ports = m ? [Number(m[1]), Number(m[2]), Number(m[1]) - 1, Number(m[2]) + 1].filter((p) => p >= 1 && p <= 65535) : [22, 443, 1, 65535];
        for (const [kind, peers] of [["outside", outside], ["members", members]] as const)
          for (const protocol of protocols) {
            if ((protocol === "icmp" && family !== "ipv4") || (protocol === "icmpv6" && family !== "ipv6")) continue;
            const aim: RefFlow[] = [];
            for (const peer of peers) {
              const base: RefFlow = r.type === "ingress" ? { from: peer, to: a.id, protocol } : { from: a.id, to: peer, protocol };
              if (protocol === "tcp" || protocol === "udp") for (const port of ports) aim.push({ ...base, port });
              else aim.push(base);
            }
            if (aim.length > 0) aims.push({ kind, flows: aim });
          }
      }
    }
    // The instance to itself, and to every other instance (sharing a group with it or not, of
    // its VPC or another) that has an address of this family.
    for (const b of [a, ...instances.filter((b) => b.id !== a.id && hasFamily(b, family))]) {
      const aim: RefFlow[] = [];
      for (const protocol of ["tcp", "udp", family === "ipv4" ? "icmp" : "icmpv6", "gre"] as const) {
        const base: RefFlow = { from: a.id, to: b.id, protocol };
        if (protocol === "tcp") aim.push({ ...base, port: 22 }, { ...base, port: 3306 });
        else if (protocol === "udp") aim.push({ ...base, port: 53 });
        else aim.push(base);
      }
      aims.push({ kind: b === a ? "self" : "pair", flows: aim });
    }
  }
  return aims;
}

/** Whether a block (or bare address) holds an address. */
function contains(block: string, addr: string): boolean {
  const b = blockBounds(block);
  const x = blockBounds(addr);
  return !!b && !!x && b.kind === x.kind && b.first <= x.first && x.first <= b.last;
}
