/**
 * The layout that shows the design: each component's arguments, planner, description makers and
 * readers, and recogniser live together under lib/plans/<component>/, and a recogniser reads a
 * description only through its describe module's readers (no pattern or text search over a
 * description anywhere else); lib/review/recognise.ts holds only the orchestration.
 */
import * as fs from "fs";
import * as path from "path";

const PLANS = path.join(__dirname, "..", "..", "lib", "plans");
const ORCHESTRATION = path.join(__dirname, "..", "..", "lib", "review", "recognise.ts");
const ROOMS = ["three-tier", "database", "interconnect", "workbench", "outbound-whitelist"];
const RECOGNISERS = [...ROOMS.map((r) => path.join(PLANS, r, "recognise.ts")), path.join(PLANS, "recognition.ts"), ORCHESTRATION];

/** A pattern run over a description, or a string search on one. */
const SEARCHES = [/\.(test|exec|match)\([^)]*description/, /description( \?\? "")?\)?\.(match|matchAll|search|replace|replaceAll|split|startsWith|endsWith|includes|indexOf|lastIndexOf|slice|substring)\(/];

describe("recognition beside the planner it inverts", () => {
  test.each(ROOMS)("lib/plans/%s holds the component's arguments, planner, descriptions and recogniser", (room) => {
    for (const file of ["args.ts", "plan.ts", "describe.ts", "recognise.ts"]) expect([room, fs.existsSync(path.join(PLANS, room, file))]).toEqual([room, true]);
  });

  test.each(RECOGNISERS.map((f) => [path.relative(path.join(PLANS, "..", ".."), f)]))("%s reads descriptions only through the describe modules' readers", (file) => {
    const lines = fs.readFileSync(path.join(PLANS, "..", "..", file), "utf8").split("\n");
    const searching = lines.filter((line) => !/^\s*(\*|\/\/|\/\*\*)/.test(line) && SEARCHES.some((s) => s.test(line)));
    expect(searching).toEqual([]);
  });

  test("the orchestration plans nothing with stand-in names and holds no component's wording", () => {
    const text = fs.readFileSync(ORCHESTRATION, "utf8");
    expect(text).not.toMatch(/adoptpeer|MEMBER_RULE|INTERCONNECT_DESCRIPTION|function (threeTier|database|whitelist|workbench|interconnect)Candidates/);
    expect(text).not.toMatch(/`[^`]*(reaches|may reach|admin access|interconnect of)[^`]*`/);
  });
});
