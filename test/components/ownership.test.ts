/** One cloud rule, one resource, across the components of a program. */
import { OutboundWhitelist, ThreeTierSecurityGroups, WorkbenchAccess } from "../../lib/components";
import { ValidationError } from "../../lib/model/errors";
import { captureStack } from "../../lib/testing/capture-network";

async function error(program: () => void): Promise<ValidationError | undefined> {
  try {
    await captureStack(program);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    const cause = (e as { cause?: unknown }).cause;
    if (cause instanceof ValidationError) return cause;
    throw e;
  }
  return undefined;
}

describe("two components writing one cloud rule", () => {
  test("restricted egress and an OutboundWhitelist both writing the drop-all: the second is refused, with denyAll: false as the fix", async () => {
    const e = await error(() => {
      const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", egress: "restricted" });
      new OutboundWhitelist("app-out", { securityGroupId: tiers.app.id, destinations: [{ cidr: "47.96.0.10", ports: [443] }] });
    });
    expect(e?.code).toBe("duplicate-rule");
    expect(e?.message).toMatch(/^alicloud-secgroups: OutboundWhitelist "app-out": /);
    expect(e?.message).toContain('ThreeTierSecurityGroups "shop" already writes');
    expect(e?.message).toContain("denyAll: false");
  });

  test("with denyAll: false the whitelist writes only its accepts, and both plan", async () => {
    const c = await captureStack(() => {
      const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", egress: "restricted" });
      new OutboundWhitelist("app-out", { securityGroupId: tiers.app.id, denyAll: false, destinations: [{ cidr: "47.96.0.10", ports: [443] }] });
    });
    expect(c.resources.filter((r) => r.name.startsWith("app-out-")).map((r) => r.name)).toEqual(["app-out-out-accept-p1-tcp:443-to-47.96.0.10/32"]);
  });

  test("admin SSH from one address by the tiers and by a WorkbenchAccess into the same group: refused by the second", async () => {
    const e = await error(() => {
      new WorkbenchAccess("ops", { securityGroupId: "sg-legacy", via: "none", adminSources: ["203.0.113.7"] });
      new WorkbenchAccess("ops2", { securityGroupId: "sg-legacy", via: "none", adminSources: ["203.0.113.7"] });
    });
    expect(e?.code).toBe("duplicate-rule");
    expect(e?.message).toContain('WorkbenchAccess "ops" already writes (args.securityGroupId)');
  });

  test("different groups, or different rules, are no conflict", async () => {
    await expect(
      captureStack(() => {
        new WorkbenchAccess("a", { securityGroupId: "sg-one", via: "none", adminSources: ["203.0.113.7"] });
        new WorkbenchAccess("b", { securityGroupId: "sg-two", via: "none", adminSources: ["203.0.113.7"] });
        new WorkbenchAccess("c", { securityGroupId: "sg-one", via: "none", adminSources: ["203.0.113.8"] });
      }),
    ).resolves.toBeDefined();
  });

  test("each program is its own deployment: the same program twice is no conflict", async () => {
    const program = () => {
      new WorkbenchAccess("ops", { securityGroupId: "sg-legacy", via: "none", adminSources: ["203.0.113.7"] });
    };
    await captureStack(program);
    await expect(captureStack(program)).resolves.toBeDefined();
  });
});
