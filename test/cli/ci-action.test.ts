/** The GitHub Action: action.yml, its script's dry run, and the pre-commit hook. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { DEFAULT_ANALYSES } from "../../lib/cli/analyses";
import { actionOptions, commentMarker, main, runCiAction, splitArgs } from "../../lib/cli/ci-action";
import { FIXTURES, isolatedLoader } from "./helpers";
import { validSarif } from "./ci-validators";

const ROOT = path.join(__dirname, "..", "..");
const SOURCES = path.join(__dirname, "..", "sources", "fixtures");

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

describe("action.yml", () => {
  const action = yaml.load(fs.readFileSync(path.join(ROOT, "action.yml"), "utf8")) as { inputs: Record<string, { default?: string }>; runs: { using: string; steps: Step[] } };

  test("is a composite action with the inputs command, args, fail-on, sarif-file and comment", () => {
    expect(action.runs.using).toBe("composite");
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(["command", "args", "fail-on", "sarif-file", "comment"]));
  });

  test("runs the package's script with the inputs in the environment (never pasted into the shell line), uploads the SARIF, then gates on the exit code", () => {
    const [run, upload, gate] = action.runs.steps;
    expect(run.run).toContain("'dist', 'cli', 'ci-action.js'");
    expect(fs.existsSync(path.join(ROOT, "lib", "cli", "ci-action.ts"))).toBe(true);
    expect(run.run).not.toMatch(/\$\{\{\s*inputs\./);
    expect(run.env).toMatchObject({ INPUT_COMMAND: "${{ inputs.command }}", INPUT_ARGS: "${{ inputs.args }}", INPUT_FAIL_ON: "${{ inputs.fail-on }}", INPUT_SARIF_FILE: "${{ inputs.sarif-file }}", INPUT_COMMENT: "${{ inputs.comment }}" });
    expect(upload.uses).toMatch(/^github\/codeql-action\/upload-sarif@v\d+$/);
    expect(upload.if).toContain("always()");
    expect(gate.run).toContain("EXIT_CODE");
  });

  test(".pre-commit-hooks.yaml runs plan on the project", () => {
    const hooks = yaml.load(fs.readFileSync(path.join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as { id: string; entry: string; args: string[]; pass_filenames: boolean }[];
    expect(hooks).toEqual([expect.objectContaining({ id: "alicloud-secgroups-plan", entry: "npx --no-install alicloud-secgroups plan", args: ["."], pass_filenames: false })]);
  });
});

describe("the Action's script", () => {
  let tmp: string;
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sg-action-"))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test("splits args as a shell would split quoted words, expanding nothing", () => {
    expect(splitArgs(` infra --exemptions "my exemptions.yaml"  --config 'name=$HOME' `)).toEqual(["infra", "--exemptions", "my exemptions.yaml", "--config", "name=$HOME"]);
    expect(() => splitArgs('"open')).toThrow(/unclosed/);
  });

  test("refuses a format in args and a command it does not run", () => {
    expect(() => actionOptions({ INPUT_COMMAND: "plan", INPUT_ARGS: ". --format text" }, tmp)).toThrow(/must not choose a format/);
    expect(() => actionOptions({ INPUT_COMMAND: "adopt" }, tmp)).toThrow(/not one the Action runs/);
  });

  test("dry run of plan: writes the SARIF with paths relative to the repository, and the comment to a file, calling nothing", async () => {
    const posted: string[] = [];
    const sarifFile = path.join(tmp, "out.sarif");
    const commentFile = path.join(tmp, "comment.md");
    // The repository root is the fixtures' parent: the project is fixtures/vpn in it.
    const result = await runCiAction(
      { command: "plan", args: ["vpn", "--exemptions", "vpn/exemptions.yaml"], sarifFile, comment: true, dryRun: true, commentFile, cwd: FIXTURES, workspace: path.dirname(FIXTURES) },
      () => undefined,
      async (body) => void posted.push(body),
      { loader: isolatedLoader, analyses: DEFAULT_ANALYSES },
    );
    expect(result).toMatchObject({ exitCode: 1, sarifFile, commentFile });
    expect(posted).toEqual([]);
    const log = validSarif(fs.readFileSync(sarifFile, "utf8"));
    expect(log.runs[0].results?.map((r) => r.locations?.[0].physicalLocation?.artifactLocation?.uri)).toEqual(["fixtures/vpn/index.js", "fixtures/vpn/index.js"]);
    const comment = fs.readFileSync(commentFile, "utf8");
    expect(comment.startsWith(`${commentMarker("plan")}\n## Security groups of vpn`)).toBe(true);
    expect(comment).toContain("| high | public-admin-port |");
    expect(comment.trimEnd().endsWith("Exit code 1: something reached --fail-on; the check fails.")).toBe(true);
  });

  test("main reads the inputs from the environment and writes the step's outputs; a command that cannot run is exit-code 2", async () => {
    const outputs = path.join(tmp, "github-output");
    const code = await main({ INPUT_COMMAND: "audit", INPUT_ARGS: `"${path.join(SOURCES, "ecs")}"`, INPUT_FAIL_ON: "none", INPUT_SARIF_FILE: "audit.sarif", INPUT_DRY_RUN: "true", INPUT_COMMENT_FILE: "c.md", GITHUB_OUTPUT: outputs }, tmp, () => undefined);
    expect(code).toBe(0);
    expect(fs.readFileSync(outputs, "utf8")).toBe("exit-code=0\nsarif-file=audit.sarif\ncomment-file=c.md\n");
    validSarif(fs.readFileSync(path.join(tmp, "audit.sarif"), "utf8"));
    expect(fs.readFileSync(path.join(tmp, "c.md"), "utf8")).toContain("### alicloud-secgroups audit:");
    fs.writeFileSync(outputs, "");
    const logged: string[] = [];
    const broken = await main({ INPUT_COMMAND: "audit", INPUT_ARGS: "missing.json", INPUT_DRY_RUN: "true", INPUT_COMMENT_FILE: "c.md", GITHUB_OUTPUT: outputs }, tmp, (t) => void logged.push(t));
    expect(broken).toBe(0);
    expect(logged.join("")).toBe("alicloud-secgroups: cannot read missing.json: no such file or directory\n");
    expect(fs.readFileSync(outputs, "utf8")).toBe("exit-code=2\nsarif-file=\ncomment-file=c.md\n");
    expect(fs.readFileSync(path.join(tmp, "c.md"), "utf8")).toContain("could not run");
  });
});
