// A user's program, compiled against the packed library: it imports by package name only.
import * as alicloud from "@pulumi/alicloud";
import { ThreeTierSecurityGroups, ValidationError, checkNetwork, evaluateFlow, validateRule } from "alicloud-secgroups";
import { createPolicies, policyPackConfig, runPolicies } from "alicloud-secgroups/policy";
import * as testing from "alicloud-secgroups/testing";

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

  const shop = await testing.captureNetwork(() => {
    new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1" });
  });
  const findings = checkNetwork(shop);
  if (findings.some((f) => f.severity === "high")) throw new Error(`unexpected findings ${JSON.stringify(findings)}`);
  const withHosts = { ...shop, instances: [{ id: "web", privateIp: "10.0.1.5", groups: ["sg-shop-web"] }, { id: "db", privateIp: "10.0.3.5", groups: ["sg-shop-db"] }] };
  if (!evaluateFlow(withHosts, { from: "198.51.100.7", to: "web", protocol: "tcp", port: 443 }).allowed) throw new Error("the web tier is not reachable on 443");
  if (evaluateFlow(withHosts, { from: "198.51.100.7", to: "db", protocol: "tcp", port: 3306 }).allowed) throw new Error("the database is reachable from the internet");
  try {
    new ThreeTierSecurityGroups("bad", { vpcId: "vpc-1", admin: { sources: ["0.0.0.0/0"] } });
    throw new Error("an admin source of 0.0.0.0/0 was accepted");
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
  }
  console.log(`consumer: three tiers, ${shop.groups.reduce((n, g) => n + g.rules.length, 0)} rules, no high finding`);

  // The pack's policies, from the package's policy entry, run through the engine's handlers.
  const names = createPolicies().map((p) => p.name);
  if (!names.includes("public-admin-port") || !("public-admin-port" in policyPackConfig())) throw new Error(`unexpected policies ${names.join(", ")}`);
  const capture = await testing.captureStack(() => {
    const g = new alicloud.ecs.SecurityGroup("legacy", { vpcId: "vpc-1" });
    new alicloud.ecs.SecurityGroupRule("ssh", { securityGroupId: g.id, type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" });
  });
  const run = await runPolicies(capture);
  if (run.mandatory.map((d) => d.policy).join() !== "public-admin-port") throw new Error(`unexpected diagnostics ${JSON.stringify(run.diagnostics)}`);
  console.log(`consumer: the pack reports ${run.mandatory.length} mandatory violation through the engine's handlers`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
