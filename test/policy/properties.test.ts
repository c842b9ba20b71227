import fc from "fast-check";
import { checkNetwork } from "../../lib/checks";
import { readStack } from "../../lib/sources/stack-resources";
import { ECS_PREFIX_LIST_TYPE, INSTANCE_TYPE, NETWORK_INTERFACE_TYPE, ResourceSnapshot, SECURITY_GROUP_RULE_TYPE, SECURITY_GROUP_TYPE, VPC_PREFIX_LIST_TYPE } from "../../lib/model/resource-props";
import { UNKNOWN_ARRAY, UNKNOWN_STRING, engineProps } from "./fake-args";

const TYPES = [SECURITY_GROUP_TYPE, SECURITY_GROUP_RULE_TYPE, INSTANCE_TYPE, NETWORK_INTERFACE_TYPE, VPC_PREFIX_LIST_TYPE, ECS_PREFIX_LIST_TYPE];
const KEYS = ["id", "vpcId", "securityGroupId", "type", "ipProtocol", "portRange", "cidrIp", "ipv6CidrIp", "sourceSecurityGroupId", "prefixListId", "policy", "priority", "nicType", "securityGroups", "securityGroupIds", "privateIp", "entrys", "entries", "maxEntries"];
const value = fc.oneof(
  fc.constantFrom(UNKNOWN_STRING, UNKNOWN_ARRAY, "sg-1", "sg-2", "pl-1", "ingress", "tcp", "all", "22/22", "0.0.0.0/0", "::/0", "accept", "drop", "intranet", 1, 100, ["sg-1", UNKNOWN_STRING], [{ cidr: "0.0.0.0/0" }]),
  fc.anything({ maxDepth: 2 }),
);
const arbResource: fc.Arbitrary<ResourceSnapshot> = fc.record({
  type: fc.constantFrom(...TYPES, "aws:s3/bucket:Bucket"),
  name: fc.constantFrom("a", "b", "c", "web app", ""),
  proxied: fc.boolean(),
  props: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 8 }),
  deps: fc.dictionary(fc.constantFrom("securityGroupId", "sourceSecurityGroupId", "securityGroups", "prefixListId"), fc.array(fc.constantFrom("a", "b", "c").map((n) => ({ urn: `urn:pulumi:dev::app::${SECURITY_GROUP_TYPE}::${n}` })), { maxLength: 2 }), { maxKeys: 2 }),
}).map(({ type, name, proxied, props, deps }) => ({ type, name, urn: `urn:pulumi:dev::app::${type}::${name}`, props: proxied ? engineProps(props) : props, propertyDependencies: deps }));

describe("reading a stack", () => {
  test("never throws, and the checks never throw on what it reads", () => {
    fc.assert(
      fc.property(fc.array(arbResource, { maxLength: 8 }), (resources) => {
        const stack = readStack(resources);
        checkNetwork(stack.network);
      }),
      { seed: 42, numRuns: 1000 },
    );
  });
});
