/**
 * Reads ECS API responses saved with the `aliyun` CLI (DescribeSecurityGroups,
 * DescribeSecurityGroupAttribute, DescribeInstances, DescribeNetworkInterfaces,
 * DescribePrefixListAttributes, DescribeSecurityGroupReferences) into one network. Page files
 * are merged; a set of pages whose last page still carries a `NextToken` is refused. Field traps
 * are those of AUDIT-INPUTS.md: `Priority` as a number or a string, upper-case protocols and
 * policies, `""` for every unset field, egress peers in `Dest*` fields, bare IPs, `--pager`
 * files without the group's own fields, classic groups split by nic type.
 */
import { quote } from "../model/errors";
import { parseCidr } from "../model/ip";
import { IP_PROTOCOLS, RuleArgs } from "../model/rule";
import { isClassicGroup } from "../model/group-network";
import { GroupModel, InstanceModel, PrefixListModel } from "../model/network";
import { DraftGroup, DraftInstance, DraftRule, GroupUseReason, IncompleteGroup, Origin, SourceNetwork, Unresolved, arrayAt, checkSourceDocument, finishNetwork, jsonPath, noteUnresolvedPeers, numberValue, obj, record, shown, sourceError, text, trimValue } from "./source-network";

/** The kinds of ECS API file. */
export type EcsDocumentKind = "attribute" | "attribute-pager" | "groups" | "instances" | "network-interfaces" | "prefix-list" | "references";

/** One parsed ECS API file. */
export interface EcsDocument {
  /** File name for messages. */
  file: string;
  /** Which API it answers. */
  kind: EcsDocumentKind;
  /** The parsed JSON. */
  doc: Record<string, unknown>;
}

/** Recognises an ECS API response by its top-level keys, or returns undefined. */
export function ecsKind(doc: Record<string, unknown>): EcsDocumentKind | undefined {
  if (arrayAt(doc, "Permissions", "Permission")) return text(doc.SecurityGroupId) !== undefined ? "attribute" : "attribute-pager";
  if (arrayAt(doc, "SecurityGroups", "SecurityGroup")) return "groups";
  if (arrayAt(doc, "Instances", "Instance")) return "instances";
  if (arrayAt(doc, "NetworkInterfaceSets", "NetworkInterfaceSet")) return "network-interfaces";
  if (text(doc.PrefixListId) !== undefined && arrayAt(doc, "Entries", "Entry")) return "prefix-list";
  if (arrayAt(doc, "SecurityGroupReferences", "SecurityGroupReference")) return "references";
  return undefined;
}

const ARRAY_PATH: Record<EcsDocumentKind, string[]> = {
  attribute: ["Permissions", "Permission"],
  "attribute-pager": ["Permissions", "Permission"],
  groups: ["SecurityGroups", "SecurityGroup"],
  instances: ["Instances", "Instance"],
  "network-interfaces": ["NetworkInterfaceSets", "NetworkInterfaceSet"],
  "prefix-list": ["Entries", "Entry"],
  references: ["SecurityGroupReferences", "SecurityGroupReference"],
};

const API_NAME: Record<EcsDocumentKind, string> = {
  attribute: "DescribeSecurityGroupAttribute",
  "attribute-pager": "DescribeSecurityGroupAttribute",
  groups: "DescribeSecurityGroups",
  instances: "DescribeInstances",
  "network-interfaces": "DescribeNetworkInterfaces",
  "prefix-list": "DescribePrefixListAttributes",
  references: "DescribeSecurityGroupReferences",
};

function entries(d: EcsDocument): { item: Record<string, unknown>; path: string }[] {
  const path = ARRAY_PATH[d.kind];
  const list = arrayAt(d.doc, ...path) as unknown[];
  return list.map((item, i) => {
    const o = obj(item);
    if (!o) sourceError("invalid-source", d.file, jsonPath(...path, i), item, "is not an object", `Save the ${API_NAME[d.kind]} output unchanged.`);
    return { item: o, path: jsonPath(...path, i) };
  });
}

/**
 * Refuses a set of pages of one API (or of one group's rules) whose last page is missing: every
 * page carries a non-empty `NextToken`, or a legacy `TotalCount` exceeds what the pages hold.
 */
function checkPages(pages: EcsDocument[], what: string, count: number): void {
  if (pages.length === 0) return;
  const open = pages.filter((p) => text(p.doc.NextToken) !== undefined);
  if (open.length === pages.length) {
    const p = open[0];
    sourceError("partial-source", p.file, "$.NextToken", p.doc.NextToken, `is set, so ${what} has more pages and the last one is missing`, `Fetch the next page with --NextToken ${String(p.doc.NextToken)} and pass it too, or save every page at once with --pager.`);
  }
  const totals = pages.map((p) => p.doc.TotalCount).filter((t): t is number => typeof t === "number");
  if (totals.length > 0 && Math.max(...totals) > count) {
    const p = pages.find((x) => x.doc.TotalCount === Math.max(...totals)) as EcsDocument;
    sourceError("partial-source", p.file, "$.TotalCount", p.doc.TotalCount, `says ${what} has ${Math.max(...totals)} entries, but the pages given hold ${count}`, "Pass every page (--PageNumber 1, 2, …), or save them at once with --pager.");
  }
}

/** Lower-case text, or undefined for `""`. */
/** An item's `Tags.Tag` (`[{ TagKey, TagValue }]`), or undefined when it has none. Keys from the file are data: a tag keyed __proto__ stays a tag. */
function apiTags(item: Record<string, unknown> | undefined): Record<string, string> | undefined {
  const tags = arrayAt(item, "Tags", "Tag");
  if (!tags || tags.length === 0) return undefined;
  const t = record<string>();
  for (const tag of tags) {
    const k = text(obj(tag)?.TagKey);
    if (k) t[k] = text(obj(tag)?.TagValue) ?? "";
  }
  return Object.keys(t).length > 0 ? t : undefined;
}

function lower(value: unknown): string | undefined {
  const t = text(value);
  return t === undefined ? undefined : t.toLowerCase();
}

/** The keys of a permission's peer on one side (`Source…` for ingress, `Dest…` for egress), in the order the API prefers them, and of the peer group's owner. */
function peerKeys(side: "Source" | "Dest"): { peers: readonly (readonly [keyof RuleArgs, string])[]; owner: string } {
  return {
    peers: [
      ["cidrIp", `${side}CidrIp`],
      ["ipv6CidrIp", `Ipv6${side}CidrIp`],
      ["sourceSecurityGroupId", `${side}GroupId`],
      ["prefixListId", `${side}PrefixListId`],
    ],
    owner: `${side}GroupOwnerAccount`,
  };
}
const SOURCE_KEYS = peerKeys("Source");
const DEST_KEYS = peerKeys("Dest");

interface RuleRead {
  rule?: Partial<RuleArgs> & Record<string, unknown>;
  notes: Omit<Unresolved, "groupId">[];
}

/**
 * One `Permission` in the rule model (AUDIT-INPUTS.md §10-11): the direction first, then the
 * peer fields of that side only, `""` as absent, enums and numbers trimmed of ASCII whitespace
 * (each trim listed), lower-cased enums, `Priority` as a number. Defaults (`Policy`, `Priority`)
 * are left to the model and listed by `finishNetwork`. A rule left out (an unsupported protocol,
 * a port list, a drop narrowed by source ports) carries the parts read, for `unresolved-rule`.
 */
export function permissionToRule(p: Record<string, unknown>, origin: Origin): RuleRead {
  const notes: Omit<Unresolved, "groupId">[] = [];
  // The enums and numbers, read alike in every reader (source-network.ts trimValue).
  const value = (key: string) => trimValue(text(p[key]) ?? p[key], key, origin, notes);
  const enumText = (key: string) => lower(value(key));
  const direction = enumText("Direction");
  const keys = direction === "egress" ? DEST_KEYS : SOURCE_KEYS;
  const rule: Partial<RuleArgs> & Record<string, unknown> = {};
  if (direction !== undefined) rule.type = direction as RuleArgs["type"];
  const protocol = enumText("IpProtocol");
  if (protocol !== undefined) rule.ipProtocol = protocol as RuleArgs["ipProtocol"];
  const policyText = enumText("Policy");
  if (policyText !== undefined) rule.policy = policyText as RuleArgs["policy"];
  const ports = text(value("PortRange"));
  if (ports !== undefined) rule.portRange = ports;
  const nic = enumText("NicType");
  if (nic !== undefined) rule.nicType = nic as RuleArgs["nicType"];
  const priority = value("Priority");
  if (priority !== undefined && priority !== null && priority !== "") rule.priority = numberValue(priority) as number;
  const set: [keyof RuleArgs, unknown][] = [];
  for (const [field, key] of keys.peers) {
    const v = p[key];
    if (text(v) !== undefined) set.push([field, v]);
  }
  if (set.length > 1) {
    notes.push({ kind: "ambiguous-peer", subject: set.map(([, v]) => String(shown(text(v)))).join(" + "), origin, effect: `the rule names ${set.length} peers; evaluated with the first (${String(shown(text(set[0][1])))}), as the API prefers the IPv4 CIDR` });
  }
  if (set.length > 0) {
    const [field, v] = set[0];
    (rule as Record<string, unknown>)[field] = text(v);
    if (field === "sourceSecurityGroupId") {
      const owner = text(p[keys.owner]);
      // The API names the owner *account id* in ...GroupOwnerAccount.
      if (owner !== undefined) rule[/^\d+$/.test(owner) ? "sourceGroupOwnerId" : "sourceGroupOwnerAccount"] = owner;
    }
  }
  const description = text(p.Description);
  if (description !== undefined) rule.description = description;

  const accept = (rule.policy ?? "accept") === "accept";
  if (protocol !== undefined && !(IP_PROTOCOLS as readonly string[]).includes(protocol)) {
    notes.push({ kind: "unsupported-protocol", subject: String(shown(protocol)), origin, effect: `protocol ${JSON.stringify(shown(protocol))} is not one the model evaluates; the rule is excluded${accept ? " (exposure may be under-reported)" : ""}`, rule });
    return { notes };
  }
  const portList = text(p.PortRangeListId);
  if (portList !== undefined) {
    const listName = text(p.PortRangeListName);
    notes.push({
      kind: "port-list",
      subject: String(shown(portList)),
      origin,
      effect: `the rule's ports come from port list ${String(shown(portList))}${listName ? ` (${String(shown(listName))})` : ""}, which the model cannot express; the rule is excluded${accept ? ", so exposure may be under-reported" : ", so access may be over-reported"}`,
      rule,
    });
    return { notes };
  }
  const sourcePorts = text(p.SourcePortRange);
  if (sourcePorts !== undefined && sourcePorts !== "-1/-1") {
    if (rule.policy === "drop") {
      notes.push({ kind: "source-port-range", subject: String(shown(sourcePorts)), origin, effect: `the drop rule only matches source ports ${String(shown(sourcePorts))}, which the model cannot express; it is excluded rather than over-state protection`, rule });
      return { notes };
    }
    notes.push({ kind: "source-port-range", subject: String(shown(sourcePorts)), origin, effect: `the accept rule only matches source ports ${String(shown(sourcePorts))}, which the model cannot express; it is evaluated for every source port, which over-states exposure` });
  }
  return { rule, notes };
}

interface GroupAcc {
  id: string;
  listed?: { item: Record<string, unknown>; origin: Origin };
  pages: EcsDocument[];
  rules: DraftRule[];
  /** Rules without an id, by their fields (JSON). */
  ruleKeys: Set<string>;
  /** Rules with an id: the fields of each different rule read with it (JSON made only when an id repeats). */
  ruleIds: Map<string, { item: Record<string, unknown>; json?: string }[]>;
  notes: Omit<Unresolved, "groupId">[];
  nicTypes: Set<string>;
  inner?: string;
  vpcId?: string;
  name?: string;
  description?: string;
  origin?: Origin;
  /** Where an instance or network interface first named the group (when nothing else describes it). */
  named?: Origin;
}

const GROUP_ID_IN_NAME = /sg-[0-9A-Za-z]+/;

/**
 * Reads ECS API files into one network. Throws {@link ValidationError} (`partial-source`,
 * `mixed-source`, `invalid-source`) naming the file and the JSON path for a missing last page,
 * several regions, a `--pager` rules file whose group cannot be told, or entries of the wrong
 * shape. Everything it cannot resolve is listed in `unresolved` with its effect.
 */
export function readEcsApi(docs: EcsDocument[]): SourceNetwork {
  const sorted = [...docs].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const d of sorted) checkSourceDocument(d.doc, d.file);
  // One region only.
  let region: { value: string; file: string } | undefined;
  const noteRegion = (value: unknown, file: string, path: string) => {
    const r = text(value);
    if (r === undefined) return;
    if (region && region.value !== r) sourceError("mixed-source", file, path, r, `is a different region from ${quote(region.value)} (in ${region.file})`, "Audit one region at a time: pass the files of one region only.");
    region ??= { value: r, file };
  };
  for (const d of sorted) noteRegion(d.doc.RegionId, d.file, "$.RegionId");

  const groups = new Map<string, GroupAcc>();
  const acc = (id: string): GroupAcc => {
    let g = groups.get(id);
    if (!g) {
      g = { id, pages: [], rules: [], ruleKeys: new Set(), ruleIds: new Map(), notes: [], nicTypes: new Set() };
      groups.set(id, g);
    }
    return g;
  };
  const serviceManaged = new Set<string>();
  const uses: GroupUseReason[] = [];
  const unresolved: Unresolved[] = [];

  // DescribeSecurityGroups: the only source of the group type.
  const listPages = sorted.filter((d) => d.kind === "groups");
  const listed = new Set<string>();
  for (const d of listPages) {
    for (const { item, path } of entries(d)) {
      const id = text(item.SecurityGroupId);
      if (!id) sourceError("invalid-source", d.file, `${path}.SecurityGroupId`, item.SecurityGroupId, "is missing", "Save the DescribeSecurityGroups output unchanged.");
      noteRegion(item.RegionId, d.file, `${path}.RegionId`);
      listed.add(id);
      const g = acc(id);
      g.listed ??= { item, origin: { file: d.file, path } };
      if (item.ServiceManaged === true || item.ServiceManaged === "true") serviceManaged.add(id);
    }
  }
  checkPages(listPages, "the DescribeSecurityGroups list", listed.size);

  // DescribeSecurityGroupAttribute, one group per file (several page files per group allowed).
  for (const d of sorted.filter((x) => x.kind === "attribute" || x.kind === "attribute-pager")) {
    let id = text(d.doc.SecurityGroupId);
    if (id === undefined) {
      const m = GROUP_ID_IN_NAME.exec(d.file.split("/").pop() ?? "");
      if (!m) {
        sourceError("invalid-source", d.file, "$.Permissions", "Permissions only", "holds rules without their group (saved with --pager, which drops SecurityGroupId, VpcId and InnerAccessPolicy)", "Name the file after its group (e.g. sg-bp1abc.json), or save it without --pager.");
      }
      id = m[0];
    }
    acc(id).pages.push(d);
  }
  for (const g of groups.values()) {
    if (g.pages.length === 0) continue;
    // Pager files have no token: they hold every page. Raw pages must include the last one.
    const raw = g.pages.filter((p) => p.kind === "attribute");
    if (raw.length > 0 && raw.length === g.pages.length) checkPages(raw, `the rules of ${g.id}`, Infinity);
    for (const p of raw) {
      const inner = text(trimValue(text(p.doc.InnerAccessPolicy), "InnerAccessPolicy", { file: p.file, path: "$.InnerAccessPolicy" }, g.notes));
      if (inner !== undefined) g.inner ??= inner;
      if (typeof p.doc.VpcId === "string") g.vpcId ??= p.doc.VpcId;
      g.name ??= text(p.doc.SecurityGroupName);
      g.description ??= text(p.doc.Description);
      g.origin ??= { file: p.file, path: "$" };
    }
    for (const p of g.pages) {
      g.origin ??= { file: p.file, path: "$" };
      for (const { item, path } of entries(p)) {
        const ruleId = text(item.SecurityGroupRuleId);
        // Page files can repeat a rule: the same id and the same fields are one rule. One id with
        // different fields is two rules: both are read, and the conflict is reported.
        const fields = (o: Record<string, unknown>) => {
          const { SecurityGroupRuleId: _id, CreateTime: _t, ...tuple } = o;
          return JSON.stringify(tuple);
        };
        if (ruleId === undefined) {
          const key = fields(item);
          if (g.ruleKeys.has(key)) continue;
          g.ruleKeys.add(key);
        } else {
          const seen = g.ruleIds.get(ruleId);
          if (seen) {
            const json = fields(item);
            if (seen.some((x) => (x.json ??= fields(x.item)) === json)) continue;
            seen.push({ item, json });
          } else g.ruleIds.set(ruleId, [{ item }]);
        }
        const origin: Origin = { file: p.file, path };
        if (ruleId) origin.ruleId = ruleId;
        const created = text(item.CreateTime);
        if (created) origin.createTime = created;
        const nic = lower(text(item.NicType)?.trim());
        if (nic) g.nicTypes.add(nic);
        const read = permissionToRule(item, origin);
        const index = read.rule ? g.rules.length : undefined;
        for (const n of read.notes) g.notes.push(index === undefined ? n : { ...n, ruleIndex: index });
        if (read.rule) g.rules.push({ rule: read.rule, origin });
      }
    }
  }

  // Instances (primary ENIs) and network interfaces.
  const instanceDrafts: DraftInstance[] = [];
  const instancePages = sorted.filter((d) => d.kind === "instances");
  const eniPages = sorted.filter((d) => d.kind === "network-interfaces");
  const instanceIds = new Set<string>();
  const secondaryWanted: { instanceId: string; eni: string; origin: Origin }[] = [];
  for (const d of instancePages) {
    for (const { item, path } of entries(d)) {
      const id = text(item.InstanceId);
      if (!id) sourceError("invalid-source", d.file, `${path}.InstanceId`, item.InstanceId, "is missing", "Save the DescribeInstances output unchanged.");
      noteRegion(item.RegionId, d.file, `${path}.RegionId`);
      if (instanceIds.has(id)) continue;
      instanceIds.add(id);
      const groupIds = (arrayAt(item, "SecurityGroupIds", "SecurityGroupId") ?? []).map(text).filter((x): x is string => x !== undefined);
      const nics = arrayAt(item, "NetworkInterfaces", "NetworkInterface") ?? [];
      const primaryNic = nics.map(obj).find((n) => n && text(n.Type)?.toLowerCase() === "primary");
      const privateIp =
        text(arrayAt(item, "VpcAttributes", "PrivateIpAddress", "IpAddress")?.[0]) ?? text(arrayAt(item, "InnerIpAddress", "IpAddress")?.[0]) ?? text(primaryNic?.PrimaryIpAddress) ?? "";
      const publicIp = text(arrayAt(item, "PublicIpAddress", "IpAddress")?.[0]) ?? text(obj(item.EipAddress)?.IpAddress);
      const inst: InstanceModel = { id, privateIp, groups: groupIds };
      const name = text(item.InstanceName);
      if (name) inst.name = name;
      if (publicIp) inst.publicIp = publicIp;
      const tags = apiTags(item);
      if (tags) inst.tags = tags;
      const origin: Origin = { file: d.file, path };
      instanceDrafts.push({ instance: inst, origin });
      for (const gid of groupIds) acc(gid).named ??= origin;
      nics.forEach((n, j) => {
        const nic = obj(n);
        if (nic && text(nic.Type)?.toLowerCase() === "secondary") secondaryWanted.push({ instanceId: id, eni: text(nic.NetworkInterfaceId) ?? `NetworkInterfaces.NetworkInterface[${j}]`, origin: { file: d.file, path: `${path}.NetworkInterfaces.NetworkInterface[${j}]` } });
      });
    }
  }
  checkPages(instancePages, "the DescribeInstances list", instanceIds.size);
  const enisSeen = new Set<string>();
  for (const d of eniPages) {
    for (const { item, path } of entries(d)) {
      const eni = text(item.NetworkInterfaceId);
      if (!eni) sourceError("invalid-source", d.file, `${path}.NetworkInterfaceId`, item.NetworkInterfaceId, "is missing", "Save the DescribeNetworkInterfaces output unchanged.");
      if (enisSeen.has(eni)) continue;
      enisSeen.add(eni);
      const origin: Origin = { file: d.file, path };
      const groupIds = (arrayAt(item, "SecurityGroupIds", "SecurityGroupId") ?? []).map(text).filter((x): x is string => x !== undefined);
      for (const gid of groupIds) {
        acc(gid).named ??= origin;
        uses.push({ groupId: gid, kind: "network-interface", by: eni, origin });
      }
      const owner = text(item.InstanceId);
      const type = text(item.Type)?.toLowerCase();
      const status = text(item.Status);
      if (status !== undefined && status !== "InUse") continue;
      if (type === "primary" && owner && instanceIds.has(owner)) continue;
      const privateIp = text(item.PrivateIpAddress) ?? text(arrayAt(item, "PrivateIpSets", "PrivateIpSet")?.map(obj).find((s) => s?.Primary === true)?.PrivateIpAddress) ?? "";
      const id = type === "primary" && owner ? owner : eni;
      if (type === "primary" && owner) instanceIds.add(owner);
      const inst: InstanceModel = { id, privateIp, groups: groupIds };
      if (owner && id !== owner) inst.name = `${owner} (secondary ENI ${eni})`;
      const tags = apiTags(item);
      if (tags) inst.tags = tags;
      instanceDrafts.push({ instance: inst, origin });
    }
  }
  checkPages(eniPages, "the DescribeNetworkInterfaces list", enisSeen.size);
  for (const s of secondaryWanted) {
    if (enisSeen.has(s.eni)) continue;
    unresolved.push({ kind: "secondary-eni", subject: `${s.instanceId}/${s.eni}`, origin: s.origin, effect: "the secondary network interface's groups are not in DescribeInstances; its access is not evaluated (export DescribeNetworkInterfaces)" });
  }

  // Prefix lists.
  const prefixLists: PrefixListModel[] = [];
  const prefixListOrigins = new Map<string, Origin>();
  for (const d of sorted.filter((x) => x.kind === "prefix-list")) {
    const id = text(d.doc.PrefixListId) as string;
    if (prefixLists.some((p) => p.id === id)) continue;
    prefixListOrigins.set(id, { file: d.file, path: "$.Entries.Entry" });
    const cidrs = entries(d).map(({ item, path }) => {
      const c = text(item.Cidr);
      if (!c) sourceError("invalid-source", d.file, `${path}.Cidr`, item.Cidr, "is missing", "Save the DescribePrefixListAttributes output unchanged.");
      if (!parseCidr(c)) sourceError("invalid-source", d.file, `${path}.Cidr`, c, "is not a CIDR block", "Save the DescribePrefixListAttributes output unchanged.");
      return c;
    });
    const pl: PrefixListModel = { id, cidrs };
    const max = typeof d.doc.MaxEntries === "number" ? d.doc.MaxEntries : Number(text(d.doc.MaxEntries));
    if (Number.isInteger(max) && max > 0) pl.maxEntries = max;
    prefixLists.push(pl);
  }

  // References: groups whose rules name a group, possibly from other accounts.
  for (const d of sorted.filter((x) => x.kind === "references")) {
    for (const { item, path } of entries(d)) {
      const id = text(item.SecurityGroupId);
      if (!id) continue;
      (arrayAt(item, "ReferencingSecurityGroups", "ReferencingSecurityGroup") ?? []).forEach((r, j) => {
        const ref = obj(r);
        const by = text(ref?.SecurityGroupId);
        if (!by) return;
        const uid = text(ref?.AliUid);
        uses.push({ groupId: id, kind: "reference", by: uid ? `${uid}/${by}` : by, origin: { file: d.file, path: `${path}.ReferencingSecurityGroups.ReferencingSecurityGroup[${j}]` } });
      });
    }
  }

  const drafts: DraftGroup[] = [];
  const rulesUnknown: string[] = [];
  const incomplete: IncompleteGroup[] = [];
  for (const g of [...groups.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const item = g.listed?.item;
    const vpcId = typeof item?.VpcId === "string" ? item.VpcId : g.vpcId;
    const group: Omit<GroupModel, "rules"> = { id: g.id };
    const name = g.name ?? text(item?.SecurityGroupName);
    if (name) group.name = name;
    const description = g.description ?? text(item?.Description);
    if (description) group.description = description;
    const type = lower(trimValue(text(item?.SecurityGroupType), "SecurityGroupType", g.listed?.origin, g.notes));
    if (type === "normal" || type === "enterprise") group.type = type;
    // "" is how the API prints a classic-network group; absent (not exported) leaves it a VPC group.
    const classic = isClassicGroup({ vpcId });
    if (classic) group.network = "classic";
    else if (vpcId !== undefined) group.vpcId = vpcId;
    const tags = apiTags(item);
    if (tags) group.tags = tags;
    const origin = g.origin ?? g.listed?.origin ?? g.named ?? { file: sorted[0]?.file ?? "", path: "$" };
    if (group.type !== "enterprise") {
      if (g.inner === "Accept" || g.inner === "Drop") group.innerAccessPolicy = g.inner;
      else if (g.pages.length > 0) {
        unresolved.push({ kind: "inner-access-policy", subject: g.id, groupId: g.id, origin, effect: "InnerAccessPolicy is not in the files (a --pager file drops it); evaluated as Accept, the API default: members may be isolated in fact" });
      }
    }
    if (group.type === undefined && g.pages.length > 0) {
      unresolved.push({ kind: "group-type", subject: g.id, groupId: g.id, origin, effect: "the group type is only in DescribeSecurityGroups, which does not list it; evaluated as a basic group (an enterprise group denies outbound traffic and isolates members by default)" });
    }
    if (g.pages.length === 0) {
      rulesUnknown.push(g.id);
      incomplete.push({ groupId: g.id, origin });
      unresolved.push({ kind: "group-rules", subject: g.id, groupId: g.id, origin, effect: "its DescribeSecurityGroupAttribute file is not given; evaluated as a group without rules (defaults only)" });
    }
    if (classic && g.pages.length > 0 && g.nicTypes.size < 2 && g.pages.length < 2) {
      unresolved.push({ kind: "classic-nic-type", subject: g.id, groupId: g.id, origin, effect: `a classic-network group: one DescribeSecurityGroupAttribute call returns one nic type only; the ${g.nicTypes.has("intranet") ? "internet" : "intranet"} rules may be missing (export it with --NicType internet and --NicType intranet)` });
    }
    for (const n of g.notes) unresolved.push({ ...n, groupId: g.id });
    drafts.push({ group, rules: g.rules, origin });
  }
  const net = finishNetwork(drafts, instanceDrafts, {
    format: "ecs-api",
    files: sorted.map((d) => d.file),
    prefixLists,
    prefixListOrigins,
    region: region?.value,
    complete: listPages.length > 0 && instancePages.length > 0,
    unresolved,
    uses,
    serviceManaged,
    rulesUnknown,
    incomplete,
  });
  noteUnresolvedPeers(net);
  return net;
}
