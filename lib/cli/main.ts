#!/usr/bin/env node
/**
 * The `alicloud-secgroups` executable: runs the command on the process's arguments and exits
 * with its code.
 */
import { runCli } from "./run-cli";

// A reader that stops early (`| head`) closes the pipe: that is not an error of the plan.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code !== "EPIPE") throw e;
  process.exit(process.exitCode ?? 0);
});

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`alicloud-secgroups: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
