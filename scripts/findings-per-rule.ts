/**
 * Findings per risky rule (a rule with at least one finding), before and after one finding per
 * rule, over every example program, planned on mocks:
 *
 *   npx ts-node --transpile-only scripts/findings-per-rule.ts
 */
import * as path from "path";
import { checkNetwork } from "../lib/checks";
import { planProject } from "../lib/cli/plan";

async function main(): Promise<void> {
  const root = path.join(__dirname, "..");
  const examples = ["unsafe-legacy", "three-tier", "databases", "interconnect", "outbound-whitelist", "redis-from-web", "workbench-admin", "vpn-wireguard"];
  console.log("EXAMPLE             RISKY RULES  FINDINGS PER CHECK  FINDINGS (ONE PER PROBLEM)  PER RISKY RULE");
  for (const name of examples) {
    const { capture } = await planProject({ dir: path.join(root, "examples", name), cwd: root });
    const rules = (fs: ReturnType<typeof checkNetwork>) => new Set(fs.filter((f) => f.ruleIndex !== undefined).map((f) => `${f.groupId}/${f.ruleIndex}`));
    const perCheck = checkNetwork(capture.network, { consolidate: false });
    const merged = checkNetwork(capture.network);
    const risky = rules(perCheck).size;
    const ratio = (n: number) => (risky === 0 ? "-" : (n / risky).toFixed(2));
    const ruleFindings = (fs: ReturnType<typeof checkNetwork>) => fs.filter((f) => f.ruleIndex !== undefined).length;
    console.log(`${name.padEnd(20)}${String(risky).padEnd(13)}${`${ruleFindings(perCheck)} (${ratio(ruleFindings(perCheck))})`.padEnd(20)}${String(ruleFindings(merged)).padEnd(28)}${ratio(ruleFindings(merged))}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
