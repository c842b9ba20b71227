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
const ADDED: Record<string, string[]> = {};

async function names(example: string): Promise<string[]> {
  const c = await run(example);
  return c.resources.map((r) => `${r.type}::${r.name}`).sort();
}

describe("resource names across releases", () => {
  const recorded = JSON.parse(fs.readFileSync(FILE, "utf8")) as Record<string, string[]>;
  test.each(EXAMPLES)("%s keeps every resource name of the previous release", async (example) => {
    const now = await names(example);
    const before = recorded[example];
    expect(before).toBeDefined();
    expect(before.filter((n) => !now.includes(n))).toEqual([]);
    expect(now.filter((n) => !before.includes(n))).toEqual(ADDED[example] ?? []);
  });
});
