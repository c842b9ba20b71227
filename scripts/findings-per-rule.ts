/**
 * Findings per risky rule (a rule with at least one finding), before and after one finding per
 * rule, over every example program, planned on mocks:
 *
 *   npx ts-node --transpile-only scripts/findings-per-rule.ts
 *   npx ts-node --transpile-only scripts/findings-per-rule.ts --corpus   (after npm run corpus)
 */
import * as fs from "fs";
import * as path from "path";
import { checkNetwork } from "../lib/checks";
import { planProject } from "../lib/cli/plan";

async function corpus(root: string): Promise<void> {
  // The provider's examples that plan (npm run corpus extracts them into .corpus/).
  const dirs = fs.readdirSync(path.join(root, ".corpus")).sort();
  let risky = 0;
  let perCheck = 0;
  let merged = 0;
  let planned = 0;
  for (const d of dirs) {
    let capture;
    try {
      ({ capture } = await planProject({ dir: path.join(root, ".corpus", d), cwd: root, timeoutMs: 5000, warn: () => undefined, console: () => undefined }));
    } catch {
      continue;
    }
    planned++;
    const rules = (list: ReturnType<typeof checkNetwork>) => list.filter((f) => f.ruleIndex !== undefined);
    risky += new Set(rules(checkNetwork(capture.network, { consolidate: false })).map((f) => `${f.groupId}/${f.ruleIndex}`)).size;
    perCheck += rules(checkNetwork(capture.network, { consolidate: false })).length;
    merged += rules(checkNetwork(capture.network)).length;
  }
  const ratio = (n: number) => (risky === 0 ? "-" : (n / risky).toFixed(2));
  console.log(`corpus: ${planned} programs planned, ${risky} risky rules, ${perCheck} findings per check (${ratio(perCheck)} per rule), ${merged} one per problem (${ratio(merged)} per rule)`);
}

async function main(): Promise<void> {
  const root = path.join(__dirname, "..");
  if (process.argv.includes("--corpus")) return corpus(root);
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
