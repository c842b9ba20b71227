import { checkNetwork, CHECK_IDS } from "../lib";
import { syntheticNetwork } from "./synthetic";
const model = syntheticNetwork(500, 200, 7);
const cpu = (fn: () => unknown) => { const c = process.cpuUsage(); fn(); const d = process.cpuUsage(c); return ((d.user + d.system) / 1000).toFixed(0); };
checkNetwork(model);
const only = process.argv[2];
for (const id of CHECK_IDS) { if (only && id !== only) continue; console.log(id.padEnd(28), cpu(() => checkNetwork(model, { checks: [id], consolidate: false })), "ms cpu"); }
for (let i=0;i<2;i++) console.log("all", cpu(() => checkNetwork(model)), "ms cpu");
