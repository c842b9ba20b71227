import { checkNetwork, CHECK_IDS } from "../lib";
import { syntheticNetwork } from "./synthetic";
const model = syntheticNetwork(500, 200, 7);
checkNetwork(model);
for (const id of CHECK_IDS) { const t = Date.now(); const f = checkNetwork(model, { checks: [id], consolidate: false }); console.log(id.padEnd(28), Date.now() - t, "ms", f.length); }
for (let i=0;i<2;i++){ const t = Date.now(); checkNetwork(model, { consolidate: false }); console.log("all, no consolidate", Date.now() - t); }
for (let i=0;i<2;i++){ const t = Date.now(); checkNetwork(model); console.log("all", Date.now() - t); }
