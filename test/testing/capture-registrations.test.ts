import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { CapturedResource, captureStack, registeredBeforeError } from "../../lib/testing/capture-network";

class Holder extends pulumi.ComponentResource {
  constructor(name: string, fail: boolean) {
    super("test:index:Holder", name, {}, {});
    new alicloud.ecs.SecurityGroup(`${name}-sg`, {}, { parent: this });
    new alicloud.ecs.SecurityGroupRule(`${name}-rule`, { securityGroupId: "sg-x", type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "10.0.0.1" }, { parent: this, deleteBeforeReplace: true });
    if (fail) throw new Error("late failure");
    this.registerOutputs({});
  }
}

describe("captureStack registrations", () => {
  test("records each resource's parent, kind and deleteBeforeReplace", async () => {
    const seen: string[] = [];
    const c = await captureStack(() => void new Holder("h", false), { onResource: (r) => seen.push(r.name) });
    const byName = new Map(c.resources.map((r) => [r.name, r]));
    expect(byName.get("h")).toMatchObject({ custom: false });
    expect(byName.get("h")!.parent).toBeUndefined();
    expect(byName.get("h-sg")).toMatchObject({ custom: true, parent: "urn:pulumi:dev::alicloud-secgroups::test:index:Holder::h" });
    expect(byName.get("h-sg")!.deleteBeforeReplace).toBeUndefined();
    expect(byName.get("h-rule")).toMatchObject({ deleteBeforeReplace: true });
    expect(seen.sort()).toEqual(["h", "h-rule", "h-sg"]);
  });

  test("attaches what a failing program registered to its error", async () => {
    const error = await captureStack(() => void new Holder("late", true)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((registeredBeforeError(error) ?? []).map((r: CapturedResource) => r.name).sort()).toEqual(["late", "late-rule", "late-sg"]);
  });

  test("reports an empty list when the program failed before registering anything", async () => {
    const error = await captureStack(() => {
      throw new Error("early");
    }).catch((e: unknown) => e);
    expect(registeredBeforeError(error)).toEqual([]);
    expect(registeredBeforeError(new Error("elsewhere"))).toBeUndefined();
  });
});
