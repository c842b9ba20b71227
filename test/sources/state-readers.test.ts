import { evaluateFlow } from "../../lib/analysis";
import { readOneNetwork, readSource } from "../../lib/sources";
import { fixtureFiles, jsonFile, refusal } from "./helpers";

const WEB = "sg-bp1web000000000001";
const DB = "sg-bp1db0000000000001";


describe("pulumi stack export reader", () => {
  const net = readOneNetwork("stack.json", fixtureFiles("stack.json"));
  const web = net.model.groups.find((g) => g.id === WEB);

  test("reads groups from outputs, skipping bookkeeping keys", () => {
    expect(net.format).toBe("pulumi-stack");
    expect(web).toMatchObject({ id: WEB, name: "sg-web", type: "normal", innerAccessPolicy: "Accept", vpcId: "vpc-bp1example000000001" });
  });

  test("reads rules with their URN and rule id, egress peers included", () => {
    expect(web?.rules.map((r) => `${r.type} ${r.portRange} ${r.cidrIp ?? r.sourceSecurityGroupId}`)).toEqual(["ingress 443/443 0.0.0.0/0", "egress 3306/3306 sg-bp1db0000000000001"]);
    expect(net.ruleOrigins.get(WEB)?.[0]).toEqual({ file: "stack.json", path: "$.deployment.resources[3]", resource: "urn:pulumi:prod::shop::alicloud:ecs/securityGroupRule:SecurityGroupRule::web-https", ruleId: "sgr-bp1web00000000001" });
  });

  test("never reads a secret envelope as a value, and leaves out deleted resources", () => {
    expect(net.unresolved).toContainEqual(expect.objectContaining({ kind: "invalid-rule", origin: expect.objectContaining({ path: "$.deployment.resources[5]" }) }));
    expect(net.unresolved).toContainEqual(expect.objectContaining({ kind: "pending-resource", effect: expect.stringMatching(/deletion/) }));
    expect(web?.rules.some((r) => r.portRange === "22/22")).toBe(false);
  });

  test("reads instances and counts launch templates as uses of a group", () => {
    expect(net.model.instances).toEqual([{ id: "i-bp1web0000000000001", privateIp: "10.0.1.10", groups: [WEB], name: "web-1", publicIp: "47.96.1.10" }]);
    expect(net.uses).toContainEqual(expect.objectContaining({ groupId: WEB, kind: "launch-template" }));
    expect(evaluateFlow(net.model, { from: "198.51.100.1", to: "i-bp1web0000000000001", protocol: "tcp", port: 443 }).allowed).toBe(true);
  });

  test("a bare deployment object is accepted; another version is refused", () => {
    const doc = JSON.parse(fixtureFiles("stack.json")[0].text);
    expect(readSource([jsonFile("d.json", doc.deployment)])[0].model.groups.length).toBeGreaterThan(0);
    const e = refusal(() => readSource([jsonFile("v2.json", { ...doc, version: 2 })]));
    expect(e.field).toBe("v2.json $.version");
  });

  test("a group with an empty vpcId reads as classic", () => {
    const doc = { version: 3, deployment: { manifest: {}, resources: [{ urn: "urn:pulumi:s::p::alicloud:ecs/securityGroup:SecurityGroup::c", type: "alicloud:ecs/securityGroup:SecurityGroup", id: "sg-c1", outputs: { id: "sg-c1", vpcId: "", innerAccessPolicy: "Accept" } }] } };
    expect(readSource([jsonFile("c.json", doc)])[0].model.groups[0].network).toBe("classic");
  });
});

describe("terraform readers", () => {
  test("terraform show -json: managed resources of every module, data sources skipped", () => {
    const net = readOneNetwork("show.json", fixtureFiles("show.json"));
    expect(net.format).toBe("terraform-state");
    const web = net.model.groups.find((g) => g.id === WEB);
    expect(web).toMatchObject({ name: "sg-web", type: "normal", innerAccessPolicy: "Accept" });
    expect(web?.rules).toEqual([{ type: "ingress", ipProtocol: "tcp", portRange: "22/22", nicType: "intranet", policy: "accept", priority: 1, cidrIp: "0.0.0.0/0" }]);
    expect(net.ruleOrigins.get(WEB)?.[0]).toMatchObject({ path: "$.values.root_module.child_modules[0].resources[0]", resource: "module.sg.alicloud_security_group_rule.ingress_with_cidr_blocks[0]", ruleId: "sgr-bp1web00000000002" });
    expect(net.model.instances).toEqual([{ id: "i-bp1web0000000000001", privateIp: "10.0.1.10", groups: [WEB], name: "web-1" }]);
  });

  test("terraform.tfstate v4: instances of count/for_each resources, with their addresses", () => {
    const net = readOneNetwork("terraform.tfstate", fixtureFiles("terraform.tfstate"));
    expect(net.format).toBe("terraform-tfstate");
    const db = net.model.groups.find((g) => g.id === DB);
    expect(db?.innerAccessPolicy).toBe("Drop");
    expect(db?.rules.map((r) => r.policy)).toEqual(["accept", "drop"]);
    expect(net.ruleOrigins.get(DB)?.map((o) => o.resource)).toEqual(['module.rules.alicloud_security_group_rule.mysql["web"]', 'module.rules.alicloud_security_group_rule.mysql["world"]']);
    expect(net.unresolved).toContainEqual(expect.objectContaining({ kind: "peer-group", subject: WEB }));
  });

  test("refuses an unknown format_version", () => {
    expect(refusal(() => readSource([jsonFile("s.json", { format_version: "2.0", values: { root_module: {} } })])).field).toBe("s.json $.format_version");
  });
});

describe("plan --json reader", () => {
  test("reads the plan's groups and rules, keeping resource names", () => {
    const net = readOneNetwork("plan", fixtureFiles("plan-three-tier.json"));
    expect(net.format).toBe("plan-json");
    const app = net.model.groups.find((g) => g.id === "sg-shop-app");
    expect(app).toMatchObject({ type: "normal", innerAccessPolicy: "Drop", vpcId: "vpc-shop-vpc" });
    expect(app?.rules[0]).toMatchObject({ type: "ingress", ipProtocol: "tcp", portRange: "8080/8080", sourceSecurityGroupId: "sg-shop-web" });
    expect(net.ruleOrigins.get("sg-shop-app")?.[0]).toMatchObject({ path: "$.groups[0].rules[0]", resource: "shop-app-in-accept-p1-tcp:8080-from-sg-web" });
  });

  test("refuses a saved diff report, and a directory that holds two networks", () => {
    expect(refusal(() => readSource([jsonFile("d.json", { version: 1, report: "diff" })])).field).toBe("d.json $.report");
    const e = refusal(() => readOneNetwork("both", [...fixtureFiles("stack.json"), ...fixtureFiles("show.json")]));
    expect(e.code).toBe("mixed-source");
  });
});
