/**
 * Hostile inputs the readers must refuse with an error of the library's own (ValidationError,
 * or the CLI's error) naming the file, never crash on, never spend minutes on.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliError } from "../../lib/cli/cli-error";
import { readAnswers } from "../../lib/cli/run-cli";
import { ValidationError } from "../../lib/model/errors";
import { parseExemptions } from "../../lib/model/exemptions";
import { audit } from "../../lib/review/audit";
import { readSource } from "../../lib/sources";
import { attribute, jsonFile, permission, refusal } from "../sources/helpers";

/** `[[[…"x"…]]]`, `depth` levels deep, as text (building it as an object would need the recursion under test). */
const nested = (depth: number, leaf: string) => `${"[".repeat(depth)}${leaf}${"]".repeat(depth)}`;

/** A JSON document with `"@@"` replaced by raw JSON text. */
const withRaw = (doc: unknown, raw: string) => JSON.stringify(doc).replace('"@@"', raw);

describe("nesting thousands of levels deep is refused, naming the file and the JSON path", () => {
  test.each([3000, 10000])("a stack export whose outputs nest %i deep", (depth) => {
    const text = withRaw({ version: 3, deployment: { manifest: {}, resources: [{ type: "alicloud:ecs/securityGroup:SecurityGroup", urn: "u", id: "sg-1", outputs: { tags: "@@" } }] } }, nested(depth, "1"));
    const e = refusal(() => readSource([{ name: "stack.json", text }]));
    expect(e.code).toBe("invalid-source");
    expect(e.field).toMatch(/^stack\.json \$\.deployment\.resources\[0\]\.outputs\.tags\[0\]/);
  });

  test.each([3000, 10000])("terraform show -json with child_modules %i deep", (depth) => {
    const modules = `${'{"child_modules":['.repeat(depth)}{}${"]}".repeat(depth)}`;
    const e = refusal(() => readSource([{ name: "show.json", text: withRaw({ format_version: "1.0", values: { root_module: "@@" } }, modules) }]));
    expect(e.field).toMatch(/^show\.json \$\.values\.root_module\.child_modules\[0\]/);
  });

  test.each([3000, 10000])("an ECS Description %i deep", (depth) => {
    const doc = attribute("sg-1", [permission({ Direction: "ingress", IpProtocol: "TCP", PortRange: "22/22", SourceCidrIp: "0.0.0.0/0", Description: "@@" })]);
    const e = refusal(() => readSource([{ name: "sg-1.json", text: withRaw(doc, nested(depth, '"x"')) }]));
    expect(e.field).toMatch(/^sg-1\.json \$\.Permissions\.Permission\[0\]\.Description\[0\]/);
  });

  test("a plan report and a raw terraform.tfstate too", () => {
    const plan = withRaw({ version: 1, program: "p", totals: {}, groups: [{ id: "sg-1", external: false, vpcId: "vpc-1", tags: "@@", rules: [] }] }, nested(5000, "1"));
    expect(refusal(() => readSource([{ name: "plan.json", text: plan }])).field).toMatch(/^plan\.json \$\.groups\[0\]\.tags/);
    const state = withRaw({ version: 4, terraform_version: "1.5.0", resources: [{ mode: "managed", type: "alicloud_security_group", name: "a", instances: [{ attributes: { id: "sg-1", vpc_id: "vpc-1", tags: "@@" } }] }] }, nested(5000, "1"));
    expect(refusal(() => readSource([{ name: "terraform.tfstate", text: state }])).field).toMatch(/^terraform\.tfstate \$\.resources\[0\]/);
  });
});

describe("YAML anchors and aliases are refused before the document is built", () => {
  test("an exemptions entry that refers to itself", () => {
    const e = refusal(() => parseExemptions("- &a\n  check: public-admin-port\n  rule: *a\n  reason: why\n", "exemptions.yaml"));
    expect([e.code, e.field]).toEqual(["invalid-exemption", "exemptions.yaml line 1"]);
    expect(e.message).toMatch(/anchor/);
  });

  test("a billion-laughs exemptions file, refused at its first anchor, on the line that defines it", () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(",")}]`);
    const bomb = `# header\n${levels.join("\n")}\nexemptions: [*i]\n`;
    const e = refusal(() => parseExemptions(bomb, "ex.yaml"));
    expect([e.code, e.field, e.value]).toEqual(["invalid-exemption", "ex.yaml line 2", "&a"]);
  });

  test("an answers file with an alias, through the command's loader, names the file and line", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sg-answers-"));
    try {
      fs.writeFileSync(path.join(dir, "answers.yaml"), 'outputs:\n  "alicloud:vpc/network:Network.ipv6CidrBlock": &v "2408:4005:3bd::/56"\n  "alicloud:vpc/network:Network.cidrBlock": *v\n');
      let thrown: unknown;
      try {
        readAnswers("answers.yaml", dir);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(CliError);
      expect((thrown as Error).message).toMatch(/answers\.yaml line 2 defines a YAML anchor/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("refusals name the file", () => {
  const group = (id: string) => ({ id, name: "n", external: false, vpcId: "vpc-1", rules: [] });
  const sg = (urn: string) => ({ type: "alicloud:ecs/securityGroup:SecurityGroup", urn, id: "sg-1", outputs: { id: "sg-1", vpcId: "vpc-1" } });

  test.each([
    ["a plan report", jsonFile("plan.json", { version: 1, program: "p", totals: {}, groups: [group("sg-1"), group("sg-1")] }), /^plan\.json \$\.groups\[1\]$/],
    ["a stack export", jsonFile("stack.json", { version: 3, deployment: { manifest: {}, resources: [sg("u1"), sg("u2")] } }), /^stack\.json \$\.deployment\.resources\[1\]$/],
  ])("two groups with one id in %s", (_, file, field) => {
    const e = refusal(() => audit(readSource([file])));
    expect(e.code).toBe("invalid-source");
    expect(e.field).toMatch(field);
    expect(e.message).toMatch(/is the id of another group too/);
  });

  test("a prefix-list entry that is not a block", () => {
    const e = refusal(() => audit(readSource([jsonFile("pl-1.json", { PrefixListId: "pl-1", Entries: { Entry: [{ Cidr: "10.0.0.0/8" }, { Cidr: "not-a-block" }] } })])));
    expect(e.field).toBe("pl-1.json $.Entries.Entry[1].Cidr");
  });

  test("a stack's prefix list entry, named by its resource", () => {
    const pl = { type: "alicloud:vpc/prefixList:PrefixList", urn: "urn:pulumi:s::p::alicloud:vpc/prefixList:PrefixList::pl", id: "pl-1", outputs: { id: "pl-1", entrys: [{ cidr: "300.0.0.0/8" }] } };
    const e = refusal(() => audit(readSource([jsonFile("stack.json", { version: 3, deployment: { manifest: {}, resources: [pl] } })])));
    expect(e.field).toMatch(/^stack\.json \$\.deployment\.resources\[0\]/);
  });

  test("a huge value is quoted cut, never whole", () => {
    const e = refusal(() => readSource([jsonFile("pl-1.json", { PrefixListId: "pl-1", Entries: { Entry: [{ Cidr: "x".repeat(1_000_000) }] } })]));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message.length).toBeLessThan(1000);
  });
});
