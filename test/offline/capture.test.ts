import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { ValidationError } from "../../lib/model/errors";
import { CaptureError, captureStack } from "../../lib/offline/capture";

describe("captureStack, one at a time", () => {
  test("refuses a second concurrent call with a ValidationError, and runs again once the first is done", async () => {
    const first = captureStack(async () => {
      new alicloud.ecs.SecurityGroup("a", { vpcId: "vpc-1" });
      await new Promise((r) => setTimeout(r, 20));
    });
    const second = captureStack(() => void new alicloud.ecs.SecurityGroup("b", { vpcId: "vpc-1" }));
    await expect(second).rejects.toBeInstanceOf(ValidationError);
    await expect(second).rejects.toMatchObject({ code: "concurrent-call", field: "captureStack" });
    await expect(first).resolves.toMatchObject({ network: { groups: [{ id: "sg-a" }] } });
    await expect(captureStack(() => void new alicloud.ecs.SecurityGroup("c", {}))).resolves.toMatchObject({ network: { groups: [{ id: "sg-c" }] } });
  });
});

describe("captureStack never hangs", () => {
  test("exports that form a cycle are resolved with [Circular]", async () => {
    const capture = await captureStack(() => {
      const web = new alicloud.ecs.SecurityGroup("web", { vpcId: "vpc-1" });
      const node: Record<string, unknown> = { id: web.id, list: [1] };
      node.self = node;
      (node.list as unknown[]).push(node);
      return { node };
    });
    expect(capture.outputs).toEqual({ node: { id: "sg-web", list: [1, "[Circular]"], self: "[Circular]" } });
  });

  test("an export that never resolves (or is unknown in a preview) reads <unknown>", async () => {
    const capture = await captureStack(() => ({ later: pulumi.output(new Promise<string>(() => undefined)) }), { timeoutMs: 300 });
    expect(capture.outputs).toEqual({ later: "<unknown>" });
    const preview = await captureStack(() => ({ id: new alicloud.ecs.SecurityGroup("p", {}).id, unknown: pulumi.unknown }), { preview: true, timeoutMs: 300 });
    expect(preview.outputs.unknown).toBe("<unknown>");
  });

  test("a resource waiting forever ends the capture after timeoutMs, listing it", async () => {
    const error = await captureStack(() => void new alicloud.ecs.SecurityGroup("stuck", { vpcId: pulumi.output(new Promise<string>(() => undefined)) }), { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaptureError);
    expect(error).toMatchObject({ code: "timeout", pending: [{ type: "alicloud:ecs/securityGroup:SecurityGroup", name: "stuck" }] });
    expect((error as Error).message).toContain("within 0.2 s; still pending: stuck (alicloud:ecs/securityGroup:SecurityGroup");
  });
  // An error thrown from a timer is covered by test/cli/bin.test.ts: jest intercepts uncaught exceptions itself.
});

describe("captureStack offline answers", () => {
  test("with placeholders, common lookups answer documented values and the rest an empty result", async () => {
    const capture = await captureStack(
      async () => {
        const zones = await alicloud.getZones({});
        const groups = await alicloud.ecs.getSecurityGroups({ vpcId: "vpc-9" });
        const keys = await alicloud.kms.getKeys({});
        return { zone: zones.zones[0].id, group: groups.groups[0].vpcId, ids: groups.ids, keys: keys.keys };
      },
      { placeholders: true },
    );
    expect(capture.outputs).toEqual({ zone: "cn-hangzhou-i", group: "vpc-9", ids: ["sg-placeholder"], keys: [] });
    expect(capture.assumed.map((a) => [a.subject, a.from])).toEqual([
      ["alicloud:ecs/getSecurityGroups:getSecurityGroups", "placeholder"],
      ["alicloud:index/getZones:getZones", "placeholder"],
      ["alicloud:kms/getKeys:getKeys", "empty"],
    ]);
  });

  test("@pulumi/std functions are evaluated for real, @pulumi/random resources get plausible values", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const std = require("@pulumi/std") as typeof import("@pulumi/std");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const random = require("@pulumi/random") as typeof import("@pulumi/random");
    const capture = await captureStack(async () => {
      const n = new random.RandomInteger("n", { min: 10000, max: 99999 });
      return {
        name: std.formatOutput({ input: "%s-%03d", args: ["web", 7] }).result,
        subnet: (await std.cidrsubnet({ input: "172.16.0.0/12", newbits: 8, netnum: 3 })).result,
        host: std.cidrhostOutput({ input: "10.0.1.0/24", host: 5 }).result,
        joined: std.joinOutput({ separator: ",", input: ["a", "b"] }).result,
        split: std.splitOutput({ separator: "/", text: "10.0.0.0/8" }).result,
        json: std.jsonencodeOutput({ input: { a: [1] } }).result,
        n: n.result,
      };
    });
    expect(capture.outputs).toMatchObject({ name: "web-007", subnet: "172.16.48.0/20", host: "10.0.1.5", joined: "a,b", split: ["10.0.0.0", "8"], json: '{"a":[1]}' });
    expect(capture.outputs.n).toBeGreaterThanOrEqual(10000);
    expect(capture.outputs.n).toBeLessThanOrEqual(99999);
    expect(capture.assumed).toEqual([expect.objectContaining({ kind: "random", resource: "n", subject: "random:index/randomInteger:RandomInteger" })]);
  });

  test("without placeholders a data source is refused, naming it and what waits on it", async () => {
    const error = await captureStack(() => {
      const vpcs = alicloud.vpc.getNetworksOutput({});
      new alicloud.ecs.SecurityGroup("web", { vpcId: vpcs.ids[0] });
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "data-source-failed" });
    expect((error as Error).message).toContain("the program called data source alicloud:vpc/getNetworks:getNetworks, which a plan on mocks cannot answer");
    expect((error as Error).message).toContain("Left waiting on it: web (alicloud:ecs/securityGroup:SecurityGroup");
  });
});

describe("captureStack reads what exists", () => {
  test("a group read by id keeps its id and stays outside the program; answers reach any output, a StackReference's too", async () => {
    const capture = await captureStack(
      () => {
        const network = new pulumi.StackReference("acme/network/prod");
        const shared = alicloud.ecs.SecurityGroup.get("shared", "sg-shared123");
        const web = new alicloud.ecs.SecurityGroup("web", { vpcId: network.getOutput("vpcId") as pulumi.Output<string> });
        new alicloud.ecs.SecurityGroupRule("from-shared", { securityGroupId: web.id, type: "ingress", ipProtocol: "tcp", portRange: "443/443", sourceSecurityGroupId: shared.id });
      },
      { placeholders: true, answers: { outputs: { "pulumi:pulumi:StackReference.outputs": { vpcId: "vpc-net" } } } },
    );
    expect(capture.network.groups).toEqual([{ id: "sg-web", vpcId: "vpc-net", rules: [{ type: "ingress", ipProtocol: "tcp", portRange: "443/443", sourceSecurityGroupId: "sg-shared123" }] }]);
    expect(capture.resources.find((r) => r.name === "shared")).toMatchObject({ id: "sg-shared123", read: true });
    expect(capture.assumed).toEqual([{ kind: "output", subject: "pulumi:pulumi:StackReference.outputs", resource: "acme/network/prod", from: "answers", value: { vpcId: "vpc-net" } }]);
  });
});
