/**
 * Reads the plan's own `--json` report (`alicloud-secgroups plan --json`, report version 1):
 * the groups and rules a program would create. Placeholder ids of groups known only at deploy
 * time (`sg-<name>`) stay named placeholders. A plan holds no instances.
 */
import { createdGroupNetwork } from "../model/group-network";
import { GroupModel } from "../model/network";
import { RuleArgs } from "../model/rule";
import { DraftGroup, DraftRule, SourceNetwork, Unresolved, arrayAt, checkSourceDocument, finishNetwork, jsonPath, noteUnresolvedPeers, numberValue, obj, record, sourceError, text, trimValue } from "./source-network";

/** True for a plan report: `version`, `project`, `program` and a `groups` array. */
export function isPlanReport(doc: Record<string, unknown>): boolean {
  return typeof doc.version === "number" && typeof doc.program === "string" && Array.isArray(doc.groups) && obj(doc.totals) !== undefined;
}

/** Reads a plan report. Throws {@link ValidationError} naming the file and path for another version or a malformed entry. */
export function readPlanJson(file: string, doc: Record<string, unknown>): SourceNetwork {
  checkSourceDocument(doc, file);
  if (doc.version !== 1) sourceError("invalid-source", file, "$.version", doc.version, "is not a plan report version this reader knows (1)", "Write the plan again with this version: alicloud-secgroups plan DIR --json.");
  const drafts: DraftGroup[] = [];
  const unresolved: Unresolved[] = [];
  const rulesUnknown: string[] = [];
  (doc.groups as unknown[]).forEach((raw, i) => {
    const gp = jsonPath("groups", i);
    const g = obj(raw);
    const id = text(g?.id);
    if (!g || !id) sourceError("invalid-source", file, `${gp}.id`, g?.id, "is missing", "Pass the output of plan --json unchanged.");
    const group: Omit<GroupModel, "rules"> = { id };
    const name = text(g.name);
    if (name) group.name = name;
    const description = text(g.description);
    if (description) group.description = description;
    if (g.type === "enterprise" || g.type === "normal") group.type = g.type;
    const inner = obj(g.innerAccess)?.policy;
    if (group.type !== "enterprise" && (inner === "Accept" || inner === "Drop")) group.innerAccessPolicy = inner;
    const vpcId = text(g.vpcId);
    if (vpcId) group.vpcId = vpcId;
    // A group the program creates says which network it is in (lib/model/group-network.ts).
    else if (g.external === false && createdGroupNetwork(vpcId) === "classic") group.network = "classic";
    const tags = obj(g.tags);
    if (tags && Object.keys(tags).length > 0) {
      // Keys are data: a tag keyed __proto__ stays a tag.
      const t = record<string>();
      for (const [k, v] of Object.entries(tags)) t[k] = typeof v === "string" ? v : JSON.stringify(v) ?? String(v);
      group.tags = t;
    }
    const origin = { file, path: gp, ...(text(g.resource) ? { resource: text(g.resource) } : {}) };
    if (g.external === true) {
      rulesUnknown.push(id);
      unresolved.push({ kind: "group-rules", subject: id, groupId: id, origin, effect: "the program adds rules to this group but does not create it: its other rules and its type are unknown" });
    }
    const rules: DraftRule[] = (arrayAt(g, "rules") ?? []).map((rr, j) => {
      const rp = `${gp}.rules[${j}]`;
      const r = obj(rr);
      const peer = obj(r?.peer);
      if (!r || !peer) sourceError("invalid-source", file, `${rp}.peer`, r?.peer, "is missing", "Pass the output of plan --json unchanged.");
      const ro = { file, path: rp, ...(text(r.resource) ? { resource: text(r.resource) } : {}) };
      // Enums and numbers read as every reader reads them: trimmed, each trim listed.
      const notes: Unresolved[] = [];
      const read = (key: string) => trimValue(r[key], key, ro, notes);
      const rule: Partial<RuleArgs> & Record<string, unknown> = {};
      for (const [field, key] of [["type", "direction"], ["ipProtocol", "protocol"], ["policy", "policy"]] as const) {
        const v = read(key);
        if (v !== undefined && v !== null && v !== "") rule[field] = v as never;
      }
      const priority = read("priority");
      if (priority !== undefined && priority !== null && priority !== "") rule.priority = numberValue(priority) as number;
      const ports = obj(r.ports);
      if (ports) rule.portRange = `${String(numberValue(trimValue(ports.from, "ports.from", ro, notes)))}/${String(numberValue(trimValue(ports.to, "ports.to", ro, notes)))}`;
      const nic = read("nicType");
      if (nic === "intranet" || nic === "internet") rule.nicType = nic;
      for (const n of notes) unresolved.push({ ...n, groupId: id, ruleIndex: j });
      const value = text(peer.value);
      if (peer.kind === "ipv4") rule.cidrIp = value;
      else if (peer.kind === "ipv6") rule.ipv6CidrIp = value;
      else if (peer.kind === "prefix-list") rule.prefixListId = value;
      else {
        rule.sourceSecurityGroupId = value;
        const owner = text(peer.ownerId);
        if (owner) rule[/^\d+$/.test(owner) ? "sourceGroupOwnerId" : "sourceGroupOwnerAccount"] = owner;
      }
      const d = text(r.description);
      if (d) rule.description = d;
      return { rule, origin: ro };
    });
    (arrayAt(g, "invalidRules") ?? []).forEach((ir, j) => {
      const o = obj(ir);
      unresolved.push({ kind: "invalid-rule", subject: text(o?.resource) ?? `${gp}.invalidRules[${j}]`, groupId: id, origin: { file, path: `${gp}.invalidRules[${j}]` }, effect: `refused by the provider, so it would not be deployed: ${text(o?.message) ?? "invalid"}` });
    });
    drafts.push({ group, rules, origin });
  });
  const net = finishNetwork(drafts, [], { format: "plan-json", files: [file], prefixLists: [], unresolved, rulesUnknown });
  noteUnresolvedPeers(net);
  return net;
}
