/**
 * A database group (seed 004 case 3, seed 001): its engine's port admits only named
 * addresses and groups (same or another account), and a lowest-priority drop denies the rest.
 */
import { DATABASE_KEYS, GROUP_SOURCE_KEYS } from "./arg-keys";
import { GroupType, InnerAccessPolicy, MAX_GROUPS_PER_INSTANCE } from "../model/network";
import { Peer } from "../model/peer";
import { BEST_PRIORITY, WORST_PRIORITY } from "../model/rule";
import { DATABASE_PORTS, DatabaseEngine } from "../model/services";
import { groupBasics, parseInnerAccess } from "./common";
import { at, expectArray, expectInteger, expectKnownKeys, expectOneOf, isRecord, refuse } from "./fields";
import { securityGroupName, truncate } from "./names";
import { GroupIdRef, Placeholders } from "./placeholders";
import { RuleCollector, SecurityGroupPlan } from "./plan";
import { PortEntry } from "./ports";
import { parsePortSpecs, specFields, specText } from "./port-spec";
import { parseAddress } from "./sources";
import { groupTags } from "./tags";
import { UnsafeOptIn, unsafeReason } from "./unsafe";

/** Component type name. */
export const DATABASE_GROUP = "DatabaseSecurityGroup";

/** Members of a security group allowed in, optionally owned by another account. */
export interface DatabaseGroupSource {
  /** The client group's id (`sg-…`, or the id output of a group resource). */
  securityGroupId: GroupIdRef;
  /** Numeric id of the Alibaba Cloud account that owns the group, when it is another account. @default the caller's account */
  ownerId?: string;
  /** Short name, used in child names; required when `securityGroupId` is known only at deploy time. @default the group id */
  name?: string;
}

/** One database client: an IPv4/IPv6 block or address, or a security group. */
export type DatabaseSource = string | DatabaseGroupSource;

/** Arguments of {@link planDatabaseGroup} (the component's arguments, minus deploy-time types). */
export interface DatabaseGroupPlanArgs {
  /** The VPC of the group (required; optional here only so the planner can report it missing). @default none */
  vpcId?: GroupIdRef;
  /** Engine, for its default port. @default "mysql" */
  engine?: DatabaseEngine;
  /** Ports the database serves (numbers are tcp; `"tcp:5432-5433"` or `Port` values too). @default the engine's port */
  ports?: PortEntry[];
  /** Who may connect: addresses/blocks (never `/0` without allowUnsafe) or security groups. At least one. */
  sources: DatabaseSource[];
  /** `normal` (basic) or `enterprise` (then sources must be addresses). @default "normal" */
  groupType?: GroupType;
  /** Whether database instances in the group reach each other. Basic groups only. @default "Drop" */
  innerAccessPolicy?: InnerAccessPolicy;
  /** Priority of the drop rule for everyone else, 2..100 (the accepts use 1). @default 100 */
  denyPriority?: number;
  /** Tags added to the group (`managed-by`, `component` and `role` are always set). @default {} */
  tags?: Record<string, string>;
  /** Opts in to a database port open to every address, with the reason. @default none */
  allowUnsafe?: UnsafeOptIn;
}

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
  const peers = list.map((s, i) => {
    const field = `args.sources[${i}]`;
    if (typeof s === "string") return parseAddress(field, s, { what: `the ${engine} port`, refuseWorld: true, unsafeReason: unsafe });
    if (!isRecord(s)) return refuse("invalid-argument", field, s, "is neither an address nor a security group", `Write an address ("10.0.2.15"), a block ("10.0.2.0/24") or { securityGroupId, ownerId? }.`);
    expectKnownKeys(field, s, GROUP_SOURCE_KEYS);
    if (enterprise) {
      refuse("enterprise-group-reference", `${field}.securityGroupId`, typeof s.securityGroupId === "string" ? s.securityGroupId : "<group id>", "names a security group, which an enterprise group cannot authorise", "Authorise the clients' vSwitch CIDR blocks instead, or use groupType \"normal\".");
    }
    const label = typeof s.name === "string" && s.name !== "" ? `source-${s.name}` : "";
    if (typeof s.securityGroupId !== "string" && label === "") {
      refuse("invalid-argument", `${field}.name`, s.name, "is needed when securityGroupId is known only at deploy time: child names are built from it", `Name the source, e.g. { securityGroupId: app.id, name: "app" }.`);
    }
    const groupId = ph.input(s.securityGroupId, `${field}.securityGroupId`, label);
    const owner = s.ownerId === undefined ? undefined : at(`${field}.ownerId`, () => Peer.securityGroup(groupId, s.ownerId as string).ownerId);
    return { peer: Peer.securityGroup(groupId, owner), field, world: false };
  });

  const rules = new RuleCollector(`${name} database`, unsafe);
  for (const port of ports) {
    for (const p of peers) {
      const who = p.peer.kind === "security-group" ? `members of ${p.peer}` : `${p.peer}`;
      rules.add(p.field, { type: "ingress", ...specFields(port), policy: "accept", priority: BEST_PRIORITY, ...p.peer.toRuleFields() }, `${who} reach ${specText(port)}`, p.world);
    }
    const denied = peers.some((p) => p.peer.kind === "ipv6") ? [Peer.anyIpv4(), Peer.anyIpv6()] : [Peer.anyIpv4()];
    for (const d of denied) {
      rules.add("args.denyPriority", { type: "ingress", ...specFields(port), policy: "drop", priority: denyPriority, ...d.toRuleFields() }, `deny ${specText(port)} from everywhere else (lowest priority: the accepts above win)`);
    }
  }

  return {
    component: DATABASE_GROUP,
    name,
    groups: [
      {
        label: "db",
        created: true,
        role: "database",
        field: "args.sources",
        model: {
          id,
          name: securityGroupName(name, "db"),
          description: truncate(`${name} ${engine} database: admits named clients on ${ports.map(specText).join(", ")} (${DATABASE_GROUP}, managed by alicloud-secgroups)`, 256),
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
  };
}
