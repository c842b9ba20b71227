/**
 * `plan --ids FILE` reads an import file: anything else is refused before the program runs, with
 * one message naming the entry (values quoted, cut and escaped), never a crash; the ids it gives
 * reach every report only through the report's escaping.
 */
import * as fs from "fs";
import * as path from "path";
import { PlanReport } from "../../lib/cli/report";
import { FIXTURES, cli } from "../cli/helpers";
import { cleanUp, tempDir } from "./escaping-helpers";

const PROGRAM = path.join(FIXTURES, "web-db");
let dir: string;
beforeAll(() => (dir = tempDir()));
afterAll(() => cleanUp(dir));

function idsFile(name: string, content: string): string {
  fs.writeFileSync(path.join(dir, name), content);
  return name;
}

const plan = (...args: string[]) => cli(["plan", PROGRAM, "--fail-on", "none", ...args], { cwd: dir });

describe("plan --ids refuses what is not an import file", () => {
  test.each([
    ["not JSON", "resources:\n  - type: x", /--ids bad\.json is not JSON/],
    ["no resources list", JSON.stringify({ resource: [] }), /--ids bad\.json holds no "resources" list/],
    ["an entry that is not an object", JSON.stringify({ resources: ["sg-1"] }), /resources\[0\] must be an object with type, name and id \(got "sg-1"\)/],
    ["an id that is a number", JSON.stringify({ resources: [{ type: "alicloud:ecs/securityGroup:SecurityGroup", name: "web", id: 5 }] }), /resources\[0\]\.id must be a non-empty string, the cloud object's id \(got 5\)/],
    ["a name that is missing", JSON.stringify({ resources: [{ type: "alicloud:ecs/securityGroup:SecurityGroup", id: "sg-1" }] }), /resources\[0\]\.name must be a non-empty string \(got undefined\)/],
    ["a parent that is an object", JSON.stringify({ resources: [{ type: "t:m:T", name: "a", id: "i", parent: { $ne: 1 } }] }), /resources\[0\]\.parent must be a string/],
  ])("%s: exit 2, one message, the program never ran", async (_what, content, message) => {
    const run = await plan("--ids", idsFile("bad.json", content));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  test("a missing file is named as typed; a huge hostile value is quoted cut to 200 characters with its control characters escaped", async () => {
    expect((await plan("--ids", "no-such.json")).stderr).toBe("alicloud-secgroups: cannot read --ids no-such.json: no such file or directory\n");
    const hostile = `\x1b]0;pwned\x07${"x".repeat(100000)}`;
    const run = await plan("--ids", idsFile("huge.json", JSON.stringify({ resources: [{ type: "t:m:T", name: hostile, id: 7 }] })));
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain("\x1b");
    expect(run.stderr).not.toContain("\x07");
    expect(run.stderr.length).toBeLessThan(1000);
  });
});

describe("plan --ids uses the ids it names", () => {
  test("the groups it names get their ids, the rest keep made-up ones, and entries naming nothing are warned about", async () => {
    const file = idsFile("import.json", JSON.stringify({ resources: [
      { type: "alicloud:ecs/securityGroup:SecurityGroup", name: "web", id: "sg-bp1real000000000001" },
      { type: "alicloud:ecs/securityGroup:SecurityGroup", name: "gone", id: "sg-bp1gone000000000001" },
      { type: "alicloud-secgroups:index:ThreeTierSecurityGroups", name: "shop", component: true },
    ] }));
    const run = await plan("--ids", file, "--json");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as PlanReport;
    expect(report.groups.map((g) => [g.label, g.id])).toEqual([["database", "sg-db"], ["web", "sg-bp1real000000000001"]]);
    expect(report.groups.find((g) => g.label === "database")?.rules.find((r) => r.resource === "db-from-web")?.peer.value).toBe("sg-bp1real000000000001");
    expect(run.stderr).toContain(`--ids: 1 entry names no resource of the program, so its id was not used: "gone" (alicloud:ecs/securityGroup:SecurityGroup).`);
  });

  test("an id holding terminal control characters reaches the text report escaped, and a rule naming it is refused as the provider would", async () => {
    const file = idsFile("control.json", JSON.stringify({ resources: [{ type: "alicloud:ecs/securityGroup:SecurityGroup", name: "web", id: "sg-\x1b[2J\u202eweb" }] }));
    const run = await plan("--ids", file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("1 rule would be refused by the provider");
    expect(run.stdout).toContain("id sg-\\x1b[2J\\u202eweb");
    expect(run.stdout).not.toContain("\x1b");
  });
});
