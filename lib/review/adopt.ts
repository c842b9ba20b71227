/**
 * Adoption: the groups of an export as a TypeScript Pulumi project that owns them, with the
 * `pulumi import --file` entries that bind each resource to its cloud object. Pure: it returns
 * the files' text. Every input that forces replacement (every rule field but the description)
 * is the exported value, so the first `up` after the import replaces nothing.
 *
 * This version writes raw `SecurityGroup` and `SecurityGroupRule` resources; recognising a
 * component's shape in the rules is not done yet.
 */
import { isClassicGroup } from "../model/group-network";
import { GroupModel, NetworkModel } from "../model/network";
import { RuleArgs } from "../model/rule";
import { ruleKeyIn } from "../model/rule-key";
import { childName, slug } from "../plans/names";

/** One entry of a `pulumi import --file` file. */
export interface ImportEntry {
  /** Resource type token. */
  type: string;
  /** The resource name in the program. */
  name: string;
  /** The cloud object's import id. */
  id: string;
}

/** What {@link adoptNetwork} writes. */
export interface AdoptedProject {
  /** File name → text: `Pulumi.yaml`, `index.ts`, `import.json`, `package.json`, `tsconfig.json`. */
  files: Record<string, string>;
  /** The import entries (also in `import.json`). */
  imports: ImportEntry[];
  /** Resource name of each adopted group → its cloud id. */
  groups: Record<string, string>;
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

function literal(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Writes a project that owns the network's groups and rules as they are. Group references
 * between adopted groups become references to the adopted resources; others stay literal ids.
 */
export function adoptNetwork(model: NetworkModel, options: AdoptOptions = {}): AdoptedProject {
  const declared = options.declare ?? model;
  const project = options.project ?? "adopted-security-groups";
  const used = new Set<string>();
  const groupName = new Map<string, string>();
  const varName = new Map<string, string>();
  model.groups.forEach((g, i) => {
    let n = slug(g.name ?? g.id) || `group-${i + 1}`;
    for (let k = 2; used.has(n); k++) n = `${slug(g.name ?? g.id)}-${k}`;
    used.add(n);
    groupName.set(g.id, n);
    varName.set(g.id, `g${i}`);
  });
  const imports: ImportEntry[] = [];
  const lines: string[] = [
    "// Generated by alicloud-secgroups adopt: the groups of an export, as they are in the cloud.",
    "// Import them first (pulumi import --file import.json --generate-code=false), then pulumi up shows no change.",
    `import * as alicloud from "${PROVIDER_SDK}";`,
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
    lines.push(`const ${varName.get(g.id)} = new alicloud.ecs.SecurityGroup(${literal(n)}, ${groupArgs(g)}, { protect: true });`);
    imports.push({ type: GROUP_TYPE, name: n, id: g.id });
  }
  lines.push("");
  // The program declares `declared`; the import file binds every exported rule (`model`).
  const ruleName = (g: GroupModel, r: RuleArgs, seen: Set<string>): string => {
    const network = isClassicGroup(g) ? "classic" : "vpc";
    let rn = childName(groupName.get(g.id) as string, ruleKeyIn(r, network));
    for (let k = 2; seen.has(rn); k++) rn = childName(groupName.get(g.id) as string, ruleKeyIn(r, network), String(k));
    seen.add(rn);
    return rn;
  };
  for (const g of model.groups) {
    const seen = new Set<string>();
    for (const r of g.rules) imports.push({ type: RULE_TYPE, name: ruleName(g, r, seen), id: ruleImportId(g.id, r) });
  }
  for (const g of declared.groups) {
    const gn = groupName.get(g.id) as string;
    const seen = new Set<string>();
    const network = isClassicGroup(g) ? "classic" : "vpc";
    for (const r of g.rules) {
      const rn = ruleName(g, r, seen);
      const args: string[] = [`securityGroupId: ${varName.get(g.id)}.id`, `type: ${literal(r.type)}`, `ipProtocol: ${literal(r.ipProtocol)}`, `portRange: ${literal(r.portRange ?? "-1/-1")}`, `policy: ${literal(r.policy ?? "accept")}`, `priority: ${r.priority ?? 1}`];
      if (r.nicType) args.push(`nicType: ${literal(r.nicType)}`);
      if (r.cidrIp) args.push(`cidrIp: ${literal(r.cidrIp)}`);
      if (r.ipv6CidrIp) args.push(`ipv6CidrIp: ${literal(r.ipv6CidrIp)}`);
      if (r.prefixListId) args.push(`prefixListId: ${literal(r.prefixListId)}`);
      if (r.sourceSecurityGroupId) {
        const adopted = varName.get(r.sourceSecurityGroupId);
        args.push(`sourceSecurityGroupId: ${adopted && !r.sourceGroupOwnerId ? `${adopted}.id` : literal(r.sourceSecurityGroupId)}`);
      }
      if (r.sourceGroupOwnerId) args.push(`sourceGroupOwnerId: ${literal(r.sourceGroupOwnerId)}`);
      if (r.description) args.push(`description: ${literal(r.description)}`);
      lines.push(`new alicloud.ecs.SecurityGroupRule(${literal(rn)}, { ${args.join(", ")} }, { protect: true, deleteBeforeReplace: true });`);
    }
  }
  const groups = Object.fromEntries(model.groups.map((g) => [groupName.get(g.id) as string, g.id]));
  const files: Record<string, string> = {
    "Pulumi.yaml": `name: ${project}\nruntime: nodejs\ndescription: Security groups adopted from an export by alicloud-secgroups.\n`,
    "index.ts": `${lines.join("\n")}\n`,
    "import.json": `${JSON.stringify({ resources: imports }, null, 2)}\n`,
    "package.json": `${JSON.stringify({ name: project, private: true, main: "index.ts", dependencies: { "@pulumi/alicloud": "^3.108.0", "@pulumi/pulumi": "^3.248.0" }, devDependencies: { typescript: "^5.9.3" } }, null, 2)}\n`,
    "tsconfig.json": `${JSON.stringify({ compilerOptions: { strict: true, target: "es2022", module: "commonjs", moduleResolution: "node", esModuleInterop: true }, files: ["index.ts"] }, null, 2)}\n`,
  };
  return { files, imports, groups };
}
