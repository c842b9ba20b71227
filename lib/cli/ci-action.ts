/**
 * The logic of the GitHub Action (action.yml at the repository root), shipped in the package as
 * dist/cli/ci-action.js: runs `plan`, `audit` or `diff` twice (SARIF for code scanning, Markdown
 * for the pull-request comment), writes the SARIF file with its paths made relative to the
 * repository, posts (or updates) one comment on the pull request, and hands the command's exit
 * code to the Action's last step, which gates the job on it. In dry-run mode it writes the
 * comment to a file and calls no GitHub API, which is how it is tested.
 *
 * Inputs come from the environment (`INPUT_COMMAND`, `INPUT_ARGS`, `INPUT_FAIL_ON`,
 * `INPUT_SARIF_FILE`, `INPUT_COMMENT`, `INPUT_DRY_RUN`, `INPUT_COMMENT_FILE`), never from text
 * pasted into a shell line, so nothing in a pull request's inputs is run.
 */
import * as fs from "fs";
import * as path from "path";
import { parseCliArgs } from "./args";
import { EXIT_PROGRAM_ERROR, errorMessage, printableMessage, usageError } from "./cli-error";
import { CliIo, runCli } from "./run-cli";

/** The commands the Action runs. */
export const ACTION_COMMANDS = ["plan", "audit", "diff"] as const;

/** The marker that finds the Action's own comment again (one comment per command, updated in place). */
export function commentMarker(command: string): string {
  return `<!-- alicloud-secgroups:${command} -->`;
}

/** Longest comment GitHub accepts (65,536 characters), less room for the marker and the note that it was cut. */
const COMMENT_MAX = 65_000;

/** What the Action does, read from its inputs. */
export interface CiActionOptions {
  /** `plan`, `audit` or `diff`. */
  command: string;
  /** The command's SOURCEs and options (without `--format`). */
  args: string[];
  /** `--fail-on`, when given. @default the command's default */
  failOn?: string;
  /** Where to write the SARIF log (relative to `cwd`). */
  sarifFile: string;
  /** Post the Markdown report as a pull-request comment. @default true */
  comment: boolean;
  /** Write the comment to {@link commentFile} instead of calling GitHub. @default false */
  dryRun: boolean;
  /** Where a dry run writes the comment (relative to `cwd`). @default alicloud-secgroups-comment.md */
  commentFile?: string;
  /** The working directory (the step's `working-directory`). */
  cwd: string;
  /** The repository's root (`GITHUB_WORKSPACE`): SARIF paths are made relative to it. @default cwd */
  workspace?: string;
}

/** What the Action did. */
export interface CiActionResult {
  /** The command's exit code: 0 clean, 1 something reached --fail-on, 2 it could not run. */
  exitCode: number;
  /** The SARIF file written, as given; absent when the command could not run. */
  sarifFile?: string;
  /** The comment's text. */
  comment: string;
  /** The comment file a dry run wrote, as given. */
  commentFile?: string;
}

/** Splits an `args` input into arguments: whitespace separates them, single or double quotes keep spaces; nothing is expanded. */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  let current: string | undefined;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else current = (current ?? "") + ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      current = current ?? "";
    } else if (/\s/.test(ch)) {
      if (current !== undefined) out.push(current);
      current = undefined;
    } else current = (current ?? "") + ch;
  }
  if (quote !== undefined) throw usageError(`args has an unclosed ${quote} quote.`);
  if (current !== undefined) out.push(current);
  return out;
}

/** Reads the Action's inputs from the environment. */
export function actionOptions(env: NodeJS.ProcessEnv, cwd: string): CiActionOptions {
  const input = (name: string) => (env[`INPUT_${name}`] ?? "").trim();
  const command = input("COMMAND") || "plan";
  if (!(ACTION_COMMANDS as readonly string[]).includes(command)) throw usageError(`command ${JSON.stringify(command)} is not one the Action runs. Use plan, audit or diff.`);
  const args = splitArgs(env.INPUT_ARGS ?? "");
  if (args.some((a) => a === "--format" || a.startsWith("--format=") || a === "--json")) throw usageError("args must not choose a format: the Action writes SARIF and Markdown itself.");
  const yes = (v: string, fallback: boolean) => (v === "" ? fallback : /^(true|yes|1|on)$/i.test(v));
  const failOn = input("FAIL_ON");
  const commentFile = input("COMMENT_FILE");
  return {
    command,
    args,
    ...(failOn !== "" ? { failOn } : {}),
    sarifFile: input("SARIF_FILE") || "alicloud-secgroups.sarif",
    comment: yes(input("COMMENT"), true),
    dryRun: yes(input("DRY_RUN"), false),
    ...(commentFile !== "" ? { commentFile } : {}),
    cwd,
    ...(env.GITHUB_WORKSPACE ? { workspace: env.GITHUB_WORKSPACE } : {}),
  };
}

async function capture(argv: string[], cwd: string, stderr: (text: string) => void, with_: Partial<CliIo>): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const io: CliIo = { ...with_, stdout: (t) => (stdout += t), stderr, cwd };
  const code = await runCli(argv, io);
  return { code, stdout };
}

/** The directory the SARIF's `%SRCROOT%` stands for: a plan's project directory, else the working directory. */
function sarifRoot(opts: CiActionOptions, argv: readonly string[]): string {
  if (opts.command !== "plan") return opts.cwd;
  const parsed = parseCliArgs(argv);
  return path.resolve(opts.cwd, parsed.dir ?? ".");
}

/**
 * The SARIF log with every `%SRCROOT%` path made relative to the repository (`prefix/…`), as code
 * scanning reads them; a root outside the repository leaves the paths as they are.
 */
export function rebaseSarif(text: string, root: string, workspace: string): string {
  const rel = path.relative(workspace, root).split(path.sep).join("/");
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return text;
  const prefix = rel.split("/").map(encodeURIComponent).join("/");
  const log = JSON.parse(text) as { runs?: { originalUriBaseIds?: Record<string, unknown>; results?: { locations?: { physicalLocation?: { artifactLocation?: { uri?: string; uriBaseId?: string } } }[] }[] }[] };
  for (const run of log.runs ?? []) {
    if (run.originalUriBaseIds) run.originalUriBaseIds["%SRCROOT%"] = { description: { text: "The repository root." } };
    for (const result of run.results ?? []) {
      for (const loc of result.locations ?? []) {
        const a = loc.physicalLocation?.artifactLocation;
        if (a?.uri !== undefined && a.uriBaseId === "%SRCROOT%") a.uri = `${prefix}/${a.uri}`;
      }
    }
  }
  return `${JSON.stringify(log, null, 2)}\n`;
}

function exitLine(code: number, failOn: string | undefined): string {
  if (code === 0) return `Exit code 0: nothing reached --fail-on${failOn ? ` ${failOn}` : ""}.`;
  if (code === 1) return `Exit code 1: something reached --fail-on${failOn ? ` ${failOn}` : ""}; the check fails.`;
  return "Exit code 2: the check could not run.";
}

/**
 * Runs the Action: the command in SARIF and in Markdown, the SARIF file, the comment (posted, or
 * written in a dry run). `io` adds to what the command runs with (a program loader, analyses).
 */
export async function runCiAction(opts: CiActionOptions, stderr: (text: string) => void, post?: (body: string) => Promise<void>, io: Partial<CliIo> = {}): Promise<CiActionResult> {
  const argv = [opts.command, ...opts.args, ...(opts.failOn !== undefined ? ["--fail-on", opts.failOn] : [])];
  const sarif = await capture([...argv, "--format", "sarif"], opts.cwd, stderr, io);
  let body: string;
  let sarifFile: string | undefined;
  if (sarif.code === EXIT_PROGRAM_ERROR) {
    body = `### alicloud-secgroups ${opts.command}: could not run\n\nSee the job's log for the message.\n`;
  } else {
    const text = opts.workspace !== undefined ? rebaseSarif(sarif.stdout, sarifRoot(opts, argv), opts.workspace) : sarif.stdout;
    fs.writeFileSync(path.resolve(opts.cwd, opts.sarifFile), text);
    sarifFile = opts.sarifFile;
    // The same run again for people; its messages went to the log once already.
    const markdown = await capture([...argv, "--format", "markdown"], opts.cwd, () => undefined, io);
    body = markdown.stdout;
  }
  const cut = body.length > COMMENT_MAX ? `${body.slice(0, COMMENT_MAX)}\n\n…(cut: the SARIF upload and the job's log hold everything)\n` : body;
  const comment = `${commentMarker(opts.command)}\n${cut.trimEnd()}\n\n${exitLine(sarif.code, opts.failOn)}\n`;
  const result: CiActionResult = { exitCode: sarif.code, comment, ...(sarifFile !== undefined ? { sarifFile } : {}) };
  if (opts.comment) {
    if (opts.dryRun) {
      const file = opts.commentFile ?? "alicloud-secgroups-comment.md";
      fs.writeFileSync(path.resolve(opts.cwd, file), comment);
      result.commentFile = file;
    } else if (post) await post(comment);
  }
  return result;
}

/** Posts the comment on the pull request of the event, or updates the Action's earlier one; does nothing outside a pull request. */
export function githubPoster(env: NodeJS.ProcessEnv, command: string, log: (text: string) => void): ((body: string) => Promise<void>) | undefined {
  const token = env.GITHUB_TOKEN;
  const repo = env.GITHUB_REPOSITORY;
  const eventPath = env.GITHUB_EVENT_PATH;
  if (!token || !repo || !eventPath) return undefined;
  let number: unknown;
  try {
    number = (JSON.parse(fs.readFileSync(eventPath, "utf8")) as { pull_request?: { number?: unknown } }).pull_request?.number;
  } catch {
    number = undefined;
  }
  if (typeof number !== "number") return undefined;
  const api = env.GITHUB_API_URL ?? "https://api.github.com";
  const headers = { authorization: `Bearer ${token}`, accept: "application/vnd.github+json", "content-type": "application/json", "x-github-api-version": "2022-11-28" };
  return async (body) => {
    const list = await fetch(`${api}/repos/${repo}/issues/${number}/comments?per_page=100`, { headers });
    const comments = list.ok ? ((await list.json()) as { id: number; body?: string }[]) : [];
    const mine = comments.find((c) => typeof c.body === "string" && c.body.startsWith(commentMarker(command)));
    const res = mine
      ? await fetch(`${api}/repos/${repo}/issues/comments/${mine.id}`, { method: "PATCH", headers, body: JSON.stringify({ body }) })
      : await fetch(`${api}/repos/${repo}/issues/${number}/comments`, { method: "POST", headers, body: JSON.stringify({ body }) });
    if (!res.ok) log(`alicloud-secgroups: warning: the pull-request comment was not posted (HTTP ${res.status}); give the job pull-requests: write.\n`);
  };
}

/** Appends the step's outputs (`exit-code`, `sarif-file`, `comment-file`) to `$GITHUB_OUTPUT`, when there is one. */
function writeOutputs(env: NodeJS.ProcessEnv, result: CiActionResult): void {
  if (!env.GITHUB_OUTPUT) return;
  const lines = [`exit-code=${result.exitCode}`, `sarif-file=${result.sarifFile ?? ""}`, `comment-file=${result.commentFile ?? ""}`];
  fs.appendFileSync(env.GITHUB_OUTPUT, `${lines.join("\n")}\n`);
}

/** The Action's step: reads the inputs, runs, writes the outputs; exits 0 when it ran (the gate is the next step) and 2 when it could not. */
export async function main(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), stderr: (text: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  try {
    const opts = actionOptions(env, cwd);
    const result = await runCiAction(opts, stderr, opts.dryRun ? undefined : githubPoster(env, opts.command, stderr));
    writeOutputs(env, result);
    return 0;
  } catch (e) {
    stderr(`${printableMessage(errorMessage(e).startsWith("alicloud-secgroups") ? errorMessage(e) : `alicloud-secgroups: ${errorMessage(e)}`)}\n`);
    writeOutputs(env, { exitCode: EXIT_PROGRAM_ERROR, comment: "" });
    return EXIT_PROGRAM_ERROR;
  }
}

if (require.main === module) {
  main().then((code) => (process.exitCode = code));
}
