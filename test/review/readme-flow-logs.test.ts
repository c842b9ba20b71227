import * as fs from "fs";
import * as path from "path";
import { attributeFlows, emptyFlowLogStats, NetworkModel, proposeNarrowing, readFlowLog } from "../../lib";

/** The README's flow-log example: the model and log behind the summaries it shows. */
const model: NetworkModel = {
  groups: [
    {
      id: "sg-web",
      vpcId: "vpc-1",
      rules: [
        { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" },
        { type: "ingress", ipProtocol: "tcp", portRange: "8080/8080", cidrIp: "10.0.0.0/8" },
        { type: "ingress", ipProtocol: "tcp", portRange: "9000/9000", cidrIp: "0.0.0.0/0" },
      ],
    },
  ],
  instances: [{ id: "eni-web", privateIp: "172.16.1.10", groups: ["sg-web"] }],
};

function log(): string {
  const lines = ["eni-id,srcaddr,srcport,dstaddr,dstport,protocol,direction,start,end,log-status,action,tcp-flags"];
  for (let d = 0; d < 15; d++) {
    for (let k = 0; k < 10; k++) {
      const t = 1764547200 + d * 86400 + k * 600;
      const admin = k % 2 ? "198.51.100.20" : "203.0.113.7";
      lines.push(`eni-web,${admin},5${k}000,172.16.1.10,22,6,in,${t},${t + 60},OK,ACCEPT,27`);
      lines.push(`eni-web,172.16.1.10,22,${admin},5${k}000,6,out,${t},${t + 60},OK,ACCEPT,27`);
      lines.push(`eni-web,10.1.2.${k + 1},40000,172.16.1.10,8080,6,in,${t},${t + 60},OK,ACCEPT,27`);
    }
  }
  return lines.join("\n");
}

describe("README: least privilege from flow logs", () => {
  test("shows the summaries the example really gives", async () => {
    const stats = emptyFlowLogStats();
    const usage = await attributeFlows(model, readFlowLog([log()], { file: "flow.csv", stats }));
    expect(usage.counts).toMatchObject({ records: 450, requests: 300, replies: 150, attributed: 300, disagreements: 0 });
    const { proposals } = proposeNarrowing(model, usage, { coverage: stats });
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    expect(proposals).toHaveLength(3);
    for (const p of proposals) expect(readme).toContain(`// ${p.summary}\n`);
  });
});
