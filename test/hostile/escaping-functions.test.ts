/**
 * The escaping functions one by one (lib/model/escape.ts), including those of the formats the
 * commands will gain (GitHub workflow commands, JUnit XML, SARIF), and the message helpers of
 * lib/model/errors.ts.
 */
import * as yaml from "js-yaml";
import { QUOTE_MAX, Withheld, fieldPath, parseFailure, quote } from "../../lib/model/errors";
import { githubCommandData, githubCommandProperty, markdownCode, markdownFence, markdownText, mermaidLabel, sarifMarkdown, sarifText, terminalLines, terminalText, xmlText } from "../../lib/model/escape";
import { markdownShape } from "./escaping-helpers";

/** Every character class a terminal must not receive raw. */
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

describe("terminalText", () => {
  test.each([
    ["ESC and BEL", "sgr-1\x1b]0;title\x07", "sgr-1\\x1b]0;title\\x07"],
    ["line breaks and tabs", "a\nb\r\tc", "a\\nb\\r\\tc"],
    ["C1 controls (CSI) and DEL", "a\u009b2Jb\u007f", "a\\x9b2Jb\\x7f"],
    ["bidi overrides and isolates", "abc\u202edcb\u2066x\u2069", "abc\\u202edcb\\u2066x\\u2069"],
    ["line and paragraph separators", "a\u2028b\u2029c", "a\\u2028b\\u2029c"],
    ["a lone surrogate", "a\ud800b", "a\\ud800b"],
  ])("shows %s as escapes", (_, input, shown) => {
    expect(terminalText(input)).toBe(shown);
  });

  test("leaves ordinary text alone, and is idempotent", () => {
    const text = "web-1 (sg-web) Bäckerei 数据库 \u{1f600} 0.0.0.0/0";
    expect(terminalText(text)).toBe(text);
    const once = terminalText("a\x1bb\u202ec\nd");
    expect(terminalText(once)).toBe(once);
  });

  test("terminalLines keeps the text's own line breaks and escapes the rest", () => {
    expect(terminalLines("one\x1b\ntwo\r")).toBe("one\\x1b\ntwo\\r");
  });
});

describe("quote", () => {
  test("cuts a string to 200 characters and says its length", () => {
    expect(quote("m".repeat(10_000))).toBe(`"${"m".repeat(QUOTE_MAX)}"... (10000 characters)`);
    expect(quote("short")).toBe('"short"');
  });

  test("escapes line breaks, controls and the characters JSON leaves raw", () => {
    const q = quote("a\nb\x1b\u0085\u2028\u202e");
    expect(q).toBe('"a\\nb\\u001b\\u0085\\u2028\\u202e"');
    expect(q).not.toMatch(RAW_CONTROL);
  });

  test("never splits a surrogate pair", () => {
    const q = quote(`${"a".repeat(QUOTE_MAX - 1)}\u{1f600}tail`);
    expect(q.startsWith(`"${"a".repeat(QUOTE_MAX - 1)}"`)).toBe(true);
  });

  test("cuts objects to 200 characters too", () => {
    const q = quote({ reason: "r".repeat(10_000), line: "x\u2028y" });
    expect(q.length).toBe(QUOTE_MAX);
    expect(q.endsWith("...")).toBe(true);
  });

  test("names a withheld value by its kind only", () => {
    expect(quote(new Withheld("AKIA secret"))).toBe("<text, not shown>");
    expect(quote(new Withheld({ key: "secret" }))).toBe("<a map, not shown>");
    expect(quote(new Withheld(["secret"]))).toBe("<a list, not shown>");
  });

  test("fieldPath writes a plain key dotted and quotes any other", () => {
    expect(fieldPath("ex.yaml[0]", "until")).toBe("ex.yaml[0].until");
    expect(fieldPath("answers", "a\nb")).toBe('answers["a\\nb"]');
    expect(fieldPath("answers", "k".repeat(1000))).toHaveLength('answers[""]'.length + QUOTE_MAX + "... (1000 characters)".length);
  });
});

describe("parseFailure", () => {
  const jsonError = (text: string) => {
    try {
      JSON.parse(text);
    } catch (e) {
      return e;
    }
    throw new Error("parsed");
  };
  const yamlError = (text: string) => {
    try {
      yaml.load(text);
    } catch (e) {
      return e;
    }
    throw new Error("parsed");
  };

  test.each([
    ["SECRET-TOKEN-1234 not json", "unexpected character"],
    ['{"a": ', "unexpected end of the text"],
    ['{"a" SECRET}', "expected ':' after property name at position 5"],
  ])("gives JSON's reason for %j without the text", (text, reason) => {
    expect(parseFailure(jsonError(text))).toBe(reason);
  });

  test.each([
    ["key: [SECRET", /^unexpected end of the stream within a flow collection at line 2, column 1$/],
    ["!<tag:SECRET> x", /^unknown tag at line \d+, column \d+$/],
    ["a: *SECRET", /^unidentified alias at line 1, column \d+$/],
  ])("gives YAML's reason for %j without the text", (text, reason) => {
    const said = parseFailure(yamlError(text));
    expect(said).toMatch(reason);
    expect(said).not.toContain("SECRET");
  });
});

describe("Markdown", () => {
  test("markdownText backslash-escapes what Markdown reads and breaks mentions and autolinks", () => {
    expect(markdownText("a|b `c` *d* _e_ [f](g) ![h] ~i~ $j$ \\k")).toBe("a\\|b \\`c\\` \\*d\\* \\_e\\_ \\[f\\](g) \\!\\[h\\] \\~i\\~ \\$j\\$ \\\\k");
    expect(markdownText("<b>&amp;</b>")).toBe("&lt;b&gt;&amp;amp;&lt;/b&gt;");
    expect(markdownText("@octocat a@b.com http://x www.y")).toBe("\u200b@\u200boctocat a\u200b@\u200bb.com http:/\u200b/x www\u200b.y");
  });

  test.each([
    ["# heading", "\\# heading"],
    ["- item", "\\- item"],
    ["+ item", "\\+ item"],
    ["---", "\\---"],
    ["===", "\\==="],
    ["1. item", "1\\. item"],
    ["12) item", "12\\) item"],
    ["    code", "&#32;   code"],
    ["> quote", "&gt; quote"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["-1/-1", "-1/-1"],
    ["sg-web", "sg-web"],
  ])("markdownText(%j) cannot start a block: %j", (input, out) => {
    expect(markdownText(input)).toBe(out);
    expect(markdownShape(`${markdownText(input)}\n`).blocks).toEqual(["paragraph_open", "paragraph_close"]);
  });

  test("markdownText keeps a value on its line and in its cell", () => {
    const shape = markdownShape(`| a | b |\n|---|---|\n| ${markdownText("x\n| y | z |\n# h")} | ok |\n`);
    expect(shape.tableRows).toEqual([1]);
    expect(shape.headings).toEqual([]);
  });

  test("markdownCode delimits with a longer backtick run, pads edges, and escapes pipes in cells", () => {
    expect(markdownCode("plain")).toBe("`plain`");
    expect(markdownCode("a``b")).toBe("```a``b```");
    expect(markdownCode("`edge`")).toBe("`` `edge` ``");
    expect(markdownCode("a\nb")).toBe("`a\\nb`");
    expect(markdownCode("")).toBe("` `");
    expect(markdownCode("a|b", { inTable: true })).toBe("`a\\|b`");
    const shape = markdownShape(`| a |\n|---|\n| ${markdownCode("x|y", { inTable: true })} |\n`);
    expect(shape.tableRows).toEqual([1]);
  });

  test("markdownFence cannot be closed by its content", () => {
    const content = "````\n```\n~~~\n# heading\n`````x";
    const shape = markdownShape(`${markdownFence(content, "text")}\n\nafter\n`);
    expect(shape.fences).toEqual([`${content}\n`]);
    expect(shape.headings).toEqual([]);
    expect(markdownFence("x", "te`xt\n")).toBe("```text\nx\n```");
  });
});

describe("mermaidLabel", () => {
  test("quotes the label and writes what Mermaid reads as entity codes, on one line", () => {
    const label = mermaidLabel('web"]\nclick n0 href "javascript:alert(1)"\n%%{init}%%');
    expect(label).toBe('"web#34;#93;\\nclick n0 href #34;javascript:alert#40;1#41;#34;\\n#37;#37;#123;init#125;#37;#37;"');
    expect(label.slice(1, -1)).not.toMatch(/["\n[\](){}|<>%`]/);
  });
});

describe("GitHub workflow commands", () => {
  test("data: %, CR and LF encoded as the runner decodes them", () => {
    expect(githubCommandData("100%\r\nnext")).toBe("100%25%0D%0Anext");
  });

  test("properties: also : and , so a value cannot end the properties or add one", () => {
    expect(githubCommandProperty("a.ts,line=1::error::x")).toBe("a.ts%2Cline=1%3A%3Aerror%3A%3Ax");
  });

  test("other controls are shown as escapes (the log renders ANSI sequences)", () => {
    expect(githubCommandData("\x1b[31mred")).toBe("\\x1b[31mred");
    expect(githubCommandProperty("t\u202e")).toBe("t\\u202e");
  });
});

describe("xmlText", () => {
  const decode = (x: string) => x.replace(/&(amp|lt|gt|quot|apos|#(\d+));/g, (_, name: string, code?: string) => (code ? String.fromCharCode(Number(code)) : { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[name] as string));

  test("escapes markup and both quotes, and keeps tab and line breaks as references", () => {
    expect(xmlText(`<a href="x">'&'</a>\t\r\n`)).toBe("&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;&#9;&#13;&#10;");
  });

  test("replaces what XML 1.0 forbids or discourages with its escape as text", () => {
    const x = xmlText("a\u0000b\x1bc\u0085d\ufffee\ud800f");
    expect(x).toBe("a\\x00b\\x1bc\\x85d\\ufffee\\ud800f");
  });

  test("only XML 1.0 characters remain, and decoding gives the text back", () => {
    const text = `a<b>&"'\t\n\r\u00e9\u{1f600}]]>`;
    const x = xmlText(text);
    expect(x).toMatch(/^(?:[\u0020-\u0025\u0027-\u003b\u003d\u003f-\ud7ff\ue000-\ufffd]|[\ud800-\udbff][\udc00-\udfff]|&(?:amp|lt|gt|quot|apos|#\d+);)*$/);
    expect(decode(x)).toBe(text);
  });
});

describe("SARIF", () => {
  test("plain text: one line, embedded-link brackets and backslashes escaped, braces doubled", () => {
    expect(sarifText("see [x](1) {0} \\ \x1b\nnext")).toBe("see \\[x\\](1) {{0}} \\\\ \\\\x1b\\\\nnext");
  });

  test("Markdown: the Markdown function, braces doubled", () => {
    expect(sarifMarkdown("# {0} @team")).toBe("\\# {{0}} \u200b@\u200bteam");
  });
});
