import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliError, EXIT_PROGRAM_ERROR, EXIT_USAGE_ERROR } from "../../lib/cli/cli-error";
import { findProject, readStackConfig } from "../../lib/cli/project";

let root: string;

/** Writes files (path → content) under a fresh temporary directory. */
function tree(files: Record<string, string>): string {
  for (const [file, content] of Object.entries(files)) {
    const p = path.join(root, file);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return root;
}

function failure(fn: () => unknown): CliError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error("expected a CliError");
}

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "sg-project-")));
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe("findProject", () => {
  test("reads the name and runs index.ts when Pulumi.yaml has no main", () => {
    tree({ "Pulumi.yaml": "name: shop\nruntime: nodejs\n", "index.ts": "" });
    expect(findProject(root, root)).toMatchObject({ dir: root, name: "shop", entry: path.join(root, "index.ts"), stackConfigDir: root, config: {}, warnings: [] });
  });

  test("follows main to a directory, as the repository's Pulumi.yaml does for examples/three-tier/", () => {
    tree({ "Pulumi.yaml": "name: shop\nruntime: nodejs\nmain: examples/three-tier/\n", "examples/three-tier/index.ts": "", "index.ts": "" });
    expect(findProject(root, root).entry).toBe(path.join(root, "examples/three-tier/index.ts"));
  });

  test("follows main to a file, with or without its extension", () => {
    tree({ "Pulumi.yaml": "name: shop\nruntime: nodejs\nmain: src/stack\n", "src/stack.ts": "" });
    expect(findProject(root, root).entry).toBe(path.join(root, "src/stack.ts"));
  });

  test("falls back to the package.json main, then its exports", () => {
    tree({ "Pulumi.yaml": "name: shop\nruntime: nodejs\n", "package.json": '{"main": "bin/program.js"}', "bin/program.js": "", "index.ts": "" });
    expect(findProject(root, root).entry).toBe(path.join(root, "bin/program.js"));
    tree({ "package.json": '{"exports": {".": {"require": "./lib/main.ts"}}, "main": "bin/program.js"}', "lib/main.ts": "" });
    expect(findProject(root, root).entry).toBe(path.join(root, "lib/main.ts"));
  });

  test("skips a package.json main that does not exist (e.g. an unbuilt dist/)", () => {
    tree({ "Pulumi.yaml": "name: shop\n", "package.json": '{"main": "dist/index.js"}', "index.ts": "" });
    expect(findProject(root, root).entry).toBe(path.join(root, "index.ts"));
  });

  test("prefers index.js over index.ts, as Pulumi does, and warns", () => {
    tree({ "Pulumi.yaml": "name: shop\n", "index.ts": "", "index.js": "" });
    const project = findProject(root, root);
    expect(project.entry).toBe(path.join(root, "index.js"));
    expect(project.warnings).toEqual([". holds both index.js and index.ts; planning index.js, as Pulumi would. Set main in Pulumi.yaml to choose."]);
  });

  test("without Pulumi.yaml, the directory is the program and its name the project's", () => {
    tree({ "app/index.js": "" });
    expect(findProject(path.join(root, "app"), root)).toMatchObject({ name: "app", entry: path.join(root, "app/index.js") });
  });

  test("accepts the entry file itself", () => {
    tree({ "app/stack.ts": "", "app/tsconfig.json": "{}" });
    expect(findProject(path.join(root, "app/stack.ts"), root)).toMatchObject({ dir: path.join(root, "app"), entry: path.join(root, "app/stack.ts"), tsconfig: path.join(root, "app/tsconfig.json") });
  });

  test("reads Pulumi.yml, the runtime's tsconfig option and stackConfigDir", () => {
    tree({ "Pulumi.yml": "name: shop\nruntime:\n  name: nodejs\n  options:\n    tsconfig: tsconfig.pulumi.json\nstackConfigDir: stacks\n", "index.ts": "" });
    expect(findProject(root, root)).toMatchObject({ name: "shop", tsconfig: path.join(root, "tsconfig.pulumi.json"), stackConfigDir: path.join(root, "stacks") });
  });

  test("reads project configuration defaults and values, namespacing bare keys", () => {
    tree({ "Pulumi.yaml": "name: shop\nconfig:\n  port:\n    type: integer\n    default: 8080\n  env: prod\n  alicloud:region:\n    value: cn-hangzhou\n  note:\n    type: string\n", "index.ts": "" });
    expect(findProject(root, root).config).toEqual({ "shop:port": "8080", "shop:env": "prod", "alicloud:region": "cn-hangzhou" });
  });

  test("refuses a runtime other than Node.js as a usage error", () => {
    tree({ "Pulumi.yaml": "name: shop\nruntime: python\n", "__main__.py": "" });
    const e = failure(() => findProject(root, root));
    expect(e.exitCode).toBe(EXIT_USAGE_ERROR);
    expect(e.message).toContain('Pulumi.yaml declares runtime "python"; the plan command runs Node.js');
  });

  test("refuses a missing directory and one without a program as usage errors", () => {
    expect(failure(() => findProject(path.join(root, "nope"), root))).toMatchObject({ exitCode: EXIT_USAGE_ERROR, message: "alicloud-secgroups: nope does not exist. Pass the directory of a Pulumi project." });
    tree({ "Pulumi.yaml": "name: shop\nmain: src/\n", "src/readme.md": "" });
    expect(failure(() => findProject(root, root)).message).toContain("no program found in src (main of Pulumi.yaml)");
  });

  test("reports a Pulumi.yaml that is not YAML as a project error", () => {
    tree({ "Pulumi.yaml": "name: [unclosed\n", "index.ts": "" });
    const e = failure(() => findProject(root, root));
    expect(e.exitCode).toBe(EXIT_PROGRAM_ERROR);
    expect(e.message).toMatch(/^alicloud-secgroups: cannot read Pulumi.yaml: /);
  });
});

describe("readStackConfig", () => {
  test("reads Pulumi.<stack>.yaml as strings, JSON for structured values, keys namespaced", () => {
    tree({ "Pulumi.yaml": "name: shop\n", "index.ts": "", "Pulumi.prod.yaml": "config:\n  shop:vpcId: vpc-1\n  shop:port: 443\n  shop:public: true\n  shop:cidrs:\n    - 10.0.0.0/8\n  region: cn-hangzhou\n" });
    expect(readStackConfig(findProject(root, root), "prod", root)).toEqual({
      config: { "shop:vpcId": "vpc-1", "shop:port": "443", "shop:public": "true", "shop:cidrs": '["10.0.0.0/8"]', "shop:region": "cn-hangzhou" },
      secrets: [],
      file: path.join(root, "Pulumi.prod.yaml"),
    });
  });

  test("returns secrets apart, unread", () => {
    tree({ "Pulumi.yaml": "name: shop\n", "index.ts": "", "Pulumi.dev.yaml": "config:\n  shop:password:\n    secure: AAABAxyz\n  shop:user: admin\n" });
    expect(readStackConfig(findProject(root, root), "dev", root)).toEqual({ config: { "shop:user": "admin" }, secrets: ["shop:password"], file: path.join(root, "Pulumi.dev.yaml") });
  });

  test("has nothing to read for a stack without a file, or from stackConfigDir", () => {
    tree({ "Pulumi.yaml": "name: shop\nstackConfigDir: stacks\n", "index.ts": "", "Pulumi.dev.yaml": "config:\n  shop:a: root\n", "stacks/Pulumi.dev.yaml": "config:\n  shop:a: stacks\n" });
    const project = findProject(root, root);
    expect(readStackConfig(project, "dev", root).config).toEqual({ "shop:a": "stacks" });
    expect(readStackConfig(project, "test", root)).toEqual({ config: {}, secrets: [] });
  });
});
