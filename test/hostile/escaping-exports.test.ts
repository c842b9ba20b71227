/**
 * Reports of exports whose rule ids, descriptions, names and port-list names carry Markdown,
 * HTML, mentions, links and terminal control sequences: every format shows them as text.
 */
import * as fs from "fs";
import * as path from "path";
import { HOSTILE, MENTION, cleanUp, markdownShape, run, tempDir, writeEcsExport } from "./escaping-helpers";

let dir: string;
beforeAll(() => {
  dir = tempDir();
  // BEFORE: the group admits HTTPS only. AFTER: the same, and SSH from anywhere, by a rule
  // whose id, description and port list carry the hostile text.
  const https = { SecurityGroupRuleId: "sgr-https", PortRange: "443/443", SourceCidrIp: "0.0.0.0/0" };
  writeEcsExport(path.join(dir, "before"), [https]);
  writeEcsExport(path.join(dir, "after"), [
    https,
    { SecurityGroupRuleId: `sgr-ssh${HOSTILE}`, PortRange: "22/22", SourceCidrIp: "0.0.0.0/0", Description: HOSTILE },
    { SecurityGroupRuleId: "sgr-list", PortRange: "", PortRangeListId: "prl-admin", PortRangeListName: HOSTILE, SourceCidrIp: "10.0.0.0/8" },
  ], { name: "web", description: HOSTILE });
});
afterAll(() => cleanUp(dir));

/** Headings, HTML and links of a Markdown report that are not the renderer's own. */
function foreign(shape: ReturnType<typeof markdownShape>, own: { headings: RegExp; html: RegExp }) {
  return {
    headings: shape.headings.filter((h) => !own.headings.test(h)),
    html: shape.html.filter((h) => !own.html.test(h.trim())),
    links: shape.links,
    mention: MENTION.test(shape.text),
  };
}

describe("diff --format markdown", () => {
  test("keeps one table row per region and adds no heading, HTML, link or mention, whatever the rule ids say", async () => {
    const json = await run(["diff", "before", "after", "--json"], dir);
    const regions = (JSON.parse(json.stdout) as { regions: unknown[] }).regions.length;
    expect(regions).toBeGreaterThan(0);
    const md = await run(["diff", "before", "after", "--format", "markdown"], dir);
    expect(md.code).toBe(1);
    const shape = markdownShape(md.stdout);
    expect(shape.tableRows).toEqual([regions]);
    expect(foreign(shape, { headings: /^alicloud-secgroups diff: /, html: /^(<details><summary>(Example flows|Unresolved \(what the result assumes\))<\/summary>|<\/details>)$/ })).toEqual({ headings: [], html: [], links: [], mention: false });
    // The text still reads as the data: the rule id is there, escaped, not dropped.
    expect(shape.text).toContain("# injected heading");
  });
});

describe("audit --format markdown", () => {
  test("shows rule ids, descriptions and port-list names as text: no heading, HTML, link or mention from them", async () => {
    const md = await run(["audit", "after", "--format", "markdown", "--fail-on", "none"], dir);
    expect(md.code).toBe(0);
    const shape = markdownShape(md.stdout);
    const own = /^(alicloud-secgroups audit: .*|Findings|Proposals \(add the new rules, then revoke the old one\)|Groups and who can reach them|Unused groups|Drift|Unresolved \(what the result assumes\)|Stale exemptions|Access matrix)$/;
    expect(foreign(shape, { headings: own, html: /^$/ })).toEqual({ headings: [], html: [], links: [], mention: false });
    expect(shape.headings).toHaveLength(new Set(shape.headings).size);
    expect(shape.blocks).not.toContain("fence");
    expect(shape.blocks).not.toContain("code_block");
    expect(shape.text).toContain("@");
    expect(shape.text).toContain("<img src=x onerror=alert(1)>");
  });
});

describe("terminal text", () => {
  test.each([
    ["audit", ["audit", "after", "--fail-on", "none"]],
    ["diff", ["diff", "before", "after"]],
    ["adopt", ["adopt", "after", "--out", "adopted"]],
  ])("%s shows ESC, BEL and bidi controls of a rule id as escapes, never raw", async (_, argv) => {
    const r = await run(argv, dir);
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    if (argv[0] !== "adopt") expect(r.stdout).toContain("\\x1b]0;title\\x07\\x1b[2J\\u202eend");
    cleanUp(path.join(dir, "adopted"));
  });

  test("audit --format markdown and diff --format markdown carry no control characters either", async () => {
    for (const argv of [["audit", "after", "--format", "markdown", "--fail-on", "none"], ["diff", "before", "after", "--format", "markdown"]]) {
      const r = await run(argv, dir);
      expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    }
  });
});

describe("JSON", () => {
  test.each([
    ["audit", ["audit", "after", "--json", "--fail-on", "none"]],
    ["audit --flow-logs", ["audit", "after", "--json", "--fail-on", "none", "--flow-logs", "flows.jsonl"]],
    ["diff", ["diff", "before", "after", "--json"]],
  ])("%s --json parses and carries the rule id exactly as read", async (_, argv) => {
    fs.writeFileSync(path.join(dir, "flows.jsonl"), "");
    const r = await run(argv, dir);
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(JSON.stringify(JSON.parse(r.stdout))).toContain(JSON.stringify(`sgr-ssh${HOSTILE}`).slice(1, -1));
  });
});
