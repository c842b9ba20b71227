/**
 * Every description and tag the library writes for the README's component examples, recorded in
 * fixtures/readme-descriptions.json: a change of wording is a reviewed diff of that file (refresh
 * it with UPDATE_DESCRIPTIONS=1 after reviewing). Deployed estates keep the old wording until
 * their next `up`, and adopt recognises them all the same (deployed-estates.test.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { captureStack } from "../../lib/testing/capture-network";
import { readmeExamples } from "./readme-examples";

const FILE = path.join(__dirname, "fixtures", "readme-descriptions.json");

/** Each group and rule by `type::name`: its description, and a group's name and tags. */
async function described(): Promise<Record<string, unknown>> {
  const capture = await captureStack(readmeExamples);
  const out: Record<string, unknown> = {};
  for (const r of capture.resources) {
    const inputs = r.inputs as Record<string, unknown>;
    if (r.type === "alicloud:ecs/securityGroupRule:SecurityGroupRule") out[`${r.type}::${r.name}`] = inputs.description ?? null;
    else if (r.type === "alicloud:ecs/securityGroup:SecurityGroup" && inputs.description !== undefined) {
      out[`${r.type}::${r.name}`] = { name: inputs.securityGroupName ?? null, description: inputs.description, tags: inputs.tags ?? null };
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

describe("the README's examples", () => {
  test("are described and tagged as recorded", async () => {
    const now = await described();
    if (process.env.UPDATE_DESCRIPTIONS === "1") fs.writeFileSync(FILE, `${JSON.stringify(now, null, 1)}\n`);
    expect(now).toEqual(JSON.parse(fs.readFileSync(FILE, "utf8")));
  });
});
