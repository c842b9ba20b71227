/**
 * The text adoption writes from a source's text: string literals that mean the text exactly in
 * TypeScript, JSON and YAML on one printable line, comment text that cannot end its comment,
 * variable names that are plain identifiers and never a reserved word, and JSON laid out as
 * `JSON.stringify` lays it out.
 */
import * as yaml from "js-yaml";
import * as ts from "typescript";
import { ValidationError } from "../../lib/model/errors";
import { commentText, identifier, jsonText, member, propertyName, stringLiteral, yamlString } from "../../lib/review/generated-code";

/** Texts that end lines, strings or comments, or hide from a reader. */
const HOSTILE = ["plain", "", 'say "hi"', "back\\slash", "a\nb", "a\rb", "a\r\nb", "tab\there", "\b\f", "nul\0", "esc\u001b[31m", "line\u2028sep", "para\u2029sep", "nel\u0085", "vt\u000b", "del\u007f", "nbsp\u00a0", "ideo\u3000", "rlo\u202egnp.exe", "iso\u2066", "zw\u200b", "bom\ufeff", "lone\ud800", "lone\udfff", "pair😀", "é中", "*/ end", "${x}`", "# not a comment", "- item", "key: value"];

/** The one string literal of `const x = <literal>;`, as TypeScript reads it. */
function tsValue(literal: string): { value: string; statements: number } {
  const sf = ts.createSourceFile("x.ts", `const x = ${literal};`, ts.ScriptTarget.ES2022, true);
  const decl = (sf.statements[0] as ts.VariableStatement).declarationList.declarations[0];
  const init = decl.initializer as ts.Expression;
  return { value: ts.isStringLiteral(init) ? init.text : `<${ts.SyntaxKind[init.kind]}>`, statements: sf.statements.length };
}

/** Characters that would end a line for TypeScript or a reader, or not be seen. */
const UNSEEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\u00a0\u3000]/u;

describe("stringLiteral", () => {
  test.each(HOSTILE)("%j is one printable line that TypeScript, JSON and YAML read back exactly", (text) => {
    const literal = stringLiteral(text);
    expect(literal.startsWith('"') && literal.endsWith('"')).toBe(true);
    expect(UNSEEN.test(literal)).toBe(false);
    expect(tsValue(literal)).toEqual({ value: text, statements: 1 });
    expect(JSON.parse(literal)).toBe(text);
    expect((yaml.load(`k: ${yamlString(text)}`) as { k: string }).k).toBe(text);
  });

  test("writes the short escapes where they exist, \\uXXXX (four digits, per UTF-16 unit) for the rest, and printable text as it is", () => {
    expect(stringLiteral('a"b\\c\n\t\b\f\r')).toBe('"a\\"b\\\\c\\n\\t\\b\\f\\r"');
    expect(stringLiteral("\0\u2028\u0085\u202e\ud800")).toBe('"\\u0000\\u2028\\u0085\\u202e\\ud800"');
    expect(stringLiteral("pair😀 é中 */")).toBe('"pair😀 é中 */"');
    expect(yamlString("a: b")).toBe('"a: b"');
  });

  test("refuses a value that is not a string", () => {
    expect(() => stringLiteral(42 as unknown as string)).toThrow(ValidationError);
    expect(() => stringLiteral(undefined as unknown as string)).toThrow(expect.objectContaining({ code: "invalid-argument", field: "text" }));
    expect(() => stringLiteral(42 as unknown as string)).toThrow(/text is not a string .*Pass the text as a string\./);
  });
});

describe("commentText", () => {
  test("leaves no line terminator or invisible character, and cannot close or open a block comment", () => {
    expect(commentText("a\nb\u2028c\u0085d\u202ee")).toBe("a\\u000ab\\u2028c\\u0085d\\u202ee");
    expect(commentText("x */ y /* z")).toBe("x * / y / * z");
    expect(commentText('keeps "quotes", \\ and é')).toBe('keeps "quotes", \\ and é');
    for (const text of HOSTILE) {
      const said = commentText(text);
      expect(UNSEEN.test(said)).toBe(false);
      // In a line comment and in a block comment, the program is still one statement after it.
      for (const program of [`// ${said}\nconst x = 1;`, `/* ${said} */ const x = 1;`]) {
        const sf = ts.createSourceFile("x.ts", program, ts.ScriptTarget.ES2022, true);
        expect(sf.statements.map((s) => s.getText())).toEqual(["const x = 1;"]);
      }
    }
  });
});

describe("identifier, member, propertyName", () => {
  test("a variable name: other characters dropped and the next letter upper-cased, a leading digit prefixed, a reserved word suffixed, a taken name numbered", () => {
    const used = new Set<string>();
    const names = ["web-1", "shop web", "a--b", "tail-", "1st", "class", "class", "pulumi", "web", "web", "web", "", "---", "é", "$x_1"].map((n) => identifier(n, used));
    expect(names).toEqual(["web1", "shopWeb", "aB", "tail", "_1st", "class_", "class2", "pulumi_", "web", "web2", "web3", "component", "component2", "component3", "$x_1"]);
    expect([...used].sort()).toEqual([...names].sort());
    expect(identifier("", new Set(), "group")).toBe("group");
    expect(identifier("9", new Set(["_9"]))).toBe("_92");
  });

  test("member and propertyName: bare for a plain identifier, quoted otherwise; __proto__ computed", () => {
    expect(member("tiers", "web")).toBe("tiers.web");
    expect(member("tiers", "$a_1")).toBe("tiers.$a_1");
    expect(member("tiers", "web-1")).toBe('tiers["web-1"]');
    expect(member("tiers", "1web")).toBe('tiers["1web"]');
    expect(member("tiers", "web\u2028")).toBe('tiers["web\\u2028"]');
    expect(propertyName("ports")).toBe("ports");
    expect(propertyName("a b")).toBe('"a b"');
    expect(propertyName("x-")).toBe('"x-"');
    expect(propertyName("__proto__")).toBe('["__proto__"]');
    // The object literal holds a property named __proto__, not a prototype.
    const o = new Function(`return { ${propertyName("__proto__")}: 1, ${propertyName("a b")}: 2 };`)() as Record<string, number>;
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.entries(o)).toEqual([
      ["__proto__", 1],
      ["a b", 2],
    ]);
  });
});

describe("jsonText", () => {
  const value = { name: "shop", list: [1, -2.5, true, false, null, "x", [], {}, [[]], { a: { b: [1] } }], empty: {}, none: [], skipped: undefined, holes: [undefined, 1] };

  test("lays out plain data as JSON.stringify does, at any indent, leaving out undefined properties and writing undefined items as null", () => {
    expect(jsonText(value)).toBe(JSON.stringify(value, null, 2));
    expect(jsonText(value, 4)).toBe(JSON.stringify(value, null, 4));
    expect(jsonText(value, 0)).toBe(JSON.stringify(value));
    expect(jsonText([])).toBe("[]");
    expect(jsonText({})).toBe("{}");
    expect(jsonText("a")).toBe('"a"');
    expect(jsonText(null)).toBe("null");
  });

  test("writes every string and key through stringLiteral: U+2028 escaped where JSON.stringify leaves it", () => {
    const text = { "k\u2028": ["v\u2029", "\u202e"] };
    expect(jsonText(text, 0)).toBe('{"k\\u2028":["v\\u2029","\\u202e"]}');
    expect(JSON.parse(jsonText(text))).toEqual(text);
  });

  test("refuses what JSON cannot hold, naming where it is", () => {
    expect(() => jsonText({ a: [1, Number.NaN] })).toThrow(expect.objectContaining({ code: "invalid-argument", field: "value.a[1]" }));
    expect(() => jsonText({ a: { b: Infinity } })).toThrow(/value\.a\.b is not a number JSON can hold .*Pass a finite number\./);
    expect(() => jsonText({ f: () => 1 })).toThrow(expect.objectContaining({ code: "invalid-argument", field: "value.f", value: "function" }));
    expect(() => jsonText([1n])).toThrow(/value\[0\] is not plain data .*Pass strings, numbers, booleans, null, arrays and objects\./);
  });
});
