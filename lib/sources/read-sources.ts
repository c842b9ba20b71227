/**
 * Recognises each file's format from its content (never from its name) and reads a SOURCE (one
 * file, or the files of a directory) into networks: the ECS API files of a source merge into one
 * network; a stack export, a preview, a Terraform state and a plan report are one network each.
 */
import { ValidationError, Withheld, parseFailure, quote } from "../model/errors";
import { EcsDocument, ecsKind, readEcsApi } from "./ecs-api";
import { isPlanReport, readPlanJson } from "./plan-json";
import { isPreviewDigest, readPulumiPreview } from "./pulumi-preview";
import { isStackExport, readPulumiStack } from "./pulumi-stack";
import { FORMAT_NAMES, SourceFile, SourceFormat, SourceNetwork, obj, sourceError, text } from "./source-network";
import { isTerraformShow, isTfstate, readTerraformShow, readTfstate } from "./terraform";

/** What one file is. */
export type Recognised = { format: "ecs-api"; ecs: EcsDocument } | { format: Exclude<SourceFormat, "ecs-api">; doc: Record<string, unknown> };

/** Parses a file and tells its format; throws {@link ValidationError} (`invalid-source`) for anything else, saying what was seen. */
export function recognise(file: SourceFile): Recognised {
  // `\s` is the whitespace `trim` removes; the test reads no further than the first other character, where `trim` would copy the whole file.
  if (/^\s*$/.test(file.text)) sourceError("invalid-source", file.name, "$", "", "is empty (a failed call saved by mistake?)", "Run the export again and check its exit status.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(file.text);
  } catch (e) {
    // Named, never shown: the file may be anything (a symbolic link to a key, say).
    sourceError("invalid-source", file.name, "$", new Withheld(file.text), `is not JSON (${parseFailure(e)})`, "Pass JSON as the CLI prints it (aliyun, pulumi stack export, pulumi preview --json, terraform show -json, plan --json).");
  }
  const doc = obj(parsed);
  if (!doc) sourceError("invalid-source", file.name, "$", parsed, "is not a JSON object", "Pass the export unchanged; a bare array (e.g. from jq) loses the keys that tell the format.");
  if (text(doc.Code) !== undefined && text(doc.Message) !== undefined && !doc.Permissions && !doc.SecurityGroups) {
    sourceError("invalid-source", file.name, "$.Code", doc.Code, `is an API error, not a result: ${quote(doc.Message)}`, "Fix the call (region, permissions, ids) and save its output again.");
  }
  if (doc.report === "audit" || doc.report === "diff") {
    sourceError("invalid-source", file.name, "$.report", doc.report, `is a saved ${String(doc.report)} report, which holds no network`, "Pass the network it was made from: an export, a state or a plan --json.");
  }
  const kind = ecsKind(doc);
  if (kind) return { format: "ecs-api", ecs: { file: file.name, kind, doc } };
  if (isStackExport(doc)) return { format: "pulumi-stack", doc };
  const tf = isTerraformShow(doc);
  if (tf) return { format: tf, doc };
  if (isTfstate(doc)) return { format: "terraform-tfstate", doc };
  if (isPlanReport(doc)) return { format: "plan-json", doc };
  if (isPreviewDigest(doc)) return { format: "pulumi-preview", doc };
  const keys = Object.keys(doc).slice(0, 6).join(", ");
  return sourceError("invalid-source", file.name, "$", `{ ${keys}${Object.keys(doc).length > 6 ? ", …" : ""} }`, "is none of the formats read here", `Pass one of: ${Object.values(FORMAT_NAMES).join("; ")}.`);
}

/** Reads the files of one SOURCE into its networks (ECS files merged into one; one network per other file). */
export function readSource(files: readonly SourceFile[]): SourceNetwork[] {
  const ecs: EcsDocument[] = [];
  const out: SourceNetwork[] = [];
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const f of sorted) {
    const r = recognise(f);
    if (r.format === "ecs-api") ecs.push(r.ecs);
    else if (r.format === "pulumi-stack") out.push(readPulumiStack(f.name, r.doc));
    else if (r.format === "terraform-state" || r.format === "terraform-plan") out.push(readTerraformShow(f.name, r.doc));
    else if (r.format === "terraform-tfstate") out.push(readTfstate(f.name, r.doc));
    else if (r.format === "pulumi-preview") out.push(readPulumiPreview(f.name, r.doc));
    else out.push(readPlanJson(f.name, r.doc));
  }
  if (ecs.length > 0) out.unshift(readEcsApi(ecs));
  return out;
}

/**
 * Reads a SOURCE that must hold exactly one network (each side of a diff). Throws
 * {@link ValidationError} (`mixed-source`) when it holds none or several, naming them.
 */
export function readOneNetwork(label: string, files: readonly SourceFile[]): SourceNetwork {
  if (files.length === 0) sourceError("invalid-source", label, "$", label, "holds no export files", "Pass a JSON file, or a directory of them.");
  const nets = readSource(files);
  if (nets.length !== 1) {
    const what = nets.map((n) => `${FORMAT_NAMES[n.format]} (${n.files.join(", ")})`).join("; ");
    throw new ValidationError("mixed-source", label, what, `holds ${nets.length} networks`, "Pass one network per side: one stack export, one state, one plan, or the ECS API files of one region.");
  }
  return nets[0];
}
