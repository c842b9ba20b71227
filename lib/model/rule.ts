/**
 * A security group rule in the alicloud provider's own words (`alicloud.ecs.SecurityGroupRule`),
 * and its validation. Pure: no Pulumi here.
 */
import { ValidationError } from "./errors";
import { parseCidr } from "./ip";
import { MAX_PORT, MIN_PORT, PortRange } from "./port-ranges";

/** Direction: `ingress` judges traffic entering an interface, `egress` traffic leaving it. */
export type RuleType = "ingress" | "egress";
/** IP protocols the provider accepts (lower case only). */
export type IpProtocol = "tcp" | "udp" | "icmp" | "icmpv6" | "gre" | "all";
/** `accept` allows matching traffic, `drop` denies it. */
export type RulePolicy = "accept" | "drop";
/** Classic networks split rules into `internet` and `intranet`; VPC groups are always `intranet`. */
export type NicType = "intranet" | "internet";

/** Every protocol value, in a stable order. */
export const IP_PROTOCOLS: readonly IpProtocol[] = ["tcp", "udp", "icmp", "icmpv6", "gre", "all"];
/** The port range of every protocol other than tcp and udp. */
export const NO_PORTS = "-1/-1";
/** Best (highest precedence) priority a custom rule can have. */
export const BEST_PRIORITY = 1;
/** Worst (lowest precedence) priority a custom rule can have. */
export const WORST_PRIORITY = 100;
/** Priority of the implicit default rules: any custom rule beats them. */
export const DEFAULT_RULES_PRIORITY = 110;
/** Longest rule description the API accepts. */
export const MAX_RULE_DESCRIPTION = 512;

/**
 * One rule, with the property names of `alicloud.ecs.SecurityGroupRule` (minus
 * `securityGroupId`, which is the group that holds it). Exactly one of `cidrIp`, `ipv6CidrIp`,
 * `sourceSecurityGroupId` and `prefixListId` names the peer: the source of an ingress rule,
 * the destination of an egress rule.
 */
export interface RuleArgs {
  /** `ingress` or `egress`. */
  type: RuleType;
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `gre` or `all`. */
  ipProtocol: IpProtocol;
  /** `"from/to"`; required for tcp/udp. @default "-1/-1" for every other protocol */
  portRange?: string;
  /** `intranet` or `internet`. @default computed: `intranet` with a group or prefix-list peer, or in a VPC group */
  nicType?: NicType;
  /** `accept` or `drop`. @default "accept" */
  policy?: RulePolicy;
  /** 1..100; the smaller number wins, and on a tie drop wins. @default 1 */
  priority?: number;
  /** IPv4 CIDR block or address (a bare address is one host). */
  cidrIp?: string;
  /** IPv6 CIDR block or address. */
  ipv6CidrIp?: string;
  /** The peer security group (`sg-…`). */
  sourceSecurityGroupId?: string;
  /** Numeric account id owning `sourceSecurityGroupId`, for cross-account rules. */
  sourceGroupOwnerId?: string;
  /** Deprecated upstream form of the owner; read in others' rules, never emitted. */
  sourceGroupOwnerAccount?: string;
  /** The peer prefix list (`pl-…`). */
  prefixListId?: string;
  /** Why the rule exists: 1..512 characters. */
  description?: string;
}

/** A tcp/udp port interval, both ends included: one {@link PortRange}. */
export type PortInterval = PortRange;

const RULE_TYPES: readonly RuleType[] = ["ingress", "egress"];
const POLICIES: readonly RulePolicy[] = ["accept", "drop"];
const NIC_TYPES: readonly NicType[] = ["intranet", "internet"];
const SOURCE_FIELDS = ["cidrIp", "ipv6CidrIp", "sourceSecurityGroupId", "prefixListId"] as const;
/** The four peer properties, of which a rule names exactly one. */
export type SourceField = (typeof SOURCE_FIELDS)[number];

const OWNER_FIELDS = ["sourceGroupOwnerId", "sourceGroupOwnerAccount"] as const;
const SG_ID = /^sg-[0-9A-Za-z][0-9A-Za-z_-]{0,127}$/;
const PL_ID = /^pl-[0-9A-Za-z][0-9A-Za-z_-]{0,127}$/;
const ACCOUNT_ID = /^[0-9]{1,32}$/;

/** True for protocols whose rules carry a port range. */
export function hasPorts(protocol: IpProtocol): boolean {
  return protocol === "tcp" || protocol === "udp";
}

/** Renders a port interval in the provider's `from/to` form. */
export function formatPortRange(from: number, to: number): string {
  return `${from}/${to}`;
}

/**
 * Reads the port interval of a validated rule: tcp/udp give their range; every other
 * protocol matches any port, so it reads as `1..65535`.
 */
export function portInterval(rule: Pick<RuleArgs, "ipProtocol" | "portRange">): PortInterval {
  if (!hasPorts(rule.ipProtocol) || rule.portRange === undefined) return { from: MIN_PORT, to: MAX_PORT };
  const text = rule.portRange;
  // Read in place (rules are read many times): a validated range is two runs of digits around one "/".
  const slash = text.indexOf("/");
  let from = 0;
  let to = 0;
  let plain = slash > 0 && slash < text.length - 1;
  for (let i = 0; plain && i < text.length; i++) {
    if (i === slash) continue;
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) plain = false;
    else if (i < slash) from = from * 10 + d;
    else to = to * 10 + d;
  }
  if (!plain) {
    const [a, b] = text.split("/").map(Number);
    return { from: a, to: b };
  }
  return { from, to };
}

/** Which peer property a validated rule uses. */
export function sourceField(rule: RuleArgs): SourceField {
  for (const f of SOURCE_FIELDS) if (isSet(rule[f])) return f;
  throw new ValidationError("missing-source", "cidrIp", undefined, "is missing: a rule needs one peer", "Set one of cidrIp, ipv6CidrIp, sourceSecurityGroupId or prefixListId.");
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[], code: ValidationError["code"]): T {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  const near = typeof value === "string" ? allowed.find((a) => a.toLowerCase() === value.toLowerCase()) : undefined;
  const hint = near ? `Write it as ${JSON.stringify(near)} (values are case-sensitive).` : `Use one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}.`;
  throw new ValidationError(code, field, value, "is not an accepted value", hint);
}

function parsePortRange(protocol: IpProtocol, value: unknown): string {
  if (!hasPorts(protocol)) {
    if (value === undefined || value === NO_PORTS) return NO_PORTS;
    throw new ValidationError("invalid-port-range", "portRange", value, `must be "-1/-1" for protocol ${JSON.stringify(protocol)}, which has no ports`, `Omit portRange or set it to "-1/-1"; to restrict ports use tcp or udp.`);
  }
  if (value === undefined) {
    throw new ValidationError("invalid-port-range", "portRange", value, `is required for protocol ${JSON.stringify(protocol)}`, `Set portRange to "from/to", e.g. "22/22" for one port or "1/65535" for all.`);
  }
  const match = typeof value === "string" ? /^(\d{1,5})\/(\d{1,5})$/.exec(value) : null;
  if (!match) {
    throw new ValidationError("invalid-port-range", "portRange", value, `is not of the form "from/to"`, `Write the range as "from/to" with whole numbers, e.g. "22/22" or "8000/8080".`);
  }
  const from = Number(match[1]);
  const to = Number(match[2]);
  if (from < 1 || to > 65535 || from > 65535 || to < 1) {
    throw new ValidationError("invalid-port-range", "portRange", value, "is outside 1..65535", `Use ports between 1 and 65535, e.g. "${Math.min(Math.max(from, 1), 65535)}/${Math.min(Math.max(to, 1), 65535)}".`);
  }
  if (from > to) {
    throw new ValidationError("invalid-port-range", "portRange", value, "starts after it ends", `Write the smaller port first: "${to}/${from}".`);
  }
  // Already canonical (no leading zeros): the text itself, not a copy of it.
  return match[1][0] !== "0" && match[2][0] !== "0" ? (value as string) : formatPortRange(from, to);
}

function parsePriority(value: unknown): number {
  if (value === undefined) return BEST_PRIORITY;
  if (typeof value === "number" && Number.isInteger(value) && value >= BEST_PRIORITY && value <= WORST_PRIORITY) return value;
  throw new ValidationError("invalid-priority", "priority", value, "must be a whole number from 1 to 100", "Use 1 for highest precedence and 100 for lowest (the smaller number wins; on a tie drop wins).");
}

function parseCidrField(field: "cidrIp" | "ipv6CidrIp", value: unknown): string {
  const family = field === "cidrIp" ? "ipv4" : "ipv6";
  if (typeof value !== "string") {
    throw new ValidationError("invalid-cidr", field, value, "must be a string", `Write a CIDR block such as ${family === "ipv4" ? `"10.0.0.0/16"` : `"2001:db8::/32"`}.`);
  }
  const block = parseCidr(value, family);
  if (block) return block.text;
  const other = parseCidr(value, family === "ipv4" ? "ipv6" : "ipv4");
  if (other) {
    const right = family === "ipv4" ? "ipv6CidrIp" : "cidrIp";
    throw new ValidationError("wrong-ip-family", field, value, `holds an ${other.family === "ipv4" ? "IPv4" : "IPv6"} block`, `Move it to ${right}.`);
  }
  throw new ValidationError("invalid-cidr", field, value, "is not a valid CIDR block or address", `Write a CIDR block such as ${family === "ipv4" ? `"10.0.0.0/16" or one address "10.0.0.5"` : `"2001:db8::/32" or one address "2001:db8::5"`}.`);
}

function parseGroupId(value: unknown): string {
  if (typeof value === "string" && SG_ID.test(value)) return value;
  if (typeof value === "string" && /^\d+\/sg-/.test(value)) {
    const [owner, id] = value.split("/");
    throw new ValidationError("invalid-security-group-id", "sourceSecurityGroupId", value, "uses the console's account/group notation", `Set sourceSecurityGroupId to ${JSON.stringify(id)} and sourceGroupOwnerId to ${JSON.stringify(owner)}.`);
  }
  throw new ValidationError("invalid-security-group-id", "sourceSecurityGroupId", value, "is not a security group id", `Use the group's id, which starts with "sg-".`);
}

function parseDescription(value: unknown): string | undefined {
  if (value === undefined || value === "") return undefined;
  if (typeof value === "string" && value.length <= MAX_RULE_DESCRIPTION) return value;
  throw new ValidationError("invalid-description", "description", value, `must be a string of 1 to ${MAX_RULE_DESCRIPTION} characters`, "Shorten the description.");
}

/**
 * Validates one rule against what the provider and the ECS API accept, and returns it
 * normalised: defaults filled as the provider fills them (`policy` accept, `priority` 1,
 * `portRange` -1/-1 for portless protocols, `nicType` intranet with a group or prefix-list
 * peer), CIDRs canonical (a bare address becomes `/32` or `/128`, host bits cleared).
 * Throws {@link ValidationError} naming the property, the bad value and the fix. Also refuses
 * what the provider would silently ignore: two peers, an owner account without a group.
 *
 * @example validateRule({ type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "203.0.113.7" })
 *   // => { ..., cidrIp: "203.0.113.7/32", policy: "accept", priority: 1 }
 */
export function validateRule(rule: RuleArgs): RuleArgs {
  if (typeof rule !== "object" || rule === null || Array.isArray(rule)) {
    throw new ValidationError("invalid-object", "rule", rule, "must be an object", "Pass a rule object such as { type: \"ingress\", ipProtocol: \"tcp\", portRange: \"443/443\", cidrIp: \"0.0.0.0/0\" }.");
  }
  const r = rule as unknown as Record<string, unknown>;
  const type = oneOf("type", r.type, RULE_TYPES, "invalid-type");
  const ipProtocol = oneOf("ipProtocol", r.ipProtocol, IP_PROTOCOLS, "invalid-protocol");
  const portRange = parsePortRange(ipProtocol, r.portRange);
  const policy = r.policy === undefined ? "accept" : oneOf("policy", r.policy, POLICIES, "invalid-policy");
  const priority = parsePriority(r.priority);

  // Direct reads: keyed reads over rules of many shapes are slow on large rule sets.
  const present: SourceField[] = [];
  if (isSet(r.cidrIp)) present.push("cidrIp");
  if (isSet(r.ipv6CidrIp)) present.push("ipv6CidrIp");
  if (isSet(r.sourceSecurityGroupId)) present.push("sourceSecurityGroupId");
  if (isSet(r.prefixListId)) present.push("prefixListId");
  const peerWord = type === "ingress" ? "source" : "destination";
  if (present.length === 0) {
    throw new ValidationError("missing-source", "cidrIp", r.cidrIp, `is missing: the rule has no ${peerWord} (an empty string is no ${peerWord}, not "anywhere")`, `Set exactly one of cidrIp, ipv6CidrIp, sourceSecurityGroupId or prefixListId; for anywhere write cidrIp "0.0.0.0/0".`);
  }
  if (present.length > 1) {
    throw new ValidationError("multiple-sources", present.join("+"), present.map((f) => r[f]), `name ${present.length} ${peerWord}s, but a rule takes exactly one`, "Write one rule per peer.");
  }
  const field = present[0];
  const out: RuleArgs = { type, ipProtocol, portRange, policy, priority };
  if (field === "cidrIp") out.cidrIp = parseCidrField("cidrIp", r.cidrIp);
  if (field === "ipv6CidrIp") out.ipv6CidrIp = parseCidrField("ipv6CidrIp", r.ipv6CidrIp);
  if (field === "sourceSecurityGroupId") out.sourceSecurityGroupId = parseGroupId(r.sourceSecurityGroupId);
  if (field === "prefixListId") {
    if (typeof r.prefixListId !== "string" || !PL_ID.test(r.prefixListId)) {
      throw new ValidationError("invalid-prefix-list-id", "prefixListId", r.prefixListId, "is not a prefix list id", `Use the prefix list's id, which starts with "pl-".`);
    }
    out.prefixListId = r.prefixListId;
  }

  for (const owner of OWNER_FIELDS) {
    const value = owner === "sourceGroupOwnerId" ? r.sourceGroupOwnerId : r.sourceGroupOwnerAccount;
    if (!isSet(value)) continue;
    if (field !== "sourceSecurityGroupId") {
      throw new ValidationError("owner-without-group", owner, value, `only applies to a security group ${peerWord}, and this rule has none (the provider would ignore it)`, `Remove ${owner}, or authorise the group with sourceSecurityGroupId.`);
    }
    const ok = typeof value === "string" && (owner === "sourceGroupOwnerId" ? ACCOUNT_ID.test(value) : value.trim() === value && value.length <= 128);
    if (!ok) {
      throw new ValidationError("invalid-owner", owner, value, owner === "sourceGroupOwnerId" ? "is not a numeric Alibaba Cloud account id" : "is not an account", "Use the numeric id of the account that owns the group, in sourceGroupOwnerId.");
    }
    out[owner] = value as string;
  }

  const needsIntranet = field === "sourceSecurityGroupId" || field === "prefixListId";
  if (r.nicType !== undefined) {
    const nicType = oneOf("nicType", r.nicType, NIC_TYPES, "invalid-nic-type");
    if (needsIntranet && nicType !== "intranet") {
      throw new ValidationError("nic-type-mismatch", "nicType", nicType, `must be "intranet" when the ${peerWord} is a ${field === "prefixListId" ? "prefix list" : "security group"}`, `Set nicType to "intranet" or omit it.`);
    }
    out.nicType = nicType;
  } else if (needsIntranet) {
    out.nicType = "intranet";
  }

  if (ipProtocol === "icmpv6" && field === "cidrIp") {
    throw new ValidationError("protocol-family-mismatch", "ipProtocol", ipProtocol, "is IPv6-only but the peer is an IPv4 cidrIp", `Use "icmp" for IPv4, or put an IPv6 block in ipv6CidrIp.`);
  }
  if (ipProtocol === "icmp" && field === "ipv6CidrIp") {
    throw new ValidationError("protocol-family-mismatch", "ipProtocol", ipProtocol, "is IPv4-only but the peer is an IPv6 ipv6CidrIp", `Use "icmpv6" for IPv6, or put an IPv4 block in cidrIp.`);
  }

  const description = parseDescription(r.description);
  if (description !== undefined) out.description = description;
  return out;
}

/** Validates a list of rules; errors name the index, e.g. `rules[3].portRange`. */
export function validateRules(rules: readonly RuleArgs[], field = "rules"): RuleArgs[] {
  if (!Array.isArray(rules)) {
    throw new ValidationError("invalid-object", field, rules, "must be an array of rules", "Pass an array, possibly empty.");
  }
  return rules.map((rule, i) => {
    try {
      return validateRule(rule);
    } catch (e) {
      if (e instanceof ValidationError) throw e.withFieldPrefix(`${field}[${i}]`);
      throw e;
    }
  });
}
