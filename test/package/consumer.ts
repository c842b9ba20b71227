// A user's program, compiled against the packed library: it imports by package name only.
import * as alicloud from "@pulumi/alicloud";
import { ValidationError, testing, validateRule } from "alicloud-secgroups";

async function main(): Promise<void> {
  const rule = validateRule({ type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" });
  if (rule.priority !== 1) throw new Error("defaults were not filled");
  try {
    validateRule({ type: "ingress", ipProtocol: "tcp", portRange: "200/1", cidrIp: "0.0.0.0/0" });
    throw new Error("200/1 was accepted");
  } catch (e) {
    if (!(e instanceof ValidationError) || e.code !== "invalid-port-range") throw e;
  }
  const network = await testing.captureNetwork(() => {
    const web = new alicloud.ecs.SecurityGroup("web", { vpcId: "vpc-1" });
    new alicloud.ecs.SecurityGroupRule("https", { securityGroupId: web.id, type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" });
  });
  if (network.groups.length !== 1 || network.groups[0].rules.length !== 1) throw new Error(`unexpected network ${JSON.stringify(network)}`);
  console.log(`consumer: ${network.groups.length} group, ${network.groups[0].rules.length} rule`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
