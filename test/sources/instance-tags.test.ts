/**
 * Tags reach the model for intents' tag selectors: groups' and instances' tags from the ECS API
 * (`Tags.Tag`), a stack export, Terraform (`tags`) and `pulumi preview --json`; and an instance's
 * IPv6 addresses, where it is reached over IPv6.
 */
import { checkNetwork } from "../../lib/checks";
import { readSource } from "../../lib/sources";
import { SourceNetwork } from "../../lib/sources/source-network";
import { attribute, jsonFile, permission } from "./helpers";

/** The instances of a network with their tags, and whether "nothing from the internet reaches tier=db on 22" holds (it does not: the db group admits SSH from anywhere). */
function readings(net: SourceNetwork) {
  const tags = Object.fromEntries((net.model.instances ?? []).map((i) => [i.id, i.tags ? { ...i.tags } : undefined]));
  const groups = Object.fromEntries(net.model.groups.map((g) => [g.id, g.tags ? { ...g.tags } : undefined]));
  const broken = checkNetwork(net.model, { intents: [{ id: "db-ssh", from: "internet", to: { tags: { tier: "db" } }, ports: [22], expect: "deny" }] }).find((f) => f.check === "broken-intent");
  return { tags, groups, witness: broken?.message.match(/tcp:22 from \S+ to (\S+) is allowed/)?.[1] };
}

const SSH_ANYWHERE = { type: "ingress", ipProtocol: "tcp", portRange: "22/22", cidrIp: "0.0.0.0/0" };

describe("instance tags reach the model", () => {
  test("ECS API: DescribeInstances and DescribeNetworkInterfaces Tags.Tag", () => {
    const instances = {
      RequestId: "R",
      RegionId: "cn-hangzhou",
      NextToken: "",
      Instances: { Instance: [{ InstanceId: "i-db", SecurityGroupIds: { SecurityGroupId: ["sg-db"] }, VpcAttributes: { PrivateIpAddress: { IpAddress: ["10.0.3.10"] } }, Tags: { Tag: [{ TagKey: "tier", TagValue: "db" }] } }] },
    };
    const enis = {
      RequestId: "R",
      NextToken: "",
      NetworkInterfaceSets: { NetworkInterfaceSet: [{ NetworkInterfaceId: "eni-1", Type: "Secondary", Status: "InUse", InstanceId: "i-db", PrivateIpAddress: "10.0.3.11", SecurityGroupIds: { SecurityGroupId: ["sg-db"] }, Tags: { Tag: [{ TagKey: "tier", TagValue: "replica" }] } }] },
    };
    const group = attribute("sg-db", [permission({ Direction: "ingress", IpProtocol: "TCP", PortRange: "22/22", SourceCidrIp: "0.0.0.0/0" })]);
    const [net] = readSource([jsonFile("instances.json", instances), jsonFile("enis.json", enis), jsonFile("sg-db.json", group)]);
    const r = readings(net);
    expect(r.tags).toEqual({ "i-db": { tier: "db" }, "eni-1": { tier: "replica" } });
    expect(r.witness).toBe("i-db");
  });

  test("pulumi stack export: instances' tags and IPv6 addresses, groups' tags", () => {
    const resource = (type: string, name: string, outputs: Record<string, unknown>) => ({ urn: `urn:pulumi:prod::shop::${type}::${name}`, custom: true, id: outputs.id, type, outputs });
    const doc = {
      version: 3,
      deployment: {
        manifest: { time: "2025-06-01T10:00:00Z", magic: "m", version: "v3.170.0" },
        resources: [
          resource("alicloud:ecs/securityGroup:SecurityGroup", "db", { id: "sg-db", vpcId: "vpc-1", tags: { role: "db" } }),
          resource("alicloud:ecs/securityGroupRule:SecurityGroupRule", "db-ssh", { id: "r1", securityGroupId: "sg-db", ...SSH_ANYWHERE }),
          resource("alicloud:ecs/instance:Instance", "db-1", { id: "i-db", securityGroups: ["sg-db"], privateIp: "10.0.3.10", ipv6Addresses: ["2408:4005::10", "not-an-address"], tags: { tier: "db", count: 3 } }),
        ],
      },
    };
    const [net] = readSource([jsonFile("stack.json", doc)]);
    const r = readings(net);
    expect(r.tags).toEqual({ "i-db": { tier: "db" } });
    expect(r.groups).toEqual({ "sg-db": { role: "db" } });
    expect(net.model.instances?.[0].ipv6Addresses).toEqual(["2408:4005::10"]);
    expect(r.witness).toBe("i-db");
  });

  test("terraform show -json: tags", () => {
    const doc = {
      format_version: "1.0",
      terraform_version: "1.9.0",
      values: {
        root_module: {
          resources: [
            { address: "alicloud_security_group.db", mode: "managed", type: "alicloud_security_group", name: "db", values: { id: "sg-db", vpc_id: "vpc-1", tags: { role: "db" } } },
            { address: "alicloud_security_group_rule.ssh", mode: "managed", type: "alicloud_security_group_rule", name: "ssh", values: { id: "r1", security_group_id: "sg-db", type: "ingress", ip_protocol: "tcp", port_range: "22/22", cidr_ip: "0.0.0.0/0" } },
            { address: "alicloud_instance.db", mode: "managed", type: "alicloud_instance", name: "db", values: { id: "i-db", security_groups: ["sg-db"], private_ip: "10.0.3.10", tags: { tier: "db" } } },
          ],
        },
      },
    };
    const [net] = readSource([jsonFile("show.json", doc)]);
    const r = readings(net);
    expect(r.tags).toEqual({ "i-db": { tier: "db" } });
    expect(r.groups).toEqual({ "sg-db": { role: "db" } });
    expect(r.witness).toBe("i-db");
  });

  test("pulumi preview --json: tags of the resources the preview would create", () => {
    const step = (type: string, name: string, inputs: Record<string, unknown>) => ({ op: "create", urn: `urn:pulumi:dev::shop::${type}::${name}`, newState: { urn: `urn:pulumi:dev::shop::${type}::${name}`, custom: true, type, inputs } });
    const doc = {
      config: {},
      steps: [
        step("alicloud:ecs/securityGroupRule:SecurityGroupRule", "db-ssh", { securityGroupId: "sg-db", ...SSH_ANYWHERE }),
        step("alicloud:ecs/instance:Instance", "db-1", { securityGroups: ["sg-db"], privateIp: "10.0.3.10", tags: { tier: "db" } }),
      ],
      changeSummary: { create: 2 },
    };
    const [net] = readSource([jsonFile("preview.json", doc)]);
    const r = readings(net);
    expect(Object.values(r.tags)).toEqual([{ tier: "db" }]);
    expect(r.witness).toBeDefined();
  });
});
