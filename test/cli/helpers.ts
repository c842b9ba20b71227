import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { PlanAnalyses } from "../../lib/cli/analyses";
import { CliIo, runCli } from "../../lib/cli/run-cli";

/** The fixture programs. */
export const FIXTURES = path.join(__dirname, "fixtures");

// Programs load in fresh module registries (below), but share these two packages: one Pulumi
// runtime for the whole test file, as in a real run, instead of reloading it on every plan.
jest.doMock("@pulumi/pulumi", () => pulumi);
jest.doMock("@pulumi/alicloud", () => alicloud);

/**
 * Loads each program in a fresh module registry: jest's require cache cannot be cleared, and a
 * program must run again on every plan. (The command itself uses ts-node and Node's require.)
 */
export const isolatedLoader: NonNullable<CliIo["loader"]> = () => (file) => {
  let exported: unknown;
  jest.isolateModules(() => {
    exported = require(file);
  });
  return exported;
};

/** What one run of the command printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command in-process, from `cwd` (default: the fixtures directory). */
export async function cli(argv: string[], options: { cwd?: string; analyses?: PlanAnalyses } = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: options.cwd ?? FIXTURES,
    loader: isolatedLoader,
    // The report core is tested without sections; default-analyses.test.ts covers the standard ones.
    analyses: options.analyses ?? {},
  });
  return { code, stdout, stderr };
}
