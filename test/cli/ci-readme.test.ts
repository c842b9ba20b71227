/** The README's CI section: every YAML block parses, and every command line in it uses real commands and options. */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { parseCliArgs } from "../../lib/cli/args";
import { splitArgs } from "../../lib/cli/ci-action";

const ROOT = path.join(__dirname, "..", "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const SECTION = README.slice(README.indexOf("## In CI:"), README.indexOf("\n## ", README.indexOf("## In CI:") + 1));
const BLOCKS = [...SECTION.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
const ACTION = yaml.load(fs.readFileSync(path.join(ROOT, "action.yml"), "utf8")) as { inputs: Record<string, unknown> };
const HOOKS = yaml.load(fs.readFileSync(path.join(ROOT, ".pre-commit-hooks.yaml"), "utf8")) as { id: string; entry: string }[];

/** Every string in a parsed YAML value. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

/** The arguments after `alicloud-secgroups` in a shell line, up to a redirection or another command. */
function commandLine(line: string): string[] | undefined {
  const at = line.indexOf("alicloud-secgroups ");
  if (at < 0) return undefined;
  return splitArgs(line.slice(at + "alicloud-secgroups ".length).split(/\s(?:>|\||&&|;)/)[0]);
}

/** Every `uses:` step of a workflow fragment (a list of steps or a whole workflow). */
function steps(doc: unknown): { uses?: string; with?: Record<string, string> }[] {
  if (Array.isArray(doc)) return doc.flatMap(steps);
  if (typeof doc !== "object" || doc === null) return [];
  const o = doc as Record<string, unknown>;
  return [...(typeof o.uses === "string" ? [o as { uses: string }] : []), ...Object.values(o).flatMap(steps)];
}

describe("README: In CI", () => {
  test("has the GitHub Actions, GitLab CI and pre-commit YAML", () => {
    expect(SECTION).toContain("### GitHub Actions");
    expect(SECTION).toContain("### GitLab CI");
    expect(BLOCKS.length).toBeGreaterThanOrEqual(4);
  });

  test.each(BLOCKS.map((b, i) => [i, b]))("YAML block %i parses, and its command lines parse with the command's declared options", (_, block) => {
    const doc = yaml.load(block as string);
    const lines = strings(doc).flatMap((s) => s.split("\n")).map(commandLine).filter((x): x is string[] => x !== undefined);
    for (const argv of lines) expect(() => parseCliArgs(argv)).not.toThrow();
    for (const step of steps(doc).filter((s) => /\/alicloud-secgroups@/.test(s.uses ?? ""))) {
      const inputs = step.with ?? {};
      for (const k of Object.keys(inputs)) expect(Object.keys(ACTION.inputs)).toContain(k);
      const argv = [inputs.command ?? "plan", ...splitArgs(inputs.args ?? "."), ...(inputs["fail-on"] ? ["--fail-on", inputs["fail-on"]] : [])];
      expect(() => parseCliArgs(argv)).not.toThrow();
    }
    const repos = (doc as { repos?: { hooks: { id: string; args?: string[] }[] }[] }).repos ?? [];
    for (const hook of repos.flatMap((r) => r.hooks)) {
      const declared = HOOKS.find((h) => h.id === hook.id);
      expect(declared).toBeDefined();
      expect(() => parseCliArgs([...(commandLine(declared!.entry) ?? []), ...(hook.args ?? [])])).not.toThrow();
    }
  });

  test("the command lines found are the ones the section shows", () => {
    const all = BLOCKS.flatMap((b) => strings(yaml.load(b)).flatMap((s) => s.split("\n"))).map(commandLine).filter((x) => x !== undefined);
    expect(all.map((a) => a![0])).toEqual(expect.arrayContaining(["plan", "audit"]));
  });
});
