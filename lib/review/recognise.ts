/**
 * Recognising the library's components in existing groups, for adoption: the orchestration
 * across components. Each component's recogniser lives beside the planner it inverts
 * (`lib/plans/<component>/recognise.ts`) and proposes the component's arguments; the proposal
 * counts only if the component's own planner, given those arguments, writes rules the cloud
 * already holds, field by field (every field that forces replacement: type, protocol, ports,
 * peer, owner, policy, priority, nic type) and groups whose type, VPC and inner access are the
 * exported ones. So a recognised component can never open, close or replace anything: the
 * planner is the judge, the recogniser only guesses. What a component would write differently
 * from the cloud (a description, a group's name or tags) is said in its notes, and updates in
 * place.
 *
 * The names of peers (`{ cidr, name }`) shape descriptions and child names. They are read back
 * with the component's description reader: the planner's description of each matched rule and
 * the cloud's are read, and where they say the same but for the peer's label, the cloud's label
 * (given the rule's peer) names the entry.
 *
 * Pure: plain data in, plain data out. The rules a component refuses (an unjustified world-open
 * admin port, a host-bits block) are left out of its arguments, and stay raw rules with the
 * refusal said.
 */
import type { Intent, IntentSelector } from "../analysis/intents";
import { ValidationError } from "../model/errors";
import { GroupModel, NetworkModel } from "../model/network";
import { RuleArgs } from "../model/rule";
import { ruleKey, ruleKeyIn } from "../model/rule-key";
import { planComponent } from "../plans/component-plan";
import { connectionWhy } from "../plans/connection-text";
import { DATABASE_RECOGNISER } from "../plans/database/recognise";
import { checkDeployTimeCidr } from "../plans/entries";
import { INTERCONNECT_RECOGNISER } from "../plans/interconnect/recognise";
import { ruleChildName, slug } from "../plans/names";
import { WHITELIST_RECOGNISER } from "../plans/outbound-whitelist/recognise";
import { PeerLabel, labelContext, readPeerLabel } from "../plans/peer-label";
import { PlannedGroup, SecurityGroupPlan, ruleResourceName } from "../plans/plan";
import { AdoptedGroupRef, Candidate, ComponentRecogniser, DescribedRule, RecognisedComponent, RuleRef, isAdoptedCidr, isAdoptedGroupRef, isArgsObject, labelOf, net, peerEntries, rulePeerKey, toPlannerArgs } from "../plans/recognition";
import { ruleDescription, rulePrefix } from "../plans/rule-description";
import { THREE_TIER_RECOGNISER } from "../plans/three-tier/recognise";
import { WORKBENCH_RECOGNISER } from "../plans/workbench/recognise";
import { jsonText, stringLiteral } from "./generated-code";

export { isAdoptedCidr, isAdoptedGroupRef } from "../plans/recognition";
export type { AdoptedCidr, AdoptedGroupRef, RecognisedComponent, RuleRef } from "../plans/recognition";

/** Components found, and the rules left to raw resources. */
export interface Recognition {
  components: RecognisedComponent[];
  /** Rules no component writes, by group id → positions. */
  residue: Map<string, number[]>;
}

/** The recognisers, in the order they claim rules: three tiers, database groups, interconnects, outbound whitelists, Workbench access. */
const RECOGNISERS: readonly ComponentRecogniser[] = [THREE_TIER_RECOGNISER, DATABASE_RECOGNISER, INTERCONNECT_RECOGNISER, WHITELIST_RECOGNISER, WORKBENCH_RECOGNISER];

const recogniserOf = (component: string) => RECOGNISERS.find((r) => r.component === component) as ComponentRecogniser;

type Verified = { ok: true; result: RecognisedComponent } | { ok: false; why: string };

/** Options of {@link recogniseComponents}. */
export interface RecogniseOptions {
  /** Accept a component that writes drops the cloud lacks (it only closes), saying so in `adds`: adoption with tightening. @default false */
  tighten?: boolean;
}

/**
 * Leaves a refused argument out: the list element it is in (`args.sources[1].prefixListId` drops
 * `sources[1]`), or the key itself when it is in no list (`args.db.ports`).
 */
function dropAt(args: Record<string, unknown>, field: string): boolean {
  const path = field.replace(/^args\.?/, "").match(/[^.[\]]+/g) ?? [];
  const lastIndex = path.map((p) => /^\d+$/.test(p)).lastIndexOf(true);
  const upTo = lastIndex >= 0 ? path.slice(0, lastIndex + 1) : path;
  if (upTo.length === 0) return false;
  let at: unknown = args;
  for (const p of upTo.slice(0, -1)) {
    if (typeof at !== "object" || at === null) return false;
    at = (at as Record<string, unknown>)[p];
  }
  const last = upTo[upTo.length - 1];
  if (Array.isArray(at) && /^\d+$/.test(last) && Number(last) < at.length) {
    at.splice(Number(last), 1);
    return true;
  }
  if (!Array.isArray(at) && typeof at === "object" && at !== null && last in (at as object)) {
    delete (at as Record<string, unknown>)[last];
    return true;
  }
  return false;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/**
 * Plans a candidate and matches every planned rule with a rule of the export that is not yet
 * claimed. `strict` (the final pass) requires equal descriptions to call them unchanged; the
 * first pass reads names and ignores descriptions.
 */
function verify(model: NetworkModel, cand: Candidate, claimed: Set<string>, refused: string[], options: RecogniseOptions = {}): Verified & { plan?: ReturnType<typeof planComponent> } {
  let plan: ReturnType<typeof planComponent> | undefined;
  for (let attempt = 0; attempt < 8 && plan === undefined; attempt++) {
    try {
      plan = planComponent(cand.component, cand.name, toPlannerArgs(cand.args) as never);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      // Leave out what the component refuses (its rules stay raw), and try again.
      if (e.field === "args" || !dropAt(cand.args, e.field)) return { ok: false, why: e.message };
      refused.push(e.message);
    }
  }
  if (plan === undefined) return { ok: false, why: "refused" };
  const byId = new Map(model.groups.map((g) => [g.id, g]));
  const realOf = (placeholder: string | undefined): string | undefined => {
    if (placeholder === undefined) return undefined;
    const created = plan!.groups.find((g) => g.created && g.model.id === placeholder);
    if (created) return cand.created[created.label];
    const ref = plan!.refs.get(placeholder);
    if (typeof ref === "string") return ref;
    if (isAdoptedGroupRef(ref)) return ref.adoptedGroupId;
    return placeholder;
  };
  // A deploy-time block: the plan holds a stand-in; the rule holds the block, checked as the component checks it.
  const blockOf = (r: RuleArgs): Partial<RuleArgs> => {
    const text = r.cidrIp ?? r.ipv6CidrIp;
    const d = text === undefined ? undefined : plan!.deployTimeCidrs?.get(text);
    if (d === undefined || !isAdoptedCidr(d.value)) return {};
    const block = checkDeployTimeCidr(d, d.value.adoptedCidr, plan!.unsafeReason);
    return r.cidrIp !== undefined ? { cidrIp: block } : { ipv6CidrIp: block };
  };
  const rules: (RuleRef & { name: string; planned: RuleArgs })[] = [];
  const described = new Map<string, string[]>();
  const settings: Record<string, Omit<GroupModel, "rules">> = {};
  const notes: string[] = [];
  const adds: string[] = [];
  const taken = new Set<string>();
  for (const pg of plan.groups) {
    const realId = realOf(pg.model.id) as string;
    const g = byId.get(realId);
    if (!g) return { ok: false, why: `${realId} is not in the export` };
    if (pg.created) {
      const m = pg.model;
      const { rules: _r, ...rest } = m;
      void _r;
      settings[g.id] = { ...rest, id: g.id, ...(m.vpcId !== undefined ? { vpcId: realOf(m.vpcId) === m.vpcId ? m.vpcId : (realOf(m.vpcId) as string) } : {}) };
      if ((m.type ?? "normal") !== (g.type ?? "normal")) return { ok: false, why: `${g.id} is ${g.type ?? "normal"}, the component would create ${m.type ?? "normal"}` };
      if (realOf(m.vpcId) !== g.vpcId && m.vpcId !== g.vpcId) return { ok: false, why: `${g.id} is in ${g.vpcId}` };
      if ((m.type ?? "normal") === "normal" && (m.innerAccessPolicy ?? "Accept") !== (g.innerAccessPolicy ?? "Accept")) return { ok: false, why: `${g.id} has inner access ${g.innerAccessPolicy}` };
      if (m.name !== g.name) notes.push(`${g.id}: the component names the group ${stringLiteral(m.name ?? "")} (the cloud: ${stringLiteral(g.name ?? "")})`);
      if ((m.description ?? "") !== (g.description ?? "")) notes.push(`${g.id}: the component writes the group's description as ${stringLiteral(m.description ?? "")}`);
      const tagText = (t?: Record<string, string>) => JSON.stringify(Object.entries(t ?? {}).sort());
      if (tagText(m.tags) !== tagText(g.tags)) notes.push(`${g.id}: the component sets the tags ${jsonText(m.tags ?? {}, 0)}`);
    }
    const network = net(g);
    for (const r of pg.model.rules) {
      const resolved: RuleArgs = { ...r, ...(r.sourceSecurityGroupId ? { sourceSecurityGroupId: realOf(r.sourceSecurityGroupId) } : {}), ...blockOf(r) };
      const key = ruleKeyIn(resolved, network);
      const index = g.rules.findIndex((x, i) => !claimed.has(`${g.id}#${i}`) && !taken.has(`${g.id}#${i}`) && ruleKeyIn(x, network) === key && (x.nicType ?? "intranet") === (resolved.nicType ?? "intranet"));
      if (index < 0) {
        // A drop the cloud lacks only closes: the component may add it where tightening is asked.
        if (r.policy === "drop" && options.tighten) {
          adds.push(`${g.id}: ${key}`);
          continue;
        }
        const hint = r.policy === "drop" ? ` (a drop, which only closes: adopt with tightening to let the component add it)` : "";
        return { ok: false, why: `the component would write ${key} into ${g.id}, which the cloud does not hold${hint}` };
      }
      taken.add(`${g.id}#${index}`);
      const cloud = g.rules[index].description ?? "";
      if ((r.description ?? "") !== cloud) described.set(g.id, [...(described.get(g.id) ?? []), `${key}: ${stringLiteral(r.description ?? "")} (the cloud: ${stringLiteral(cloud)})`]);
      rules.push({ groupId: g.id, index, name: ruleResourceName(plan, pg, r), planned: resolved });
    }
  }
  for (const [id, list] of described) notes.push(list.length === 1 ? `${id}: the component describes ${list[0]}` : `${id}: the component rewrites the descriptions of ${list.length} rules, e.g. ${list[0]}`);
  if (adds.length > 0) notes.push(`the component adds ${adds.length === 1 ? "a drop" : `${adds.length} drops`} the cloud does not hold yet, closing what its promises require: ${adds.join("; ")}`);
  // Its promises, naming the export's groups and blocks.
  const selector = (sel: IntentSelector): IntentSelector => {
    if (typeof sel === "string") {
      const d = plan!.deployTimeCidrs?.get(sel);
      return d !== undefined && isAdoptedCidr(d.value) ? d.value.adoptedCidr : sel;
    }
    return "group" in sel ? { group: realOf(sel.group) ?? sel.group } : sel;
  };
  const intents = (plan.intents ?? []).map((i): Intent => ({ ...i, from: selector(i.from), to: selector(i.to), ...(i.unless ? { unless: i.unless.map((u) => ({ ...u, from: selector(u.from), to: selector(u.to) })) } : {}) }));
  return { ok: true, plan, result: { component: cand.component, name: cand.name, args: cand.args, created: cand.created, ...(cand.into ? { into: cand.into } : {}), ...(cand.intoGroups ? { intoGroups: cand.intoGroups } : {}), rules, groups: settings, notes, refused: [...refused], ...(adds.length > 0 ? { adds } : {}), ...(intents.length > 0 ? { intents } : {}) } };
}

/**
 * Writes unnamed address entries as the plain strings a person would write (`"203.0.113.7/32"`
 * for `{ cidr: "203.0.113.7/32" }`: the planner reads both alike), and puts the group's id or
 * VPC first.
 */
function simplifyEntries(args: Record<string, unknown>): void {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map((x) => (isArgsObject(x) && Object.keys(x).length === 1 && (typeof x.cidr === "string" || typeof x.ipv6Cidr === "string") ? (x.cidr ?? x.ipv6Cidr) : walk(x)));
    if (isArgsObject(v)) for (const [k, x] of Object.entries(v)) v[k] = walk(x);
    return v;
  };
  walk(args);
  const order = Object.entries(args).sort(([a], [b]) => Number(b === "vpcId" || b === "securityGroupId") - Number(a === "vpcId" || a === "securityGroupId"));
  for (const k of Object.keys(args)) delete args[k];
  for (const [k, v] of order) args[k] = v;
}

/** After a refusal left a list at its default (`web.ports` back to 80 and 443), leaves it out, as a person would. */
function tidy(c: Candidate): void {
  recogniserOf(c.component).tidy?.(c.args);
}

/** True when two readings of a rule description say the same, but for the peer entry's label. */
function sameButLabel(a: DescribedRule, b: DescribedRule): boolean {
  const unlabelled = (r: DescribedRule) => JSON.stringify({ ...r, said: { ...r.said, label: undefined } });
  return unlabelled(a) === unlabelled(b);
}

/**
 * The name of each peer entry of a verified candidate, by peer: where the planner's description
 * of a matched rule and the cloud's say the same but for the label, the cloud's label, read
 * given the rule's peer, names the entry (or says it was given at deploy time). The first rule
 * that names a peer wins.
 */
function peerNames(model: NetworkModel, read: ComponentRecogniser["readRule"], plan: SecurityGroupPlan, matched: RecognisedComponent["rules"]): Map<string, PeerLabel> {
  const names = new Map<string, PeerLabel>();
  const byId = new Map(model.groups.map((g) => [g.id, g]));
  const planned = plan.groups.flatMap((pg) => pg.model.rules);
  matched.forEach((ref, i) => {
    const key = rulePeerKey(ref.planned);
    if (names.has(key)) return;
    const ours = read(planned[i]?.description ?? "");
    const theirs = read(byId.get(ref.groupId)?.rules[ref.index].description ?? "");
    if (ours?.said === undefined || theirs?.said === undefined || labelOf(ours.said) === undefined || !sameButLabel(ours, theirs)) return;
    const label = labelOf(theirs.said);
    const entry = label === undefined ? undefined : readPeerLabel(label, labelContext(ref.planned));
    if (entry) names.set(key, entry);
  });
  return names;
}

/** Verifies a candidate: a first pass with unnamed entries matches the rules and reads the peers' names, the second is the result. */
function recogniseOne(model: NetworkModel, cand: Candidate, claimed: Set<string>, adoptedIds: ReadonlySet<string>, options: RecogniseOptions): RecognisedComponent | undefined {
  const bare = clone(cand);
  for (const { entry } of peerEntries(bare.args)) delete entry.name;
  const refused: string[] = [];
  const first = verify(model, bare, claimed, refused, options);
  if (!first.ok || !first.plan) return undefined;
  const names = peerNames(model, recogniserOf(cand.component).readRule, first.plan, first.result.rules);
  const final = clone(bare);
  for (const { entry, key } of peerEntries(final.args)) {
    const read = names.get(key);
    if (read?.name !== undefined && slug(read.name) !== "") entry.name = read.name;
    // Named without its value: the entry was given at deploy time.
    const deployTime = read?.name !== undefined && read.peer === undefined;
    if (deployTime && typeof entry.securityGroupId === "string" && adoptedIds.has(entry.securityGroupId)) entry.securityGroupId = { adoptedGroupId: entry.securityGroupId };
    for (const k of ["cidr", "ipv6Cidr"]) if (deployTime && typeof entry[k] === "string") entry[k] = { adoptedCidr: entry[k] };
  }
  simplifyEntries(final.args);
  tidy(final);
  // What the first pass refused is already left out of `bare`.
  const second = verify(model, final, claimed, refused, options);
  if (!second.ok) {
    // A name read wrongly must not lose the component: fall back to unnamed entries.
    const third = verify(model, clone(bare), claimed, refused, options);
    return third.ok ? third.result : undefined;
  }
  return second.result;
}

/**
 * Finds the components in an export: three tiers, database groups, interconnects, outbound
 * whitelists and Workbench access, in that order, each claiming the rules it writes (one cloud rule, one
 * resource). Every result is verified by the component's planner.
 */
export function recogniseComponents(model: NetworkModel, serviceManaged: ReadonlySet<string> = new Set(), options: RecogniseOptions = {}): Recognition {
  const claimed = new Set<string>();
  const createdBy = new Set<string>();
  const components: RecognisedComponent[] = [];
  const names = new Set<string>();
  const adoptedIds = new Set(model.groups.map((g) => g.id));
  const scope = {
    free: (g: GroupModel) => !createdBy.has(g.id) && !serviceManaged.has(g.id),
    unclaimed: (g: GroupModel) => (serviceManaged.has(g.id) ? [] : g.rules.filter((_, i) => !claimed.has(`${g.id}#${i}`))),
  };
  for (const recogniser of RECOGNISERS) {
    for (const c of recogniser.candidates(model, scope)) {
      if (Object.values(c.created).some((id) => createdBy.has(id))) continue;
      // One name per component whatever its type: the import file names a child's parent by name
      // alone, and `pulumi import` refuses a parent name two entries share.
      let name = c.name;
      for (let k = 2; names.has(name); k++) name = `${c.name}-${k}`;
      const found = recogniseOne(model, { ...c, name }, claimed, adoptedIds, options);
      if (!found) continue;
      names.add(name);
      for (const id of Object.values(found.created)) createdBy.add(id);
      for (const r of found.rules) claimed.add(`${r.groupId}#${r.index}`);
      components.push(found);
    }
  }
  for (const c of components) wireReferences(model, c, components, claimed);
  for (const c of components) recogniserOf(c.component).rename?.(c);
  const residue = new Map<string, number[]>();
  for (const g of model.groups) {
    const left = g.rules.map((_, i) => i).filter((i) => !claimed.has(`${g.id}#${i}`));
    if (left.length > 0) residue.set(g.id, left);
  }
  return { components, residue };
}

/** The entries of recognised arguments that pass a group by reference. */
function referenceEntries(args: unknown): Record<string, unknown>[] {
  if (Array.isArray(args)) return args.flatMap(referenceEntries);
  if (typeof args !== "object" || args === null) return [];
  const o = args as Record<string, unknown>;
  if (isAdoptedGroupRef(o.securityGroupId)) return [o];
  return Object.values(o).flatMap(referenceEntries);
}

/**
 * A group passed by reference tells the library who sends: when the sender is a restricted
 * tier the library made, it writes the sender's egress accept too, as a child of the sender's
 * component (see the components' connections). Those egress rules must be in the cloud: they
 * are claimed for the sender's component. Where they are not, or where a whitelist owns the
 * sender's egress, the entry passes the id as a literal instead (only its description changes).
 */
function wireReferences(model: NetworkModel, receiver: RecognisedComponent, all: readonly RecognisedComponent[], claimed: Set<string>): void {
  for (const entry of referenceEntries(receiver.args)) {
    const sid = (entry.securityGroupId as AdoptedGroupRef).adoptedGroupId;
    const plan = planComponent(receiver.component, receiver.name, toPlannerArgs(receiver.args) as never);
    const admitted = admittedFrom(plan, sid);
    // Only a group the component admits is a sender the library would write egress for.
    if (admitted.length === 0) continue;
    const owner = all.find((o) => Object.values(o.created).includes(sid));
    const whitelisted = all.some((o) => o.component === "OutboundWhitelist" && o.into === sid);
    const restricted = owner?.component === "ThreeTierSecurityGroups" && owner.args.egress === "restricted";
    if (!whitelisted && (!restricted || claimSenderSide(model, receiver, plan, admitted, owner!, sid, claimed))) continue;
    entry.securityGroupId = sid;
    receiver.notes.push(`${sid}: passed by its id, so the library writes no egress rule for it; the component describes its rules with the id`);
  }
}

/** Each planned group of a component with the rules admitting members of the group `sid`, passed by reference (groups admitting none left out). */
function admittedFrom(plan: SecurityGroupPlan, sid: string): { pg: PlannedGroup; rules: RuleArgs[] }[] {
  const placeholders = new Set([...plan.refs].filter(([, v]) => isAdoptedGroupRef(v) && v.adoptedGroupId === sid).map(([p]) => p));
  return plan.groups
    .map((pg) => ({ pg, rules: pg.model.rules.filter((r) => r.type === "ingress" && r.policy !== "drop" && r.sourceSecurityGroupId !== undefined && placeholders.has(r.sourceSecurityGroupId)) }))
    .filter((a) => a.rules.length > 0);
}

function claimSenderSide(model: NetworkModel, receiver: RecognisedComponent, plan: SecurityGroupPlan, admittedBy: { pg: PlannedGroup; rules: RuleArgs[] }[], owner: RecognisedComponent, sid: string, claimed: Set<string>): boolean {
  const sender = model.groups.find((g) => g.id === sid) as GroupModel;
  const label = Object.entries(owner.created).find(([, id]) => id === sid)?.[0] as string;
  const found: (RuleRef & { name: string; planned: RuleArgs })[] = [];
  for (const { pg, rules: admitted } of admittedBy) {
    const ref = plan.refs.get(pg.model.id);
    const target = pg.created ? receiver.created[pg.label] : (receiver.into ?? (isAdoptedGroupRef(ref) ? ref.adoptedGroupId : (ref as string | undefined)));
    const peerName = `${receiver.name}-${pg.label || slug(receiver.component)}`;
    for (const r of admitted) {
      const written: RuleArgs = { type: "egress", ipProtocol: r.ipProtocol, portRange: r.portRange, policy: "accept", priority: 1, sourceSecurityGroupId: `sg-to-${slug(peerName)}` };
      const key = ruleKeyIn({ ...written, sourceSecurityGroupId: target }, "vpc");
      const index = sender.rules.findIndex((x, i) => !claimed.has(`${sid}#${i}`) && !found.some((f) => f.index === i) && ruleKeyIn(x, "vpc") === key);
      if (index < 0) return false;
      const said = ruleDescription(rulePrefix(owner.name, label), connectionWhy({ component: receiver.component, name: receiver.name, label: pg.label || slug(receiver.component) }));
      found.push({ groupId: sid, index, name: ruleChildName(owner.name, label, written, { [ruleKey(written)]: slug(peerName) }), planned: { ...written, sourceSecurityGroupId: target, description: said } });
      if ((sender.rules[index].description ?? "") !== said) owner.notes.push(`${sid}: the component describes ${key} as ${stringLiteral(said)}`);
    }
  }
  for (const f of found) {
    claimed.add(`${f.groupId}#${f.index}`);
    owner.rules.push(f);
  }
  return true;
}

/**
 * The network the adopted program declares: each group as the components that write it plan it
 * (their settings for the groups they create, their rules) plus its raw rules. Built from the
 * planners' output, not from the matching, so comparing it with the export checks the matching.
 */
export function declaredNetwork(model: NetworkModel, recognition: Recognition): NetworkModel {
  return {
    ...model,
    groups: model.groups.map((g) => {
      const settings = recognition.components.map((c) => c.groups[g.id]).find((x) => x !== undefined);
      const planned = recognition.components.flatMap((c) => c.rules.filter((r) => r.groupId === g.id).map((r) => r.planned));
      const raw = (recognition.residue.get(g.id) ?? []).map((i) => g.rules[i]);
      return { ...g, ...(settings ?? {}), id: g.id, rules: [...planned, ...raw] };
    }),
  };
}
