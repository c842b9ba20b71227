/**
 * Construction overhead: N three-tier stacks built with ThreeTierSecurityGroups versus the same
 * groups and rules written as raw alicloud resources, both on Pulumi's mocks.
 */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { ThreeTierSecurityGroups } from "../lib";
import { captureStack } from "../lib/testing/capture-network";

/** The three tiers as a user would write them by hand: 3 groups, 5 rules. */
function rawThreeTier(name: string, vpcId: string, parent?: pulumi.Resource): void {
  const group = (tier: string) =>
    new alicloud.ecs.SecurityGroup(`${name}-${tier}`, { vpcId, securityGroupName: `${name}-${tier}`, innerAccessPolicy: "Drop", tags: { "managed-by": "hand", role: tier } }, { parent });
  const web = group("web");
  const app = group("app");
  const db = group("db");
  const rule = (id: string, args: Omit<alicloud.ecs.SecurityGroupRuleArgs, "type" | "ipProtocol">) =>
    new alicloud.ecs.SecurityGroupRule(`${name}-${id}`, { type: "ingress", ipProtocol: "tcp", nicType: "intranet", ...args }, { deleteBeforeReplace: true, parent });
  rule("web-80", { securityGroupId: web.id, portRange: "80/80", cidrIp: "0.0.0.0/0", description: "HTTP" });
  rule("web-443", { securityGroupId: web.id, portRange: "443/443", cidrIp: "0.0.0.0/0", description: "HTTPS" });
  rule("app-8080", { securityGroupId: app.id, portRange: "8080/8080", sourceSecurityGroupId: web.id, description: "web to app" });
  rule("db-3306", { securityGroupId: db.id, portRange: "3306/3306", sourceSecurityGroupId: app.id, description: "app to db" });
  rule("db-drop", { securityGroupId: db.id, portRange: "3306/3306", cidrIp: "0.0.0.0/0", policy: "drop", priority: 100, description: "deny db" });
}

/** How a stack is written: with the component, by hand, or by hand under a plain component parent. */
export type BuildMode = "components" | "raw" | "raw-parented";

/** Builds `n` stacks one way on mocks; returns the number of resources registered. */
export async function buildStacks(n: number, how: BuildMode): Promise<number> {
  const capture = await captureStack(() => {
    for (let i = 0; i < n; i++) {
      if (how === "components") new ThreeTierSecurityGroups(`shop${i}`, { vpcId: `vpc-${i}` });
      else if (how === "raw") rawThreeTier(`shop${i}`, `vpc-${i}`);
      else rawThreeTier(`shop${i}`, `vpc-${i}`, new pulumi.ComponentResource("bench:index:HandWritten", `shop${i}`));
    }
  });
  return capture.resources.length;
}
