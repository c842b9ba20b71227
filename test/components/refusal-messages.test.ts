/** Refusals name the component, the instance and the argument at fault, never a placeholder id. */
import * as pulumi from "@pulumi/pulumi";
import { ThreeTierSecurityGroups, WorkbenchAccess } from "../../lib/components";
import { ValidationError } from "../../lib/model/errors";
import { captureStack } from "../../lib/testing/capture-network";

async function refusal(program: () => void): Promise<ValidationError> {
  try {
    await captureStack(program);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("the program was not refused");
}

describe("refusal messages", () => {
  test("connections().allowFrom names the component, its instance and the group: ThreeTierSecurityGroups \"shop\": connections(\"app\").allowFrom.ports[0]", async () => {
    const e = await refusal(() => {
      const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1" });
      tiers.connections("app").allowFrom("10.0.9.0/24", 70000);
    });
    expect(e.field).toBe('connections("app").allowFrom.ports[0]');
    expect(e.message).toMatch(/^alicloud-secgroups: ThreeTierSecurityGroups "shop": connections\("app"\)\.allowFrom\.ports\[0\] /);
  });

  test("connections().allowTo names them too", async () => {
    const e = await refusal(() => {
      const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", egress: "restricted" });
      tiers.connections("app").allowTo("10.0.9.0/24", "tcp:0");
    });
    expect(e.message).toMatch(/^alicloud-secgroups: ThreeTierSecurityGroups "shop": connections\("app"\)\.allowTo\.ports\[0\] /);
  });

  test("a rule another component already writes, from the tiers' admin.sources: the advice names admin.sources, not the tier", async () => {
    const e = await refusal(() => {
      const tiers = new ThreeTierSecurityGroups("shop", { vpcId: "vpc-1", admin: { sources: ["203.0.113.7"], tiers: ["web"] } });
      new WorkbenchAccess("ops", { securityGroupId: tiers.web.id, via: "none", adminSources: ["203.0.113.7"] });
    });
    expect(e.code).toBe("duplicate-rule");
    expect(e.message).toContain('ThreeTierSecurityGroups "shop" already writes (args.admin.sources)');
    expect(e.message).toContain("remove it from args.admin.sources of ThreeTierSecurityGroups \"shop\"");
    expect(e.message).not.toContain("args.web");
  });

  test("WorkbenchAccess over every port blames the ports entry and shows no placeholder group id", async () => {
    const e = await refusal(() => {
      const group = pulumi.output("sg-from-elsewhere");
      new WorkbenchAccess("ops", { securityGroupId: group, ports: ["tcp:1-65535"] });
    });
    expect(e.code).toBe("unsafe-plan");
    expect(e.field).toBe("args.ports[0]");
    expect(e.message).toMatch(/^alicloud-secgroups: WorkbenchAccess "ops": args\.ports\[0\] /);
    expect(e.message).not.toContain("args.securityGroupId");
    expect(e.message).not.toContain("sg-target");
  });
});
