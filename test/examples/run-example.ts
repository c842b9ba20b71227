/** Runs the examples as Pulumi would, on mocks. */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { captureStack, StackCapture } from "../../lib/testing/capture-network";

export const ROOT = path.join(__dirname, "..", "..");

// Each program loads in a fresh module registry (below) but shares these two packages with the
// test file: one Pulumi runtime, as in a real run, instead of reloading it on every program.
jest.doMock("@pulumi/pulumi", () => pulumi);
jest.doMock("@pulumi/alicloud", () => alicloud);

export interface Project {
  name: string;
  runtime: string;
  description?: string;
  main?: string;
  config?: Record<string, unknown>;
}

export function project(file: string): Project {
  return yaml.load(fs.readFileSync(file, "utf8")) as Project;
}

/** The project's own config keys with their Pulumi.yaml defaults. */
export function defaults(p: Project): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, spec] of Object.entries(p.config ?? {})) {
    if (!key.includes(":") && typeof spec === "object" && spec !== null && "default" in spec) out[key] = String((spec as { default: unknown }).default);
  }
  return out;
}

/** Runs an example program on mocks, fresh each time (its module runs at require time). */
export function run(example: string, config: Record<string, string> = {}): Promise<StackCapture> {
  const dir = path.join(ROOT, "examples", example);
  return captureStack(
    () => {
      let exports: unknown;
      jest.isolateModules(() => {
        exports = require(dir);
      });
      return exports;
    },
    { project: project(path.join(dir, "Pulumi.yaml")).name, config },
  );
}

