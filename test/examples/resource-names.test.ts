/**
 * Upgrading keeps every resource: the examples register exactly the resource names they
 * registered in the previous release (recorded in resource-names.json), so a program written
 * for it plans with no rule deleted or replaced. New resources may appear only where listed.
 */
import * as fs from "fs";
import * as path from "path";
import { run } from "./run-example";

const EXAMPLES = ["three-tier", "redis-from-web", "databases", "workbench-admin", "outbound-whitelist", "interconnect", "unsafe-legacy"];
const FILE = path.join(__dirname, "resource-names.json");
/** Resources this release adds to an example, by design (never a rename). */
const ADDED: Record<string, string[]> = {
  // An outbound whitelist in a VPC group now denies IPv6 egress too.
  "outbound-whitelist": ["alicloud:ecs/securityGroupRule:SecurityGroupRule::workers-egress-out-drop-p2-all-to-:_:/0"],
};

/** Every resource by `type::name`, with the inputs of rules that force replacement (all but the description). */
async function resources(example: string): Promise<Record<string, unknown>> {
  const c = await run(example);
  const out: Record<string, unknown> = {};
  for (const r of c.resources) {
    const { description, tags, ...inputs } = r.inputs as Record<string, unknown>;
    out[`${r.type}::${r.name}`] = r.type.endsWith("SecurityGroupRule") ? inputs : {};
  }
  return out;
}

describe("resources across releases", () => {
  const recorded = JSON.parse(fs.readFileSync(FILE, "utf8")) as Record<string, Record<string, unknown>>;
  test.each(EXAMPLES)("%s keeps every resource of the previous release, and every input that forces a replacement", async (example) => {
    const now = await resources(example);
    const before = recorded[example];
    expect(before).toBeDefined();
    expect(Object.keys(before).filter((n) => !(n in now))).toEqual([]);
    expect(Object.keys(now).filter((n) => !(n in before))).toEqual(ADDED[example] ?? []);
    for (const name of Object.keys(before)) expect([name, now[name]]).toEqual([name, before[name]]);
  });
});
