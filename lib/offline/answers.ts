/**
 * Answers a plan is given for what only the cloud knows (the `--answers FILE` of the
 * commands): data-source results by token, optionally per arguments, and computed outputs by
 * resource type and property. Whatever is not answered gets the documented placeholder.
 *
 * ```yaml
 * datasources:
 *   "alicloud:index/getZones:getZones": { ids: [cn-shanghai-b], zones: [{ id: cn-shanghai-b }] }
 *   "alicloud:vpc/getNetworks:getNetworks":
 *     - args: { nameRegex: "^prod$" }
 *       result: { ids: [vpc-prod] }
 * outputs:
 *   "alicloud:vpc/network:Network.ipv6CidrBlock": "2408:4005:3bd::/56"
 * ```
 */
import { ValidationError, Withheld, fieldPath } from "../model/errors";
import { readYamlDocument } from "../model/safe-document";

/** One answer of a data source for calls whose arguments include `args`. */
export interface DataSourceAnswer {
  /** Arguments the call must have (each equal); @default any call */
  args?: Record<string, unknown>;
  /** What the data source returns. */
  result: Record<string, unknown>;
}

/** The content of an answers file. */
export interface Answers {
  /** Results by data-source token: one result for every call, or a list of answers per arguments. */
  datasources?: Record<string, Record<string, unknown> | DataSourceAnswer[]>;
  /** Computed outputs, keyed `<resource type token>.<property>`. */
  outputs?: Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Checks a parsed answers document and returns it typed; throws `ValidationError`
 * (`invalid-answers`) naming the bad entry, under `source` (the file's name, or `answers`).
 */
export function validateAnswers(doc: unknown, source = "answers"): Answers {
  if (doc === null || doc === undefined) return {};
  // Said by its kind, never shown: a file named by mistake may be anything (credentials, say).
  if (!isRecord(doc)) throw new ValidationError("invalid-answers", source, new Withheld(doc), "must be a map with datasources and/or outputs", "Write datasources: { <token>: <result> } and outputs: { <type>.<property>: <value> }.");
  for (const key of Object.keys(doc)) {
    if (key !== "datasources" && key !== "outputs") throw new ValidationError("invalid-answers", fieldPath(source, key), key, "is not a section of an answers file", "Use datasources and outputs.");
  }
  const ds = doc.datasources;
  if (ds !== undefined && !isRecord(ds)) throw new ValidationError("invalid-answers", `${source}.datasources`, ds, "must map data-source tokens to results", `Write e.g. "alicloud:index/getZones:getZones": { ids: [cn-hangzhou-i] }.`);
  for (const [token, value] of Object.entries(ds ?? {})) {
    if (!/^[A-Za-z0-9_-]+:[A-Za-z0-9_/.-]*:[A-Za-z0-9_]+$/.test(token)) {
      throw new ValidationError("invalid-answers", `${source}.datasources`, token, "is not a data-source token", `Write the token as the program's SDK calls it, e.g. "alicloud:index/getZones:getZones".`);
    }
    if (Array.isArray(value)) {
      value.forEach((a, i) => {
        if (!isRecord(a) || !isRecord(a.result) || (a.args !== undefined && !isRecord(a.args))) {
          throw new ValidationError("invalid-answers", `${source}.datasources[${JSON.stringify(token)}][${i}]`, a, "must be { args: {...}, result: {...} }", "Give each answer the arguments it is for (optional) and the result.");
        }
      });
    } else if (!isRecord(value)) {
      throw new ValidationError("invalid-answers", `${source}.datasources[${JSON.stringify(token)}]`, value, "must be the data source's result (a map) or a list of { args, result }", "Write the result as the SDK's Get…Result, e.g. { ids: [...] }.");
    }
  }
  const outputs = doc.outputs;
  if (outputs !== undefined && !isRecord(outputs)) throw new ValidationError("invalid-answers", `${source}.outputs`, outputs, "must map <type>.<property> to values", `Write e.g. "alicloud:vpc/network:Network.ipv6CidrBlock": "2408:4005:3bd::/56".`);
  for (const key of Object.keys(outputs ?? {})) {
    if (!/^[A-Za-z0-9_-]+:[A-Za-z0-9_/.-]*:[A-Za-z0-9_]+\.[A-Za-z0-9_]+$/.test(key)) {
      throw new ValidationError("invalid-answers", `${source}.outputs`, key, "is not <resource type token>.<property>", `Write e.g. "alicloud:ecs/eipAddress:EipAddress.ipAddress".`);
    }
  }
  return doc as Answers;
}

/**
 * Reads an answers file (YAML, or JSON, which is YAML too): anchors, aliases and runaway nesting
 * are refused while parsing, then {@link validateAnswers}. Every refusal names the file.
 */
export function parseAnswers(text: string, file: string): Answers {
  const doc = readYamlDocument(text, file, { code: "invalid-answers", fix: "Write datasources: { <token>: <result> } and outputs: { <type>.<property>: <value> }." });
  return validateAnswers(doc, file);
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The answer to one call, or `undefined` when the file does not answer it. */
export function dataSourceAnswer(answers: Answers | undefined, token: string, inputs: Record<string, unknown>): Record<string, unknown> | undefined {
  const entry = answers?.datasources?.[token];
  if (entry === undefined) return undefined;
  if (!Array.isArray(entry)) return entry;
  const match = entry.find((a) => Object.entries(a.args ?? {}).every(([k, v]) => deepEqual(inputs[k], v)));
  return match?.result;
}

/** The answered value of a computed output, `{ value }`, or `undefined` when the file does not answer it. */
export function outputAnswer(answers: Answers | undefined, type: string, property: string): { value: unknown } | undefined {
  const key = `${type}.${property}`;
  return answers?.outputs && Object.prototype.hasOwnProperty.call(answers.outputs, key) ? { value: answers.outputs[key] } : undefined;
}
