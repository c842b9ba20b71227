/** One tool: the same version, help, error shape, exit codes and paths for every command. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliIo, runCli } from "../../lib/cli/run-cli";
import { cli } from "./helpers";

const SOURCES = path.join(__dirname, "..", "sources", "fixtures");
const PACKAGE = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };

async function run(argv: string[], io: Partial<CliIo> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: SOURCES, ...io });
  return { code, stdout, stderr };
}

describe("one command line", () => {
  test("--version prints the package's version", async () => {
    expect(await run(["--version"])).toEqual({ code: 0, stdout: `${PACKAGE.version}\n`, stderr: "" });
  });

  test.each(["plan", "audit", "diff", "adopt"])("%s --help is generated from its declared options, like every command's, and states the exit codes", async (command) => {
    const r = await run([command, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: alicloud-secgroups ${command} \\[options\\]`));
    expect(r.stdout).toContain("\nOptions:\n");
    expect(r.stdout).toContain("--format <format>");
    expect(r.stdout).toContain("-h, --help");
    expect(r.stdout).toContain("Exit codes: 0 done, and nothing reached the --fail-on level; 1 something did");
    expect((await run(["help", command])).stdout).toBe(r.stdout);
  });

  test("every report command offers the CI formats; adopt refuses them as usage", async () => {
    for (const command of ["plan", "audit", "diff"]) expect((await run([command, "--help"])).stdout).toMatch(/"sarif", "junit",\s+"github"/);
    const r = await run(["adopt", "ecs", "--out", "x", "--format", "sarif"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^alicloud-secgroups: option '--format <format>' argument 'sarif' is invalid/);
  });

  test.each([
    [["plan", "--nope"]],
    [["audit", "--nope"]],
    [["diff", "a.json"]],
    [["adopt", "ecs"]],
    [["audit", "no-such-export.json"]],
  ])("%j: exit 2, one line of the tool's on stderr, and with --json the one error object whose message is that line without the tool's name", async (argv) => {
    const r = await run([...argv, "--json"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^alicloud-secgroups: [^\n]+\n$/);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(["version", "error"]);
    expect(out).toEqual({ version: 1, error: { code: expect.any(String), message: r.stderr.trimEnd().replace(/^alicloud-secgroups: /, "") } });
  });

  test("diff exits 2 on an input it cannot read or recognise, naming the file", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sg-one-"));
    try {
      fs.writeFileSync(path.join(tmp, "notes.json"), JSON.stringify({ hello: "world" }));
      const r = await run(["diff", path.join(SOURCES, "stack.json"), "notes.json", "--json"], { cwd: tmp });
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout).error.message).toContain("notes.json");
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  test("plan shows a path as the user typed it", async () => {
    const missing = path.join(os.tmpdir(), "sg-no-such-project-dir");
    const r = await cli(["plan", missing]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`alicloud-secgroups: ${missing} does not exist. Pass the directory of a Pulumi project.\n`);
    const rel = await cli(["plan", "./throws/"]);
    expect(rel.stderr).toContain("the program ./throws/index.ts threw ValidationError");
  });

  test("a program that crashes exits 2, never 1 (the code of a finding that reached --fail-on)", async () => {
    const r = await cli(["plan", "throws", "--json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe("program-failed");
  });

  test("an unexpected error exits 2 with the error object", async () => {
    const r = await cli(["plan", "web-db", "--json"], {
      analyses: {
        findings: () => {
          throw new TypeError("boom");
        },
      },
    });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ version: 1, error: { code: "unexpected", message: "unexpected error: boom" } });
  });
});
