/**
 * Adoption: the groups of an export as a TypeScript Pulumi project that owns them, with the
 * `pulumi import --file` entries that bind each resource to its cloud object. Pure: it returns
 * the files' text. Every input that forces replacement (every rule field but the description)
 * is the exported value, so the first `up` after the import replaces nothing.
 *
 * Where a set of rules is a component's shape (three tiers, a database group, an interconnect,
 * an outbound whitelist, Workbench access) the program calls the component, verified by its
 * planner (`recognise.ts`); the rules no component writes stay raw `SecurityGroupRule` resources.
 * The existing groups a component writes into are passed by reference to the adopted groups.
 */
import { ValidationError } from "../model/errors";
import { isClassicGroup } from "../model/group-network";
import { GroupModel, NetworkModel } from "../model/network";
import { RuleArgs } from "../model/rule";
import { ruleKeyIn } from "../model/rule-key";
import { ComponentName, componentType, planComponent } from "../plans/component-plan";
import { SecurityGroupPlan, plannedRules } from "../plans/plan";
import { childName, slug } from "../plans/names";
import { commentText, identifier, jsonText, member, propertyName, stringLiteral, yamlString } from "./generated-code";
import { RecognisedComponent, isAdoptedCidr, isAdoptedGroupRef, recogniseComponents } from "./recognise";

/** One entry of a `pulumi import --file` file. */
export interface ImportEntry {
  /** Resource type token. */
  type: string;
  /** The resource name in the program. */
  name: string;
  /** The cloud object's import id; none for a component. */
  id?: string;
  /** The name of the parent (a component) in this file. */
  parent?: string;
  /** True for a component resource, which has no cloud object. */
  component?: boolean;
}

/** What {@link adoptNetwork} writes. */
export interface AdoptedProject {
  /** File name → text: `Pulumi.yaml`, `index.ts`, `import.json`, `package.json`, `tsconfig.json`. */
  files: Record<string, string>;
  /** The import entries (also in `import.json`). */
  imports: ImportEntry[];
  /** Resource name of each adopted group → its cloud id. */
  groups: Record<string, string>;
  /** The components the program calls. */
  components: RecognisedComponent[];
  /** Rules written as raw resources, by group id → count. */
  residue: Record<string, number>;
}

/** Options of {@link adoptNetwork}. */
export interface AdoptOptions {
  /** The project's name. @default "adopted-security-groups" */
  project?: string;
  /**
   * The network the program should declare, when it differs from the one imported (the audit's
   * proposals applied: `--tighten`). The import file still binds every exported group and rule,
   * so the first `up` after the import revokes what the program no longer declares and creates
   * what it adds. @default the imported network itself
   */
  declare?: NetworkModel;
  /** Call the library's components where the rules are their shape. @default true */
  components?: boolean;
  /** The module the program imports the components from. @default "alicloud-secgroups" */
  library?: string;
  /** Groups another cloud service manages: adopted raw, never into a component. @default none */
  serviceManaged?: ReadonlySet<string>;
}

/** A least-privilege replacement to apply: revoke one rule of a group, add others first. */
export interface Tightening {
  /** The group. */
  groupId: string;
  /** Position of the rule to revoke in the group's rules. */
  revokeIndex: number;
  /** The rules that replace it. */
  add: RuleArgs[];
}

/** The network with the replacements applied (revoked rules removed, new ones added once). */
export function tightenNetwork(model: NetworkModel, changes: readonly Tightening[]): NetworkModel {
  return {
    ...model,
    groups: model.groups.map((g) => {
      const mine = changes.filter((c) => c.groupId === g.id);
      if (mine.length === 0) return g;
      const revoked = new Set(mine.map((c) => c.revokeIndex));
      const network = isClassicGroup(g) ? "classic" : "vpc";
      const kept = g.rules.filter((_, i) => !revoked.has(i));
      const keys = new Set(kept.map((r) => ruleKeyIn(r, network)));
      const added: RuleArgs[] = [];
      for (const r of mine.flatMap((c) => c.add)) {
        const k = ruleKeyIn(r, network);
        if (keys.has(k)) continue;
        keys.add(k);
        added.push(r);
      }
      return { ...g, rules: [...kept, ...added] };
    }),
  };
}

/** The provider SDK the generated program imports (text written into the program; this module imports nothing from it). */
const PROVIDER_SDK = ["@pulumi", "alicloud"].join("/");
const PULUMI_SDK = ["@pulumi", "pulumi"].join("/");
const GROUP_TYPE = "alicloud:ecs/securityGroup:SecurityGroup";
const RULE_TYPE = "alicloud:ecs/securityGroupRule:SecurityGroupRule";

function peerOf(rule: RuleArgs): string {
  if (rule.cidrIp) return rule.cidrIp;
  if (rule.ipv6CidrIp) return rule.ipv6CidrIp.replace(/:/g, "_");
  if (rule.prefixListId) return rule.prefixListId;
  return rule.sourceSecurityGroupId as string;
}

/**
 * The provider's import id of a rule, built offline from the export:
 * `<group id>:<ingress|egress>:<protocol>:<portRange>:<nicType>:<peer>:<policy>:<priority>`, the
 * peer being the CIDR, the IPv6 CIDR with every `:` written `_`, the group id or the prefix list.
 */
export function ruleImportId(groupId: string, rule: RuleArgs): string {
  return [groupId, rule.type, rule.ipProtocol, rule.portRange ?? "-1/-1", rule.nicType ?? "intranet", peerOf(rule), rule.policy ?? "accept", String(rule.priority ?? 1)].join(":");
}

/**
 * A declared group's id that a component's arguments held as a literal (the cloud's descriptions
 * name the group by its id, and the library must write no rule on the group's own side): the
 * program passes the group's id as a plain value of the declared resource, `idOnly(group)`.
 */
interface GroupIdValue {
  groupIdValue: string;
}

function isGroupIdValue(value: unknown): value is GroupIdValue {
  return typeof value === "object" && value !== null && typeof (value as GroupIdValue).groupIdValue === "string";
}

/** How the program writes a declared group: its resource's `id` output, and its id as a plain value. */
interface GroupRefs {
  ref: (id: string) => string;
  value: (id: string) => string;
}

const LITERAL_REFS: GroupRefs = { ref: stringLiteral, value: stringLiteral };

/**
 * TypeScript text of a plain value: strings only as {@link stringLiteral} writes them, numbers
 * only finite; an adopted group's id passed by reference is written as `refs.ref(id)`, one
 * passed as a plain value `refs.value(id)`.
 */
function literal(value: unknown, refs: GroupRefs = LITERAL_REFS, field = "value"): string {
  const ref = refs.ref;
  if (isAdoptedGroupRef(value)) return ref(value.adoptedGroupId);
  if (isGroupIdValue(value)) return refs.value(value.groupIdValue);
  if (isAdoptedCidr(value)) return `pulumi.output(${stringLiteral(value.adoptedCidr)})`;
  if (typeof value === "string") return stringLiteral(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new ValidationError("invalid-argument", field, value, "is not a number a program can hold", "Check the export.");
    return Object.is(value, -0) ? "0" : String(value);
  }
  if (typeof value === "boolean") return String(value);
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `[${value.map((v, i) => literal(v, refs, `${field}[${i}]`)).join(", ")}]`;
  if (typeof value === "object") {
    const parts = Object.entries(value).map(([k, v]) => `${propertyName(k)}: ${literal(v, refs, `${field}.${k}`)}`);
    return parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`;
  }
  throw new ValidationError("invalid-argument", field, typeof value, "is not plain data", "Check the export.");
}

/** The expression of the output of component `v` that holds the group it created with a label. */
function groupOutput(v: string, c: RecognisedComponent, label: string): string {
  if (c.component === "ThreeTierSecurityGroups") return member(v, label);
  // An interconnect's `group` is there only for the methods that create one, which these are.
  return c.component === "InterconnectGroup" ? `${v}.group!` : `${v}.group`;
}

/** Plain data in the planner's terms: a group or block the program passes as an output becomes a deploy-time stand-in. */
function plannerArgs(args: unknown): unknown {
  if (isAdoptedGroupRef(args)) return { __pulumiOutput: true, adoptedGroupId: args.adoptedGroupId };
  if (isGroupIdValue(args)) return { __pulumiOutput: true, adoptedGroupId: args.groupIdValue };
  if (isAdoptedCidr(args)) return { __pulumiOutput: true, adoptedCidr: args.adoptedCidr };
  if (Array.isArray(args)) return args.map(plannerArgs);
  if (typeof args === "object" && args !== null) return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, plannerArgs(v)]));
  return args;
}

/** What a plan writes, peers in exported ids: each group's settings, each rule with its child name and description. */
function planText(plan: SecurityGroupPlan): string {
  const real = (id: string | undefined): string | undefined => {
    if (id === undefined) return undefined;
    const ref = plan.refs.get(id);
    if (typeof ref === "string") return ref;
    const stand = ref as { adoptedGroupId?: unknown } | undefined;
    return typeof stand?.adoptedGroupId === "string" ? stand.adoptedGroupId : id;
  };
  const groups = plan.groups.map((g) => {
    const { rules: _rules, id: _id, ...settings } = g.model;
    return [g.label, g.created, settings];
  });
  const rules = plannedRules(plan).map(({ group, rule, name }) => [group.label, name, { ...rule, sourceSecurityGroupId: real(rule.sourceSecurityGroupId) }]);
  return JSON.stringify([groups, rules]);
}

/**
 * A component's arguments with each literal id of a group the program declares passed by the
 * declared resource instead (named by the id, as the cloud's descriptions name it), when the
 * component's planner writes exactly the same groups and rules so (child names, descriptions and
 * peers); otherwise the arguments as they are.
 */
function declaredGroupsByValue(component: ComponentName, name: string, args: Record<string, unknown>, declared: ReadonlySet<string>): Record<string, unknown> {
  let changed = false;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== "object" || v === null || isAdoptedGroupRef(v) || isAdoptedCidr(v)) return v;
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
    const id = o.securityGroupId;
    if (typeof id === "string" && declared.has(id) && o.ownerId === undefined && o.accountId === undefined) {
      out.securityGroupId = { groupIdValue: id };
      if (out.name === undefined) out.name = id;
      changed = true;
    }
    return out;
  };
  const byValue = walk(args) as Record<string, unknown>;
  if (!changed) return args;
  try {
    const before = planComponent(component, name, plannerArgs(args) as never);
    const after = planComponent(component, name, plannerArgs(byValue) as never);
    return planText(before) === planText(after) ? byValue : args;
  } catch {
    return args;
  }
}

/**
 * Writes a project that owns the network's groups and rules as they are: components where the
 * rules are a component's shape, raw resources for the rest. Group references between adopted
 * groups become references to the adopted resources; others stay literal ids.
 */
export function adoptNetwork(model: NetworkModel, options: AdoptOptions = {}): AdoptedProject {
  const declared = options.declare ?? model;
  const project = options.project ?? "adopted-security-groups";
  const library = options.library ?? "alicloud-secgroups";
  const recognition = options.components === false ? { components: [], residue: new Map(declared.groups.map((g) => [g.id, g.rules.map((_, i) => i)])) } : recogniseComponents(declared, options.serviceManaged, { tighten: options.declare !== undefined });
  const components = recognition.components;
  // Names the program already uses: the imports, the components, the helper.
  const vars = new Set<string>(["alicloud", "pulumi", "idOnly", "ThreeTierSecurityGroups", "DatabaseSecurityGroup", "InterconnectGroup", "WorkbenchAccess", "OutboundWhitelist"]);
  const compVar = new Map<RecognisedComponent, string>();
  for (const c of components) compVar.set(c, identifier(c.name, vars));
  // Every group: its resource name, the expression that holds it, and the component that created it.
  const createdBy = new Map<string, { c: RecognisedComponent; label: string }>();
  for (const c of components) for (const [label, id] of Object.entries(c.created)) createdBy.set(id, { c, label });
  // A group's name is never a component's: the import file names a child's parent by name alone.
  const used = new Set<string>(components.map((c) => c.name));
  const groupName = new Map<string, string>();
  const expr = new Map<string, string>();
  model.groups.forEach((g, i) => {
    const made = createdBy.get(g.id);
    if (made) {
      groupName.set(g.id, childName(made.c.name, made.label));
      expr.set(g.id, groupOutput(compVar.get(made.c) as string, made.c, made.label));
      return;
    }
    let n = slug(g.name ?? g.id) || `group-${i + 1}`;
    for (let k = 2; used.has(n); k++) n = `${slug(g.name ?? g.id)}-${k}`;
    used.add(n);
    groupName.set(g.id, n);
    expr.set(g.id, identifier(n, vars));
  });
  const idRef = (id: string) => (expr.has(id) ? `${expr.get(id)}.id` : stringLiteral(id));
  // A group a component made is connectable by its `id` output: passed as a plain value, the library writes only the receiver's rules.
  let idOnlyUsed = false;
  const idValue = (id: string) => {
    if (!expr.has(id)) return stringLiteral(id);
    if (!createdBy.has(id)) return `${expr.get(id)}.id`;
    idOnlyUsed = true;
    return `idOnly(${expr.get(id)})`;
  };
  const refs: GroupRefs = { ref: idRef, value: idValue };
  const declaredIds = new Set(expr.keys());
  const imports: ImportEntry[] = [];
  const names = components.map((c) => c.component).filter((v, i, a) => a.indexOf(v) === i).sort();
  const lines: string[] = [
    "// Generated by alicloud-secgroups adopt: the groups of an export, as they are in the cloud.",
    "// Import them first (pulumi import --file import.json --generate-code=false): pulumi preview then replaces nothing and changes",
    "// no access; it shows only the in-place updates adopt listed (descriptions, names and tags the components write in their own words).",
    `import * as alicloud from ${stringLiteral(PROVIDER_SDK)};`,
    // Blocks the components were given at deploy time are passed as outputs again (descriptions name them, not their value).
    ...(components.some((c) => JSON.stringify(c.args).includes('"adoptedCidr"')) ? [`import * as pulumi from ${stringLiteral(PULUMI_SDK)};`] : []),
    ...(names.length > 0 ? [`import { ${names.join(", ")} } from ${stringLiteral(library)};`] : []),
    "",
  ];
  const groupArgs = (g: GroupModel): string => {
    const args: string[] = [];
    if (!isClassicGroup(g) && g.vpcId) args.push(`vpcId: ${literal(g.vpcId)}`);
    if (g.name) args.push(`securityGroupName: ${literal(g.name)}`);
    if (g.description) args.push(`description: ${literal(g.description)}`);
    args.push(`securityGroupType: ${literal(g.type ?? "normal")}`);
    if ((g.type ?? "normal") === "normal" && g.innerAccessPolicy) args.push(`innerAccessPolicy: ${literal(g.innerAccessPolicy)}`);
    if (g.tags && Object.keys(g.tags).length > 0) args.push(`tags: ${literal(g.tags)}`);
    return `{ ${args.join(", ")} }`;
  };
  for (const g of model.groups) {
    const n = groupName.get(g.id) as string;
    const made = createdBy.get(g.id);
    imports.push({ type: GROUP_TYPE, name: n, id: g.id, ...(made ? { parent: made.c.name } : {}) });
    if (!made) lines.push(`const ${expr.get(g.id)} = new alicloud.ecs.SecurityGroup(${literal(n)}, ${groupArgs(g)}, { protect: true });`);
  }
  // Components, in the order recognised: tiers and databases before what names their groups.
  for (const c of components) {
    // Components first: the entries after them name them as their parent.
    imports.splice(components.indexOf(c), 0, { type: componentType(c.component), name: c.name, component: true });
    const given = c.into !== undefined ? { ...c.args, securityGroupId: { adoptedGroupId: c.into } } : c.args;
    const args = declaredGroupsByValue(c.component, c.name, given, declaredIds);
    // Comments carry source text only through the one sanitiser: no line break ends them.
    const said = [...c.notes.map((n) => `// note: ${commentText(n)}`), ...c.refused.map((r) => `// kept raw, refused by the component: ${commentText(r)}`)];
    lines.push("", ...said, `${c.rules.length > 0 || c.into === undefined ? `const ${compVar.get(c)} = ` : ""}new ${c.component}(${literal(c.name)}, ${literal(args, refs)}, { protect: true });`);
  }
  if (idOnlyUsed) {
    const at = lines.indexOf("");
    lines.splice(at + 1, 0, "// A group's id as a plain value: the component that receives it writes its own rules only, none on the group's side.", "const idOnly = (group: alicloud.ecs.SecurityGroup) => group.id.apply((id) => id);", "");
  }
  lines.push("");
  // The program declares `declared`; the import file binds every exported rule (`model`).
  const owner = new Map<string, { name: string; parent: string }>();
  for (const c of components) {
    for (const r of c.rules) {
      const g = declared.groups.find((x) => x.id === r.groupId) as GroupModel;
      owner.set(`${g.id}#${ruleKeyIn(g.rules[r.index], isClassicGroup(g) ? "classic" : "vpc")}`, { name: r.name, parent: c.name });
    }
  }
  const ruleName = (g: GroupModel, r: RuleArgs, seen: Set<string>): string => {
    const network = isClassicGroup(g) ? "classic" : "vpc";
    let rn = childName(groupName.get(g.id) as string, ruleKeyIn(r, network));
    for (let k = 2; seen.has(rn); k++) rn = childName(groupName.get(g.id) as string, ruleKeyIn(r, network), String(k));
    seen.add(rn);
    return rn;
  };
  const ownerOf = (g: GroupModel, r: RuleArgs) => owner.get(`${g.id}#${ruleKeyIn(r, isClassicGroup(g) ? "classic" : "vpc")}`);
  for (const g of model.groups) {
    const seen = new Set<string>();
    for (const r of g.rules) {
      const o = ownerOf(g, r);
      imports.push(o ? { type: RULE_TYPE, name: o.name, id: ruleImportId(g.id, r), parent: o.parent } : { type: RULE_TYPE, name: ruleName(g, r, seen), id: ruleImportId(g.id, r) });
    }
  }
  const residue: Record<string, number> = {};
  for (const g of declared.groups) {
    const seen = new Set<string>();
    const left = new Set(recognition.residue.get(g.id) ?? []);
    g.rules.forEach((r, i) => {
      if (!left.has(i)) return;
      residue[g.id] = (residue[g.id] ?? 0) + 1;
      const rn = ruleName(g, r, seen);
      const args: string[] = [`securityGroupId: ${idRef(g.id)}`, `type: ${literal(r.type)}`, `ipProtocol: ${literal(r.ipProtocol)}`, `portRange: ${literal(r.portRange ?? "-1/-1")}`, `policy: ${literal(r.policy ?? "accept")}`, `priority: ${literal(r.priority ?? 1, undefined, "priority")}`];
      if (r.nicType) args.push(`nicType: ${literal(r.nicType)}`);
      if (r.cidrIp) args.push(`cidrIp: ${literal(r.cidrIp)}`);
      if (r.ipv6CidrIp) args.push(`ipv6CidrIp: ${literal(r.ipv6CidrIp)}`);
      if (r.prefixListId) args.push(`prefixListId: ${literal(r.prefixListId)}`);
      if (r.sourceSecurityGroupId) args.push(`sourceSecurityGroupId: ${idRef(r.sourceSecurityGroupId)}`);
      if (r.sourceGroupOwnerId) args.push(`sourceGroupOwnerId: ${literal(r.sourceGroupOwnerId)}`);
      if (r.description) args.push(`description: ${literal(r.description)}`);
      lines.push(`new alicloud.ecs.SecurityGroupRule(${literal(rn)}, { ${args.join(", ")} }, { protect: true, deleteBeforeReplace: true });`);
    });
  }
  const groups = Object.fromEntries(model.groups.map((g) => [groupName.get(g.id) as string, g.id]));
  const dependencies: Record<string, string> = { "@pulumi/alicloud": "^3.108.0", "@pulumi/pulumi": "^3.248.0", ...(names.length > 0 && !/^[./]/.test(library) ? { [library]: "^0.1.0" } : {}) };
  const files: Record<string, string> = {
    "Pulumi.yaml": `name: ${yamlString(project)}\nruntime: nodejs\ndescription: ${yamlString("Security groups adopted from an export by alicloud-secgroups.")}\n`,
    "index.ts": `${lines.join("\n")}\n`,
    "import.json": `${jsonText({ resources: imports })}\n`,
    "package.json": `${jsonText({ name: project, private: true, main: "index.ts", dependencies, devDependencies: { typescript: "^5.9.3" } })}\n`,
    "tsconfig.json": `${jsonText({ compilerOptions: { strict: true, target: "es2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true }, files: ["index.ts"] })}\n`,
  };
  return { files, imports, groups, components, residue };
}
