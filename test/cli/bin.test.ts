import { DEFAULT_ANALYSES } from "../../lib/cli/analyses";
import { spawnSync } from "child_process";
import * as path from "path";
import { cli } from "./helpers";

const REPO = path.join(__dirname, "..", "..");

describe("the alicloud-secgroups executable", () => {
  test("run through ts-node, compiles the program with a ts-node it registers itself and prints what runCli prints", async () => {
    // ts-node scoped to lib/ compiles the command but not the program, as when the command is
    // the built dist/cli/main.js: the command must register ts-node for the program itself.
    const result = spawnSync(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", "lib/cli/main.ts", "plan", "test/cli/fixtures/web-db"], {
      cwd: REPO,
      encoding: "utf8",
      env: { ...process.env, TS_NODE_SCOPE: "true", TS_NODE_SCOPE_DIR: path.join(REPO, "lib"), PULUMI_SKIP_UPDATE_CHECK: "1" },
    });
    const inProcess = await cli(["plan", "web-db"], { analyses: DEFAULT_ANALYSES });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: "" });
    expect(result.stdout).toBe(inProcess.stdout);
  });

  test("a program whose timer throws exits 2 with the command's own message naming file and line, never Pulumi's promise-leak text", () => {
    const result = spawnSync(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", "lib/cli/main.ts", "plan", "test/cli/fixtures/timer-throws"], {
      cwd: REPO,
      encoding: "utf8",
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "1" },
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^alicloud-secgroups: the program test\/cli\/fixtures\/timer-throws\/index\.ts failed: an error thrown outside the program's main flow \(a timer or callback\): TypeError: Cannot read properties of undefined \(reading '0'\) at index\.ts:10:\d+\. Left waiting on it: web \(alicloud:ecs\/securityGroup:SecurityGroup, index\.ts:7\)\./);
    expect(result.stderr).not.toContain("promises were still active");
  });
});
