/**
 * Hostile values in the CI formats: names, ids, messages and reasons read from a source reach
 * SARIF, JUnit and GitHub annotations only through their escaping functions, so none can break
 * the document, add an annotation or a property, or show an absolute path.
 */
import * as fc from "fast-check";
import { CiReport, CiResult } from "../../lib/cli/ci-report";
import { renderGithub } from "../../lib/cli/render-github";
import { renderJunit } from "../../lib/cli/render-junit";
import { renderSarif } from "../../lib/cli/render-sarif";
import { validJunit, validSarif } from "../cli/ci-validators";
import { fuzzRuns } from "../fuzz/seed";

const HOSTILE = [
  "web\n::error file=evil.ts,line=1::owned",
  "a,line=99,title=x::y",
  "</failure></testcase><testcase name=\"x\">",
  "]]><![CDATA[",
  "\u0000\u0007\u001b[2J\u202e\ufffe\ud800",
  "see [x](http://evil) {0} {{1}}",
  "50% %0A %25",
  "&amp; &#10; <script>",
];

function result(text: string, i: number, acknowledged = false): CiResult {
  return {
    check: i % 2 === 0 ? "public-admin-port" : "world-open-non-web",
    severity: (["high", "medium", "low"] as const)[i % 3],
    message: `rule ${text} opens tcp:22`,
    fix: `Remove ${text}.`,
    subject: `${text} / rule-${i}`,
    identity: `${text}\u0000${i}`,
    location: { uri: `exports/${i}.json`, line: 1 },
    logical: [{ name: text, fullyQualifiedName: `sg-${i}/${text}`, kind: "resource" }],
    ...(acknowledged ? { acknowledged: { reason: text, exemption: `${text}[0]` } } : {}),
  };
}

function report(texts: readonly string[]): CiReport {
  return {
    command: "audit",
    root: "the directory the command ran in",
    checks: [
      { id: "public-admin-port", description: "Checks that no rule opens an admin port to the world.", severity: "high", scope: "rule", configRules: [] },
      { id: "world-open-non-web", description: "Checks that world-open rules open web ports only.", severity: "medium", scope: "rule", configRules: [] },
    ],
    results: texts.map((t, i) => result(t, i, i % 4 === 3)),
    subjects: texts.map((t, i) => ({ name: `${t} / other-${i}`, scope: "rule" as const, location: { uri: `exports/${i}.json` } })),
  };
}

describe("CI formats with hostile values", () => {
  test("SARIF stays valid, every message one line, and no placeholder or link survives unescaped", () => {
    const text = renderSarif(report(HOSTILE));
    const log = validSarif(text);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202e]/);
    for (const r of log.runs[0].results ?? []) {
      expect(r.message.text).not.toContain("\n");
      expect(r.message.text).not.toMatch(/(^|[^\\])\[x\]\(/);
      expect(r.message.text).not.toMatch(/(^|[^{])\{0\}/);
    }
  });

  test("JUnit stays well-formed, one testcase per subject, and the text reads back as written", () => {
    const doc = validJunit(renderJunit(report(HOSTILE)));
    const cases = (doc.testsuites.testsuite ?? []).flatMap((s) => s.testcase);
    expect(cases.map((c) => c["@_name"])).toEqual(expect.arrayContaining([`${HOSTILE[2]} / rule-2`, `${HOSTILE[3]} / other-3`, `${HOSTILE[7]} / rule-7`]));
    expect(cases.filter((c) => c["@_name"] === 'x')).toEqual([]);
  });

  test("GitHub: one annotation line per finding that is not acknowledged; no value adds a property or a command", () => {
    const out = renderGithub(report(HOSTILE));
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(HOSTILE.filter((_, i) => i % 4 !== 3).length);
    for (const line of lines) {
      expect(line).toMatch(/^::(error|warning|notice) file=exports\/\d+\.json,line=1,title=[^,:]*::[^\r\n]*$/);
      expect(line).not.toContain("\u001b");
    }
  });

  test("any text, in any field: SARIF valid, JUnit well-formed, one annotation line per finding", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary", maxLength: 40 }), { minLength: 1, maxLength: 4 }), (texts) => {
        const r = report(texts);
        validSarif(renderSarif(r));
        validJunit(renderJunit(r));
        const lines = renderGithub(r).split("\n").filter((l) => l !== "");
        expect(lines).toHaveLength(texts.filter((_, i) => i % 4 !== 3).length);
        for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) file=[^,\r\n]+,line=1,title=[^,:\r\n]*::[^\r\n]*$/);
      }),
      fuzzRuns(20261201, 60, "ci-formats"),
    );
  });
});
