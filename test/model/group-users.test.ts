import * as path from "path";
import { GROUP_USERS } from "../../lib/model/group-users";
import { groupUsers } from "../../scripts/group-users";

describe("GROUP_USERS", () => {
  test("is what scripts/group-users.ts derives from the installed @pulumi/alicloud (regenerate it after an upgrade)", () => {
    const derived = groupUsers(path.dirname(require.resolve("@pulumi/alicloud/package.json")));
    expect(GROUP_USERS).toEqual(derived);
  });

  test("holds the types that take a group: about fifty, instances, launch templates, node pools, container groups, load balancers, databases", () => {
    expect(Object.keys(GROUP_USERS).length).toBeGreaterThanOrEqual(40);
    for (const t of ["alicloud:ecs/instance:Instance", "alicloud:ecs/ecsLaunchTemplate:EcsLaunchTemplate", "alicloud:cs/nodePool:NodePool", "alicloud:eci/containerGroup:ContainerGroup", "alicloud:ess/scalingConfiguration:ScalingConfiguration"]) {
      expect(GROUP_USERS).toHaveProperty([t]);
    }
    expect(GROUP_USERS).not.toHaveProperty(["alicloud:ecs/securityGroupRule:SecurityGroupRule"]);
  });
});
