/**
 * Hostile `pulumi preview --json` files: refused with the library's error naming the file and
 * the JSON path, never a crash, never a value taken for code or for a prototype.
 */
import { audit } from "../../lib/review/audit";
import { readSource } from "../../lib/sources";
import { fixtureFiles, jsonFile, refusal } from "../sources/helpers";
import { constructAll, previewOf } from "../sources/preview-intents";

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

describe("the intents of the library's components in a preview are data, checked, and refused naming the component", () => {
  let doc: Json;
  beforeAll(async () => {
    doc = previewOf(await constructAll([
      { component: "ThreeTierSecurityGroups", name: "shop", inputs: { vpcId: "vpc-1", intents: [{ id: "mine", from: { internet: true }, to: { component: "shop", tier: "db" }, allPorts: true, expect: "deny" }] } },
      { component: "WorkbenchAccess", name: "ops", inputs: { securityGroupId: "sg-shop-web", intents: [{ id: "ops-mine", from: { anywhere: true }, to: { group: "sg-shop-web" }, portNumbers: [3389], expect: "deny" }] } },
    ]));
  });
  const copy = (): Json => JSON.parse(JSON.stringify(doc));
  const at = (d: Json, name: string) => d.steps.findIndex((s: Json) => s.urn.endsWith(`::${name}`));
  const intents = (d: Json, name: string): Json[] => d.steps[at(d, name)].oldState.outputs.intents;
  const SHOP = "urn:pulumi:prod::shop::alicloud-secgroups:index:ThreeTierSecurityGroups::shop";

  test.each<[string, (d: Json) => void, string, string, RegExp]>([
    ["a selector naming two things", (d) => (intents(d, "shop").at(-1)!.to = { internet: true, group: "sg-x" }), "invalid-source", ".intents[6].to", /names internet and group: a selector is one of them/],
    ["an expectation that is neither", (d) => (intents(d, "shop")[0].expect = "maybe"), "invalid-source", ".intents[0].expect", /is not allow or deny/],
    ["a port out of range", (d) => (intents(d, "shop")[0].ports = ["tcp:70000"]), "invalid-source", ".intents[0].ports[0]", /tcp:70000/],
    ["an entry that is not an object", (d) => ((intents(d, "shop") as unknown[])[2] = "rm -rf /"), "invalid-source", ".intents[2]", /is not an intent/],
    ["a list that is not one", (d) => (d.steps[at(d, "shop")].oldState.outputs.intents = { id: "x" }), "invalid-source", ".intents", /is not a list of intents/],
    ["an exception region with a field no region has", (d) => (intents(d, "shop").find((i) => i.unless)!.unless[0].because = "x"), "invalid-source", ".intents[3].unless[0].because", /is not a field of a region/],
    ["the id of another component's intent", (d) => (intents(d, "ops")[0].id = "mine"), "duplicate-id", ".intents[0].id", /is also the id of an intent of "urn:pulumi:prod::shop::alicloud-secgroups:index:ThreeTierSecurityGroups::shop"/],
  ])("%s is refused, naming the file, the path and the component", (_, spoil, code, path, problem) => {
    const d = copy();
    spoil(d);
    const e = refusal(() => readSource([jsonFile("preview.json", d)]));
    expect(e.code).toBe(code);
    expect(e.field).toMatch(new RegExp(`^preview\\.json \\$\\.steps\\[\\d+\\]\\.oldState\\.outputs${path.replace(/[.[\]]/g, "\\$&")}$`));
    expect(e.message).toMatch(/\(an intent of "urn:pulumi:prod::shop::alicloud-secgroups:index:(ThreeTierSecurityGroups::shop|WorkbenchAccess::ops)"\)/);
    expect(e.message).toMatch(problem);
  });

  test("a key or URN of a megabyte, full of control characters, is quoted cut on one line", () => {
    const d = copy();
    intents(d, "shop")[0][`\u001b[31m${"k".repeat(1_000_000)}\n`] = 1;
    const e1 = refusal(() => readSource([jsonFile("preview.json", d)]));
    expect(e1.code).toBe("invalid-source");
    expect(e1.field.length).toBeLessThan(300);
    expect(e1.message).not.toMatch(/[\u001b\n]/);
    expect(e1.message.length).toBeLessThan(1200);
    const d2 = copy();
    const i = at(d2, "shop");
    const urn = `${SHOP}\u202e${"x".repeat(1_000_000)}\u001b[0m`;
    d2.steps[i].urn = urn;
    d2.steps[i].oldState.urn = urn;
    d2.steps[i].oldState.outputs.intents[0].expect = "maybe";
    const e2 = refusal(() => readSource([jsonFile("preview.json", d2)]));
    expect(e2.message).not.toMatch(/[\u001b\n\u202e]/);
    expect(e2.message.length).toBeLessThan(1200);
  });

  test("tags keyed __proto__ stay tags; text that looks like code stays text; nothing gains a prototype", () => {
    const d = copy();
    const mine = intents(d, "shop").find((i) => i.id === "mine")!;
    mine.to = JSON.parse('{"tags":{"__proto__":"x","constructor":"y"}}');
    mine.because = "${process.exit(1)} <script>alert(1)</script>";
    const [net] = readSource([jsonFile("preview.json", d)]);
    const read = net.intents!.find((i) => i.id === "mine")!;
    expect(Object.keys((read.to as { tags: object }).tags).sort()).toEqual(["__proto__", "constructor"]);
    expect(read.because).toBe("${process.exit(1)} <script>alert(1)</script>");
    expect(({} as Json).x).toBeUndefined();
  });

  test("a secret or a signature object where an intent's field should be is never read as a value: the intent is listed as not known", () => {
    const d = copy();
    intents(d, "shop")[0].ports = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: '["tcp:22"]' };
    intents(d, "shop")[1].id = "[secret]";
    const [net] = readSource([jsonFile("preview.json", d)]);
    const ids = net.intents!.map((i) => i.id);
    expect(ids).not.toContain("[secret]");
    expect(ids).toContain("mine");
    expect(net.unresolved.filter((u) => u.effect.startsWith("an intent not known at preview"))).toHaveLength(2);
  });
});
