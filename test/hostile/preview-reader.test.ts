/**
 * Hostile `pulumi preview --json` files: refused with the library's error naming the file and
 * the JSON path, never a crash, never a value taken for code or for a prototype.
 */
import { audit } from "../../lib/review/audit";
import { readSource } from "../../lib/sources";
import { fixtureFiles, jsonFile, refusal } from "../sources/helpers";

type Json = Record<string, any>;
const base = (): Json => JSON.parse(fixtureFiles("preview/yaml-world-open-ssh.json")[0].text);

describe("a preview nested thousands of levels deep is refused before it is walked", () => {
  test.each([3000, 10000])("inputs %i deep", (depth) => {
    const doc = base();
    doc.steps[2].newState.inputs.tags = "@@";
    const text = JSON.stringify(doc).replace('"@@"', `${"[".repeat(depth)}1${"]".repeat(depth)}`);
    const e = refusal(() => readSource([{ name: "preview.json", text }]));
    expect(e.code).toBe("invalid-source");
    expect(e.field).toMatch(/^preview\.json \$\.steps\[2\]\.newState\.inputs\.tags\[0\]/);
  });
});

describe("keys and values are data", () => {
  test("a tag keyed __proto__ stays a tag, and no object gains a prototype from the file", () => {
    const doc = base();
    const text = JSON.stringify(doc).replace('"securityGroupName":"bastion"', '"securityGroupName":"bastion","tags":{"__proto__":"x","constructor":"y","team":"ops"}');
    const [net] = readSource([{ name: "preview.json", text }]);
    const group = net.model.groups[0];
    expect(Object.keys(group.tags ?? {}).sort()).toEqual(["__proto__", "constructor", "team"].sort());
    expect(({} as Json).polluted).toBeUndefined();
  });

  test("a step's URN of a megabyte, and an error diagnostic full of control characters, are quoted cut on one line", () => {
    const big = jsonFile("preview.json", { ...base(), steps: [{ op: ["create"], urn: "x".repeat(1_000_000) }] });
    const e1 = refusal(() => readSource([big]));
    expect([e1.code, e1.field]).toEqual(["invalid-source", "preview.json $.steps[0]"]);
    expect(e1.message.length).toBeLessThan(1000);
    const diag = jsonFile("preview.json", { ...base(), diagnostics: [{ severity: "error", message: `\u001b[31m${"boom\n".repeat(100_000)}\u202e` }] });
    const e2 = refusal(() => readSource([diag]));
    expect(e2.code).toBe("partial-source");
    expect(e2.message).not.toMatch(/[\u001b\n\u202e]/);
    expect(e2.message.length).toBeLessThan(1000);
  });

  test("a rule whose inputs are a Pulumi signature object (a secret, an asset, a resource reference) is never read as a value", () => {
    const doc = base();
    doc.steps[3].newState.inputs.cidrIp = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: '"10.0.0.0/8"' };
    const [net] = readSource([jsonFile("preview.json", doc)]);
    expect(net.model.groups[0].rules.map((r) => r.portRange)).toEqual(["443/443"]);
    expect(net.unresolved).toContainEqual(expect.objectContaining({ effect: "left out of the evaluation: its cidrIp is not known" }));
    expect(audit([net]).findings).toContainEqual(expect.objectContaining({ check: "unresolved-rule", severity: "high" }));
  });
});
