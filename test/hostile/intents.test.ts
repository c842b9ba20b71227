/**
 * Hostile input meets intents: an intents file and exports written to break the reports or the
 * proof are refused or shown escaped, never executed, never a crash, never silently dropped.
 */
import * as fs from "fs";
import * as path from "path";
import { scratchDir } from "../scratch";
import { checkNetwork } from "../../lib/checks";
import { readIntentsFile } from "../../lib/cli/intents-section";
import { runReviewCommand } from "../../lib/cli/review-commands";
import { NetworkModel } from "../../lib/model/network";
import { readSource } from "../../lib/sources";
import { attribute, jsonFile, permission } from "../sources/helpers";

const SOURCES = path.join(__dirname, "..", "sources", "fixtures");

function file(name: string, text: string): string {
  const dir = scratchDir("hostile-intents-");
  fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
}

/** Control characters (but the line breaks a renderer writes), ESC, BEL, bidi overrides. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f\u0080-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("hostile intents in the reports", () => {
  const hostile = file(
    "intents.json",
    JSON.stringify({
      intents: [
        { id: "evil\u001b[2J\nid | <b>x</b>", from: "internet", to: { group: "sg-bp1web000000000001" }, ports: [22], expect: "deny", because: "line\nbreak \u202e reversed ::error::fake" },
        { id: "tags\u0007", from: "internet", to: { tags: { "role\u001b[31m": "db\n" } }, ports: "*", expect: "deny" },
      ],
    }),
  );

  test.each(["text", "markdown", "github", "json", "sarif", "junit"])("%s: every value escaped, one item per line, nothing dropped", async (format) => {
    const r = (await runReviewCommand(["audit", "ecs", "--intents", hostile, "--format", format], SOURCES)) as { exitCode: number; stdout: string };
    expect(r.exitCode).toBe(1);
    // JSON escapes control characters itself and keeps the values as read, for tools.
    if (format !== "json") expect(r.stdout).not.toMatch(RAW);
    if (format === "text") {
      expect(r.stdout).toContain("[broken] evil\\x1b[2J\\nid | <b>x</b> (deny internet -> group sg-bp1web000000000001 on 22, from ");
      expect(r.stdout).toContain('[vacuous] tags\\x07 (deny internet -> tags role\\x1b[31m=db\\n on every protocol and port');
    }
    if (format === "markdown") expect(r.stdout).toContain("- [broken] evil\\\\x1b\\[2J\\\\nid \\| &lt;b&gt;x&lt;/b&gt; (deny internet -&gt; group sg-bp1web000000000001 on 22, from ");
    if (format === "github") for (const line of r.stdout.trimEnd().split("\n")) expect(line).toMatch(/^::(error|warning|notice) file=[^,]+,line=\d+,title=[^:]+::/);
    if (format === "json") expect(JSON.parse(r.stdout).intents.intents.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining(["evil\u001b[2J\nid | <b>x</b>", "tags\u0007"]));
  });
});

describe("hostile intents files are refused, naming the file and the entry", () => {
  test.each([
    ["a list where the file is an object", "[]", "is not an intents file"],
    ["an unknown key", "intents: []\nextra: 1\n", "extra"],
    ["deep nesting", `intents: ${"[".repeat(5000)}${"]".repeat(5000)}\n`, ""],
    ["an alias bomb", `a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nintents: *c\n`, ""],
    ["an entry that is not an intent", "intents: [ 42 ]\n", "intents[0]"],
    ["a selector with two targets", "intents: [ { id: a, from: { group: sg-1, cidr: 10.0.0.0/8 }, to: internet, ports: '*', expect: deny } ]\n", "intents[0].from"],
    ["a port out of range", "intents: [ { id: a, from: internet, to: internet, ports: [70000], expect: deny } ]\n", "intents[0].ports[0]"],
  ])("%s", (_, text, where) => {
    const f = file("intents.yaml", text);
    let message = "";
    const started = Date.now();
    try {
      readIntentsFile("/", f);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(message).toContain(f);
    expect(message).toContain(where);
  });
});

describe("the proof never crashes on a network it cannot judge", () => {
  test("groups with one id twice: every intent unproven, saying why; the checks still run", () => {
    const bad: NetworkModel = { groups: [{ id: "sg-1", rules: [] }, { id: "sg-1", rules: [] }], instances: [{ id: "i-1", privateIp: "10.0.0.1", groups: ["sg-1"] }] };
    const verdicts: string[] = [];
    const findings = checkNetwork(bad, { intents: [{ id: "a", from: "internet", to: { group: "sg-1" }, ports: [22], expect: "deny" }], onIntentResults: (r) => verdicts.push(...r.map((x) => `${x.status}: ${(x.notes ?? []).join("")}`)) });
    expect(verdicts).toEqual([expect.stringMatching(/^unproven: the network cannot be judged/)]);
    expect(findings.find((f) => f.check === "unproven-intent")?.intentId).toBe("a");
  });

  test("junk where groups and instances belong: unproven, never a throw", () => {
    const junk = { groups: [null, 42, { id: "sg-1", rules: "no" }], instances: "none" } as unknown as NetworkModel;
    expect(() => checkNetwork(junk, { intents: [{ id: "a", from: "internet", to: "anywhere", ports: "*", expect: "deny" }] })).not.toThrow();
  });
});

describe("tags read from exports stay data", () => {
  test("a __proto__ tag key, non-string values and empty keys: kept as data or left out, never on the prototype", () => {
    const instances = {
      RequestId: "R",
      RegionId: "cn-hangzhou",
      NextToken: "",
      Instances: { Instance: [{ InstanceId: "i-1", SecurityGroupIds: { SecurityGroupId: ["sg-1"] }, VpcAttributes: { PrivateIpAddress: { IpAddress: ["10.0.0.1"] } }, Tags: { Tag: [{ TagKey: "__proto__", TagValue: "polluted" }, { TagKey: "", TagValue: "x" }, { TagKey: "role", TagValue: 7 }, { TagKey: "tier", TagValue: "db" }] } }] },
    };
    const [net] = readSource([jsonFile("instances.json", instances), jsonFile("sg-1.json", attribute("sg-1", [permission({ Direction: "ingress", IpProtocol: "TCP", PortRange: "22/22", SourceCidrIp: "0.0.0.0/0" })]))]);
    const tags = net.model.instances?.[0].tags as Record<string, string>;
    expect(Object.keys(tags).sort()).toEqual(["__proto__", "role", "tier"]);
    expect(Object.prototype.hasOwnProperty.call(tags, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(tags.tier).toBe("db");
    // The tag selector reads them as data.
    const findings = checkNetwork(net.model, { intents: [{ id: "no-ssh-to-db", from: "internet", to: { tags: { tier: "db" } }, ports: [22], expect: "deny" }] });
    expect(findings.find((f) => f.check === "broken-intent")?.message).toMatch(/tcp:22 from \S+ to i-1 is allowed/);
  });
});
