/**
 * fast-check generators of component arguments: mostly near-valid (plausible ports, CIDR blocks
 * of every width, duplicate entries, both group types, the unsafe opt-in), with garbage and
 * wrong types sprinkled in so that every refusal path is walked too. Each argument is rarely
 * wrong on its own, so that about half the argument sets get through to a plan.
 */
import fc from "fast-check";
import { ComponentName } from "../../lib/plans";
import { DeployTime } from "./deploy-time";

/** A value of the wrong type for almost any argument. */
export const wrongType: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(null, 42, -1, 0, 1.5, Number.NaN, "", "x", true, [], {}, ["x"], { a: 1 });

/** Mostly `arb`, one time in `odds + 1` a value of the wrong type. */
export function sprinkle<T>(arb: fc.Arbitrary<T>, odds = 40): fc.Arbitrary<T | unknown> {
  return fc.oneof({ arbitrary: arb, weight: odds }, { arbitrary: wrongType, weight: 1 });
}

/** Left out one time in `freq`, else `arb`. */
function opt<T>(arb: fc.Arbitrary<T>, freq = 2): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined, freq });
}

/** Left out `odds` times in `odds + 1`, else `arb`. */
function rarely<T>(arb: fc.Arbitrary<T>, odds: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: odds }, { arbitrary: arb, weight: 1 });
}

/** Left out, or one of `good`, or now and then one of `bad` (or a wrong type). */
function choice(good: unknown[], bad: unknown[] = []): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: fc.constantFrom<unknown>(undefined, ...good), weight: 30 }, { arbitrary: fc.constantFrom<unknown>(...bad, null, 1.5, "x"), weight: 1 });
}

/** A list of `item`, now and then with one entry repeated, rarely not a list. */
export function list<T>(item: fc.Arbitrary<T>, maxLength = 4, minLength = 0): fc.Arbitrary<unknown> {
  const plain = fc.array(item, { minLength, maxLength });
  const withDuplicate = fc.tuple(fc.array(item, { minLength: Math.max(1, minLength), maxLength }), fc.nat()).map(([xs, i]) => [...xs, xs[i % xs.length]]);
  return sprinkle(fc.oneof({ arbitrary: plain, weight: 4 }, { arbitrary: withDuplicate, weight: 1 }));
}

const SENSITIVE = [22, 3389, 3306, 5432, 1433, 1521, 6379, 27017];

/** A port as callers write it: common services, admin and database ports, edges (0, 65535, 65536), fractions, strings. */
export const port: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(80, 443, 8080, 8443, 21, 53, 9000, 1, 65535), weight: 30 },
  { arbitrary: fc.constantFrom(...SENSITIVE), weight: 30 },
  { arbitrary: fc.integer({ min: 1, max: 65535 }), weight: 20 },
  // The string forms the library prints, ranges that hold a sensitive port among them.
  { arbitrary: fc.constantFrom<unknown>("tcp:443", "udp:123", "udp:443", "tcp:8000-8080", "tcp:20-23", "udp:30000-32767", "tcp:1-65535", "tcp:3300-3310", "icmp", "gre"), weight: 10 },
  { arbitrary: fc.constantFrom<unknown>(0, 65536, -22, 22.5, 3306.0001, Number.NaN, Number.POSITIVE_INFINITY, "22", null, "TCP:22", "tcp:23-22", "all", "22/22"), weight: 2 },
);

/** A list of ports, or nothing (the default). */
export const ports: fc.Arbitrary<unknown> = opt(list(port, 3, 1));

const octet = fc.oneof(fc.constantFrom(0, 10, 100, 127, 128, 172, 192, 198, 203, 255), fc.nat(255));
/** An IPv4 block of any width, host bits sometimes set, or one address without a prefix. */
export const ipv4: fc.Arbitrary<string> = fc.tuple(octet, octet, octet, octet, opt(fc.integer({ min: 0, max: 32 }), 3)).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}${p === undefined ? "" : `/${p}`}`);
const hextet = fc.oneof(fc.constantFrom(0, 0x2001, 0xdb8, 0xfd00, 0x8000, 0xffff), fc.nat(0xffff));
/** An IPv6 block of any width, or one address. */
export const ipv6: fc.Arbitrary<string> = fc.tuple(hextet, hextet, hextet, opt(fc.integer({ min: 0, max: 128 }), 3)).map(([a, b, c, p]) => `${a.toString(16)}:${b.toString(16)}:${c.toString(16)}::${p === undefined ? "" : `/${p}`}`);
/** Blocks worth trying on purpose: the world in several spellings and in halves, the outside addresses' own networks, Workbench's ranges. */
export const notableCidr = fc.constantFrom(
  "0.0.0.0/0",
  "0.0.0.0/1",
  "128.0.0.0/1",
  "10.0.0.0/8",
  "10.0.1.0/24",
  "10.0.1.5",
  "192.168.1.0/24",
  "203.0.113.7",
  "203.0.113.7/32",
  "198.51.100.0/24",
  "100.104.0.0/16",
  "161.117.0.0/16",
  "::/0",
  "0:0::0/0",
  "::/1",
  "8000::/1",
  "2001:db8::10",
  "2001:db8::/32",
  "fd00::/8",
);
/** Strings that are not a CIDR block (or are, barely). */
export const garbageCidr = fc.constantFrom("", " ", "10.0.0.300", "10.0.0.0/33", "1.2.3", "sg-web", "10.0.0.0/-1", "10.0.0.0/8/8", " 10.0.0.1", "10.0.0.1 ", "010.0.0.1", "1.2.3.4/", "::ffff:1.2.3.4", "fe80::1%eth0", "2001:db8::/129", "localhost");
/** A CIDR block or address as callers write it: every width and family, notable blocks, garbage. */
export const cidr: fc.Arbitrary<string> = fc.oneof({ arbitrary: ipv4, weight: 12 }, { arbitrary: ipv6, weight: 4 }, { arbitrary: notableCidr, weight: 8 }, { arbitrary: garbageCidr, weight: 1 });
/** A CIDR block as a list entry: rarely not even a string. */
const cidrEntry = sprinkle(cidr, 60);
/** A list of CIDR blocks, or nothing. */
export const cidrs: fc.Arbitrary<unknown> = opt(list(cidrEntry, 3));

/** The unsafe opt-in: mostly absent, else a reason (good, padded, too short, blank, not a string). */
export const allowUnsafe: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 12 },
  { arbitrary: fc.constantFrom({ reason: "honeypot, ticket SEC-42" }, { reason: "  lab  " }), weight: 6 },
  { arbitrary: fc.constantFrom<unknown>({ reason: "ab" }, { reason: "   " }, { reason: 42 }, {}, "yes", true, { reason: "x".repeat(201) }), weight: 1 },
);

/** A group type, sometimes misspelt. */
export const groupType: fc.Arbitrary<unknown> = choice(["normal", "normal", "enterprise"], ["Enterprise", "basic"]);

/** A security group id: plain ids, a few shared ones (so groups repeat), ids known only at deploy time, garbage. */
export const groupId: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom("sg-a", "sg-b", "sg-c", "sg-bp174yoe2ib1sqj5abcd"), weight: 12 },
  { arbitrary: fc.stringMatching(/^sg-[a-z0-9]{1,12}$/), weight: 4 },
  { arbitrary: fc.constantFrom("sg-a", "sg-real").map((v) => new DeployTime(v)), weight: 4 },
  { arbitrary: fc.constantFrom<unknown>("", "web", "1609982529920000/sg-app", "sg-", "SG-A", 42, null), weight: 1 },
);

/** A short name: plain, repeated, with spaces or capitals, rarely empty or not a string. */
export const shortName: fc.Arbitrary<unknown> = fc.oneof({ arbitrary: fc.constantFrom("a", "b", "c", "web", "app", "db-1", "Order DB", "A"), weight: 20 }, { arbitrary: fc.constantFrom<unknown>("", "-", "web ", 7), weight: 1 });

/** An account id: numeric, or not. */
export const accountId: fc.Arbitrary<unknown> = fc.oneof({ arbitrary: fc.constantFrom("1609982529920000", "1111"), weight: 12 }, { arbitrary: fc.constantFrom<unknown>("acme", 1609982529920000, ""), weight: 1 });

/** Caller tags: none, a few, reserved keys, wrong values, too many. */
export const tags: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 20 },
  { arbitrary: fc.constantFrom<unknown>({}, { env: "test" }, { app: "shop", team: "ops" }), weight: 6 },
  { arbitrary: fc.constantFrom<unknown>({ "aliyun:x": "y" }, { env: 5 }, { env: "https://x" }, Object.fromEntries(Array.from({ length: 18 }, (_, i) => [`k${i}`, "v"])), "env=test"), weight: 1 },
);

/** An inner access policy: one value, one per key, misspelt. */
function innerAccess(keys: string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 16 },
    { arbitrary: fc.constantFrom<unknown>("Accept", "Drop"), weight: 6 },
    { arbitrary: fc.dictionary(fc.constantFrom(...keys), fc.constantFrom("Accept", "Drop"), { maxKeys: 2 }), weight: 4 },
    { arbitrary: fc.constantFrom<unknown>("accept", "Allow", { nope: "Drop" }, 1), weight: 1 },
  );
}

/** The VPC id: plain, known only at deploy time, rarely missing. */
const vpcId: fc.Arbitrary<unknown> = fc.oneof({ arbitrary: fc.constant("vpc-1"), weight: 16 }, { arbitrary: fc.constant(new DeployTime("vpc-real")), weight: 4 }, { arbitrary: fc.constantFrom<unknown>(undefined, ""), weight: 1 });

const engine = choice(["mysql", "postgresql", "sqlserver", "oracle", "redis", "mongodb"], ["MySQL", "mariadb"]);

/** Arguments of `ThreeTierSecurityGroups`; enterprise tiers usually come with their vSwitch blocks, basic ones without. */
export const threeTierArgs: fc.Arbitrary<unknown> = fc.constantFrom(false, false, true).chain((enterprise) => {
  const tierCidrs = enterprise
    ? fc.oneof({ arbitrary: list(fc.oneof({ arbitrary: fc.constantFrom("10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24", "192.168.0.0/16", "fd00::/64"), weight: 3 }, { arbitrary: cidrEntry, weight: 1 }), 2, 1), weight: 20 }, { arbitrary: fc.constant(undefined), weight: 1 })
    : fc.oneof({ arbitrary: fc.constant(undefined), weight: 30 }, { arbitrary: list(cidr, 2), weight: 1 });
  const tier = (extra: Record<string, fc.Arbitrary<unknown>>) => opt(sprinkle(fc.record({ ports, sources: cidrs, cidrs: tierCidrs, ...extra }, { requiredKeys: enterprise ? ["cidrs"] : [] }), 60), enterprise ? 20 : 2);
  return fc.record(
    {
      vpcId,
      web: tier({}),
      app: tier({}),
      db: tier({ engine }),
      admin: opt(
        sprinkle(
          fc.record(
            {
              sources: opt(list(cidr, 3, 1), 20),
              ports: opt(list(fc.oneof(fc.constantFrom(22, 3389), port), 2, 1)),
              maxPrefix: choice([32, 28, 24, 16, 1, 0], [33]),
              maxPrefixIpv6: choice([128, 64, 1, 0], [129]),
              tiers: opt(list(choice(["web", "app", "db"], ["Web", "cache"]), 3, 1)),
            },
            { requiredKeys: [] },
          ),
          60,
        ),
      ),
      groupType: fc.constant(enterprise ? "enterprise" : undefined),
      innerAccessPolicy: enterprise ? fc.oneof({ arbitrary: fc.constant(undefined), weight: 30 }, { arbitrary: fc.constant("Drop"), weight: 1 }) : innerAccess(["web", "app", "db"]),
      egress: choice(["default", "restricted"], ["Restricted", "none"]),
      tags,
      allowUnsafe,
    },
    { requiredKeys: ["vpcId"] },
  );
});

/** A database client: an address, or a group (own or another account's). */
export const databaseSource: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: cidr, weight: 12 },
  { arbitrary: fc.record({ securityGroupId: groupId, ownerId: opt(accountId, 4), name: opt(shortName) }, { requiredKeys: ["securityGroupId"] }), weight: 6 },
  { arbitrary: wrongType, weight: 1 },
);

/** Arguments of `DatabaseSecurityGroup`. */
export const databaseArgs: fc.Arbitrary<unknown> = fc.record(
  {
    vpcId,
    engine,
    ports,
    sources: fc.oneof({ arbitrary: list(databaseSource, 4, 1), weight: 30 }, { arbitrary: fc.constantFrom<unknown>(undefined, []), weight: 1 }),
    groupType,
    innerAccessPolicy: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: innerAccess(["db"]), weight: 1 }),
    denyPriority: choice([100, 2, 50, 99], [1, 101, 0]),
    tags,
    allowUnsafe,
  },
  { requiredKeys: ["vpcId", "sources"] },
);

const MEMBER_NAMES = ["a", "b", "Web 1", "db-1"];
/** A member's private address: mostly one private host, sometimes IPv6 or any block. */
export const memberIp = fc.oneof({ arbitrary: fc.tuple(fc.nat(3), fc.integer({ min: 1, max: 254 })).map(([c, d]) => `10.0.${c}.${d}`), weight: 12 }, { arbitrary: fc.constantFrom("10.0.1.11/32", "2001:db8::11", "fd00::11/128"), weight: 3 }, { arbitrary: cidr, weight: 1 });

/** Interconnect members fit for `method` (mostly): unique names (now and then two alike), groups shared now and then. */
function members(method: string): fc.Arbitrary<unknown> {
  const ownGroup = method === "single-ip" || method === "group-authorization";
  const body = sprinkle(
    fc.record(
      {
        securityGroupId: ownGroup ? fc.oneof({ arbitrary: groupId, weight: 40 }, { arbitrary: fc.constant(undefined), weight: 1 }) : method === "same-group" ? rarely(groupId, 40) : opt(groupId),
        privateIp: method === "single-ip" ? fc.oneof({ arbitrary: memberIp, weight: 30 }, { arbitrary: fc.constant(undefined), weight: 1 }) : opt(memberIp, 2),
        accountId: rarely(accountId, ownGroup ? 4 : 40),
        groupType: rarely(groupType, method === "group-authorization" ? 20 : 4),
        otherGroups: choice([0, 1, 3], [4, 101]),
        existingRules: choice([0, 10, 150, 190], [199, 200, 100001]),
      },
      { requiredKeys: [] },
    ),
    80,
  );
  return fc.record({ bodies: fc.array(body, { minLength: 2, maxLength: 4 }), clash: fc.nat(24), badName: fc.nat(59) }).map(({ bodies, clash, badName }) =>
    bodies.map((b, i) => {
      const name = clash === 0 && i === 1 ? MEMBER_NAMES[0] : badName === 0 && i === 0 ? "-" : MEMBER_NAMES[i];
      return typeof b === "object" && b !== null && !Array.isArray(b) ? { name, ...b } : b;
    }),
  );
}

/** Arguments of `InterconnectGroup`, mostly fit for their method. */
export const interconnectArgs: fc.Arbitrary<unknown> = fc.oneof({ arbitrary: fc.constantFrom("single-ip", "same-group", "dedicated-group", "group-authorization"), weight: 40 }, { arbitrary: fc.constantFrom<unknown>(undefined, "Single-IP", "mesh"), weight: 1 }).chain((method) => {
  const methodName = typeof method === "string" ? method : "single-ip";
  const needsPorts = methodName === "single-ip" || methodName === "group-authorization";
  return fc.oneof({ arbitrary: fc.constant(true), weight: needsPorts ? 12 : 1 }, { arbitrary: fc.constant(false), weight: 1 }).chain((withPorts) =>
    fc.record(
      {
        method: fc.constant(method),
        vpcId: needsPorts ? rarely(vpcId, 4) : vpcId,
        members: fc.oneof({ arbitrary: members(methodName), weight: 60 }, { arbitrary: fc.constantFrom<unknown>(undefined, [], [{ name: "a", securityGroupId: "sg-a", privateIp: "10.0.0.1" }], "a,b"), weight: 1 }),
        ports: withPorts ? list(port, 3, 1) : fc.constant(undefined),
        protocol: withPorts ? choice(["tcp", "udp"], ["icmp", "all", "TCP"]) : choice(["icmp", "all"], ["tcp", "icmpv6"]),
        maxGroupsPerInstance: choice([5, 2, 10, 100], [1, 0, 101]),
        tags: needsPorts ? rarely(tags, 20) : tags,
        allowUnsafe,
      },
      { requiredKeys: ["method", "vpcId", "members"] },
    ),
  );
});

/** Arguments of `WorkbenchAccess`. */
export const workbenchArgs: fc.Arbitrary<unknown> = fc.record(
  {
    securityGroupId: groupId,
    os: choice(["linux", "windows"], ["Windows", "mac"]),
    ports,
    via: choice(["public", "private", "both", "none"], ["Both", "internet"]),
    workbenchCidrs: rarely(sprinkle(fc.record({ public: cidrEntry, private: cidrEntry }, { requiredKeys: [] })), 4),
    adminSources: cidrs,
    maxAdminPrefix: choice([32, 28, 24, 16, 1, 0], [33]),
    maxAdminPrefixIpv6: choice([128, 64, 1, 0], [129]),
    groupType,
    network: choice(["vpc", "classic"], ["Classic", "VPC"]),
    existingRules: choice([0, 10, 150, 190, 199], [200, 100001]),
    allowUnsafe,
  },
  { requiredKeys: ["securityGroupId"] },
);

const destinationPorts = list(port, 3, 1);
/** One whitelist destination: a block, a prefix list, a group, or (rarely) a mix of them. */
export const destination: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.record({ cidr: cidrEntry, ports: destinationPorts, protocol: choice(["tcp", "udp"], ["UDP", "icmp"]), name: opt(shortName) }, { requiredKeys: ["cidr", "ports"] }), weight: 20 },
  { arbitrary: fc.record({ prefixListId: fc.oneof({ arbitrary: fc.constantFrom("pl-mirrors", "pl-bp1ftxljf2s2o4p"), weight: 12 }, { arbitrary: fc.constantFrom<unknown>("pl-", "mirrors", 5), weight: 1 }), prefixListMaxEntries: choice([1, 5, 20, 60], [200, 0, 201]), ports: destinationPorts, name: opt(shortName) }, { requiredKeys: ["prefixListId", "ports"] }), weight: 8 },
  { arbitrary: fc.record({ securityGroupId: groupId, ownerId: opt(accountId, 4), ports: destinationPorts, name: opt(shortName) }, { requiredKeys: ["securityGroupId", "ports"] }), weight: 8 },
  { arbitrary: fc.record({ cidr, prefixListId: fc.constant("pl-x"), ports: list(port, 1, 1) }, { requiredKeys: [] }), weight: 1 },
  { arbitrary: wrongType, weight: 1 },
);

/** Arguments of `OutboundWhitelist`. */
export const outboundArgs: fc.Arbitrary<unknown> = fc.record(
  {
    securityGroupId: groupId,
    destinations: fc.oneof({ arbitrary: list(destination, 4, 1), weight: 30 }, { arbitrary: fc.constantFrom<unknown>(undefined, []), weight: 1 }),
    denyAllPriority: choice([100, 50, 2], [1, 0, 101]),
    allowPriority: choice([1, 2, 49], [100, 0]),
    groupType,
    network: choice(["vpc", "classic"], ["Classic"]),
    existingRules: choice([0, 10, 150, 190, 199], [200, 100001]),
  },
  { requiredKeys: ["securityGroupId", "destinations"] },
);

/** The component's name: almost always a plain one. */
export const componentName: fc.Arbitrary<unknown> = fc.oneof({ arbitrary: fc.constantFrom("shop", "c", "Order DB", "x1"), weight: 60 }, { arbitrary: fc.constantFrom<unknown>("", " shop", 42), weight: 1 });

/** Arguments of each component, rarely not an object at all. */
export const ARGS: Record<ComponentName, fc.Arbitrary<unknown>> = {
  ThreeTierSecurityGroups: sprinkle(threeTierArgs, 100),
  DatabaseSecurityGroup: sprinkle(databaseArgs, 100),
  InterconnectGroup: sprinkle(interconnectArgs, 100),
  WorkbenchAccess: sprinkle(workbenchArgs, 100),
  OutboundWhitelist: sprinkle(outboundArgs, 100),
};
