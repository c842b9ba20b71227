/**
 * A database group (seed 004 case 3, seed 001): its engine's port admits only named
 * addresses and groups (same or another account), and a lowest-priority drop denies the rest.
 */
import { MAX_GROUPS_PER_INSTANCE } from "../../model/network";
import { Peer } from "../../model/peer";
import { BEST_PRIORITY, WORST_PRIORITY } from "../../model/rule";
import { DATABASE_PORTS, DatabaseEngine } from "../../model/services";
import { groupBasics, parseInnerAccess } from "../common";
import { expectArray, expectInteger, expectOneOf, isDeployTime, refuse } from "../fields";
import { securityGroupName } from "../names";
import { Placeholders } from "../placeholders";
import { RuleCollector, SecurityGroupPlan } from "../plan";
import { parsePortSpecs, specFields } from "../port-spec";
import { rulePrefix } from "../rule-description";
import { PeerEntries } from "../entries";
import { groupTags } from "../tags";
import { DATABASE_GROUP, DATABASE_KEYS, DatabaseGroupPlanArgs } from "./args";
import { DATABASE_ROLE, databaseWhy, describeDatabaseGroup } from "./describe";
import { IntentCollector, entrySelector, groupSelector } from "../intents";

/**
 * Plans the database group and its rules; throws {@link ValidationError} naming the argument
 * for anything refused.
 */
export function planDatabaseGroup(name: string, args: DatabaseGroupPlanArgs): SecurityGroupPlan {
  const { a, vpcId, groupType, enterprise, unsafe } = groupBasics(name, args, DATABASE_KEYS);
  if (enterprise && a.innerAccessPolicy !== undefined) {
    refuse("invalid-inner-access-policy", "args.innerAccessPolicy", a.innerAccessPolicy, "does not apply to an enterprise group, whose members are always isolated", `Remove innerAccessPolicy, or use groupType "normal".`);
  }
  const inner = parseInnerAccess("args.innerAccessPolicy", a.innerAccessPolicy, ["db"] as const, "Drop").db;
  const engine = expectOneOf<DatabaseEngine>("args.engine", a.engine, Object.keys(DATABASE_PORTS) as DatabaseEngine[], "mysql");
  const ports = parsePortSpecs("args.ports", a.ports, [DATABASE_PORTS[engine]]);
  const denyPriority = expectInteger("args.denyPriority", a.denyPriority, BEST_PRIORITY + 1, WORST_PRIORITY, WORST_PRIORITY);

  const ph = new Placeholders();
  const id = ph.created("db", "args");
  const list = expectArray("args.sources", a.sources, false)!;
  if (list.length === 0) {
    refuse("invalid-argument", "args.sources", a.sources, "is empty: nobody could reach the database", `Name the clients, e.g. sources: ["10.0.2.0/24"] or [{ securityGroupId: app.id, name: "app" }].`);
  }
  const entries = new PeerEntries(ph);
  const peers = list.map((s, i) => {
    const field = `args.sources[${i}]`;
    if (s !== null && typeof s === "object" && !Array.isArray(s) && !isDeployTime(s) && !Object.keys(s).some((k) => ["cidr", "ipv6Cidr", "securityGroupId", "prefixListId"].includes(k))) {
      refuse("missing-source", field, s, "names no client: it has no securityGroupId, cidr, ipv6Cidr or prefixListId", `Set one, e.g. { securityGroupId: app.id, name: "app" }, or write an address ("10.0.2.15") or a block ("10.0.2.0/24").`);
    }
    return entries.parse(field, s, { what: `the ${engine} port`, refuseWorld: true, unsafeReason: unsafe }, { groups: !enterprise });
  });

  const rules = new RuleCollector(rulePrefix(name, DATABASE_ROLE), unsafe, "vpc", entries);
  for (const port of ports) {
    for (const p of peers) {
      const who = p.label;
      rules.add(p.field, { type: "ingress", ...specFields(port), policy: "accept", priority: BEST_PRIORITY, ...p.peer.toRuleFields() }, databaseWhy({ kind: "client", port, label: who }), p.world);
    }
    const denied = peers.some((p) => p.peer.kind === "ipv6") ? [Peer.anyIpv4(), Peer.anyIpv6()] : [Peer.anyIpv4()];
    for (const d of denied) {
      rules.add("args.denyPriority", { type: "ingress", ...specFields(port), policy: "drop", priority: denyPriority, ...d.toRuleFields() }, databaseWhy({ kind: "deny", port }));
    }
  }

  // Each source reaches the database port; nothing else does.
  const promises = new IntentCollector(DATABASE_GROUP, name);
  for (const p of peers) promises.allow("source-to-db", entrySelector(p), groupSelector(id), ports, `the database admits ${p.label}`);
  promises.deny("others-to-db", "anywhere", groupSelector(id), ports, "nothing but its sources reaches the database port");

  return {
    component: DATABASE_GROUP,
    name,
    intents: promises.finish(),
    groups: [
      {
        label: "db",
        created: true,
        role: "database",
        field: "args.sources",
        ruleNames: rules.ruleNames(),
        model: {
          id,
          name: securityGroupName(name, "db"),
          description: describeDatabaseGroup({ name, engine, ports }),
          type: groupType,
          ...(enterprise ? {} : { innerAccessPolicy: inner }),
          vpcId,
          tags: groupTags(DATABASE_GROUP, "database", a.tags),
          rules: rules.finish(),
        },
      },
    ],
    members: [],
    refs: ph.refs(),
    unsafeReason: unsafe,
    maxGroupsPerInstance: MAX_GROUPS_PER_INSTANCE,
   
    deployTimeCidrs: entries.deployTimeCidrs,
  };
}
