import * as intents from "../../lib/analysis/intents";
import { guardPlan } from "../../lib/plans/guard";
import { planThreeTier } from "../../lib/plans/three-tier/plan";

describe("the guard proves a plan's promises once per shape", () => {
  const proofs = jest.spyOn(intents, "proveOnIndex");
  afterAll(() => proofs.mockRestore());
  const guarded = (name: string, vpcId: string, appPort: number) => {
    const before = proofs.mock.calls.length;
    guardPlan(planThreeTier(name, { vpcId, app: { ports: [appPort] } }));
    return proofs.mock.calls.length - before;
  };

  test("the same arguments under another name, or in another VPC, are not proved again; other ports are", () => {
    // Ports no other test plans, so the first plan is a shape never proved before.
    expect(guarded("shop1", "vpc-1", 18181)).toBe(1);
    expect(guarded("shop2", "vpc-1", 18181)).toBe(0);
    // A VPC decides by which groups share it, not by its id.
    expect(guarded("shop3", "vpc-2", 18181)).toBe(0);
    expect(guarded("shop4", "vpc-3", 18182)).toBe(1);
    expect(guarded("shop5", "vpc-4", 18182)).toBe(0);
  });
});
