/**
 * What the escaping tests share: hostile strings, ECS exports written to a temporary directory,
 * the command run in-process, and a real CommonMark parser (markdown-it, with GitHub's tables
 * and autolinks) that tells what structure a Markdown report has.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import MarkdownIt from "markdown-it";
import { runCli } from "../../lib/cli/run-cli";
import { permission } from "../sources/helpers";

/** A string that tries every Markdown, HTML, Mermaid and terminal trick on its own lines. */
export const HOSTILE = [
  "x",
  "# injected heading",
  "<details><summary>injected</summary>",
  "<img src=x onerror=alert(1)>",
  "@octocat please merge",
  "http://evil.example/ and www.evil.example",
  "[link](http://evil.example)",
  "```",
  "| cell | cell |",
  "- injected item",
  "click n0 href \"javascript:alert(1)\"",
  "%%{init: {\"theme\": \"dark\"}}%%",
  "\x1b]0;title\x07\x1b[2J\u202eend",
].join("\n");

/** A fresh temporary directory, removed by {@link cleanUp}. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "sg-escaping-"));
}

/** Removes a directory made by {@link tempDir}. */
export function cleanUp(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The group every export holds. */
export const GROUP = "sg-bp1web000000000001";

/**
 * Writes an ECS API export of one group (DescribeSecurityGroups and its attribute reply) into
 * `dir`, with the given raw Permission fields, one rule each.
 */
export function writeEcsExport(dir: string, rules: Record<string, unknown>[], group: { name?: string; description?: string } = {}): string {
  fs.mkdirSync(dir, { recursive: true });
  const listed = { SecurityGroupId: GROUP, SecurityGroupName: group.name ?? "web", Description: group.description ?? "", SecurityGroupType: "normal", VpcId: "vpc-1" };
  fs.writeFileSync(path.join(dir, "groups.json"), JSON.stringify({ RequestId: "R1", RegionId: "cn-hangzhou", NextToken: "", SecurityGroups: { SecurityGroup: [listed] } }));
  const permissions = rules.map((r, i) => permission({ SecurityGroupRuleId: `sgr-${i}`, Direction: "ingress", IpProtocol: "TCP", ...r }));
  const reply = { RequestId: "R2", RegionId: "cn-hangzhou", SecurityGroupId: GROUP, SecurityGroupName: listed.SecurityGroupName, Description: listed.Description, VpcId: "vpc-1", InnerAccessPolicy: "Accept", NextToken: "", Permissions: { Permission: permissions } };
  fs.writeFileSync(path.join(dir, `${GROUP}.json`), JSON.stringify(reply));
  return dir;
}

/** What one run printed and returned. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command in-process from `cwd` (for the commands that read exports). */
export async function run(argv: string[], cwd: string): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { code, stdout, stderr };
}

const parser = new MarkdownIt({ html: true, linkify: true });
// GitHub links www. and scheme:// addresses and e-mail addresses, not bare domains.
parser.linkify.set({ fuzzyLink: false });

/** What a Markdown document is made of, as a CommonMark parser with GitHub's extensions reads it. */
export interface MarkdownShape {
  /** The text of each heading, in order. */
  headings: string[];
  /** Raw HTML, block and inline. */
  html: string[];
  /** Link targets (explicit links, autolinks, linkified addresses) and images. */
  links: string[];
  /** Rows in the body of each table. */
  tableRows: number[];
  /** Each fenced code block's content. */
  fences: string[];
  /** The rendered text outside code: where GitHub would look for @mentions. */
  text: string;
  /** The block tokens, in order (`heading_open`, `paragraph_open`, `table_open`…). */
  blocks: string[];
}

/** Parses `source` and tells its shape. */
export function markdownShape(source: string): MarkdownShape {
  const shape: MarkdownShape = { headings: [], html: [], links: [], tableRows: [], fences: [], text: "", blocks: [] };
  const tokens = parser.parse(source, {});
  let inBody = false;
  tokens.forEach((t, i) => {
    if (t.type !== "inline") shape.blocks.push(t.type);
    if (t.type === "heading_open") shape.headings.push(tokens[i + 1].content);
    if (t.type === "html_block") shape.html.push(t.content);
    if (t.type === "fence" || t.type === "code_block") shape.fences.push(t.content);
    if (t.type === "table_open") shape.tableRows.push(0);
    if (t.type === "tbody_open") inBody = true;
    if (t.type === "tbody_close") inBody = false;
    if (t.type === "tr_open" && inBody) shape.tableRows[shape.tableRows.length - 1] += 1;
    for (const c of t.children ?? []) {
      if (c.type === "html_inline") shape.html.push(c.content);
      if (c.type === "link_open") shape.links.push(String(c.attrGet("href") ?? ""));
      if (c.type === "image") shape.links.push(String(c.attrGet("src") ?? ""));
      if (c.type === "text") shape.text += `${c.content} `;
    }
  });
  return shape;
}

/** An @mention GitHub would notify: `@` right after a non-word character, followed by a name. */
export const MENTION = /(^|[^\w`])@[A-Za-z0-9]/;

/**
 * The structure of a Markdown document, strings aside: the block tokens in order, and for each
 * run of inline content the kinds of its inline tokens other than text (code spans, emphasis,
 * links, HTML, line breaks). Two documents with the same signature differ only in their text.
 */
export function markdownSignature(source: string): string[] {
  return parser.parse(source, {}).map((t) => (t.type === "inline" ? `inline(${(t.children ?? []).filter((c) => c.type !== "text").map((c) => c.type).join(",")})` : t.type));
}
