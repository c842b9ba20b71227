/**
 * One escaping function per output format. Everything read from a source (an export, a state,
 * a program, a flow log, an exemptions file) reaches a report only through the function of that
 * report's format, so data never becomes structure: no Markdown heading, HTML, link or mention,
 * no Mermaid statement, no terminal control sequence, no annotation property, no XML markup.
 * Every function is total (any string in, never a throw) and pure; the renderers decide where
 * a value goes, these decide how it is written there.
 */

/** Characters a terminal (or a reader) must never receive raw: C0 and C1 controls, DEL, line and paragraph separators, bidi controls, the byte-order mark, lone surrogates. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const SHORT: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, "0");
}

/** How one invisible character is shown: `\n`, `\r`, `\t`, `\x1b` (C0, DEL, C1), else `\u202e`. */
function shown(ch: string): string {
  const code = ch.charCodeAt(0);
  return SHORT[ch] ?? (code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`);
}

/**
 * Terminal text: every control character (C0 with `\n` and `\t`, DEL, C1 with CSI), ESC and
 * BEL, the line and paragraph separators, the bidi overrides and isolates, the byte-order mark
 * and lone surrogates shown as escapes (`\x1b`, `\n`, `\u202e`). The result is one line; a
 * renderer joins its own lines with `\n` after escaping each. Idempotent.
 *
 * @example terminalText("sgr-1\x1b[2J") // => "sgr-1\\x1b[2J"
 */
export function terminalText(text: string): string {
  return text.replace(INVISIBLE, shown);
}

/** Text whose own line breaks are kept: each line escaped with {@link terminalText}, joined again with `\n`. */
export function terminalLines(text: string): string {
  return text.split("\n").map(terminalText).join("\n");
}

/**
 * The first `max` characters of `text` (never half of a surrogate pair), and `cut` when
 * anything was left out; `text` itself when it is short enough.
 */
export function cutText(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  let end = Math.max(0, max);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { text: text.slice(0, end), cut: true };
}

/** Characters JSON.stringify leaves raw that must not reach a message: DEL, C1, the separators and bidi controls, the byte-order mark. */
const JSON_INVISIBLE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * A string for a message: cut to `max` characters, in double quotes, escaped as JSON escapes
 * strings (line breaks as `\n`, controls as `\u001b`), and the characters JSON leaves raw
 * (C1, bidi, U+2028) escaped too. A cut value says its full length after the closing quote.
 *
 * @example quoteText("a\nb") // => "\"a\\nb\""
 */
export function quoteText(text: string, max = 200): string {
  const { text: kept, cut } = cutText(text, max);
  const quoted = jsonVisible(JSON.stringify(kept));
  return cut ? `${quoted}... (${text.length} characters)` : quoted;
}

/** JSON text with the characters JSON leaves raw (C1, bidi, U+2028, BOM) written as `\uXXXX` escapes; still valid JSON. */
export function jsonVisible(json: string): string {
  return json.replace(JSON_INVISIBLE, (ch) => `\\u${hex(ch.charCodeAt(0), 4)}`);
}

// --- Markdown (GitHub-flavoured, as pull-request comments render it) ---------------------------

/** Inserted around `@` and inside `//` and `www.`: breaks mentions, e-mail links and autolinks, invisible when rendered. */
const ZWSP = "\u200b";

/** Characters Markdown gives a meaning anywhere in a line: backslash-escaped (HTML's three as entities). */
const MARKDOWN_INLINE = /[\\`*_[\]!~|$&<>@]/g;

function markdownInline(ch: string): string {
  if (ch === "&") return "&amp;";
  if (ch === "<") return "&lt;";
  if (ch === ">") return "&gt;";
  if (ch === "@") return `${ZWSP}@${ZWSP}`;
  return `\\${ch}`;
}

/**
 * Markdown text for prose and table cells: the value reads the same once rendered and adds no
 * structure wherever it is placed in a line (or at its start). Line breaks and controls are shown
 * as escapes (`\n`), so the value stays on its line and in its cell; `|`, backticks, `*`, `_`,
 * `[`, `]`, `!`, `~`, `$` and `\` are backslash-escaped; `<`, `>`, `&` are entities, so no HTML;
 * `@` gets a zero-width space on each side, so no mention and no e-mail link; `//` and `www.`
 * get one inside, so no autolink; a leading `#`, `- `, `+ `, `--`, `==`, `1. ` or `1) ` is
 * escaped (a leading `>` is an entity), so no heading, quote, list or rule; a leading space is
 * an entity, so no code block.
 *
 * @example markdownText("# @team see http://x | y") // => "\\# \u200b@\u200bteam see http:/\u200b/x \\| y"
 */
export function markdownText(text: string): string {
  let out = terminalText(text).replace(MARKDOWN_INLINE, markdownInline);
  out = out.replace(/\/\//g, `/${ZWSP}/`).replace(/(www)(\.)/gi, `$1${ZWSP}$2`);
  // What a line may start with to become a block: a heading, a list item (`- `, `+ `, `1. `),
  // a rule or a setext underline (`---`, `===`), an indented code block.
  if (out.startsWith(" ")) out = `&#32;${out.slice(1)}`;
  else if (/^(#|([-+=])(?=\s|$|\2))/.test(out)) out = `\\${out}`;
  else out = out.replace(/^(\d{1,9})([.)])(?=\s|$)/, "$1\\$2");
  return out;
}

function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/**
 * A Markdown code span showing `text` literally: delimited by a backtick run longer than any in
 * the text, padded when the text starts or ends with a backtick or a space; line breaks and
 * controls shown as escapes, so the span stays on its line. In a table cell (`inTable`), `|` is
 * written `\|`, which GitHub's tables read as a `|` inside the span instead of a cell's end.
 *
 * @example markdownCode("a`b") // => "``a`b``"
 */
export function markdownCode(text: string, options: { inTable?: boolean } = {}): string {
  let body = terminalText(text);
  if (options.inTable) body = body.replace(/\|/g, "\\|");
  if (body === "") return "` `";
  const fence = "`".repeat(longestBacktickRun(body) + 1);
  const pad = body.startsWith("`") || body.endsWith("`") || (body.startsWith(" ") && body.endsWith(" ") && body.trim() !== "") ? " " : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * A fenced Markdown code block holding `text` (its lines kept, controls shown as escapes): the
 * fence is a backtick run longer than any in the text (at least three), so no line of the text
 * can close it. `info` is the language word (`text`); anything but letters, digits and `-` is
 * dropped from it.
 *
 * @example markdownFence("```\n# x", "text") // => "````text\n```\n# x\n````"
 */
export function markdownFence(text: string, info = ""): string {
  const body = terminalLines(text);
  const fence = "`".repeat(Math.max(3, longestBacktickRun(body) + 1));
  return `${fence}${info.replace(/[^A-Za-z0-9-]/g, "")}\n${body}\n${fence}`;
}

// --- Mermaid -----------------------------------------------------------------------------------

/** Characters Mermaid reads inside a label (or that end one): written as its `#code;` entities. */
const MERMAID_SPECIAL = /[#"&<>[\](){}|`%;]/g;

/**
 * A Mermaid label, with its double quotes: line breaks and controls shown as escapes (so the
 * label stays on its node's line, and no `click` or `%%` line can follow it), and `#`, quotes,
 * brackets, `|`, `<`, `>`, `&`, backticks, `%` and `;` written as Mermaid's entity codes
 * (`#35;`, `#34;`), which it shows as the characters. Node ids are the renderer's (`n0`), never
 * source text.
 *
 * @example mermaidLabel('web"] --> x') // => '"web#34;#93; --#62; x"'
 */
export function mermaidLabel(text: string): string {
  return `"${terminalText(text).replace(MERMAID_SPECIAL, (ch) => `#${ch.charCodeAt(0)};`)}"`;
}

// --- GitHub workflow commands (::error file=…,title=…::message) ---------------------------------

/** Controls shown as escapes, except the line breaks workflow commands encode themselves. */
function visibleExceptBreaks(text: string): string {
  return text.replace(INVISIBLE, (ch) => (ch === "\n" || ch === "\r" ? ch : shown(ch)));
}

/**
 * The message of a GitHub workflow command (`::error …::MESSAGE`): `%` as `%25`, `\r` as `%0D`,
 * `\n` as `%0A` (the runner decodes them: the annotation keeps its lines), other controls shown
 * as escapes (the log renders ANSI sequences).
 *
 * @example githubCommandData("50%\nsecond line") // => "50%25%0Asecond line"
 */
export function githubCommandData(text: string): string {
  return visibleExceptBreaks(text).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/**
 * A property value of a GitHub workflow command (`file=`, `title=`): as {@link githubCommandData},
 * and `:` as `%3A`, `,` as `%2C`, so the value cannot end the properties or add one.
 *
 * @example githubCommandProperty("a,line=1::x") // => "a%2Cline=1%3A%3Ax"
 */
export function githubCommandProperty(text: string): string {
  return githubCommandData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

// --- XML (JUnit) -------------------------------------------------------------------------------

/** Characters XML 1.0 forbids (all controls but tab and line breaks, U+FFFE/U+FFFF, lone surrogates), and the C1 controls and DEL it discourages. */
const XML_UNWANTED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const XML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;" };

/**
 * XML character data, safe both as element text and inside an attribute value in either kind
 * of quotes: `&`, `<`, `>`, `"`, `'` as entities, tab and line breaks as character references (an
 * attribute keeps them), and the characters XML 1.0 forbids (most C0 controls, lone
 * surrogates, U+FFFE/U+FFFF) or discourages (DEL, C1) replaced by their escape shown as text
 * (`\x1b`), so the document stays well-formed and nothing is lost.
 *
 * @example xmlText('a < b & "c"') // => "a &lt; b &amp; &quot;c&quot;"
 */
export function xmlText(text: string): string {
  return text.replace(XML_UNWANTED, shown).replace(/[&<>"'\t\n\r]/g, (ch) => XML_ENTITIES[ch]);
}

// --- SARIF 2.1.0 -------------------------------------------------------------------------------

/**
 * A SARIF plain-text message (`message.text`): one line, controls shown as escapes; `\`, `[`
 * and `]` backslash-escaped (SARIF reads `[text](target)` as an embedded link), `{` and `}`
 * doubled (SARIF reads `{0}` as a placeholder).
 *
 * @example sarifText("see [x](1) {0}") // => "see \\[x\\](1) {{0}}"
 */
export function sarifText(text: string): string {
  return terminalText(text).replace(/[\\[\]]/g, "\\$&").replace(/[{}]/g, "$&$&");
}

/** A SARIF Markdown message (`message.markdown`): {@link markdownText}, with `{` and `}` doubled (placeholders). */
export function sarifMarkdown(text: string): string {
  return markdownText(text).replace(/[{}]/g, "$&$&");
}
