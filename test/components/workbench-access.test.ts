import * as pulumi from "@pulumi/pulumi";
import { WorkbenchAccess, WorkbenchAccessArgs } from "../../lib/components";
import { captureStack } from "../../lib/testing/capture-network";
import { refused, ruleNames, ruleResources, ruleRows } from "./rule-table";

const capture = (args: WorkbenchAccessArgs) => captureStack(() => void new WorkbenchAccess("ops", args));

describe("WorkbenchAccess", () => {
  test("admits SSH from Workbench's private range by default, into the given group", async () => {
    const c = await capture({ securityGroupId: "sg-web" });
    expect(ruleResources(c).map((r) => ({ name: r.name, inputs: r.inputs, parent: r.parent, deleteBeforeReplace: r.deleteBeforeReplace }))).toEqual([
      {
        name: "ops-in-accept-p1-tcp:22-from-100.104.0.0/16",
        inputs: { securityGroupId: "sg-web", type: "ingress", ipProtocol: "tcp", portRange: "22/22", policy: "accept", priority: 1, cidrIp: "100.104.0.0/16", description: "ops admin: Workbench through the private IP (100.104.0.0/16) reaches SSH (tcp:22)" },
        parent: "urn:pulumi:dev::alicloud-secgroups::alicloud-secgroups:index:WorkbenchAccess::ops",
        deleteBeforeReplace: true,
      },
    ]);
  });

  test.each<[string, Partial<WorkbenchAccessArgs>, string[]]>([
    ["Linux through both ranges and one admin", { os: "linux", via: "both", adminSources: ["192.168.0.10"] }, [
      "sg-web | ingress | accept | 1 | tcp | 22/22 | 100.104.0.0/16",
      "sg-web | ingress | accept | 1 | tcp | 22/22 | 161.117.0.0/16",
      "sg-web | ingress | accept | 1 | tcp | 22/22 | 192.168.0.10/32",
    ]],
    ["Windows through the public IP", { os: "windows", via: "public" }, ["sg-web | ingress | accept | 1 | tcp | 3389/3389 | 161.117.0.0/16"]],
    ["a custom SSH port for admins only", { ports: [2222], via: "none", adminSources: ["203.0.113.7"] }, ["sg-web | ingress | accept | 1 | tcp | 2222/2222 | 203.0.113.7/32"]],
    ["configured Workbench ranges", { via: "both", workbenchCidrs: { public: "161.117.128.0/17" } }, [
      "sg-web | ingress | accept | 1 | tcp | 22/22 | 100.104.0.0/16",
      "sg-web | ingress | accept | 1 | tcp | 22/22 | 161.117.128.0/17",
    ]],
    ["an admin block within the stated limit", { adminSources: ["203.0.113.0/29"], maxAdminPrefix: 29 }, [
      "sg-web | ingress | accept | 1 | tcp | 22/22 | 100.104.0.0/16",
      "sg-web | ingress | accept | 1 | tcp | 22/22 | 203.0.113.0/29",
    ]],
  ])("seed 004 case 2: %s", async (_, extra, rows) => {
    expect(ruleRows(await capture({ securityGroupId: "sg-web", ...extra }))).toEqual(rows);
  });

  test("writes into a group known only at deploy time, with names that do not depend on it", async () => {
    const c = await capture({ securityGroupId: pulumi.output("sg-later") });
    expect(ruleResources(c).map((r) => [r.name, r.inputs.securityGroupId])).toEqual([["ops-in-accept-p1-tcp:22-from-100.104.0.0/16", "sg-later"]]);
  });

  test("keeps names when admins are reordered and emits duplicates once", async () => {
    const a = await capture({ securityGroupId: "sg-web", adminSources: ["203.0.113.7", "203.0.113.8"] });
    const b = await capture({ securityGroupId: "sg-web", adminSources: ["203.0.113.8", "203.0.113.7/32", "203.0.113.7"] });
    expect(ruleNames(b)).toEqual(ruleNames(a));
  });

  test.each<[string, Record<string, unknown>, string, string]>([
    ["an admin source of 0.0.0.0/0", { adminSources: ["0.0.0.0/0"] }, "world-open", "args.adminSources[0]"],
    ["an admin block wider than /32", { adminSources: ["203.0.113.0/24"] }, "source-too-broad", "args.adminSources[0]"],
    ["a Workbench range of 0.0.0.0/0", { workbenchCidrs: { private: "0.0.0.0/0" } }, "world-open", "args.workbenchCidrs.private"],
    ["access for nobody", { via: "none" }, "invalid-argument", "args.via"],
    ["an unknown operating system", { os: "bsd" }, "invalid-argument", "args.os"],
    ["a security group id that is not one", { securityGroupId: "web" }, "invalid-security-group-id", "args.securityGroupId"],
  ])("refuses %s, registering nothing", async (_, extra, code, field) => {
    const { error, registered } = await refused(() => new WorkbenchAccess("ops", { securityGroupId: "sg-web", ...extra } as WorkbenchAccessArgs));
    expect([error.code, error.field]).toEqual([code, field]);
    expect(registered).toEqual([]);
  });
});
