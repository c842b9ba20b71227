/** Bad arguments are refused clearly, by name, before anything is planned. */
import { ValidationError } from "../../lib/model/errors";
import { planComponent } from "../../lib/plans";
import { refusal } from "./refusal";


/** Stands for a Pulumi Output: a value known only at deploy time. */
const deployTime = { __pulumiOutput: true, apply: () => deployTime };

describe("unknown argument keys", () => {
  test.each<[Parameters<typeof planComponent>[0], unknown, string, string]>([
    ["ThreeTierSecurityGroups", { vpcId: "vpc-1", egres: "restricted" }, "args.egres", '"egress"'],
    ["ThreeTierSecurityGroups", { vpcId: "vpc-1", web: { port: [443] } }, "args.web.port", '"ports"'],
    ["ThreeTierSecurityGroups", { vpcId: "vpc-1", admin: { sources: ["203.0.113.7"], tier: ["web"] } }, "args.admin.tier", '"tiers"'],
    ["DatabaseSecurityGroup", { vpcId: "vpc-1", sources: ["10.0.2.0/24"], engin: "redis" }, "args.engin", '"engine"'],
    ["DatabaseSecurityGroup", { vpcId: "vpc-1", sources: [{ securityGroupId: "sg-a", owner: "123" }] }, "args.sources[0].owner", '"ownerId"'],
    ["InterconnectGroup", { method: "single-ip", port: [22], members: [] }, "args.port", '"ports"'],
    ["WorkbenchAccess", { securityGroupId: "sg-a", adminSource: ["203.0.113.7"] }, "args.adminSource", '"adminSources"'],
    ["OutboundWhitelist", { securityGroupId: "sg-a", destinations: [{ cidr: "47.96.0.10", port: [443] }] }, "args.destinations[0].port", '"ports"'],
    ["ThreeTierSecurityGroups", { vpcId: "vpc-1", allowUnsafe: { reasons: "x" } }, "args.allowUnsafe.reasons", '"reason"'],
  ])("%s refuses %j with a did-you-mean", (component, args, field, near) => {
    const r = refusal(() => planComponent(component, "shop", args as never));
    expect([r?.code, r?.field]).toEqual(["invalid-argument", field]);
    expect(r?.message).toContain(`Did you mean ${near}?`);
  });
});

describe("addresses", () => {
  test("a CIDR with host bits is refused with both likely meanings", () => {
    const r = refusal(() => planComponent("DatabaseSecurityGroup", "orders", { vpcId: "vpc-1", sources: ["10.0.2.17/24"] }));
    expect([r?.code, r?.field]).toEqual(["invalid-cidr", "args.sources[0]"]);
    expect(r?.message).toContain('"10.0.2.0/24"');
    expect(r?.message).toContain('"10.0.2.17/32"');
  });

  test.each<[string, string]>([
    ["sg-0abc", "{ securityGroupId: \"sg-0abc\" }"],
    ["1609982529920000/sg-0abc", "{ securityGroupId: \"sg-0abc\", ownerId: \"1609982529920000\" }"],
    ["pl-0abc", "{ prefixListId: \"pl-0abc\" }"],
  ])("%s as an address points to the object form", (value, form) => {
    const r = refusal(() => planComponent("ThreeTierSecurityGroups", "shop", { vpcId: "vpc-1", app: { sources: [value] } }));
    expect(r?.field).toBe("args.app.sources[0]");
    expect(r?.message).toContain(form);
  });

  test("a deploy-time value without a name is refused with the named form as the fix", () => {
    const r = refusal(() => planComponent("WorkbenchAccess", "ops", { securityGroupId: "sg-a", adminSources: [deployTime as never] }));
    expect(r?.field).toBe("args.adminSources[0]");
    expect(r?.message).toContain('{ cidr: value, name: "web-a" }');
    expect(r?.message).not.toContain("toJSON");
  });

  test("a deploy-time value where a plain one is needed is quoted as such, never as Pulumi's toJSON warning", () => {
    const r = refusal(() => planComponent("ThreeTierSecurityGroups", "shop", { vpcId: "vpc-1", egress: deployTime as never }));
    expect(r?.message).toContain("<deploy-time value>");
    expect(r?.message).not.toContain("toJSON");
  });
});

describe("messages that say what is wrong", () => {
  test("an admin port on the web tier with its default clients blames the port, not the sources", () => {
    const r = refusal(() => planComponent("ThreeTierSecurityGroups", "shop", { vpcId: "vpc-1", web: { ports: [443, 22] } }));
    expect([r?.code, r?.field]).toEqual(["world-open", "args.web.ports[1]"]);
  });

  test("a source object without its peer is a missing peer, not a missing name", () => {
    const r = refusal(() => planComponent("DatabaseSecurityGroup", "orders", { vpcId: "vpc-1", sources: [{ name: "app" } as never] }));
    expect([r?.code, r?.field]).toEqual(["missing-source", "args.sources[0]"]);
    expect(r?.message).toContain("securityGroupId");
  });

  test("a numeric ownerId is asked for as a string, not called non-numeric", () => {
    const r = refusal(() => planComponent("DatabaseSecurityGroup", "orders", { vpcId: "vpc-1", sources: [{ securityGroupId: "sg-a", ownerId: 1609982529920000 as never }] }));
    expect(r?.code).toBe("invalid-owner");
    expect(r?.message).toContain("string of digits, not a number");
  });

  test("a missing group id is missing", () => {
    const r = refusal(() => planComponent("WorkbenchAccess", "ops", {} as never));
    expect([r?.code, r?.field]).toEqual(["invalid-security-group-id", "args.securityGroupId"]);
    expect(r?.message).toContain("is missing");
  });
});
