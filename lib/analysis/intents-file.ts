/**
 * The intents file: YAML or JSON, `{ intents: [ { id, from, to, ports, expect, because, unless } ] }`
 * (CLI.md, "The intents file"; the JSON Schema ships as `schema/intents.schema.json`). Read with
 * the one safe YAML reading (no anchors or aliases, bounded nesting); every refusal names the file.
 */
import { ValidationError } from "../model/errors";
import { readYamlDocument } from "../model/safe-document";
import { Intent, validateIntents } from "./intents";

/** The path of the JSON Schema of the intents file, inside the package. */
export const INTENTS_SCHEMA_PATH = "schema/intents.schema.json";

/**
 * Reads an intents file's text. Throws {@link ValidationError} naming the file and the entry
 * (`intents.yaml.intents[2].expect`).
 */
export function parseIntentsFile(text: string, file: string): Intent[] {
  const doc = readYamlDocument(text, file, { code: "invalid-intent", fix: "Write { intents: [ { id, from, to, ports, expect, because } ] }." });
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new ValidationError("invalid-intent", file, Array.isArray(doc) ? "a list" : typeof doc, "is not an intents file", "Write { intents: [ { id, from, to, ports, expect, because } ] } (YAML or JSON).");
  }
  const record = doc as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== "intents" && key !== "$schema") throw new ValidationError("invalid-intent", `${file}: ${key}`, key, "is not a key of an intents file", "Write intents: [ … ] (and optionally $schema).");
  }
  if (record.intents === undefined) throw new ValidationError("invalid-intent", file, "no intents", "has no intents list", "Write intents: [ { id, from, to, ports, expect } ].");
  try {
    return validateIntents(record.intents, "intents");
  } catch (e) {
    // The entry's place, from the file: `intents.yaml.intents[2].expect`.
    if (e instanceof ValidationError) throw e.withFieldPrefix(file);
    throw e;
  }
}
