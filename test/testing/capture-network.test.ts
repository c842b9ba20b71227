import * as alicloud from "@pulumi/alicloud";
import { captureStack, captureNetwork } from "../../lib/testing/capture-network";

describe("captureStack", () => {
  test("reads groups, rules and instances written with raw alicloud resources", async () => {
    const capture = await captureStack(() => {
      const web = new alicloud.ecs.SecurityGroup("web", { vpcId: "vpc-1", securityGroupName: "web", innerAccessPolicy: "Drop", tags: { role: "web" } });
      new alicloud.ecs.SecurityGroupRule("web-https", { securityGroupId: web.id, type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" });
      const db = new alicloud.ecs.SecurityGroup("db", { vpcId: "vpc-1" });
      new alicloud.ecs.SecurityGroupRule("db-from-web", { securityGroupId: db.id, type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", sourceSecurityGroupId: web.id, nicType: "intranet" });
      new alicloud.ecs.Instance("web-1", { securityGroups: [web.id], instanceType: "ecs.g7.large", imageId: "img", vswitchId: "vsw-1" });
      return { webId: web.id };
    });
    expect(capture.network.groups).toEqual([
      { id: "sg-db", vpcId: "vpc-1", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "3306/3306", sourceSecurityGroupId: "sg-web", nicType: "intranet" }] },
      { id: "sg-web", name: "web", vpcId: "vpc-1", innerAccessPolicy: "Drop", tags: { role: "web" }, rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: "0.0.0.0/0" }] },
    ]);
    expect(capture.network.instances).toEqual([{ id: "i-web-1", name: "web-1", privateIp: expect.stringMatching(/^10\./), groups: ["sg-web"] }]);
    expect(capture.origins.get("sg-db")).toEqual(["db-from-web"]);
    expect(capture.outputs).toEqual({ webId: "sg-web" });
  });

  test("rejects with the program's own error", async () => {
    await expect(
      captureStack(() => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
  });

  test("refuses data-source calls unless answered, naming the call", async () => {
    await expect(captureStack(async () => ({ zones: await alicloud.getZones({}) }))).rejects.toThrow(/data source alicloud:index\/getZones:getZones/);
  });

  test("answers data-source calls through onCall", async () => {
    const capture = await captureStack(async () => ({ zones: (await alicloud.getZones({})).ids }), { onCall: () => ({ ids: ["cn-hangzhou-a"] }) });
    expect(capture.outputs).toEqual({ zones: ["cn-hangzhou-a"] });
    expect(capture.calls).toEqual(["alicloud:index/getZones:getZones"]);
  });

  test("captureNetwork returns only the model", async () => {
    const network = await captureNetwork(() => {
      new alicloud.ecs.SecurityGroup("solo", {});
    });
    expect(network).toEqual({ groups: [{ id: "sg-solo", network: "classic", rules: [] }], instances: [], prefixLists: [] });
  });
});
