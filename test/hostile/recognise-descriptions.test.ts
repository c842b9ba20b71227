/**
 * Descriptions and tags are read back by parsers, so they are hostile input: whatever an export's
 * descriptions say (line terminators, lone surrogates, the library's own words with hostile
 * parts, engines and tag keys named after Object's own properties, text as long as the API
 * allows), recognition never throws, every rule is claimed by one component or left raw, and the
 * network the adopted program declares is the export, with no access opened or closed.
 */
import * as fc from "fast-check";
import * as fs from "fs";
import * as path from "path";
import { NetworkModel } from "../../lib/model/network";
import { ruleKeyIn } from "../../lib/model/rule-key";
import { accessDiff } from "../../lib/review/access-diff";
import { declaredNetwork, recogniseComponents } from "../../lib/review/recognise";
import { fuzzRuns } from "../fuzz/seed";

const ESTATES: { name: string; model: NetworkModel }[] = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "review", "fixtures", "deployed-estates.json"), "utf8"));
const README = ESTATES.find((e) => e.name === "readme")!.model;

const HOSTILE = ["\n", "\r\n", "\u2028", "\0", "\ud800", "\udfff", "\u202e", '"', "`", "${", "\\", "(", ")", "[", "]", ": ", ", ", " (", ") ", "…", "constructor", "__proto__", "toString", "members of ", " reaches ", " on ", " from ", " [UNSAFE, opted in: ", "group ", "sg-", "0.0.0.0/0", "::/0"];
const piece = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: "binary", maxLength: 4 }), fc.string({ maxLength: 6 }));
const h = fc.array(piece, { minLength: 1, maxLength: 5 }).map((p) => p.join(""));
const MANAGED = (c: string) => ` (${c}, managed by alicloud-secgroups)`;
/** Rule descriptions: hostile text, and the library's wordings with hostile parts. */
const ruleText = fc.oneof(
  h,
  h.map((x) => `${x} web: clients reach HTTP (tcp:80) from ${x}`),
  h.map((x) => `shop web: admin access: SSH (tcp:22) from ${x}`),
  h.map((x) => `${x} database: ${x} reach MySQL (tcp:3306)`),
  h.map((x) => `shop db: app tier reaches ${x}`),
  h.map((x) => `${x} app: web tier (${x}) reaches the app on tcp:8080 [UNSAFE, opted in: ${x}]`),
  h.map((x) => `${x} single-ip: member ${x} (${x}) reaches member ${x} on ${x}`),
  h.map((x) => `${x} admin: administrator at ${x} reaches SSH (tcp:22)`),
  h.map((x) => `${x} whitelist: may reach ${x} on HTTPS (tcp:443)`),
  // As long as the API allows (an export holds no longer one).
  fc.constantFrom("a web: ".repeat(73), " [UNSAFE, opted in: ".repeat(25) + "]", `shop web: clients reach HTTP (tcp:80) from ${"a".repeat(467)}…`, "x".repeat(512)),
);
/** Group descriptions (2 to 256 characters, as the API allows): hostile text, and the library's frames with hostile parts. */
const groupText = fc.oneof(
  h,
  h.map((x) => `${x} constructor database: admits named clients on ${x}${MANAGED("DatabaseSecurityGroup")}`),
  h.map((x) => `${x} __proto__ database: admits named clients on MySQL (tcp:3306)${MANAGED("DatabaseSecurityGroup")}`),
  h.map((x) => `${x} database tier (toString): admits the app tier on MySQL (tcp:3306)${MANAGED("ThreeTierSecurityGroups")}`),
  h.map((x) => `${x}: same-group interconnect of ${x}, ${x}; members reach each other on ${x}${MANAGED("InterconnectGroup")}`),
  h.map((x) => `${x}: dedicated-group interconnect of ${x}; members reach each other on every protocol and port${MANAGED("InterconnectGroup")}`),
).filter((t) => t.length >= 2 && t.length <= 256);
const tags = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom<Record<string, string>>({ ["__proto__"]: "x", component: "ThreeTierSecurityGroups", role: "constructor" }, { constructor: "y", component: "InterconnectGroup", role: "interconnect" }, { toString: "z" }),
);

type Edit = { group: number; rule: number; text: string } | { group: number; description: string; tags: Record<string, string> | undefined };
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ group: fc.nat(), rule: fc.nat(), text: ruleText }),
  fc.record({ group: fc.nat(), description: groupText, tags }),
);

function edited(edits: readonly Edit[]): NetworkModel {
  const model: NetworkModel = structuredClone(README);
  for (const e of edits) {
    const g = model.groups[e.group % model.groups.length];
    if ("text" in e) {
      if (g.rules.length > 0) g.rules[e.rule % g.rules.length].description = e.text;
    } else {
      g.description = e.description;
      if (e.tags === undefined) delete g.tags;
      else g.tags = JSON.parse(JSON.stringify(e.tags));
    }
  }
  return model;
}

const fields = (m: NetworkModel) => m.groups.map((g) => [g.id, g.rules.map((r) => `${ruleKeyIn(r, "vpc")}|${r.nicType ?? "intranet"}`).sort()]);

describe("recognition reads hostile descriptions as data", () => {
  test("never throws, claims each rule once or leaves it raw, and declares the export", () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
        const model = edited(edits);
        const found = recogniseComponents(model);
        const claimed = found.components.flatMap((c) => c.rules.map((r) => `${r.groupId}#${r.index}`));
        const raw = [...found.residue].flatMap(([id, list]) => list.map((i) => `${id}#${i}`));
        expect(new Set([...claimed, ...raw]).size).toBe(claimed.length + raw.length);
        expect(claimed.length + raw.length).toBe(model.groups.reduce((n, g) => n + g.rules.length, 0));
        const declared = declaredNetwork(model, found);
        expect(fields(declared)).toEqual(fields(model));
        expect(accessDiff(model, declared).summary).toMatchObject({ opened: 0, closed: 0 });
      }),
      fuzzRuns(2201, 40, "recognise-descriptions"),
    );
  });

  test("an engine or tag named after an object's own property is no engine or tag", () => {
    const model: NetworkModel = structuredClone(README);
    const cache = model.groups.find((g) => g.name === "cache-db")!;
    cache.description = `cache constructor database: admits named clients on Redis (tcp:6379)${MANAGED("DatabaseSecurityGroup")}`;
    // The estate's restricted tiers are an earlier release's (no IPv6 drop): adopted with tightening.
    const found = recogniseComponents(model, new Set(), { tighten: true });
    expect(found.components.find((c) => c.name === "cache")?.args).toMatchObject({ engine: "redis" });
    expect([...found.residue]).toEqual([]);
  });
});
