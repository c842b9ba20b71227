/**
 * What the mocks cannot serve is planned as opaque: a dynamic provider's resource and a component
 * a provider plugin implements (remote). The capture names each with why, gives each declared
 * output a placeholder, and lists what is built from one as depending on it.
 */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { captureStack } from "../../lib/offline/capture";

describe("opaque resources on mocks", () => {
  test("a remote component's declared outputs are placeholders; a group and rule built from them depend on it", async () => {
    const capture = await captureStack(() => {
      const network = new pulumi.ComponentResource("acme:network:Vpc", "net", { vpcId: undefined, appCidr: undefined, name: "core" }, {}, true) as pulumi.ComponentResource & Record<string, pulumi.Output<string>>;
      const sg = new alicloud.ecs.SecurityGroup("app", { vpcId: network.vpcId });
      new alicloud.ecs.SecurityGroupRule("app-from-net", { securityGroupId: sg.id, type: "ingress", ipProtocol: "tcp", portRange: "443/443", cidrIp: network.appCidr });
    });
    expect(capture.opaque).toEqual([{ type: "acme:network:Vpc", name: "net", why: expect.stringContaining("remote"), outputs: { appCidr: expect.stringMatching(/^10\.\d+\.0\.0\/16$/), vpcId: "vpc-net" }, location: expect.objectContaining({ uri: "test/offline/opaque-resources.test.ts" }) }]);
    expect(capture.dependsOnOpaque).toEqual({ app: ["net"], "app-from-net": ["net"] });
    expect(capture.network.groups[0].rules[0].cidrIp).toBe(capture.opaque[0].outputs.appCidr);
    expect(capture.assumedResources).toEqual(["app", "app-from-net"]);
  });

  test("a dynamic resource plans without its provider being serialized or run", async () => {
    let ran = false;
    const provider: pulumi.dynamic.ResourceProvider = {
      async create() {
        ran = true;
        return { id: "x", outs: {} };
      },
    };
    class Thing extends pulumi.dynamic.Resource {}
    const capture = await captureStack(() => {
      new Thing(provider, "thing", { address: undefined }, {});
    });
    expect(ran).toBe(false);
    expect(capture.opaque.map((o) => [o.type, o.name, Object.keys(o.outputs)])).toEqual([["pulumi-nodejs:dynamic:Resource", "thing", ["address"]]]);
    expect(capture.resources.find((r) => r.name === "thing")?.inputs.__provider).toMatch(/^<dynamic provider: its code runs only at deployment/);
  });
});
