import { renderJson } from "../../lib/cli/render-json";
import { renderMarkdown } from "../../lib/cli/render-markdown";
import { renderText, table } from "../../lib/cli/render-text";
import { PlanReport } from "../../lib/cli/report";

const EMPTY: PlanReport = { version: 1, project: "p", stack: "dev", program: "index.ts", groups: [], instances: [], assumed: [], exports: {}, totals: { groups: 0, rules: 0, ingress: 0, egress: 0, invalid: 0 } };

describe("table", () => {
  test("pads columns to their widest cell, two spaces apart, with no trailing spaces", () => {
    expect(table([["A", "BB", ""], ["ccc", "d", "e"]], "  ")).toEqual(["  A    BB", "  ccc  d   e"]);
  });
});

describe("renderText", () => {
  test("says so when the program creates no security groups", () => {
    expect(renderText(EMPTY)).toBe(
      "Plan of project p, stack dev (program index.ts), on mocks: nothing was deployed.\n\nThe program creates no security groups and no security group rules.\n\nTotals: 0 groups, 0 rules (0 ingress, 0 egress).\n",
    );
  });

  test("prints empty findings and access sections when the analyses found nothing", () => {
    const text = renderText({ ...EMPTY, findings: [], access: { matrix: [] } });
    expect(text.endsWith("\n\nFindings: none.\n\nWho can reach what: nothing is reachable.\n")).toBe(true);
  });

  test("prints a group without rules", () => {
    const text = renderText({
      ...EMPTY,
      groups: [{ label: "idle", id: "sg-idle", resource: "idle", type: "normal", network: "classic", innerAccess: { policy: "Accept", default: true }, tags: {}, external: false, rules: [], invalidRules: [] }],
      totals: { ...EMPTY.totals, groups: 1 },
    });
    expect(text).toContain("Security group idle (resource idle, id sg-idle)\n  type basic, classic network, inner access Accept (default)\n  no rules\n");
  });
});

describe("renderJson", () => {
  test("is two-space indented JSON ending with a newline", () => {
    expect(renderJson(EMPTY)).toBe(`${JSON.stringify(EMPTY, null, 2)}\n`);
  });
});

describe("renderMarkdown", () => {
  test("heads a pull-request comment with the totals and the findings as a table, then folds the full text plan", () => {
    const md = renderMarkdown({ ...EMPTY, findings: [{ check: "public-admin-port", severity: "high", group: "web", rule: "ssh", message: "opens | SSH" }] });
    expect(md).toBe(
      [
        "## Security groups of p (stack dev)",
        "",
        "0 groups, 0 rules (0 ingress, 0 egress), 0 invalid; 0 instances; 0 assumed values. Planned on mocks: nothing was deployed.",
        "",
        "| severity | check | where | message |",
        "|---|---|---|---|",
        "| high | public-admin-port | web / ssh | opens \\| SSH |",
        "",
        "<details><summary>Full plan</summary>",
        "",
        "```text",
        renderText({ ...EMPTY, findings: [{ check: "public-admin-port", severity: "high", group: "web", rule: "ssh", message: "opens | SSH" }] }).trimEnd(),
        "```",
        "",
        "</details>",
        "",
      ].join("\n"),
    );
  });
});
