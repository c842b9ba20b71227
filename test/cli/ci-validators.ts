/**
 * Validators of the CI formats: the official SARIF 2.1.0 JSON schema (vendored under
 * test/fixtures/sarif, see its README) with ajv, and JUnit XML well-formedness with fast-xml-parser.
 */
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type * as sarif from "sarif";

const SCHEMA = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "sarif", "sarif-schema-2.1.0.json"), "utf8"));
// The schema's language-tag pattern is not valid with the `u` flag: compile patterns as the schema's draft-04 readers do.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(SCHEMA);

/** Parses a SARIF log and asserts it is valid against the SARIF 2.1.0 schema; returns it. */
export function validSarif(text: string): sarif.Log {
  const log = JSON.parse(text) as sarif.Log;
  const ok = validate(log);
  if (!ok) throw new Error(`not valid SARIF 2.1.0: ${ajv.errorsText(validate.errors, { separator: "\n" })}`);
  return log;
}

/** A parsed JUnit document (attributes prefixed `@_`, every testsuite and testcase as an array). */
export interface JunitCase {
  "@_name": string;
  "@_classname": string;
  "@_file"?: string;
  "@_line"?: string;
  failure?: { "#text"?: string; "@_type": string; "@_message": string }[];
  skipped?: { "@_message": string }[];
}
export interface JunitSuite {
  "@_name": string;
  "@_tests": string;
  "@_failures": string;
  "@_skipped": string;
  testcase: JunitCase[];
}
export interface JunitDoc {
  testsuites: { "@_name": string; "@_tests": string; "@_failures": string; "@_skipped": string; testsuite?: JunitSuite[] };
}

/** Asserts the text is well-formed XML and parses it as JUnit. */
export function validJunit(text: string): JunitDoc {
  const check = XMLValidator.validate(text);
  if (check !== true) throw new Error(`not well-formed XML: ${JSON.stringify(check.err)}`);
  const parser = new XMLParser({ ignoreAttributes: false, processEntities: true, htmlEntities: false, isArray: (name) => ["testsuite", "testcase", "failure", "skipped"].includes(name), parseTagValue: false, trimValues: false });
  return parser.parse(text) as JunitDoc;
}
