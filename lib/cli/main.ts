#!/usr/bin/env node
/**
 * The `alicloud-secgroups` executable: runs the command on the process's arguments and exits
 * with its code.
 */
import { EXIT_PROGRAM_ERROR, printableMessage } from "./cli-error";
import { runCli } from "./run-cli";

// A reader that stops early (`| head`) closes the pipe: that is not an error of the plan.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code !== "EPIPE") throw e;
  process.exit(process.exitCode ?? 0);
});

let settled = false;
// A program can leave nothing for the event loop to wait on while the plan still awaits it (a
// promise that can never settle): Node would then exit 0 with nothing printed. Say so instead.
process.on("beforeExit", () => {
  if (settled) return;
  settled = true;
  process.stderr.write("alicloud-secgroups: the program stopped before the plan finished: it awaits something that can never complete (a promise nothing resolves), and left nothing running to wait for.\n");
  process.exitCode = EXIT_PROGRAM_ERROR;
});

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
}).then(
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (e: unknown) => {
    settled = true;
    process.stderr.write(`${printableMessage(`alicloud-secgroups: ${e instanceof Error ? e.message : String(e)}`)}\n`);
    process.exitCode = EXIT_PROGRAM_ERROR;
  },
);
