/**
 * Every output format keeps its structure whatever strings it carries. Each report (a plan, a
 * diff, an audit, real ones read from the fixture exports) is rendered twice: with every string
 * it holds replaced by generated hostile text, and by plain stand-ins (`x0`, `x1`). The
 * Markdown of both must parse (markdown-it, with GitHub's tables and autolinks) to the same
 * structure, with no link or @mention; the text of both must have the same lines and no control
 * character but `\n`; the Mermaid diagram one line per node and edge.
 */
import * as fc from "fast-check";
import { renderAudit } from "../../lib/cli/audit";
import { accessDiagram } from "../../lib/cli/default-analyses";
import { diffReport, renderDiffMarkdown, renderDiffText } from "../../lib/cli/render-diff";
import { renderJson } from "../../lib/cli/render-json";
import { renderMarkdown } from "../../lib/cli/render-markdown";
import { renderText } from "../../lib/cli/render-text";
import { AccessEntry, PlanReport } from "../../lib/cli/report";
import { markdownText } from "../../lib/model/escape";
import { accessDiff } from "../../lib/review/access-diff";
import { audit } from "../../lib/review/audit";
import { SourceFile } from "../../lib/sources";
import { readSource } from "../../lib/sources/read-sources";
import { fuzzRuns } from "../fuzz/seed";
import { fixtureFiles } from "../sources/helpers";
import { markdownShape, markdownSignature } from "./escaping-helpers";

/** Pieces of hostile text: Markdown, HTML, mentions, links, Mermaid, terminal sequences. */
const FRAGMENTS = [
  "# h", "## ", "\n", "\r\n", "\r", "```", "~~~", "<details>", "</details>", "<img src=x onerror=alert(1)>", "<!--", "@octocat", "@org/team", "a@b.com",
  "http://evil.example", "https://x.io/a", "www.evil.example", "WWW.X.ORG", "<http://x>", "[a](http://x)", "[a]: http://x", "![i](x)", "[^1]", "[ ]", "| c |", "|",
  "- ", "* ", "+ ", "1. ", "2) ", "> ", "    ", "\t", "---", "===", "***", "___", "`", "``", "\\", "*em*", "_em_", "~~s~~", "$x$", "&amp;", "&#64;", "&#x40;",
  "\x1b[2J", "\x1b]0;t\x07", "\x07", "\u009b", "\u0085", "\u202e", "\u2066", "\u2028", "\ufeff", "\ud800", "\u200b", "click n0 href \"javascript:x\"", "%%{init}%%",
  "\"", "'", "]", "[", "(", ")", "{", "}", ";", "#quot;", "#35;", ":", ",", "%", "x", " ", "",
];

/** Single characters, controls and the special ones included. */
const CHAR = fc.oneof(fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 1 }), fc.constantFrom("\u0085", "\u009b", "\u202e", "\u2028", "\u2029", "\ud800", "\udc00", "\u200b", "\u00e9", "\u{1f600}", "\u6570"));

/** Hostile text: fragments joined, or any characters. */
const HOSTILE = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 6 }).map((p) => p.join("")) },
  { weight: 1, arbitrary: fc.string({ unit: CHAR, maxLength: 10 }) },
  { weight: 2, arbitrary: fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: CHAR, maxLength: 3 })), { maxLength: 5 }).map((p) => p.join("")) },
);

/** Fields the renderers branch on: their values stay as the readers make them. */
const KINDS = new Set(["by", "change", "status", "kind", "type", "network", "direction", "policy", "version", "report"]);
/** Records whose keys are data too. */
const KEYED = new Set(["tags", "exports", "rawRules"]);

/** A copy of `template` with every string (and every key of a data record) taken in turn from `strings`. */
function withStrings<T>(template: T, strings: readonly string[]): T {
  let i = 0;
  const next = () => strings[i++ % strings.length];
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === "string") return key !== undefined && KINDS.has(key) ? v : next();
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [key !== undefined && KEYED.has(key) ? next() : k, walk(x, k)]));
    return v;
  };
  return walk(template) as T;
}

const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The Markdown has the benign one's structure (or that signature), no link and nothing GitHub would mention or link. */
function sameMarkdown(hostile: string, benign: string | string[]): void {
  expect(markdownSignature(hostile)).toEqual(typeof benign === "string" ? markdownSignature(benign) : benign);
  const shape = markdownShape(hostile);
  expect(shape.links).toEqual([]);
  expect(shape.text).not.toMatch(/(^|[^\w`])@[A-Za-z0-9]|www\.|:\/\//i);
  expect(hostile).not.toMatch(RAW_CONTROL);
}

/** Plain stand-ins for `strings`, equal where they are equal (the renderers merge equal entries). */
function benignOf(strings: readonly string[]): string[] {
  return strings.map((s) => `x${strings.indexOf(s)}`);
}

/** The text has the benign one's lines and no control character but its own line breaks. */
function sameText(hostile: string, benign: string): void {
  expect(hostile).not.toMatch(RAW_CONTROL);
  expect(hostile.split("\n")).toHaveLength(benign.split("\n").length);
}

const STRINGS = fc.array(HOSTILE, { minLength: 1, maxLength: 12 });

/** A plan report with every section, as buildReport and the default analyses fill it. */
const PLAN: PlanReport = {
  version: 1,
  project: "p",
  stack: "s",
  program: "index.ts",
  groups: [
    {
      label: "web",
      id: "sg-web",
      resource: "web",
      name: "web",
      description: "d",
      type: "normal",
      vpcId: "vpc-1",
      network: "vpc",
      innerAccess: { policy: "Accept", default: true },
      tags: { role: "web" },
      external: false,
      rules: [
        { resource: "r1", direction: "ingress", policy: "accept", priority: 1, protocol: "tcp", ports: { from: 22, to: 22 }, portsText: "22", peer: { kind: "ipv4", value: "0.0.0.0/0", text: "0.0.0.0/0" }, description: "d" },
        { resource: "r2", direction: "ingress", policy: "accept", priority: 1, protocol: "tcp", ports: { from: 443, to: 443 }, portsText: "443", peer: { kind: "security-group", value: "sg-x", group: "x", text: "group x" }, assumed: true },
      ],
      invalidRules: [{ resource: "bad", code: "invalid-port-range", message: "m", inputs: { portRange: "x" } }],
    },
    { label: "ext", id: "sg-ext", type: null, network: "vpc", innerAccess: null, tags: {}, external: true, rules: [], invalidRules: [] },
  ],
  totals: { groups: 2, rules: 2, ingress: 2, egress: 0, invalid: 1 },
  instances: [{ name: "i", id: "i-1", kind: "instance", privateIp: "10.0.0.1", publicIp: "47.0.0.1", groups: ["web"] }],
  assumed: [{ kind: "output", subject: "t.p", resource: "r", from: "placeholder", value: "v" }],
  exports: { out: "v" },
  findings: [
    { check: "public-admin-port", severity: "high", group: "web", rule: "r1", message: "m", alsoFails: ["world-open-non-web"] },
    { check: "c", severity: "low", instance: "i", message: "m", acknowledged: { reason: "r", exemption: "e[0]" } },
  ],
  staleExemptions: [{ check: "c", rule: "r", reason: "r", where: "e[1]" }],
  access: { matrix: [{ from: "internet", to: "web", allowed: ["tcp:22"] }], diagram: "flowchart LR\n", omitted: [{ what: "w", reason: "r" }] },
};

/** The fixture export with a world-open MySQL rule added and the world-open SSH rule removed. */
function changed(files: SourceFile[]): SourceFile[] {
  return files.map((f) => {
    const doc = JSON.parse(f.text) as { Permissions?: { Permission: Record<string, unknown>[] } };
    if (f.name.endsWith("sg-bp1db0000000000001.page1.json")) doc.Permissions!.Permission.push({ ...doc.Permissions!.Permission[0], SecurityGroupRuleId: "sgr-new", SourceGroupId: "", SourceCidrIp: "0.0.0.0/0" });
    else if (f.name.endsWith("sg-bp1web000000000001.json")) doc.Permissions!.Permission = doc.Permissions!.Permission.filter((p) => p.SecurityGroupRuleId !== "sgr-bp1web00000000002");
    else return f;
    return { name: f.name, text: JSON.stringify(doc) };
  });
}

describe("every format keeps its structure whatever strings it carries", () => {
  const ecs = fixtureFiles("ecs");
  const [before] = readSource(ecs);
  const [after] = readSource(changed(ecs));
  const stack = readSource(fixtureFiles("stack.json"));
  const diff = accessDiff(before, after, { exemptions: [{ diff: "broadening", rule: "sgr-new", reason: "r" }, { diff: "broadening", rule: "sgr-none", reason: "r" }] });
  const diffJson = diffReport(diff, { source: "before", net: before }, { source: "after", net: after }, "broadening", true);
  const auditReport = audit([before, ...stack], { matrix: true, exemptions: [{ check: "c", rule: "sgr-none", reason: "r" }] });
  const acknowledged = audit([before], { exemptions: [{ check: "public-admin-port", rule: "sgr-bp1web00000000002", reason: "r" }] }).findings.filter((f) => f.acknowledged);
  const auditTemplate = { ...auditReport, findings: [...auditReport.findings, ...acknowledged] };

  test("the templates hold every section", () => {
    expect(diff.regions.some((r) => r.accepted)).toBe(true);
    expect(diff.exemptions.stale).toHaveLength(1);
    expect(diff.unresolved.after.length).toBeGreaterThan(0);
    for (const key of ["findings", "proposals", "drift", "unresolved", "staleExemptions", "matrix"] as const) expect(auditTemplate[key]?.length).toBeGreaterThan(0);
    expect(acknowledged).toHaveLength(1);
  });

  test("plan: Markdown (one row per finding, one fenced block holding the text), text, JSON", () => {
    fc.assert(
      fc.property(STRINGS, (strings) => {
        const report = withStrings(PLAN, strings);
        const benign = withStrings(PLAN, benignOf(strings));
        const md = renderMarkdown(report);
        sameMarkdown(md, renderMarkdown(benign));
        expect(markdownShape(md).fences).toEqual([`${renderText(report).trimEnd()}\n`]);
        sameText(renderText(report), renderText(benign));
        expect(JSON.parse(renderJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
      }),
      fuzzRuns(20261, 30, "format-plan"),
    );
  });

  test("diff: Markdown (one row per region) and text", () => {
    fc.assert(
      fc.property(STRINGS, (strings) => {
        const [report, d] = withStrings([diffJson, diff] as const, strings);
        const [benignReport, benignDiff] = withStrings([diffJson, diff] as const, benignOf(strings));
        sameMarkdown(renderDiffMarkdown(report, d), renderDiffMarkdown(benignReport, benignDiff));
        sameText(renderDiffText(report, d), renderDiffText(benignReport, benignDiff));
      }),
      fuzzRuns(20262, 30, "format-diff"),
    );
  });

  test("audit: Markdown and text", () => {
    fc.assert(
      fc.property(STRINGS, (strings) => {
        const report = withStrings(auditTemplate, strings);
        const benign = withStrings(auditTemplate, benignOf(strings));
        sameMarkdown(renderAudit(report, true), renderAudit(benign, true));
        sameText(renderAudit(report, false), renderAudit(benign, false));
      }),
      fuzzRuns(20263, 30, "format-audit"),
    );
  });

  test("Markdown text alone: at a line's start, in a list item, a cell, a heading, after a paragraph line", () => {
    const places = (v: string) => [`${v}\n`, `- ${v}\n`, `| a |\n|---|\n| ${v} |\n`, `### ${v}\n`, `text\n${v}\n`, `- a\n${v}\n`];
    const benign = places("x").map(markdownSignature);
    fc.assert(
      // An empty value leaves an empty line, whose meaning is the renderer's to avoid.
      fc.property(HOSTILE.filter((t) => t !== ""), (text) => {
        const hostile = places(markdownText(text));
        benign.forEach((signature, i) => sameMarkdown(hostile[i], signature));
      }),
      fuzzRuns(20265, 150, "format-markdown-text"),
    );
  });

  test("Mermaid: one line per node and per edge, no click or %% line", () => {
    const entry = fc.record({ from: HOSTILE, to: HOSTILE, allowed: fc.array(HOSTILE, { minLength: 1, maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 6 }), (entries: AccessEntry[]) => {
        const lines = accessDiagram(entries).trimEnd().split("\n");
        const nodes = new Set(entries.flatMap((e) => [e.from, e.to]));
        expect(lines).toHaveLength(1 + nodes.size + entries.length);
        expect(lines[0]).toBe("flowchart LR");
        for (const line of lines.slice(1)) expect(line).toMatch(/^ {2}(n\d+\["[^"\n%[\](){}|<>`]*"\]|n\d+ -->\|"[^"\n%[\](){}|<>`]*"\| n\d+)$/);
        expect(lines.some((l) => /^\s*(click|%%)/.test(l))).toBe(false);
      }),
      fuzzRuns(20264, 50, "format-mermaid"),
    );
  });
});
