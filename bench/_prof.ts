import { checkNetwork } from "../lib";
import { syntheticNetwork } from "./synthetic";
const model = syntheticNetwork(500, 200, 7);
for (let i = 0; i < 2; i++) { const t = Date.now(); const f = checkNetwork(model); console.log(Date.now() - t, "ms", f.length); }
