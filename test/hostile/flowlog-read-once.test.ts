/**
 * `audit --flow-logs` reads each source and each flow log once, and builds one report: the
 * flow-log section is carried by the report every format renders, never spliced into output
 * that was already rendered (and parsed back).
 */
import fs = require("fs");
import * as path from "path";
import { runCli } from "../../lib/cli/run-cli";

const ECS = path.join(__dirname, "..", "sources", "fixtures", "ecs");
const LOG = path.join(__dirname, "..", "cli", "fixtures", "flow-logs", "ssh.jsonl");

async function run(argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: () => undefined, cwd: ECS });
  return { code, stdout };
}

describe("audit --flow-logs reads its sources once", () => {
  test("each source file and each flow log is read once, in every format, and the output is never parsed back", async () => {
    const reads = jest.spyOn(fs, "readFileSync");
    const streams = jest.spyOn(fs, "createReadStream");
    const parse = jest.spyOn(JSON, "parse");
    try {
      for (const format of ["text", "markdown", "json"]) {
        reads.mockClear();
        streams.mockClear();
        parse.mockClear();
        const r = await run(["audit", ".", "--format", format, "--fail-on", "none", "--flow-logs", LOG]);
        expect(r.code).toBe(0);
        const sources = reads.mock.calls.map((c) => String(c[0])).filter((p) => p.startsWith(ECS));
        expect(sources.length).toBe(fs.readdirSync(ECS).filter((f) => f.endsWith(".json")).length);
        expect(new Set(sources).size).toBe(sources.length);
        expect(streams.mock.calls.map((c) => String(c[0]))).toEqual([LOG]);
        // The report is rendered once: nothing parses a rendered audit report back.
        expect(parse.mock.calls.filter((c) => typeof c[0] === "string" && c[0].includes('"report": "audit"'))).toEqual([]);
        if (format !== "json") expect(r.stdout).toContain("Flow logs (");
        else expect(JSON.parse(r.stdout)).toMatchObject({ report: "audit", gate: { failed: false }, flowLogs: { files: [LOG], read: { records: 30 } } });
      }
    } finally {
      reads.mockRestore();
      streams.mockRestore();
      parse.mockRestore();
    }
  });
});
