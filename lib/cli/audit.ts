/**
 * `alicloud-secgroups audit SOURCE…`.
 */
import { AuditCommandOptions } from "./review-args";
import { CommandResult } from "./diff";

/** Runs `audit` on parsed options. */
export function runAuditCommand(opts: AuditCommandOptions): CommandResult {
  void opts;
  return { exitCode: 1, stdout: "", stderr: "alicloud-secgroups: audit is not available yet.\n" };
}
