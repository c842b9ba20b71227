import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_ANALYSES } from "../../lib/cli/analyses";
import { cli } from "./helpers";

const ROOT = path.join(__dirname, "..", "..");

describe("README", () => {
  test("shows the plan and the diagram the three-tier example really gives", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sg-readme-"));
    try {
      const run = await cli(["plan", ROOT, "--diagram", path.join(dir, "access.mmd")], { cwd: ROOT, analyses: DEFAULT_ANALYSES });
      expect(run.code).toBe(0);
      const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
      expect(readme).toContain("```mermaid\n" + fs.readFileSync(path.join(dir, "access.mmd"), "utf8") + "```");
      expect(readme).toContain("```text\n$ npm run plan\n" + run.stdout + "```");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
