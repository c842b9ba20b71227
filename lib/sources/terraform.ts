/**
 * Reads Terraform state: `terraform show -json` (format_version 1.x, state or plan) and the raw
 * `terraform.tfstate` (version 4). Only managed resources are read (data sources are copies).
 * Attributes are mapped onto the Pulumi provider's names (the same provider underneath:
 * `ip_protocol` is `ipProtocol`) and read like a stack.
 */
import { ECS_PREFIX_LIST_TYPE, INSTANCE_TYPE, NETWORK_INTERFACE_TYPE, SECURITY_GROUP_RULE_TYPE, SECURITY_GROUP_TYPE, VPC_PREFIX_LIST_TYPE } from "../model/resource-props";
import { LAUNCH_TEMPLATE_TYPES, LocatedResource, SCALING_CONFIGURATION_TYPES, readResources } from "./resources";
import { SourceFormat, SourceNetwork, Unresolved, arrayAt, checkSourceDocument, hasKey, jsonPath, obj, record, sourceError, text } from "./source-network";

const TYPES: Record<string, string> = {
  alicloud_security_group: SECURITY_GROUP_TYPE,
  alicloud_security_group_rule: SECURITY_GROUP_RULE_TYPE,
  alicloud_instance: INSTANCE_TYPE,
  alicloud_ecs_network_interface: NETWORK_INTERFACE_TYPE,
  alicloud_network_interface: NETWORK_INTERFACE_TYPE,
  alicloud_ecs_prefix_list: ECS_PREFIX_LIST_TYPE,
  alicloud_vpc_prefix_list: VPC_PREFIX_LIST_TYPE,
  alicloud_launch_template: LAUNCH_TEMPLATE_TYPES[0],
  alicloud_ecs_launch_template: LAUNCH_TEMPLATE_TYPES[1],
  alicloud_ess_scaling_configuration: SCALING_CONFIGURATION_TYPES[0],
};

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function props(type: string, values: Record<string, unknown>): Record<string, unknown> {
  // Keys are data: a `__proto__` attribute stays an attribute.
  const out = record<unknown>();
  for (const [k, v] of Object.entries(values)) out[camel(k)] = v;
  // alicloud_ecs_prefix_list holds its entries in `entry`; the stack reader reads `entries`.
  if (type === "alicloud_ecs_prefix_list" && out.entries === undefined) out.entries = out.entry;
  if (type === "alicloud_network_interface" && out.securityGroupIds === undefined) out.securityGroupIds = out.securityGroups;
  if (type === "alicloud_network_interface" && out.primaryIpAddress === undefined) out.primaryIpAddress = out.privateIp;
  return out;
}

/** True for `terraform show -json` output. */
export function isTerraformShow(doc: Record<string, unknown>): "terraform-state" | "terraform-plan" | undefined {
  if (typeof doc.format_version !== "string") return undefined;
  if (obj(doc.planned_values)) return "terraform-plan";
  if (obj(doc.values) || doc.values === undefined) return "terraform-state";
  return undefined;
}

/** True for a raw state file of version 4. */
export function isTfstate(doc: Record<string, unknown>): boolean {
  return typeof doc.version === "number" && Array.isArray(doc.resources) && typeof doc.terraform_version === "string";
}

/** Reads `terraform show -json` (state, or plan's planned values). */
export function readTerraformShow(file: string, doc: Record<string, unknown>): SourceNetwork {
  checkSourceDocument(doc, file);
  const version = String(doc.format_version);
  if (!/^1\.\d+$/.test(version)) sourceError("invalid-source", file, "$.format_version", doc.format_version, "is not a format version this reader knows (1.x)", "Use terraform show -json from Terraform 1.x.");
  const format: SourceFormat = obj(doc.planned_values) ? "terraform-plan" : "terraform-state";
  const top = format === "terraform-plan" ? "planned_values" : "values";
  const located: LocatedResource[] = [];
  const walk = (module: unknown, path: string) => {
    const m = obj(module);
    if (!m) return;
    (arrayAt(m, "resources") ?? []).forEach((raw, i) => {
      const p = `${path}.resources[${i}]`;
      const r = obj(raw);
      if (!r || typeof r.type !== "string") sourceError("invalid-source", file, p, raw, "is not a resource", "Pass the output of terraform show -json unchanged.");
      if (r.mode !== "managed") return;
      const token = hasKey(TYPES, r.type) ? TYPES[r.type] : undefined;
      if (!token) return;
      const values = obj(r.values);
      if (!values) sourceError("invalid-source", file, `${p}.values`, r.values, "is missing", "Pass the output of terraform show -json unchanged.");
      const address = text(r.address) ?? `${r.type}.${String(r.name)}`;
      located.push({ resource: { type: token, urn: address, name: address, props: props(r.type, values) }, origin: { file, path: p, resource: address } });
    });
    (arrayAt(m, "child_modules") ?? []).forEach((c, i) => walk(c, `${path}.child_modules[${i}]`));
  };
  walk(obj(obj(doc[top])?.root_module), `$.${top}.root_module`);
  const extra: Unresolved[] = [];
  if (format === "terraform-plan") extra.push({ kind: "unknown-value", subject: "planned values", origin: { file, path: `$.${top}` }, effect: "a plan: values known only after apply are missing, and rules depending on them are left out" });
  return readResources(located, format, [file], extra);
}

/** Reads a raw `terraform.tfstate` of version 4. */
export function readTfstate(file: string, doc: Record<string, unknown>): SourceNetwork {
  checkSourceDocument(doc, file);
  if (doc.version !== 4) sourceError("invalid-source", file, "$.version", doc.version, "is not a state version this reader knows (4)", "Use a state written by Terraform 0.12 or later, or terraform show -json.");
  const located: LocatedResource[] = [];
  (arrayAt(doc, "resources") as unknown[]).forEach((raw, i) => {
    const p = jsonPath("resources", i);
    const r = obj(raw);
    if (!r || typeof r.type !== "string") sourceError("invalid-source", file, p, raw, "is not a resource", "Pass terraform.tfstate unchanged.");
    if (r.mode !== "managed") return;
    const token = hasKey(TYPES, r.type) ? TYPES[r.type] : undefined;
    if (!token) return;
    const instances = arrayAt(r, "instances");
    if (!instances) sourceError("invalid-source", file, `${p}.instances`, r.instances, "is missing", "Pass terraform.tfstate unchanged.");
    instances.forEach((ri, j) => {
      const inst = obj(ri);
      const attrs = obj(inst?.attributes);
      if (!attrs) sourceError("invalid-source", file, `${p}.instances[${j}].attributes`, inst?.attributes, "is missing", "Pass terraform.tfstate unchanged.");
      if (inst?.deposed !== undefined) return;
      const key = inst?.index_key;
      const address = `${text(r.module) ? `${String(r.module)}.` : ""}${r.type}.${String(r.name)}${key === undefined ? "" : `[${JSON.stringify(key)}]`}`;
      located.push({ resource: { type: token, urn: address, name: address, props: props(r.type as string, attrs) }, origin: { file, path: `${p}.instances[${j}]`, resource: address } });
    });
  });
  return readResources(located, "terraform-tfstate", [file]);
}
