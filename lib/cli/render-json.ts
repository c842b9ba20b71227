/**
 * The plan report as JSON for machines: the same content as the text, in the shape of
 * {@link PlanReport} (documented in docs/cli.md), two-space indented, keys in a fixed order.
 */
import { PlanReport } from "./report";

/** Renders the report as JSON, ending with a newline. Absent optional fields are left out. */
export function renderJson(report: PlanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
