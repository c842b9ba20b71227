/**
 * One function makes a description and the one beside it reads it back: for generated parts
 * (component and member names with spaces, punctuation and other scripts, every port form,
 * every label form, opt-in reasons holding the note's own words), reading what was written gives
 * the parts again, exactly. Readers give `undefined` (or nothing said) for text no maker writes.
 */
import fc from "fast-check";
import { DATABASE_PORTS, DatabaseEngine } from "../../lib/model/services";
import { ConnectionTarget, connectionWhy, readConnectionWhy } from "../../lib/plans/connection-text";
import { DatabaseGroupSaid, DatabaseRule, DatabaseSaid, describeDatabaseGroup, describeDatabaseRule, readDatabaseGroup, readDatabaseRule } from "../../lib/plans/database/describe";
import { groupDescription, readGroupDescription } from "../../lib/plans/group-description";
import { InterconnectGroupSaid, InterconnectRule, InterconnectSaid, MemberShown, MemberTraffic, describeInterconnectGroup, describeInterconnectRule, readInterconnectGroup, readInterconnectRule } from "../../lib/plans/interconnect/describe";
import { InterconnectMethod } from "../../lib/plans/interconnect/args";
import { WhitelistRule, WhitelistSaid, describeWhitelistRule, readWhitelistRule } from "../../lib/plans/outbound-whitelist/describe";
import { LabelContext, PeerLabel, peerLabel, readPeerLabel } from "../../lib/plans/peer-label";
import { PortSpec, parseSpecListText, parseSpecText, specListText, specText } from "../../lib/plans/port-spec";
import { parseServiceText, serviceText } from "../../lib/plans/service-text";
import { groupTags, readGroupTags } from "../../lib/plans/tags";
import { TierGroupSaid, TierRule, TierSaid, describeTierGroup, describeTierRule, readTierGroup, readTierRule } from "../../lib/plans/three-tier/describe";
import { Tier } from "../../lib/plans/three-tier/args";
import { readUnsafeNote, unsafeNote } from "../../lib/plans/unsafe";
import { WorkbenchRule, WorkbenchSaid, describeWorkbenchRule, readWorkbenchRule } from "../../lib/plans/workbench/describe";
import { fuzzRuns } from "../fuzz/seed";

const RUNS = 300;

/** Characters names are made of: letters, digits, spaces, punctuation, other scripts, emoji. */
const CHARS = [..."aZ09 -_.,:;!?'\"()[]{}/\\@#&*+=~|<>", "é", "e\u0301", "ß", "日", "本", "ш", "ع", "😀", "👩‍💻"];
const tidy = (s: string) => s.trim() === s && s !== "";
/** A component's name: any text without surrounding spaces, and names holding the format's own words. */
const componentName = fc.oneof(
  { arbitrary: fc.string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: 30 }).filter(tidy), weight: 6 },
  { arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }).filter(tidy), weight: 2 },
  { arbitrary: fc.constantFrom("shop", "Order DB", "a web: b", "x (y): z", "shop web: admin access", "q [UNSAFE, opted in: r]", "ends with ]", "db: app tier", "mesh: dedicated-group", "a database: b", "c whitelist: d"), weight: 2 },
);
/** A member's name: any text with a letter or digit. */
const memberName = fc.string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: 16 }).filter((s) => /[a-z0-9]/i.test(s));
const slugName = fc.stringMatching(/^[a-z0-9]+(-[a-z0-9]+){0,2}$/).filter((s) => s.length <= 20);
const reason = fc.oneof(
  fc.string({ unit: fc.constantFrom(...CHARS), minLength: 3, maxLength: 40 }).filter((s) => s.trim() === s && s.length >= 3),
  fc.constantFrom("honeypot, ticket SEC-42", "see [wiki]", "x] [UNSAFE, opted in: y", "ends with ]"),
);
const unsafe = fc.option(reason, { nil: undefined });

const port = fc.oneof(fc.constantFrom(22, 80, 443, 1433, 3306, 6379, 8080), fc.integer({ min: 1, max: 65535 }));
const spec: fc.Arbitrary<PortSpec> = fc.oneof(
  fc.tuple(fc.constantFrom("tcp" as const, "udp" as const), port).map(([protocol, p]) => ({ protocol, from: p, to: p })),
  fc.tuple(fc.constantFrom("tcp" as const, "udp" as const), port, port).filter(([, a, b]) => a !== b).map(([protocol, a, b]) => ({ protocol, from: Math.min(a, b), to: Math.max(a, b) })),
  fc.constantFrom<PortSpec>({ protocol: "icmp", from: -1, to: -1 }, { protocol: "icmpv6", from: -1, to: -1 }, { protocol: "gre", from: -1, to: -1 }),
);
const specs = fc.array(spec, { minLength: 1, maxLength: 4 });

const blocks = fc.constantFrom("0.0.0.0/0", "10.0.1.0/24", "203.0.113.7/32", "::/0", "2001:db8::/32", "fd00::11/128");
const groups = fc.constantFrom("sg-web", "sg-bp174yoe2ib1sqj5abcd", "1609982529920000/sg-partner", "sg-A_b-9");
/** A label and the peer of the rule it describes, in every form an entry takes. */
const labelled: fc.Arbitrary<{ entry: PeerLabel; context: LabelContext }> = fc.oneof(
  fc.tuple(blocks, fc.option(slugName, { nil: undefined })).map(([peer, name]) => ({ entry: { peer, ...(name !== undefined ? { name } : {}) }, context: { peer, group: false } })),
  fc.tuple(slugName, blocks).map(([name, peer]) => ({ entry: { name }, context: { peer, group: false } })),
  fc.tuple(fc.constantFrom("pl-mirrors", "pl-1"), fc.option(slugName, { nil: undefined })).map(([peer, name]) => ({ entry: { peer, ...(name !== undefined ? { name } : {}) }, context: { peer, group: false } })),
  fc.tuple(groups, fc.option(slugName, { nil: undefined })).map(([peer, name]) => ({ entry: { peer, group: true, ...(name !== undefined ? { name } : {}) }, context: { peer, group: true } })),
  fc.tuple(slugName.filter((n) => !n.startsWith("sg-")), groups).map(([name, peer]) => ({ entry: { name, group: true }, context: { peer, group: true } })),
);
const label = labelled.map((l) => peerLabel(l.entry));
const optLabel = fc.option(label, { nil: undefined });
const opt = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

const tierSaid = (tier: Tier): fc.Arbitrary<TierSaid> => {
  const connection = fc.record({ component: fc.constantFrom("DatabaseSecurityGroup", "InterconnectGroup", "WorkbenchAccess"), name: componentName, label: fc.constantFrom("db", "interconnect", "sg-member-a", "workbenchaccess") }).map((target: ConnectionTarget) => ({ kind: "connection" as const, target }));
  const every: fc.Arbitrary<TierSaid>[] = [
    fc.constant({ kind: "deny-egress" as const }),
    fc.tuple(spec, label).map(([p, l]) => ({ kind: "admin" as const, port: p, label: l })),
    connection,
  ];
  const own: Record<Tier, fc.Arbitrary<TierSaid>[]> = {
    web: [fc.tuple(spec, label).map(([p, l]) => ({ kind: "clients" as const, port: p, label: l })), fc.tuple(spec, optLabel).map(([p, l]) => ({ kind: "next-tier" as const, to: "app" as const, port: p, ...opt("label", l) }))],
    app: [
      fc.tuple(spec, optLabel).map(([p, l]) => ({ kind: "web-tier" as const, port: p, ...opt("label", l) })),
      fc.tuple(spec, label).map(([p, l]) => ({ kind: "app-source" as const, port: p, label: l })),
      fc.tuple(spec, optLabel).map(([p, l]) => ({ kind: "next-tier" as const, to: "db" as const, port: p, ...opt("label", l) })),
    ],
    db: [
      fc.tuple(spec, optLabel).map(([p, l]) => ({ kind: "app-tier" as const, port: p, ...opt("label", l) })),
      fc.tuple(spec, label).map(([p, l]) => ({ kind: "db-source" as const, port: p, label: l })),
      spec.map((p) => ({ kind: "deny" as const, port: p })),
    ],
  };
  return fc.oneof(...own[tier], ...every);
};
const tierRule: fc.Arbitrary<TierRule & { said: TierSaid }> = fc.constantFrom<Tier>("web", "app", "db").chain((role) => fc.record({ name: componentName, role: fc.constant(role), said: tierSaid(role), unsafe }).map((r) => ({ name: r.name, role: r.role, said: r.said, ...opt("unsafe", r.unsafe) })));

const traffic: fc.Arbitrary<MemberTraffic> = fc.oneof(
  fc.constant({ all: true as const }),
  fc.constant({ protocol: "icmp" }),
  fc.tuple(fc.constantFrom("tcp", "udp"), port).map(([protocol, p]) => ({ protocol, port: p })),
  fc.constantFrom({ protocol: "gre", port: -1 }, { protocol: "icmpv6", port: -1 }),
);
const shown: fc.Arbitrary<MemberShown> = fc.oneof(fc.constantFrom("10.0.1.11/32", "fd00::11/128").map((address) => ({ address })), slugName.map((address) => ({ address })), groups.map((group) => ({ group })), fc.constantFrom({ group: "sg-member-a" }));
const interconnectSaid: fc.Arbitrary<InterconnectSaid> = fc.oneof(
  traffic.map((t) => ({ kind: "shared" as const, traffic: t })),
  fc.record({ sender: memberName, shown, receiver: memberName, traffic }).map((m) => ({ kind: "member" as const, ...m })),
  fc.record({ sender: memberName, receiver: memberName, shown, traffic }).map((m) => ({ kind: "member-egress" as const, ...m })),
);

function roundTrips<T>(arb: fc.Arbitrary<T>, seed: number, check: (x: T) => void): void {
  fc.assert(fc.property(arb, check), fuzzRuns(seed, RUNS, "describe"));
}

describe("descriptions read back exactly what was written", () => {
  test("port texts: one port, a range, a port list, a protocol without ports", () => {
    roundTrips(fc.tuple(fc.constantFrom("tcp", "udp", "gre", "icmpv6"), fc.integer({ min: -1, max: 65535 })), 2101, ([protocol, p]) => expect(parseServiceText(serviceText(p, protocol))).toEqual({ port: p, protocol }));
    roundTrips(spec, 2102, (s) => expect(parseSpecText(specText(s))).toEqual(s));
    roundTrips(specs, 2103, (list) => expect(parseSpecListText(specListText(list))).toEqual(list));
    for (const text of ["", "tcp:0", "tcp:65536", "tcp:80-80", "HTTP (tcp:81)", "Web (tcp:80)", "tcp:0080", "icmp", "constructor", "__proto__", "tcp:8080, "]) expect(parseSpecListText(text)).toBeUndefined();
  });

  test("peer labels, given the peer of the rule they describe", () => {
    roundTrips(labelled, 2104, ({ entry, context }) => expect(readPeerLabel(peerLabel(entry), context)).toEqual(entry));
    expect(readPeerLabel("web", { peer: "sg-web", group: true })).toBeUndefined();
    expect(readPeerLabel("", { peer: "10.0.0.0/8", group: false })).toBeUndefined();
  });

  test("the opt-in note, whatever the reason says", () => {
    roundTrips(fc.tuple(componentName.filter((t) => !t.includes(" [UNSAFE, opted in: ")), reason), 2105, ([text, why]) => expect(readUnsafeNote(`${text}${unsafeNote(why)}`)).toEqual({ text, reason: why }));
    expect(readUnsafeNote("shop web: clients reach SSH (tcp:22) from 0.0.0.0/0")).toBeUndefined();
    expect(readUnsafeNote("x [UNSAFE, opted in: ]")).toBeUndefined();
  });

  test("group tags and the frame of group descriptions", () => {
    const extra = fc.dictionary(fc.string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: 10 }).filter((k) => !["managed-by", "component", "role"].includes(k) && !/^(aliyun|acs:|https?:\/\/)/i.test(k)), fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 10 }), { maxKeys: 5 });
    roundTrips(fc.tuple(fc.constantFrom("ThreeTierSecurityGroups", "DatabaseSecurityGroup"), fc.constantFrom("web", "database", "interconnect"), extra), 2106, ([component, role, tags]) => {
      expect(readGroupTags(groupTags(component, role, tags))).toEqual({ component, role, caller: tags });
    });
    roundTrips(componentName, 2107, (text) => expect(readGroupDescription(groupDescription(text, "InterconnectGroup"), "InterconnectGroup")).toBe(text));
    expect(readGroupDescription(groupDescription("x".repeat(300), "InterconnectGroup"), "InterconnectGroup")).toBeUndefined();
  });

  test("ThreeTierSecurityGroups: every rule of every tier, and each tier's group", () => {
    roundTrips(tierRule, 2108, (rule) => {
      const text = describeTierRule(rule);
      expect(readTierRule(text)).toEqual(rule);
      expect(readTierRule(text, rule.name)).toEqual(rule);
    });
    const engine = fc.constantFrom(...(Object.keys(DATABASE_PORTS) as DatabaseEngine[]));
    const group: fc.Arbitrary<TierGroupSaid> = fc.tuple(componentName, fc.constantFrom<Tier>("web", "app", "db"), specs, engine).map(([name, tier, ports, e]) => ({ name, tier, ports, ...(tier === "db" ? { engine: e } : {}) }));
    roundTrips(group, 2109, (g) => expect(readTierGroup(describeTierGroup(g))).toEqual(g));
  });

  test("DatabaseSecurityGroup: its rules and its group", () => {
    const said: fc.Arbitrary<DatabaseSaid> = fc.oneof(fc.tuple(spec, label).map(([p, l]) => ({ kind: "client" as const, port: p, label: l })), spec.map((p) => ({ kind: "deny" as const, port: p })));
    const rule: fc.Arbitrary<DatabaseRule & { said: DatabaseSaid }> = fc.record({ name: componentName, said, unsafe }).map((r) => ({ name: r.name, role: "database" as const, said: r.said, ...opt("unsafe", r.unsafe) }));
    roundTrips(rule, 2110, (r) => expect(readDatabaseRule(describeDatabaseRule(r))).toEqual(r));
    const group: fc.Arbitrary<DatabaseGroupSaid> = fc.record({ name: componentName, engine: fc.constantFrom(...(Object.keys(DATABASE_PORTS) as DatabaseEngine[])), ports: specs });
    roundTrips(group, 2111, (g) => expect(readDatabaseGroup(describeDatabaseGroup(g))).toEqual(g));
  });

  test("WorkbenchAccess and OutboundWhitelist: their rules", () => {
    const workbench: fc.Arbitrary<WorkbenchSaid> = fc.oneof(
      fc.tuple(fc.constantFrom("public" as const, "private" as const), fc.constantFrom("100.104.0.0/16", "161.117.0.0/16", "10.9.0.0/16"), spec).map(([via, range, p]) => ({ kind: "workbench" as const, via, range, port: p })),
      fc.tuple(label, spec).map(([l, p]) => ({ kind: "administrator" as const, label: l, port: p })),
    );
    roundTrips(fc.record({ name: componentName, said: workbench, unsafe }).map((r): WorkbenchRule & { said: WorkbenchSaid } => ({ name: r.name, role: "admin", said: r.said, ...opt("unsafe", r.unsafe) })), 2112, (r) => expect(readWorkbenchRule(describeWorkbenchRule(r))).toEqual(r));
    const whitelist: fc.Arbitrary<WhitelistSaid> = fc.oneof(fc.tuple(label, spec).map(([l, p]) => ({ kind: "destination" as const, label: l, port: p })), fc.boolean().map((ipv6) => ({ kind: "deny-all" as const, ipv6 })));
    roundTrips(fc.record({ name: componentName, said: whitelist }).map((r): WhitelistRule & { said: WhitelistSaid } => ({ name: r.name, role: "whitelist", said: r.said })), 2113, (r) => expect(readWhitelistRule(describeWhitelistRule(r))).toEqual(r));
  });

  test("InterconnectGroup: member rules of every method, and the group it creates", () => {
    const rule: fc.Arbitrary<InterconnectRule & { said: InterconnectSaid }> = fc
      .record({ name: componentName, role: fc.constantFrom<InterconnectMethod>("single-ip", "same-group", "dedicated-group", "group-authorization"), said: interconnectSaid, unsafe })
      .map((r) => ({ name: r.name, role: r.role, said: r.said, ...opt("unsafe", r.unsafe) }));
    roundTrips(rule, 2114, (r) => expect(readInterconnectRule(describeInterconnectRule(r))).toEqual(r));
    // Members are joined by ", " in the group's description: a name holding ", " reads back as two.
    const group: fc.Arbitrary<InterconnectGroupSaid> = fc.record({
      name: componentName,
      method: fc.constantFrom("same-group" as const, "dedicated-group" as const),
      members: fc.array(memberName.filter((m) => !m.includes(", ")), { minLength: 2, maxLength: 4 }),
      traffic: fc.oneof(fc.constant({ all: true as const }), specs.map((ports) => ({ ports }))),
    });
    roundTrips(group, 2115, (g) => {
      const text = describeInterconnectGroup(g);
      if (text.length < 256) expect(readInterconnectGroup(text)).toEqual(g);
      else expect(readInterconnectGroup(text)).toBeUndefined();
    });
  });

  test("a restricted tier's egress toward a receiver's group", () => {
    roundTrips(fc.record({ component: fc.constantFrom("DatabaseSecurityGroup", "InterconnectGroup"), name: componentName, label: fc.constantFrom("db", "interconnect", "sg-member-a", "sg-Raw_1") }), 2116, (t) => expect(readConnectionWhy(connectionWhy(t))).toEqual(t));
  });
});

describe("text no component writes", () => {
  test("is read as nothing said, or not at all", () => {
    expect(readTierRule("http")).toBeUndefined();
    expect(readTierRule("shop web: edited in the console")).toEqual({ name: "shop", role: "web" });
    expect(readTierRule("shop web: clients reach HTTP (tcp:80) from 0.0.0.0/0", "shop")).toMatchObject({ said: { kind: "clients" } });
    expect(readTierRule("shop web: clients reach HTTP (tcp:80) from 0.0.0.0/0", "store")).toBeUndefined();
    // Cut to the API's limit: whose it is still reads, what it says does not.
    const long = describeTierRule({ name: "shop", role: "web", said: { kind: "clients", port: { protocol: "tcp", from: 80, to: 80 }, label: `${"a".repeat(600)} (10.0.0.0/8)` } });
    expect(long.length).toBe(512);
    expect(readTierRule(long)).toEqual({ name: "shop", role: "web" });
    expect(readTierRule("a web: ".repeat(20000))).toEqual({ name: "a", role: "web" });
    expect(readDatabaseGroup("orders db (postgresql)")).toBeUndefined();
    expect(readInterconnectRule("pair single-ip: member a (10.0.1.11/32) reaches member b on tcp:90-80")).toEqual({ name: "pair", role: "single-ip" });
  });
});
