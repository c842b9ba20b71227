import { checkNetwork } from "../../lib/checks/check-network";
import { InstanceModel } from "../../lib/model/network";

const groups = (n: number) => Array.from({ length: n }, (_, i) => `sg-${i + 1}`);
const run = (instances: InstanceModel[], max?: number) => checkNetwork({ groups: [], instances }, { checks: ["group-quota"], maxGroupsPerInstance: max });

describe("group-quota", () => {
  test("accepts an instance in 5 groups", () => {
    expect(run([{ id: "i-1", privateIp: "10.0.0.5", groups: groups(5) }])).toEqual([]);
  });

  test("flags an instance in 6 groups, naming the first group it could not join", () => {
    expect(run([{ id: "i-1", privateIp: "10.0.0.5", groups: groups(6) }])).toEqual([
      {
        check: "group-quota",
        severity: "high",
        groupId: "sg-6",
        instanceId: "i-1",
        message: 'Instance "i-1" joins 6 security groups (sg-1, sg-2, sg-3, sg-4, sg-5, sg-6), more than the 5 one network interface may join.',
        fix: expect.stringContaining("Merge roles"),
      },
    ]);
  });

  test("counts a group listed twice once", () => {
    expect(run([{ id: "i-1", privateIp: "10.0.0.5", groups: [...groups(5), "sg-1"] }])).toEqual([]);
  });

  test("takes the quota from the options (current accounts may allow 10)", () => {
    expect(run([{ id: "i-1", privateIp: "10.0.0.5", groups: groups(6) }], 10)).toEqual([]);
  });

  test("reports each instance over the quota", () => {
    expect(run([{ id: "i-1", privateIp: "10.0.0.5", groups: groups(6) }, { id: "i-2", privateIp: "10.0.0.6", groups: groups(2) }, { id: "i-3", privateIp: "10.0.0.7", groups: groups(7) }]).map((f) => f.instanceId)).toEqual(["i-1", "i-3"]);
  });
});
