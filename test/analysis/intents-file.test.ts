import Ajv from "ajv";
import fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import { validateIntents } from "../../lib/analysis/intents";
import { INTENTS_SCHEMA_PATH, parseIntentsFile } from "../../lib/analysis/intents-file";
import { ValidationError } from "../../lib/model/errors";
import { fuzzRuns } from "../fuzz/seed";

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", INTENTS_SCHEMA_PATH), "utf8"));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

const README_EXAMPLE = `
intents:
  - id: internet-reaches-only-web
    from: internet
    to: { tags: { role: web } }
    ports: [80, 443]
    expect: allow
  - id: nothing-but-app-reaches-db
    from: anywhere
    to: { tags: { role: db } }
    ports: [3306]
    expect: deny
    because: only the app tier talks to the database
  - id: payments-reaches-the-psp
    from: { group: payments }
    to: 203.0.113.10/32
    ports: ["tcp:443"]
    expect: allow
`;

describe("the intents file", () => {
  test("a file as the README writes it reads, and the shipped JSON Schema accepts it", () => {
    const intents = parseIntentsFile(README_EXAMPLE, "intents.yaml");
    expect(intents.map((i) => i.id)).toEqual(["internet-reaches-only-web", "nothing-but-app-reaches-db", "payments-reaches-the-psp"]);
    expect(validate(require("js-yaml").load(README_EXAMPLE))).toBe(true);
  });

  test("refusals name the file and the entry; anchors are refused", () => {
    const bad = (text: string) => {
      try {
        parseIntentsFile(text, "intents.yaml");
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as ValidationError).message;
      }
      throw new Error("accepted");
    };
    expect(bad("intents:\n  - { id: a, from: internet, to: { group: sg-db }, ports: '*', expect: block }\n")).toContain("intents.yaml.intents[0].expect");
    expect(bad("- { id: a }\n")).toContain("intents.yaml is not an intents file");
    expect(bad("intent: []\n")).toContain("intents.yaml: intent");
    expect(bad("intents:\n  - &a { id: a, from: internet, to: { group: sg-db }, ports: '*', expect: deny }\n  - *a\n")).toMatch(/intents\.yaml line 2.*anchor/);
  });

  test("the schema and the reader agree on generated entries", () => {
    const selector = fc.oneof(fc.constantFrom("internet", "anywhere", "internet-ipv6", "10.0.0.0/8", "2001:db8::/32", "10.0.0.5", "the internet", "10.0.0.0/33x"), fc.record({ group: fc.constantFrom("sg-db", "") }), fc.record({ tags: fc.dictionary(fc.constantFrom("role", "env"), fc.constantFrom("db", "prod"), { maxKeys: 2 }) }), fc.record({ component: fc.constantFrom("shop"), tier: fc.constantFrom("db", "web") }, { requiredKeys: ["component"] }));
    const ports = fc.oneof(fc.constant("*"), fc.array(fc.oneof(fc.constantFrom(22, 443, 0, 70000), fc.constantFrom("tcp:443", "udp:53", "icmp", "tcp:8000-8080", "all", "tcp:0")), { minLength: 0, maxLength: 3 }));
    const entry = fc.record({ id: fc.constantFrom("a"), from: selector, to: selector, ports, expect: fc.constantFrom("allow", "deny", "block") });
    fc.assert(
      fc.property(entry, (e) => {
        let reader = true;
        try {
          validateIntents([e]);
        } catch {
          reader = false;
        }
        // The schema cannot parse addresses or compare port ranges: where it accepts, the reader may still refuse; where it refuses, so does the reader.
        if (!validate({ intents: [e] })) expect(reader).toBe(false);
      }),
      fuzzRuns(7, 300, "intents-schema"),
    );
  });
});
