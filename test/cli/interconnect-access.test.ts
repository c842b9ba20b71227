/**
 * The plan's "Who can reach what" lists a dedicated interconnect group's own members reaching
 * each other (a rule of the group names the group itself), as the pure accessMatrix has it, and
 * the rules' descriptions name the whole port range.
 */
import { DEFAULT_ANALYSES } from "../../lib/cli/analyses";
import { PlanReport } from "../../lib/cli/report";
import { cli } from "./helpers";

describe("plan of a dedicated interconnect group over a port range", () => {
  test("the access table has the group's members reaching each other on tcp:30000-30100, and no other group reaches itself", async () => {
    const run = await cli(["plan", "interconnect-range", "--json"], { analyses: DEFAULT_ANALYSES });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as PlanReport & { access: { matrix: { from: string; to: string; allowed: string[] }[] } };
    const selfRows = report.access.matrix.filter((e) => e.from === e.to);
    expect(selfRows).toEqual([{ from: "mesh-interconnect", to: "mesh-interconnect", allowed: ["tcp:30000-30100"] }]);
    const text = (await cli(["plan", "interconnect-range"], { analyses: DEFAULT_ANALYSES })).stdout;
    expect(text).toMatch(/mesh-interconnect\s+mesh-interconnect\s+tcp:30000-30100/);
    const descriptions = report.groups.flatMap((g) => g.rules.map((r) => (r as { description?: string }).description ?? ""));
    expect(descriptions.filter((d) => d.includes("reach each other"))).toEqual(["mesh dedicated-group: interconnect members reach each other on tcp:30000-30100"]);
  });
});
